package server

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/auth"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// testPassword is every test user's password.
const testPassword = "grön kaffe vid älven"

// testTOTPSecret is the authenticator-app secret addUser gives staff.
const testTOTPSecret = "TESTSECRETFORSTAFFMODELLPORTALEN"

// addUser creates an active user with testPassword, bound to the
// organisations with the given URL names. Staff get an authenticator app
// with testTOTPSecret, as they must have a second factor; client.login
// passes it with a code computed here.
func (a *testApp) addUser(t *testing.T, role portal.UserRole, email string, orgSlugs ...string) portal.User {
	t.Helper()
	u := a.addUserWithoutSecondFactor(t, role, email, orgSlugs...)
	if role.IsStaff() {
		if err := a.Store.EnrolTOTP(context.Background(), store.System("test"), u.ID, testTOTPSecret, 0, nil); err != nil {
			t.Fatal(err)
		}
		u.HasSecondFactor = true
	}
	return u
}

// addUserWithoutSecondFactor is addUser for a person who has not set up a
// second factor yet.
func (a *testApp) addUserWithoutSecondFactor(t *testing.T, role portal.UserRole, email string, orgSlugs ...string) portal.User {
	t.Helper()
	ctx := context.Background()
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	nu := store.NewUser{Name: "Test " + email, Email: email, Role: role, PasswordHash: hash}
	for _, slug := range orgSlugs {
		o, err := a.Store.OrganisationBySlug(ctx, slug)
		if err != nil {
			t.Fatalf("organisation %s: %v", slug, err)
		}
		nu.OrganisationIDs = append(nu.OrganisationIDs, o.ID)
	}
	id, err := a.Store.CreateUser(ctx, store.System("test"), nu, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.Store.UserByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func (a *testApp) orgID(t *testing.T, slug string) int64 {
	t.Helper()
	o, err := a.Store.OrganisationBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

// client is one browser's worth of cookies, not following redirects.
type client struct {
	t   *testing.T
	app *testApp
	c   *http.Client
}

func (a *testApp) client(t *testing.T) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, app: a, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// response is what a request returned.
type response struct {
	Status   int
	Body     string
	Location string
	Header   http.Header
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	res, err := c.c.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Body: string(b), Location: res.Header.Get("Location"), Header: res.Header}
}

func (c *client) get(path string) response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.app.URL+path, nil)
	return c.do(req)
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// token returns the session's CSRF token, read from the login page's form.
func (c *client) token() string {
	c.t.Helper()
	res := c.get("/logga-in")
	if res.Status == http.StatusSeeOther { // signed in: any page with the layout's logout form
		res = c.get("/konto")
	}
	m := csrfField.FindStringSubmatch(res.Body)
	if m == nil {
		c.t.Fatalf("no CSRF token on the page (status %d)", res.Status)
	}
	return m[1]
}

// post submits a form with the session's CSRF token added, as the portal's
// own page would.
func (c *client) post(path string, form url.Values) response {
	c.t.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("csrf_token", c.token())
	return c.postRaw(path, f, nil)
}

// postRaw submits the form exactly as given, with extra headers.
func (c *client) postRaw(path string, form url.Values, header http.Header) response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.app.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header[k] = v
	}
	return c.do(req)
}

// login signs the client in and fails the test unless that works. When the
// portal asks for the second factor, it types the current code of
// testTOTPSecret, as a person would from their app; when it asks to set one
// up, it sets up an authenticator app with the secret on the page.
func (c *client) login(email, password string) {
	c.t.Helper()
	res := c.post("/logga-in", url.Values{"email": {email}, "password": {password}})
	if res.Status != http.StatusSeeOther {
		c.t.Fatalf("login as %s: status %d, want 303; page: %s", email, res.Status, textOf(res.Body))
	}
	switch res.Location {
	case "/verifiera":
		c.passTOTP(testTOTPSecret)
	case "/konto/sakerhet":
		c.enrolTOTP()
	}
}

// passTOTP types the secret's current code into the second-factor form. The
// server's clock moves on a step first, so that no two sign-ins of a test
// use the same code (which the portal refuses).
func (c *client) passTOTP(secret string) response {
	c.t.Helper()
	c.app.advance(30 * time.Second)
	res := c.post("/verifiera", url.Values{"code": {auth.TOTPCode(secret, c.app.now())}})
	if res.Status != http.StatusSeeOther {
		c.t.Fatalf("second factor: status %d, want 303; page: %s", res.Status, textOf(res.Body))
	}
	return res
}

var totpSecretOnPage = regexp.MustCompile(`id="totp-secret">([A-Z2-7 ]+)<`)

// enrolTOTP sets up an authenticator app through the form and returns its
// secret.
func (c *client) enrolTOTP() string {
	c.t.Helper()
	page := c.get("/konto/sakerhet/app")
	m := totpSecretOnPage.FindStringSubmatch(page.Body)
	if m == nil {
		c.t.Fatalf("no secret on the set-up page (status %d): %s", page.Status, textOf(page.Body))
	}
	secret := strings.ReplaceAll(m[1], " ", "")
	c.app.advance(30 * time.Second)
	res := c.post("/konto/sakerhet/app", url.Values{"code": {auth.TOTPCode(secret, c.app.now())}})
	if res.Status != http.StatusSeeOther {
		c.t.Fatalf("set up authenticator app: status %d; page: %s", res.Status, textOf(res.Body))
	}
	return secret
}

// cookie returns the client's cookie of the name, nil if it has none.
func (c *client) cookie(name string) *http.Cookie {
	u, _ := url.Parse(c.app.URL)
	for _, ck := range c.c.Jar.Cookies(u) {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

func (c *client) sessionCookie() *http.Cookie {
	u, _ := url.Parse(c.app.URL)
	for _, ck := range c.c.Jar.Cookies(u) {
		if ck.Name == "session" || ck.Name == "__Host-session" {
			return ck
		}
	}
	return nil
}

// lastMailLink returns the link to path (e.g. "/inbjudan/") in the newest
// mail to the address.
func (a *testApp) lastMailLink(t *testing.T, to, path string) string {
	t.Helper()
	msgs, err := a.Store.Outbox(context.Background(), 50)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`https?://\S+` + regexp.QuoteMeta(path) + `[A-Za-z0-9_-]+`)
	for _, m := range msgs {
		if m.To == to {
			if link := re.FindString(m.Body); link != "" {
				return link
			}
		}
	}
	t.Fatalf("no mail to %s with a %s link", to, path)
	return ""
}
