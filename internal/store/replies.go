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
