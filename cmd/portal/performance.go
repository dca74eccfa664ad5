package main

import (
	"context"
	"log/slog"
	"os"
	"runtime/debug"

	"modellportalen/internal/pagecache"
	"modellportalen/internal/server"
)

// pageCacheBytes bounds the page cache. The public pages of the whole
// programme, in both languages, fit several times over.
const pageCacheBytes = 32 << 20

// hashMemory is what one argon2id check takes (19 MiB), with room.
const hashMemory = 24 << 20

// limitMemory sets a soft memory limit unless GOMEMLIMIT sets one: room for
// the page cache and ordinary requests plus one password hash per slot.
// Each hash leaves 19 MiB of garbage, and without a limit the collector
// lets the heap grow to twice what is live before it runs, so a flood of
// sign-ins would double the peak for nothing.
func limitMemory(hashSlots int) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(48<<20 + int64(hashSlots)*hashMemory)
}

// usePerformanceSettings listens for changes to the public data on dbURL,
// so the server keeps what it derives from that data until it changes, and
// turns on the page cache over the same listener unless PORTAL_PAGE_CACHE is
// "off"; it turns on the X-Query-Count header when PORTAL_DEBUG_QUERIES is
// "1". The returned function stops the listener; call it after the HTTP
// server has drained.
func usePerformanceSettings(s *server.Server, log *slog.Logger, dbURL string) (stop func()) {
	s.CountQueries = os.Getenv("PORTAL_DEBUG_QUERIES") == "1"
	changes := pagecache.New(log, pageCacheBytes)
	s.Changes = changes
	if os.Getenv("PORTAL_PAGE_CACHE") != "off" {
		s.Pages = changes
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); changes.Listen(ctx, dbURL) }()
	return func() { cancel(); <-done }
}
