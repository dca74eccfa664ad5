package server

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Device cookies, after OWASP's "device cookie" pattern: a browser that has
// signed in to an account before carries a signed cookie naming the account
// and a random nonce. With it, the browser is not held by the lock on its
// client address (which behind a proxy or NAT many people share), and its
// own failed attempts lock only itself; so an attacker who locks an address
// or an account from elsewhere does not lock out the people who use it.
const deviceLifetime = 365 * 24 * time.Hour

// deviceCookieName is the cookie's name; __Host- pins it to this host
// over HTTPS, as for the session cookie.
func deviceCookieName(secure bool) string {
	if secure {
		return "__Host-device"
	}
	return "device"
}

// serverKeys caches the keys that sign cookies, which live in the
// database so every instance shares them.
type serverKeys struct {
	mu   sync.Mutex
	keys map[string][]byte
}

func (s *Server) serverKey(ctx context.Context, name string) ([]byte, error) {
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	if k := s.keys.keys[name]; k != nil {
		return k, nil
	}
	key, err := s.Store.ServerKey(ctx, name)
	if err != nil {
		return nil, err
	}
	if s.keys.keys == nil {
		s.keys.keys = map[string][]byte{}
	}
	s.keys.keys[name] = key
	return key, nil
}

func (s *Server) deviceKey(r *http.Request) ([]byte, error) {
	return s.serverKey(r.Context(), "device_cookie")
}

// devicePayload is what a device cookie's signature, for purpose "device",
// covers.
func devicePayload(userID int64, nonce string) string {
	return strconv.FormatInt(userID, 10) + "\x00" + nonce
}

// setDeviceCookie marks the browser as a known device of the user, with a
// fresh nonce.
func (s *Server) setDeviceCookie(w http.ResponseWriter, r *http.Request, userID int64) error {
	key, err := s.deviceKey(r)
	if err != nil {
		return err
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	nonce := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{
		Name:     deviceCookieName(s.Config.CookieSecure),
		Value:    strconv.FormatInt(userID, 10) + "." + nonce + "." + mac(key, "device", devicePayload(userID, nonce)),
		Path:     "/",
		MaxAge:   int(deviceLifetime.Seconds()),
		HttpOnly: true,
		Secure:   s.Config.CookieSecure,
		SameSite: http.SameSiteLaxMode,
	})
	return nil
}

// knownDevice returns the nonce of the browser's device cookie when the
// cookie is genuine and for the user, else "".
func (s *Server) knownDevice(r *http.Request, userID int64) string {
	c, err := r.Cookie(deviceCookieName(s.Config.CookieSecure))
	if err != nil {
		return ""
	}
	id, rest, ok := strings.Cut(c.Value, ".")
	nonce, mac, ok2 := strings.Cut(rest, ".")
	if !ok || !ok2 || id != strconv.FormatInt(userID, 10) || nonce == "" {
		return ""
	}
	key, err := s.deviceKey(r)
	if err != nil {
		s.Log.Error("device cookie key", "err", err)
		return ""
	}
	if !validMAC(key, "device", devicePayload(userID, nonce), mac) {
		return ""
	}
	return nonce
}
