package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"modellportalen/internal/testdb"
)

// SIGTERM under load: requests in flight when the signal arrives complete,
// none fails, and the process exits 0.
func TestSIGTERMUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "portal")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dbURL := testdb.URLOf(t, testdb.Seeded(t))

	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR=127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
		}
	}()

	// The binary prints the address it listens on.
	addrRe := regexp.MustCompile(`running at (http://[^/\s]+)/`)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := addrRe.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	var base string
	select {
	case base = <-found:
	case err := <-exited:
		t.Fatalf("portal exited before listening: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("portal did not start listening within 20 s")
	}

	var (
		stopping  atomic.Bool
		wg        sync.WaitGroup
		mu        sync.Mutex
		failures  []string
		completed atomic.Int64
	)
	client := &http.Client{Timeout: 10 * time.Second}
	pages := []string{"/", "/omgangar/2019", "/organisationer/umeå", "/statistik", "/omgangar"}
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := i; !stopping.Load(); n++ {
				req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, base+pages[n%len(pages)], nil)
				res, err := client.Do(req)
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
	before := completed.Load()
	// No request starts after this, but those already sent must finish.
	stopping.Store(true)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	wg.Wait()

	select {
	case err := <-exited:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Errorf("portal exited with %d after SIGTERM, want 0", exit.ExitCode())
		} else if err != nil {
			t.Error(err)
		}
	case <-time.After(25 * time.Second):
		t.Fatal("portal did not exit within 25 s of SIGTERM")
	}
	t.Logf("%d requests before SIGTERM, %d completed after it", before, completed.Load()-before)
	if before == 0 {
		t.Error("no requests completed before SIGTERM; the load never ran")
	}
	for _, f := range failures {
		t.Error(f)
	}
}
