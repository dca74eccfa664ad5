package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/auth"
	"modellportalen/internal/portal"
)

// registeredRoute is a route found by walking the router.
type registeredRoute struct {
	Method, Pattern string
	Guard           *guarded
}

// walkRoutes lists every route in the router and fails the test for any that
// was not registered through route, orgRoute or publicRouter, i.e. has no
// action in the authorisation policy.
func walkRoutes(t *testing.T, s *Server) []registeredRoute {
	t.Helper()
	var out []registeredRoute
	known := map[auth.Action]bool{}
	for _, a := range auth.Actions {
		known[a] = true
	}
	err := chi.Walk(s.Handler().(chi.Routes), func(method, pattern string, h http.Handler, _ ...func(http.Handler) http.Handler) error {
		for {
			ch, ok := h.(*chi.ChainHandler)
			if !ok {
				break
			}
			h = ch.Endpoint
		}
		g, ok := h.(*guarded)
		switch {
		case !ok:
			t.Errorf("%s %s has no policy entry: register it with s.route or s.orgRoute", method, pattern)
		case !known[g.action]:
			t.Errorf("%s %s: action %q is not in auth.Actions", method, pattern, g.action)
		case auth.NeedsOrganisation(g.action) && g.orgParam == "":
			t.Errorf("%s %s: action %q needs an organisation parameter", method, pattern, g.action)
		default:
			out = append(out, registeredRoute{method, pattern, g})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var urlParam = regexp.MustCompile(`\{([a-zA-Z_]+)(:[^}]*)?\}`)

// concretePath fills a route pattern's parameters: the organisation
// parameter with org, a participation under it with one of org's own (so a
// 403 is the policy's, not a mismatch of URL parts), others with harmless
// sample values. participationOf, where given, names each organisation's
// participation.
func concretePath(r registeredRoute, org, otherID int64, participationOf ...map[int64]int64) string {
	p := urlParam.ReplaceAllStringFunc(r.Pattern, func(m string) string {
		name := urlParam.FindStringSubmatch(m)[1]
		switch {
		case r.Guard.orgParam != "" && name == r.Guard.orgParam:
			return strconv.FormatInt(org, 10)
		case name == "table":
			// Accounts' own history has a route of its own (admins only);
			// the general one is tried with another table.
			return "rounds"
		case name == "token":
			return "ogiltig-lank"
		case name == "slug":
			return "2019"
		case name == "participation" && r.Guard.orgParam != "" && len(participationOf) > 0:
			return strconv.FormatInt(participationOf[0][org], 10)
		}
		return strconv.FormatInt(otherID, 10)
	})
	return strings.ReplaceAll(p, "*", "style.css")
}

// firstParticipations gives each organisation's first participation, for
// the routes under an organisation that name one.
func firstParticipations(t *testing.T, app *testApp, orgs ...int64) map[int64]int64 {
	t.Helper()
	out := map[int64]int64{}
	for _, org := range orgs {
		var pid int64
		if err := app.Store.Pool.QueryRow(context.Background(),
			`SELECT min(id) FROM participations WHERE organisation_id = $1`, org).Scan(&pid); err != nil {
			t.Fatal(err)
		}
		out[org] = pid
	}
	return out
}

// TestRouteAuthorisationMatrix tries every route in the router as anonymous,
// as a contact of organisation A, a contact of B, a project leader and an
// admin, and checks each gets what the policy says: the page (any status but
// 403 or a login redirect), 403, or a redirect to /logga-in.
func TestRouteAuthorisationMatrix(t *testing.T) {
	app := newTestApp(t)
	orgA, orgB := app.orgID(t, "umeå"), app.orgID(t, "skellefteå")
	users := map[string]*portal.User{"anonymous": nil}
	for name, u := range map[string]portal.User{
		"contact of A":   app.addUser(t, portal.UserContact, "a@umea.example", "umeå"),
		"contact of B":   app.addUser(t, portal.UserContact, "b@skelleftea.example", "skellefteå"),
		"project leader": app.addUser(t, portal.UserProjectLeader, "pl@skr.example"),
		"admin":          app.addUser(t, portal.UserAdmin, "admin@skr.example"),
	} {
		users[name] = &u
	}
	spare := app.addUser(t, portal.UserContact, "spare@umea.example", "umeå")
	participationOf := firstParticipations(t, app, orgA, orgB)

	routes := walkRoutes(t, app.Server)
	if len(routes) < 20 {
		t.Fatalf("found only %d routes", len(routes))
	}
	clients := map[string]*client{}
	session := func(who string) *client {
		if c := clients[who]; c != nil {
			return c
		}
		c := app.client(t)
		if u := users[who]; u != nil {
			c.login(u.Email, testPassword)
		}
		clients[who] = c
		return c
	}

	for _, rt := range routes {
		orgs := []int64{orgA}
		if rt.Guard.orgParam != "" {
			orgs = append(orgs, orgB) // a contact of A who edits the URL
		}
		for _, org := range orgs {
			path := concretePath(rt, org, spare.ID, participationOf)
			for who, u := range users {
				t.Run(rt.Method+" "+path+" as "+who, func(t *testing.T) {
					c := session(who)
					var res response
					if rt.Method == http.MethodGet || rt.Method == http.MethodHead {
						req, _ := http.NewRequest(rt.Method, app.URL+path, nil)
						res = c.do(req)
					} else {
						res = c.post(path, url.Values{})
					}
					if rt.Pattern == "/logga-ut" {
						delete(clients, who) // that session is over
					}
					if res.Status >= 500 {
						t.Fatalf("status %d", res.Status)
					}
					toLogin := res.Status == http.StatusSeeOther && strings.HasPrefix(res.Location, "/logga-in")
					allowed := auth.Can(u, rt.Guard.action, auth.Organisation(org))
					switch {
					case allowed && rt.Guard.action == auth.ActionPublic:
						if res.Status == http.StatusForbidden {
							t.Errorf("public route answered 403")
						}
					case allowed:
						if res.Status == http.StatusForbidden || toLogin {
							t.Errorf("allowed (%s) but got %d to %q", rt.Guard.action, res.Status, res.Location)
						}
					case u == nil:
						if !toLogin {
							t.Errorf("anonymous got %d to %q; want a redirect to /logga-in", res.Status, res.Location)
						}
					default:
						if res.Status != http.StatusForbidden {
							t.Errorf("denied (%s) but got %d", rt.Guard.action, res.Status)
						}
					}
				})
			}
		}
	}
}

// TestEveryRouteHasAPolicy is the walk on its own, so that its failure reads
// plainly when someone adds a route with plain chi.
func TestEveryRouteHasAPolicy(t *testing.T) {
	app := newTestApp(t)
	for _, r := range walkRoutes(t, app.Server) {
		t.Logf("%-6s %-45s %s", r.Method, r.Pattern, r.Guard.action)
	}
}
