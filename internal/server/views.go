package server

import (
	"context"
	"net/http"

	"github.com/a-h/templ"
)

// viewPage is the handler of a page that only shows what load makes of the
// request; whatever load cannot find or read, serveError answers.
func viewPage[V any](s *Server, load func(*http.Request) (V, error), page func(V) templ.Component) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, err := load(r)
		if err != nil {
			return err
		}
		return s.render(w, r, http.StatusOK, page(v))
	}
}

// publicView is viewPage for a public page, whose view load makes from the
// public data alone.
func publicView[V any](s *Server, load func(publicData, context.Context) (V, error), page func(V) templ.Component) handlerFunc {
	return viewPage(s, func(r *http.Request) (V, error) { return load(s.public(), r.Context()) }, page)
}
