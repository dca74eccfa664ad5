package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"modellportalen/internal/auth"
	"modellportalen/internal/bulk"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

// paramValues gives values for a route's URL parameters, by the parameter
// and the path segment before it, so a new route with a known parameter is
// covered without touching this test. A route whose parameters are not here
// fails the test: add values for it.
var paramValues = map[string][]string{
	"omgangar/{slug}":       {"2019", "2023-2025"},
	"organisationer/{slug}": {"umeå", "region-halland", "sollefteå"},
	"{ext}":                 {"csv"},
	// Signed-in pages and links from mail; for anonymous visitors they
	// redirect or answer 404, which the test skips, but they are walked so
	// a page that turns public is counted.
	"{id}":    {"1"},
	"{round}": {"1"},
	"{token}": {"no-such-token"},
	"{table}": {"rounds"},
	// A fact whose sources staff record: the round's dates.
	"{subject}": {"omgang"},
}

// notPages are GET routes that render no page from the data.
var notPages = regexp.MustCompile(`^/(healthz|readyz|static/)`)

// countingApp serves the portal on db with the query counter on and no page
// cache, through a pool opened by store.Open so the tracer is installed.
func countingApp(t *testing.T, dbURL string) (*Server, *httptest.Server) {
	return instance(t, dbURL, func(s *Server) { s.CountQueries = true })
}

// instance serves the portal on db through a pool of its own (opened by
// store.Open, so the query tracer is installed), set up by configure.
func instance(t *testing.T, dbURL string, configure func(*Server)) (*Server, *httptest.Server) {
	t.Helper()
	pool, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	s := New(store.New(pool), slog.New(slog.NewTextHandler(io.Discard, nil)), Config{})
	configure(s)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts
}

// publicPaths walks the router for GET routes and expands their parameters.
func publicPaths(t *testing.T, h http.Handler) []string {
	t.Helper()
	var paths []string
	err := chi.Walk(h.(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if method != http.MethodGet || notPages.MatchString(route) {
			return nil
		}
		expanded := []string{route}
		for _, param := range regexp.MustCompile(`[^/]*\{[^}]+\}`).FindAllString(route, -1) {
			key := param
			if i := strings.Index(param, "{"); i > 0 {
				key = param[i:] // "deltagare.{ext}" → "{ext}"
			}
			values, ok := paramValues[key]
			if !ok {
				before := route[:strings.Index(route, param)]
				prev := before[strings.LastIndex(strings.TrimSuffix(before, "/"), "/")+1:]
				values, ok = paramValues[prev+param]
			}
			if !ok {
				t.Errorf("route %s: no values for %s in paramValues; add some so its query count is checked", route, param)
				return nil
			}
			var next []string
			for _, p := range expanded {
				for _, v := range values {
					next = append(next, strings.Replace(p, strings.Replace(param, key, "", 1)+key, strings.Replace(param, key, "", 1)+v, 1))
				}
			}
			expanded = next
		}
		paths = append(paths, expanded...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return paths
}

func queryCount(t *testing.T, base, path string) (status, n int) {
	t.Helper()
	return queryCountAs(t, &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, base, path)
}

// queryCountAs is queryCount with the client's cookies, e.g. a signed-in
// session.
func queryCountAs(t *testing.T, c *http.Client, base, path string) (status, n int) {
	t.Helper()
	res, err := c.Get(base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	n, err = strconv.Atoi(res.Header.Get(QueryCountHeader))
	if err != nil {
		t.Fatalf("GET %s: no %s header: %v", path, QueryCountHeader, err)
	}
	return res.StatusCode, n
}

// Every public page costs the same number of queries on the seeded data and
// on twenty times as much: no page makes a query per row.
func TestQueryCountDoesNotGrow(t *testing.T) {
	small := testdb.Seeded(t)
	large := testdb.Seeded(t)
	// Staff and contact pages show a participant's delegates, works and
	// meetings: give Fagersta's 2019 participation one of each, in both
	// databases before the bulk load, so they get the same ids.
	for _, pool := range []*pgxpool.Pool{small, large} {
		// The work is a published learning example with an indicator and
		// a result, so the example pages are counted too.
		for _, sql := range append(append(append([]string{}, seedRecords...), resultRecords...),
			`UPDATE improvement_works SET publication = 'approved', published_at = now(), service_area = 'home_care'`) {
			if _, err := pool.Exec(context.Background(), sql); err != nil {
				t.Fatal(err)
			}
		}
	}
	st, err := bulk.Load(context.Background(), large, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("bulk data: %+v", st)
	sSmall, tsSmall := countingApp(t, testdb.URLOf(t, small))
	_, tsLarge := countingApp(t, testdb.URLOf(t, large))

	// Staff and contact pages take ids; the records have the same ids in
	// both databases, since both are copies of one template.
	for param, query := range map[string]string{
		"{round}":         `SELECT id FROM rounds WHERE slug = '2019'`,
		"{participation}": `SELECT p.id FROM participations p JOIN organisations o ON o.id = p.organisation_id JOIN rounds r ON r.id = p.round_id WHERE o.slug = 'fagersta' AND r.slug = '2019'`,
		"{group}":         `SELECT id FROM benchmarking_groups WHERE label = 'Askersund och Fagersta'`,
		"{meeting}":       `SELECT max(id) FROM learning_meetings`,
		"{delegate}":      `SELECT max(id) FROM delegates`,
		"{work}":          `SELECT max(id) FROM improvement_works`,
		"{indicator}":     `SELECT max(id) FROM work_indicators`,
		"{result}":        `SELECT max(id) FROM work_results`,
		"{outcome}":       `SELECT max(id) FROM meeting_outcomes`,
		"{id}":            `SELECT id FROM organisations WHERE slug = 'fagersta'`,
		"{organisation}":  `SELECT m.organisation_id FROM mentor_links m JOIN benchmarking_groups g ON g.id = m.group_id WHERE g.label = 'Askersund och Fagersta' LIMIT 1`,
	} {
		var id int64
		if err := small.QueryRow(context.Background(), query).Scan(&id); err != nil {
			t.Fatalf("%s: %v", param, err)
		}
		paramValues[param] = []string{strconv.FormatInt(id, 10)}
	}
	paths := publicPaths(t, sSmall.Handler())
	admins := map[string]*http.Client{tsSmall.URL: signedIn(t, small, tsSmall.URL), tsLarge.URL: signedIn(t, large, tsLarge.URL)}
	// The generated rounds exist only in the large data set; their pages
	// must cost what a seeded round's page costs.
	extra := []string{"/omgangar/" + bulk.RoundSlug(1), "/omgangar/" + bulk.RoundSlug(bulk.Rounds-1)}
	pages := 0
	for _, path := range paths {
		statusSmall, nSmall := queryCount(t, tsSmall.URL, path)
		statusLarge, nLarge := queryCount(t, tsLarge.URL, path)
		if statusSmall != statusLarge {
			t.Errorf("%s: status %d on seeded data, %d on bulk data", path, statusSmall, statusLarge)
			continue
		}
		if statusSmall == http.StatusSeeOther {
			// A signed-in page: count it as an admin, who reaches them all.
			statusSmall, nSmall = queryCountAs(t, admins[tsSmall.URL], tsSmall.URL, path)
			statusLarge, nLarge = queryCountAs(t, admins[tsLarge.URL], tsLarge.URL, path)
			if statusSmall != statusLarge {
				t.Errorf("%s signed in: status %d on seeded data, %d on bulk data", path, statusSmall, statusLarge)
				continue
			}
		}
		if statusSmall != http.StatusOK {
			t.Logf("%-45s %d (skipped)", path, statusSmall)
			continue
		}
		pages++
		t.Logf("%-45s %2d queries (1×)  %2d queries (20×)", path, nSmall, nLarge)
		if nLarge > nSmall {
			t.Errorf("%s: %d queries on seeded data but %d on bulk data", path, nSmall, nLarge)
		}
		if strings.HasPrefix(path, "/omgangar/") && !strings.Contains(path[1:], "/") {
			for _, e := range extra {
				if status, n := queryCount(t, tsLarge.URL, e); status != http.StatusOK || n > nSmall {
					t.Errorf("%s: status %d, %d queries; want 200 and at most %d like %s", e, status, n, nSmall, path)
				}
			}
			extra = nil
		}
	}
	if pages < 25 {
		t.Errorf("only %d public pages answered 200; the walk is broken", pages)
	}
}

// seedRecords give Fagersta's 2019 participation a delegate, an
// improvement work and a learning meeting it hosted, with minutes and a
// follow-up task for it.
var seedRecords = []string{
	`INSERT INTO delegates (participation_id, level, name, email)
	 SELECT p.id, 'strategist', 'Stina Strateg', 'stina@fagersta.example' FROM participations p
	 JOIN organisations o ON o.id = p.organisation_id JOIN rounds r ON r.id = p.round_id
	 WHERE o.slug = 'fagersta' AND r.slug = '2019'`,
	`INSERT INTO improvement_works (participation_id, title)
	 SELECT p.id, 'Jämställd biståndsbedömning' FROM participations p
	 JOIN organisations o ON o.id = p.organisation_id JOIN rounds r ON r.id = p.round_id
	 WHERE o.slug = 'fagersta' AND r.slug = '2019'`,
	`INSERT INTO learning_meetings (round_id, held_on, place, host_organisation_id)
	 SELECT r.id, '2019-03-12', 'Fagersta', o.id FROM rounds r, organisations o WHERE r.slug = '2019' AND o.slug = 'fagersta'`,
	`INSERT INTO meeting_minutes (meeting_id, body) SELECT max(id), 'Vi gick igenom väntetiderna.' FROM learning_meetings`,
	`INSERT INTO meeting_outcomes (meeting_id, kind, body, owner_organisation_id, due_on)
	 SELECT (SELECT max(id) FROM learning_meetings), 'task', 'Skicka underlaget', id, '2019-04-01' FROM organisations WHERE slug = 'fagersta'`,
}

// signedIn returns a client with an admin's session on the portal at base.
func signedIn(t *testing.T, pool *pgxpool.Pool, base string) *http.Client {
	t.Helper()
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.New(pool).CreateUser(context.Background(), store.System("test"),
		store.NewUser{Name: "Admin", Email: "admin@skr.example", Role: portal.UserAdmin, PasswordHash: hash}, nil, nil); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &client{t: t, app: &testApp{URL: base}, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	c.login("admin@skr.example", testPassword)
	return c.c
}
