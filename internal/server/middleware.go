package server

import (
	"fmt"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5/middleware"
)

// logRequests logs one line per request with log/slog.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		s.Log.Info("request", "method", r.Method, "path", logPath(r), "status", ww.Status(),
			"bytes", ww.BytesWritten(), "duration", time.Since(start),
			"request_id", middleware.GetReqID(r.Context()))
	})
}

// recoverPanics turns a panicking handler into a logged 500 page.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.serverError(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets a strict policy: the portal needs no inline script or
// style and no third-party content, so the CSP allows only its own origin.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; "+
			"base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// startWriter calls start with the headers once, as the response starts:
// the last moment a header can be set, when the handler has done all it
// will (so a query count is complete and no-store wins over what the
// handler set).
type startWriter struct {
	http.ResponseWriter
	start   func(http.Header)
	started bool
}

func (w *startWriter) WriteHeader(status int) {
	if !w.started {
		w.started = true
		w.start(w.Header())
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *startWriter) Write(b []byte) (int, error) {
	if !w.started {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *startWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
