package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"modellportalen/internal/testdb"
)

// With METRICS_ADDR set, the binary serves the named metrics and pprof on
// that address, and neither on the public one.
func TestMetricsListener(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	_, addrs := startPortal(t, buildPortal(t), []string{"DATABASE_URL=" + testdb.URLOf(t, testdb.Seeded(t)),
		"ADDR=127.0.0.1:0", "METRICS_ADDR=127.0.0.1:0", "SHUTDOWN_GRACE=0"}, publicAddr, metricsAddr)
	public, internal := addrs[0], addrs[1]

	get := func(u string) (int, string) {
		t.Helper()
		res, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	// Traffic for the metrics to show: a public page and a failed sign-in.
	if code, _ := get(public + "/omgangar/2019"); code != http.StatusOK {
		t.Fatalf("GET /omgangar/2019: %d", code)
	}
	failSignIn(t, public)

	code, body := get(internal + "/metrics")
	if code != http.StatusOK {
		t.Fatalf("GET metrics /metrics: %d", code)
	}
	for _, want := range []string{
		`portal_http_request_duration_seconds_count{route="/omgangar/{slug}",status="2xx"} 1`,
		`portal_http_request_duration_seconds_count{route="/logga-in",status="4xx"} 1`,
		"portal_http_requests_in_flight ",
		"portal_db_pool_acquired_connections ",
		"portal_db_pool_idle_connections ",
		"portal_db_pool_total_connections ",
		"portal_db_pool_acquire_waits_total ",
		"portal_db_pool_acquire_wait_seconds_total ",
		"portal_pagecache_hits_total ",
		"portal_pagecache_misses_total ",
		"portal_pagecache_bypasses_total ",
		"portal_outbox_pending 0",
		"portal_mail_send_failures_total 0",
		"portal_signin_failures_total 1",
		"portal_signin_locked_total 0",
		"go_goroutines ",
		"process_resident_memory_bytes ",
	} {
		if !strings.Contains(body, "\n"+want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if code, body := get(internal + "/debug/pprof/"); code != http.StatusOK || !strings.Contains(body, "goroutine") {
		t.Errorf("GET metrics /debug/pprof/: %d", code)
	}
	if code, _ := get(internal + "/debug/pprof/heap"); code != http.StatusOK {
		t.Errorf("GET metrics /debug/pprof/heap: %d", code)
	}
	for _, p := range []string{"/metrics", "/debug/pprof/", "/debug/pprof/heap", "/debug/pprof/profile?seconds=1"} {
		if code, _ := get(public + p); code != http.StatusNotFound {
			t.Errorf("public GET %s: %d, want 404", p, code)
		}
	}
}

// failSignIn signs in with a wrong password through the form, as a browser
// would.
func failSignIn(t *testing.T, base string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.Get(base + "/logga-in")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF token on the login page")
	}
	res, err = c.PostForm(base+"/logga-in", url.Values{"csrf_token": {string(m[1])}, "email": {"nobody@example.se"}, "password": {"not the password"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("failed sign-in: status %d, want 422", res.StatusCode)
	}
}
