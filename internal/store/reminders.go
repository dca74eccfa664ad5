package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// remindersLock is the advisory lock that one instance of the portal holds
// while it queues reminders; another instance waits, then finds them sent.
const remindersLock = 0x6d6f64656c6c // "modell"

// dueRemindersSQL selects the invited delegates of meetings that start
// after $1 and within their round's reminder days of it, who have not
// declined and have not been reminded. A meeting without a time starts at
// midnight in Stockholm.
const dueRemindersSQL = `
	SELECT m.id, m.round_id, m.held_on, m.place, m.agenda, m.version, coalesce(h.name, ''), m.kind,
	       m.starts_at, m.ends_at, m.address, m.online_url,
	       r.name, r.slug, d.id, d.name, d.email, o.name,
	       coalesce(mr.answer, ''), coalesce(mr.substitute_name, ''), coalesce(mr.substitute_email, '')
	FROM learning_meetings m
	JOIN rounds r ON r.id = m.round_id
	JOIN meeting_invitations i ON i.meeting_id = m.id
	JOIN delegates d ON d.id = i.delegate_id
	JOIN participations p ON p.id = d.participation_id
	JOIN organisations o ON o.id = p.organisation_id
	LEFT JOIN organisations h ON h.id = m.host_organisation_id
	LEFT JOIN meeting_replies mr ON mr.meeting_id = m.id AND mr.delegate_id = d.id
	WHERE r.reminder_days > 0 AND r.published_at IS NOT NULL AND m.cancelled_at IS NULL AND NOT p.withdrawn
	  AND coalesce(m.starts_at, m.held_on::timestamp AT TIME ZONE 'Europe/Stockholm') > $1
	  AND coalesce(m.starts_at, m.held_on::timestamp AT TIME ZONE 'Europe/Stockholm') <= $1 + make_interval(days => r.reminder_days)
	  AND coalesce(mr.answer, '') <> 'not-coming'
	  AND NOT EXISTS (SELECT 1 FROM meeting_reminders x WHERE x.meeting_id = m.id AND x.delegate_id = d.id)
	ORDER BY m.id, d.id
	LIMIT 1000`

// SendReminders queues a reminder, made by compose, for every invitee due
// one at now, and records each so that it goes once. Instances running it
// at the same time take turns on an advisory lock, so the second finds the
// first's reminders recorded. It returns how many were queued.
func (s *Store) SendReminders(ctx context.Context, now time.Time, compose func(portal.Reminder) portal.Mail) (int, error) {
	n := 0
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, remindersLock); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, dueRemindersSQL, now)
		if err != nil {
			return err
		}
		due, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.Reminder, error) {
			var x portal.Reminder
			var subName, subEmail string
			m := &x.Meeting
			err := r.Scan(&m.ID, &m.RoundID, &m.HeldOn, &m.Place, &m.Agenda, &m.Version, &m.HostName, &m.Kind,
				&m.StartsAt, &m.EndsAt, &m.Address, &m.OnlineURL,
				&x.RoundName, &x.RoundSlug, &x.DelegateID, &x.Name, &x.Email, &x.Organisation,
				&x.Answer, &subName, &subEmail)
			if x.Answer == "substitute" {
				x.Name, x.Email, x.Substitute = subName, subEmail, true
			}
			return x, err
		})
		if err != nil {
			return err
		}
		for _, x := range due {
			if x.Email == "" {
				continue
			}
			if _, err := tx.Exec(ctx, `INSERT INTO meeting_reminders (meeting_id, delegate_id) VALUES ($1, $2)`,
				x.Meeting.ID, x.DelegateID); err != nil {
				return err
			}
			if err := EnqueueMail(ctx, tx, compose(x)); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("send reminders: %w", err)
	}
	return n, nil
}
