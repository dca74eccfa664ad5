package bulk_test

import (
	"context"
	"errors"
	"testing"

	"modellportalen/internal/bulk"
	"modellportalen/internal/testdb"
)

// The data set loads on a seeded database, keeps the programme's rules
// (enforced by the schema's constraints), brings every municipality and
// region in, and refuses to load twice.
func TestLoad(t *testing.T) {
	ctx := context.Background()
	pool := testdb.Seeded(t)
	st, err := bulk.Load(ctx, pool, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %+v", st)
	if st.Rounds != bulk.Rounds || st.Groups == 0 || st.Delegates < 4*st.Participations {
		t.Errorf("stats %+v look wrong", st)
	}

	var missing, badGroups, mentorsWithoutPast int
	err = pool.QueryRow(ctx, `
		SELECT
		  (SELECT count(*) FROM organisations o WHERE o.kind IN ('municipality', 'region')
		     AND NOT EXISTS (SELECT 1 FROM participations p JOIN rounds r ON r.id = p.round_id
		                     WHERE p.organisation_id = o.id AND p.role = 'participant' AND r.slug LIKE 'generated-%')),
		  (SELECT count(*) FROM (SELECT g.id FROM benchmarking_groups g JOIN group_members gm ON gm.group_id = g.id
		     JOIN rounds r ON r.id = g.round_id WHERE r.slug LIKE 'generated-%'
		     GROUP BY g.id HAVING count(*) NOT BETWEEN 2 AND 3) x),
		  (SELECT count(*) FROM mentor_links ml JOIN rounds r ON r.id = ml.round_id
		     WHERE r.slug LIKE 'generated-%' AND NOT EXISTS (
		       SELECT 1 FROM participations e JOIN rounds er ON er.id = e.round_id
		       WHERE e.organisation_id = ml.organisation_id AND e.role = 'participant' AND er.start_year < r.start_year))`).
		Scan(&missing, &badGroups, &mentorsWithoutPast)
	if err != nil {
		t.Fatal(err)
	}
	if missing != 0 || badGroups != 0 || mentorsWithoutPast != 0 {
		t.Errorf("%d organisations never take part, %d groups not of 2–3, %d mentors without an earlier round",
			missing, badGroups, mentorsWithoutPast)
	}

	if _, err := bulk.Load(ctx, pool, 1); !errors.Is(err, bulk.ErrLoaded) {
		t.Errorf("second load: err = %v, want ErrLoaded", err)
	}
}

// The same seed gives the same data set.
func TestDeterministic(t *testing.T) {
	ctx := context.Background()
	fingerprint := func() string {
		pool := testdb.Seeded(t)
		if _, err := bulk.Load(ctx, pool, 7); err != nil {
			t.Fatal(err)
		}
		var s string
		if err := pool.QueryRow(ctx, `
			SELECT md5(string_agg(r.slug || ':' || o.name || ':' || p.role || ':' || coalesce(g.label, ''), ',' ORDER BY r.slug, o.name, p.role))
			FROM participations p JOIN rounds r ON r.id = p.round_id JOIN organisations o ON o.id = p.organisation_id
			LEFT JOIN group_members gm ON gm.participation_id = p.id LEFT JOIN benchmarking_groups g ON g.id = gm.group_id`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if a, b := fingerprint(), fingerprint(); a != b {
		t.Errorf("two loads with seed 7 differ: %s, %s", a, b)
	}
}
