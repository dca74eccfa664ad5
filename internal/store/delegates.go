package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// The audit log is append-only, so it must never hold a delegate's personal
// data: erasure could not remove it. For delegates it records the level and
// which fields changed, never their values.
type auditDelegate struct {
	Participation int64        `json:"participation_id"`
	Level         portal.Level `json:"level"`
	Changed       []string     `json:"changed_fields,omitempty"`
}

func changedFields(a, b portal.Delegate) []string {
	var out []string
	for _, f := range []struct {
		name string
		x, y string
	}{{"level", string(a.Level), string(b.Level)}, {"name", a.Name, b.Name}, {"title", a.Title, b.Title},
		{"party", a.Party, b.Party}, {"email", a.Email, b.Email}, {"phone", a.Phone, b.Phone}} {
		if f.x != f.y {
			out = append(out, f.name)
		}
	}
	return out
}

const delegateColumns = `d.id, d.participation_id, d.level, d.name, d.title, d.party, d.email, d.phone, d.version`

func scanDelegate(row pgx.Row) (portal.Delegate, error) {
	var d portal.Delegate
	err := row.Scan(&d.ID, &d.ParticipationID, &d.Level, &d.Name, &d.Title, &d.Party, &d.Email, &d.Phone, &d.Version)
	return d, err
}

// Delegates returns the delegations of the participations, by
// participation id, each by level and name — one query however many.
func (s *Store) Delegates(ctx context.Context, participationIDs []int64) (map[int64][]portal.Delegate, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT `+delegateColumns+` FROM delegates d WHERE d.participation_id = ANY($1)
		ORDER BY array_position(ARRAY['politician', 'manager', 'strategist', 'member'], d.level), d.name, d.id`, participationIDs)
	if err != nil {
		return nil, fmt.Errorf("list delegates: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.Delegate, error) { return scanDelegate(r) })
	if err != nil {
		return nil, fmt.Errorf("list delegates: %w", err)
	}
	out := map[int64][]portal.Delegate{}
	for _, d := range list {
		out[d.ParticipationID] = append(out[d.ParticipationID], d)
	}
	return out, nil
}

// RoundDelegates lists the delegates of every participation in a round, with
// the organisation's name, in one query.
func (s *Store) RoundDelegates(ctx context.Context, roundID int64) ([]portal.RoundDelegate, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT `+delegateColumns+`, o.name, p.track, p.role
		FROM delegates d
		JOIN participations p ON p.id = d.participation_id
		JOIN organisations o ON o.id = p.organisation_id
		WHERE p.round_id = $1
		ORDER BY o.name COLLATE "C", array_position(ARRAY['politician', 'manager', 'strategist', 'member'], d.level), d.name, d.id`, roundID)
	if err != nil {
		return nil, fmt.Errorf("list delegates of round %d: %w", roundID, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.RoundDelegate, error) {
		var rd portal.RoundDelegate
		d := &rd.Delegate
		err := r.Scan(&d.ID, &d.ParticipationID, &d.Level, &d.Name, &d.Title, &d.Party, &d.Email, &d.Phone, &d.Version,
			&rd.Organisation, &rd.Track, &rd.Role)
		return rd, err
	})
}

// DelegateByID loads one delegate.
func (s *Store) DelegateByID(ctx context.Context, id int64) (portal.Delegate, error) {
	return delegateByID(ctx, s.Pool, id)
}

func delegateByID(ctx context.Context, q Querier, id int64) (portal.Delegate, error) {
	d, err := scanDelegate(q.QueryRow(ctx, `SELECT `+delegateColumns+` FROM delegates d WHERE d.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return d, ErrNotFound
	}
	if err != nil {
		return d, fmt.Errorf("load delegate %d: %w", id, err)
	}
	return d, nil
}

// SaveDelegate creates (ID 0) or updates a delegate, checking the version on
// update.
func (s *Store) SaveDelegate(ctx context.Context, actor Actor, d portal.Delegate) (portal.Delegate, error) {
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		if d.ID == 0 {
			if err := tx.QueryRow(ctx, `
				INSERT INTO delegates (participation_id, level, name, title, party, email, phone)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, version`,
				d.ParticipationID, d.Level, d.Name, d.Title, d.Party, d.Email, d.Phone).Scan(&d.ID, &d.Version); err != nil {
				return fmt.Errorf("insert delegate: %w", err)
			}
			return Audit(ctx, tx, actor, "create", "delegates", d.ID, nil,
				auditDelegate{Participation: d.ParticipationID, Level: d.Level})
		}
		before, err := delegateByID(ctx, tx, d.ID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			UPDATE delegates SET level = $3, name = $4, title = $5, party = $6, email = $7, phone = $8,
			       version = version + 1, updated_at = now()
			WHERE id = $1 AND version = $2`, d.ID, d.Version, d.Level, d.Name, d.Title, d.Party, d.Email, d.Phone)
		if err != nil {
			return fmt.Errorf("update delegate %d: %w", d.ID, err)
		}
		if tag.RowsAffected() == 0 {
			return conflict("delegates", d.ID, before)
		}
		d.ParticipationID = before.ParticipationID
		d.Version = before.Version + 1
		return Audit(ctx, tx, actor, "update", "delegates", d.ID,
			auditDelegate{Participation: before.ParticipationID, Level: before.Level},
			auditDelegate{Participation: d.ParticipationID, Level: d.Level, Changed: changedFields(before, d)})
	})
	return d, err
}

// EraseDelegate removes a delegate for good (GDPR erasure): the row goes,
// with its attendance, and so from every export. The audit log keeps only
// that an erasure happened.
func (s *Store) EraseDelegate(ctx context.Context, actor Actor, id, version int64) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := delegateByID(ctx, tx, id)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM delegates WHERE id = $1 AND version = $2`, id, version)
		if err != nil {
			return fmt.Errorf("erase delegate %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return conflict("delegates", id, before)
		}
		// Invitations to the delegate hold their name and address; erasure
		// takes them too, sent or waiting.
		if before.Email != "" {
			if _, err := tx.Exec(ctx, `DELETE FROM outbox WHERE lower(to_address) = lower($1)
				AND NOT EXISTS (SELECT 1 FROM users u WHERE lower(u.email) = lower($1))
				AND NOT EXISTS (SELECT 1 FROM delegates d WHERE lower(d.email) = lower($1))`, before.Email); err != nil {
				return fmt.Errorf("erase mail to delegate %d: %w", id, err)
			}
		}
		return Audit(ctx, tx, actor, "erase", "delegates", id,
			auditDelegate{Participation: before.ParticipationID, Level: before.Level}, nil)
	})
}

// PersonData collects what is held about the person with the e-mail address
// (case-insensitive), for a GDPR access request.
func (s *Store) PersonData(ctx context.Context, email string) (portal.PersonRecord, error) {
	rec := portal.PersonRecord{Email: email}
	rows, err := s.Pool.Query(ctx, `
		SELECT `+delegateColumns+`, o.name, r.name,
		       coalesce((SELECT array_agg(m.held_on::text ||
		                                  CASE WHEN a.substitute_name <> '' THEN ' (ersättaren ' || a.substitute_name || ' kom)' ELSE '' END
		                                  ORDER BY m.held_on) FROM meeting_attendance a
		                 JOIN learning_meetings m ON m.id = a.meeting_id WHERE a.delegate_id = d.id), '{}'),
		       coalesce((SELECT array_agg(m.held_on::text || ': ' || mr.answer ||
		                                  CASE WHEN mr.answer = 'substitute' THEN ' ' || mr.substitute_name || ' <' || mr.substitute_email || '>' ELSE '' END
		                                  ORDER BY m.held_on)
		                 FROM meeting_replies mr JOIN learning_meetings m ON m.id = mr.meeting_id WHERE mr.delegate_id = d.id), '{}')
		FROM delegates d
		JOIN participations p ON p.id = d.participation_id
		JOIN organisations o ON o.id = p.organisation_id
		JOIN rounds r ON r.id = p.round_id
		WHERE lower(d.email) = lower($1) AND d.email <> ''
		ORDER BY r.start_year, o.name`, email)
	if err != nil {
		return rec, fmt.Errorf("person data: %w", err)
	}
	rec.Delegates, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.PersonDelegate, error) {
		var pd portal.PersonDelegate
		d := &pd.Delegate
		err := r.Scan(&d.ID, &d.ParticipationID, &d.Level, &d.Name, &d.Title, &d.Party, &d.Email, &d.Phone, &d.Version,
			&pd.Organisation, &pd.Round, &pd.Meetings, &pd.Replies)
		return pd, err
	})
	if err != nil {
		return rec, fmt.Errorf("person data: %w", err)
	}
	rows, err = s.Pool.Query(ctx, `
		SELECT m.held_on::text, r.name, o.name, d.name, mr.substitute_name, mr.substitute_level,
		       EXISTS (SELECT 1 FROM meeting_attendance a WHERE a.meeting_id = mr.meeting_id AND a.delegate_id = mr.delegate_id
		               AND a.substitute_name <> '')
		FROM meeting_replies mr
		JOIN learning_meetings m ON m.id = mr.meeting_id
		JOIN rounds r ON r.id = m.round_id
		JOIN delegates d ON d.id = mr.delegate_id
		JOIN participations p ON p.id = d.participation_id
		JOIN organisations o ON o.id = p.organisation_id
		WHERE mr.answer = 'substitute' AND lower(mr.substitute_email) = lower($1)
		ORDER BY m.held_on, o.name`, email)
	if err != nil {
		return rec, fmt.Errorf("person data, substitute: %w", err)
	}
	rec.Substitutes, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.PersonSubstitute, error) {
		var x portal.PersonSubstitute
		err := r.Scan(&x.Meeting, &x.Round, &x.Organisation, &x.Delegate, &x.Name, &x.Level, &x.Attended)
		return x, err
	})
	if err != nil {
		return rec, fmt.Errorf("person data, substitute: %w", err)
	}
	var acc portal.PersonAccount
	err = s.Pool.QueryRow(ctx, `
		SELECT u.id, u.name, u.email, u.role, u.active, to_char(u.created_at, 'YYYY-MM-DD HH24:MI'),
		       coalesce(to_char(u.last_login_at, 'YYYY-MM-DD HH24:MI'), ''),
		       coalesce((SELECT array_agg(o.name ORDER BY o.name) FROM user_organisations uo
		                 JOIN organisations o ON o.id = uo.organisation_id WHERE uo.user_id = u.id), '{}')
		FROM users u WHERE lower(u.email) = lower($1)`, email).
		Scan(&acc.ID, &acc.Name, &acc.Email, &acc.Role, &acc.Active, &acc.CreatedAt, &acc.LastLoginAt, &acc.Organisations)
	if err == nil {
		rec.Account = &acc
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return rec, fmt.Errorf("person account: %w", err)
	}
	return rec, nil
}
