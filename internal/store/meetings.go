package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// meetingIsFor holds when the learning meeting aliased m is for the
// participation aliased p: p is of m's round and still taking part, and m
// is for the whole round, for p's track, or for a group p is a member or a
// mentor of. Invitations, the owners a task can have, attendance and an
// organisation's meetings and calendar all decide it so.
const meetingIsFor = `p.round_id = m.round_id AND NOT p.withdrawn
	AND (m.track IS NULL OR p.track = m.track)
	AND (m.group_id IS NULL
	     OR p.organisation_id IN (SELECT organisation_id FROM group_members WHERE group_id = m.group_id
	                              UNION ALL
	                              SELECT organisation_id FROM mentor_links WHERE group_id = m.group_id))`

// RoundMeetings lists a round's learning meetings by date.
func (s *Store) RoundMeetings(ctx context.Context, roundID int64) ([]portal.LearningMeeting, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT m.id, m.round_id, m.held_on, m.place, m.agenda, m.version,
		       coalesce(o.name, ''), coalesce(o.slug, ''),
		       m.kind, coalesce(m.track, ''), coalesce(m.group_id, 0), coalesce(g.label, ''), m.held_precision,
		       m.starts_at, m.ends_at, m.address, m.online_url, m.cancelled_at
		FROM learning_meetings m
		LEFT JOIN organisations o ON o.id = m.host_organisation_id
		LEFT JOIN benchmarking_groups g ON g.id = m.group_id
		WHERE m.round_id = $1
		ORDER BY m.held_on, m.id`, roundID)
	if err != nil {
		return nil, fmt.Errorf("list meetings of round %d: %w", roundID, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.LearningMeeting, error) {
		var m portal.LearningMeeting
		err := r.Scan(&m.ID, &m.RoundID, &m.HeldOn, &m.Place, &m.Agenda, &m.Version, &m.HostName, &m.HostSlug,
			&m.Kind, &m.Track, &m.GroupID, &m.GroupLabel, &m.HeldPrecision, &m.StartsAt, &m.EndsAt, &m.Address, &m.OnlineURL,
			&m.CancelledAt)
		return m, err
	})
}

type auditMeeting struct {
	HeldOn     string     `json:"held_on"`
	Place      string     `json:"place"`
	Host       int64      `json:"host_organisation_id"`
	Agenda     string     `json:"agenda"`
	Attendees  []int64    `json:"attendees,omitempty"`
	Substitute []int64    `json:"substituted,omitempty"`
	Kind       string     `json:"kind"`
	Track      string     `json:"track,omitempty"`
	Group      int64      `json:"group_id,omitempty"`
	StartsAt   *time.Time `json:"starts_at,omitempty"`
	EndsAt     *time.Time `json:"ends_at,omitempty"`
	Address    string     `json:"address,omitempty"`
	OnlineURL  string     `json:"online_url,omitempty"`
	DateReason string     `json:"date_reason,omitempty"`
}

func meetingAudit(m portal.LearningMeeting) auditMeeting {
	return auditMeeting{m.HeldOn.Format(time.DateOnly), m.Place, m.HostID, m.Agenda, m.Attendees, m.Substituted,
		string(m.Kind), string(m.Track), m.GroupID, m.StartsAt, m.EndsAt, m.Address, m.OnlineURL, m.DateReason}
}

// MeetingByID loads a learning meeting with the delegates who attended.
func (s *Store) MeetingByID(ctx context.Context, id int64) (portal.LearningMeeting, error) {
	return meetingByID(ctx, s.Pool, id)
}

func meetingByID(ctx context.Context, q Querier, id int64) (portal.LearningMeeting, error) {
	var m portal.LearningMeeting
	err := q.QueryRow(ctx, `
		SELECT m.id, m.round_id, m.held_on, m.place, m.agenda, m.version,
		       coalesce(o.name, ''), coalesce(o.slug, ''), coalesce(m.host_organisation_id, 0),
		       coalesce((SELECT array_agg(delegate_id ORDER BY delegate_id) FROM meeting_attendance
		                 WHERE meeting_id = m.id AND substitute_name = ''), '{}'),
		       coalesce((SELECT array_agg(delegate_id ORDER BY delegate_id) FROM meeting_attendance
		                 WHERE meeting_id = m.id AND substitute_name <> ''), '{}'),
		       m.kind, coalesce(m.track, ''), coalesce(m.group_id, 0), coalesce(g.label, ''), m.held_precision,
		       m.starts_at, m.ends_at, m.address, m.online_url, m.date_reason, m.cancelled_at
		FROM learning_meetings m LEFT JOIN organisations o ON o.id = m.host_organisation_id
		LEFT JOIN benchmarking_groups g ON g.id = m.group_id
		WHERE m.id = $1`, id).
		Scan(&m.ID, &m.RoundID, &m.HeldOn, &m.Place, &m.Agenda, &m.Version, &m.HostName, &m.HostSlug, &m.HostID, &m.Attendees, &m.Substituted,
			&m.Kind, &m.Track, &m.GroupID, &m.GroupLabel, &m.HeldPrecision, &m.StartsAt, &m.EndsAt, &m.Address, &m.OnlineURL, &m.DateReason, &m.CancelledAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return m, ErrNotFound
	}
	if err != nil {
		return m, fmt.Errorf("load meeting %d: %w", id, err)
	}
	return m, nil
}

// SaveMeeting creates (ID 0) or updates a learning meeting, checking its
// version on update. On update, a non-nil m.Attendees replaces the
// attendance in the same transaction.
func (s *Store) SaveMeeting(ctx context.Context, actor Actor, m portal.LearningMeeting) (portal.LearningMeeting, error) {
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		if m.ID == 0 {
			var err error
			m, err = insertMeeting(ctx, tx, actor, m)
			return err
		}
		before, err := meetingByID(ctx, tx, m.ID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			UPDATE learning_meetings SET held_on = $3, place = $4, host_organisation_id = $5, agenda = $6,
			       kind = $7, track = $8, group_id = $9, starts_at = $10, ends_at = $11, address = $12,
			       online_url = $13, date_reason = $14,
			       -- A date from the record known only to the month stays so until it is changed.
			       held_precision = CASE WHEN held_on = $3 THEN held_precision ELSE 'day' END,
			       version = version + 1, updated_at = now()
			WHERE id = $1 AND version = $2`, m.ID, m.Version, m.HeldOn, m.Place, nullID(m.HostID), m.Agenda,
			meetingKindOrLearning(m.Kind), nullText(string(m.Track)), nullID(m.GroupID), m.StartsAt, m.EndsAt, m.Address,
			m.OnlineURL, m.DateReason)
		if err != nil {
			return fmt.Errorf("update meeting %d: %w", m.ID, err)
		}
		if tag.RowsAffected() == 0 {
			return conflict("learning_meetings", m.ID, before)
		}
		if m.Attendees != nil {
			// Attendance is part of the versioned edit, so a stale form
			// cannot overwrite someone else's ticks.
			if err := setAttendance(ctx, tx, m.ID, before.RoundID, m.Attendees, m.Substituted); err != nil {
				return err
			}
		}
		after, err := meetingByID(ctx, tx, m.ID)
		if err != nil {
			return err
		}
		m = after
		return Audit(ctx, tx, actor, "update", "learning_meetings", m.ID, meetingAudit(before), meetingAudit(m))
	})
	return m, err
}

// SetAttendance records which of the round's delegates attended a meeting.
func (s *Store) SetAttendance(ctx context.Context, actor Actor, meetingID int64, delegateIDs []int64) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := meetingByID(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		if err := setAttendance(ctx, tx, meetingID, before.RoundID, delegateIDs, nil); err != nil {
			return err
		}
		after, err := meetingByID(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		return Audit(ctx, tx, actor, "update", "learning_meetings", meetingID, meetingAudit(before), meetingAudit(after))
	})
}

// setAttendance replaces the meeting's attendance: the delegates in
// delegateIDs came themselves, and for those in substituted the substitute
// named in their reply came. A delegate in both counts as come themselves;
// one in substituted without a substitute reply is left out.
func setAttendance(ctx context.Context, tx pgx.Tx, meetingID, roundID int64, delegateIDs, substituted []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM meeting_attendance WHERE meeting_id = $1`, meetingID); err != nil {
		return fmt.Errorf("clear attendance: %w", err)
	}
	// Only delegates of the meeting's round count; other ids are ignored.
	if _, err := tx.Exec(ctx, `
		INSERT INTO meeting_attendance (meeting_id, delegate_id)
		SELECT $1, d.id FROM delegates d JOIN participations p ON p.id = d.participation_id
		WHERE d.id = ANY($2) AND p.round_id = $3`, meetingID, delegateIDs, roundID); err != nil {
		return fmt.Errorf("record attendance: %w", err)
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO meeting_attendance (meeting_id, delegate_id, substitute_name, substitute_level)
		SELECT $1, mr.delegate_id, mr.substitute_name, mr.substitute_level
		FROM meeting_replies mr JOIN delegates d ON d.id = mr.delegate_id
		JOIN participations p ON p.id = d.participation_id
		WHERE mr.meeting_id = $1 AND mr.answer = 'substitute' AND mr.delegate_id = ANY($2) AND p.round_id = $3
		ON CONFLICT (meeting_id, delegate_id) DO NOTHING`, meetingID, substituted, roundID); err != nil {
		return fmt.Errorf("record substitutes' attendance: %w", err)
	}
	return nil
}

// UpcomingMeetings lists the learning meetings from today on that concern
// the organisation: those for the whole round or its track in the rounds it
// takes part in, and the own meetings of the groups it is a member or a
// mentor of.
func (s *Store) UpcomingMeetings(ctx context.Context, orgID int64) ([]portal.LearningMeeting, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT m.id, m.round_id, r.name, m.held_on, m.place, m.agenda, m.version, coalesce(o.name, ''), coalesce(o.slug, ''),
		       m.kind, coalesce(m.track, ''), coalesce(m.group_id, 0), coalesce(g.label, '')
		FROM learning_meetings m
		JOIN rounds r ON r.id = m.round_id
		LEFT JOIN organisations o ON o.id = m.host_organisation_id
		LEFT JOIN benchmarking_groups g ON g.id = m.group_id
		WHERE m.held_on >= current_date AND m.cancelled_at IS NULL
		  AND EXISTS (SELECT 1 FROM participations p WHERE p.organisation_id = $1 AND `+meetingIsFor+`)
		ORDER BY m.held_on, m.id
		LIMIT 50`, orgID)
	if err != nil {
		return nil, fmt.Errorf("upcoming meetings of organisation %d: %w", orgID, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.LearningMeeting, error) {
		var m portal.LearningMeeting
		err := r.Scan(&m.ID, &m.RoundID, &m.RoundName, &m.HeldOn, &m.Place, &m.Agenda, &m.Version, &m.HostName, &m.HostSlug,
			&m.Kind, &m.Track, &m.GroupID, &m.GroupLabel)
		return m, err
	})
}

// MeetingRemoval is what removing the meeting would take with it, and the
// history that forbids it.
func (s *Store) MeetingRemoval(ctx context.Context, id int64) (portal.Removal, error) {
	return meetingRemoval(ctx, s.Pool, id)
}

func meetingRemoval(ctx context.Context, q Querier, id int64) (portal.Removal, error) {
	var r portal.Removal
	err := q.QueryRow(ctx, `
		SELECT (SELECT count(*) FROM meeting_attendance WHERE meeting_id = $1),
		       (SELECT count(*) FROM citations WHERE meeting_id = $1),
		       (SELECT count(*) FROM meeting_invitations i JOIN learning_meetings m ON m.id = i.meeting_id
		        WHERE i.meeting_id = $1 AND m.cancelled_at IS NULL),
		       (SELECT count(*) FROM meeting_minutes WHERE meeting_id = $1) + (SELECT count(*) FROM meeting_outcomes WHERE meeting_id = $1)`, id).
		Scan(&r.Attendance, &r.Citations, &r.Invited, &r.Minutes)
	if err != nil {
		return r, fmt.Errorf("what goes with meeting %d: %w", id, err)
	}
	return r, nil
}

// RemoveMeeting removes a meeting entered by mistake. It is refused with
// ErrHasHistory once attendance or sources are recorded for it.
func (s *Store) RemoveMeeting(ctx context.Context, actor Actor, id int64, version int) error {
	return remove(ctx, s, actor, removal[portal.LearningMeeting]{
		table: "learning_meetings", load: meetingByID, history: meetingRemoval,
		version: func(m portal.LearningMeeting) int { return m.Version },
		audit:   func(m portal.LearningMeeting) any { return meetingAudit(m) },
	}, id, version)
}

func insertMeeting(ctx context.Context, tx pgx.Tx, actor Actor, m portal.LearningMeeting) (portal.LearningMeeting, error) {
	if err := tx.QueryRow(ctx, `
		INSERT INTO learning_meetings (round_id, held_on, place, host_organisation_id, agenda, kind, track, group_id,
		                               starts_at, ends_at, address, online_url, date_reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id, version`,
		m.RoundID, m.HeldOn, m.Place, nullID(m.HostID), m.Agenda, meetingKindOrLearning(m.Kind), nullText(string(m.Track)),
		nullID(m.GroupID), m.StartsAt, m.EndsAt, m.Address, m.OnlineURL, m.DateReason).Scan(&m.ID, &m.Version); err != nil {
		return m, fmt.Errorf("insert meeting: %w", err)
	}
	return m, Audit(ctx, tx, actor, "create", "learning_meetings", m.ID, nil, meetingAudit(m))
}

// SaveMeetingSequence creates a round's meetings in one transaction: all of
// them or, on an error, none.
func (s *Store) SaveMeetingSequence(ctx context.Context, actor Actor, ms []portal.LearningMeeting) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		for _, m := range ms {
			if _, err := insertMeeting(ctx, tx, actor, m); err != nil {
				return err
			}
		}
		return nil
	})
}

func meetingKindOrLearning(k portal.MeetingKind) portal.MeetingKind {
	if k == "" {
		return portal.MeetingLearning
	}
	return k
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func nullText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
