package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"modellportalen/internal/testdb"
)

// A flood of sign-ins from 200 addresses at once must not grow the portal
// without bound: each argon2id check takes 19 MiB, so the number computed
// at once is capped and the rest wait briefly or get 503 with Retry-After.
// The peak resident set of the running binary is read from /proc.
// PORTAL_FLOOD_BINARY names another build to measure (e.g. an older one).
func TestLoginFloodPeakMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	const flood = 200
	const limitKB = 150 * 1024
	bin := os.Getenv("PORTAL_FLOOD_BINARY")
	if bin == "" {
		bin = buildPortal(t)
	}
	// An empty database, which serve migrates: sign-ins need no data, and
	// an older binary gets the schema it knows.
	portal, addrs := startPortal(t, bin, []string{"DATABASE_URL=" + testdb.NewURL(t), "ADDR=127.0.0.1:0",
		"TRUSTED_PROXIES=127.0.0.1/32", "PORTAL_PAGE_CACHE=off"}, publicAddr)
	base := addrs[0]

	// Every browser first loads the form, for its CSRF token.
	type browser struct {
		c     *http.Client
		token string
	}
	csrf := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)
	browsers := make([]browser, flood)
	for i := range browsers {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Timeout: 60 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := c.Get(base + "/logga-in")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		m := csrf.FindSubmatch(b)
		if m == nil {
			t.Fatalf("no CSRF token on the login page (%d)", res.StatusCode)
		}
		browsers[i] = browser{c: c, token: string(m[1])}
	}

	before := vmHWM(t, portal.cmd.Process.Pid)
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	var bad []string
	start := make(chan struct{})
	for i, b := range browsers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form := url.Values{"email": {fmt.Sprintf("person%d@example.se", i)}, "password": {"fel lösenord " + strconv.Itoa(i)},
				"csrf_token": {b.token}}
			req, _ := http.NewRequest(http.MethodPost, base+"/logga-in", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.%d.%d", i/250, i%250+1))
			<-start
			res, err := b.c.Do(req)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				bad = append(bad, err.Error())
				return
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			statuses[res.StatusCode]++
			if res.StatusCode == http.StatusServiceUnavailable &&
				(res.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "loggar väldigt många in")) {
				bad = append(bad, "503 without Retry-After or without the sign-in form's message")
			}
		}()
	}
	close(start)
	wg.Wait()
	peak := vmHWM(t, portal.cmd.Process.Pid)
	t.Logf("200 parallel sign-ins from 200 addresses: statuses %v, peak RSS %d MiB (%d MiB before the flood)",
		statuses, peak/1024, before/1024)
	if len(bad) > 0 {
		t.Errorf("%d requests failed, e.g. %s", len(bad), bad[0])
	}
	if statuses[http.StatusUnprocessableEntity]+statuses[http.StatusServiceUnavailable] != flood || statuses[http.StatusUnprocessableEntity] == 0 {
		t.Errorf("statuses %v; want wrong-password pages (422) and the rest 503", statuses)
	}
	if peak >= limitKB {
		t.Errorf("peak RSS %d MiB; want below %d MiB", peak/1024, limitKB/1024)
	}
}

// vmHWM returns the process's peak resident set size in KiB.
func vmHWM(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("no VmHWM in /proc/%d/status", pid)
	}
	kb, _ := strconv.Atoi(string(m[1]))
	return kb
}
