package server

import (
	"context"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// TestBrowserContactRepliesAndSubstituteCame: a contact answers for a
// delegate who sends a substitute (first forgetting the name), and the
// project leader finds the substitute ticked on the meeting's attendance
// and saves it.
func TestBrowserContactRepliesAndSubstituteCame(t *testing.T) {
	app := newTestApp(t)
	ctx, actor := context.Background(), store.System("test")
	u := newUndoRound(t, app)
	d, err := app.Store.SaveDelegate(ctx, actor, portal.Delegate{ParticipationID: u.kiruna.ID, Level: portal.LevelManager,
		Name: "Anna Berg", Email: "anna@kiruna.example"})
	if err != nil {
		t.Fatal(err)
	}
	app.addUser(t, portal.UserContact, "kontakt@kiruna.example", "kiruna")
	app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	shots := os.Getenv("SCREENSHOTS")
	shoot := func(b *browsertest.Browser, name string) {
		if shots == "" {
			return
		}
		for _, w := range []int{360, 1366} {
			b.Viewport(t, w, 900)
			b.Screenshot(t, shots+"/"+name+"-"+strconv.Itoa(w)+".png")
		}
		b.Viewport(t, 1366, 900)
	}

	b := browsertest.New(t)
	if status := browserLogin(t, b, app, "kontakt@kiruna.example", testPassword); status != http.StatusOK {
		t.Fatalf("login: %d", status)
	}
	b.Visit(t, app.URL+"/mina-sidor/organisationer/"+strconv.FormatInt(u.kiruna.Organisation.ID, 10))
	b.Follow(t, `a[href$="/traffar/`+strconv.FormatInt(u.meeting.ID, 10)+`/svar"]`)
	if got := b.Text(t, "main table"); !strings.Contains(got, "Anna Berg") || !strings.Contains(got, "Inget svar") {
		t.Fatalf("replies: %q", got)
	}
	b.Axe(t)
	shoot(b, "delegation-replies")
	b.Follow(t, `main table a`)
	b.Click(t, `input[name="answer"][value="substitute"]`)
	b.Select(t, "#substitute_level", "manager")
	b.Fill(t, "#substitute_email", "cecilia@kiruna.example")
	if status := b.Submit(t, "main form"); status != http.StatusUnprocessableEntity {
		t.Fatalf("without a name: %d", status)
	}
	if got := b.Text(t, "#substitute_name-error"); !strings.Contains(got, "Skriv namnet på den som kommer") {
		t.Errorf("message %q", got)
	}
	if got := b.Attr(t, "#substitute_email", "value"); got != "cecilia@kiruna.example" {
		t.Errorf("the typed address was lost: %q", got)
	}
	b.Axe(t)
	shoot(b, "delegate-reply-error")
	b.Fill(t, "#substitute_name", "Cecilia Ek")
	if status := b.Submit(t, "main form"); status != http.StatusOK {
		t.Fatalf("save: %d", status)
	}
	if got := b.Text(t, "main table"); !strings.Contains(got, "Skickar Cecilia Ek (Chef)") {
		t.Errorf("after saving: %q", got)
	}

	staff := browsertest.New(t)
	if status := browserLogin(t, staff, app, "ledare@skr.example", testPassword); status != http.StatusOK {
		t.Fatalf("staff login: %d", status)
	}
	staff.Visit(t, app.URL+staffPath(u.round.ID, u.meeting.ID))
	box := `input[name="substitutes"][value="` + strconv.FormatInt(d.ID, 10) + `"]`
	if staff.Count(t, box+":checked") != 1 {
		t.Fatal("the substitute is not ticked on the attendance list")
	}
	staff.Axe(t)
	shoot(staff, "meeting-substitutes")
	if status := staff.Submit(t, "main form"); status != http.StatusOK {
		t.Fatalf("save attendance: %d", status)
	}
	if m, _ := app.Store.MeetingByID(ctx, u.meeting.ID); len(m.Substituted) != 1 || m.Substituted[0] != d.ID {
		t.Errorf("substituted %v", m.Substituted)
	}
}
