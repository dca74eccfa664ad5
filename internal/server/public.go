package server

import (
	"errors"
	"net/http"
	"regexp"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/store"
	"modellportalen/web"
)

// publicRoutes are open to everyone and show no personal data. Every page is
// offered in Swedish and, under the /en prefix, in English; the open data
// files are the same in both.
func (s *Server) publicRoutes(r publicRouter) {
	pages := []struct {
		pattern string
		h       handlerFunc
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
	r.Get("/en", func(w http.ResponseWriter, r *http.Request) error {
		http.Redirect(w, r, "/en/", http.StatusMovedPermanently)
		return nil
	})
	r.Get("/sprak", s.chooseLanguage)
	r.Get("/oppna-data/deltagare.{ext}", s.participantFile)
	r.Get("/oppna-data/kallor.{ext}", s.sourceFile)
	r.Get("/oppna-data/omgangar/{slug}/deltagare.{ext}", s.participantFile)
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	v, err := s.public().HomeView(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.Home(v))
}

func (s *Server) rounds(w http.ResponseWriter, r *http.Request) error {
	rounds, err := s.public().Rounds(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.Rounds(rounds))
}

func (s *Server) round(w http.ResponseWriter, r *http.Request) error {
	v, err := s.public().RoundView(r.Context(), chi.URLParam(r, "slug"))
	if errors.Is(err, store.ErrNotFound) {
		return s.roundMoved(w, r, err)
	}
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.RoundPage(v))
}

var countyCode = regexp.MustCompile(`^[0-9]{2}$`)

func (s *Server) organisations(w http.ResponseWriter, r *http.Request) error {
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
	if v.Counties, err = s.public().Counties(r.Context()); err != nil {
		return err
	}
	v.Results, err = s.public().SearchOrganisations(r.Context(), store.OrganisationFilter{Query: v.Query, CountyCode: v.County})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.Organisations(v))
}

func (s *Server) organisation(w http.ResponseWriter, r *http.Request) error {
	v, err := s.public().OrganisationView(r.Context(), chi.URLParam(r, "slug"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.OrganisationPage(v))
}

func (s *Server) lineage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.public().LineageView(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.LineagePage(v))
}
