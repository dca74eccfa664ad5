package server

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/internal/testdb"
)

// resultsApp has Fagersta's contact signed in with one improvement work in
// the 2019 round, and a project leader signed in.
func resultsApp(t *testing.T) (app *testApp, contact, leader *client, org, workID int64) {
	t.Helper()
	app, contact, _ = contactApp(t)
	app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	leader = app.client(t)
	leader.login("ledare@skr.example", testPassword)
	org = app.orgID(t, "fagersta")
	pid := participationID(t, app, "2019", "fagersta")
	res := contact.post(orgPath(org, "/deltagande/"+strconv.FormatInt(pid, 10)+"/forbattringsarbeten/ny"),
		url.Values{"title": {"Jämställd biståndsbedömning"}, "area": {"Hemtjänsten"}, "status": {"in_progress"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("new work: %d %s", res.Status, textOf(res.Body))
	}
	if err := app.Store.Pool.QueryRow(context.Background(),
		`SELECT id FROM improvement_works WHERE participation_id = $1`, pid).Scan(&workID); err != nil {
		t.Fatal(err)
	}
	return app, contact, leader, org, workID
}

func workURL(org, work int64, rest string) string {
	return orgPath(org, "/forbattringsarbeten/"+strconv.FormatInt(work, 10)+rest)
}

func workVersion(t *testing.T, app *testApp, work int64) string {
	t.Helper()
	var v int
	if err := app.Store.Pool.QueryRow(context.Background(), `SELECT version FROM improvement_works WHERE id = $1`, work).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return strconv.Itoa(v)
}

var validCard = url.Values{
	"title": {"Jämställd biståndsbedömning"}, "area": {"Hemtjänsten"}, "status": {"in_progress"},
	"service_area": {"home_care"},
	"inequality":   {"Kvinnor över 80 år beviljas färre timmar hemtjänst än män med samma behov."},
	"baseline":     {"2024 fick kvinnor i snitt 12 timmar i månaden, män 17."},
	"measures":     {"Biståndshandläggarna gick igenom sina bedömningar med könsuppdelad statistik."},
	"users_women":  {"310"}, "users_men": {"190"}, "staff_women": {"40"}, "staff_men": {"6"},
	"resources": {"Männen fick mer tid per besök."},
}

var validIndicator = url.Values{
	"name": {"Beviljade timmar hemtjänst per månad"}, "unit": {"timmar"}, "source": {"own"},
	"values-0-date": {"2024-01-15"}, "values-0-women": {"12"}, "values-0-men": {"17,5"}, "values-0-total": {""},
	"values-1-date": {"2025-01-15"}, "values-1-women": {"15,25"}, "values-1-men": {"16"}, "values-1-total": {"15,5"},
	"values-2-date": {""}, "values-2-women": {""}, "values-2-men": {""}, "values-2-total": {""},
}

// completeWork fills in the card, two indicators and an outcome, so the
// work can be proposed.
func completeWork(t *testing.T, app *testApp, c *client, org, work int64) {
	t.Helper()
	if res := c.post(workURL(org, work, ""), with(validCard, "version", workVersion(t, app, work))); res.Status != http.StatusSeeOther {
		t.Fatalf("card: %d %s", res.Status, textOf(res.Body))
	}
	for _, ind := range []url.Values{validIndicator, with(with(with(validIndicator, "name", "Andel nöjda brukare"), "source", "kolada"), "kolada_kpi", "U21468")} {
		if res := c.post(workURL(org, work, "/indikatorer/ny"), ind); res.Status != http.StatusSeeOther {
			t.Fatalf("indicator: %d %s", res.Status, textOf(res.Body))
		}
	}
	res := c.post(workURL(org, work, "/resultat/ny"), url.Values{"kind": {"outcome"},
		"description": {"Bedömningarna utgår nu från behov, inte kön."}, "evidence": {"Timmarna för kvinnor och män närmade sig 2025."}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("result: %d %s", res.Status, textOf(res.Body))
	}
}

func TestIndicatorValidation(t *testing.T) {
	app, c, _, org, work := resultsApp(t)
	path := workURL(org, work, "/indikatorer/ny")
	for _, tc := range []struct {
		name, field, message, kept string
		form                       url.Values
	}{
		{"no name", "name", "Ange vad indikatorn mäter.", `value="timmar"`, with(validIndicator, "name", " ")},
		{"no unit", "unit", "Ange en enhet, till exempel procent, antal eller kronor.", `value="Beviljade timmar hemtjänst per månad"`, with(validIndicator, "unit", "")},
		{"no source", "source", "Välj var siffrorna kommer ifrån.", `value="timmar"`, with(validIndicator, "source", "gissning")},
		{"kolada without id", "kolada_kpi", "Ange nyckeltalets id i Kolada, till exempel N00945.", `value="timmar"`, with(validIndicator, "source", "kolada")},
		{"bad kolada id", "kolada_kpi", "Ett Kolada-id är N eller U följt av fem siffror, till exempel N00945.", `value="N945"`, with(with(validIndicator, "source", "kolada"), "kolada_kpi", "N945")},
		{"kolada id on own data", "kolada_kpi", "Ange ett Kolada-id bara när källan är Kolada.", `value="N00945"`, with(validIndicator, "kolada_kpi", "N00945")},
		{"no baseline", "values-0-date", "Ange utgångsläget: datum och värden för kvinnor och män.", `value="timmar"`,
			with(with(with(with(with(with(with(validIndicator, "values-0-date", ""), "values-0-women", ""), "values-0-men", ""), "values-1-date", ""), "values-1-women", ""), "values-1-men", ""), "values-1-total", "")},
		{"bad date", "values-1-date", "Datumet ska vara i formen ÅÅÅÅ-MM-DD, till exempel 2025-03-15.", `value="15/1 2025"`, with(validIndicator, "values-1-date", "15/1 2025")},
		{"value without date", "values-1-date", "Ange mätningens datum.", `value="15,25"`, with(validIndicator, "values-1-date", "")},
		{"dates out of order", "values-1-date", "Mätningarna ska stå i datumordning, och varje datum bara en gång: datumet ska vara senare än 2024-01-15.", `value="2023-06-01"`, with(validIndicator, "values-1-date", "2023-06-01")},
		{"same date twice", "values-1-date", "datumet ska vara senare än 2024-01-15.", `value="2024-01-15"`, with(validIndicator, "values-1-date", "2024-01-15")},
		{"no value for women", "values-0-women", "Ange värdet för kvinnor.", `value="17,5"`, with(validIndicator, "values-0-women", "")},
		{"men not a number", "values-1-men", "Ange ett tal, till exempel 12 eller 12,5.", `value="sexton"`, with(validIndicator, "values-1-men", "sexton")},
		{"two commas", "values-0-men", "Ange ett tal, till exempel 12 eller 12,5.", `value="1,2,3"`, with(validIndicator, "values-0-men", "1,2,3")},
		{"total not a number", "values-1-total", "Ange ett tal, till exempel 12 eller 12,5.", `value="x"`, with(validIndicator, "values-1-total", "x")},
		{"script is text", "values-1-total", "Ange ett tal", `value="&lt;script&gt;alert(1)&lt;/script&gt;"`, with(validIndicator, "values-1-total", "<script>alert(1)</script>")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := c.post(path, tc.form)
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.Status)
			}
			if !strings.Contains(res.Body, `id="`+tc.field+`-error"`) || !strings.Contains(textOf(res.Body), tc.message) {
				t.Errorf("no %q beside %s:\n%s", tc.message, tc.field, textOf(res.Body))
			}
			if !strings.Contains(res.Body, `href="#`+tc.field+`"`) {
				t.Errorf("error summary does not link to #%s", tc.field)
			}
			if !strings.Contains(res.Body, tc.kept) {
				t.Errorf("input %s not kept", tc.kept)
			}
			if strings.Contains(res.Body, "<script>alert(1)") {
				t.Error("input echoed unescaped")
			}
		})
	}
	var n int
	_ = app.Store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM work_indicators`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d indicators stored from bad forms", n)
	}
	// Swedish numbers are read as such: decimal comma, spaces between
	// thousands.
	if res := c.post(path, with(validIndicator, "values-0-women", "1 012,5")); res.Status != http.StatusSeeOther {
		t.Fatalf("valid indicator: %d %s", res.Status, textOf(res.Body))
	}
	inds, err := app.Store.Indicators(context.Background(), []int64{work})
	if err != nil || len(inds[work]) != 1 {
		t.Fatalf("indicators %v %v", inds, err)
	}
	got := inds[work][0].Values
	if len(got) != 2 || got[0].Women != 1012.5 || got[0].Men != 17.5 || got[1].Women != 15.25 || got[0].Total != nil || *got[1].Total != 15.5 {
		t.Errorf("stored values %+v", got)
	}
}

func TestResultAndCardValidation(t *testing.T) {
	app, c, _, org, work := resultsApp(t)
	rpath := workURL(org, work, "/resultat/ny")
	validResult := url.Values{"kind": {"effect"}, "description": {"Kvinnor får lika många timmar som män."}, "evidence": {"Indikatorn."}}
	for _, tc := range []struct {
		name, field, message string
		form                 url.Values
	}{
		{"no kind", "kind", "Välj vilken sorts resultat det är.", with(validResult, "kind", "")},
		{"unknown kind", "kind", "Välj vilken sorts resultat det är.", with(validResult, "kind", "impact")},
		{"no description", "description", "Beskriv resultatet.", with(validResult, "description", "")},
		{"effect without evidence", "evidence", "Beskriv vad som visar att förändringen har skett", with(validResult, "evidence", "")},
		{"outcome without evidence", "evidence", "Beskriv vad som visar att förändringen har skett", with(with(validResult, "kind", "outcome"), "evidence", "")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := c.post(rpath, tc.form)
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="`+tc.field+`-error"`) ||
				!strings.Contains(textOf(res.Body), tc.message) {
				t.Errorf("status %d, want 422 with %q at %s: %s", res.Status, tc.message, tc.field, textOf(res.Body))
			}
		})
	}
	// An output needs no evidence: it is what was done.
	if res := c.post(rpath, with(with(validResult, "kind", "output"), "evidence", "")); res.Status != http.StatusSeeOther {
		t.Errorf("output without evidence: %d %s", res.Status, textOf(res.Body))
	}

	wpath := workURL(org, work, "")
	for _, tc := range []struct {
		name, field, message, kept string
		form                       url.Values
	}{
		{"unknown area", "service_area", "Välj ett verksamhetsområde i listan.", "Kvinnor över 80 år", with(validCard, "service_area", "rymdfart")},
		{"count not a number", "staff_men", "Ange ett antal med siffror, till exempel 120, eller lämna fältet tomt.", `value="sex"`, with(validCard, "staff_men", "sex")},
		{"negative count", "users_women", "Ange ett antal med siffror", `value="-3"`, with(validCard, "users_women", "-3")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := c.post(wpath, with(tc.form, "version", workVersion(t, app, work)))
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="`+tc.field+`-error"`) ||
				!strings.Contains(textOf(res.Body), tc.message) {
				t.Errorf("status %d, want 422 with %q at %s: %s", res.Status, tc.message, tc.field, textOf(res.Body))
			}
			if !strings.Contains(res.Body, tc.kept) {
				t.Errorf("input %s not kept", tc.kept)
			}
		})
	}

	// Two people edit the card at once: the second sees the conflict
	// screen with both texts, and keeps what they typed.
	v := workVersion(t, app, work)
	if res := c.post(wpath, with(validCard, "version", v)); res.Status != http.StatusSeeOther {
		t.Fatalf("card: %d %s", res.Status, textOf(res.Body))
	}
	res := c.post(wpath, with(with(validCard, "version", v), "measures", "Mitt förslag på åtgärder."))
	if res.Status != http.StatusConflict || !strings.Contains(textOf(res.Body), "Någon annan har ändrat uppgifterna") ||
		!strings.Contains(res.Body, "Mitt förslag på åtgärder.") {
		t.Errorf("conflict: %d %s", res.Status, textOf(res.Body))
	}
}

// The review: an incomplete work cannot be proposed; a returned work is
// not public; an approved one is, on the list, its page and in open data;
// a change by the contact or a withdrawn approval takes it off again.
func TestLearningExampleReview(t *testing.T) {
	app, contact, leader, org, work := resultsApp(t)
	public := "/larande-exempel/" + strconv.FormatInt(work, 10)
	review := "/personal/larande-exempel/" + strconv.FormatInt(work, 10)
	isPublic := func() bool {
		t.Helper()
		status, _ := app.get(t, public)
		_, list := app.get(t, "/larande-exempel")
		inList := strings.Contains(list, "Jämställd biståndsbedömning")
		if (status == http.StatusOK) != inList {
			t.Errorf("page %d but in list %v", status, inList)
		}
		return status == http.StatusOK
	}

	res := contact.post(workURL(org, work, "/foresla"), url.Values{"version": {workVersion(t, app, work)}})
	if page := contact.get(res.Location); !strings.Contains(textOf(page.Body), "Arbetet kan inte föreslås ännu") ||
		!strings.Contains(textOf(page.Body), "Lägg till minst ett resultat.") {
		t.Errorf("incomplete work proposed: %s", textOf(page.Body))
	}
	completeWork(t, app, contact, org, work)
	propose := func() {
		t.Helper()
		res := contact.post(workURL(org, work, "/foresla"), url.Values{"version": {workVersion(t, app, work)}})
		if page := contact.get(res.Location); !strings.Contains(textOf(page.Body), "är föreslaget som lärande exempel") {
			t.Fatalf("propose: %s", textOf(page.Body))
		}
	}
	propose()
	if isPublic() {
		t.Fatal("proposed work is public")
	}
	if list := leader.get("/personal/larande-exempel"); !strings.Contains(textOf(list.Body), "Att granska (1)") {
		t.Errorf("review list: %s", textOf(list.Body))
	}
	// Returning needs a comment, which the contact then sees.
	res = leader.post(review+"/atersand", url.Values{"version": {workVersion(t, app, work)}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="comment-return-error"`) {
		t.Errorf("return without comment: %d", res.Status)
	}
	leader.post(review+"/atersand", url.Values{"version": {workVersion(t, app, work)}, "comment": {"Beskriv utgångsläget för flickor och pojkar också."}})
	if isPublic() {
		t.Fatal("returned work is public")
	}
	if page := contact.get(workURL(org, work, "")); !strings.Contains(textOf(page.Body), "Beskriv utgångsläget för flickor och pojkar också.") {
		t.Errorf("contact does not see the comment")
	}
	// A contact cannot approve their own work.
	if res := contact.post(review+"/godkann", url.Values{"version": {workVersion(t, app, work)}}); res.Status != http.StatusForbidden {
		t.Errorf("contact approving: %d", res.Status)
	}
	propose()
	res = leader.post(review+"/godkann", url.Values{"version": {workVersion(t, app, work)}})
	if page := leader.get(res.Location); !strings.Contains(textOf(page.Body), "Exemplet är godkänt") {
		t.Fatalf("approve: %s", textOf(page.Body))
	}
	if !isPublic() {
		t.Fatal("approved work is not public")
	}
	for _, path := range []string{"/omgangar/2019", "/organisationer/fagersta", "/en/organisationer/fagersta"} {
		if _, body := app.get(t, path); !strings.Contains(body, "/larande-exempel?") {
			t.Errorf("%s does not link to its examples", path)
		}
	}
	if _, body := app.get(t, "/larande-exempel?omrade=school"); strings.Contains(body, "Jämställd biståndsbedömning") {
		t.Error("filter by service area shows another area's example")
	}
	for _, q := range []string{"?omrade=home_care", "?organisation=fagersta", "?omgang=2019", "?q=biståndsbedömning", "?q=BISTANDSBEDOMNING", "?q=FAGERSTA"} {
		if _, body := app.get(t, "/larande-exempel"+q); !strings.Contains(body, "Jämställd biståndsbedömning") {
			t.Errorf("filter %s misses the example", q)
		}
	}
	// English: the chrome in English, the participants' text marked Swedish.
	status, body := app.get(t, "/en"+public)
	if status != http.StatusOK || !strings.Contains(body, "The inequality addressed") ||
		!strings.Contains(body, `<p class="prewrap" lang="sv">Kvinnor över 80 år`) {
		t.Errorf("English page: %d %s", status, textOf(body))
	}

	// A change by the contact sends it back for review.
	if res := contact.post(workURL(org, work, ""), with(with(validCard, "version", workVersion(t, app, work)), "measures", "Nya åtgärder.")); res.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.Status)
	}
	if isPublic() {
		t.Error("an approved work changed by its contact is still public")
	}
	leader.post(review+"/godkann", url.Values{"version": {workVersion(t, app, work)}})
	if !isPublic() {
		t.Fatal("re-approved work not public")
	}
	// Withdrawing the approval takes it off the public pages.
	leader.post(review+"/dra-tillbaka", url.Values{"version": {workVersion(t, app, work)}, "comment": {"Siffrorna behöver kontrolleras."}})
	if isPublic() {
		t.Error("withdrawn example is still public")
	}
	var actions []string
	rows, _ := app.Store.Pool.Query(context.Background(), `SELECT action FROM audit_log WHERE table_name = 'improvement_works' AND record_id = $1 ORDER BY id`, work)
	for rows.Next() {
		var a string
		_ = rows.Scan(&a)
		actions = append(actions, a)
	}
	rows.Close()
	got := strings.Join(actions, " ")
	for _, want := range []string{"propose return propose approve", "unpublish update", "approve withdraw"} {
		if !strings.Contains(got, want) {
			t.Errorf("audit log %q lacks %q", got, want)
		}
	}
	var n int
	_ = app.Store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE table_name IN ('work_indicators', 'work_results')`).Scan(&n)
	if n != 3 {
		t.Errorf("%d audit entries for indicators and results, want 3", n)
	}
}

// approvedExample makes Fagersta's work a published learning example.
func approvedExample(t *testing.T) (app *testApp, org, work int64) {
	t.Helper()
	app, contact, leader, org, work := resultsApp(t)
	completeWork(t, app, contact, org, work)
	contact.post(workURL(org, work, "/foresla"), url.Values{"version": {workVersion(t, app, work)}})
	leader.post("/personal/larande-exempel/"+strconv.FormatInt(work, 10)+"/godkann", url.Values{"version": {workVersion(t, app, work)}})
	if status, _ := app.get(t, "/larande-exempel/"+strconv.FormatInt(work, 10)); status != http.StatusOK {
		t.Fatalf("example not published: %d", status)
	}
	return app, org, work
}

func TestLearningExampleChartAndOpenData(t *testing.T) {
	app, _, work := approvedExample(t)
	_, body := app.get(t, "/larande-exempel/"+strconv.FormatInt(work, 10))
	// The chart's text alternative names every value of both lines and the
	// gap; the table holds the same figures.
	for _, want := range []string{
		`role="img"`,
		"<title id=",
		"Kvinnor: 12 timmar (2024-01-15), 15,25 timmar (2025-01-15). Män: 17,5 timmar (2024-01-15), 16 timmar (2025-01-15).",
		"Skillnaden mellan kvinnor och män var 5,5 timmar vid första mätningen och 0,75 timmar vid den senaste.",
		"<caption>Värden för Beviljade timmar hemtjänst per månad (timmar)</caption>",
		`<td class="num">15,25</td>`,
		`href="https://www.kolada.se/verktyg/fri-sokning/?kpis=U21468"`,
		"Förändring i verksamheten",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("example page lacks %q", want)
		}
	}

	status, csvBody := app.get(t, "/oppna-data/larande-exempel.csv")
	recs, err := csv.NewReader(strings.NewReader(csvBody)).ReadAll()
	if status != http.StatusOK || err != nil || len(recs) != 2 {
		t.Fatalf("examples csv: %d %v %d rows", status, err, len(recs))
	}
	row := map[string]string{}
	for i, f := range recs[0] {
		row[f] = recs[1][i]
	}
	if row["organisation"] != "Fagersta" || row["service_area"] != "home_care" || row["result_kinds"] != "outcome" ||
		row["round"] != "2019" || !strings.HasPrefix(row["inequality"], "Kvinnor över 80 år") {
		t.Errorf("examples csv row %v", row)
	}
	status, csvBody = app.get(t, "/oppna-data/larande-exempel-indikatorer.csv")
	recs, err = csv.NewReader(strings.NewReader(csvBody)).ReadAll()
	if status != http.StatusOK || err != nil || len(recs) != 5 {
		t.Fatalf("values csv: %d %v %d rows", status, err, len(recs))
	}
	if got := strings.Join(recs[2], "|"); !strings.HasSuffix(got, "|own||2025-01-15|15.25|16|15.5") {
		t.Errorf("values csv row %q", got)
	}
	status, jsonBody := app.get(t, "/oppna-data/larande-exempel-indikatorer.json")
	var doc struct {
		Values []struct {
			Example int64    `json:"example_id"`
			Date    string   `json:"date"`
			Women   float64  `json:"women"`
			Men     float64  `json:"men"`
			Total   *float64 `json:"total"`
			KPI     string   `json:"kolada_kpi"`
		} `json:"indicator_values"`
	}
	if status != http.StatusOK || json.Unmarshal([]byte(jsonBody), &doc) != nil || len(doc.Values) != 4 {
		t.Fatalf("values json: %d %s", status, jsonBody)
	}
	if v := doc.Values[0]; v.Example != work || v.Date != "2024-01-15" || v.Women != 12 || v.Men != 17.5 || v.Total != nil {
		t.Errorf("first value %+v", v)
	}
	if doc.Values[3].KPI != "U21468" {
		t.Errorf("kolada id %q", doc.Values[3].KPI)
	}
	status, jsonBody = app.get(t, "/oppna-data/larande-exempel.json")
	if status != http.StatusOK || !strings.Contains(jsonBody, `"learning_examples"`) || !strings.Contains(jsonBody, `"result_kinds": [`) {
		t.Errorf("examples json: %d %s", status, jsonBody)
	}
	if status, _ := app.get(t, "/oppna-data/larande-exempel.xml"); status != http.StatusNotFound {
		t.Errorf("xml: %d", status)
	}
	if _, body := app.get(t, "/oppna-data"); !strings.Contains(body, "/oppna-data/larande-exempel-indikatorer.csv") ||
		!strings.Contains(body, "Mätningens datum") {
		t.Error("open data page does not document the example files")
	}
}

// Erasing a delegate leaves the organisation's published example as it
// was, and no public page or file names a delegate.
func TestErasureLeavesExamples(t *testing.T) {
	app, org, work := approvedExample(t)
	c := app.client(t)
	c.login("kontakt@fagersta.example", testPassword)
	pid := participationID(t, app, "2019", "fagersta")
	res := c.post(orgPath(org, "/deltagande/"+strconv.FormatInt(pid, 10)+"/delegater/ny"), url.Values{"level": {"strategist"},
		"name": {"Stina Strateg"}, "email": {"stina@fagersta.example"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("delegate: %d", res.Status)
	}
	public := []string{"/larande-exempel", "/larande-exempel/" + strconv.FormatInt(work, 10), "/en/larande-exempel/" + strconv.FormatInt(work, 10),
		"/oppna-data/larande-exempel.csv", "/oppna-data/larande-exempel.json", "/oppna-data/larande-exempel-indikatorer.json"}
	before := map[string]string{}
	for _, p := range public {
		_, body := app.get(t, p)
		for _, personal := range []string{"Stina", "stina@", "kontakt@fagersta", "ledare@skr", "Test"} {
			if strings.Contains(body, personal) {
				t.Errorf("%s shows %q", p, personal)
			}
		}
		before[p] = body
	}
	var id, version int64
	if err := app.Store.Pool.QueryRow(context.Background(), `SELECT id, version FROM delegates WHERE participation_id = $1`, pid).Scan(&id, &version); err != nil {
		t.Fatal(err)
	}
	if res := c.post(orgPath(org, "/delegater/"+strconv.FormatInt(id, 10)+"/radera"), url.Values{"version": {strconv.FormatInt(version, 10)}}); res.Status != http.StatusSeeOther {
		t.Fatalf("erase: %d", res.Status)
	}
	for _, p := range public {
		if status, body := app.get(t, p); status != http.StatusOK || body != before[p] {
			t.Errorf("%s changed by the erasure (%d)", p, status)
		}
	}
}

// The public example pages go through the page cache, and a change to any
// of the tables they show (the work, its indicator values, its results)
// empties it, so the next visitor sees it.
func TestLearningExamplesPageCache(t *testing.T) {
	pool := testdb.Seeded(t)
	ts := cachedInstance(t, testdb.URLOf(t, pool))
	ctx := context.Background()
	for _, sql := range append(append([]string{}, seedRecords...), resultRecords...) {
		if _, err := pool.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	var work int64
	if err := pool.QueryRow(ctx, `SELECT max(id) FROM improvement_works`).Scan(&work); err != nil {
		t.Fatal(err)
	}
	detail := ts.URL + "/larande-exempel/" + strconv.FormatInt(work, 10)
	if status, _, _ := getCached(t, detail, nil); status != http.StatusNotFound {
		t.Fatalf("draft example: %d", status)
	}
	getCached(t, ts.URL+"/larande-exempel", nil)
	if _, body, c := getCached(t, ts.URL+"/larande-exempel", nil); c != "hit" || strings.Contains(body, "Jämställd biståndsbedömning") {
		t.Fatalf("list before approval: %q", c)
	}
	waitFor := func(what, url, want string) {
		t.Helper()
		for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			status, body, _ := getCached(t, url, nil)
			if status == http.StatusOK && strings.Contains(body, want) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: %s does not show %q within 3 s", what, url, want)
			}
		}
	}
	if _, err := pool.Exec(ctx, `UPDATE improvement_works SET publication = 'approved', published_at = now(), inequality = 'Kvinnor får färre timmar.'`); err != nil {
		t.Fatal(err)
	}
	waitFor("approval", ts.URL+"/larande-exempel", "Jämställd biståndsbedömning")
	waitFor("approval", detail, "Kvinnor får färre timmar.")
	getCached(t, detail, nil)
	if _, err := pool.Exec(ctx, `UPDATE indicator_values SET women = 13.5`); err != nil {
		t.Fatal(err)
	}
	waitFor("new value", detail, "13,5")
	if _, err := pool.Exec(ctx, `UPDATE work_results SET description = 'En ny rutin för bedömningar'`); err != nil {
		t.Fatal(err)
	}
	waitFor("new result", detail, "En ny rutin för bedömningar")
	if _, err := pool.Exec(ctx, `UPDATE work_indicators SET name = 'Beviljade timmar per månad'`); err != nil {
		t.Fatal(err)
	}
	waitFor("renamed indicator", detail, "Beviljade timmar per månad")
}
