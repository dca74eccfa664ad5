package server

import "net/http"

// privateResponses keeps responses with personal data out of every cache:
// all responses vary by the session cookie, and everything sent to a
// signed-in (or half signed-in) person is no-store, whatever the handler set (open data, for
// instance, is public to the anonymous but shows a person's menu to them).
func (s *Server) privateResponses(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Cookie")
		// Someone between password and second factor sees their address
		// and, while enrolling, a new authenticator secret.
		if userFrom(r) == nil && pendingFrom(r) == nil {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(&startWriter{ResponseWriter: w, start: setNoStore}, r)
	})
}

// noStore marks every response of a route as not to be stored: pages that
// show a person's name or address, or a form token.
func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&startWriter{ResponseWriter: w, start: setNoStore}, r)
	})
}

// setNoStore sets Cache-Control: no-store as the response starts, over
// anything set before.
func setNoStore(h http.Header) { h.Set("Cache-Control", "no-store") }
