package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

type auditGroup struct {
	Label          string       `json:"label"`
	Track          portal.Track `json:"track"`
	FocusArea      string       `json:"focus_area"`
	Administration string       `json:"administration"`
	Members        []int64      `json:"members"`
	Mentors        []string     `json:"mentors"`
}

func groupAudit(g portal.BenchmarkingGroup) auditGroup {
	a := auditGroup{Label: g.Label, Track: g.Track, FocusArea: g.FocusArea, Administration: g.Administration,
		Members: []int64{}, Mentors: []string{}}
	for _, m := range g.Members {
		a.Members = append(a.Members, m.Organisation.ID)
	}
	for _, m := range g.Mentors {
		a.Mentors = append(a.Mentors, fmt.Sprintf("%d:%s", m.Organisation.ID, m.Kind))
	}
	return a
}

// GroupByID loads a group with its members and mentors.
func (s *Store) GroupByID(ctx context.Context, id int64) (portal.BenchmarkingGroup, error) {
	return groupByID(ctx, s.Pool, id)
}

func groupByID(ctx context.Context, q Querier, id int64) (portal.BenchmarkingGroup, error) {
	var g portal.BenchmarkingGroup
	err := q.QueryRow(ctx, `
		SELECT id, round_id, track, label, focus_area, administration, version
		FROM benchmarking_groups WHERE id = $1`, id).
		Scan(&g.ID, &g.RoundID, &g.Track, &g.Label, &g.FocusArea, &g.Administration, &g.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return g, ErrNotFound
	}
	if err != nil {
		return g, fmt.Errorf("load group %d: %w", id, err)
	}
	rows, err := q.Query(ctx, `
		SELECT `+orgColumns+`, `+participationColumns+`, 'member', ''
		FROM group_members gm
		JOIN participations p ON p.id = gm.participation_id
		JOIN organisations o ON o.id = p.organisation_id
		LEFT JOIN counties c ON c.code = o.county_code
		WHERE gm.group_id = $1
		UNION ALL
		SELECT `+orgColumns+`, `+participationColumns+`, ml.kind, ml.override_reason
		FROM mentor_links ml
		JOIN participations p ON p.id = ml.participation_id
		JOIN organisations o ON o.id = p.organisation_id
		LEFT JOIN counties c ON c.code = o.county_code
		WHERE ml.group_id = $1
		ORDER BY 3`, id)
	if err != nil {
		return g, fmt.Errorf("load members of group %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var p portal.Participation
		var kind, reason string
		o, err := scanOrg(rows, append(participationDest(&p), &kind, &reason)...)
		if err != nil {
			return g, fmt.Errorf("scan group member: %w", err)
		}
		p.Organisation = o
		if kind == "member" {
			g.Members = append(g.Members, p)
		} else {
			g.Mentors = append(g.Mentors, portal.Mentor{Organisation: o, Kind: portal.MentorKind(kind), OverrideReason: reason})
		}
	}
	return g, rows.Err()
}

// SaveGroup creates (ID 0) or updates a group's label, focus area and
// administration, and replaces its members with memberIDs (participation
// ids). An organisation already in another group of the round gives a
// *MembershipError naming it.
func (s *Store) SaveGroup(ctx context.Context, actor Actor, g portal.BenchmarkingGroup, memberIDs []int64) (portal.BenchmarkingGroup, error) {
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		var before portal.BenchmarkingGroup
		if g.ID == 0 {
			err := tx.QueryRow(ctx, `
				INSERT INTO benchmarking_groups (round_id, track, label, focus_area, administration, position)
				SELECT $1, $2, $3, $4, $5, coalesce(max(position) + 1, 0) FROM benchmarking_groups WHERE round_id = $1
				RETURNING id`, g.RoundID, g.Track, g.Label, g.FocusArea, g.Administration).Scan(&g.ID)
			if isUniqueViolation(err) {
				return ErrDuplicate
			}
			if err != nil {
				return fmt.Errorf("insert group: %w", err)
			}
		} else {
			var err error
			if before, err = groupByID(ctx, tx, g.ID); err != nil {
				return err
			}
			tag, err := tx.Exec(ctx, `
				UPDATE benchmarking_groups SET label = $3, focus_area = $4, administration = $5,
				       version = version + 1, updated_at = now()
				WHERE id = $1 AND version = $2`, g.ID, g.Version, g.Label, g.FocusArea, g.Administration)
			if isUniqueViolation(err) {
				return ErrDuplicate
			}
			if err != nil {
				return fmt.Errorf("update group %d: %w", g.ID, err)
			}
			if tag.RowsAffected() == 0 {
				return conflict("benchmarking_groups", g.ID, before)
			}
		}
		if err := setMembers(ctx, tx, g, memberIDs); err != nil {
			return err
		}
		after, err := groupByID(ctx, tx, g.ID)
		if err != nil {
			return err
		}
		action, old := "update", any(groupAudit(before))
		if before.ID == 0 {
			action, old = "create", nil
		}
		g = after
		return Audit(ctx, tx, actor, action, "benchmarking_groups", g.ID, old, groupAudit(after))
	})
	return g, err
}

// MembershipError says an organisation cannot join a group because it is
// already in another group of the round, or is not a participant of it.
type MembershipError struct {
	Organisation string
	OtherGroup   string // empty when the participation is not in the round's track
}

func (e *MembershipError) Error() string {
	if e.OtherGroup != "" {
		return fmt.Sprintf("%s is already in group %q", e.Organisation, e.OtherGroup)
	}
	return fmt.Sprintf("%s is not a participant of the group's round and track", e.Organisation)
}

func setMembers(ctx context.Context, tx pgx.Tx, g portal.BenchmarkingGroup, ids []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM group_members WHERE group_id = $1 AND NOT participation_id = ANY($2)`, g.ID, ids); err != nil {
		return fmt.Errorf("remove members of group %d: %w", g.ID, err)
	}
	for i, id := range ids {
		var name, other string
		err := tx.QueryRow(ctx, `
			SELECT o.name, coalesce((SELECT g2.label FROM group_members gm JOIN benchmarking_groups g2 ON g2.id = gm.group_id
			                          WHERE gm.participation_id = p.id AND gm.group_id <> $2), '')
			FROM participations p JOIN organisations o ON o.id = p.organisation_id
			WHERE p.id = $1`, id, g.ID).Scan(&name, &other)
		if errors.Is(err, pgx.ErrNoRows) {
			// Removed by someone else while the form was open, or made up.
			return &MembershipError{Organisation: fmt.Sprintf("Deltagande %d", id)}
		}
		if err != nil {
			return fmt.Errorf("load participation %d: %w", id, err)
		}
		if other != "" {
			return &MembershipError{Organisation: name, OtherGroup: other}
		}
		tag, err := tx.Exec(ctx, `
			INSERT INTO group_members (group_id, round_id, participation_id, organisation_id, position)
			SELECT $1, p.round_id, p.id, p.organisation_id, $3 FROM participations p
			WHERE p.id = $2 AND p.round_id = $4 AND p.role = 'participant' AND p.track = $5
			ON CONFLICT (group_id, participation_id) DO UPDATE SET position = EXCLUDED.position`,
			g.ID, id, i, g.RoundID, g.Track)
		if isUniqueViolation(err) {
			// Another editor put it in a group between the check above
			// and this insert.
			return &MembershipError{Organisation: name, OtherGroup: "en annan grupp"}
		}
		if err != nil {
			return fmt.Errorf("add member %d to group %d: %w", id, g.ID, err)
		}
		if tag.RowsAffected() == 0 {
			return &MembershipError{Organisation: name}
		}
	}
	return nil
}

// AddMentor links an organisation to a group as primary or supporting
// mentor, admitting it to the round as mentor if it is not yet. The caller
// checks that it took part earlier, or passes the staff's override reason.
func (s *Store) AddMentor(ctx context.Context, actor Actor, groupID, orgID int64, kind portal.MentorKind, overrideReason string) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		g, err := groupByID(ctx, tx, groupID)
		if err != nil {
			return err
		}
		var pid int64
		err = tx.QueryRow(ctx, `
			SELECT id FROM participations WHERE round_id = $1 AND organisation_id = $2 AND role = 'mentor'`,
			g.RoundID, orgID).Scan(&pid)
		if errors.Is(err, pgx.ErrNoRows) {
			p := portal.Participation{RoundID: g.RoundID, Organisation: portal.Organisation{ID: orgID},
				Role: portal.RoleMentor, Track: g.Track}
			if err := admit(ctx, tx, actor, &p); err != nil {
				return err
			}
			pid = p.ID
		} else if err != nil {
			return fmt.Errorf("find mentor participation: %w", err)
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO mentor_links (group_id, round_id, participation_id, organisation_id, kind, position, override_reason)
			SELECT $1, $2, $3, $4, $5, coalesce(max(position) + 1, 0), $6 FROM mentor_links WHERE group_id = $1`,
			groupID, g.RoundID, pid, orgID, kind, overrideReason)
		if isUniqueViolation(err) {
			return ErrDuplicate
		}
		if err != nil {
			return fmt.Errorf("link mentor %d to group %d: %w", orgID, groupID, err)
		}
		after, err := groupByID(ctx, tx, groupID)
		if err != nil {
			return err
		}
		return Audit(ctx, tx, actor, "update", "benchmarking_groups", groupID, groupAudit(g), groupAudit(after))
	})
}

// RemoveMentor unlinks a mentor from a group; its mentor participation in
// the round stays, as it may mentor other groups. It is refused with
// ErrHasHistory while sources are cited for the link, and with a conflict
// when the group changed since version was read.
func (s *Store) RemoveMentor(ctx context.Context, actor Actor, groupID, orgID int64, version int) error {
	return s.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM benchmarking_groups WHERE id = $1 FOR UPDATE`, groupID); err != nil {
			return fmt.Errorf("lock group %d: %w", groupID, err)
		}
		g, err := groupByID(ctx, tx, groupID)
		if err != nil {
			return err
		}
		if g.Version != version {
			return conflict("benchmarking_groups", groupID, g)
		}
		removal, err := mentorRemoval(ctx, tx, groupID, orgID)
		if err != nil {
			return err
		}
		if removal.HasHistory() {
			return ErrHasHistory
		}
		if _, err := tx.Exec(ctx, `DELETE FROM mentor_links WHERE group_id = $1 AND organisation_id = $2`, groupID, orgID); err != nil {
			return fmt.Errorf("unlink mentor: %w", err)
		}
		after, err := groupByID(ctx, tx, groupID)
		if err != nil {
			return err
		}
		return Audit(ctx, tx, actor, "update", "benchmarking_groups", groupID, groupAudit(g), groupAudit(after))
	})
}

// queueGroups queues the loading of the groups whose ids the SQL array
// expression ids gives (with args), with their members and mentors, into
// out: two queries.
func queueGroups(b *pgx.Batch, out map[int64]portal.BenchmarkingGroup, ids string, args ...any) {
	b.Queue(`
		SELECT id, round_id, track, label, focus_area, administration, version
		FROM benchmarking_groups WHERE id = ANY(`+ids+`)`, args...).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var g portal.BenchmarkingGroup
			if err := rows.Scan(&g.ID, &g.RoundID, &g.Track, &g.Label, &g.FocusArea, &g.Administration, &g.Version); err != nil {
				return err
			}
			out[g.ID] = g
		}
		return rows.Err()
	})
	b.Queue(`
		SELECT `+orgColumns+`, x.group_id, x.kind FROM (
			SELECT group_id, organisation_id, 'member' AS kind, position FROM group_members WHERE group_id = ANY(`+ids+`)
			UNION ALL
			SELECT group_id, organisation_id, kind, position FROM mentor_links WHERE group_id = ANY(`+ids+`)) x
		JOIN organisations o ON o.id = x.organisation_id
		LEFT JOIN counties c ON c.code = o.county_code
		ORDER BY x.group_id, x.kind, x.position`, args...).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var gid int64
			var kind string
			o, err := scanOrg(rows, &gid, &kind)
			if err != nil {
				return err
			}
			g := out[gid]
			if kind == "member" {
				g.Members = append(g.Members, portal.Participation{Organisation: o})
			} else {
				g.Mentors = append(g.Mentors, portal.Mentor{Organisation: o, Kind: portal.MentorKind(kind)})
			}
			out[gid] = g
		}
		return rows.Err()
	})
}

// GroupRemoval is what removing the group would take with it, and the
// history that forbids it.
func (s *Store) GroupRemoval(ctx context.Context, id int64) (portal.Removal, error) {
	return groupRemoval(ctx, s.Pool, id)
}

func groupRemoval(ctx context.Context, q Querier, id int64) (portal.Removal, error) {
	var r portal.Removal
	err := q.QueryRow(ctx, `
		SELECT (SELECT count(*) FROM mentor_links WHERE group_id = $1),
		       (SELECT count(*) FROM learning_meetings WHERE group_id = $1),
		       (SELECT count(*) FROM meeting_attendance a JOIN learning_meetings m ON m.id = a.meeting_id WHERE m.group_id = $1),
		       (SELECT count(*) FROM citations c WHERE c.group_id = $1 OR c.mentor_group_id = $1
		           OR c.meeting_id IN (SELECT id FROM learning_meetings WHERE group_id = $1)),
		       (SELECT count(*) FROM meeting_invitations i JOIN learning_meetings m ON m.id = i.meeting_id
		        WHERE m.group_id = $1 AND m.cancelled_at IS NULL),
		       (SELECT count(*) FROM meeting_minutes x JOIN learning_meetings m ON m.id = x.meeting_id WHERE m.group_id = $1)
		         + (SELECT count(*) FROM meeting_outcomes x JOIN learning_meetings m ON m.id = x.meeting_id WHERE m.group_id = $1),
		       coalesce((SELECT array_agg(o.name ORDER BY gm.position, o.name) FROM group_members gm
		                 JOIN organisations o ON o.id = gm.organisation_id WHERE gm.group_id = $1), '{}')`, id).
		Scan(&r.MentorLinks, &r.Meetings, &r.Attendance, &r.Citations, &r.Invited, &r.Minutes, &r.Members)
	if err != nil {
		return r, fmt.Errorf("what goes with group %d: %w", id, err)
	}
	return r, nil
}

// RemoveGroup removes a group formed by mistake, with its mentor links and
// its own meetings; its members stay in the round. It is refused with
// ErrHasHistory while attendance at its meetings or sources are recorded.
func (s *Store) RemoveGroup(ctx context.Context, actor Actor, id int64, version int) error {
	return remove(ctx, s, actor, removal[portal.BenchmarkingGroup]{
		table: "benchmarking_groups", load: groupByID, history: groupRemoval,
		version: func(g portal.BenchmarkingGroup) int { return g.Version },
		audit:   func(g portal.BenchmarkingGroup) any { return groupAudit(g) },
	}, id, version)
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

// MentorRemoval is the history that forbids unlinking the mentor from the
// group: the sources cited for the link.
func (s *Store) MentorRemoval(ctx context.Context, groupID, orgID int64) (portal.Removal, error) {
	return mentorRemoval(ctx, s.Pool, groupID, orgID)
}

func mentorRemoval(ctx context.Context, q Querier, groupID, orgID int64) (portal.Removal, error) {
	var r portal.Removal
	if err := q.QueryRow(ctx, `SELECT count(*) FROM citations WHERE mentor_group_id = $1 AND mentor_organisation_id = $2`,
		groupID, orgID).Scan(&r.Citations); err != nil {
		return r, fmt.Errorf("sources of mentor link: %w", err)
	}
	return r, nil
}
