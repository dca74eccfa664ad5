// Command devdb runs a throwaway PostgreSQL 15 cluster for development and
// tests, so that `make run` and `make test` need no system-wide database set-up.
//
//	go run ./cmd/devdb start   # init if needed, start if stopped, print the URL
//	go run ./cmd/devdb url     # print the URL of the running cluster
//	go run ./cmd/devdb stop    # stop the cluster
//
// Only the connection URL goes to stdout, so `DATABASE_URL=$(go run ./cmd/devdb
// start)` works; everything else goes to stderr.
//
// The cluster lives in .pgdata/ at the repository root. Its superuser is
// "portal" with trust authentication, and it listens on 127.0.0.1 only, on a
// port picked once and then reused. internal/pgcluster does the work.
package main

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"modellportalen/internal/pgcluster"
)

func main() {
	if len(os.Args) != 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "start":
		err = start()
	case "stop":
		err = stop()
	case "url":
		err = printURL()
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "devdb:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: devdb start|stop|url")
	os.Exit(2)
}

func start() error {
	c, err := locate()
	if err != nil {
		return err
	}
	if err := c.Prepare(); err != nil {
		return err
	}
	if !c.Initialised() {
		if err := c.Init(); err != nil {
			return err
		}
	}

	port, running, err := c.Status()
	if err != nil {
		return err
	}
	if running {
		fmt.Fprintf(os.Stderr, "devdb: reusing cluster in %s on port %d\n", c.Dir, port)
	} else {
		if port, err = c.ChoosePort(); err != nil {
			return err
		}
		if err := c.Start(port); err != nil {
			return err
		}
	}

	if err := c.EnsureDatabase(port); err != nil {
		return err
	}
	fmt.Println(pgcluster.URL(port))
	return nil
}

func stop() error {
	c, err := locate()
	if err != nil {
		return err
	}
	_, running, err := c.Status()
	if err != nil {
		return err
	}
	if !running {
		fmt.Fprintln(os.Stderr, "devdb: not running")
		return nil
	}
	return c.Stop()
}

func printURL() error {
	c, err := locate()
	if err != nil {
		return err
	}
	port, running, err := c.Status()
	if err != nil {
		return err
	}
	if !running {
		return errors.New("not running; start it with: go run ./cmd/devdb start")
	}
	fmt.Println(pgcluster.URL(port))
	return nil
}

// locate works out where the cluster lives and which programs run it.
func locate() (*pgcluster.Cluster, error) {
	root, err := repoRoot()
	if err != nil {
		return nil, err
	}
	c, err := pgcluster.New(filepath.Join(root, ".pgdata"))
	if err != nil {
		return nil, err
	}
	c.Log, c.LogPrefix = os.Stderr, "devdb: "
	if c.AsRoot && !pgcluster.PostgresCanReach(root) {
		// A checkout under /root (mode 700) is out of the postgres user's
		// reach, and the server cannot read its own data directory there.
		// A directory in /tmp named after the checkout keeps one cluster per
		// checkout and finds the same one again next time.
		sum := sha256.Sum256([]byte(root))
		c.Dir = filepath.Join(os.TempDir(), fmt.Sprintf("modellportalen-pgdata-%x", sum[:4]))
		fmt.Fprintf(os.Stderr, "devdb: user %s cannot reach %s; using %s instead\n", "postgres", root, c.Dir)
	}
	return c, nil
}

// repoRoot finds the directory holding go.mod, so devdb behaves the same from
// any subdirectory (go test runs packages in their own directories).
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod found above the current directory; run devdb inside the repository")
		}
		dir = parent
	}
}
