package server

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"modellportalen/internal/browsertest"
)

// TestBrowserPublicPages opens every public page in Chromium, checks what a
// visitor sees and audits it with axe-core.
func TestBrowserPublicPages(t *testing.T) {
	app := newTestApp(t)
	b := browsertest.New(t)
	pages := []struct {
		path, h1 string
		status   int
	}{
		{"/", "Modellkonceptet för jämställdhet", 200},
		{"/omgangar", "Omgångar", 200},
		{"/omgangar/2019", "Modellkommuner och modellregioner 2019", 200},
		{"/omgangar/2015-2016", "Pilotomgången 2015–2016", 200},
		{"/omgangar/2021-2023", "Modellkonceptet 2021–2023", 200},
		{"/omgangar/2023-2025", "Modellkonceptet för jämställdhet 2023–2025", 200},
		{"/en/omgangar/2015-2016", "Pilotomgången 2015–2016", 200},
		{"/organisationer/stockholm", "Stockholm", 200},
		{"/organisationer/enskede-%C3%A5rsta-vant%C3%B6r", "Enskede-Årsta-Vantör", 200},
		{"/organisationer/%C3%B6stersund", "Östersund", 200},
		{"/oppna-data", "Öppna data", 200},
		{"/organisationer", "Organisationer", 200},
		{"/organisationer?q=hedemora", "Organisationer", 200},
		{"/organisationer/hedemora", "Hedemora", 200},
		{"/organisationer/askersund", "Askersund", 200},
		{"/finns-inte", "Sidan finns inte", 404},
	}
	for _, p := range pages {
		t.Run(p.path, func(t *testing.T) {
			if status := b.Visit(t, app.URL+p.path); status != p.status {
				t.Errorf("status %d, want %d", status, p.status)
			}
			if got := b.Text(t, "h1"); got != p.h1 {
				t.Errorf("h1 %q, want %q", got, p.h1)
			}
			b.Axe(t)
			// The strict CSP must not block anything the page itself uses.
			for _, e := range b.ConsoleErrors() {
				if strings.Contains(e, "Content Security Policy") || strings.Contains(e, "favicon") {
					t.Errorf("console error: %s", e)
				}
			}
		})
	}
}

// TestBrowserFindOrganisation is a visitor's way from the start page to an
// organisation's history, by keyboard and form.
func TestBrowserFindOrganisation(t *testing.T) {
	app := newTestApp(t)
	b := browsertest.New(t)
	b.Visit(t, app.URL+"/")

	// The first Tab reaches the skip link, which moves focus to the content.
	b.Tab(t)
	if !b.HasFocus(t, "a.skip-link") {
		t.Fatal("first Tab does not reach the skip link")
	}
	b.Press(t, kb.Enter)
	if !b.HasFocus(t, "main") && !strings.HasSuffix(b.URL(t), "#main") {
		t.Error("skip link does not lead to the main content")
	}

	b.Visit(t, app.URL+"/organisationer")
	b.Fill(t, "#q", "östra")
	b.Select(t, "#lan", "12")
	b.Submit(t, "form.search")
	if got := b.Text(t, "main table tbody"); !strings.Contains(got, "Östra Göinge") {
		t.Fatalf("results %q lack Östra Göinge", got)
	}
	if v := b.Attr(t, "#q", "value"); v != "östra" {
		t.Errorf("search box keeps %q, want what was typed", v)
	}
	b.Follow(t, "main table tbody a")
	if got := b.Text(t, "h1"); got != "Östra Göinge" {
		t.Fatalf("h1 %q", got)
	}
	if got := b.Text(t, "main table"); !strings.Contains(got, "Kristianstad med stöd av Malmö") {
		t.Errorf("history %q lacks its mentors", got)
	}
	b.Follow(t, "main table tbody th a")
	if got := b.Text(t, "h1"); got != "Modellkommuner och modellregioner 2019" {
		t.Errorf("round link leads to %q", got)
	}
}
