package server

// A contact's own pages: where they start, and their organisation's page.

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/web"
)

func (s *Server) contactHome(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r)
	if u.Role.IsStaff() {
		http.Redirect(w, r, "/personal", http.StatusSeeOther)
		return nil
	}
	// With one organisation there is nothing to choose: its page is the
	// start.
	if len(u.Organisations) == 1 {
		http.Redirect(w, r, web.ContactPath(u.Organisations[0].ID, ""), http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, web.ContactHome(*u))
}

// contactOrganisationView is what an organisation's own page shows: its
// rounds, group, mentors, upcoming meetings, delegation, improvement works
// and what is still missing.
func (s *Server) contactOrganisationView(r *http.Request) (web.ContactOrgView, error) {
	id := organisationOf(r)
	now := s.now()
	key := fmt.Sprintf("contact-organisation:%d", id)
	kept, err := rememberHourly(r.Context(), s.memo, key, now, func(ctx context.Context) (contactOrganisation, error) {
		return s.loadContactOrganisation(ctx, id, now)
	})
	if err != nil {
		return web.ContactOrgView{}, err
	}
	v := kept.view
	v.Calendar, err = s.calendarFeedView(r, id, kept.feed)
	return v, err
}

// contactOrganisation is what an organisation's own page shows, kept per
// data version and hour (upcoming and held meetings change with the date)
// like the staff round page.
type contactOrganisation struct {
	view web.ContactOrgView
	feed portal.CalendarFeed
}

func (s *Server) loadContactOrganisation(ctx context.Context, id int64, now time.Time) (contactOrganisation, error) {
	org, err := s.Store.OrganisationByID(ctx, id)
	if err != nil {
		return contactOrganisation{}, err
	}
	parts, err := s.Store.OrganisationParticipations(ctx, org.ID)
	if err != nil {
		return contactOrganisation{}, err
	}
	v := web.ContactOrgView{Organisation: org}
	var pids []int64
	for _, p := range parts {
		pids = append(pids, p.ID)
	}
	delegates, err := s.Store.Delegates(ctx, pids)
	if err != nil {
		return contactOrganisation{}, err
	}
	works, err := s.Store.ImprovementWorks(ctx, pids)
	if err != nil {
		return contactOrganisation{}, err
	}
	for _, p := range parts {
		pv := web.ContactParticipationView{ContactParticipation: p, Delegates: delegates[p.ID], Works: works[p.ID]}
		pv.Status = portal.ParticipantStatus{Participation: p.Participation, LevelCounts: portal.CountLevels(pv.Delegates)}
		v.Participations = append(v.Participations, pv)
	}
	if v.Meetings, err = s.Store.UpcomingMeetings(ctx, org.ID); err != nil {
		return contactOrganisation{}, err
	}
	v.Today = portal.StockholmDay(now)
	if v.Tasks, err = s.Store.OpenTasks(ctx, org.ID); err != nil {
		return contactOrganisation{}, err
	}
	if v.Hosted, err = s.Store.HostedMeetings(ctx, org.ID, v.Today); err != nil {
		return contactOrganisation{}, err
	}
	if v.ParticipationsDrawing, err = web.DrawContactParticipations(ctx, v); err != nil {
		return contactOrganisation{}, err
	}
	feed, err := s.Store.CalendarFeed(ctx, org.ID)
	return contactOrganisation{view: v, feed: feed}, err
}
