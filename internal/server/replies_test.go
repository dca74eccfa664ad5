package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// TestReplyLink answers an invitation through the personal link without
// signing in, and refuses a link for another person, an expired link, a
// reply after the meeting and a substitute without a name.
func TestReplyLink(t *testing.T) {
	app, c := staffClient(t)
	ctx := context.Background()
	round := mustRound(t, app, "2019")
	ov, _ := app.Store.RoundOverview(ctx, round)
	var p portal.Participation
	for _, x := range ov.Participations {
		if !x.Withdrawn {
			p = x
			break
		}
	}
	var delegates []portal.Delegate
	for i, l := range []portal.Level{portal.LevelPolitician, portal.LevelManager} {
		d, err := app.Store.SaveDelegate(ctx, store.System("test"), portal.Delegate{ParticipationID: p.ID, Level: l,
			Name: "Svarande " + strconv.Itoa(i), Email: "svar" + strconv.Itoa(i) + "@svar.example"})
		if err != nil {
			t.Fatal(err)
		}
		delegates = append(delegates, d)
	}
	future := time.Now().AddDate(0, 0, 30).Format(time.DateOnly)
	res := c.post(roundPath(round.ID, "/traffar/ny"), url.Values{"kind": {"benchmarking-1"}, "held_on": {future}, "starts": {"10:00"},
		"ends": {"15:00"}, "place": {"Stadshuset"}, "date_reason": {"Provträff efter omgången"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("meeting: %d %s", res.Status, textOf(res.Body))
	}
	m, _ := app.Store.MeetingByID(ctx, mustID(t, res.Location))
	c.post(res.Location+"/inbjudan", url.Values{"version": {strconv.Itoa(m.Version)}})
	mails := outboxTo(t, app, "@svar.example")
	if len(mails) != 2 || !strings.Contains(mails[0].Body, "/svar/") {
		t.Fatalf("invitations lack the personal link: %d mails", len(mails))
	}
	mine := mails[0]
	if mine.To != "svar0@svar.example" {
		mine = mails[1]
	}
	link := mine.Body[strings.Index(mine.Body, "/svar/"):]
	link = link[:strings.IndexAny(link, "\n ")]

	anon := app.client(t)
	if page := anon.get(link); page.Status != http.StatusOK || !strings.Contains(textOf(page.Body), "Svarande 0") {
		t.Fatalf("reply page: %d %s", page.Status, textOf(page.Body))
	}
	res = anon.post(link, url.Values{"answer": {"substitute"}, "substitute_level": {"manager"}, "substitute_email": {"ers@svar.example"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="substitute_name-error"`) ||
		!strings.Contains(textOf(res.Body), "Skriv namnet på den som kommer i ditt ställe.") || !strings.Contains(res.Body, `value="ers@svar.example"`) {
		t.Fatalf("substitute without a name: %d %s", res.Status, textOf(res.Body))
	}
	if inv, _ := app.Store.ReplyInvitee(ctx, m.ID, delegates[0].ID); inv.Reply != nil {
		t.Fatal("a refused reply was stored")
	}
	res = anon.post(link, url.Values{"answer": {"substitute"}, "substitute_name": {"Erik Ersättare"}, "substitute_level": {"manager"},
		"substitute_email": {"ers@svar.example"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("reply: %d %s", res.Status, textOf(res.Body))
	}
	inv, _ := app.Store.ReplyInvitee(ctx, m.ID, delegates[0].ID)
	if inv.Reply == nil || inv.Reply.Answer != portal.ReplySubstitute || inv.Reply.SubstituteName != "Erik Ersättare" {
		t.Fatalf("reply stored %+v", inv.Reply)
	}

	if page := c.get(roundPath(round.ID, "/traffar/"+strconv.FormatInt(m.ID, 10))); !strings.Contains(textOf(page.Body), "Skickar Erik Ersättare (Chef)") {
		t.Errorf("the staff's meeting page does not show the reply: %s", textOf(page.Body))
	}
	// The other delegate says they are coming: the attendance list starts
	// with them ticked, and the one who sends a substitute unticked there
	// and their substitute ticked among the substitutes.
	token1 := replyToken(mustServerKey(t, app), m.ID, delegates[1].ID, replyExpiry(m))
	if res := anon.post("/svar/"+token1, url.Values{"answer": {"coming"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("coming: %d", res.Status)
	}
	page := c.get(roundPath(round.ID, "/traffar/"+strconv.FormatInt(m.ID, 10)))
	if !strings.Contains(textOf(page.Body), "Förifyllt med dem som svarat att de kommer.") ||
		!strings.Contains(page.Body, `name="attendees" value="`+strconv.FormatInt(delegates[1].ID, 10)+`" checked`) ||
		strings.Contains(page.Body, `name="attendees" value="`+strconv.FormatInt(delegates[0].ID, 10)+`" checked`) ||
		!strings.Contains(page.Body, `name="substitutes" value="`+strconv.FormatInt(delegates[0].ID, 10)+`" checked`) {
		t.Errorf("attendance not pre-filled from the replies")
	}
	// Shown again with a mistake, the ticks are what the user posted, not
	// a pre-fill, and the hints say so.
	again := c.post(roundPath(round.ID, "/traffar/"+strconv.FormatInt(m.ID, 10)), url.Values{"version": {strconv.Itoa(m.Version)},
		"kind": {string(m.Kind)}, "held_on": {"inte ett datum"}, "place": {m.Place}, "attendees": {strconv.FormatInt(delegates[1].ID, 10)}})
	if again.Status != http.StatusUnprocessableEntity || strings.Contains(textOf(again.Body), "Förifyllt") ||
		!strings.Contains(textOf(again.Body), "Kryssa i de delegater som var med.") {
		t.Errorf("meeting shown again: %d, hints %q", again.Status, textOf(again.Body))
	}
	// The person-data lookup lists the replies, and erasing the delegate
	// takes them along.
	rec, err := app.Store.PersonData(ctx, "svar0@svar.example")
	if err != nil || len(rec.Delegates) != 1 || len(rec.Delegates[0].Replies) != 1 ||
		!strings.Contains(rec.Delegates[0].Replies[0], "substitute Erik Ersättare <ers@svar.example>") {
		t.Errorf("person data: %+v %v", rec.Delegates, err)
	}
	key, _ := app.Store.ServerKey(ctx, replyKeyName)
	token := strings.TrimPrefix(link, "/svar/")
	mac := token[strings.LastIndex(token, ".")+1:]
	other := strconv.FormatInt(m.ID, 10) + "-" + strconv.FormatInt(delegates[1].ID, 10) + "-" + strconv.FormatInt(replyExpiry(m).Unix(), 10) + "." + mac
	all, _ := app.Store.RoundMeetings(ctx, round.ID)
	past := all[0]
	cases := []struct{ name, token, msg string }{
		{"another person", other, "Länken gäller inte."},
		{"expired", replyToken(key, m.ID, delegates[0].ID, time.Now().Add(-time.Hour)), "Länken har gått ut"},
		{"after the meeting", replyToken(key, past.ID, delegates[0].ID, time.Now().Add(time.Hour)), "Träffen har redan börjat eller varit."},
		{"garbage", "abc", "Länken gäller inte."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if page := anon.get("/svar/" + tc.token); page.Status != http.StatusGone || !strings.Contains(textOf(page.Body), tc.msg) {
				t.Errorf("GET: %d %s", page.Status, textOf(page.Body))
			}
			res := anon.post("/svar/"+tc.token, url.Values{"answer": {"coming"}})
			if res.Status != http.StatusGone || !strings.Contains(textOf(res.Body), tc.msg) {
				t.Errorf("POST: %d", res.Status)
			}
		})
	}
	if inv, _ := app.Store.ReplyInvitee(ctx, m.ID, delegates[1].ID); inv.Reply == nil || inv.Reply.Answer != portal.ReplyComing {
		t.Error("a refused link changed another person's reply")
	}
	var left int
	d0, _ := app.Store.DelegateByID(ctx, delegates[0].ID)
	if err := app.Store.EraseDelegate(ctx, store.System("test"), d0.ID, int64(d0.Version)); err != nil {
		t.Fatal(err)
	}
	if err := app.Store.Pool.QueryRow(ctx, `SELECT count(*) FROM meeting_replies WHERE delegate_id = $1`, d0.ID).Scan(&left); err != nil || left != 0 {
		t.Errorf("%d replies left after erasure (%v)", left, err)
	}
}

func mustServerKey(t *testing.T, app *testApp) []byte {
	t.Helper()
	key, err := app.Store.ServerKey(context.Background(), replyKeyName)
	if err != nil {
		t.Fatal(err)
	}
	return key
}
