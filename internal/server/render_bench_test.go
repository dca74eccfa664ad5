package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

// benchPublicPages are the public pages whose uncached render
// BenchmarkPublicPages measures, one of each kind.
var benchPublicPages = []struct{ name, path string }{
	{"home", "/"},
	{"rounds", "/omgangar"},
	{"round", "/omgangar/2019"},
	{"organisations", "/organisationer"},
	{"organisation", "/organisationer/umeå"},
	{"lineage", "/mentorkedjor"},
	{"statistics", "/statistik"},
	{"opendata", "/oppna-data"},
	{"opendata-csv", "/oppna-data/deltagare.csv"},
	{"opendata-json", "/oppna-data/deltagare.json"},
	{"round-csv", "/oppna-data/omgangar/2019/deltagare.csv"},
	{"home-en", "/en/"},
	{"organisation-en", "/en/organisationer/umeå"},
}

// BenchmarkPublicPages renders each public page once per iteration on the
// seeded data, through the whole router but without the page cache, and
// reports the median besides Go's mean. "kept" is how the portal runs: the
// public data's lists and layouts kept between changes (the memo), so a
// request renders them; "cold" reads and derives everything on every
// request, as while the change listener is down or right after a change.
//
//	go test -run '^$' -bench PublicPages -benchmem ./internal/server/
func BenchmarkPublicPages(b *testing.B) {
	pool := testdb.Seeded(b)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cold := New(store.New(pool), log, Config{})
	kept := New(store.New(pool), log, Config{})
	kept.Changes = &fakeVersion{live: true}
	for _, mode := range []struct {
		name string
		h    http.Handler
	}{{"kept", kept.Handler()}, {"cold", cold.Handler()}} {
		b.Run(mode.name, func(b *testing.B) { benchPages(b, mode.h) })
	}
}

func benchPages(b *testing.B, h http.Handler) {
	for _, p := range benchPublicPages {
		b.Run(p.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, p.path, nil)
			times := make([]time.Duration, 0, b.N)
			for b.Loop() {
				w := &discardWriter{header: http.Header{}}
				start := time.Now()
				h.ServeHTTP(w, req)
				times = append(times, time.Since(start))
				if w.status != http.StatusOK {
					b.Fatalf("GET %s: %d", p.path, w.status)
				}
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
		})
	}
}

// discardWriter is a ResponseWriter that keeps only the status, so the
// benchmark measures the portal rather than a recorder's copying.
type discardWriter struct {
	header http.Header
	status int
}

func (w *discardWriter) Header() http.Header { return w.header }
func (w *discardWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}
func (w *discardWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return len(b), nil
}
