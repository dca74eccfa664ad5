package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/portal"
)

// abusePayloads are what an attacker, a broken client or a confused paste
// puts in a form field. The XSS payload comes last, so that where a save
// succeeds it is what stays stored for the pages checked afterwards.
var abusePayloads = []struct{ name, value string }{
	{"SQL injection", `'; DROP TABLE rounds; --`},
	{"1 MB", strings.Repeat("å", 1<<19)},
	{"invalid UTF-8", "\xff\xfe"},
	{"NUL", "a\x00b"},
	{"number beyond 32 bits", "9999999999"},
	{"negative number", "-1"},
	{"XSS", `<script>alert(1)</script>"'><img src=x onerror=alert(1)>`},
}

// rawXSS is how the XSS payload would show in a page that did not escape it.
var rawXSS = regexp.MustCompile(`<script>alert\(1\)|<img src=x onerror=alert\(1\)>`)

// unescaped returns the XSS payload as found unescaped in an HTML page.
// CSV and JSON files carry the stored text as it is, which is right for
// them: no browser runs them as a page.
func unescaped(res response) string {
	ct := res.Header.Get("Content-Type")
	if ct != "" && !strings.HasPrefix(ct, "text/html") {
		return ""
	}
	return rawXSS.FindString(res.Body)
}

// abuseFallbackFields are the fields of POST routes whose form is on no
// page the walk can reach (a one-time link, a form shown only after a
// preview), as their handlers read them.
var abuseFallbackFields = map[string][]string{
	"/aterstall/{token}": {"password", "password-again"},
	"/svar/{token}":      {"answer", "substitute_name", "substitute_level", "substitute_email"},
	"/en/svar/{token}":   {"answer", "substitute_name", "substitute_level", "substitute_email"},
	"/mina-sidor/organisationer/{id}/traffar/{meeting}/svar/{delegate}": {"answer", "substitute_name", "substitute_level", "substitute_email"},
	"/inbjudan/{token}":                          {"password", "password-again"},
	"/personal/omgangar/{round}/import/genomfor": {"text"},
	// Shown only for a round with a next status, after a search, for a
	// user not yet signed in.
	"/personal/omgangar/{round}/status":    {"status", "version"},
	"/personal/omgangar/{round}/publicera": {}, // for a draft only
	// Shown only to a leader of a round with participants, for one
	// without a password.
	"/personal/kontaktpersoner":               {"name", "email", "organisation"},
	"/personal/kontaktpersoner/{id}/inbjudan": {},
	// On the confirmation pages of removals.
	"/personal/personuppgifter/ersattare":                                        {"version"}, // after a lookup that finds a substitute
	"/personal/omgangar/{round}/deltagare/{participation}/ta-bort":               {"version"},
	"/personal/omgangar/{round}/grupper/{group}/ta-bort":                         {"version"},
	"/personal/omgangar/{round}/grupper/{group}/mentorer/{organisation}/ta-bort": {"version"},
	"/personal/omgangar/{round}/traffar/{meeting}/ta-bort":                       {"version"},
	// Shown only for a meeting whose invitees have e-mail addresses.
	"/personal/omgangar/{round}/traffar/{meeting}/inbjudan": {"version"},
	"/personal/omgangar/{round}/traffar/{meeting}/stall-in": {"version"},
	// Shown only after a search.
	"/personal/omgangar/{round}/deltagare/flera":                  {"q", "lan", "organisations", "role", "track", "admitted_on", "step"},
	"/mina-sidor/organisationer/{id}/delegater/{delegate}/radera": {"version"},
	// Shown only while the task is not done, or once it is.
	"/mina-sidor/organisationer/{id}/uppgifter/{outcome}/klar":                      {},
	"/personal/omgangar/{round}/traffar/{meeting}/protokoll/utfall/{outcome}/klar":  {},
	"/mina-sidor/organisationer/{id}/uppgifter/{outcome}/oppna":                     {},
	"/personal/omgangar/{round}/traffar/{meeting}/protokoll/utfall/{outcome}/oppna": {},
	// On the confirmation page, while the outcome is there.
	"/personal/omgangar/{round}/traffar/{meeting}/protokoll/utfall/{outcome}/ta-bort":      {"version"},
	"/mina-sidor/organisationer/{id}/traffar/{meeting}/protokoll/utfall/{outcome}/ta-bort": {"version"},
	"/personal/omgangar/{round}/deltagare":                                                 {"q", "lan", "organisation", "role", "track", "admitted_on", "decision_on", "decision_reference"},
	"/personal/anvandare/{id}/inbjudan":                                                    {},
	// Shown only for a complete work, and for one proposed or approved.
	"/mina-sidor/organisationer/{id}/forbattringsarbeten/{work}/foresla": {"version"},
	"/personal/larande-exempel/{work}/godkann":                           {"version"},
	"/personal/larande-exempel/{work}/atersand":                          {"version", "comment"},
	"/personal/larande-exempel/{work}/dra-tillbaka":                      {"version", "comment"},
	// Shown only to someone with more than the one second factor they
	// need, or for a user who has one.
	"/konto/sakerhet/app/ta-bort":                 {},
	"/en/konto/sakerhet/app/ta-bort":              {},
	"/personal/anvandare/{id}/tvastegs/nollstall": {},
	// The passkey ceremony's steps, posted by its script (JSON).
	"/verifiera/nyckel/start":                {},
	"/verifiera/nyckel":                      {"id", "rawId", "type"},
	"/konto/sakerhet/nyckel/start":           {"name"},
	"/konto/sakerhet/nyckel":                 {"id", "rawId", "type"},
	"/konto/sakerhet/nyckel/{id}/ta-bort":    {},
	"/en/konto/sakerhet/nyckel/{id}/ta-bort": {},
}

// resultRecords give the seeded work an indicator with a value and a
// result, so their forms are reached.
var resultRecords = []string{
	`INSERT INTO work_indicators (work_id, name, unit, source) SELECT max(id), 'Beviljade timmar', 'timmar', 'own' FROM improvement_works`,
	`INSERT INTO indicator_values (indicator_id, measured_on, women, men) SELECT max(id), '2019-01-15', 12, 17 FROM work_indicators`,
	`INSERT INTO work_results (work_id, kind, description) SELECT max(id), 'output', 'En ny rutin' FROM improvement_works`,
}

// Every POST route, signed in as an admin, gets each payload in each field
// its form has: never a server error, never the XSS payload unescaped in the
// answer or any page afterwards, and the database intact.
func TestAbuseEveryForm(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	pool := app.Store.Pool
	for _, sql := range append(append([]string{}, seedRecords...), resultRecords...) {
		if _, err := pool.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	admin := app.addUser(t, portal.UserAdmin, "admin@skr.example")
	victim := app.addUser(t, portal.UserContact, "kontakt@fagersta.example", "fagersta")
	values := map[string][]string{
		"{token}":              {"no-such-token"},
		"anvandare/{id}":       {strconv.FormatInt(victim.ID, 10)},
		"kontaktpersoner/{id}": {strconv.FormatInt(victim.ID, 10)},
		"organisationer/{id}":  {strconv.FormatInt(app.orgID(t, "fagersta"), 10)},
		"nyckel/{id}":          {"999999"},
	}
	for param, query := range map[string]string{
		"{round}":         `SELECT id FROM rounds WHERE slug = '2019'`,
		"{participation}": `SELECT p.id FROM participations p JOIN organisations o ON o.id = p.organisation_id JOIN rounds r ON r.id = p.round_id WHERE o.slug = 'fagersta' AND r.slug = '2019'`,
		"{group}":         `SELECT id FROM benchmarking_groups WHERE label = 'Askersund och Fagersta'`,
		"{organisation}":  `SELECT coalesce((SELECT m.organisation_id FROM mentor_links m JOIN benchmarking_groups g ON g.id = m.group_id WHERE g.label = 'Askersund och Fagersta' LIMIT 1), (SELECT id FROM organisations WHERE slug = 'umeå'))`,
		"{meeting}":       `SELECT max(id) FROM learning_meetings`,
		"{delegate}":      `SELECT max(id) FROM delegates`,
		"{work}":          `SELECT max(id) FROM improvement_works`,
		"{indicator}":     `SELECT max(id) FROM work_indicators`,
		"{result}":        `SELECT max(id) FROM work_results`,
		"{outcome}":       `SELECT max(id) FROM meeting_outcomes`,
	} {
		var id int64
		if err := pool.QueryRow(ctx, query).Scan(&id); err != nil {
			t.Fatalf("%s: %v", param, err)
		}
		values[param] = []string{strconv.FormatInt(id, 10)}
	}
	// The sources of a participation and of the round's dates.
	values["{subject}"] = []string{"deltagare-" + values["{participation}"][0], "omgang"}

	c := app.client(t)
	c.login(admin.Email, testPassword)
	anon := app.client(t)
	token := c.token()

	type target struct{ route, path string }
	var targets []target
	routes := app.Server.Handler().(chi.Routes)
	if err := chi.Walk(routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if method != http.MethodPost || route == "/logga-ut" {
			return nil // signing out is posted at the end
		}
		paths, err := expandRoute(route, values)
		if err != nil {
			t.Error(err)
		}
		for _, p := range paths {
			targets = append(targets, target{route, p})
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// Destructive routes last, so the records the others edit still exist.
	last := func(r string) int {
		switch {
		case strings.HasSuffix(r, "/radera"), strings.HasSuffix(r, "/ta-bort"), strings.HasSuffix(r, "/aktiv"), strings.HasSuffix(r, "/roll"):
			return 1
		}
		return 0
	}
	slices.SortStableFunc(targets, func(a, b target) int { return last(a.route) - last(b.route) })

	// formFor finds the form that posts to path on its own page or the
	// nearest page above it, signed in or not, as it stands now (so a
	// version field is current).
	formFor := func(route, path string) (pageForm, bool) {
		for page := path; page != ""; page = page[:strings.LastIndex(page, "/")] {
			for _, cl := range []*client{c, anon} {
				res := cl.get(page)
				if res.Status != http.StatusOK {
					continue
				}
				if f, ok := formTo(res.Body, page, path); ok {
					return f, true
				}
			}
		}
		if fields, ok := abuseFallbackFields[route]; ok {
			return pageForm{Action: path, Method: "POST", Values: url.Values{}, Fields: fields}, true
		}
		return pageForm{}, false
	}

	post := func(path string, form url.Values) response {
		t.Helper()
		form.Set("csrf_token", token)
		return c.postRaw(path, form, nil)
	}
	check := func(what string, res response) {
		t.Helper()
		if res.Status >= 500 {
			t.Errorf("%s: status %d", what, res.Status)
		}
		if m := unescaped(res); m != "" {
			t.Errorf("%s: page shows %q unescaped", what, m)
		}
		// A flash message on the page redirected to may echo the input.
		if res.Status == http.StatusSeeOther && strings.HasPrefix(res.Location, "/") {
			next := c.get(res.Location)
			if m := unescaped(next); next.Status >= 500 || m != "" {
				t.Errorf("%s, then GET %s: status %d, unescaped %q", what, res.Location, next.Status, m)
			}
		}
	}

	start, posts := time.Now(), 0
	for _, tg := range targets {
		form, ok := formFor(tg.route, tg.path)
		if !ok {
			t.Errorf("POST %s: no form posts to it and abuseFallbackFields has no fields for %s", tg.path, tg.route)
			continue
		}
		fields := slices.DeleteFunc(slices.Clone(form.Fields), func(f string) bool { return f == "csrf_token" })
		if len(fields) == 0 {
			res := post(tg.path, form.Values)
			posts++
			check("POST "+tg.path, res)
			continue
		}
		for _, field := range fields {
			for _, p := range abusePayloads {
				// Fresh values each time: a save moves the version on.
				if f, ok := formFor(tg.route, tg.path); ok {
					form = f
				}
				v := url.Values{}
				for k, vs := range form.Values {
					v[k] = slices.Clone(vs)
				}
				v.Set(field, p.value)
				res := post(tg.path, v)
				posts++
				if res.Status == http.StatusForbidden && strings.Contains(res.Body, "csrf") {
					t.Fatalf("POST %s: CSRF token refused; the session was lost", tg.path)
				}
				check(fmt.Sprintf("POST %s with %s in %s", tg.path, p.name, field), res)
			}
		}
	}
	// The import's one field is a whole file: put the payloads in its
	// cells too, where the group's label goes on to be stored.
	imp := "/personal/omgangar/" + values["{round}"][0] + "/import"
	for _, p := range abusePayloads {
		for _, text := range []string{
			"organisation;roll;spår;grupp;mentorstyp\nUmeå;deltagare;kommun;" + p.value + ";\n",
			"organisation;roll;spår;grupp;mentorstyp\n" + p.value + ";deltagare;kommun;;\n",
		} {
			check(fmt.Sprintf("POST %s (upload) with %s in the file", imp, p.name), postFile(c, imp, token, text))
			check(fmt.Sprintf("POST %s/genomfor with %s in the file", imp, p.name), post(imp+"/genomfor", url.Values{"text": {text}}))
			posts += 2
		}
	}
	t.Logf("%d POST routes, %d posts in %v", len(targets), posts, time.Since(start).Round(time.Millisecond))

	// A body over the server's 10 MB form limit is refused cleanly.
	big := url.Values{"name": {strings.Repeat("x", 11<<20)}, "csrf_token": {token}}
	if res := c.postRaw("/konto", big, nil); res.Status < 400 || res.Status >= 500 {
		t.Errorf("POST /konto with an 11 MB body: status %d, want a 4xx", res.Status)
	}

	// The database is whole, and what was stored is shown escaped
	// everywhere: every page of the router, public and signed in.
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM rounds`).Scan(&n); err != nil || n == 0 {
		t.Fatalf("rounds after the run: %d rows, %v", n, err)
	}
	stored := 0
	rows, err := pool.Query(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = 'public' AND data_type IN ('text', 'character varying')`)
	if err != nil {
		t.Fatal(err)
	}
	var cols [][2]string
	for rows.Next() {
		var tbl, col string
		if err := rows.Scan(&tbl, &col); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, [2]string{tbl, col})
	}
	rows.Close()
	for _, tc := range cols {
		var k int
		q := fmt.Sprintf(`SELECT count(*) FROM %q WHERE %q LIKE '%%<script>alert(1)%%' OR %q LIKE '%%DROP TABLE rounds%%'`, tc[0], tc[1], tc[1])
		if err := pool.QueryRow(ctx, q).Scan(&k); err != nil {
			t.Fatalf("%s.%s: %v", tc[0], tc[1], err)
		}
		if k > 0 {
			t.Logf("%s.%s: %d values hold a payload", tc[0], tc[1], k)
		}
		stored += k
	}
	t.Logf("%d stored values hold a payload", stored)
	if stored == 0 {
		t.Error("no payload was stored anywhere; the walk did not reach the saves")
	}

	var slugs []string
	srows, err := pool.Query(ctx, `SELECT slug FROM rounds`)
	if err != nil {
		t.Fatal(err)
	}
	for srows.Next() {
		var s string
		_ = srows.Scan(&s)
		slugs = append(slugs, s)
	}
	srows.Close()
	values["omgangar/{slug}"] = slugs
	values["organisationer/{slug}"] = []string{"fagersta", "askersund", "umeå"}
	values["{ext}"] = []string{"csv", "json"}
	values["{table}"] = []string{"rounds"}
	values["{table}/{id}"] = values["{round}"]
	values["person_data/{id}"] = []string{"0"}
	values["users/{id}"] = values["anvandare/{id}"]
	// (The many failed sign-ins above have locked this address out, so the
	// admin's session from the start does the viewing.)
	viewer := c
	pages := 0
	if err := chi.Walk(routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if method != http.MethodGet || notPages.MatchString(route) {
			return nil
		}
		paths, err := expandRoute(route, values)
		if err != nil {
			t.Error(err)
		}
		for _, p := range paths {
			for _, cl := range []*client{anon, viewer} {
				res := cl.get(p)
				pages++
				if res.Status >= 500 {
					t.Errorf("GET %s after the run: status %d", p, res.Status)
				}
				if m := unescaped(res); m != "" {
					t.Errorf("GET %s after the run shows %q unescaped", p, m)
				}
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d page views checked for unescaped payloads", pages)

	if res := post("/logga-ut", url.Values{"junk": {abusePayloads[len(abusePayloads)-1].value}}); res.Status != http.StatusSeeOther {
		t.Errorf("POST /logga-ut: status %d, want 303", res.Status)
	}
}

// postFile uploads text as the import form's file, multipart as the
// browser sends it.
func postFile(c *client, path, token, text string) response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", token)
	fw, _ := mw.CreateFormFile("file", "deltagare.csv")
	_, _ = io.WriteString(fw, text)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.app.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// expandRoute gives the paths of route with its parameters replaced by
// values, looked up by "{param}" or by the path segment before it and the
// parameter ("anvandare/{id}"), the more specific first.
func expandRoute(route string, values map[string][]string) ([]string, error) {
	out := []string{route}
	for _, param := range regexp.MustCompile(`[^/]*\{[^}]+\}`).FindAllString(route, -1) {
		key := param
		if i := strings.Index(param, "{"); i > 0 {
			key = param[i:] // "deltagare.{ext}" → "{ext}"
		}
		before := route[:strings.Index(route, param)]
		prev := before[strings.LastIndex(strings.TrimSuffix(before, "/"), "/")+1:]
		vals, ok := values[prev+param]
		if !ok {
			vals, ok = values[key]
		}
		if !ok {
			return nil, fmt.Errorf("route %s: no values for %s", route, param)
		}
		prefix := strings.TrimSuffix(param, key)
		var next []string
		for _, p := range out {
			for _, v := range vals {
				next = append(next, strings.Replace(p, param, prefix+url.PathEscape(v), 1))
			}
		}
		out = next
	}
	return out, nil
}
