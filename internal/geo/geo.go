// Package geo draws the programme on a map of Sweden: the counties' borders,
// a few towns for orientation and one mark per organisation taking part, at
// its centroid, ready for a template to write as SVG. It needs no map tiles:
// the borders are embedded (counties.geojson: okfse/sweden-geojson's
// outlines, which are free to reuse, simplified by cmd/geodata).
package geo

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"sync"

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

// County is a county's border as an SVG path in the map's user units;
// Shaded says its region takes part.
type County struct {
	Code, Name string
	D          string
	Shaded     bool
}

// Town is a town named on the map for orientation, at (X, Y).
type Town struct {
	Name string
	X, Y float64
}

// Mark is an organisation taking part, at its centroid.
type Mark struct {
	X, Y         float64
	Kind         MarkKind
	Organisation portal.Organisation
}

// Map is a drawn map: its size in SVG user units, the counties, the towns,
// the marks of those taking part (regions first, so that they lie beneath
// the municipalities they contain) and those with no centroid.
type Map struct {
	Width, Height float64
	Counties      []County
	Towns         []Town
	Marks         []Mark
	Unplaced      []Mark
}

// OutlineBudget is the most bytes of path data the county borders may take:
// every page with a map carries them inline (about 3 KB once compressed),
// which costs less than a second request for a cached file would on a
// phone's first visit, and lets the page shade a county with CSS.
const OutlineBudget = 8000

// Height of the drawing in user units; the width follows from Sweden's shape.
const (
	drawHeight = 640.0
	margin     = 8.0
)

// towns are named on every map so that a reader finds their way: the three
// cities and a town in each part of Norrland, spread over the country.
var towns = []struct {
	name     string
	lat, lon float64
}{
	{"Malmö", 55.605, 13.004},
	{"Göteborg", 57.709, 11.975},
	{"Stockholm", 59.329, 18.069},
	{"Östersund", 63.179, 14.636},
	{"Umeå", 63.826, 20.263},
	{"Kiruna", 67.856, 20.225},
}

//go:embed counties.geojson
var countiesGeoJSON []byte

// drawing is what every map shares: its frame and size, the counties'
// borders and the towns.
type drawing struct {
	frame         frame
	width, height float64
	counties      []County
	towns         []Town
}

// outline is made once from the embedded borders, on which alone it
// depends.
var outline = sync.OnceValue(func() drawing {
	d, err := drawOutline(countiesGeoJSON)
	if err != nil {
		panic("geo: embedded counties.geojson: " + err.Error()) // TestOutline reads the same file
	}
	return d
})

// frame maps projected kilometres to the drawing's user units.
type frame struct{ minX, maxY, scale float64 }

func (f frame) point(x, y float64) (float64, float64) {
	return margin + (x-f.minX)*f.scale, margin + (f.maxY-y)*f.scale
}

func (f frame) place(lat, lon float64) (float64, float64) {
	x, y := f.point(Project(lat, lon))
	return round1(x), round1(y)
}

// Build draws the map with the participations marked. An organisation with
// several participations gets one mark, of its strongest part; the county
// of a region that takes part is shaded.
func Build(parts []portal.Participation) Map {
	d := outline()
	m := Map{Width: d.width, Height: d.height, Towns: d.towns}
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

	m.Counties = make([]County, len(d.counties))
	for i, c := range d.counties {
		c.Shaded = regionCounties[c.Code]
		m.Counties[i] = c
	}
	for _, id := range order {
		mk := marks[id]
		if !mk.Organisation.HasCoords {
			m.Unplaced = append(m.Unplaced, mk)
			continue
		}
		mk.X, mk.Y = d.frame.place(mk.Organisation.Lat, mk.Organisation.Lon)
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

// drawOutline reads the counties' borders (GeoJSON MultiPolygons with the
// properties code and name), frames them in a drawing drawHeight high and
// writes each county as a path.
func drawOutline(geojson []byte) (drawing, error) {
	var src struct {
		Features []struct {
			Properties struct{ Code, Name string }
			Geometry   struct {
				Type        string
				Coordinates [][][][2]float64
			}
		}
	}
	if err := json.Unmarshal(geojson, &src); err != nil {
		return drawing{}, err
	}
	type county struct {
		code, name string
		rings      [][][2]float64 // projected, in km
	}
	var counties []county
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, f := range src.Features {
		if f.Geometry.Type != "MultiPolygon" || f.Properties.Code == "" {
			return drawing{}, fmt.Errorf("feature %q: want a MultiPolygon with a code", f.Properties.Name)
		}
		c := county{code: f.Properties.Code, name: f.Properties.Name}
		for _, poly := range f.Geometry.Coordinates {
			for _, ring := range poly {
				r := make([][2]float64, len(ring))
				for i, lonlat := range ring {
					x, y := Project(lonlat[1], lonlat[0])
					r[i] = [2]float64{x, y}
					minX, maxX = math.Min(minX, x), math.Max(maxX, x)
					minY, maxY = math.Min(minY, y), math.Max(maxY, y)
				}
				c.rings = append(c.rings, r)
			}
		}
		counties = append(counties, c)
	}
	if len(counties) == 0 {
		return drawing{}, fmt.Errorf("no counties")
	}
	scale := (drawHeight - 2*margin) / (maxY - minY)
	d := drawing{
		frame:  frame{minX: minX, maxY: maxY, scale: scale},
		width:  math.Ceil((maxX-minX)*scale + 2*margin),
		height: drawHeight,
	}
	sort.Slice(counties, func(i, j int) bool { return counties[i].code < counties[j].code })
	for _, c := range counties {
		var path []byte
		for _, r := range c.rings {
			path = append(path, ringPath(d.frame, r)...)
		}
		d.counties = append(d.counties, County{Code: c.code, Name: c.name, D: string(path)})
	}
	for _, t := range towns {
		x, y := d.frame.place(t.lat, t.lon)
		d.towns = append(d.towns, Town{Name: t.name, X: x, Y: y})
	}
	return d, nil
}

// ringPath writes a closed ring as compact SVG path data: whole user units
// (a unit is about 2.5 km, finer than the borders' source resolves), the
// first point absolute and the rest relative, leaving out points that round
// onto the one before and the closing point, which z draws.
func ringPath(f frame, ring [][2]float64) []byte {
	var b []byte
	var px, py, n int
	for i, p := range ring {
		fx, fy := f.point(p[0], p[1])
		x, y := int(math.Round(fx)), int(math.Round(fy))
		switch {
		case i == 0:
			b = fmt.Appendf(b, "M%d %d", x, y)
		case x == px && y == py, i == len(ring)-1 && p == ring[0]:
			continue
		default:
			if n == 0 {
				b = append(b, 'l')
			}
			b = appendDelta(b, x-px, n == 0)
			b = appendDelta(b, y-py, false)
			n++
		}
		px, py = x, y
	}
	return append(b, 'z')
}

// appendDelta appends d, with a space before it unless it comes first or
// its minus sign separates it.
func appendDelta(b []byte, d int, first bool) []byte {
	if d >= 0 && !first {
		b = append(b, ' ')
	}
	return strconv.AppendInt(b, int64(d), 10)
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
