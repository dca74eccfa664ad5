// Package testdb gives each test a database of its own on the real
// PostgreSQL server named by DATABASE_URL (make test starts one).
//
// The first call in a test binary migrates a template database, named after a
// hash of the migrations so a schema change makes a fresh one; every test then
// gets a copy made with CREATE DATABASE … TEMPLATE, which takes milliseconds
// and isolates tests completely, and the copy is dropped when the test ends.
package testdb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"modellportalen/internal/seed"
	"modellportalen/internal/store"
	"modellportalen/migrations"
)

var (
	templateOnce sync.Once
	templateErr  error
	templates    = map[bool]string{}
	counter      atomic.Int64
)

// ServerURL returns DATABASE_URL, failing the test when it is unset: tests
// run against a real server, never a mock.
func ServerURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("DATABASE_URL")
	if u == "" {
		t.Fatal("DATABASE_URL is not set; run the tests with `make test`, which starts a database")
	}
	return u
}

// New returns a pool on a fresh, migrated, empty database.
func New(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, _ := create(t, false)
	return pool
}

// Seeded returns a pool on a fresh database holding the reference data and
// programme history, as `portal seed` loads them.
func Seeded(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, _ := create(t, true)
	return pool
}

// NewURL returns the URL of a fresh, empty database that has no migrations
// applied, for tests of the migrations themselves.
func NewURL(t testing.TB) string {
	t.Helper()
	serverURL := ServerURL(t)
	name := uniqueName()
	admin := connect(t, serverURL)
	defer admin.Close(context.Background())
	if _, err := admin.Exec(context.Background(), "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() { drop(serverURL, name) })
	return withDatabase(serverURL, name)
}

func create(t testing.TB, seeded bool) (*pgxpool.Pool, string) {
	t.Helper()
	serverURL := ServerURL(t)
	templateOnce.Do(func() { templateErr = makeTemplates(serverURL) })
	if templateErr != nil {
		t.Fatalf("prepare template database: %v", templateErr)
	}
	name := uniqueName()
	admin := connect(t, serverURL)
	_, err := admin.Exec(context.Background(),
		"CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE "+pgx.Identifier{templates[seeded]}.Sanitize())
	admin.Close(context.Background())
	if err != nil {
		t.Fatalf("create test database: %v", err)
	}
	dbURL := withDatabase(serverURL, name)
	cfg, err := pgxpool.ParseConfig(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	// Tests run in parallel packages against one server: keep pools small.
	cfg.MaxConns = 4
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() {
		pool.Close()
		drop(serverURL, name)
	})
	return pool, dbURL
}

// URLOf returns the connection URL of the pool's database, for code under
// test that opens its own connections.
func URLOf(t testing.TB, pool *pgxpool.Pool) string {
	t.Helper()
	return withDatabase(ServerURL(t), pool.Config().ConnConfig.Database)
}

func uniqueName() string {
	return fmt.Sprintf("test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, counter.Add(1))
}

// makeTemplates creates (once per schema version, shared by every test
// binary) an empty migrated template and a seeded one. Test binaries run in
// parallel, so an advisory lock serialises the creation.
func makeTemplates(serverURL string) error {
	ctx := context.Background()
	sum, err := migrationsHash()
	if err != nil {
		return err
	}
	templates[false] = "tmpl_" + sum + "_empty"
	templates[true] = "tmpl_" + sum + "_seeded"

	admin, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		return fmt.Errorf("connect to %s: %w", serverURL, err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "SELECT pg_advisory_lock(727274)"); err != nil {
		return err
	}
	defer admin.Exec(ctx, "SELECT pg_advisory_unlock(727274)")

	for _, seeded := range []bool{false, true} {
		name := templates[seeded]
		var exists bool
		if err := admin.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate)", name).Scan(&exists); err != nil {
			return err
		}
		if exists {
			continue
		}
		if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()); err != nil {
			return err
		}
		if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
			return err
		}
		dbURL := withDatabase(serverURL, name)
		if err := store.Migrate(dbURL); err != nil {
			return err
		}
		if seeded {
			pool, err := store.Open(ctx, dbURL)
			if err != nil {
				return err
			}
			err = seed.Run(ctx, pool)
			pool.Close()
			if err != nil {
				return fmt.Errorf("seed template: %w", err)
			}
		}
		// Marked last, so a half-made template is never used.
		if _, err := admin.Exec(ctx, "ALTER DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH is_template true"); err != nil {
			return err
		}
	}
	return nil
}

// migrationsHash names the schema version (and the seed data, which the
// seeded template holds) so templates are rebuilt when either changes.
func migrationsHash() (string, error) {
	h := sha256.New()
	for _, fsys := range []fs.FS{migrations.FS, seed.Data} {
		var names []string
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				names = append(names, p)
			}
			return err
		})
		if err != nil {
			return "", err
		}
		sort.Strings(names)
		for _, n := range names {
			b, err := fs.ReadFile(fsys, n)
			if err != nil {
				return "", err
			}
			h.Write([]byte(n))
			h.Write(b)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}

func connect(t testing.TB, serverURL string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), serverURL)
	if err != nil {
		t.Fatalf("connect to test server: %v", err)
	}
	return c
}

func drop(serverURL, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		return
	}
	defer c.Close(ctx)
	_, _ = c.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
}

func withDatabase(serverURL, name string) string {
	u, err := url.Parse(serverURL)
	if err != nil {
		return serverURL
	}
	u.Path = "/" + strings.TrimPrefix(name, "/")
	return u.String()
}
