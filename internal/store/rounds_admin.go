package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// auditRound is what the audit log records of a round.
type auditRound struct {
	Slug        string         `json:"slug"`
	Name        string         `json:"name"`
	StartYear   int            `json:"start_year"`
	EndYear     int            `json:"end_year"`
	Status      portal.Status  `json:"status"`
	Tracks      []portal.Track `json:"tracks"`
	Description string         `json:"description"`
	Leaders     []int64        `json:"leaders"`
}

func roundAudit(r portal.Round) auditRound {
	return auditRound{r.Slug, r.Name, r.StartYear, r.EndYear, r.Status, r.Tracks, r.Description, r.LeaderIDs}
}

// RoundByID loads a round with its project leaders.
func (s *Store) RoundByID(ctx context.Context, id int64) (portal.Round, error) {
	return roundByID(ctx, s.Pool, id)
}

func roundByID(ctx context.Context, q Querier, id int64) (portal.Round, error) {
	var r portal.Round
	err := q.QueryRow(ctx, `
		SELECT `+roundColumns+`,
		       coalesce((SELECT array_agg(user_id ORDER BY user_id) FROM round_leaders WHERE round_id = r.id), '{}')
		FROM rounds r WHERE r.id = $1`, id).Scan(append(roundDest(&r), &r.LeaderIDs)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("load round %d: %w", id, err)
	}
	return r, nil
}

// CreateRound stores a new round and its project leaders.
func (s *Store) CreateRound(ctx context.Context, actor Actor, r portal.Round) (portal.Round, error) {
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO rounds (slug, name, start_year, end_year, status, tracks, description)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, version`,
			r.Slug, r.Name, r.StartYear, r.EndYear, r.Status, r.Tracks, r.Description).Scan(&r.ID, &r.Version)
		if isUniqueViolation(err) {
			return ErrDuplicate
		}
		if err != nil {
			return fmt.Errorf("insert round: %w", err)
		}
		if err := setLeaders(ctx, tx, r.ID, r.LeaderIDs); err != nil {
			return err
		}
		// Read back, so the log names the leaders actually stored.
		if r, err = roundByID(ctx, tx, r.ID); err != nil {
			return err
		}
		return Audit(ctx, tx, actor, "create", "rounds", r.ID, nil, roundAudit(r))
	})
	return r, err
}

// UpdateRound saves r if nobody changed it since r.Version was read; else it
// returns a *ConflictError holding the stored round.
func (s *Store) UpdateRound(ctx context.Context, actor Actor, r portal.Round) (portal.Round, error) {
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := roundByID(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			UPDATE rounds SET slug = $3, name = $4, start_year = $5, end_year = $6, status = $7, tracks = $8,
			       description = $9, version = version + 1, updated_at = now()
			WHERE id = $1 AND version = $2`,
			r.ID, r.Version, r.Slug, r.Name, r.StartYear, r.EndYear, r.Status, r.Tracks, r.Description)
		if isUniqueViolation(err) {
			return ErrDuplicate
		}
		if err != nil {
			return fmt.Errorf("update round %d: %w", r.ID, err)
		}
		if tag.RowsAffected() == 0 {
			return conflict("rounds", r.ID, before)
		}
		if err := setLeaders(ctx, tx, r.ID, r.LeaderIDs); err != nil {
			return err
		}
		if r, err = roundByID(ctx, tx, r.ID); err != nil {
			return err
		}
		return Audit(ctx, tx, actor, "update", "rounds", r.ID, roundAudit(before), roundAudit(r))
	})
	return r, err
}

func setLeaders(ctx context.Context, tx pgx.Tx, roundID int64, userIDs []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM round_leaders WHERE round_id = $1 AND NOT user_id = ANY($2)`, roundID, userIDs); err != nil {
		return fmt.Errorf("set leaders of round %d: %w", roundID, err)
	}
	// Only staff can lead a round; other ids are ignored rather than stored.
	if _, err := tx.Exec(ctx, `
		INSERT INTO round_leaders (round_id, user_id)
		SELECT $1, id FROM users WHERE id = ANY($2) AND role IN ('admin', 'project_leader')
		ON CONFLICT DO NOTHING`, roundID, userIDs); err != nil {
		return fmt.Errorf("set leaders of round %d: %w", roundID, err)
	}
	return nil
}

// StaffUsers lists the active staff, who may lead rounds.
func (s *Store) StaffUsers(ctx context.Context) ([]portal.User, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT id, name, email, role FROM users
		WHERE active AND role IN ('admin', 'project_leader') ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.User, error) {
		var u portal.User
		err := r.Scan(&u.ID, &u.Name, &u.Email, &u.Role)
		return u, err
	})
}
