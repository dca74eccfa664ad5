package main

import (
	"context"
	"log/slog"
	"os"

	"modellportalen/internal/pagecache"
	"modellportalen/internal/server"
)

// pageCacheBytes bounds the page cache. The public pages of the whole
// programme, in both languages, fit several times over.
const pageCacheBytes = 32 << 20

// usePerformanceSettings turns on the page cache (unless PORTAL_PAGE_CACHE
// is "off") with its change listener on dbURL, and the X-Query-Count header
// when PORTAL_DEBUG_QUERIES is "1". The returned function stops the
// listener; call it after the HTTP server has drained.
func usePerformanceSettings(s *server.Server, log *slog.Logger, dbURL string) (stop func()) {
	s.CountQueries = os.Getenv("PORTAL_DEBUG_QUERIES") == "1"
	if os.Getenv("PORTAL_PAGE_CACHE") == "off" {
		return func() {}
	}
	s.Pages = pagecache.New(log, pageCacheBytes)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.Pages.Listen(ctx, dbURL) }()
	return func() { cancel(); <-done }
}
