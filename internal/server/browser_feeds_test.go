package server

import (
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
)

// TestBrowserContactCalendarFeed: a contact makes the organisation's
// calendar link, sees it on the page to copy, and switches it off.
func TestBrowserContactCalendarFeed(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserContact, "kontakt@fagersta.example", "fagersta")
	orgPage := app.URL + "/mina-sidor/organisationer/" + strconv.FormatInt(app.orgID(t, "fagersta"), 10)
	b := browsertest.New(t)
	if status := browserLogin(t, b, app, "kontakt@fagersta.example", testPassword); status != http.StatusOK {
		t.Fatalf("login: %d", status)
	}
	b.Visit(t, orgPage)
	if status := b.Submit(t, `#kalender form`); status != http.StatusOK {
		t.Fatalf("make the link: %d", status)
	}
	link := b.Attr(t, "#feed-url", "value")
	if !strings.HasPrefix(link, app.URL+"/kalender/") || !strings.HasSuffix(link, ".ics") {
		t.Fatalf("feed link %q", link)
	}
	if got := b.Text(t, ".flash"); !strings.Contains(got, "Kalenderlänken är skapad") {
		t.Errorf("notice %q", got)
	}
	b.Axe(t)
	if dir := os.Getenv("SCREENSHOTS"); dir != "" {
		for _, w := range []int{360, 1366} {
			b.Viewport(t, w, 900)
			b.Visit(t, orgPage+"#kalender")
			b.Screenshot(t, dir+"/contact-feed-"+strconv.Itoa(w)+".png")
		}
		b.Viewport(t, 1366, 900)
	}
	if status, _ := app.get(t, strings.TrimPrefix(link, app.URL)); status != http.StatusOK {
		t.Errorf("the feed: %d", status)
	}
	b.Visit(t, orgPage)
	if status := b.Submit(t, `#kalender form[action$="/stang-av"]`); status != http.StatusOK {
		t.Fatalf("switch off: %d", status)
	}
	if n := b.Count(t, "#feed-url"); n != 0 {
		t.Error("the link is still shown")
	}
	if status, _ := app.get(t, strings.TrimPrefix(link, app.URL)); status != http.StatusNotFound {
		t.Errorf("the feed after switching off: %d", status)
	}
}
