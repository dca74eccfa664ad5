package server

import (
	"errors"
	"net/http"
	"regexp"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/geo"
	"modellportalen/internal/lineage"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// publicRoutes are open to everyone and show no personal data. Every page is
// offered in Swedish and, under the /en prefix, in English; the open data
// files are the same in both.
func (s *Server) publicRoutes(r chi.Router) {
	pages := []struct {
		pattern string
		h       http.HandlerFunc
	}{
		{"/", s.home},
		{"/omgangar", s.rounds},
		{"/omgangar/{slug}", s.round},
		{"/organisationer", s.organisations},
		{"/organisationer/{slug}", s.organisation},
		{"/mentorkedjor", s.lineage},
		{"/statistik", s.statistics},
		{"/oppna-data", s.openData},
	}
	for _, p := range pages {
		r.Get(p.pattern, s.inSwedish(p.h))
		r.Get(web.Localize(web.English, p.pattern), s.inEnglish(p.h))
	}
	r.Get("/en", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/en/", http.StatusMovedPermanently) })
	r.Get("/sprak", s.chooseLanguage)
	r.Get("/oppna-data/deltagare.{ext}", s.participantFile)
	r.Get("/oppna-data/omgangar/{slug}/deltagare.{ext}", s.participantFile)
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	rounds, err := s.Store.Rounds(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	n, err := s.Store.CountParticipatingOrganisations(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	base, err := s.Store.MapOrganisations(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	all, err := s.Store.PublicParticipations(r.Context(), 0)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	parts := make([]portal.Participation, len(all))
	for i, p := range all {
		parts[i] = p.Participation
	}
	s.render(w, r, http.StatusOK, web.Home(web.HomeView{Rounds: rounds, Organisations: n, Map: geo.Build(base, parts)}))
}

func (s *Server) rounds(w http.ResponseWriter, r *http.Request) {
	rounds, err := s.Store.Rounds(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.Rounds(rounds))
}

func (s *Server) round(w http.ResponseWriter, r *http.Request) {
	round, err := s.Store.RoundBySlug(r.Context(), chi.URLParam(r, "slug"))
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ov, err := s.Store.RoundOverview(r.Context(), round)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	meetings, err := s.Store.RoundMeetings(r.Context(), round.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	base, err := s.Store.MapOrganisations(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.RoundPage(web.RoundView{Overview: ov, Meetings: meetings, Map: geo.Build(base, ov.Participations)}))
}

var countyCode = regexp.MustCompile(`^[0-9]{2}$`)

func (s *Server) organisations(w http.ResponseWriter, r *http.Request) {
	v := web.OrganisationsView{
		Query:  cleanText(r.URL.Query().Get("q"), 100),
		County: r.URL.Query().Get("lan"),
	}
	// A county that is not a code is ignored rather than an error: the
	// select offers only valid ones, so this is a hand-edited URL.
	if !countyCode.MatchString(v.County) {
		v.County = ""
	}
	var err error
	if v.Counties, err = s.Store.Counties(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Results, err = s.Store.SearchOrganisations(r.Context(), store.OrganisationFilter{Query: v.Query, CountyCode: v.County})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.Organisations(v))
}

func (s *Server) organisation(w http.ResponseWriter, r *http.Request) {
	org, err := s.Store.OrganisationBySlug(r.Context(), chi.URLParam(r, "slug"))
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	history, err := s.Store.OrganisationHistory(r.Context(), org.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var graph lineage.Graph
	if len(history) > 0 {
		rounds, links, err := s.lineageLinks(r)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		graph = lineage.Layout(rounds, lineage.Filter(links, org.ID), org.ID)
	}
	s.render(w, r, http.StatusOK, web.OrganisationPage(web.OrganisationView{Organisation: org, History: history, Lineage: graph}))
}

func (s *Server) lineage(w http.ResponseWriter, r *http.Request) {
	rounds, links, err := s.lineageLinks(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.LineagePage(web.LineageView{Graph: lineage.Layout(rounds, links, 0)}))
}

// lineageLinks loads the rounds in order and every mentor link.
func (s *Server) lineageLinks(r *http.Request) ([]portal.Round, []portal.LineageLink, error) {
	summaries, err := s.Store.Rounds(r.Context())
	if err != nil {
		return nil, nil, err
	}
	rounds := make([]portal.Round, len(summaries))
	for i, rs := range summaries {
		rounds[i] = rs.Round
	}
	links, err := s.Store.Lineage(r.Context())
	return rounds, links, err
}
