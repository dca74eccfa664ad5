package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"modellportalen/internal/portal"
)

// Subject is one fact of a round that cites sources: the round's dates, a
// participation, a group, a mentor link (group and mentor organisation) or
// a meeting.
type Subject struct {
	Kind    string // "round", "participation", "group", "mentor" or "meeting"
	RoundID int64
	ID      int64 // the participation, group or meeting; the group for a mentor link
	OrgID   int64 // the mentor, for a mentor link
}

// ParseSubject reads a subject as URLs name it: "omgang", "deltagare-12",
// "grupp-3", "mentor-3-45" or "traff-7".
func ParseSubject(roundID int64, s string) (Subject, bool) {
	parts := strings.Split(s, "-")
	ids := make([]int64, 0, 2)
	for _, p := range parts[1:] {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil || id <= 0 {
			return Subject{}, false
		}
		ids = append(ids, id)
	}
	sub := Subject{RoundID: roundID}
	switch {
	case parts[0] == "omgang" && len(ids) == 0:
		sub.Kind = "round"
	case parts[0] == "deltagare" && len(ids) == 1:
		sub.Kind, sub.ID = "participation", ids[0]
	case parts[0] == "grupp" && len(ids) == 1:
		sub.Kind, sub.ID = "group", ids[0]
	case parts[0] == "mentor" && len(ids) == 2:
		sub.Kind, sub.ID, sub.OrgID = "mentor", ids[0], ids[1]
	case parts[0] == "traff" && len(ids) == 1:
		sub.Kind, sub.ID = "meeting", ids[0]
	default:
		return Subject{}, false
	}
	return sub, true
}

// Path is the subject as URLs name it (see ParseSubject).
func (s Subject) Path() string {
	id := strconv.FormatInt(s.ID, 10)
	switch s.Kind {
	case "participation":
		return "deltagare-" + id
	case "group":
		return "grupp-" + id
	case "mentor":
		return "mentor-" + id + "-" + strconv.FormatInt(s.OrgID, 10)
	case "meeting":
		return "traff-" + id
	}
	return "omgang"
}

// where is the condition on citations c that selects the subject's, with
// its arguments from $1.
func (s Subject) where() (string, []any) {
	switch s.Kind {
	case "participation":
		return "c.participation_id = $1", []any{s.ID}
	case "group":
		return "c.group_id = $1", []any{s.ID}
	case "mentor":
		return "c.mentor_group_id = $1 AND c.mentor_organisation_id = $2", []any{s.ID, s.OrgID}
	case "meeting":
		return "c.meeting_id = $1", []any{s.ID}
	}
	return "c.round_id = $1", []any{s.RoundID}
}

// auditTarget is the table and record whose history shows a citation.
func (s Subject) auditTarget() (string, int64) {
	switch s.Kind {
	case "participation":
		return "participations", s.ID
	case "group", "mentor":
		return "benchmarking_groups", s.ID
	case "meeting":
		return "learning_meetings", s.ID
	}
	return "rounds", s.RoundID
}

// SubjectLabel describes the subject in Swedish for staff ("Umeå som
// deltagare", "gruppen Lycksele och Vännäs" …); ErrNotFound when the
// subject is not in the round.
func (s *Store) SubjectLabel(ctx context.Context, sub Subject) (string, error) {
	var label string
	var err error
	switch sub.Kind {
	case "round":
		err = s.Pool.QueryRow(ctx, `SELECT 'omgångens tider' FROM rounds WHERE id = $1`, sub.RoundID).Scan(&label)
	case "participation":
		err = s.Pool.QueryRow(ctx, `
			SELECT o.name || CASE p.role WHEN 'mentor' THEN ' som mentor' ELSE ' som deltagare' END
			FROM participations p JOIN organisations o ON o.id = p.organisation_id
			WHERE p.id = $1 AND p.round_id = $2`, sub.ID, sub.RoundID).Scan(&label)
	case "group":
		err = s.Pool.QueryRow(ctx, `SELECT 'gruppen ' || label FROM benchmarking_groups WHERE id = $1 AND round_id = $2`,
			sub.ID, sub.RoundID).Scan(&label)
	case "mentor":
		err = s.Pool.QueryRow(ctx, `
			SELECT o.name || CASE ml.kind WHEN 'supporting' THEN ' som stödmentor' ELSE ' som mentor' END || ' för ' || g.label
			FROM mentor_links ml JOIN benchmarking_groups g ON g.id = ml.group_id JOIN organisations o ON o.id = ml.organisation_id
			WHERE ml.group_id = $1 AND ml.organisation_id = $2 AND ml.round_id = $3`, sub.ID, sub.OrgID, sub.RoundID).Scan(&label)
	case "meeting":
		err = s.Pool.QueryRow(ctx, `SELECT 'träffen ' || to_char(held_on, 'YYYY-MM-DD') FROM learning_meetings WHERE id = $1 AND round_id = $2`,
			sub.ID, sub.RoundID).Scan(&label)
	default:
		return "", ErrNotFound
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("describe %s %d: %w", sub.Kind, sub.ID, err)
	}
	return label, nil
}

// Citations lists the sources a subject cites, with who recorded each and
// when; empty RecordedBy for what the seed loaded from the public record.
func (s *Store) Citations(ctx context.Context, sub Subject) ([]portal.Citation, error) {
	cond, args := sub.where()
	rows, err := s.Pool.Query(ctx, `
		SELECT `+sourceColumns+`, coalesce(u.name, ''), c.recorded_at
		FROM citations c JOIN sources s ON s.id = c.source_id
		LEFT JOIN users u ON u.id = c.recorded_by
		WHERE `+cond+`
		ORDER BY c.recorded_at, s.published_on NULLS LAST, s.key`, args...)
	if err != nil {
		return nil, fmt.Errorf("load citations of %s %d: %w", sub.Kind, sub.ID, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (portal.Citation, error) {
		var c portal.Citation
		err := r.Scan(append(sourceDest(&c.Source), &c.RecordedBy, &c.RecordedAt)...)
		return c, err
	})
}

// ErrAlreadyCited is returned when the subject already cites the source.
var ErrAlreadyCited = errors.New("the fact already cites that source")

// Cite records that the subject rests on a source: an existing one
// (sourceID) or, with sourceID 0, the new source src, which gets a key made
// from its publisher and date. Who did it goes into the citation and the
// subject's history.
func (s *Store) Cite(ctx context.Context, actor Actor, sub Subject, sourceID int64, src portal.Source) (portal.Source, error) {
	err := pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
		var createdBy *int64
		if actor.UserID != 0 {
			createdBy = &actor.UserID
		}
		if sourceID == 0 {
			key, err := newSourceKey(ctx, tx, src)
			if err != nil {
				return err
			}
			if err := tx.QueryRow(ctx, `
				INSERT INTO sources (key, publisher, published_on, title, url, created_by)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
				key, src.Publisher, src.PublishedOn, src.Title, src.URL, createdBy).Scan(&sourceID); err != nil {
				return fmt.Errorf("add source: %w", err)
			}
		}
		if err := tx.QueryRow(ctx, `SELECT `+sourceColumns+` FROM sources s WHERE s.id = $1`, sourceID).
			Scan(sourceDest(&src)...); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return ErrNotFound
			}
			return fmt.Errorf("load source %d: %w", sourceID, err)
		}
		cols := map[string]string{"round": "round_id", "participation": "participation_id", "group": "group_id",
			"mentor": "mentor_group_id, mentor_organisation_id", "meeting": "meeting_id"}[sub.Kind]
		args := []any{sourceID, createdBy}
		vals := "$3"
		switch sub.Kind {
		case "round":
			args = append(args, sub.RoundID)
		case "mentor":
			args = append(args, sub.ID, sub.OrgID)
			vals = "$3, $4"
		default:
			args = append(args, sub.ID)
		}
		_, err := tx.Exec(ctx, `INSERT INTO citations (source_id, recorded_by, `+cols+`) VALUES ($1, $2, `+vals+`)`, args...)
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "23505" {
			return ErrAlreadyCited
		}
		if err != nil {
			return fmt.Errorf("cite source %d: %w", sourceID, err)
		}
		table, id := sub.auditTarget()
		after := map[string]any{"source": src.Key, "publisher": src.Publisher, "url": src.URL}
		if sub.Kind == "mentor" {
			after["mentor_organisation_id"] = sub.OrgID
		}
		return Audit(ctx, tx, actor, "cite", table, id, nil, after)
	})
	return src, err
}

// newSourceKey makes a key for a source staff add: its publisher and date,
// with a number when that key is taken.
func newSourceKey(ctx context.Context, tx pgx.Tx, src portal.Source) (string, error) {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(src.Publisher) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == 'å' || r == 'ä':
			b.WriteByte('a')
		case r == 'ö':
			b.WriteByte('o')
		default:
			dash = true
		}
	}
	base := b.String()
	if base == "" {
		base = "kalla"
	}
	if src.PublishedOn != nil {
		base += "-" + src.PublishedOn.Format("2006-01-02")
	}
	key := base
	for n := 2; ; n++ {
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM sources WHERE key = $1)`, key).Scan(&taken); err != nil {
			return "", fmt.Errorf("check source key: %w", err)
		}
		if !taken {
			return key, nil
		}
		key = base + "-" + strconv.Itoa(n)
	}
}
