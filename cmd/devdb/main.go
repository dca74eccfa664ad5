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
// port picked once and then reused.
package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
)

const (
	dbUser = "portal"
	dbName = "portal"

	// osUser is who runs the server when devdb runs as root: PostgreSQL
	// refuses to run as root.
	osUser = "postgres"

	// preferredBinDir is where Debian's postgresql-15 package puts the server
	// programs; the project targets PostgreSQL 15, so it wins over others.
	preferredBinDir = "/usr/lib/postgresql/15/bin"
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

// cluster is where one development cluster lives and how to reach its programs.
type cluster struct {
	// dir holds everything devdb owns: the data directory, the port file,
	// the server log and the Unix socket.
	dir    string
	bin    string // directory with pg_ctl, initdb, psql
	asRoot bool   // run server programs as osUser
}

func (c cluster) dataDir() string  { return filepath.Join(c.dir, "data") }
func (c cluster) portFile() string { return filepath.Join(c.dir, "port") }
func (c cluster) logFile() string  { return filepath.Join(c.dir, "server.log") }

// socketDir keeps the Unix socket out of /var/run/postgresql, which may not
// exist or may belong to a system cluster. Socket paths are limited to about
// 107 bytes, so a deep checkout falls back to the temp dir; the socket name
// carries the port, so clusters there do not collide.
func (c cluster) socketDir() string {
	if len(c.dir) > 80 {
		return os.TempDir()
	}
	return c.dir
}

func url(port int) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", dbUser, port, dbName)
}

func start() error {
	c, err := locate()
	if err != nil {
		return err
	}
	if err := c.prepareDir(); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(c.dataDir(), "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		if err := c.initdb(); err != nil {
			return err
		}
	}

	port, running, err := c.status()
	if err != nil {
		return err
	}
	if running {
		fmt.Fprintf(os.Stderr, "devdb: reusing cluster in %s on port %d\n", c.dir, port)
	} else {
		if port, err = c.choosePort(); err != nil {
			return err
		}
		if err := c.startServer(port); err != nil {
			return err
		}
	}

	if err := c.ensureDatabase(port); err != nil {
		return err
	}
	fmt.Println(url(port))
	return nil
}

func stop() error {
	c, err := locate()
	if err != nil {
		return err
	}
	_, running, err := c.status()
	if err != nil {
		return err
	}
	if !running {
		fmt.Fprintln(os.Stderr, "devdb: not running")
		return nil
	}
	return c.run(c.command(filepath.Join(c.bin, "pg_ctl"), "stop", "-D", c.dataDir(), "-m", "fast", "-w"))
}

func printURL() error {
	c, err := locate()
	if err != nil {
		return err
	}
	port, running, err := c.status()
	if err != nil {
		return err
	}
	if !running {
		return errors.New("not running; start it with: go run ./cmd/devdb start")
	}
	fmt.Println(url(port))
	return nil
}

// locate works out where the cluster lives and which programs run it.
func locate() (cluster, error) {
	root, err := repoRoot()
	if err != nil {
		return cluster{}, err
	}
	bin, err := findBinDir()
	if err != nil {
		return cluster{}, err
	}
	c := cluster{dir: filepath.Join(root, ".pgdata"), bin: bin, asRoot: os.Geteuid() == 0}
	if c.asRoot && !postgresCanReach(root) {
		// A checkout under /root (mode 700) is out of the postgres user's
		// reach, and the server cannot read its own data directory there.
		// A directory in /tmp named after the checkout keeps one cluster per
		// checkout and finds the same one again next time.
		sum := sha256.Sum256([]byte(root))
		c.dir = filepath.Join(os.TempDir(), fmt.Sprintf("modellportalen-pgdata-%x", sum[:4]))
		fmt.Fprintf(os.Stderr, "devdb: user %s cannot reach %s; using %s instead\n", osUser, root, c.dir)
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

// findBinDir prefers PostgreSQL 15 but takes whatever server is installed,
// since the app uses nothing newer than 15 offers.
func findBinDir() (string, error) {
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

// postgresCanReach asks the kernel rather than reading modes ourselves, so
// ACLs and group memberships count as they will for the server.
func postgresCanReach(dir string) bool {
	cmd := exec.Command("runuser", "-u", osUser, "--", "test", "-x", dir)
	cmd.Dir = "/"
	return cmd.Run() == nil
}

// prepareDir creates the cluster's directory. As root it must belong to the
// postgres user, who writes the log and the socket there.
func (c cluster) prepareDir() error {
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return err
	}
	if !c.asRoot {
		return nil
	}
	u, err := user.Lookup(osUser)
	if err != nil {
		return fmt.Errorf("running as root needs the %s user to run the server (install postgresql-15 to get it): %w", osUser, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return os.Chown(c.dir, uid, gid)
}

// command builds a command for a server program, run as the postgres user
// when we are root. It runs from / because the caller's working directory may
// be one that user cannot enter, which some PostgreSQL programs complain about.
func (c cluster) command(name string, args ...string) *exec.Cmd {
	var cmd *exec.Cmd
	if c.asRoot {
		cmd = exec.Command("runuser", append([]string{"-u", osUser, "--", name}, args...)...)
	} else {
		cmd = exec.Command(name, args...)
	}
	cmd.Dir = "/"
	return cmd
}

// run runs cmd with its output on stderr, keeping stdout for the URL.
func (c cluster) run(cmd *exec.Cmd) error {
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w", strings.Join(cmd.Args, " "), err)
	}
	return nil
}

func (c cluster) initdb() error {
	fmt.Fprintf(os.Stderr, "devdb: creating cluster in %s\n", c.dataDir())
	// Trust authentication is fine because the server listens on loopback
	// only and holds development data. --no-sync because a lost dev cluster
	// is recreated in seconds.
	return c.run(c.command(filepath.Join(c.bin, "initdb"),
		"-D", c.dataDir(),
		"-U", dbUser,
		"--auth=trust",
		"-E", "UTF8",
		"--locale=C.UTF-8",
		"--no-sync",
	))
}

// status reports whether the server runs and on which port. A running
// server's port comes from postmaster.pid rather than our port file, since
// that is the port it really listens on.
func (c cluster) status() (port int, running bool, err error) {
	if _, err := os.Stat(filepath.Join(c.dataDir(), "PG_VERSION")); err != nil {
		return 0, false, nil
	}
	cmd := c.command(filepath.Join(c.bin, "pg_ctl"), "status", "-D", c.dataDir())
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
	pid, err := os.ReadFile(filepath.Join(c.dataDir(), "postmaster.pid"))
	if err != nil {
		return 0, false, err
	}
	port, err = postmasterPort(pid)
	return port, true, err
}

// postmasterPort reads the port from postmaster.pid, whose fourth line it is.
func postmasterPort(pidFile []byte) (int, error) {
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

// choosePort reuses the port from last time, so URLs that people saved keep
// working, unless something else has taken it meanwhile.
func (c cluster) choosePort() (int, error) {
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

func (c cluster) startServer(port int) error {
	fmt.Fprintf(os.Stderr, "devdb: starting cluster in %s on port %d (log: %s)\n", c.dir, port, c.logFile())
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
	return c.run(c.command(filepath.Join(c.bin, "pg_ctl"), "start",
		"-D", c.dataDir(),
		"-l", c.logFile(),
		"-o", opts,
		"-w",
	))
}

// ensureDatabase creates the portal database the first time. It connects over
// TCP as the portal role, the same way the app will, so a success here means
// the URL we print works.
func (c cluster) ensureDatabase(port int) error {
	psql := func(sql string) (string, error) {
		cmd := exec.Command(filepath.Join(c.bin, "psql"),
			"-X", "-t", "-A",
			"-h", "127.0.0.1", "-p", strconv.Itoa(port), "-U", dbUser, "-d", "postgres",
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
	exists, err := psql(fmt.Sprintf("SELECT 1 FROM pg_database WHERE datname = '%s'", dbName))
	if err != nil {
		return err
	}
	if exists == "1" {
		return nil
	}
	fmt.Fprintf(os.Stderr, "devdb: creating database %s\n", dbName)
	_, err = psql(fmt.Sprintf("CREATE DATABASE %s", dbName))
	return err
}

// shellQuote quotes s for /bin/sh, which pg_ctl starts the server through.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
