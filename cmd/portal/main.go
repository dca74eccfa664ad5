// Command portal runs Modellportalen.
//
//	portal serve     migrate the database, then serve HTTP until SIGINT/SIGTERM
//	portal migrate   apply pending migrations and exit
//	portal seed      load reference data and the programme's history (idempotent);
//	                 --demo adds demo users, --remove-demo takes them away
//	portal user add  add a user: --email, --role, --name, [--organisation], [--password]
//
// Configuration comes from the environment; see usage below.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"modellportalen/internal/mail"
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
            --demo         also add the demo users with the README's passwords
                           (development only)
            --remove-demo  switch off the demo users and remove their passwords
  user add  add a user: --email ADDRESS --role admin|project_leader|contact --name NAME
            [--organisation SLUG (contacts)] [--password PASSWORD]; without
            --password it asks on a terminal, or else prints a random one

environment:
  DATABASE_URL   postgres://user@host:port/db (required)
  ADDR           listen address for serve (default 127.0.0.1:8080)
  BASE_URL       the portal's public URL, for links in mail (default http://ADDR)
  COOKIE_SECURE  true to mark the session cookie Secure (__Host-session) and send
                 HSTS; on by default when BASE_URL starts with https://
  TRUSTED_PROXIES
                 CIDRs of the reverse proxies in front of the portal (comma-
                 separated, empty by default); only requests from them have
                 their X-Forwarded-For header read for the client's address
  SMTP_HOST, SMTP_PORT (587; 465 for TLS), SMTP_USER, SMTP_PASSWORD, MAIL_FROM
                 where to send mail; without SMTP_HOST mail is not sent but
                 waits for admins to read at /personal/utkorg (development)
  REMINDER_INTERVAL
                 how often to look for meeting reminders that are due (a Go
                 duration, default 10m; off to send none from this instance).
                 Instances take turns, so each reminder goes once
  METRICS_ADDR   address for Prometheus metrics (/metrics) and pprof
                 (/debug/pprof/), e.g. 127.0.0.1:9090; off when unset. Keep it
                 off the public network: profiles show the program's insides`

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
		return seedCommand(ctx, log, dbURL, args[1:])
	case "user":
		if len(args) < 2 || args[1] != "add" {
			return errors.New("usage: portal user add --email ADDRESS --role ROLE --name NAME [--organisation SLUG] [--password PASSWORD]")
		}
		if err := store.Migrate(dbURL); err != nil {
			return err
		}
		pool, err := store.Open(ctx, dbURL)
		if err != nil {
			return err
		}
		defer pool.Close()
		return addUser(ctx, store.New(pool), args[2:], os.Stdin, os.Stdout)
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

	grace, err := drainGrace()
	if err != nil {
		return err
	}
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	url := "http://" + displayAddr(ln.Addr())
	st := store.New(pool)
	cfg, smtp, err := config(url)
	if err != nil {
		return err
	}
	if err := refuseDemoPasswords(ctx, st, cfg); err != nil {
		return err
	}
	limitMemory(cfg.HashSlots)
	sender := mail.NewSender(st, smtp, log)
	cfg.MailNotify = sender.Notify
	go sender.Run(ctx)
	app := server.New(st, log, cfg)
	reminders, err := reminderInterval()
	if err != nil {
		return err
	}
	if reminders > 0 {
		go app.RunReminders(ctx, reminders)
	}
	// The cache listener stops when serve returns, after the drain.
	defer usePerformanceSettings(app, log, dbURL)()
	stopMetrics, err := serveMetrics(app, sender, pool, log)
	if err != nil {
		return err
	}
	defer stopMetrics()
	srv := &http.Server{
		Handler:           app.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 16,
	}
	fmt.Printf("\nModellportalen is running at %s/\n", url)
	printDemoLogins(ctx, st)
	fmt.Println()

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// First a grace period in which the instance still accepts connections
	// but says it is not ready and closes each connection after its answer:
	// a load balancer moves new visitors elsewhere, and connections that
	// were already queued in the kernel are served rather than reset when
	// the listener closes. Then drain in-flight requests before the pool
	// closes under them.
	log.Info("shutting down", "grace", grace)
	app.Drain()
	srv.SetKeepAlivesEnabled(false)
	time.Sleep(grace)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// drainGrace is SHUTDOWN_GRACE, how long a stopping instance keeps
// accepting connections while /readyz says 503; one second by default.
func drainGrace() (time.Duration, error) {
	v := os.Getenv("SHUTDOWN_GRACE")
	if v == "" {
		return time.Second, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("SHUTDOWN_GRACE=%q: want a duration such as 2s or 0", v)
	}
	return d, nil
}

// config reads the server's and the mail sender's settings from the
// environment; listenURL is the default BASE_URL.
func config(listenURL string) (server.Config, mail.SMTPConfig, error) {
	cfg := server.Config{
		BaseURL:        strings.TrimRight(os.Getenv("BASE_URL"), "/"),
		MailFrom:       os.Getenv("MAIL_FROM"),
		SessionCleanup: 5 * time.Minute,
		HashSlots:      runtime.NumCPU(),
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = listenURL
	}
	switch v := strings.ToLower(os.Getenv("COOKIE_SECURE")); v {
	case "":
		cfg.CookieSecure = strings.HasPrefix(cfg.BaseURL, "https://")
	case "true", "1", "yes":
		cfg.CookieSecure = true
	case "false", "0", "no":
	default:
		return cfg, mail.SMTPConfig{}, fmt.Errorf("COOKIE_SECURE=%q: want true or false", v)
	}
	proxies, err := server.ParseTrustedProxies(os.Getenv("TRUSTED_PROXIES"))
	if err != nil {
		return cfg, mail.SMTPConfig{}, err
	}
	cfg.TrustedProxies = proxies
	smtp := mail.SMTPConfig{
		Host:     os.Getenv("SMTP_HOST"),
		Port:     os.Getenv("SMTP_PORT"),
		User:     os.Getenv("SMTP_USER"),
		Password: os.Getenv("SMTP_PASSWORD"),
		From:     os.Getenv("MAIL_FROM"),
	}
	if smtp.Host != "" && smtp.From == "" {
		return cfg, smtp, errors.New("SMTP_HOST is set but MAIL_FROM is not")
	}
	cfg.SMTPConfigured = smtp.Host != ""
	return cfg, smtp, nil
}

// reminderInterval reads REMINDER_INTERVAL: 0 when reminders are off.
func reminderInterval() (time.Duration, error) {
	switch v := strings.TrimSpace(os.Getenv("REMINDER_INTERVAL")); v {
	case "":
		return 10 * time.Minute, nil
	case "off", "0":
		return 0, nil
	default:
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			return 0, fmt.Errorf("REMINDER_INTERVAL=%q: want a duration such as 10m, or off", v)
		}
		return d, nil
	}
}

// seedCommand implements `portal seed [--demo | --remove-demo]`.
func seedCommand(ctx context.Context, log *slog.Logger, dbURL string, args []string) error {
	fs := flag.NewFlagSet("portal seed", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "also add the demo users (development only)")
	removeDemo := fs.Bool("remove-demo", false, "switch off the demo users and remove their passwords")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *demo && *removeDemo {
		return errors.New("portal seed: --demo and --remove-demo exclude each other")
	}
	if err := store.Migrate(dbURL); err != nil {
		return err
	}
	pool, err := store.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	st := store.New(pool)
	if *removeDemo {
		if err := seed.RemoveDemoUsers(ctx, st); err != nil {
			return fmt.Errorf("remove demo users: %w", err)
		}
		log.Info("demo users switched off and their passwords removed")
		return nil
	}
	if err := seed.Run(ctx, pool); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if !*demo {
		log.Info("seeded reference data and programme history")
		return nil
	}
	if err := seed.DemoUsers(ctx, st); err != nil {
		return fmt.Errorf("seed demo users: %w", err)
	}
	log.Info("seeded reference data, programme history and demo users")
	return nil
}

// refuseDemoPasswords stops a portal configured for production (HTTPS) from
// starting while a demo account still has the password printed in the
// README, which would give anyone an admin account.
func refuseDemoPasswords(ctx context.Context, st *store.Store, cfg server.Config) error {
	if !cfg.CookieSecure && !strings.HasPrefix(cfg.BaseURL, "https://") {
		return nil
	}
	emails, err := seed.DemoPasswordsInUse(ctx, st)
	if err != nil {
		return fmt.Errorf("check for demo passwords: %w", err)
	}
	if len(emails) == 0 {
		return nil
	}
	return fmt.Errorf("refusing to start: the portal is configured for production (https BASE_URL or COOKIE_SECURE=true) "+
		"but these accounts still have the demo passwords from the README: %s. Run `portal seed --remove-demo` to switch them off "+
		"and remove their passwords, and add real accounts with `portal user add`", strings.Join(emails, ", "))
}

// printDemoLogins shows the demo accounts when they exist with their demo
// passwords, which is only so in a development set-up.
func printDemoLogins(ctx context.Context, st *store.Store) {
	logins, err := seed.ActiveDemoLogins(ctx, st)
	if err != nil || len(logins) == 0 {
		return
	}
	fmt.Println("\nDemo logins (development only):")
	for _, d := range logins {
		fmt.Printf("  %-16s %-28s %s\n", d.Role, d.Email, d.Password)
		if d.TOTPSecret != "" {
			fmt.Printf("  %-16s second step: authenticator-app key %s, or: oathtool --totp -b %s\n", "", d.TOTPSecret, d.TOTPSecret)
		}
	}
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
