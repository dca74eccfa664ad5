package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// parsedFeed reads a calendar feed back with the iCalendar library and
// returns its events by UID.
func parsedFeed(t *testing.T, res response) (*ics.Calendar, map[string]*ics.VEvent) {
	t.Helper()
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("feed: %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	cal, err := ics.ParseCalendar(strings.NewReader(res.Body))
	if err != nil {
		t.Fatalf("parse feed: %v\n%s", err, res.Body)
	}
	evs := map[string]*ics.VEvent{}
	for _, ev := range cal.Events() {
		evs[ev.Id()] = ev
	}
	return cal, evs
}

func propertyValue(ev *ics.VEvent, p ics.ComponentProperty) string {
	if x := ev.GetProperty(p); x != nil {
		return x.Value
	}
	return ""
}

func calendarProperty(cal *ics.Calendar, token string) string {
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == token {
			return p.Value
		}
	}
	return ""
}

var feedLink = regexp.MustCompile(`/kalender/[A-Za-z0-9_-]+\.ics`)

// TestCalendarFeeds: a round's public feed holds its joint meetings and
// nothing private, follows changes with SEQUENCE and marks cancellations;
// a draft round has none. An organisation's private feed lives at a secret
// address that its contact makes, renews and switches off, and that only
// works while it is current.
func TestCalendarFeeds(t *testing.T) {
	app, staff := staffClient(t)
	ctx := context.Background()
	round := mustRound(t, app, "2019")
	first, _ := round.Span()
	day := first.AddDate(0, 0, 20)
	startUp := url.Values{"kind": {"start-up"}, "held_on": {day.Format(time.DateOnly)}, "starts": {"09:30"}, "ends": {"16:00"},
		"place": {"Kulturhuset"}, "address": {"Sergels torg 3, Stockholm"}, "online_url": {"https://meet.example/hemlig"},
		"agenda": {"Uppstart"}}
	res := staff.post(roundPath(round.ID, "/traffar/ny"), startUp)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("start-up: %d %s", res.Status, textOf(res.Body))
	}
	startUpID := mustID(t, res.Location)
	strategists := url.Values{"kind": {"strategists"}, "held_on": {day.AddDate(0, 0, 7).Format(time.DateOnly)},
		"place": {"SKR"}, "reason": {""}}
	if res = staff.post(roundPath(round.ID, "/traffar/ny"), strategists); res.Status != http.StatusSeeOther {
		t.Fatalf("strategists: %d %s", res.Status, textOf(res.Body))
	}
	strategistsID := mustID(t, res.Location)

	visitor := app.client(t)
	feedPath := "/omgangar/" + round.Slug + "/kalender.ics"
	cal, evs := parsedFeed(t, visitor.get(feedPath))
	ev := evs[calendarUID(startUpID)]
	if ev == nil {
		t.Fatalf("the public feed lacks the start-up: %v", evs)
	}
	wantStart := time.Date(day.Year(), day.Month(), day.Day(), 9, 30, 0, 0, portal.Stockholm)
	if start, err := ev.GetStartAt(); err != nil || !start.Equal(wantStart) ||
		ev.GetProperty(ics.ComponentPropertyDtStart).ICalParameters["TZID"][0] != "Europe/Stockholm" ||
		propertyValue(ev, ics.ComponentPropertySequence) != "0" ||
		!strings.HasSuffix(propertyValue(ev, ics.ComponentPropertyUrl), "/omgangar/"+round.Slug+"#traff-"+strconv.FormatInt(startUpID, 10)) {
		t.Errorf("start-up event: start %v %v, seq %s, url %s", start, err, propertyValue(ev, ics.ComponentPropertySequence),
			propertyValue(ev, ics.ComponentPropertyUrl))
	}
	if evs[calendarUID(strategistsID)] != nil {
		t.Error("the public feed shows the strategists' meeting")
	}
	for _, private := range []string{"Sergels torg", "meet.example"} {
		if strings.Contains(res.Body, private) || strings.Contains(visitor.get(feedPath).Body, private) {
			t.Errorf("the public feed shows %q", private)
		}
	}
	if len(evs) != len(cal.Events()) || calendarProperty(cal, "X-WR-CALNAME") != round.Name+" – gemensamma lärandeträffar" {
		t.Errorf("calendar name %q", calendarProperty(cal, "X-WR-CALNAME"))
	}
	if page := visitor.get("/omgangar/" + round.Slug); !strings.Contains(page.Body, `href="`+feedPath+`"`) ||
		!strings.Contains(page.Body, `id="traff-`+strconv.FormatInt(startUpID, 10)+`"`) {
		t.Error("the round's page does not link its feed or anchor the meeting")
	}
	if en, _ := parsedFeed(t, visitor.get("/en"+feedPath)); calendarProperty(en, "X-WR-CALNAME") != round.Name+" – joint learning meetings" {
		t.Errorf("English feed name %q", calendarProperty(en, "X-WR-CALNAME"))
	}

	// A change raises SEQUENCE; a cancellation marks the event.
	m, _ := app.Store.MeetingByID(ctx, startUpID)
	if res := staff.post(roundPath(round.ID, "/traffar/"+strconv.FormatInt(startUpID, 10)),
		with(with(startUp, "version", strconv.Itoa(m.Version)), "starts", "10:00")); res.Status != http.StatusSeeOther {
		t.Fatalf("change: %d %s", res.Status, textOf(res.Body))
	}
	_, evs = parsedFeed(t, visitor.get(feedPath))
	if ev := evs[calendarUID(startUpID)]; propertyValue(ev, ics.ComponentPropertySequence) != "1" ||
		propertyValue(ev, ics.ComponentPropertyDtStart) != wantStart.Add(30*time.Minute).Format("20060102T150405") {
		t.Errorf("after the change: seq %s start %s", propertyValue(ev, ics.ComponentPropertySequence), propertyValue(ev, ics.ComponentPropertyDtStart))
	}

	// The draft round has no feed, though it has a joint meeting.
	draft := newUndoRound(t, app)
	if res := visitor.get("/omgangar/" + draft.round.Slug + "/kalender.ics"); res.Status != http.StatusNotFound {
		t.Errorf("a draft round's feed: %d", res.Status)
	}

	// The organisation's private feed, with the meetings ahead of the
	// rounds it takes part in, addresses and links included.
	if _, err := app.Store.PublishRound(ctx, store.System("test"), draft.round.ID); err != nil {
		t.Fatal(err)
	}
	at := func(h int) *time.Time {
		x := time.Date(2027, 4, 20, h, 0, 0, 0, portal.Stockholm)
		return &x
	}
	groupMeeting, err := app.Store.SaveMeeting(ctx, store.System("test"), portal.LearningMeeting{RoundID: draft.round.ID,
		Kind: portal.MeetingGroup, GroupID: draft.group.ID, HeldOn: time.Date(2027, 4, 20, 0, 0, 0, 0, time.UTC),
		StartsAt: at(13), EndsAt: at(15), Place: "Gällivare", Address: "Storgatan 16", OnlineURL: "https://meet.example/grupp"})
	if err != nil {
		t.Fatal(err)
	}
	contactEmail := "kalender@kontakt.example"
	app.addUser(t, portal.UserContact, contactEmail, "kiruna")
	contact := app.client(t)
	contact.login(contactEmail, testPassword)
	orgPage := "/mina-sidor/organisationer/" + strconv.FormatInt(draft.kiruna.Organisation.ID, 10)
	if page := contact.get(orgPage); feedLink.MatchString(page.Body) || !strings.Contains(page.Body, "Skapa kalenderlänk") {
		t.Fatalf("before the feed is made: %s", textOf(page.Body))
	}
	if res := contact.post(orgPage+"/kalender", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("make the feed: %d", res.Status)
	}
	first1 := feedLink.FindString(contact.get(orgPage).Body)
	if first1 == "" {
		t.Fatal("no feed link on the organisation's page")
	}
	res = visitor.get(first1)
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") || !strings.Contains(cc, "private") {
		t.Errorf("private feed Cache-Control %q", cc)
	}
	_, evs = parsedFeed(t, res)
	if ev := evs[calendarUID(groupMeeting.ID)]; ev == nil || !strings.Contains(propertyValue(ev, ics.ComponentPropertyLocation), "Storgatan 16") ||
		!strings.Contains(propertyValue(ev, ics.ComponentPropertyLocation), "meet.example/grupp") ||
		!strings.HasSuffix(propertyValue(ev, ics.ComponentPropertyUrl), orgPage+"#traffar") {
		t.Errorf("private feed, group meeting: %v", ev)
	}
	if evs[calendarUID(draft.meeting.ID)] == nil || len(evs) != 2 {
		t.Errorf("private feed has %d events, want the round's meeting and the group's", len(evs))
	}

	// A forged or foreign address does not work.
	forged := first1[:len(first1)-6] + "x.ics"
	other := strings.Replace(first1, "/kalender/"+strconv.FormatInt(draft.kiruna.Organisation.ID, 10)+"-", "/kalender/"+strconv.FormatInt(draft.umea, 10)+"-", 1)
	for _, p := range []string{forged, other, "/kalender/1-1-abc.ics"} {
		if res := visitor.get(p); res.Status != http.StatusNotFound {
			t.Errorf("%s: %d", p, res.Status)
		}
	}

	// Renewing ends the old address; switching off ends the new one.
	contact.post(orgPage+"/kalender", url.Values{})
	second := feedLink.FindString(contact.get(orgPage).Body)
	if second == "" || second == first1 {
		t.Fatalf("renewed link %q, was %q", second, first1)
	}
	if res := visitor.get(first1); res.Status != http.StatusNotFound {
		t.Errorf("the old link after renewing: %d", res.Status)
	}
	if res := visitor.get(second); res.Status != http.StatusOK {
		t.Errorf("the new link: %d", res.Status)
	}
	contact.post(orgPage+"/kalender/stang-av", url.Values{})
	if res := visitor.get(second); res.Status != http.StatusNotFound {
		t.Errorf("the link after switching off: %d", res.Status)
	}
	if page := contact.get(orgPage); feedLink.MatchString(page.Body) {
		t.Error("the page still shows a link after switching off")
	}

	// Cancelled meetings stay in the feeds, marked.
	m, _ = app.Store.MeetingByID(ctx, startUpID)
	if res := staff.post(roundPath(round.ID, "/traffar/"+strconv.FormatInt(startUpID, 10)+"/stall-in"),
		url.Values{"version": {strconv.Itoa(m.Version)}}); res.Status != http.StatusSeeOther {
		t.Fatalf("cancel: %d", res.Status)
	}
	_, evs = parsedFeed(t, visitor.get(feedPath))
	if ev := evs[calendarUID(startUpID)]; propertyValue(ev, ics.ComponentPropertyStatus) != "CANCELLED" {
		t.Errorf("cancelled meeting status %q", propertyValue(ev, ics.ComponentPropertyStatus))
	}

	// Another organisation's contact cannot touch the feed; staff can.
	app.addUser(t, portal.UserContact, "annan@kontakt.example", "pajala")
	stranger := app.client(t)
	stranger.login("annan@kontakt.example", testPassword)
	if res := stranger.post(orgPage+"/kalender", url.Values{}); res.Status != http.StatusForbidden {
		t.Errorf("another organisation's contact made the feed: %d", res.Status)
	}
	if res := staff.post(orgPage+"/kalender", url.Values{}); res.Status != http.StatusSeeOther {
		t.Errorf("staff renew: %d", res.Status)
	}
	if n := app.count(t, `SELECT count(*) FROM audit_log WHERE table_name = 'calendar_feeds' AND record_id = $1`, draft.kiruna.Organisation.ID); n != 4 {
		t.Errorf("%d audit entries for the feed, want 4", n)
	}
}

// TestRoundFeedFromTheHostIsNotShared: a round's public feed links to the
// round's page at BASE_URL and may be kept by shared caches; without
// BASE_URL its links start with the request's own host, which a client can
// forge, so that answer is not shared.
func TestRoundFeedFromTheHostIsNotShared(t *testing.T) {
	for _, tc := range []struct {
		base, link, cache string
	}{
		{"https://modellportalen.example", "https://modellportalen.example/omgangar/2019", "public, max-age=900"},
		{"", "/omgangar/2019", "no-cache"},
	} {
		app := newTestAppConfig(t, Config{BaseURL: tc.base})
		res := fetch(t, http.MethodGet, app.URL+"/omgangar/2019/kalender.ics", nil)
		if res.Status != http.StatusOK || !strings.Contains(strings.ReplaceAll(string(res.Body), "\r\n ", ""), tc.link) ||
			res.Header.Get("Cache-Control") != tc.cache {
			t.Errorf("BASE_URL %q: %d, Cache-Control %q, want %q and links to %s", tc.base, res.Status,
				res.Header.Get("Cache-Control"), tc.cache, tc.link)
		}
	}
}
