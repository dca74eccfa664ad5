package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// Lineage lists every mentor link as one row per mentee, with the round the
// mentor's experience comes from (its latest earlier round as participant),
// in one query; oldest round first.
func (s *Store) Lineage(ctx context.Context) ([]portal.LineageLink, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT r.id, r.slug, r.name, r.start_year, r.end_year,
		       g.label, ml.kind,
		       mo.id, mo.kind, mo.name, mo.slug,
		       coalesce(src.id, 0), coalesce(src.slug, ''), coalesce(src.name, ''),
		       coalesce(src.start_year, 0), coalesce(src.end_year, 0),
		       o.id, o.kind, o.name, o.slug, mp.withdrawn
		FROM mentor_links ml
		JOIN rounds r ON r.id = ml.round_id
		JOIN benchmarking_groups g ON g.id = ml.group_id
		JOIN organisations mo ON mo.id = ml.organisation_id
		JOIN group_members gm ON gm.group_id = ml.group_id
		JOIN participations mp ON mp.id = gm.participation_id
		JOIN organisations o ON o.id = gm.organisation_id
		LEFT JOIN LATERAL (
			SELECT r2.id, r2.slug, r2.name, r2.start_year, r2.end_year
			FROM participations p2 JOIN rounds r2 ON r2.id = p2.round_id
			WHERE p2.organisation_id = ml.organisation_id AND p2.role = 'participant' AND r2.published_at IS NOT NULL
			  AND (r2.start_year, r2.end_year, r2.id) < (r.start_year, r.end_year, r.id)
			ORDER BY r2.start_year DESC, r2.end_year DESC, r2.id DESC
			LIMIT 1
		) src ON true
		WHERE `+publicRound+`
		ORDER BY r.start_year, r.end_year, r.id, g.track, g.position, g.id, ml.kind, ml.position, mo.name COLLATE "C",
		         gm.position, o.name COLLATE "C"
		LIMIT 10000`)
	if err != nil {
		return nil, fmt.Errorf("load mentor lineage: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.LineageLink, error) {
		var l portal.LineageLink
		err := row.Scan(&l.Round.ID, &l.Round.Slug, &l.Round.Name, &l.Round.StartYear, &l.Round.EndYear,
			&l.GroupLabel, &l.Kind,
			&l.Mentor.ID, &l.Mentor.Kind, &l.Mentor.Name, &l.Mentor.Slug,
			&l.MentorFrom.ID, &l.MentorFrom.Slug, &l.MentorFrom.Name, &l.MentorFrom.StartYear, &l.MentorFrom.EndYear,
			&l.Mentee.ID, &l.Mentee.Kind, &l.Mentee.Name, &l.Mentee.Slug, &l.MenteeWithdrawn)
		return l, err
	})
}
