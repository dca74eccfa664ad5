package server

import (
	"regexp"
	"strings"
	"testing"
)

var nodeRE = regexp.MustCompile(`<a href="/(?:en/)?organisationer/([^"]+)" aria-label="([^"]+)" class="node[^"]*">\s*<title>([^<]+)</title>`)

func TestLineagePage(t *testing.T) {
	app := newTestApp(t)
	status, body := app.get(t, "/mentorkedjor")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	svg := svgOf(t, body, "lineage-graph")
	golden(t, "lineage.svg", svg)

	nodes := map[string]bool{}
	for _, m := range nodeRE.FindAllStringSubmatch(svg, -1) {
		if m[2] != m[3] {
			t.Errorf("node %s: aria-label %q differs from title %q", m[1], m[2], m[3])
		}
		nodes[m[3]] = true
	}
	for _, n := range []string{"Umeå, Pilotomgången 2016–2017", "Vännäs, Modellkommuner 2017–2018",
		"Hedemora, Modellkommuner 2017–2018", "Askersund, Modellkommuner och modellregioner 2019 (avbröt)",
		"Kramfors, Modellkonceptet 2021–2022", "Sollefteå, Modellkonceptet för jämställdhet 2023–2025"} {
		if !nodes[n] {
			t.Errorf("no node %q", n)
		}
	}
	// Regions had no mentors, so they are not in the lineage.
	if strings.Contains(svg, "Region Gotland") {
		t.Error("Region Gotland in the lineage")
	}
	if n := strings.Count(svg, `<path class="edge`); n != 22 {
		t.Errorf("%d edges, want 22", n)
	}
	if n := strings.Count(svg, `<path class="edge supporting"`); n != 4 {
		t.Errorf("%d supporting edges, want 4 (Malmö to three, Piteå to one)", n)
	}
	text := textOf(body)
	for _, w := range []string{
		"Umeå (deltog i Pilotomgången 2016–2017) var mentor för Lycksele och Vännäs",
		"Malmö (deltog i Modellkommuner 2017–2018) var stödmentor för Trelleborg, Olofström och Östra Göinge",
		"Kramfors (deltog i Modellkonceptet 2021–2022) var mentor för Sollefteå och Härnösand",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("text alternative lacks %q", w)
		}
	}
}

func TestOrganisationLineage(t *testing.T) {
	app := newTestApp(t)
	_, body := app.get(t, "/organisationer/v%C3%A4nn%C3%A4s")
	svg := svgOf(t, body, "lineage-graph")
	var got []string
	for _, m := range nodeRE.FindAllStringSubmatch(svg, -1) {
		got = append(got, m[1])
	}
	want := "umeå vännäs nordmaling örnsköldsvik robertsfors"
	if strings.Join(got, " ") != want {
		t.Errorf("Vännäs's lineage nodes %q, want %q", strings.Join(got, " "), want)
	}
	if !strings.Contains(svg, `class="node focus"`) {
		t.Error("Vännäs not highlighted")
	}
	// Stockholm has never taken part: no lineage section.
	if _, body := app.get(t, "/organisationer/stockholm"); strings.Contains(body, "lineage-graph") {
		t.Error("lineage drawn for an organisation with none")
	}
}
