package server

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// taskStatuses reads the round page's task list as a person sees it.
func taskStatuses(t *testing.T, b *browsertest.Browser) []string {
	t.Helper()
	return browsertest.Eval[[]string](t, b,
		`[...document.querySelectorAll("main .task-list .task-status")].map(e => e.innerText.trim())`)
}

// TestBrowserProjectLeaderLandsAndInvites is a project leader's start:
// after the password and the second factor they land on the rounds that
// need attention; a new empty round's task list says what is not started
// and follows the data as it is filled in; and they invite a contact person
// for an organisation of a round they lead, and are refused one outside
// their rounds. Every page is audited with axe-core and photographed at a
// phone's and a laptop's width.
func TestBrowserProjectLeaderLandsAndInvites(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	leader := app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	app.leadRound(t, leader, "2019")
	round, err := app.Store.CreateRound(ctx, store.System("test"), portal.Round{Slug: "2027-2028",
		Name: "Modellkonceptet 2027–2028", StartYear: 2027, EndYear: 2028, Status: portal.StatusPlanned,
		Tracks: []portal.Track{portal.TrackMunicipal}, LeaderIDs: []int64{leader.ID}})
	if err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	b.Visit(t, app.URL+"/logga-in")
	if got := b.Text(t, "main"); !strings.Contains(got, "får en inbjudan av projektledaren för sin omgång") {
		t.Errorf("the sign-in page does not say who invites contacts:\n%s", got)
	}
	if status := browserLogin(t, b, app, leader.Email, testPassword); status != 200 {
		t.Fatalf("login: %d", status)
	}

	// Landing: the rounds under way, with what needs attention.
	if u := b.URL(t); !strings.HasSuffix(u, "/personal") {
		t.Errorf("after the second factor the project leader is at %s, want /personal", u)
	}
	landing := b.Text(t, "main")
	for _, want := range []string{"Pågående och kommande omgångar", "Modellkonceptet 2027–2028", "Utkast",
		"inga deltagare antagna och inte publicerad", "Kontaktpersoner"} {
		if !strings.Contains(landing, want) {
			t.Errorf("start page lacks %q:\n%s", want, landing)
		}
	}
	if strings.Contains(landing, "Pilotomgången") {
		t.Error("the start page lists a completed round among those under way")
	}
	b.Axe(t)
	shots(t, b, "publish-landing")

	// The new round's task list: nothing done but the round itself begun.
	b.Follow(t, `main a[href="/personal/omgangar/`+strconv.FormatInt(round.ID, 10)+`"]`)
	want := []string{"Pågår", "Inte påbörjad", "Inte påbörjad", "Inte påbörjad", "Inte påbörjad", "Inte påbörjad", "Inte påbörjad"}
	if got := taskStatuses(t, b); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("empty round's tasks %q, want %q", got, want)
	}
	if strings.Contains(b.Text(t, "main"), "Inget att åtgärda") {
		t.Error("an empty round says there is nothing to do")
	}
	b.Axe(t)
	shots(t, b, "publish-tasks-empty")

	// A description, then one admission: set-up done, admitting under way.
	b.Follow(t, `main .task a[href$="/redigera"]`)
	b.Fill(t, "#description", "Den nya omgången.")
	b.Submit(t, "main form")
	b.Visit(t, app.URL+"/personal/omgangar/"+strconv.FormatInt(round.ID, 10)+"/deltagare")
	b.Fill(t, "#q", "Kiruna")
	b.Submit(t, "form.search")
	b.Click(t, "#organisation-0")
	b.Submit(t, "main form[method=post]")
	b.Visit(t, app.URL+"/personal/omgangar/"+strconv.FormatInt(round.ID, 10))
	got := taskStatuses(t, b)
	if len(got) != 7 || got[0] != "Klar" || got[1] != "Pågår" || got[2] != "Inte påbörjad" || got[6] != "Inte påbörjad" {
		t.Errorf("tasks after a description and an admission: %q", got)
	}
	shots(t, b, "publish-tasks-begun")

	// The check page of the draft.
	b.Follow(t, `main .task a[href$="/publicera"]`)
	b.Axe(t)
	shots(t, b, "publish-check")

	// Inviting a contact person for an organisation of the 2019 round.
	b.Visit(t, app.URL+"/personal")
	b.Follow(t, `main a[href="/personal/kontaktpersoner"]`)
	b.Axe(t)
	askersund, kiruna := app.orgID(t, "askersund"), app.orgID(t, "kiruna")
	b.Fill(t, "#name", "Alva Andersson")
	b.Fill(t, "#email", "alva@askersund.example")
	b.Select(t, "#organisation", strconv.FormatInt(askersund, 10))
	b.Submit(t, `main form[action="/personal/kontaktpersoner"]`)
	if got := b.Text(t, ".flash"); !strings.Contains(got, "En inbjudan har skickats till alva@askersund.example.") {
		t.Fatalf("after inviting: %q", got)
	}
	if !strings.Contains(b.Text(t, "main table"), "Alva Andersson") {
		t.Error("the invited contact is not listed")
	}
	shots(t, b, "publish-contacts")

	// Kiruna, admitted above, is offered; a form changed by hand to name
	// an organisation of no round the leader leads is refused beside the
	// field, keeping what was typed.
	var other int64
	if err := app.Store.Pool.QueryRow(ctx, `
		SELECT o.id FROM organisations o WHERE o.kind = 'municipality' AND NOT EXISTS (
			SELECT 1 FROM participations p JOIN round_leaders rl ON rl.round_id = p.round_id
			WHERE rl.user_id = $1 AND p.organisation_id = o.id)
		ORDER BY o.name LIMIT 1`, leader.ID).Scan(&other); err != nil {
		t.Fatal(err)
	}
	if n := b.Count(t, `#organisation option[value="`+strconv.FormatInt(kiruna, 10)+`"]`); n != 1 {
		t.Errorf("Kiruna, admitted to the leader's round, offered %d times", n)
	}
	b.Fill(t, "#name", "Lo Luleå")
	b.Fill(t, "#email", "lo@lulea.example")
	browsertest.Eval[bool](t, b, `(() => { const o = document.querySelector("#organisation option:nth-child(2)");
		o.value = "`+strconv.FormatInt(other, 10)+`"; o.selected = true; return true })()`)
	b.Submit(t, `main form[action="/personal/kontaktpersoner"]`)
	if got := b.Text(t, "#organisation-error"); !strings.Contains(got, "Välj en organisation som deltar i en omgång du leder.") {
		t.Errorf("organisation outside the leader's rounds: %q", got)
	}
	if got := b.Attr(t, "#name", "value"); got != "Lo Luleå" {
		t.Errorf("the form lost the name: %q", got)
	}
	if _, err := app.Store.UserByEmail(ctx, "lo@lulea.example"); err == nil {
		t.Error("an account was made for an organisation outside the leader's rounds")
	}
	b.Axe(t)
	shots(t, b, "publish-contacts-refused")
}
