package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// roundColumns selects a round aliased r in the order roundDest scans.
const roundColumns = `r.id, r.slug, r.name, r.start_year, r.end_year, r.status, r.tracks, r.description, r.version`

func roundDest(r *portal.Round) []any {
	return []any{&r.ID, &r.Slug, &r.Name, &r.StartYear, &r.EndYear, &r.Status, &r.Tracks, &r.Description, &r.Version}
}

// participationColumns selects a participation aliased p (without its
// organisation) in the order participationDest scans.
const participationColumns = `p.id, p.round_id, p.role, p.track, p.admitted_on, p.withdrawn, p.withdrawn_on,
	p.withdrawal_reason, p.decision_on, p.decision_reference, p.note, p.version`

func participationDest(p *portal.Participation) []any {
	return []any{&p.ID, &p.RoundID, &p.Role, &p.Track, &p.AdmittedOn, &p.Withdrawn, &p.WithdrawnOn,
		&p.WithdrawalReason, &p.DecisionOn, &p.DecisionReference, &p.Note, &p.Version}
}

// Rounds lists every round, oldest first, with its counts.
func (s *Store) Rounds(ctx context.Context) ([]portal.RoundSummary, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT `+roundColumns+`,
		       count(*) FILTER (WHERE p.role = 'participant' AND p.track = 'municipal'),
		       count(*) FILTER (WHERE p.role = 'participant' AND p.track = 'regional'),
		       count(*) FILTER (WHERE p.role = 'mentor'),
		       (SELECT count(*) FROM benchmarking_groups g WHERE g.round_id = r.id)
		FROM rounds r
		LEFT JOIN participations p ON p.round_id = r.id
		GROUP BY r.id
		ORDER BY r.start_year, r.end_year, r.id`)
	if err != nil {
		return nil, fmt.Errorf("list rounds: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.RoundSummary, error) {
		var rs portal.RoundSummary
		err := row.Scan(append(roundDest(&rs.Round), &rs.Municipal, &rs.Regional, &rs.Mentors, &rs.Groups)...)
		return rs, err
	})
}

// RoundBySlug looks a round up by its URL name.
func (s *Store) RoundBySlug(ctx context.Context, slug string) (portal.Round, error) {
	var r portal.Round
	if !possibleSlug(slug) {
		// Not a name any round can have (the table's CHECK), and maybe not
		// even text Postgres accepts: not found, without asking.
		return r, ErrNotFound
	}
	err := s.Pool.QueryRow(ctx, `SELECT `+roundColumns+` FROM rounds r WHERE r.slug = $1`, slug).Scan(roundDest(&r)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("load round %q: %w", slug, err)
	}
	return r, nil
}

// RoundOverview loads a round's groups and participations in three queries,
// however many groups it has.
func (s *Store) RoundOverview(ctx context.Context, round portal.Round) (portal.RoundOverview, error) {
	ov := portal.RoundOverview{Round: round}
	rows, err := s.Pool.Query(ctx, `
		SELECT `+orgColumns+`, `+participationColumns+`
		FROM participations p
		JOIN organisations o ON o.id = p.organisation_id
		LEFT JOIN counties c ON c.code = o.county_code
		WHERE p.round_id = $1
		ORDER BY p.role DESC, o.name COLLATE "C"`, round.ID)
	if err != nil {
		return ov, fmt.Errorf("load participations of round %d: %w", round.ID, err)
	}
	byID := map[int64]portal.Participation{}
	for rows.Next() {
		var p portal.Participation
		o, err := scanOrg(rows, participationDest(&p)...)
		if err != nil {
			rows.Close()
			return ov, fmt.Errorf("scan participation: %w", err)
		}
		p.Organisation = o
		byID[p.ID] = p
		ov.Participations = append(ov.Participations, p)
	}
	if err := rows.Err(); err != nil {
		return ov, fmt.Errorf("read participations: %w", err)
	}

	rows, err = s.Pool.Query(ctx, `
		SELECT g.id, g.round_id, g.track, g.label, g.focus_area, g.administration,
		       coalesce(array_agg(gm.participation_id ORDER BY gm.position, gm.participation_id)
		                FILTER (WHERE gm.participation_id IS NOT NULL), '{}')
		FROM benchmarking_groups g
		LEFT JOIN group_members gm ON gm.group_id = g.id
		WHERE g.round_id = $1
		GROUP BY g.id
		ORDER BY g.track, g.position, g.id`, round.ID)
	if err != nil {
		return ov, fmt.Errorf("load groups of round %d: %w", round.ID, err)
	}
	groupIdx := map[int64]int{}
	for rows.Next() {
		var g portal.BenchmarkingGroup
		var members []int64
		if err := rows.Scan(&g.ID, &g.RoundID, &g.Track, &g.Label, &g.FocusArea, &g.Administration, &members); err != nil {
			rows.Close()
			return ov, fmt.Errorf("scan group: %w", err)
		}
		for _, id := range members {
			g.Members = append(g.Members, byID[id])
		}
		groupIdx[g.ID] = len(ov.Groups)
		ov.Groups = append(ov.Groups, g)
	}
	if err := rows.Err(); err != nil {
		return ov, fmt.Errorf("read groups: %w", err)
	}

	rows, err = s.Pool.Query(ctx, `
		SELECT ml.group_id, ml.participation_id, ml.kind
		FROM mentor_links ml
		WHERE ml.round_id = $1
		ORDER BY ml.group_id, ml.kind, ml.position, ml.organisation_id`, round.ID)
	if err != nil {
		return ov, fmt.Errorf("load mentors of round %d: %w", round.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var groupID, participationID int64
		var kind portal.MentorKind
		if err := rows.Scan(&groupID, &participationID, &kind); err != nil {
			return ov, fmt.Errorf("scan mentor link: %w", err)
		}
		if i, ok := groupIdx[groupID]; ok {
			ov.Groups[i].Mentors = append(ov.Groups[i].Mentors,
				portal.Mentor{Organisation: byID[participationID].Organisation, Kind: kind})
		}
	}
	return ov, rows.Err()
}
