package server

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

// TestDraftRoundIsInvisible: a draft round with participants, a mentored
// group, a learning example and an old address is absent from every public
// page and file, English ones and the learning examples included, until a
// project leader publishes it; then it appears at once.
func TestDraftRoundIsInvisible(t *testing.T) {
	app, c := staffClient(t)
	res := c.post("/personal/omgangar/ny", validRoundForm())
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create round: %d", res.Status)
	}
	id := mustID(t, res.Location)
	ctx := context.Background()
	// Kiruna and Gällivare in a group mentored by Hedemora, an approved
	// learning example of Kiruna's, and an address the round had before.
	if _, err := app.Store.Pool.Exec(ctx, `
		WITH p AS (
			INSERT INTO participations (round_id, organisation_id, role, track)
			SELECT $1, o.id, CASE WHEN o.slug = 'hedemora' THEN 'mentor' ELSE 'participant' END, 'municipal'
			FROM organisations o WHERE o.slug IN ('kiruna', 'gällivare', 'hedemora')
			RETURNING id, organisation_id, role),
		g AS (
			INSERT INTO benchmarking_groups (round_id, track, label) VALUES ($1, 'municipal', 'Hemliga gruppen')
			RETURNING id),
		m AS (
			INSERT INTO group_members (group_id, round_id, participation_id, organisation_id)
			SELECT g.id, $1, p.id, p.organisation_id FROM g, p WHERE p.role = 'participant'),
		l AS (
			INSERT INTO mentor_links (group_id, round_id, participation_id, organisation_id, kind)
			SELECT g.id, $1, p.id, p.organisation_id, 'primary' FROM g, p WHERE p.role = 'mentor')
		INSERT INTO improvement_works (participation_id, title, publication, published_at)
		SELECT p.id, 'Hemligt utkastarbete', 'approved', now() FROM p
		WHERE p.organisation_id = (SELECT id FROM organisations WHERE slug = 'kiruna')`, id); err != nil {
		t.Fatal(err)
	}
	// A source staff cited for the draft's dates.
	if _, err := app.Store.Pool.Exec(ctx, `
		WITH s AS (INSERT INTO sources (key, publisher, title) VALUES ('hemlig-kalla', 'SKR', 'Hemlig källa') RETURNING id)
		INSERT INTO citations (source_id, round_id) SELECT s.id, $1 FROM s`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Store.Pool.Exec(ctx, `UPDATE rounds SET slug = '2027-2028-ny' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	const name, slug = "Modellkonceptet 2027–2028", "2027-2028-ny"
	assertUnpublished(t, app, slug, name)
	anon := app.client(t)
	if res := anon.get("/omgangar/2027-2028"); res.Status != http.StatusNotFound {
		t.Errorf("the draft's old address: %d, want 404 (not a redirect to the draft)", res.Status)
	}
	for _, path := range []string{"/larande-exempel", "/organisationer/kiruna", "/en/organisationer/kiruna",
		"/organisationer/hedemora", "/mentorkedjor", "/en/mentorkedjor", "/oppna-data/deltagare.json",
		"/oppna-data/kallor.csv", "/oppna-data/kallor.json"} {
		if body := anon.get(path).Body; strings.Contains(body, "Hemlig") || strings.Contains(body, slug) {
			t.Errorf("GET %s shows the draft's group, work or address", path)
		}
	}

	check := c.get(roundPath(id, "/publicera"))
	if check.Status != http.StatusOK || !strings.Contains(textOf(check.Body), "Kontrollera och publicera") {
		t.Fatalf("check page: %d", check.Status)
	}
	if res := c.post(roundPath(id, "/publicera"), nil); res.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.Status)
	}
	for path, want := range map[string]string{
		"/omgangar/" + slug:          "Hemliga gruppen",
		"/omgangar":                  name,
		"/en/omgangar":               name,
		"/oppna-data/deltagare.json": slug,
		"/larande-exempel":           "Hemligt utkastarbete",
		"/organisationer/kiruna":     name,
		"/sitemap.xml":               "/omgangar/" + slug,
		"/oppna-data/kallor.csv":     "Hemlig källa",
	} {
		res := anon.get(path)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, want) {
			t.Errorf("after publishing, GET %s: %d, lacks %q", path, res.Status, want)
		}
	}
	if res := anon.get("/omgangar/2027-2028"); res.Status != http.StatusMovedPermanently && res.Status != http.StatusPermanentRedirect {
		t.Errorf("the old address after publishing: %d, want a redirect", res.Status)
	}
}

// TestPublishingEmptiesThePageCache: a draft is in no cached page; when it
// is published (here by another instance, through the store), every
// instance's cached lists and its own 404 give way within 2 s.
func TestPublishingEmptiesThePageCache(t *testing.T) {
	pool := testdb.Seeded(t)
	ts := cachedInstance(t, testdb.URLOf(t, pool))
	st := store.New(pool)
	ctx := context.Background()
	round, err := st.CreateRound(ctx, store.System("test"), portal.Round{Slug: "2027-2028", Name: "Modellkonceptet 2027–2028",
		StartYear: 2027, EndYear: 2028, Status: portal.StatusPlanned, Tracks: []portal.Track{portal.TrackMunicipal}})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // the second read comes from the cache
		if status, body, _ := getCached(t, ts.URL+"/omgangar", nil); status != 200 || strings.Contains(body, round.Name) {
			t.Fatalf("GET /omgangar with a draft: %d, mentions it: %v", status, strings.Contains(body, round.Name))
		}
		if status, _, _ := getCached(t, ts.URL+"/omgangar/2027-2028", nil); status != http.StatusNotFound {
			t.Fatalf("GET the draft: %d", status)
		}
	}
	// The notification of the round's creation may arrive after the first
	// reads and empty the cache once more: wait until the list is cached.
	for start := time.Now(); ; {
		_, c := getCachedHit(t, ts.URL+"/omgangar")
		if c == "hit" {
			break
		}
		if time.Since(start) > 2*time.Second {
			t.Fatalf("/omgangar is not cached (%q); the test would prove nothing", c)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := st.PublishRound(ctx, store.System("test"), round.ID); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		_, list, _ := getCached(t, ts.URL+"/omgangar", nil)
		status, _, _ := getCached(t, ts.URL+"/omgangar/2027-2028", nil)
		if strings.Contains(list, round.Name) && status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("2 s after publishing: list mentions it %v, its page %d", strings.Contains(list, round.Name), status)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func getCachedHit(t *testing.T, url string) (int, string) {
	t.Helper()
	status, _, c := getCached(t, url, nil)
	return status, c
}

// TestNoticeWaitsForAPageThatShowsIt: the notice of what was just done is
// shown once, by the first page that has a place for it; a page without
// one (the round's check page) leaves it for the next.
func TestNoticeWaitsForAPageThatShowsIt(t *testing.T) {
	app, c := staffClient(t)
	round := mustRound(t, app, "2019")
	const notice = "var redan publicerad."
	res := c.post(roundPath(round.ID, "/publicera"), nil)
	if res.Status != http.StatusSeeOther || res.Location != roundPath(round.ID, "") {
		t.Fatalf("publish a published round: %d %s", res.Status, res.Location)
	}
	for _, step := range []struct {
		path  string
		shown bool
	}{
		{roundPath(round.ID, "/publicera"), false},
		{"/omgangar/2019", false},
		{roundPath(round.ID, ""), true},
		{roundPath(round.ID, ""), false},
	} {
		res := c.get(step.path)
		if res.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", step.path, res.Status)
		}
		if got := strings.Contains(textOf(res.Body), notice); got != step.shown {
			t.Errorf("GET %s shows the notice: %v, want %v", step.path, got, step.shown)
		}
	}
}
