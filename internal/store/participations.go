package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// auditParticipation is what the audit log records of a participation.
type auditParticipation struct {
	Round             int64        `json:"round_id"`
	Organisation      int64        `json:"organisation_id"`
	Role              portal.Role  `json:"role"`
	Track             portal.Track `json:"track"`
	AdmittedOn        *time.Time   `json:"admitted_on"`
	Withdrawn         bool         `json:"withdrawn"`
	WithdrawnOn       *time.Time   `json:"withdrawn_on"`
	WithdrawalReason  string       `json:"withdrawal_reason"`
	DecisionOn        *time.Time   `json:"decision_on"`
	DecisionReference string       `json:"decision_reference"`
	Note              string       `json:"note"`
}

func participationAudit(p portal.Participation) auditParticipation {
	return auditParticipation{p.RoundID, p.Organisation.ID, p.Role, p.Track, p.AdmittedOn, p.Withdrawn,
		p.WithdrawnOn, p.WithdrawalReason, p.DecisionOn, p.DecisionReference, p.Note}
}

// ParticipationByID loads a participation with its organisation.
func (s *Store) ParticipationByID(ctx context.Context, id int64) (portal.Participation, error) {
	return participationByID(ctx, s.Pool, id)
}

func participationByID(ctx context.Context, q Querier, id int64) (portal.Participation, error) {
	var p portal.Participation
	o, err := scanOrg(q.QueryRow(ctx, `
		SELECT `+orgColumns+`, `+participationColumns+`
		FROM participations p
		JOIN organisations o ON o.id = p.organisation_id
		LEFT JOIN counties c ON c.code = o.county_code
		WHERE p.id = $1`, id), participationDest(&p)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("load participation %d: %w", id, err)
	}
	p.Organisation = o
	return p, nil
}

// Admit adds an organisation to a round as participant or mentor. It returns
// ErrDuplicate when the organisation already has that role in the round.
func (s *Store) Admit(ctx context.Context, actor Actor, p portal.Participation) (portal.Participation, error) {
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		return admit(ctx, tx, actor, &p)
	})
	return p, err
}

func admit(ctx context.Context, tx pgx.Tx, actor Actor, p *portal.Participation) error {
	err := tx.QueryRow(ctx, `
		INSERT INTO participations (round_id, organisation_id, role, track, admitted_on, decision_on, decision_reference, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, version`,
		p.RoundID, p.Organisation.ID, p.Role, p.Track, p.AdmittedOn, p.DecisionOn, p.DecisionReference, p.Note).
		Scan(&p.ID, &p.Version)
	if isUniqueViolation(err) {
		return ErrDuplicate
	}
	if err != nil {
		return fmt.Errorf("admit organisation %d to round %d: %w", p.Organisation.ID, p.RoundID, err)
	}
	return Audit(ctx, tx, actor, "create", "participations", p.ID, nil, participationAudit(*p))
}

// UpdateParticipation saves the editable fields of p (admission, decision,
// withdrawal, note) if nobody changed it since p.Version was read.
func (s *Store) UpdateParticipation(ctx context.Context, actor Actor, p portal.Participation) (portal.Participation, error) {
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := participationByID(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			UPDATE participations SET admitted_on = $3, withdrawn = $4, withdrawn_on = $5, withdrawal_reason = $6,
			       decision_on = $7, decision_reference = $8, note = $9, version = version + 1, updated_at = now()
			WHERE id = $1 AND version = $2`,
			p.ID, p.Version, p.AdmittedOn, p.Withdrawn, p.WithdrawnOn, p.WithdrawalReason,
			p.DecisionOn, p.DecisionReference, p.Note)
		if err != nil {
			return fmt.Errorf("update participation %d: %w", p.ID, err)
		}
		if tag.RowsAffected() == 0 {
			return conflict("participations", p.ID, before)
		}
		after := before
		after.AdmittedOn, after.Withdrawn, after.WithdrawnOn, after.WithdrawalReason = p.AdmittedOn, p.Withdrawn, p.WithdrawnOn, p.WithdrawalReason
		after.DecisionOn, after.DecisionReference, after.Note = p.DecisionOn, p.DecisionReference, p.Note
		after.Version = before.Version + 1
		p = after
		return Audit(ctx, tx, actor, "update", "participations", p.ID, participationAudit(before), participationAudit(after))
	})
	return p, err
}

// TookPartBefore reports whether the organisation took part in a round that
// started before year, which a mentor normally must have.
func (s *Store) TookPartBefore(ctx context.Context, orgID int64, year int) (bool, error) {
	var ok bool
	err := s.Pool.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM participations p JOIN rounds r ON r.id = p.round_id
		               WHERE p.organisation_id = $1 AND r.start_year < $2)`, orgID, year).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("earlier rounds of organisation %d: %w", orgID, err)
	}
	return ok, nil
}

// OrganisationParticipations lists an organisation's participations, newest
// round first, with their groups (members and mentors): four queries in
// one round trip, however many rounds.
func (s *Store) OrganisationParticipations(ctx context.Context, orgID int64) ([]portal.ContactParticipation, error) {
	var out []portal.ContactParticipation
	groupOf := map[int64]int64{}
	mentored := map[int64][]int64{}
	groups := map[int64]portal.BenchmarkingGroup{}
	b := &pgx.Batch{}
	b.Queue(`
		SELECT `+roundColumns+`, `+participationColumns+`
		FROM participations p
		JOIN rounds r ON r.id = p.round_id
		WHERE p.organisation_id = $1
		ORDER BY r.start_year DESC, r.end_year DESC, r.id DESC, p.role`, orgID).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var cp portal.ContactParticipation
			if err := rows.Scan(append(roundDest(&cp.Round), participationDest(&cp.Participation)...)...); err != nil {
				return err
			}
			out = append(out, cp)
		}
		return rows.Err()
	})
	b.Queue(`
		SELECT participation_id, group_id, false FROM group_members WHERE organisation_id = $1
		UNION ALL
		SELECT participation_id, group_id, true FROM mentor_links WHERE organisation_id = $1
		ORDER BY 1, 2`, orgID).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var pid, gid int64
			var mentor bool
			if err := rows.Scan(&pid, &gid, &mentor); err != nil {
				return err
			}
			if mentor {
				mentored[pid] = append(mentored[pid], gid)
			} else {
				groupOf[pid] = gid
			}
		}
		return rows.Err()
	})
	queueGroups(b, groups, `ARRAY(SELECT group_id FROM group_members WHERE organisation_id = $1
		UNION SELECT group_id FROM mentor_links WHERE organisation_id = $1)`, orgID)
	if err := s.Pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("participations of organisation %d: %w", orgID, err)
	}
	for i := range out {
		if gid, ok := groupOf[out[i].ID]; ok {
			g := groups[gid]
			out[i].Group = &g
		}
		for _, gid := range mentored[out[i].ID] {
			out[i].Mentored = append(out[i].Mentored, groups[gid])
		}
	}
	return out, nil
}

// ParticipationRemoval is what removing the participation would take with
// it, and the history that forbids it.
func (s *Store) ParticipationRemoval(ctx context.Context, id int64) (portal.Removal, error) {
	return participationRemoval(ctx, s.Pool, id)
}

func participationRemoval(ctx context.Context, q Querier, id int64) (portal.Removal, error) {
	var r portal.Removal
	err := q.QueryRow(ctx, `
		SELECT (SELECT count(*) FROM delegates WHERE participation_id = $1),
		       (SELECT count(*) FROM improvement_works WHERE participation_id = $1),
		       (SELECT count(*) FROM meeting_attendance a JOIN delegates d ON d.id = a.delegate_id WHERE d.participation_id = $1),
		       (SELECT count(*) FROM citations c WHERE c.participation_id = $1
		           OR (c.mentor_group_id, c.mentor_organisation_id) IN
		              (SELECT group_id, organisation_id FROM mentor_links WHERE participation_id = $1)),
		       coalesce((SELECT array_agg(g.label ORDER BY g.label) FROM group_members gm
		                 JOIN benchmarking_groups g ON g.id = gm.group_id WHERE gm.participation_id = $1), '{}'),
		       coalesce((SELECT array_agg(g.label ORDER BY g.label) FROM mentor_links ml
		                 JOIN benchmarking_groups g ON g.id = ml.group_id WHERE ml.participation_id = $1), '{}')`, id).
		Scan(&r.Delegates, &r.Works, &r.Attendance, &r.Citations, &r.Groups, &r.Mentored)
	if err != nil {
		return r, fmt.Errorf("what goes with participation %d: %w", id, err)
	}
	return r, nil
}

// RemoveParticipation undoes an admission made by mistake: the
// participation goes, and with it its group membership and mentor links. It
// is refused with ErrHasHistory while delegates, improvement work,
// attendance or sources are recorded (withdrawal is for those), and with a
// conflict when the participation changed since version was read.
func (s *Store) RemoveParticipation(ctx context.Context, actor Actor, id int64, version int) error {
	return remove(ctx, s, actor, removal[portal.Participation]{
		table: "participations", load: participationByID, history: participationRemoval,
		version: func(p portal.Participation) int { return p.Version },
		audit:   func(p portal.Participation) any { return participationAudit(p) },
	}, id, version)
}

// RoleChangeError says a participation's role or track cannot change while
// a group depends on it.
type RoleChangeError struct {
	Group string // the group that holds it, as member or mentee
}

func (e *RoleChangeError) Error() string { return "participation is tied to group " + e.Group }

// ChangeRoleAndTrack corrects a participation's role (participant or
// mentor) and track if nobody changed it since p.Version was read. It
// refuses with *RoleChangeError while the participation is a group's
// member or mentor (the group's track and roles depend on it), with
// ErrWithdrawnMentor for a withdrawn participant made mentor, and with
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
			return ErrWithdrawnMentor
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
