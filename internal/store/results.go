package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// Results of improvement work: indicators by sex with their values, typed
// results, and the review that publishes a work as a learning example.

type auditIndicator struct {
	Work       int64    `json:"work_id"`
	Name       string   `json:"name"`
	Unit       string   `json:"unit"`
	Source     string   `json:"source"`
	KoladaKPI  string   `json:"kolada_kpi"`
	SourceNote string   `json:"source_note"`
	Values     []string `json:"values"`
}

func indicatorAudit(i portal.Indicator) auditIndicator {
	a := auditIndicator{Work: i.WorkID, Name: i.Name, Unit: i.Unit, Source: string(i.Source), KoladaKPI: i.KoladaKPI,
		SourceNote: i.SourceNote, Values: []string{}}
	for _, v := range i.Values {
		s := v.MeasuredOn.Format(time.DateOnly) + " kvinnor " + portal.FormatNumber(v.Women) + " män " + portal.FormatNumber(v.Men)
		if v.Total != nil {
			s += " totalt " + portal.FormatNumber(*v.Total)
		}
		a.Values = append(a.Values, s)
	}
	return a
}

type auditResult struct {
	Work        int64  `json:"work_id"`
	Kind        string `json:"kind"`
	Description string `json:"description"`
	Evidence    string `json:"evidence"`
}

func resultAudit(r portal.WorkResult) auditResult {
	return auditResult{Work: r.WorkID, Kind: string(r.Kind), Description: r.Description, Evidence: r.Evidence}
}

// Indicators returns the indicators of the works with their values, by
// work id — two queries however many works.
func (s *Store) Indicators(ctx context.Context, workIDs []int64) (map[int64][]portal.Indicator, error) {
	return indicators(ctx, s.Pool, `i.work_id = ANY($1)`, workIDs)
}

func indicators(ctx context.Context, q Querier, where string, arg any) (map[int64][]portal.Indicator, error) {
	rows, err := q.Query(ctx, `
		SELECT i.id, i.work_id, i.name, i.unit, i.source, i.kolada_kpi, i.source_note, i.version
		FROM work_indicators i WHERE `+where+` ORDER BY i.work_id, i.id`, arg)
	if err != nil {
		return nil, fmt.Errorf("list indicators: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.Indicator, error) {
		var i portal.Indicator
		err := r.Scan(&i.ID, &i.WorkID, &i.Name, &i.Unit, &i.Source, &i.KoladaKPI, &i.SourceNote, &i.Version)
		return i, err
	})
	if err != nil {
		return nil, fmt.Errorf("list indicators: %w", err)
	}
	ids := make([]int64, len(list))
	for n, i := range list {
		ids[n] = i.ID
	}
	rows, err = q.Query(ctx, `
		SELECT indicator_id, measured_on, women::float8, men::float8, total::float8
		FROM indicator_values WHERE indicator_id = ANY($1) ORDER BY indicator_id, measured_on`, ids)
	if err != nil {
		return nil, fmt.Errorf("list indicator values: %w", err)
	}
	values := map[int64][]portal.IndicatorValue{}
	for rows.Next() {
		var id int64
		var v portal.IndicatorValue
		if err := rows.Scan(&id, &v.MeasuredOn, &v.Women, &v.Men, &v.Total); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list indicator values: %w", err)
		}
		values[id] = append(values[id], v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list indicator values: %w", err)
	}
	out := map[int64][]portal.Indicator{}
	for _, i := range list {
		i.Values = values[i.ID]
		out[i.WorkID] = append(out[i.WorkID], i)
	}
	return out, nil
}

// IndicatorByID loads one indicator with its values.
func (s *Store) IndicatorByID(ctx context.Context, id int64) (portal.Indicator, error) {
	return indicatorByID(ctx, s.Pool, id)
}

func indicatorByID(ctx context.Context, q Querier, id int64) (portal.Indicator, error) {
	m, err := indicators(ctx, q, `i.id = $1`, id)
	if err != nil {
		return portal.Indicator{}, err
	}
	for _, list := range m {
		return list[0], nil
	}
	return portal.Indicator{}, ErrNotFound
}

// unpublish takes an approved work off the public pages when its content
// changes, so nothing is shown that a project leader has not seen.
func unpublish(ctx context.Context, tx pgx.Tx, actor Actor, workID int64) error {
	tag, err := tx.Exec(ctx, `
		UPDATE improvement_works SET publication = 'proposed', published_at = NULL, version = version + 1, updated_at = now()
		WHERE id = $1 AND publication = 'approved'`, workID)
	if err != nil {
		return fmt.Errorf("unpublish work %d: %w", workID, err)
	}
	if tag.RowsAffected() == 0 {
		return nil
	}
	return Audit(ctx, tx, actor, "unpublish", "improvement_works", workID,
		map[string]any{"publication": portal.PublicationApproved}, map[string]any{"publication": portal.PublicationProposed})
}

// SaveIndicator creates (ID 0) or updates an indicator and replaces its
// values, checking the version on update.
func (s *Store) SaveIndicator(ctx context.Context, actor Actor, ind portal.Indicator) (portal.Indicator, error) {
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		var before *auditIndicator
		if ind.ID == 0 {
			if err := tx.QueryRow(ctx, `
				INSERT INTO work_indicators (work_id, name, unit, source, kolada_kpi, source_note)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, version`,
				ind.WorkID, ind.Name, ind.Unit, ind.Source, ind.KoladaKPI, ind.SourceNote).Scan(&ind.ID, &ind.Version); err != nil {
				return fmt.Errorf("insert indicator: %w", err)
			}
		} else {
			stored, err := indicatorByID(ctx, tx, ind.ID)
			if err != nil {
				return err
			}
			tag, err := tx.Exec(ctx, `
				UPDATE work_indicators SET name = $3, unit = $4, source = $5, kolada_kpi = $6, source_note = $7,
				       version = version + 1
				WHERE id = $1 AND version = $2`, ind.ID, ind.Version, ind.Name, ind.Unit, ind.Source, ind.KoladaKPI, ind.SourceNote)
			if err != nil {
				return fmt.Errorf("update indicator %d: %w", ind.ID, err)
			}
			if tag.RowsAffected() == 0 {
				return conflict("work_indicators", ind.ID, stored)
			}
			ind.WorkID, ind.Version = stored.WorkID, stored.Version+1
			b := indicatorAudit(stored)
			before = &b
			if _, err := tx.Exec(ctx, `DELETE FROM indicator_values WHERE indicator_id = $1`, ind.ID); err != nil {
				return fmt.Errorf("replace values of indicator %d: %w", ind.ID, err)
			}
		}
		batch := &pgx.Batch{}
		for _, v := range ind.Values {
			batch.Queue(`INSERT INTO indicator_values (indicator_id, measured_on, women, men, total) VALUES ($1, $2, $3, $4, $5)`,
				ind.ID, v.MeasuredOn, v.Women, v.Men, v.Total)
		}
		if err := tx.SendBatch(ctx, batch).Close(); err != nil {
			return fmt.Errorf("insert values of indicator %d: %w", ind.ID, err)
		}
		if err := unpublish(ctx, tx, actor, ind.WorkID); err != nil {
			return err
		}
		action := "create"
		if before != nil {
			action = "update"
		}
		return Audit(ctx, tx, actor, action, "work_indicators", ind.ID, before, indicatorAudit(ind))
	})
	return ind, err
}

// DeleteIndicator removes an indicator and its values, if still at version.
func (s *Store) DeleteIndicator(ctx context.Context, actor Actor, id int64, version int) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		stored, err := indicatorByID(ctx, tx, id)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM work_indicators WHERE id = $1 AND version = $2`, id, version)
		if err != nil {
			return fmt.Errorf("delete indicator %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return conflict("work_indicators", id, stored)
		}
		if err := unpublish(ctx, tx, actor, stored.WorkID); err != nil {
			return err
		}
		return Audit(ctx, tx, actor, "delete", "work_indicators", id, indicatorAudit(stored), nil)
	})
}

// Results returns the typed results of the works, by work id.
func (s *Store) Results(ctx context.Context, workIDs []int64) (map[int64][]portal.WorkResult, error) {
	return results(ctx, s.Pool, `work_id = ANY($1)`, workIDs)
}

func results(ctx context.Context, q Querier, where string, arg any) (map[int64][]portal.WorkResult, error) {
	rows, err := q.Query(ctx, `
		SELECT id, work_id, kind, description, evidence, version FROM work_results
		WHERE `+where+` ORDER BY work_id, array_position(ARRAY['output', 'outcome', 'effect'], kind), id`, arg)
	if err != nil {
		return nil, fmt.Errorf("list results: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.WorkResult, error) {
		var x portal.WorkResult
		err := r.Scan(&x.ID, &x.WorkID, &x.Kind, &x.Description, &x.Evidence, &x.Version)
		return x, err
	})
	if err != nil {
		return nil, fmt.Errorf("list results: %w", err)
	}
	out := map[int64][]portal.WorkResult{}
	for _, x := range list {
		out[x.WorkID] = append(out[x.WorkID], x)
	}
	return out, nil
}

// ResultByID loads one result.
func (s *Store) ResultByID(ctx context.Context, id int64) (portal.WorkResult, error) {
	return resultByID(ctx, s.Pool, id)
}

func resultByID(ctx context.Context, q Querier, id int64) (portal.WorkResult, error) {
	m, err := results(ctx, q, `id = $1`, id)
	if err != nil {
		return portal.WorkResult{}, err
	}
	for _, list := range m {
		return list[0], nil
	}
	return portal.WorkResult{}, ErrNotFound
}

// SaveResult creates (ID 0) or updates a result, checking the version on
// update.
func (s *Store) SaveResult(ctx context.Context, actor Actor, x portal.WorkResult) (portal.WorkResult, error) {
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		if x.ID == 0 {
			if err := tx.QueryRow(ctx, `
				INSERT INTO work_results (work_id, kind, description, evidence) VALUES ($1, $2, $3, $4) RETURNING id, version`,
				x.WorkID, x.Kind, x.Description, x.Evidence).Scan(&x.ID, &x.Version); err != nil {
				return fmt.Errorf("insert result: %w", err)
			}
			if err := unpublish(ctx, tx, actor, x.WorkID); err != nil {
				return err
			}
			return Audit(ctx, tx, actor, "create", "work_results", x.ID, nil, resultAudit(x))
		}
		stored, err := resultByID(ctx, tx, x.ID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			UPDATE work_results SET kind = $3, description = $4, evidence = $5, version = version + 1
			WHERE id = $1 AND version = $2`, x.ID, x.Version, x.Kind, x.Description, x.Evidence)
		if err != nil {
			return fmt.Errorf("update result %d: %w", x.ID, err)
		}
		if tag.RowsAffected() == 0 {
			return conflict("work_results", x.ID, stored)
		}
		x.WorkID, x.Version = stored.WorkID, stored.Version+1
		if err := unpublish(ctx, tx, actor, x.WorkID); err != nil {
			return err
		}
		return Audit(ctx, tx, actor, "update", "work_results", x.ID, resultAudit(stored), resultAudit(x))
	})
	return x, err
}

// DeleteResult removes a result, if still at version.
func (s *Store) DeleteResult(ctx context.Context, actor Actor, id int64, version int) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		stored, err := resultByID(ctx, tx, id)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM work_results WHERE id = $1 AND version = $2`, id, version)
		if err != nil {
			return fmt.Errorf("delete result %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return conflict("work_results", id, stored)
		}
		if err := unpublish(ctx, tx, actor, stored.WorkID); err != nil {
			return err
		}
		return Audit(ctx, tx, actor, "delete", "work_results", id, resultAudit(stored), nil)
	})
}

// ErrWrongPublication is returned when a work is not where a review step
// expects it (proposing an approved work, approving a draft): someone else
// moved it meanwhile, or the form was old.
var ErrWrongPublication = errors.New("the work is not at that step of review")

// SetPublication moves a work from one of the publication states in from
// to the state to, with the reviewer's comment, checking the version. The
// step is audited as action ("propose", "approve", "return", "withdraw").
func (s *Store) SetPublication(ctx context.Context, actor Actor, workID int64, version int, from []portal.Publication,
	to portal.Publication, comment, action string) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := workByID(ctx, tx, workID)
		if err != nil {
			return err
		}
		if before.Version != version {
			return conflict("improvement_works", workID, before)
		}
		ok := false
		for _, f := range from {
			ok = ok || before.Publication == f
		}
		if !ok {
			return ErrWrongPublication
		}
		tag, err := tx.Exec(ctx, `
			UPDATE improvement_works SET publication = $3, review_comment = $4,
			       reviewed_at = CASE WHEN $3 IN ('approved', 'returned') THEN now() ELSE reviewed_at END,
			       published_at = CASE WHEN $3 = 'approved' THEN now() ELSE NULL END,
			       version = version + 1, updated_at = now()
			WHERE id = $1 AND version = $2`, workID, version, to, comment)
		if err != nil {
			return fmt.Errorf("%s work %d: %w", action, workID, err)
		}
		if tag.RowsAffected() == 0 {
			return conflict("improvement_works", workID, before)
		}
		return Audit(ctx, tx, actor, action, "improvement_works", workID,
			map[string]any{"publication": before.Publication, "review_comment": before.ReviewComment},
			map[string]any{"publication": to, "review_comment": comment})
	})
}

// ExampleFilter narrows the public list of learning examples.
type ExampleFilter struct {
	// Query is words in the title, inequality, baseline, measures or
	// organisation, found whatever the case and diacritics ("umea" finds
	// Umeå), like the organisation search.
	Query        string
	ServiceArea  portal.ServiceArea
	RoundSlug    string
	Organisation string // slug
	// Publications lists the states to include; nil means approved only,
	// which is all the public may see.
	Publications []portal.Publication
	RoundID      int64
}

const exampleColumns = workColumns + `, o.id, o.name, o.slug, o.kind, r.id, r.slug, r.name, r.start_year, r.end_year`

func scanExample(row pgx.CollectableRow) (portal.LearningExample, error) {
	var e portal.LearningExample
	dest := append(workDest(&e.Work), &e.Organisation.ID, &e.Organisation.Name, &e.Organisation.Slug, &e.Organisation.Kind,
		&e.Round.ID, &e.Round.Slug, &e.Round.Name, &e.Round.StartYear, &e.Round.EndYear)
	err := row.Scan(dest...)
	return e, err
}

// LearningExamples lists works matching f with their organisation and
// round, indicators and results — newest approval first, at most 200, in
// four queries.
func (s *Store) LearningExamples(ctx context.Context, f ExampleFilter) ([]portal.LearningExample, error) {
	pubs, visible := f.Publications, "true"
	if pubs == nil {
		// What the public sees: approved works of published rounds.
		pubs, visible = []portal.Publication{portal.PublicationApproved}, publicRound
	}
	var like string
	if q := strings.TrimSpace(f.Query); q != "" {
		like = "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q) + "%"
	}
	rows, err := s.Pool.Query(ctx, `
		SELECT `+exampleColumns+`
		FROM improvement_works w
		JOIN participations p ON p.id = w.participation_id
		JOIN organisations o ON o.id = p.organisation_id
		JOIN rounds r ON r.id = p.round_id
		WHERE w.publication = ANY($1)
		  AND ($2 = '' OR w.service_area = $2)
		  AND ($3 = '' OR r.slug = $3)
		  AND ($4 = '' OR o.slug = $4)
		  AND ($5 = '' OR fold(concat_ws(' ', w.title, w.inequality, w.baseline, w.measures, o.name)) LIKE fold($5))
		  AND ($6 = 0 OR r.id = $6)
		  AND `+visible+`
		ORDER BY w.published_at DESC NULLS LAST, w.updated_at DESC, w.id DESC
		LIMIT 200`, pubs, string(f.ServiceArea), f.RoundSlug, f.Organisation, like, f.RoundID)
	if err != nil {
		return nil, fmt.Errorf("list learning examples: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanExample)
	if err != nil {
		return nil, fmt.Errorf("list learning examples: %w", err)
	}
	return s.withResults(ctx, list)
}

func (s *Store) withResults(ctx context.Context, list []portal.LearningExample) ([]portal.LearningExample, error) {
	if len(list) == 0 {
		return list, nil
	}
	ids := make([]int64, len(list))
	for i, e := range list {
		ids[i] = e.Work.ID
	}
	inds, err := s.Indicators(ctx, ids)
	if err != nil {
		return nil, err
	}
	res, err := s.Results(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].Indicators = inds[list[i].Work.ID]
		list[i].Results = res[list[i].Work.ID]
	}
	return list, nil
}

// LearningExample loads one approved work as the public sees it;
// ErrNotFound when there is none or it is not approved.
func (s *Store) LearningExample(ctx context.Context, workID int64) (portal.LearningExample, error) {
	return s.example(ctx, workID, true)
}

// ExampleForReview loads a work as a learning example whatever its
// publication state, for the project leader's review.
func (s *Store) ExampleForReview(ctx context.Context, workID int64) (portal.LearningExample, error) {
	return s.example(ctx, workID, false)
}

func (s *Store) example(ctx context.Context, workID int64, approvedOnly bool) (portal.LearningExample, error) {
	visible := "true"
	if approvedOnly {
		visible = publicRound
	}
	rows, err := s.Pool.Query(ctx, `
		SELECT `+exampleColumns+`
		FROM improvement_works w
		JOIN participations p ON p.id = w.participation_id
		JOIN organisations o ON o.id = p.organisation_id
		JOIN rounds r ON r.id = p.round_id
		WHERE w.id = $1 AND (NOT $2 OR w.publication = 'approved') AND `+visible, workID, approvedOnly)
	if err != nil {
		return portal.LearningExample{}, fmt.Errorf("load learning example %d: %w", workID, err)
	}
	list, err := pgx.CollectRows(rows, scanExample)
	if err != nil {
		return portal.LearningExample{}, fmt.Errorf("load learning example %d: %w", workID, err)
	}
	if len(list) == 0 {
		return portal.LearningExample{}, ErrNotFound
	}
	list, err = s.withResults(ctx, list)
	if err != nil {
		return portal.LearningExample{}, err
	}
	return list[0], nil
}

// ExampleCounts counts approved learning examples of published rounds per round and per
// organisation (by id), for the links from their public pages.
func (s *Store) ExampleCounts(ctx context.Context) (byRound, byOrganisation map[int64]int, err error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT p.round_id, p.organisation_id, count(*)
		FROM improvement_works w JOIN participations p ON p.id = w.participation_id
		JOIN rounds r ON r.id = p.round_id
		WHERE w.publication = 'approved' AND `+publicRound+`
		GROUP BY p.round_id, p.organisation_id`)
	if err != nil {
		return nil, nil, fmt.Errorf("count learning examples: %w", err)
	}
	defer rows.Close()
	byRound, byOrganisation = map[int64]int{}, map[int64]int{}
	for rows.Next() {
		var rid, oid int64
		var n int
		if err := rows.Scan(&rid, &oid, &n); err != nil {
			return nil, nil, fmt.Errorf("count learning examples: %w", err)
		}
		byRound[rid] += n
		byOrganisation[oid] += n
	}
	return byRound, byOrganisation, rows.Err()
}
