package server

import (
	"context"
	"net/http"
	"strings"
	"testing"
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
		"/organisationer/hedemora", "/mentorkedjor", "/en/mentorkedjor", "/oppna-data/deltagare.json"} {
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
