package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// SessionWithUser returns the data of the unexpired session with the token
// and, when the session names a user who exists, that user with their
// organisations, read in one statement: the session and its user are
// loaded on every signed-in request.
func (s *Store) SessionWithUser(ctx context.Context, token string) (data []byte, user *portal.User, found bool, err error) {
	var (
		uid                      *int64
		orgIDs                   []int64
		orgKinds, orgNames, slug []string
		u                        portal.User
	)
	// The user's columns are NULL when no user is named; scanning them
	// into nullable holders first keeps userColumns the one list.
	var (
		id                            *int64
		name, email, role             *string
		active, hasPassword, required *bool
		changed, lastLogin            *time.Time
		version                       *int
		hasFactor                     *bool
	)
	err = s.Pool.QueryRow(ctx, `
		SELECT s.data, s.user_id, `+userColumns+`,
		       coalesce(o.ids, '{}'), coalesce(o.kinds, '{}'), coalesce(o.names, '{}'), coalesce(o.slugs, '{}')
		FROM sessions s
		LEFT JOIN users u ON u.id = s.user_id
		LEFT JOIN LATERAL (
			SELECT array_agg(o.id ORDER BY o.name COLLATE "C", o.id) AS ids,
			       array_agg(o.kind::text ORDER BY o.name COLLATE "C", o.id) AS kinds,
			       array_agg(o.name ORDER BY o.name COLLATE "C", o.id) AS names,
			       array_agg(o.slug ORDER BY o.name COLLATE "C", o.id) AS slugs
			FROM user_organisations uo JOIN organisations o ON o.id = uo.organisation_id
			WHERE uo.user_id = u.id) o ON true
		WHERE s.token = $1 AND current_timestamp < s.expiry`, token).Scan(&data, &uid,
		&id, &name, &email, &role, &active, &hasPassword, &changed, &lastLogin, &version, &required, &hasFactor,
		&orgIDs, &orgKinds, &orgNames, &slug)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, false, nil
	}
	if err != nil {
		return nil, nil, false, fmt.Errorf("load session: %w", err)
	}
	if id == nil {
		return data, nil, true, nil
	}
	u = portal.User{ID: *id, Name: *name, Email: *email, Role: portal.UserRole(*role), Active: *active, HasPassword: *hasPassword,
		Version: *version, SecondFactorRequired: *required, HasSecondFactor: *hasFactor}
	if changed != nil {
		u.PasswordChangedAt = *changed
	}
	if lastLogin != nil {
		u.LastLoginAt = lastLogin
	}
	for i := range orgIDs {
		u.Organisations = append(u.Organisations, portal.Organisation{ID: orgIDs[i],
			Kind: portal.OrganisationKind(orgKinds[i]), Name: orgNames[i], Slug: slug[i]})
	}
	return data, &u, true, nil
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
