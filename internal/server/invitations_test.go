package server

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"modellportalen/internal/mail"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// outboxTo is the mail in the outbox to addresses ending in suffix, oldest first.
func outboxTo(t *testing.T, app *testApp, suffix string) []portal.OutboxMessage {
	t.Helper()
	all, err := app.Store.Outbox(context.Background(), 500)
	if err != nil {
		t.Fatal(err)
	}
	var out []portal.OutboxMessage
	for i := len(all) - 1; i >= 0; i-- {
		if strings.HasSuffix(all[i].To, suffix) {
			out = append(out, all[i])
		}
	}
	return out
}

// parsedInvitation reads a mail's iCalendar attachment back.
func parsedInvitation(t *testing.T, m portal.OutboxMessage) (method string, ev *ics.VEvent) {
	t.Helper()
	if m.AttachmentName != "traff.ics" || !strings.HasPrefix(m.AttachmentType, "text/calendar") {
		t.Fatalf("attachment %q %q", m.AttachmentName, m.AttachmentType)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(string(m.Attachment)))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == "METHOD" {
			method = p.Value
		}
	}
	if evs := cal.Events(); len(evs) == 1 {
		return method, evs[0]
	}
	t.Fatalf("%d events", len(cal.Events()))
	return "", nil
}

// TestMeetingInvitations sends a meeting's invitation to its delegates with
// an iCalendar each, sends an update with a raised SEQUENCE after a change,
// and a cancellation to everyone invited.
func TestMeetingInvitations(t *testing.T) {
	app, c := staffClient(t)
	ctx := context.Background()
	round := mustRound(t, app, "2019")
	ov, _ := app.Store.RoundOverview(ctx, round)
	first, _ := round.Span()
	day := first.AddDate(0, 0, 20)
	var invited []string
	var taking []portal.Participation
	for _, p := range ov.Participations {
		if !p.Withdrawn && len(taking) < 2 {
			taking = append(taking, p)
		}
	}
	for i, p := range taking {
		for j, l := range []portal.Level{portal.LevelPolitician, portal.LevelStrategist} {
			email := "d" + strconv.Itoa(i) + strconv.Itoa(j) + "@inbjuden.example"
			if _, err := app.Store.SaveDelegate(ctx, store.System("test"), portal.Delegate{ParticipationID: p.ID, Level: l,
				Name: "Delegat " + strconv.Itoa(i) + strconv.Itoa(j), Email: email}); err != nil {
				t.Fatal(err)
			}
			invited = append(invited, email)
		}
	}
	form := url.Values{"kind": {"start-up"}, "held_on": {day.Format(time.DateOnly)}, "starts": {"09:30"}, "ends": {"16:00"},
		"place": {"Kulturhuset"}, "address": {"Sergels torg 3, Stockholm"}, "agenda": {"Uppstart; jämförelse, fika"}}
	res := c.post(roundPath(round.ID, "/traffar/ny"), form)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("meeting: %d %s", res.Status, textOf(res.Body))
	}
	meetingPath := res.Location
	m, _ := app.Store.MeetingByID(ctx, mustID(t, meetingPath))
	if page := c.get(meetingPath); !strings.Contains(textOf(page.Body), "Skicka inbjudan till 4 av 4") {
		t.Fatalf("meeting page lacks the invitation: %s", textOf(page.Body))
	}

	if res := c.post(meetingPath+"/inbjudan", url.Values{"version": {strconv.Itoa(m.Version)}}); res.Status != http.StatusSeeOther {
		t.Fatalf("send: %d", res.Status)
	}
	mails := outboxTo(t, app, "@inbjuden.example")
	if len(mails) != 4 {
		t.Fatalf("%d mails, want 4", len(mails))
	}
	var to []string
	for _, msg := range mails {
		to = append(to, msg.To)
	}
	slices.Sort(to)
	slices.Sort(invited)
	if !slices.Equal(to, invited) {
		t.Errorf("invitations went to %q, want one to each delegate %q", to, invited)
	}
	wantStart := time.Date(day.Year(), day.Month(), day.Day(), 9, 30, 0, 0, portal.Stockholm)
	for i, msg := range mails {
		method, ev := parsedInvitation(t, msg)
		dt := ev.GetProperty(ics.ComponentPropertyDtStart)
		start, err := ev.GetStartAt()
		if method != "REQUEST" || ev.Id() != "traff-"+strconv.FormatInt(m.ID, 10)+"@modellportalen" ||
			ev.GetProperty(ics.ComponentPropertySequence).Value != "0" || dt.ICalParameters["TZID"][0] != "Europe/Stockholm" ||
			err != nil || !start.Equal(wantStart) {
			t.Errorf("mail %d: method %s uid %s dtstart %v start %v", i, method, ev.Id(), dt, start)
		}
		if !strings.HasPrefix(msg.Subject, "Inbjudan: Uppstart") || !strings.Contains(msg.Body, "kl. 09.30–16.00") {
			t.Errorf("mail %d: %q\n%s", i, msg.Subject, msg.Body)
		}
	}
	raw := string(mail.Message("portal@skr.example", mails[0].Mail, time.Now()))
	if !strings.Contains(raw, "multipart/mixed") || !strings.Contains(raw, "Content-Type: text/calendar; method=REQUEST") ||
		!strings.Contains(raw, `filename="traff.ics"`) {
		t.Errorf("the message lacks its calendar part:\n%s", raw)
	}

	// Sending again sends nothing new; a change sends an update with SEQUENCE raised.
	c.post(meetingPath+"/inbjudan", url.Values{"version": {strconv.Itoa(m.Version)}})
	if n := len(outboxTo(t, app, "@inbjuden.example")); n != 4 {
		t.Errorf("%d mails after sending twice, want 4", n)
	}
	if res := c.post(meetingPath, with(with(form, "version", strconv.Itoa(m.Version)), "starts", "10:00")); res.Status != http.StatusSeeOther {
		t.Fatalf("change: %d %s", res.Status, textOf(res.Body))
	}
	m, _ = app.Store.MeetingByID(ctx, m.ID)
	c.post(meetingPath+"/inbjudan", url.Values{"version": {strconv.Itoa(m.Version)}})
	mails = outboxTo(t, app, "@inbjuden.example")
	if len(mails) != 8 {
		t.Fatalf("%d mails after the update, want 8", len(mails))
	}
	_, ev := parsedInvitation(t, mails[7])
	if ev.GetProperty(ics.ComponentPropertySequence).Value != "1" || !strings.HasPrefix(mails[7].Subject, "Ändrad:") ||
		ev.GetProperty(ics.ComponentPropertyDtStart).Value != wantStart.Add(30*time.Minute).Format("20060102T150405") {
		t.Errorf("update: sequence %s subject %q", ev.GetProperty(ics.ComponentPropertySequence).Value, mails[7].Subject)
	}

	// A cancellation goes to all invited, with METHOD:CANCEL and the same UID.
	if res := c.post(meetingPath+"/stall-in", url.Values{"version": {strconv.Itoa(m.Version)}}); res.Status != http.StatusSeeOther {
		t.Fatalf("cancel: %d", res.Status)
	}
	mails = outboxTo(t, app, "@inbjuden.example")
	if len(mails) != 12 {
		t.Fatalf("%d mails after the cancellation, want 12", len(mails))
	}
	for _, msg := range mails[8:] {
		method, ev := parsedInvitation(t, msg)
		if method != "CANCEL" || ev.Id() != calendarUID(m.ID) || ev.GetProperty(ics.ComponentPropertySequence).Value != "2" ||
			!strings.HasPrefix(msg.Subject, "Inställd:") {
			t.Errorf("cancellation: %s %s %q", method, ev.Id(), msg.Subject)
		}
	}
	if m, _ := app.Store.MeetingByID(ctx, m.ID); m.CancelledAt == nil {
		t.Error("meeting not marked cancelled")
	}
	c.post(meetingPath+"/inbjudan", url.Values{"version": {strconv.Itoa(m.Version + 1)}})
	if n := len(outboxTo(t, app, "@inbjuden.example")); n != 12 {
		t.Errorf("a cancelled meeting's invitation was sent: %d mails", n)
	}
	if page := c.get(meetingPath); !strings.Contains(textOf(page.Body), "Träffen är inställd sedan") {
		t.Error("page does not say the meeting is cancelled")
	}
	if res := c.post(meetingPath, with(form, "version", strconv.Itoa(m.Version+1))); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("a cancelled meeting was changed: %d", res.Status)
	}
}

func calendarUID(id int64) string { return "traff-" + strconv.FormatInt(id, 10) + "@modellportalen" }
