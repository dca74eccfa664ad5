package server

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/dbtrace"
)

// QueryCountHeader carries the number of database queries a response cost,
// when Server.CountQueries is on.
const QueryCountHeader = "X-Query-Count"

// useMeasureAndCache installs the query counter and the page cache, each
// only when configured. The counter goes first so that it sees cache hits
// (which cost no queries) as well as misses.
func (s *Server) useMeasureAndCache(r chi.Router) {
	if s.CountQueries {
		r.Use(countQueries)
	}
	if s.Pages != nil {
		r.Use(s.Pages.Middleware)
	}
}

// countQueries counts the queries made while handling a request and reports
// them in a response header, set as the response starts: handlers render
// into a buffer before writing, so by then every query has run.
func countQueries(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, n := dbtrace.WithCounter(r.Context())
		count := func(h http.Header) { h.Set(QueryCountHeader, strconv.FormatInt(n.Count(), 10)) }
		next.ServeHTTP(&startWriter{ResponseWriter: w, start: count}, r.WithContext(ctx))
	})
}
