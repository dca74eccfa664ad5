package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/auth"
	"modellportalen/web"
)

// contactRoutes are contact persons' start page and each of their
// organisations' own page.
func (s *Server) contactRoutes(r chi.Router) {
	s.route(r, http.MethodGet, "/mina-sidor", auth.ActionOwnAccount, s.contactHome)
	s.orgRoute(r, http.MethodGet, "/mina-sidor/organisationer/{id}", auth.ActionViewOrganisation, "id", s.contactOrganisationPage)
}

func (s *Server) contactHome(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r)
	if u.Role.IsStaff() {
		http.Redirect(w, r, "/personal", http.StatusSeeOther)
		return nil
	}
	// With one organisation there is nothing to choose: its page is the
	// start.
	if len(u.Organisations) == 1 {
		http.Redirect(w, r, contactPath(u.Organisations[0].ID), http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, web.ContactHome(*u))
}
