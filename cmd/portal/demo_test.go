package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"modellportalen/internal/seed"
	"modellportalen/internal/server"
	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

// `portal seed` loads reference data only; demo users come with --demo, and
// --remove-demo takes their passwords away again.
func TestSeedDemoOnlyOnRequest(t *testing.T) {
	ctx := context.Background()
	dbURL := testdb.NewURL(t)
	t.Setenv("DATABASE_URL", dbURL)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	users := func() int {
		pool, err := store.Open(ctx, dbURL)
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		us, err := store.New(pool).Users(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return len(us)
	}
	demo := func() []string {
		pool, err := store.Open(ctx, dbURL)
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		emails, err := seed.DemoPasswordsInUse(ctx, store.New(pool))
		if err != nil {
			t.Fatal(err)
		}
		return emails
	}
	if err := run(log, []string{"seed"}); err != nil {
		t.Fatal(err)
	}
	if n := users(); n != 0 {
		t.Fatalf("portal seed made %d users, want none", n)
	}
	if err := run(log, []string{"seed", "--demo"}); err != nil {
		t.Fatal(err)
	}
	if n := users(); n != len(seed.DemoLogins) {
		t.Fatalf("portal seed --demo made %d users, want %d", n, len(seed.DemoLogins))
	}
	if got := demo(); len(got) != len(seed.DemoLogins) {
		t.Fatalf("demo passwords in use: %v", got)
	}
	if err := run(log, []string{"seed", "--remove-demo"}); err != nil {
		t.Fatal(err)
	}
	if got := demo(); len(got) != 0 {
		t.Fatalf("after --remove-demo, demo passwords in use: %v", got)
	}
}

// A portal configured for production refuses to start while an account,
// active or switched off, still has its demo password; a development set-up
// starts.
func TestProductionRefusesDemoPasswords(t *testing.T) {
	ctx := context.Background()
	st := store.New(testdb.Seeded(t))
	if err := seed.DemoUsers(ctx, st); err != nil {
		t.Fatal(err)
	}
	admin, _ := st.UserByEmail(ctx, "admin@skr.example")
	off := false
	if err := st.UpdateUser(ctx, store.System("test"), admin.ID, store.UserChange{Active: &off}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		cfg     server.Config
		refused bool
	}{
		{"development", server.Config{BaseURL: "http://localhost:8080"}, false},
		{"https base URL", server.Config{BaseURL: "https://modellportalen.skr.se", CookieSecure: true}, true},
		{"COOKIE_SECURE only", server.Config{BaseURL: "http://10.0.0.5:8080", CookieSecure: true}, true},
	}
	for _, c := range cases {
		err := refuseDemoPasswords(ctx, st, c.cfg)
		if (err != nil) != c.refused {
			t.Errorf("%s: err = %v, want refused %v", c.name, err, c.refused)
			continue
		}
		if err != nil {
			for _, want := range []string{"admin@skr.example", "umea@kommun.example", "portal seed --remove-demo"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%s: message lacks %q: %v", c.name, want, err)
				}
			}
		}
	}
	if err := seed.RemoveDemoUsers(ctx, st); err != nil {
		t.Fatal(err)
	}
	if err := refuseDemoPasswords(ctx, st, cases[1].cfg); err != nil {
		t.Errorf("after removing the demo users: %v", err)
	}
}
