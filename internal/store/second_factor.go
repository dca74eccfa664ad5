package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Passkey is a WebAuthn credential of a user. Credential is go-webauthn's
// record of it in JSON; the store does not look inside.
type Passkey struct {
	ID           int64
	Name         string
	CredentialID []byte
	Credential   []byte
	CreatedAt    time.Time
	LastUsedAt   *time.Time
}

// TOTPSecret returns the user's authenticator-app secret, ErrNotFound when
// they have none.
func (s *Store) TOTPSecret(ctx context.Context, userID int64) (string, error) {
	var secret string
	err := s.Pool.QueryRow(ctx, `SELECT secret FROM user_totp WHERE user_id = $1`, userID).Scan(&secret)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("load totp secret of user %d: %w", userID, err)
	}
	return secret, nil
}

// EnrolTOTP stores the user's authenticator-app secret, replacing an
// earlier one, with the step of the code that confirmed it as used. When
// recoveryHashes is not nil they replace the user's recovery codes.
func (s *Store) EnrolTOTP(ctx context.Context, actor Actor, userID int64, secret string, step int64, recoveryHashes [][]byte) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `
			INSERT INTO user_totp (user_id, secret, last_step) VALUES ($1, $2, $3)
			ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, last_step = EXCLUDED.last_step, created_at = now()`,
			userID, secret, step); err != nil {
			return fmt.Errorf("store totp secret of user %d: %w", userID, err)
		}
		if recoveryHashes != nil {
			if err := replaceRecoveryCodes(ctx, tx, userID, recoveryHashes); err != nil {
				return err
			}
		}
		return Audit(ctx, tx, actor, "second_factor_add", "users", userID, nil, map[string]any{"second_factor": "totp"})
	})
}

// UseTOTPStep records that a code of the time step was accepted, and
// reports false when that step or a later one was used already: each code
// works once, even within its 30 seconds.
func (s *Store) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	tag, err := s.Pool.Exec(ctx, `UPDATE user_totp SET last_step = $2 WHERE user_id = $1 AND last_step < $2`, userID, step)
	if err != nil {
		return false, fmt.Errorf("use totp step of user %d: %w", userID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// UseRecoveryCode spends the user's unused recovery code with the hash,
// reporting false when there is none.
func (s *Store) UseRecoveryCode(ctx context.Context, userID int64, hash []byte) (bool, error) {
	tag, err := s.Pool.Exec(ctx, `
		UPDATE user_recovery_codes SET used_at = now() WHERE user_id = $1 AND hash = $2 AND used_at IS NULL`, userID, hash)
	if err != nil {
		return false, fmt.Errorf("use recovery code of user %d: %w", userID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// RecoveryCodesLeft counts the user's unused recovery codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, userID int64) (int, error) {
	var n int
	if err := s.Pool.QueryRow(ctx, `SELECT count(*) FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NULL`,
		userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count recovery codes of user %d: %w", userID, err)
	}
	return n, nil
}

// ReplaceRecoveryCodes gives the user new recovery codes; the old ones stop
// working.
func (s *Store) ReplaceRecoveryCodes(ctx context.Context, actor Actor, userID int64, hashes [][]byte) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if err := replaceRecoveryCodes(ctx, tx, userID, hashes); err != nil {
			return err
		}
		return Audit(ctx, tx, actor, "recovery_codes_new", "users", userID, nil, map[string]any{"recovery_codes": len(hashes)})
	})
}

func replaceRecoveryCodes(ctx context.Context, tx pgx.Tx, userID int64, hashes [][]byte) error {
	if _, err := tx.Exec(ctx, `DELETE FROM user_recovery_codes WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("drop recovery codes of user %d: %w", userID, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO user_recovery_codes (user_id, hash) SELECT $1, unnest($2::bytea[])`,
		userID, hashes); err != nil {
		return fmt.Errorf("store recovery codes of user %d: %w", userID, err)
	}
	return nil
}

// ReserveSecondFactorAttempt books one check of a second factor for the
// user, unless limit checks have failed since the time; then ok is false and
// nothing may be checked. The reservation counts as a failure until
// SecondFactorSucceeded marks it. The user's row is locked while counting,
// so parallel requests cannot all slip under the limit.
func (s *Store) ReserveSecondFactorAttempt(ctx context.Context, userID int64, since time.Time, limit int) (id int64, ok bool, err error) {
	err = s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, userID); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `
			INSERT INTO second_factor_attempts (user_id)
			SELECT $1 WHERE (SELECT count(*) FROM second_factor_attempts
			                 WHERE user_id = $1 AND at >= $2 AND NOT succeeded) < $3
			RETURNING id`, userID, since, limit).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		ok = err == nil
		return err
	})
	if err != nil {
		return 0, false, fmt.Errorf("reserve second-factor attempt of user %d: %w", userID, err)
	}
	return id, ok, nil
}

// SecondFactorSucceeded marks a reserved attempt as passed, so it does not
// count towards the limit.
func (s *Store) SecondFactorSucceeded(ctx context.Context, attemptID int64) error {
	if _, err := s.Pool.Exec(ctx, `UPDATE second_factor_attempts SET succeeded = true WHERE id = $1`, attemptID); err != nil {
		return fmt.Errorf("mark second-factor attempt %d: %w", attemptID, err)
	}
	return nil
}

// Passkeys lists the user's passkeys, oldest first.
func (s *Store) Passkeys(ctx context.Context, userID int64) ([]Passkey, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT id, name, credential_id, credential, created_at, last_used_at
		FROM user_passkeys WHERE user_id = $1 ORDER BY created_at, id LIMIT 100`, userID)
	if err != nil {
		return nil, fmt.Errorf("list passkeys of user %d: %w", userID, err)
	}
	keys, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Passkey, error) {
		var p Passkey
		err := r.Scan(&p.ID, &p.Name, &p.CredentialID, &p.Credential, &p.CreatedAt, &p.LastUsedAt)
		return p, err
	})
	if err != nil {
		return nil, fmt.Errorf("list passkeys of user %d: %w", userID, err)
	}
	return keys, nil
}

// AddPasskey stores a new passkey of the user. When recoveryHashes is not
// nil they replace the user's recovery codes (the first second factor comes
// with codes).
func (s *Store) AddPasskey(ctx context.Context, actor Actor, userID int64, p Passkey, recoveryHashes [][]byte) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO user_passkeys (user_id, credential_id, name, credential) VALUES ($1, $2, $3, $4) RETURNING id`,
			userID, p.CredentialID, p.Name, p.Credential).Scan(&id); err != nil {
			return fmt.Errorf("store passkey of user %d: %w", userID, err)
		}
		if recoveryHashes != nil {
			if err := replaceRecoveryCodes(ctx, tx, userID, recoveryHashes); err != nil {
				return err
			}
		}
		return Audit(ctx, tx, actor, "second_factor_add", "users", userID, nil,
			map[string]any{"second_factor": "passkey", "passkey": p.Name})
	})
}

// UsePasskey records a passkey's use with its updated record (the
// authenticator's signature counter).
func (s *Store) UsePasskey(ctx context.Context, userID int64, credentialID, credential []byte) error {
	if _, err := s.Pool.Exec(ctx, `
		UPDATE user_passkeys SET credential = $3, last_used_at = now() WHERE user_id = $1 AND credential_id = $2`,
		userID, credentialID, credential); err != nil {
		return fmt.Errorf("record passkey use of user %d: %w", userID, err)
	}
	return nil
}

// DeletePasskey removes one of the user's passkeys; ErrNotFound when the
// user has no passkey with the id.
func (s *Store) DeletePasskey(ctx context.Context, actor Actor, userID, id int64) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var name string
		err := tx.QueryRow(ctx, `DELETE FROM user_passkeys WHERE id = $1 AND user_id = $2 RETURNING name`, id, userID).Scan(&name)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("delete passkey %d: %w", id, err)
		}
		return Audit(ctx, tx, actor, "second_factor_remove", "users", userID,
			map[string]any{"second_factor": "passkey", "passkey": name}, nil)
	})
}

// DeleteTOTP removes the user's authenticator app.
func (s *Store) DeleteTOTP(ctx context.Context, actor Actor, userID int64) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM user_totp WHERE user_id = $1`, userID)
		if err != nil {
			return fmt.Errorf("delete totp of user %d: %w", userID, err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return Audit(ctx, tx, actor, "second_factor_remove", "users", userID, map[string]any{"second_factor": "totp"}, nil)
	})
}

// ResetSecondFactor removes every second factor and recovery code of the
// user, for someone who lost them: they set up a new one at their next
// sign-in.
func (s *Store) ResetSecondFactor(ctx context.Context, actor Actor, userID int64) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var passkeys, totps, codes int64
		for _, q := range []struct {
			sql string
			n   *int64
		}{
			{`DELETE FROM user_passkeys WHERE user_id = $1`, &passkeys},
			{`DELETE FROM user_totp WHERE user_id = $1`, &totps},
			{`DELETE FROM user_recovery_codes WHERE user_id = $1`, &codes},
			{`DELETE FROM second_factor_attempts WHERE user_id = $1`, new(int64)},
		} {
			tag, err := tx.Exec(ctx, q.sql, userID)
			if err != nil {
				return fmt.Errorf("reset second factor of user %d: %w", userID, err)
			}
			*q.n = tag.RowsAffected()
		}
		return Audit(ctx, tx, actor, "second_factor_reset", "users", userID,
			map[string]any{"passkeys": passkeys, "authenticator_app": totps > 0, "recovery_codes": codes}, nil)
	})
}

// SetSecondFactorRequired says whether the user must use a second factor.
func (s *Store) SetSecondFactorRequired(ctx context.Context, actor Actor, userID int64, required bool) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		var before bool
		err := tx.QueryRow(ctx, `
			UPDATE users u SET second_factor_required = $2, version = version + 1, updated_at = now()
			FROM (SELECT id, second_factor_required FROM users WHERE id = $1 FOR UPDATE) old
			WHERE u.id = old.id RETURNING old.second_factor_required`, userID, required).Scan(&before)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("set second factor required of user %d: %w", userID, err)
		}
		return Audit(ctx, tx, actor, "update", "users", userID,
			map[string]any{"second_factor_required": before}, map[string]any{"second_factor_required": required})
	})
}

// SecondFactors says what the user has: an authenticator app, how many
// passkeys and how many unused recovery codes.
func (s *Store) SecondFactors(ctx context.Context, userID int64) (hasTOTP bool, passkeys, recoveryLeft int, err error) {
	err = s.Pool.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM user_totp WHERE user_id = $1),
		       (SELECT count(*) FROM user_passkeys WHERE user_id = $1),
		       (SELECT count(*) FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NULL)`,
		userID).Scan(&hasTOTP, &passkeys, &recoveryLeft)
	if err != nil {
		err = fmt.Errorf("second factors of user %d: %w", userID, err)
	}
	return hasTOTP, passkeys, recoveryLeft, err
}
