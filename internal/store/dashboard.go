package store

import (
	"context"
	"fmt"

	"modellportalen/internal/portal"
)

// RoundDashboard lists a round's participants with their group, delegation
// by level and improvement works by status, in one query.
func (s *Store) RoundDashboard(ctx context.Context, roundID int64) ([]portal.ParticipantStatus, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT `+orgColumns+`, `+participationColumns+`, coalesce(g.label, ''),
		       coalesce(d.politicians, 0), coalesce(d.managers, 0), coalesce(d.strategists, 0), coalesce(d.members, 0),
		       coalesce(w.planned, 0), coalesce(w.in_progress, 0), coalesce(w.implemented, 0),
		       coalesce(w.spread, 0), coalesce(w.followed_up, 0)
		FROM participations p
		JOIN organisations o ON o.id = p.organisation_id
		LEFT JOIN counties c ON c.code = o.county_code
		LEFT JOIN group_members gm ON gm.participation_id = p.id
		LEFT JOIN benchmarking_groups g ON g.id = gm.group_id
		-- Lateral counts read only this round's rows through the indexes on
		-- (participation_id, level) and (participation_id, status), so the
		-- cost follows the round's size, not the whole table's.
		LEFT JOIN LATERAL (
			SELECT count(*) FILTER (WHERE level = 'politician') AS politicians,
			       count(*) FILTER (WHERE level = 'manager') AS managers,
			       count(*) FILTER (WHERE level = 'strategist') AS strategists,
			       count(*) FILTER (WHERE level = 'member') AS members
			FROM delegates WHERE participation_id = p.id) d ON true
		LEFT JOIN LATERAL (
			SELECT count(*) FILTER (WHERE status = 'planned') AS planned,
			       count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
			       count(*) FILTER (WHERE status = 'implemented') AS implemented,
			       count(*) FILTER (WHERE status = 'spread') AS spread,
			       count(*) FILTER (WHERE status = 'followed_up') AS followed_up
			FROM improvement_works WHERE participation_id = p.id) w ON true
		WHERE p.round_id = $1
		ORDER BY p.role DESC, p.track, o.name COLLATE "C"`, roundID)
	if err != nil {
		return nil, fmt.Errorf("dashboard of round %d: %w", roundID, err)
	}
	defer rows.Close()
	var out []portal.ParticipantStatus
	for rows.Next() {
		var ps portal.ParticipantStatus
		var pol, man, str, mem, pl, ip, im, sp, fu int
		o, err := scanOrg(rows, append(participationDest(&ps.Participation), &ps.GroupLabel,
			&pol, &man, &str, &mem, &pl, &ip, &im, &sp, &fu)...)
		if err != nil {
			return nil, fmt.Errorf("scan dashboard row: %w", err)
		}
		ps.Participation.Organisation = o
		ps.LevelCounts = map[portal.Level]int{portal.LevelPolitician: pol, portal.LevelManager: man,
			portal.LevelStrategist: str, portal.LevelMember: mem}
		ps.WorkCounts = map[portal.WorkStatus]int{portal.WorkPlanned: pl, portal.WorkInProgress: ip,
			portal.WorkImplemented: im, portal.WorkSpread: sp, portal.WorkFollowedUp: fu}
		out = append(out, ps)
	}
	return out, rows.Err()
}
