package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrLoginLocked is returned instead of a reservation when the account (or,
// for a browser without a device cookie, the client address) has had too
// many failures.
var ErrLoginLocked = errors.New("login locked: too many failures")

// LoginClient is who makes a login attempt: the client address and, when
// the browser carries a valid device cookie for the account, the cookie's
// nonce.
type LoginClient struct {
	IP     string
	Device string
}

// ReserveLoginAttempt records an attempt on the account as a failure before
// its password is checked, unless locked says the failures so far within
// the window are too many; then it returns ErrLoginLocked. Attempts on one
// account (and from one address) are serialised by advisory locks held to
// commit, so a burst of parallel requests cannot all see the same count:
// no more passwords are checked than the limit. A browser with a device
// cookie is counted on its own and not by address. The reservation becomes
// a success with LoginSucceeded, or is withdrawn with CancelLoginAttempt
// when no password was checked after all.
func (s *Store) ReserveLoginAttempt(ctx context.Context, email string, c LoginClient, since time.Time,
	locked func(byAccount, byIP int) bool) (int64, error) {
	email = NormaliseEmail(email)
	var id int64
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(7274, hashtext($1))`, email); err != nil {
			return fmt.Errorf("lock login attempts of an account: %w", err)
		}
		// Locks are always taken account first, then address, so two
		// attempts never wait for each other in a circle.
		if c.Device == "" {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(7275, hashtext($1))`, c.IP); err != nil {
				return fmt.Errorf("lock login attempts of an address: %w", err)
			}
		}
		byAccount, byIP, err := loginFailures(ctx, tx, email, c, since)
		if err != nil {
			return err
		}
		if locked(byAccount, byIP) {
			return ErrLoginLocked
		}
		var device *string
		if c.Device != "" {
			device = &c.Device
		}
		return tx.QueryRow(ctx, `INSERT INTO login_attempts (email, ip, outcome, device) VALUES ($1, $2, 'failure', $3) RETURNING id`,
			email, c.IP, device).Scan(&id)
	})
	if err != nil && !errors.Is(err, ErrLoginLocked) {
		return 0, fmt.Errorf("reserve login attempt: %w", err)
	}
	return id, err
}

// loginFailures counts failures since the time: on the account after its
// latest success or password reset (those of the browser's device cookie,
// or those of browsers without one), and from the address, which does not
// hold a browser with a device cookie.
func loginFailures(ctx context.Context, q Querier, email string, c LoginClient, since time.Time) (byAccount, byIP int, err error) {
	var device *string
	if c.Device != "" {
		device = &c.Device
	}
	err = q.QueryRow(ctx, `
		SELECT
			(SELECT count(*) FROM login_attempts a
			 WHERE a.email = $1 AND a.outcome = 'failure' AND a.at >= $3 AND a.device IS NOT DISTINCT FROM $4
			   AND a.at > coalesce((SELECT max(at) FROM login_attempts
			                        WHERE email = $1 AND outcome IN ('success', 'cleared') AND at >= $3), '-infinity')),
			CASE WHEN $4::text IS NULL
			     THEN (SELECT count(*) FROM login_attempts WHERE ip = $2 AND outcome = 'failure' AND at >= $3)
			     ELSE 0 END`,
		email, c.IP, since, device).Scan(&byAccount, &byIP)
	if err != nil {
		return 0, 0, fmt.Errorf("count login failures: %w", err)
	}
	return byAccount, byIP, nil
}

// CancelLoginAttempt withdraws a reservation whose password was never
// checked (the server was too busy to hash it).
func (s *Store) CancelLoginAttempt(ctx context.Context, id int64) error {
	if _, err := s.Pool.Exec(ctx, `DELETE FROM login_attempts WHERE id = $1 AND outcome = 'failure'`, id); err != nil {
		return fmt.Errorf("cancel login attempt %d: %w", id, err)
	}
	return nil
}

// LoginSucceeded turns the reserved attempt into a success, which ends the
// account's lock, and notes and audits the login.
func (s *Store) LoginSucceeded(ctx context.Context, attemptID, userID int64) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE login_attempts SET outcome = 'success' WHERE id = $1`, attemptID); err != nil {
			return fmt.Errorf("record login attempt %d: %w", attemptID, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET last_login_at = now() WHERE id = $1`, userID); err != nil {
			return fmt.Errorf("record login of user %d: %w", userID, err)
		}
		return Audit(ctx, tx, Actor{UserID: userID}, "login", "users", userID, nil, nil)
	})
}

// RecordResetRequest notes a request for reset mail to the address from
// the client and returns how many such requests there have been since the
// time, this one included: for the address and from the client.
func (s *Store) RecordResetRequest(ctx context.Context, email, ip string, since time.Time) (byAccount, byIP int, err error) {
	email = NormaliseEmail(email)
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		// Serialised per client address, so a burst cannot pass the count.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(7276, hashtext($1))`, ip); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO login_attempts (email, ip, outcome) VALUES ($1, $2, 'reset')`, email, ip); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `
			SELECT (SELECT count(*) FROM login_attempts WHERE email = $1 AND outcome = 'reset' AND at >= $3),
			       (SELECT count(*) FROM login_attempts WHERE ip = $2 AND outcome = 'reset' AND at >= $3)`,
			email, ip, since).Scan(&byAccount, &byIP)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("record reset request: %w", err)
	}
	return byAccount, byIP, nil
}
