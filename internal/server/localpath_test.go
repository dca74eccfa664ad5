package server

import (
	"net/http"
	"net/url"
	"strconv"
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

// TestPeopleHistoryIsForAdmins: project leaders read records' history, but
// not that of accounts or person-data lookups, nor the lookup itself.
func TestPeopleHistoryIsForAdmins(t *testing.T) {
	app := newTestApp(t)
	admin := app.addUser(t, "admin", "admin@skr.example")
	app.addUser(t, "project_leader", "ledare@skr.example")
	leader := app.client(t)
	leader.login("ledare@skr.example", testPassword)
	boss := app.client(t)
	boss.login("admin@skr.example", testPassword)
	id := strconv.FormatInt(admin.ID, 10)
	for path, want := range map[string][2]int{
		"/personal/historik/users/" + id:                    {http.StatusForbidden, http.StatusOK},
		"/personal/historik/person_data/0":                  {http.StatusForbidden, http.StatusOK},
		"/personal/historik/rounds/1":                       {http.StatusOK, http.StatusOK},
		"/personal/personuppgifter?epost=admin@skr.example": {http.StatusForbidden, http.StatusOK},
	} {
		if got := leader.get(path).Status; got != want[0] {
			t.Errorf("project leader %s: %d, want %d", path, got, want[0])
		}
		if got := boss.get(path).Status; got != want[1] {
			t.Errorf("admin %s: %d, want %d", path, got, want[1])
		}
	}
}
