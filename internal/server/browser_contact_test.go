package server

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
)

// TestBrowserContactKeepsDelegationAndWork: Fagersta's contact completes the
// delegation, adds an improvement work and moves it through every status;
// the staff dashboard then shows the delegation complete, and Botkyrka's
// contact can neither see nor change any of it. Every contact page on the
// way is audited with axe-core.
func TestBrowserContactKeepsDelegationAndWork(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserContact, "kontakt@fagersta.example", "fagersta")
	app.addUser(t, portal.UserContact, "kontakt@botkyrka.example", "botkyrka")
	app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	fagersta := strconv.FormatInt(app.orgID(t, "fagersta"), 10)
	orgPage := app.URL + "/mina-sidor/organisationer/" + fagersta

	b := browsertest.New(t)
	if status := browserLogin(t, b, app, "kontakt@fagersta.example", testPassword); status != http.StatusOK {
		t.Fatalf("login: %d", status)
	}
	// With one organisation, Mina sidor is its page.
	b.Visit(t, app.URL+"/mina-sidor")
	if got := b.URL(t); got != orgPage {
		t.Errorf("/mina-sidor led to %s, want %s", got, orgPage)
	}
	if got := b.Text(t, "h1"); got != "Fagersta" {
		t.Fatalf("h1 %q", got)
	}
	if main := b.Text(t, "main"); !strings.Contains(main, "Askersund och Fagersta") || !strings.Contains(main, "Mentor: Hedemora") {
		t.Errorf("organisation page lacks group and mentor:\n%s", main)
	}
	b.Axe(t)

	delegates := []struct{ level, name, title, party, email, phone string }{
		{"politician", "Petra Politiker", "Kommunstyrelsens ordförande", "Centerpartiet", "petra@fagersta.example", "0223-123 45"},
		{"manager", "Max Chef", "Kommundirektör", "", "max@fagersta.example", "0223-123 46"},
		{"strategist", "Stina Strateg", "Jämställdhetsstrateg", "", "stina@fagersta.example", "+46 223 123 47"},
	}
	for i, d := range delegates {
		b.Visit(t, orgPage)
		b.Follow(t, `main a[href$="/delegater/ny"]`)
		if i == 0 {
			// A mistake first: the message stands beside the field and
			// what was typed is kept.
			b.Fill(t, "#name", d.name)
			b.Fill(t, "#email", "petra@")
			b.Submit(t, "main form")
			if got := b.Text(t, "#party-error"); !strings.Contains(got, "Ange partiet.") {
				t.Errorf("party error %q", got)
			}
			if got := b.Text(t, "#email-error"); !strings.Contains(got, "Ange en e-postadress") {
				t.Errorf("email error %q", got)
			}
			if v := b.Attr(t, "#name", "value"); v != d.name {
				t.Errorf("name kept as %q", v)
			}
			b.Axe(t)
		}
		// The level still missing is chosen already.
		if got := b.Attr(t, `input[name=level]:checked`, "value"); got != d.level {
			t.Errorf("new delegate form %d: level %q chosen, want %q", i, got, d.level)
		}
		b.Click(t, `input[name=level][value=`+d.level+`]`)
		b.Fill(t, "#name", d.name)
		b.Fill(t, "#title", d.title)
		b.Fill(t, "#party", d.party)
		b.Fill(t, "#email", d.email)
		b.Fill(t, "#phone", d.phone)
		b.Submit(t, "main form")
		if got := b.Text(t, ".flash"); !strings.Contains(got, d.name+" är sparad i delegationen.") {
			t.Fatalf("save %s: %q\n%s", d.name, got, b.Text(t, "main"))
		}
	}
	if main := b.Text(t, "main"); !strings.Contains(main, "Delegationen är komplett") {
		t.Errorf("delegation not shown complete:\n%s", main)
	}

	b.Follow(t, `main a[href$="/forbattringsarbeten/ny"]`)
	b.Axe(t)
	b.Fill(t, "#title", "Jämställd biståndsbedömning")
	b.Fill(t, "#area", "Äldreomsorg")
	b.Fill(t, "#started_on", "2019-03-01")
	b.Submit(t, "main form")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "Jämställd biståndsbedömning är sparat (Planerat).") {
		t.Fatalf("new work: %q", got)
	}
	for _, status := range []string{"in_progress", "implemented", "spread", "followed_up"} {
		b.Follow(t, `main a[href*="/forbattringsarbeten/"]:not([href$="/ny"])`)
		b.Select(t, "#status", status)
		if status == "followed_up" {
			b.Fill(t, "#follow_up_on", "2019-12-10")
			b.Fill(t, "#follow_up", "Handläggningen bedömer nu kvinnors och mäns behov lika.")
		}
		b.Submit(t, "#work-form")
		if got := b.Text(t, ".flash"); !strings.Contains(got, "är sparat") {
			t.Fatalf("to %s: %q", status, got)
		}
	}
	b.Follow(t, `main a[href*="/forbattringsarbeten/"]:not([href$="/ny"])`)
	history := b.Text(t, "ol.history")
	for _, want := range []string{"Planerat", "Planerat → Pågår", "Pågår → Genomfört", "Genomfört → Spritt", "Spritt → Uppföljt"} {
		if !strings.Contains(history, want) {
			t.Errorf("status history lacks %q:\n%s", want, history)
		}
	}
	b.Axe(t)
	b.Visit(t, orgPage)
	b.Follow(t, `main a[href*="/delegater/"]:not([href$="/ny"])`)
	b.Axe(t)

	// Staff see the delegation complete on the round's dashboard.
	staff := b.NewTab(t)
	browserLogin(t, staff, app, "ledare@skr.example", testPassword)
	round := mustRound(t, app, "2019")
	staff.Visit(t, app.URL+roundPath(round.ID, ""))
	row := staff.Text(t, `main table.dashboard tr:has(a[href$="/deltagare/`+strconv.FormatInt(participationID(t, app, "2019", "fagersta"), 10)+`"])`)
	if !strings.Contains(row, "komplett") || !strings.Contains(row, "Uppföljt: 1") {
		t.Errorf("dashboard row for Fagersta: %q", row)
	}

	// Botkyrka's contact sees none of it and changes nothing.
	other := b.NewTab(t)
	browserLogin(t, other, app, "kontakt@botkyrka.example", testPassword)
	for _, path := range []string{orgPage, orgPage + "/delegater/1"} {
		if status := other.Visit(t, path); status != http.StatusForbidden {
			t.Errorf("%s: status %d for Botkyrka's contact, want 403", path, status)
		}
		if main := other.Text(t, "main"); strings.Contains(main, "Petra") || strings.Contains(main, "biståndsbedömning") {
			t.Errorf("%s shows Fagersta's data to Botkyrka", path)
		}
	}
	other.Visit(t, app.URL+"/mina-sidor")
	if main := other.Text(t, "main"); strings.Contains(main, "Fagersta") {
		t.Errorf("Botkyrka's contact page mentions Fagersta:\n%s", main)
	}
}
