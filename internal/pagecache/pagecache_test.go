package pagecache_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"modellportalen/internal/pagecache"
	"modellportalen/internal/testdb"
)

// instance is one portal-like server: a page showing the number of rounds,
// behind its own cache and listener, on a shared database.
func instance(t *testing.T, pool *pgxpool.Pool, dbURL string) (*pagecache.Cache, *httptest.Server) {
	t.Helper()
	c := pagecache.New(slog.New(slog.NewTextHandler(io.Discard, nil)), 1<<20)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); c.Listen(ctx, dbURL) }()
	t.Cleanup(func() { cancel(); <-done })
	mux := http.NewServeMux()
	mux.HandleFunc("GET /rounds", func(w http.ResponseWriter, r *http.Request) {
		var n int
		if err := pool.QueryRow(r.Context(), "SELECT count(*) FROM rounds").Scan(&n); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		fmt.Fprint(w, n)
	})
	mux.HandleFunc("GET /cookie", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "s", Value: "x"})
		fmt.Fprint(w, "personal")
	})
	ts := httptest.NewServer(c.Middleware(mux))
	t.Cleanup(ts.Close)
	waitLive(t, c)
	return c, ts
}

func waitLive(t *testing.T, c *pagecache.Cache) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !c.Live(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("listener did not connect within 5 s")
		}
	}
}

func get(t *testing.T, url string, cookie bool) (body, cache string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if cookie {
		req.Header.Set("Cookie", "session=abc")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b), res.Header.Get(pagecache.Header)
}

// eventually polls for up to 2 s until url shows want.
func eventually(t *testing.T, url, want string) {
	t.Helper()
	var got string
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if got, _ = get(t, url, false); got == want {
			return
		}
	}
	t.Fatalf("%s shows %q after 2 s, want %q", url, got, want)
}

func TestInvalidationAcrossInstances(t *testing.T) {
	ctx := context.Background()
	pool := testdb.Seeded(t)
	dbURL := testdb.URLOf(t, pool)
	_, a := instance(t, pool, dbURL)
	ca, b := instance(t, pool, dbURL)

	var n int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM rounds").Scan(&n); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprint(n)
	for _, ts := range []*httptest.Server{a, b} {
		if body, c := get(t, ts.URL+"/rounds", false); body != want || c != "miss" {
			t.Fatalf("first GET: %q (%s), want %q (miss)", body, c, want)
		}
		if body, c := get(t, ts.URL+"/rounds", false); body != want || c != "hit" {
			t.Fatalf("second GET: %q (%s), want %q (hit)", body, c, want)
		}
	}

	if _, err := pool.Exec(ctx, `INSERT INTO rounds (slug, name, start_year, end_year, tracks) VALUES ('x-1', 'X', 2030, 2030, '{municipal}')`); err != nil {
		t.Fatal(err)
	}
	want = fmt.Sprint(n + 1)
	eventually(t, a.URL+"/rounds", want)
	eventually(t, b.URL+"/rounds", want)

	t.Run("never for cookies", func(t *testing.T) {
		if _, c := get(t, b.URL+"/rounds", true); c != "" {
			t.Errorf("request with a cookie went through the cache (%s)", c)
		}
		get(t, b.URL+"/cookie", false)
		if _, c := get(t, b.URL+"/cookie", false); c != "miss" {
			t.Errorf("response with Set-Cookie was cached (%s)", c)
		}
	})

	// With its listener cut off, an instance must not serve what it cached
	// before: a change made meanwhile would never be announced to it.
	t.Run("listener lost", func(t *testing.T) {
		get(t, b.URL+"/rounds", false)
		if _, err := pool.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			WHERE datname = current_database() AND query = 'LISTEN `+pagecache.Channel+`'`); err != nil {
			t.Fatal(err)
		}
		if _, err := pool.Exec(ctx, `DELETE FROM rounds WHERE slug = 'x-1'`); err != nil {
			t.Fatal(err)
		}
		eventually(t, b.URL+"/rounds", fmt.Sprint(n))
		waitLive(t, ca)
		get(t, b.URL+"/rounds", false)
		if body, c := get(t, b.URL+"/rounds", false); body != fmt.Sprint(n) || c != "hit" {
			t.Errorf("after reconnecting: %q (%s), want %q (hit)", body, c, fmt.Sprint(n))
		}
	})
}
