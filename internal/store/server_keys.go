package store

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// ServerKey returns the secret key of the name, making it on first use.
// The key lives in the database so that every instance signs and checks
// alike.
func (s *Store) ServerKey(ctx context.Context, name string) ([]byte, error) {
	fresh := make([]byte, 32)
	_, _ = rand.Read(fresh)
	var key []byte
	var err error
	// A second try covers an instance that made the key after this
	// statement's snapshot was taken.
	for range 2 {
		err = s.Pool.QueryRow(ctx, `
		WITH made AS (
			INSERT INTO server_keys (name, key) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING key)
		SELECT key FROM made UNION ALL SELECT key FROM server_keys WHERE name = $1
		LIMIT 1`, name, fresh).Scan(&key)
		if !errors.Is(err, pgx.ErrNoRows) {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("server key %s: %w", name, err)
	}
	return key, nil
}
