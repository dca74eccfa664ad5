package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
)

// pickMentor finds an organisation with the group page's mentor search and
// chooses it.
func pickMentor(t *testing.T, b *browsertest.Browser, app *testApp, slug string) {
	t.Helper()
	o, err := app.Store.OrganisationBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	b.Fill(t, "#mentor_q", o.Name)
	b.Submit(t, `form[aria-label="Sök mentor"]`)
	b.Click(t, `input[name=mentor_organisation][value="`+strconv.FormatInt(o.ID, 10)+`"]`)
}

// shots keeps screenshots of a page at a phone's and a laptop's width,
// in SCREENSHOT_DIR when set, for a person to look at.
func shots(t *testing.T, b *browsertest.Browser, name string) {
	t.Helper()
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	for _, width := range []int{360, 1366} {
		b.Viewport(t, width, 900)
		b.Screenshot(t, filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, width)))
	}
	b.Viewport(t, 1366, 900)
}

// TestBrowserCorrectRoleAndTrack corrects an admission's track (refused
// for a municipality on the regional track, with the reason beside the
// field) and then its role.
func TestBrowserCorrectRoleAndTrack(t *testing.T) {
	app, c := staffClient(t)
	cr := newCorrectionRound(t, app, c)
	b := browsertest.New(t)
	if status := browserLogin(t, b, app, "ledare@skr.example", testPassword); status != 200 {
		t.Fatalf("login: %d", status)
	}
	b.Visit(t, app.URL+roundPath(cr.round.ID, "/deltagare/"+itoa(cr.pid["Pajala"])))
	b.Follow(t, `main a[href$="/roll"]`)
	if got := b.Text(t, "h1"); got != "Ändra roll eller spår för Pajala" {
		t.Fatalf("h1 %q", got)
	}
	b.Axe(t)
	shots(t, b, "correct-role")
	b.Click(t, `input[name=track][value=regional]`)
	b.Submit(t, "main form")
	if got := b.Text(t, "#track-error"); !strings.Contains(got, "Pajala är en kommun och kan bara antas till spåret Modellkommuner eller Blandade grupper.") {
		t.Fatalf("track rule: %q", got)
	}
	if b.Count(t, `input[name=track][value=regional]:checked`) != 1 {
		t.Error("the chosen track is not kept")
	}
	b.Axe(t)
	shots(t, b, "correct-role-error")
	b.Click(t, `input[name=track][value=municipal]`)
	b.Click(t, `input[name=role][value=mentor]`)
	b.Submit(t, "main form")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "Pajala är nu mentor i spåret Modellkommuner.") {
		t.Fatalf("role change: %q", got)
	}
	p, _ := app.Store.ParticipationByID(context.Background(), cr.pid["Pajala"])
	if p.Role != portal.RoleMentor {
		t.Errorf("role %s after the change", p.Role)
	}
}

// TestBrowserAdmitSeveral admits organisations of one county at once, with
// one confirmation, and never offers one already admitted.
func TestBrowserAdmitSeveral(t *testing.T) {
	app, c := staffClient(t)
	cr := newCorrectionRound(t, app, c)
	b := browsertest.New(t)
	if status := browserLogin(t, b, app, "ledare@skr.example", testPassword); status != 200 {
		t.Fatalf("login: %d", status)
	}
	b.Visit(t, app.URL+roundPath(cr.round.ID, "/deltagare"))
	b.Follow(t, `main a[href$="/deltagare/flera"]`)
	b.Axe(t)
	b.Select(t, "#lan", "25")
	b.Submit(t, "form.search")
	if got := b.Text(t, "main"); !strings.Contains(got, "3 som sökningen hittade är redan antagna och visas inte.") || strings.Contains(got, "Kiruna") {
		t.Fatalf("search offers an admitted organisation: %s", got)
	}
	b.Axe(t)
	shots(t, b, "admit-several-choose")
	for _, slug := range []string{"luleå", "boden"} {
		b.Click(t, `input[name=organisations][value="`+strconv.FormatInt(app.orgID(t, slug), 10)+`"]`)
	}
	b.Submit(t, "main form[method=post]")
	if got := b.Text(t, "h1"); got != "Bekräfta antagningen" {
		t.Fatalf("confirmation: h1 %q; %s", got, b.Text(t, "main"))
	}
	if got := b.Text(t, "main ul"); !strings.Contains(got, "Luleå") || !strings.Contains(got, "Boden") {
		t.Errorf("confirmation lists %q", got)
	}
	if got := b.Text(t, "main"); !strings.Contains(got, "De här organisationerna antas som deltagare i spåret Modellkommuner:") ||
		b.Text(t, "form.confirm button") != "Anta 2 organisationer" {
		t.Errorf("confirmation says %q", got)
	}
	b.Axe(t)
	shots(t, b, "admit-several-confirm")
	ov, _ := app.Store.RoundOverview(context.Background(), cr.round)
	if len(ov.Participations) != 5 {
		t.Fatalf("admitted before confirming: %d participations", len(ov.Participations))
	}
	b.Submit(t, "form.confirm")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "Boden och Luleå är antagna som deltagare.") && !strings.Contains(got, "Luleå och Boden är antagna som deltagare.") {
		t.Fatalf("admit several: %q", got)
	}
	ov, _ = app.Store.RoundOverview(context.Background(), cr.round)
	if len(ov.Participations) != 7 {
		t.Errorf("%d participations after admitting two", len(ov.Participations))
	}
}

var kilometres = regexp.MustCompile(`, (\d+) km$`)

// TestBrowserMentorPicker: a group's mentor picker offers organisations of
// earlier rounds, nearest first and not all of them, and finds others by a
// search that works without JavaScript.
func TestBrowserMentorPicker(t *testing.T) {
	app, c := staffClient(t)
	cr := newCorrectionRound(t, app, c)
	b := browsertest.New(t)
	if status := browserLogin(t, b, app, "ledare@skr.example", testPassword); status != 200 {
		t.Fatalf("login: %d", status)
	}
	b.Visit(t, app.URL+cr.group)
	n := b.Count(t, "input[name=mentor_organisation]")
	if n == 0 || n > 25 {
		t.Fatalf("%d mentor candidates, want 1–25", n)
	}
	last := -1
	for i := 0; i < n; i++ {
		label := b.Text(t, `label[for="mentor_organisation-`+strconv.Itoa(i)+`"]`)
		if !strings.Contains(label, "tidigare omgång") || strings.Contains(label, "inte med") {
			t.Errorf("candidate %d is not from an earlier round: %q", i, label)
		}
		if strings.HasPrefix(label, "Region ") {
			t.Errorf("candidate %d for a municipal group is a region: %q", i, label)
		}
		m := kilometres.FindStringSubmatch(label)
		if m == nil {
			t.Errorf("candidate %d has no distance: %q", i, label)
			continue
		}
		km, _ := strconv.Atoi(m[1])
		if km < last {
			t.Errorf("candidate %d (%q) is nearer than the one before it", i, label)
		}
		last = km
	}
	b.Axe(t)
	shots(t, b, "mentor-picker")

	b.Fill(t, "#mentor_q", "Stockholm")
	b.Submit(t, `form[aria-label="Sök mentor"]`)
	if got := b.Text(t, "#mentor_organisation"); !strings.Contains(got, "Stockholm – inte med i någon tidigare omgång") {
		t.Fatalf("search for Stockholm: %q", got)
	}
	if b.Count(t, `main a[href$="#mentor"]`) != 1 {
		t.Error("no way back to the suggestions after a search")
	}
	b.Axe(t)
	shots(t, b, "mentor-picker-search")
	b.Click(t, `input[name=mentor_organisation][value="`+strconv.FormatInt(app.orgID(t, "stockholm"), 10)+`"]`)
	b.Submit(t, `form[action$="/mentorer"]`)
	if got := b.Text(t, "#override_reason-error"); !strings.Contains(got, "Stockholm har inte deltagit i någon tidigare omgång.") {
		t.Fatalf("override: %q", got)
	}
	if b.Count(t, `input[name=mentor_organisation][value="`+strconv.FormatInt(app.orgID(t, "stockholm"), 10)+`"]:checked`) != 1 {
		t.Error("the chosen mentor is not kept")
	}
}
