package store

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"modellportalen/internal/portal"
)

// Querier is what both a pool and a transaction offer, so helpers such as
// Audit run inside the caller's transaction.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Actor is who makes a change: a signed-in user, or the system (a command,
// the seed) named by Label.
type Actor struct {
	UserID int64  // 0 when no user acts
	Label  string // e.g. "portal user add"; shown when UserID is 0
}

// System is an actor that is not a user.
func System(label string) Actor { return Actor{Label: label} }

// InTx runs fn in a transaction, committing when it returns nil, so a
// change and its Audit entry are written together or not at all.
func (s *Store) InTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.Pool, fn)
}

// Audit appends an entry to the audit log: actor did action ("create",
// "update", "delete", …) to the record id of table. before and after are
// anything that marshals to a JSON object (a struct with json tags or a
// map); only the fields that differ between them are stored, so an update
// records just what changed. Either may be nil (creation, deletion). Call it
// with the transaction that makes the change.
func Audit(ctx context.Context, q Querier, actor Actor, action, table string, id int64, before, after any) error {
	b, err := toObject(before)
	if err != nil {
		return fmt.Errorf("audit %s %s %d: before: %w", action, table, id, err)
	}
	a, err := toObject(after)
	if err != nil {
		return fmt.Errorf("audit %s %s %d: after: %w", action, table, id, err)
	}
	if b != nil && a != nil {
		for k, v := range b {
			if w, ok := a[k]; ok && reflect.DeepEqual(v, w) {
				delete(b, k)
				delete(a, k)
			}
		}
	}
	var actorID *int64
	if actor.UserID != 0 {
		actorID = &actor.UserID
	}
	_, err = q.Exec(ctx, `
		INSERT INTO audit_log (actor_id, actor_label, action, table_name, record_id, before, after)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, actorID, actor.Label, action, table, id, jsonOrNil(b), jsonOrNil(a))
	if err != nil {
		return fmt.Errorf("audit %s %s %d: %w", action, table, id, err)
	}
	return nil
}

func toObject(v any) (map[string]any, error) {
	if v == nil {
		return nil, nil
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
		return nil, nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	return m, nil
}

func jsonOrNil(m map[string]any) []byte {
	if m == nil {
		return nil
	}
	b, _ := json.Marshal(m)
	return b
}

// History returns the audit entries of one record, oldest first, at most
// the latest 500.
func (s *Store) History(ctx context.Context, table string, id int64) ([]portal.AuditEntry, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT * FROM (
			SELECT a.id, a.at, coalesce(u.name || ' (' || u.email || ')', a.actor_label), a.action, a.before, a.after
			FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
			WHERE a.table_name = $1 AND a.record_id = $2
			ORDER BY a.at DESC, a.id DESC
			LIMIT 500
		) h ORDER BY at, id`, table, id)
	if err != nil {
		return nil, fmt.Errorf("history of %s %d: %w", table, id, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.AuditEntry, error) {
		var e portal.AuditEntry
		err := r.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.Before, &e.After)
		return e, err
	})
}
