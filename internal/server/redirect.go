package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/store"
)

// roundMoved answers a round address that is not a round's (notFound, the
// error that said so): with a permanent redirect when a round had that slug
// before (the same page, or file, at the round's address now, in the same
// language and with the same query), else with notFound itself.
func (s *Server) roundMoved(w http.ResponseWriter, r *http.Request, notFound error) error {
	old := chi.URLParam(r, "slug")
	slug, err := s.Store.RoundRedirect(r.Context(), old)
	if errors.Is(err, store.ErrNotFound) {
		return notFound
	}
	if err != nil {
		return err
	}
	// The slug is one path segment in every route that has it, and round
	// slugs are ASCII, so the escaped path holds it as it is.
	target := strings.Replace(r.URL.EscapedPath(), "/"+old+"/", "/"+slug+"/", 1)
	if strings.HasSuffix(target, "/"+old) {
		target = strings.TrimSuffix(target, old) + slug
	}
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, target, http.StatusMovedPermanently)
	return nil
}
