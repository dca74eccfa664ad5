package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
)

// TestBrowserStaffRunsARound is a project leader's day: create a round,
// admit six organisations, form two groups with mentors, schedule a
// learning meeting, withdraw a participant, and see the public page show it
// all. Every staff page on the way is audited with axe-core.
func TestBrowserStaffRunsARound(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	b := browsertest.New(t)
	if status := browserLogin(t, b, app, "ledare@skr.example", testPassword); status != 200 {
		t.Fatalf("login: %d", status)
	}
	ctx := context.Background()

	b.Visit(t, app.URL+"/personal/omgangar")
	b.Axe(t)
	b.Follow(t, "main a.button")
	b.Axe(t)
	b.Fill(t, "#name", "Modellkonceptet 2027–2028")
	b.Fill(t, "#slug", "2027-2028")
	b.Fill(t, "#start_year", "2027")
	b.Fill(t, "#end_year", "2028")
	b.Submit(t, "main form")
	if got := b.Text(t, "h1"); got != "Modellkonceptet 2027–2028" {
		t.Fatalf("after create: h1 %q; %s", got, b.Text(t, "main"))
	}
	dashboard := b.URL(t)
	b.Axe(t)

	towns := []string{"Kiruna", "Gällivare", "Pajala", "Jokkmokk", "Arjeplog", "Arvidsjaur"}
	for _, town := range towns {
		b.Visit(t, dashboard+"/deltagare")
		b.Fill(t, "#q", town)
		b.Submit(t, "form.search")
		b.Click(t, "#organisation-0")
		b.Submit(t, "main form[method=post]")
		if got := b.Text(t, ".flash"); !strings.Contains(got, town+" är antagen som deltagare.") {
			t.Fatalf("admit %s: %q", town, got)
		}
	}
	b.Axe(t)

	round, _ := app.Store.RoundBySlug(ctx, "2027-2028")
	ov, _ := app.Store.RoundOverview(ctx, round)
	pid := map[string]string{}
	for _, p := range ov.Participations {
		pid[p.Organisation.Name] = strconv.FormatInt(p.ID, 10)
	}
	groups := []struct {
		label   string
		members []string
		mentor  string
		support string
	}{
		{"Kiruna, Gällivare och Pajala", towns[:3], "hedemora", ""},
		{"Jokkmokk, Arjeplog och Arvidsjaur", towns[3:], "umeå", "vännäs"},
	}
	for _, g := range groups {
		b.Visit(t, dashboard+"/grupper/ny")
		b.Fill(t, "#label", g.label)
		for _, m := range g.members {
			b.Click(t, `input[name=members][value="`+pid[m]+`"]`)
		}
		b.Submit(t, "main form")
		if got := b.Text(t, "h1"); got != g.label {
			t.Fatalf("group %s: h1 %q; %s", g.label, got, b.Text(t, "main"))
		}
		pickMentor(t, b, app, g.mentor)
		b.Submit(t, `form[action$="/mentorer"]`)
		if g.support != "" {
			pickMentor(t, b, app, g.support)
			b.Click(t, `input[name=mentor_kind][value=supporting]`)
			b.Submit(t, `form[action$="/mentorer"]`)
		}
		b.Axe(t)
	}

	b.Visit(t, dashboard+"/traffar/ny")
	b.Select(t, "#kind", "benchmarking-1")
	b.Fill(t, "#held_on", "2027-03-16")
	b.Fill(t, "#place", "Kiruna stadshus")
	b.Select(t, "#host", strconv.FormatInt(app.orgID(t, "kiruna"), 10))
	b.Submit(t, "main form")
	if got := b.Text(t, "h1"); got != "Jämförelseträff 1 16 mars 2027" {
		t.Fatalf("meeting: h1 %q; %s", got, b.Text(t, "main"))
	}
	b.Axe(t)

	b.Visit(t, dashboard+"/deltagare/"+pid["Pajala"])
	b.Axe(t)
	b.Click(t, "#withdrawn-0")
	b.Fill(t, "#withdrawn_on", "2027-05-02")
	b.Fill(t, "#withdrawal_reason", "Omprioriteringar i kommunen")
	b.Submit(t, "main form")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "Ändringarna för Pajala är sparade.") {
		t.Fatalf("withdraw: %q", got)
	}
	dash := b.Text(t, "main")
	for _, want := range []string{"Politiskt beslut saknas (5)", "Ofullständig delegation (5)", "Kommande"} {
		if !strings.Contains(dash, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	b.Axe(t)

	// The dashboard links the exports; they are downloads, so they are
	// fetched with the same project leader's session outside the browser.
	dl := app.client(t)
	dl.login("ledare@skr.example", testPassword)
	for _, name := range []string{"deltagare.csv", "deltagare.xlsx", "kontakter.csv", "kontakter.xlsx"} {
		href := b.Attr(t, `main a[href$="/export/`+name+`"]`, "href")
		res := dl.get(href)
		if res.Status != 200 {
			t.Fatalf("%s: status %d", name, res.Status)
		}
		switch {
		case name == "deltagare.csv":
			if !strings.HasPrefix(res.Body, "\uFEFF") || !strings.Contains(res.Body, "Kiruna") ||
				!strings.Contains(res.Body, "Omprioriteringar i kommunen") {
				t.Errorf("%s lacks the BOM, a participant or the withdrawal:\n%s", name, res.Body)
			}
		case strings.HasSuffix(name, ".xlsx"):
			f, err := excelize.OpenReader(strings.NewReader(res.Body))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			rows, _ := f.GetRows(f.GetSheetList()[0])
			if len(rows) < 1 || (name == "deltagare.xlsx" && len(rows) < 7) {
				t.Errorf("%s has %d rows", name, len(rows))
			}
		}
	}

	// The new round is a draft: nothing public shows it until a project
	// leader publishes it from its check page.
	assertUnpublished(t, app, "2027-2028", "Modellkonceptet 2027–2028")
	b.Visit(t, dashboard)
	if got := b.Text(t, `main .task:has(a[href$="/publicera"]) .task-status`); got != "Inte påbörjad" {
		t.Errorf("publish task %q before publishing", got)
	}
	b.Follow(t, `main .task a[href$="/publicera"]`)
	if got := b.Text(t, "h1"); got != "Kontrollera och publicera Modellkonceptet 2027–2028" {
		t.Fatalf("check page h1 %q", got)
	}
	check := b.Text(t, "main")
	for _, want := range []string{"Deltagare", "Jämförelsegrupper", "Lärandeträffar", "Det här saknas", "saknar registrerat politiskt beslut"} {
		if !strings.Contains(check, want) {
			t.Errorf("check page lacks %q:\n%s", want, check)
		}
	}
	b.Axe(t)
	b.Submit(t, "main form.stacked-form")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "är publicerad och syns nu för alla") {
		t.Errorf("after publishing: %q", got)
	}
	if got := b.Text(t, `main .task:has(a[href$="/publicera"]) .task-status`); got != "Klar" {
		t.Errorf("publish task %q after publishing", got)
	}
	var published int
	_ = app.Store.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'publish' AND table_name = 'rounds'`).Scan(&published)
	if published != 1 {
		t.Errorf("%d audit entries for publishing, want 1", published)
	}

	b.Visit(t, app.URL+"/omgangar/2027-2028")
	main := b.Text(t, "main")
	for _, want := range []string{"Kiruna, Gällivare och Pajala", "Mentor: Hedemora", "Jokkmokk, Arjeplog och Arvidsjaur",
		"Mentor: Umeå med stöd av Vännäs", "Pajala\navbröt", "16 mars 2027 – Jämförelseträff 1 – Kiruna stadshus"} {
		if !strings.Contains(main, want) && !strings.Contains(strings.ReplaceAll(main, "\n", " "), strings.ReplaceAll(want, "\n", " ")) {
			t.Errorf("public round page lacks %q:\n%s", want, main)
		}
	}
}

// assertUnpublished checks that nothing public mentions a draft round: its
// page and open data answer 404, and no list, map, statistics, lineage,
// open data file or sitemap names it.
func assertUnpublished(t *testing.T, app *testApp, slug, name string) {
	t.Helper()
	c := app.client(t)
	for _, path := range []string{"/omgangar/" + slug, "/en/omgangar/" + slug, "/oppna-data/omgangar/" + slug + "/deltagare.csv"} {
		if res := c.get(path); res.Status != http.StatusNotFound {
			t.Errorf("GET %s of a draft: %d, want 404", path, res.Status)
		}
	}
	for _, path := range []string{"/", "/omgangar", "/statistik", "/mentorkedjor", "/oppna-data", "/oppna-data/deltagare.csv",
		"/oppna-data/deltagare.json", "/sitemap.xml", "/organisationer/kiruna", "/en/", "/en/omgangar", "/en/statistik",
		"/en/mentorkedjor", "/en/oppna-data", "/en/organisationer/kiruna", "/larande-exempel", "/organisationer?q=kiruna"} {
		res := c.get(path)
		if res.Status != http.StatusOK {
			t.Errorf("GET %s: %d", path, res.Status)
		}
		if strings.Contains(res.Body, name) || strings.Contains(res.Body, "/"+slug) {
			t.Errorf("GET %s mentions the draft %s", path, name)
		}
	}
}
