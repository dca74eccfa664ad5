package store_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

// TestMigrationsUpDownUp proves every up migration has a down that undoes it
// completely: after up, down, up the schema is as after the first up.
func TestMigrationsUpDownUp(t *testing.T) {
	dbURL := testdb.NewURL(t)
	if err := store.Migrate(dbURL); err != nil {
		t.Fatalf("first up: %v", err)
	}
	first := schemaOf(t, dbURL)
	if err := store.MigrateDown(dbURL); err != nil {
		t.Fatalf("down: %v", err)
	}
	if left := schemaOf(t, dbURL); len(left) != 1 || left[0] != "table schema_migrations" {
		t.Fatalf("after down, objects left besides schema_migrations: %v", left)
	}
	if err := store.Migrate(dbURL); err != nil {
		t.Fatalf("second up: %v", err)
	}
	second := schemaOf(t, dbURL)
	if len(first) != len(second) {
		t.Fatalf("schema differs after up-down-up: %d objects, then %d", len(first), len(second))
	}
	for i := range first {
		if first[i] != second[i] {
			t.Errorf("schema object %d: %q, then %q", i, first[i], second[i])
		}
	}
	if err := store.Migrate(dbURL); err != nil {
		t.Errorf("up with nothing to do should succeed: %v", err)
	}
}

// schemaOf lists tables, columns, indexes, constraints and functions of the
// public schema, sorted.
func schemaOf(t *testing.T, dbURL string) []string {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	rows, err := c.Query(ctx, `
		SELECT 'table ' || table_name FROM information_schema.tables WHERE table_schema = 'public'
		UNION ALL
		SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type
		FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
		UNION ALL
		SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'schema_migrations'
		UNION ALL
		SELECT 'constraint ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid)
		FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid <> 0
		  AND conrelid::regclass::text <> 'schema_migrations'
		UNION ALL
		SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}
