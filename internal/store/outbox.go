package store

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// EnqueueMail puts a message in the outbox within the caller's transaction,
// so it is sent exactly when the change that caused it commits.
func EnqueueMail(ctx context.Context, q Querier, m portal.Mail) error {
	if _, err := q.Exec(ctx, `INSERT INTO outbox (to_address, subject, body, attachment_name, attachment_type, attachment)
		VALUES ($1, $2, $3, $4, $5, $6)`, m.To, m.Subject, m.Body, m.AttachmentName, m.AttachmentType, m.Attachment); err != nil {
		return fmt.Errorf("queue mail to %s: %w", m.To, err)
	}
	return nil
}

// LinkRemoved replaces the links in mail once it has been delivered: they
// open an account, and the stored copy is read by more people and kept
// longer than the recipient's.
const LinkRemoved = "[länken visas inte]"

var mailLink = regexp.MustCompile(`https?://[^\s<>"]+`)

// RemoveLinks returns the mail body with every link replaced by LinkRemoved.
func RemoveLinks(body string) string { return mailLink.ReplaceAllString(body, LinkRemoved) }

const outboxColumns = `id, to_address, subject, body, created_at, attempts, last_error, sent_at, coalesce(delivered_via, ''),
	attachment_name, attachment_type, attachment`

func scanOutbox(r pgx.Row) (portal.OutboxMessage, error) {
	var m portal.OutboxMessage
	err := r.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.CreatedAt, &m.Attempts, &m.LastError, &m.SentAt, &m.DeliveredVia,
		&m.AttachmentName, &m.AttachmentType, &m.Attachment)
	return m, err
}

// Outbox lists the latest messages, newest first.
func (s *Store) Outbox(ctx context.Context, limit int) ([]portal.OutboxMessage, error) {
	rows, err := s.Pool.Query(ctx, `SELECT `+outboxColumns+` FROM outbox ORDER BY created_at DESC, id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("list outbox: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.OutboxMessage, error) { return scanOutbox(r) })
}

// ErrGiveUp, returned by a deliver function, marks a message as failed for
// good instead of retrying it.
var ErrGiveUp = errors.New("give up delivering")

// DeliverOutbox hands up to limit due messages to deliver, one at a time,
// each in its own transaction that locks the message (SKIP LOCKED, so
// several instances share the work). deliver returns how it delivered the
// message ("smtp" or "log"), and the message is kept with its links
// removed; on error the message is retried later with
// growing delay, at most 10 times. It returns how many were delivered.
func (s *Store) DeliverOutbox(ctx context.Context, limit int, deliver func(portal.OutboxMessage) (string, error)) (int, error) {
	sent := 0
	for range limit {
		done := false
		err := s.InTx(ctx, func(tx pgx.Tx) error {
			m, err := scanOutbox(tx.QueryRow(ctx, `
				SELECT `+outboxColumns+` FROM outbox
				WHERE sent_at IS NULL AND next_attempt_at <= now() AND attempts < 10
				ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`))
			if errors.Is(err, pgx.ErrNoRows) {
				done = true
				return nil
			}
			if err != nil {
				return fmt.Errorf("claim outbox message: %w", err)
			}
			via, derr := deliver(m)
			if derr != nil {
				attempts := m.Attempts + 1
				if errors.Is(derr, ErrGiveUp) {
					attempts = 10
				}
				delay := time.Duration(1<<min(attempts, 10)) * 30 * time.Second
				_, err = tx.Exec(ctx, `UPDATE outbox SET attempts = $2, last_error = $3, next_attempt_at = now() + $4::interval WHERE id = $1`,
					m.ID, attempts, derr.Error(), fmt.Sprintf("%d seconds", int(delay.Seconds())))
				return err
			}
			sent++
			_, err = tx.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, sent_at = now(), delivered_via = $2, last_error = '',
				body = $3 WHERE id = $1`, m.ID, via, RemoveLinks(m.Body))
			return err
		})
		if err != nil {
			return sent, err
		}
		if done {
			break
		}
	}
	return sent, nil
}

// OutboxPending counts the messages not yet sent that will still be tried.
func (s *Store) OutboxPending(ctx context.Context) (int, error) {
	var n int
	err := s.Pool.QueryRow(ctx, `SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts < 10`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count pending outbox: %w", err)
	}
	return n, nil
}
