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

// leadRound makes the user a project leader of the round with the slug.
func (a *testApp) leadRound(t *testing.T, u portal.User, slug string) {
	t.Helper()
	if _, err := a.Store.Pool.Exec(context.Background(), `
		INSERT INTO round_leaders (round_id, user_id) SELECT id, $2 FROM rounds WHERE slug = $1`, slug, u.ID); err != nil {
		t.Fatal(err)
	}
}

// TestProjectLeaderInvitesContacts: a project leader invites contact
// persons for the organisations of the rounds they lead, and only those;
// the invitation mail waits in the outbox and the account acts for the
// organisation chosen.
func TestProjectLeaderInvitesContacts(t *testing.T) {
	app := newTestApp(t)
	leader := app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	app.leadRound(t, leader, "2019")
	app.addUser(t, portal.UserContact, "finns@askersund.example", "askersund")
	c := app.client(t)
	c.login(leader.Email, testPassword)
	askersund, kiruna := app.orgID(t, "askersund"), app.orgID(t, "kiruna")
	var kirunaIn2019 bool
	if err := app.Store.Pool.QueryRow(context.Background(), `
		SELECT EXISTS (SELECT 1 FROM participations p JOIN rounds r ON r.id = p.round_id
		               WHERE r.slug = '2019' AND p.organisation_id = $1)`, kiruna).Scan(&kirunaIn2019); err != nil || kirunaIn2019 {
		t.Fatalf("Kiruna must be outside the 2019 round for this test (%v)", err)
	}

	page := c.get("/personal/kontaktpersoner")
	if page.Status != http.StatusOK {
		t.Fatalf("page: %d", page.Status)
	}
	if !strings.Contains(page.Body, `value="`+strconv.FormatInt(askersund, 10)+`"`) ||
		strings.Contains(page.Body, `value="`+strconv.FormatInt(kiruna, 10)+`"`) {
		t.Error("the form does not offer exactly the organisations of the led round")
	}
	if !strings.Contains(textOf(page.Body), "finns@askersund.example") {
		t.Error("the page does not list the round's existing contact")
	}

	form := func(name, email string, org int64) url.Values {
		return url.Values{"name": {name}, "email": {email}, "organisation": {strconv.FormatInt(org, 10)}}
	}
	cases := []struct {
		name         string
		form         url.Values
		field, error string
	}{
		{"organisation outside the led rounds", form("Kim Kiruna", "kim@kiruna.example", kiruna), "organisation",
			"Välj en organisation som deltar i en omgång du leder."},
		{"no organisation", form("Kim", "kim@example.se", 0), "organisation", "Välj en organisation som deltar i en omgång du leder."},
		{"no name", form("", "kim@example.se", askersund), "name", "Ange kontaktpersonens namn."},
		{"bad address", form("Kim", "kim@", askersund), "email", "Ange en e-postadress som namn@exempel.se."},
		{"address taken", form("Kim", "finns@askersund.example", askersund), "email", "Det finns redan ett konto med den e-postadressen."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.post("/personal/kontaktpersoner", tc.form)
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="`+tc.field+`-error"`) ||
				!strings.Contains(textOf(res.Body), tc.error) {
				t.Errorf("status %d, want 422 with %q at %s", res.Status, tc.error, tc.field)
			}
			if tc.form.Get("name") != "" && !strings.Contains(res.Body, `value="`+tc.form.Get("name")+`"`) {
				t.Error("the form lost what was typed")
			}
		})
	}
	if _, err := app.Store.UserByEmail(context.Background(), "kim@kiruna.example"); err == nil {
		t.Error("an account was made for an organisation outside the led rounds")
	}

	res := c.post("/personal/kontaktpersoner", form("Alva Askersund", "alva@askersund.example", askersund))
	if res.Status != http.StatusSeeOther || res.Location != "/personal/kontaktpersoner" {
		t.Fatalf("invite: %d to %q %s", res.Status, res.Location, textOf(res.Body))
	}
	if got := textOf(c.get(res.Location).Body); !strings.Contains(got, "En inbjudan har skickats till alva@askersund.example.") {
		t.Errorf("after inviting: %s", got)
	}
	u, err := app.Store.UserByEmail(context.Background(), "alva@askersund.example")
	if err != nil {
		t.Fatal(err)
	}
	u, _ = app.Store.UserByID(context.Background(), u.ID)
	if u.Role != portal.UserContact || !u.ActsFor(askersund) || len(u.Organisations) != 1 {
		t.Errorf("invited account %+v, want a contact for Askersund alone", u)
	}
	var mails int
	if err := app.Store.Pool.QueryRow(context.Background(), `
		SELECT count(*) FROM outbox WHERE to_address = 'alva@askersund.example' AND body LIKE '%/inbjudan/%'`).Scan(&mails); err != nil || mails != 1 {
		t.Errorf("%d invitation mails in the outbox (%v), want 1", mails, err)
	}
	h, err := app.Store.History(context.Background(), "users", u.ID)
	if err != nil || len(h) == 0 {
		t.Errorf("the invitation is not audited: %v", err)
	}

	// A new invitation for one who has not chosen a password yet; none for
	// one who has, and none for a contact outside the leader's rounds.
	kim := app.addUser(t, portal.UserContact, "kim@kiruna.example", "kiruna")
	finns, _ := app.Store.UserByEmail(context.Background(), "finns@askersund.example")
	for _, tc := range []struct {
		name   string
		id     int64
		status int
		flash  string
	}{
		{"invited, no password yet", u.ID, http.StatusSeeOther, "En ny inbjudan har skickats till alva@askersund.example."},
		{"has a password", finns.ID, http.StatusSeeOther, "har redan ett lösenord"},
		{"outside the led rounds", kim.ID, http.StatusNotFound, ""},
	} {
		res := c.post("/personal/kontaktpersoner/"+strconv.FormatInt(tc.id, 10)+"/inbjudan", nil)
		if res.Status != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, res.Status, tc.status)
			continue
		}
		if tc.flash != "" {
			if got := textOf(c.get(res.Location).Body); !strings.Contains(got, tc.flash) {
				t.Errorf("%s: page lacks %q", tc.name, tc.flash)
			}
		}
	}
	if err := app.Store.Pool.QueryRow(context.Background(), `
		SELECT count(*) FROM outbox WHERE to_address = 'alva@askersund.example'`).Scan(&mails); err != nil || mails != 2 {
		t.Errorf("%d mails to Alva after a new invitation, want 2", mails)
	}
	var others int
	_ = app.Store.Pool.QueryRow(context.Background(), `
		SELECT count(*) FROM outbox WHERE to_address IN ('finns@askersund.example', 'kim@kiruna.example')`).Scan(&others)
	if others != 0 {
		t.Errorf("%d invitations to those who should get none", others)
	}

	// Staff accounts stay with the admins.
	if res := c.get("/personal/anvandare"); res.Status != http.StatusForbidden {
		t.Errorf("project leader on the user administration: %d", res.Status)
	}
	// A project leader who leads no round has no one to invite.
	other := app.addUser(t, portal.UserProjectLeader, "annan@skr.example")
	oc := app.client(t)
	oc.login(other.Email, testPassword)
	if got := textOf(oc.get("/personal/kontaktpersoner").Body); !strings.Contains(got, "Du leder ingen omgång med deltagare ännu.") {
		t.Errorf("leader of no round: %s", got)
	}
	if res := oc.post("/personal/kontaktpersoner", form("Alma", "alma@askersund.example", askersund)); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("leader of no round invites for Askersund: %d", res.Status)
	}
}
