package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

// testApp is a portal served by httptest on its own seeded database.
type testApp struct {
	URL    string
	Store  *store.Store
	Server *Server
}

func newTestApp(t *testing.T) *testApp {
	t.Helper()
	return newTestAppConfig(t, Config{})
}

// newTestAppConfig is newTestApp with the server configured as given.
func newTestAppConfig(t *testing.T, cfg Config) *testApp {
	t.Helper()
	st := store.New(testdb.Seeded(t))
	s := New(st, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return &testApp{URL: ts.URL, Store: st, Server: s}
}

// get fetches path without following redirects and returns status and body.
func (a *testApp) get(t *testing.T, path string) (int, string) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(a.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return res.StatusCode, string(b)
}

// textOf strips tags and folds white space, so assertions read like what a
// person sees.
func textOf(html string) string {
	var b strings.Builder
	in := false
	for _, r := range html {
		switch {
		case r == '<':
			in = true
			b.WriteRune(' ')
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
