package server

import (
	"net/http"

	"github.com/a-h/templ"

	"modellportalen/web"
)

// statementRoutes are the accessibility statement and the page on personal
// data, which every page's footer links to, in Swedish and English.
func (s *Server) statementRoutes(r publicRouter) {
	for path, page := range map[string]func() templ.Component{
		web.AccessibilityPath: web.AccessibilityStatement,
		web.PrivacyPath:       web.PrivacyStatement,
	} {
		h := func(w http.ResponseWriter, r *http.Request) error { return s.render(w, r, http.StatusOK, page()) }
		r.Get(path, s.inSwedish(h))
		r.Get(web.Localize(web.English, path), s.inEnglish(h))
	}
}
