package pgcluster

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestPostmasterPort(t *testing.T) {
	tests := []struct {
		name    string
		pidFile string
		want    int
		wantErr bool
	}{
		{
			name:    "running server",
			pidFile: "4242\n/work/main/.pgdata/data\n1764102000\n36241\n/work/main/.pgdata\n127.0.0.1\n  1234567    32768\nready   \n",
			want:    36241,
		},
		{name: "truncated while starting", pidFile: "4242\n/data\n", wantErr: true},
		{name: "garbled port", pidFile: "4242\n/data\n1764102000\nabc\n", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PostmasterPort([]byte(tt.pidFile))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("port = %d, want %d", got, tt.want)
			}
		})
	}
}

// The socket directory reaches the server through pg_ctl's shell, so a path
// with spaces or quotes must come out of sh as it went in.
func TestShellQuote(t *testing.T) {
	for _, s := range []string{"/work/main/.pgdata", "/home/a b/repo", "/it's/here", `/x"$HOME`} {
		out, err := exec.Command("sh", "-c", "printf %s "+shellQuote(s)).Output()
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != s {
			t.Errorf("sh read %q back as %q", s, out)
		}
	}
}

// A private cluster starts, serves SQL, survives a restart on the same port
// and leaves nothing behind.
func TestPrivate(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL server")
	}
	p, err := StartPrivate(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := p.Destroy(); err != nil {
			t.Error(err)
		}
		if _, err := os.Stat(p.Dir); !os.IsNotExist(err) {
			t.Errorf("%s still exists after Destroy: %v", p.Dir, err)
		}
	}()
	query := func() {
		t.Helper()
		out, err := exec.Command(filepath.Join(p.Bin, "psql"), "-X", "-tA", p.URL, "-c", "SELECT 40 + 2").CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != "42" {
			t.Fatalf("psql: %v: %s", err, out)
		}
	}
	query()
	if err := p.Restart(); err != nil {
		t.Fatal(err)
	}
	query()
	if port, running, err := p.Status(); err != nil || !running || port != p.Port {
		t.Errorf("Status() = %d, %v, %v; want %d, true, nil", port, running, err, p.Port)
	}
}
