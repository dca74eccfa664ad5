package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// TestBrowserProjectLeaderPlansMeetings lays out a round's standard
// meetings, then gives one a time that ends before it starts, sees the
// message beside the field with what was typed kept, and corrects it.
func TestBrowserProjectLeaderPlansMeetings(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	b := browsertest.New(t)
	if status := browserLogin(t, b, app, "ledare@skr.example", testPassword); status != 200 {
		t.Fatalf("login: %d", status)
	}
	ctx := context.Background()
	round := mustRound(t, app, "2019")
	dashboard := app.URL + roundPath(round.ID, "")
	before, _ := app.Store.RoundMeetings(ctx, round.ID)

	b.Visit(t, dashboard)
	b.Follow(t, `a[href$="/traffar/standard"]`)
	if got := b.Text(t, "h1"); got != "Lägg ut standardträffarna" {
		t.Fatalf("h1 %q", got)
	}
	b.Axe(t)
	shots := map[string]string{"meetings-sequence": b.URL(t)}
	b.Submit(t, "main form")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "8 träffar är utlagda.") {
		t.Fatalf("after laying out: %q; %s", got, b.Text(t, "main"))
	}
	after, _ := app.Store.RoundMeetings(ctx, round.ID)
	if len(after) != len(before)+8 {
		t.Fatalf("%d meetings, want %d", len(after), len(before)+8)
	}
	var startUp portal.LearningMeeting
	for _, m := range after {
		if m.Kind == portal.MeetingStartUp {
			startUp = m
		}
	}
	b.Visit(t, app.URL+roundPath(round.ID, fmt.Sprintf("/traffar/%d", startUp.ID)))
	if got := b.Text(t, "h1"); !strings.HasPrefix(got, "Uppstart ") {
		t.Fatalf("meeting h1 %q", got)
	}
	b.Fill(t, "#place", "Kulturhuset, Stockholm")
	b.Fill(t, "#starts", "13:00")
	b.Fill(t, "#ends", "12:00")
	b.Submit(t, "main form")
	if got := b.Text(t, "#ends-error"); !strings.Contains(got, "Träffen måste sluta efter att den börjar: 12:00 är inte efter 13:00.") {
		t.Fatalf("ends error %q", got)
	}
	if got := b.Attr(t, "#place", "value"); got != "Kulturhuset, Stockholm" {
		t.Errorf("place not kept: %q", got)
	}
	b.Axe(t)
	shots["meetings-error"] = ""
	for _, width := range []int{360, 1366} {
		b.Viewport(t, width, 900)
		b.Screenshot(t, filepath.Join(screenshotDir(t), fmt.Sprintf("meetings-error-%d.png", width)))
	}
	b.Fill(t, "#ends", "16:30")
	b.Submit(t, "main form")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "Uppstart den") {
		t.Fatalf("save: %q; %s", got, b.Text(t, "main"))
	}
	if m, _ := app.Store.MeetingByID(ctx, startUp.ID); m.Place != "Kulturhuset, Stockholm" || m.EndsAt.In(portal.Stockholm).Format("15:04") != "16:30" {
		t.Errorf("stored %+v", m)
	}
	shots["meetings-edit"] = b.URL(t)

	// A future meeting: the invitation goes out from its page, and a
	// delegate answers through the personal link in a browser that has
	// never signed in, sending a substitute.
	var p portal.Participation
	ov, _ := app.Store.RoundOverview(ctx, round)
	for _, x := range ov.Participations {
		if !x.Withdrawn {
			p = x
			break
		}
	}
	if _, err := app.Store.SaveDelegate(ctx, store.System("test"), portal.Delegate{ParticipationID: p.ID, Level: portal.LevelPolitician,
		Name: "Petra Politiker", Email: "petra@webbsvar.example"}); err != nil {
		t.Fatal(err)
	}
	b.Visit(t, dashboard+"/traffar/ny")
	b.Select(t, "#kind", "results-conference")
	b.Fill(t, "#held_on", time.Now().AddDate(0, 1, 0).Format(time.DateOnly))
	b.Fill(t, "#starts", "09:00")
	b.Fill(t, "#ends", "16:00")
	b.Fill(t, "#place", "Münchenbryggeriet")
	b.Fill(t, "#date_reason", "Resultatkonferensen hålls efter omgångens slut.")
	b.Submit(t, "main form")
	b.Submit(t, `form[action$="/inbjudan"]`)
	if got := b.Text(t, ".flash"); !strings.Contains(got, "Inbjudan ligger i utkorgen") {
		t.Fatalf("send: %q", got)
	}
	meetingURL := b.URL(t)
	mails := outboxTo(t, app, "@webbsvar.example")
	if len(mails) != 1 {
		t.Fatalf("%d mails", len(mails))
	}
	link := mails[0].Body[strings.Index(mails[0].Body, "/svar/"):]
	link = link[:strings.IndexAny(link, "\n ")]
	delegate := browsertest.New(t)
	delegate.Visit(t, app.URL+link)
	delegate.Axe(t)
	shots["meetings-reply"] = app.URL + link
	delegate.Click(t, "#answer-2")
	delegate.Select(t, "#substitute_level", "manager")
	delegate.Fill(t, "#substitute_email", "sara@webbsvar.example")
	delegate.Submit(t, "main form")
	if got := delegate.Text(t, "#substitute_name-error"); !strings.Contains(got, "Skriv namnet på den som kommer i ditt ställe.") {
		t.Fatalf("substitute without name: %q", got)
	}
	delegate.Axe(t)
	delegate.Fill(t, "#substitute_name", "Sara Ersättare")
	delegate.Submit(t, "main form")
	if got := delegate.Text(t, ".flash"); !strings.Contains(got, "Tack, ditt svar är sparat.") {
		t.Fatalf("reply: %q", got)
	}
	for _, width := range []int{360, 1366} {
		delegate.Viewport(t, width, 900)
		delegate.Screenshot(t, filepath.Join(screenshotDir(t), fmt.Sprintf("meetings-reply-%d.png", width)))
	}
	delete(shots, "meetings-reply")
	b.Visit(t, meetingURL)
	if got := b.Text(t, "main table"); !strings.Contains(got, "Skickar Sara Ersättare (Chef)") {
		t.Errorf("the meeting page lacks the reply: %q", got)
	}
	b.Axe(t)
	shots["meetings-invited"] = meetingURL
	for _, width := range []int{360, 1366} {
		b.Viewport(t, width, 900)
		for name, u := range shots {
			if u == "" {
				continue
			}
			b.Visit(t, u)
			b.Screenshot(t, filepath.Join(screenshotDir(t), fmt.Sprintf("%s-%d.png", name, width)))
		}
	}
}

// screenshotDir is SCREENSHOT_DIR, made if need be, or a temporary directory.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
