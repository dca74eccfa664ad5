package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// LedOrganisations lists the organisations that take part, as participant
// or mentor, in a round the user leads, by name: those whose contact
// persons the user may invite.
func (s *Store) LedOrganisations(ctx context.Context, userID int64) ([]portal.Organisation, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT `+orgColumns+`
		FROM organisations o LEFT JOIN counties c ON c.code = o.county_code
		WHERE o.id IN (SELECT p.organisation_id FROM participations p
		               JOIN round_leaders rl ON rl.round_id = p.round_id
		               WHERE rl.user_id = $1)
		ORDER BY o.name COLLATE "C", o.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("organisations led by user %d: %w", userID, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.Organisation, error) { return scanOrg(r) })
}

// LedContacts lists the contact persons of the organisations in the rounds
// the user leads, by name, with their organisations.
func (s *Store) LedContacts(ctx context.Context, userID int64) ([]portal.User, error) {
	return s.listUsers(ctx, `
		SELECT `+userColumns+` FROM users u
		WHERE u.role = 'contact' AND u.id IN (
			SELECT uo.user_id FROM user_organisations uo
			JOIN participations p ON p.organisation_id = uo.organisation_id
			JOIN round_leaders rl ON rl.round_id = p.round_id
			WHERE rl.user_id = $1)
		ORDER BY lower(u.name), u.id
		LIMIT 2000`, userID)
}
