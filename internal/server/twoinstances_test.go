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
	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

// Two portal instances on one database behind a load balancer without
// sticky sessions: a session begun on one is good on the other, an edit
// made through a form on one shows on the other (through its page cache
// too), and signing out on one ends the session on both.
func TestTwoInstances(t *testing.T) {
	pool := testdb.Seeded(t)
	dbURL := testdb.URLOf(t, pool)
	st := store.New(pool)
	a := &testApp{URL: cachedInstance(t, dbURL).URL, Store: st}
	b := &testApp{URL: cachedInstance(t, dbURL).URL, Store: st}
	leader := a.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	round, err := st.RoundBySlug(context.Background(), "2019")
	if err != nil {
		t.Fatal(err)
	}

	// One browser: both instances answer on the same host, as behind a
	// load balancer, so the cookie set by A goes to B.
	onA := a.client(t)
	onA.login(leader.Email, testPassword)
	onB := &client{t: t, app: b, c: onA.c}
	sessionCookie := onA.sessionCookie()
	if sessionCookie == nil {
		t.Fatal("no session cookie after signing in on A")
	}
	if res := onB.get("/konto"); res.Status != http.StatusOK || !strings.Contains(res.Body, leader.Name) {
		t.Fatalf("GET /konto on B with A's session: %d, want 200 with %q; page: %.300s", res.Status, leader.Name, textOf(res.Body))
	}

	// B has the public round page in its cache before the edit.
	public := "/omgangar/2019"
	for _, want := range []string{"miss", "hit"} {
		if status, _, c := getCached(t, b.URL+public, nil); status != http.StatusOK || c != want {
			t.Fatalf("GET %s on B: %d %q, want 200 %s", public, status, c, want)
		}
	}

	// Edit the round through the staff form on A, as a browser would.
	edit := "/personal/omgangar/" + strconv.FormatInt(round.ID, 10) + "/redigera"
	form, ok := formTo(onA.get(edit).Body, edit, edit)
	if !ok {
		t.Fatalf("no form posting to %s on its page", edit)
	}
	const renamed = "Modellkommuner 2019 (ändrad på A)"
	form.Values.Set("name", renamed)
	res := onA.post(edit, form.Values)
	saved := time.Now()
	if res.Status != http.StatusSeeOther {
		t.Fatalf("POST %s on A: %d, want 303; page: %.500s", edit, res.Status, textOf(res.Body))
	}

	// Signed in, B reads the database: the change is there at once.
	if res := onB.get("/personal/omgangar/" + strconv.FormatInt(round.ID, 10)); res.Status != http.StatusOK || !strings.Contains(res.Body, renamed) {
		t.Errorf("staff dashboard on B right after the edit on A: %d, want 200 with the new name", res.Status)
	}
	// Anonymous visitors get B's cache, emptied by the change notification
	// that A's write sent; it arrives within milliseconds of the commit.
	var body, cache string
	for deadline := saved.Add(2 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		_, body, cache = getCached(t, b.URL+public, nil)
		if strings.Contains(body, renamed) || time.Now().After(deadline) {
			break
		}
	}
	if !strings.Contains(body, renamed) {
		t.Errorf("%s on B still shows the old name 2 s after the edit on A (cache %s)", public, cache)
	} else {
		t.Logf("%s on B showed the edit %v after A answered (cache %s)", public, time.Since(saved).Round(time.Millisecond), cache)
	}

	// Signing out on A ends the session everywhere, also for a copy of the
	// cookie kept from before (the session is deleted, not just forgotten
	// by this browser).
	if res := onA.post("/logga-ut", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("POST /logga-ut on A: %d, want 303", res.Status)
	}
	if res := onB.get("/konto"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/logga-in") {
		t.Errorf("GET /konto on B after signing out on A: %d to %q, want 303 to /logga-in", res.Status, res.Location)
	}
	req, _ := http.NewRequest(http.MethodGet, b.URL+"/konto", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie.Name, Value: sessionCookie.Value})
	stale := b.client(t).do(req)
	if stale.Status != http.StatusSeeOther || !strings.HasPrefix(stale.Location, "/logga-in") {
		t.Errorf("GET /konto on B with the old session cookie: %d to %q, want 303 to /logga-in", stale.Status, stale.Location)
	}
}
