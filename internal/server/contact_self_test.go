package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// contactApp has contacts for Fagersta and for Botkyrka (both 2019
// participants), each signed in.
func contactApp(t *testing.T) (app *testApp, fagersta, botkyrka *client) {
	t.Helper()
	app = newTestApp(t)
	app.addUser(t, portal.UserContact, "kontakt@fagersta.example", "fagersta")
	app.addUser(t, portal.UserContact, "kontakt@botkyrka.example", "botkyrka")
	fagersta, botkyrka = app.client(t), app.client(t)
	fagersta.login("kontakt@fagersta.example", testPassword)
	botkyrka.login("kontakt@botkyrka.example", testPassword)
	return app, fagersta, botkyrka
}

func participationID(t *testing.T, app *testApp, round, slug string) int64 {
	t.Helper()
	var id int64
	err := app.Store.Pool.QueryRow(context.Background(), `
		SELECT p.id FROM participations p JOIN rounds r ON r.id = p.round_id JOIN organisations o ON o.id = p.organisation_id
		WHERE r.slug = $1 AND o.slug = $2 AND p.role = 'participant'`, round, slug).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func orgPath(id int64, rest string) string {
	return "/mina-sidor/organisationer/" + strconv.FormatInt(id, 10) + rest
}

func TestDelegateValidation(t *testing.T) {
	app, c, _ := contactApp(t)
	org := app.orgID(t, "fagersta")
	path := orgPath(org, "/deltagande/"+strconv.FormatInt(participationID(t, app, "2019", "fagersta"), 10)+"/delegater/ny")
	valid := url.Values{"level": {"politician"}, "name": {"Petra Politiker"}, "party": {"Centerpartiet"},
		"email": {"petra@fagersta.example"}, "phone": {"0223-123 45"}}
	cases := []struct {
		name    string
		form    url.Values
		field   string
		message string
		kept    string
	}{
		{"no name", with(valid, "name", ""), "name", "Ange ett namn.", `value="petra@fagersta.example"`},
		{"politician without party", with(valid, "party", ""), "party", "Ange partiet.", `value="Petra Politiker"`},
		{"party on a manager", with(valid, "level", "manager"), "party", "Parti anges bara för politiker.", `value="Centerpartiet"`},
		{"bad email", with(valid, "email", "petra@"), "email", "Ange en e-postadress i formen namn@exempel.se.", `value="petra@"`},
		{"email with name", with(valid, "email", "Petra <petra@fagersta.example>"), "email", "Ange en e-postadress", `value="Petra &lt;petra@fagersta.example&gt;"`},
		{"bad phone", with(valid, "phone", "ring mig"), "phone", "Ange ett telefonnummer med siffror", `value="ring mig"`},
		{"unknown level", with(valid, "level", "mayor"), "level", "Välj en nivå.", `value="Petra Politiker"`},
		{"script is text", with(with(valid, "name", "<script>alert(1)</script>"), "phone", "x"), "phone", "Ange ett telefonnummer", `value="&lt;script&gt;alert(1)&lt;/script&gt;"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.post(path, tc.form)
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.Status)
			}
			if !strings.Contains(res.Body, `id="`+tc.field+`-error"`) || !strings.Contains(textOf(res.Body), tc.message) {
				t.Errorf("no %q beside %s", tc.message, tc.field)
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
	_ = app.Store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM delegates`).Scan(&n)
	if n != 0 {
		t.Errorf("%d delegates stored from bad forms", n)
	}
	// What is missing is listed for rounds still under way.
	if _, err := app.Store.Pool.Exec(context.Background(), `UPDATE rounds SET status = 'running' WHERE slug = '2019'`); err != nil {
		t.Fatal(err)
	}
	if res := c.post(path, valid); res.Status != http.StatusSeeOther {
		t.Fatalf("valid delegate: %d %s", res.Status, textOf(res.Body))
	}
	page := c.get(orgPath(org, ""))
	for _, want := range []string{"Petra Politiker är sparad i delegationen.", "Petra Politiker Politiker", "delegationen saknar Chef och Jämställdhetsstrateg"} {
		if !strings.Contains(textOf(page.Body), want) {
			t.Errorf("organisation page lacks %q", want)
		}
	}
}

func TestWorkValidationAndConflict(t *testing.T) {
	app, c, _ := contactApp(t)
	org := app.orgID(t, "fagersta")
	path := orgPath(org, "/deltagande/"+strconv.FormatInt(participationID(t, app, "2019", "fagersta"), 10)+"/forbattringsarbeten/ny")
	valid := url.Values{"title": {"Jämställd biståndsbedömning"}, "area": {"Äldreomsorg"}, "status": {"planned"}}
	for _, tc := range []struct {
		name, field, message string
		form                 url.Values
	}{
		{"no title", "title", "Ange en rubrik.", with(valid, "title", " ")},
		{"bad status", "status", "Välj en status.", with(valid, "status", "done")},
		{"bad date", "started_on", "Startdatumet ska vara ett datum", with(valid, "started_on", "31/12")},
		{"follow-up before start", "follow_up_on", "Uppföljningen kan inte vara före starten.", with(with(valid, "started_on", "2019-06-01"), "follow_up_on", "2019-01-01")},
		{"over-long title", "title", "Rubriken får vara högst 200 tecken.", with(valid, "title", strings.Repeat("å", 250))},
		{"followed up without date", "follow_up_on", "Ange när arbetet följdes upp, till exempel 2026-03-15.",
			with(with(valid, "status", "followed_up"), "follow_up", "Lika service.")},
		{"followed up without findings", "follow_up", "Beskriv vad uppföljningen visade.",
			with(with(with(valid, "status", "followed_up"), "follow_up_on", "2026-03-15"), "follow_up", "  ")},
		{"followed up with an unreadable date", "follow_up_on", "Uppföljningsdatumet ska vara ett datum",
			with(with(with(valid, "status", "followed_up"), "follow_up_on", "i mars"), "follow_up", "Lika service.")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := c.post(path, tc.form)
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="`+tc.field+`-error"`) ||
				!strings.Contains(textOf(res.Body), tc.message) {
				t.Errorf("status %d, want 422 with %q at %s: %s", res.Status, tc.message, tc.field, textOf(res.Body))
			}
		})
	}
	res := c.post(path, valid)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("valid work: %d %s", res.Status, textOf(res.Body))
	}
	pid := participationID(t, app, "2019", "fagersta")
	all, _ := app.Store.ImprovementWorks(context.Background(), []int64{pid})
	works := all[pid]
	if len(works) != 1 {
		t.Fatalf("%d works", len(works))
	}
	wpath := orgPath(org, "/forbattringsarbeten/"+strconv.FormatInt(works[0].ID, 10))

	// Two strategists edit at once: the first moves it on, the second gets
	// the conflict screen with both versions and keeps what they typed.
	second := app.client(t)
	app.addUser(t, portal.UserContact, "strateg@fagersta.example", "fagersta")
	second.login("strateg@fagersta.example", testPassword)
	form := with(with(valid, "version", "1"), "status", "in_progress")
	if res := c.post(wpath, form); res.Status != http.StatusSeeOther {
		t.Fatalf("first edit: %d", res.Status)
	}
	res = second.post(wpath, with(with(valid, "version", "1"), "description", "Andra strategens text"))
	if res.Status != http.StatusConflict {
		t.Fatalf("second edit: %d, want 409", res.Status)
	}
	if !strings.Contains(textOf(res.Body), "Status in_progress planned") || !strings.Contains(res.Body, ">Andra strategens text</textarea>") {
		t.Errorf("conflict screen: %s", textOf(res.Body))
	}
	got, _ := app.Store.ImprovementWorkByID(context.Background(), works[0].ID)
	if got.Status != portal.WorkInProgress || got.Description != "" {
		t.Errorf("stored %s %q after conflict, want the first edit only", got.Status, got.Description)
	}
	if len(got.Events) != 2 {
		t.Errorf("status history %+v", got.Events)
	}
}

// TestContactCannotReachOtherOrganisation tampers with URLs: Botkyrka's
// contact tries Fagersta's pages, delegates and works, directly and through
// its own organisation's URL. Every try is refused and nothing changes.
func TestContactCannotReachOtherOrganisation(t *testing.T) {
	app, fag, bot := contactApp(t)
	ctx := context.Background()
	fagOrg, botOrg := app.orgID(t, "fagersta"), app.orgID(t, "botkyrka")
	fagPart := participationID(t, app, "2019", "fagersta")
	d, err := app.Store.SaveDelegate(ctx, store.System("test"), portal.Delegate{ParticipationID: fagPart, Level: portal.LevelStrategist,
		Name: "Stina Strateg", Email: "stina@fagersta.example"})
	if err != nil {
		t.Fatal(err)
	}
	iw, err := app.Store.SaveImprovementWork(ctx, store.System("test"), portal.ImprovementWork{ParticipationID: fagPart, Title: "Fagerstas arbete", Status: portal.WorkPlanned})
	if err != nil {
		t.Fatal(err)
	}
	ds, ws := strconv.FormatInt(d.ID, 10), strconv.FormatInt(iw.ID, 10)
	fp := strconv.FormatInt(fagPart, 10)
	cases := []struct {
		method, path string
		form         url.Values
	}{
		{"GET", orgPath(fagOrg, ""), nil},
		{"GET", orgPath(fagOrg, "/delegater/"+ds), nil},
		{"GET", orgPath(botOrg, "/delegater/"+ds), nil},
		{"POST", orgPath(botOrg, "/delegater/"+ds), url.Values{"version": {"1"}, "level": {"strategist"}, "name": {"Kapad"}}},
		{"POST", orgPath(fagOrg, "/delegater/"+ds), url.Values{"version": {"1"}, "level": {"strategist"}, "name": {"Kapad"}}},
		{"POST", orgPath(botOrg, "/delegater/"+ds+"/radera"), url.Values{"version": {"1"}}},
		{"GET", orgPath(botOrg, "/forbattringsarbeten/"+ws), nil},
		{"POST", orgPath(botOrg, "/forbattringsarbeten/"+ws), url.Values{"version": {"1"}, "title": {"Kapad"}, "status": {"planned"}}},
		{"GET", orgPath(botOrg, "/deltagande/"+fp+"/delegater/ny"), nil},
		{"POST", orgPath(botOrg, "/deltagande/"+fp+"/delegater/ny"), url.Values{"level": {"manager"}, "name": {"Inplanterad"}}},
		{"POST", orgPath(botOrg, "/deltagande/"+fp+"/forbattringsarbeten/ny"), url.Values{"title": {"Inplanterad"}, "status": {"planned"}}},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			var res response
			if tc.method == "GET" {
				res = bot.get(tc.path)
			} else {
				res = bot.post(tc.path, tc.form)
			}
			if res.Status != http.StatusForbidden {
				t.Errorf("status %d, want 403", res.Status)
			}
			if strings.Contains(res.Body, "Stina") || strings.Contains(res.Body, "stina@") {
				t.Error("the refusal shows Fagersta's personal data")
			}
		})
	}
	got, err := app.Store.DelegateByID(ctx, d.ID)
	if err != nil || got.Name != "Stina Strateg" || got.Version != 1 {
		t.Errorf("Fagersta's delegate changed: %+v %v", got, err)
	}
	if w, _ := app.Store.ImprovementWorkByID(ctx, iw.ID); w.Title != "Fagerstas arbete" || w.Version != 1 {
		t.Errorf("Fagersta's work changed: %+v", w)
	}
	var n int
	_ = app.Store.Pool.QueryRow(ctx, `SELECT count(*) FROM delegates`).Scan(&n)
	if n != 1 {
		t.Errorf("%d delegates, want 1", n)
	}
	// Fagersta's own contact reaches all of it.
	if res := fag.get(orgPath(fagOrg, "/delegater/"+ds)); res.Status != 200 || !strings.Contains(res.Body, "Stina Strateg") {
		t.Errorf("own delegate: %d", res.Status)
	}
}

func TestEraseDelegateAndPersonData(t *testing.T) {
	app, c, _ := contactApp(t)
	ctx := context.Background()
	org := app.orgID(t, "fagersta")
	d, err := app.Store.SaveDelegate(ctx, store.System("test"), portal.Delegate{ParticipationID: participationID(t, app, "2019", "fagersta"),
		Level: portal.LevelManager, Name: "Max Chef", Email: "max@fagersta.example", Phone: "0223-555 55"})
	if err != nil {
		t.Fatal(err)
	}
	staff := app.client(t)
	app.addUser(t, portal.UserAdmin, "admin@skr.example")
	staff.login("admin@skr.example", testPassword)
	res := staff.get("/personal/personuppgifter.json?epost=MAX@fagersta.example")
	if res.Status != 200 || !strings.Contains(res.Body, `"Max Chef"`) || !strings.Contains(res.Body, "0223-555 55") {
		t.Fatalf("person data export: %d %s", res.Status, res.Body)
	}
	if res := c.get("/personal/personuppgifter.json?epost=max@fagersta.example"); res.Status != http.StatusForbidden {
		t.Errorf("contact reached the person data export: %d", res.Status)
	}

	// An erasure from a page that showed an older version erases nothing.
	res = c.post(orgPath(org, "/delegater/"+strconv.FormatInt(d.ID, 10)+"/radera"), url.Values{"version": {"99"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("stale erase: %d", res.Status)
	}
	if page := textOf(c.get(orgPath(org, "")).Body); !strings.Contains(page, "Max Chef ändrades av någon annan medan du tittade; inget raderades.") ||
		!strings.Contains(page, "Max Chef") {
		t.Errorf("a stale erasure: %s", page)
	}
	res = c.post(orgPath(org, "/delegater/"+strconv.FormatInt(d.ID, 10)+"/radera"), url.Values{"version": {"1"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("erase: %d", res.Status)
	}
	if page := c.get(orgPath(org, "")); !strings.Contains(textOf(page.Body), "Max Chef är raderad ur delegationen.") {
		t.Error("no confirmation of the erasure")
	}
	res = staff.get("/personal/personuppgifter.json?epost=max@fagersta.example")
	if strings.Contains(res.Body, "Max") || strings.Contains(res.Body, "0223") {
		t.Errorf("erased person still exported: %s", res.Body)
	}
	round := mustRound(t, app, "2019")
	for _, path := range []string{"/export/kontakter.csv"} {
		if res := staff.get(roundPath(round.ID, path)); strings.Contains(res.Body, "Max Chef") {
			t.Errorf("%s still holds the erased delegate", path)
		}
	}
	var audit string
	_ = app.Store.Pool.QueryRow(ctx, `SELECT string_agg(action || coalesce(before::text, '') || coalesce(after::text, ''), ' ')
		FROM audit_log WHERE table_name = 'delegates'`).Scan(&audit)
	if !strings.Contains(audit, "erase") || strings.Contains(audit, "Max") || strings.Contains(audit, "max@") {
		t.Errorf("audit log after erasure: %s", audit)
	}
}
