package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/importcsv"
	"modellportalen/internal/portal"
)

// ErrImportInvalid is returned by Import when the file, checked again in the
// import's transaction, has errors; nothing was written.
var ErrImportInvalid = errors.New("import file has errors")

// ImportSummary counts what an import wrote.
type ImportSummary struct {
	Admitted      int // participations created, participants and mentors
	GroupsCreated int
	Members       int // organisations added to groups
	MentorLinks   int
}

// CheckImport parses text and checks it against the round as stored now,
// for the preview; it writes nothing.
func (s *Store) CheckImport(ctx context.Context, round portal.Round, text string) (importcsv.Result, error) {
	res, _, err := checkImport(ctx, s.Pool, round, text)
	return res, err
}

func checkImport(ctx context.Context, q Querier, round portal.Round, text string) (importcsv.Result, importcsv.State, error) {
	res := importcsv.Parse(text)
	if len(res.Errors) > 0 {
		return res, importcsv.State{}, nil
	}
	st, err := importState(ctx, q, round, res)
	if err != nil {
		return res, st, err
	}
	res.Check(st)
	return res, st, nil
}

// importState loads what the check compares the file with, in four
// queries however long the file is.
func importState(ctx context.Context, q Querier, round portal.Round, res importcsv.Result) (importcsv.State, error) {
	st := importcsv.State{Round: round, TookPartBefore: map[int64]bool{}}
	names, codes := res.Names()
	rows, err := q.Query(ctx, `
		SELECT `+orgColumns+`,
		       EXISTS (SELECT 1 FROM participations p JOIN rounds r ON r.id = p.round_id
		               WHERE p.organisation_id = o.id AND r.start_year < $3)
		FROM organisations o LEFT JOIN counties c ON c.code = o.county_code
		WHERE lower(o.name) = ANY($1) OR o.scb_code = ANY($2)`, names, codes, round.StartYear)
	if err != nil {
		return st, fmt.Errorf("import: look up organisations: %w", err)
	}
	for rows.Next() {
		var before bool
		o, err := scanOrg(rows, &before)
		if err != nil {
			rows.Close()
			return st, fmt.Errorf("import: scan organisation: %w", err)
		}
		st.Organisations = append(st.Organisations, o)
		st.TookPartBefore[o.ID] = before
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("import: read organisations: %w", err)
	}

	rows, err = q.Query(ctx, `
		SELECT p.id, p.organisation_id, p.role, p.track FROM participations p WHERE p.round_id = $1`, round.ID)
	if err != nil {
		return st, fmt.Errorf("import: participations of round %d: %w", round.ID, err)
	}
	st.Participations, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.Participation, error) {
		p := portal.Participation{RoundID: round.ID}
		err := r.Scan(&p.ID, &p.Organisation.ID, &p.Role, &p.Track)
		return p, err
	})
	if err != nil {
		return st, fmt.Errorf("import: read participations: %w", err)
	}

	rows, err = q.Query(ctx, `
		SELECT g.id, g.track, g.label,
		       coalesce((SELECT array_agg(organisation_id) FROM group_members WHERE group_id = g.id), '{}'),
		       coalesce((SELECT array_agg(organisation_id) FROM mentor_links WHERE group_id = g.id), '{}')
		FROM benchmarking_groups g WHERE g.round_id = $1`, round.ID)
	if err != nil {
		return st, fmt.Errorf("import: groups of round %d: %w", round.ID, err)
	}
	st.Groups, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.BenchmarkingGroup, error) {
		g := portal.BenchmarkingGroup{RoundID: round.ID}
		var members, mentors []int64
		if err := r.Scan(&g.ID, &g.Track, &g.Label, &members, &mentors); err != nil {
			return g, err
		}
		for _, id := range members {
			g.Members = append(g.Members, portal.Participation{Organisation: portal.Organisation{ID: id}})
		}
		for _, id := range mentors {
			g.Mentors = append(g.Mentors, portal.Mentor{Organisation: portal.Organisation{ID: id}})
		}
		return g, nil
	})
	if err != nil {
		return st, fmt.Errorf("import: read groups: %w", err)
	}
	return st, nil
}

// Import checks text again against the round, inside one transaction, and
// writes what it says: admits the participants and mentors not yet in the
// round, creates the groups that do not exist, adds members and links
// mentors, auditing every participation and group it creates or changes.
// A file with errors returns its Result and ErrImportInvalid; any failure
// rolls everything back, so an import is all or nothing.
func (s *Store) Import(ctx context.Context, actor Actor, round portal.Round, text string) (importcsv.Result, ImportSummary, error) {
	var res importcsv.Result
	var sum ImportSummary
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		// Two imports into the same round at once would each check against
		// a state the other is changing; the lock makes the second wait.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM rounds WHERE id = $1 FOR UPDATE`, round.ID); err != nil {
			return fmt.Errorf("import: lock round %d: %w", round.ID, err)
		}
		var st importcsv.State
		var err error
		if res, st, err = checkImport(ctx, tx, round, text); err != nil {
			return err
		}
		if !res.OK() {
			return ErrImportInvalid
		}
		sum, err = writeImport(ctx, tx, actor, round, res, st)
		return err
	})
	if isUniqueViolation(err) {
		// The round lock keeps imports apart, not staff editing groups in
		// the forms at the same moment: the caller re-checks and says so.
		err = ErrDuplicate
	}
	if err != nil {
		return res, ImportSummary{}, err
	}
	return res, sum, nil
}

func writeImport(ctx context.Context, tx pgx.Tx, actor Actor, round portal.Round, res importcsv.Result, st importcsv.State) (ImportSummary, error) {
	var sum ImportSummary
	type roleKey struct {
		org  int64
		role portal.Role
	}
	parts := map[roleKey]int64{}
	for _, p := range st.Participations {
		parts[roleKey{p.Organisation.ID, p.Role}] = p.ID
	}
	groups := map[string]int64{}
	for _, g := range st.Groups {
		groups[strings.ToLower(g.Label)] = g.ID
	}

	// Each changed group is audited once, from its state before the import
	// to its state after; a created group once, as created.
	before := map[int64]*portal.BenchmarkingGroup{}
	var touched []int64
	touch := func(id int64, created bool) error {
		if _, ok := before[id]; ok {
			return nil
		}
		touched = append(touched, id)
		if created {
			before[id] = nil
			return nil
		}
		g, err := groupByID(ctx, tx, id)
		if err != nil {
			return err
		}
		before[id] = &g
		return nil
	}

	today := time.Now().UTC().Truncate(24 * time.Hour)
	for _, r := range res.Rows {
		if r.Exists {
			continue
		}
		key := roleKey{r.Org.ID, r.Role}
		pid, ok := parts[key]
		if !ok {
			p := portal.Participation{RoundID: round.ID, Organisation: r.Org, Role: r.Role, Track: r.Track}
			if r.Role == portal.RoleParticipant {
				p.AdmittedOn = &today
			}
			if err := admit(ctx, tx, actor, &p); err != nil {
				return sum, err
			}
			pid = p.ID
			parts[key] = pid
			sum.Admitted++
		}
		if r.Group == "" {
			continue
		}
		gid, ok := groups[strings.ToLower(r.Group)]
		if !ok {
			err := tx.QueryRow(ctx, `
				INSERT INTO benchmarking_groups (round_id, track, label, position)
				SELECT $1, $2, $3, coalesce(max(position) + 1, 0) FROM benchmarking_groups WHERE round_id = $1
				RETURNING id`, round.ID, r.Track, r.Group).Scan(&gid)
			if err != nil {
				return sum, fmt.Errorf("import: create group %q: %w", r.Group, err)
			}
			groups[strings.ToLower(r.Group)] = gid
			sum.GroupsCreated++
			if err := touch(gid, true); err != nil {
				return sum, err
			}
		} else if err := touch(gid, false); err != nil {
			return sum, err
		}
		if r.Role == portal.RoleParticipant {
			tag, err := tx.Exec(ctx, `
				INSERT INTO group_members (group_id, round_id, participation_id, organisation_id, position)
				SELECT $1, $2, $3, $4, coalesce(max(position) + 1, 0) FROM group_members WHERE group_id = $1
				ON CONFLICT (group_id, participation_id) DO NOTHING`, gid, round.ID, pid, r.Org.ID)
			if err != nil {
				return sum, fmt.Errorf("import: add %s to group %q: %w", r.Org.Name, r.Group, err)
			}
			sum.Members += int(tag.RowsAffected())
		} else {
			tag, err := tx.Exec(ctx, `
				INSERT INTO mentor_links (group_id, round_id, participation_id, organisation_id, kind, position)
				SELECT $1, $2, $3, $4, $5, coalesce(max(position) + 1, 0) FROM mentor_links WHERE group_id = $1
				ON CONFLICT (group_id, organisation_id) DO NOTHING`, gid, round.ID, pid, r.Org.ID, r.MentorKind)
			if err != nil {
				return sum, fmt.Errorf("import: link mentor %s to group %q: %w", r.Org.Name, r.Group, err)
			}
			sum.MentorLinks += int(tag.RowsAffected())
		}
	}
	for _, id := range touched {
		after, err := groupByID(ctx, tx, id)
		if err != nil {
			return sum, err
		}
		if b := before[id]; b == nil {
			err = Audit(ctx, tx, actor, "create", "benchmarking_groups", id, nil, groupAudit(after))
		} else {
			err = Audit(ctx, tx, actor, "update", "benchmarking_groups", id, groupAudit(*b), groupAudit(after))
		}
		if err != nil {
			return sum, err
		}
	}
	return sum, nil
}
