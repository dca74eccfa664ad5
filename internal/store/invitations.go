package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// inviteesSQL selects the delegates with an e-mail address whom the meeting
// $1 is for: those of the round's participants and mentors still taking
// part, narrowed to the meeting's track, or to its group's members and
// mentors.
const inviteesSQL = `
	SELECT d.id, d.name, d.email, d.level, o.name, coalesce(i.sequence, 0), i.meeting_id IS NOT NULL,
	       coalesce(mr.answer, ''), coalesce(mr.substitute_name, ''), coalesce(mr.substitute_level, '')
	FROM learning_meetings m
	JOIN participations p ON ` + meetingIsFor + `
	JOIN organisations o ON o.id = p.organisation_id
	JOIN delegates d ON d.participation_id = p.id
	LEFT JOIN meeting_invitations i ON i.meeting_id = m.id AND i.delegate_id = d.id
	LEFT JOIN meeting_replies mr ON mr.meeting_id = m.id AND mr.delegate_id = d.id
	WHERE m.id = $1 AND d.email <> ''
	ORDER BY o.name, d.level, d.name`

// MeetingInvitees lists whom the meeting's invitation goes to.
func (s *Store) MeetingInvitees(ctx context.Context, meetingID int64) ([]portal.Invitee, error) {
	return meetingInvitees(ctx, s.Pool, inviteesSQL, meetingID)
}

// organisationInviteesSQL is inviteesSQL narrowed to one organisation ($2).
var organisationInviteesSQL = strings.Replace(inviteesSQL, "WHERE m.id = $1", "WHERE m.id = $1 AND p.organisation_id = $2", 1)

// OrganisationInvitees lists whom of the organisation's delegation the
// meeting's invitation goes to, with their replies; none when the meeting
// is not for the organisation.
func (s *Store) OrganisationInvitees(ctx context.Context, meetingID, orgID int64) ([]portal.Invitee, error) {
	return meetingInvitees(ctx, s.Pool, organisationInviteesSQL, meetingID, orgID)
}

func meetingInvitees(ctx context.Context, q Querier, sql string, meetingID int64, more ...any) ([]portal.Invitee, error) {
	rows, err := q.Query(ctx, sql, append([]any{meetingID}, more...)...)
	if err != nil {
		return nil, fmt.Errorf("invitees of meeting %d: %w", meetingID, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.Invitee, error) {
		var i portal.Invitee
		err := r.Scan(&i.DelegateID, &i.Name, &i.Email, &i.Level, &i.Organisation, &i.SentSequence, &i.Invited,
			&i.Answer, &i.SubstituteName, &i.SubstituteLevel)
		return i, err
	})
}

// SendInvitations puts one mail per invitee without this version of the
// meeting in the outbox, made by compose
// from the meeting as it stands, and records which version each got. It
// fails with ErrCancelled for a cancelled meeting. It returns how many
// mails were queued.
func (s *Store) SendInvitations(ctx context.Context, actor Actor, meetingID int64,
	compose func(portal.LearningMeeting, portal.Invitee) portal.Mail) (int, error) {
	n := 0
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		m, cancelled, err := lockMeeting(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		if cancelled {
			return ErrCancelled
		}
		invitees, err := meetingInvitees(ctx, tx, inviteesSQL, meetingID)
		if err != nil {
			return err
		}
		for _, i := range invitees {
			if i.Invited && i.SentSequence >= m.Version {
				continue // has this version already
			}
			if err := EnqueueMail(ctx, tx, compose(m, i)); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `
				INSERT INTO meeting_invitations (meeting_id, delegate_id, sequence) VALUES ($1, $2, $3)
				ON CONFLICT (meeting_id, delegate_id) DO UPDATE SET sequence = excluded.sequence, sent_at = now()`,
				meetingID, i.DelegateID, m.Version); err != nil {
				return fmt.Errorf("record invitation: %w", err)
			}
			n++
		}
		return Audit(ctx, tx, actor, "invite", "learning_meetings", meetingID, nil, map[string]any{"invitations": n, "sequence": m.Version})
	})
	return n, err
}

// CancelMeeting marks the meeting cancelled, raising its version, and
// mails compose's cancellation to everyone who was invited. It returns how
// many mails were queued.
func (s *Store) CancelMeeting(ctx context.Context, actor Actor, meetingID int64, version int,
	compose func(portal.LearningMeeting, portal.Invitee) portal.Mail) (int, error) {
	n := 0
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		m, cancelled, err := lockMeeting(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		if cancelled {
			return ErrCancelled
		}
		if m.Version != version {
			return conflict("learning_meetings", meetingID, m)
		}
		if err := tx.QueryRow(ctx, `
			UPDATE learning_meetings SET cancelled_at = now(), version = version + 1, updated_at = now()
			WHERE id = $1 RETURNING version, cancelled_at`, meetingID).Scan(&m.Version, &m.CancelledAt); err != nil {
			return fmt.Errorf("cancel meeting %d: %w", meetingID, err)
		}
		rows, err := tx.Query(ctx, `
			SELECT d.id, d.name, d.email, d.level, o.name, i.sequence, true
			FROM meeting_invitations i
			JOIN delegates d ON d.id = i.delegate_id
			JOIN participations p ON p.id = d.participation_id
			JOIN organisations o ON o.id = p.organisation_id
			WHERE i.meeting_id = $1 AND d.email <> ''
			ORDER BY o.name, d.level, d.name`, meetingID)
		if err != nil {
			return fmt.Errorf("invited to meeting %d: %w", meetingID, err)
		}
		invited, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.Invitee, error) {
			var i portal.Invitee
			err := r.Scan(&i.DelegateID, &i.Name, &i.Email, &i.Level, &i.Organisation, &i.SentSequence, &i.Invited)
			return i, err
		})
		if err != nil {
			return err
		}
		for _, i := range invited {
			if err := EnqueueMail(ctx, tx, compose(m, i)); err != nil {
				return err
			}
			n++
		}
		if _, err := tx.Exec(ctx, `UPDATE meeting_invitations SET sequence = $2, sent_at = now() WHERE meeting_id = $1`,
			meetingID, m.Version); err != nil {
			return fmt.Errorf("record cancellation: %w", err)
		}
		return Audit(ctx, tx, actor, "cancel", "learning_meetings", meetingID, nil, map[string]any{"cancellations": n, "sequence": m.Version})
	})
	return n, err
}

func lockMeeting(ctx context.Context, tx pgx.Tx, id int64) (portal.LearningMeeting, bool, error) {
	var cancelled bool
	if err := tx.QueryRow(ctx, `SELECT cancelled_at IS NOT NULL FROM learning_meetings WHERE id = $1 FOR UPDATE`, id).Scan(&cancelled); err != nil {
		if err == pgx.ErrNoRows {
			return portal.LearningMeeting{}, false, ErrNotFound
		}
		return portal.LearningMeeting{}, false, fmt.Errorf("lock meeting %d: %w", id, err)
	}
	m, err := meetingByID(ctx, tx, id)
	return m, cancelled, err
}
