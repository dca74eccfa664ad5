package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

type auditWork struct {
	Participation int64              `json:"participation_id"`
	Title         string             `json:"title"`
	Area          string             `json:"area"`
	Status        portal.WorkStatus  `json:"status"`
	Description   string             `json:"description"`
	FollowUp      string             `json:"follow_up"`
	StartedOn     string             `json:"started_on"`
	FollowUpOn    string             `json:"follow_up_on"`
	ServiceArea   portal.ServiceArea `json:"service_area"`
	Inequality    string             `json:"inequality"`
	Baseline      string             `json:"baseline"`
	Measures      string             `json:"measures"`
	UsersWomen    *int               `json:"users_women"`
	UsersMen      *int               `json:"users_men"`
	StaffWomen    *int               `json:"staff_women"`
	StaffMen      *int               `json:"staff_men"`
	DecidersWomen *int               `json:"deciders_women"`
	DecidersMen   *int               `json:"deciders_men"`
	Resources     string             `json:"resources"`
	Realia        string             `json:"realia"`
	Requirements  string             `json:"requirements"`
}

func workAudit(w portal.ImprovementWork) auditWork {
	c, rep := w.Card, w.Card.Representation
	a := auditWork{Participation: w.ParticipationID, Title: w.Title, Area: w.Area, Status: w.Status,
		Description: w.Description, FollowUp: w.FollowUp, ServiceArea: c.ServiceArea, Inequality: c.Inequality,
		Baseline: c.Baseline, Measures: c.Measures, UsersWomen: rep.UsersWomen, UsersMen: rep.UsersMen,
		StaffWomen: rep.StaffWomen, StaffMen: rep.StaffMen, DecidersWomen: rep.DecidersWomen, DecidersMen: rep.DecidersMen,
		Resources: c.Resources, Realia: c.Realia, Requirements: c.Requirements}
	if w.StartedOn != nil {
		a.StartedOn = w.StartedOn.Format(time.DateOnly)
	}
	if w.FollowUpOn != nil {
		a.FollowUpOn = w.FollowUpOn.Format(time.DateOnly)
	}
	return a
}

const workColumns = `w.id, w.participation_id, w.title, w.area, w.status, w.description, w.follow_up,
	w.started_on, w.follow_up_on, w.version, w.service_area, w.inequality, w.baseline, w.measures,
	w.users_women, w.users_men, w.staff_women, w.staff_men, w.deciders_women, w.deciders_men,
	w.resources, w.realia, w.requirements, w.publication, w.review_comment, w.published_at`

func workDest(w *portal.ImprovementWork) []any {
	c, rep := &w.Card, &w.Card.Representation
	return []any{&w.ID, &w.ParticipationID, &w.Title, &w.Area, &w.Status, &w.Description, &w.FollowUp,
		&w.StartedOn, &w.FollowUpOn, &w.Version, &c.ServiceArea, &c.Inequality, &c.Baseline, &c.Measures,
		&rep.UsersWomen, &rep.UsersMen, &rep.StaffWomen, &rep.StaffMen, &rep.DecidersWomen, &rep.DecidersMen,
		&c.Resources, &c.Realia, &c.Requirements, &w.Publication, &w.ReviewComment, &w.PublishedAt}
}

// cardArgs are the card's columns in the order of the INSERT and UPDATE
// below, from service_area to requirements.
func cardArgs(c portal.WorkCard) []any {
	rep := c.Representation
	return []any{c.ServiceArea, c.Inequality, c.Baseline, c.Measures, rep.UsersWomen, rep.UsersMen,
		rep.StaffWomen, rep.StaffMen, rep.DecidersWomen, rep.DecidersMen, c.Resources, c.Realia, c.Requirements}
}

// ImprovementWorks returns the improvement works of the participations, by
// participation id, newest first — one query however many.
func (s *Store) ImprovementWorks(ctx context.Context, participationIDs []int64) (map[int64][]portal.ImprovementWork, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT `+workColumns+` FROM improvement_works w WHERE w.participation_id = ANY($1)
		ORDER BY w.created_at DESC, w.id DESC`, participationIDs)
	if err != nil {
		return nil, fmt.Errorf("list works: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.ImprovementWork, error) {
		var w portal.ImprovementWork
		err := r.Scan(workDest(&w)...)
		return w, err
	})
	if err != nil {
		return nil, fmt.Errorf("list works: %w", err)
	}
	out := map[int64][]portal.ImprovementWork{}
	for _, w := range list {
		out[w.ParticipationID] = append(out[w.ParticipationID], w)
	}
	return out, nil
}

// ImprovementWorkByID loads a work with its status history.
func (s *Store) ImprovementWorkByID(ctx context.Context, id int64) (portal.ImprovementWork, error) {
	return workByID(ctx, s.Pool, id)
}

func workByID(ctx context.Context, q Querier, id int64) (portal.ImprovementWork, error) {
	var w portal.ImprovementWork
	err := q.QueryRow(ctx, `SELECT `+workColumns+` FROM improvement_works w WHERE w.id = $1`, id).Scan(workDest(&w)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return w, ErrNotFound
	}
	if err != nil {
		return w, fmt.Errorf("load work %d: %w", id, err)
	}
	rows, err := q.Query(ctx, `
		SELECT e.at, coalesce(u.name, ''), coalesce(e.from_status, ''), e.to_status
		FROM improvement_work_events e LEFT JOIN users u ON u.id = e.actor_id
		WHERE e.work_id = $1 ORDER BY e.at, e.id`, id)
	if err != nil {
		return w, fmt.Errorf("load status history of work %d: %w", id, err)
	}
	w.Events, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.WorkEvent, error) {
		var e portal.WorkEvent
		err := r.Scan(&e.At, &e.Actor, &e.From, &e.To)
		return e, err
	})
	return w, err
}

// SaveImprovementWork creates (ID 0) or updates a work, checking the version
// on update, and records a status event whenever the status is set or
// changes.
func (s *Store) SaveImprovementWork(ctx context.Context, actor Actor, w portal.ImprovementWork) (portal.ImprovementWork, error) {
	var actorID *int64
	if actor.UserID != 0 {
		actorID = &actor.UserID
	}
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		if w.ID == 0 {
			args := append([]any{w.ParticipationID, w.Title, w.Area, w.Status, w.Description, w.FollowUp, w.StartedOn, w.FollowUpOn},
				cardArgs(w.Card)...)
			if err := tx.QueryRow(ctx, `
				INSERT INTO improvement_works (participation_id, title, area, status, description, follow_up, started_on, follow_up_on,
				       service_area, inequality, baseline, measures, users_women, users_men, staff_women, staff_men,
				       deciders_women, deciders_men, resources, realia, requirements)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
				RETURNING id, version, publication`, args...).
				Scan(&w.ID, &w.Version, &w.Publication); err != nil {
				return fmt.Errorf("insert work: %w", err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO improvement_work_events (work_id, actor_id, to_status) VALUES ($1, $2, $3)`,
				w.ID, actorID, w.Status); err != nil {
				return fmt.Errorf("record work status: %w", err)
			}
			return Audit(ctx, tx, actor, "create", "improvement_works", w.ID, nil, workAudit(w))
		}
		before, err := workByID(ctx, tx, w.ID)
		if err != nil {
			return err
		}
		// A change to an approved learning example takes it off the public
		// pages until a project leader has looked at it again.
		args := append([]any{w.ID, w.Version, w.Title, w.Area, w.Status, w.Description, w.FollowUp, w.StartedOn, w.FollowUpOn},
			cardArgs(w.Card)...)
		tag, err := tx.Exec(ctx, `
			UPDATE improvement_works SET title = $3, area = $4, status = $5, description = $6, follow_up = $7,
			       started_on = $8, follow_up_on = $9, service_area = $10, inequality = $11, baseline = $12,
			       measures = $13, users_women = $14, users_men = $15, staff_women = $16, staff_men = $17,
			       deciders_women = $18, deciders_men = $19, resources = $20, realia = $21, requirements = $22,
			       publication = CASE WHEN publication = 'approved' THEN 'proposed' ELSE publication END,
			       published_at = CASE WHEN publication = 'approved' THEN NULL ELSE published_at END,
			       version = version + 1, updated_at = now()
			WHERE id = $1 AND version = $2`, args...)
		if err != nil {
			return fmt.Errorf("update work %d: %w", w.ID, err)
		}
		if tag.RowsAffected() == 0 {
			return conflict("improvement_works", w.ID, before)
		}
		if before.Status != w.Status {
			if _, err := tx.Exec(ctx, `
				INSERT INTO improvement_work_events (work_id, actor_id, from_status, to_status) VALUES ($1, $2, $3, $4)`,
				w.ID, actorID, before.Status, w.Status); err != nil {
				return fmt.Errorf("record work status: %w", err)
			}
		}
		w.ParticipationID = before.ParticipationID
		w.Version = before.Version + 1
		w.Publication, w.ReviewComment, w.PublishedAt = before.Publication, before.ReviewComment, before.PublishedAt
		if before.Publication == portal.PublicationApproved {
			w.Publication, w.PublishedAt = portal.PublicationProposed, nil
			if err := Audit(ctx, tx, actor, "unpublish", "improvement_works", w.ID,
				map[string]any{"publication": before.Publication}, map[string]any{"publication": w.Publication}); err != nil {
				return err
			}
		}
		return Audit(ctx, tx, actor, "update", "improvement_works", w.ID, workAudit(before), workAudit(w))
	})
	return w, err
}
