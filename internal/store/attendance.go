package store

import (
	"context"
	"fmt"
	"time"

	"modellportalen/internal/portal"
)

// RoundAttendance is, for each participant still taking part in the round,
// which levels of its delegation came to each meeting held for it before
// today (its round, its track, or its group) whose attendance is recorded;
// a substitute counts for the level the reply gave.
func (s *Store) RoundAttendance(ctx context.Context, roundID int64, today time.Time) ([]portal.DelegationAttendance, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT p.id, o.name, m.id, m.held_on, m.kind,
		       coalesce(array_agg(DISTINCT CASE WHEN a.substitute_level <> '' THEN a.substitute_level ELSE d.level END)
		                FILTER (WHERE a.meeting_id IS NOT NULL), '{}')
		FROM participations p
		JOIN organisations o ON o.id = p.organisation_id
		JOIN learning_meetings m ON m.cancelled_at IS NULL AND m.held_on < $2
		     AND EXISTS (SELECT 1 FROM meeting_attendance x WHERE x.meeting_id = m.id)
		     AND `+meetingIsFor+`
		LEFT JOIN delegates d ON d.participation_id = p.id
		LEFT JOIN meeting_attendance a ON a.meeting_id = m.id AND a.delegate_id = d.id
		WHERE p.round_id = $1 AND p.role = 'participant' AND NOT p.withdrawn
		GROUP BY p.id, o.name, m.id, m.held_on, m.kind
		ORDER BY o.name, p.id, m.held_on, m.id`, roundID, today)
	if err != nil {
		return nil, fmt.Errorf("attendance of round %d: %w", roundID, err)
	}
	defer rows.Close()
	var out []portal.DelegationAttendance
	for rows.Next() {
		var pid int64
		var org string
		var levels []string
		pr := portal.Presence{Levels: map[portal.Level]bool{}}
		if err := rows.Scan(&pid, &org, &pr.MeetingID, &pr.HeldOn, &pr.Kind, &levels); err != nil {
			return nil, fmt.Errorf("attendance of round %d: %w", roundID, err)
		}
		for _, l := range levels {
			pr.Levels[portal.Level(l)] = true
		}
		if len(out) == 0 || out[len(out)-1].ParticipationID != pid {
			out = append(out, portal.DelegationAttendance{ParticipationID: pid, Organisation: org})
		}
		out[len(out)-1].Meetings = append(out[len(out)-1].Meetings, pr)
	}
	return out, rows.Err()
}
