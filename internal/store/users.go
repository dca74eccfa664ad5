package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"modellportalen/internal/portal"
)

// ErrEmailTaken is returned when another user already has the e-mail address
// (compared without regard to case).
var ErrEmailTaken = errors.New("e-mail address already in use")

const userColumns = `u.id, u.name, u.email, u.role, u.active, u.password_hash IS NOT NULL,
	u.password_changed_at, u.last_login_at, u.version, u.second_factor_required,
	EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = u.id) OR EXISTS (SELECT 1 FROM user_passkeys p WHERE p.user_id = u.id)`

func scanUser(row pgx.Row, extra ...any) (portal.User, error) {
	var u portal.User
	err := row.Scan(append([]any{&u.ID, &u.Name, &u.Email, &u.Role, &u.Active, &u.HasPassword,
		&u.PasswordChangedAt, &u.LastLoginAt, &u.Version, &u.SecondFactorRequired, &u.HasSecondFactor}, extra...)...)
	return u, err
}

// auditUser is what the audit log records of a user; never the hash.
type auditUser struct {
	Name   string          `json:"name"`
	Email  string          `json:"email"`
	Role   portal.UserRole `json:"role"`
	Active bool            `json:"active"`
}

func auditOf(u portal.User) auditUser {
	return auditUser{Name: u.Name, Email: u.Email, Role: u.Role, Active: u.Active}
}

// NormaliseEmail is how addresses are compared and throttled: trimmed and
// lower-cased.
func NormaliseEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// UserByID returns the user with the organisations they act for. It runs
// on every signed-in request, so both queries go in one round trip.
func (s *Store) UserByID(ctx context.Context, id int64) (portal.User, error) {
	var u portal.User
	var orgs []portal.Organisation
	b := &pgx.Batch{}
	b.Queue(`SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id).QueryRow(func(row pgx.Row) error {
		var err error
		u, err = scanUser(row)
		return err
	})
	b.Queue(userOrganisationsQuery, []int64{id}).Query(func(rows pgx.Rows) error {
		var err error
		orgs, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.Organisation, error) {
			var uid int64
			var o portal.Organisation
			err := row.Scan(&uid, &o.ID, &o.Kind, &o.Name, &o.Slug)
			return o, err
		})
		return err
	})
	err := s.Pool.SendBatch(ctx, b).Close()
	if errors.Is(err, pgx.ErrNoRows) {
		return u, ErrNotFound
	}
	if err != nil {
		return u, fmt.Errorf("load user %d: %w", id, err)
	}
	u.Organisations = orgs
	return u, nil
}

// UserForLogin returns the active user with the e-mail address and their
// password hash, or ErrNotFound when there is none or no password is set.
func (s *Store) UserForLogin(ctx context.Context, email string) (portal.User, string, error) {
	var hash string
	u, err := scanUser(s.Pool.QueryRow(ctx, `
		SELECT `+userColumns+`, u.password_hash FROM users u
		WHERE lower(u.email) = $1 AND u.active AND u.password_hash IS NOT NULL`, NormaliseEmail(email)), &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return u, "", ErrNotFound
	}
	if err != nil {
		return u, "", fmt.Errorf("load user for login: %w", err)
	}
	return u, hash, nil
}

// PasswordHash returns the user's password hash, "" when none is set.
func (s *Store) PasswordHash(ctx context.Context, id int64) (string, error) {
	var hash *string
	err := s.Pool.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, id).Scan(&hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil || hash == nil {
		return "", err
	}
	return *hash, nil
}

// UserByEmail returns the user with the e-mail address, active or not.
func (s *Store) UserByEmail(ctx context.Context, email string) (portal.User, error) {
	u, err := scanUser(s.Pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE lower(u.email) = $1`, NormaliseEmail(email)))
	if errors.Is(err, pgx.ErrNoRows) {
		return u, ErrNotFound
	}
	if err != nil {
		return u, fmt.Errorf("load user by e-mail: %w", err)
	}
	return u, nil
}

// Users lists every user by name, with their organisations.
func (s *Store) Users(ctx context.Context) ([]portal.User, error) {
	return s.listUsers(ctx, `SELECT `+userColumns+` FROM users u ORDER BY lower(u.name), u.id LIMIT 5000`)
}

// listUsers runs query, which selects userColumns, and loads the users'
// organisations in one more query.
func (s *Store) listUsers(ctx context.Context, query string, args ...any) ([]portal.User, error) {
	rows, err := s.Pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	users, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.User, error) { return scanUser(r) })
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	ids := make([]int64, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	orgs, err := s.userOrganisations(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range users {
		users[i].Organisations = orgs[users[i].ID]
	}
	return users, nil
}

const userOrganisationsQuery = `
		SELECT uo.user_id, o.id, o.kind, o.name, o.slug
		FROM user_organisations uo JOIN organisations o ON o.id = uo.organisation_id
		WHERE uo.user_id = ANY($1)
		ORDER BY o.name COLLATE "C", o.id`

func (s *Store) userOrganisations(ctx context.Context, ids []int64) (map[int64][]portal.Organisation, error) {
	rows, err := s.Pool.Query(ctx, userOrganisationsQuery, ids)
	if err != nil {
		return nil, fmt.Errorf("load users' organisations: %w", err)
	}
	defer rows.Close()
	out := map[int64][]portal.Organisation{}
	for rows.Next() {
		var uid int64
		var o portal.Organisation
		if err := rows.Scan(&uid, &o.ID, &o.Kind, &o.Name, &o.Slug); err != nil {
			return nil, fmt.Errorf("load users' organisations: %w", err)
		}
		out[uid] = append(out[uid], o)
	}
	return out, rows.Err()
}

// UserOrganisationsByID returns the organisations with the ids as a
// user's organisations are given: id, kind, name and slug, by name.
func (s *Store) UserOrganisationsByID(ctx context.Context, ids []int64) ([]portal.Organisation, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT o.id, o.kind, o.name, o.slug FROM organisations o
		WHERE o.id = ANY($1)
		ORDER BY o.name COLLATE "C", o.id`, ids)
	if err != nil {
		return nil, fmt.Errorf("load organisations %v: %w", ids, err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.Organisation, error) {
		var o portal.Organisation
		err := row.Scan(&o.ID, &o.Kind, &o.Name, &o.Slug)
		return o, err
	})
}

// NewUser is a user to create.
type NewUser struct {
	Name            string
	Email           string
	Role            portal.UserRole
	OrganisationIDs []int64 // for a contact person
	PasswordHash    string  // "" to leave unset until an invitation is accepted
}

// NewToken is a single-use token to store, by its SHA-256 only.
type NewToken struct {
	Hash    []byte
	Purpose string // "invite" or "reset"
	Expires time.Time
}

// Token purposes.
const (
	TokenInvite = "invite"
	TokenReset  = "reset"
)

// CreateUser adds a user, their organisations and an audit entry, and, when
// invite is not nil, the invitation token and its mail, all in one
// transaction.
func (s *Store) CreateUser(ctx context.Context, actor Actor, nu NewUser, invite *NewToken, mail *portal.Mail) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		var hash *string
		if nu.PasswordHash != "" {
			hash = &nu.PasswordHash
		}
		err := tx.QueryRow(ctx, `
			INSERT INTO users (name, email, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id`,
			nu.Name, strings.TrimSpace(nu.Email), nu.Role, hash).Scan(&id)
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "23505" {
			return ErrEmailTaken
		}
		if err != nil {
			return fmt.Errorf("insert user: %w", err)
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO user_organisations (user_id, organisation_id)
			SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, id, nu.OrganisationIDs); err != nil {
			return fmt.Errorf("bind user to organisations: %w", err)
		}
		after := map[string]any{"name": nu.Name, "email": nu.Email, "role": nu.Role, "active": true,
			"organisations": nu.OrganisationIDs}
		if err := Audit(ctx, tx, actor, "create", "users", id, nil, after); err != nil {
			return err
		}
		if invite != nil {
			return issueToken(ctx, tx, id, *invite, mail)
		}
		return nil
	})
	return id, err
}

// IssueToken stores a token for the user and queues its mail.
func (s *Store) IssueToken(ctx context.Context, userID int64, t NewToken, mail *portal.Mail) error {
	return s.InTx(ctx, func(tx pgx.Tx) error { return issueToken(ctx, tx, userID, t, mail) })
}

func issueToken(ctx context.Context, tx pgx.Tx, userID int64, t NewToken, mail *portal.Mail) error {
	// A new link replaces the earlier ones of its purpose: one that went
	// astray, the reason to send again, must not keep working.
	if _, err := tx.Exec(ctx, `UPDATE user_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
		userID, t.Purpose); err != nil {
		return fmt.Errorf("spend earlier %s tokens of user %d: %w", t.Purpose, userID, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO user_tokens (hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4)`,
		t.Hash, userID, t.Purpose, t.Expires); err != nil {
		return fmt.Errorf("store %s token for user %d: %w", t.Purpose, userID, err)
	}
	if mail != nil {
		return EnqueueMail(ctx, tx, *mail)
	}
	return nil
}

// TokenUser returns the active user whose unused, unexpired token of the
// purpose has the hash, or ErrNotFound.
func (s *Store) TokenUser(ctx context.Context, hash []byte, purpose string) (portal.User, error) {
	u, err := scanUser(s.Pool.QueryRow(ctx, `
		SELECT `+userColumns+` FROM user_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = $1 AND t.purpose = $2 AND t.used_at IS NULL AND t.expires_at > now() AND u.active`,
		hash, purpose))
	if errors.Is(err, pgx.ErrNoRows) {
		return u, ErrNotFound
	}
	if err != nil {
		return u, fmt.Errorf("look up token: %w", err)
	}
	return u, nil
}

// SetPasswordWithToken uses the token (once) to set its user's password. It
// spends every other open token of the user for the same purpose, ends any
// login lock on the address, and audits the change. It returns ErrNotFound
// when the token is unknown, used, expired or its user inactive.
func (s *Store) SetPasswordWithToken(ctx context.Context, hash []byte, purpose, passwordHash, ip string) (portal.User, error) {
	var u portal.User
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		var userID int64
		err := tx.QueryRow(ctx, `
			UPDATE user_tokens t SET used_at = now()
			FROM users u
			WHERE t.hash = $1 AND t.purpose = $2 AND t.used_at IS NULL AND t.expires_at > now()
			  AND u.id = t.user_id AND u.active
			RETURNING t.user_id`, hash, purpose).Scan(&userID)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("spend token: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE user_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
			userID, purpose); err != nil {
			return fmt.Errorf("spend other tokens: %w", err)
		}
		if err := setPassword(ctx, tx, Actor{UserID: userID}, userID, passwordHash, purpose); err != nil {
			return err
		}
		u, err = scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, userID))
		if err != nil {
			return fmt.Errorf("reload user %d: %w", userID, err)
		}
		_, err = tx.Exec(ctx, `INSERT INTO login_attempts (email, ip, outcome) VALUES ($1, $2, 'cleared')`,
			NormaliseEmail(u.Email), ip)
		return err
	})
	return u, err
}

// ChangePassword sets a signed-in user's new password.
func (s *Store) ChangePassword(ctx context.Context, userID int64, passwordHash string) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		return setPassword(ctx, tx, Actor{UserID: userID}, userID, passwordHash, "change")
	})
}

func setPassword(ctx context.Context, tx pgx.Tx, actor Actor, userID int64, passwordHash, how string) error {
	if _, err := tx.Exec(ctx, `
		UPDATE users SET password_hash = $2, password_changed_at = clock_timestamp(),
			version = version + 1, updated_at = now()
		WHERE id = $1`, userID, passwordHash); err != nil {
		return fmt.Errorf("set password of user %d: %w", userID, err)
	}
	action := map[string]string{TokenInvite: "accept_invitation", TokenReset: "reset_password"}[how]
	if action == "" {
		action = "change_password"
	}
	return Audit(ctx, tx, actor, action, "users", userID, nil, nil)
}

// RemovePassword switches the user off and removes their password, so no
// one can sign in as them until an admin invites them again.
func (s *Store) RemovePassword(ctx context.Context, actor Actor, id int64) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE users SET password_hash = NULL, active = false, password_changed_at = clock_timestamp(),
				version = version + 1, updated_at = now()
			WHERE id = $1`, id)
		if err != nil {
			return fmt.Errorf("remove password of user %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return Audit(ctx, tx, actor, "remove_password", "users", id, nil, map[string]any{"active": false})
	})
}

// UserChange is an update of a user: nil fields stay as they are.
type UserChange struct {
	Name   *string
	Role   *portal.UserRole
	Active *bool
}

// UpdateUser applies the change and audits what differs.
func (s *Store) UpdateUser(ctx context.Context, actor Actor, id int64, c UserChange) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1 FOR UPDATE`, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("load user %d: %w", id, err)
		}
		after := before
		if c.Name != nil {
			after.Name = *c.Name
		}
		if c.Role != nil {
			after.Role = *c.Role
		}
		if c.Active != nil {
			after.Active = *c.Active
		}
		if auditOf(before) == auditOf(after) {
			return nil
		}
		if _, err := tx.Exec(ctx, `
			UPDATE users SET name = $2, role = $3, active = $4, version = version + 1, updated_at = now()
			WHERE id = $1`, id, after.Name, after.Role, after.Active); err != nil {
			return fmt.Errorf("update user %d: %w", id, err)
		}
		return Audit(ctx, tx, actor, "update", "users", id, auditOf(before), auditOf(after))
	})
}

// RecordLogin notes a successful login.
func (s *Store) RecordLogin(ctx context.Context, userID int64, email, ip string) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET last_login_at = now() WHERE id = $1`, userID); err != nil {
			return fmt.Errorf("record login of user %d: %w", userID, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO login_attempts (email, ip, outcome) VALUES ($1, $2, 'success')`,
			NormaliseEmail(email), ip); err != nil {
			return fmt.Errorf("record login attempt: %w", err)
		}
		return Audit(ctx, tx, Actor{UserID: userID}, "login", "users", userID, nil, nil)
	})
}

// RecordLoginFailure notes a failed login on the address from the client.
func (s *Store) RecordLoginFailure(ctx context.Context, email, ip string) error {
	if _, err := s.Pool.Exec(ctx, `INSERT INTO login_attempts (email, ip, outcome) VALUES ($1, $2, 'failure')`,
		NormaliseEmail(email), ip); err != nil {
		return fmt.Errorf("record login failure: %w", err)
	}
	return nil
}

// LoginFailures counts failed logins since the time: on the address (only
// those after its latest success or password reset) and from the client.
func (s *Store) LoginFailures(ctx context.Context, email, ip string, since time.Time) (byAccount, byIP int, err error) {
	return loginFailures(ctx, s.Pool, NormaliseEmail(email), LoginClient{IP: ip}, since)
}
