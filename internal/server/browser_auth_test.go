package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/auth"
	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
)

// browserLogin signs in through the login form and, when the portal asks
// for it, the second-factor form with the current code of testTOTPSecret.
func browserLogin(t *testing.T, b *browsertest.Browser, app *testApp, email, password string) int {
	t.Helper()
	b.Visit(t, app.URL+"/logga-in")
	b.Fill(t, "#email", email)
	b.Fill(t, "#password", password)
	status := b.Submit(t, "form[action='/logga-in'] button")
	if strings.HasSuffix(b.URL(t), "/verifiera") {
		status = browserPassTOTP(t, b, app, testTOTPSecret)
	}
	return status
}

// browserPassTOTP types the secret's current code into the second-factor
// form, the server's clock moved on a step so that no code is used twice.
func browserPassTOTP(t *testing.T, b *browsertest.Browser, app *testApp, secret string) int {
	t.Helper()
	app.advance(30 * time.Second)
	b.Fill(t, "#code", auth.TOTPCode(secret, app.now()))
	return b.Submit(t, "form[action='/verifiera'] button")
}

func browserLogout(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	if status := b.Submit(t, "form[action='/logga-ut'] button"); status != http.StatusOK {
		t.Fatalf("logout: status %d", status)
	}
	if got := b.Text(t, ".flash"); got != "Du är utloggad." {
		t.Errorf("after logout: %q", got)
	}
}

// TestBrowserInviteSetPasswordLoginLogout: an admin invites a contact person,
// who follows the mailed link, chooses a password, is signed in, signs out
// and signs in again.
func TestBrowserInviteSetPasswordLoginLogout(t *testing.T) {
	app := newTestApp(t)
	admin := app.addUser(t, portal.UserAdmin, "admin@skr.example")
	b := browsertest.New(t)

	if status := browserLogin(t, b, app, admin.Email, testPassword); status != http.StatusOK {
		t.Fatalf("admin login: %d", status)
	}
	b.Visit(t, app.URL+"/personal/anvandare")
	b.Axe(t)
	b.Fill(t, "#name", "Nils Nilsson")
	b.Fill(t, "#email", "nils@umea.example")
	b.Select(t, "#role", "contact")
	b.Select(t, "#organisation", strconv.FormatInt(app.orgID(t, "umeå"), 10))
	b.Submit(t, "form[action='/personal/anvandare'] button")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "nils@umea.example") {
		t.Fatalf("after invite: %q", got)
	}
	if !strings.Contains(b.Text(t, "table"), "Nils Nilsson") {
		t.Error("the invited person is not in the list")
	}
	// Without SMTP the mail waits in the outbox, where the admin can read it.
	b.Visit(t, app.URL+"/personal/utkorg")
	b.Axe(t)
	if !strings.Contains(b.Text(t, "main"), "Inbjudan till Modellportalen") {
		t.Error("the invitation is not in the outbox")
	}
	link := app.lastMailLink(t, "nils@umea.example", "/inbjudan/")

	nils := b.NewTab(t)
	if status := nils.Visit(t, link); status != http.StatusOK {
		t.Fatalf("invitation link: %d", status)
	}
	if h1 := nils.Text(t, "h1"); h1 != "Välj lösenord" {
		t.Errorf("h1 = %q", h1)
	}
	nils.Axe(t)
	// A short password is refused with the error beside the field.
	nils.Fill(t, "#password", "kort")
	nils.Fill(t, "#password-again", "kort")
	if status := nils.Submit(t, "main form button"); status != http.StatusUnprocessableEntity {
		t.Errorf("short password: %d", status)
	}
	if !strings.Contains(nils.Text(t, ".error-summary"), "minst 12 tecken") || !strings.Contains(nils.Text(t, "#password-error"), "minst 12 tecken") {
		t.Error("no error for a short password")
	}
	nils.Axe(t)
	const pw = "tåg över fjället i maj"
	nils.Fill(t, "#password", pw)
	nils.Fill(t, "#password-again", pw)
	nils.Submit(t, "main form button")
	if got := nils.Text(t, ".flash"); !strings.Contains(got, "Välkommen") {
		t.Fatalf("after choosing a password: %q", got)
	}
	if h1 := nils.Text(t, "h1"); h1 != "Mitt konto" {
		t.Errorf("landed on %q", h1)
	}
	browserLogout(t, nils)
	// The link was for one use only.
	if status := nils.Visit(t, link); status != http.StatusNotFound || nils.Text(t, "h1") != "Länken fungerar inte" {
		t.Errorf("used invitation link: %d %q", status, nils.Text(t, "h1"))
	}
	// A contact of one organisation lands on its page.
	browserLogin(t, nils, app, "nils@umea.example", pw)
	if h1 := nils.Text(t, "h1"); h1 != "Umeå" || !strings.Contains(nils.Text(t, "main"), "Kommande lärandeträffar") {
		t.Errorf("after login: %q %q", h1, nils.Text(t, "main"))
	}
	browserLogout(t, nils)
}

// TestBrowserWrongPassword: the form says what is wrong without telling
// whether the address has an account, keeps the address, and passes axe.
func TestBrowserWrongPassword(t *testing.T) {
	app := newTestApp(t)
	u := app.addUser(t, portal.UserContact, "anna@umea.example", "umeå")
	b := browsertest.New(t)
	b.Visit(t, app.URL+"/logga-in")
	b.Axe(t)
	if status := browserLogin(t, b, app, u.Email, "inte rätt lösenord"); status != http.StatusUnprocessableEntity {
		t.Errorf("status %d", status)
	}
	if got := b.Text(t, ".error-summary"); !strings.Contains(got, "E-postadressen eller lösenordet är fel.") {
		t.Errorf("error summary: %q", got)
	}
	if got := b.Attr(t, "#email", "value"); got != u.Email {
		t.Errorf("e-mail field holds %q; want what was typed", got)
	}
	if !strings.HasPrefix(b.Title(t), "Fel: ") {
		t.Errorf("title %q does not announce the error", b.Title(t))
	}
	b.Axe(t)
	// The summary links to the field.
	b.Follow(t, ".error-summary a")
	// Nothing is signed in.
	if status := b.Visit(t, app.URL+"/konto"); status != http.StatusOK || b.Text(t, "h1") != "Logga in" {
		t.Errorf("/konto after a failed login: %d %q", status, b.Text(t, "h1"))
	}
}

// TestBrowserPasswordReset: a person who forgot the password asks for a
// link, chooses a new password and signs in with it.
func TestBrowserPasswordReset(t *testing.T) {
	app := newTestApp(t)
	u := app.addUser(t, portal.UserContact, "anna@umea.example", "umeå")
	b := browsertest.New(t)
	b.Visit(t, app.URL+"/logga-in")
	b.Follow(t, "a[href='/glomt-losenord']")
	b.Axe(t)
	b.Fill(t, "#email", u.Email)
	b.Submit(t, "main form button")
	if h1 := b.Text(t, "h1"); h1 != "Kolla din e-post" {
		t.Fatalf("h1 = %q", h1)
	}
	b.Axe(t)
	link := app.lastMailLink(t, u.Email, "/aterstall/")
	b.Visit(t, link)
	if h1 := b.Text(t, "h1"); h1 != "Välj nytt lösenord" {
		t.Fatalf("h1 = %q", h1)
	}
	const pw = "cykel genom regnet i juni"
	b.Fill(t, "#password", pw)
	b.Fill(t, "#password-again", pw+" fel")
	b.Submit(t, "main form button")
	if got := b.Text(t, "#password-again-error"); !strings.Contains(got, "inte likadana") {
		t.Errorf("mismatch error: %q", got)
	}
	b.Fill(t, "#password", pw)
	b.Fill(t, "#password-again", pw)
	b.Submit(t, "main form button")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "nya lösenord är sparat") {
		t.Fatalf("after reset: %q", got)
	}
	browserLogout(t, b)
	if status := browserLogin(t, b, app, u.Email, testPassword); status != http.StatusUnprocessableEntity {
		t.Errorf("old password still works: %d", status)
	}
	browserLogin(t, b, app, u.Email, pw)
	if h1 := b.Text(t, "h1"); h1 != "Umeå" {
		t.Errorf("after login with the new password: %q, want the organisation's page", h1)
	}
}

// TestBrowserContactCannotReachOtherOrganisation: a contact of Umeå who
// edits the URL to Skellefteå's page gets 403 and nothing changes.
func TestBrowserContactCannotReachOtherOrganisation(t *testing.T) {
	app := newTestApp(t)
	u := app.addUser(t, portal.UserContact, "anna@umea.example", "umeå")
	umea, skelleftea := app.orgID(t, "umeå"), app.orgID(t, "skellefteå")
	var auditBefore int
	_ = app.Store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log`).Scan(&auditBefore)

	b := browsertest.New(t)
	browserLogin(t, b, app, u.Email, testPassword)
	// A contact of one organisation lands on its page.
	if got, want := b.URL(t), app.URL+"/mina-sidor/organisationer/"+strconv.FormatInt(umea, 10); got != want {
		t.Errorf("after sign-in at %s, want %s", got, want)
	}
	if h1 := b.Text(t, "h1"); h1 != "Umeå" {
		t.Fatalf("own organisation page: %q", h1)
	}
	b.Axe(t)
	status := b.Visit(t, app.URL+"/mina-sidor/organisationer/"+strconv.FormatInt(skelleftea, 10))
	if status != http.StatusForbidden {
		t.Errorf("other organisation's page: %d; want 403", status)
	}
	if h1 := b.Text(t, "h1"); h1 != "Du har inte behörighet till sidan" {
		t.Errorf("403 page h1 = %q", h1)
	}
	if strings.Contains(b.Text(t, "main"), "Skellefteå") {
		t.Error("the 403 page shows the other organisation's name")
	}
	b.Axe(t)

	after, _ := app.Store.UserByID(context.Background(), u.ID)
	if len(after.Organisations) != 1 || after.Organisations[0].ID != umea || after.Role != portal.UserContact {
		t.Errorf("the contact's access changed: %+v", after)
	}
	var auditAfter int
	_ = app.Store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action <> 'login'`).Scan(&auditAfter)
	if auditAfter != auditBefore {
		t.Errorf("audit log grew from %d to %d entries", auditBefore, auditAfter)
	}
}

// TestBrowserAccountPage: the account page passes axe, and changing the
// password keeps the person signed in.
func TestBrowserAccountPage(t *testing.T) {
	app := newTestApp(t)
	u := app.addUser(t, portal.UserProjectLeader, "pl@skr.example")
	b := browsertest.New(t)
	browserLogin(t, b, app, u.Email, testPassword)
	if h1 := b.Text(t, "h1"); h1 != "Personal" {
		t.Errorf("staff land on %q", h1)
	}
	b.Axe(t)
	b.Follow(t, "a[href='/konto']")
	if h1 := b.Text(t, "h1"); h1 != "Mitt konto" {
		t.Fatalf("h1 = %q", h1)
	}
	b.Axe(t)
	b.Fill(t, "#current-password", "fel lösenord helt")
	b.Fill(t, "#password", "password1234")
	b.Fill(t, "#password-again", "password1234")
	b.Submit(t, "form[action='/konto/losenord'] button")
	summary := b.Text(t, ".error-summary")
	if !strings.Contains(summary, "nuvarande lösenordet är fel") || !strings.Contains(summary, "för vanligt") {
		t.Errorf("error summary: %q", summary)
	}
	b.Axe(t)
	const pw = "fyra ord som håller"
	b.Fill(t, "#current-password", testPassword)
	b.Fill(t, "#password", pw)
	b.Fill(t, "#password-again", pw)
	b.Submit(t, "form[action='/konto/losenord'] button")
	if got := b.Text(t, ".flash"); got != "Ditt lösenord är bytt." {
		t.Errorf("flash = %q", got)
	}
	b.Fill(t, "#name", "Petra Projektledare")
	b.Submit(t, "form[action='/konto'] button")
	if !strings.Contains(b.Text(t, "dl.facts"), "Petra Projektledare") {
		t.Error("the new name is not shown")
	}
}
