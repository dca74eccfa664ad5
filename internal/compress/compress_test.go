package compress

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestNegotiate(t *testing.T) {
	for _, c := range []struct{ header, want string }{
		{"", ""},
		{"gzip", "gzip"},
		{"br", "br"},
		{"gzip, deflate, br, zstd", "br"},
		{"br;q=0.5, gzip", "gzip"},
		{"br;q=0, gzip;q=0", ""},
		{"BR", "br"},
		{"*", "br"},
		{"*;q=0", ""},
		{"gzip, *;q=0", "gzip"},
		{"identity", ""},
		{"deflate", ""},
		{"br;q=abc, gzip", "gzip"},
	} {
		if got := Negotiate(c.header, Brotli, Gzip); got != c.want {
			t.Errorf("Negotiate(%q) = %q, want %q", c.header, got, c.want)
		}
	}
}

func TestCompressible(t *testing.T) {
	for ct, want := range map[string]bool{
		"text/html; charset=utf-8": true, "text/css; charset=utf-8": true, "image/svg+xml": true,
		"application/json": true, "text/csv; charset=utf-8": true, "application/xml; charset=utf-8": true,
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": false,
		"image/png": false, "": false, "application/octet-stream": false,
	} {
		if got := Compressible(ct); got != want {
			t.Errorf("Compressible(%q) = %v", ct, got)
		}
	}
}

// TestMiddleware: the body survives the round trip; small, binary and
// already encoded responses pass as they are.
func TestMiddleware(t *testing.T) {
	big := strings.Repeat("<p>Modellkonceptet för jämställdhet</p>\n", 100)
	cases := []struct {
		name, contentType, encoding, body, accept, want string
		writes                                          int
	}{
		{"html in pieces", "text/html; charset=utf-8", "", big, "br", "br", 7},
		{"gzip first when both are taken", "text/html; charset=utf-8", "", big, "gzip, deflate, br", "gzip", 2},
		{"brotli when preferred", "text/html; charset=utf-8", "", big, "gzip;q=0.5, br", "br", 2},
		{"html, gzip", "text/html; charset=utf-8", "", big, "gzip", "gzip", 1},
		{"small html", "text/html; charset=utf-8", "", "<p>hej</p>", "br", "", 1},
		{"just under the limit", "text/css", "", strings.Repeat("a", MinSize-1), "br", "", 3},
		{"at the limit", "text/css", "", strings.Repeat("a", MinSize), "br", "br", 3},
		{"binary", "image/png", "", big, "br", "", 1},
		{"already encoded", "text/html", "gzip", big, "br", "gzip", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", c.contentType)
				if c.encoding != "" {
					w.Header().Set("Content-Encoding", c.encoding)
				}
				step := len(c.body)/c.writes + 1
				for i := 0; i < len(c.body); i += step {
					_, _ = io.WriteString(w, c.body[i:min(i+step, len(c.body))])
				}
			}))
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.Header.Set("Accept-Encoding", c.accept)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if got := rec.Header().Get("Content-Encoding"); got != c.want {
				t.Fatalf("Content-Encoding %q, want %q", got, c.want)
			}
			body := rec.Body.Bytes()
			if c.encoding == "" {
				body = decode(t, c.want, body)
			}
			if string(body) != c.body {
				t.Errorf("body changed: %d bytes, want %d", len(body), len(c.body))
			}
		})
	}
	// A 304 or 204 has no body to compress.
	h := Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotModified)
	}))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Accept-Encoding", "br")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified || rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("304: %d %q", rec.Code, rec.Header().Get("Content-Encoding"))
	}
}

func decode(t testing.TB, encoding string, b []byte) []byte {
	t.Helper()
	var r io.Reader
	switch encoding {
	case "":
		return b
	case Gzip:
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case Brotli:
		r = brotli.NewReader(bytes.NewReader(b))
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// BenchmarkEncode compresses the stylesheet and the organisation list as
// rendered (testdata, 45 KB) at the levels used per request and for kept
// bodies, and reports the sizes.
func BenchmarkEncode(b *testing.B) {
	for _, name := range []string{"../../web/static/style.css", "testdata/organisationer.html"} {
		body, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Base(name), func(b *testing.B) { benchmarkEncode(b, body) })
	}
}

func benchmarkEncode(b *testing.B, body []byte) {
	for _, enc := range []string{Brotli, Gzip} {
		for _, keep := range []bool{false, true} {
			name := enc + "/per-request"
			if keep {
				name = enc + "/kept"
			}
			b.Run(name, func(b *testing.B) {
				var out bytes.Buffer
				b.SetBytes(int64(len(body)))
				for b.Loop() {
					out.Reset()
					w, _ := newWriter(&out, enc, keep)
					_, _ = w.Write(body)
					_ = w.Close()
				}
				b.ReportMetric(float64(out.Len()), "bytes-out")
				b.ReportMetric(float64(len(body)), "bytes-in")
			})
		}
	}
}
