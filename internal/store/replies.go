package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// ReplyInvitee loads the meeting and the delegate a reply link is for; the
// delegate must be one the meeting is for, else ErrNotFound.
func (s *Store) ReplyInvitee(ctx context.Context, meetingID, delegateID int64) (portal.ReplyInvitee, error) {
	var v portal.ReplyInvitee
	m, err := meetingByID(ctx, s.Pool, meetingID)
	if err != nil {
		return v, err
	}
	v.Meeting, v.DelegateID = m, delegateID
	var answer, subName, subLevel, subEmail *string
	err = s.Pool.QueryRow(ctx, `
		SELECT r.name, d.name, o.name, d.level, mr.answer, mr.substitute_name, mr.substitute_level, mr.substitute_email
		FROM delegates d
		JOIN participations p ON p.id = d.participation_id AND NOT p.withdrawn
		JOIN organisations o ON o.id = p.organisation_id
		JOIN rounds r ON r.id = p.round_id
		LEFT JOIN meeting_replies mr ON mr.meeting_id = $1 AND mr.delegate_id = d.id
		WHERE d.id = $2 AND p.round_id = $3`, meetingID, delegateID, m.RoundID).
		Scan(&v.RoundName, &v.Name, &v.Organisation, &v.Level, &answer, &subName, &subLevel, &subEmail)
	if errors.Is(err, pgx.ErrNoRows) {
		return v, ErrNotFound
	}
	if err != nil {
		return v, fmt.Errorf("reply invitee %d of meeting %d: %w", delegateID, meetingID, err)
	}
	if answer != nil {
		v.Reply = &portal.Reply{MeetingID: meetingID, DelegateID: delegateID, Answer: portal.ReplyAnswer(*answer),
			SubstituteName: *subName, SubstituteLevel: portal.Level(*subLevel), SubstituteEmail: *subEmail}
	}
	return v, nil
}

// SaveReply records a delegate's answer, replacing an earlier one. The
// audit says what was answered, never the substitute's name or address.
func (s *Store) SaveReply(ctx context.Context, actor Actor, r portal.Reply) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `
			INSERT INTO meeting_replies (meeting_id, delegate_id, answer, substitute_name, substitute_level, substitute_email)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (meeting_id, delegate_id) DO UPDATE SET answer = excluded.answer,
			    substitute_name = excluded.substitute_name, substitute_level = excluded.substitute_level,
			    substitute_email = excluded.substitute_email, replied_at = now()`,
			r.MeetingID, r.DelegateID, r.Answer, r.SubstituteName, r.SubstituteLevel, r.SubstituteEmail); err != nil {
			return fmt.Errorf("save reply of delegate %d to meeting %d: %w", r.DelegateID, r.MeetingID, err)
		}
		return Audit(ctx, tx, actor, "reply", "learning_meetings", r.MeetingID, nil,
			map[string]any{"delegate_id": r.DelegateID, "answer": r.Answer})
	})
}

// ErasedSubstitute stands in attendance for a substitute whose data was
// erased, so that the level they came for still counts.
const ErasedSubstitute = "Ersättare (uppgifterna raderade)"

// EraseSubstitute removes the person with the e-mail address from every
// reply that names them as substitute (GDPR erasure): the reply becomes
// "not coming", the attendance keeps only that a substitute of that level
// came, and mail to the address goes unless it belongs to a user or a
// delegate. It returns how many replies named them.
func (s *Store) EraseSubstitute(ctx context.Context, actor Actor, email string) (int, error) {
	n := 0
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `
			UPDATE meeting_attendance a SET substitute_name = $2
			FROM meeting_replies mr
			WHERE a.meeting_id = mr.meeting_id AND a.delegate_id = mr.delegate_id AND a.substitute_name <> ''
			  AND mr.answer = 'substitute' AND lower(mr.substitute_email) = lower($1)`, email, ErasedSubstitute); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			UPDATE meeting_replies SET answer = 'not-coming', substitute_name = '', substitute_level = '', substitute_email = ''
			WHERE answer = 'substitute' AND lower(substitute_email) = lower($1)`, email)
		if err != nil {
			return err
		}
		n = int(tag.RowsAffected())
		if _, err := tx.Exec(ctx, `DELETE FROM outbox WHERE lower(to_address) = lower($1)
			AND NOT EXISTS (SELECT 1 FROM users u WHERE lower(u.email) = lower($1))
			AND NOT EXISTS (SELECT 1 FROM delegates d WHERE lower(d.email) = lower($1))`, email); err != nil {
			return err
		}
		return Audit(ctx, tx, actor, "erase", "meeting_replies", 0, nil, map[string]any{"substitute_replies": n})
	})
	if err != nil {
		return 0, fmt.Errorf("erase substitute: %w", err)
	}
	return n, nil
}
