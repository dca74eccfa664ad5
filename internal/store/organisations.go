package store

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// slugPattern is what the slug columns' CHECK constraints allow (rounds use
// its ASCII part); anything else cannot be stored.
var slugPattern = regexp.MustCompile(`^[a-z0-9åäö]+(-[a-z0-9åäö]+)*$`)

// possibleSlug reports whether a record could have the slug.
func possibleSlug(slug string) bool { return len(slug) <= 200 && slugPattern.MatchString(slug) }

// orgColumns selects an organisation aliased o with its county c; scanOrg
// reads them in this order.
const orgColumns = `o.id, o.kind, o.name, o.slug, coalesce(o.scb_code, ''),
	coalesce(o.county_code, ''), coalesce(c.name, ''), o.lat, o.lon, coalesce(o.parent_id, 0)`

func scanOrg(row pgx.Row, extra ...any) (portal.Organisation, error) {
	var o portal.Organisation
	var lat, lon *float64
	dest := append([]any{&o.ID, &o.Kind, &o.Name, &o.Slug, &o.SCBCode, &o.CountyCode, &o.CountyName, &lat, &lon,
		&o.ParentID}, extra...)
	if err := row.Scan(dest...); err != nil {
		return o, err
	}
	if lat != nil && lon != nil {
		o.Lat, o.Lon, o.HasCoords = *lat, *lon, true
	}
	return o, nil
}

// Counties lists the counties by code.
func (s *Store) Counties(ctx context.Context) ([]portal.County, error) {
	rows, err := s.Pool.Query(ctx, `SELECT code, name, region_name FROM counties ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("list counties: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.County, error) {
		var c portal.County
		err := r.Scan(&c.Code, &c.Name, &c.RegionName)
		return c, err
	})
}

// OrganisationFilter narrows an organisation search.
type OrganisationFilter struct {
	Query      string // part of the name or the start of the SCB code
	CountyCode string // empty for all counties
	Limit      int
}

// SearchOrganisations finds organisations by name or SCB code, optionally in
// one county. Names are compared folded (lower case, without diacritics), so
// "umea" finds Umeå. Whole-name matches come first, then names that start
// with the query, then names with a word that does, then the rest; by name
// within each.
func (s *Store) SearchOrganisations(ctx context.Context, f OrganisationFilter) ([]portal.Organisation, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 500
	}
	q := strings.TrimSpace(f.Query)
	rows, err := s.Pool.Query(ctx, `
		SELECT `+orgColumns+`
		FROM organisations o LEFT JOIN counties c ON c.code = o.county_code
		CROSS JOIN LATERAL (SELECT fold(o.name) AS name, fold($1) AS q) f
		WHERE ($1 = '' OR strpos(f.name, f.q) > 0 OR starts_with(o.scb_code, $1))
		  AND ($2 = '' OR o.county_code = $2)
		ORDER BY CASE
		           WHEN $1 = '' THEN 0
		           WHEN f.name = f.q THEN 0
		           WHEN starts_with(f.name, f.q) THEN 1
		           WHEN strpos(' ' || translate(f.name, '-', ' '), ' ' || f.q) > 0 THEN 2
		           ELSE 3
		         END,
		         o.name COLLATE "C", o.id
		LIMIT $3`, q, f.CountyCode, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("search organisations: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.Organisation, error) { return scanOrg(r) })
}

// OrganisationBySlug looks an organisation up by its URL name.
func (s *Store) OrganisationBySlug(ctx context.Context, slug string) (portal.Organisation, error) {
	if !possibleSlug(slug) {
		return portal.Organisation{}, ErrNotFound
	}
	o, err := scanOrg(s.Pool.QueryRow(ctx, `
		SELECT `+orgColumns+`
		FROM organisations o LEFT JOIN counties c ON c.code = o.county_code
		WHERE o.slug = $1`, slug))
	if errors.Is(err, pgx.ErrNoRows) {
		return o, ErrNotFound
	}
	if err != nil {
		return o, fmt.Errorf("load organisation %q: %w", slug, err)
	}
	return o, nil
}

// OrganisationHistory lists an organisation's parts in rounds, oldest first,
// with the group it was in and its mentors, or the groups it mentored.
func (s *Store) OrganisationHistory(ctx context.Context, orgID int64) ([]portal.HistoryEntry, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT `+roundColumns+`, `+participationColumns+`, coalesce(g.label, ''), coalesce(g.id, 0)
		FROM participations p
		JOIN rounds r ON r.id = p.round_id
		LEFT JOIN group_members gm ON gm.participation_id = p.id
		LEFT JOIN benchmarking_groups g ON g.id = gm.group_id
		WHERE p.organisation_id = $1
		ORDER BY r.start_year, r.end_year, r.id, p.role DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("load history of organisation %d: %w", orgID, err)
	}
	var entries []portal.HistoryEntry
	groupIdx := map[int64]int{}
	byParticipation := map[int64]int{}
	for rows.Next() {
		var e portal.HistoryEntry
		var groupID int64
		dest := append(roundDest(&e.Round), participationDest(&e.Participation)...)
		dest = append(dest, &e.GroupLabel, &groupID)
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan history: %w", err)
		}
		if groupID != 0 {
			groupIdx[groupID] = len(entries)
		}
		byParticipation[e.Participation.ID] = len(entries)
		entries = append(entries, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}

	// The mentors of the groups it was in, and the groups it mentored: one
	// query, told apart by which side of the link the organisation is on.
	rows, err = s.Pool.Query(ctx, `
		SELECT `+orgColumns+`, ml.group_id, ml.participation_id, ml.kind, g.label, ml.organisation_id = $1
		FROM mentor_links ml
		JOIN benchmarking_groups g ON g.id = ml.group_id
		JOIN organisations o ON o.id = ml.organisation_id
		LEFT JOIN counties c ON c.code = o.county_code
		WHERE ml.organisation_id = $1
		   OR ml.group_id IN (SELECT group_id FROM group_members WHERE organisation_id = $1)
		ORDER BY g.position, g.id, ml.kind, ml.position`, orgID)
	if err != nil {
		return nil, fmt.Errorf("load mentor links of organisation %d: %w", orgID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var groupID, participationID int64
		var kind portal.MentorKind
		var label string
		var isMentor bool
		o, err := scanOrg(rows, &groupID, &participationID, &kind, &label, &isMentor)
		if err != nil {
			return nil, fmt.Errorf("scan mentor link: %w", err)
		}
		if isMentor {
			if i, ok := byParticipation[participationID]; ok {
				entries[i].MentoredGroups = append(entries[i].MentoredGroups,
					portal.MentoredGroup{Label: label, Supporting: kind == portal.MentorSupporting})
			}
			continue
		}
		if i, ok := groupIdx[groupID]; ok {
			entries[i].GroupMentors = append(entries[i].GroupMentors, portal.Mentor{Organisation: o, Kind: kind})
		}
	}
	return entries, rows.Err()
}

// CountParticipatingOrganisations counts organisations that have taken part
// in any published round, as participant or mentor.
func (s *Store) CountParticipatingOrganisations(ctx context.Context) (int, error) {
	var n int
	if err := s.Pool.QueryRow(ctx, `
		SELECT count(DISTINCT p.organisation_id) FROM participations p JOIN rounds r ON r.id = p.round_id
		WHERE `+publicRound).Scan(&n); err != nil {
		return 0, fmt.Errorf("count participating organisations: %w", err)
	}
	return n, nil
}

// OrganisationByID looks an organisation up by id.
func (s *Store) OrganisationByID(ctx context.Context, id int64) (portal.Organisation, error) {
	o, err := scanOrg(s.Pool.QueryRow(ctx, `
		SELECT `+orgColumns+`
		FROM organisations o LEFT JOIN counties c ON c.code = o.county_code
		WHERE o.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return o, ErrNotFound
	}
	if err != nil {
		return o, fmt.Errorf("load organisation %d: %w", id, err)
	}
	return o, nil
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
