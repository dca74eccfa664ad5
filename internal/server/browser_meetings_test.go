package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
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
