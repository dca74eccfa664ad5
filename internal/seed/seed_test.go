package seed_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"modellportalen/internal/seed"
	"modellportalen/internal/testdb"
)

func TestReferenceDataCounts(t *testing.T) {
	pool := testdb.Seeded(t)
	cases := []struct {
		query string
		want  int
	}{
		{`SELECT count(*) FROM counties`, 21},
		{`SELECT count(*) FROM organisations WHERE kind = 'municipality'`, 290},
		{`SELECT count(*) FROM organisations WHERE kind = 'region'`, 21},
		{`SELECT count(*) FROM organisations WHERE kind = 'association'`, 1},
		{`SELECT count(*) FROM organisations WHERE kind = 'district'`, 1},
		{`SELECT count(*) FROM organisations WHERE kind = 'municipality' AND (lat IS NULL OR county_code IS NULL)`, 0},
		{`SELECT count(*) FROM organisations WHERE kind = 'region' AND scb_code <> county_code`, 0},
		{`SELECT count(*) FROM rounds`, 6},
		{`SELECT count(*) FROM rounds WHERE tracks @> '{regional}'`, 2},
		{`SELECT count(*) FROM rounds WHERE tracks @> '{mixed}'`, 1},
		{`SELECT count(*) FROM participations`, 75},
		{`SELECT count(*) FROM sources`, 26},
		{`SELECT count(*) FROM record_conflicts`, 7},
		{`SELECT count(*) FROM learning_meetings`, 8},
		{`SELECT count(*) FROM record_loads`, 1},
	}
	for _, c := range cases {
		var got int
		if err := pool.QueryRow(context.Background(), c.query).Scan(&got); err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		if got != c.want {
			t.Errorf("%s = %d, want %d", c.query, got, c.want)
		}
	}
}

func TestSlug(t *testing.T) {
	cases := map[string]string{
		"Östra Göinge":                   "östra-göinge",
		"Upplands-Bro":                   "upplands-bro",
		"Habo":                           "habo",
		"Håbo":                           "håbo",
		"Region Jämtland Härjedalen":     "region-jämtland-härjedalen",
		"Förbundet Norrbottens kommuner": "förbundet-norrbottens-kommuner",
		"Malung-Sälen":                   "malung-sälen",
	}
	for in, want := range cases {
		if got := seed.Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSeedIsIdempotent runs the seed again on a seeded database and checks
// that no row of any table changed.
func TestSeedIsIdempotent(t *testing.T) {
	pool := testdb.Seeded(t)
	before := snapshot(t, pool)
	if err := seed.Run(context.Background(), pool); err != nil {
		t.Fatalf("second seed: %v", err)
	}
	after := snapshot(t, pool)
	for table, rows := range before {
		if after[table] != rows {
			t.Errorf("table %s changed on a second seed", table)
		}
	}
}

// snapshot returns each table's rows, with their system column xmin (which
// changes on any update), as one string per table.
func snapshot(t *testing.T, pool *pgxpool.Pool) map[string]string {
	t.Helper()
	ctx := context.Background()
	tables := []string{"counties", "organisations", "rounds", "participations", "benchmarking_groups",
		"group_members", "mentor_links", "learning_meetings", "sources", "citations", "record_conflicts",
		"round_tracks", "round_redirects", "record_loads"}
	out := map[string]string{}
	for _, table := range tables {
		var s string
		err := pool.QueryRow(ctx, fmt.Sprintf(
			`SELECT coalesce(string_agg(x::text, E'\n' ORDER BY x::text), '') FROM (SELECT t.xmin, t.* FROM %s t) x`,
			pgx.Identifier{table}.Sanitize())).Scan(&s)
		if err != nil {
			t.Fatalf("snapshot %s: %v", table, err)
		}
		out[table] = s
	}
	return out
}
