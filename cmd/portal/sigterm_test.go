package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptrace"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"modellportalen/internal/testdb"
)

// SIGTERM under load: every request the portal had when the signal arrived
// is answered in full, and the process exits 0. A request that reaches for
// the portal after its listener closed is refused by the kernel, which is
// what a load balancer expects of an instance going away; one the portal
// accepted, or the kernel queued for it, must never fail.
func TestSIGTERMUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	portal, addrs := startPortal(t, buildPortal(t), []string{"DATABASE_URL=" + testdb.URLOf(t, testdb.Seeded(t)),
		"ADDR=127.0.0.1:0"}, publicAddr)
	base := addrs[0]

	// Requests held open by the portal when the signal arrives: each has
	// sent its headers and the login handler is reading its body (the 100
	// Continue proves it), so the server certainly has them in flight.
	held := make([]chan heldResult, 3)
	bodies := make([]*io.PipeWriter, len(held))
	for i := range held {
		held[i], bodies[i] = holdLogin(t, base, fmt.Sprintf("held%d@example.se", i))
	}

	// gate orders the load goroutines' "may I start a request?" against
	// the signal: every request they make starts before it is sent.
	var (
		gate      sync.RWMutex
		stopping  bool
		wg        sync.WaitGroup
		mu        sync.Mutex
		failures  []string
		refused   atomic.Int64
		completed atomic.Int64
	)
	client := &http.Client{Timeout: 10 * time.Second}
	pages := []string{"/", "/omgangar/2019", "/organisationer/umeå", "/statistik", "/omgangar"}
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := i; ; n++ {
				gate.RLock()
				stop := stopping
				gate.RUnlock()
				if stop {
					return
				}
				req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, base+pages[n%len(pages)], nil)
				res, err := client.Do(req)
				if err != nil && neverConnected(err) {
					// Started just before the signal but connected after
					// the listener closed (or retried there after the
					// server closed its idle keep-alive connection): the
					// portal never had it, so it was not in flight.
					refused.Add(1)
					continue
				}
				if err == nil {
					_, err = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if err == nil && res.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", res.StatusCode)
					}
				}
				if err != nil {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("GET %s: %v", req.URL.Path, err))
					mu.Unlock()
					continue
				}
				completed.Add(1)
			}
		}()
	}
	time.Sleep(700 * time.Millisecond)
	gate.Lock()
	stopping = true
	before := completed.Load()
	gate.Unlock()
	if err := portal.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// Let the shutdown get under way (listener closed, idle connections
	// dropped) before the held requests send the rest of their forms.
	time.Sleep(300 * time.Millisecond)
	// During the grace period the instance tells load balancers it is
	// going away, but still answers.
	if res, err := (&http.Client{Timeout: 5 * time.Second}).Get(base + "/readyz"); err != nil {
		t.Errorf("/readyz during the grace period: %v", err)
	} else {
		res.Body.Close()
		if res.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("/readyz during the grace period: %d, want 503", res.StatusCode)
		}
	}
	for _, b := range bodies {
		_, _ = io.WriteString(b, "&password=fel-l%C3%B6senord")
		_ = b.Close()
	}
	wg.Wait()
	for i, h := range held {
		select {
		case r := <-h:
			switch {
			case r.err != nil:
				t.Errorf("request %d in flight at SIGTERM failed: %v", i, r.err)
			case r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "E-postadressen eller lösenordet är fel"):
				t.Errorf("request %d in flight at SIGTERM: status %d, want 422 and the login page's message; page: %.300s", i, r.status, r.body)
			}
		case <-time.After(25 * time.Second):
			t.Errorf("request %d in flight at SIGTERM got no answer within 25 s", i)
		}
	}

	select {
	case <-portal.done:
		var exit *exec.ExitError
		if errors.As(portal.err, &exit) {
			t.Errorf("portal exited with %d after SIGTERM, want 0", exit.ExitCode())
		} else if portal.err != nil {
			t.Error(portal.err)
		}
	case <-time.After(25 * time.Second):
		t.Fatal("portal did not exit within 25 s of SIGTERM")
	}
	t.Logf("%d requests before SIGTERM, %d completed after it, %d refused (never reached the portal), %d held open across it",
		before, completed.Load()-before, refused.Load(), len(held))
	if before == 0 {
		t.Error("no requests completed before SIGTERM; the load never ran")
	}
	for _, f := range failures {
		t.Error(f)
	}
}

type heldResult struct {
	status int
	body   string
	err    error
}

// holdLogin starts a sign-in whose form is still being sent: it returns
// once the portal's handler has begun reading the body (the server answers
// "Expect: 100-continue" only then), with the writer for the rest of the
// form and a channel for the response.
func holdLogin(t *testing.T, base, email string) (chan heldResult, *io.PipeWriter) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 60 * time.Second,
		Transport: &http.Transport{ExpectContinueTimeout: 30 * time.Second}}
	res, err := c.Get(base + "/logga-in")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token on the login page (status %d)", res.StatusCode)
	}
	pr, pw := io.Pipe()
	reading := make(chan struct{})
	trace := &httptrace.ClientTrace{Got100Continue: func() { close(reading) }}
	req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace),
		http.MethodPost, base+"/logga-in", pr)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Expect", "100-continue")
	done := make(chan heldResult, 1)
	go func() {
		res, err := c.Do(req)
		if err != nil {
			done <- heldResult{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		done <- heldResult{status: res.StatusCode, body: string(b), err: err}
	}()
	select {
	case <-reading:
	case r := <-done:
		t.Fatalf("held sign-in answered before its form was sent: %d %v", r.status, r.err)
	case <-time.After(10 * time.Second):
		t.Fatal("the portal did not start reading a form within 10 s")
	}
	if _, err := io.WriteString(pw, "csrf_token="+url.QueryEscape(string(m[1]))+"&email="+url.QueryEscape(email)); err != nil {
		t.Fatal(err)
	}
	return done, pw
}

// neverConnected reports whether a request failed because no connection to
// the portal could be made, so the portal never saw it.
func neverConnected(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}
