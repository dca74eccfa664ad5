package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"time"
)

// Login throttling. Failures are counted in the database, so the limits hold
// across instances: per account (the address typed, whether or not it
// exists) and per client address. Refused attempts are not counted, so a
// lock ends ThrottleWindow after the last real failure; at five tries per
// quarter hour a thousand guesses take two days. The owner of a locked
// account can still reset the password, which lifts the lock.
const (
	ThrottleWindow     = 15 * time.Minute
	MaxAccountFailures = 5
	MaxIPFailures      = 50
)

// LoginLocked reports whether a login must be refused, given the failures
// within ThrottleWindow on the account and from the client.
func LoginLocked(accountFailures, ipFailures int) bool {
	return accountFailures >= MaxAccountFailures || ipFailures >= MaxIPFailures
}

// NewToken returns a random single-use token for a link and the SHA-256
// hash to store in its place.
func NewToken() (token string, hash []byte) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails, per crypto/rand
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken returns the hash under which a token is stored.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}
