package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// TestBrowserTwoEditAMeetingAtOnce: a project leader has a meeting's page
// open while a colleague saves a new place. Their own save then shows the
// conflict notice, the colleague's place beside theirs, with what they
// typed still in the form; saving again overwrites knowingly.
func TestBrowserTwoEditAMeetingAtOnce(t *testing.T) {
	ctx := context.Background()
	app := newTestApp(t)
	app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	app.addUser(t, portal.UserProjectLeader, "kollega@skr.example")
	colleague := app.client(t)
	colleague.login("kollega@skr.example", testPassword)
	round := mustRound(t, app, "2019")
	first, _ := round.Span()
	m, err := app.Store.SaveMeeting(ctx, store.System("test"), portal.LearningMeeting{RoundID: round.ID,
		Kind: portal.MeetingStrategists, HeldOn: first.AddDate(0, 0, 40), Place: "Fagersta"})
	if err != nil {
		t.Fatal(err)
	}
	page := roundPath(round.ID, "/traffar/"+strconv.FormatInt(m.ID, 10))

	b := browsertest.New(t)
	if status := browserLogin(t, b, app, "ledare@skr.example", testPassword); status != 200 {
		t.Fatalf("login: %d", status)
	}
	b.Visit(t, app.URL+page)
	form := url.Values{"version": {strconv.Itoa(m.Version)}, "kind": {string(m.Kind)}, "held_on": {m.HeldOn.Format(time.DateOnly)},
		"place": {"Avesta"}, "host": {strconv.FormatInt(app.orgID(t, "fagersta"), 10)}}
	if res := colleague.post(page, form); res.Status != http.StatusSeeOther {
		t.Fatalf("colleague's save: %d %s", res.Status, textOf(res.Body))
	}

	b.Fill(t, "#place", "Hedemora")
	b.Select(t, "#host", strconv.FormatInt(app.orgID(t, "botkyrka"), 10))
	if status := b.Submit(t, "main form"); status != http.StatusConflict {
		t.Fatalf("stale save: %d, want 409", status)
	}
	if got := b.Text(t, "#conflict-title"); got != "Någon annan har ändrat uppgifterna medan du redigerade" {
		t.Errorf("notice title %q", got)
	}
	if got := b.Text(t, ".error-summary tbody"); !strings.Contains(got, "Plats") || !strings.Contains(got, "Avesta") ||
		!strings.Contains(got, "Hedemora") {
		t.Errorf("notice rows %q, want Plats with Avesta and Hedemora", got)
	}
	// The host is chosen by id; the notice names it.
	if got := b.Text(t, ".error-summary tbody tr:nth-child(2)"); strings.Join(strings.Fields(got), " ") != "Värd Fagersta Botkyrka" {
		t.Errorf("host row %q, want the hosts named", got)
	}
	if got := b.Attr(t, "#place", "value"); got != "Hedemora" {
		t.Errorf("place typed %q, want it kept", got)
	}
	// The notice stands clear of the site's header, as every page's
	// content does.
	if gap := browsertest.Eval[float64](t, b, `document.querySelector("main").firstElementChild.getBoundingClientRect().top -
		document.querySelector("header").getBoundingClientRect().bottom`); gap < 16 {
		t.Errorf("the notice starts %.0f px below the header, want at least 16", gap)
	}
	b.Axe(t)
	for _, width := range []int{360, 1366} {
		b.Viewport(t, width, 900)
		b.Screenshot(t, filepath.Join(screenshotDir(t), fmt.Sprintf("meeting-conflict-%d.png", width)))
	}

	b.Submit(t, "main form")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "är sparad") {
		t.Fatalf("saving again: %q", got)
	}
	if stored, _ := app.Store.MeetingByID(ctx, m.ID); stored.Place != "Hedemora" {
		t.Errorf("stored place %q, want the second save's", stored.Place)
	}
}
