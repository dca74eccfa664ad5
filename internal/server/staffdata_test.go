package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

// The staff dashboard keeps its rows per version of the data: a change made
// with plain SQL (as another instance would) shows within 2 s.
func TestStaffDashboardKeptPerVersion(t *testing.T) {
	pool := testdb.Seeded(t)
	ts, _ := memoInstance(t, testdb.URLOf(t, pool))
	st := store.New(pool)
	app := &testApp{URL: ts.URL, Store: st}
	leader := app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	c := app.client(t)
	c.login(leader.Email, testPassword)
	ctx := context.Background()
	var roundID, orgID int64
	if err := pool.QueryRow(ctx, `SELECT p.round_id, p.organisation_id FROM participations p JOIN rounds r ON r.id = p.round_id
		WHERE r.slug = '2019' ORDER BY p.id LIMIT 1`).Scan(&roundID, &orgID); err != nil {
		t.Fatal(err)
	}
	dashboard := "/personal/omgangar/" + strconv.FormatInt(roundID, 10)
	for range 2 {
		if res := c.get(dashboard); res.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", dashboard, res.Status)
		}
	}
	const renamed = "Omdöpt kommun för testet"
	if _, err := pool.Exec(ctx, `UPDATE organisations SET name = $1 WHERE id = $2`, renamed, orgID); err != nil {
		t.Fatal(err)
	}
	var body string
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		body = c.get(dashboard).Body
		if strings.Contains(body, renamed) || time.Now().After(deadline) {
			break
		}
	}
	if !strings.Contains(body, renamed) {
		t.Errorf("%s does not show the organisation's new name 2 s after the change", dashboard)
	}
}

// What a signed-in page keeps follows every table it shows: a change made
// with plain SQL (as another instance would) to a meeting's tasks, to its
// attendance or to an organisation's calendar feed shows within 2 s.
func TestSignedInPagesFollowMeetingRecords(t *testing.T) {
	pool := testdb.Seeded(t)
	ts, _ := memoInstance(t, testdb.URLOf(t, pool))
	st := store.New(pool)
	app := &testApp{URL: ts.URL, Store: st}
	ctx := context.Background()
	round, err := st.RoundBySlug(ctx, "2019")
	if err != nil {
		t.Fatal(err)
	}
	var orgID, meetingID int64
	if err := pool.QueryRow(ctx, `SELECT p.organisation_id FROM participations p
		WHERE p.round_id = $1 AND p.role = 'participant' ORDER BY p.id LIMIT 1`, round.ID).Scan(&orgID); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `INSERT INTO learning_meetings (round_id, held_on, kind)
		VALUES ($1, current_date - 30, 'learning') RETURNING id`, round.ID).Scan(&meetingID); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO delegates (participation_id, level, name)
		SELECT id, 'strategist', 'Stina Strateg' FROM participations WHERE organisation_id = $1 AND round_id = $2`,
		orgID, round.ID); err != nil {
		t.Fatal(err)
	}
	leader := app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	staff := app.client(t)
	staff.login(leader.Email, testPassword)
	var slug string
	if err := pool.QueryRow(ctx, `SELECT slug FROM organisations WHERE id = $1`, orgID).Scan(&slug); err != nil {
		t.Fatal(err)
	}
	contact := app.addUser(t, portal.UserContact, "kontakt@kommun.example", slug)
	own := app.client(t)
	own.login(contact.Email, testPassword)
	dashboard := "/personal/omgangar/" + strconv.FormatInt(round.ID, 10)
	orgPage := "/mina-sidor/organisationer/" + strconv.FormatInt(orgID, 10)

	for _, tc := range []struct {
		name   string
		c      *client
		path   string
		change string
		// shows is in the page after the change, not before it; or gone
		// is in the page before it, not after.
		shows, gone string
	}{
		{"an overdue task on the round's page", staff, dashboard,
			`INSERT INTO meeting_outcomes (meeting_id, kind, body, owner_organisation_id, due_on)
			 VALUES ($1, 'task', 'Uppgift som blev sen', $2, current_date - 10)`, "Uppgift som blev sen", ""},
		{"attendance on the round's page", staff, dashboard,
			`INSERT INTO meeting_attendance (meeting_id, delegate_id)
			 SELECT $1, d.id FROM delegates d JOIN participations p ON p.id = d.participation_id
			 WHERE p.organisation_id = $2 AND p.round_id = (SELECT round_id FROM learning_meetings WHERE id = $1)`,
			"", "Ingen närvaro är registrerad ännu"},
		{"an open task on the organisation's page", own, orgPage,
			`INSERT INTO meeting_outcomes (meeting_id, kind, body, owner_organisation_id, due_on)
			 VALUES ($1, 'task', 'Uppgift för organisationen', $2, current_date + 10)`, "Uppgift för organisationen", ""},
		{"a calendar feed on the organisation's page", own, orgPage,
			`INSERT INTO calendar_feeds (organisation_id) SELECT $2 WHERE $1 > 0`, "", "Skapa kalenderlänk"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			changed := func(body string) bool {
				return (tc.shows == "" || strings.Contains(body, tc.shows)) && (tc.gone == "" || !strings.Contains(body, tc.gone))
			}
			for range 2 {
				if res := tc.c.get(tc.path); res.Status != http.StatusOK || changed(res.Body) {
					t.Fatalf("GET %s before the change: %d, changed already: %v", tc.path, res.Status, changed(res.Body))
				}
			}
			if _, err := pool.Exec(ctx, tc.change, meetingID, orgID); err != nil {
				t.Fatal(err)
			}
			var body string
			for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(20 * time.Millisecond) {
				body = tc.c.get(tc.path).Body
				if changed(body) || time.Now().After(deadline) {
					break
				}
			}
			if !changed(body) {
				t.Errorf("%s does not show the change 2 s after it (want %q shown, %q gone)", tc.path, tc.shows, tc.gone)
			}
		})
	}
}

// A person who has just changed something sees it at once on another
// instance, even one whose memo has not heard of the change (its version
// is frozen here); someone else there still gets what it keeps until the
// notification arrives.
func TestOwnWritesReadAfreshOnAnotherInstance(t *testing.T) {
	pool := testdb.Seeded(t)
	dbURL := testdb.URLOf(t, pool)
	st := store.New(pool)
	a := &testApp{URL: cachedInstance(t, dbURL).URL, Store: st}
	b := &testApp{URL: frozenInstance(t, dbURL).URL, Store: st}
	writer := a.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	reader := a.addUser(t, portal.UserProjectLeader, "kollega@skr.example")
	round, err := st.RoundBySlug(context.Background(), "2019")
	if err != nil {
		t.Fatal(err)
	}
	var groupID int64
	if err := pool.QueryRow(context.Background(), `SELECT id FROM benchmarking_groups WHERE round_id = $1 ORDER BY id LIMIT 1`,
		round.ID).Scan(&groupID); err != nil {
		t.Fatal(err)
	}
	onA := a.client(t)
	onA.login(writer.Email, testPassword)
	onB := &client{t: t, app: b, c: onA.c}
	other := b.client(t)
	other.login(reader.Email, testPassword)

	base := "/personal/omgangar/" + strconv.FormatInt(round.ID, 10)
	pages := []string{base, base + "/deltagare", base + "/grupper/" + strconv.FormatInt(groupID, 10)}
	for _, p := range pages {
		for _, c := range []*client{onB, other} {
			if res := c.get(p); res.Status != http.StatusOK || !strings.Contains(res.Body, round.Name) {
				t.Fatalf("GET %s on B: %d, want 200 with %q", p, res.Status, round.Name)
			}
		}
	}

	edit := base + "/redigera"
	form, ok := formTo(onA.get(edit).Body, edit, edit)
	if !ok {
		t.Fatalf("no form posting to %s on its page", edit)
	}
	const renamed = "Modellkommuner 2019 (ändrad på A)"
	form.Values.Set("name", renamed)
	if res := onA.post(edit, form.Values); res.Status != http.StatusSeeOther {
		t.Fatalf("POST %s on A: %d, want 303; page: %.500s", edit, res.Status, textOf(res.Body))
	}
	for _, p := range pages {
		if res := onB.get(p); res.Status != http.StatusOK || !strings.Contains(res.Body, renamed) {
			t.Errorf("GET %s on B by the one who renamed the round: %d, want 200 with %q", p, res.Status, renamed)
		}
		if res := other.get(p); res.Status != http.StatusOK || strings.Contains(res.Body, renamed) {
			t.Errorf("GET %s on B by someone else: %d, want 200 with what B keeps (the old name)", p, res.Status)
		}
	}
}

// frozenInstance is a portal instance whose memo keeps what it reads for
// good: its version of the data never moves, as if the notification of
// every change were late.
func frozenInstance(t *testing.T, dbURL string) *httptest.Server {
	_, ts := instance(t, dbURL, func(s *Server) { s.Changes = &fakeVersion{gen: 1, live: true} })
	return ts
}
