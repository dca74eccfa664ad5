// Command bench measures the portal under load, end to end: it builds the
// binary, starts a private PostgreSQL cluster, migrates, seeds and loads the
// bulk data set, starts `portal serve` on it and drives each page with a
// fixed number of concurrent connections for a fixed time. It prints, per
// page, requests per second, median and 99th-percentile latency, errors, the
// share of the trivial handler's throughput, and database queries per
// uncached render, first after start and then with the kept public data
// warm; then the portal's peak RSS.
//
//	go run ./cmd/bench                 # what `make bench` runs
//	go run ./cmd/bench -d 3s -c 16     # shorter, fewer connections
//	go run ./cmd/bench -pages 'home|organisation' -uncached-only -cpuprofile /tmp/prof
//
// With -cpuprofile or -memprofile, the portal serves pprof on a metrics
// listener of its own (METRICS_ADDR) and the bench fetches a CPU profile,
// or the allocations, over each page's measured seconds into one file per
// page and mode in the directory given; `go tool pprof -top FILE` reads one.
// Profiling costs the portal some throughput, so compare figures of runs
// made alike.
//
// Everything listens on 127.0.0.1 and is torn down at the end.
package main

import (
	"bufio"
	"bytes"
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
	key        string // short name for profile files
}

// The bench's users, made by load; both have benchPassword.
const (
	benchStaff = "bench-projektledare@skr.example"
	// benchTOTPSecret is the bench staff's authenticator-app secret.
	benchTOTPSecret = "BENCHPROJEKTLEDAREMODELLPORTALEN"
	benchContact    = "bench-kontakt@umea.example"
	benchPassword   = "bänken mäter sidorna"
)

var pages = []page{
	{key: "healthz", name: "trivial handler (/healthz)", path: "/healthz", ceiling: true},
	{key: "round", name: "public round page", path: "/omgangar/2019"},
	{key: "bulkround", name: "public round page (bulk round)", path: "/omgangar/" + bulk.RoundSlug(10)},
	{key: "organisation", name: "organisation page", path: "/organisationer/umeå"},
	{key: "home", name: "home page", path: "/"},
	{key: "statistics", name: "statistics", path: "/statistik"},
	{key: "lineage", name: "mentor lineage", path: "/mentorkedjor"},
	{key: "csv", name: "open data CSV", path: "/oppna-data/deltagare.csv"},
	{key: "json", name: "open data JSON", path: "/oppna-data/deltagare.json"},
	{key: "dashboard", name: "staff dashboard", path: "/personal/omgangar/{round}", as: benchStaff},
	{key: "participants", name: "staff participants", path: "/personal/omgangar/{round}/deltagare", as: benchStaff},
	{key: "group", name: "staff group", path: "/personal/omgangar/{round}/grupper/{group}", as: benchStaff},
	{key: "contact", name: "contact page (signed in)", path: "/mina-sidor/organisationer/{organisation}", as: benchContact},
	{key: "delegate", name: "contact's delegate form", path: "/mina-sidor/organisationer/{organisation}/delegater/{delegate}", as: benchContact},
}

// What every page must reach, cached and uncached: a fifth of the ceiling
// (the trivial /healthz handler's throughput), a 99th percentile under
// 50 ms at the default 32 connections, and the server's memory under 80 MB.
const (
	targetShare = 0.2                   // throughput / ceiling
	targetP99   = 50 * time.Millisecond // at the default 32 connections
	targetRSSMB = 80
)

// options are the command line's.
type options struct {
	duration               time.Duration
	conns                  int
	cached, uncached       bool
	only                   *regexp.Regexp
	cpuProfile, memProfile string
}

func main() {
	var o options
	flag.DurationVar(&o.duration, "d", 10*time.Second, "load duration per page")
	flag.IntVar(&o.conns, "c", 32, "concurrent connections")
	flag.BoolVar(&o.uncached, "uncached", true, "also measure with the page cache off")
	uncachedOnly := flag.Bool("uncached-only", false, "measure only with the page cache off")
	only := flag.String("pages", "", "measure only pages whose key or name matches this regexp (the trivial handler always)")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of each page's load into this directory")
	flag.StringVar(&o.memProfile, "memprofile", "", "write the allocations of each page's load into this directory")
	flag.Parse()
	o.cached = !*uncachedOnly
	o.uncached = o.uncached || *uncachedOnly
	if *only != "" {
		re, err := regexp.Compile(*only)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: -pages:", err)
			os.Exit(2)
		}
		o.only = re
	}
	for _, dir := range []string{o.cpuProfile, o.memProfile} {
		if dir != "" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				fmt.Fprintln(os.Stderr, "bench:", err)
				os.Exit(1)
			}
		}
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(o options) error {
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
	fill := strings.NewReplacer("{round}", ids.round, "{organisation}", ids.organisation, "{group}", ids.group, "{delegate}", ids.delegate)
	for i := range pages {
		pages[i].path = fill.Replace(pages[i].path)
	}

	var modes []bool
	if o.cached {
		modes = append(modes, true)
	}
	if o.uncached {
		modes = append(modes, false)
	}
	for _, cached := range modes {
		if err := measure(bin, cluster.URL, cluster.DataDir(), cached, o); err != nil {
			return err
		}
	}
	return nil
}

func step(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

// benchIDs are the records the signed-in pages show: the bulk round the
// staff pages are about and its first group, the organisation whose contact
// signs in and its latest delegate.
type benchIDs struct{ round, organisation, group, delegate string }

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
	var group, delegate int64
	if err := pool.QueryRow(ctx, `SELECT id FROM benchmarking_groups WHERE round_id = $1 ORDER BY id LIMIT 1`, round.ID).Scan(&group); err != nil {
		return ids, fmt.Errorf("bench group: %w", err)
	}
	if err := pool.QueryRow(ctx, `SELECT d.id FROM delegates d JOIN participations p ON p.id = d.participation_id
		WHERE p.organisation_id = $1 ORDER BY d.id DESC LIMIT 1`, org.ID).Scan(&delegate); err != nil {
		return ids, fmt.Errorf("bench delegate: %w", err)
	}
	ids = benchIDs{round: strconv.FormatInt(round.ID, 10), organisation: strconv.FormatInt(org.ID, 10),
		group: strconv.FormatInt(group, 10), delegate: strconv.FormatInt(delegate, 10)}
	hash, err := auth.HashPassword(benchPassword)
	if err != nil {
		return ids, err
	}
	for _, u := range []store.NewUser{
		{Name: "Bänkens projektledare", Email: benchStaff, Role: portalmodel.UserProjectLeader, PasswordHash: hash},
		{Name: "Bänkens kontaktperson", Email: benchContact, Role: portalmodel.UserContact, PasswordHash: hash, OrganisationIDs: []int64{org.ID}},
	} {
		id, err := s.CreateUser(ctx, store.System("bench"), u, nil, nil)
		if err != nil {
			return ids, fmt.Errorf("bench user %s: %w", u.Email, err)
		}
		// Staff sign in with a second factor: an authenticator app whose
		// codes the bench computes.
		if u.Role.IsStaff() {
			if err := s.EnrolTOTP(ctx, store.System("bench"), id, benchTOTPSecret, 0, nil); err != nil {
				return ids, fmt.Errorf("bench user %s: %w", u.Email, err)
			}
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
	if res.Header.Get("Location") == "/verifiera" {
		if err := passTOTP(c, base); err != nil {
			return nil, fmt.Errorf("sign in as %s: %w", email, err)
		}
	}
	u, _ := url.Parse(base)
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "session" || ck.Name == "__Host-session" {
			return ck, nil
		}
	}
	return nil, fmt.Errorf("sign in as %s: no session cookie", email)
}

// passTOTP types the bench staff's current authenticator-app code into the
// second-factor form. A code works once, so when this time step's code was
// used already, it waits for the next step.
func passTOTP(c *http.Client, base string) error {
	for try := 0; try < 2; try++ {
		res, err := c.Get(base + "/verifiera")
		if err != nil {
			return err
		}
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindSubmatch(page)
		if m == nil {
			return fmt.Errorf("no CSRF token on the second-factor page (status %d)", res.StatusCode)
		}
		res, err = c.PostForm(base+"/verifiera", url.Values{"csrf_token": {string(m[1])},
			"code": {auth.TOTPCode(benchTOTPSecret, time.Now())}})
		if err != nil {
			return err
		}
		res.Body.Close()
		if res.StatusCode == http.StatusSeeOther {
			return nil
		}
		time.Sleep(time.Until(time.Now().Truncate(30 * time.Second).Add(31 * time.Second)))
	}
	return errors.New("second factor refused")
}

type portal struct {
	cmd     *exec.Cmd
	base    string
	metrics string // base URL of the metrics listener, when profiling
	exited  chan error
}

func startPortal(bin, dbURL string, cached, profile bool) (*portal, error) {
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR=127.0.0.1:0", "PORTAL_DEBUG_QUERIES=1", "SHUTDOWN_GRACE=0")
	if profile {
		cmd.Env = append(cmd.Env, "METRICS_ADDR=127.0.0.1:0")
	}
	if !cached {
		cmd.Env = append(cmd.Env, "PORTAL_PAGE_CACHE=off")
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	// The log is dropped but for its start, which says why a portal that
	// would not start failed.
	var stderr bytes.Buffer
	cmd.Stderr = &limitedWriter{w: &stderr, n: 4096}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &portal{cmd: cmd, exited: make(chan error, 1)}
	found := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`running at (http://[^/\s]+)/`)
		metricsRe := regexp.MustCompile(`Metrics and profiles at (http://[^/\s]+)/metrics`)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			// The metrics line comes first.
			if m := metricsRe.FindStringSubmatch(sc.Text()); m != nil {
				p.metrics = m[1]
			}
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
		return nil, fmt.Errorf("portal exited at start: %v\n%s", err, stderr.String())
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
	// CPU time per request of the portal and of PostgreSQL: unlike req/s,
	// these hardly move with what else the machine is doing.
	portalCPU, dbCPU time.Duration
	rps              float64
	p50, p99         time.Duration
	queries          string
}

func measure(bin, dbURL, dataDir string, cached bool, o options) error {
	duration, conns := o.duration, o.conns
	mode, modeKey := "page cache on", "cache-on"
	if !cached {
		mode, modeKey = "page cache off", "cache-off"
	}
	step("portal with %s: %d connections, %v per page", mode, conns, duration)
	p, err := startPortal(bin, dbURL, cached, o.cpuProfile != "" || o.memProfile != "")
	if err != nil {
		return err
	}
	defer p.stop()

	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true},
	}
	results := make([]*result, len(pages))
	// One sign-in per person for the portal: the staff's is two steps.
	cookies := map[string]*http.Cookie{}
	for i, pg := range pages {
		if pg.path == "" || !pg.ceiling && o.only != nil && !o.only.MatchString(pg.key) && !o.only.MatchString(pg.name) {
			continue
		}
		// A signed-in page is fetched with the session cookie; a request
		// with a cookie never goes through the page cache.
		var cookie *http.Cookie
		if pg.as != "" {
			if cookie = cookies[pg.as]; cookie == nil {
				if cookie, err = signIn(p.base, pg.as); err != nil {
					return err
				}
				cookies[pg.as] = cookie
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
		// After the warm-up, a render with the kept data warm: what the
		// page costs between changes. A cookie keeps it out of the page
		// cache.
		kept := cookie
		if kept == nil {
			kept = &http.Cookie{Name: "bench", Value: "1"}
		}
		if res, err := get(client, p.base+pg.path, kept); err == nil {
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if q := res.Header.Get("X-Query-Count"); q != "" {
				queries += "/" + q
			}
		}
		profiles := p.profile(o, duration, modeKey+"-"+pg.key)
		portalCPU, dbCPU := processCPU(p.cmd.Process.Pid), postgresCPU(dataDir)
		results[i] = hammer(client, p.base+pg.path, cookie, conns, duration)
		if n := results[i].requests; n > 0 {
			results[i].portalCPU = (processCPU(p.cmd.Process.Pid) - portalCPU) / time.Duration(n)
			results[i].dbCPU = (postgresCPU(dataDir) - dbCPU) / time.Duration(n)
		}
		results[i].queries = queries
		if err := profiles(); err != nil {
			return err
		}
	}
	rss, err := p.peakRSS()
	if err != nil {
		return err
	}
	report(mode, conns, duration, results, rss)
	return nil
}

// profile starts fetching, from the portal's pprof, a CPU profile and the
// allocations over the next d, as o asks, into files named for name. The
// returned function waits for them to be written.
func (p *portal) profile(o options, d time.Duration, name string) (wait func() error) {
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	secs := strconv.Itoa(max(1, int(d.Round(time.Second).Seconds())))
	fetch := func(dir, kind, query string) {
		if dir == "" {
			return
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := http.Get(p.metrics + "/debug/pprof/" + query)
			if err != nil {
				errs <- err
				return
			}
			defer res.Body.Close()
			if res.StatusCode != http.StatusOK {
				errs <- fmt.Errorf("pprof %s: %s", query, res.Status)
				return
			}
			f, err := os.Create(filepath.Join(dir, kind+"-"+name+".pprof"))
			if err == nil {
				_, err = io.Copy(f, res.Body)
				err = errors.Join(err, f.Close())
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	fetch(o.cpuProfile, "cpu", "profile?seconds="+secs)
	// With seconds, the allocs profile is the difference over that time.
	fetch(o.memProfile, "allocs", "allocs?seconds="+secs)
	return func() error {
		wg.Wait()
		close(errs)
		return <-errs
	}
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

func report(mode string, conns int, d time.Duration, results []*result, rssMB int) {
	var ceiling float64
	for i, pg := range pages {
		if pg.ceiling && results[i] != nil {
			ceiling = results[i].rps
		}
	}
	fmt.Printf("\n%s, %d connections, %v per page, bulk data set (%d generated rounds)\n\n", mode, conns, d, bulk.Rounds)
	fmt.Printf("| %-32s | %9s | %8s | %8s | %6s | %10s | %20s | %11s | %9s |\n", "page", "req/s", "p50", "p99", "errors", "of ceiling", "queries (first/kept)", "portal CPU", "db CPU")
	fmt.Printf("|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n", strings.Repeat("-", 34), strings.Repeat("-", 11), strings.Repeat("-", 10),
		strings.Repeat("-", 10), strings.Repeat("-", 8), strings.Repeat("-", 12), strings.Repeat("-", 22), strings.Repeat("-", 13), strings.Repeat("-", 11))
	var missed []string
	for i, pg := range pages {
		r := results[i]
		if r == nil {
			continue
		}
		share := "—"
		if ceiling > 0 && !pg.ceiling {
			share = fmt.Sprintf("%.0f %%", 100*r.rps/ceiling)
			if r.rps < targetShare*ceiling || r.p99 >= targetP99 || r.errors > 0 {
				missed = append(missed, pg.name)
			}
		}
		fmt.Printf("| %-32s | %9.0f | %8s | %8s | %6d | %10s | %20s | %11s | %9s |\n", pg.name, r.rps, ms(r.p50), ms(r.p99), r.errors, share, r.queries, us(r.portalCPU), us(r.dbCPU))
	}
	fmt.Printf("\npeak RSS of the portal (VmHWM): %d MB; load average at the end: %s\n", rssMB, loadAverage())
	fmt.Printf("targets (each page ≥ %.0f %% of the ceiling, p99 < %v, no errors): ", 100*targetShare, targetP99)
	if len(missed) == 0 {
		fmt.Printf("met by every page")
	} else {
		fmt.Printf("NOT met by %s", strings.Join(missed, ", "))
	}
	if rssMB < targetRSSMB {
		fmt.Printf("; RSS < %d MB: met\n", targetRSSMB)
	} else {
		fmt.Printf("; RSS < %d MB: NOT met\n", targetRSSMB)
	}
}

// loadAverage is the machine's 1, 5 and 15-minute load: others' work on a
// shared machine moves the figures.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}

// limitedWriter keeps the first n bytes written to it and drops the rest.
type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(l.n, len(p))
		l.n -= k
		_, _ = l.w.Write(p[:k])
	}
	return len(p), nil
}

func us(d time.Duration) string { return fmt.Sprintf("%d µs", d.Microseconds()) }

// processCPU is the user and system CPU time pid has used, from
// /proc/PID/stat (in clock ticks of 10 ms, USER_HZ on Linux).
func processCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	_, after, ok := strings.Cut(string(b), ") ") // the name may hold spaces
	f := strings.Fields(after)
	if !ok || len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// postgresCPU is the CPU time used by the cluster's postmaster and the
// processes it started (connections, background workers) that are still
// running; the portal's pooled connections live through a page's load.
func postgresCPU(dataDir string) time.Duration {
	b, err := os.ReadFile(filepath.Join(dataDir, "postmaster.pid"))
	if err != nil {
		return 0
	}
	first, _, _ := strings.Cut(string(b), "\n")
	postmaster, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil {
		return 0
	}
	total := processCPU(postmaster)
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		_, after, _ := strings.Cut(string(stat), ") ")
		if f := strings.Fields(after); len(f) > 1 && f[1] == strconv.Itoa(postmaster) {
			total += processCPU(pid)
		}
	}
	return total
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
