package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"modellportalen/internal/portal"
)

// StoredSession is a session as SessionWithUser reads it.
type StoredSession struct {
	Data []byte
	// User is the user the session names, if they exist, without their
	// organisations: OrganisationIDs are the ones they act for, which the
	// caller names (the server from what it keeps of the public data).
	User            *portal.User
	OrganisationIDs []int64
}

// SessionWithUser returns the unexpired session with the token and, when
// the session names a user who exists, that user and the ids of their
// organisations, read in one statement: the session and its user are
// loaded on every signed-in request, so the statement stays on the
// primary keys (joining the organisations made it cost twice as much).
func (s *Store) SessionWithUser(ctx context.Context, token string) (StoredSession, bool, error) {
	var ss StoredSession
	// The user's columns are NULL when no user is named. pgtype's values
	// scan NULL without a pointer each: this runs on every signed-in
	// request, and twelve pointers were a third of its garbage.
	var (
		id                                     pgtype.Int8
		name, email, role                      pgtype.Text
		active, hasPassword, required, hasFact pgtype.Bool
		changed, lastLogin                     pgtype.Timestamptz
		version                                pgtype.Int4
	)
	err := s.Pool.QueryRow(ctx, `
		SELECT s.data, `+userColumns+`,
		       ARRAY(SELECT uo.organisation_id FROM user_organisations uo WHERE uo.user_id = u.id ORDER BY 1)
		FROM sessions s
		LEFT JOIN users u ON u.id = s.user_id
		WHERE s.token = $1 AND current_timestamp < s.expiry`, token).Scan(&ss.Data,
		&id, &name, &email, &role, &active, &hasPassword, &changed, &lastLogin, &version, &required, &hasFact,
		&ss.OrganisationIDs)
	if errors.Is(err, pgx.ErrNoRows) {
		return StoredSession{}, false, nil
	}
	if err != nil {
		return StoredSession{}, false, fmt.Errorf("load session: %w", err)
	}
	if !id.Valid {
		return StoredSession{Data: ss.Data}, true, nil
	}
	u := portal.User{ID: id.Int64, Name: name.String, Email: email.String, Role: portal.UserRole(role.String),
		Active: active.Bool, HasPassword: hasPassword.Bool, Version: int(version.Int32),
		SecondFactorRequired: required.Bool, HasSecondFactor: hasFact.Bool, PasswordChangedAt: changed.Time}
	if lastLogin.Valid {
		u.LastLoginAt = &lastLogin.Time
	}
	ss.User = &u
	return ss, true, nil
}

// CommitSession writes the session's data and expiry and the user it
// names (0 for none).
func (s *Store) CommitSession(ctx context.Context, token string, data []byte, expiry time.Time, userID int64) error {
	var uid *int64
	if userID != 0 {
		uid = &userID
	}
	_, err := s.Pool.Exec(ctx, `
		INSERT INTO sessions (token, data, expiry, user_id) VALUES ($1, $2, $3, $4)
		ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry, user_id = EXCLUDED.user_id`,
		token, data, expiry, uid)
	if err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	return nil
}
