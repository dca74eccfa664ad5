package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/store"
)

// refusal is an error a change may meet, with what the user is told when
// it does.
type refusal struct {
	err    error
	notice string
}

// afterChange answers a change made from a page by sending the user back
// to `to`, told done when err is nil, or the notice of the first refusal
// that err is; any other error is a failure.
func afterChange(err error, to, done string, refusals ...refusal) error {
	if err == nil {
		return &redirectError{To: to, Flash: done}
	}
	for _, x := range refusals {
		if errors.Is(err, x.err) {
			return &redirectError{To: to, Flash: x.notice}
		}
	}
	return err
}

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
