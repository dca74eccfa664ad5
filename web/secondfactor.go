package web

import (
	"context"
	"time"
)

// VerifyView is the second step of signing in, and the same check again
// before a sensitive action (StepUp).
type VerifyView struct {
	Next        string // where to go afterwards, a local path
	StepUp      bool   // signed in already; confirming before a sensitive action
	HasTOTP     bool
	HasPasskeys bool
	Recovery    bool   // the recovery-code form was the one sent
	Code        string // as typed, kept when shown again
	Errors      Errors
}

func codeIf(ok bool, code string) string {
	if ok {
		return code
	}
	return ""
}

// PasskeyRow is one of the user's passkeys.
type PasskeyRow struct {
	ID         int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// SecurityView is the page where a person sets up and manages their second
// factors.
type SecurityView struct {
	Email        string
	Required     bool // the account must have a second factor
	Pending      bool // signing in: this must be done before anything else
	HasTOTP      bool
	Passkeys     []PasskeyRow
	RecoveryLeft int
	PasskeyName  string
	// PasskeysAvailable is false where the portal is reached by an IP
	// address, which browsers refuse as a passkey's relying party.
	PasskeysAvailable bool
	Errors            Errors
}

func (v SecurityView) factors() int {
	n := len(v.Passkeys)
	if v.HasTOTP {
		n++
	}
	return n
}

// TOTPSetupView is the form that links an authenticator app.
type TOTPSetupView struct {
	Secret  string // base32, shown for typing in by hand
	QRCode  string // data: URL of a PNG
	Pending bool
	Errors  Errors
}

// groupSecret prints a base32 secret in groups of four, easier to type.
func groupSecret(s string) string {
	var out []byte
	for i := 0; i < len(s); i++ {
		if i > 0 && i%4 == 0 {
			out = append(out, ' ')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// RecoveryCodesView shows freshly made recovery codes, once.
type RecoveryCodesView struct {
	Codes []string
	Next  string
}

// titleIn is pageTitle in the page's language.
func titleIn(ctx context.Context, title string, errs Errors) string {
	if len(errs) > 0 {
		return tf(ctx, "form.title", title)
	}
	return title
}
