package server

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"modellportalen/internal/portal"
)

// TestParseIDTakesOnlyRecordIDs: every id read from an address or a form
// is a positive integer, or none.
func TestParseIDTakesOnlyRecordIDs(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"412", 412, true},
		{"1", 1, true},
		{"9223372036854775807", 9223372036854775807, true},
		{"0", 0, false},
		{"-4", 0, false},
		{"", 0, false},
		{"abc", 0, false},
		{"12abc", 0, false},
		{" 12", 0, false},
		{"9223372036854775808", 0, false},
		{"1e3", 0, false},
	} {
		if got, ok := parseID(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("parseID(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestEditAddressWithoutAnIdIsNotFound: a save posted to a record's address
// whose id is no id answers 404 and creates nothing; only the "ny"
// address creates.
func TestEditAddressWithoutAnIdIsNotFound(t *testing.T) {
	app, c := staffClient(t)
	ctx := context.Background()
	round := mustRound(t, app, "2019")
	first, _ := round.Span()
	meeting := url.Values{"kind": {"strategists"}, "held_on": {first.AddDate(0, 0, 40).Format(time.DateOnly)}, "place": {"Fagersta"}}
	pid := map[string]string{}
	ov, _ := app.Store.RoundOverview(ctx, round)
	for _, p := range ov.Participations {
		pid[p.Organisation.Name] = itoa(p.ID)
	}
	group := url.Values{"label": {"Ny grupp"}, "track": {"municipal"}, "members": {pid["Fagersta"]}}
	count := func() int {
		return app.count(t, `SELECT count(*) FROM learning_meetings`) + app.count(t, `SELECT count(*) FROM benchmarking_groups`)
	}
	before := count()
	for _, tc := range []struct {
		path string
		form url.Values
	}{
		{"/traffar/abc", meeting},
		{"/traffar/0", meeting},
		{"/traffar/-4", meeting},
		{"/grupper/abc", group},
		{"/grupper/0", group},
	} {
		if res := c.post(roundPath(round.ID, tc.path), tc.form); res.Status != http.StatusNotFound {
			t.Errorf("POST %s: %d %s, want 404", tc.path, res.Status, res.Location)
		}
	}
	if n := count(); n != before {
		t.Errorf("%d meetings and groups after the refused posts, want %d", n, before)
	}
	if res := c.post(roundPath(round.ID, "/traffar/ny"), meeting); res.Status != http.StatusSeeOther {
		t.Errorf("POST /traffar/ny: %d, want 303", res.Status)
	}

	// The same for an organisation's delegates and works.
	app.addUser(t, portal.UserContact, "kontakt@fagersta.example", "fagersta")
	contact := app.client(t)
	contact.login("kontakt@fagersta.example", testPassword)
	org := app.orgID(t, "fagersta")
	delegates, works := app.count(t, `SELECT count(*) FROM delegates`), app.count(t, `SELECT count(*) FROM improvement_works`)
	for path, form := range map[string]url.Values{
		"/delegater/abc":           {"level": {"manager"}, "name": {"Maria Chef"}},
		"/delegater/0":             {"level": {"manager"}, "name": {"Maria Chef"}},
		"/forbattringsarbeten/abc": {"title": {"Jämställd hemtjänst"}, "area": {"Äldreomsorg"}, "status": {"planned"}},
	} {
		if res := contact.post(orgPath(org, path), form); res.Status != http.StatusNotFound {
			t.Errorf("POST %s: %d %s, want 404", path, res.Status, res.Location)
		}
	}
	if app.count(t, `SELECT count(*) FROM delegates`) != delegates || app.count(t, `SELECT count(*) FROM improvement_works`) != works {
		t.Error("a refused post created a delegate or a work")
	}
}

// TestOnlyAParticipantGetsNewDelegatesAndWorks: a mentor's participation
// has no delegation or improvement work of its own, so the forms for new
// ones are not found, as their saves are.
func TestOnlyAParticipantGetsNewDelegatesAndWorks(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserContact, "kontakt@boden.example", "boden")
	c := app.client(t)
	c.login("kontakt@boden.example", testPassword)
	org := app.orgID(t, "boden")
	var mentor int64
	if err := app.Store.Pool.QueryRow(context.Background(), `
		SELECT p.id FROM participations p JOIN rounds r ON r.id = p.round_id
		WHERE r.slug = '2019' AND p.organisation_id = $1 AND p.role = 'mentor'`, org).Scan(&mentor); err != nil {
		t.Fatal(err)
	}
	delegates, works := app.count(t, `SELECT count(*) FROM delegates`), app.count(t, `SELECT count(*) FROM improvement_works`)
	for path, form := range map[string]url.Values{
		"/delegater/ny":           {"level": {"manager"}, "name": {"Maria Chef"}},
		"/forbattringsarbeten/ny": {"title": {"Nytt arbete"}, "status": {"planned"}},
	} {
		path = orgPath(org, "/deltagande/"+itoa(mentor)+path)
		if res := c.get(path); res.Status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, res.Status)
		}
		if res := c.post(path, form); res.Status != http.StatusNotFound {
			t.Errorf("POST %s: %d, want 404", path, res.Status)
		}
	}
	if d, w := app.count(t, `SELECT count(*) FROM delegates`), app.count(t, `SELECT count(*) FROM improvement_works`); d != delegates || w != works {
		t.Errorf("%d delegates and %d works after the refused posts, want %d and %d", d, w, delegates, works)
	}
}
