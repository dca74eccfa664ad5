package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

// testApp is a portal served by httptest on its own seeded database.
type testApp struct {
	URL    string
	Store  *store.Store
	Server *Server
	// clockOffset moves the server's clock (Server.Now) ahead of the real
	// one, in nanoseconds: for the 15 minutes of step-up, and so that each
	// sign-in with an authenticator-app code falls in a time step of its own
	// (a code is refused a second time).
	clockOffset atomic.Int64
}

// now is the server's clock.
func (a *testApp) now() time.Time { return time.Now().Add(time.Duration(a.clockOffset.Load())) }

// advance moves the server's clock forward.
func (a *testApp) advance(d time.Duration) { a.clockOffset.Add(int64(d)) }

func newTestApp(t *testing.T) *testApp {
	t.Helper()
	return newTestAppConfig(t, Config{})
}

// newTestAppConfig is newTestApp with the server configured as given.
func newTestAppConfig(t *testing.T, cfg Config) *testApp {
	t.Helper()
	st := store.New(testdb.Seeded(t))
	s := New(st, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
	app := &testApp{Store: st, Server: s}
	s.Now = app.now
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	app.URL = ts.URL
	return app
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
