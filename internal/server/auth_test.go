package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/auth"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

func TestLoginRenewsSessionAndLogoutDestroysIt(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserContact, "anna@umea.example", "umeå")
	c := app.client(t)

	if res := c.get("/konto"); res.Status != http.StatusSeeOther || res.Location != "/logga-in?next=%2Fkonto" {
		t.Fatalf("anonymous /konto: %d to %q; want 303 to the login page", res.Status, res.Location)
	}
	// The login form stores no session; signing out does, for its goodbye,
	// so this visitor has one to carry into the login.
	c.token()
	if c.sessionCookie() != nil {
		t.Fatal("the login form gave a visitor a session")
	}
	c.post("/logga-ut", nil)
	before := c.sessionCookie()
	if before == nil {
		t.Fatal("no session cookie before login")
	}
	c.login("Anna@Umea.example", testPassword) // addresses compare without case
	after := c.sessionCookie()
	if after == nil || after.Value == before.Value {
		t.Fatal("login did not renew the session token")
	}
	// A contact of one organisation is sent on to its page.
	home := c.get("/mina-sidor")
	if home.Status != http.StatusSeeOther || !strings.HasPrefix(home.Location, "/mina-sidor/organisationer/") {
		t.Fatalf("/mina-sidor after login: %d to %q", home.Status, home.Location)
	}
	if res := c.get(home.Location); res.Status != http.StatusOK || !strings.Contains(textOf(res.Body), "Umeå") {
		t.Fatalf("%s after login: %d %s", home.Location, res.Status, textOf(res.Body))
	}

	// The token from before login opens nothing.
	old := app.client(t)
	u, _ := url.Parse(app.URL)
	old.c.Jar.SetCookies(u, []*http.Cookie{{Name: "session", Value: before.Value}})
	if res := old.get("/konto"); res.Status != http.StatusSeeOther {
		t.Errorf("pre-login token reaches /konto: %d", res.Status)
	}

	res := c.post("/logga-ut", nil)
	if res.Status != http.StatusSeeOther || res.Location != "/logga-in" {
		t.Fatalf("logout: %d to %q", res.Status, res.Location)
	}
	if res := c.get("/konto"); res.Status != http.StatusSeeOther {
		t.Errorf("after logout /konto: %d; want redirect to login", res.Status)
	}
	// The destroyed session is gone from the database too.
	thief := app.client(t)
	thief.c.Jar.SetCookies(u, []*http.Cookie{{Name: "session", Value: after.Value}})
	if res := thief.get("/konto"); res.Status != http.StatusSeeOther {
		t.Errorf("logged-out token still reaches /konto: %d", res.Status)
	}
}

func TestSessionCookieFlags(t *testing.T) {
	tests := []struct {
		name                  string
		cfg                   Config
		sessionName, csrfName string
		secure                bool
	}{
		{"plain http", Config{}, "session", "csrf", false},
		{"https", Config{CookieSecure: true}, "__Host-session", "__Host-csrf", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newTestAppConfig(t, tt.cfg)
			u := app.addUser(t, portal.UserContact, "anna@umea.example", "umeå")
			checkCookie := func(h, name string) {
				t.Helper()
				for _, want := range []string{name + "=", "Path=/", "HttpOnly", "SameSite=Lax"} {
					if !strings.Contains(h, want) {
						t.Errorf("Set-Cookie %q lacks %q", h, want)
					}
				}
				if strings.Contains(h, "Secure") != tt.secure {
					t.Errorf("Set-Cookie %q: Secure should be %v", h, tt.secure)
				}
				if strings.Contains(h, "Domain=") || strings.Contains(h, "Expires=") || strings.Contains(h, "Max-Age=") {
					t.Errorf("Set-Cookie %q: want a host-only cookie that ends with the browser", h)
				}
			}
			c := app.client(t)
			res := c.get("/logga-in")
			// The login form sets only its signed CSRF cookie, no session.
			sc := res.Header.Values("Set-Cookie")
			if len(sc) != 1 {
				t.Fatalf("Set-Cookie = %q; want one CSRF cookie", sc)
			}
			checkCookie(sc[0], tt.csrfName)
			hsts := res.Header.Get("Strict-Transport-Security")
			if (hsts != "") != tt.secure {
				t.Errorf("Strict-Transport-Security = %q; want it only over https", hsts)
			}
			if csp := res.Header.Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") || csp == "" {
				t.Errorf("CSP = %q", csp)
			}
			// Signing in sets the session cookie.
			m := csrfField.FindStringSubmatch(res.Body)
			if m == nil {
				t.Fatal("no CSRF field on the login form")
			}
			if tt.secure {
				// httptest serves plain HTTP, where a cookie jar keeps no
				// Secure cookie: send the form's cookie by hand.
				req, _ := http.NewRequest(http.MethodPost, app.URL+"/logga-in", strings.NewReader(url.Values{"email": {u.Email},
					"password": {testPassword}, "csrf_token": {m[1]}}.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.AddCookie(&http.Cookie{Name: tt.csrfName, Value: m[1]})
				res = c.do(req)
			} else {
				res = c.postRaw("/logga-in", url.Values{"email": {u.Email}, "password": {testPassword}, "csrf_token": {m[1]}}, nil)
			}
			if res.Status != http.StatusSeeOther {
				t.Fatalf("sign in: %d", res.Status)
			}
			var session string
			for _, h := range res.Header.Values("Set-Cookie") {
				if strings.HasPrefix(h, tt.sessionName+"=") {
					session = h
				}
			}
			if session == "" {
				t.Fatalf("sign-in set no %s cookie: %q", tt.sessionName, res.Header.Values("Set-Cookie"))
			}
			checkCookie(session, tt.sessionName)
			// Public pages without a form leave anonymous visitors without a session.
			if res := app.client(t).get("/omgangar"); len(res.Header.Values("Set-Cookie")) != 0 {
				t.Errorf("a public page set a cookie: %q", res.Header.Values("Set-Cookie"))
			}
		})
	}
}

func TestSessionTimeouts(t *testing.T) {
	t.Run("idle", func(t *testing.T) {
		app := newTestAppConfig(t, Config{IdleTimeout: 1500 * time.Millisecond})
		app.addUser(t, portal.UserAdmin, "admin@skr.example")
		c := app.client(t)
		c.login("admin@skr.example", testPassword)
		if res := c.get("/konto"); res.Status != http.StatusOK {
			t.Fatalf("/konto right after login: %d", res.Status)
		}
		time.Sleep(2 * time.Second)
		if res := c.get("/konto"); res.Status != http.StatusSeeOther {
			t.Errorf("/konto after idling past the timeout: %d; want redirect to login", res.Status)
		}
	})
	t.Run("absolute", func(t *testing.T) {
		app := newTestAppConfig(t, Config{SessionLifetime: 2 * time.Second})
		app.addUser(t, portal.UserAdmin, "admin@skr.example")
		c := app.client(t)
		c.login("admin@skr.example", testPassword)
		deadline := time.Now().Add(2500 * time.Millisecond)
		for time.Now().Before(deadline) {
			c.get("/konto") // staying active does not extend the lifetime
			time.Sleep(300 * time.Millisecond)
		}
		if res := c.get("/konto"); res.Status != http.StatusSeeOther {
			t.Errorf("/konto past the session lifetime: %d; want redirect to login", res.Status)
		}
	})
}

func TestCSRFRejections(t *testing.T) {
	app := newTestApp(t)
	u := app.addUser(t, portal.UserContact, "anna@umea.example", "umeå")
	c := app.client(t)
	c.login(u.Email, testPassword)
	token := c.token()
	form := func(tok string) url.Values {
		f := url.Values{"name": {"Ändrat namn"}}
		if tok != "" {
			f.Set("csrf_token", tok)
		}
		return f
	}
	tests := []struct {
		name   string
		form   url.Values
		header http.Header
	}{
		{"cross-site (Sec-Fetch-Site)", form(token), http.Header{"Sec-Fetch-Site": {"cross-site"}}},
		{"cross-origin (Origin)", form(token), http.Header{"Origin": {"https://angripare.example"}}},
		{"missing token", form(""), nil},
		{"wrong token", form("AAAA" + token[4:]), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.postRaw("/konto", tt.form, tt.header)
			if res.Status != http.StatusForbidden {
				t.Fatalf("status %d; want 403", res.Status)
			}
			if !strings.Contains(textOf(res.Body), "Formuläret kunde inte skickas") {
				t.Errorf("403 page does not explain: %s", textOf(res.Body))
			}
		})
	}
	got, _ := app.Store.UserByID(context.Background(), u.ID)
	if got.Name != u.Name {
		t.Fatalf("a rejected form changed the name to %q", got.Name)
	}
	// The same form from the portal's own page goes through.
	if res := c.postRaw("/konto", form(token), http.Header{"Sec-Fetch-Site": {"same-origin"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("same-origin form: %d", res.Status)
	}
	if got, _ := app.Store.UserByID(context.Background(), u.ID); got.Name != "Ändrat namn" {
		t.Errorf("name = %q after a valid form", got.Name)
	}
	// A token from another session does not work either.
	other := app.client(t)
	if res := other.postRaw("/logga-in", url.Values{"email": {u.Email}, "password": {testPassword}, "csrf_token": {token}}, nil); res.Status != http.StatusForbidden {
		t.Errorf("login with another session's token: %d; want 403", res.Status)
	}
}

func TestLoginGivesNothingAway(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserContact, "anna@umea.example", "umeå")
	c := app.client(t)
	wrong := c.post("/logga-in", url.Values{"email": {"anna@umea.example"}, "password": {"fel lösenord här"}})
	unknown := c.post("/logga-in", url.Values{"email": {"ingen@umea.example"}, "password": {"fel lösenord här"}})
	if wrong.Status != unknown.Status {
		t.Errorf("status %d for a wrong password, %d for an unknown address", wrong.Status, unknown.Status)
	}
	const msg = "E-postadressen eller lösenordet är fel."
	for _, res := range []response{wrong, unknown} {
		if !strings.Contains(textOf(res.Body), msg) {
			t.Errorf("page lacks %q: %s", msg, textOf(res.Body))
		}
	}
	// Reset requests answer alike too.
	known := c.post("/glomt-losenord", url.Values{"email": {"anna@umea.example"}})
	none := c.post("/glomt-losenord", url.Values{"email": {"ingen@umea.example"}})
	norm := func(s string) string { return strings.ReplaceAll(textOf(s), "ingen@umea.example", "anna@umea.example") }
	if known.Status != none.Status || norm(known.Body) != norm(none.Body) {
		t.Errorf("reset form tells known from unknown addresses")
	}
}

func TestLoginThrottlePerAccount(t *testing.T) {
	app := newTestApp(t)
	u := app.addUser(t, portal.UserContact, "anna@umea.example", "umeå")
	attacker := app.client(t)
	token := attacker.token()
	refused := 0
	for i := range 1000 {
		res := attacker.postRaw("/logga-in", url.Values{"email": {u.Email}, "password": {"gissning " + strconv.Itoa(i)}, "csrf_token": {token}}, nil)
		switch res.Status {
		case http.StatusTooManyRequests:
			refused++
		case http.StatusUnprocessableEntity:
		default:
			t.Fatalf("attempt %d: status %d", i, res.Status)
		}
	}
	if refused != 1000-auth.MaxAccountFailures {
		t.Errorf("%d of 1000 guesses refused; want all but the first %d", refused, auth.MaxAccountFailures)
	}
	var checked int
	_ = app.Store.Pool.QueryRow(context.Background(),
		`SELECT count(*) FROM login_attempts WHERE email = $1 AND outcome = 'failure'`, u.Email).Scan(&checked)
	if checked != auth.MaxAccountFailures {
		t.Errorf("%d passwords were checked; want %d", checked, auth.MaxAccountFailures)
	}

	// The real user, from elsewhere, is locked out too …
	owner := app.client(t)
	if res := owner.post("/logga-in", url.Values{"email": {u.Email}, "password": {testPassword}}); res.Status != http.StatusTooManyRequests ||
		!strings.Contains(textOf(res.Body), "För många misslyckade inloggningar") {
		t.Fatalf("right password on a locked account: %d %s", res.Status, textOf(res.Body))
	}
	// … but can reset the password, which lifts the lock.
	if res := owner.post("/glomt-losenord", url.Values{"email": {u.Email}}); res.Status != http.StatusOK {
		t.Fatalf("forgot password: %d", res.Status)
	}
	link := app.lastMailLink(t, u.Email, "/aterstall/")
	path := strings.TrimPrefix(link, app.URL)
	const newPassword = "ny kaffe vid älven 2"
	if res := owner.post(path, url.Values{"password": {newPassword}, "password-again": {newPassword}}); res.Status != http.StatusSeeOther {
		t.Fatalf("reset: %d %s", res.Status, textOf(res.Body))
	}
	owner.post("/logga-ut", nil)
	owner.login(u.Email, newPassword)
	// The link worked once only.
	if res := app.client(t).get(path); res.Status != http.StatusNotFound {
		t.Errorf("used reset link: %d; want 404", res.Status)
	}
}

func TestLoginThrottlePerIP(t *testing.T) {
	app := newTestApp(t)
	u := app.addUser(t, portal.UserAdmin, "admin@skr.example")
	c := app.client(t)
	token := c.token()
	for i := range auth.MaxIPFailures {
		res := c.postRaw("/logga-in", url.Values{"email": {"person" + strconv.Itoa(i) + "@example.se"}, "password": {"fel"}, "csrf_token": {token}}, nil)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("attempt %d: %d", i, res.Status)
		}
	}
	// Every account is now closed to this client, even with the right password.
	res := c.postRaw("/logga-in", url.Values{"email": {u.Email}, "password": {testPassword}, "csrf_token": {token}}, nil)
	if res.Status != http.StatusTooManyRequests {
		t.Errorf("after %d failures from one address: %d; want 429", auth.MaxIPFailures, res.Status)
	}
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	app := newTestApp(t)
	u := app.addUser(t, portal.UserProjectLeader, "pl@skr.example")
	laptop, phone := app.client(t), app.client(t)
	laptop.login(u.Email, testPassword)
	phone.login(u.Email, testPassword)
	before := laptop.sessionCookie().Value

	const newPassword = "tre nya ord i rad"
	res := laptop.post("/konto/losenord", url.Values{"current-password": {testPassword}, "password": {newPassword}, "password-again": {newPassword}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("change password: %d %s", res.Status, textOf(res.Body))
	}
	if laptop.sessionCookie().Value == before {
		t.Error("changing the password did not renew the session token")
	}
	if res := laptop.get("/konto"); res.Status != http.StatusOK {
		t.Errorf("own session after the change: %d", res.Status)
	}
	if res := phone.get("/konto"); res.Status != http.StatusSeeOther {
		t.Errorf("other session after the change: %d; want redirect to login", res.Status)
	}
}

func TestDeactivatedUserIsSignedOut(t *testing.T) {
	app := newTestApp(t)
	admin := app.addUser(t, portal.UserAdmin, "admin@skr.example")
	contact := app.addUser(t, portal.UserContact, "anna@umea.example", "umeå")
	ac, cc := app.client(t), app.client(t)
	ac.login(admin.Email, testPassword)
	cc.login(contact.Email, testPassword)
	if res := ac.post("/personal/anvandare/"+strconv.FormatInt(contact.ID, 10)+"/aktiv", url.Values{"active": {"false"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", res.Status)
	}
	if res := cc.get("/mina-sidor"); res.Status != http.StatusSeeOther {
		t.Errorf("deactivated user's session: %d; want redirect to login", res.Status)
	}
	if res := app.client(t).post("/logga-in", url.Values{"email": {contact.Email}, "password": {testPassword}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("deactivated user logs in: %d", res.Status)
	}
}

func TestAuditEntries(t *testing.T) {
	app := newTestApp(t)
	admin := app.addUser(t, portal.UserAdmin, "admin@skr.example")
	leader := app.addUser(t, portal.UserProjectLeader, "pl@skr.example")
	ac := app.client(t)
	ac.login(admin.Email, testPassword)

	res := ac.post("/personal/anvandare", url.Values{"name": {"Nils Ny"}, "email": {"nils@umea.example"},
		"role": {"contact"}, "organisation": {strconv.FormatInt(app.orgID(t, "umeå"), 10)}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("invite: %d %s", res.Status, textOf(res.Body))
	}
	nils, err := app.Store.UserByEmail(context.Background(), "nils@umea.example")
	if err != nil {
		t.Fatal(err)
	}
	if res := ac.post("/personal/anvandare/"+strconv.FormatInt(nils.ID, 10)+"/roll", url.Values{"role": {"project_leader"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("change role: %d", res.Status)
	}
	h, err := app.Store.History(context.Background(), "users", nils.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 {
		t.Fatalf("history has %d entries; want create and update: %+v", len(h), h)
	}
	who := "Test admin@skr.example (admin@skr.example)"
	if h[0].Action != "create" || h[0].Actor != who || h[0].After["email"] != "nils@umea.example" || h[0].Before != nil {
		t.Errorf("create entry = %+v", h[0])
	}
	if h[1].Action != "update" || h[1].Actor != who || h[1].Before["role"] != "contact" || h[1].After["role"] != "project_leader" ||
		len(h[1].Fields()) != 1 {
		t.Errorf("update entry = %+v; want only role changed", h[1])
	}
	// Logins are audited on the user.
	if h, _ := app.Store.History(context.Background(), "users", admin.ID); len(h) == 0 || h[len(h)-1].Action != "login" {
		t.Errorf("admin's history lacks the login: %+v", h)
	}
	// Admins read it in the portal; an account's history is about a
	// person, so project leaders do not.
	lc := app.client(t)
	lc.login(leader.Email, testPassword)
	if res := lc.get("/personal/historik/users/" + strconv.FormatInt(nils.ID, 10)); res.Status != http.StatusForbidden {
		t.Errorf("project leader reads an account's history: %d", res.Status)
	}
	res = ac.get("/personal/historik/users/" + strconv.FormatInt(nils.ID, 10))
	text := textOf(res.Body)
	if res.Status != http.StatusOK || !strings.Contains(text, "Skapad") || !strings.Contains(text, "role : contact → project_leader") {
		t.Errorf("history page: %d %s", res.Status, text)
	}
}

func TestInvitationMailAndOutbox(t *testing.T) {
	app := newTestAppConfig(t, Config{BaseURL: "https://portal.example"})
	admin := app.addUser(t, portal.UserAdmin, "admin@skr.example")
	ac := app.client(t)
	ac.login(admin.Email, testPassword)
	// A contact needs an organisation; the form keeps what was typed.
	res := ac.post("/personal/anvandare", url.Values{"name": {"Nils Ny"}, "email": {"nils@umea.example"}, "role": {"contact"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `value="nils@umea.example"`) ||
		!strings.Contains(textOf(res.Body), "Välj vilken organisation") {
		t.Fatalf("invite without organisation: %d %s", res.Status, textOf(res.Body))
	}
	res = ac.post("/personal/anvandare", url.Values{"name": {"Nils Ny"}, "email": {"nils@umea.example"},
		"role": {"contact"}, "organisation": {strconv.FormatInt(app.orgID(t, "umeå"), 10)}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("invite: %d", res.Status)
	}
	link := app.lastMailLink(t, "nils@umea.example", "/inbjudan/")
	if !strings.HasPrefix(link, "https://portal.example/inbjudan/") {
		t.Errorf("link %q does not start with BASE_URL", link)
	}
	// Only the hash of the token is stored.
	token := link[strings.LastIndex(link, "/")+1:]
	var n int
	_ = app.Store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM user_tokens WHERE hash = $1`, auth.HashToken(token)).Scan(&n)
	if n != 1 {
		t.Errorf("%d tokens stored under the hash", n)
	}
	_ = app.Store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM user_tokens WHERE encode(hash, 'escape') LIKE '%' || $1 || '%'`, token).Scan(&n)
	if n != 0 {
		t.Error("the token is stored in clear")
	}

	// In development (no SMTP) mail waits in the outbox, where admins
	// open its link; reading the outbox is audited.
	if res := ac.get("/personal/utkorg"); res.Status != http.StatusOK || !strings.Contains(textOf(res.Body), "Inbjudan till Modellportalen") ||
		!strings.Contains(textOf(res.Body), "Inte skickat") || !strings.Contains(res.Body, link) {
		t.Errorf("outbox: %d %s", res.Status, textOf(res.Body))
	}
	h, err := app.Store.History(context.Background(), "outbox", 0)
	if err != nil || len(h) != 1 || h[0].Action != "read" || h[0].After["live_links"] != float64(1) ||
		!strings.Contains(h[0].Actor, admin.Email) {
		t.Errorf("outbox reads audited as %+v, %v", h, err)
	}
	// Once delivered, the link is gone from the stored mail and the page.
	sent, err := app.Store.DeliverOutbox(context.Background(), 10, func(portal.OutboxMessage) (string, error) { return "log", nil })
	if err != nil || sent != 1 {
		t.Fatalf("deliver: %d, %v", sent, err)
	}
	if res := ac.get("/personal/utkorg"); !strings.Contains(textOf(res.Body), "Loggat (inte skickat)") || strings.Contains(res.Body, token) ||
		!strings.Contains(res.Body, store.LinkRemoved) {
		t.Errorf("outbox after logging: %s", textOf(res.Body))
	}
}

// With SMTP, mail waiting to be sent is shown without its live link.
func TestOutboxHidesLinksWhenMailIsSent(t *testing.T) {
	app := newTestAppConfig(t, Config{SMTPConfigured: true})
	admin := app.addUser(t, portal.UserAdmin, "admin@skr.example")
	ac := app.client(t)
	ac.login(admin.Email, testPassword)
	if res := ac.post("/personal/anvandare", url.Values{"name": {"Nils Ny"}, "email": {"nils@skr.example"}, "role": {"project_leader"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("invite: %d", res.Status)
	}
	link := app.lastMailLink(t, "nils@skr.example", "/inbjudan/")
	res := ac.get("/personal/utkorg")
	if strings.Contains(res.Body, link[strings.LastIndex(link, "/")+1:]) || !strings.Contains(res.Body, store.LinkRemoved) {
		t.Errorf("outbox with SMTP shows the live link: %s", textOf(res.Body))
	}
}

func TestLogPathHidesTokens(t *testing.T) {
	for path, want := range map[string]string{
		"/aterstall/hemlig-token": "/aterstall/…",
		"/inbjudan/hemlig-token":  "/inbjudan/…",
		"/organisationer/umeå":    "/organisationer/umeå",
	} {
		r, _ := http.NewRequest(http.MethodGet, "http://x"+path, nil)
		if got := logPath(r); got != want {
			t.Errorf("logPath(%s) = %q; want %q", path, got, want)
		}
	}
}
