package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// RoundRedirect gives the slug a round has now for one it had before, or
// ErrNotFound.
func (s *Store) RoundRedirect(ctx context.Context, oldSlug string) (string, error) {
	if !possibleSlug(oldSlug) {
		return "", ErrNotFound
	}
	var slug string
	err := s.Pool.QueryRow(ctx, `
		SELECT r.slug FROM round_redirects rr JOIN rounds r ON r.id = rr.round_id
		WHERE rr.old_slug = $1 AND `+publicRound, oldSlug).Scan(&slug)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("redirect of round %q: %w", oldSlug, err)
	}
	return slug, nil
}

const sourceColumns = `s.id, s.key, s.publisher, s.published_on, s.title, s.summary, s.url`

func sourceDest(src *portal.Source) []any {
	return []any{&src.ID, &src.Key, &src.Publisher, &src.PublishedOn, &src.Title, &src.Summary, &src.URL}
}

// citedSources reads rows of sourceColumns and a subject into the sources of
// a page, each once, in the order of the query.
func citedSources(rows pgx.Rows) (portal.RecordSources, error) {
	rs := portal.RecordSources{Cites: map[string][]string{}}
	seen := map[string]bool{}
	defer rows.Close()
	for rows.Next() {
		var src portal.Source
		var subject string
		if err := rows.Scan(append(sourceDest(&src), &subject)...); err != nil {
			return rs, fmt.Errorf("scan source: %w", err)
		}
		if !seen[src.Key] {
			seen[src.Key] = true
			rs.Sources = append(rs.Sources, src)
		}
		if subject != "" {
			rs.Cites[subject] = append(rs.Cites[subject], src.Key)
		}
	}
	return rs, rows.Err()
}

// citationSubject names what a citation c supports, as portal.RecordSources
// keys it.
const citationSubject = `CASE
	WHEN c.round_id IS NOT NULL THEN 'round'
	WHEN c.participation_id IS NOT NULL THEN 'participation:' || c.participation_id
	WHEN c.group_id IS NOT NULL THEN 'group:' || c.group_id
	WHEN c.mentor_group_id IS NOT NULL THEN 'mentor:' || c.mentor_group_id || ':' || c.mentor_organisation_id
	ELSE 'meeting:' || c.meeting_id END`

// RoundRecord loads what the public record says of a round beyond its
// groups: the sources of every fact on its page, where sources disagree,
// and its tracks' own spans. Three queries.
func (s *Store) RoundRecord(ctx context.Context, roundID int64) (portal.RoundRecord, error) {
	var rec portal.RoundRecord
	rows, err := s.Pool.Query(ctx, `
		SELECT `+sourceColumns+`, `+citationSubject+`
		FROM citations c JOIN sources s ON s.id = c.source_id
		WHERE c.round_id = $1
		   OR c.participation_id IN (SELECT id FROM participations WHERE round_id = $1)
		   OR c.group_id IN (SELECT id FROM benchmarking_groups WHERE round_id = $1)
		   OR c.mentor_group_id IN (SELECT id FROM benchmarking_groups WHERE round_id = $1)
		   OR c.meeting_id IN (SELECT id FROM learning_meetings WHERE round_id = $1)
		UNION ALL
		SELECT `+sourceColumns+`, ''
		FROM sources s
		WHERE s.key IN (SELECT unnest(sources_a || sources_b) FROM record_conflicts WHERE round_id = $1)
		ORDER BY 4 NULLS LAST, 2, 8`, roundID)
	if err != nil {
		return rec, fmt.Errorf("load sources of round %d: %w", roundID, err)
	}
	if rec.Sources, err = citedSources(rows); err != nil {
		return rec, fmt.Errorf("sources of round %d: %w", roundID, err)
	}
	rows, err = s.Pool.Query(ctx, `
		SELECT subject, subject_sv, claim_a, claim_a_sv, claim_b, claim_b_sv, reading, reading_sv, sources_a, sources_b
		FROM record_conflicts WHERE round_id = $1 ORDER BY id`, roundID)
	if err != nil {
		return rec, fmt.Errorf("load conflicts of round %d: %w", roundID, err)
	}
	rec.Conflicts, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.Conflict, error) {
		var c portal.Conflict
		err := r.Scan(&c.EN.Subject, &c.SV.Subject, &c.EN.ClaimA, &c.SV.ClaimA, &c.EN.ClaimB, &c.SV.ClaimB,
			&c.EN.Reading, &c.SV.Reading, &c.SourcesA, &c.SourcesB)
		return c, err
	})
	if err != nil {
		return rec, fmt.Errorf("conflicts of round %d: %w", roundID, err)
	}
	rows, err = s.Pool.Query(ctx, `
		SELECT rt.track, `+partialDateSQL("rt.starts_on", "rt.starts_precision")+`, `+partialDateSQL("rt.ends_on", "rt.ends_precision")+`
		FROM round_tracks rt WHERE rt.round_id = $1
		ORDER BY array_position(ARRAY['municipal', 'regional', 'mixed'], rt.track)`, roundID)
	if err != nil {
		return rec, fmt.Errorf("load tracks of round %d: %w", roundID, err)
	}
	rec.Spans, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.TrackSpan, error) {
		var ts portal.TrackSpan
		err := r.Scan(&ts.Track, &ts.Starts, &ts.Ends)
		return ts, err
	})
	if err != nil {
		return rec, fmt.Errorf("tracks of round %d: %w", roundID, err)
	}
	return rec, nil
}

// OrganisationSources loads the sources of an organisation's history: its
// participations, the groups it was in, and its mentor links and those of
// its groups.
func (s *Store) OrganisationSources(ctx context.Context, orgID int64) (portal.RecordSources, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT `+sourceColumns+`, `+citationSubject+`
		FROM citations c JOIN sources s ON s.id = c.source_id
		WHERE c.participation_id IN (SELECT p.id FROM participations p JOIN rounds r ON r.id = p.round_id
		                             WHERE p.organisation_id = $1 AND `+publicRound+`)
		   OR c.group_id IN (SELECT gm.group_id FROM group_members gm JOIN rounds r ON r.id = gm.round_id
		                     WHERE gm.organisation_id = $1 AND `+publicRound+`)
		   OR c.mentor_group_id IN (SELECT ml.group_id FROM mentor_links ml JOIN rounds r ON r.id = ml.round_id
		                            WHERE ml.organisation_id = $1 AND `+publicRound+`)
		      AND c.mentor_organisation_id = $1
		   OR c.mentor_group_id IN (SELECT gm.group_id FROM group_members gm JOIN rounds r ON r.id = gm.round_id
		                            WHERE gm.organisation_id = $1 AND `+publicRound+`)
		ORDER BY 4 NULLS LAST, 2, 8`, orgID)
	if err != nil {
		return portal.RecordSources{}, fmt.Errorf("load sources of organisation %d: %w", orgID, err)
	}
	rs, err := citedSources(rows)
	if err != nil {
		return rs, fmt.Errorf("sources of organisation %d: %w", orgID, err)
	}
	return rs, nil
}

// OrganisationFamily loads a district's parent, or the districts of a
// municipality, in one query.
func (s *Store) OrganisationFamily(ctx context.Context, o portal.Organisation) (parent *portal.Organisation, districts []portal.Organisation, err error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT `+orgColumns+`
		FROM organisations o LEFT JOIN counties c ON c.code = o.county_code
		WHERE o.id = $1 OR o.parent_id = $2
		ORDER BY o.name COLLATE "C", o.id`, o.ParentID, o.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("load family of organisation %d: %w", o.ID, err)
	}
	all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.Organisation, error) { return scanOrg(r) })
	if err != nil {
		return nil, nil, fmt.Errorf("family of organisation %d: %w", o.ID, err)
	}
	for i := range all {
		if all[i].ID == o.ParentID {
			parent = &all[i]
		} else {
			districts = append(districts, all[i])
		}
	}
	return parent, districts, nil
}

// Sources lists every source, oldest first, for staff.
func (s *Store) Sources(ctx context.Context) ([]portal.Source, error) {
	return s.sources(ctx, "true")
}

// PublicSources lists the sources the open data offers, oldest first:
// those cited for a published round's facts, or for no fact yet. A source
// staff cited only for a draft round stays out, as the draft does.
func (s *Store) PublicSources(ctx context.Context) ([]portal.Source, error) {
	return s.sources(ctx, `(NOT EXISTS (SELECT 1 FROM citations c WHERE c.source_id = s.id)
		OR EXISTS (SELECT 1 FROM citations c
		           LEFT JOIN participations p ON p.id = c.participation_id
		           LEFT JOIN benchmarking_groups g ON g.id = coalesce(c.group_id, c.mentor_group_id)
		           LEFT JOIN learning_meetings m ON m.id = c.meeting_id
		           JOIN rounds r ON r.id = coalesce(c.round_id, p.round_id, g.round_id, m.round_id)
		           WHERE c.source_id = s.id AND `+publicRound+`))`)
}

func (s *Store) sources(ctx context.Context, where string) ([]portal.Source, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT `+sourceColumns+` FROM sources s WHERE `+where+`
		ORDER BY s.published_on NULLS LAST, s.key LIMIT 10000`)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.Source, error) {
		var src portal.Source
		err := r.Scan(sourceDest(&src)...)
		return src, err
	})
}
