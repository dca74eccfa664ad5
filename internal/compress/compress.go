// Package compress chooses and applies a content encoding (Brotli or gzip)
// for text responses: a middleware for responses rendered on each request,
// and Encode for bodies kept and served many times (the page cache, static
// files).
//
// Only text compresses well enough to be worth it, and only past about a
// kilobyte: below that the saving is a packet at most, and already
// compressed formats (xlsx, png) would only grow.
package compress

import (
	"bytes"
	"compress/gzip"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// MinSize is the smallest body that is compressed.
const MinSize = 1024

// Encodings a response can have, best first.
const (
	Brotli = "br"
	Gzip   = "gzip"
)

// Compressible reports whether a response of this Content-Type is text
// worth compressing: HTML, CSS, SVG, JSON, CSV, XML, JavaScript and plain text.
func Compressible(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	switch mt {
	case "text/html", "text/css", "text/csv", "text/plain", "text/xml", "text/javascript",
		"image/svg+xml", "application/json", "application/xml", "application/javascript":
		return true
	}
	return false
}

// Negotiate returns the encoding the client prefers among those offered
// (best first), or "" for none. It follows RFC 9110's Accept-Encoding: a
// q-value of 0 refuses a coding, "*" stands for those not named, and on a
// tie the earlier offer wins.
func Negotiate(acceptEncoding string, offers ...string) string {
	if acceptEncoding == "" {
		return ""
	}
	type spec struct {
		coding string
		q      float64
	}
	var specs []spec
	for _, part := range strings.Split(acceptEncoding, ",") {
		coding, params, _ := strings.Cut(part, ";")
		s := spec{coding: strings.ToLower(strings.TrimSpace(coding)), q: 1}
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				continue
			}
			s.q = q
		}
		specs = append(specs, s)
	}
	best, bestQ := "", 0.0
	for _, offer := range offers {
		q, wild := -1.0, -1.0
		for _, s := range specs {
			switch s.coding {
			case offer:
				q = max(q, s.q)
			case "*":
				wild = max(wild, s.q)
			}
		}
		if q < 0 {
			q = wild
		}
		if q > bestQ {
			best, bestQ = offer, q
		}
	}
	return best
}

// Encode compresses body with the encoding at a level suited to a body that
// is compressed once and served many times.
func Encode(encoding string, body []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := newWriter(&buf, encoding, true)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(body); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// newWriter returns a compressing writer; its Close ends the stream and
// gives it back for reuse. Bodies compressed per request use fast levels
// (Brotli 4, gzip 5: most of the saving at a fraction of the CPU); bodies
// kept use stronger ones. Brotli above 6 is several times slower in this
// pure-Go encoder for about 1 % less on the portal's pages
// (BenchmarkEncode), and a page is compressed again after every change.
func newWriter(w io.Writer, encoding string, keep bool) (io.WriteCloser, error) {
	var i int
	switch encoding {
	case Brotli:
	case Gzip:
		i = 2
	default:
		return nil, errUnknown(encoding)
	}
	if keep {
		i++
	}
	pw := writers[i].Get().(*pooledWriter)
	pw.Reset(w)
	return pw, nil
}

// resetWriter is a compressor that can start a new stream.
type resetWriter interface {
	io.WriteCloser
	Reset(io.Writer)
}

// pooledWriter returns its compressor to the pool on Close: each holds
// half a megabyte or more of tables, too much to allocate per response.
type pooledWriter struct {
	resetWriter
	pool *sync.Pool
}

func (p *pooledWriter) Close() error {
	err := p.resetWriter.Close()
	p.Reset(io.Discard)
	p.pool.Put(p)
	return err
}

// writers hold compressors: Brotli per request and kept, gzip per request
// and kept. A 512 KB Brotli window, not the default 4 MB: no page is that
// large, and the encoder's tables grow with the window.
var writers [4]sync.Pool

func init() {
	levels := []func() resetWriter{
		func() resetWriter {
			return brotli.NewWriterOptions(io.Discard, brotli.WriterOptions{Quality: 4, LGWin: 19})
		},
		func() resetWriter {
			return brotli.NewWriterOptions(io.Discard, brotli.WriterOptions{Quality: 6, LGWin: 19})
		},
		func() resetWriter { z, _ := gzip.NewWriterLevel(io.Discard, 5); return z },
		func() resetWriter { z, _ := gzip.NewWriterLevel(io.Discard, gzip.BestCompression); return z },
	}
	for i, f := range levels {
		writers[i].New = func() any { return &pooledWriter{resetWriter: f(), pool: &writers[i]} }
	}
}

type errUnknown string

func (e errUnknown) Error() string { return "compress: unknown encoding " + strconv.Quote(string(e)) }

// AddVary adds field to the response's Vary header unless it is there.
func AddVary(h http.Header, field string) {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f == "*" || strings.EqualFold(f, field) {
				return
			}
		}
	}
	h.Add("Vary", field)
}

// Middleware compresses the responses of next that are compressible text
// of at least MinSize bytes, with an encoding the client accepts. It holds
// back the first MinSize bytes to learn whether the body reaches that size.
// A response that already has a Content-Encoding (a cached page, a static
// file compressed in advance) passes through untouched.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &writer{ResponseWriter: w, accept: r.Header.Get("Accept-Encoding")}
		defer cw.finish()
		next.ServeHTTP(cw, r)
	})
}

// writer decides on compression once it has seen MinSize bytes, or the
// whole (smaller) body, and the headers.
type writer struct {
	http.ResponseWriter
	accept  string
	status  int
	buf     []byte
	decided bool
	enc     io.WriteCloser // nil: written as it is
	err     error
}

func (w *writer) WriteHeader(status int) {
	if w.decided || w.status != 0 {
		if w.decided {
			w.ResponseWriter.WriteHeader(status)
		}
		return
	}
	if status >= 100 && status < 200 {
		w.ResponseWriter.WriteHeader(status) // informational: the real answer follows
		return
	}
	w.status = status
	if !bodyAllowed(status) || w.Header().Get("Content-Encoding") != "" {
		w.decide(false)
	}
}

func (w *writer) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if !w.decided && w.Header().Get("Content-Encoding") != "" {
		w.decide(false)
	}
	if w.decided {
		if w.err != nil {
			return 0, w.err
		}
		if w.enc != nil {
			return w.enc.Write(p)
		}
		return w.ResponseWriter.Write(p)
	}
	if len(w.buf)+len(p) < MinSize {
		w.buf = append(w.buf, p...)
		return len(p), w.err
	}
	// Big enough to decide: send what was held back, then p as it is,
	// rather than copying a whole page (often written in one piece) into
	// the buffer first.
	w.decide(true)
	if w.err != nil {
		return 0, w.err
	}
	if w.enc != nil {
		return w.enc.Write(p)
	}
	return w.ResponseWriter.Write(p)
}

// decide sends the header, compressing if the body is big enough and the
// type and client allow, and then what was held back.
func (w *writer) decide(big bool) {
	w.decided = true
	h := w.Header()
	if big && w.status == http.StatusOK && h.Get("Content-Encoding") == "" && h.Get("Content-Range") == "" &&
		Compressible(h.Get("Content-Type")) {
		AddVary(h, "Accept-Encoding")
		// Per request gzip comes first where the browser takes both: at the
		// fast levels it is as small as Brotli and several times cheaper in
		// CPU (BenchmarkEncode). Kept bodies are worth Brotli's effort.
		if enc := Negotiate(w.accept, Gzip, Brotli); enc != "" {
			h.Set("Content-Encoding", enc)
			h.Del("Content-Length")
			h.Del("Accept-Ranges")
			w.enc, _ = newWriter(w.ResponseWriter, enc, false)
		}
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.ResponseWriter.WriteHeader(w.status)
	if len(w.buf) > 0 {
		if w.enc != nil {
			_, w.err = w.enc.Write(w.buf)
		} else {
			_, w.err = w.ResponseWriter.Write(w.buf)
		}
		w.buf = nil
	}
}

// finish sends a body that stayed under MinSize, or ends the compressed
// stream. A handler that wrote nothing at all is left to net/http.
func (w *writer) finish() {
	if !w.decided {
		if w.status == 0 && len(w.buf) == 0 {
			return
		}
		w.decide(false)
	}
	if w.enc != nil {
		_ = w.enc.Close()
	}
}

// Flush sends what is held back; a response that flushes early is
// streaming, so its first part decides.
func (w *writer) Flush() {
	if !w.decided {
		w.decide(len(w.buf) >= MinSize)
	}
	if f, ok := w.enc.(interface{ Flush() error }); ok {
		_ = f.Flush()
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func bodyAllowed(status int) bool {
	return status != http.StatusNoContent && status != http.StatusNotModified
}
