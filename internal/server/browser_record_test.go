package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
)

// TestBrowserRecordPages audits the pages the public record changed with
// axe-core, as a visitor and as a project leader citing a source, follows an
// old round address to its page, and saves screenshots at 360 and 1366 px
// (SCREENSHOT_DIR keeps them) of the round, organisation and lineage pages.
func TestBrowserRecordPages(t *testing.T) {
	app := newTestApp(t)
	b := browsertest.New(t)
	pages := []struct{ path, h1, text string }{
		{"/omgangar/2015-2016", "Pilotomgången 2015–2016", "Där källorna går isär"},
		{"/omgangar/2019", "Modellkommuner och modellregioner 2019", "osäker uppgift:"},
		{"/omgangar/2021-2023", "Modellkonceptet 2021–2023", "Blandade grupper"},
		{"/omgangar/2023-2025", "Modellkonceptet för jämställdhet 2023–2025", "Gruppens egen träff"},
		{"/organisationer/enskede-%C3%A5rsta-vant%C3%B6r", "Enskede-Årsta-Vantör", "Del av"},
		{"/organisationer/kramfors", "Kramfors", "Källor"},
		{"/en/omgangar/2019", "Modellkommuner och modellregioner 2019", "uncertain:"},
		{"/oppna-data", "Öppna data", "kallor.csv"},
		{"/mentorkedjor", "Mentorkedjor", "Örnsköldsvik (deltog i Modellkommuner och modellregioner 2019) var mentor för Kramfors och Vaxholm"},
	}
	for _, p := range pages {
		t.Run(p.path, func(t *testing.T) {
			if status := b.Visit(t, app.URL+p.path); status != 200 {
				t.Fatalf("status %d", status)
			}
			if got := b.Text(t, "h1"); got != p.h1 {
				t.Errorf("h1 %q, want %q", got, p.h1)
			}
			if !strings.Contains(b.Text(t, "main"), p.text) {
				t.Errorf("page lacks %q", p.text)
			}
			b.Axe(t)
		})
	}

	// A reference number leads to its source in the list.
	b.Visit(t, app.URL+"/omgangar/2019")
	b.Click(t, `.refs a[href="#kalla-1"]`)
	if u := b.URL(t); !strings.HasSuffix(u, "#kalla-1") {
		t.Errorf("after following a reference: %s", u)
	}

	// The pilot's old address.
	b.Visit(t, app.URL+"/omgangar/2016-2017")
	if u := b.URL(t); !strings.HasSuffix(u, "/omgangar/2015-2016") {
		t.Errorf("old pilot address ends at %s", u)
	}

	// A project leader cites a new source for a participation, by keyboard
	// and form, and the page passes axe with and without errors.
	app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	staff := browsertest.New(t)
	browserLogin(t, staff, app, "ledare@skr.example", testPassword)
	round := mustRound(t, app, "2019")
	path := roundPath(round.ID, "/kallor/deltagare-"+strconv.FormatInt(participationID(t, app, "2019", "östersund"), 10))
	staff.Visit(t, app.URL+path)
	staff.Axe(t)
	staff.Fill(t, "#publisher", "Östersunds kommun")
	staff.Fill(t, "#url", "inte en adress")
	if status := staff.Submit(t, "main form"); status != 422 {
		t.Errorf("bad address: %d, want 422", status)
	}
	staff.Axe(t)
	staff.Fill(t, "#url", "https://www.ostersund.se/modellkommun")
	staff.Fill(t, "#title", "Östersund i Modellkommuner")
	staff.Submit(t, "main form")
	if got := staff.Text(t, "main"); !strings.Contains(got, "Angiven av") {
		t.Errorf("after citing: %s", got)
	}

	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{360, 1366} {
		b.Viewport(t, width, 900)
		for name, path := range map[string]string{"record-round-2019": "/omgangar/2019", "record-pilot": "/omgangar/2015-2016",
			"record-district": "/organisationer/enskede-%C3%A5rsta-vant%C3%B6r", "record-lineage": "/mentorkedjor"} {
			b.Visit(t, app.URL+path)
			b.Screenshot(t, filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, width)))
		}
	}
	t.Logf("screenshots in %s", dir)
}
