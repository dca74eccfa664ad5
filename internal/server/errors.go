package server

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/jackc/pgx/v5/pgconn"

	"modellportalen/internal/auth"
	"modellportalen/internal/pagecache"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// handlerFunc is the shape of every route's handler. It writes the response
// when it succeeds; when it cannot, it returns an error and writes nothing,
// and serveError decides what the visitor sees.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// Errors a handler or loader returns to have serveError answer with the
// matching page. store.ErrNotFound is treated like errNotFound, so a loader
// may pass the store's answer on as it is.
var (
	errNotFound  = errors.New("not found")
	errForbidden = errors.New("forbidden")
)

// formError shows a form again instead of saving it: with the problems
// beside the fields (422), or, when Conflict is set, with someone else's
// change beside the user's own (409). Page is the whole form page, keeping
// what the user typed.
type formError struct {
	Page     templ.Component
	Conflict bool
}

func (e *formError) Error() string {
	if e.Conflict {
		return "form shown again: changed by someone else"
	}
	return "form shown again: invalid input"
}

// formAgain returns the error that shows page, a form, again: as a
// conflict when conflict lists differing fields, else as invalid input.
func formAgain(page templ.Component, conflict []web.ConflictField) error {
	return &formError{Page: page, Conflict: len(conflict) > 0}
}

// redirectError answers a request that cannot be carried out as asked, but
// needs no error page, by sending the user to To with the notice Flash.
type redirectError struct{ To, Flash string }

func (e *redirectError) Error() string { return "redirect to " + e.To + ": " + e.Flash }

// serveError turns a handler's error into the page and status it calls for.
// It is the one place that decides them:
//
//	a form shown again (formError)      422, or 409 for a conflict
//	a redirectError                     303 to its page, with its notice
//	a passkey step refused (ceremonyError) its status, the reason as JSON
//	not found                           404
//	forbidden                           403
//	a version conflict nobody handled   409
//	the database unreachable            503, with Retry-After
//	anything else                       500, logged with the request id
func (s *Server) serveError(w http.ResponseWriter, r *http.Request, err error) {
	var form *formError
	var redirect *redirectError
	var ceremony *ceremonyError
	switch {
	case err == nil:
	case errors.Is(err, context.Canceled):
		// The client went away; nothing to tell it.
	case errors.As(err, &form):
		status := http.StatusUnprocessableEntity
		if form.Conflict {
			status = http.StatusConflict
		}
		s.writePage(w, r, status, form.Page)
	case errors.As(err, &redirect):
		_ = s.seeOther(w, r, redirect.To, redirect.Flash)
	case errors.As(err, &ceremony):
		s.Log.Info("passkey ceremony failed", "path", r.URL.Path, "why", ceremony.why, "err", ceremony.err)
		writeJSON(w, ceremony.status, map[string]string{"error": ceremony.why})
	case errors.Is(err, errNotFound), errors.Is(err, store.ErrNotFound):
		s.writePage(w, r, http.StatusNotFound, web.NotFound())
	case errors.Is(err, errForbidden):
		s.writePage(w, r, http.StatusForbidden, web.Forbidden())
	case errors.Is(err, store.ErrConflict):
		s.writePage(w, r, http.StatusConflict, web.Conflict())
	default:
		s.serverError(w, r, err)
	}
}

// writePage renders c with status; a component that fails becomes the
// error page.
func (s *Server) writePage(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	if err := s.render(w, r, status, c); err != nil {
		s.serverError(w, r, err)
	}
}

// render writes a component with the status. It renders into a buffer first
// so a failing component writes nothing and its error can still become a
// clean error page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	if err := c.Render(r.Context(), buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if bw, ok := w.(*bufferedWriter); ok && status == http.StatusOK && w.Header().Get("ETag") == "" {
		// The whole page is here already: hashing it now lets conditional
		// send it on without copying it into a buffer of its own.
		bw.Header().Set("ETag", pagecache.ETag(buf.Bytes()))
	}
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
	return nil
}

// renderBuffers are reused between renders: pages run to 100 kB and more,
// and growing a fresh buffer for each was a good part of the garbage.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putRenderBuffer(b *bytes.Buffer) {
	// A buffer grown by an unusually large page is left to the collector
	// rather than kept for ever.
	if b.Cap() > 1<<20 {
		return
	}
	b.Reset()
	renderBuffers.Put(b)
}

// serverError logs err with the request's context and shows the error page
// with the request id, which lets support find the log line; it is for our
// faults, never for bad input. An unreachable database gets 503 (try again).
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	id := middleware.GetReqID(r.Context())
	status := http.StatusInternalServerError
	if isUnavailable(err) {
		status = http.StatusServiceUnavailable
		w.Header().Set("Retry-After", "5")
	}
	s.Log.Error("request failed", "method", r.Method, "path", logPath(r),
		"status", status, "request_id", id, "err", err)
	var buf bytes.Buffer
	if web.ServerError(id).Render(r.Context(), &buf) != nil {
		http.Error(w, "Något gick fel.", status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// isUnavailable reports whether err means the database could not be reached,
// which deserves a 503 (try again) rather than a 500.
func isUnavailable(err error) bool {
	var netErr net.Error
	var connErr *pgconn.ConnectError
	return errors.As(err, &netErr) || errors.As(err, &connErr) || pgconn.SafeToRetry(err) ||
		errors.Is(err, auth.ErrBusy)
}

// notFound answers an address that matched no route.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	// An address under /en that matched no page is answered in English.
	if web.LocaleOf(r.Context()).Path == "" && strings.HasPrefix(r.URL.Path, web.EnglishPrefix+"/") {
		r = r.WithContext(web.WithLocale(r.Context(), web.Locale{Lang: web.English}))
	}
	s.serveError(w, r, errNotFound)
}

func (s *Server) forbidden(w http.ResponseWriter, r *http.Request) {
	s.serveError(w, r, errForbidden)
}

// infallible adapts a handler that answers every request itself, such as
// the file server, to a route.
func infallible(h http.Handler) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		h.ServeHTTP(w, r)
		return nil
	}
}
