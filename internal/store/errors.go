package store

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
)

// ErrDuplicate is returned when a write would break a uniqueness rule, such
// as admitting an organisation to a round twice.
var ErrDuplicate = errors.New("duplicate")

// ErrConflict matches every *ConflictError with errors.Is, whatever record
// it holds, so callers that only need to know "someone else changed it" need
// not name the record's type.
var ErrConflict = errors.New("changed by someone else")

// ConflictError is returned when a record changed after the editor loaded
// it: the write carried an older version than the stored one. Current holds
// the record as it is now, so the editor can be shown the other change.
type ConflictError[T any] struct {
	Table   string
	ID      int64
	Current T
}

func (e *ConflictError[T]) Error() string {
	return fmt.Sprintf("%s %d was changed by someone else", e.Table, e.ID)
}

// Is makes errors.Is(err, ErrConflict) true for every ConflictError.
func (e *ConflictError[T]) Is(target error) bool { return target == ErrConflict }

// conflict returns a ConflictError holding current, the stored record.
func conflict[T any](table string, id int64, current T) error {
	return &ConflictError[T]{Table: table, ID: id, Current: current}
}

// constraintOf returns the name of the constraint a Postgres error broke
// with the SQLSTATE class, or "" when err is no such error.
func constraintOf(err error, code string) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == code {
		if pgErr.ConstraintName == "" {
			return "?"
		}
		return pgErr.ConstraintName
	}
	return ""
}

// isUniqueViolation reports whether err is a unique-constraint violation.
func isUniqueViolation(err error) bool { return constraintOf(err, "23505") != "" }

// ErrWithdrawnMentor is returned for making a withdrawn participant a
// mentor: withdrawal is a participant's act.
var ErrWithdrawnMentor = errors.New("a withdrawn participant cannot become a mentor")

// ErrHasHistory is returned for a removal that would destroy recorded
// history (delegates, attendance, improvement work, sources).
var ErrHasHistory = errors.New("has recorded history")

// ErrCancelled is returned for a change to a meeting that has been cancelled.
var ErrCancelled = errors.New("the meeting is cancelled")
