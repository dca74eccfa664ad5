package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"modellportalen/internal/portal"
)

// Every open link of a user is spent when the password changes, by any
// route, and when the account is switched off; switching it on again
// revives none.
func TestOpenLinksAreSpent(t *testing.T) {
	const newPassword = "ett nytt lösenord vid älven"
	setPassword := func(t *testing.T, c *client, app *testApp, link string) {
		t.Helper()
		res := c.post(strings.TrimPrefix(link, app.URL), url.Values{"password": {newPassword}, "password-again": {newPassword}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("set password via %s: %d %s", link, res.Status, textOf(res.Body))
		}
	}
	forgot := func(t *testing.T, app *testApp, email string) string {
		t.Helper()
		if res := app.client(t).post("/glomt-losenord", url.Values{"email": {email}}); res.Status != http.StatusOK {
			t.Fatalf("forgot password: %d", res.Status)
		}
		return app.lastMailLink(t, email, "/aterstall/")
	}
	invite := func(t *testing.T, app *testApp, admin *client) (portal.User, string) {
		t.Helper()
		res := admin.post("/personal/anvandare", url.Values{"name": {"Nils Ny"}, "email": {"nils@umea.example"},
			"role": {"contact"}, "organisation": {strconv.FormatInt(app.orgID(t, "umeå"), 10)}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("invite: %d %s", res.Status, textOf(res.Body))
		}
		u, err := app.Store.UserByEmail(t.Context(), "nils@umea.example")
		if err != nil {
			t.Fatal(err)
		}
		return u, app.lastMailLink(t, u.Email, "/inbjudan/")
	}
	setActive := func(t *testing.T, admin *client, id int64, on bool) {
		t.Helper()
		res := admin.post("/personal/anvandare/"+strconv.FormatInt(id, 10)+"/aktiv", url.Values{"active": {strconv.FormatBool(on)}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("set active %v: %d", on, res.Status)
		}
	}
	cases := []struct {
		name string
		// run leaves links that must no longer open
		run func(t *testing.T, app *testApp, admin *client) []string
	}{
		{"invitation after a reset through Glömt lösenord", func(t *testing.T, app *testApp, admin *client) []string {
			u, inv := invite(t, app, admin)
			setPassword(t, app.client(t), app, forgot(t, app, u.Email))
			return []string{inv}
		}},
		{"reset link after a change on /konto", func(t *testing.T, app *testApp, admin *client) []string {
			u := app.addUser(t, portal.UserContact, "anna@umea.example", "umeå")
			reset := forgot(t, app, u.Email)
			c := app.client(t)
			c.login(u.Email, testPassword)
			res := c.post("/konto/losenord", url.Values{"current-password": {testPassword}, "password": {newPassword}, "password-again": {newPassword}})
			if res.Status != http.StatusSeeOther {
				t.Fatalf("change password: %d %s", res.Status, textOf(res.Body))
			}
			return []string{reset}
		}},
		{"reset link after accepting the invitation", func(t *testing.T, app *testApp, admin *client) []string {
			u, inv := invite(t, app, admin)
			reset := forgot(t, app, u.Email)
			setPassword(t, app.client(t), app, inv)
			return []string{reset}
		}},
		{"invitation and reset links after switching off and on", func(t *testing.T, app *testApp, admin *client) []string {
			u, inv := invite(t, app, admin)
			reset := forgot(t, app, u.Email)
			setActive(t, admin, u.ID, false)
			setActive(t, admin, u.ID, true)
			return []string{inv, reset}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := newTestApp(t)
			a := app.addUser(t, portal.UserAdmin, "admin@skr.example")
			admin := app.client(t)
			admin.login(a.Email, testPassword)
			for _, link := range c.run(t, app, admin) {
				path := strings.TrimPrefix(link, app.URL)
				if res := app.client(t).get(path); res.Status != http.StatusNotFound {
					t.Errorf("GET %s: %d, want 404", path, res.Status)
				}
				res := app.client(t).post(path, url.Values{"password": {"ett tredje lösenord här"}, "password-again": {"ett tredje lösenord här"}})
				if res.Status != http.StatusNotFound {
					t.Errorf("POST %s: %d, want 404", path, res.Status)
				}
			}
		})
	}
}
