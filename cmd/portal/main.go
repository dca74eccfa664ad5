// Command portal runs Modellportalen.
//
//	portal serve     migrate the database, then serve HTTP until SIGINT/SIGTERM
//	portal migrate   apply pending migrations and exit
//	portal seed      load reference and demo data (idempotent)
//
// Configuration comes from the environment: DATABASE_URL (required) and ADDR
// (listen address, default 127.0.0.1:8080).
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"modellportalen/internal/seed"
	"modellportalen/internal/server"
	"modellportalen/internal/store"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(log, os.Args[1:]); err != nil {
		log.Error("portal failed", "err", err)
		os.Exit(1)
	}
}

const usage = `usage: portal <command>

commands:
  serve     migrate the database, then serve HTTP (ADDR, default 127.0.0.1:8080)
  migrate   apply pending migrations
  seed      load reference data and the programme's history (idempotent)

environment:
  DATABASE_URL  postgres://user@host:port/db (required)
  ADDR          listen address for serve`

func run(log *slog.Logger, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, usage)
		return errors.New("no command given")
	}
	dbURL := os.Getenv("DATABASE_URL")
	if dbURL == "" {
		return errors.New("DATABASE_URL is not set (make run starts a local database for you)")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	switch args[0] {
	case "migrate":
		return store.Migrate(dbURL)
	case "seed":
		if err := store.Migrate(dbURL); err != nil {
			return err
		}
		pool, err := store.Open(ctx, dbURL)
		if err != nil {
			return err
		}
		defer pool.Close()
		if err := seed.Run(ctx, pool); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		log.Info("seeded reference data and programme history")
		return nil
	case "serve":
		return serve(ctx, log, dbURL)
	case "help", "-h", "--help":
		fmt.Println(usage)
		return nil
	}
	fmt.Fprintln(os.Stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

func serve(ctx context.Context, log *slog.Logger, dbURL string) error {
	if err := store.Migrate(dbURL); err != nil {
		return err
	}
	pool, err := store.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()

	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	app := server.New(store.New(pool), log)
	// The cache listener stops when serve returns, after the drain.
	defer usePerformanceSettings(app, log, dbURL)()
	srv := &http.Server{
		Handler:           app.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 16,
	}
	fmt.Printf("\nModellportalen is running at http://%s/\n\n", displayAddr(ln.Addr()))

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Drain in-flight requests before the pool closes under them.
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// displayAddr turns a wildcard listen address into one a browser can open.
func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || tcp.IP.IsUnspecified() {
		if ok {
			return fmt.Sprintf("localhost:%d", tcp.Port)
		}
		return a.String()
	}
	return a.String()
}
