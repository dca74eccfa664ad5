package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// groupOf is the id of the 2019 group the organisation is a member of.
func groupOf(t *testing.T, app *testApp, slug string) int64 {
	t.Helper()
	var id int64
	if err := app.Store.Pool.QueryRow(context.Background(), `
		SELECT gm.group_id FROM group_members gm JOIN rounds r ON r.id = gm.round_id JOIN organisations o ON o.id = gm.organisation_id
		WHERE r.slug = '2019' AND o.slug = $1`, slug).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// addMeeting adds a meeting of the 2019 round in days from now, for the
// group when group is not 0.
func addMeeting(t *testing.T, app *testApp, days int, place string, group int64) {
	t.Helper()
	kind, gid := "learning", any(nil)
	if group != 0 {
		kind, gid = "group-meeting", group
	}
	if _, err := app.Store.Pool.Exec(context.Background(), `
		INSERT INTO learning_meetings (round_id, held_on, place, kind, group_id)
		SELECT id, $1, $2, $3, $4 FROM rounds WHERE slug = '2019'`,
		time.Now().AddDate(0, 0, days).Format(time.DateOnly), place, kind, gid); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserContactMentorAndMeetings: a contact of one organisation goes
// straight to its page; a mentor's page shows the group it mentors, with
// members and meetings; upcoming meetings say which round and group they
// belong to, and another group's own meeting is not shown. A contact of two
// organisations still chooses.
func TestBrowserContactMentorAndMeetings(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserContact, "kontakt@hedemora.example", "hedemora")
	app.addUser(t, portal.UserContact, "kontakt@tva.example", "fagersta", "botkyrka")
	group := groupOf(t, app, "fagersta")
	other := groupOf(t, app, "botkyrka")
	if group == other {
		t.Fatal("Fagersta and Botkyrka share a group; the test needs two")
	}
	addMeeting(t, app, 20, "Stadshuset, Fagersta", group)
	addMeeting(t, app, 30, "Folkets hus, Botkyrka", other)
	addMeeting(t, app, 40, "SKR, Stockholm", 0)

	b := browsertest.New(t)
	browserLogin(t, b, app, "kontakt@hedemora.example", testPassword)
	hedemora := app.URL + "/mina-sidor/organisationer/" + strconv.FormatInt(app.orgID(t, "hedemora"), 10)
	if got := b.URL(t); got != hedemora {
		t.Errorf("after sign-in at %s, want Hedemora's page %s", got, hedemora)
	}
	main := b.Text(t, "main")
	for _, want := range []string{
		"Mentor för grupp", "Deltagare: Askersund och Fagersta",
		"Gruppens kommande lärandeträffar", "Stadshuset, Fagersta", "SKR, Stockholm",
	} {
		if !strings.Contains(main, want) {
			t.Errorf("Hedemora's page lacks %q:\n%s", want, main)
		}
	}
	if strings.Contains(main, "Folkets hus, Botkyrka") {
		t.Error("Hedemora's page shows another group's own meeting")
	}
	upcoming := b.Text(t, "main ul:first-of-type")
	for _, want := range []string{"Gruppens egen träff, Modellkommuner och modellregioner 2019, grupp Askersund och Fagersta – Stadshuset, Fagersta", "Stadshuset, Fagersta"} {
		if !strings.Contains(upcoming, want) {
			t.Errorf("upcoming meetings lack %q:\n%s", want, upcoming)
		}
	}
	b.Axe(t)

	two := b.NewTab(t)
	browserLogin(t, two, app, "kontakt@tva.example", testPassword)
	if got := two.Text(t, "h1"); got != "Mina sidor" {
		t.Errorf("a contact of two organisations lands on %q, want the list", got)
	}
	if n := two.Count(t, `main a[href^="/mina-sidor/organisationer/"]`); n != 2 {
		t.Errorf("%d organisations listed, want 2", n)
	}
}

// TestBrowserContactErasesDelegateAfterConfirming: erasing a delegate asks
// first on a page of its own; cancelling changes nothing, confirming erases
// and is audited.
func TestBrowserContactErasesDelegateAfterConfirming(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserContact, "kontakt@fagersta.example", "fagersta")
	pid := participationID(t, app, "2019", "fagersta")
	d, err := app.Store.SaveDelegate(context.Background(), store.System("test"), portal.Delegate{ParticipationID: pid,
		Level: portal.LevelManager, Name: "Max Chef", Email: "max@fagersta.example"})
	if err != nil {
		t.Fatal(err)
	}
	delegatePage := app.URL + orgPath(app.orgID(t, "fagersta"), "/delegater/"+strconv.FormatInt(d.ID, 10))
	exists := func() bool {
		var n int
		_ = app.Store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM delegates WHERE id = $1`, d.ID).Scan(&n)
		return n == 1
	}

	b := browsertest.New(t)
	browserLogin(t, b, app, "kontakt@fagersta.example", testPassword)
	b.Visit(t, delegatePage)
	if n := b.Count(t, `main form button.button-warning`); n != 0 {
		t.Error("the delegate form still erases with one click")
	}
	b.Follow(t, `main a.button-warning[href$="/radera"]`)
	if got := b.Text(t, "h1"); got != "Radera Max Chef?" {
		t.Fatalf("confirmation page h1 %q", got)
	}
	if main := b.Text(t, "main"); !strings.Contains(main, "för gott") || !strings.Contains(main, "Modellkommuner och modellregioner 2019") {
		t.Errorf("confirmation page does not say what goes:\n%s", main)
	}
	b.Axe(t)
	b.Follow(t, `main a[href$="/delegater/`+strconv.FormatInt(d.ID, 10)+`"]`)
	if got := b.URL(t); got != delegatePage || !exists() {
		t.Fatalf("cancel led to %s; delegate still there: %v", got, exists())
	}

	b.Follow(t, `main a.button-warning[href$="/radera"]`)
	b.Submit(t, "main form.confirm")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "Max Chef är raderad ur delegationen.") {
		t.Errorf("after confirming: %q", got)
	}
	if exists() {
		t.Error("the delegate was not erased")
	}
	var audited int
	_ = app.Store.Pool.QueryRow(context.Background(),
		`SELECT count(*) FROM audit_log WHERE action = 'erase' AND table_name = 'delegates' AND record_id = $1`, d.ID).Scan(&audited)
	if audited != 1 {
		t.Errorf("%d audit entries for the erasure, want 1", audited)
	}
	if status := b.Visit(t, delegatePage+"/radera"); status != http.StatusNotFound {
		t.Errorf("confirmation page of an erased delegate: %d, want 404", status)
	}
}

// TestBrowserContactMovesWorkOneStepAtATime: the work's page moves it to
// the next status with one click; following up asks for the date and what
// the follow-up found, with the message beside the field and what was
// typed kept.
func TestBrowserContactMovesWorkOneStepAtATime(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserContact, "kontakt@fagersta.example", "fagersta")
	pid := participationID(t, app, "2019", "fagersta")
	w, err := app.Store.SaveImprovementWork(context.Background(), store.System("test"), portal.ImprovementWork{ParticipationID: pid,
		Title: "Jämställd biståndsbedömning", Status: portal.WorkPlanned})
	if err != nil {
		t.Fatal(err)
	}
	workPage := app.URL + orgPath(app.orgID(t, "fagersta"), "/forbattringsarbeten/"+strconv.FormatInt(w.ID, 10))
	status := func() portal.WorkStatus {
		got, err := app.Store.ImprovementWorkByID(context.Background(), w.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Status
	}

	b := browsertest.New(t)
	browserLogin(t, b, app, "kontakt@fagersta.example", testPassword)
	b.Visit(t, workPage)
	for _, step := range []struct {
		button string
		want   portal.WorkStatus
	}{
		{"Markera som pågår", portal.WorkInProgress},
		{"Markera som genomfört", portal.WorkImplemented},
		{"Markera som spritt", portal.WorkSpread},
	} {
		if got := b.Text(t, "section.next-status button"); got != step.button {
			t.Fatalf("next-step button %q, want %q", got, step.button)
		}
		b.Submit(t, "section.next-status form")
		if got := status(); got != step.want {
			t.Fatalf("after %q: status %s", step.button, got)
		}
		if got := b.URL(t); got != workPage {
			t.Errorf("after %q at %s, want the work's page", step.button, got)
		}
	}
	b.Axe(t)

	// Following up without the date and findings is refused.
	b.Submit(t, "section.next-status form")
	if got := b.Text(t, "#next_follow_up_on-error"); !strings.Contains(got, "Ange när arbetet följdes upp") {
		t.Errorf("date error %q", got)
	}
	if got := b.Text(t, "#next_follow_up-error"); !strings.Contains(got, "Beskriv vad uppföljningen visade.") {
		t.Errorf("findings error %q", got)
	}
	b.Axe(t)
	b.Fill(t, "#next_follow_up_on", "i december")
	b.Fill(t, "#next_follow_up", "Kvinnor och män får nu lika mycket hemtjänst för samma behov.")
	b.Submit(t, "section.next-status form")
	if got := b.Text(t, "#next_follow_up_on-error"); !strings.Contains(got, "ÅÅÅÅ-MM-DD") {
		t.Errorf("bad date error %q", got)
	}
	if got := browsertest.Eval[string](t, b, `document.querySelector("#next_follow_up").value`); !strings.Contains(got, "lika mycket hemtjänst") {
		t.Errorf("findings not kept: %q", got)
	}
	if got := status(); got != portal.WorkSpread {
		t.Fatalf("refused step changed the status to %s", got)
	}
	b.Fill(t, "#next_follow_up_on", "2026-10-01")
	b.Submit(t, "section.next-status form")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "är markerat som uppföljt") {
		t.Errorf("after following up: %q", got)
	}
	got, _ := app.Store.ImprovementWorkByID(context.Background(), w.ID)
	if got.Status != portal.WorkFollowedUp || got.FollowUpOn == nil || got.FollowUpOn.Format(time.DateOnly) != "2026-10-01" ||
		!strings.Contains(got.FollowUp, "lika mycket hemtjänst") {
		t.Errorf("stored after following up: %s %v %q", got.Status, got.FollowUpOn, got.FollowUp)
	}
	if n := b.Count(t, "section.next-status"); n != 0 {
		t.Error("a followed-up work still offers a next step")
	}
	if v := b.Attr(t, "#follow_up_on", "value"); v != "2026-10-01" {
		t.Errorf("the work's page shows follow-up date %q", v)
	}
}
