// Package server is the portal's HTTP side: the chi router, middleware and
// handlers grouped by audience. Handlers are thin: they decode input, call the
// store and render a web component.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"modellportalen/internal/auth"
	"modellportalen/internal/compress"
	"modellportalen/internal/metrics"
	"modellportalen/internal/pagecache"
	"modellportalen/internal/store"
)

// Config is how the server is set up; the zero value suits tests.
type Config struct {
	// BaseURL is where the portal is reached, e.g. https://modellportalen.skr.se;
	// links in mail start with it. Empty means the request's own host, which
	// only tests should rely on: a forged Host header would end up in mail.
	BaseURL string
	// MailFrom is the address the portal's mail comes from, and the
	// organiser of the meetings it invites to.
	MailFrom string
	// CookieSecure marks the session cookie Secure (and names it
	// __Host-session) and turns on HSTS; set it whenever the portal is served
	// over HTTPS.
	CookieSecure bool
	// IdleTimeout ends a session after this long without a request, and
	// SessionLifetime ends it this long after sign-in whatever happens.
	// Zero means 1 hour and 12 hours.
	IdleTimeout     time.Duration
	SessionLifetime time.Duration
	// SessionCleanup is how often expired sessions are deleted from the
	// database; zero means never (tests).
	SessionCleanup time.Duration
	// MailNotify, if set, wakes the outbox sender after mail is queued.
	MailNotify func()
	// SMTPConfigured tells the outbox page whether mail is sent or only logged.
	SMTPConfigured bool
	// HashSlots bounds the password hashes computed at once (zero means the
	// number of CPUs), and HashWait is how long a request waits for a slot
	// before it is answered 503 (zero means 2 seconds).
	HashSlots int
	HashWait  time.Duration
	// TrustedProxies are the reverse proxies whose X-Forwarded-For header
	// names the client; empty means the portal is reached directly and the
	// header is ignored.
	TrustedProxies []netip.Prefix
}

// Server holds what the handlers need.
type Server struct {
	Store *store.Store
	Log   *slog.Logger
	// Pages, when set, caches public pages for visitors without cookies.
	Pages *pagecache.Cache
	// CountQueries reports each response's database queries in the
	// X-Query-Count header (PORTAL_DEBUG_QUERIES=1).
	CountQueries bool
	// Changes, when set, says when the public data changes, so that what
	// is derived from it can be kept until then (see memo). The page
	// cache's listener is one; it serves this purpose with the page cache
	// itself turned off too.
	Changes Versioner
	memo    *memo
	// Metrics, when set, records request times and sign-in failures.
	Metrics  *metrics.Metrics
	Config   Config
	Sessions *scs.SessionManager
	// Hashing computes every password hash, a bounded number at once.
	Hashing *auth.Hasher

	draining atomic.Bool
	keys     serverKeys
	// Now is the clock for the second factor (codes, the 15 minutes of
	// step-up); nil means time.Now. Tests move it.
	Now func() time.Time
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Drain makes /readyz answer 503 from now on, so a load balancer stops
// sending new visitors here while the instance still serves those it has.
func (s *Server) Drain() { s.draining.Store(true) }

// New returns a Server whose sessions live in the store's database.
func New(st *store.Store, log *slog.Logger, cfg Config) *Server {
	// Links are made by appending paths.
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = time.Hour
	}
	if cfg.SessionLifetime == 0 {
		cfg.SessionLifetime = 12 * time.Hour
	}
	if cfg.HashSlots == 0 {
		cfg.HashSlots = runtime.NumCPU()
	}
	if cfg.HashWait == 0 {
		cfg.HashWait = 2 * time.Second
	}
	// Expiry-only writes are skipped for at most a sixtieth of the idle
	// timeout (a minute of an hour), so a session ends at most that early.
	quiet := min(time.Minute, cfg.IdleTimeout/60)
	s := &Server{Store: st, Log: log, Config: cfg, Hashing: auth.NewHasher(cfg.HashSlots, cfg.HashWait)}
	rows := &sessionRows{PostgresStore: pgxstore.NewWithCleanupInterval(st.Pool, cfg.SessionCleanup), st: st, codec: sessionCodec{},
		organisations: s.keptUserOrganisations}
	s.Sessions = newSessionManager(cfg, newQuietStore(rows, quiet))
	return s
}

// Handler builds the router with every route and its middleware.
func (s *Server) Handler() http.Handler {
	changes := s.Changes
	if changes == nil && s.Pages != nil {
		changes = s.Pages
	}
	s.memo = &memo{changes: changes}
	r := chi.NewRouter()
	r.Use(s.clientAddress)
	r.Use(s.Metrics.Middleware)
	r.Use(s.forgetAfterWrites)
	r.Use(middleware.RequestID)
	r.Use(s.logRequests)
	r.Use(s.recoverPanics)
	r.Use(securityHeaders)
	r.Use(compress.Middleware)
	s.useMeasureAndCache(r)
	r.Use(s.hsts)
	r.Use(middleware.GetHead)
	r.NotFound(s.notFound)
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Metoden är inte tillåten.", http.StatusMethodNotAllowed)
	})

	// Probes and static files need no session, so they skip its database
	// round trip.
	s.route(r, http.MethodGet, "/healthz", auth.ActionPublic, s.healthz)
	s.route(r, http.MethodGet, "/readyz", auth.ActionPublic, s.readyz)
	static, err := loadStatic()
	if err != nil {
		panic(err) // the files are embedded: only a broken build gets here
	}
	s.route(r, http.MethodGet, "/static/*", auth.ActionPublic, infallible(static))

	r.Group(func(r chi.Router) {
		cop := http.NewCrossOriginProtection()
		cop.SetDenyHandler(http.HandlerFunc(s.rejectForm))
		r.Use(cop.Handler)
		r.Use(withSessionUser)
		r.Use(s.Sessions.LoadAndSave)
		r.Use(s.loadUser)
		r.Use(s.readOwnWrites)
		r.Use(s.privateResponses)
		r.Use(s.checkCSRF)

		s.publicRoutes(publicRouter{Router: r.With(conditional), s: s})
		s.crawlerRoutes(publicRouter{Router: r.With(conditional), s: s})
		s.statementRoutes(publicRouter{Router: r.With(conditional), s: s})
		s.authRoutes(r)
		s.accountRoutes(r)
		s.secondFactorRoutes(r)
		s.contactRoutes(r)
		s.contactSelfServiceRoutes(r)
		s.contactResultRoutes(r)
		s.publicExampleRoutes(publicRouter{Router: r.With(conditional), s: s})
		s.staffExampleRoutes(r)
		s.userAdminRoutes(r)
		s.staffContactRoutes(r)
		s.staffRoundRoutes(r)
		s.staffPersonRoutes(r)
		s.staffIORoutes(r)
	})
	return r
}

// public reads the public data, through the memo.
func (s *Server) public() publicData { return publicData{st: s.Store, memo: s.memo} }

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
	return nil
}

// readyz answers 503 while the database cannot be reached, so a load
// balancer stops sending traffic to this instance.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if s.draining.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("shutting down\n"))
		return nil
	}
	if err := s.Store.Pool.Ping(ctx); err != nil {
		s.Log.Warn("database not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
		return nil
	}
	_, _ = w.Write([]byte("ok\n"))
	return nil
}
