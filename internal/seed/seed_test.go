package seed_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
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
		{`SELECT count(*) FROM organisations WHERE kind = 'municipality' AND (lat IS NULL OR county_code IS NULL)`, 0},
		{`SELECT count(*) FROM organisations WHERE kind = 'region' AND scb_code <> county_code`, 0},
		{`SELECT count(*) FROM rounds`, 5},
		{`SELECT count(*) FROM rounds WHERE tracks @> '{regional}'`, 1},
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
		"group_members", "mentor_links", "learning_meetings"}
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

// TestHistoryMatchesPublicRecord checks every row of programme-history.csv
// against the database: the organisation takes part in the round and track,
// sits in the named group, and the group has exactly the named mentors and
// supporting mentors.
func TestHistoryMatchesPublicRecord(t *testing.T) {
	pool := testdb.Seeded(t)
	ctx := context.Background()
	f, err := seed.Data.Open("data/programme-history.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	roundSlug := map[string]string{"2016": "2016-2017"}
	trackOf := map[string]string{"kommun": "municipal", "region": "regional"}
	for _, rec := range records[1:] {
		roundKey, track, name, group, mentors, supporting := rec[0], rec[1], rec[2], rec[3], rec[4], rec[5]
		slug := roundKey
		if s, ok := roundSlug[roundKey]; ok {
			slug = s
		}
		t.Run(slug+"/"+name, func(t *testing.T) {
			var gotTrack, gotGroup string
			err := pool.QueryRow(ctx, `
				SELECT p.track, coalesce(g.label, '')
				FROM participations p
				JOIN rounds r ON r.id = p.round_id
				JOIN organisations o ON o.id = p.organisation_id
				LEFT JOIN group_members gm ON gm.participation_id = p.id
				LEFT JOIN benchmarking_groups g ON g.id = gm.group_id
				WHERE r.slug = $1 AND o.name = $2 AND p.role = 'participant'`, slug, name).Scan(&gotTrack, &gotGroup)
			if err != nil {
				t.Fatalf("participation of %s in %s: %v", name, slug, err)
			}
			if gotTrack != trackOf[track] || gotGroup != group {
				t.Errorf("track %q group %q, want %q %q", gotTrack, gotGroup, trackOf[track], group)
			}
			if group == "" {
				return
			}
			for kind, want := range map[string]string{"primary": mentors, "supporting": supporting} {
				rows, err := pool.Query(ctx, `
					SELECT o.name FROM mentor_links ml
					JOIN benchmarking_groups g ON g.id = ml.group_id
					JOIN rounds r ON r.id = g.round_id
					JOIN organisations o ON o.id = ml.organisation_id
					WHERE r.slug = $1 AND g.label = $2 AND ml.kind = $3
					ORDER BY ml.position`, slug, group, kind)
				if err != nil {
					t.Fatal(err)
				}
				got, err := pgx.CollectRows(rows, pgx.RowTo[string])
				if err != nil {
					t.Fatal(err)
				}
				var wantList []string
				if want != "" {
					wantList = strings.Split(want, ";")
				}
				if !slices.Equal(got, wantList) {
					t.Errorf("%s mentors of %q: %v, want %v", kind, group, got, wantList)
				}
			}
		})
	}
}

func TestRecordedFacts(t *testing.T) {
	pool := testdb.Seeded(t)
	ctx := context.Background()
	var withdrawn bool
	var reason string
	err := pool.QueryRow(ctx, `
		SELECT p.withdrawn, p.withdrawal_reason FROM participations p
		JOIN rounds r ON r.id = p.round_id JOIN organisations o ON o.id = p.organisation_id
		WHERE r.slug = '2019' AND o.name = 'Askersund'`).Scan(&withdrawn, &reason)
	if err != nil || !withdrawn || !strings.Contains(reason, "våren 2019") {
		t.Errorf("Askersund 2019: withdrawn %v %q (%v), want withdrawn in spring 2019", withdrawn, reason, err)
	}
	var kind string
	if err := pool.QueryRow(ctx, `SELECT kind FROM organisations WHERE name = 'Förbundet Norrbottens kommuner'`).Scan(&kind); err != nil || kind != "association" {
		t.Errorf("Förbundet Norrbottens kommuner: kind %q (%v), want association", kind, err)
	}
	rows, err := pool.Query(ctx, `
		SELECT DISTINCT g.focus_area FROM benchmarking_groups g JOIN rounds r ON r.id = g.round_id
		WHERE r.slug = '2019' AND g.track = 'regional' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	focus, _ := pgx.CollectRows(rows, pgx.RowTo[string])
	want := []string{"Folkhälsa och social hållbarhet", "Jämställdhetsintegrering av det regionala utvecklingsansvaret"}
	if !slices.Equal(focus, want) {
		t.Errorf("2019 regional focus areas %v, want %v", focus, want)
	}
}
