package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestStaffCitesSources: a project leader records what a fact rests on, by
// picking a source or describing a new one; bad input comes back beside its
// field with what was typed; the fact's sources page says who recorded each
// and on what basis, its history has the entry, and the public page lists
// the new source.
func TestStaffCitesSources(t *testing.T) {
	app, c := staffClient(t)
	round := mustRound(t, app, "2019")
	pid := participationID(t, app, "2019", "östersund")
	path := roundPath(round.ID, "/kallor/deltagare-"+strconv.FormatInt(pid, 10))

	res := c.get(path)
	if res.Status != http.StatusOK || !strings.Contains(textOf(res.Body), "Källor för Östersund som deltagare") ||
		!strings.Contains(textOf(res.Body), "Ur den offentliga redovisningen som portalen läste in") {
		t.Fatalf("sources page: %d %s", res.Status, textOf(res.Body))
	}
	var jamstall int64
	if err := app.Store.Pool.QueryRow(context.Background(), `SELECT id FROM sources WHERE key = 'jamstall-2015'`).Scan(&jamstall); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name       string
		form       url.Values
		field, msg string
		kept       string
	}{
		{"nothing", url.Values{}, "source", "Välj en befintlig källa eller beskriv en ny.", ""},
		{"both", url.Values{"source": {strconv.FormatInt(jamstall, 10)}, "publisher": {"SKR"}}, "source",
			"Välj en befintlig källa eller beskriv en ny, inte båda.", `value="SKR"`},
		{"not a page", url.Values{"publisher": {"Östersunds kommun"}, "url": {"javascript:alert(1)"}}, "url",
			"Ange hela adressen till en offentlig sida", `value="Östersunds kommun"`},
		{"bad date", url.Values{"publisher": {"Östersunds kommun"}, "published_on": {"våren 2019"}, "url": {"https://www.ostersund.se/a"}},
			"published_on", "Publiceringsdatumet", `value="våren 2019"`},
		{"no publisher", url.Values{"url": {"https://www.ostersund.se/a"}}, "publisher", "Ange vem som gav ut källan.", `value="https://www.ostersund.se/a"`},
		{"no such source", url.Values{"source": {"999999"}}, "source", "Välj en källa i listan.", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.post(path, tc.form)
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="`+tc.field+`-error"`) ||
				!strings.Contains(textOf(res.Body), tc.msg) || !strings.Contains(res.Body, tc.kept) {
				t.Errorf("status %d, want 422 with %q at %s keeping %s", res.Status, tc.msg, tc.field, tc.kept)
			}
		})
	}

	res = c.post(path, url.Values{"publisher": {"Östersunds kommun"}, "published_on": {"2019-03-01"},
		"title": {"Östersund i Modellkommuner"}, "url": {"https://www.ostersund.se/modellkommun"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("cite a new source: %d %s", res.Status, textOf(res.Body))
	}
	page := textOf(c.get(path).Body)
	if !strings.Contains(page, "Östersunds kommun: Östersund i Modellkommuner, 1 mars 2019 Angiven av") {
		t.Errorf("the sources page does not say who recorded the new source: %s", page)
	}
	var key string
	if err := app.Store.Pool.QueryRow(context.Background(), `
		SELECT s.key FROM citations c JOIN sources s ON s.id = c.source_id JOIN users u ON u.id = c.recorded_by
		WHERE c.participation_id = $1 AND u.email = 'ledare@skr.example'`, pid).Scan(&key); err != nil || key != "ostersunds-kommun-2019-03-01" {
		t.Errorf("citation by the project leader: %q (%v)", key, err)
	}
	if hist := textOf(c.get("/personal/historik/participations/" + strconv.FormatInt(pid, 10)).Body); !strings.Contains(hist, "Källa angiven") {
		t.Errorf("the participation's history lacks the citation: %s", hist)
	}
	if _, pub := app.get(t, "/omgangar/2019"); !strings.Contains(pub, `href="https://www.ostersund.se/modellkommun"`) {
		t.Error("the public round page does not list the new source")
	}

	// A group cites an existing source, once.
	var groupID int64
	if err := app.Store.Pool.QueryRow(context.Background(), `SELECT id FROM benchmarking_groups WHERE label = 'Södertälje och Kalmar'`).Scan(&groupID); err != nil {
		t.Fatal(err)
	}
	gpath := roundPath(round.ID, "/kallor/grupp-"+strconv.FormatInt(groupID, 10))
	if res := c.post(gpath, url.Values{"source": {strconv.FormatInt(jamstall, 10)}}); res.Status != http.StatusSeeOther {
		t.Errorf("cite an existing source: %d", res.Status)
	}
	if res := c.post(gpath, url.Values{"source": {strconv.FormatInt(jamstall, 10)}}); res.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(textOf(res.Body), "Uppgiften hänvisar redan till den källan.") {
		t.Errorf("cite it again: %d", res.Status)
	}

	// Facts that are not in the round, or not facts at all.
	other := mustRound(t, app, "2017-2018")
	for _, p := range []string{
		roundPath(other.ID, "/kallor/deltagare-"+strconv.FormatInt(pid, 10)),
		roundPath(round.ID, "/kallor/grupp-999999"),
		roundPath(round.ID, "/kallor/nagot-1"),
		roundPath(round.ID, "/kallor/mentor-1"),
	} {
		if res := c.get(p); res.Status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, res.Status)
		}
	}
}
