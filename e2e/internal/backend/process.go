package backend

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	startAttempts = 3                // tries when a chosen port was taken meanwhile
	startTimeout  = 60 * time.Second // bound on waiting for a healthy backend
	stopGrace     = 5 * time.Second  // SIGTERM to SIGKILL
	pollInterval  = 100 * time.Millisecond
	logTailBytes  = 16 << 10
)

// launchSpec describes how to start one backend binary.
type launchSpec struct {
	name   string                   // binary name, also used for file names
	ports  int                      // number of loopback ports to allocate
	config func(ports []int) string // YAML config for the allocated ports
	health func(ports []int) string // URL answering 200 once the backend is ready
	args   func(config string) []string
}

// process is a started backend binary.
type process struct {
	name    string
	cmd     *exec.Cmd
	logPath string
	exited  chan struct{} // closed when cmd.Wait has returned
	waitErr error         // the result of cmd.Wait, set before exited is closed
}

// launch starts the backend described by spec and waits until it is healthy.
// It returns the process and its ports, and registers a t.Cleanup that stops
// it. A start that fails because a port was taken is retried with new ports;
// any other failure ends the test with the backend's log.
func launch(t testing.TB, spec launchSpec) (*process, []int) {
	t.Helper()
	bin := binary(t, spec.name)
	dir := t.TempDir()
	client := newHTTPClient()
	defer client.CloseIdleConnections()

	for attempt := 1; ; attempt++ {
		ports, err := freePorts(spec.ports)
		if err != nil {
			t.Fatalf("backend: %s: allocating ports: %v", spec.name, err)
		}
		cfg := filepath.Join(dir, fmt.Sprintf("%s-%d.yaml", spec.name, attempt))
		if err := os.WriteFile(cfg, []byte(spec.config(ports)), 0o600); err != nil {
			t.Fatalf("backend: %s: writing config: %v", spec.name, err)
		}
		logPath := filepath.Join(dir, fmt.Sprintf("%s-%d.log", spec.name, attempt))
		p, err := startProcess(spec.name, bin, spec.args(cfg), logPath)
		if err != nil {
			t.Fatalf("backend: %s: %v", spec.name, err)
		}
		err = p.waitHealthy(client, spec.health(ports))
		if err == nil {
			t.Cleanup(func() { p.cleanup(t) })
			return p, ports
		}
		p.stop()
		log := p.logTail()
		if attempt < startAttempts && strings.Contains(log, "address already in use") {
			t.Logf("backend: %s: port taken, retrying with new ports (attempt %d)", spec.name, attempt)
			continue
		}
		t.Fatalf("backend: %s did not become healthy: %v\n--- %s ---\n%s", spec.name, err, logPath, log)
	}
}

// startProcess starts bin with args, its stdout and stderr going to logPath.
func startProcess(name, bin string, args []string, logPath string) (*process, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close() // the child holds its own descriptor
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &process{name: name, cmd: cmd, logPath: logPath, exited: make(chan struct{})}
	go func() {
		p.waitErr = cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

// waitHealthy polls url until it answers 200, the process exits, or
// startTimeout passes.
func (p *process) waitHealthy(client *http.Client, url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	var last error
	for {
		if last = probe(ctx, client, url); last == nil {
			return nil
		}
		select {
		case <-p.exited:
			return fmt.Errorf("exited before becoming healthy: %v", p.waitErr)
		case <-ctx.Done():
			return fmt.Errorf("not healthy after %v: %w", startTimeout, last)
		case <-tick.C:
		}
	}
}

// probe returns nil if a GET of url answers 200.
func probe(ctx context.Context, client *http.Client, url string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return nil
}

// stop sends SIGTERM, waits up to stopGrace, then SIGKILLs. It returns true if
// the process had already exited on its own.
func (p *process) stop() (exitedEarly bool) {
	select {
	case <-p.exited:
		return true
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(stopGrace):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
	return false
}

// cleanup stops the process at the end of the test. It fails the test if the
// backend died during it, and logs the backend's log if the test failed.
func (p *process) cleanup(t testing.TB) {
	if p.stop() {
		t.Errorf("backend: %s exited during the test: %v", p.name, p.waitErr)
	}
	if t.Failed() {
		t.Logf("--- backend %s log (%s) ---\n%s", p.name, p.logPath, p.logTail())
	}
}

// logTail returns the last logTailBytes of the process log.
func (p *process) logTail() string {
	b, err := os.ReadFile(p.logPath)
	if err != nil {
		return fmt.Sprintf("(reading log: %v)", err)
	}
	if len(b) > logTailBytes {
		b = append([]byte("…"), b[len(b)-logTailBytes:]...)
	}
	return string(b)
}

// freePorts returns n distinct loopback ports that were free a moment ago.
// Another process may take one before the backend binds it; launch retries.
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	var errs []error
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			errs = append(errs, err)
			break
		}
		defer l.Close() // held until all n are chosen, so they are distinct
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, errors.Join(errs...)
}

// newHTTPClient returns a client with its own transport, so that closing its
// idle connections leaves no goroutines behind, and without a proxy.
func newHTTPClient() *http.Client {
	return &http.Client{
		Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 4, IdleConnTimeout: 30 * time.Second},
		Timeout:   30 * time.Second,
	}
}
