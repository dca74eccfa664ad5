package server

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"modellportalen/internal/geo"
)

// svgOf returns the first <svg class="class" …>…</svg> element of body.
func svgOf(t *testing.T, body, class string) string {
	t.Helper()
	i := strings.Index(body, `<svg class="`+class+`"`)
	if i < 0 {
		t.Fatalf("no <svg class=%q> in the page", class)
	}
	j := strings.Index(body[i:], "</svg>")
	if j < 0 {
		t.Fatal("unterminated <svg>")
	}
	// One element per line, so that a golden diff reads well.
	return strings.ReplaceAll(body[i:i+j+len("</svg>")], "><", ">\n<") + "\n"
}

var markRE = regexp.MustCompile(`<a href="/(?:en/)?organisationer/([^"]+)" aria-label="([^"]+)" class="mark mark-(\w+)">\s*<title>([^<]+)</title>`)

// marksOf maps each kind of mark to the slugs of the organisations marked.
func marksOf(t *testing.T, svg string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, m := range markRE.FindAllStringSubmatch(svg, -1) {
		if m[2] != m[4] {
			t.Errorf("mark %s: aria-label %q differs from title %q", m[1], m[2], m[4])
		}
		out[m[3]] = append(out[m[3]], m[1])
	}
	for k := range out {
		slices.Sort(out[k])
	}
	return out
}

func TestRoundMap2019(t *testing.T) {
	app := newTestApp(t)
	status, body := app.get(t, "/omgangar/2019")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	svg := svgOf(t, body, "sweden-map")
	golden(t, "map-2019.svg", svg)

	if n := strings.Count(svg, `<path class="county`); n != 21 {
		t.Errorf("%d county borders, want 21", n)
	}
	// The counties of Gotland, Värmland, Västerbotten, Gävleborg, Halland
	// and Norrbotten, whose regions took part.
	if n := strings.Count(svg, `<path class="county shaded"`); n != 6 {
		t.Errorf("%d counties shaded for a participating region, want 6", n)
	}
	for _, town := range []string{"Stockholm", "Göteborg", "Malmö", "Kiruna"} {
		if !strings.Contains(svg, ">"+town+"</text>") {
			t.Errorf("town %s not named", town)
		}
	}
	// The page stays light: the borders, as served, within their budget
	// and 50 bytes of markup a county (the 290 dots they replace took 16 KB).
	i := strings.Index(body, `<g class="counties"`)
	j := strings.Index(body[i:], "</g>")
	if budget := geo.OutlineBudget + 21*50; j > budget {
		t.Errorf("county borders take %d bytes of the page, over the budget of %d", j, budget)
	}
	want := map[string][]string{
		"withdrawn": {"askersund"},
		"mentor":    {"boden", "hedemora", "kristianstad", "luleå", "malmö", "norrtälje", "piteå", "umeå", "uppsala", "vännäs"},
		"participant": {"botkyrka", "fagersta", "kalmar", "nordmaling", "olofström", "robertsfors", "södertälje", "trelleborg",
			"västerås", "örnsköldsvik", "östersund", "östra-göinge"},
		"region": {"region-gotland", "region-gävleborg", "region-halland", "region-norrbotten", "region-värmland", "region-västerbotten"},
	}
	got := marksOf(t, svg)
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if !slices.Equal(got[k], want[k]) {
			t.Errorf("%s marks %v, want %v", k, got[k], want[k])
		}
	}
	if len(got) != len(want) {
		t.Errorf("mark kinds %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
	for _, title := range []string{"Askersund – avbröt", "Hedemora – Mentor", "Fagersta – Deltagare", "Region Gotland – region i Gotlands län"} {
		if !strings.Contains(svg, "<title>"+title+"</title>") {
			t.Errorf("no mark titled %q", title)
		}
	}

	// The text alternative lists the same, and the association that has no
	// point on the map.
	list := textOf(body[strings.Index(body, `class="map-list"`):])
	for _, w := range []string{"Deltagare (13)", "Mentorer (10)", "Avbröt (1) Askersund", "Region Gotland (Gotlands län)",
		"Förbundet Norrbottens kommuner (kommunförbund, utan egen mittpunkt och därför inte på kartan)"} {
		if !strings.Contains(list, w) {
			t.Errorf("map list lacks %q", w)
		}
	}
}

func TestHomeMapShowsEveryRound(t *testing.T) {
	app := newTestApp(t)
	_, body := app.get(t, "/")
	got := marksOf(t, svgOf(t, body, "sweden-map"))
	// Umeå took part in the pilot and mentored in 2017–2018: its mark is
	// its strongest part. Askersund only ever withdrew.
	for kind, slug := range map[string]string{"mentor": "umeå", "participant": "sollefteå", "withdrawn": "askersund", "region": "region-halland"} {
		if !slices.Contains(got[kind], slug) {
			t.Errorf("%s not marked %s on the start page: %v", slug, kind, got[kind])
		}
	}
	if slices.Contains(got["participant"], "umeå") {
		t.Error("Umeå marked twice")
	}
}
