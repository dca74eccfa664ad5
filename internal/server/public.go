package server

import (
	"errors"
	"net/http"
	"regexp"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/store"
	"modellportalen/web"
)

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

// searchCounty is the county code a search is limited to, "" for all. A
// value that is not a code is ignored rather than an error: the select
// offers only valid ones, so it comes from a hand-edited URL.
func searchCounty(v string) string {
	if !countyCode.MatchString(v) {
		return ""
	}
	return v
}

func (s *Server) organisations(w http.ResponseWriter, r *http.Request) error {
	v := web.OrganisationsView{
		Query:  cleanText(r.URL.Query().Get("q"), 100),
		County: searchCounty(r.URL.Query().Get("lan")),
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
