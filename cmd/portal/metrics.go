package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"modellportalen/internal/mail"
	"modellportalen/internal/metrics"
	"modellportalen/internal/server"
)

// serveMetrics, when METRICS_ADDR is set, records metrics for app, the
// mail sender and the pool, and serves them and pprof on that address, a
// listener apart from the public one. Call it after usePerformanceSettings,
// so the page cache it watches exists. The returned function stops the
// listener.
func serveMetrics(app *server.Server, sender *mail.Sender, pool *pgxpool.Pool, log *slog.Logger) (stop func(), err error) {
	addr := os.Getenv("METRICS_ADDR")
	if addr == "" {
		return func() {}, nil
	}
	m := metrics.New()
	app.Metrics = m
	sender.Failed = m.MailFailed
	m.WatchPool(pool)
	m.WatchOutbox(app.Store.OutboxPending)
	if app.Pages != nil {
		m.WatchPageCache(app.Pages)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on METRICS_ADDR %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           m.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		// A CPU profile or trace takes as long as it is asked to.
		WriteTimeout: 5 * time.Minute,
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener failed", "err", err)
		}
	}()
	fmt.Printf("Metrics and profiles at http://%s/metrics and /debug/pprof/\n", displayAddr(ln.Addr()))
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}
