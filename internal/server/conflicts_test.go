package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/portal"
)

// TestStaleSaveShowsBothVersions: a save made from a form that someone else
// has saved since is refused with 409. The page shows the other person's
// value beside the user's under the field's label, keeps what the user
// typed, and carries the newer version, so that saving again overwrites
// knowingly; the stored record keeps the other person's change.
func TestStaleSaveShowsBothVersions(t *testing.T) {
	ctx := context.Background()
	app, staff := staffClient(t)
	app.addUser(t, portal.UserContact, "kontakt@fagersta.example", "fagersta")
	contact := app.client(t)
	contact.login("kontakt@fagersta.example", testPassword)
	round := mustRound(t, app, "2019")

	pid := participationID(t, app, "2019", "fagersta")
	org := app.orgID(t, "fagersta")
	delegate := url.Values{"level": {"manager"}, "name": {"Maria Chef"}, "title": {"Förvaltningschef"}}
	if res := contact.post(orgPath(org, "/deltagande/"+strconv.FormatInt(pid, 10)+"/delegater/ny"), delegate); res.Status != http.StatusSeeOther {
		t.Fatalf("new delegate: %d %s", res.Status, textOf(res.Body))
	}
	var delegateID int64
	if err := app.Store.Pool.QueryRow(ctx, `SELECT id FROM delegates WHERE name = 'Maria Chef'`).Scan(&delegateID); err != nil {
		t.Fatal(err)
	}

	first, _ := round.Span()
	meeting := url.Values{"kind": {"strategists"}, "held_on": {first.AddDate(0, 0, 40).Format(time.DateOnly)}, "place": {"Fagersta"}}
	res := staff.post(roundPath(round.ID, "/traffar/ny"), meeting)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("new meeting: %d %s", res.Status, textOf(res.Body))
	}
	meetingID := mustID(t, res.Location)

	stored, err := app.Store.ParticipationByID(ctx, pid)
	if err != nil {
		t.Fatal(err)
	}
	participation := url.Values{"admitted_on": {dateString(stored.AdmittedOn)}, "note": {""}}

	for _, tc := range []struct {
		name      string
		client    *client
		path      string
		form      url.Values
		version   int
		field     string
		theirs    string
		yours     string
		wantShown string
		stored    func() string
	}{
		{"delegate", contact, orgPath(org, "/delegater/"+strconv.FormatInt(delegateID, 10)), delegate, 1,
			"title", "Socialchef", "Skolchef", "Titel Socialchef Skolchef",
			func() string { d, _ := app.Store.DelegateByID(ctx, delegateID); return d.Title }},
		{"meeting", staff, roundPath(round.ID, "/traffar/"+strconv.FormatInt(meetingID, 10)), meeting, 1,
			"place", "Avesta", "Hedemora", "Plats Avesta Hedemora",
			func() string { m, _ := app.Store.MeetingByID(ctx, meetingID); return m.Place }},
		{"participation", staff, roundPath(round.ID, "/deltagare/"+strconv.FormatInt(pid, 10)), participation, stored.Version,
			"note", "Beslut i KF 2019-03-01", "Beslut i KS", "Anteckning Beslut i KF 2019-03-01 Beslut i KS",
			func() string { p, _ := app.Store.ParticipationByID(ctx, pid); return p.Note }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			version := strconv.Itoa(tc.version)
			if res := tc.client.post(tc.path, with(with(tc.form, "version", version), tc.field, tc.theirs)); res.Status != http.StatusSeeOther {
				t.Fatalf("first save: %d %s", res.Status, textOf(res.Body))
			}
			res := tc.client.post(tc.path, with(with(tc.form, "version", version), tc.field, tc.yours))
			if res.Status != http.StatusConflict || !strings.Contains(textOf(res.Body), tc.wantShown) {
				t.Errorf("stale save: %d, want 409 showing %q: %s", res.Status, tc.wantShown, textOf(res.Body))
			}
			if !strings.Contains(res.Body, tc.yours) || !strings.Contains(res.Body, `name="version" value="`+strconv.Itoa(tc.version+1)+`"`) {
				t.Errorf("the form lost what was typed or kept the old version %s", version)
			}
			if got := tc.stored(); got != tc.theirs {
				t.Errorf("stored %q after the stale save, want the first save's %q", got, tc.theirs)
			}
		})
	}
}
