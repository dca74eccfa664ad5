package server

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"

	"github.com/alexedwards/scs/v2"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// Session keys.
const (
	sessUserID          = "user_id"
	sessPasswordChanged = "password_changed" // the user's password_changed_at when they signed in
	sessCSRF            = "csrf"
	sessFlash           = "flash"
)

// cookieName is the session cookie's name. The __Host- prefix makes the
// browser insist on Secure, Path=/ and no Domain, so a sibling subdomain
// cannot plant or read it; browsers accept it only over HTTPS.
func cookieName(secure bool) string {
	if secure {
		return "__Host-session"
	}
	return "session"
}

func newSessionManager(cfg Config, store scs.Store) *scs.SessionManager {
	sm := scs.New()
	sm.Store = store
	sm.IdleTimeout = cfg.IdleTimeout
	sm.Lifetime = cfg.SessionLifetime
	sm.Cookie.Name = cookieName(cfg.CookieSecure)
	sm.Cookie.Path = "/"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.CookieSecure
	// A cookie without an expiry ends with the browser; the server-side
	// timeouts bound it anyway.
	sm.Cookie.Persist = false
	return sm
}

// loadUser puts the signed-in user, if any, and the viewer that pages render
// with into the request's context. A session whose user has been switched
// off or has changed password since signing in no longer counts.
func (s *Server) loadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var user *portal.User
		if id := s.Sessions.GetInt64(ctx, sessUserID); id != 0 {
			u, err := s.Store.UserByID(ctx, id)
			switch {
			case err == nil && u.Active && u.PasswordChangedAt.UnixMicro() == s.Sessions.GetInt64(ctx, sessPasswordChanged):
				user = &u
			case err == nil || errors.Is(err, store.ErrNotFound):
				s.Sessions.Remove(ctx, sessUserID)
				s.Sessions.Remove(ctx, sessPasswordChanged)
			default:
				s.serverError(w, r, err)
				return
			}
		}
		ctx = context.WithValue(ctx, userKey{}, user)
		ctx = web.WithViewer(ctx, web.Viewer{User: user, CSRFToken: func() string { return s.csrfToken(ctx) }})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// signIn makes the session the user's. The token is renewed first, so a
// session identifier planted before login is worthless after it, and the
// CSRF token changes with it.
func (s *Server) signIn(ctx context.Context, u portal.User) error {
	if err := s.Sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.Sessions.Put(ctx, sessUserID, u.ID)
	s.Sessions.Put(ctx, sessPasswordChanged, u.PasswordChangedAt.UnixMicro())
	s.Sessions.Remove(ctx, sessCSRF)
	return nil
}

// csrfToken returns the session's CSRF token, making one if needed.
func (s *Server) csrfToken(ctx context.Context) string {
	if t := s.Sessions.GetString(ctx, sessCSRF); t != "" {
		return t
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	t := base64.RawURLEncoding.EncodeToString(b)
	s.Sessions.Put(ctx, sessCSRF, t)
	return t
}

// checkCSRF refuses a state-changing request unless its form carries the
// session's CSRF token. This is the second line behind
// http.CrossOriginProtection, for browsers that send neither Sec-Fetch-Site
// nor Origin.
func (s *Server) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, 10<<20)
		sent := r.Header.Get("X-CSRF-Token")
		if sent == "" {
			sent = r.PostFormValue("csrf_token")
		}
		want := s.Sessions.GetString(r.Context(), sessCSRF)
		if want == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(want)) != 1 {
			s.rejectForm(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// rejectForm is the clear 403 page for a form refused by either CSRF check.
func (s *Server) rejectForm(w http.ResponseWriter, r *http.Request) {
	s.Log.Warn("form rejected by CSRF protection", "method", r.Method, "path", logPath(r),
		"origin", r.Header.Get("Origin"), "sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
	s.render(w, r, http.StatusForbidden, web.FormRejected())
}

// hsts tells browsers to use HTTPS only, when the portal is served over it.
func (s *Server) hsts(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Config.CookieSecure {
			w.Header().Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// flash stores a message for the next page the person sees.
func (s *Server) flash(r *http.Request, msg string) { s.Sessions.Put(r.Context(), sessFlash, msg) }

func (s *Server) popFlash(r *http.Request) string {
	return s.Sessions.PopString(r.Context(), sessFlash)
}
