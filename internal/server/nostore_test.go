package server

import (
	"net/http"
	"strings"
	"testing"

	"modellportalen/internal/portal"
)

// Nothing a signed-in person is sent may be stored by a browser or proxy
// cache, nor may the sign-in and link pages, which carry a name, an
// address or a form token; responses say they vary by cookie.
func TestNoStoreForSignedInAndPersonalPages(t *testing.T) {
	app := newTestApp(t)
	spare := app.addUser(t, portal.UserContact, "spare@umea.example", "umeå")
	signedIn := map[string]*client{}
	for name, u := range map[string]portal.User{
		"admin":   app.addUser(t, portal.UserAdmin, "admin@skr.example"),
		"contact": app.addUser(t, portal.UserContact, "a@umea.example", "umeå"),
	} {
		c := app.client(t)
		c.login(u.Email, testPassword)
		signedIn[name] = c
	}
	personal := map[string]bool{"/logga-in": true, "/glomt-losenord": true, "/aterstall/{token}": true, "/inbjudan/{token}": true}
	check := func(t *testing.T, res response) {
		t.Helper()
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q, want no-store", cc)
		}
		if !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Cookie") {
			t.Errorf("Vary %q lacks Cookie", res.Header.Values("Vary"))
		}
	}
	n := 0
	for _, rt := range walkRoutes(t, app.Server) {
		// Static files and probes are the same for everyone and are
		// served without a session.
		if rt.Method != http.MethodGet || strings.HasPrefix(rt.Pattern, "/static/") || rt.Pattern == "/healthz" || rt.Pattern == "/readyz" {
			continue
		}
		path := concretePath(rt, app.orgID(t, "umeå"), spare.ID)
		for who, c := range signedIn {
			t.Run(path+" as "+who, func(t *testing.T) {
				check(t, c.get(path))
			})
			n++
		}
		if personal[rt.Pattern] {
			t.Run(path+" anonymous", func(t *testing.T) { check(t, app.client(t).get(path)) })
		}
	}
	if n < 40 {
		t.Fatalf("only %d requests checked", n)
	}
}
