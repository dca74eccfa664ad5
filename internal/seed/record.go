package seed

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"

	"modellportalen/internal/portal"
)

// The public record (data/record/) is the programme's history as public
// pages tell it: every row names its sources and a confidence. It is loaded
// once per version of the files; staff corrections made through the portal
// (which the audit log holds) are never changed by a later load.

// roundInfo is what the portal says of a round of the record beyond what the
// rows give: its address, name and description, the sources of its dates,
// and the addresses it had before.
type roundInfo struct {
	slug, name, description string
	dateSources             []string
	oldSlugs                []string
}

var recordRounds = map[string]roundInfo{
	"pilot-2015": {"2015-2016", "Pilotomgången 2015–2016",
		"Modellkommuner för jämställdhet började som en pilot den 28 maj 2015 med sju kommuner: Piteå, Umeå, Örebro, Jönköping, Eskilstuna, Kalmar och Malmö. De arbetade tillsammans som ett nätverk.",
		[]string{"jamstall-2015", "skl-2016-10-26"}, []string{"2016-2017"}},
	"2017": {"2017-2018", "Modellkommuner 2017–2018",
		"Fjorton kommuner och en stadsdelsförvaltning i Stockholm i sex jämförelsegrupper, med pilotkommunerna som mentorer. Projektet avslutades i maj 2018.",
		[]string{"skl-2016-10-26", "skl-2018-08-21"}, nil},
	"2019": {"2019", "Modellkommuner och modellregioner 2019",
		"Kommuner och ett kommunförbund i jämförelsegrupper med mentorer från tidigare omgångar, och för första gången regioner (Modellregioner). Kommunerna arbetade från februari 2019 till februari 2020, regionerna till december 2020.",
		[]string{"skl-2018-10-23", "gotland-2020-02-07", "skr-2020-11-05"}, nil},
	"2020": {"2020-2022", "Modellkommuner 2020–2022",
		"Programmets fjärde omgång startade den 3 november 2020, senarelagd på grund av pandemin. Mentorer var Kalmar och Örnsköldsvik.",
		[]string{"skr-2020-09-30", "skr-2020-11-05", "kramfors-modellkommun"}, []string{"2021-2022"}},
	"2021": {"2021-2023", "Modellkonceptet 2021–2023",
		"Omgången startade den 13–14 september 2021 med den första blandade gruppen: två regioner och en kommun, med tre regioner som mentorer.",
		[]string{"skr-2021-04-08", "skr-2021-08-31"}, nil},
	"2023": {"2023-2025", "Modellkonceptet för jämställdhet 2023–2025",
		"Omgången startade i februari 2023 och pågick i omkring två år.",
		[]string{"skr-2022-07-01", "regionblekinge-2023-03-08"}, nil},
}

// districtParents names the municipality (by SCB code) each district of the
// record belongs to.
var districtParents = map[string]string{"Enskede-Årsta-Vantör": "0180"}

// associationCounties names the county of each association of the record.
var associationCounties = map[string]string{"Förbundet Norrbottens kommuner": "25"}

// withdrawnWhen gives a withdrawal's time in words, by round and
// organisation, where the record gives no date.
var withdrawnWhen = map[[2]string]string{{"2019", "Askersund"}: "våren 2019"}

// SwedishNote gives the record's English notes in Swedish, as the public
// pages show them; a note without a translation is shown as it is.
func SwedishNote(en string) string {
	if sv, ok := notesSV[en]; ok {
		return sv
	}
	return en
}

var notesSV = map[string]string{
	"the seven pilot municipalities worked as one network":                                                                  "De sju pilotkommunerna arbetade tillsammans som ett nätverk.",
	"not among the mentors of 2017; seed-003 counts six pilot municipalities":                                               "Inte bland mentorerna 2017. Umeå kommuns text från 2016 räknar sex pilotkommuner.",
	"a city district administration (stadsdelsförvaltning) of Stockholm (0180)":                                             "En stadsdelsförvaltning i Stockholms stad.",
	"ended its participation in spring 2019 (no exact date in the sources)":                                                 "Avslutade sitt deltagande under våren 2019 (källorna anger inget datum).",
	"not in the list of November 2018 (seed-001)":                                                                           "Finns inte med i SKL:s lista från november 2018.",
	"named in November 2018 (seed-001); absent from SKL's list of July 2019, which names Kalmar in its place":               "Nämns av SKL i november 2018 men saknas i SKL:s lista från juli 2019, som i stället nämner Kalmar.",
	"not in the list of November 2018 (seed-001), which names Östersund":                                                    "Finns inte med i SKL:s lista från november 2018, som i stället nämner Östersund.",
	"several Norrbotten municipalities took part through the association (skr-2020-11-05)":                                  "Flera kommuner i Norrbotten deltog genom förbundet.",
	"admitted (seed-001); SKR's later summaries (skr-2020-11-05, skr-2021-04-08) name only five regions, without Gävleborg": "Antagen enligt SKL i november 2018, men SKR:s senare sammanfattningar (november 2020 och april 2021) nämner bara fem regioner, utan Gävleborg.",
	"seed-004 says a model municipality since 2022":                                                                         "Kramfors kommun skriver 2023 att kommunen är modellkommun sedan 2022.",
	"named at the start (Nov 2020); absent from SKR's list of April 2021; group not known":                                  "Nämns vid starten i november 2020 men saknas i SKR:s lista från april 2021. Jämförelsegruppen är okänd.",
	"the first group mixing regions and a municipality":                                                                     "Den första gruppen med både regioner och en kommun.",
	"group and mentor not known": "Jämförelsegrupp och mentor är okända.",
	// meetings
	"the pilot's first meeting":                "Pilotomgångens första träff.",
	"joint start-up of the regions":            "Gemensam uppstart för regionerna.",
	"joint start-up of the municipalities":     "Gemensam uppstart för kommunerna.",
	"results conference of the regional pilot": "Resultatkonferens för regionernas pilot.",
	"start of the fourth round":                "Start för programmets fjärde omgång.",
	"start-up on 13–14 September 2021":         "Uppstart den 13–14 september 2021.",
	"results conference closing the round (week of 7 February 2020; exact day not stated)":                                                                "Resultatkonferens som avslutade omgången (veckan kring den 7 februari 2020; dagen anges inte).",
	"the group's introductory learning meeting with Kramfors as mentor, on gender-mainstreaming management and governance; not the round's first meeting": "Gruppens inledande lärandeträff med Kramfors som mentor, om jämställdhetsintegrering av ledning och styrning. Det var inte omgångens första träff.",
}

// conflictInfo places a conflict of the record on its round's page and words
// it in Swedish.
type conflictInfo struct {
	round, subject, claimA, claimB, reading string
}

var conflictsSV = map[string]conflictInfo{
	"pilot years": {"pilot-2015", "Pilotomgångens år",
		"Piloten pågick 2015–2016: den startade den 28 maj 2015 (”under 2015 och 2016”).",
		"Piloten pågick 2016–2017, eller ”under 2016”.",
		"2015–2016. De senare beskrivningarna visas som en annan uppgift."},
	"pilot size": {"pilot-2015", "Pilotomgångens storlek",
		"Sju kommuner.", "Sex kommuner.",
		"Sju. Sex av dem (alla utom Kalmar) var mentorer 2017."},
	"2019 group with Södertälje": {"2019", "Södertäljes jämförelsegrupp 2019",
		"Södertälje och Östersund.", "Södertälje och Kalmar.",
		"Kalmar deltog (det bekräftar Kalmar själv). Om Östersund deltog är osäkert."},
	"2019 regions": {"2019", "Antal regioner 2019",
		"Sex regioner.", "Fem regioner (utan Gävleborg).",
		"Sex antogs. Om Gävleborg fullföljde är osäkert."},
	"2019 municipal count": {"2019", "Antal kommuner 2019",
		"Tolv kommuner.", "Elva nya kommuner.",
		"Båda kan stämma: Kalmar var inte ny."},
	"Grums in the fourth round": {"2020", "Grums i den fjärde omgången",
		"Fem nya deltagare, bland dem Grums.", "Fyra deltagare, utan Grums.",
		"Osäkert."},
	"end of the 2021 round": {"2021", "Slutet på omgången 2021",
		"Februari 2023.", "Mars 2023.",
		"Februari 2023 (den senare texten)."},
}

// RecordVersion names the version of the record files: a load is recorded
// under it and not repeated.
func RecordVersion() (string, error) {
	h := sha256.New()
	names, err := fs.Glob(Data, "data/record/*.csv")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := fs.ReadFile(Data, n)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

type recordLoader struct {
	ctx     context.Context
	tx      pgx.Tx
	orgs    map[string]int64 // by name
	sources map[string]int64 // by key
	rounds  map[string]int64 // by record key
	groups  map[[2]string]int64
	// What this version of the record holds, per round: participations by
	// id, groups by id, meetings by id; anything else untouched by staff
	// in those rounds is retired.
	keep map[string]map[int64]bool
}

func record(ctx context.Context, tx pgx.Tx) error {
	version, err := RecordVersion()
	if err != nil {
		return fmt.Errorf("record version: %w", err)
	}
	// Two seeds at once load the record once: the second waits here and
	// then finds the version loaded.
	if _, err := tx.Exec(ctx, `LOCK TABLE record_loads IN EXCLUSIVE MODE`); err != nil {
		return fmt.Errorf("lock record_loads: %w", err)
	}
	var loaded bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM record_loads WHERE version = $1)`, version).Scan(&loaded); err != nil {
		return fmt.Errorf("check record version: %w", err)
	}
	if loaded {
		return nil
	}
	l := &recordLoader{ctx: ctx, tx: tx, orgs: map[string]int64{}, sources: map[string]int64{},
		rounds: map[string]int64{}, groups: map[[2]string]int64{},
		keep: map[string]map[int64]bool{"participations": {}, "benchmarking_groups": {}, "learning_meetings": {}}}
	parts, err := readCSV("record/participations.csv")
	if err != nil {
		return err
	}
	meetings, err := readCSV("record/meetings.csv")
	if err != nil {
		return err
	}
	steps := []func() error{
		l.loadSources,
		func() error { return l.loadOrganisations(parts) },
		func() error { return l.loadRounds(parts) },
		func() error { return l.loadParticipations(parts) },
		func() error { return l.loadMeetings(meetings) },
		l.loadConflicts,
		l.retire,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO record_loads (version, rows) VALUES ($1, $2)`, version, len(parts)+len(meetings)); err != nil {
		return fmt.Errorf("record the load of version %s: %w", version, err)
	}
	return nil
}

func (l *recordLoader) loadSources() error {
	rows, err := readCSV("record/sources.csv")
	if err != nil {
		return err
	}
	for _, s := range rows {
		var published any
		if s["published_on"] != "" {
			published = s["published_on"]
		}
		var id int64
		err := l.tx.QueryRow(l.ctx, `
			WITH ins AS (
				INSERT INTO sources (key, publisher, published_on, summary, url)
				VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (key) DO NOTHING
				RETURNING id)
			SELECT id FROM ins UNION ALL SELECT id FROM sources WHERE key = $1`,
			s["key"], s["publisher"], published, s["what_it_says"], s["url"]).Scan(&id)
		if err != nil {
			return fmt.Errorf("seed source %s: %w", s["key"], err)
		}
		l.sources[s["key"]] = id
	}
	return nil
}

// loadOrganisations adds the record's organisations that the reference data
// lacks (associations and districts) and reads every organisation's id.
func (l *recordLoader) loadOrganisations(parts []map[string]string) error {
	for _, p := range parts {
		name := p["organisation"]
		switch p["kind"] {
		case "association":
			if _, err := l.tx.Exec(l.ctx, `
				INSERT INTO organisations (kind, name, slug, county_code)
				VALUES ('association', $1, $2, $3)
				ON CONFLICT (slug) DO NOTHING`, name, Slug(name), associationCounties[name]); err != nil {
				return fmt.Errorf("seed association %s: %w", name, err)
			}
		case "district":
			parent, ok := districtParents[name]
			if !ok {
				return fmt.Errorf("district %s: no parent municipality known", name)
			}
			// A district is shown on the map where its municipality is.
			_, err := l.tx.Exec(l.ctx, `
				INSERT INTO organisations (kind, name, slug, county_code, lat, lon, parent_id)
				SELECT 'district', $1, $2, m.county_code, m.lat, m.lon, m.id
				FROM organisations m WHERE m.scb_code = $3
				ON CONFLICT (slug) DO NOTHING`, name, Slug(name), parent)
			if err != nil {
				return fmt.Errorf("seed district %s: %w", name, err)
			}
		}
	}
	rows, err := l.tx.Query(l.ctx, `SELECT name, id FROM organisations`)
	if err != nil {
		return fmt.Errorf("load organisation names: %w", err)
	}
	for rows.Next() {
		var name string
		var id int64
		if err := rows.Scan(&name, &id); err != nil {
			return err
		}
		l.orgs[name] = id
	}
	return rows.Err()
}

type span struct{ start, end portal.PartialDate }

func (s *span) widen(o span) {
	if s.start.IsZero() || o.start.Time.Before(s.start.Time) {
		s.start = o.start
	}
	if s.end.IsZero() || o.end.Time.After(s.end.Time) {
		s.end = o.end
	}
}

func rowSpan(p map[string]string) (span, error) {
	start, err := portal.ParsePartialDate(p["start"])
	if err != nil {
		return span{}, err
	}
	end, err := portal.ParsePartialDate(p["end"])
	if err != nil {
		return span{}, err
	}
	return span{start, end}, nil
}

// untouched is the SQL condition that staff have not changed the row of
// table aliased x through the portal: the audit log has no entry for it.
func untouched(table, alias string) string {
	return fmt.Sprintf(`NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.table_name = '%s' AND a.record_id = %s.id)`, table, alias)
}

func (l *recordLoader) loadRounds(parts []map[string]string) error {
	spans := map[string]span{}
	trackSpans := map[[2]string]span{}
	var order []string
	tracks := map[string][]string{}
	for _, p := range parts {
		key := p["round"]
		sp, err := rowSpan(p)
		if err != nil {
			return fmt.Errorf("round %s: %w", key, err)
		}
		if _, ok := spans[key]; !ok {
			order = append(order, key)
		}
		s := spans[key]
		s.widen(sp)
		spans[key] = s
		ts := trackSpans[[2]string{key, p["track"]}]
		ts.widen(sp)
		trackSpans[[2]string{key, p["track"]}] = ts
		if !slices.Contains(tracks[key], p["track"]) {
			tracks[key] = append(tracks[key], p["track"])
		}
	}
	for _, key := range order {
		info, ok := recordRounds[key]
		if !ok {
			return fmt.Errorf("round %q of the record has no name or address here", key)
		}
		sp := spans[key]
		tr := tracks[key]
		slices.SortFunc(tr, func(a, b string) int {
			return slices.Index(portal.Tracks, portal.Track(a)) - slices.Index(portal.Tracks, portal.Track(b))
		})
		// A round seeded under an old address takes its new one, which
		// leaves a redirect behind; an old round without one is retired.
		for _, old := range info.oldSlugs {
			if _, err := l.tx.Exec(l.ctx, `
				UPDATE rounds r SET slug = $2
				WHERE r.slug = $1 AND NOT EXISTS (SELECT 1 FROM rounds WHERE slug = $2)`, old, info.slug); err != nil {
				return fmt.Errorf("move round %s to %s: %w", old, info.slug, err)
			}
		}
		var id int64
		err := l.tx.QueryRow(l.ctx, `
			WITH ins AS (
				INSERT INTO rounds (slug, name, start_year, end_year, status, tracks, description,
				                    starts_on, starts_precision, ends_on, ends_precision)
				VALUES ($1, $2, $3, $4, 'completed', $5, $6, $7, $8, $9, $10)
				ON CONFLICT (slug) DO NOTHING
				RETURNING id)
			SELECT id FROM ins UNION ALL SELECT id FROM rounds WHERE slug = $1`,
			info.slug, info.name, sp.start.Time.Year(), sp.end.Time.Year(), tr, info.description,
			sp.start.Time, sp.start.Precision, sp.end.Time, sp.end.Precision).Scan(&id)
		if err != nil {
			return fmt.Errorf("seed round %s: %w", key, err)
		}
		if _, err := l.tx.Exec(l.ctx, `
			UPDATE rounds r SET name = $2, start_year = $3, end_year = $4, tracks = $5, description = $6,
			       starts_on = $7, starts_precision = $8, ends_on = $9, ends_precision = $10
			WHERE r.id = $1 AND `+untouched("rounds", "r")+`
			  AND (r.name, r.start_year, r.end_year, r.tracks, r.description, r.starts_on, r.starts_precision::text,
			       r.ends_on, r.ends_precision::text)
			      IS DISTINCT FROM ($2, $3, $4, $5::text[], $6, $7::date, $8, $9::date, $10)`,
			id, info.name, sp.start.Time.Year(), sp.end.Time.Year(), tr, info.description,
			sp.start.Time, string(sp.start.Precision), sp.end.Time, string(sp.end.Precision)); err != nil {
			return fmt.Errorf("update round %s: %w", key, err)
		}
		l.rounds[key] = id
		for _, t := range tr {
			ts := trackSpans[[2]string{key, t}]
			if _, err := l.tx.Exec(l.ctx, `
				INSERT INTO round_tracks (round_id, track, starts_on, starts_precision, ends_on, ends_precision)
				VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT (round_id, track) DO NOTHING`,
				id, t, ts.start.Time, ts.start.Precision, ts.end.Time, ts.end.Precision); err != nil {
				return fmt.Errorf("seed round %s track %s: %w", key, t, err)
			}
		}
		for _, old := range info.oldSlugs {
			// An old round that staff have not touched is the record's
			// mistake: it goes, and its address leads here.
			if _, err := l.tx.Exec(l.ctx, `
				DELETE FROM rounds r WHERE r.slug = $1 AND `+untouched("rounds", "r")+`
				  AND NOT EXISTS (SELECT 1 FROM participations p WHERE p.round_id = r.id AND NOT (`+untouched("participations", "p")+`))
				  AND NOT EXISTS (SELECT 1 FROM participations p JOIN delegates d ON d.participation_id = p.id WHERE p.round_id = r.id)`,
				old); err != nil {
				return fmt.Errorf("retire round %s: %w", old, err)
			}
			if _, err := l.tx.Exec(l.ctx, `
				INSERT INTO round_redirects (old_slug, round_id)
				SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM rounds WHERE slug = $1)
				ON CONFLICT (old_slug) DO NOTHING`, old, id); err != nil {
				return fmt.Errorf("redirect %s: %w", old, err)
			}
		}
		if err := l.cite("round_id", []any{id}, info.dateSources); err != nil {
			return fmt.Errorf("round %s: %w", key, err)
		}
	}
	return nil
}

// cite adds citations of the sources to one subject: column names the
// subject's column of citations and ids its key.
func (l *recordLoader) cite(column string, ids []any, keys []string) error {
	if len(keys) == 0 {
		return fmt.Errorf("cites no source")
	}
	cols := column
	vals := "$2"
	if column == "mentor_group_id" {
		cols = "mentor_group_id, mentor_organisation_id"
		vals = "$2, $3"
	}
	for _, k := range keys {
		sid, ok := l.sources[k]
		if !ok {
			return fmt.Errorf("unknown source %q", k)
		}
		args := append([]any{sid}, ids...)
		if _, err := l.tx.Exec(l.ctx, `
			INSERT INTO citations (source_id, `+cols+`) VALUES ($1, `+vals+`)
			ON CONFLICT DO NOTHING`, args...); err != nil {
			return fmt.Errorf("cite %s: %w", k, err)
		}
	}
	return nil
}

func (l *recordLoader) org(name string) (int64, error) {
	id, ok := l.orgs[name]
	if !ok {
		return 0, fmt.Errorf("unknown organisation %q", name)
	}
	return id, nil
}

func (l *recordLoader) loadParticipations(parts []map[string]string) error {
	mentorPositions := map[[2]string]int{}
	for i, p := range parts {
		if err := l.participation(p, mentorPositions); err != nil {
			return fmt.Errorf("participations.csv row %d (%s %s): %w", i+2, p["round"], p["organisation"], err)
		}
	}
	return nil
}

func (l *recordLoader) participation(p map[string]string, mentorPositions map[[2]string]int) error {
	roundID := l.rounds[p["round"]]
	orgID, err := l.org(p["organisation"])
	if err != nil {
		return err
	}
	role := "participant"
	if p["role"] != "participant" {
		role = "mentor"
	}
	note := SwedishNote(p["note"])
	var withdrawn bool
	var when, uncertain string
	switch p["status"] {
	case "took_part":
	case "withdrew":
		withdrawn = true
		when = withdrawnWhen[[2]string{p["round"], p["organisation"]}]
	case "uncertain":
		uncertain, note = note, ""
		if uncertain == "" {
			return fmt.Errorf("uncertain without a note saying why")
		}
	default:
		return fmt.Errorf("unknown status %q", p["status"])
	}
	var pid int64
	err = l.tx.QueryRow(l.ctx, `
		WITH ins AS (
			INSERT INTO participations (round_id, organisation_id, role, track, note, withdrawn, withdrawn_when,
			                            uncertain_reason, confidence)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (round_id, organisation_id, role) DO NOTHING
			RETURNING id)
		SELECT id FROM ins UNION ALL
		SELECT id FROM participations WHERE round_id = $1 AND organisation_id = $2 AND role = $3`,
		roundID, orgID, role, p["track"], note, withdrawn, when, uncertain, p["confidence"]).Scan(&pid)
	if err != nil {
		return fmt.Errorf("seed %s: %w", role, err)
	}
	// A row seeded by an earlier version takes this version's reading,
	// unless staff have changed it. A mentor's rows may be several (one per
	// group); the first one's note stands.
	if role == "participant" {
		if _, err := l.tx.Exec(l.ctx, `
			UPDATE participations p SET track = $2, note = $3, withdrawn = $4, withdrawn_when = $5,
			       withdrawal_reason = CASE WHEN $4 THEN p.withdrawal_reason ELSE '' END,
			       withdrawn_on = CASE WHEN $4 THEN p.withdrawn_on ELSE NULL END,
			       uncertain_reason = $6, confidence = $7
			WHERE p.id = $1 AND `+untouched("participations", "p")+`
			  AND (p.track, p.note, p.withdrawn, p.withdrawn_when, p.uncertain_reason, p.confidence)
			      IS DISTINCT FROM ($2, $3, $4, $5, $6, $7)`,
			pid, p["track"], note, withdrawn, when, uncertain, p["confidence"]); err != nil {
			return fmt.Errorf("update participation: %w", err)
		}
	}
	l.keep["participations"][pid] = true
	sources := strings.Fields(p["sources"])
	if err := l.cite("participation_id", []any{pid}, sources); err != nil {
		return err
	}
	if p["group"] == "" {
		return nil
	}
	groupID, err := l.group(p, roundID)
	if err != nil {
		return err
	}
	if err := l.cite("group_id", []any{groupID}, sources); err != nil {
		return err
	}
	if role == "participant" {
		if _, err := l.tx.Exec(l.ctx, `
			INSERT INTO group_members (group_id, round_id, participation_id, organisation_id, position)
			SELECT $1, $2, $3, $4, coalesce(max(position) + 1, 0) FROM group_members WHERE group_id = $1
			ON CONFLICT DO NOTHING`, groupID, roundID, pid, orgID); err != nil {
			return fmt.Errorf("add to group: %w", err)
		}
		return nil
	}
	kind := "primary"
	if p["role"] == "supporting_mentor" {
		kind = "supporting"
	}
	gk := [2]string{p["round"] + "\x00" + p["group"], kind}
	pos := mentorPositions[gk]
	mentorPositions[gk]++
	if _, err := l.tx.Exec(l.ctx, `
		INSERT INTO mentor_links (group_id, round_id, participation_id, organisation_id, kind, position)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT DO NOTHING`, groupID, roundID, pid, orgID, kind, pos); err != nil {
		return fmt.Errorf("link mentor: %w", err)
	}
	return l.cite("mentor_group_id", []any{groupID, orgID}, sources)
}

func (l *recordLoader) group(p map[string]string, roundID int64) (int64, error) {
	key := [2]string{p["round"], p["group"]}
	if id, ok := l.groups[key]; ok {
		return id, nil
	}
	var pos int
	for k := range l.groups {
		if k[0] == p["round"] {
			pos++
		}
	}
	var id int64
	err := l.tx.QueryRow(l.ctx, `
		WITH ins AS (
			INSERT INTO benchmarking_groups (round_id, track, label, focus_area, position)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (round_id, label) DO NOTHING
			RETURNING id)
		SELECT id FROM ins UNION ALL SELECT id FROM benchmarking_groups WHERE round_id = $1 AND label = $3`,
		roundID, p["track"], p["group"], p["focus_area"], pos).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("seed group %q: %w", p["group"], err)
	}
	l.groups[key] = id
	l.keep["benchmarking_groups"][id] = true
	return id, nil
}

func (l *recordLoader) loadMeetings(meetings []map[string]string) error {
	for i, m := range meetings {
		on, err := portal.ParsePartialDate(m["date"])
		if err != nil {
			return fmt.Errorf("meetings.csv row %d: %w", i+2, err)
		}
		roundID, ok := l.rounds[m["round"]]
		if !ok {
			return fmt.Errorf("meetings.csv row %d: unknown round %q", i+2, m["round"])
		}
		kind := m["kind"]
		var groupID *int64
		if m["group"] != "" {
			id, ok := l.groups[[2]string{m["round"], m["group"]}]
			if !ok {
				return fmt.Errorf("meetings.csv row %d: unknown group %q", i+2, m["group"])
			}
			groupID = &id
		}
		// A round's meetings tell one track from the other only where the
		// round has more than one.
		var track *string
		if t := m["track"]; t != "" {
			track = &t
		}
		var id int64
		err = l.tx.QueryRow(l.ctx, `
			WITH old AS (
				SELECT id FROM learning_meetings
				WHERE round_id = $1 AND held_on = $2 AND kind = $5 AND group_id IS NOT DISTINCT FROM $6
				  AND track IS NOT DISTINCT FROM $7
				LIMIT 1),
			ins AS (
				INSERT INTO learning_meetings (round_id, held_on, place, agenda, kind, group_id, track, held_precision)
				SELECT $1, $2, $3, $4, $5, $6, $7, $8
				WHERE NOT EXISTS (SELECT 1 FROM old)
				RETURNING id)
			SELECT id FROM ins UNION ALL SELECT id FROM old`,
			roundID, on.Time, m["place"], SwedishNote(m["note"]), kind, groupID, track, on.Precision).Scan(&id)
		if err != nil {
			return fmt.Errorf("meetings.csv row %d: %w", i+2, err)
		}
		l.keep["learning_meetings"][id] = true
		if err := l.cite("meeting_id", []any{id}, strings.Fields(m["sources"])); err != nil {
			return fmt.Errorf("meetings.csv row %d: %w", i+2, err)
		}
	}
	return nil
}

func (l *recordLoader) loadConflicts() error {
	rows, err := readCSV("record/conflicts.csv")
	if err != nil {
		return err
	}
	for _, c := range rows {
		info, ok := conflictsSV[c["subject"]]
		if !ok {
			return fmt.Errorf("conflict %q: no round or Swedish wording here", c["subject"])
		}
		roundID, ok := l.rounds[info.round]
		if !ok {
			return fmt.Errorf("conflict %q: unknown round %q", c["subject"], info.round)
		}
		a, b := strings.Fields(c["sources_a"]), strings.Fields(c["sources_b"])
		for _, k := range append(slices.Clone(a), b...) {
			if _, ok := l.sources[k]; !ok {
				return fmt.Errorf("conflict %q: unknown source %q", c["subject"], k)
			}
		}
		if _, err := l.tx.Exec(l.ctx, `
			INSERT INTO record_conflicts (round_id, subject, subject_sv, claim_a, claim_a_sv, claim_b, claim_b_sv,
			                              reading, reading_sv, sources_a, sources_b)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (subject) DO UPDATE
			SET round_id = EXCLUDED.round_id, subject_sv = EXCLUDED.subject_sv,
			    claim_a = EXCLUDED.claim_a, claim_a_sv = EXCLUDED.claim_a_sv,
			    claim_b = EXCLUDED.claim_b, claim_b_sv = EXCLUDED.claim_b_sv,
			    reading = EXCLUDED.reading, reading_sv = EXCLUDED.reading_sv,
			    sources_a = EXCLUDED.sources_a, sources_b = EXCLUDED.sources_b`,
			roundID, c["subject"], info.subject, c["claim_a"], info.claimA, c["claim_b"], info.claimB,
			c["suggested_reading"], info.reading, a, b); err != nil {
			return fmt.Errorf("seed conflict %q: %w", c["subject"], err)
		}
	}
	return nil
}

// retire removes from the record's rounds what an earlier load put there and
// this version no longer holds, as long as nobody has touched it through the
// portal: no audit entry, and no delegates, work or attendance hang on it.
func (l *recordLoader) retire() error {
	var roundIDs []int64
	for _, id := range l.rounds {
		roundIDs = append(roundIDs, id)
	}
	keep := func(table string) []int64 {
		var ids []int64
		for id := range l.keep[table] {
			ids = append(ids, id)
		}
		return ids
	}
	stmts := []struct {
		what, sql string
		keep      []int64
	}{
		{"meetings", `
			DELETE FROM learning_meetings x
			WHERE x.round_id = ANY ($1) AND NOT x.id = ANY ($2) AND ` + untouched("learning_meetings", "x") + `
			  AND NOT EXISTS (SELECT 1 FROM meeting_attendance ma WHERE ma.meeting_id = x.id)`, keep("learning_meetings")},
		{"groups", `
			DELETE FROM benchmarking_groups x
			WHERE x.round_id = ANY ($1) AND NOT x.id = ANY ($2) AND ` + untouched("benchmarking_groups", "x"), keep("benchmarking_groups")},
		{"participations", `
			DELETE FROM participations x
			WHERE x.round_id = ANY ($1) AND NOT x.id = ANY ($2) AND ` + untouched("participations", "x") + `
			  AND NOT EXISTS (SELECT 1 FROM delegates d WHERE d.participation_id = x.id)
			  AND NOT EXISTS (SELECT 1 FROM improvement_works w WHERE w.participation_id = x.id)`, keep("participations")},
	}
	for _, s := range stmts {
		if _, err := l.tx.Exec(l.ctx, s.sql, roundIDs, s.keep); err != nil {
			return fmt.Errorf("retire %s no longer in the record: %w", s.what, err)
		}
	}
	return nil
}

// RecordRoundSlug is the address of a round of the record, by its key in the
// record's files ("pilot-2015", "2019"); empty for an unknown key.
func RecordRoundSlug(key string) string { return recordRounds[key].slug }
