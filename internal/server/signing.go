package server

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// mac signs payload with key for one purpose (a cookie, a reply link, a
// calendar feed), so that a signature made for one can never pass as
// another's.
func mac(key []byte, purpose, payload string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(purpose + "\x00" + payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// validMAC reports whether sig is payload's signature for purpose, comparing
// in constant time so that timing gives away nothing of the right one.
func validMAC(key []byte, purpose, payload, sig string) bool {
	return hmac.Equal([]byte(sig), []byte(mac(key, purpose, payload)))
}
