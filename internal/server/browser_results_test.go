package server

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
)

// TestBrowserLearningExample: Fagersta's contact fills in an improvement
// work with its baseline, two indicators with values for women and men at
// two dates and an outcome, and proposes it; a project leader approves it;
// it appears on the public Lärande exempel page with its chart and no
// personal data. Every page on the way passes axe-core.
func TestBrowserLearningExample(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserContact, "kontakt@fagersta.example", "fagersta")
	app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	fagersta := strconv.FormatInt(app.orgID(t, "fagersta"), 10)
	orgPage := app.URL + "/mina-sidor/organisationer/" + fagersta
	// RESULTS_SCREENSHOTS=dir keeps pictures of the pages at 360 and 1366 px.
	shots := os.Getenv("RESULTS_SCREENSHOTS")
	shoot := func(b *browsertest.Browser, name string) {
		if shots == "" {
			return
		}
		for _, w := range []int{360, 1366} {
			b.Viewport(t, w, 900)
			b.Screenshot(t, filepath.Join(shots, name+"-"+strconv.Itoa(w)+".png"))
		}
		b.Viewport(t, 1280, 900)
	}

	b := browsertest.New(t)
	if status := browserLogin(t, b, app, "kontakt@fagersta.example", testPassword); status != http.StatusOK {
		t.Fatalf("login: %d", status)
	}
	// A delegate, whose name must never reach the public pages.
	b.Visit(t, orgPage)
	b.Follow(t, `main a[href$="/delegater/ny"]`)
	b.Click(t, `input[name=level][value=strategist]`)
	b.Fill(t, "#name", "Stina Strateg")
	b.Fill(t, "#email", "stina@fagersta.example")
	b.Submit(t, "main form")

	b.Visit(t, orgPage)
	b.Follow(t, `main a[href$="/forbattringsarbeten/ny"]`)
	b.Fill(t, "#title", "Jämställd biståndsbedömning")
	b.Select(t, "#service_area", "home_care")
	b.Fill(t, "#inequality", "Kvinnor över 80 år beviljas färre timmar hemtjänst än män med samma behov.")
	b.Fill(t, "#baseline", "2024 fick kvinnor i snitt 12 timmar i månaden och män 17,5.")
	b.Fill(t, "#measures", "Handläggarna gick igenom sina bedömningar med könsuppdelad statistik.")
	b.Fill(t, "#users_women", "310")
	b.Fill(t, "#users_men", "tre")
	b.Submit(t, "main form")
	// A mistake: the message beside the field, what was typed kept.
	if got := b.Text(t, "#users_men-error"); !strings.Contains(got, "Ange ett antal med siffror") {
		t.Errorf("count error %q", got)
	}
	if v := b.Attr(t, "#users_women", "value"); v != "310" {
		t.Errorf("users_women kept as %q", v)
	}
	b.Axe(t)
	b.Fill(t, "#users_men", "190")
	b.Submit(t, "main form")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "Jämställd biståndsbedömning är sparat") {
		t.Fatalf("save work: %q", got)
	}
	b.Follow(t, `main a[href*="/forbattringsarbeten/"]:not([href$="/ny"])`)
	workPage := b.URL(t)
	b.Axe(t)

	indicators := []struct{ name, source, kpi, d1, w1, m1, d2, w2, m2 string }{
		{"Beviljade timmar per månad", "own", "", "2024-01-15", "12", "17,5", "2025-01-15", "15,25", "16"},
		{"Andel nöjda med hemtjänsten", "kolada", "U21468", "2023-12-31", "81", "88", "2024-12-31", "86", "87"},
	}
	for i, ind := range indicators {
		b.Visit(t, workPage)
		b.Follow(t, `main a[href$="/indikatorer/ny"]`)
		b.Fill(t, "#name", ind.name)
		b.Fill(t, "#unit", map[bool]string{true: "timmar", false: "procent"}[i == 0])
		b.Click(t, `input[name=source][value=`+ind.source+`]`)
		b.Fill(t, "#kolada_kpi", ind.kpi)
		b.Fill(t, "#values-0-date", ind.d1)
		b.Fill(t, "#values-0-women", ind.w1)
		b.Fill(t, "#values-0-men", ind.m1)
		b.Fill(t, "#values-1-date", ind.d2)
		b.Fill(t, "#values-1-women", ind.w2)
		b.Fill(t, "#values-1-men", ind.m2)
		if i == 0 {
			// Dates out of order first.
			b.Fill(t, "#values-1-date", "2023-01-15")
			b.Submit(t, "main form")
			if got := b.Text(t, "#values-1-date-error"); !strings.Contains(got, "datumordning") {
				t.Errorf("order error %q", got)
			}
			if v := b.Attr(t, "#values-0-men", "value"); v != "17,5" {
				t.Errorf("men kept as %q", v)
			}
			b.Axe(t)
			shoot(b, "indicator-error")
			b.Fill(t, "#values-1-date", ind.d2)
		}
		b.Submit(t, "main form")
		if got := b.Text(t, ".flash"); !strings.Contains(got, "Indikatorn "+ind.name+" är sparad.") {
			t.Fatalf("indicator %s: %q\n%s", ind.name, got, b.Text(t, "main"))
		}
	}
	if n := b.Count(t, "main figure.indicator-chart svg[role=img]"); n != 2 {
		t.Errorf("%d charts on the work page, want 2", n)
	}
	b.Follow(t, `main a[href$="/resultat/ny"]`)
	b.Click(t, `input[name=kind][value=outcome]`)
	b.Fill(t, "#description", "Bedömningarna utgår nu från behov, inte kön.")
	b.Submit(t, "main form")
	if got := b.Text(t, "#evidence-error"); !strings.Contains(got, "Beskriv vad som visar") {
		t.Errorf("evidence error %q", got)
	}
	b.Axe(t)
	b.Fill(t, "#evidence", "Timmarna för kvinnor och män har närmat sig, se indikatorn.")
	b.Submit(t, "main form")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "Resultatet är sparat (Förändring i verksamheten).") {
		t.Fatalf("result: %q", got)
	}
	b.Axe(t)
	shoot(b, "work")
	b.Submit(t, `form[action$="/foresla"]`)
	if got := b.Text(t, ".flash"); !strings.Contains(got, "är föreslaget som lärande exempel") {
		t.Fatalf("propose: %q", got)
	}

	// A project leader reviews and approves it.
	staff := b.NewTab(t)
	browserLogin(t, staff, app, "ledare@skr.example", testPassword)
	staff.Visit(t, app.URL+"/personal/larande-exempel")
	staff.Axe(t)
	staff.Follow(t, `main a[href^="/personal/larande-exempel/"]`)
	staff.Axe(t)
	shoot(staff, "review")
	staff.Submit(t, `form[action$="/godkann"]`)
	if got := staff.Text(t, ".flash"); !strings.Contains(got, "Exemplet är godkänt") {
		t.Fatalf("approve: %q", got)
	}
	round := mustRound(t, app, "2019")
	staff.Visit(t, app.URL+roundPath(round.ID, "/resultat"))
	if main := staff.Text(t, "main"); !strings.Contains(main, "Fagersta") || !strings.Contains(main, "Jämställd biståndsbedömning") {
		t.Errorf("result summary lacks the work:\n%s", main)
	}
	staff.Axe(t)
	shoot(staff, "summary")

	// The public sees it, with its charts, and no personal data.
	pub := browsertest.New(t)
	pub.Visit(t, app.URL+"/larande-exempel")
	pub.Axe(t)
	shoot(pub, "examples")
	pub.Follow(t, `main a[href^="/larande-exempel/"]`)
	if got := pub.Text(t, "h1"); got != "Jämställd biståndsbedömning" {
		t.Errorf("h1 %q", got)
	}
	main := pub.Text(t, "main")
	for _, want := range []string{"Fagersta", "Kvinnor över 80 år", "Handläggarna gick igenom", "Förändring i verksamheten",
		"Beviljade timmar per månad", "15,25", "Kolada, nyckeltal U21468"} {
		if !strings.Contains(main, want) {
			t.Errorf("public example lacks %q", want)
		}
	}
	if n := pub.Count(t, "main figure.indicator-chart svg[role=img] desc"); n != 2 {
		t.Errorf("%d charts with a description, want 2", n)
	}
	html := browsertest.Eval[string](t, pub, "document.documentElement.outerHTML")
	for _, personal := range []string{"Stina", "stina@", "kontakt@fagersta", "ledare@skr"} {
		if strings.Contains(html, personal) {
			t.Errorf("public example shows %q", personal)
		}
	}
	pub.Axe(t)
	shoot(pub, "example")
	pub.Visit(t, app.URL+"/en/larande-exempel")
	pub.Follow(t, `main a[href^="/en/larande-exempel/"]`)
	if lang := pub.Attr(t, "h1", "lang"); lang != "sv" {
		t.Errorf("English page's Swedish title has lang %q", lang)
	}
	pub.Axe(t)
}
