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
// them in a response header.
func countQueries(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, n := dbtrace.WithCounter(r.Context())
		next.ServeHTTP(&countingWriter{ResponseWriter: w, n: n}, r.WithContext(ctx))
	})
}

// countingWriter sets the header when the response starts. Handlers render
// into a buffer before writing, so by then every query has run.
type countingWriter struct {
	http.ResponseWriter
	n       *dbtrace.Counter
	written bool
}

func (w *countingWriter) WriteHeader(status int) {
	if !w.written {
		w.written = true
		w.Header().Set(QueryCountHeader, strconv.FormatInt(w.n.Count(), 10))
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *countingWriter) Write(b []byte) (int, error) {
	if !w.written {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *countingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
