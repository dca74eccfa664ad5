package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// MeetingOrganisations lists the organisations a meeting is for, by its
// scope: the round's participants and mentors still taking part, narrowed
// to its track, or to its group's members and mentors. They are the ones
// invited to it, whether or not their delegates have an e-mail address, and
// the ones a follow-up task can be given to.
func (s *Store) MeetingOrganisations(ctx context.Context, meetingID int64) ([]portal.Organisation, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT DISTINCT o.id, o.name, o.slug
		FROM learning_meetings m
		JOIN participations p ON `+meetingIsFor+`
		JOIN organisations o ON o.id = p.organisation_id
		WHERE m.id = $1
		ORDER BY o.name, o.id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("organisations of meeting %d: %w", meetingID, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.Organisation, error) {
		var o portal.Organisation
		err := r.Scan(&o.ID, &o.Name, &o.Slug)
		return o, err
	})
}

// Minutes loads a meeting's minutes (Version 0 when none are written) and
// its outcomes in the order they were added.
func (s *Store) Minutes(ctx context.Context, meetingID int64) (portal.MeetingMinutes, []portal.MeetingOutcome, error) {
	m := portal.MeetingMinutes{MeetingID: meetingID}
	err := s.Pool.QueryRow(ctx, `SELECT body, version, updated_at FROM meeting_minutes WHERE meeting_id = $1`, meetingID).
		Scan(&m.Body, &m.Version, &m.UpdatedAt)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return m, nil, fmt.Errorf("minutes of meeting %d: %w", meetingID, err)
	}
	rows, err := s.Pool.Query(ctx, outcomeSQL+` WHERE x.meeting_id = $1 ORDER BY x.id`, meetingID)
	if err != nil {
		return m, nil, fmt.Errorf("outcomes of meeting %d: %w", meetingID, err)
	}
	out, err := pgx.CollectRows(rows, scanOutcome)
	return m, out, err
}

// outcomeSQL selects outcomes with their owner and meeting, for scanOutcome.
const outcomeSQL = `
	SELECT x.id, x.meeting_id, x.kind, x.body, coalesce(x.owner_organisation_id, 0), coalesce(o.name, ''),
	       x.due_on, x.done_at, m.round_id, r.name, m.kind, m.held_on
	FROM meeting_outcomes x
	JOIN learning_meetings m ON m.id = x.meeting_id
	JOIN rounds r ON r.id = m.round_id
	LEFT JOIN organisations o ON o.id = x.owner_organisation_id`

func scanOutcome(r pgx.CollectableRow) (portal.MeetingOutcome, error) {
	var o portal.MeetingOutcome
	err := r.Scan(&o.ID, &o.MeetingID, &o.Kind, &o.Body, &o.OwnerID, &o.OwnerName, &o.DueOn, &o.DoneAt,
		&o.RoundID, &o.RoundName, &o.MeetingKind, &o.MeetingHeldOn)
	return o, err
}

// OutcomeByID loads one outcome.
func (s *Store) OutcomeByID(ctx context.Context, id int64) (portal.MeetingOutcome, error) {
	return outcomeByID(ctx, s.Pool, id)
}

func outcomeByID(ctx context.Context, q Querier, id int64) (portal.MeetingOutcome, error) {
	rows, err := q.Query(ctx, outcomeSQL+` WHERE x.id = $1`, id)
	if err != nil {
		return portal.MeetingOutcome{}, fmt.Errorf("load outcome %d: %w", id, err)
	}
	o, err := pgx.CollectExactlyOneRow(rows, scanOutcome)
	if errors.Is(err, pgx.ErrNoRows) {
		return o, ErrNotFound
	}
	return o, err
}

type auditMinutes struct {
	Body string `json:"body"`
}

// SaveMinutes writes a meeting's minutes. version is the version the
// writer started from (0 for none yet); someone else's save in between is a
// *ConflictError carrying the minutes as they now stand.
func (s *Store) SaveMinutes(ctx context.Context, actor Actor, meetingID int64, version int, body string) (portal.MeetingMinutes, error) {
	saved := portal.MeetingMinutes{MeetingID: meetingID}
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		var before portal.MeetingMinutes
		err := tx.QueryRow(ctx, `SELECT body, version FROM meeting_minutes WHERE meeting_id = $1 FOR UPDATE`, meetingID).
			Scan(&before.Body, &before.Version)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("lock minutes of meeting %d: %w", meetingID, err)
		}
		before.MeetingID = meetingID
		if before.Version != version {
			return conflict("meeting_minutes", meetingID, before)
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO meeting_minutes (meeting_id, body) VALUES ($1, $2)
			ON CONFLICT (meeting_id) DO UPDATE SET body = excluded.body, version = meeting_minutes.version + 1, updated_at = now()
			RETURNING body, version, updated_at`, meetingID, body).Scan(&saved.Body, &saved.Version, &saved.UpdatedAt); err != nil {
			return fmt.Errorf("save minutes of meeting %d: %w", meetingID, err)
		}
		var b any
		action := "create"
		if before.Version > 0 {
			b, action = auditMinutes{before.Body}, "update"
		}
		return Audit(ctx, tx, actor, action, "meeting_minutes", meetingID, b, auditMinutes{saved.Body})
	})
	return saved, err
}

type auditOutcome struct {
	Meeting int64   `json:"meeting_id"`
	Kind    string  `json:"kind"`
	Body    string  `json:"body"`
	Owner   int64   `json:"owner_organisation_id,omitempty"`
	DueOn   string  `json:"due_on,omitempty"`
	DoneAt  *string `json:"done_at,omitempty"`
}

func outcomeAudit(o portal.MeetingOutcome) auditOutcome {
	a := auditOutcome{Meeting: o.MeetingID, Kind: string(o.Kind), Body: o.Body, Owner: o.OwnerID}
	if o.DueOn != nil {
		a.DueOn = o.DueOn.Format(time.DateOnly)
	}
	if o.DoneAt != nil {
		done := o.DoneAt.UTC().Format(time.RFC3339)
		a.DoneAt = &done
	}
	return a
}

// AddOutcome records an outcome of a meeting, as validated by
// portal.ValidateOutcome.
func (s *Store) AddOutcome(ctx context.Context, actor Actor, o portal.MeetingOutcome) (portal.MeetingOutcome, error) {
	o = o.Normalized()
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO meeting_outcomes (meeting_id, kind, body, owner_organisation_id, due_on)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, o.MeetingID, o.Kind, o.Body, nullID(o.OwnerID), o.DueOn).Scan(&id); err != nil {
			return fmt.Errorf("add outcome to meeting %d: %w", o.MeetingID, err)
		}
		saved, err := outcomeByID(ctx, tx, id)
		if err != nil {
			return err
		}
		o = saved
		return Audit(ctx, tx, actor, "create", "meeting_outcomes", id, nil, outcomeAudit(o))
	})
	return o, err
}

// MarkOutcomeDone marks a task done. Marking a task that is already done
// changes nothing and logs nothing.
func (s *Store) MarkOutcomeDone(ctx context.Context, actor Actor, id int64) (portal.MeetingOutcome, error) {
	var o portal.MeetingOutcome
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := outcomeByID(ctx, tx, id)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE meeting_outcomes SET done_at = now() WHERE id = $1 AND kind = 'task' AND done_at IS NULL`, id)
		if err != nil {
			return fmt.Errorf("mark outcome %d done: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			o = before
			return nil
		}
		if o, err = outcomeByID(ctx, tx, id); err != nil {
			return err
		}
		return Audit(ctx, tx, actor, "done", "meeting_outcomes", id, outcomeAudit(before), outcomeAudit(o))
	})
	return o, err
}

// ReopenTask opens a task marked done again. Opening a task that is not
// done changes nothing and logs nothing.
func (s *Store) ReopenTask(ctx context.Context, actor Actor, id int64) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := outcomeByID(ctx, tx, id)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE meeting_outcomes SET done_at = NULL WHERE id = $1 AND done_at IS NOT NULL`, id)
		if err != nil {
			return fmt.Errorf("reopen outcome %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return nil
		}
		after := before
		after.DoneAt = nil
		return Audit(ctx, tx, actor, "reopen", "meeting_outcomes", id, outcomeAudit(before), outcomeAudit(after))
	})
}

// RemoveOutcome removes an outcome written by mistake.
func (s *Store) RemoveOutcome(ctx context.Context, actor Actor, id int64) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := outcomeByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM meeting_outcomes WHERE id = $1`, id); err != nil {
			return fmt.Errorf("remove outcome %d: %w", id, err)
		}
		return Audit(ctx, tx, actor, "delete", "meeting_outcomes", id, outcomeAudit(before), nil)
	})
}

// OpenTasks lists the tasks the organisation owns that are not done, the
// soonest due first.
func (s *Store) OpenTasks(ctx context.Context, orgID int64) ([]portal.MeetingOutcome, error) {
	rows, err := s.Pool.Query(ctx, outcomeSQL+`
		WHERE x.owner_organisation_id = $1 AND x.kind = 'task' AND x.done_at IS NULL
		ORDER BY x.due_on, x.id
		LIMIT 100`, orgID)
	if err != nil {
		return nil, fmt.Errorf("open tasks of organisation %d: %w", orgID, err)
	}
	return pgx.CollectRows(rows, scanOutcome)
}

// OverdueTasks lists the round's tasks not done whose due date is before
// today (a date in Stockholm), the longest overdue first.
func (s *Store) OverdueTasks(ctx context.Context, roundID int64, today time.Time) ([]portal.MeetingOutcome, error) {
	rows, err := s.Pool.Query(ctx, outcomeSQL+`
		WHERE m.round_id = $1 AND x.kind = 'task' AND x.done_at IS NULL AND x.due_on < $2
		ORDER BY x.due_on, x.id
		LIMIT 200`, roundID, today.Format(time.DateOnly))
	if err != nil {
		return nil, fmt.Errorf("overdue tasks of round %d: %w", roundID, err)
	}
	return pgx.CollectRows(rows, scanOutcome)
}

// HostedMeetings lists the meetings the organisation hosted that have been
// held, latest first: their minutes are for its contacts to write.
func (s *Store) HostedMeetings(ctx context.Context, orgID int64, today time.Time) ([]portal.LearningMeeting, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT m.id, m.round_id, r.name, m.held_on, m.kind, m.place
		FROM learning_meetings m JOIN rounds r ON r.id = m.round_id
		WHERE m.host_organisation_id = $1 AND m.cancelled_at IS NULL AND m.held_on <= $2
		ORDER BY m.held_on DESC, m.id DESC
		LIMIT 10`, orgID, today.Format(time.DateOnly))
	if err != nil {
		return nil, fmt.Errorf("meetings hosted by organisation %d: %w", orgID, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.LearningMeeting, error) {
		var m portal.LearningMeeting
		err := r.Scan(&m.ID, &m.RoundID, &m.RoundName, &m.HeldOn, &m.Kind, &m.Place)
		return m, err
	})
}
