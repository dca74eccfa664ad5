package pgcluster

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// Private is a throwaway cluster in a fresh temporary directory on a free
// port, for tests and benchmarks that need a server of their own: one they
// may stop and restart without disturbing anyone else's.
type Private struct {
	*Cluster
	Port int
	URL  string // of the portal database
}

// StartPrivate creates, starts and returns a private cluster with an empty
// portal database. Call Destroy when done. Progress goes to log (nil
// discards it). initdb makes this take a second or two.
func StartPrivate(log io.Writer) (*Private, error) {
	base := os.TempDir()
	if os.Geteuid() == 0 && !PostgresCanReach(base) {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "pgcluster-")
	if err != nil {
		return nil, err
	}
	c, err := New(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	c.Log, c.LogPrefix = log, "pgcluster: "
	p := &Private{Cluster: c}
	err = func() error {
		if err := c.Prepare(); err != nil {
			return err
		}
		if err := c.Init(); err != nil {
			return err
		}
		if p.Port, err = c.ChoosePort(); err != nil {
			return err
		}
		if err := c.Start(p.Port); err != nil {
			return err
		}
		return c.EnsureDatabase(p.Port)
	}()
	if err != nil {
		return nil, errors.Join(fmt.Errorf("start private cluster in %s: %w", dir, err), p.Destroy())
	}
	p.URL = URL(p.Port)
	return p, nil
}

// Restart stops the server and starts it again on the same port.
func (p *Private) Restart() error {
	if err := p.Stop(); err != nil {
		return err
	}
	return p.Start(p.Port)
}

// Destroy stops the server if it runs and removes the cluster's directory.
func (p *Private) Destroy() error {
	var errs []error
	if _, running, err := p.Status(); err != nil {
		errs = append(errs, err)
	} else if running {
		errs = append(errs, p.Stop())
	}
	errs = append(errs, os.RemoveAll(p.Dir))
	return errors.Join(errs...)
}
