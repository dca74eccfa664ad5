package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

func TestAuditRecordsChangedFieldsAndIsAppendOnly(t *testing.T) {
	ctx := context.Background()
	st := store.New(testdb.New(t))
	id, err := st.CreateUser(ctx, store.System("test"), store.NewUser{Name: "Anna", Email: "anna@example.se", Role: portal.UserContact}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	name, role := "Anna Andersson", portal.UserProjectLeader
	if err := st.UpdateUser(ctx, store.Actor{UserID: id}, id, store.UserChange{Name: &name, Role: &role}); err != nil {
		t.Fatal(err)
	}
	h, err := st.History(ctx, "users", id)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 || h[0].Action != "create" || h[1].Action != "update" {
		t.Fatalf("history = %+v; want create then update", h)
	}
	if h[0].Actor != "test" || h[1].Actor != "Anna Andersson (anna@example.se)" {
		t.Errorf("actors = %q, %q", h[0].Actor, h[1].Actor)
	}
	upd := h[1]
	if got := strings.Join(upd.Fields(), ","); got != "name,role" {
		t.Errorf("update records fields %s; want only the changed name,role", got)
	}
	if upd.Before["name"] != "Anna" || upd.After["name"] != "Anna Andersson" || upd.After["role"] != "project_leader" {
		t.Errorf("update before/after = %v / %v", upd.Before, upd.After)
	}

	for _, sql := range []string{
		`UPDATE audit_log SET action = 'forged'`,
		`DELETE FROM audit_log`,
		`TRUNCATE audit_log`,
	} {
		if _, err := st.Pool.Exec(ctx, sql); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v; want the append-only trigger to refuse", sql, err)
		}
	}
	if h2, _ := st.History(ctx, "users", id); len(h2) != 2 {
		t.Errorf("history changed to %d entries", len(h2))
	}
}

func TestLoginFailuresCountSinceLastSuccessOrReset(t *testing.T) {
	ctx := context.Background()
	st := store.New(testdb.New(t))
	since := mustNow(t, st).Add(-15 * time.Minute)
	for range 3 {
		if err := st.RecordLoginFailure(ctx, "Anna@Example.se ", "10.0.0.1"); err != nil {
			t.Fatal(err)
		}
	}
	acct, ip, err := st.LoginFailures(ctx, "anna@example.se", "10.0.0.1", since)
	if err != nil || acct != 3 || ip != 3 {
		t.Fatalf("failures = %d, %d, %v; want 3, 3", acct, ip, err)
	}
	if _, err := st.Pool.Exec(ctx, `INSERT INTO login_attempts (email, ip, outcome) VALUES ('anna@example.se', 'x', 'cleared')`); err != nil {
		t.Fatal(err)
	}
	if acct, ip, _ = st.LoginFailures(ctx, "anna@example.se", "10.0.0.1", since); acct != 0 || ip != 3 {
		t.Errorf("after a reset failures = %d, %d; want 0 by account, still 3 by IP", acct, ip)
	}
}

func mustNow(t *testing.T, st *store.Store) (now time.Time) {
	t.Helper()
	if err := st.Pool.QueryRow(context.Background(), `SELECT now()`).Scan(&now); err != nil {
		t.Fatal(err)
	}
	return now
}
