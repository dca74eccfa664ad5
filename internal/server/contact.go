package server

import (
	"net/http"

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
