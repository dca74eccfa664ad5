package auth

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Limits on the second factor.
const (
	// StepUpAfter is how long a second factor counts for sensitive actions:
	// later, they ask for it again.
	StepUpAfter = 15 * time.Minute
	// SecondFactorLimit is how many wrong codes (or failed passkey checks)
	// an account may have in ThrottleWindow before further attempts are
	// refused unchecked.
	SecondFactorLimit = 5
	// RecoveryCodeCount is how many recovery codes a user gets at a time.
	RecoveryCodeCount = 10
	// totpIssuer names the portal in the authenticator app.
	totpIssuer = "Modellportalen"
	totpPeriod = 30
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret returns a fresh random secret for an authenticator app, in
// the base32 form apps accept typed in (160 bits, as RFC 4226 recommends).
func NewTOTPSecret() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return b32.EncodeToString(b)
}

// TOTPQRCode returns the secret as a QR code, a PNG in a data: URL (which the
// Content-Security-Policy allows for images).
func TOTPQRCode(secret, account string) (string, error) {
	k, err := totpKey(secret, account)
	if err != nil {
		return "", err
	}
	img, err := k.Image(240, 240)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

func totpKey(secret, account string) (*otp.Key, error) {
	raw, err := b32.DecodeString(secret)
	if err != nil {
		return nil, err
	}
	return totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: account, Secret: raw})
}

// TOTPCode is the code the secret gives at t; tests and the demo use it.
func TOTPCode(secret string, t time.Time) string {
	code, err := totp.GenerateCode(secret, t)
	if err != nil {
		return ""
	}
	return code
}

// TOTPStep checks a code typed from an authenticator app against the secret
// at now, allowing one step (30 s) of clock drift either way, and returns
// the time step it belongs to. The caller must still make sure that step was
// not used before (store.UseTOTPStep), or a code could be replayed.
func TOTPStep(secret, code string, now time.Time) (int64, bool) {
	code = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, code)
	if len(code) != 6 {
		return 0, false
	}
	step := now.Unix() / totpPeriod
	found := int64(0)
	// Every candidate is compared, matched or not, so timing tells nothing.
	for _, s := range []int64{step - 1, step, step + 1} {
		want, err := totp.GenerateCode(secret, time.Unix(s*totpPeriod, 0))
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && found == 0 {
			found = s
		}
	}
	return found, found != 0
}

// recoveryAlphabet leaves out letters and digits that are easily confused
// (0/O, 1/I); 32 symbols give 5 bits each.
const recoveryAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// NewRecoveryCodes returns RecoveryCodeCount fresh codes to show the user
// once, and the hashes to store. Each code has 16 symbols (80 bits), printed
// in groups of four.
func NewRecoveryCodes() (codes []string, hashes [][]byte) {
	for range RecoveryCodeCount {
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		var c strings.Builder
		for i, x := range b {
			if i > 0 && i%4 == 0 {
				c.WriteByte('-')
			}
			c.WriteByte(recoveryAlphabet[int(x)%len(recoveryAlphabet)])
		}
		codes = append(codes, c.String())
		hashes = append(hashes, HashRecoveryCode(c.String()))
	}
	return codes, hashes
}

// HashRecoveryCode is what is stored of a recovery code. Case, spaces and
// dashes do not matter, as people type them.
func HashRecoveryCode(code string) []byte {
	norm := strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, code)
	h := sha256.Sum256([]byte(norm))
	return h[:]
}
