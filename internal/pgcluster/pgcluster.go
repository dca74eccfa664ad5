// Package pgcluster runs PostgreSQL clusters of our own with initdb and
// pg_ctl: the development cluster that cmd/devdb keeps in .pgdata/, and
// throwaway clusters in a temporary directory for tests and benchmarks that
// must stop and restart the server under the portal.
//
// Every cluster listens on 127.0.0.1 only, has the superuser "portal" with
// trust authentication and a database "portal". When we run as root, the
// server programs run as the postgres user, since PostgreSQL refuses root.
package pgcluster

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
)

const (
	// User is the cluster's superuser, which the portal connects as.
	User = "portal"
	// Database is the database EnsureDatabase creates.
	Database = "portal"

	// osUser is who runs the server when we are root.
	osUser = "postgres"

	// preferredBinDir is where Debian's postgresql-15 package puts the server
	// programs; the project targets PostgreSQL 15, so it wins over others.
	preferredBinDir = "/usr/lib/postgresql/15/bin"
)

// Cluster is where one cluster lives and how to reach its programs.
type Cluster struct {
	// Dir holds everything the cluster owns: the data directory, the port
	// file, the server log and the Unix socket.
	Dir    string
	Bin    string // directory with pg_ctl, initdb, psql
	AsRoot bool   // run server programs as the postgres user
	// Log receives the programs' output and progress messages; nil
	// discards them. It is never stdout's job, which devdb keeps for the URL.
	Log io.Writer
	// LogPrefix starts each progress message, such as "devdb: ".
	LogPrefix string
}

// New describes a cluster in dir, finding the server programs. It creates
// nothing; Prepare and Init do.
func New(dir string) (*Cluster, error) {
	bin, err := FindBinDir()
	if err != nil {
		return nil, err
	}
	return &Cluster{Dir: dir, Bin: bin, AsRoot: os.Geteuid() == 0}, nil
}

// DataDir is the cluster's PGDATA.
func (c *Cluster) DataDir() string  { return filepath.Join(c.Dir, "data") }
func (c *Cluster) portFile() string { return filepath.Join(c.Dir, "port") }

// LogFile is where the server writes its log.
func (c *Cluster) LogFile() string { return filepath.Join(c.Dir, "server.log") }

// socketDir keeps the Unix socket out of /var/run/postgresql, which may not
// exist or may belong to a system cluster. Socket paths are limited to about
// 107 bytes, so a deep directory falls back to the temp dir; the socket name
// carries the port, so clusters there do not collide.
func (c *Cluster) socketDir() string {
	if len(c.Dir) > 80 {
		return os.TempDir()
	}
	return c.Dir
}

// URL is the connection URL of the cluster's portal database on port.
func URL(port int) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", User, port, Database)
}

func (c *Cluster) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, c.LogPrefix+format, args...)
	}
}

// FindBinDir prefers PostgreSQL 15 but takes whatever server is installed,
// since the app uses nothing newer than 15 offers.
func FindBinDir() (string, error) {
	candidates := []string{preferredBinDir}
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		candidates = append(candidates, strings.TrimSpace(string(out)))
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		candidates = append(candidates, filepath.Dir(p))
	}
	// Debian keeps server programs off PATH, one directory per major version.
	if dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin"); len(dirs) > 0 {
		candidates = append(candidates, dirs[len(dirs)-1])
	}
	for _, dir := range candidates {
		if isExecutable(filepath.Join(dir, "pg_ctl")) && isExecutable(filepath.Join(dir, "initdb")) {
			return dir, nil
		}
	}
	return "", errors.New("no PostgreSQL server programs found; install postgresql-15 (make deps does)")
}

func isExecutable(path string) bool {
	info, err := os.Stat(path)
	return err == nil && !info.IsDir() && info.Mode()&0o111 != 0
}

// PostgresCanReach reports whether the postgres user can enter dir. It asks
// the kernel rather than reading modes ourselves, so ACLs and group
// memberships count as they will for the server.
func PostgresCanReach(dir string) bool {
	cmd := exec.Command("runuser", "-u", osUser, "--", "test", "-x", dir)
	cmd.Dir = "/"
	return cmd.Run() == nil
}

// Prepare creates the cluster's directory. As root it must belong to the
// postgres user, who writes the log and the socket there.
func (c *Cluster) Prepare() error {
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return err
	}
	if !c.AsRoot {
		return nil
	}
	u, err := user.Lookup(osUser)
	if err != nil {
		return fmt.Errorf("running as root needs the %s user to run the server (install postgresql-15 to get it): %w", osUser, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return os.Chown(c.Dir, uid, gid)
}

// Initialised reports whether the data directory holds a cluster.
func (c *Cluster) Initialised() bool {
	_, err := os.Stat(filepath.Join(c.DataDir(), "PG_VERSION"))
	return err == nil
}

// command builds a command for a server program, run as the postgres user
// when we are root. It runs from / because the caller's working directory may
// be one that user cannot enter, which some PostgreSQL programs complain about.
func (c *Cluster) command(name string, args ...string) *exec.Cmd {
	var cmd *exec.Cmd
	if c.AsRoot {
		cmd = exec.Command("runuser", append([]string{"-u", osUser, "--", name}, args...)...)
	} else {
		cmd = exec.Command(name, args...)
	}
	cmd.Dir = "/"
	return cmd
}

// run runs cmd with its output on c.Log.
func (c *Cluster) run(cmd *exec.Cmd) error {
	var out bytes.Buffer
	w := io.Writer(&out)
	if c.Log != nil {
		w = io.MultiWriter(&out, c.Log)
	}
	cmd.Stdout = w
	cmd.Stderr = w
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w: %s", strings.Join(cmd.Args, " "), err, lastLines(out.String(), 5))
	}
	return nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func (c *Cluster) pgCtl(args ...string) *exec.Cmd {
	return c.command(filepath.Join(c.Bin, "pg_ctl"), args...)
}

// Init creates the cluster with initdb.
func (c *Cluster) Init() error {
	c.logf("creating cluster in %s\n", c.DataDir())
	// Trust authentication is fine because the server listens on loopback
	// only and holds development data. --no-sync because a lost dev cluster
	// is recreated in seconds.
	return c.run(c.command(filepath.Join(c.Bin, "initdb"),
		"-D", c.DataDir(),
		"-U", User,
		"--auth=trust",
		"-E", "UTF8",
		"--locale=C.UTF-8",
		"--no-sync",
	))
}

// Status reports whether the server runs and on which port. A running
// server's port comes from postmaster.pid rather than our port file, since
// that is the port it really listens on.
func (c *Cluster) Status() (port int, running bool, err error) {
	if !c.Initialised() {
		return 0, false, nil
	}
	cmd := c.pgCtl("status", "-D", c.DataDir())
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && exit.ExitCode() == 3: // pg_ctl: no server running
		return 0, false, nil
	default:
		return 0, false, fmt.Errorf("pg_ctl status: %v: %s", err, out.String())
	}
	pid, err := os.ReadFile(filepath.Join(c.DataDir(), "postmaster.pid"))
	if err != nil {
		return 0, false, err
	}
	port, err = PostmasterPort(pid)
	return port, true, err
}

// PostmasterPort reads the port from postmaster.pid, whose fourth line it is.
func PostmasterPort(pidFile []byte) (int, error) {
	lines := strings.Split(string(pidFile), "\n")
	if len(lines) < 4 {
		return 0, errors.New("postmaster.pid is too short to hold a port")
	}
	port, err := strconv.Atoi(strings.TrimSpace(lines[3]))
	if err != nil {
		return 0, fmt.Errorf("postmaster.pid port: %w", err)
	}
	return port, nil
}

// ChoosePort reuses the port from last time, so URLs that people saved keep
// working, unless something else has taken it meanwhile.
func (c *Cluster) ChoosePort() (int, error) {
	if b, err := os.ReadFile(c.portFile()); err == nil {
		if port, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && portFree(port) {
			return port, nil
		}
	}
	// Port 0 lets the kernel pick a free port; there is a short window
	// before the server binds it, which is acceptable for a dev tool.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	if err := os.WriteFile(c.portFile(), []byte(strconv.Itoa(port)+"\n"), 0o644); err != nil {
		return 0, err
	}
	return port, nil
}

func portFree(port int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

// Start starts the server on port and waits until it accepts connections.
func (c *Cluster) Start(port int) error {
	c.logf("starting cluster in %s on port %d (log: %s)\n", c.Dir, port, c.LogFile())
	// pg_ctl hands -o to a shell, hence the quoting. fsync and friends are
	// off because tests create and drop many databases, and a development
	// cluster is not worth the disk flushes.
	opts := strings.Join([]string{
		"-p", strconv.Itoa(port),
		"-k", shellQuote(c.socketDir()),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "fsync=off",
		"-c", "synchronous_commit=off",
		"-c", "full_page_writes=off",
	}, " ")
	return c.run(c.pgCtl("start",
		"-D", c.DataDir(),
		"-l", c.LogFile(),
		"-o", opts,
		"-w",
	))
}

// Stop stops a running server, ending its sessions at once ("fast" mode).
func (c *Cluster) Stop() error {
	return c.run(c.pgCtl("stop", "-D", c.DataDir(), "-m", "fast", "-w"))
}

// EnsureDatabase creates the portal database the first time. It connects over
// TCP as the portal role, the same way the app will, so a success here means
// the URL works.
func (c *Cluster) EnsureDatabase(port int) error {
	psql := func(sql string) (string, error) {
		cmd := exec.Command(filepath.Join(c.Bin, "psql"),
			"-X", "-t", "-A",
			"-h", "127.0.0.1", "-p", strconv.Itoa(port), "-U", User, "-d", "postgres",
			"-c", sql)
		// Drop the caller's PG* variables (say, PGSERVICE or PGOPTIONS for
		// another project) so they cannot steer psql elsewhere.
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "PG") {
				cmd.Env = append(cmd.Env, kv)
			}
		}
		cmd.Env = append(cmd.Env, "PGCONNECT_TIMEOUT=10")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return "", fmt.Errorf("psql %q: %v: %s", sql, err, stderr.String())
		}
		return strings.TrimSpace(string(out)), nil
	}
	exists, err := psql(fmt.Sprintf("SELECT 1 FROM pg_database WHERE datname = '%s'", Database))
	if err != nil {
		return err
	}
	if exists == "1" {
		return nil
	}
	c.logf("creating database %s\n", Database)
	_, err = psql(fmt.Sprintf("CREATE DATABASE %s", Database))
	return err
}

// shellQuote quotes s for /bin/sh, which pg_ctl starts the server through.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
