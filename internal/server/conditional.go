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
		bw := &bufferedWriter{ResponseWriter: w, r: r}
		next.ServeHTTP(bw, r)
		bw.send()
	})
}

// bufferedWriter holds a response back until the handler has finished, so
// that its hash can go into a header before the body. A handler that sets
// the ETag itself (for a body it keeps, with the ETag computed once) is
// answered at its first write and its body passes straight through.
type bufferedWriter struct {
	http.ResponseWriter
	r      *http.Request
	status int
	body   bytes.Buffer
	// direct: the header has gone out with the handler's ETag; notModified:
	// as a 304, so the body is dropped.
	direct, notModified bool
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
	if !w.direct && w.body.Len() == 0 && w.status == http.StatusOK && w.Header().Get("ETag") != "" {
		w.direct = true
		w.notModified = w.sendHeader()
	}
	switch {
	case w.notModified:
		return len(b), nil
	case w.direct:
		return w.ResponseWriter.Write(b)
	}
	return w.body.Write(b)
}

// sendHeader sends the status and header, or 304 Not Modified when the
// browser has this version.
func (w *bufferedWriter) sendHeader() (notModified bool) {
	h := w.Header()
	if w.status == http.StatusOK && !strings.Contains(h.Get("Cache-Control"), "no-store") {
		etag := h.Get("ETag")
		if etag == "" {
			etag = pagecache.ETag(w.body.Bytes())
			h.Set("ETag", etag)
		}
		if pagecache.NotModified(w.r, etag, timeZero) {
			h.Del("Content-Type")
			h.Del("Content-Length")
			w.ResponseWriter.WriteHeader(http.StatusNotModified)
			return true
		}
	}
	w.ResponseWriter.WriteHeader(w.status)
	return false
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *bufferedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *bufferedWriter) send() {
	if w.status == 0 || w.direct {
		return // nothing written (net/http sends an empty 200), or sent already
	}
	if !w.sendHeader() {
		_, _ = w.body.WriteTo(w.ResponseWriter)
	}
}
