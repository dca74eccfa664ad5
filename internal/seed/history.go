package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// roundInfo describes a round of the programme-history file: the public
// record names the rounds only by their years.
type roundInfo struct {
	slug, name  string
	start, end  int
	tracks      []string
	description string
}

var rounds = map[string]roundInfo{
	"2016": {"2016-2017", "Pilotomgången 2016–2017", 2016, 2017, []string{"municipal"},
		"Programmets första omgång, med sex kommuner. Av dem namnger källorna här bara Umeå."},
	"2017-2018": {"2017-2018", "Modellkommuner 2017–2018", 2017, 2018, []string{"municipal"},
		"Femton nya kommuner deltog. De som senare blev mentorer antas ha deltagit här."},
	"2019": {"2019", "Modellkommuner och modellregioner 2019", 2019, 2019, []string{"municipal", "regional"},
		"Tolv kommuner och ett kommunförbund, och för första gången sex regioner (Modellregioner)."},
	"2021-2022": {"2021-2022", "Modellkonceptet 2021–2022", 2021, 2022, []string{"municipal"},
		"Omgång inom Modellkonceptet för jämställdhet."},
	"2023-2025": {"2023-2025", "Modellkonceptet för jämställdhet 2023–2025", 2023, 2025, []string{"municipal"},
		"Omgång inom Modellkonceptet för jämställdhet."},
}

// Swedish wording for what the history file says in English.
var focusAreas = map[string]string{
	"Gender-mainstreaming the regional development responsibility": "Jämställdhetsintegrering av det regionala utvecklingsansvaret",
	"Public health and social sustainability":                      "Folkhälsa och social hållbarhet",
}

// Withdrawals known from the public record, by round and organisation. The
// record gives a season, not a date, so none is stored.
var withdrawals = map[[2]string]string{
	{"2019", "Askersund"}: "Avslutade sitt deltagande under våren 2019.",
}

// Learning meetings known from the public record.
var meetings = []struct {
	round, place, agenda string
	on                   time.Time
}{
	{"2023-2025", "Hotell Höga kusten", "Omgångens första lärandeträff.", time.Date(2023, 5, 23, 0, 0, 0, 0, time.UTC)},
}

var trackOf = map[string]string{"kommun": "municipal", "region": "regional"}

// The only association in the record; its county is Norrbotten's.
const associationName = "Förbundet Norrbottens kommuner"

type historyLoader struct {
	ctx     context.Context
	tx      pgx.Tx
	orgs    map[string]int64 // by name
	rounds  map[string]int64 // by history-file key
	groups  map[string]int64 // by round key + label
	nGroups map[string]int   // groups per round, for their order
}

func history(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `
		INSERT INTO organisations (kind, name, slug, county_code)
		VALUES ('association', $1, $2, '25')
		ON CONFLICT (slug) DO NOTHING`, associationName, Slug(associationName)); err != nil {
		return fmt.Errorf("seed association: %w", err)
	}
	h := &historyLoader{ctx: ctx, tx: tx, orgs: map[string]int64{}, rounds: map[string]int64{},
		groups: map[string]int64{}, nGroups: map[string]int{}}
	rows, err := tx.Query(ctx, `SELECT name, id FROM organisations`)
	if err != nil {
		return fmt.Errorf("load organisation names: %w", err)
	}
	for rows.Next() {
		var name string
		var id int64
		if err := rows.Scan(&name, &id); err != nil {
			return err
		}
		h.orgs[name] = id
	}
	if err := rows.Err(); err != nil {
		return err
	}

	records, err := readCSV("programme-history.csv")
	if err != nil {
		return err
	}
	for i, rec := range records {
		if err := h.load(rec); err != nil {
			return fmt.Errorf("programme-history.csv row %d (%s %s): %w", i+2, rec["round"], rec["participant"], err)
		}
	}
	for _, m := range meetings {
		if _, err := tx.Exec(ctx, `
			INSERT INTO learning_meetings (round_id, held_on, place, agenda)
			SELECT $1, $2, $3, $4
			WHERE NOT EXISTS (SELECT 1 FROM learning_meetings WHERE round_id = $1 AND held_on = $2)`,
			h.rounds[m.round], m.on, m.place, m.agenda); err != nil {
			return fmt.Errorf("seed meeting %s: %w", m.on.Format(time.DateOnly), err)
		}
	}
	return nil
}

func (h *historyLoader) load(rec map[string]string) error {
	roundID, err := h.round(rec["round"])
	if err != nil {
		return err
	}
	track, ok := trackOf[rec["track"]]
	if !ok {
		return fmt.Errorf("unknown track %q", rec["track"])
	}
	note := ""
	if rec["evidence"] == "inferred" {
		note = "Deltagandet är härlett ur källorna: organisationen var mentor i en senare omgång."
	}
	reason, withdrawn := withdrawals[[2]string{rec["round"], rec["participant"]}]
	pid, orgID, err := h.participation(roundID, rec["participant"], "participant", track, note)
	if err != nil {
		return err
	}
	if withdrawn {
		if _, err := h.tx.Exec(h.ctx, `
			UPDATE participations SET withdrawn = true, withdrawal_reason = $2
			WHERE id = $1 AND NOT withdrawn`, pid, reason); err != nil {
			return fmt.Errorf("withdraw: %w", err)
		}
	}
	if rec["group"] == "" {
		return nil
	}
	groupID, err := h.group(rec["round"], roundID, track, rec["group"], rec["focus_area"])
	if err != nil {
		return err
	}
	if _, err := h.tx.Exec(h.ctx, `
		INSERT INTO group_members (group_id, round_id, participation_id, organisation_id, position)
		SELECT $1, $2, $3, $4, coalesce(max(position) + 1, 0) FROM group_members WHERE group_id = $1
		ON CONFLICT DO NOTHING`, groupID, roundID, pid, orgID); err != nil {
		return fmt.Errorf("add to group: %w", err)
	}
	for kind, column := range map[string]string{"primary": "mentors", "supporting": "supporting_mentors"} {
		for i, name := range splitList(rec[column]) {
			mpid, morg, err := h.participation(roundID, name, "mentor", track, "")
			if err != nil {
				return err
			}
			if _, err := h.tx.Exec(h.ctx, `
				INSERT INTO mentor_links (group_id, round_id, participation_id, organisation_id, kind, position)
				VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT DO NOTHING`, groupID, roundID, mpid, morg, kind, i); err != nil {
				return fmt.Errorf("link mentor %s: %w", name, err)
			}
		}
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ";") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (h *historyLoader) round(key string) (int64, error) {
	if id, ok := h.rounds[key]; ok {
		return id, nil
	}
	info, ok := rounds[key]
	if !ok {
		return 0, fmt.Errorf("unknown round %q", key)
	}
	// Every round in the public record has ended by now.
	var id int64
	err := h.tx.QueryRow(h.ctx, `
		WITH ins AS (
			INSERT INTO rounds (slug, name, start_year, end_year, status, tracks, description)
			VALUES ($1, $2, $3, $4, 'completed', $5, $6)
			ON CONFLICT (slug) DO NOTHING
			RETURNING id)
		SELECT id FROM ins UNION ALL SELECT id FROM rounds WHERE slug = $1`,
		info.slug, info.name, info.start, info.end, info.tracks, info.description).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("seed round %s: %w", key, err)
	}
	h.rounds[key] = id
	return id, nil
}

func (h *historyLoader) participation(roundID int64, orgName, role, track, note string) (pid, orgID int64, err error) {
	orgID, ok := h.orgs[orgName]
	if !ok {
		return 0, 0, fmt.Errorf("unknown organisation %q", orgName)
	}
	err = h.tx.QueryRow(h.ctx, `
		WITH ins AS (
			INSERT INTO participations (round_id, organisation_id, role, track, note)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (round_id, organisation_id, role) DO NOTHING
			RETURNING id)
		SELECT id FROM ins UNION ALL
		SELECT id FROM participations WHERE round_id = $1 AND organisation_id = $2 AND role = $3`,
		roundID, orgID, role, track, note).Scan(&pid)
	if err != nil {
		return 0, 0, fmt.Errorf("seed %s %s: %w", role, orgName, err)
	}
	return pid, orgID, nil
}

func (h *historyLoader) group(roundKey string, roundID int64, track, label, focus string) (int64, error) {
	key := roundKey + "\x00" + label
	if id, ok := h.groups[key]; ok {
		return id, nil
	}
	if sv, ok := focusAreas[focus]; ok {
		focus = sv
	}
	pos := h.nGroups[roundKey]
	h.nGroups[roundKey]++
	var id int64
	err := h.tx.QueryRow(h.ctx, `
		WITH ins AS (
			INSERT INTO benchmarking_groups (round_id, track, label, focus_area, position)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (round_id, label) DO NOTHING
			RETURNING id)
		SELECT id FROM ins UNION ALL SELECT id FROM benchmarking_groups WHERE round_id = $1 AND label = $3`,
		roundID, track, label, focus, pos).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("seed group %q: %w", label, err)
	}
	h.groups[key] = id
	return id, nil
}
