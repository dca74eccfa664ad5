package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// roundColumns selects a round aliased r in the order roundDest scans.
var roundColumns = `r.id, r.slug, r.name, r.start_year, r.end_year, r.status, r.tracks, r.description, r.version, r.published_at,
	` + partialDateSQL("r.starts_on", "r.starts_precision") + `, ` + partialDateSQL("r.ends_on", "r.ends_precision") + `, r.reminder_days`

func roundDest(r *portal.Round) []any {
	return []any{&r.ID, &r.Slug, &r.Name, &r.StartYear, &r.EndYear, &r.Status, &r.Tracks, &r.Description, &r.Version, &r.PublishedAt,
		&r.Starts, &r.Ends, &r.ReminderDays}
}

// publicRound holds for a round aliased r that the public may see: not a
// draft. Every query behind a public page or file that reaches beyond one
// round's own page applies it.
const publicRound = `r.published_at IS NOT NULL`

// partialDateSQL writes a date column as precisely as its precision column
// says (2015-05-28, 2020-02 or 2016), or an empty string when there is none, which
// portal.PartialDate scans.
func partialDateSQL(date, precision string) string {
	return fmt.Sprintf(`coalesce(to_char(%s, CASE %s WHEN 'day' THEN 'YYYY-MM-DD' WHEN 'month' THEN 'YYYY-MM' ELSE 'YYYY' END), '')`,
		date, precision)
}

// participationColumns selects a participation aliased p (without its
// organisation) in the order participationDest scans.
const participationColumns = `p.id, p.round_id, p.role, p.track, p.admitted_on, p.withdrawn, p.withdrawn_on,
	p.withdrawal_reason, p.decision_on, p.decision_reference, p.note, p.version,
	p.confidence, p.uncertain_reason, p.withdrawn_when`

func participationDest(p *portal.Participation) []any {
	return []any{&p.ID, &p.RoundID, &p.Role, &p.Track, &p.AdmittedOn, &p.Withdrawn, &p.WithdrawnOn,
		&p.WithdrawalReason, &p.DecisionOn, &p.DecisionReference, &p.Note, &p.Version,
		&p.Confidence, &p.UncertainReason, &p.WithdrawnWhen}
}

// Rounds lists every round, oldest first, with its counts.
func (s *Store) Rounds(ctx context.Context) ([]portal.RoundSummary, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT `+roundColumns+`,
		       count(*) FILTER (WHERE p.role = 'participant' AND p.track = 'municipal'),
		       count(*) FILTER (WHERE p.role = 'participant' AND p.track = 'regional'),
		       count(*) FILTER (WHERE p.role = 'participant' AND p.track = 'mixed'),
		       count(*) FILTER (WHERE p.role = 'mentor'),
		       (SELECT count(*) FROM benchmarking_groups g WHERE g.round_id = r.id)
		FROM rounds r
		LEFT JOIN participations p ON p.round_id = r.id
		GROUP BY r.id
		ORDER BY r.start_year, r.end_year, r.id`)
	if err != nil {
		return nil, fmt.Errorf("list rounds: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.RoundSummary, error) {
		var rs portal.RoundSummary
		err := row.Scan(append(roundDest(&rs.Round), &rs.Municipal, &rs.Regional, &rs.Mixed, &rs.Mentors, &rs.Groups)...)
		return rs, err
	})
}

// RoundBySlug looks a round up by its URL name.
func (s *Store) RoundBySlug(ctx context.Context, slug string) (portal.Round, error) {
	var r portal.Round
	if !possibleSlug(slug) {
		// Not a name any round can have (the table's CHECK), and maybe not
		// even text Postgres accepts: not found, without asking.
		return r, ErrNotFound
	}
	err := s.Pool.QueryRow(ctx, `SELECT `+roundColumns+` FROM rounds r WHERE r.slug = $1`, slug).Scan(roundDest(&r)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("load round %q: %w", slug, err)
	}
	return r, nil
}

// RoundOverview loads a round's groups and participations in three queries,
// however many groups it has.
func (s *Store) RoundOverview(ctx context.Context, round portal.Round) (portal.RoundOverview, error) {
	ov := portal.RoundOverview{Round: round}
	rows, err := s.Pool.Query(ctx, `
		SELECT `+orgColumns+`, `+participationColumns+`
		FROM participations p
		JOIN organisations o ON o.id = p.organisation_id
		LEFT JOIN counties c ON c.code = o.county_code
		WHERE p.round_id = $1
		ORDER BY p.role DESC, o.name COLLATE "C"`, round.ID)
	if err != nil {
		return ov, fmt.Errorf("load participations of round %d: %w", round.ID, err)
	}
	byID := map[int64]portal.Participation{}
	for rows.Next() {
		var p portal.Participation
		o, err := scanOrg(rows, participationDest(&p)...)
		if err != nil {
			rows.Close()
			return ov, fmt.Errorf("scan participation: %w", err)
		}
		p.Organisation = o
		byID[p.ID] = p
		ov.Participations = append(ov.Participations, p)
	}
	if err := rows.Err(); err != nil {
		return ov, fmt.Errorf("read participations: %w", err)
	}

	rows, err = s.Pool.Query(ctx, `
		SELECT g.id, g.round_id, g.track, g.label, g.focus_area, g.administration,
		       coalesce(array_agg(gm.participation_id ORDER BY gm.position, gm.participation_id)
		                FILTER (WHERE gm.participation_id IS NOT NULL), '{}')
		FROM benchmarking_groups g
		LEFT JOIN group_members gm ON gm.group_id = g.id
		WHERE g.round_id = $1
		GROUP BY g.id
		ORDER BY g.track, g.position, g.id`, round.ID)
	if err != nil {
		return ov, fmt.Errorf("load groups of round %d: %w", round.ID, err)
	}
	groupIdx := map[int64]int{}
	for rows.Next() {
		var g portal.BenchmarkingGroup
		var members []int64
		if err := rows.Scan(&g.ID, &g.RoundID, &g.Track, &g.Label, &g.FocusArea, &g.Administration, &members); err != nil {
			rows.Close()
			return ov, fmt.Errorf("scan group: %w", err)
		}
		for _, id := range members {
			g.Members = append(g.Members, byID[id])
		}
		groupIdx[g.ID] = len(ov.Groups)
		ov.Groups = append(ov.Groups, g)
	}
	if err := rows.Err(); err != nil {
		return ov, fmt.Errorf("read groups: %w", err)
	}

	rows, err = s.Pool.Query(ctx, `
		SELECT ml.group_id, ml.participation_id, ml.kind
		FROM mentor_links ml
		WHERE ml.round_id = $1
		ORDER BY ml.group_id, ml.kind, ml.position, ml.organisation_id`, round.ID)
	if err != nil {
		return ov, fmt.Errorf("load mentors of round %d: %w", round.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var groupID, participationID int64
		var kind portal.MentorKind
		if err := rows.Scan(&groupID, &participationID, &kind); err != nil {
			return ov, fmt.Errorf("scan mentor link: %w", err)
		}
		if i, ok := groupIdx[groupID]; ok {
			ov.Groups[i].Mentors = append(ov.Groups[i].Mentors,
				portal.Mentor{Organisation: byID[participationID].Organisation, Kind: kind})
		}
	}
	return ov, rows.Err()
}

// auditRound is what the audit log records of a round.
type auditRound struct {
	Slug        string         `json:"slug"`
	Name        string         `json:"name"`
	StartYear   int            `json:"start_year"`
	EndYear     int            `json:"end_year"`
	Status      portal.Status  `json:"status"`
	Tracks      []portal.Track `json:"tracks"`
	Description string         `json:"description"`
	Leaders     []int64        `json:"leaders"`
	Reminder    int            `json:"reminder_days"`
}

func roundAudit(r portal.Round) auditRound {
	return auditRound{r.Slug, r.Name, r.StartYear, r.EndYear, r.Status, r.Tracks, r.Description, r.LeaderIDs, r.ReminderDays}
}

// RoundByID loads a round with its project leaders.
func (s *Store) RoundByID(ctx context.Context, id int64) (portal.Round, error) {
	return roundByID(ctx, s.Pool, id)
}

func roundByID(ctx context.Context, q Querier, id int64) (portal.Round, error) {
	var r portal.Round
	err := q.QueryRow(ctx, `
		SELECT `+roundColumns+`,
		       coalesce((SELECT array_agg(user_id ORDER BY user_id) FROM round_leaders WHERE round_id = r.id), '{}')
		FROM rounds r WHERE r.id = $1`, id).Scan(append(roundDest(&r), &r.LeaderIDs)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("load round %d: %w", id, err)
	}
	return r, nil
}

// CreateRound stores a new round and its project leaders.
func (s *Store) CreateRound(ctx context.Context, actor Actor, r portal.Round) (portal.Round, error) {
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO rounds (slug, name, start_year, end_year, status, tracks, description, reminder_days, published_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL) RETURNING id, version`,
			r.Slug, r.Name, r.StartYear, r.EndYear, r.Status, r.Tracks, r.Description, r.ReminderDays).Scan(&r.ID, &r.Version)
		if isUniqueViolation(err) {
			return ErrDuplicate
		}
		if err != nil {
			return fmt.Errorf("insert round: %w", err)
		}
		if err := setLeaders(ctx, tx, r.ID, r.LeaderIDs); err != nil {
			return err
		}
		// Read back, so the log names the leaders actually stored.
		if r, err = roundByID(ctx, tx, r.ID); err != nil {
			return err
		}
		return Audit(ctx, tx, actor, "create", "rounds", r.ID, nil, roundAudit(r))
	})
	return r, err
}

// UpdateRound saves r if nobody changed it since r.Version was read; else it
// returns a *ConflictError holding the stored round.
func (s *Store) UpdateRound(ctx context.Context, actor Actor, r portal.Round) (portal.Round, error) {
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		before, err := roundByID(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			UPDATE rounds SET slug = $3, name = $4, start_year = $5, end_year = $6, status = $7, tracks = $8,
			       description = $9, reminder_days = $10, version = version + 1, updated_at = now()
			WHERE id = $1 AND version = $2`,
			r.ID, r.Version, r.Slug, r.Name, r.StartYear, r.EndYear, r.Status, r.Tracks, r.Description, r.ReminderDays)
		if isUniqueViolation(err) {
			return ErrDuplicate
		}
		if err != nil {
			return fmt.Errorf("update round %d: %w", r.ID, err)
		}
		if tag.RowsAffected() == 0 {
			return conflict("rounds", r.ID, before)
		}
		if err := setLeaders(ctx, tx, r.ID, r.LeaderIDs); err != nil {
			return err
		}
		if r, err = roundByID(ctx, tx, r.ID); err != nil {
			return err
		}
		return Audit(ctx, tx, actor, "update", "rounds", r.ID, roundAudit(before), roundAudit(r))
	})
	return r, err
}

func setLeaders(ctx context.Context, tx pgx.Tx, roundID int64, userIDs []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM round_leaders WHERE round_id = $1 AND NOT user_id = ANY($2)`, roundID, userIDs); err != nil {
		return fmt.Errorf("set leaders of round %d: %w", roundID, err)
	}
	// Only staff can lead a round; other ids are ignored rather than stored.
	if _, err := tx.Exec(ctx, `
		INSERT INTO round_leaders (round_id, user_id)
		SELECT $1, id FROM users WHERE id = ANY($2) AND role IN ('admin', 'project_leader')
		ON CONFLICT DO NOTHING`, roundID, userIDs); err != nil {
		return fmt.Errorf("set leaders of round %d: %w", roundID, err)
	}
	return nil
}

// StaffUsers lists the active staff, who may lead rounds.
func (s *Store) StaffUsers(ctx context.Context) ([]portal.User, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT id, name, email, role FROM users
		WHERE active AND role IN ('admin', 'project_leader') ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.User, error) {
		var u portal.User
		err := r.Scan(&u.ID, &u.Name, &u.Email, &u.Role)
		return u, err
	})
}

// PublishRound makes a draft round public. It returns ErrConflict when the
// round was published already (by someone else, or a second click).
func (s *Store) PublishRound(ctx context.Context, actor Actor, id int64) (portal.Round, error) {
	var r portal.Round
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE rounds SET published_at = now(), version = version + 1, updated_at = now()
			WHERE id = $1 AND published_at IS NULL`, id)
		if err != nil {
			return fmt.Errorf("publish round %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return ErrConflict
		}
		if r, err = roundByID(ctx, tx, id); err != nil {
			return err
		}
		return Audit(ctx, tx, actor, "publish", "rounds", id, nil, roundAudit(r))
	})
	return r, err
}

// RoundAttention counts, for every round, what still needs a project
// leader: participants without a recorded political decision or outside
// any group, groups without a mentor, and learning meetings ahead; in one
// query, however many rounds there are.
func (s *Store) RoundAttention(ctx context.Context) (map[int64]portal.RoundAttention, error) {
	rows, err := s.Pool.Query(ctx, `
		SELECT r.id,
		       (SELECT count(*) FROM participations p
		        WHERE p.round_id = r.id AND p.role = 'participant' AND NOT p.withdrawn AND (p.decision_on IS NULL OR p.decision_reference = '')),
		       (SELECT count(*) FROM participations p
		        WHERE p.round_id = r.id AND p.role = 'participant' AND NOT p.withdrawn
		          AND NOT EXISTS (SELECT 1 FROM group_members gm WHERE gm.participation_id = p.id)),
		       (SELECT count(*) FROM benchmarking_groups g
		        WHERE g.round_id = r.id
		          AND NOT EXISTS (SELECT 1 FROM mentor_links ml WHERE ml.group_id = g.id AND ml.kind = 'primary')),
		       (SELECT count(*) FROM learning_meetings m WHERE m.round_id = r.id AND m.held_on >= current_date AND m.cancelled_at IS NULL)
		FROM rounds r`)
	if err != nil {
		return nil, fmt.Errorf("round attention: %w", err)
	}
	out := map[int64]portal.RoundAttention{}
	for rows.Next() {
		var id int64
		var a portal.RoundAttention
		if err := rows.Scan(&id, &a.MissingDecisions, &a.WithoutGroup, &a.GroupsWithoutMentor, &a.UpcomingMeetings); err != nil {
			rows.Close()
			return nil, err
		}
		out[id] = a
	}
	return out, rows.Err()
}
