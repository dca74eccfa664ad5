package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// RoundMeetings lists a round's learning meetings by date.
func (s *Store) RoundMeetings(ctx context.Context, roundID int64) ([]portal.LearningMeeting, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT m.id, m.round_id, m.held_on, m.place, m.agenda, m.version,
		       coalesce(o.name, ''), coalesce(o.slug, '')
		FROM learning_meetings m
		LEFT JOIN organisations o ON o.id = m.host_organisation_id
		WHERE m.round_id = $1
		ORDER BY m.held_on, m.id`, roundID)
	if err != nil {
		return nil, fmt.Errorf("list meetings of round %d: %w", roundID, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.LearningMeeting, error) {
		var m portal.LearningMeeting
		err := r.Scan(&m.ID, &m.RoundID, &m.HeldOn, &m.Place, &m.Agenda, &m.Version, &m.HostName, &m.HostSlug)
		return m, err
	})
}
