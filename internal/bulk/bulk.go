// Package bulk generates a large, plausible programme history on top of the
// seeded reference data, for measuring the portal at scale: twenty rounds
// over twenty years in which every municipality and region takes part, in
// benchmarking groups of two or three, mentored by organisations from earlier
// rounds, with full delegations, improvement work and learning meetings.
//
// The data set is deterministic for a given seed, and loads in one
// transaction with a handful of statements: arrays through unnest for the
// tables whose generated ids later rows need, COPY for the rest.
package bulk

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Rounds is how many rounds Load adds.
const Rounds = 20

// FirstYear is the start year of the first generated round; they follow one
// a year, so they never collide with the seeded history (2016–2025).
const FirstYear = 2026

// SlugPrefix starts every generated round's slug, so the data set is easy to
// recognise and to find again.
const SlugPrefix = "generated-"

// ErrLoaded is returned when the database already holds the data set.
var ErrLoaded = errors.New("bulk data already loaded")

// Stats counts the rows Load wrote.
type Stats struct {
	Rounds, Participations, Groups, Members, MentorLinks int
	Delegates, ImprovementWorks, Meetings                int
}

// RoundSlug is the slug of generated round i (0-based).
func RoundSlug(i int) string { return fmt.Sprintf("%s%02d", SlugPrefix, i+1) }

type org struct {
	id       int64
	name     string
	regional bool
}

type participation struct {
	round    int
	org      org
	mentor   bool
	regional bool
	id       int64
}

type group struct {
	round    int
	label    string
	regional bool
	position int
	members  []*participation
	mentors  []*participation // first is primary
	id       int64
}

// Load adds the data set to a seeded database. It needs the organisations
// that seed.Run loads, and returns ErrLoaded when run twice.
func Load(ctx context.Context, pool *pgxpool.Pool, seed uint64) (Stats, error) {
	var st Stats
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var loaded bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM rounds WHERE slug = $1)`, RoundSlug(0)).Scan(&loaded); err != nil {
			return fmt.Errorf("check for bulk data: %w", err)
		}
		if loaded {
			return ErrLoaded
		}
		g, err := newGenerator(ctx, tx, seed)
		if err != nil {
			return err
		}
		g.plan()
		return g.write(ctx, tx, &st)
	})
	return st, err
}

type generator struct {
	rnd      *rand.Rand
	munis    []org
	regions  []org
	veterans []org // took part in a seeded round: mentors for the first generated ones
	roundIDs []int64
	parts    []*participation
	groups   []*group
}

func newGenerator(ctx context.Context, tx pgx.Tx, seed uint64) (*generator, error) {
	g := &generator{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	rows, err := tx.Query(ctx, `
		SELECT o.id, o.name, o.kind = 'region',
		       EXISTS (SELECT 1 FROM participations p WHERE p.organisation_id = o.id)
		FROM organisations o
		WHERE o.kind IN ('municipality', 'region')
		ORDER BY o.id`)
	if err != nil {
		return nil, fmt.Errorf("load organisations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o org
		var veteran bool
		if err := rows.Scan(&o.id, &o.name, &o.regional, &veteran); err != nil {
			return nil, err
		}
		if o.regional {
			g.regions = append(g.regions, o)
		} else {
			g.munis = append(g.munis, o)
		}
		if veteran {
			g.veterans = append(g.veterans, o)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(g.munis) < 2*Rounds || len(g.regions) < 3 {
		return nil, fmt.Errorf("found %d municipalities and %d regions; run the seed first", len(g.munis), len(g.regions))
	}
	return g, nil
}

// plan decides who takes part where. Each organisation joins one round as a
// newcomer; later rounds also take some back, and mentors come from those
// that took part before and are not taking part again in the same round.
func (g *generator) plan() {
	munis := append([]org(nil), g.munis...)
	regions := append([]org(nil), g.regions...)
	g.rnd.Shuffle(len(munis), func(i, j int) { munis[i], munis[j] = munis[j], munis[i] })
	g.rnd.Shuffle(len(regions), func(i, j int) { regions[i], regions[j] = regions[j], regions[i] })

	// Regions come in threes (a pair at the end if need be), in every third
	// round, so every regional group has two or three members.
	regionalRound := map[int][]org{}
	for i, r := 0, 1; i < len(regions); r += 3 {
		n := min(3, len(regions)-i)
		if len(regions)-i-n == 1 {
			n = 2
		}
		regionalRound[r%Rounds] = append(regionalRound[r%Rounds], regions[i:i+n]...)
		i += n
	}

	var earlier []org // took part in an earlier generated round
	earlier = append(earlier, g.veterans...)
	next := 0
	for r := 0; r < Rounds; r++ {
		n := (len(munis) - next) / (Rounds - r)
		newcomers := munis[next : next+n]
		next += n
		taking := map[int64]bool{}
		var municipal []org
		for _, o := range newcomers {
			municipal = append(municipal, o)
			taking[o.id] = true
		}
		// A few return for another round.
		for _, o := range sample(g.rnd, earlier, 4) {
			if !o.regional && !taking[o.id] {
				municipal = append(municipal, o)
				taking[o.id] = true
			}
		}
		regional := regionalRound[r]
		for _, o := range regional {
			taking[o.id] = true
		}
		g.addGroups(r, municipal, false, earlier, taking)
		g.addGroups(r, regional, true, earlier, taking)
		earlier = append(earlier, municipal...)
		earlier = append(earlier, regional...)
	}
}

// addGroups splits orgs into groups of three (and twos where the count needs
// them) and gives each group a primary mentor and now and then a supporting
// one, of the same kind, from earlier rounds.
func (g *generator) addGroups(round int, orgs []org, regional bool, earlier []org, taking map[int64]bool) {
	var mentorPool []org
	for _, o := range earlier {
		if o.regional == regional && !taking[o.id] {
			mentorPool = append(mentorPool, o)
		}
	}
	g.rnd.Shuffle(len(mentorPool), func(i, j int) { mentorPool[i], mentorPool[j] = mentorPool[j], mentorPool[i] })
	mentorPart := map[int64]*participation{}
	for i := 0; i < len(orgs); {
		size := 3
		if rest := len(orgs) - i; rest == 2 || rest == 4 {
			size = 2
		}
		grp := &group{round: round, regional: regional, position: len(g.groups)}
		for _, o := range orgs[i : i+size] {
			p := &participation{round: round, org: o, regional: regional}
			g.parts = append(g.parts, p)
			grp.members = append(grp.members, p)
			if grp.label != "" {
				grp.label += ", "
			}
			grp.label += o.name
		}
		nMentors := 1
		if g.rnd.IntN(3) == 0 {
			nMentors = 2
		}
		for k := 0; k < nMentors && len(mentorPool) > 0; k++ {
			m := mentorPool[g.rnd.IntN(len(mentorPool))]
			if slicesContain(grp.mentors, m.id) {
				continue
			}
			p, ok := mentorPart[m.id]
			if !ok {
				p = &participation{round: round, org: m, mentor: true, regional: regional}
				mentorPart[m.id] = p
				g.parts = append(g.parts, p)
			}
			grp.mentors = append(grp.mentors, p)
		}
		g.groups = append(g.groups, grp)
		i += size
	}
}

func slicesContain(ps []*participation, orgID int64) bool {
	for _, p := range ps {
		if p.org.id == orgID {
			return true
		}
	}
	return false
}

func sample(rnd *rand.Rand, from []org, n int) []org {
	if len(from) == 0 {
		return nil
	}
	out := make([]org, 0, n)
	for range n {
		out = append(out, from[rnd.IntN(len(from))])
	}
	return out
}

func roundStatus(r int) string {
	switch {
	case r < Rounds-6:
		return "completed"
	case r < Rounds-3:
		return "running"
	case r < Rounds-2:
		return "open"
	}
	return "planned"
}

func (g *generator) write(ctx context.Context, tx pgx.Tx, st *Stats) error {
	// Rounds.
	var slugs, names, statuses, descs []string
	var starts, ends []int32
	// Each round's tracks go as an array literal, since unnest would
	// flatten a two-dimensional array.
	var tracks []string
	hasRegional := map[int]bool{}
	for _, grp := range g.groups {
		if grp.regional {
			hasRegional[grp.round] = true
		}
	}
	for r := 0; r < Rounds; r++ {
		y := int32(FirstYear + r)
		slugs = append(slugs, RoundSlug(r))
		names = append(names, fmt.Sprintf("Genererad omgång %d (%d–%d)", r+1, y, y+1))
		starts, ends = append(starts, y), append(ends, y+1)
		statuses = append(statuses, roundStatus(r))
		descs = append(descs, "Genererad testdata för prestandamätning.")
		if hasRegional[r] {
			tracks = append(tracks, "{municipal,regional}")
		} else {
			tracks = append(tracks, "{municipal}")
		}
	}
	rows, err := tx.Query(ctx, `
		INSERT INTO rounds (slug, name, start_year, end_year, status, tracks, description)
		SELECT s, n, sy, ey, st, tr::text[], d
		FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[])
		     AS t (s, n, sy, ey, st, tr, d)
		RETURNING slug, id`, slugs, names, starts, ends, statuses, tracks, descs)
	if err != nil {
		return fmt.Errorf("insert rounds: %w", err)
	}
	bySlug := map[string]int64{}
	if err := collectKeyed(rows, bySlug); err != nil {
		return fmt.Errorf("insert rounds: %w", err)
	}
	for r := 0; r < Rounds; r++ {
		g.roundIDs = append(g.roundIDs, bySlug[RoundSlug(r)])
	}
	st.Rounds = Rounds

	// Participations, keyed back by round, organisation and role.
	var pRound, pOrg []int64
	var pRole, pTrack, pReason []string
	var pAdmitted, pWithdrawnOn []*time.Time
	var pWithdrawn []bool
	for _, p := range g.parts {
		year := FirstYear + p.round
		admitted := time.Date(year, time.January, 1+g.rnd.IntN(60), 0, 0, 0, 0, time.UTC)
		role, track := "participant", "municipal"
		if p.mentor {
			role = "mentor"
		}
		if p.regional {
			track = "regional"
		}
		withdrawn := !p.mentor && g.rnd.IntN(25) == 0
		var on *time.Time
		reason := ""
		if withdrawn {
			d := admitted.AddDate(0, 3+g.rnd.IntN(6), 0)
			on, reason = &d, "Avslutade sitt deltagande i förtid."
		}
		pRound = append(pRound, g.roundIDs[p.round])
		pOrg = append(pOrg, p.org.id)
		pRole, pTrack = append(pRole, role), append(pTrack, track)
		pAdmitted = append(pAdmitted, &admitted)
		pWithdrawn, pWithdrawnOn, pReason = append(pWithdrawn, withdrawn), append(pWithdrawnOn, on), append(pReason, reason)
	}
	rows, err = tx.Query(ctx, `
		INSERT INTO participations (round_id, organisation_id, role, track, admitted_on, decision_on,
		                            withdrawn, withdrawn_on, withdrawal_reason)
		SELECT r, o, role, track, adm, adm, w, won, reason
		FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::date[], $6::bool[], $7::date[], $8::text[])
		     AS t (r, o, role, track, adm, w, won, reason)
		RETURNING round_id::text || '/' || organisation_id::text || '/' || role, id`,
		pRound, pOrg, pRole, pTrack, pAdmitted, pWithdrawn, pWithdrawnOn, pReason)
	if err != nil {
		return fmt.Errorf("insert participations: %w", err)
	}
	byKey := map[string]int64{}
	if err := collectKeyed(rows, byKey); err != nil {
		return fmt.Errorf("insert participations: %w", err)
	}
	for i, p := range g.parts {
		p.id = byKey[fmt.Sprintf("%d/%d/%s", pRound[i], pOrg[i], pRole[i])]
	}
	st.Participations = len(g.parts)

	// Groups.
	var gRound []int64
	var gTrack, gLabel, gFocus []string
	var gPos []int32
	for _, grp := range g.groups {
		track := "municipal"
		if grp.regional {
			track = "regional"
		}
		gRound = append(gRound, g.roundIDs[grp.round])
		gTrack, gLabel = append(gTrack, track), append(gLabel, grp.label)
		gFocus = append(gFocus, focusAreas[g.rnd.IntN(len(focusAreas))])
		gPos = append(gPos, int32(grp.position))
	}
	rows, err = tx.Query(ctx, `
		INSERT INTO benchmarking_groups (round_id, track, label, focus_area, position)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::int[])
		RETURNING round_id::text || '/' || label, id`, gRound, gTrack, gLabel, gFocus, gPos)
	if err != nil {
		return fmt.Errorf("insert groups: %w", err)
	}
	byKey = map[string]int64{}
	if err := collectKeyed(rows, byKey); err != nil {
		return fmt.Errorf("insert groups: %w", err)
	}
	for i, grp := range g.groups {
		grp.id = byKey[fmt.Sprintf("%d/%s", gRound[i], gLabel[i])]
	}
	st.Groups = len(g.groups)

	// Members and mentor links.
	var members, links [][]any
	for _, grp := range g.groups {
		rid := g.roundIDs[grp.round]
		for i, p := range grp.members {
			members = append(members, []any{grp.id, rid, p.id, p.org.id, int32(i)})
		}
		for i, p := range grp.mentors {
			kind := "primary"
			if i > 0 {
				kind = "supporting"
			}
			links = append(links, []any{grp.id, rid, p.id, p.org.id, kind, int32(i)})
		}
	}
	if st.Members, err = copyRows(ctx, tx, "group_members",
		[]string{"group_id", "round_id", "participation_id", "organisation_id", "position"}, members); err != nil {
		return err
	}
	if st.MentorLinks, err = copyRows(ctx, tx, "mentor_links",
		[]string{"group_id", "round_id", "participation_id", "organisation_id", "kind", "position"}, links); err != nil {
		return err
	}

	// Delegations: a politician with a party, a manager and a strategist,
	// and one to three further members; improvement work for participants.
	var delegates, works [][]any
	for _, p := range g.parts {
		party := parties[g.rnd.IntN(len(parties))]
		delegates = append(delegates,
			[]any{p.id, "politician", g.person(), "Kommunstyrelsens ordförande", party, "", ""},
			[]any{p.id, "manager", g.person(), "Kommundirektör", "", "", ""},
			[]any{p.id, "strategist", g.person(), "Jämställdhetsstrateg", "", g.email(p), "010-000 00 00"})
		for range 1 + g.rnd.IntN(3) {
			delegates = append(delegates, []any{p.id, "member", g.person(), "Verksamhetsutvecklare", "", "", ""})
		}
		if p.mentor {
			continue
		}
		for k := range 2 + g.rnd.IntN(3) {
			area := workAreas[g.rnd.IntN(len(workAreas))]
			works = append(works, []any{p.id, fmt.Sprintf("%s: förbättringsarbete %d", area, k+1), area,
				workStatuses[g.rnd.IntN(len(workStatuses))],
				"Kartläggning av hur resurser fördelas mellan kvinnor och män, och åtgärder därefter.", ""})
		}
	}
	if st.Delegates, err = copyRows(ctx, tx, "delegates",
		[]string{"participation_id", "level", "name", "title", "party", "email", "phone"}, delegates); err != nil {
		return err
	}
	if st.ImprovementWorks, err = copyRows(ctx, tx, "improvement_works",
		[]string{"participation_id", "title", "area", "status", "description", "follow_up"}, works); err != nil {
		return err
	}

	// Three to five learning meetings a round, hosted by a participant.
	var meetings [][]any
	hosts := map[int][]*participation{}
	for _, p := range g.parts {
		if !p.mentor {
			hosts[p.round] = append(hosts[p.round], p)
		}
	}
	for r := 0; r < Rounds; r++ {
		for k := range 3 + g.rnd.IntN(3) {
			host := hosts[r][g.rnd.IntN(len(hosts[r]))]
			on := time.Date(FirstYear+r, time.Month(2+k*2), 1+g.rnd.IntN(27), 0, 0, 0, 0, time.UTC)
			meetings = append(meetings, []any{g.roundIDs[r], on, host.org.name, host.org.id,
				fmt.Sprintf("Lärandeträff %d: erfarenhetsutbyte och uppföljning.", k+1)})
		}
	}
	st.Meetings, err = copyRows(ctx, tx, "learning_meetings",
		[]string{"round_id", "held_on", "place", "host_organisation_id", "agenda"}, meetings)
	return err
}

func collectKeyed(rows pgx.Rows, into map[string]int64) error {
	defer rows.Close()
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			return err
		}
		into[k] = id
	}
	return rows.Err()
}

func copyRows(ctx context.Context, tx pgx.Tx, table string, cols []string, rows [][]any) (int, error) {
	n, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
	if err != nil {
		return 0, fmt.Errorf("copy %s: %w", table, err)
	}
	return int(n), nil
}

func (g *generator) person() string {
	return firstNames[g.rnd.IntN(len(firstNames))] + " " + lastNames[g.rnd.IntN(len(lastNames))]
}

func (g *generator) email(p *participation) string {
	return fmt.Sprintf("jamstalldhet.%d@example.se", p.org.id)
}

var (
	parties      = []string{"S", "M", "SD", "C", "V", "KD", "L", "MP"}
	firstNames   = []string{"Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Anders", "Eva", "Mikael", "Lena", "Per", "Fatima", "Ali", "Elin", "Jonas"}
	lastNames    = []string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson", "Lindberg", "Holm", "Ahmed", "Berg"}
	focusAreas   = []string{"Jämställd resursfördelning", "Jämställd service och bemötande", "Våld i nära relationer", "Jämställd hälsa", "Fritid och idrott"}
	workAreas    = []string{"Försörjningsstöd", "Äldreomsorg", "Fritid", "Skola", "Hälso- och sjukvård", "Samhällsplanering"}
	workStatuses = []string{"planned", "in_progress", "implemented", "spread", "followed_up"}
)
