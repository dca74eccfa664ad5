package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"modellportalen/internal/pagecache"
	"modellportalen/internal/pgcluster"
	"modellportalen/internal/seed"
	"modellportalen/internal/store"
)

// syncBuffer is a log sink several goroutines write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The database goes away under load and comes back. Meanwhile the portal
// answers /readyz with 503 and pages with a clean error page, quickly and
// without panicking; it recovers by itself within 5 s of the restart; and
// every write the database acknowledged is still there afterwards.
func TestDatabaseRestartUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and restarts a PostgreSQL server")
	}
	ctx := context.Background()
	cluster, err := pgcluster.StartPrivate(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := cluster.Destroy(); err != nil {
			t.Error(err)
		}
	})
	if err := store.Migrate(cluster.URL); err != nil {
		t.Fatal(err)
	}
	pool, err := store.Open(ctx, cluster.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if err := seed.Run(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `CREATE TABLE fault_writes (id integer PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}

	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	s := New(store.New(pool), log, Config{})
	s.Pages = pagecache.New(log, 8<<20)
	lctx, stopListener := context.WithCancel(ctx)
	listening := make(chan struct{})
	go func() { defer close(listening); s.Pages.Listen(lctx, cluster.URL) }()
	defer func() { stopListener(); <-listening }()
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	client := &http.Client{Timeout: 5 * time.Second}

	get := func(path string) (int, string, time.Duration, error) {
		start := time.Now()
		res, err := client.Get(ts.URL + path)
		if err != nil {
			return 0, "", time.Since(start), err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		return res.StatusCode, string(b), time.Since(start), err
	}

	// Load: readers of the pages, and a writer whose acknowledged inserts
	// are remembered.
	var (
		stop         atomic.Bool
		wg           sync.WaitGroup
		mu           sync.Mutex
		statuses     = map[int]int{}
		failures     []string
		slowest      time.Duration
		acknowledged []int
	)
	pages := []string{"/", "/omgangar", "/omgangar/2019", "/organisationer/umeå", "/statistik"}
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := i; !stop.Load(); n++ {
				path := pages[n%len(pages)]
				status, body, took, err := get(path)
				mu.Lock()
				statuses[status]++
				slowest = max(slowest, took)
				switch {
				case err != nil:
					failures = append(failures, fmt.Sprintf("GET %s: %v", path, err))
				case status != 200 && status != 500 && status != 503:
					failures = append(failures, fmt.Sprintf("GET %s: status %d", path, status))
				case status != 200 && !strings.Contains(body, "<html"):
					failures = append(failures, fmt.Sprintf("GET %s: %d without an error page: %.100q", path, status, body))
				}
				mu.Unlock()
				time.Sleep(2 * time.Millisecond)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for id := 1; !stop.Load(); id++ {
			wctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			_, err := pool.Exec(wctx, `INSERT INTO fault_writes (id) VALUES ($1)`, id)
			cancel()
			if err == nil {
				mu.Lock()
				acknowledged = append(acknowledged, id)
				mu.Unlock()
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()

	time.Sleep(500 * time.Millisecond)
	if err := cluster.Stop(); err != nil {
		t.Fatal(err)
	}
	// During the outage.
	time.Sleep(300 * time.Millisecond)
	if status, _, took, err := get("/readyz"); err != nil || status != http.StatusServiceUnavailable {
		t.Errorf("/readyz during the outage: %d, %v; want 503", status, err)
	} else if took > 3*time.Second {
		t.Errorf("/readyz took %v during the outage", took)
	}
	if status, body, _, err := get("/omgangar/2019"); err != nil || status != http.StatusServiceUnavailable || !strings.Contains(body, "<html") {
		t.Errorf("round page during the outage: %d, %v; want a 503 error page", status, err)
	}
	time.Sleep(500 * time.Millisecond)

	if err := cluster.Start(cluster.Port); err != nil {
		t.Fatal(err)
	}
	restarted := time.Now()
	var recovered time.Duration
	for {
		rs, _, _, err1 := get("/readyz")
		ps, _, _, err2 := get("/omgangar/2019")
		if err1 == nil && err2 == nil && rs == 200 && ps == 200 {
			recovered = time.Since(restarted)
			break
		}
		if time.Since(restarted) > 5*time.Second {
			t.Fatalf("not recovered 5 s after the restart: /readyz %d, round page %d", rs, ps)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	stop.Store(true)
	wg.Wait()

	mu.Lock()
	defer mu.Unlock()
	t.Logf("recovered %v after the restart; statuses %v; slowest response %v; %d acknowledged writes",
		recovered.Round(time.Millisecond), statuses, slowest.Round(time.Millisecond), len(acknowledged))
	for _, f := range failures {
		t.Error(f)
	}
	if statuses[200] == 0 || statuses[503]+statuses[500] == 0 {
		t.Errorf("statuses %v: the load saw no outage, or no service", statuses)
	}
	if strings.Contains(logs.String(), "panic") {
		t.Errorf("a handler panicked:\n%s", logs.String())
	}

	rows, err := pool.Query(ctx, `SELECT id FROM fault_writes`)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[int]bool{}
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		stored[id] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	lost := 0
	for _, id := range acknowledged {
		if !stored[id] {
			lost++
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged writes are missing after the restart", lost, len(acknowledged))
	}
}
