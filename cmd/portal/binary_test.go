package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// publicAddr and metricsAddr match the lines serve prints once it listens.
var (
	publicAddr  = regexp.MustCompile(`running at (http://[^/\s]+)/`)
	metricsAddr = regexp.MustCompile(`Metrics and profiles at (http://[^/\s]+)/metrics`)
)

// buildPortal builds this command into a temporary directory, so that the
// tests run the binary an operator runs, signals and all.
func buildPortal(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "portal")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runningPortal is a `portal serve` process started by startPortal.
type runningPortal struct {
	cmd *exec.Cmd
	// done is closed when the process has ended; err is then its exit.
	done chan struct{}
	err  error
}

// startPortal runs `bin serve` with env added to this process's
// environment and waits until its output has matched every pattern in
// want, each of which captures one address. It returns the captures in the
// order of want. The process is killed when the test ends, if it is still
// running.
func startPortal(t *testing.T, bin string, env []string, want ...*regexp.Regexp) (*runningPortal, []string) {
	t.Helper()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &runningPortal{cmd: cmd, done: make(chan struct{})}
	type match struct {
		i    int
		addr string
	}
	// Buffered for every pattern, so the reader never blocks on the test.
	matches := make(chan match, len(want))
	go func() {
		seen := make([]bool, len(want))
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			for i, re := range want {
				if m := re.FindStringSubmatch(sc.Text()); m != nil && !seen[i] {
					seen[i] = true
					matches <- match{i, m[1]}
				}
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		// Wait only after the pipe is drained: it closes the pipe.
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
	})

	found := make([]string, len(want))
	for deadline, missing := time.After(30*time.Second), len(want); missing > 0; missing-- {
		select {
		case m := <-matches:
			found[m.i] = m.addr
		case <-p.done:
			t.Fatalf("portal exited before it printed its addresses (%v; found %q)", p.err, found)
		case <-deadline:
			t.Fatalf("portal did not print its addresses within 30 s (found %q)", found)
		}
	}
	return p, found
}
