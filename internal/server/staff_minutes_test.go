package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// minutesFixture is the 2019 round with a meeting held in it, hosted by
// Fagersta, and one yet to come.
type minutesFixture struct {
	round              portal.Round
	held, coming       portal.LearningMeeting
	host, other, alien int64 // Fagersta; another participant; an organisation not in the round
}

func newMinutesFixture(t *testing.T, app *testApp) minutesFixture {
	t.Helper()
	ctx := context.Background()
	f := minutesFixture{round: mustRound(t, app, "2019"), host: app.orgID(t, "fagersta")}
	pool := app.Store.Pool
	if err := pool.QueryRow(ctx, `
		SELECT p.organisation_id FROM participations p
		WHERE p.round_id = $1 AND p.role = 'participant' AND NOT p.withdrawn AND p.organisation_id <> $2
		ORDER BY p.id LIMIT 1`, f.round.ID, f.host).Scan(&f.other); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `
		SELECT id FROM organisations WHERE id NOT IN (SELECT organisation_id FROM participations WHERE round_id = $1)
		ORDER BY id LIMIT 1`, f.round.ID).Scan(&f.alien); err != nil {
		t.Fatal(err)
	}
	var err error
	if f.held, err = app.Store.SaveMeeting(ctx, store.System("test"), portal.LearningMeeting{RoundID: f.round.ID,
		Kind: portal.MeetingBenchmarking1, HeldOn: mustDate("2019-03-12"), Place: "Fagersta", HostID: f.host}); err != nil {
		t.Fatal(err)
	}
	if f.coming, err = app.Store.SaveMeeting(ctx, store.System("test"), portal.LearningMeeting{RoundID: f.round.ID,
		Kind: portal.MeetingBenchmarking2, HeldOn: time.Now().AddDate(0, 0, 20), Place: "Fagersta", HostID: f.host}); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f minutesFixture) staffPath(m portal.LearningMeeting) string {
	return roundPath(f.round.ID, "/traffar/"+strconv.FormatInt(m.ID, 10)+"/protokoll")
}

func countRows(t *testing.T, app *testApp, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := app.Store.Pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMinutesValidation refuses bad minutes and outcomes with a message
// beside the field, keeping what was typed and storing nothing, and stores
// good ones with an audit entry.
func TestMinutesValidation(t *testing.T) {
	app, c := staffClient(t)
	f := newMinutesFixture(t, app)
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	cases := []struct {
		name    string
		path    string
		form    url.Values
		field   string // where the message stands; "" for a save
		message string
		kept    string // what the form must still hold
	}{
		{"task without owner", f.staffPath(f.held) + "/utfall",
			url.Values{"kind": {"task"}, "text": {"Skicka underlaget"}, "due_on": {"2019-04-01"}},
			"owner", "En uppföljningsuppgift behöver en ansvarig organisation", "Skicka underlaget"},
		{"task without due date", f.staffPath(f.held) + "/utfall",
			url.Values{"kind": {"task"}, "text": {"Skicka underlaget"}, "owner": {id(f.host)}},
			"due_on", "En uppföljningsuppgift behöver ett datum", "Skicka underlaget"},
		{"task with a date that is none", f.staffPath(f.held) + "/utfall",
			url.Values{"kind": {"task"}, "text": {"Skicka underlaget"}, "owner": {id(f.host)}, "due_on": {"1 april"}},
			"due_on", "ska vara ett datum i formen ÅÅÅÅ-MM-DD", `value="1 april"`},
		{"owner not invited", f.staffPath(f.held) + "/utfall",
			url.Values{"kind": {"task"}, "text": {"Skicka underlaget"}, "owner": {id(f.alien)}, "due_on": {"2019-04-01"}},
			"owner", "måste vara en av dem som träffen var för", "Skicka underlaget"},
		{"no kind", f.staffPath(f.held) + "/utfall", url.Values{"text": {"Något"}},
			"kind", "Välj om utfallet är information", "Något"},
		{"outcome before the meeting", f.staffPath(f.coming) + "/utfall",
			url.Values{"kind": {"decision"}, "text": {"Beslut i förväg"}},
			"text", "Träffen har inte hållits än", "Beslut i förväg"},
		{"minutes before the meeting", f.staffPath(f.coming),
			url.Values{"version": {"0"}, "minutes": {"Protokoll i förväg"}},
			"minutes", "Träffen har inte hållits än", "Protokoll i förväg"},
		{"minutes", f.staffPath(f.held), url.Values{"version": {"0"}, "minutes": {"Vi gick igenom väntetiderna."}}, "", "", ""},
		{"decision", f.staffPath(f.held) + "/utfall", url.Values{"kind": {"decision"}, "text": {"Gruppen mäter väntetider."}}, "", "", ""},
		{"task", f.staffPath(f.held) + "/utfall",
			url.Values{"kind": {"task"}, "text": {"Skicka underlaget"}, "owner": {id(f.other)}, "due_on": {"2019-04-01"}}, "", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := countRows(t, app, `SELECT (SELECT count(*) FROM meeting_outcomes) + (SELECT count(*) FROM meeting_minutes)`)
			res := c.post(tc.path, tc.form)
			after := countRows(t, app, `SELECT (SELECT count(*) FROM meeting_outcomes) + (SELECT count(*) FROM meeting_minutes)`)
			if tc.field == "" {
				if res.Status != http.StatusSeeOther || after != before+1 {
					t.Fatalf("save: %d, %d rows before and %d after: %s", res.Status, before, after, textOf(res.Body))
				}
				return
			}
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d; want 422", res.Status)
			}
			if !strings.Contains(res.Body, `id="`+tc.field+`-error"`) || !strings.Contains(textOf(res.Body), tc.message) {
				t.Errorf("no message %q beside %s: %s", tc.message, tc.field, textOf(res.Body))
			}
			if !strings.Contains(res.Body, tc.kept) {
				t.Errorf("the form lost %q", tc.kept)
			}
			if after != before {
				t.Errorf("a refused form stored %d rows", after-before)
			}
		})
	}
	if n := countRows(t, app, `SELECT count(*) FROM audit_log WHERE table_name IN ('meeting_minutes', 'meeting_outcomes')`); n != 3 {
		t.Errorf("%d audit entries; want 3", n)
	}
	page := textOf(c.get(f.staffPath(f.held)).Body)
	for _, want := range []string{"Vi gick igenom väntetiderna.", "Beslut: Gruppen mäter väntetider.", "Uppföljningsuppgift: Skicka underlaget", "klar senast 1 april 2019", "Försenad"} {
		if !strings.Contains(page, want) {
			t.Errorf("the minutes page lacks %q: %s", want, page)
		}
	}
	if page := c.get("/personal/historik/meeting_minutes/" + id(f.held.ID)); page.Status != http.StatusOK ||
		!strings.Contains(textOf(page.Body), "Vi gick igenom väntetiderna.") {
		t.Errorf("the minutes' history: %d %s", page.Status, textOf(page.Body))
	}
	// A meeting with minutes is history: removing it is refused.
	meetingPath := roundPath(f.round.ID, "/traffar/"+id(f.held.ID))
	if page := textOf(c.get(meetingPath + "/ta-bort").Body); !strings.Contains(page, "3 protokoll och utfall är registrerade") {
		t.Errorf("the removal page does not name the minutes: %s", page)
	}
	res := c.post(meetingPath+"/ta-bort", url.Values{"version": {strconv.Itoa(f.held.Version)}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.Status)
	}
	if page := textOf(c.get(res.Location).Body); !strings.Contains(page, "Lärandeträffen har registrerad historik och togs inte bort.") {
		t.Errorf("no refusal: %s", page)
	}
	if _, err := app.Store.MeetingByID(context.Background(), f.held.ID); err != nil {
		t.Errorf("the meeting with minutes was removed: %v", err)
	}
	// Someone else saved the minutes meanwhile: both versions are shown.
	res = c.post(f.staffPath(f.held), url.Values{"version": {"0"}, "minutes": {"Min version"}})
	if res.Status != http.StatusConflict || !strings.Contains(textOf(res.Body), "Vi gick igenom väntetiderna.") || !strings.Contains(res.Body, "Min version") {
		t.Errorf("stale minutes: %d %s", res.Status, textOf(res.Body))
	}
}

// TestTasksOnOwnersPage shows a task on the owning organisation's page
// until its contact marks it done, flags it on the round's dashboard while
// overdue, and keeps it from another organisation's contact, who can
// neither see nor mark it; only the host's contacts write the minutes.
func TestTasksOnOwnersPage(t *testing.T) {
	app, staff := staffClient(t)
	ctx := context.Background()
	f := newMinutesFixture(t, app)
	owner, err := app.Store.AddOutcome(ctx, store.System("test"), portal.MeetingOutcome{MeetingID: f.held.ID, Kind: portal.OutcomeTask,
		Body: "Ta fram könsuppdelad statistik", OwnerID: f.other, DueOn: &f.held.HeldOn})
	if err != nil {
		t.Fatal(err)
	}
	ownerContact := app.client(t)
	app.addUser(t, portal.UserContact, "kontakt@agare.example", orgSlug(t, app, f.other))
	ownerContact.login("kontakt@agare.example", testPassword)
	hostContact := app.client(t)
	app.addUser(t, portal.UserContact, "kontakt@fagersta.example", "fagersta")
	hostContact.login("kontakt@fagersta.example", testPassword)

	ownerPage := orgPath(f.other, "")
	if page := textOf(ownerContact.get(ownerPage).Body); !strings.Contains(page, "Ta fram könsuppdelad statistik") || !strings.Contains(page, "Försenad") {
		t.Fatalf("the owner's page lacks the task: %s", page)
	}
	dashboard := roundPath(f.round.ID, "")
	if page := textOf(staff.get(dashboard).Body); !strings.Contains(page, "Försenade uppföljningsuppgifter (1)") || !strings.Contains(page, "Ta fram könsuppdelad statistik") {
		t.Errorf("the dashboard does not flag the overdue task: %s", page)
	}

	// Another organisation's contact: not on their page, not to be marked
	// through their own organisation's URL, and the owner's page is closed.
	if page := textOf(hostContact.get(orgPath(f.host, "")).Body); strings.Contains(page, "Ta fram könsuppdelad statistik") {
		t.Error("another organisation's page shows the task")
	}
	if res := hostContact.get(ownerPage); res.Status != http.StatusForbidden {
		t.Errorf("another contact opened the owner's page: %d", res.Status)
	}
	done := "/uppgifter/" + strconv.FormatInt(owner.ID, 10) + "/klar"
	if res := hostContact.post(orgPath(f.host, done), url.Values{}); res.Status != http.StatusNotFound {
		t.Errorf("another contact marking the task: %d; want 404", res.Status)
	}
	if res := hostContact.post(orgPath(f.other, done), url.Values{}); res.Status != http.StatusForbidden {
		t.Errorf("another contact marking through the owner's URL: %d; want 403", res.Status)
	}
	if o, _ := app.Store.OutcomeByID(ctx, owner.ID); o.DoneAt != nil {
		t.Fatal("another organisation's contact marked the task done")
	}

	// Only the host's contacts reach the minutes page under their
	// organisation.
	hostMinutes := orgPath(f.host, "/traffar/"+strconv.FormatInt(f.held.ID, 10)+"/protokoll")
	if res := hostContact.get(hostMinutes); res.Status != http.StatusOK || !strings.Contains(textOf(res.Body), "Ta fram könsuppdelad statistik") {
		t.Errorf("the host's minutes page: %d", res.Status)
	}
	if res := ownerContact.get(orgPath(f.other, "/traffar/"+strconv.FormatInt(f.held.ID, 10)+"/protokoll")); res.Status != http.StatusNotFound {
		t.Errorf("a contact of an organisation that did not host the meeting: %d; want 404", res.Status)
	}
	res := hostContact.post(hostMinutes+"/utfall", url.Values{"kind": {"task"}, "text": {"Boka lokal"}, "owner": {strconv.FormatInt(f.host, 10)},
		"due_on": {time.Now().AddDate(0, 1, 0).Format(time.DateOnly)}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("the host's contact adding a task: %d %s", res.Status, textOf(res.Body))
	}
	if page := textOf(hostContact.get(orgPath(f.host, "")).Body); !strings.Contains(page, "Boka lokal") || !strings.Contains(page, "Pågår") {
		t.Errorf("the host's own task is not on its page: %s", page)
	}

	var boka int64
	if err := app.Store.Pool.QueryRow(ctx, `SELECT id FROM meeting_outcomes WHERE body = 'Boka lokal'`).Scan(&boka); err != nil {
		t.Fatal(err)
	}
	bokaPath := "/utfall/" + strconv.FormatInt(boka, 10)
	if res := ownerContact.post(orgPath(f.other, "/traffar/"+strconv.FormatInt(f.held.ID, 10)+"/protokoll"+bokaPath+"/ta-bort"), url.Values{}); res.Status != http.StatusNotFound {
		t.Errorf("a contact of another organisation removing the host's outcome: %d; want 404", res.Status)
	}
	// Staff mark a task done from the minutes page.
	if res := staff.post(f.staffPath(f.held)+bokaPath+"/klar", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("staff marking done: %d", res.Status)
	}
	if o, _ := app.Store.OutcomeByID(ctx, boka); o.DoneAt == nil {
		t.Error("staff could not mark the task done")
	}
	// Marked done by mistake: the host's contact, who owns it, opens it
	// again from the minutes; another organisation's contact cannot.
	reopen := "/uppgifter/" + strconv.FormatInt(boka, 10) + "/oppna"
	if page := hostContact.get(hostMinutes).Body; !strings.Contains(page, `action="`+orgPath(f.host, reopen)+`"`) {
		t.Errorf("the host's minutes page offers no way to open the task again")
	}
	if res := ownerContact.post(orgPath(f.other, reopen), url.Values{}); res.Status != http.StatusNotFound {
		t.Errorf("another contact opening the task again: %d; want 404", res.Status)
	}
	if o, _ := app.Store.OutcomeByID(ctx, boka); o.DoneAt == nil {
		t.Fatal("another organisation's contact opened the task again")
	}
	if res := hostContact.post(orgPath(f.host, reopen), url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("opening again: %d", res.Status)
	}
	if page := textOf(hostContact.get(orgPath(f.host, "")).Body); !strings.Contains(page, "Boka lokal") {
		t.Errorf("the task opened again is not back on the page: %s", page)
	}
	// Staff can do both from the minutes page.
	staff.post(f.staffPath(f.held)+bokaPath+"/klar", url.Values{})
	if res := staff.post(f.staffPath(f.held)+bokaPath+"/oppna", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("staff opening again: %d", res.Status)
	}
	if o, _ := app.Store.OutcomeByID(ctx, boka); o.DoneAt != nil {
		t.Error("staff could not open the task again")
	}
	if n := countRows(t, app, `SELECT count(*) FROM audit_log WHERE table_name = 'meeting_outcomes' AND record_id = $1 AND action = 'reopen'`, boka); n != 2 {
		t.Errorf("%d audit entries for opening again; want 2", n)
	}
	// The host's contact removes it, asked first.
	remove := hostMinutes + bokaPath + "/ta-bort"
	if page := hostContact.get(remove); page.Status != http.StatusOK || !strings.Contains(textOf(page.Body), "Ta bort uppföljningsuppgift ur protokollet?") {
		t.Errorf("the removal's question: %d %s", page.Status, textOf(page.Body))
	}
	if res := hostContact.post(remove, url.Values{}); res.Status != http.StatusSeeOther || res.Location != hostMinutes {
		t.Fatalf("removal: %d to %q, want 303 to %q", res.Status, res.Location, hostMinutes)
	}
	if page := textOf(hostContact.get(hostMinutes).Body); !strings.Contains(page, "Uppföljningsuppgift ”Boka lokal” är borttagen.") {
		t.Errorf("the minutes page does not say the task is removed: %s", page)
	}
	if _, err := app.Store.OutcomeByID(ctx, boka); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the removed outcome is still there: %v", err)
	}
	if n := countRows(t, app, `SELECT count(*) FROM audit_log WHERE table_name = 'meeting_outcomes' AND record_id = $1 AND action = 'delete'`, boka); n != 1 {
		t.Errorf("%d audit entries for the removal; want 1", n)
	}

	// The owner's contact marks it done: gone from the page and the
	// dashboard, and audited.
	if res := ownerContact.post(orgPath(f.other, done), url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("marking done: %d", res.Status)
	}
	if page := textOf(ownerContact.get(ownerPage).Body); !strings.Contains(page, "Uppgiften ”Ta fram könsuppdelad statistik” är klar.") ||
		strings.Contains(page, "Uppföljningsuppgifter från lärandeträffar") {
		t.Errorf("a done task is still on the owner's page: %s", page)
	}
	if page := textOf(staff.get(dashboard).Body); strings.Contains(page, "Försenade uppföljningsuppgifter") {
		t.Error("a done task is still flagged on the dashboard")
	}
	if n := countRows(t, app, `SELECT count(*) FROM audit_log WHERE table_name = 'meeting_outcomes' AND record_id = $1 AND action = 'done'`, owner.ID); n != 1 {
		t.Errorf("%d audit entries for marking done; want 1", n)
	}
}

func orgSlug(t *testing.T, app *testApp, id int64) string {
	t.Helper()
	var slug string
	if err := app.Store.Pool.QueryRow(context.Background(), `SELECT slug FROM organisations WHERE id = $1`, id).Scan(&slug); err != nil {
		t.Fatal(err)
	}
	return slug
}

// addMinutesFor gives a held meeting minutes, a decision and an overdue
// task for owner, so the pages that show them have them to show. It
// returns the task's id.
func addMinutesFor(t *testing.T, app *testApp, m portal.LearningMeeting, owner int64) int64 {
	t.Helper()
	ctx := context.Background()
	if _, err := app.Store.SaveMinutes(ctx, store.System("test"), m.ID, 0, "Vi gick igenom väntetiderna i hemtjänsten."); err != nil {
		t.Fatal(err)
	}
	due := m.HeldOn.AddDate(0, 1, 0)
	var task int64
	for _, o := range []portal.MeetingOutcome{
		{MeetingID: m.ID, Kind: portal.OutcomeDecision, Body: "Gruppen mäter väntetider per kön."},
		{MeetingID: m.ID, Kind: portal.OutcomeTask, Body: "Skicka könsuppdelad statistik till gruppen", OwnerID: owner, DueOn: &due},
	} {
		saved, err := app.Store.AddOutcome(ctx, store.System("test"), o)
		if err != nil {
			t.Fatal(err)
		}
		task = saved.ID
	}
	return task
}
