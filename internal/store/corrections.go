package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// RoleChangeError says a participation's role or track cannot change while
// a group depends on it.
type RoleChangeError struct {
	Group string // the group that holds it, as member or mentee
}

func (e *RoleChangeError) Error() string { return "participation is tied to group " + e.Group }

// ChangeRoleAndTrack corrects a participation's role (participant or
// mentor) and track if nobody changed it since p.Version was read. It
// refuses with *RoleChangeError while the participation is a group's
// member or mentor (the group's track and roles depend on it), and with
// ErrDuplicate when the organisation already has the new role in the round.
func (s *Store) ChangeRoleAndTrack(ctx context.Context, actor Actor, p portal.Participation) (portal.Participation, error) {
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := participationByID(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if before.Role == p.Role && before.Track == p.Track {
			p = before
			return nil
		}
		var group string
		err = tx.QueryRow(ctx, `
			SELECT coalesce((SELECT g.label FROM benchmarking_groups g
			                 WHERE g.id IN (SELECT group_id FROM group_members WHERE participation_id = $1
			                                UNION SELECT group_id FROM mentor_links WHERE participation_id = $1)
			                 ORDER BY g.position LIMIT 1), '')`, p.ID).Scan(&group)
		if err != nil {
			return fmt.Errorf("groups of participation %d: %w", p.ID, err)
		}
		if group != "" {
			return &RoleChangeError{Group: group}
		}
		if p.Role == portal.RoleMentor && before.Withdrawn {
			return &RoleChangeError{}
		}
		tag, err := tx.Exec(ctx, `
			UPDATE participations SET role = $3, track = $4, version = version + 1, updated_at = now()
			WHERE id = $1 AND version = $2`, p.ID, p.Version, p.Role, p.Track)
		if isUniqueViolation(err) {
			return ErrDuplicate
		}
		if err != nil {
			return fmt.Errorf("change role of participation %d: %w", p.ID, err)
		}
		if tag.RowsAffected() == 0 {
			return conflict("participations", p.ID, before)
		}
		after := before
		after.Role, after.Track, after.Version = p.Role, p.Track, before.Version+1
		p = after
		return Audit(ctx, tx, actor, "update", "participations", p.ID, participationAudit(before), participationAudit(after))
	})
	return p, err
}

// AdmitMany admits several organisations to a round in one transaction:
// all or none. ErrDuplicate names no one; the caller checks beforehand.
func (s *Store) AdmitMany(ctx context.Context, actor Actor, ps []portal.Participation) ([]portal.Participation, error) {
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		for i := range ps {
			if err := admit(ctx, tx, actor, &ps[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return ps, err
}

// OrganisationsByIDs loads the organisations with the given ids, in one
// query, ordered by name; unknown ids are left out.
func (s *Store) OrganisationsByIDs(ctx context.Context, ids []int64) ([]portal.Organisation, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT `+orgColumns+`
		FROM organisations o LEFT JOIN counties c ON c.code = o.county_code
		WHERE o.id = ANY($1)
		ORDER BY o.name COLLATE "C", o.id`, ids)
	if err != nil {
		return nil, fmt.Errorf("load organisations: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.Organisation, error) { return scanOrg(r) })
}

// MentorFilter selects the organisations offered as a group's mentor.
type MentorFilter struct {
	GroupID   int64
	Track     portal.Track // the group's: suggestions are of kinds that fit it
	StartYear int          // the round's: earlier rounds started before it
	Query     string       // name or SCB code; empty offers only the eligible
	Limit     int
}

// MentorCandidates lists organisations that may mentor a group: those that
// took part in a round before this one first, nearest to the centre of the
// group's members first. Without a query only those are listed, and only
// of the kinds the group's track is for; with one, every organisation that
// matches, the eligible first. A group's own
// members are never offered.
func (s *Store) MentorCandidates(ctx context.Context, f MentorFilter) ([]portal.MentorCandidate, error) {
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 100
	}
	q := strings.TrimSpace(f.Query)
	rows, err := s.Pool.Query(ctx, `
		WITH centre AS (
			SELECT avg(o.lat) AS lat, avg(o.lon) AS lon
			FROM group_members gm JOIN organisations o ON o.id = gm.organisation_id
			WHERE gm.group_id = $1 AND o.lat IS NOT NULL
		), earlier AS (
			SELECT DISTINCT p.organisation_id FROM participations p JOIN rounds r ON r.id = p.round_id
			WHERE r.start_year < $2
		)
		SELECT `+orgColumns+`, e.organisation_id IS NOT NULL, d.km
		FROM organisations o
		LEFT JOIN counties c ON c.code = o.county_code
		LEFT JOIN earlier e ON e.organisation_id = o.id
		CROSS JOIN centre
		-- Kilometres on a flat map scaled at the mean latitude: near
		-- enough at Sweden's distances to put the nearest first.
		CROSS JOIN LATERAL (SELECT coalesce(round(111.2 * sqrt(power(o.lat - centre.lat, 2)
		         + power((o.lon - centre.lon) * cos(radians((o.lat + centre.lat) / 2)), 2)))::int, -1) AS km) d
		CROSS JOIN LATERAL (SELECT fold(o.name) AS name, fold($3) AS q) f
		WHERE NOT EXISTS (SELECT 1 FROM group_members gm WHERE gm.group_id = $1 AND gm.organisation_id = o.id)
		  AND NOT EXISTS (SELECT 1 FROM mentor_links ml WHERE ml.group_id = $1 AND ml.organisation_id = o.id)
		  AND CASE WHEN $3 = '' THEN e.organisation_id IS NOT NULL AND CASE $5
		                WHEN 'municipal' THEN o.kind IN ('municipality', 'district', 'association')
		                WHEN 'regional' THEN o.kind IN ('region', 'association')
		                ELSE true END
		           ELSE strpos(f.name, f.q) > 0 OR starts_with(o.scb_code, $3) END
		ORDER BY e.organisation_id IS NULL, d.km < 0, d.km, o.name COLLATE "C", o.id
		LIMIT $4`, f.GroupID, f.StartYear, q, f.Limit, string(f.Track))
	if err != nil {
		return nil, fmt.Errorf("mentor candidates for group %d: %w", f.GroupID, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.MentorCandidate, error) {
		var c portal.MentorCandidate
		o, err := scanOrg(r, &c.Earlier, &c.DistanceKM)
		c.Organisation = o
		return c, err
	})
}
