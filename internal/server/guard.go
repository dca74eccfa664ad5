package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/auth"
	"modellportalen/internal/portal"
)

// guarded is a route's handler together with the action it performs. Every
// route is registered as one (see route), so the authorisation policy is
// checked in this one place before any handler runs, and a test can walk the
// router and find any route that names no action.
type guarded struct {
	s        *Server
	action   auth.Action
	orgParam string // URL parameter holding the target organisation's id, if any
	next     handlerFunc
	// stepUp marks a sensitive route: it asks for the second factor again
	// when it was last used more than auth.StepUpAfter ago, and afterwards
	// returns to the route (a GET) or to back (the page of a form).
	stepUp bool
	back   string
}

// route registers h for method and pattern, allowed to those whom the policy
// lets do action, e.g.
//
//	s.route(r, http.MethodGet, "/personal/omgangar", auth.ActionManageRounds, s.staffRounds)
func (s *Server) route(r chi.Router, method, pattern string, action auth.Action, h handlerFunc) {
	if auth.NeedsOrganisation(action) {
		panic("route " + pattern + ": action " + string(action) + " needs an organisation; use orgRoute")
	}
	r.Method(method, pattern, &guarded{s: s, action: action, next: h})
}

// sensitiveRoute is route for an action that reads or changes personal data
// of many people, or accounts: it asks for the second factor again when it
// was last used more than auth.StepUpAfter ago. A GET comes back to itself
// afterwards; a form comes back to the page back, where it is sent again.
func (s *Server) sensitiveRoute(r chi.Router, method, pattern string, action auth.Action, back string, h handlerFunc) {
	if auth.NeedsOrganisation(action) {
		panic("route " + pattern + ": action " + string(action) + " needs an organisation")
	}
	r.Method(method, pattern, &guarded{s: s, action: action, next: h, stepUp: true, back: back})
}

// orgRoute registers a route whose target is the organisation whose id is
// in the URL parameter param, e.g.
//
//	s.orgRoute(r, http.MethodPost, "/mina-sidor/organisationer/{id}/delegater", auth.ActionEditOrganisation, "id", h)
//
// A contact person reaches it only for an organisation they act for. The
// handler finds the checked id with organisationOf.
func (s *Server) orgRoute(r chi.Router, method, pattern string, action auth.Action, param string, h handlerFunc) {
	r.Method(method, pattern, &guarded{s: s, action: action, orgParam: param, next: h})
}

type organisationKey struct{}

// organisationOf returns the organisation id the route guard of an orgRoute
// checked the user against; 0 on any other route.
func organisationOf(r *http.Request) int64 {
	id, _ := r.Context().Value(organisationKey{}).(int64)
	return id
}

func (g *guarded) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if g.action == auth.ActionPublic {
		g.s.serveError(w, r, g.next(w, r))
		return
	}
	u := userFrom(r)
	if u == nil {
		if p := pendingFrom(r); p != nil {
			// Password given, second factor owed: only its own pages.
			if auth.CanWhilePending(*p, g.action) {
				g.s.serveError(w, r, g.next(w, r))
				return
			}
			g.s.toSecondFactor(w, r, *p)
			return
		}
		g.s.redirectToLogin(w, r)
		return
	}
	var target auth.Target
	if g.orgParam != "" {
		id, ok := idParam(r, g.orgParam)
		if !ok {
			g.s.notFound(w, r)
			return
		}
		target = auth.Organisation(id)
		r = r.WithContext(context.WithValue(r.Context(), organisationKey{}, id))
	}
	if !auth.Can(u, g.action, target) {
		g.s.forbidden(w, r)
		return
	}
	if g.stepUp && g.s.needsStepUp(r, *u) {
		g.s.askStepUp(w, r, g.back)
		return
	}
	g.s.serveError(w, r, g.next(w, r))
}

// redirectToLogin sends someone who is not signed in to the login page,
// which brings them back afterwards.
func (s *Server) redirectToLogin(w http.ResponseWriter, r *http.Request) {
	to := "/logga-in"
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		to += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// publicRouter registers every route added through it as public. The public
// pages (public.go) are registered through it, so that file stays plain
// chi; a page that needs a signed-in user does not belong there. Its
// handlers return errors like every other route's.
type publicRouter struct {
	chi.Router
	s *Server
}

func (p publicRouter) Method(method, pattern string, h http.Handler) {
	p.MethodFunc(method, pattern, infallible(h))
}
func (p publicRouter) MethodFunc(method, pattern string, h handlerFunc) {
	p.Router.Method(method, pattern, &guarded{s: p.s, action: auth.ActionPublic, next: h})
}
func (p publicRouter) Get(pattern string, h handlerFunc)  { p.MethodFunc(http.MethodGet, pattern, h) }
func (p publicRouter) Head(pattern string, h handlerFunc) { p.MethodFunc(http.MethodHead, pattern, h) }
func (p publicRouter) Post(pattern string, h handlerFunc) { p.MethodFunc(http.MethodPost, pattern, h) }
func (p publicRouter) Handle(pattern string, h http.Handler) {
	p.HandleFunc(pattern, infallible(h))
}
func (p publicRouter) HandleFunc(pattern string, h handlerFunc) {
	p.Router.Handle(pattern, &guarded{s: p.s, action: auth.ActionPublic, next: h})
}

// userFrom returns the signed-in user, nil for anyone else.
func userFrom(r *http.Request) *portal.User {
	u, _ := r.Context().Value(userKey{}).(*portal.User)
	return u
}

type userKey struct{}

// pendingFrom returns the person who gave the right password but has not
// yet passed or set up their second factor, nil for anyone else.
func pendingFrom(r *http.Request) *portal.User {
	u, _ := r.Context().Value(pendingKey{}).(*portal.User)
	return u
}

type pendingKey struct{}

// logPath is the request's path for the log, with the secret of an
// invitation or reset link cut out: logs are read by more people than should
// be able to take over an account.
func logPath(r *http.Request) string {
	p := r.URL.Path
	for _, prefix := range []string{"/aterstall/", "/inbjudan/"} {
		if strings.HasPrefix(p, prefix) && len(p) > len(prefix) {
			return prefix + "…"
		}
	}
	return p
}
