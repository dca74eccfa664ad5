package server

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"sync"

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
	sessWrote           = "wrote" // when the session last sent a change (Unix ms), see readOwnWrites
	// sessSecondFactorAt is when (Server.now, Unix µs) the person last
	// passed their second factor in this session; 0 for never.
	sessSecondFactorAt = "second_factor_at"
	// sessAfterSignIn is where a sign-in interrupted by the second factor
	// continues.
	sessAfterSignIn = "after_sign_in"
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
	sm.Codec = sessionCodec{}
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
// off or has changed password since signing in no longer counts. Someone who
// gave the right password but still owes their second factor is not signed
// in: they are only "pending" (see pendingFrom), which the router lets reach
// the second-factor pages alone.
func (s *Server) loadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var user, pending *portal.User
		if id := s.Sessions.GetInt64(ctx, sessUserID); id != 0 {
			// The user was usually read with the session, in one statement.
			var u portal.User
			var err error
			if su := sessionUserFrom(ctx, id); su != nil {
				u = *su
			} else {
				u, err = s.Store.UserByID(ctx, id)
			}
			switch {
			case err == nil && u.Active && u.PasswordChangedAt.UnixMicro() == s.Sessions.GetInt64(ctx, sessPasswordChanged):
				// A session that passed a factor the user no longer has (an
				// admin reset it after a lost phone) counts for nothing more
				// than the password: the holder must set up a new one.
				if u.NeedsSecondFactor() && (s.Sessions.GetInt64(ctx, sessSecondFactorAt) == 0 || !u.HasSecondFactor) {
					pending = &u
				} else {
					user = &u
				}
			case err == nil || errors.Is(err, store.ErrNotFound):
				s.Sessions.Remove(ctx, sessUserID)
				s.Sessions.Remove(ctx, sessPasswordChanged)
				s.Sessions.Remove(ctx, sessSecondFactorAt)
			default:
				s.serverError(w, r, err)
				return
			}
		}
		ctx = context.WithValue(ctx, userKey{}, user)
		ctx = context.WithValue(ctx, pendingKey{}, pending)
		// Someone between password and second factor has a session of
		// their own, so their forms carry its token.
		form := &formToken{w: w, r: r, signedIn: user != nil || pending != nil}
		ctx = web.WithViewer(ctx, web.Viewer{
			User:      user,
			CSRFToken: func() string { return s.csrfToken(ctx, form) },
			Flash:     sync.OnceValue(func() string { return s.Sessions.PopString(ctx, sessFlash) }),
		})
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
	s.Sessions.Remove(ctx, sessSecondFactorAt)
	s.Sessions.Remove(ctx, sessCSRF)
	return nil
}

// passSecondFactor records that the person just passed (or set up) their
// second factor: the session now counts as signed in, and sensitive actions
// are allowed for auth.StepUpAfter. The token is renewed, as at every change
// of what the session may do.
func (s *Server) passSecondFactor(ctx context.Context) error {
	if err := s.Sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.Sessions.Put(ctx, sessSecondFactorAt, s.now().UnixMicro())
	s.Sessions.Remove(ctx, sessCSRF)
	return nil
}

// formToken is one request's CSRF token for a visitor without a session.
type formToken struct {
	w        http.ResponseWriter
	r        *http.Request
	signedIn bool
	token    string
}

// csrfToken returns the CSRF token for the page's forms. A session that
// has one keeps it; a signed-in person's session gets one. A visitor who
// is not signed in gets a signed double-submit cookie instead, so that
// looking at the sign-in page stores nothing in the database.
func (s *Server) csrfToken(ctx context.Context, form *formToken) string {
	if t := s.Sessions.GetString(ctx, sessCSRF); t != "" {
		return t
	}
	if form.signedIn {
		t := randomToken()
		s.Sessions.Put(ctx, sessCSRF, t)
		return t
	}
	if form.token != "" {
		return form.token
	}
	if c, err := form.r.Cookie(csrfCookieName(s.Config.CookieSecure)); err == nil && s.validCSRFCookie(form.r, c.Value) {
		form.token = c.Value
		return form.token
	}
	key, err := s.serverKey(form.r.Context(), csrfKeyName)
	if err != nil {
		// The form will be refused with a clear page; nothing else breaks.
		s.Log.Error("CSRF cookie key", "err", err)
		return ""
	}
	nonce := randomToken()
	form.token = nonce + "." + mac(key, csrfPurpose, nonce)
	http.SetCookie(form.w, &http.Cookie{Name: csrfCookieName(s.Config.CookieSecure), Value: form.token, Path: "/",
		HttpOnly: true, Secure: s.Config.CookieSecure, SameSite: http.SameSiteLaxMode})
	return form.token
}

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// csrfCookieName is the double-submit cookie's name; __Host- over HTTPS
// keeps a sibling subdomain from planting one.
func csrfCookieName(secure bool) string {
	if secure {
		return "__Host-csrf"
	}
	return "csrf"
}

// The key that signs the double-submit cookie, and the purpose that keeps
// its signatures from passing as any other's.
const csrfKeyName, csrfPurpose = "csrf_cookie", "csrf"

// validCSRFCookie reports whether v is a double-submit token this portal
// signed.
func (s *Server) validCSRFCookie(r *http.Request, v string) bool {
	nonce, mac, ok := strings.Cut(v, ".")
	if !ok || nonce == "" {
		return false
	}
	key, err := s.serverKey(r.Context(), csrfKeyName)
	if err != nil {
		s.Log.Error("CSRF cookie key", "err", err)
		return false
	}
	return validMAC(key, csrfPurpose, nonce, mac)
}

// checkCSRF refuses a state-changing request unless its form carries the
// session's CSRF token or, from a visitor who is not signed in, the signed
// token of the double-submit cookie the request also carries. This is the
// second line behind http.CrossOriginProtection, for browsers that send
// neither Sec-Fetch-Site nor Origin.
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
		if !s.formTokenMatches(r, sent) {
			s.rejectForm(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) formTokenMatches(r *http.Request, sent string) bool {
	if sent == "" {
		return false
	}
	if want := s.Sessions.GetString(r.Context(), sessCSRF); want != "" && subtle.ConstantTimeCompare([]byte(sent), []byte(want)) == 1 {
		return true
	}
	if userFrom(r) != nil || pendingFrom(r) != nil {
		return false
	}
	c, err := r.Cookie(csrfCookieName(s.Config.CookieSecure))
	return err == nil && subtle.ConstantTimeCompare([]byte(sent), []byte(c.Value)) == 1 && s.validCSRFCookie(r, c.Value)
}

// rejectForm is the clear 403 page for a form refused by either CSRF check.
func (s *Server) rejectForm(w http.ResponseWriter, r *http.Request) {
	s.Log.Warn("form rejected by CSRF protection", "method", r.Method, "path", logPath(r),
		"origin", r.Header.Get("Origin"), "sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
	s.writePage(w, r, http.StatusForbidden, web.FormRejected())
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

// seeOther ends a form that was carried out: it sends the browser on to the
// page to (303, so a reload does not send the form again) with notice shown
// at the top.
func (s *Server) seeOther(w http.ResponseWriter, r *http.Request, to, notice string) error {
	s.flash(r, notice)
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
