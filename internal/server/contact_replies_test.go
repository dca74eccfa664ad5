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

// TestContactChangesReplies: an organisation's contact sees its
// delegation's replies to a meeting and answers for a delegate; a
// substitute without a name is refused beside the field; another
// organisation's contact can neither see nor change them; once the meeting
// has begun nothing changes.
func TestContactChangesReplies(t *testing.T) {
	app := newTestApp(t)
	ctx, actor := context.Background(), store.System("test")
	u := newUndoRound(t, app)
	delegate := func(name string, l portal.Level) int64 {
		d, err := app.Store.SaveDelegate(ctx, actor, portal.Delegate{ParticipationID: u.kiruna.ID, Level: l, Name: name,
			Email: strings.ToLower(name) + "@kiruna.example"})
		if err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	anna := delegate("Anna", portal.LevelPolitician)
	delegate("Bo", portal.LevelStrategist)
	contactUser := app.addUser(t, portal.UserContact, "kontakt@kiruna.example", "kiruna")
	contact := app.client(t)
	contact.login("kontakt@kiruna.example", testPassword)
	org := "/mina-sidor/organisationer/" + strconv.FormatInt(u.kiruna.Organisation.ID, 10)
	list := org + "/traffar/" + strconv.FormatInt(u.meeting.ID, 10) + "/svar"
	form := list + "/" + strconv.FormatInt(anna, 10)

	if page := contact.get(org); !strings.Contains(page.Body, `href="`+list+`"`) {
		t.Fatalf("the organisation's page does not link the replies:\n%s", textOf(page.Body))
	}
	if page := textOf(contact.get(list).Body); !strings.Contains(page, "Anna Politiker Inget svar") || !strings.Contains(page, "Bo Jämställdhetsstrateg Inget svar") {
		t.Fatalf("replies page:\n%s", page)
	}

	res := contact.post(form, url.Values{"answer": {"substitute"}, "substitute_level": {"politician"}, "substitute_email": {"ersattare@kiruna.example"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="substitute_name-error"`) ||
		!strings.Contains(res.Body, `value="ersattare@kiruna.example"`) {
		t.Fatalf("substitute without a name: %d %s", res.Status, textOf(res.Body))
	}
	if n := app.count(t, `SELECT count(*) FROM meeting_replies WHERE delegate_id = $1`, anna); n != 0 {
		t.Fatalf("a refused reply was stored")
	}
	res = contact.post(form, url.Values{"answer": {"substitute"}, "substitute_name": {"Cecilia Ek"}, "substitute_level": {"politician"},
		"substitute_email": {"ersattare@kiruna.example"}})
	if res.Status != http.StatusSeeOther || res.Location != list {
		t.Fatalf("save: %d %s", res.Status, res.Location)
	}
	if page := textOf(contact.get(list).Body); !strings.Contains(page, "Anna Politiker Skickar Cecilia Ek (Politiker)") {
		t.Errorf("the reply is not shown:\n%s", page)
	}
	if n := app.count(t, `SELECT count(*) FROM audit_log WHERE action = 'reply' AND actor_id = $1 AND record_id = $2`,
		contactUser.ID, u.meeting.ID); n != 1 {
		t.Errorf("%d audit entries by the contact", n)
	}

	// Another organisation's contact.
	app.addUser(t, portal.UserContact, "kontakt@pajala.example", "pajala")
	other := app.client(t)
	other.login("kontakt@pajala.example", testPassword)
	if res := other.get(list); res.Status != http.StatusForbidden {
		t.Errorf("another contact saw the replies: %d", res.Status)
	}
	if res := other.post(form, url.Values{"answer": {"not-coming"}}); res.Status != http.StatusForbidden {
		t.Errorf("another contact changed a reply: %d", res.Status)
	}
	pajala := "/mina-sidor/organisationer/" + strconv.FormatInt(u.pajala.Organisation.ID, 10) + "/traffar/" +
		strconv.FormatInt(u.meeting.ID, 10) + "/svar/" + strconv.FormatInt(anna, 10)
	if res := other.get(pajala); res.Status != http.StatusNotFound {
		t.Errorf("Kiruna's delegate under Pajala's address: %d", res.Status)
	}

	// Once the meeting has begun, replies are closed.
	if _, err := app.Store.Pool.Exec(ctx, `UPDATE learning_meetings SET held_on = current_date - 1 WHERE id = $1`, u.meeting.ID); err != nil {
		t.Fatal(err)
	}
	if page := contact.get(list); !strings.Contains(textOf(page.Body), "Svar tas inte emot längre") || strings.Contains(page.Body, `href="`+form+`"`) {
		t.Errorf("after the meeting the page still takes replies:\n%s", textOf(page.Body))
	}
	if res := contact.post(form, url.Values{"answer": {"not-coming"}}); res.Status != http.StatusGone ||
		!strings.Contains(textOf(res.Body), "Träffen har redan börjat eller varit") {
		t.Errorf("a reply after the meeting: %d", res.Status)
	}
	if n := app.count(t, `SELECT count(*) FROM meeting_replies WHERE delegate_id = $1 AND answer = 'substitute'`, anna); n != 1 {
		t.Error("a reply after the meeting changed the stored one")
	}
}

// TestReplyPageInEnglish: the personal link's page under /en is in
// English, its messages too, and it stays in English after saving.
func TestReplyPageInEnglish(t *testing.T) {
	app := newTestApp(t)
	ctx, actor := context.Background(), store.System("test")
	u := newUndoRound(t, app)
	d, err := app.Store.SaveDelegate(ctx, actor, portal.Delegate{ParticipationID: u.kiruna.ID, Level: portal.LevelManager,
		Name: "Anna Berg", Email: "anna@kiruna.example"})
	if err != nil {
		t.Fatal(err)
	}
	path := "/en/svar/" + replyToken(mustServerKey(t, app), u.meeting.ID, d.ID, replyExpiry(u.meeting))
	c := app.client(t)
	page := c.get(path)
	if text := textOf(page.Body); page.Status != http.StatusOK || !strings.Contains(page.Body, `<html lang="en">`) ||
		!strings.Contains(text, "Reply to the invitation") || !strings.Contains(text, "16 March 2027") ||
		!strings.Contains(text, "Anna Berg, Manager, Kiruna") || !strings.Contains(text, "I am sending a substitute") {
		t.Fatalf("English reply page: %d\n%s", page.Status, text)
	}
	res := c.post(path, url.Values{"answer": {"substitute"}, "substitute_level": {"manager"}, "substitute_email": {"ek@kiruna.example"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(textOf(res.Body), "Write the name of the person coming in your place.") {
		t.Fatalf("English message: %d %s", res.Status, textOf(res.Body))
	}
	res = c.post(path, url.Values{"answer": {"coming"}})
	if res.Status != http.StatusSeeOther || res.Location != path {
		t.Fatalf("save: %d %s", res.Status, res.Location)
	}
	if text := textOf(c.get(path).Body); !strings.Contains(text, "Thank you, your answer is saved.") {
		t.Errorf("after saving: %s", text)
	}
}

// TestSubstituteInPersonData: a person named as substitute is found by
// the person-data lookup, and erasing them keeps only that a substitute of
// that level came.
func TestSubstituteInPersonData(t *testing.T) {
	app := newTestApp(t)
	ctx, actor := context.Background(), store.System("test")
	u := newUndoRound(t, app)
	d, err := app.Store.SaveDelegate(ctx, actor, portal.Delegate{ParticipationID: u.kiruna.ID, Level: portal.LevelManager,
		Name: "Anna Berg", Email: "anna@kiruna.example"})
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Store.SaveReply(ctx, actor, portal.Reply{MeetingID: u.meeting.ID, DelegateID: d.ID, Answer: portal.ReplySubstitute,
		SubstituteName: "Cecilia Ek", SubstituteLevel: portal.LevelManager, SubstituteEmail: "Cecilia.Ek@kiruna.example"}); err != nil {
		t.Fatal(err)
	}
	m, _ := app.Store.MeetingByID(ctx, u.meeting.ID)
	m.Substituted = []int64{d.ID}
	m.Attendees = []int64{}
	if _, err := app.Store.SaveMeeting(ctx, actor, m); err != nil {
		t.Fatal(err)
	}
	if err := store.EnqueueMail(ctx, app.Store.Pool, portal.Mail{To: "cecilia.ek@kiruna.example", Subject: "Påminnelse", Body: "-"}); err != nil {
		t.Fatal(err)
	}
	app.addUser(t, portal.UserAdmin, "admin@skr.example")
	c := app.client(t)
	c.login("admin@skr.example", testPassword)
	lookup := "/personal/personuppgifter?epost=cecilia.ek%40kiruna.example"
	if page := textOf(c.get(lookup).Body); !strings.Contains(page, "Ersättare") || !strings.Contains(page, "Cecilia Ek, Chef") ||
		!strings.Contains(page, "Anna Berg, Kiruna") {
		t.Fatalf("lookup:\n%s", page)
	}
	confirm := "/personal/personuppgifter/ersattare?epost=cecilia.ek%40kiruna.example"
	if page := c.get(confirm); page.Status != http.StatusOK || !strings.Contains(textOf(page.Body), "Radera uppgifterna om ersättaren Cecilia Ek?") {
		t.Fatalf("confirm: %d %s", page.Status, textOf(page.Body))
	}
	if res := c.post(confirm, url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("erase: %d %s", res.Status, textOf(res.Body))
	}
	for q, want := range map[string]int{
		`SELECT count(*) FROM meeting_replies WHERE substitute_name <> '' OR substitute_email <> ''`:                                        0,
		`SELECT count(*) FROM meeting_replies WHERE answer = 'not-coming'`:                                                                  1,
		`SELECT count(*) FROM meeting_attendance WHERE substitute_name = '` + store.ErasedSubstitute + `' AND substitute_level = 'manager'`: 1,
		`SELECT count(*) FROM outbox WHERE lower(to_address) = 'cecilia.ek@kiruna.example'`:                                                 0,
		`SELECT count(*) FROM audit_log WHERE action = 'erase' AND table_name = 'meeting_replies'`:                                          1,
		`SELECT count(*) FROM audit_log WHERE action <> 'export' AND (after::text ILIKE '%cecilia%' OR before::text ILIKE '%cecilia%')`:     0,
	} {
		if got := app.count(t, q); got != want {
			t.Errorf("%s: %d, want %d", q, got, want)
		}
	}
	page := textOf(c.get(lookup).Body)
	if !strings.Contains(page, "Portalen har inga uppgifter") || !strings.Contains(page, "Uppgifterna om ersättaren är raderade.") {
		t.Errorf("after erasure:\n%s", page)
	}
	// Asked again, the erasure has nothing to do and says so on the
	// lookup page.
	if res := c.get(confirm); res.Status != http.StatusSeeOther || res.Location != lookup {
		t.Fatalf("erase again: %d %s", res.Status, res.Location)
	}
	if page := textOf(c.get(lookup).Body); !strings.Contains(page, "Inget svar nämner cecilia.ek@kiruna.example som ersättare.") {
		t.Errorf("the lookup page does not say there was nothing to erase:\n%s", page)
	}
}
