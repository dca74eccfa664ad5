package seed_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"modellportalen/internal/seed"
	"modellportalen/internal/testdb"
)

// readRecord reads one file of the copied public record as maps by column.
func readRecord(t *testing.T, name string) []map[string]string {
	t.Helper()
	rows, err := seed.RecordRows(name)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func sortedFields(s string) []string {
	f := strings.Fields(s)
	slices.Sort(f)
	return f
}

func strings1(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRecordMatchesDatabase checks every row of the copied record against
// the database: each participation with its round, track, role, group or
// mentor link, status, confidence and cited sources; each meeting; each
// source; each conflict.
func TestRecordMatchesDatabase(t *testing.T) {
	pool := testdb.Seeded(t)
	ctx := context.Background()
	for i, p := range readRecord(t, "participations.csv") {
		slug := seed.RecordRoundSlug(p["round"])
		t.Run(slug+"/"+p["organisation"]+"/"+p["role"], func(t *testing.T) {
			if slug == "" {
				t.Fatalf("row %d: round %q has no address", i+2, p["round"])
			}
			role := "participant"
			if p["role"] != "participant" {
				role = "mentor"
			}
			var id int64
			var kind, track, note, uncertain, confidence, when string
			var withdrawn bool
			err := pool.QueryRow(ctx, `
				SELECT p.id, o.kind, p.track, p.note, p.uncertain_reason, p.confidence, p.withdrawn, p.withdrawn_when
				FROM participations p
				JOIN rounds r ON r.id = p.round_id
				JOIN organisations o ON o.id = p.organisation_id
				WHERE r.slug = $1 AND o.name = $2 AND p.role = $3`, slug, p["organisation"], role).
				Scan(&id, &kind, &track, &note, &uncertain, &confidence, &withdrawn, &when)
			if err != nil {
				t.Fatalf("participation: %v", err)
			}
			if kind != p["kind"] || track != p["track"] || confidence != p["confidence"] {
				t.Errorf("kind %s track %s confidence %s, want %s %s %s", kind, track, confidence, p["kind"], p["track"], p["confidence"])
			}
			status := "took_part"
			if withdrawn {
				status = "withdrew"
			} else if uncertain != "" {
				status = "uncertain"
			}
			if status != p["status"] {
				t.Errorf("status %s, want %s", status, p["status"])
			}
			wantNote := seed.SwedishNote(p["note"])
			if p["status"] == "uncertain" {
				if uncertain != wantNote {
					t.Errorf("uncertain because %q, want %q", uncertain, wantNote)
				}
			} else if role == "participant" && note != wantNote {
				t.Errorf("note %q, want %q", note, wantNote)
			}
			if p["status"] == "withdrew" && when == "" {
				t.Errorf("withdrew without a time")
			}
			cited := strings1(t, pool, `
				SELECT s.key FROM citations c JOIN sources s ON s.id = c.source_id
				WHERE c.participation_id = $1 ORDER BY s.key`, id)
			if want := sortedFields(p["sources"]); !slices.Equal(cited, want) {
				t.Errorf("participation cites %v, want %v", cited, want)
			}
			if p["group"] == "" {
				n := strings1(t, pool, `SELECT g.label FROM group_members gm JOIN benchmarking_groups g ON g.id = gm.group_id
					WHERE gm.participation_id = $1`, id)
				if len(n) > 0 {
					t.Errorf("in group %v, want none", n)
				}
				return
			}
			var groupID int64
			var groupTrack string
			if err := pool.QueryRow(ctx, `
				SELECT g.id, g.track FROM benchmarking_groups g JOIN rounds r ON r.id = g.round_id
				WHERE r.slug = $1 AND g.label = $2`, slug, p["group"]).Scan(&groupID, &groupTrack); err != nil {
				t.Fatalf("group %q: %v", p["group"], err)
			}
			if groupTrack != p["track"] {
				t.Errorf("group track %s, want %s", groupTrack, p["track"])
			}
			groupCites := strings1(t, pool, `SELECT s.key FROM citations c JOIN sources s ON s.id = c.source_id
				WHERE c.group_id = $1`, groupID)
			for _, k := range strings.Fields(p["sources"]) {
				if !slices.Contains(groupCites, k) {
					t.Errorf("group %q does not cite %s", p["group"], k)
				}
			}
			switch p["role"] {
			case "participant":
				var n int
				if err := pool.QueryRow(ctx, `SELECT count(*) FROM group_members WHERE group_id = $1 AND participation_id = $2`,
					groupID, id).Scan(&n); err != nil || n != 1 {
					t.Errorf("not a member of %q (%v)", p["group"], err)
				}
			default:
				want := map[string]string{"mentor": "primary", "supporting_mentor": "supporting"}[p["role"]]
				var kind string
				if err := pool.QueryRow(ctx, `SELECT ml.kind FROM mentor_links ml WHERE ml.group_id = $1 AND ml.participation_id = $2`,
					groupID, id).Scan(&kind); err != nil || kind != want {
					t.Errorf("mentor link to %q: %q (%v), want %s", p["group"], kind, err, want)
				}
				cited := strings1(t, pool, `
					SELECT s.key FROM citations c JOIN sources s ON s.id = c.source_id JOIN participations p ON p.id = $2
					WHERE c.mentor_group_id = $1 AND c.mentor_organisation_id = p.organisation_id ORDER BY s.key`, groupID, id)
				if w := sortedFields(p["sources"]); !slices.Equal(cited, w) {
					t.Errorf("mentor link cites %v, want %v", cited, w)
				}
			}
		})
	}
	for _, m := range readRecord(t, "meetings.csv") {
		slug := seed.RecordRoundSlug(m["round"])
		t.Run("meeting/"+slug+"/"+m["date"], func(t *testing.T) {
			var id int64
			var iso, group string
			err := pool.QueryRow(ctx, `
				SELECT m.id,
				       to_char(m.held_on, CASE m.held_precision WHEN 'day' THEN 'YYYY-MM-DD' WHEN 'month' THEN 'YYYY-MM' ELSE 'YYYY' END),
				       coalesce(g.label, '')
				FROM learning_meetings m JOIN rounds r ON r.id = m.round_id
				LEFT JOIN benchmarking_groups g ON g.id = m.group_id
				WHERE r.slug = $1 AND m.kind = $2 AND coalesce(m.track, '') = $3 AND m.place = $4
				  AND m.held_on = to_date(rpad($5, 10, '-01'), 'YYYY-MM-DD')`,
				slug, m["kind"], m["track"], m["place"], m["date"]).Scan(&id, &iso, &group)
			if err != nil {
				t.Fatalf("meeting: %v", err)
			}
			if iso != m["date"] || group != m["group"] {
				t.Errorf("meeting on %s in group %q, want %s %q", iso, group, m["date"], m["group"])
			}
			cited := strings1(t, pool, `SELECT s.key FROM citations c JOIN sources s ON s.id = c.source_id
				WHERE c.meeting_id = $1 ORDER BY s.key`, id)
			if w := sortedFields(m["sources"]); !slices.Equal(cited, w) {
				t.Errorf("meeting cites %v, want %v", cited, w)
			}
		})
	}
	for _, s := range readRecord(t, "sources.csv") {
		var publisher, published, url, summary string
		err := pool.QueryRow(ctx, `SELECT publisher, coalesce(published_on::text, ''), url, summary FROM sources WHERE key = $1`,
			s["key"]).Scan(&publisher, &published, &url, &summary)
		if err != nil || publisher != s["publisher"] || published != s["published_on"] || url != s["url"] || summary != s["what_it_says"] {
			t.Errorf("source %s: %q %q %q (%v)", s["key"], publisher, published, url, err)
		}
	}
	for _, c := range readRecord(t, "conflicts.csv") {
		var a, b []string
		err := pool.QueryRow(ctx, `SELECT sources_a, sources_b FROM record_conflicts WHERE subject = $1`, c["subject"]).Scan(&a, &b)
		if err != nil || !slices.Equal(a, strings.Fields(c["sources_a"])) || !slices.Equal(b, strings.Fields(c["sources_b"])) {
			t.Errorf("conflict %q: %v %v (%v)", c["subject"], a, b, err)
		}
	}
	// Every round's dates cite a source.
	if bare := strings1(t, pool, `SELECT slug FROM rounds r WHERE NOT EXISTS (SELECT 1 FROM citations c WHERE c.round_id = r.id)`); len(bare) > 0 {
		t.Errorf("rounds without sources for their dates: %v", bare)
	}
}

// TestRecordNotesInSwedish checks that every note of the record has its
// Swedish wording, so Swedish pages show no English.
func TestRecordNotesInSwedish(t *testing.T) {
	for _, file := range []string{"participations.csv", "meetings.csv"} {
		for _, row := range readRecord(t, file) {
			if n := row["note"]; n != "" && seed.SwedishNote(n) == n {
				t.Errorf("%s: no Swedish for %q", file, n)
			}
		}
	}
}

func TestRecordedFacts(t *testing.T) {
	pool := testdb.Seeded(t)
	ctx := context.Background()
	cases := []struct {
		name, sql, want string
	}{
		{"Askersund withdrew in spring 2019",
			`SELECT p.withdrawn::text || ' ' || p.withdrawn_when || ' ' || (p.withdrawn_on IS NULL)::text FROM participations p
			 JOIN rounds r ON r.id = p.round_id JOIN organisations o ON o.id = p.organisation_id
			 WHERE r.slug = '2019' AND o.name = 'Askersund'`, "true våren 2019 true"},
		{"association", `SELECT kind FROM organisations WHERE name = 'Förbundet Norrbottens kommuner'`, "association"},
		{"district with its parent",
			`SELECT d.kind || ' ' || m.name || ' ' || m.scb_code || ' ' || (d.lat = m.lat AND d.lon = m.lon)::text
			 FROM organisations d JOIN organisations m ON m.id = d.parent_id WHERE d.name = 'Enskede-Årsta-Vantör'`,
			"district Stockholm 0180 true"},
		{"2019 regional focus areas",
			`SELECT string_agg(DISTINCT g.focus_area, ' | ' ORDER BY g.focus_area) FROM benchmarking_groups g JOIN rounds r ON r.id = g.round_id
			 WHERE r.slug = '2019' AND g.track = 'regional'`,
			"Folkhälsa och social hållbarhet | Jämställdhetsintegrering av det regionala utvecklingsansvaret"},
		{"mixed group of 2021: members and three regions as mentors",
			`SELECT g.track || ': ' || (SELECT string_agg(o.name, ', ' ORDER BY gm.position) FROM group_members gm JOIN organisations o ON o.id = gm.organisation_id WHERE gm.group_id = g.id)
			   || ' / ' || (SELECT string_agg(o.name, ', ' ORDER BY ml.position) FROM mentor_links ml JOIN organisations o ON o.id = ml.organisation_id WHERE ml.group_id = g.id AND ml.kind = 'primary')
			 FROM benchmarking_groups g JOIN rounds r ON r.id = g.round_id WHERE r.slug = '2021-2023'`,
			"mixed: Region Östergötland, Region Kronoberg, Lund / Region Värmland, Region Västerbotten, Region Norrbotten"},
		{"the 2023 meeting belongs to its group",
			`SELECT m.kind || ' ' || g.label || ' ' || m.place FROM learning_meetings m JOIN benchmarking_groups g ON g.id = m.group_id
			 WHERE m.held_on = '2023-05-23'`, "group-meeting Sollefteå och Härnösand Hotell Höga kusten"},
		{"the pilot starts on the day, ends in a year",
			`SELECT starts_on || ' ' || starts_precision || ' ' || extract(year FROM ends_on) || ' ' || ends_precision FROM rounds WHERE slug = '2015-2016'`,
			"2015-05-28 day 2016 year"},
		{"the 2019 regions ran to December 2020",
			`SELECT string_agg(rt.track || ' ' || rt.ends_on || ' ' || rt.ends_precision, ', ' ORDER BY rt.track) FROM round_tracks rt JOIN rounds r ON r.id = rt.round_id WHERE r.slug = '2019'`,
			"municipal 2020-02-01 month, regional 2020-12-16 day"},
		{"old round addresses redirect",
			`SELECT string_agg(rr.old_slug || '→' || r.slug, ' ' ORDER BY rr.old_slug) FROM round_redirects rr JOIN rounds r ON r.id = rr.round_id`,
			"2016-2017→2015-2016 2021-2022→2020-2022"},
	}
	for _, c := range cases {
		var got string
		if err := pool.QueryRow(ctx, c.sql).Scan(&got); err != nil || got != c.want {
			t.Errorf("%s: %q (%v), want %q", c.name, got, err, c.want)
		}
	}
}

// TestRecordKeepsStaffCorrections loads a new version of the record over a
// database where staff corrected one seeded participation and added another:
// both stay, while a seeded row that the record no longer holds, and that
// nobody touched, goes.
func TestRecordKeepsStaffCorrections(t *testing.T) {
	pool := testdb.Seeded(t)
	ctx := context.Background()
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := pool.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	// A project leader corrects Östersund: it did take part after all.
	exec(`UPDATE participations p SET uncertain_reason = '', note = 'Bekräftat av kommunen.', version = p.version + 1
		FROM organisations o, rounds r
		WHERE o.id = p.organisation_id AND r.id = p.round_id AND o.name = 'Östersund' AND r.slug = '2019'`)
	exec(`INSERT INTO audit_log (actor_label, action, table_name, record_id)
		SELECT 'projektledare', 'update', 'participations', p.id FROM participations p
		JOIN organisations o ON o.id = p.organisation_id WHERE o.name = 'Östersund'`)
	// A seeded row the record does not hold (as the old history had Malmö
	// as a 2017 participant), untouched by staff.
	exec(`INSERT INTO participations (round_id, organisation_id, role, track)
		SELECT r.id, o.id, 'participant', 'municipal' FROM rounds r, organisations o
		WHERE r.slug = '2017-2018' AND o.name = 'Malmö'`)
	// A participation staff added through the portal.
	exec(`INSERT INTO participations (round_id, organisation_id, role, track)
		SELECT r.id, o.id, 'participant', 'municipal' FROM rounds r, organisations o
		WHERE r.slug = '2023-2025' AND o.name = 'Ånge'`)
	exec(`INSERT INTO audit_log (actor_label, action, table_name, record_id)
		SELECT 'projektledare', 'admit', 'participations', p.id FROM participations p
		JOIN organisations o ON o.id = p.organisation_id WHERE o.name = 'Ånge'`)

	// Same version: nothing happens.
	before := snapshot(t, pool)
	if err := seed.Run(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, pool); after["participations"] != before["participations"] {
		t.Errorf("a second run of the same version changed participations")
	}

	// A new version of the record is loaded once.
	exec(`DELETE FROM record_loads`)
	if err := seed.Run(ctx, pool); err != nil {
		t.Fatal(err)
	}
	var reason, note string
	if err := pool.QueryRow(ctx, `SELECT p.uncertain_reason, p.note FROM participations p JOIN organisations o ON o.id = p.organisation_id
		WHERE o.name = 'Östersund'`).Scan(&reason, &note); err != nil || reason != "" || note != "Bekräftat av kommunen." {
		t.Errorf("Östersund after reload: uncertain %q note %q (%v), want the staff correction kept", reason, note, err)
	}
	got := strings1(t, pool, `SELECT o.name || ' ' || r.slug FROM participations p JOIN organisations o ON o.id = p.organisation_id
		JOIN rounds r ON r.id = p.round_id WHERE o.name IN ('Malmö', 'Ånge') AND p.role = 'participant' ORDER BY 1`)
	if want := []string{"Malmö 2015-2016", "Ånge 2023-2025"}; !slices.Equal(got, want) {
		t.Errorf("participations after reload %v, want %v", got, want)
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM record_loads`).Scan(&n); err != nil || n != 1 {
		t.Errorf("record_loads has %d rows (%v), want the version loaded", n, err)
	}
}

// TestRecordReplacesOldHistory seeds the record over what the portal's
// earlier history file put in the database: the pilot under its old address
// and years, a made-up round for Kramfors, Malmö as a 2017 participant, a
// misnamed group and the 2023 group meeting as the round's first meeting.
func TestRecordReplacesOldHistory(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	old := `
		INSERT INTO counties (code, name, region_name) VALUES ('25', 'Norrbottens län', 'Region Norrbotten');
		INSERT INTO organisations (kind, name, slug, scb_code, county_code, lat, lon) VALUES
			('municipality', 'Umeå', 'umeå', '2480', '25', 63.8, 20.3),
			('municipality', 'Kramfors', 'kramfors', '2282', '25', 62.9, 17.8),
			('municipality', 'Malmö', 'malmö', '1280', '25', 55.6, 13.0);
		INSERT INTO rounds (slug, name, start_year, end_year, status, tracks) VALUES
			('2016-2017', 'Pilotomgången 2016–2017', 2016, 2017, 'completed', '{municipal}'),
			('2017-2018', 'Modellkommuner 2017–2018', 2017, 2018, 'completed', '{municipal}'),
			('2021-2022', 'Modellkonceptet 2021–2022', 2021, 2022, 'completed', '{municipal}'),
			('2023-2025', 'Modellkonceptet för jämställdhet 2023–2025', 2023, 2025, 'completed', '{municipal}');
		INSERT INTO participations (round_id, organisation_id, role, track)
		SELECT r.id, o.id, 'participant', 'municipal' FROM rounds r, organisations o
		WHERE (r.slug, o.name) IN (('2016-2017', 'Umeå'), ('2021-2022', 'Kramfors'), ('2017-2018', 'Malmö'));
		INSERT INTO learning_meetings (round_id, held_on, place, agenda)
		SELECT id, '2023-05-23', 'Hotell Höga kusten', 'Omgångens första lärandeträff.' FROM rounds WHERE slug = '2023-2025';`
	if _, err := pool.Exec(ctx, old); err != nil {
		t.Fatal(err)
	}
	if err := seed.Run(ctx, pool); err != nil {
		t.Fatalf("seed over the old history: %v", err)
	}
	cases := []struct {
		name, sql string
		want      []string
	}{
		{"rounds", `SELECT slug FROM rounds ORDER BY start_year`,
			[]string{"2015-2016", "2017-2018", "2019", "2020-2022", "2021-2023", "2023-2025"}},
		{"redirects", `SELECT rr.old_slug || '→' || r.slug FROM round_redirects rr JOIN rounds r ON r.id = rr.round_id ORDER BY 1`,
			[]string{"2016-2017→2015-2016", "2021-2022→2020-2022"}},
		{"Malmö", `SELECT r.slug || ' ' || p.role FROM participations p JOIN rounds r ON r.id = p.round_id
			JOIN organisations o ON o.id = p.organisation_id WHERE o.name = 'Malmö' ORDER BY r.start_year`,
			[]string{"2015-2016 participant", "2017-2018 mentor", "2019 mentor"}},
		{"Kramfors", `SELECT r.slug || ' ' || p.role FROM participations p JOIN rounds r ON r.id = p.round_id
			JOIN organisations o ON o.id = p.organisation_id WHERE o.name = 'Kramfors' ORDER BY r.start_year`,
			[]string{"2020-2022 participant", "2023-2025 mentor"}},
		{"2023 meetings", `SELECT m.kind || ' ' || coalesce(g.label, '-') FROM learning_meetings m JOIN rounds r ON r.id = m.round_id
			LEFT JOIN benchmarking_groups g ON g.id = m.group_id WHERE r.slug = '2023-2025'`,
			[]string{"group-meeting Sollefteå och Härnösand"}},
	}
	for _, c := range cases {
		if got := strings1(t, pool, c.sql); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
