package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// PublicParticipations lists the participations of one round, or of every
// round when roundID is 0, with their rounds and group labels: what the open
// data and the maps show. Nothing personal is selected.
func (s *Store) PublicParticipations(ctx context.Context, roundID int64) ([]portal.PublicParticipation, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT `+orgColumns+`, `+participationColumns+`, `+roundColumns+`, coalesce(g.label, '')
		FROM participations p
		JOIN rounds r ON r.id = p.round_id
		JOIN organisations o ON o.id = p.organisation_id
		LEFT JOIN counties c ON c.code = o.county_code
		LEFT JOIN group_members gm ON gm.participation_id = p.id
		LEFT JOIN benchmarking_groups g ON g.id = gm.group_id
		WHERE $1 = 0 OR p.round_id = $1
		ORDER BY r.start_year, r.end_year, r.id, p.track, p.role DESC, o.name COLLATE "C", o.id`, roundID)
	if err != nil {
		return nil, fmt.Errorf("list public participations of round %d: %w", roundID, err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.PublicParticipation, error) {
		var pp portal.PublicParticipation
		dest := append(participationDest(&pp.Participation), roundDest(&pp.Round)...)
		o, err := scanOrg(row, append(dest, &pp.GroupLabel)...)
		pp.Organisation = o
		return pp, err
	})
}
