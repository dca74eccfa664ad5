package server

import (
	"net/http"
	"net/url"
	"testing"
)

func TestLocalPath(t *testing.T) {
	cases := map[string]string{
		"/omgangar/2019":         "/omgangar/2019",
		"/organisationer?q=umeå": "/organisationer?q=umeå",
		"":                       "",
		"omgangar":               "",
		"//evil.example/":        "",
		"https://evil.example/":  "",
		"/\\evil.example":        "",
		"/\t/evil.example":       "",
		"/\n/evil.example":       "",
		"/\r\n/evil.example":     "",
		"/%09/evil.example":      "/%09/evil.example", // escaped: stays a path here
		"/\x7f/evil.example":     "",
		"/ok\\..\\..\\evil":      "",
	}
	for in, want := range cases {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLoginNextStaysOnSite: a crafted ?next= never sends a person who signs
// in to another site.
func TestLoginNextStaysOnSite(t *testing.T) {
	app := newTestApp(t)
	u := app.addUser(t, "admin", "admin@skr.example")
	for _, next := range []string{"/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example"} {
		c := app.client(t)
		res := c.post("/logga-in", url.Values{"email": {u.Email}, "password": {testPassword}, "next": {next}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("login with next=%q: %d", next, res.Status)
		}
		if loc := res.Location; loc == "" || loc[0] != '/' || (len(loc) > 1 && (loc[1] == '/' || loc[1] == '\\' || loc[1] == '\t')) {
			t.Errorf("next=%q redirects to %q", next, loc)
		}
	}
}
