package server

import (
	"os"
	"path/filepath"
	"testing"

	"modellportalen/internal/browsertest"
)

// TestBrowserInsightPages opens the map, lineage, statistics and open data
// pages in Chromium, in both languages, checks that their drawings render and
// audits them with axe-core. Screenshots go to a temporary directory, or to
// SCREENSHOT_DIR when set, for a person to look at.
func TestBrowserInsightPages(t *testing.T) {
	app := newTestApp(t)
	b := browsertest.New(t)
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	pages := []struct {
		name, path string
		svg        string // selector of a drawing that must render
		// marks is how many of marksSel the drawing must show, from the
		// public record: 2019 has 12 participants, 10 mentors, 1 withdrawn
		// and 6 regions; the lineage 52 mentor links; the chart 6 rounds
		// of 4 bars; Vännäs's lineage 9 organisations (TestRoundMap2019,
		// TestLineagePage, TestStatisticsPage, TestOrganisationLineage).
		marks    int
		marksSel string
	}{
		{"home", "/", "svg.sweden-map", 0, ""},
		{"round-2019", "/omgangar/2019", "svg.sweden-map", 29, "svg.sweden-map a.mark"},
		{"lineage", "/mentorkedjor", "svg.lineage-graph", 52, "svg.lineage-graph path.edge"},
		{"statistics", "/statistik", "svg.bar-chart", 24, "svg.bar-chart rect.bar"},
		{"open-data", "/oppna-data", "", 0, ""},
		{"en-home", "/en/", "svg.sweden-map", 0, ""},
		{"en-round-2019", "/en/omgangar/2019", "svg.sweden-map", 29, "svg.sweden-map a.mark"},
		{"en-organisations", "/en/organisationer", "", 0, ""},
		{"en-lineage", "/en/mentorkedjor", "svg.lineage-graph", 52, "svg.lineage-graph path.edge"},
		{"en-statistics", "/en/statistik", "svg.bar-chart", 24, "svg.bar-chart rect.bar"},
		{"en-open-data", "/en/oppna-data", "", 0, ""},
		{"organisation-vannas", "/organisationer/v%C3%A4nn%C3%A4s", "svg.lineage-graph", 9, "svg.lineage-graph a.node"},
		{"en-not-found", "/en/omgangar/1999", "", 0, ""}, // last: its 404 is in the console from then on
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			want := 200
			if p.name == "en-not-found" {
				want = 404
			}
			if status := b.Visit(t, app.URL+p.path); status != want {
				t.Fatalf("status %d, want %d", status, want)
			}
			if p.svg != "" {
				if n := b.Count(t, p.svg); n != 1 {
					t.Fatalf("%d %s, want 1", n, p.svg)
				}
				if w := b.Attr(t, p.svg, "width"); w == "" || w == "0" {
					t.Errorf("%s has no width", p.svg)
				}
			}
			if p.marksSel != "" {
				if n := b.Count(t, p.marksSel); n != p.marks {
					t.Errorf("%d %s, want %d", n, p.marksSel, p.marks)
				}
			}
			b.Axe(t)
			b.Screenshot(t, filepath.Join(dir, p.name+".png"))
			if errs := b.ConsoleErrors(); len(errs) > 0 && want == 200 {
				t.Errorf("console errors: %v", errs)
			}
		})
	}
}
