package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// removal is how one kind of record is removed by remove.
type removal[T any] struct {
	table   string // its table, whose rows have an id
	load    func(context.Context, Querier, int64) (T, error)
	version func(T) int
	// history is what forbids the removal, counted inside the transaction.
	history func(context.Context, Querier, int64) (portal.Removal, error)
	audit   func(T) any
}

// remove deletes a record entered by mistake, after the checks every
// removal makes: it locks the row (a delegate, work or attendance arriving
// meanwhile waits for it, so the cascade cannot sweep it away), refuses a
// version other than the one the confirmation page showed, and refuses
// with ErrHasHistory where recorded history would go with it. The removal
// is audited with the record as it was.
func remove[T any](ctx context.Context, s *Store, actor Actor, r removal[T], id int64, version int) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM `+r.table+` WHERE id = $1 FOR UPDATE`, id); err != nil {
			return fmt.Errorf("lock %s %d: %w", r.table, id, err)
		}
		before, err := r.load(ctx, tx, id)
		if err != nil {
			return err
		}
		if r.version(before) != version {
			return conflict(r.table, id, before)
		}
		history, err := r.history(ctx, tx, id)
		if err != nil {
			return err
		}
		if history.HasHistory() {
			return ErrHasHistory
		}
		if _, err := tx.Exec(ctx, `DELETE FROM `+r.table+` WHERE id = $1`, id); err != nil {
			return fmt.Errorf("remove %s %d: %w", r.table, id, err)
		}
		return Audit(ctx, tx, actor, "delete", r.table, id, r.audit(before), nil)
	})
}
