package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// CalendarFeed is the organisation's private feed; the zero value when it
// never made one.
func (s *Store) CalendarFeed(ctx context.Context, orgID int64) (portal.CalendarFeed, error) {
	var f portal.CalendarFeed
	err := s.Pool.QueryRow(ctx, `SELECT generation, active FROM calendar_feeds WHERE organisation_id = $1`, orgID).
		Scan(&f.Generation, &f.Active)
	if errors.Is(err, pgx.ErrNoRows) {
		return portal.CalendarFeed{}, nil
	}
	if err != nil {
		return f, fmt.Errorf("calendar feed of organisation %d: %w", orgID, err)
	}
	return f, nil
}

type auditFeed struct {
	Generation int  `json:"generation"`
	Active     bool `json:"active"`
}

// RenewCalendarFeed turns the organisation's feed on at a new address: the
// generation rises, so any earlier address stops working.
func (s *Store) RenewCalendarFeed(ctx context.Context, actor Actor, orgID int64) (portal.CalendarFeed, error) {
	return s.changeCalendarFeed(ctx, actor, orgID, true)
}

// RevokeCalendarFeed turns the organisation's feed off; its address stops
// working for good, since renewing later gives a new one.
func (s *Store) RevokeCalendarFeed(ctx context.Context, actor Actor, orgID int64) (portal.CalendarFeed, error) {
	return s.changeCalendarFeed(ctx, actor, orgID, false)
}

func (s *Store) changeCalendarFeed(ctx context.Context, actor Actor, orgID int64, active bool) (portal.CalendarFeed, error) {
	var before, after portal.CalendarFeed
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `SELECT generation, active FROM calendar_feeds WHERE organisation_id = $1 FOR UPDATE`, orgID).
			Scan(&before.Generation, &before.Active)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO calendar_feeds (organisation_id, generation, active) VALUES ($1, 1, $2)
			ON CONFLICT (organisation_id) DO UPDATE
			SET generation = calendar_feeds.generation + 1, active = $2, changed_at = now()
			RETURNING generation, active`, orgID, active).Scan(&after.Generation, &after.Active); err != nil {
			return err
		}
		action := "update"
		if before.Generation == 0 {
			action = "create"
		}
		return Audit(ctx, tx, actor, action, "calendar_feeds", orgID,
			auditFeed(before), auditFeed(after))
	})
	if err != nil {
		return after, fmt.Errorf("change calendar feed of organisation %d: %w", orgID, err)
	}
	return after, nil
}

// FeedMeetings lists the meetings of published rounds that concern the
// organisation (as UpcomingMeetings decides), from since on, cancelled ones
// included so that subscribed calendars drop them.
func (s *Store) FeedMeetings(ctx context.Context, orgID int64, since time.Time) ([]portal.LearningMeeting, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT m.id, m.round_id, r.name, m.held_on, m.place, m.agenda, m.version, coalesce(o.name, ''),
		       m.kind, coalesce(m.track, ''), coalesce(m.group_id, 0), coalesce(g.label, ''),
		       m.starts_at, m.ends_at, m.address, m.online_url, m.cancelled_at
		FROM learning_meetings m
		JOIN rounds r ON r.id = m.round_id
		LEFT JOIN organisations o ON o.id = m.host_organisation_id
		LEFT JOIN benchmarking_groups g ON g.id = m.group_id
		WHERE m.held_on >= $2 AND `+publicRound+`
		  AND EXISTS (SELECT 1 FROM participations p WHERE p.organisation_id = $1 AND `+meetingIsFor+`)
		ORDER BY m.held_on, m.id
		LIMIT 500`, orgID, since)
	if err != nil {
		return nil, fmt.Errorf("feed meetings of organisation %d: %w", orgID, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.LearningMeeting, error) {
		var m portal.LearningMeeting
		err := r.Scan(&m.ID, &m.RoundID, &m.RoundName, &m.HeldOn, &m.Place, &m.Agenda, &m.Version, &m.HostName,
			&m.Kind, &m.Track, &m.GroupID, &m.GroupLabel, &m.StartsAt, &m.EndsAt, &m.Address, &m.OnlineURL, &m.CancelledAt)
		return m, err
	})
}
