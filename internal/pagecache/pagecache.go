// Package pagecache keeps rendered public pages in memory and throws them all
// away whenever the database says its data changed, so that every instance of
// the portal serves the same, current pages however many there are.
//
// Invalidation comes from PostgreSQL: triggers (migration 0010) send a
// notification on the channel portal_changed after each change, and Listen
// holds a connection of its own that waits for them. A notification missed
// is a stale page served, so the cache serves nothing while that connection
// is down, and starts empty each time it comes back.
//
// Only what is the same for everyone is cached: GET requests without cookies
// or credentials, answered 200 without Set-Cookie, a Vary other than Cookie
// and Accept-Language (which goes into the key), or a Cache-Control that
// forbids sharing.
package pagecache

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// Channel is the notification channel the triggers send on.
const Channel = "portal_changed"

// Header tells, on each response that went through the cache, whether it
// was a hit, a miss or bypassed it; tests and the benchmark read it.
const Header = "X-Cache"

// Cache is a set of rendered pages. It is safe for concurrent use.
type Cache struct {
	log      *slog.Logger
	maxBytes int

	mu    sync.Mutex
	pages map[string]*page
	size  int
	// byLanguage holds the request URIs whose responses vary by
	// Accept-Language (the start page guesses the visitor's language);
	// their keys carry the header.
	byLanguage map[string]bool
	// gen counts clears; a page rendered while a clear happened may hold
	// old data and is not stored.
	gen  uint64
	live bool // the listener is connected and LISTENing

	hits, misses, bypasses atomic.Uint64
}

// Stats are the cache's counts of requests since it was made.
type Stats struct {
	Hits     uint64 // answered from the cache
	Misses   uint64 // cacheable, rendered because the page was not held
	Bypasses uint64 // rendered past the cache while its listener was down
}

// Stats returns the counts so far.
func (c *Cache) Stats() Stats {
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Bypasses: c.bypasses.Load()}
}

type page struct {
	header http.Header
	body   []byte
}

// New returns an empty cache holding at most maxBytes of page bodies. It
// caches nothing until Listen has connected.
func New(log *slog.Logger, maxBytes int) *Cache {
	return &Cache{log: log, maxBytes: maxBytes, pages: map[string]*page{}, byLanguage: map[string]bool{}}
}

// Live reports whether the cache is in use: its listener is connected.
func (c *Cache) Live() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.live
}

// Version says which version of the data the cache holds: gen changes
// each time the cache is emptied for a change (or for the listener going
// down or coming back), and live is false while the listener is down and
// changes would go unseen. Other keepers of derived data use it to know
// when to throw theirs away.
func (c *Cache) Version() (gen uint64, live bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen, c.live
}

// Len returns the number of cached pages.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pages)
}

func (c *Cache) reset(live bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.pages)
	clear(c.byLanguage)
	c.size = 0
	c.gen++
	c.live = live
}

// Listen keeps a connection to the database at connString that listens for
// change notifications and empties the cache on each, reconnecting when the
// connection fails. It returns when ctx is done. While it is not connected
// the cache is bypassed.
func (c *Cache) Listen(ctx context.Context, connString string) {
	backoff := 100 * time.Millisecond
	for {
		connected, err := c.listenOnce(ctx, connString)
		c.reset(false)
		if ctx.Err() != nil {
			return
		}
		if connected {
			backoff = 100 * time.Millisecond
		}
		c.log.Warn("page cache listener disconnected; bypassing the cache until it reconnects", "err", err, "retry_in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 2*time.Second)
	}
}

// listenOnce connects, listens and waits for notifications until the
// connection fails. connected says whether it got as far as listening.
func (c *Cache) listenOnce(ctx context.Context, connString string) (connected bool, err error) {
	cfg, err := pgx.ParseConfig(connString)
	if err != nil {
		return false, err
	}
	cfg.ConnectTimeout = 5 * time.Second
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return false, err
	}
	// Changes made while we were away were never announced to us.
	c.reset(true)
	c.log.Info("page cache listening for changes")
	for {
		// Waking now and then to ping finds a connection that died without
		// a word (a dropped network path), which waiting alone never would.
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case err == nil:
			c.reset(true)
			c.log.Debug("page cache cleared", "table", n.Payload)
		case ctx.Err() != nil:
			return true, ctx.Err()
		case wctx.Err() != nil && !conn.IsClosed():
			pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
			err = conn.Ping(pctx)
			cancel()
			if err != nil {
				return true, err
			}
		default:
			return true, err
		}
	}
}

// Middleware serves cached pages and caches what next renders, when the
// request and response allow it.
func (c *Cache) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.Header.Get("Cookie") != "" || r.Header.Get("Authorization") != "" {
			next.ServeHTTP(w, r)
			return
		}
		// The English pages live under /en, so the path tells languages
		// apart; only the start page also looks at Accept-Language.
		uri := r.URL.RequestURI()
		lang := r.Header.Get("Accept-Language")
		c.mu.Lock()
		live, gen := c.live, c.gen
		key := uri
		if c.byLanguage[uri] {
			key = uri + "\x00" + lang
		}
		p := c.pages[key]
		c.mu.Unlock()
		if !live {
			c.bypasses.Add(1)
			w.Header().Set(Header, "bypass")
			next.ServeHTTP(w, r)
			return
		}
		if p != nil {
			c.hits.Add(1)
			h := w.Header()
			for k, v := range p.header {
				h[k] = v
			}
			h.Set(Header, "hit")
			h.Set("Content-Length", strconv.Itoa(len(p.body)))
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(p.body)
			return
		}
		c.misses.Add(1)
		w.Header().Set(Header, "miss")
		rec := &recorder{ResponseWriter: w, limit: c.maxBytes / 8}
		next.ServeHTTP(rec, r)
		ok, varies := rec.cacheable()
		if !ok {
			return
		}
		header := w.Header().Clone()
		header.Del(Header)
		header.Del("X-Query-Count")
		c.store(uri, lang, varies, gen, &page{header: header, body: rec.body})
	})
}

func (c *Cache) store(uri, lang string, byLanguage bool, gen uint64, p *page) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || !c.live {
		return // cleared while rendering: the page may predate the change
	}
	key := uri
	if byLanguage {
		c.byLanguage[uri] = true
		key = uri + "\x00" + lang
	}
	if old, ok := c.pages[key]; ok {
		c.size -= len(old.body)
	}
	// Over budget, drop pages at random (map order) until it fits: cheap,
	// and the public pages are few enough that a full cache is rare.
	for k, old := range c.pages {
		if c.size+len(p.body) <= c.maxBytes {
			break
		}
		c.size -= len(old.body)
		delete(c.pages, k)
	}
	if c.size+len(p.body) > c.maxBytes {
		return
	}
	c.pages[key] = p
	c.size += len(p.body)
}

// recorder passes a response through and keeps a copy of its body.
type recorder struct {
	http.ResponseWriter
	status    int
	body      []byte
	limit     int
	oversized bool
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if r.status == http.StatusOK && !r.oversized {
		if len(r.body)+len(b) > r.limit {
			r.oversized, r.body = true, nil
		} else {
			r.body = append(r.body, b...)
		}
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// cacheable reports whether the response may be shared, and whether it
// varies by Accept-Language.
func (r *recorder) cacheable() (ok, byLanguage bool) {
	h := r.Header()
	if r.status != http.StatusOK || r.oversized || len(r.body) == 0 || h.Get("Set-Cookie") != "" {
		return false, false
	}
	// Requests with cookies never reach the cache, so varying by Cookie (as
	// the session middleware declares) is already honoured, and
	// Accept-Language goes into the key; anything else we do not key on.
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			switch f = strings.TrimSpace(f); {
			case f == "", strings.EqualFold(f, "Cookie"):
			case strings.EqualFold(f, "Accept-Language"):
				byLanguage = true
			default:
				return false, false
			}
		}
	}
	cc := strings.ToLower(h.Get("Cache-Control"))
	return !strings.Contains(cc, "no-store") && !strings.Contains(cc, "private") && !strings.Contains(cc, "no-cache"), byLanguage
}
