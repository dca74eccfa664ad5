package geo

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
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
	parts := []portal.Participation{
		{Organisation: malmo, Role: portal.RoleParticipant},
		{Organisation: malmo, Role: portal.RoleMentor}, // a later round: the stronger part wins
		{Organisation: kiruna, Role: portal.RoleParticipant},
		{Organisation: lulea, Role: portal.RoleParticipant, Withdrawn: true},
		{Organisation: region, Role: portal.RoleParticipant, Track: portal.TrackRegional},
		{Organisation: assoc, Role: portal.RoleParticipant},
	}
	m := Build(parts)
	if m.Height != drawHeight || m.Width < 250 || m.Width > 400 {
		t.Errorf("size %v×%v, want Sweden's shape 640 high", m.Width, m.Height)
	}
	if len(m.Counties) != 21 {
		t.Fatalf("%d counties, want 21", len(m.Counties))
	}
	for _, c := range m.Counties {
		if c.Shaded != (c.Code == "25") {
			t.Errorf("county %s %s shaded %v; only Norrbotten's region takes part", c.Code, c.Name, c.Shaded)
		}
	}
	for _, mk := range m.Marks {
		if mk.X < margin || mk.X > m.Width-margin || mk.Y < margin || mk.Y > m.Height-margin {
			t.Errorf("%s at (%v, %v), outside the frame", mk.Organisation.Name, mk.X, mk.Y)
		}
	}
	var kinds []MarkKind
	at := map[string]Mark{}
	for _, mk := range m.Marks {
		kinds = append(kinds, mk.Kind)
		at[mk.Organisation.Name] = mk
	}
	want := []MarkKind{MarkRegion, MarkWithdrawn, MarkParticipant, MarkMentor}
	if !slices.Equal(kinds, want) {
		t.Errorf("marks %v, want %v drawn in that order", kinds, want)
	}
	if len(m.Unplaced) != 1 || m.Unplaced[0].Organisation.Name != "Förbundet" {
		t.Errorf("unplaced %+v", m.Unplaced)
	}
	if got := m.Of(MarkParticipant); len(got) != 2 || got[0].Organisation.Name != "Förbundet" {
		t.Errorf("Of(participant) = %+v, want the association and Kiruna", got)
	}
	// Malmö is south-west of Kiruna: down and to the left in the drawing.
	if !(at["Malmö"].Y > at["Kiruna"].Y && at["Malmö"].X < at["Kiruna"].X) {
		t.Errorf("Malmö %+v not south-west of Kiruna %+v", at["Malmö"], at["Kiruna"])
	}
}

// TestOutline: the embedded borders frame the drawing, every town lies
// inside its county, and the borders stay within the byte budget that keeps
// a page with a map light.
func TestOutline(t *testing.T) {
	d, err := drawOutline(countiesGeoJSON)
	if err != nil {
		t.Fatal(err)
	}
	size := 0
	for _, c := range d.counties {
		size += len(c.D)
		if !strings.HasPrefix(c.D, "M") || !strings.HasSuffix(c.D, "z") || c.Name == "" || len(c.Code) != 2 {
			t.Errorf("county %q %q: path %.40q…", c.Code, c.Name, c.D)
		}
	}
	if size > OutlineBudget {
		t.Errorf("county borders take %d bytes of path data, over the budget of %d", size, OutlineBudget)
	}
	t.Logf("county borders: %d bytes of path data for %d counties", size, len(d.counties))
	// The outline touches the frame's margins on every side.
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, c := range d.counties {
		for _, xy := range absolutePoints(t, c.D) {
			minX, maxX = math.Min(minX, xy[0]), math.Max(maxX, xy[0])
			minY, maxY = math.Min(minY, xy[1]), math.Max(maxY, xy[1])
		}
	}
	if math.Abs(minX-margin) > 1 || math.Abs(minY-margin) > 1 || math.Abs(maxX-(d.width-margin)) > 1.5 || math.Abs(maxY-(d.height-margin)) > 1 {
		t.Errorf("outline spans (%v, %v)–(%v, %v) in a %v×%v drawing with margin %v", minX, minY, maxX, maxY, d.width, d.height, margin)
	}
	// Each town is drawn inside its county's border.
	county := map[string]string{"Malmö": "12", "Göteborg": "14", "Stockholm": "01", "Östersund": "23", "Umeå": "24", "Kiruna": "25"}
	for _, tw := range d.towns {
		var inside bool
		for _, c := range d.counties {
			if c.Code == county[tw.Name] {
				inside = contains(absolutePoints(t, c.D), tw.X, tw.Y)
			}
		}
		if !inside {
			t.Errorf("%s at (%v, %v) not inside county %s", tw.Name, tw.X, tw.Y, county[tw.Name])
		}
	}
	if len(d.towns) != len(county) {
		t.Errorf("%d towns", len(d.towns))
	}
}

// absolutePoints reads back the points of a path that ringPath wrote, all
// rings in one list with NaN between rings.
func absolutePoints(t *testing.T, d string) [][2]float64 {
	t.Helper()
	var out [][2]float64
	for _, ring := range strings.Split(d, "z") {
		if ring == "" {
			continue
		}
		if len(out) > 0 {
			out = append(out, [2]float64{math.NaN(), math.NaN()})
		}
		head, rest, _ := strings.Cut(strings.TrimPrefix(ring, "M"), "l")
		var x, y float64
		if _, err := fmt.Sscanf(head, "%g %g", &x, &y); err != nil {
			t.Fatalf("path %.40q: %v", ring, err)
		}
		out = append(out, [2]float64{x, y})
		nums := strings.Fields(strings.ReplaceAll(rest, "-", " -"))
		for i := 0; i+1 < len(nums); i += 2 {
			dx, _ := strconv.Atoi(nums[i])
			dy, _ := strconv.Atoi(nums[i+1])
			x, y = x+float64(dx), y+float64(dy)
			out = append(out, [2]float64{x, y})
		}
	}
	return out
}

// contains reports whether (x, y) lies inside the rings (even–odd rule).
func contains(pts [][2]float64, x, y float64) bool {
	in := false
	start := 0
	for i := range pts {
		if math.IsNaN(pts[i][0]) {
			start = i + 1
			continue
		}
		j := i + 1
		if j == len(pts) || math.IsNaN(pts[j][0]) {
			j = start
		}
		a, b := pts[i], pts[j]
		if (a[1] > y) != (b[1] > y) && x < a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]) {
			in = !in
		}
	}
	return in
}
