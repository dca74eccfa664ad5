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
// or credentials, answered 200 without Set-Cookie, a Vary other than Cookie,
// Accept-Encoding and Accept-Language (which goes into the key), or a
// Cache-Control that forbids sharing. HEAD requests are answered from it too.
//
// A page is kept with its Brotli and gzip encodings, compressed once when
// stored rather than on every hit, and with an ETag, so that a browser that
// has the page gets 304 Not Modified. Its Last-Modified is when the cache was
// last emptied: no change has been announced since, so the data is no newer.
package pagecache

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/jackc/pgx/v5"

	"modellportalen/internal/compress"
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
	// since is when the cache was last emptied, to the second: the pages'
	// Last-Modified.
	since time.Time

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
	header   http.Header
	body     []byte
	encoded  map[string][]byte // the body in each content encoding worth having
	etag     string
	modified time.Time
}

// size is what the page counts against the cache's budget.
func (p *page) size() int {
	n := len(p.body)
	for _, b := range p.encoded {
		n += len(b)
	}
	return n
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
	// Rounded up, as HTTP dates have whole seconds: a Last-Modified before
	// the change would let a browser keep a page from before it.
	c.since = time.Now().Truncate(time.Second).Add(time.Second)
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
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) ||
			r.Header.Get("Cookie") != "" || r.Header.Get("Authorization") != "" {
			next.ServeHTTP(w, r)
			return
		}
		// The English pages live under /en, so the path tells languages
		// apart; only the start page also looks at Accept-Language.
		uri := r.URL.RequestURI()
		lang := r.Header.Get("Accept-Language")
		c.mu.Lock()
		live, gen, since := c.live, c.gen, c.since
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
			c.serve(w, r, p)
			return
		}
		c.misses.Add(1)
		w.Header().Set(Header, "miss")
		rec := &recorder{ResponseWriter: w, limit: c.maxBytes / 8, modified: since}
		next.ServeHTTP(rec, r)
		if r.Method != http.MethodGet {
			return
		}
		ok, varies := rec.cacheable()
		if !ok {
			return
		}
		header := w.Header().Clone()
		for _, k := range []string{Header, "X-Query-Count", "Content-Encoding", "Content-Length"} {
			header.Del(k)
		}
		c.store(uri, lang, varies, gen, newPage(header, rec.body, since))
	})
}

// newPage keeps body with its encodings and validators.
func newPage(header http.Header, body []byte, modified time.Time) *page {
	p := &page{header: header, body: body, etag: header.Get("ETag"), modified: modified}
	if p.etag == "" {
		p.etag = ETag(body)
		header.Set("ETag", p.etag)
	}
	header.Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
	if len(body) >= compress.MinSize && compress.Compressible(header.Get("Content-Type")) {
		compress.AddVary(header, "Accept-Encoding")
		p.encoded = map[string][]byte{}
		for _, enc := range []string{compress.Brotli, compress.Gzip} {
			if b, err := compress.Encode(enc, body); err == nil && len(b) < len(body) {
				p.encoded[enc] = b
			}
		}
	}
	return p
}

// serve answers from a cached page: 304 when the browser's copy is current,
// otherwise the page in the best encoding the browser accepts.
func (c *Cache) serve(w http.ResponseWriter, r *http.Request, p *page) {
	h := w.Header()
	for k, v := range p.header {
		h[k] = v
	}
	h.Set(Header, "hit")
	if NotModified(r, p.etag, p.modified) {
		h.Del("Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := p.body
	offers := make([]string, 0, 2)
	for _, enc := range []string{compress.Brotli, compress.Gzip} {
		if p.encoded[enc] != nil {
			offers = append(offers, enc)
		}
	}
	if enc := compress.Negotiate(r.Header.Get("Accept-Encoding"), offers...); enc != "" {
		h.Set("Content-Encoding", enc)
		body = p.encoded[enc]
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// ETag is a validator for a body: a weak one, as the same page goes out in
// several content encodings, which are different bytes. It is the body's
// 64-bit xxHash: a validator needs no defence against someone forging a
// collision (they could only spoil their own cache), and SHA-256 of every
// fresh render was half the CPU of a request for the open data JSON file.
// The same on every instance, so a 304 holds behind a load balancer.
func ETag(body []byte) string {
	var sum [8]byte
	binary.BigEndian.PutUint64(sum[:], xxhash.Sum64(body))
	return `W/"` + base64.RawURLEncoding.EncodeToString(sum[:]) + `"`
}

// NotModified reports whether a conditional GET or HEAD may be answered 304:
// If-None-Match names etag (compared weakly, RFC 9110 13.1.2), or, without
// If-None-Match, If-Modified-Since is no earlier than modified (when known).
func NotModified(r *http.Request, etag string, modified time.Time) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		if etag == "" {
			return false
		}
		want := strings.TrimPrefix(etag, "W/")
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || strings.TrimPrefix(t, "W/") == want {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && !modified.IsZero() {
		t, err := http.ParseTime(ims)
		return err == nil && !modified.Truncate(time.Second).After(t)
	}
	return false
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
		c.size -= old.size()
		delete(c.pages, key)
	}
	// Over budget, drop pages at random (map order) until it fits: cheap,
	// and the public pages are few enough that a full cache is rare.
	n := p.size()
	for k, old := range c.pages {
		if c.size+n <= c.maxBytes {
			break
		}
		c.size -= old.size()
		delete(c.pages, k)
	}
	if c.size+n > c.maxBytes {
		return
	}
	c.pages[key] = p
	c.size += n
}

// recorder passes a response through and keeps a copy of its body.
type recorder struct {
	http.ResponseWriter
	status    int
	body      []byte
	limit     int
	oversized bool
	modified  time.Time // Last-Modified for a page that may be shared
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
		h := r.Header()
		cc := strings.ToLower(h.Get("Cache-Control"))
		if status == http.StatusOK && h.Get("Set-Cookie") == "" && h.Get("Last-Modified") == "" &&
			!strings.Contains(cc, "no-store") && !strings.Contains(cc, "private") {
			h.Set("Last-Modified", r.modified.UTC().Format(http.TimeFormat))
		}
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.WriteHeader(http.StatusOK)
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
	// the session middleware declares) is already honoured, the cache keeps
	// every encoding, and Accept-Language goes into the key; anything else
	// we do not key on.
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			switch f = strings.TrimSpace(f); {
			case f == "", strings.EqualFold(f, "Cookie"), strings.EqualFold(f, "Accept-Encoding"):
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
