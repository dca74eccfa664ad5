package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"modellportalen/internal/auth"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// signInWithPassword posts the password only and returns where the portal
// sends the person.
func (c *client) signInWithPassword(email string) string {
	c.t.Helper()
	res := c.post("/logga-in", url.Values{"email": {email}, "password": {testPassword}})
	if res.Status != http.StatusSeeOther {
		c.t.Fatalf("login as %s: status %d; page: %s", email, res.Status, textOf(res.Body))
	}
	return res.Location
}

// TestStaffNeedSecondFactor: after the password alone, staff reach no staff
// page: with a factor they are asked for it, without one they are taken to
// set one up; contacts without one are signed in as before.
func TestStaffNeedSecondFactor(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserAdmin, "admin@skr.example")
	app.addUserWithoutSecondFactor(t, portal.UserProjectLeader, "ny@skr.example")
	app.addUser(t, portal.UserContact, "kontakt@umea.example", "umeå")

	staffPages := []string{"/personal", "/personal/anvandare", "/personal/omgangar", "/konto", "/personal/personuppgifter"}
	for _, tc := range []struct {
		email, wantTo string
	}{
		{"admin@skr.example", "/verifiera"},
		{"ny@skr.example", "/konto/sakerhet"},
	} {
		c := app.client(t)
		if to := c.signInWithPassword(tc.email); to != tc.wantTo {
			t.Fatalf("%s after password: to %q, want %q", tc.email, to, tc.wantTo)
		}
		for _, p := range staffPages {
			res := c.get(p)
			if res.Status != http.StatusSeeOther || res.Location != tc.wantTo {
				t.Errorf("%s with password only: GET %s = %d to %q, want 303 to %s", tc.email, p, res.Status, res.Location, tc.wantTo)
			}
		}
		// A POST to a staff route is refused the same way.
		if res := c.post("/personal/anvandare", url.Values{"name": {"X"}, "email": {"x@skr.example"}, "role": {"admin"}}); res.Status != http.StatusSeeOther || res.Location != tc.wantTo {
			t.Errorf("%s with password only: invite = %d to %q", tc.email, res.Status, res.Location)
		}
		// Someone with a factor may not add another before passing it.
		if tc.wantTo == "/verifiera" {
			if res := c.get("/konto/sakerhet/app"); res.Status != http.StatusSeeOther || res.Location != "/verifiera" {
				t.Errorf("set-up page before the second factor: %d to %q", res.Status, res.Location)
			}
		}
	}
	// The page asked for before the second factor comes after it.
	c := app.client(t)
	res := c.post("/logga-in", url.Values{"email": {"admin@skr.example"}, "password": {testPassword}, "next": {"/personal/omgangar"}})
	if res.Location != "/verifiera" {
		t.Fatalf("to %q", res.Location)
	}
	if res := c.passTOTP(testTOTPSecret); res.Location != "/personal/omgangar" {
		t.Errorf("after the second factor: to %q, want /personal/omgangar", res.Location)
	}
	if res := c.get("/personal/omgangar"); res.Status != http.StatusOK {
		t.Errorf("signed in: %d", res.Status)
	}

	// Setting up an app signs the new project leader in, with ten recovery codes shown once.
	n := app.client(t)
	n.signInWithPassword("ny@skr.example")
	secret := n.enrolTOTP()
	codes := n.get("/konto/sakerhet/reservkoder")
	if got := len(recoveryCode.FindAllString(codes.Body, -1)); codes.Status != http.StatusOK || got != auth.RecoveryCodeCount {
		t.Errorf("recovery codes page: %d with %d codes", codes.Status, got)
	}
	if again := n.get("/konto/sakerhet/reservkoder"); again.Status != http.StatusSeeOther {
		t.Errorf("recovery codes shown a second time: %d", again.Status)
	}
	if res := n.get("/personal/omgangar"); res.Status != http.StatusOK {
		t.Errorf("after setting up: %d", res.Status)
	}
	if secret == testTOTPSecret || len(secret) < 32 {
		t.Errorf("secret %q", secret)
	}

	// A contact without a factor signs in with the password, as before.
	k := app.client(t)
	if to := k.signInWithPassword("kontakt@umea.example"); to != "/mina-sidor" {
		t.Errorf("contact to %q", to)
	}
}

var recoveryCode = regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}`)

// TestTOTPCodes: a wrong code is refused with a message beside the field; a
// right code works once, and again in the same 30 seconds it is refused.
func TestTOTPCodes(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserProjectLeader, "pl@skr.example")
	code := auth.TOTPCode(testTOTPSecret, app.now())

	c := app.client(t)
	c.signInWithPassword("pl@skr.example")
	for _, tc := range []struct{ code, want string }{
		{"", "Skriv koden från appen."},
		{"12345", "Koden stämmer inte."},
		{wrongCode(code), "Koden stämmer inte."},
	} {
		res := c.post("/verifiera", url.Values{"code": {tc.code}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(textOf(res.Body), tc.want) {
			t.Errorf("code %q: status %d, page %q", tc.code, res.Status, textOf(res.Body))
		}
		if !strings.Contains(res.Body, `aria-invalid="true"`) {
			t.Errorf("code %q: the field is not marked invalid", tc.code)
		}
	}
	if res := c.post("/verifiera", url.Values{"code": {code}}); res.Status != http.StatusSeeOther || res.Location != "/personal" {
		t.Fatalf("right code: %d to %q", res.Status, res.Location)
	}
	// The same code from another browser, within its 30 seconds: refused.
	other := app.client(t)
	other.signInWithPassword("pl@skr.example")
	if res := other.post("/verifiera", url.Values{"code": {code}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("replayed code: status %d, want 422", res.Status)
	}
	if res := other.get("/personal"); res.Status != http.StatusSeeOther {
		t.Errorf("after a replayed code: GET /personal = %d", res.Status)
	}
	// The next step's code works.
	app.advance(30 * time.Second)
	if res := other.post("/verifiera", url.Values{"code": {auth.TOTPCode(testTOTPSecret, app.now())}}); res.Status != http.StatusSeeOther {
		t.Errorf("next code: %d", res.Status)
	}
}

// wrongCode is a six-digit code other than code.
func wrongCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

// TestSecondFactorThrottle: after auth.SecondFactorLimit wrong codes even the
// right one is refused for a while; a burst of parallel guesses gets no more
// than the limit checked.
func TestSecondFactorThrottle(t *testing.T) {
	app := newTestApp(t)
	u := app.addUser(t, portal.UserAdmin, "admin@skr.example")
	c := app.client(t)
	c.signInWithPassword(u.Email)
	token := c.token()

	const burst = 20
	var wg sync.WaitGroup
	statuses := make(chan int, burst)
	for range burst {
		wg.Go(func() {
			res := c.postRaw("/verifiera", url.Values{"code": {"000001"}, "csrf_token": {token}}, nil)
			statuses <- res.Status
		})
	}
	wg.Wait()
	close(statuses)
	checked := 0
	for s := range statuses {
		switch s {
		case http.StatusUnprocessableEntity:
			checked++
		case http.StatusTooManyRequests:
		default:
			t.Errorf("status %d", s)
		}
	}
	if checked > auth.SecondFactorLimit {
		t.Errorf("%d codes checked in a burst of %d; the limit is %d", checked, burst, auth.SecondFactorLimit)
	}
	res := c.post("/verifiera", url.Values{"code": {auth.TOTPCode(testTOTPSecret, app.now())}})
	if res.Status != http.StatusTooManyRequests || !strings.Contains(textOf(res.Body), "För många felaktiga försök") {
		t.Errorf("right code after the limit: %d %q", res.Status, textOf(res.Body))
	}
	if res := c.get("/personal"); res.Status != http.StatusSeeOther {
		t.Errorf("locked out but reached /personal: %d", res.Status)
	}
	// An admin's reset clears the attempts along with the factors.
	if err := app.Store.ResetSecondFactor(context.Background(), store.System("test"), u.ID); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := app.Store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM second_factor_attempts WHERE user_id = $1`, u.ID).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d attempts left after reset, %v", n, err)
	}
}

// TestRecoveryCodeOnce: a recovery code signs in once and is refused the
// second time.
func TestRecoveryCodeOnce(t *testing.T) {
	app := newTestApp(t)
	app.addUserWithoutSecondFactor(t, portal.UserAdmin, "admin@skr.example")
	c := app.client(t)
	c.signInWithPassword("admin@skr.example")
	c.enrolTOTP()
	codes := recoveryCode.FindAllString(c.get("/konto/sakerhet/reservkoder").Body, -1)
	if len(codes) != auth.RecoveryCodeCount {
		t.Fatalf("%d codes", len(codes))
	}
	for i, want := range []int{http.StatusSeeOther, http.StatusUnprocessableEntity} {
		b := app.client(t)
		b.signInWithPassword("admin@skr.example")
		// Typed in lower case with spaces: still the code.
		typed := strings.ToLower(strings.ReplaceAll(codes[3], "-", " "))
		res := b.post("/verifiera", url.Values{"recovery-code": {typed}})
		if res.Status != want {
			t.Fatalf("use %d: status %d, want %d; %s", i+1, res.Status, want, textOf(res.Body))
		}
		if i == 0 {
			if res.Location != "/konto/sakerhet" {
				t.Errorf("after a recovery code: to %q, want the set-up page", res.Location)
			}
			if page := b.get(res.Location); !strings.Contains(textOf(page.Body), "Du har 9 kvar") {
				t.Errorf("no count of the codes left: %s", textOf(page.Body))
			}
		} else if !strings.Contains(textOf(res.Body), "Reservkoden stämmer inte eller är redan använd") {
			t.Errorf("second use: %s", textOf(res.Body))
		}
	}
	// New codes replace the old ones.
	c.post("/konto/sakerhet/reservkoder", nil)
	fresh := recoveryCode.FindAllString(c.get("/konto/sakerhet/reservkoder").Body, -1)
	if len(fresh) != auth.RecoveryCodeCount || fresh[0] == codes[0] {
		t.Fatalf("new codes: %v", fresh)
	}
	b := app.client(t)
	b.signInWithPassword("admin@skr.example")
	if res := b.post("/verifiera", url.Values{"recovery-code": {codes[5]}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("an old code after new ones were made: %d", res.Status)
	}
}

// TestStepUp: sensitive pages ask for the second factor again after 15
// minutes and come back afterwards; a form sent then goes back to its page.
func TestStepUp(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserAdmin, "admin@skr.example")
	c := app.client(t)
	c.login("admin@skr.example", testPassword)
	if res := c.get("/personal/personuppgifter"); res.Status != http.StatusOK {
		t.Fatalf("fresh: %d", res.Status)
	}
	app.advance(auth.StepUpAfter + time.Minute)
	for _, p := range []string{"/personal/personuppgifter?epost=a%40b.se", "/personal/anvandare"} {
		res := c.get(p)
		if res.Status != http.StatusSeeOther || res.Location != "/verifiera?next="+url.QueryEscape(p) {
			t.Errorf("GET %s after 16 minutes: %d to %q", p, res.Status, res.Location)
		}
	}
	// Other staff pages do not ask.
	if res := c.get("/personal/omgangar"); res.Status != http.StatusOK {
		t.Errorf("GET /personal/omgangar: %d", res.Status)
	}
	res := c.post("/personal/anvandare", url.Values{"name": {"Nils"}, "email": {"nils@umea.example"}, "role": {"admin"}})
	if res.Status != http.StatusSeeOther || res.Location != "/verifiera?next=%2Fpersonal%2Fanvandare" {
		t.Errorf("invite after 16 minutes: %d to %q", res.Status, res.Location)
	}
	if _, err := app.Store.UserByEmail(context.Background(), "nils@umea.example"); err == nil {
		t.Error("the invitation was made without the step-up")
	}
	step := c.get("/verifiera?next=" + url.QueryEscape("/personal/personuppgifter?epost=a%40b.se"))
	if !strings.Contains(textOf(step.Body), "mer än 15 minuter sedan") {
		t.Errorf("step-up page: %s", textOf(step.Body))
	}
	app.advance(30 * time.Second)
	res = c.post("/verifiera", url.Values{"code": {auth.TOTPCode(testTOTPSecret, app.now())},
		"next": {"/personal/personuppgifter?epost=a%40b.se"}})
	if res.Status != http.StatusSeeOther || res.Location != "/personal/personuppgifter?epost=a%40b.se" {
		t.Fatalf("after step-up: %d to %q", res.Status, res.Location)
	}
	if res := c.get(res.Location); res.Status != http.StatusOK {
		t.Errorf("back at the lookup: %d", res.Status)
	}
	// An address of another site is not followed.
	app.advance(auth.StepUpAfter + time.Minute)
	app.advance(30 * time.Second)
	res = c.post("/verifiera", url.Values{"code": {auth.TOTPCode(testTOTPSecret, app.now())}, "next": {"//evil.example/"}})
	if res.Location != "/personal" {
		t.Errorf("next to another site: to %q", res.Location)
	}
}

// TestAdminResetsSecondFactor: an admin's reset is audited, and the person
// sets up a new factor at the next sign-in; an admin can require a factor of
// a contact person.
func TestAdminResetsSecondFactor(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserAdmin, "admin@skr.example")
	pl := app.addUser(t, portal.UserProjectLeader, "pl@skr.example")
	contact := app.addUser(t, portal.UserContact, "kontakt@umea.example", "umeå")
	a := app.client(t)
	a.login("admin@skr.example", testPassword)

	if res := a.post("/personal/anvandare/"+itoa(pl.ID)+"/tvastegs/nollstall", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("reset: %d", res.Status)
	}
	u, _ := app.Store.UserByID(context.Background(), pl.ID)
	if u.HasSecondFactor {
		t.Error("still has a second factor")
	}
	hist := a.get("/personal/historik/users/" + itoa(pl.ID))
	if !strings.Contains(hist.Body, "second_factor_reset") && !strings.Contains(textOf(hist.Body), "tvåstegsverifiering") {
		t.Errorf("the reset is not in the history: %s", textOf(hist.Body))
	}
	p := app.client(t)
	if to := p.signInWithPassword(pl.Email); to != "/konto/sakerhet" {
		t.Errorf("after reset: to %q", to)
	}

	if res := a.post("/personal/anvandare/"+itoa(contact.ID)+"/tvastegs/krav", url.Values{"required": {"true"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("require: %d", res.Status)
	}
	k := app.client(t)
	if to := k.signInWithPassword(contact.Email); to != "/konto/sakerhet" {
		t.Errorf("contact who must: to %q", to)
	}
	if res := k.get("/mina-sidor"); res.Status != http.StatusSeeOther {
		t.Errorf("contact without the required factor reached /mina-sidor: %d", res.Status)
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// TestResetSecondFactorEndsItsSessions: a session that had passed the factor
// an admin then reset (a lost phone, perhaps) no longer reaches staff pages
// or skips the step-up; it is sent to set up a new factor. The pages it sees
// meanwhile, the new authenticator secret among them, are never stored.
func TestResetSecondFactorEndsItsSessions(t *testing.T) {
	app := newTestApp(t)
	admin := app.addUser(t, portal.UserAdmin, "admin@skr.example")
	app.addUser(t, portal.UserAdmin, "other@skr.example")
	old := app.client(t)
	old.login(admin.Email, testPassword)
	if res := old.get("/personal/anvandare"); res.Status != http.StatusOK {
		t.Fatalf("before the reset: %d", res.Status)
	}
	o := app.client(t)
	o.login("other@skr.example", testPassword)
	if res := o.post("/personal/anvandare/"+itoa(admin.ID)+"/tvastegs/nollstall", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("reset: %d", res.Status)
	}
	app.advance(auth.StepUpAfter + time.Minute)
	for _, p := range []string{"/personal/anvandare", "/personal/personuppgifter?epost=a%40b.se", "/personal/omgangar"} {
		if res := old.get(p); res.Status != http.StatusSeeOther || res.Location != "/konto/sakerhet" {
			t.Errorf("old session after the reset: GET %s = %d to %q, want 303 to /konto/sakerhet", p, res.Status, res.Location)
		}
	}
	res := old.post("/personal/anvandare", url.Values{"name": {"Nils"}, "email": {"nils@umea.example"}, "role": {"admin"}})
	if res.Status != http.StatusSeeOther || res.Location != "/konto/sakerhet" {
		t.Errorf("old session after the reset: invite = %d to %q", res.Status, res.Location)
	}
	for _, p := range []string{"/konto/sakerhet", "/konto/sakerhet/app"} {
		res := old.get(p)
		if res.Status != http.StatusOK {
			t.Errorf("GET %s while setting up a new factor: %d", p, res.Status)
			continue
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("GET %s before the second factor: Cache-Control %q, want no-store", p, cc)
		}
	}
}
