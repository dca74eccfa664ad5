package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"modellportalen/internal/auth"
	"modellportalen/internal/portal"
)

// A burst of wrong passwords sent in parallel for one account gets no more
// passwords checked than the lock allows: each attempt is reserved before
// its password is hashed.
func TestLoginBurstChecksAtMostTheLimit(t *testing.T) {
	app := newTestApp(t)
	u := app.addUser(t, portal.UserContact, "anna@umea.example", "umeå")
	const burst = 40
	clients := make([]*client, burst)
	tokens := make([]string, burst)
	for i := range clients {
		clients[i] = app.client(t)
		tokens[i] = clients[i].token()
	}
	before := app.Server.Hashing.Checks()
	statuses := make([]int, burst)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range burst {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res := clients[i].postRaw("/logga-in", url.Values{"email": {u.Email},
				"password": {"gissning " + strconv.Itoa(i)}, "csrf_token": {tokens[i]}}, nil)
			statuses[i] = res.Status
		}()
	}
	close(start)
	wg.Wait()
	checked := app.Server.Hashing.Checks() - before
	if checked > auth.MaxAccountFailures {
		t.Errorf("%d passwords checked in a burst of %d; want at most %d", checked, burst, auth.MaxAccountFailures)
	}
	counts := map[int]int{}
	for _, s := range statuses {
		counts[s]++
	}
	if counts[http.StatusUnprocessableEntity]+counts[http.StatusTooManyRequests] != burst ||
		counts[http.StatusUnprocessableEntity] > auth.MaxAccountFailures {
		t.Errorf("statuses %v; want at most %d answered 422 and the rest 429", counts, auth.MaxAccountFailures)
	}
	var failures int
	_ = app.Store.Pool.QueryRow(context.Background(),
		`SELECT count(*) FROM login_attempts WHERE email = $1 AND outcome = 'failure'`, u.Email).Scan(&failures)
	if failures != int(checked) {
		t.Errorf("%d failures recorded for %d checks", failures, checked)
	}
}

// The client address comes from X-Forwarded-For only when the direct peer
// is a trusted proxy, and then it is the right-most address that is not one.
func TestClientAddressBehindTrustedProxies(t *testing.T) {
	proxies, err := ParseTrustedProxies("10.0.0.0/8, 192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		proxies []netip.Prefix
		peer    string
		xff     []string
		want    string
	}{
		{"no proxies configured", nil, "198.51.100.9:5000", []string{"203.0.113.7"}, "198.51.100.9"},
		{"untrusted peer", proxies, "198.51.100.9:5000", []string{"203.0.113.7"}, "198.51.100.9"},
		{"trusted peer", proxies, "10.1.2.3:5000", []string{"203.0.113.7"}, "203.0.113.7"},
		{"single trusted address", proxies, "192.0.2.1:5000", []string{"203.0.113.7"}, "203.0.113.7"},
		{"spoofed left entries ignored", proxies, "10.1.2.3:5000", []string{"6.6.6.6, 203.0.113.7, 10.0.0.2"}, "203.0.113.7"},
		{"several headers", proxies, "10.1.2.3:5000", []string{"6.6.6.6", "203.0.113.7"}, "203.0.113.7"},
		{"garbage stops the walk", proxies, "10.1.2.3:5000", []string{"6.6.6.6, nonsense, 10.0.0.2"}, "10.0.0.2"},
		{"trusted peer without header", proxies, "10.1.2.3:5000", nil, "10.1.2.3"},
		{"IPv6 client", proxies, "10.1.2.3:5000", []string{"2001:db8::1"}, "2001:db8::1"},
	}
	for _, c := range cases {
		s := &Server{Config: Config{TrustedProxies: c.proxies}}
		var got string
		h := s.clientAddress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = clientIP(r) }))
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = c.peer
		for _, v := range c.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if got != c.want {
			t.Errorf("%s: client %q, want %q", c.name, got, c.want)
		}
	}
	if _, err := ParseTrustedProxies("10.0.0.0/8, nej"); err == nil {
		t.Error("a bad TRUSTED_PROXIES entry was accepted")
	}
}

// Behind a trusted proxy the lock holds per client address, a spoofed
// header from an untrusted peer does not dodge it, and a browser that has
// signed in before is not locked out with its address or its account.
func TestLockedAddressDoesNotLockKnownDevice(t *testing.T) {
	app := newTestAppConfig(t, Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	u := app.addUser(t, portal.UserAdmin, "admin@skr.example")
	from := func(ip string) http.Header { return http.Header{"X-Forwarded-For": {ip}} }
	signIn := func(c *client, ip, password string) int {
		t.Helper()
		return c.postRaw("/logga-in", url.Values{"email": {u.Email}, "password": {password}, "csrf_token": {c.token()}}, from(ip)).Status
	}
	const office = "203.0.113.7"
	known := app.client(t)
	if st := signIn(known, office, testPassword); st != http.StatusSeeOther {
		t.Fatalf("first sign-in: %d", st)
	}
	known.post("/logga-ut", nil)

	// Someone at the same office locks its address …
	attacker := app.client(t)
	tok := attacker.token()
	for i := range auth.MaxIPFailures {
		res := attacker.postRaw("/logga-in", url.Values{"email": {"person" + strconv.Itoa(i) + "@example.se"},
			"password": {"fel"}, "csrf_token": {tok}}, from(office))
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("attempt %d: %d", i, res.Status)
		}
	}
	// … and the account, from anywhere.
	for i := range auth.MaxAccountFailures {
		attacker.postRaw("/logga-in", url.Values{"email": {u.Email}, "password": {"fel " + strconv.Itoa(i)}, "csrf_token": {tok}}, from("198.51.100."+strconv.Itoa(i+1)))
	}
	if st := signIn(app.client(t), office, testPassword); st != http.StatusTooManyRequests {
		t.Errorf("new browser at the locked address: %d, want 429", st)
	}
	if st := signIn(app.client(t), "203.0.113.8", testPassword); st != http.StatusTooManyRequests {
		t.Errorf("new browser elsewhere on the locked account: %d, want 429", st)
	}
	if st := signIn(known, office, testPassword); st != http.StatusSeeOther {
		t.Errorf("known browser at the locked address: %d, want 303", st)
	}
	// A forged cookie is no device cookie.
	forged := app.client(t)
	ck := known.cookie(deviceCookieName(false))
	if ck == nil {
		t.Fatal("no device cookie after signing in")
	}
	au, _ := url.Parse(app.URL)
	// Change one character of the signature, one that carries six bits
	// (the last may hold spare bits), to another: "AA" at the end was the
	// signature itself about once in a thousand runs.
	i := len(ck.Value) - 5
	other := byte('A')
	if ck.Value[i] == 'A' {
		other = 'B'
	}
	forged.c.Jar.SetCookies(au, []*http.Cookie{{Name: ck.Name, Value: ck.Value[:i] + string(other) + ck.Value[i+1:]}})
	if st := signIn(forged, office, testPassword); st != http.StatusTooManyRequests {
		t.Errorf("forged device cookie: %d, want 429", st)
	}

	// Without TRUSTED_PROXIES the header is the attacker's own and changes
	// nothing: every attempt counts against the real peer.
	direct := newTestApp(t)
	direct.addUser(t, portal.UserAdmin, "admin@skr.example")
	c := direct.client(t)
	tok = c.token()
	for i := range auth.MaxIPFailures {
		c.postRaw("/logga-in", url.Values{"email": {"person" + strconv.Itoa(i) + "@example.se"}, "password": {"fel"},
			"csrf_token": {tok}}, from("198.51.100."+strconv.Itoa(i+1)))
	}
	res := c.postRaw("/logga-in", url.Values{"email": {"admin@skr.example"}, "password": {testPassword}, "csrf_token": {tok}}, from("192.0.2.200"))
	if res.Status != http.StatusTooManyRequests {
		t.Errorf("spoofed X-Forwarded-For from an untrusted peer: %d, want 429", res.Status)
	}
}

// A visitor who only looks at the sign-in or reset form gets no session row;
// the forms still work with the signed double-submit cookie, and refuse a
// token without its cookie, another visitor's, or a forged one.
func TestSignInPageStoresNoSession(t *testing.T) {
	app := newTestApp(t)
	u := app.addUser(t, portal.UserContact, "anna@umea.example", "umeå")
	sessions := func() int {
		var n int
		if err := app.Store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM sessions`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for range 5 {
		for _, path := range []string{"/logga-in", "/glomt-losenord", "/aterstall/ogiltig", "/inbjudan/ogiltig"} {
			app.client(t).get(path)
		}
	}
	if n := sessions(); n != 0 {
		t.Fatalf("%d session rows after visitors only looked at the forms", n)
	}

	visitor, other := app.client(t), app.client(t)
	tok, otherTok := visitor.token(), other.token()
	if tok == otherTok {
		t.Fatal("two visitors got the same form token")
	}
	form := func(token string) url.Values {
		return url.Values{"email": {u.Email}, "password": {testPassword}, "csrf_token": {token}}
	}
	au, _ := url.Parse(app.URL)
	forged := app.client(t)
	forged.c.Jar.SetCookies(au, []*http.Cookie{{Name: "csrf", Value: "AAAA.BBBB"}})
	for name, res := range map[string]response{
		"another visitor's token":  visitor.postRaw("/logga-in", form(otherTok), nil),
		"a token without a cookie": app.client(t).postRaw("/logga-in", form(tok), nil),
		"a forged cookie":          forged.postRaw("/logga-in", form("AAAA.BBBB"), nil),
		"no token":                 visitor.postRaw("/logga-in", form(""), nil),
	} {
		if res.Status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, res.Status)
		}
	}
	if n := sessions(); n != 0 {
		t.Fatalf("%d session rows after refused forms", n)
	}
	if res := visitor.postRaw("/logga-in", form(tok), nil); res.Status != http.StatusSeeOther {
		t.Fatalf("sign in with the form's own token: %d", res.Status)
	}
	if n := sessions(); n != 1 {
		t.Errorf("%d session rows after one sign-in", n)
	}
	// Signed in, the session's own token is needed: the cookie's no longer
	// opens anything.
	if res := visitor.postRaw("/konto", url.Values{"name": {"Nytt namn"}, "csrf_token": {tok}}, nil); res.Status != http.StatusForbidden {
		t.Errorf("signed-in form with the anonymous cookie token: %d, want 403", res.Status)
	}
}

// Reset mail can be asked for at most resetsPerHour times an hour for one
// address, whoever asks, and one client address can ask at most
// resetRequestsPerAddress times an hour, for any addresses.
func TestForgotPasswordRateLimits(t *testing.T) {
	app := newTestAppConfig(t, Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	u := app.addUser(t, portal.UserContact, "anna@umea.example", "umeå")
	ask := func(email, ip string) response {
		c := app.client(t)
		return c.postRaw("/glomt-losenord", url.Values{"email": {email}, "csrf_token": {c.token()}}, http.Header{"X-Forwarded-For": {ip}})
	}
	mails := func(to string) int {
		var n int
		_ = app.Store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM outbox WHERE to_address = $1`, to).Scan(&n)
		return n
	}
	// Per account: from many addresses, still at most resetsPerHour mails,
	// and the page says the same every time.
	for i := range resetsPerHour + 3 {
		res := ask(u.Email, "198.51.100."+strconv.Itoa(i+1))
		if res.Status != http.StatusOK || !strings.Contains(textOf(res.Body), u.Email) {
			t.Fatalf("request %d: %d %s", i, res.Status, textOf(res.Body))
		}
	}
	if n := mails(u.Email); n != resetsPerHour {
		t.Errorf("%d reset mails, want %d", n, resetsPerHour)
	}
	// Per address: one client asking for many addresses is stopped.
	const ip = "203.0.113.9"
	for i := range resetRequestsPerAddress {
		if res := ask("person"+strconv.Itoa(i)+"@example.se", ip); res.Status != http.StatusOK {
			t.Fatalf("request %d from one address: %d", i, res.Status)
		}
	}
	res := ask("sista@example.se", ip)
	if res.Status != http.StatusTooManyRequests || !strings.Contains(textOf(res.Body), "För många förfrågningar") ||
		!strings.Contains(res.Body, `value="sista@example.se"`) {
		t.Errorf("request over the limit from one address: %d %s", res.Status, textOf(res.Body))
	}
	if res := ask("sista@example.se", "203.0.113.10"); res.Status != http.StatusOK {
		t.Errorf("another address: %d", res.Status)
	}
	// Reset requests are no login failures: the account is not locked.
	c := app.client(t)
	c.login(u.Email, testPassword)
}
