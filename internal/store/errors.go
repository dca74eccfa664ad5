package store

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
)

// ErrDuplicate is returned when a write would break a uniqueness rule, such
// as admitting an organisation to a round twice.
var ErrDuplicate = errors.New("duplicate")

// ConflictError is returned when a record changed after the editor loaded
// it: the write carried an older version than the stored one. Current holds
// the record as it is now, so the editor can be shown the other change.
type ConflictError struct {
	Table   string
	ID      int64
	Current any
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s %d was changed by someone else", e.Table, e.ID)
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
