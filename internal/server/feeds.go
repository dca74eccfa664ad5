package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/calendar"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// Calendar feeds. A round's joint meetings are public, as on its page. An
// organisation's feed holds every meeting that concerns it, with addresses
// and links, at a secret address: the organisation and a generation signed
// with the server's key, so the address can be shown again at any time
// without being stored, and renewing or revoking (which raise the
// generation) ends every earlier one.

// The key that signs feed addresses, and the purpose that keeps its
// signatures from passing as any other's.
const feedKeyName, feedPurpose = "calendar_feed", "calendar-feed"

func feedToken(key []byte, orgID int64, generation int) string {
	payload := strconv.FormatInt(orgID, 10) + "-" + strconv.Itoa(generation)
	return payload + "-" + mac(key, feedPurpose, payload)
}

// readFeedToken checks the signature before it trusts any part of token.
func readFeedToken(key []byte, token string) (orgID int64, generation int, ok bool) {
	parts := strings.SplitN(token, "-", 3)
	if len(parts) != 3 || !validMAC(key, feedPurpose, parts[0]+"-"+parts[1], parts[2]) {
		return 0, 0, false
	}
	orgID, err1 := strconv.ParseInt(parts[0], 10, 64)
	generation, err2 := strconv.Atoi(parts[1])
	return orgID, generation, err1 == nil && err2 == nil
}

// feedURL is the secret address of the organisation's feed at generation.
func (s *Server) feedURL(ctx context.Context, base string, orgID int64, generation int) (string, error) {
	key, err := s.serverKey(ctx, feedKeyName)
	if err != nil {
		return "", err
	}
	return base + "/kalender/" + feedToken(key, orgID, generation) + ".ics", nil
}

// writeCalendar answers with an iCalendar file.
func writeCalendar(w http.ResponseWriter, body string) error {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	_, err := w.Write([]byte(body))
	return err
}

// roundCalendar is a round's public feed: its joint meetings (start-up,
// benchmarking meetings, results conference), each linking to its place on
// the round's page. Group meetings, strategists' meetings and online links
// stay out, as they do on the page.
func (s *Server) roundCalendar(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	round, err := s.public().RoundBySlug(ctx, chi.URLParam(r, "slug"))
	if errors.Is(err, store.ErrNotFound) {
		return s.roundMoved(w, r, err)
	}
	if err != nil {
		return err
	}
	meetings, err := s.public().RoundMeetings(ctx, round.ID)
	if err != nil {
		return err
	}
	// siteURL, after this, marks the feed no-cache when its links start
	// with the request's own host.
	w.Header().Set("Cache-Control", "public, max-age=900")
	base := s.siteURL(w, r)
	page := base + web.Localize(web.LocaleOf(ctx).Lang, "/omgangar/"+round.Slug)
	var evs []calendar.Event
	for _, m := range meetings {
		if !m.Joint() {
			continue
		}
		ev := meetingEvent(base, "", round, m)
		ev.Summary = web.MeetingKindLabel(ctx, m.Kind) + " – " + round.Name
		ev.Location = m.Place
		ev.URL = page + "#traff-" + strconv.FormatInt(m.ID, 10)
		evs = append(evs, ev)
	}
	return writeCalendar(w, calendar.Feed(web.RoundCalendarName(ctx, round.Name), evs, s.now()))
}

// organisationCalendar is an organisation's private feed, at its secret
// address: the meetings of the last year and ahead that concern it,
// cancelled ones marked so that calendars drop them.
func (s *Server) organisationCalendar(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	key, err := s.serverKey(ctx, feedKeyName)
	if err != nil {
		return err
	}
	orgID, generation, ok := readFeedToken(key, chi.URLParam(r, "token"))
	if !ok {
		return errNotFound
	}
	feed, err := s.Store.CalendarFeed(ctx, orgID)
	if err != nil {
		return err
	}
	if !feed.Active || feed.Generation != generation {
		return errNotFound
	}
	org, err := s.Store.OrganisationByID(ctx, orgID)
	if err != nil {
		return err
	}
	meetings, err := s.Store.FeedMeetings(ctx, orgID, s.now().AddDate(-1, 0, 0))
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	evs := make([]calendar.Event, 0, len(meetings))
	for _, m := range meetings {
		ev := meetingEvent(base, "", portal.Round{Name: m.RoundName}, m)
		ev.URL = base + web.ContactPath(orgID, "#traffar")
		evs = append(evs, ev)
	}
	// The address is the secret: keep it out of shared caches and of the
	// Referer of anything the calendar opens.
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "private, no-store")
	return writeCalendar(w, calendar.Feed(org.Name+" – lärandeträffar", evs, s.now()))
}

// renewFeed turns the organisation's feed on at a new address; the old one
// stops working.
func (s *Server) renewFeed(w http.ResponseWriter, r *http.Request) error {
	orgID := organisationOf(r)
	before, err := s.Store.CalendarFeed(r.Context(), orgID)
	if err != nil {
		return err
	}
	if _, err := s.Store.RenewCalendarFeed(r.Context(), actorOf(r), orgID); err != nil {
		return err
	}
	notice := "Kalenderlänken är skapad. Lägg in den i din kalender som prenumeration."
	if before.Generation > 0 && before.Active {
		notice = "Kalenderlänken är bytt. Den gamla länken fungerar inte längre; lägg in den nya i kalendern."
	}
	return s.seeOther(w, r, web.ContactPath(orgID, "#kalender"), notice)
}

// revokeFeed switches the organisation's feed off.
func (s *Server) revokeFeed(w http.ResponseWriter, r *http.Request) error {
	orgID := organisationOf(r)
	if _, err := s.Store.RevokeCalendarFeed(r.Context(), actorOf(r), orgID); err != nil {
		return err
	}
	return s.seeOther(w, r, web.ContactPath(orgID, "#kalender"),
		"Kalenderlänken är avstängd. Kalendrar som prenumererar på den får inga fler träffar.")
}

// calendarFeedView is what the organisation's page shows of its feed.
func (s *Server) calendarFeedView(r *http.Request, orgID int64, feed portal.CalendarFeed) (web.CalendarFeedView, error) {
	v := web.CalendarFeedView{OrganisationID: orgID}
	if !feed.Active {
		return v, nil
	}
	var err error
	v.URL, err = s.feedURL(r.Context(), s.baseURL(r), orgID, feed.Generation)
	return v, err
}
