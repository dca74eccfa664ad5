package server

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// mac signs payload with key for one purpose (a cookie, a reply link, a
// calendar feed), so that a signature made for one can never pass as
// another's. Callers compare with hmac.Equal.
func mac(key []byte, purpose, payload string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(purpose + "\x00" + payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
