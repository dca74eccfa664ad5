package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// PublicParticipations lists the participations of one published round, or
// of every published round when roundID is 0, with their rounds and group labels: what the open
// data and the maps show. Nothing personal is selected.
func (s *Store) PublicParticipations(ctx context.Context, roundID int64) ([]portal.PublicParticipation, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT `+orgColumns+`, `+participationColumns+`, `+roundColumns+`, coalesce(g.label, ''),
		       coalesce(ml.labels, '{}'), coalesce(ml.supporting, false),
		       coalesce((SELECT po.scb_code FROM organisations po WHERE po.id = o.parent_id), ''),
		       coalesce((SELECT array_agg(s.key ORDER BY s.published_on NULLS LAST, s.key)
		                 FROM citations ci JOIN sources s ON s.id = ci.source_id
		                 WHERE ci.participation_id = p.id), '{}')
		FROM participations p
		LEFT JOIN LATERAL (
			SELECT array_agg(mg.label ORDER BY mg.position, mg.id) AS labels, bool_and(l.kind = 'supporting') AS supporting
			FROM mentor_links l JOIN benchmarking_groups mg ON mg.id = l.group_id
			WHERE l.participation_id = p.id) ml ON true
		JOIN rounds r ON r.id = p.round_id
		JOIN organisations o ON o.id = p.organisation_id
		LEFT JOIN counties c ON c.code = o.county_code
		LEFT JOIN group_members gm ON gm.participation_id = p.id
		LEFT JOIN benchmarking_groups g ON g.id = gm.group_id
		WHERE ($1 = 0 OR p.round_id = $1) AND `+publicRound+`
		ORDER BY r.start_year, r.end_year, r.id, p.track, p.role DESC, o.name COLLATE "C", o.id`, roundID)
	if err != nil {
		return nil, fmt.Errorf("list public participations of round %d: %w", roundID, err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.PublicParticipation, error) {
		var pp portal.PublicParticipation
		dest := append(participationDest(&pp.Participation), roundDest(&pp.Round)...)
		o, err := scanOrg(row, append(dest, &pp.GroupLabel, &pp.MentoredGroups, &pp.Supporting, &pp.ParentSCBCode, &pp.Sources)...)
		pp.Organisation = o
		return pp, err
	})
}
