package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5/middleware"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// TestServeError checks the one mapping from a handler's error to the page
// and status the visitor gets.
func TestServeError(t *testing.T) {
	form := templ.Raw("<form>skickat igen</form>")
	dbDown := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	cases := []struct {
		name     string
		err      error
		status   int
		contains string
		header   [2]string
	}{
		{"success", nil, http.StatusOK, "klart", [2]string{}},
		{"not found", errNotFound, http.StatusNotFound, "Sidan finns inte", [2]string{}},
		{"store not found, wrapped", fmt.Errorf("load round 7: %w", store.ErrNotFound), http.StatusNotFound, "Sidan finns inte", [2]string{}},
		{"forbidden", errForbidden, http.StatusForbidden, "inte behörighet", [2]string{}},
		{"form again", formAgain(form, nil), http.StatusUnprocessableEntity, "skickat igen", [2]string{}},
		{"form again after a conflict", formAgain(form, []web.ConflictField{{Label: "Namn"}}), http.StatusConflict, "skickat igen", [2]string{}},
		{"conflict nobody handled", fmt.Errorf("save: %w", &store.ConflictError[portal.Round]{Table: "rounds", ID: 1}), http.StatusConflict, "Någon annan ändrade", [2]string{}},
		{"redirect", &redirectError{To: "/personal/anvandare", Flash: "Nej."}, http.StatusSeeOther, "", [2]string{"Location", "/personal/anvandare"}},
		{"database down", fmt.Errorf("load rounds: %w", dbDown), http.StatusServiceUnavailable, "Något gick fel", [2]string{"Retry-After", "5"}},
		{"our fault", errors.New("boom"), http.StatusInternalServerError, "felkoden", [2]string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := &Server{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Sessions: scs.New()}
			h := middleware.RequestID(s.Sessions.LoadAndSave(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				s.serveError(w, r, func() error {
					if c.err == nil {
						_, _ = io.WriteString(w, "klart")
					}
					return c.err
				}())
			})))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
			if rec.Code != c.status {
				t.Errorf("status %d, want %d", rec.Code, c.status)
			}
			if body := rec.Body.String(); !strings.Contains(body, c.contains) {
				t.Errorf("body lacks %q:\n%s", c.contains, body)
			}
			if c.header[0] != "" && rec.Header().Get(c.header[0]) != c.header[1] {
				t.Errorf("%s: %q, want %q", c.header[0], rec.Header().Get(c.header[0]), c.header[1])
			}
		})
	}
}

// TestServerErrorShowsRequestID: the 500 page names the request, so a
// report from a user leads to the log line.
func TestServerErrorShowsRequestID(t *testing.T) {
	s := &Server{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r = r.WithContext(context.WithValue(r.Context(), middleware.RequestIDKey, "host/abc-000042"))
	rec := httptest.NewRecorder()
	s.serveError(rec, r, errors.New("boom"))
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "host/abc-000042") {
		t.Errorf("status %d, body %s", rec.Code, rec.Body.String())
	}
}

// TestServeErrorClientGone writes nothing when the client went away.
func TestServeErrorClientGone(t *testing.T) {
	s := &Server{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	rec := httptest.NewRecorder()
	s.serveError(rec, httptest.NewRequest(http.MethodGet, "/", nil), fmt.Errorf("query: %w", context.Canceled))
	if rec.Body.Len() != 0 {
		t.Errorf("wrote %q", rec.Body.String())
	}
}
