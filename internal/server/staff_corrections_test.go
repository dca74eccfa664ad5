package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"modellportalen/internal/portal"
)

// correctionRound is a new round 2027–2028 (municipal and regional tracks)
// with Kiruna, Gällivare and Pajala admitted as participants, Kiruna and
// Gällivare in one group with Hedemora as mentor and Vännäs supporting.
type correctionRound struct {
	round portal.Round
	pid   map[string]int64 // participation ids by organisation name
	group string           // the group's path
}

func newCorrectionRound(t *testing.T, app *testApp, c *client) correctionRound {
	t.Helper()
	if res := c.post("/personal/omgangar/ny", validRoundForm()); res.Status != http.StatusSeeOther {
		t.Fatalf("create round: %d %s", res.Status, textOf(res.Body))
	}
	cr := correctionRound{round: mustRound(t, app, "2027-2028"), pid: map[string]int64{}}
	for _, slug := range []string{"kiruna", "gällivare", "pajala"} {
		res := c.post(roundPath(cr.round.ID, "/deltagare"), url.Values{"organisation": {strconv.FormatInt(app.orgID(t, slug), 10)},
			"role": {"participant"}, "track": {"municipal"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("admit %s: %d %s", slug, res.Status, textOf(res.Body))
		}
	}
	ov, err := app.Store.RoundOverview(context.Background(), cr.round)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ov.Participations {
		cr.pid[p.Organisation.Name] = p.ID
	}
	res := c.post(roundPath(cr.round.ID, "/grupper/ny"), url.Values{"label": {"Kiruna och Gällivare"}, "track": {"municipal"},
		"members": {itoa(cr.pid["Kiruna"]), itoa(cr.pid["Gällivare"])}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create group: %d %s", res.Status, textOf(res.Body))
	}
	cr.group = res.Location
	for _, m := range []struct{ slug, kind string }{{"hedemora", "primary"}, {"vännäs", "supporting"}} {
		res := c.post(cr.group+"/mentorer", url.Values{"mentor_organisation": {strconv.FormatInt(app.orgID(t, m.slug), 10)},
			"mentor_kind": {m.kind}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("mentor %s: %d %s", m.slug, res.Status, textOf(res.Body))
		}
	}
	return cr
}

// lastAudit is the newest audit entry of a record.
func lastAudit(t *testing.T, app *testApp, table string, id int64) portal.AuditEntry {
	t.Helper()
	h, err := app.Store.History(context.Background(), table, id)
	if err != nil || len(h) == 0 {
		t.Fatalf("history of %s %d: %v (%d entries)", table, id, err, len(h))
	}
	newest := h[0]
	for _, e := range h {
		if e.At.After(newest.At) || (e.At.Equal(newest.At) && e.ID > newest.ID) {
			newest = e
		}
	}
	return newest
}

// TestEntryRules posts what the rules of issue 12 forbid at entry: each is
// refused with 422 and its message beside the field, keeping what was typed.
func TestEntryRules(t *testing.T) {
	app, c := staffClient(t)
	cr := newCorrectionRound(t, app, c)
	rid := cr.round.ID
	org := func(slug string) string { return strconv.FormatInt(app.orgID(t, slug), 10) }
	cases := []struct {
		name, path string
		form       url.Values
		field      string
		message    string
	}{
		{"region to the municipal track", "/deltagare",
			url.Values{"organisation": {org("region-norrbotten")}, "role": {"participant"}, "track": {"municipal"}},
			"track", "Region Norrbotten är en region och kan bara antas till spåret Modellregioner eller Blandade grupper."},
		{"municipality to the regional track", "/deltagare",
			url.Values{"organisation": {org("luleå")}, "role": {"participant"}, "track": {"regional"}},
			"track", "Luleå är en kommun och kan bara antas till spåret Modellkommuner eller Blandade grupper."},
		{"district to the regional track", "/deltagare",
			url.Values{"organisation": {org("enskede-årsta-vantör")}, "role": {"participant"}, "track": {"regional"}},
			"track", "Enskede-Årsta-Vantör är en stadsdel och kan bara antas till spåret Modellkommuner eller Blandade grupper."},
		{"admitted participant offered as mentor", "/deltagare",
			url.Values{"organisation": {org("kiruna")}, "role": {"mentor"}, "track": {"municipal"}},
			"organisation", "Kiruna är redan antagen som deltagare i omgången."},
		{"admitted mentor offered as participant", "/deltagare",
			url.Values{"organisation": {org("hedemora")}, "role": {"participant"}, "track": {"municipal"}},
			"organisation", "Hedemora är redan antagen som mentor i omgången."},
		{"several: a region to the municipal track", "/deltagare/flera",
			url.Values{"organisations": {org("luleå"), org("region-norrbotten")}, "role": {"participant"}, "track": {"municipal"}},
			"organisations", "Region Norrbotten är en region och kan bara antas till spåret Modellregioner eller Blandade grupper."},
		{"several: one already admitted", "/deltagare/flera",
			url.Values{"organisations": {org("luleå"), org("pajala")}, "role": {"participant"}, "track": {"municipal"}},
			"organisations", "Pajala är redan antagen som deltagare i omgången."},
		{"several: none chosen", "/deltagare/flera",
			url.Values{"role": {"participant"}, "track": {"municipal"}},
			"organisations", "Kryssa i minst en organisation att anta."},
		{"group member from another round", "/grupper/ny",
			url.Values{"label": {"Lånad"}, "track": {"municipal"}, "members": {itoa(participationIn(t, app, "fagersta", "2019"))}},
			"members", "Fagersta är inte antagen i den här omgången. Gruppens deltagare väljs bland omgångens egna deltagare."},
		{"mentor who is a member", strings.TrimPrefix(cr.group, roundPath(rid, "")) + "/mentorer",
			url.Values{"mentor_organisation": {org("kiruna")}, "mentor_kind": {"primary"}, "override_reason": {"x"}},
			"mentor_organisation", "Kiruna är deltagare i gruppen och kan inte också vara dess mentor."},
		{"role change to a track the organisation cannot have", "/deltagare/" + itoa(cr.pid["Pajala"]) + "/roll",
			url.Values{"version": {"1"}, "role": {"participant"}, "track": {"regional"}},
			"track", "Pajala är en kommun och kan bara antas till spåret Modellkommuner eller Blandade grupper."},
		{"role change of a group member", "/deltagare/" + itoa(cr.pid["Kiruna"]) + "/roll",
			url.Values{"version": {"1"}, "role": {"mentor"}, "track": {"municipal"}},
			"role", "Kiruna är med i gruppen Kiruna och Gällivare. Ta först bort den ur gruppen."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.post(roundPath(rid, tc.path), tc.form)
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="`+tc.field+`-error"`) ||
				!strings.Contains(textOf(res.Body), tc.message) {
				t.Errorf("status %d, want 422 with %q at %s; got %s", res.Status, tc.message, tc.field, textOf(res.Body))
			}
			if v := tc.form.Get("organisations"); v != "" && !strings.Contains(res.Body, `value="`+v+`" checked`) {
				t.Errorf("organisation %s not kept checked", v)
			}
		})
	}

	// Search results never offer an organisation already in the round.
	page := c.get(roundPath(rid, "/deltagare?lan=25"))
	if strings.Contains(page.Body, `name="organisation" value="`+org("kiruna")+`"`) ||
		!strings.Contains(page.Body, `name="organisation" value="`+org("luleå")+`"`) {
		t.Error("the admission search offers Kiruna again, or not Luleå")
	}
	if page := c.get(roundPath(rid, "/deltagare?q=kiruna")); !strings.Contains(textOf(page.Body), "1 som sökningen hittade är redan antagna i omgången och visas inte.") {
		t.Error("the admission search does not say why Kiruna is not offered")
	}
	page = c.get(roundPath(rid, "/deltagare/flera?lan=25"))
	if strings.Contains(page.Body, `value="`+org("kiruna")+`"`) || !strings.Contains(textOf(page.Body), "3 som sökningen hittade är redan antagna") {
		t.Errorf("multi-admission offers an admitted organisation: %s", textOf(page.Body))
	}
}

func participationIn(t *testing.T, app *testApp, orgSlug, roundSlug string) int64 {
	t.Helper()
	r := mustRound(t, app, roundSlug)
	ov, err := app.Store.RoundOverview(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ov.Participations {
		if p.Organisation.Slug == orgSlug {
			return p.ID
		}
	}
	t.Fatalf("%s not in %s", orgSlug, roundSlug)
	return 0
}

// TestRoleAndTrackCorrection corrects an admission's role: a stale form
// is a conflict, a correct one is saved and audited.
func TestRoleAndTrackCorrection(t *testing.T) {
	app, c := staffClient(t)
	cr := newCorrectionRound(t, app, c)
	ctx := context.Background()
	pajala := roundPath(cr.round.ID, "/deltagare/"+itoa(cr.pid["Pajala"]))
	if page := c.get(pajala); !strings.Contains(page.Body, `href="`+pajala+`/roll"`) {
		t.Error("the participation page does not link the correction")
	}
	if res := c.post(pajala+"/roll", url.Values{"version": {"7"}, "role": {"mentor"}, "track": {"municipal"}}); res.Status != http.StatusConflict {
		t.Errorf("stale correction: %d", res.Status)
	}
	res := c.post(pajala+"/roll", url.Values{"version": {"1"}, "role": {"mentor"}, "track": {"municipal"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("role change: %d %s", res.Status, textOf(res.Body))
	}
	if page := c.get(res.Location); !strings.Contains(textOf(page.Body), "Pajala är nu mentor i spåret Modellkommuner.") {
		t.Errorf("after the change: %s", textOf(page.Body))
	}
	p, _ := app.Store.ParticipationByID(ctx, cr.pid["Pajala"])
	if p.Role != portal.RoleMentor || p.Version != 2 {
		t.Errorf("role %s, version %d", p.Role, p.Version)
	}
	if e := lastAudit(t, app, "participations", p.ID); e.Action != "update" || e.Before["role"] != "participant" || e.After["role"] != "mentor" {
		t.Errorf("role change audited as %+v", e)
	}
}
