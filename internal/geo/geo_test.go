package geo

import (
	"math"
	"testing"

	"modellportalen/internal/portal"
)

func TestProject(t *testing.T) {
	// On the central meridian east is zero and north is the meridian arc.
	if e, n := Project(60, 15); math.Abs(e) > 1e-9 || math.Abs(n-6669) > 1 {
		t.Errorf("Project(60, 15) = %.1f, %.1f; want 0, about 6669", e, n)
	}
	// Distances come out right: Stockholm to Göteborg is about 397 km.
	sx, sy := Project(59.3293, 18.0686)
	gx, gy := Project(57.7089, 11.9746)
	if d := math.Hypot(sx-gx, sy-gy); math.Abs(d-397) > 5 {
		t.Errorf("Stockholm–Göteborg %.0f km, want about 397", d)
	}
	// Kiruna is north of Malmö and east of the central meridian.
	kx, ky := Project(67.8558, 20.2253)
	mx, my := Project(55.605, 13.0038)
	if ky <= my || kx <= 0 || mx >= 0 {
		t.Errorf("Kiruna (%.0f, %.0f), Malmö (%.0f, %.0f): wrong sides", kx, ky, mx, my)
	}
}

func TestBuild(t *testing.T) {
	org := func(id int64, kind portal.OrganisationKind, name, county string, lat, lon float64) portal.Organisation {
		return portal.Organisation{ID: id, Kind: kind, Name: name, Slug: name, CountyCode: county, Lat: lat, Lon: lon, HasCoords: lat != 0}
	}
	malmo := org(1, portal.Municipality, "Malmö", "12", 55.6, 13.0)
	kiruna := org(2, portal.Municipality, "Kiruna", "25", 67.9, 20.2)
	lulea := org(3, portal.Municipality, "Luleå", "25", 65.6, 22.1)
	region := org(4, portal.Region, "Region Norrbotten", "25", 66.75, 21.15)
	assoc := org(5, portal.Association, "Förbundet", "25", 0, 0)
	base := []portal.Organisation{malmo, kiruna, lulea, region}
	parts := []portal.Participation{
		{Organisation: malmo, Role: portal.RoleParticipant},
		{Organisation: malmo, Role: portal.RoleMentor}, // a later round: the stronger part wins
		{Organisation: lulea, Role: portal.RoleParticipant, Withdrawn: true},
		{Organisation: region, Role: portal.RoleParticipant, Track: portal.TrackRegional},
		{Organisation: assoc, Role: portal.RoleParticipant},
	}
	m := Build(base, parts)
	if m.Height != drawHeight || m.Width <= 2*margin {
		t.Errorf("size %v×%v", m.Width, m.Height)
	}
	if len(m.Dots) != 3 {
		t.Fatalf("%d dots, want the 3 municipalities", len(m.Dots))
	}
	for _, d := range m.Dots {
		if d.X < margin-0.1 || d.X > m.Width-margin+0.1 || d.Y < margin-0.1 || d.Y > m.Height-margin+0.1 {
			t.Errorf("dot (%v, %v) outside the frame", d.X, d.Y)
		}
	}
	if !m.Dots[1].InRegion || m.Dots[0].InRegion {
		t.Errorf("shading: %+v", m.Dots)
	}
	var kinds []MarkKind
	for _, mk := range m.Marks {
		kinds = append(kinds, mk.Kind)
	}
	want := []MarkKind{MarkRegion, MarkWithdrawn, MarkMentor}
	if len(kinds) != len(want) || kinds[0] != want[0] || kinds[1] != want[1] || kinds[2] != want[2] {
		t.Errorf("marks %v, want %v drawn in that order", kinds, want)
	}
	if len(m.Unplaced) != 1 || m.Unplaced[0].Organisation.Name != "Förbundet" {
		t.Errorf("unplaced %+v", m.Unplaced)
	}
	if got := m.Of(MarkParticipant); len(got) != 1 || got[0].Organisation.Name != "Förbundet" {
		t.Errorf("Of(participant) = %+v, want the association", got)
	}
	// Malmö is south-west of Kiruna: down and to the left in the drawing.
	if !(m.Dots[0].Y > m.Dots[1].Y && m.Dots[0].X < m.Dots[1].X) {
		t.Errorf("Malmö %+v not south-west of Kiruna %+v", m.Dots[0], m.Dots[1])
	}
}
