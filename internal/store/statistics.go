package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// CountyCounts counts each published round's participants (withdrawn ones included,
// mentors not) by county and track, in one query.
func (s *Store) CountyCounts(ctx context.Context) ([]portal.CountyCount, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT p.round_id, coalesce(o.county_code, ''), coalesce(c.name, ''), p.track, count(*)
		FROM participations p
		JOIN rounds r ON r.id = p.round_id
		JOIN organisations o ON o.id = p.organisation_id
		LEFT JOIN counties c ON c.code = o.county_code
		WHERE p.role = 'participant' AND `+publicRound+`
		GROUP BY p.round_id, o.county_code, c.name, p.track
		ORDER BY o.county_code NULLS LAST, p.round_id, p.track`)
	if err != nil {
		return nil, fmt.Errorf("count participants by county: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.CountyCount, error) {
		var c portal.CountyCount
		err := r.Scan(&c.RoundID, &c.CountyCode, &c.CountyName, &c.Track, &c.Participants)
		return c, err
	})
}
