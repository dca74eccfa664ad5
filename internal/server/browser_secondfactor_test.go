package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/auth"
	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
)

// localhostURL is the test server's address by name: browsers accept
// "localhost" as a WebAuthn relying party, never an IP address.
func localhostURL(app *testApp) string {
	return strings.Replace(app.URL, "127.0.0.1", "localhost", 1)
}

// browserPassword signs in with the password only.
func browserPassword(t *testing.T, b *browsertest.Browser, base, email string) {
	t.Helper()
	b.Visit(t, base+"/logga-in")
	b.Fill(t, "#email", email)
	b.Fill(t, "#password", testPassword)
	if status := b.Submit(t, "form[action='/logga-in'] button"); status != http.StatusOK {
		t.Fatalf("password: status %d", status)
	}
}

func pagePath(t *testing.T, b *browsertest.Browser) string {
	t.Helper()
	u, err := url.Parse(b.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	if u.RawQuery != "" {
		return u.Path + "?" + u.RawQuery
	}
	return u.Path
}

// noConsoleErrors fails the test for errors in the console (a script that
// broke, something the CSP refused), beyond the browser's note on each form
// answered with 422 or 429.
func noConsoleErrors(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	for _, e := range b.ConsoleErrors() {
		if !strings.Contains(e, "the server responded with a status of 4") {
			t.Errorf("console error: %s", e)
		}
	}
}

// TestBrowserPasskey: an admin without a second factor is taken to set one
// up, adds a passkey through Chrome's virtual authenticator, saves the
// recovery codes, signs in again with the passkey, adds an authenticator
// app and removes the passkey.
func TestBrowserPasskey(t *testing.T) {
	app := newTestApp(t)
	admin := app.addUserWithoutSecondFactor(t, portal.UserAdmin, "admin@skr.example")
	base := localhostURL(app)
	b := browsertest.New(t)
	authenticator := b.VirtualAuthenticator(t)

	browserPassword(t, b, base, admin.Email)
	if p := pagePath(t, b); p != "/konto/sakerhet" {
		t.Fatalf("after the password: at %s, want /konto/sakerhet", p)
	}
	if !strings.Contains(b.Text(t, "main"), "måste därför skyddas") {
		t.Errorf("set-up page: %q", b.Text(t, "main"))
	}
	b.Axe(t)
	// Nothing else is reachable yet.
	b.Visit(t, base+"/personal")
	if p := pagePath(t, b); p != "/konto/sakerhet" {
		t.Fatalf("staff page with the password only: at %s", p)
	}

	b.Fill(t, "#passkey-name", "Jobbdatorn")
	if status := b.Follow(t, "[data-passkey=register] [data-passkey-start]"); status != http.StatusOK {
		t.Fatalf("add passkey: status %d", status)
	}
	if p := pagePath(t, b); p != "/konto/sakerhet/reservkoder" {
		t.Fatalf("after adding the passkey: at %s; %s", p, b.Text(t, "main"))
	}
	b.Axe(t)
	if n := b.Count(t, "ul.recovery-codes li"); n != auth.RecoveryCodeCount {
		t.Errorf("%d recovery codes shown", n)
	}
	b.Follow(t, "main a.button")
	if p := pagePath(t, b); p != "/personal" {
		t.Errorf("after saving the codes: at %s", p)
	}
	if n := len(b.Passkeys(t, authenticator)); n != 1 {
		t.Errorf("the authenticator holds %d credentials", n)
	}
	keys, err := app.Store.Passkeys(context.Background(), admin.ID)
	if err != nil || len(keys) != 1 || keys[0].Name != "Jobbdatorn" {
		t.Fatalf("stored passkeys: %+v, %v", keys, err)
	}

	// Sign in again: the passkey is the second step.
	browserLogout(t, b)
	browserPassword(t, b, base, admin.Email)
	if p := pagePath(t, b); p != "/verifiera" {
		t.Fatalf("second sign-in: at %s", p)
	}
	b.Axe(t)
	if status := b.Follow(t, "[data-passkey=login] [data-passkey-start]"); status != http.StatusOK {
		t.Fatalf("passkey sign-in: %d", status)
	}
	if p := pagePath(t, b); p != "/personal" {
		t.Fatalf("after the passkey: at %s; %s", p, b.Text(t, "main"))
	}
	if keys, _ := app.Store.Passkeys(context.Background(), admin.ID); keys[0].LastUsedAt == nil {
		t.Error("the passkey's use is not recorded")
	}

	// The passkey is listed on the account's security page; the only factor
	// of staff cannot be removed until there is another.
	b.Visit(t, base+"/konto")
	b.Follow(t, "a[href='/konto/sakerhet']")
	if !strings.Contains(b.Text(t, "table"), "Jobbdatorn") {
		t.Errorf("passkey not listed: %q", b.Text(t, "main"))
	}
	if n := b.Count(t, "form[action$='/ta-bort']"); n != 0 {
		t.Errorf("%d remove buttons for the only factor", n)
	}
	b.Axe(t)
	b.Follow(t, "a[href='/konto/sakerhet/app']")
	secret := strings.ReplaceAll(b.Text(t, "#totp-secret"), " ", "")
	b.Fill(t, "#code", auth.TOTPCode(secret, app.now()))
	b.Submit(t, "form[action='/konto/sakerhet/app'] button")
	if got := b.Text(t, ".flash"); got != "Autentiseringsappen är aktiverad." {
		t.Errorf("after adding the app: %q", got)
	}
	b.Submit(t, "form[action^='/konto/sakerhet/nyckel/'] button")
	if got := b.Text(t, ".flash"); got != "Nyckeln är borttagen." {
		t.Errorf("after removing the passkey: %q", got)
	}
	if keys, _ := app.Store.Passkeys(context.Background(), admin.ID); len(keys) != 0 {
		t.Errorf("%d passkeys left", len(keys))
	}
	noConsoleErrors(t, b)
}

// TestBrowserTOTPRecoveryAndStepUp: a project leader sets up an
// authenticator app with codes computed here, signs in with a recovery code
// once (the second time it is refused), and after 15 minutes confirms the
// second factor again before the person-data lookup, coming back to it.
func TestBrowserTOTPRecoveryAndStepUp(t *testing.T) {
	app := newTestApp(t)
	app.addUserWithoutSecondFactor(t, portal.UserAdmin, "admin@skr.example")
	b := browsertest.New(t)

	browserPassword(t, b, app.URL, "admin@skr.example")
	if p := pagePath(t, b); p != "/konto/sakerhet" {
		t.Fatalf("after the password: at %s", p)
	}
	b.Follow(t, "a[href='/konto/sakerhet/app']")
	b.Axe(t)
	secret := strings.ReplaceAll(b.Text(t, "#totp-secret"), " ", "")
	if src := b.Attr(t, "img.qr-code", "src"); !strings.HasPrefix(src, "data:image/png;base64,") {
		t.Errorf("QR code %.40q", src)
	}
	b.Fill(t, "#code", "000000")
	if status := b.Submit(t, "form[action='/konto/sakerhet/app'] button"); status != http.StatusUnprocessableEntity {
		t.Errorf("wrong code: %d", status)
	}
	if !strings.Contains(b.Text(t, ".error-summary"), "Koden stämmer inte") {
		t.Errorf("error summary: %q", b.Text(t, ".error-summary"))
	}
	b.Axe(t)
	// The same secret is still on the page after the wrong code.
	if again := strings.ReplaceAll(b.Text(t, "#totp-secret"), " ", ""); again != secret {
		t.Errorf("secret changed from %s to %s", secret, again)
	}
	b.Fill(t, "#code", auth.TOTPCode(secret, app.now()))
	b.Submit(t, "form[action='/konto/sakerhet/app'] button")
	if p := pagePath(t, b); p != "/konto/sakerhet/reservkoder" {
		t.Fatalf("after the right code: at %s", p)
	}
	codes := strings.Fields(b.Text(t, "ul.recovery-codes"))
	if len(codes) != auth.RecoveryCodeCount {
		t.Fatalf("codes: %v", codes)
	}
	b.Follow(t, "main a.button")
	browserLogout(t, b)

	// A recovery code works once.
	for i, want := range []int{http.StatusOK, http.StatusUnprocessableEntity} {
		browserPassword(t, b, app.URL, "admin@skr.example")
		b.Click(t, "details summary")
		b.Fill(t, "#recovery-code", codes[0])
		status := b.Submit(t, "form:has(#recovery-code) button")
		if status != want {
			t.Fatalf("recovery code, use %d: status %d, want %d", i+1, status, want)
		}
		if i == 0 {
			if got := b.Text(t, ".flash"); !strings.Contains(got, "Du har 9 kvar") {
				t.Errorf("after a recovery code: %q", got)
			}
			browserLogout(t, b)
			continue
		}
		if !strings.Contains(b.Text(t, ".error-summary"), "redan använd") {
			t.Errorf("second use: %q", b.Text(t, ".error-summary"))
		}
		b.Axe(t)
	}
	// Still not signed in: the app's code finishes it.
	b.Visit(t, app.URL+"/personal/personuppgifter")
	if p := pagePath(t, b); p != "/verifiera" {
		t.Fatalf("staff page with the password only: at %s", p)
	}
	if status := browserPassTOTP(t, b, app, secret); status != http.StatusOK {
		t.Fatalf("code: %d", status)
	}
	if p := pagePath(t, b); p != "/personal/personuppgifter" {
		t.Errorf("after the second factor: at %s, want the page asked for", p)
	}

	// 16 minutes later the lookup asks again, and comes back to it.
	app.advance(auth.StepUpAfter + time.Minute)
	b.Visit(t, app.URL+"/personal/personuppgifter?epost=nils%40umea.example")
	if p := pagePath(t, b); !strings.HasPrefix(p, "/verifiera?next=") {
		t.Fatalf("lookup after 16 minutes: at %s", p)
	}
	if !strings.Contains(b.Text(t, "main"), "mer än 15 minuter sedan") {
		t.Errorf("step-up page: %q", b.Text(t, "main"))
	}
	b.Axe(t)
	browserPassTOTP(t, b, app, secret)
	if p := pagePath(t, b); p != "/personal/personuppgifter?epost=nils%40umea.example" {
		t.Errorf("after the step-up: at %s", p)
	}

	// The pages in English.
	b.Visit(t, app.URL+"/en/konto/sakerhet")
	if got := b.Text(t, "h1"); got != "Two-step verification" {
		t.Errorf("English page: %q", got)
	}
	b.Axe(t)
	noConsoleErrors(t, b)
}
