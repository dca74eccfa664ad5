package server

import (
	"context"
	"crypto/sha256"
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

// TestRemovalsKeepHistoryAndTellInvitees: a mentor link with a cited
// source, and a meeting whose invitations went out, are not removed (the
// meeting is cancelled instead, so the invited hear of it); a stale
// version is a conflict.
func TestRemovalsKeepHistoryAndTellInvitees(t *testing.T) {
	app := newTestApp(t)
	u := newUndoRound(t, app)
	ctx, actor := context.Background(), store.System("test")
	g, err := app.Store.GroupByID(ctx, u.group.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Store.RemoveMentor(ctx, actor, g.ID, u.umea, g.Version-1); !errors.Is(err, store.ErrConflict) {
		t.Errorf("mentor removal with a stale version: %v, want a conflict", err)
	}
	if _, err := app.Store.Pool.Exec(ctx, `INSERT INTO citations (source_id, mentor_group_id, mentor_organisation_id)
		SELECT min(id), $1, $2 FROM sources`, g.ID, u.umea); err != nil {
		t.Fatal(err)
	}
	if err := app.Store.RemoveMentor(ctx, actor, g.ID, u.umea, g.Version); !errors.Is(err, store.ErrHasHistory) {
		t.Errorf("mentor link with a source: %v, want ErrHasHistory", err)
	}
	if n := app.count(t, `SELECT count(*) FROM mentor_links WHERE group_id = $1`, g.ID); n != 1 {
		t.Errorf("%d mentor links left, want 1", n)
	}

	d, err := app.Store.SaveDelegate(ctx, actor, portal.Delegate{ParticipationID: u.kiruna.ID, Level: portal.LevelStrategist,
		Name: "Stina Strateg", Email: "stina@kiruna.example"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Store.Pool.Exec(ctx, `INSERT INTO meeting_invitations (meeting_id, delegate_id, sequence) VALUES ($1, $2, 0)`,
		u.meeting.ID, d.ID); err != nil {
		t.Fatal(err)
	}
	if r, err := app.Store.MeetingRemoval(ctx, u.meeting.ID); err != nil || r.Invited != 1 {
		t.Errorf("meeting removal sees %d invited (%v), want 1", r.Invited, err)
	}
	if err := app.Store.RemoveMeeting(ctx, actor, u.meeting.ID, u.meeting.Version); !errors.Is(err, store.ErrHasHistory) {
		t.Errorf("meeting with invitations out: %v, want ErrHasHistory", err)
	}
	if err := app.Store.RemoveGroup(ctx, actor, g.ID, g.Version); !errors.Is(err, store.ErrHasHistory) {
		t.Errorf("group whose mentor link has a source: %v, want ErrHasHistory", err)
	}
}

// TestErasingADelegateTakesTheirMail: mail to an erased delegate leaves the
// outbox; mail to an address someone else still has stays.
func TestErasingADelegateTakesTheirMail(t *testing.T) {
	app := newTestApp(t)
	u := newUndoRound(t, app)
	ctx, actor := context.Background(), store.System("test")
	d, err := app.Store.SaveDelegate(ctx, actor, portal.Delegate{ParticipationID: u.kiruna.ID, Level: portal.LevelStrategist,
		Name: "Stina Strateg", Email: "Stina@Kiruna.example"})
	if err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{"stina@kiruna.example", "other@kiruna.example"} {
		if err := store.EnqueueMail(ctx, app.Store.Pool, portal.Mail{To: to, Subject: "Inbjudan", Body: "Hej Stina Strateg"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := app.Store.EraseDelegate(ctx, actor, d.ID, int64(d.Version)); err != nil {
		t.Fatal(err)
	}
	if n := app.count(t, `SELECT count(*) FROM outbox WHERE lower(to_address) = 'stina@kiruna.example'`); n != 0 {
		t.Errorf("%d mails to the erased delegate left in the outbox", n)
	}
	if n := app.count(t, `SELECT count(*) FROM outbox WHERE to_address = 'other@kiruna.example'`); n != 1 {
		t.Errorf("%d mails to someone else, want 1", n)
	}
}

// TestNewLinkSpendsTheEarlierOne: sending a new invitation makes the link
// of the earlier one (perhaps gone astray) stop working.
func TestNewLinkSpendsTheEarlierOne(t *testing.T) {
	app := newTestApp(t)
	user := app.addUser(t, portal.UserContact, "ny@umea.example", "umeå")
	ctx := context.Background()
	first, second := sha256.Sum256([]byte("first")), sha256.Sum256([]byte("second"))
	for _, h := range [][32]byte{first, second} {
		if err := app.Store.IssueToken(ctx, user.ID, store.NewToken{Hash: h[:], Purpose: "invite", Expires: time.Now().Add(time.Hour)}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := app.Store.TokenUser(ctx, first[:], "invite"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the earlier link: %v, want ErrNotFound", err)
	}
	if got, err := app.Store.TokenUser(ctx, second[:], "invite"); err != nil || got.ID != user.ID {
		t.Errorf("the new link: %v %v", got.ID, err)
	}
}

// TestSavingAMeetingKeepsItsDatePrecision: a meeting the record knows only
// to the month stays so when staff save it without changing the date.
func TestSavingAMeetingKeepsItsDatePrecision(t *testing.T) {
	app := newTestApp(t)
	u := newUndoRound(t, app)
	ctx, actor := context.Background(), store.System("test")
	if _, err := app.Store.Pool.Exec(ctx, `UPDATE learning_meetings SET held_on = '2027-03-01', held_precision = 'month' WHERE id = $1`,
		u.meeting.ID); err != nil {
		t.Fatal(err)
	}
	m, err := app.Store.MeetingByID(ctx, u.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	m.Place = "Kiruna folkets hus"
	if m, err = app.Store.SaveMeeting(ctx, actor, m); err != nil {
		t.Fatal(err)
	}
	if m.HeldPrecision != portal.PrecisionMonth {
		t.Errorf("precision after saving the same date: %q, want month", m.HeldPrecision)
	}
	m.HeldOn = time.Date(2027, 3, 16, 0, 0, 0, 0, time.UTC)
	if m, err = app.Store.SaveMeeting(ctx, actor, m); err != nil {
		t.Fatal(err)
	}
	if m.HeldPrecision != portal.PrecisionDay {
		t.Errorf("precision after a new date: %q, want day", m.HeldPrecision)
	}
}

// TestInvitationsNeedAPublishedRoundAndCancelShows: a draft's meeting is not
// invited to (its links would lead nowhere); a published round's invitation
// names the portal as organiser, and once the meeting is cancelled the
// public page says so and contacts no longer see it coming.
func TestInvitationsNeedAPublishedRoundAndCancelShows(t *testing.T) {
	app := newTestAppConfig(t, Config{MailFrom: "portal@skr.example"})
	app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	c := app.client(t)
	c.login("ledare@skr.example", testPassword)
	u := newUndoRound(t, app)
	ctx, actor := context.Background(), store.System("test")
	if _, err := app.Store.SaveDelegate(ctx, actor, portal.Delegate{ParticipationID: u.kiruna.ID, Level: portal.LevelStrategist,
		Name: "Stina Strateg", Email: "stina@kiruna.example"}); err != nil {
		t.Fatal(err)
	}
	meeting := roundPath(u.round.ID, "/traffar/"+strconv.FormatInt(u.meeting.ID, 10))
	invite := func() response {
		m, err := app.Store.MeetingByID(ctx, u.meeting.ID)
		if err != nil {
			t.Fatal(err)
		}
		return c.post(meeting+"/inbjudan", url.Values{"version": {strconv.Itoa(m.Version)}})
	}
	res := invite()
	if res.Status != http.StatusSeeOther || app.count(t, `SELECT count(*) FROM outbox WHERE to_address = 'stina@kiruna.example'`) != 0 {
		t.Fatalf("invitation for a draft: %d, and mail was queued", res.Status)
	}
	if flash := textOf(c.get(meeting).Body); !strings.Contains(flash, "Publicera omgången innan du skickar inbjudan") {
		t.Errorf("no reason given for not sending:\n%s", flash)
	}

	if _, err := app.Store.PublishRound(ctx, actor, u.round.ID); err != nil {
		t.Fatal(err)
	}
	if res := invite(); res.Status != http.StatusSeeOther {
		t.Fatalf("invitation: %d", res.Status)
	}
	var ics string
	if err := app.Store.Pool.QueryRow(ctx, `SELECT convert_from(attachment, 'UTF8') FROM outbox WHERE to_address = 'stina@kiruna.example'`).Scan(&ics); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ics, "ORGANIZER:mailto:portal@skr.example") {
		t.Errorf("the invitation names no organiser:\n%s", ics)
	}

	m, _ := app.Store.MeetingByID(ctx, u.meeting.ID)
	if res := c.post(meeting+"/stall-in", url.Values{"version": {strconv.Itoa(m.Version)}}); res.Status != http.StatusSeeOther {
		t.Fatalf("cancel: %d", res.Status)
	}
	if page := textOf(c.get("/omgangar/" + u.round.Slug).Body); !strings.Contains(page, "Kiruna stadshus") || !strings.Contains(page, "Inställd.") {
		t.Errorf("the public page does not show the meeting cancelled:\n%s", page)
	}
	if ms, err := app.Store.UpcomingMeetings(ctx, app.orgID(t, "kiruna")); err != nil || len(ms) != 0 {
		t.Errorf("a cancelled meeting is still coming for Kiruna: %v %v", ms, err)
	}
}
