package server

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"modellportalen/web"
)

func TestStatisticsPage(t *testing.T) {
	app := newTestApp(t)
	status, body := app.get(t, "/statistik")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	golden(t, "chart.svg", svgOf(t, body, "bar-chart"))
	text := textOf(body)
	for _, w := range []string{
		// by track: municipal (the association too), regional, mixed, mentors, groups
		"Modellkommuner och modellregioner 2019 14 6 0 10 8",
		"Modellkonceptet 2021–2023 0 0 3 3 1",
		// Umeå 2015; Lycksele, Vännäs, Skellefteå; Nordmaling, Robertsfors, Region Västerbotten
		"Västerbottens län 1 3 3 0 0 0 7",
		"Norrbottens län 1 2 2 0 0 0 5",
		"Vännäs 2017–2018: Deltagare och 2019–2020: Mentor",
		"Hedemora 2017–2018: Deltagare och 2019–2020: Mentor",
		"Kalmar 2015–2016: Deltagare, 2019–2020: Deltagare och 2020–2022: Mentor",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("statistics lack %q", w)
		}
	}
	if strings.Contains(text, "Fagersta 2019") {
		t.Error("Fagersta, in one round, listed as repeat")
	}
}

func TestOpenData(t *testing.T) {
	app := newTestApp(t)
	status, body := app.get(t, "/oppna-data")
	if status != 200 || !strings.Contains(body, `href="/oppna-data/omgangar/2019/deltagare.csv"`) {
		t.Fatalf("open data page: status %d, no link to the 2019 CSV", status)
	}
	for _, f := range web.OpenDataFields {
		if !strings.Contains(body, "<code>"+f+"</code>") {
			t.Errorf("field %s not documented", f)
		}
	}

	res, err := http.Get(app.URL + "/oppna-data/omgangar/2019/deltagare.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	rows, err := csv.NewReader(res.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], web.OpenDataFields) {
		t.Errorf("header %v", rows[0])
	}
	// 13 municipalities and the association, 6 regions, 10 mentors.
	if len(rows)-1 != 30 {
		t.Errorf("%d rows for 2019, want 30", len(rows)-1)
	}
	want := []string{"2019", "Modellkommuner och modellregioner 2019", "2019", "2020", "2019-02-05", "2020-12-16",
		"Askersund", "askersund", "municipality", "1882", "", "18", "Örebro län", "participant", "", "municipal",
		"Askersund och Fagersta", "withdrew", "true", "våren 2019", "", "high", "seed-001 seed-002", "/organisationer/askersund"}
	if !slices.ContainsFunc(rows, func(r []string) bool { return slices.Equal(r, want) }) {
		t.Errorf("no row %v", want)
	}

	status, body = app.get(t, "/oppna-data/deltagare.json")
	if status != 200 {
		t.Fatalf("json status %d", status)
	}
	var doc struct {
		Participations []map[string]any `json:"participations"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Participations) < 40 {
		t.Errorf("%d participations in all rounds", len(doc.Participations))
	}
	for k := range doc.Participations[0] {
		if !slices.Contains(web.OpenDataFields, k) {
			t.Errorf("JSON field %q not in the documented fields", k)
		}
	}
	for _, path := range []string{"/oppna-data/deltagare.xml", "/oppna-data/omgangar/1999/deltagare.csv"} {
		if status, _ := app.get(t, path); status != 404 {
			t.Errorf("%s: status %d, want 404", path, status)
		}
	}
}
