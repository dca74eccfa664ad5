package server

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// TestBrowserLearningMeetingDoneWhen is issue 16's "done when", clicked
// through in a browser with axe on every page: a project leader lays out a
// round's meetings, moves one to tomorrow with a host and sends its
// invitation (the outbox holds a mail whose .ics part reads back with the
// meeting's UID, times and time zone); the delegate replies through the
// personal link without signing in and sends a substitute; the meeting's
// page shows it and, after the meeting, offers the substitute as having
// come, which staff record. The project leader then writes minutes and a
// follow-up task, refused first without its owner; the task appears on the
// owning organisation's page for its contact, is flagged on the dashboard
// once overdue, and goes when the contact marks it done.
func TestBrowserLearningMeetingDoneWhen(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	round := mustRound(t, app, "2019")
	ov, err := app.Store.RoundOverview(ctx, round)
	if err != nil {
		t.Fatal(err)
	}
	var p portal.Participation
	for _, x := range ov.Participations {
		if !x.Withdrawn && x.Role == portal.RoleParticipant {
			p = x
			break
		}
	}
	org := p.Organisation
	petra, err := app.Store.SaveDelegate(ctx, store.System("test"), portal.Delegate{ParticipationID: p.ID, Level: portal.LevelPolitician,
		Name: "Petra Politiker", Email: "petra@klartill.example"})
	if err != nil {
		t.Fatal(err)
	}
	petraID := petra.ID
	app.addUser(t, portal.UserContact, "kontakt@klartill.example", orgSlug(t, app, org.ID))
	shots := map[string]string{}
	shoot := func(b *browsertest.Browser, name string) {
		t.Helper()
		for _, width := range []int{360, 1366} {
			b.Viewport(t, width, 900)
			b.Screenshot(t, filepath.Join(screenshotDir(t), fmt.Sprintf("%s-%d.png", name, width)))
		}
		b.Viewport(t, 1366, 900)
	}

	// The project leader lays out the standard meetings.
	b := browsertest.New(t)
	if status := browserLogin(t, b, app, "ledare@skr.example", testPassword); status != 200 {
		t.Fatalf("login: %d", status)
	}
	dashboard := app.URL + roundPath(round.ID, "")
	before, _ := app.Store.RoundMeetings(ctx, round.ID)
	b.Visit(t, dashboard)
	b.Axe(t)
	b.Follow(t, `a[href$="/traffar/standard"]`)
	b.Axe(t)
	b.Submit(t, "main form")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "8 träffar är utlagda.") {
		t.Fatalf("after laying out: %q", got)
	}
	b.Axe(t)
	after, _ := app.Store.RoundMeetings(ctx, round.ID)
	if len(after) != len(before)+8 {
		t.Fatalf("%d meetings, want %d", len(after), len(before)+8)
	}
	var startUp portal.LearningMeeting
	for _, m := range after {
		if m.Kind == portal.MeetingStartUp {
			startUp = m
		}
	}

	// It is moved to tomorrow, given times and a host, and invited to.
	meetingURL := app.URL + roundPath(round.ID, "/traffar/"+strconv.FormatInt(startUp.ID, 10))
	b.Visit(t, meetingURL)
	b.Axe(t)
	tomorrow := portal.StockholmDay(time.Now()).AddDate(0, 0, 1)
	b.Fill(t, "#held_on", tomorrow.Format(time.DateOnly))
	b.Fill(t, "#starts", "10:00")
	b.Fill(t, "#ends", "15:30")
	b.Fill(t, "#place", "Kulturhuset")
	b.Fill(t, "#address", "Sergels torg 3, Stockholm")
	b.Select(t, "#host", strconv.FormatInt(org.ID, 10))
	b.Fill(t, "#date_reason", "Uppstarten flyttades när omgången förlängdes.")
	b.Submit(t, "main form")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "Uppstart den") {
		t.Fatalf("save: %q; %s", got, b.Text(t, "main"))
	}
	b.Submit(t, `form[action$="/inbjudan"]`)
	if got := b.Text(t, ".flash"); !strings.Contains(got, "Inbjudan ligger i utkorgen") {
		t.Fatalf("send: %q", got)
	}
	b.Axe(t)
	mails := outboxTo(t, app, "@klartill.example")
	if len(mails) != 1 {
		t.Fatalf("%d mails to the delegate, want 1", len(mails))
	}
	method, ev := parsedInvitation(t, mails[0])
	start, errStart := ev.GetStartAt()
	end, errEnd := ev.GetEndAt()
	dtstart := ev.GetProperty(ics.ComponentPropertyDtStart)
	wantStart := time.Date(tomorrow.Year(), tomorrow.Month(), tomorrow.Day(), 10, 0, 0, 0, portal.Stockholm)
	wantEnd := time.Date(tomorrow.Year(), tomorrow.Month(), tomorrow.Day(), 15, 30, 0, 0, portal.Stockholm)
	if method != "REQUEST" || ev.Id() != "traff-"+strconv.FormatInt(startUp.ID, 10)+"@modellportalen" {
		t.Errorf("invitation: method %s, UID %s", method, ev.Id())
	}
	if errStart != nil || errEnd != nil || !start.Equal(wantStart) || !end.Equal(wantEnd) ||
		len(dtstart.ICalParameters["TZID"]) != 1 || dtstart.ICalParameters["TZID"][0] != "Europe/Stockholm" {
		t.Errorf("invitation times: %v–%v (%v %v), DTSTART %v; want %v–%v in Europe/Stockholm", start, end, errStart, errEnd, dtstart, wantStart, wantEnd)
	}

	// The delegate answers through the link, never signed in.
	link := mails[0].Body[strings.Index(mails[0].Body, "/svar/"):]
	link = link[:strings.IndexAny(link, "\n ")]
	delegate := browsertest.New(t)
	delegate.Visit(t, app.URL+link)
	delegate.Axe(t)
	delegate.Click(t, "#answer-2")
	delegate.Fill(t, "#substitute_name", "Sara Ersättare")
	delegate.Select(t, "#substitute_level", "manager")
	delegate.Fill(t, "#substitute_email", "sara@klartill.example")
	delegate.Submit(t, "main form")
	if got := delegate.Text(t, ".flash"); !strings.Contains(got, "Tack, ditt svar är sparat.") {
		t.Fatalf("reply: %q", got)
	}
	delegate.Axe(t)
	b.Visit(t, meetingURL)
	if got := b.Text(t, "main table"); !strings.Contains(got, "Petra Politiker") || !strings.Contains(got, "Skickar Sara Ersättare (Chef)") {
		t.Errorf("the meeting's list lacks the substitute: %q", got)
	}
	b.Axe(t)

	// After the meeting the substitute is offered ticked as having come,
	// and staff record it.
	app.advance(48 * time.Hour)
	b.Visit(t, meetingURL)
	petraBox := `input[name="substitutes"][value="` + strconv.FormatInt(petraID, 10) + `"]`
	if !browsertest.Eval[bool](t, b, `document.querySelector('`+petraBox+`').checked`) ||
		!strings.Contains(b.Text(t, "#substitutes"), "Sara Ersättare (Chef) i stället för Petra Politiker") {
		t.Errorf("the substitute is not offered ticked: %q", b.Text(t, "#substitutes"))
	}
	b.Submit(t, "main form")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "Uppstart den") {
		t.Fatalf("attendance: %q; %s", got, b.Text(t, "main"))
	}
	if m, _ := app.Store.MeetingByID(ctx, startUp.ID); len(m.Substituted) != 1 || m.Substituted[0] != petraID {
		t.Errorf("substitute came not recorded: attendees %v, substituted %v", m.Attendees, m.Substituted)
	}
	b.Axe(t)

	// Minutes, and a task refused without its owner.
	b.Follow(t, `a[href$="/protokoll"]`)
	b.Axe(t)
	minutesURL := b.URL(t)
	b.Fill(t, "#minutes", "Delegationerna presenterade sig. Genomgång av programmets år.")
	b.Submit(t, `form[action$="/protokoll"]`)
	if got := b.Text(t, ".flash"); got != "Protokollet är sparat." {
		t.Fatalf("minutes: %q", got)
	}
	b.Click(t, "#kind-2")
	b.Fill(t, "#text", "Ta fram könsuppdelad statistik för hemtjänsten")
	due := portal.StockholmDay(app.now()).AddDate(0, 0, 7)
	b.Fill(t, "#due_on", due.Format(time.DateOnly))
	b.Submit(t, `form[action$="/utfall"]`)
	if got := b.Text(t, "#owner-error"); !strings.Contains(got, "En uppföljningsuppgift behöver en ansvarig organisation") {
		t.Fatalf("task without owner: %q", got)
	}
	if got := browsertest.Eval[string](t, b, `document.querySelector("#text").value`); got != "Ta fram könsuppdelad statistik för hemtjänsten" {
		t.Errorf("the text was not kept: %q", got)
	}
	b.Axe(t)
	shoot(b, "minutes-error")
	b.Select(t, "#owner", strconv.FormatInt(org.ID, 10))
	b.Submit(t, `form[action$="/utfall"]`)
	if got := b.Text(t, ".flash"); !strings.Contains(got, "Uppföljningsuppgiften är tillagd") {
		t.Fatalf("task: %q; %s", got, b.Text(t, "main"))
	}
	if got := b.Text(t, "main .task-list"); !strings.Contains(got, "Uppföljningsuppgift: Ta fram könsuppdelad statistik") || !strings.Contains(got, org.Name) {
		t.Errorf("the minutes page lacks the task: %q", got)
	}
	b.Axe(t)
	shots["minutes"] = minutesURL
	shots["minutes-remove"] = app.URL + b.Attr(t, `main .task-list a[href$="/ta-bort"]`, "href")

	// The owner's contact sees the task on the organisation's page, and
	// as the host's contact reaches the minutes.
	contact := delegate.NewTab(t)
	if status := browserLogin(t, contact, app, "kontakt@klartill.example", testPassword); status != 200 {
		t.Fatalf("contact login: %d", status)
	}
	orgURL := app.URL + orgPath(org.ID, "")
	contact.Visit(t, orgURL)
	if got := contact.Text(t, "main"); !strings.Contains(got, "Ta fram könsuppdelad statistik för hemtjänsten") || !strings.Contains(got, "Klar senast "+swedishDate(due)) {
		t.Fatalf("the organisation's page lacks the task: %q", got)
	}
	contact.Axe(t)
	shoot(contact, "minutes-org-task")
	contact.Follow(t, `a[href$="/protokoll"]`)
	if got := contact.Text(t, "h1"); !strings.HasPrefix(got, "Protokoll: Uppstart") {
		t.Errorf("the host's minutes page: %q", got)
	}
	contact.Axe(t)
	shoot(contact, "minutes-host")

	// A week and more later the task is overdue on the dashboard.
	app.advance(8 * 24 * time.Hour)
	b.Visit(t, dashboard)
	if got := b.Text(t, "main"); !strings.Contains(got, "Försenade uppföljningsuppgifter (1)") || !strings.Contains(got, org.Name+": Ta fram könsuppdelad statistik") {
		t.Errorf("the dashboard does not flag the overdue task: %q", got)
	}
	b.Axe(t)
	shoot(b, "minutes-dashboard")

	// The contact marks it done: gone from the page and the dashboard.
	contact.Visit(t, orgURL)
	contact.Submit(t, `form[action$="/klar"]`)
	if got := contact.Text(t, ".flash"); !strings.Contains(got, "är klar.") {
		t.Fatalf("done: %q", got)
	}
	if n := contact.Count(t, `form[action$="/klar"]`); n != 0 {
		t.Errorf("%d tasks still to mark done", n)
	}
	contact.Axe(t)
	b.Visit(t, dashboard)
	if strings.Contains(b.Text(t, "main"), "Försenade uppföljningsuppgifter") {
		t.Error("a done task is still flagged")
	}
	for name, u := range shots {
		b.Visit(t, u)
		shoot(b, name)
	}
}

func swedishDate(d time.Time) string {
	months := []string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}
	return strconv.Itoa(d.Day()) + " " + months[d.Month()-1] + " " + strconv.Itoa(d.Year())
}
