package server

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"modellportalen/internal/seed"
	"modellportalen/web"
)

// recordRows reads one file of the public record as the seed embeds it.
func recordRows(t *testing.T, name string) []map[string]string {
	t.Helper()
	rows, err := seed.RecordRows(name)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// groupCard cuts the card of the group with this label out of a round page.
func groupCard(page, label string) string {
	for _, card := range strings.Split(page, `<li class="card">`)[1:] {
		if strings.Contains(card, "<h3>"+html.EscapeString(label)+"</h3>") {
			if i := strings.Index(card, "</section>"); i >= 0 {
				card = card[:i]
			}
			return card
		}
	}
	return ""
}

func orgLink(name string) string {
	return `href="/organisationer/` + seed.Slug(name) + `"`
}

var (
	sourceItemRE = regexp.MustCompile(`<li id="(kalla-[0-9]+)">\s*(?:<a href="([^"]*)"[^>]*>)?`)
	sourceRefRE  = regexp.MustCompile(`href="#(kalla-[0-9]+)"`)
)

// checkSourceList checks a page's list of sources: every reference leads to
// an entry, every entry's link is the address of a source of the record, and
// every source of keys is listed.
func checkSourceList(t *testing.T, page string, keys []string, sources map[string]map[string]string) {
	t.Helper()
	if !strings.Contains(page, `<h2 id="sources">Källor</h2>`) {
		t.Fatal("no Källor list")
	}
	items := map[string]bool{}
	links := map[string]bool{}
	for _, m := range sourceItemRE.FindAllStringSubmatch(page, -1) {
		items[m[1]] = true
		if m[2] == "" {
			continue
		}
		href := html.UnescapeString(m[2])
		u, err := url.Parse(href)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			t.Errorf("source link %q is not a web address", href)
		}
		links[href] = true
	}
	for _, m := range sourceRefRE.FindAllStringSubmatch(page, -1) {
		if !items[m[1]] {
			t.Errorf("reference to #%s, which the list lacks", m[1])
		}
	}
	for _, k := range keys {
		s := sources[k]
		switch {
		case s == nil:
			t.Errorf("unknown source %s", k)
		case s["url"] != "" && !links[s["url"]]:
			t.Errorf("source %s (%s) not linked in the list", k, s["url"])
		case s["url"] == "" && !strings.Contains(page, html.EscapeString(s["publisher"])):
			t.Errorf("source %s (%s) not listed", k, s["publisher"])
		}
	}
}

// TestRecordOnPublicPages compares every row of the copied record with the
// public pages: the round page names each participant in its group, each
// mentor as primary or supporting, says what is uncertain or withdrawn, and
// lists the row's sources with links; the organisation page does the same
// for its history.
func TestRecordOnPublicPages(t *testing.T) {
	app := newTestApp(t)
	sources := map[string]map[string]string{}
	for _, s := range recordRows(t, "sources.csv") {
		sources[s["key"]] = s
	}
	pages := map[string]string{}
	page := func(path string) string {
		if p, ok := pages[path]; ok {
			return p
		}
		status, body := app.get(t, path)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d", path, status)
		}
		pages[path] = body
		return body
	}
	for _, p := range recordRows(t, "participations.csv") {
		slug := seed.RecordRoundSlug(p["round"])
		t.Run(slug+"/"+p["organisation"]+"/"+p["role"], func(t *testing.T) {
			round := page("/omgangar/" + slug)
			org := page("/organisationer/" + url.PathEscape(seed.Slug(p["organisation"])))
			keys := strings.Fields(p["sources"])
			checkSourceList(t, round, keys, sources)
			checkSourceList(t, org, keys, sources)
			if !strings.Contains(org, `href="/omgangar/`+slug+`"`) {
				t.Errorf("organisation page does not link the round")
			}
			if p["group"] == "" {
				rest := round[strings.Index(round, "Deltagare utan redovisad jämförelsegrupp"):]
				if !strings.Contains(rest, orgLink(p["organisation"])) {
					t.Errorf("not listed among the participants without a group")
				}
			} else {
				card := groupCard(round, p["group"])
				if card == "" {
					t.Fatalf("no group %q on the round page", p["group"])
				}
				mentors := ""
				if i := strings.Index(card, "<strong>Mentor:</strong>"); i >= 0 {
					mentors = card[i:]
					card = card[:i]
				}
				primary, supporting, _ := strings.Cut(mentors, " med stöd av ")
				var in string
				switch p["role"] {
				case "participant":
					in = card
				case "mentor":
					in = primary
				case "supporting_mentor":
					in = supporting
				}
				if !strings.Contains(in, orgLink(p["organisation"])) {
					t.Errorf("not shown as %s in the card of %q", p["role"], p["group"])
				}
			}
			switch p["status"] {
			case "uncertain":
				want := "osäker uppgift: " + seed.SwedishNote(p["note"])
				for name, body := range map[string]string{"round": round, "organisation": org} {
					if !strings.Contains(textOf(body), want) {
						t.Errorf("%s page does not say %q", name, want)
					}
				}
			case "withdrew":
				if !strings.Contains(textOf(round), "avbröt våren 2019") || !strings.Contains(textOf(org), "avbröt våren 2019") {
					t.Errorf("the withdrawal and its time are not shown")
				}
			}
		})
	}
	for _, m := range recordRows(t, "meetings.csv") {
		slug := seed.RecordRoundSlug(m["round"])
		t.Run("meeting/"+slug+"/"+m["date"], func(t *testing.T) {
			round := page("/omgangar/" + slug)
			if !strings.Contains(round, `<time datetime="`+m["date"]+`">`) {
				t.Errorf("no meeting on %s", m["date"])
			}
			if m["group"] != "" && !strings.Contains(textOf(round), "Gruppens egen träff för gruppen "+m["group"]) {
				t.Errorf("meeting not shown as the group %q's own", m["group"])
			}
			checkSourceList(t, round, strings.Fields(m["sources"]), sources)
		})
	}
}

// TestRecordFacts checks the facts issue 11 names one by one on the public
// pages and in the open data.
func TestRecordFacts(t *testing.T) {
	app := newTestApp(t)
	text := func(path string) string {
		t.Helper()
		status, body := app.get(t, path)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d", path, status)
		}
		return textOf(body)
	}
	cases := []struct {
		name, path string
		want       []string
	}{
		{"the district with its parent", "/organisationer/" + url.PathEscape("enskede-årsta-vantör"),
			[]string{"Typ Stadsdel eller förvaltning", "Del av Stockholm (Kommun, 0180)", "Modellkommuner 2017–2018 Deltagare"}},
		{"the parent with its district", "/organisationer/stockholm",
			[]string{"Stadsdelar och förvaltningar som deltagit Enskede-Årsta-Vantör"}},
		{"the district in its group", "/omgangar/2017-2018",
			[]string{"Hedemora, Norrtälje och Enskede-Årsta-Vantör", "Enskede-Årsta-Vantör (Stadsdel eller förvaltning)"}},
		{"the mixed group", "/omgangar/2021-2023",
			[]string{"Spår Blandade grupper", "Blandade grupper Östergötland, Kronoberg och Lund", "Region Östergötland", "Region Kronoberg", "Lund",
				"Mentor: Region Värmland", "Region Västerbotten", "och Region Norrbotten", "Den första gruppen med både regioner och en kommun."}},
		{"the group meeting on its group", "/omgangar/2023-2025",
			[]string{"23 maj 2023 – Gruppens egen träff för gruppen Sollefteå och Härnösand – Hotell Höga kusten",
				"Det var inte omgångens första träff."}},
		{"the round-wide meetings of 2019 per track", "/omgangar/2019",
			[]string{"5 februari 2019 – Uppstart för Modellregioner – Stockholm", "7 februari 2019 – Uppstart för Modellkommuner – Stockholm",
				"februari 2020 – Resultatkonferens för Modellkommuner – Jönköping"}},
		{"an uncertain participation", "/omgangar/2020-2022",
			[]string{"Grums", "osäker uppgift: Nämns vid starten i november 2020 men saknas i SKR:s lista från april 2021."}},
		{"the conflict on the pilot's page", "/omgangar/2015-2016",
			[]string{"Där källorna går isär", "Pilotomgångens år",
				"En uppgift Piloten pågick 2015–2016: den startade den 28 maj 2015 (”under 2015 och 2016”).",
				"En annan uppgift Piloten pågick 2016–2017, eller ”under 2016”.",
				"Pilotomgångens storlek", "En uppgift Sju kommuner.", "En annan uppgift Sex kommuner.",
				"Vår läsning Sju. Sex av dem (alla utom Kalmar) var mentorer 2017."}},
		{"the conflict in English", "/en/omgangar/2015-2016",
			[]string{"Where the sources disagree", "pilot years", "Another account pilot 2016–2017 /", "Sources"}},
		{"the start page from the data", "/",
			[]string{"Sedan pilotomgången 2015 har", "6 omgångar och 52 organisationer hittills."}},
		{"the open data page documents sources", "/oppna-data",
			[]string{"/oppna-data/kallor.csv", "/oppna-data/kallor.json", "Nycklar till källorna"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := text(c.path)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s lacks %q", c.path, w)
				}
			}
		})
	}
	if _, body := app.get(t, "/oppna-data"); true {
		for _, f := range web.SourceFields {
			if !strings.Contains(body, "<code>"+f+"</code>") {
				t.Errorf("source field %s not documented", f)
			}
		}
	}
}

func TestOpenDataCarriesTheRecord(t *testing.T) {
	app := newTestApp(t)
	_, body := app.get(t, "/oppna-data/deltagare.json")
	var doc struct {
		Participations []map[string]any `json:"participations"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if n := len(doc.Participations); n != len(recordRows(t, "participations.csv")) {
		t.Errorf("%d participations in the open data, want every row of the record", n)
	}
	find := func(round, org string) map[string]any {
		for _, p := range doc.Participations {
			if p["round"] == round && p["organisation"] == org {
				return p
			}
		}
		t.Fatalf("no %s in %s", org, round)
		return nil
	}
	cases := []struct {
		round, org string
		want       map[string]any
	}{
		{"2019", "Östersund", map[string]any{"status": "uncertain", "confidence": "medium", "withdrawn": false,
			"uncertain_reason": "Nämns av SKL i november 2018 men saknas i SKL:s lista från juli 2019, som i stället nämner Kalmar.",
			"group":            "Södertälje och Kalmar"}},
		{"2019", "Askersund", map[string]any{"status": "withdrew", "withdrawn": true, "withdrawn_when": "våren 2019"}},
		{"2019", "Umeå", map[string]any{"role": "mentor", "mentor_kind": "supporting", "group": "Nordmaling, Örnsköldsvik och Robertsfors",
			"confidence": "medium"}},
		{"2019", "Vännäs", map[string]any{"role": "mentor", "mentor_kind": "primary"}},
		{"2017-2018", "Enskede-Årsta-Vantör", map[string]any{"kind": "district", "scb_code": "", "parent_scb_code": "0180",
			"county_code": "01"}},
		{"2021-2023", "Lund", map[string]any{"track": "mixed", "scb_code": "1281"}},
		{"2015-2016", "Umeå", map[string]any{"round_start": "2015-05-28", "round_end": "2016", "status": "took_part"}},
	}
	for _, c := range cases {
		p := find(c.round, c.org)
		for k, v := range c.want {
			if p[k] != v {
				t.Errorf("%s %s: %s = %v, want %v", c.round, c.org, k, p[k], v)
			}
		}
	}
	if got := find("2019", "Östersund")["sources"]; !slices.Equal(toStrings(got), []string{"seed-001"}) {
		t.Errorf("Östersund's sources %v, want [seed-001]", got)
	}

	res, err := http.Get(app.URL + "/oppna-data/kallor.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	rows, err := csv.NewReader(res.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], web.SourceFields) || len(rows)-1 != len(recordRows(t, "sources.csv")) {
		t.Errorf("source file: header %v and %d rows", rows[0], len(rows)-1)
	}
	status, body := app.get(t, "/oppna-data/kallor.json")
	var src struct {
		Sources []map[string]string `json:"sources"`
	}
	if err := json.Unmarshal([]byte(body), &src); status != 200 || err != nil || len(src.Sources) != len(rows)-1 {
		t.Errorf("source JSON: %d, %v, %d sources", status, err, len(src.Sources))
	}
}

func toStrings(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

// TestOldRoundAddressesRedirect: the addresses the rounds had before the
// record corrected them lead permanently to the rounds' pages and files,
// in both languages; so does a slug staff change later.
func TestOldRoundAddressesRedirect(t *testing.T) {
	app := newTestApp(t)
	cases := map[string]string{
		"/omgangar/2016-2017":                          "/omgangar/2015-2016",
		"/en/omgangar/2016-2017":                       "/en/omgangar/2015-2016",
		"/omgangar/2021-2022":                          "/omgangar/2020-2022",
		"/omgangar/2021-2022?x=1":                      "/omgangar/2020-2022?x=1",
		"/oppna-data/omgangar/2016-2017/deltagare.csv": "/oppna-data/omgangar/2015-2016/deltagare.csv",
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	check := func(from, to string) {
		t.Helper()
		res, err := c.Get(app.URL + from)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != to {
			t.Errorf("%s: %d to %q, want 301 to %s", from, res.StatusCode, res.Header.Get("Location"), to)
		}
	}
	for from, to := range cases {
		check(from, to)
	}
	if status, _ := app.get(t, "/omgangar/2014-2015"); status != http.StatusNotFound {
		t.Errorf("an address no round had: %d, want 404", status)
	}
	if _, err := app.Store.Pool.Exec(context.Background(), `UPDATE rounds SET slug = '2023-2026' WHERE slug = '2023-2025'`); err != nil {
		t.Fatal(err)
	}
	check("/omgangar/2023-2025", "/omgangar/2023-2026")
	check("/omgangar/2016-2017", "/omgangar/2015-2016")
}

// TestRecordTextsTranslated: every note and description the record puts on
// the public pages has its English wording, so English pages show no
// Swedish from the record.
func TestRecordTextsTranslated(t *testing.T) {
	for _, file := range []string{"participations.csv", "meetings.csv"} {
		for _, row := range recordRows(t, file) {
			if n := row["note"]; n != "" && !web.HasRecordTranslation(seed.SwedishNote(n)) {
				t.Errorf("%s: no English for %q", file, seed.SwedishNote(n))
			}
		}
	}
	app := newTestApp(t)
	rows, err := app.Store.Pool.Query(context.Background(), `SELECT description FROM rounds`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		if d != "" && !web.HasRecordTranslation(d) {
			t.Errorf("no English for the round description %q", d)
		}
	}
}
