// Package auth is who may do what: password hashing and strength rules,
// signing in and out on a session, and the authorisation policy that every
// route names an action of.
package auth

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters for new hashes: OWASP's recommended minimum (19 MiB,
// two passes, one lane). The parameters are stored in each hash, so they can
// be raised later without breaking older hashes.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// Password length rules. The maximum bounds the hashing work a request can
// cause; 12 characters is the minimum because length is what makes a
// password hard to guess.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 256
)

var b64 = base64.RawStdEncoding

// HashPassword returns the argon2id hash of password in PHC string form
// ($argon2id$v=19$m=…,t=…,p=…$salt$hash) with a fresh random salt.
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("read salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// ErrBadHash means a stored hash could not be parsed.
var ErrBadHash = errors.New("unrecognised password hash")

// VerifyPassword reports whether password matches the PHC-form hash. The
// comparison takes constant time.
func VerifyPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, ErrBadHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 {
		return false, ErrBadHash
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, ErrBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, ErrBadHash
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is verified against when no account matches, so that a wrong
// address costs as much time as a wrong password and reveals nothing.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("no account has this password")
	if err != nil {
		panic(err)
	}
	return h
})

// VerifyNoUser does the work of VerifyPassword for a login with no matching
// account and always reports false.
func VerifyNoUser(password string) {
	_, _ = VerifyPassword(dummyHash(), password)
}

//go:embed common_passwords.txt
var commonPasswordsText string

var commonPasswords = sync.OnceValue(func() map[string]bool {
	set := make(map[string]bool, 10100)
	sc := bufio.NewScanner(strings.NewReader(commonPasswordsText))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			set[strings.ToLower(line)] = true
		}
	}
	return set
})

// CheckPassword returns, in Swedish, why password is not acceptable for the
// account with the given e-mail address and name, or "" when it is.
func CheckPassword(password, email, name string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case password == "":
		return "Ange ett lösenord."
	case n < MinPasswordLength:
		return fmt.Sprintf("Lösenordet måste ha minst %d tecken.", MinPasswordLength)
	case n > MaxPasswordLength:
		return fmt.Sprintf("Lösenordet får ha högst %d tecken.", MaxPasswordLength)
	case IsCommonPassword(password):
		return "Lösenordet är för vanligt och lätt att gissa. Välj ett annat, till exempel några ord som inte hör ihop."
	}
	lower := strings.ToLower(password)
	local, _, _ := strings.Cut(strings.ToLower(email), "@")
	if (email != "" && strings.Contains(lower, strings.ToLower(email))) ||
		(len(local) >= 4 && lower == local) || (name != "" && lower == strings.ToLower(name)) {
		return "Lösenordet får inte vara din e-postadress eller ditt namn."
	}
	return ""
}

// IsCommonPassword reports whether password is on the list of common
// passwords, also when digits or punctuation are added around a listed one
// ("password2024!") or it is one character repeated.
func IsCommonPassword(password string) bool {
	lower := strings.ToLower(password)
	set := commonPasswords()
	if set[lower] {
		return true
	}
	core := strings.TrimFunc(lower, func(r rune) bool {
		return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
	})
	if core == "" || (utf8.RuneCountInString(core) >= 3 && set[core]) {
		return true
	}
	first, _ := utf8.DecodeRuneInString(lower)
	return strings.Trim(lower, string(first)) == ""
}
