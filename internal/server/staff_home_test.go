package server

import (
	"net/http"
	"strings"
	"testing"

	"modellportalen/internal/portal"
)

// TestStaffLandsOnRoundsNeedingAttention: a project leader's start page
// lists the rounds under way with what needs attention in each, and a new
// empty round's page is a task list that does not say all is done.
func TestStaffLandsOnRoundsNeedingAttention(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	c := app.client(t)
	c.login("ledare@skr.example", testPassword)
	if res := c.post("/personal/omgangar/ny", validRoundForm()); res.Status != http.StatusSeeOther {
		t.Fatalf("create round: %d %s", res.Status, textOf(res.Body))
	}
	round := mustRound(t, app, "2027-2028")

	home := c.get("/personal")
	text := textOf(home.Body)
	for _, want := range []string{"Pågående och kommande omgångar", "Modellkonceptet 2027–2028", "Utkast"} {
		if !strings.Contains(text, want) {
			t.Errorf("start page lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Pilotomgången 2015–2016") {
		t.Error("start page lists a completed round")
	}

	page := textOf(c.get(roundPath(round.ID, "")).Body)
	if strings.Contains(page, "Inget att åtgärda") {
		t.Error("a new empty round says there is nothing to do")
	}
	for _, want := range []string{"Att göra i omgången", "Anta deltagare", "Inte påbörjad", "Publicera omgången"} {
		if !strings.Contains(page, want) {
			t.Errorf("round page lacks %q", want)
		}
	}
}
