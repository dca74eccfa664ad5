// Command bench measures the portal under load, end to end: it builds the
// binary, starts a private PostgreSQL cluster, migrates, seeds and loads the
// bulk data set, starts `portal serve` on it and drives each page with a
// fixed number of concurrent connections for a fixed time. It prints, per
// page, requests per second, median and 99th-percentile latency, errors, the
// share of the trivial handler's throughput, and database queries per
// uncached render; then the portal's peak RSS.
//
//	go run ./cmd/bench                 # what `make bench` runs
//	go run ./cmd/bench -d 3s -c 16     # shorter, fewer connections
//
// Everything listens on 127.0.0.1 and is torn down at the end.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"modellportalen/internal/auth"
	"modellportalen/internal/bulk"
	"modellportalen/internal/pgcluster"
	portalmodel "modellportalen/internal/portal"
	"modellportalen/internal/seed"
	"modellportalen/internal/store"
)

// page is one row of the table. A page not built yet has no path; adding it
// later is one line here. A signed-in page names the user it is fetched as
// and has {round} or {organisation} in its path, filled in by load.
type page struct {
	name, path string
	ceiling    bool   // the trivial handler others are compared with
	as         string // e-mail address of the bench user to sign in as
}

// The bench's users, made by load; both have benchPassword.
const (
	benchStaff    = "bench-projektledare@skr.example"
	benchContact  = "bench-kontakt@umea.example"
	benchPassword = "bänken mäter sidorna"
)

var pages = []page{
	{name: "trivial handler (/healthz)", path: "/healthz", ceiling: true},
	{name: "public round page", path: "/omgangar/2019"},
	{name: "public round page (bulk round)", path: "/omgangar/" + bulk.RoundSlug(10)},
	{name: "organisation page", path: "/organisationer/umeå"},
	{name: "home page", path: "/"},
	{name: "staff dashboard", path: "/personal/omgangar/{round}", as: benchStaff},
	{name: "contact page (signed in)", path: "/mina-sidor/organisationer/{organisation}", as: benchContact},
}

// Targets from issue 7.
const (
	targetShare = 0.5                   // round page throughput / ceiling
	targetP99   = 25 * time.Millisecond // round page
	targetRSSMB = 80
)

func main() {
	duration := flag.Duration("d", 10*time.Second, "load duration per page")
	conns := flag.Int("c", 32, "concurrent connections")
	uncached := flag.Bool("uncached", true, "also measure with the page cache off")
	flag.Parse()
	if err := run(*duration, *conns, *uncached); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(duration time.Duration, conns int, uncached bool) error {
	tmp, err := os.MkdirTemp("", "portal-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "portal")
	step("building the portal")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/portal").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}

	step("starting a private PostgreSQL cluster")
	cluster, err := pgcluster.StartPrivate(nil)
	if err != nil {
		return err
	}
	defer cluster.Destroy()
	ids, err := load(cluster.URL)
	if err != nil {
		return err
	}
	for i := range pages {
		pages[i].path = strings.NewReplacer("{round}", ids.round, "{organisation}", ids.organisation).Replace(pages[i].path)
	}

	modes := []bool{true}
	if uncached {
		modes = append(modes, false)
	}
	for _, cached := range modes {
		if err := measure(bin, cluster.URL, cached, duration, conns); err != nil {
			return err
		}
	}
	return nil
}

func step(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

// benchIDs are the records the signed-in pages show: the bulk round the
// staff dashboard is about and the organisation whose contact signs in.
type benchIDs struct{ round, organisation string }

func load(dbURL string) (benchIDs, error) {
	var ids benchIDs
	ctx := context.Background()
	step("migrating, seeding and loading the bulk data set")
	if err := store.Migrate(dbURL); err != nil {
		return ids, err
	}
	pool, err := store.Open(ctx, dbURL)
	if err != nil {
		return ids, err
	}
	defer pool.Close()
	if err := seed.Run(ctx, pool); err != nil {
		return ids, fmt.Errorf("seed: %w", err)
	}
	start := time.Now()
	st, err := bulk.Load(ctx, pool, 1)
	if err != nil {
		return ids, fmt.Errorf("bulk: %w", err)
	}
	step("bulk data in %v: %d rounds, %d participations, %d groups, %d delegates, %d improvement works, %d meetings",
		time.Since(start).Round(time.Millisecond), st.Rounds, st.Participations, st.Groups, st.Delegates, st.ImprovementWorks, st.Meetings)

	s := store.New(pool)
	round, err := s.RoundBySlug(ctx, bulk.RoundSlug(10))
	if err != nil {
		return ids, fmt.Errorf("bench round: %w", err)
	}
	org, err := s.OrganisationBySlug(ctx, "umeå")
	if err != nil {
		return ids, fmt.Errorf("bench organisation: %w", err)
	}
	ids = benchIDs{round: strconv.FormatInt(round.ID, 10), organisation: strconv.FormatInt(org.ID, 10)}
	hash, err := auth.HashPassword(benchPassword)
	if err != nil {
		return ids, err
	}
	for _, u := range []store.NewUser{
		{Name: "Bänkens projektledare", Email: benchStaff, Role: portalmodel.UserProjectLeader, PasswordHash: hash},
		{Name: "Bänkens kontaktperson", Email: benchContact, Role: portalmodel.UserContact, PasswordHash: hash, OrganisationIDs: []int64{org.ID}},
	} {
		if _, err := s.CreateUser(ctx, store.System("bench"), u, nil, nil); err != nil {
			return ids, fmt.Errorf("bench user %s: %w", u.Email, err)
		}
	}
	_, err = pool.Exec(ctx, "VACUUM ANALYZE")
	return ids, err
}

// signIn logs in as email on the portal at base, as a browser would: the
// login form's CSRF token, then the form. It returns the session cookie.
func signIn(base, email string) (*http.Cookie, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(base + "/logga-in")
	if err != nil {
		return nil, err
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindSubmatch(page)
	if m == nil {
		return nil, fmt.Errorf("no CSRF token on the login page (status %d)", res.StatusCode)
	}
	res, err = c.PostForm(base+"/logga-in", url.Values{"csrf_token": {string(m[1])}, "email": {email}, "password": {benchPassword}})
	if err != nil {
		return nil, err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("sign in as %s: status %d", email, res.StatusCode)
	}
	u, _ := url.Parse(base)
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "session" || ck.Name == "__Host-session" {
			return ck, nil
		}
	}
	return nil, fmt.Errorf("sign in as %s: no session cookie", email)
}

type portal struct {
	cmd    *exec.Cmd
	base   string
	exited chan error
}

func startPortal(bin, dbURL string, cached bool) (*portal, error) {
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR=127.0.0.1:0", "PORTAL_DEBUG_QUERIES=1")
	if !cached {
		cmd.Env = append(cmd.Env, "PORTAL_PAGE_CACHE=off")
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &portal{cmd: cmd, exited: make(chan error, 1)}
	found := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`running at (http://[^/\s]+)/`)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	go func() { p.exited <- cmd.Wait() }()
	select {
	case p.base = <-found:
	case err := <-p.exited:
		return nil, fmt.Errorf("portal exited at start: %v", err)
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		return nil, errors.New("portal did not start within 30 s")
	}
	// With the cache on, wait until its listener has connected, or every
	// request would bypass it.
	for deadline := time.Now().Add(10 * time.Second); cached; time.Sleep(50 * time.Millisecond) {
		res, err := http.Get(p.base + "/omgangar")
		if err == nil {
			res.Body.Close()
			if res.Header.Get("X-Cache") != "bypass" {
				break
			}
		}
		if time.Now().After(deadline) {
			return nil, errors.New("page cache did not come up within 10 s")
		}
	}
	return p, nil
}

func (p *portal) stop() error {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.exited:
		return err
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		return errors.New("portal did not stop within 30 s of SIGTERM")
	}
}

// peakRSS reads the process's high-water mark of resident memory.
func (p *portal) peakRSS() (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, err := strconv.Atoi(f[1])
			return kb / 1024, err
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

type result struct {
	requests, errors int
	rps              float64
	p50, p99         time.Duration
	queries          string
}

func measure(bin, dbURL string, cached bool, duration time.Duration, conns int) error {
	mode := "page cache on"
	if !cached {
		mode = "page cache off"
	}
	step("portal with %s: %d connections, %v per page", mode, conns, duration)
	p, err := startPortal(bin, dbURL, cached)
	if err != nil {
		return err
	}
	defer p.stop()

	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true},
	}
	results := make([]*result, len(pages))
	for i, pg := range pages {
		if pg.path == "" {
			continue
		}
		// A signed-in page is fetched with the session cookie; a request
		// with a cookie never goes through the page cache.
		var cookie *http.Cookie
		if pg.as != "" {
			if cookie, err = signIn(p.base, pg.as); err != nil {
				return err
			}
		}
		// The first request renders the page (a cache miss when the cache
		// is on) and reports what that cost in queries.
		queries := "?"
		if res, err := get(client, p.base+pg.path, cookie); err == nil {
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				return fmt.Errorf("GET %s: status %d", pg.path, res.StatusCode)
			}
			if q := res.Header.Get("X-Query-Count"); q != "" {
				queries = q
			}
		}
		step("  %s", pg.name)
		hammer(client, p.base+pg.path, cookie, conns, time.Second) // warm up
		results[i] = hammer(client, p.base+pg.path, cookie, conns, duration)
		results[i].queries = queries
	}
	rss, err := p.peakRSS()
	if err != nil {
		return err
	}
	report(mode, conns, duration, results, rss, cached)
	return nil
}

func get(client *http.Client, url string, cookie *http.Cookie) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	if cookie != nil {
		req.AddCookie(cookie)
	}
	return client.Do(req)
}

// hammer sends requests to url, with the cookie if any, from conns
// goroutines for d.
func hammer(client *http.Client, url string, cookie *http.Cookie, conns int, d time.Duration) *result {
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		latencies []time.Duration
		errs      int
	)
	deadline := time.Now().Add(d)
	start := time.Now()
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for time.Now().Before(deadline) {
				t0 := time.Now()
				res, err := get(client, url, cookie)
				if err == nil {
					_, err = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if err == nil && res.StatusCode != http.StatusOK {
						err = errors.New(res.Status)
					}
				}
				if err != nil {
					bad++
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			errs += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	r := &result{requests: len(latencies), errors: errs, rps: float64(len(latencies)) / elapsed.Seconds()}
	if n := len(latencies); n > 0 {
		r.p50 = latencies[n/2]
		r.p99 = latencies[min(n-1, n*99/100)]
	}
	return r
}

func report(mode string, conns int, d time.Duration, results []*result, rssMB int, cached bool) {
	var ceiling float64
	for i, pg := range pages {
		if pg.ceiling && results[i] != nil {
			ceiling = results[i].rps
		}
	}
	fmt.Printf("\n%s, %d connections, %v per page, bulk data set (%d generated rounds)\n\n", mode, conns, d, bulk.Rounds)
	fmt.Printf("| %-32s | %9s | %8s | %8s | %6s | %10s | %7s |\n", "page", "req/s", "p50", "p99", "errors", "of ceiling", "queries")
	fmt.Printf("|%s|%s|%s|%s|%s|%s|%s|\n", strings.Repeat("-", 34), strings.Repeat("-", 11), strings.Repeat("-", 10),
		strings.Repeat("-", 10), strings.Repeat("-", 8), strings.Repeat("-", 12), strings.Repeat("-", 9))
	for i, pg := range pages {
		r := results[i]
		if r == nil {
			fmt.Printf("| %-32s | %-68s |\n", pg.name, "n/a (not built yet)")
			continue
		}
		share := "—"
		if ceiling > 0 && !pg.ceiling {
			share = fmt.Sprintf("%.0f %%", 100*r.rps/ceiling)
		}
		fmt.Printf("| %-32s | %9.0f | %8s | %8s | %6d | %10s | %7s |\n", pg.name, r.rps, ms(r.p50), ms(r.p99), r.errors, share, r.queries)
	}
	fmt.Printf("\npeak RSS of the portal (VmHWM): %d MB\n", rssMB)
	if !cached {
		return
	}
	round := results[1]
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "NOT met"
	}
	fmt.Printf("targets: round page ≥ %.0f %% of ceiling: %s (%.0f %%); round page p99 < %v: %s (%s); RSS < %d MB: %s\n",
		100*targetShare, verdict(round.rps >= targetShare*ceiling), 100*round.rps/ceiling,
		targetP99, verdict(round.p99 < targetP99), ms(round.p99), targetRSSMB, verdict(rssMB < targetRSSMB))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
