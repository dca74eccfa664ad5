package server

import (
	"bytes"
	"net/http"
	"strings"
	"time"

	"modellportalen/internal/pagecache"
)

var timeZero time.Time

// conditional gives a public page an ETag, a hash of what was rendered, and
// answers 304 Not Modified when the browser already has that version. The
// page cache does the same for the pages it keeps; this covers a fresh
// render (a cache miss, a visitor with cookies, the cache turned off).
func conditional(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		bw := &bufferedWriter{ResponseWriter: w}
		next.ServeHTTP(bw, r)
		bw.send(r)
	})
}

// bufferedWriter holds a response back until the handler has finished, so
// that its hash can go into a header before the body.
type bufferedWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *bufferedWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *bufferedWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.body.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *bufferedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *bufferedWriter) send(r *http.Request) {
	if w.status == 0 {
		return // nothing written: net/http sends an empty 200
	}
	h := w.Header()
	if w.status == http.StatusOK && h.Get("ETag") == "" && !strings.Contains(h.Get("Cache-Control"), "no-store") {
		etag := pagecache.ETag(w.body.Bytes())
		h.Set("ETag", etag)
		if pagecache.NotModified(r, etag, timeZero) {
			h.Del("Content-Type")
			h.Del("Content-Length")
			w.ResponseWriter.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.ResponseWriter.WriteHeader(w.status)
	_, _ = w.body.WriteTo(w.ResponseWriter)
}
