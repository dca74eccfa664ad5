// Package geo draws the programme on a map of Sweden: it projects the
// municipal centroids and places one mark per organisation taking part, ready
// for a template to write as SVG. It needs no map tiles and no outline of the
// country; the 290 centroids alone draw Sweden's shape.
package geo

import (
	"math"
	"sort"

	"modellportalen/internal/portal"
)

// Transverse Mercator on a sphere, centred on 15° E like SWEREF 99 TM, the
// national grid: conformal, so Sweden keeps its shape, and accurate enough at
// the scale of a web page.
const (
	earthRadiusKM  = 6371.0
	scaleFactor    = 0.9996
	centralMeridan = 15.0
)

// Project returns the position of (lat, lon) in kilometres east of the
// central meridian and north of the equator.
func Project(lat, lon float64) (east, north float64) {
	phi := lat * math.Pi / 180
	lam := (lon - centralMeridan) * math.Pi / 180
	b := math.Cos(phi) * math.Sin(lam)
	east = 0.5 * earthRadiusKM * scaleFactor * math.Log((1+b)/(1-b))
	north = earthRadiusKM * scaleFactor * math.Atan2(math.Tan(phi), math.Cos(lam))
	return east, north
}

// MarkKind is how an organisation took part, which decides its mark's shape.
type MarkKind string

// The kinds of mark, from the weakest to the strongest: on the start page an
// organisation that has had several parts gets the strongest one's mark.
const (
	MarkWithdrawn   MarkKind = "withdrawn"
	MarkParticipant MarkKind = "participant"
	MarkMentor      MarkKind = "mentor"
	MarkRegion      MarkKind = "region"
)

var strength = map[MarkKind]int{MarkWithdrawn: 1, MarkParticipant: 2, MarkMentor: 3, MarkRegion: 4}

// Dot is a municipality drawn faintly; InRegion says its county's region
// takes part, so it is shaded.
type Dot struct {
	X, Y     float64
	InRegion bool
}

// Mark is an organisation taking part, at its centroid.
type Mark struct {
	X, Y         float64
	Kind         MarkKind
	Organisation portal.Organisation
}

// Map is a drawn map: its size in SVG user units, every municipality as a
// dot, the marks of those taking part (regions first, so that they lie
// beneath the municipalities they contain) and those with no centroid.
type Map struct {
	Width, Height float64
	Dots          []Dot
	Marks         []Mark
	Unplaced      []Mark
}

// Height of the drawing in user units; the width follows from Sweden's shape.
const (
	drawHeight = 640.0
	margin     = 14.0
)

// Build draws base (every organisation with a centroid; municipalities become
// dots) with the participations marked. An organisation with several
// participations gets one mark, of its strongest part.
func Build(base []portal.Organisation, parts []portal.Participation) Map {
	var m Map
	marks := map[int64]Mark{}
	var order []int64
	regionCounties := map[string]bool{}
	for _, p := range parts {
		k := kindOf(p)
		if k == MarkRegion {
			regionCounties[p.Organisation.CountyCode] = true
		}
		old, seen := marks[p.Organisation.ID]
		if !seen {
			order = append(order, p.Organisation.ID)
		}
		if !seen || strength[k] > strength[old.Kind] {
			marks[p.Organisation.ID] = Mark{Kind: k, Organisation: p.Organisation}
		}
	}

	// Frame the municipalities (and any other point) tightly.
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, o := range base {
		if !o.HasCoords {
			continue
		}
		x, y := Project(o.Lat, o.Lon)
		minX, maxX = math.Min(minX, x), math.Max(maxX, x)
		minY, maxY = math.Min(minY, y), math.Max(maxY, y)
	}
	if math.IsInf(minX, 1) {
		minX, minY, maxX, maxY = 0, 0, 1, 1
	}
	scale := (drawHeight - 2*margin) / (maxY - minY)
	m.Height = drawHeight
	m.Width = math.Round((maxX-minX)*scale + 2*margin)
	place := func(o portal.Organisation) (float64, float64) {
		x, y := Project(o.Lat, o.Lon)
		return round1(margin + (x-minX)*scale), round1(margin + (maxY-y)*scale)
	}

	for _, o := range base {
		if o.Kind != portal.Municipality || !o.HasCoords {
			continue
		}
		x, y := place(o)
		m.Dots = append(m.Dots, Dot{X: x, Y: y, InRegion: regionCounties[o.CountyCode]})
	}
	for _, id := range order {
		mk := marks[id]
		if !mk.Organisation.HasCoords {
			m.Unplaced = append(m.Unplaced, mk)
			continue
		}
		mk.X, mk.Y = place(mk.Organisation)
		m.Marks = append(m.Marks, mk)
	}
	// Regions beneath, then withdrawn, participants and mentors on top; by
	// name within a kind, so the drawing is the same every time.
	sort.SliceStable(m.Marks, func(i, j int) bool {
		a, b := m.Marks[i], m.Marks[j]
		if a.Kind != b.Kind {
			return drawOrder[a.Kind] < drawOrder[b.Kind]
		}
		return a.Organisation.Name < b.Organisation.Name
	})
	sort.SliceStable(m.Unplaced, func(i, j int) bool { return m.Unplaced[i].Organisation.Name < m.Unplaced[j].Organisation.Name })
	return m
}

var drawOrder = map[MarkKind]int{MarkRegion: 0, MarkWithdrawn: 1, MarkParticipant: 2, MarkMentor: 3}

func kindOf(p portal.Participation) MarkKind {
	switch {
	case p.Organisation.Kind == portal.Region:
		return MarkRegion
	case p.Role == portal.RoleMentor:
		return MarkMentor
	case p.Withdrawn:
		return MarkWithdrawn
	}
	return MarkParticipant
}

// Of returns the marks of one kind, placed or not, in name order.
func (m Map) Of(k MarkKind) []Mark {
	var out []Mark
	for _, mk := range append(append([]Mark{}, m.Marks...), m.Unplaced...) {
		if mk.Kind == k {
			out = append(out, mk)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Organisation.Name < out[j].Organisation.Name })
	return out
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
