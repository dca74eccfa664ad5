package server

import (
	"bytes"
	"context"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"modellportalen/internal/portal"
)

// The codec gives back what it was given, encodes a session to the same
// bytes every time (so quietStore can see it has not changed), reads
// sessions that gob wrote, and refuses data cut short.
func TestSessionCodec(t *testing.T) {
	deadline := time.Date(2026, 11, 26, 23, 0, 0, 123, time.UTC)
	cases := []struct {
		name   string
		values map[string]any
	}{
		{"empty", map[string]any{}},
		{"signed in", map[string]any{sessUserID: int64(42), sessPasswordChanged: int64(-1), sessCSRF: "tök+en/=",
			sessSecondFactorAt: int64(1764198000000000), sessFlash: ""}},
		{"another type goes to gob", map[string]any{sessUserID: int64(1), "remember": true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := sessionCodec{}.Encode(deadline, c.values)
			if err != nil {
				t.Fatal(err)
			}
			for range 20 {
				again, _ := sessionCodec{}.Encode(deadline, c.values)
				if _, gob := c.values["remember"]; !gob && !bytes.Equal(again, b) {
					t.Fatalf("encoding the same session twice gave different bytes")
				}
			}
			gotDeadline, got, err := sessionCodec{}.Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			if !gotDeadline.Equal(deadline) || !reflect.DeepEqual(got, c.values) {
				t.Errorf("decoded %v %v, want %v %v", gotDeadline, got, deadline, c.values)
			}
			for n := 1; n < len(b) && b[0] == codecMagic; n++ {
				if _, _, err := (sessionCodec{}).Decode(b[:n]); err == nil {
					t.Fatalf("data cut to %d of %d bytes decoded without error", n, len(b))
				}
			}
		})
	}
	old, err := scs.GobCodec{}.Encode(deadline, map[string]any{sessUserID: int64(7)})
	if err != nil {
		t.Fatal(err)
	}
	if _, got, err := (sessionCodec{}).Decode(old); err != nil || got[sessUserID] != int64(7) {
		t.Errorf("session written by gob: %v %v, want user 7", got, err)
	}
}

// A signed-in request reads the session and its user in one statement, so
// a change to the user made anywhere (here by SQL, as another instance
// would) counts on the very next request; and reading pages leaves the
// session's row alone.
func TestSessionReadsItsUser(t *testing.T) {
	app := newTestApp(t)
	contact := app.addUser(t, portal.UserContact, "anna@umea.example", "umeå")
	c := app.client(t)
	c.login(contact.Email, testPassword)
	token := c.sessionCookie().Value
	ctx := context.Background()
	row := func() (userID int64, version string) {
		t.Helper()
		if err := app.Store.Pool.QueryRow(ctx, `SELECT user_id, xmin::text FROM sessions WHERE token = $1`, token).Scan(&userID, &version); err != nil {
			t.Fatal(err)
		}
		return userID, version
	}
	// A contact for one organisation is taken to its page.
	umea := "/mina-sidor/organisationer/" + strconv.FormatInt(app.orgID(t, "umeå"), 10)
	if res := c.get("/mina-sidor"); res.Status != http.StatusSeeOther || res.Location != umea {
		t.Fatalf("GET /mina-sidor: %d to %q, want 303 to %s", res.Status, res.Location, umea)
	}
	// The first page with a form gives the session its CSRF token.
	if res := c.get(umea); res.Status != http.StatusOK {
		t.Fatalf("GET %s: %d", umea, res.Status)
	}
	uid, before := row()
	if uid != contact.ID {
		t.Errorf("session names user %d, want %d", uid, contact.ID)
	}
	for range 3 {
		if res := c.get(umea); res.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", umea, res.Status)
		}
	}
	if _, after := row(); after != before {
		t.Errorf("reading pages rewrote the session (row version %s, then %s)", before, after)
	}

	if _, err := app.Store.Pool.Exec(ctx, `DELETE FROM user_organisations WHERE user_id = $1`, contact.ID); err != nil {
		t.Fatal(err)
	}
	if res := c.get(umea); res.Status == http.StatusOK {
		t.Errorf("GET %s right after the binding to Umeå was removed: 200, want a refusal", umea)
	}
	if _, err := app.Store.Pool.Exec(ctx, `UPDATE users SET active = false WHERE id = $1`, contact.ID); err != nil {
		t.Fatal(err)
	}
	if res := c.get("/mina-sidor"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/logga-in") {
		t.Errorf("GET /mina-sidor right after deactivation: %d to %q, want 303 to /logga-in", res.Status, res.Location)
	}
}
