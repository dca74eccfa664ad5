package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

func names(orgs []portal.Organisation) []string {
	out := make([]string, len(orgs))
	for i, o := range orgs {
		out[i] = o.Name
	}
	return out
}

func TestRoundOverview2019(t *testing.T) {
	st := store.New(testdb.Seeded(t))
	ctx := context.Background()
	round, err := st.RoundBySlug(ctx, "2019")
	if err != nil {
		t.Fatal(err)
	}
	ov, err := st.RoundOverview(ctx, round)
	if err != nil {
		t.Fatal(err)
	}
	type group struct{ members, mentors, supporting []string }
	want := map[string]group{
		"Askersund och Fagersta":                   {[]string{"Askersund", "Fagersta"}, []string{"Hedemora"}, nil},
		"Botkyrka och Västerås":                    {[]string{"Botkyrka", "Västerås"}, []string{"Uppsala"}, nil},
		"Nordmaling, Örnsköldsvik och Robertsfors": {[]string{"Nordmaling", "Örnsköldsvik", "Robertsfors"}, []string{"Vännäs"}, []string{"Umeå"}},
		"Trelleborg, Olofström och Östra Göinge":   {[]string{"Trelleborg", "Olofström", "Östra Göinge"}, []string{"Kristianstad"}, []string{"Malmö"}},
		"Södertälje och Kalmar":                    {[]string{"Södertälje", "Östersund", "Kalmar"}, []string{"Norrtälje"}, nil},
		"Förbundet Norrbottens kommuner":           {[]string{"Förbundet Norrbottens kommuner"}, []string{"Boden", "Luleå"}, []string{"Piteå"}},
		"Gotland, Värmland och Västerbotten":       {[]string{"Region Gotland", "Region Värmland", "Region Västerbotten"}, nil, nil},
		"Gävleborg, Halland och Norrbotten":        {[]string{"Region Gävleborg", "Region Halland", "Region Norrbotten"}, nil, nil},
	}
	if len(ov.Groups) != len(want) {
		t.Fatalf("%d groups, want %d", len(ov.Groups), len(want))
	}
	if n := len(ov.GroupsIn(portal.TrackMunicipal)); n != 6 {
		t.Errorf("%d municipal groups, want 6", n)
	}
	for _, g := range ov.Groups {
		w, ok := want[g.Label]
		if !ok {
			t.Errorf("unexpected group %q", g.Label)
			continue
		}
		var members []string
		for _, m := range g.Members {
			members = append(members, m.Organisation.Name)
		}
		if !slices.Equal(members, w.members) {
			t.Errorf("%s: members %v, want %v", g.Label, members, w.members)
		}
		if got := names(g.PrimaryMentors()); !slices.Equal(got, w.mentors) && len(got)+len(w.mentors) > 0 {
			t.Errorf("%s: mentors %v, want %v", g.Label, got, w.mentors)
		}
		if got := names(g.SupportingMentors()); !slices.Equal(got, w.supporting) && len(got)+len(w.supporting) > 0 {
			t.Errorf("%s: supporting %v, want %v", g.Label, got, w.supporting)
		}
	}
	if u := ov.Ungrouped(portal.TrackMunicipal); len(u) != 0 {
		t.Errorf("ungrouped 2019 participants: %v", u)
	}
}

func TestOrganisationHistory(t *testing.T) {
	st := store.New(testdb.Seeded(t))
	ctx := context.Background()
	cases := []struct {
		slug string
		want []string // round slug, role, group or mentored group
	}{
		{"vännäs", []string{"2017-2018 participant Lycksele och Vännäs", "2019 mentor Nordmaling, Örnsköldsvik och Robertsfors"}},
		{"umeå", []string{"2015-2016 participant ", "2017-2018 mentor Lycksele och Vännäs",
			"2019 mentor Nordmaling, Örnsköldsvik och Robertsfors (supporting)"}},
		{"malmö", []string{"2015-2016 participant ", "2017-2018 mentor Halmstad och Kristianstad",
			"2019 mentor Trelleborg, Olofström och Östra Göinge (supporting)"}},
		{"askersund", []string{"2019 participant Askersund och Fagersta (withdrawn)"}},
		{"kramfors", []string{"2020-2022 participant Kramfors och Vaxholm", "2023-2025 mentor Sollefteå och Härnösand"}},
		{"kalmar", []string{"2015-2016 participant ", "2019 participant Södertälje och Kalmar", "2020-2022 mentor Karlstad och Karlskrona"}},
		{"stockholm", nil},
	}
	for _, c := range cases {
		t.Run(c.slug, func(t *testing.T) {
			org, err := st.OrganisationBySlug(ctx, c.slug)
			if err != nil {
				t.Fatal(err)
			}
			hist, err := st.OrganisationHistory(ctx, org.ID)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range hist {
				s := e.Round.Slug + " " + string(e.Participation.Role) + " " + e.GroupLabel
				for _, mg := range e.MentoredGroups {
					s += mg.Label
					if mg.Supporting {
						s += " (supporting)"
					}
				}
				if e.Participation.Withdrawn {
					s += " (withdrawn)"
				}
				got = append(got, s)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("history %q, want %q", got, c.want)
			}
		})
	}
	org, _ := st.OrganisationBySlug(ctx, "fagersta")
	hist, _ := st.OrganisationHistory(ctx, org.ID)
	if len(hist) != 1 || len(hist[0].GroupMentors) != 1 || hist[0].GroupMentors[0].Organisation.Name != "Hedemora" {
		t.Errorf("Fagersta's 2019 group mentors: %+v, want Hedemora", hist)
	}
	if _, err := st.OrganisationBySlug(ctx, "finns-inte"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown slug: %v, want ErrNotFound", err)
	}
}

func TestSearchOrganisations(t *testing.T) {
	st := store.New(testdb.Seeded(t))
	cases := []struct {
		name   string
		filter store.OrganisationFilter
		want   []string
	}{
		{"by part of name, any case", store.OrganisationFilter{Query: "GÖINGE"}, []string{"Östra Göinge"}},
		{"by SCB code", store.OrganisationFilter{Query: "2480"}, []string{"Umeå"}},
		{"region by county code", store.OrganisationFilter{Query: "region gotland"}, []string{"Region Gotland"}},
		{"county filter, prefix before word", store.OrganisationFilter{Query: "vä", CountyCode: "19"}, []string{"Västerås", "Region Västmanland"}},
		{"nothing", store.OrganisationFilter{Query: "xyzzy"}, nil},

		// Without Swedish letters, and with them, in either case.
		{"umea", store.OrganisationFilter{Query: "umea"}, []string{"Umeå"}},
		{"UMEÅ", store.OrganisationFilter{Query: "UMEÅ"}, []string{"Umeå"}},
		{"orebro: the municipality, then the region", store.OrganisationFilter{Query: "orebro"}, []string{"Örebro", "Region Örebro län"}},
		{"Örebro", store.OrganisationFilter{Query: "Örebro"}, []string{"Örebro", "Region Örebro län"}},
		{"goteborg", store.OrganisationFilter{Query: "goteborg"}, []string{"Göteborg"}},
		{"Göteborg", store.OrganisationFilter{Query: "Göteborg"}, []string{"Göteborg"}},
		{"malmo", store.OrganisationFilter{Query: "malmo"}, []string{"Malmö"}},
		{"Malmö", store.OrganisationFilter{Query: "Malmö"}, []string{"Malmö"}},
		{"ostra goinge", store.OrganisationFilter{Query: "ostra goinge"}, []string{"Östra Göinge"}},
		{"a folded query finds names with å, ä and a", store.OrganisationFilter{Query: "vast", CountyCode: "24"}, []string{"Region Västerbotten"}},

		// Ranking: the whole name, then names starting with the query, then
		// names with a word starting with it, then the rest; by name within.
		{"exact before contains", store.OrganisationFilter{Query: "sala"}, []string{"Sala", "Region Uppsala", "Uppsala"}},
		{"exact before contains, folded", store.OrganisationFilter{Query: "ale"}, []string{"Ale", "Härjedalen", "Malung-Sälen", "Region Jämtland Härjedalen", "Salem", "Älvdalen"}},
		{"prefix before word prefix", store.OrganisationFilter{Query: "upp"}, []string{"Upplands Väsby", "Upplands-Bro", "Uppsala", "Uppvidinge", "Region Uppsala"}},
		{"prefix, folded", store.OrganisationFilter{Query: "gote"}, []string{"Göteborg", "Götene"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := st.SearchOrganisations(context.Background(), c.filter)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(names(got), c.want) {
				t.Errorf("got %v, want %v", names(got), c.want)
			}
		})
	}
	all, err := st.SearchOrganisations(context.Background(), store.OrganisationFilter{CountyCode: "25"})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 16 { // Norrbotten: 14 municipalities, the region and the association
		t.Errorf("Norrbotten has %d organisations, want 16", len(all))
	}
}

// TestConstraints checks that the database itself refuses what must never be
// stored, whatever the Go code does.
func TestConstraints(t *testing.T) {
	pool := testdb.Seeded(t)
	ctx := context.Background()
	cases := []struct {
		name string
		sql  string
		code string // SQLSTATE
	}{
		{"organisation in two groups of a round", `
			INSERT INTO group_members (group_id, round_id, participation_id, organisation_id)
			SELECT g2.id, gm.round_id, gm.participation_id, gm.organisation_id
			FROM group_members gm JOIN organisations o ON o.id = gm.organisation_id
			JOIN benchmarking_groups g2 ON g2.round_id = gm.round_id AND g2.id <> gm.group_id
			WHERE o.name = 'Fagersta' LIMIT 1`, "23505"},
		{"member from another round", `
			INSERT INTO group_members (group_id, round_id, participation_id, organisation_id)
			SELECT g.id, g.round_id, p.id, p.organisation_id
			FROM benchmarking_groups g, participations p JOIN rounds r ON r.id = p.round_id
			WHERE g.label = 'Askersund och Fagersta' AND r.slug = '2017-2018' LIMIT 1`, "23503"},
		{"duplicate SCB code", `INSERT INTO organisations (kind, name, slug, scb_code) VALUES ('municipality', 'X', 'x', '2480')`, "23505"},
		{"region with municipal code", `INSERT INTO organisations (kind, name, slug, scb_code) VALUES ('region', 'X', 'x', '2481')`, "23514"},
		{"unknown status", `UPDATE rounds SET status = 'paused' WHERE slug = '2019'`, "23514"},
		{"unknown track", `UPDATE rounds SET tracks = '{county}' WHERE slug = '2019'`, "23514"},
		{"mentor withdrawn", `UPDATE participations SET withdrawn = true WHERE role = 'mentor'`, "23514"},
		{"party on a manager", `
			INSERT INTO delegates (participation_id, level, name, party)
			SELECT id, 'manager', 'A', 'S' FROM participations LIMIT 1`, "23514"},
		{"end before start", `UPDATE rounds SET end_year = 2010 WHERE slug = '2019'`, "23514"},
		{"delete organisation with history", `DELETE FROM organisations WHERE name = 'Umeå'`, "23503"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tag, err := pool.Exec(ctx, c.sql)
			var pgErr *pgconn.PgError
			if !errors.As(err, &pgErr) {
				t.Fatalf("got %v (%s), want SQLSTATE %s", err, tag, c.code)
			}
			if pgErr.Code != c.code {
				t.Errorf("SQLSTATE %s (%s), want %s", pgErr.Code, pgErr.Message, c.code)
			}
		})
	}
	// Deleting a round takes its groups, members and mentor links with it.
	if _, err := pool.Exec(ctx, `DELETE FROM rounds WHERE slug = '2019'`); err != nil {
		t.Fatalf("delete round: %v", err)
	}
	var left int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM benchmarking_groups) + (SELECT count(*) FROM mentor_links
		WHERE round_id NOT IN (SELECT id FROM rounds))`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 10 { // the six groups of 2017-2018, two of 2020-2022 and one each of 2021-2023 and 2023-2025 remain
		t.Errorf("%d groups left after deleting 2019, want 10", left)
	}
}
