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
	for _, n := range []string{"Umeå, Pilotomgången 2015–2016", "Eskilstuna, Pilotomgången 2015–2016",
		"Vännäs, Modellkommuner 2017–2018", "Hedemora, Modellkommuner 2017–2018",
		"Askersund, Modellkommuner och modellregioner 2019 (avbröt)", "Fagersta, Modellkommuner och modellregioner 2019",
		"Örnsköldsvik, Modellkommuner och modellregioner 2019", "Kramfors, Modellkommuner 2020–2022",
		"Sollefteå, Modellkonceptet för jämställdhet 2023–2025", "Härnösand, Modellkonceptet för jämställdhet 2023–2025",
		"Region Värmland, Modellkommuner och modellregioner 2019", "Lund, Modellkonceptet 2021–2023"} {
		if !nodes[n] {
			t.Errorf("no node %q", n)
		}
	}
	// Regions had no mentors, so they are not in the lineage.
	if strings.Contains(svg, "Region Gotland") {
		t.Error("Region Gotland in the lineage")
	}
	// One edge per mentor and mentee in the record: 15 in 2017, 22 in 2019,
	// 4 in 2020, 9 in 2021 and 2 in 2023.
	if n := strings.Count(svg, `<path class="edge`); n != 52 {
		t.Errorf("%d edges, want 52", n)
	}
	if n := strings.Count(svg, `<path class="edge supporting"`); n != 7 {
		t.Errorf("%d supporting edges, want 7 (Malmö and Umeå to three each, Piteå to one)", n)
	}
	text := textOf(body)
	for _, w := range []string{
		"Umeå (deltog i Pilotomgången 2015–2016) var mentor för Lycksele och Vännäs",
		"Vännäs (deltog i Modellkommuner 2017–2018) var mentor för Nordmaling, Örnsköldsvik och Robertsfors",
		"Örnsköldsvik (deltog i Modellkommuner och modellregioner 2019) var mentor för Kramfors och Vaxholm",
		"Kramfors (deltog i Modellkommuner 2020–2022) var mentor för Sollefteå och Härnösand",
		"Eskilstuna (deltog i Pilotomgången 2015–2016) var mentor för Hedemora, Norrtälje och Enskede-Årsta-Vantör",
		"Hedemora (deltog i Modellkommuner 2017–2018) var mentor för Askersund och Fagersta",
		"Malmö (deltog i Pilotomgången 2015–2016) var stödmentor för Trelleborg, Olofström och Östra Göinge",
		"Region Värmland (deltog i Modellkommuner och modellregioner 2019) var mentor för Region Östergötland, Region Kronoberg och Lund",
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
	// The real chain: Umeå → Vännäs → Örnsköldsvik → Kramfors → Sollefteå
	// and Härnösand, with Vännäs's other mentees of 2019.
	want := "umeå vännäs nordmaling örnsköldsvik robertsfors kramfors vaxholm sollefteå härnösand"
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
