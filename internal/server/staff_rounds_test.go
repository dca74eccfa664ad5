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

// staffClient is a project leader signed in to a fresh app.
func staffClient(t *testing.T) (*testApp, *client) {
	t.Helper()
	app := newTestApp(t)
	app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	c := app.client(t)
	c.login("ledare@skr.example", testPassword)
	return app, c
}

func roundPath(id int64, rest string) string {
	return "/personal/omgangar/" + strconv.FormatInt(id, 10) + rest
}

func mustRound(t *testing.T, app *testApp, slug string) portal.Round {
	t.Helper()
	r, err := app.Store.RoundBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	r, err = app.Store.RoundByID(context.Background(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func validRoundForm() url.Values {
	return url.Values{"name": {"Modellkonceptet 2027–2028"}, "slug": {"2027-2028"}, "start_year": {"2027"},
		"end_year": {"2028"}, "status": {"planned"}, "tracks": {"municipal", "regional"}, "description": {"Ny omgång"},
		"reminder_days": {"7"}}
}

func with(v url.Values, key string, values ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = vs
	}
	if len(values) == 0 {
		delete(out, key)
	} else {
		out[key] = values
	}
	return out
}

// TestRoundFormValidation posts bad round forms: each gets its message next
// to the field, the typed input is kept, and nothing is stored.
func TestRoundFormValidation(t *testing.T) {
	app, c := staffClient(t)
	cases := []struct {
		name    string
		form    url.Values
		field   string
		message string
		kept    string
	}{
		{"no name", with(validRoundForm(), "name", "  "), "name", "Ange ett namn.", `value="2027-2028"`},
		{"bad slug", with(validRoundForm(), "slug", "2027 2028!"), "slug", "Kortadressen får bara innehålla", `value="2027 2028!"`},
		{"taken slug", with(validRoundForm(), "slug", "2019"), "slug", "Det finns redan en omgång med den kortadressen", `value="Modellkonceptet 2027–2028"`},
		{"year not a number", with(validRoundForm(), "start_year", "tjugo"), "start_year", "Ange ett startår mellan 2016 och 2100.", `value="tjugo"`},
		{"end before start", with(validRoundForm(), "end_year", "2020"), "end_year", "Slutåret kan inte vara före startåret.", `value="2020"`},
		{"no track", with(validRoundForm(), "tracks"), "tracks", "Välj minst ett spår.", ">Ny omgång</textarea>"},
		{"unknown status", with(validRoundForm(), "status", "paused"), "status", "Välj en status.", `value="2027"`},
		{"invalid UTF-8 and NUL", with(validRoundForm(), "name", "\xff\x00"), "name", "Ange ett namn.", `value="2027-2028"`},
		{"reminder not a number", with(validRoundForm(), "reminder_days", "en vecka"), "reminder_days", "Ange ett antal dagar från 0 till 60", `value="en vecka"`},
		{"reminder too far", with(validRoundForm(), "reminder_days", "90"), "reminder_days", "Ange ett antal dagar från 0 till 60", `value="90"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.post("/personal/omgangar/ny", tc.form)
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.Status)
			}
			if !strings.Contains(res.Body, `id="`+tc.field+`-error"`) || !strings.Contains(textOf(res.Body), tc.message) {
				t.Errorf("no message %q beside field %s", tc.message, tc.field)
			}
			if !strings.Contains(res.Body, `class="error-summary"`) {
				t.Error("no error summary")
			}
			if !strings.Contains(res.Body, tc.kept) {
				t.Errorf("input %q not kept", tc.kept)
			}
		})
	}
	var n int
	if err := app.Store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM rounds`).Scan(&n); err != nil || n != 6 {
		t.Errorf("%d rounds after bad forms, want the record's 6", n)
	}
	res := c.post("/personal/omgangar/ny", with(validRoundForm(), "reminder_days", "3"))
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/personal/omgangar/") {
		t.Fatalf("valid form: %d %s", res.Status, res.Location)
	}
	if r := mustRound(t, app, "2027-2028"); r.ReminderDays != 3 {
		t.Errorf("reminder days stored %d, want 3", r.ReminderDays)
	}
	dash := c.get(res.Location)
	if !strings.Contains(textOf(dash.Body), "Omgången Modellkonceptet 2027–2028 är skapad.") {
		t.Errorf("dashboard after create: %s", textOf(dash.Body))
	}
}

// TestRoundEditConflict: two project leaders edit the same round; the
// second sees a conflict naming the other change, and nothing is lost.
func TestRoundEditConflict(t *testing.T) {
	app, first := staffClient(t)
	app.addUser(t, portal.UserProjectLeader, "andra@skr.example")
	second := app.client(t)
	second.login("andra@skr.example", testPassword)
	round := mustRound(t, app, "2019")
	form := roundFormValues(round)
	values := url.Values{"version": {strconv.Itoa(form.Version)}, "name": {form.Name}, "slug": {form.Slug}, "start_year": {form.StartYear},
		"end_year": {form.EndYear}, "status": {form.Status}, "tracks": form.Tracks,
		"reminder_days": {form.ReminderDays}}

	res := first.post(roundPath(round.ID, "/redigera"), with(values, "description", "Förstas text"))
	if res.Status != http.StatusSeeOther {
		t.Fatalf("first save: %d %s", res.Status, textOf(res.Body))
	}
	res = second.post(roundPath(round.ID, "/redigera"), with(values, "description", "Andras text"))
	if res.Status != http.StatusConflict {
		t.Fatalf("second save: %d, want 409", res.Status)
	}
	text := textOf(res.Body)
	for _, want := range []string{"Någon annan har ändrat uppgifterna", "Beskrivning Förstas text Andras text"} {
		if !strings.Contains(text, want) {
			t.Errorf("conflict page lacks %q: %s", want, text)
		}
	}
	if !strings.Contains(res.Body, ">Andras text</textarea>") {
		t.Error("the second editor's text is not kept in the form")
	}
	if r, _ := app.Store.RoundByID(context.Background(), round.ID); r.Description != "Förstas text" {
		t.Errorf("stored description %q, want the first save's", r.Description)
	}
	// Saving again from the conflict page (which carries the new version)
	// is a knowing overwrite.
	res = second.post(roundPath(round.ID, "/redigera"), with(with(values, "description", "Andras text"), "version", strconv.Itoa(round.Version+1)))
	if res.Status != http.StatusSeeOther {
		t.Fatalf("save after conflict: %d", res.Status)
	}
}

// TestParticipantsGroupsMentors exercises the rules of admission, groups
// and mentors through the staff pages.
func TestParticipantsGroupsMentors(t *testing.T) {
	app, c := staffClient(t)
	res := c.post("/personal/omgangar/ny", validRoundForm())
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create round: %d", res.Status)
	}
	r, _ := app.Store.RoundBySlug(context.Background(), "2027-2028")

	admit := func(slug, role, track string) response {
		return c.post(roundPath(r.ID, "/deltagare"), url.Values{"organisation": {strconv.FormatInt(app.orgID(t, slug), 10)},
			"role": {role}, "track": {track}})
	}
	for _, slug := range []string{"kiruna", "gällivare", "pajala"} {
		if res := admit(slug, "participant", "municipal"); res.Status != http.StatusSeeOther {
			t.Fatalf("admit %s: %d %s", slug, res.Status, textOf(res.Body))
		}
	}
	page := c.get(roundPath(r.ID, "/deltagare"))
	if !strings.Contains(textOf(page.Body), "Observera: det politiska beslutet om jämställdhetsintegrering saknas ännu.") {
		t.Error("admission without decision gives no warning")
	}
	cases := []struct {
		name, slug, role, track, field, message string
	}{
		{"twice", "kiruna", "participant", "municipal", "organisation", "Kiruna är redan antagen som deltagare i omgången."},
		{"no organisation", "", "participant", "municipal", "organisation", "Välj vilken organisation som ska antas."},
		{"unknown role", "luleå", "observer", "municipal", "role", "Välj roll."},
		{"track outside round", "luleå", "participant", "county", "track", "Välj ett av omgångens spår."},
	}
	for _, tc := range cases {
		t.Run("admit "+tc.name, func(t *testing.T) {
			form := url.Values{"role": {tc.role}, "track": {tc.track}}
			if tc.slug != "" {
				form.Set("organisation", strconv.FormatInt(app.orgID(t, tc.slug), 10))
			}
			res := c.post(roundPath(r.ID, "/deltagare"), form)
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="`+tc.field+`-error"`) ||
				!strings.Contains(textOf(res.Body), tc.message) {
				t.Errorf("status %d, want 422 with %q at %s", res.Status, tc.message, tc.field)
			}
		})
	}
	if res := c.post(roundPath(r.ID, "/deltagare"), url.Values{"organisation": {"1"}, "role": {"participant"}, "track": {"municipal"},
		"decision_on": {"2027-13-45"}}); !strings.Contains(textOf(res.Body), "Beslutsdatumet ska vara ett datum i formen ÅÅÅÅ-MM-DD") {
		t.Error("bad decision date not reported")
	}

	ov, _ := app.Store.RoundOverview(context.Background(), r)
	pid := map[string]string{}
	for _, p := range ov.Participations {
		pid[p.Organisation.Name] = strconv.FormatInt(p.ID, 10)
	}
	res = c.post(roundPath(r.ID, "/grupper/ny"), url.Values{"label": {"Kiruna och Gällivare"}, "track": {"municipal"},
		"members": {pid["Kiruna"], pid["Gällivare"]}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create group: %d %s", res.Status, textOf(res.Body))
	}
	groupPath := res.Location
	res = c.post(roundPath(r.ID, "/grupper/ny"), url.Values{"label": {"Gällivare och Pajala"}, "track": {"municipal"},
		"members": {pid["Gällivare"], pid["Pajala"]}})
	if res.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(textOf(res.Body), "Gällivare är redan med i gruppen Kiruna och Gällivare. En organisation kan bara vara med i en grupp per omgång.") {
		t.Errorf("organisation in two groups: %d %s", res.Status, textOf(res.Body))
	}
	res = c.post(roundPath(r.ID, "/grupper/ny"), url.Values{"label": {"Pajala"}, "track": {"municipal"}, "members": {pid["Pajala"]}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("one-member group: %d", res.Status)
	}
	if page := c.get(res.Location); !strings.Contains(textOf(page.Body), "Gruppen har 1 deltagare. En jämförelsegrupp brukar ha två eller tre.") {
		t.Error("a one-member group is not flagged")
	}
	if dash := c.get(roundPath(r.ID, "")); !strings.Contains(textOf(dash.Body), "Pajala har 1 deltagare") {
		t.Error("dashboard does not flag the one-member group")
	}

	mentor := func(slug, kind, reason string) response {
		return c.post(groupPath+"/mentorer", url.Values{"mentor_organisation": {strconv.FormatInt(app.orgID(t, slug), 10)},
			"mentor_kind": {kind}, "override_reason": {reason}})
	}
	if res := mentor("stockholm", "primary", ""); res.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(textOf(res.Body), "Stockholm har inte deltagit i någon tidigare omgång.") ||
		!strings.Contains(res.Body, `id="override_reason-error"`) {
		t.Errorf("mentor without earlier round: %d", res.Status)
	}
	if res := mentor("kiruna", "primary", "x"); !strings.Contains(textOf(res.Body), "Kiruna är deltagare i gruppen och kan inte också vara dess mentor.") {
		t.Error("member as own mentor not refused")
	}
	if res := mentor("hedemora", "primary", ""); res.Status != http.StatusSeeOther {
		t.Fatalf("Hedemora as mentor: %d %s", res.Status, textOf(res.Body))
	}
	if res := mentor("stockholm", "supporting", "Lång erfarenhet av jämställdhetsintegrering"); res.Status != http.StatusSeeOther {
		t.Fatalf("Stockholm with override: %d", res.Status)
	}
	if res := mentor("hedemora", "supporting", ""); !strings.Contains(textOf(res.Body), "Hedemora är redan mentor för gruppen.") {
		t.Error("duplicate mentor not refused")
	}
	// A new round is a draft until published; then the public sees it.
	if res := c.get("/omgangar/2027-2028"); res.Status != http.StatusNotFound {
		t.Errorf("draft's public page: %d, want 404", res.Status)
	}
	if res := c.post(roundPath(mustRound(t, app, "2027-2028").ID, "/publicera"), url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.Status)
	}
	pub := c.get("/omgangar/2027-2028")
	if !strings.Contains(textOf(pub.Body), "Mentor: Hedemora med stöd av Stockholm") {
		t.Errorf("public round page: %s", textOf(pub.Body))
	}
	g, _ := app.Store.GroupByID(context.Background(), mustID(t, groupPath))
	if len(g.Mentors) != 2 || g.Mentors[1].OverrideReason != "Lång erfarenhet av jämställdhetsintegrering" {
		t.Errorf("override reason not recorded: %+v", g.Mentors)
	}
}

func mustID(t *testing.T, path string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(path[strings.LastIndex(path, "/")+1:], 10, 64)
	if err != nil {
		t.Fatalf("no id at the end of %s", path)
	}
	return id
}

// TestWithdrawAndMeeting records a withdrawal (validated) and a learning
// meeting with attendance.
func TestWithdrawAndMeeting(t *testing.T) {
	app, c := staffClient(t)
	r := mustRound(t, app, "2019")
	ov, _ := app.Store.RoundOverview(context.Background(), r)
	var fagersta portal.Participation
	for _, p := range ov.Participations {
		if p.Organisation.Name == "Fagersta" {
			fagersta = p
		}
	}
	path := roundPath(r.ID, "/deltagare/"+strconv.FormatInt(fagersta.ID, 10))
	base := url.Values{"version": {strconv.Itoa(fagersta.Version)}}
	cases := []struct {
		name    string
		form    url.Values
		field   string
		message string
	}{
		{"no date", with(with(base, "withdrawn", "yes"), "withdrawal_reason", "Resursbrist"), "withdrawn_on", "Ange när deltagandet avbröts."},
		{"no reason", with(with(base, "withdrawn", "yes"), "withdrawn_on", "2019-05-01"), "withdrawal_reason", "Ange varför deltagandet avbröts."},
		{"not ticked", with(base, "withdrawn_on", "2019-05-01"), "withdrawn", "Kryssa i att deltagandet är avbrutet"},
		{"bad date", with(with(with(base, "withdrawn", "yes"), "withdrawn_on", "1 maj"), "withdrawal_reason", "x"), "withdrawn_on", "Datumet ska vara ett datum"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.post(path, tc.form)
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="`+tc.field+`-error"`) ||
				!strings.Contains(textOf(res.Body), tc.message) {
				t.Errorf("status %d, want 422 with %q at %s", res.Status, tc.message, tc.field)
			}
		})
	}
	res := c.post(path, with(with(with(base, "withdrawn", "yes"), "withdrawn_on", "2019-05-01"), "withdrawal_reason", "Resursbrist"))
	if res.Status != http.StatusSeeOther {
		t.Fatalf("withdraw: %d %s", res.Status, textOf(res.Body))
	}
	if pub := c.get("/omgangar/2019"); !strings.Contains(textOf(pub.Body), "avbröt 1 maj 2019 Resursbrist") {
		t.Error("public page does not show Fagersta as withdrawn")
	}

	// A meeting: bad input first, then a valid one with attendance.
	if res := c.post(roundPath(r.ID, "/traffar/ny"), url.Values{"held_on": {"imorgon"}, "place": {""}}); res.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `id="held_on-error"`) || !strings.Contains(res.Body, `id="place-error"`) {
		t.Errorf("bad meeting: %d", res.Status)
	}
	res = c.post(roundPath(r.ID, "/traffar/ny"), url.Values{"kind": {"benchmarking-1"}, "held_on": {"2019-09-10"}, "place": {"Fagersta stadshus"},
		"host": {strconv.FormatInt(app.orgID(t, "fagersta"), 10)}, "agenda": {"Jämförelse av arbetssätt"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("meeting: %d %s", res.Status, textOf(res.Body))
	}
	d, err := app.Store.SaveDelegate(context.Background(), store.System("test"), portal.Delegate{ParticipationID: fagersta.ID,
		Level: portal.LevelStrategist, Name: "Stina Strateg"})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := app.Store.MeetingByID(context.Background(), mustID(t, res.Location))
	res = c.post(res.Location, url.Values{"version": {strconv.Itoa(m.Version)}, "kind": {"benchmarking-1"}, "held_on": {"2019-09-10"}, "place": {"Fagersta stadshus"},
		"attendees": {strconv.FormatInt(d.ID, 10)}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("attendance: %d %s", res.Status, textOf(res.Body))
	}
	if m, _ := app.Store.MeetingByID(context.Background(), m.ID); len(m.Attendees) != 1 || m.Attendees[0] != d.ID {
		t.Errorf("attendance %v", m.Attendees)
	}
	if dash := c.get(roundPath(r.ID, "")); !strings.Contains(textOf(dash.Body), "2019: 3 av 5 2 kvar att planera") {
		t.Error("dashboard does not count the meetings against the norm of five a year")
	}
	if pub := c.get("/omgangar/2019"); !strings.Contains(textOf(pub.Body), "10 september 2019 – Jämförelseträff 1 – Fagersta stadshus") {
		t.Errorf("public page lacks the meeting: %s", textOf(pub.Body))
	}
}

// TestGroupAndMeetingRules covers the remaining validation rules of groups
// and meetings, and the conflict screen of a group.
func TestGroupAndMeetingRules(t *testing.T) {
	app, c := staffClient(t)
	r := mustRound(t, app, "2019")
	ov, _ := app.Store.RoundOverview(context.Background(), r)
	pid := map[string]string{}
	var group portal.BenchmarkingGroup
	for _, p := range ov.Participations {
		pid[p.Organisation.Name] = strconv.FormatInt(p.ID, 10)
	}
	for _, g := range ov.Groups {
		if g.Label == "Botkyrka och Västerås" {
			group, _ = app.Store.GroupByID(context.Background(), g.ID)
		}
	}
	cases := []struct {
		name, path string
		form       url.Values
		field, msg string
	}{
		{"group without name", "/grupper/ny", url.Values{"label": {""}, "track": {"municipal"}, "members": {pid["Region Gotland"]}}, "label", "Ange ett namn på gruppen."},
		{"group without members", "/grupper/ny", url.Values{"label": {"Tom"}, "track": {"municipal"}}, "members", "Välj gruppens deltagare"},
		{"group name taken", "/grupper/ny", url.Values{"label": {"Södertälje och Kalmar"}, "track": {"municipal"}, "members": {pid["Botkyrka"]}}, "label", "Det finns redan en grupp med det namnet i omgången."},
		{"member in another group", "/grupper/ny", url.Values{"label": {"Ny"}, "track": {"municipal"}, "members": {pid["Botkyrka"]}}, "members", "Botkyrka är redan med i gruppen Botkyrka och Västerås."},
		{"mentor as member", "/grupper/ny", url.Values{"label": {"Blandad"}, "track": {"municipal"}, "members": {pid["Hedemora"]}}, "members", "Hedemora är inte deltagare i gruppens spår i den här omgången."},
		{"track outside round", "/grupper/ny", url.Values{"label": {"X"}, "track": {"county"}, "members": {pid["Botkyrka"]}}, "track", "Välj ett av omgångens spår."},
		{"meeting host from elsewhere", "/traffar/ny", url.Values{"held_on": {"2019-10-01"}, "place": {"Stockholm"}, "host": {strconv.FormatInt(app.orgID(t, "stockholm"), 10)}}, "host", "Välj värd bland omgångens organisationer."},
		{"meeting over-long place", "/traffar/ny", url.Values{"held_on": {"2019-10-01"}, "place": {strings.Repeat("x", 250)}}, "place", "Platsen får vara högst 200 tecken."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.post(roundPath(r.ID, tc.path), tc.form)
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="`+tc.field+`-error"`) ||
				!strings.Contains(textOf(res.Body), tc.msg) {
				t.Errorf("status %d, want 422 with %q at %s", res.Status, tc.msg, tc.field)
			}
		})
	}
	if ov2, _ := app.Store.RoundOverview(context.Background(), r); len(ov2.Groups) != len(ov.Groups) {
		t.Errorf("refused groups were stored: %d groups, want %d", len(ov2.Groups), len(ov.Groups))
	}

	// Two staff edit the group at once.
	gpath := roundPath(r.ID, "/grupper/"+strconv.FormatInt(group.ID, 10))
	form := url.Values{"version": {strconv.Itoa(group.Version)}, "label": {group.Label}, "members": {pid["Botkyrka"], pid["Västerås"]}}
	if res := c.post(gpath, with(form, "focus_area", "Skola")); res.Status != http.StatusSeeOther {
		t.Fatalf("first group edit: %d %s", res.Status, textOf(res.Body))
	}
	// The second also leaves Västerås out: the notice names the members.
	res := c.post(gpath, with(with(form, "focus_area", "Kultur"), "members", pid["Botkyrka"]))
	if res.Status != http.StatusConflict || !strings.Contains(textOf(res.Body), "Fokusområde Skola Kultur") ||
		!strings.Contains(textOf(res.Body), "Deltagare Botkyrka, Västerås Botkyrka") {
		t.Errorf("second group edit: %d %s", res.Status, textOf(res.Body))
	}
	if g, _ := app.Store.GroupByID(context.Background(), group.ID); g.FocusArea != "Skola" || len(g.Members) != 2 {
		t.Errorf("group after conflict: %+v", g)
	}
}
