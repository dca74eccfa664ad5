package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/pagecache"
	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

// cachedInstance is one portal instance with its page cache and listener,
// on the shared database at dbURL.
func cachedInstance(t *testing.T, dbURL string) *httptest.Server {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	pool, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	s := New(store.New(pool), log, Config{})
	s.Pages = pagecache.New(log, 8<<20)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.Pages.Listen(ctx, dbURL) }()
	t.Cleanup(func() { cancel(); <-done })
	for deadline := time.Now().Add(5 * time.Second); !s.Pages.Live(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("page cache listener did not connect")
		}
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts
}

func getCached(t *testing.T, url string, header http.Header) (status int, body, cache string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header.Get(pagecache.Header)
}

// Two instances on one database cache public pages, and a change made with
// plain SQL shows on both within 2 s, through the notification triggers.
func TestPageCacheTwoInstances(t *testing.T) {
	pool := testdb.Seeded(t)
	dbURL := testdb.URLOf(t, pool)
	a, b := cachedInstance(t, dbURL), cachedInstance(t, dbURL)
	pages := []string{"/omgangar", "/omgangar/2019", "/organisationer/umeå", "/"}

	for _, ts := range []*httptest.Server{a, b} {
		for _, p := range pages {
			if status, _, c := getCached(t, ts.URL+p, nil); status != 200 || c != "miss" {
				t.Fatalf("GET %s: %d %q, want 200 miss", p, status, c)
			}
			if status, _, c := getCached(t, ts.URL+p, nil); status != 200 || c != "hit" {
				t.Fatalf("GET %s again: %d %q, want 200 hit", p, status, c)
			}
		}
	}

	const renamed = "Modellkommuner och modellregioner 2019 (omdöpt)"
	if _, err := pool.Exec(context.Background(), `UPDATE rounds SET name = $1 WHERE slug = '2019'`, renamed); err != nil {
		t.Fatal(err)
	}
	for _, ts := range []*httptest.Server{a, b} {
		for _, p := range []string{"/omgangar", "/omgangar/2019"} {
			var body string
			deadline := time.Now().Add(2 * time.Second)
			for {
				_, body, _ = getCached(t, ts.URL+p, nil)
				if strings.Contains(body, "(omdöpt)") || time.Now().After(deadline) {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			if !strings.Contains(body, "(omdöpt)") {
				t.Errorf("%s%s still shows the old name after 2 s", ts.URL, p)
			}
		}
	}

	// Anyone with a cookie may be signed in: their pages never come from,
	// or go into, the shared cache.
	cookie := http.Header{"Cookie": {"session=whatever"}}
	for i := 0; i < 2; i++ {
		if _, _, c := getCached(t, a.URL+"/omgangar", cookie); c != "" {
			t.Errorf("request with a cookie went through the cache (%s)", c)
		}
	}
	// The start page may pick the language by Accept-Language (and says so
	// with Vary); a Swedish start page in the cache must then not answer a
	// browser that prefers English.
	res, err := http.Get(a.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if strings.Contains(res.Header.Get("Vary"), "Accept-Language") {
		if _, _, c := getCached(t, a.URL+"/", http.Header{"Accept-Language": {"en-GB,en;q=0.9"}}); c == "hit" {
			t.Error("an English browser got the cached Swedish start page")
		}
	}

	// A form page puts a CSRF token in a new session: it sets a cookie,
	// so it is personal and stays out of the cache.
	for i := 0; i < 2; i++ {
		if _, _, c := getCached(t, a.URL+"/logga-in", nil); c == "hit" {
			t.Errorf("the sign-in form came from the cache")
		}
	}
	// Pages that are not 200 are not cached.
	for i := 0; i < 2; i++ {
		if status, _, c := getCached(t, a.URL+"/omgangar/finns-inte", nil); status != 404 || c != "miss" {
			t.Errorf("GET of a missing round: %d %q, want 404 miss", status, c)
		}
	}
}
