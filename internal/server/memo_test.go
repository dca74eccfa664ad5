package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"modellportalen/internal/pagecache"
	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

// fakeVersion is a Versioner the test moves by hand.
type fakeVersion struct {
	mu   sync.Mutex
	gen  uint64
	live bool
}

func (f *fakeVersion) Version() (uint64, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.gen, f.live
}

func (f *fakeVersion) set(gen uint64, live bool) {
	f.mu.Lock()
	f.gen, f.live = gen, live
	f.mu.Unlock()
}

// A value is kept while the version stays, computed again after it moves,
// never kept while the version cannot be known, nor when it failed or the
// version moved while it was being computed.
func TestMemoKeepsValuesPerVersion(t *testing.T) {
	v := &fakeVersion{live: true}
	m := &memo{changes: v}
	ctx := context.Background()
	var calls atomic.Int64
	count := func(context.Context) (int64, error) { return calls.Add(1), nil }
	get := func() int64 {
		t.Helper()
		n, err := remember(ctx, m, "k", count)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	steps := []struct {
		name       string
		gen        uint64
		live       bool
		want, then int64 // value of two calls in a row
	}{
		{"first computes, second keeps", 0, true, 1, 1},
		{"a change computes again", 1, true, 2, 2},
		{"listener down: computed every time", 1, false, 3, 4},
		{"listener back (new version)", 2, true, 5, 5},
	}
	for _, st := range steps {
		v.set(st.gen, st.live)
		if got, again := get(), get(); got != st.want || again != st.then {
			t.Errorf("%s: got %d then %d, want %d then %d", st.name, got, again, st.want, st.then)
		}
	}

	// This instance's own write forgets at once, notification or not.
	m.forget()
	if got := get(); got != 6 {
		t.Errorf("after forget: got %d, want 6 (computed again)", got)
	}

	// A value computed while the data changed is not kept.
	v.set(3, true)
	n, _ := remember(ctx, m, "moving", func(context.Context) (int, error) { v.set(4, true); return 1, nil })
	n2, _ := remember(ctx, m, "moving", func(context.Context) (int, error) { return 2, nil })
	if n != 1 || n2 != 2 {
		t.Errorf("value computed across a change: got %d then %d, want 1 then 2 (not kept)", n, n2)
	}
	// Nor is a failure.
	boom := errors.New("boom")
	if _, err := remember(ctx, m, "fails", func(context.Context) (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Errorf("error: %v, want boom", err)
	}
	if n, err := remember(ctx, m, "fails", func(context.Context) (int, error) { return 7, nil }); err != nil || n != 7 {
		t.Errorf("after a failure: %d %v, want 7 (computed again)", n, err)
	}

	// Concurrent callers of one key share one computation.
	v.set(5, true)
	calls.Store(0)
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = remember(ctx, m, "shared", func(context.Context) (int64, error) { <-release; return calls.Add(1), nil })
		}()
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	if c := calls.Load(); c != 1 {
		t.Errorf("8 concurrent callers computed %d times, want 1", c)
	}
}

// memoInstance is a portal instance with the page cache off but the change
// listener on, as PORTAL_PAGE_CACHE=off runs it. stop stops its listener.
func memoInstance(t *testing.T, dbURL string) (ts *httptest.Server, stop func()) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	pool, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	s := New(store.New(pool), log, Config{})
	changes := pagecache.New(log, 1<<20)
	s.Changes = changes
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); changes.Listen(ctx, dbURL) }()
	stop = sync.OnceFunc(func() { cancel(); <-done })
	t.Cleanup(stop)
	for deadline := time.Now().Add(5 * time.Second); !changes.Live(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("change listener did not connect")
		}
	}
	ts = httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts, stop
}

// With the page cache off, two instances keep what they derive from the
// public data, and a change made with plain SQL shows on both within 2 s;
// with an instance's listener down it shows there at once.
func TestMemoTwoInstances(t *testing.T) {
	pool := testdb.Seeded(t)
	dbURL := testdb.URLOf(t, pool)
	a, _ := memoInstance(t, dbURL)
	b, stopB := memoInstance(t, dbURL)
	pages := []string{"/", "/omgangar", "/omgangar/2019", "/omgangar/2017-2018", "/organisationer/umeå", "/mentorkedjor", "/statistik",
		"/oppna-data/deltagare.json", "/en/omgangar/2019"}
	for _, ts := range []*httptest.Server{a, b} {
		for _, p := range pages {
			for range 2 {
				if status, _, c := getCached(t, ts.URL+p, nil); status != 200 || c != "" {
					t.Fatalf("GET %s: %d %q, want 200 and no page cache", p, status, c)
				}
			}
		}
	}

	// Drawings are kept per language.
	for _, c := range []struct{ path, want, not string }{
		{"/", "Karta över alla organisationer", "Map of every organisation"},
		{"/en/", "Map of every organisation", "Karta över alla organisationer"},
		{"/", "Karta över alla organisationer", "Map of every organisation"},
	} {
		if _, body, _ := getCached(t, a.URL+c.path, nil); !strings.Contains(body, c.want) || strings.Contains(body, c.not) {
			t.Errorf("GET %s: want the map drawn with %q, not %q", c.path, c.want, c.not)
		}
	}

	rename := func(name string) {
		t.Helper()
		if _, err := pool.Exec(context.Background(), `UPDATE organisations SET name = $1 WHERE slug = 'umeå'`, name); err != nil {
			t.Fatal(err)
		}
	}
	waitFor := func(ts *httptest.Server, want string, within time.Duration) {
		t.Helper()
		for _, p := range []string{"/", "/omgangar/2017-2018", "/organisationer/umeå", "/mentorkedjor", "/statistik", "/oppna-data/deltagare.json"} {
			var body string
			deadline := time.Now().Add(within)
			for {
				_, body, _ = getCached(t, ts.URL+p, nil)
				if strings.Contains(body, want) || time.Now().After(deadline) {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			if !strings.Contains(body, want) {
				t.Errorf("%s%s does not show %q after %v", ts.URL, p, want, within)
			}
		}
	}
	rename("Umeå (omdöpt)")
	waitFor(a, "Umeå (omdöpt)", 2*time.Second)
	waitFor(b, "Umeå (omdöpt)", 2*time.Second)

	// Without its listener, b can no longer know of changes and keeps
	// nothing: the next change shows on its very next request.
	stopB()
	rename("Umeå (omdöpt igen)")
	waitFor(b, "Umeå (omdöpt igen)", 0)
	waitFor(a, "Umeå (omdöpt igen)", 2*time.Second)
}

// A value that follows the clock is kept within its hour, computed again
// in the next, and replaces the old one rather than piling up beside it.
func TestRememberHourly(t *testing.T) {
	m := &memo{changes: &fakeVersion{live: true}}
	ctx := context.Background()
	var calls atomic.Int64
	count := func(context.Context) (int64, error) { return calls.Add(1), nil }
	start := time.Date(2026, 11, 27, 9, 5, 0, 0, time.UTC)
	for _, st := range []struct {
		name string
		at   time.Time
		want int64
	}{
		{"first computes", start, 1},
		{"same hour keeps", start.Add(50 * time.Minute), 1},
		{"next hour computes again", start.Add(56 * time.Minute), 2},
		{"and keeps that", start.Add(90 * time.Minute), 2},
		{"hours later computes again", start.Add(5 * time.Hour), 3},
		{"a request with an earlier clock takes the newer value", start.Add(4 * time.Hour), 3},
	} {
		got, err := rememberHourly(ctx, m, "k", st.at, count)
		if err != nil {
			t.Fatal(err)
		}
		if got != st.want {
			t.Errorf("%s: got %d, want %d", st.name, got, st.want)
		}
		if n := len(m.entries); n != 1 {
			t.Errorf("%s: %d entries kept, want 1", st.name, n)
		}
	}
}
