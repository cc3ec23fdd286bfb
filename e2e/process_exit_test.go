//go:build unix

package e2e_test

import (
	"errors"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/agentops-go/sdk/semconv"
)

// testSignals: a child that opted in to signal handling is sent SIGINT or
// SIGTERM once it is ready. Its session is in Jaeger, ended Fail with the
// reason naming the signal, and the child exited by that signal.
func (e *processEnv) testSignals(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		name := map[syscall.Signal]string{syscall.SIGINT: "SIGINT", syscall.SIGTERM: "SIGTERM"}[sig]
		t.Run(name, func(t *testing.T) {
			c := e.start(t, "signal")
			id := c.sessionID(t)
			c.expect(t, "ready")
			if err := c.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			checkSignalled(t, c.wait(t), sig)

			tr := e.waitSession(t, id, 2)
			root := checkOneTree(t, tr, 2)
			if root.Name != "default.session" || root.EndTime.IsZero() {
				t.Errorf("root %q ending %v", root.Name, root.EndTime)
			}
			checkEnd(t, root, semconv.EndStateFail, "Signal "+name+" detected")
			if root.Status.Message != "Signal "+name+" detected" {
				t.Errorf("status message %q", root.Status.Message)
			}
		})
	}
}

// testPanic: a child panics under a deferred Recover. Its session ends Fail
// with the panic value (and stack) as the reason, and the child exits with
// the status of a panic, 2.
func (e *processEnv) testPanic(t *testing.T) {
	c := e.start(t, "panic")
	id := c.sessionID(t)
	err := c.wait(t)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Errorf("child exit %v, want status 2", err)
	}
	if !strings.Contains(c.stderr.String(), "panic: child boom: deliberate") {
		t.Errorf("the re-panic is not on stderr:\n%s", c.stderr)
	}
	tr := e.waitSession(t, id, 1)
	root := checkOneTree(t, tr, 1)
	checkEnd(t, root, semconv.EndStateFail, "")
	reason, _ := root.Attributes[string(semconv.AgentOpsSessionEndStateReasonKey)].(string)
	if !strings.HasPrefix(reason, "panic: child boom: deliberate\n\ngoroutine ") || len(reason) > 4<<10 {
		t.Errorf("reason %q: want the panic value and stack, at most 4 KiB", reason)
	}
}

// testShutdown: a child calls Shutdown without ending its session. Its root
// is exported, Indeterminate, with the reason saying it was never ended.
func (e *processEnv) testShutdown(t *testing.T) {
	c := e.start(t, "shutdown")
	id := c.sessionID(t)
	if err := c.wait(t); err != nil {
		t.Fatalf("child: %v", err)
	}
	tr := e.waitSession(t, id, 2)
	root := checkOneTree(t, tr, 2)
	checkEnd(t, root, semconv.EndStateIndeterminate, "")
	if reason, _ := root.Attributes[string(semconv.AgentOpsSessionEndStateReasonKey)].(string); !strings.HasPrefix(reason, "N/A (process exited without ending the session") {
		t.Errorf("reason %q does not say the session was never ended", reason)
	}
}

// waitStatus returns the wait status in cmd.Wait's error.
func waitStatus(err error) (syscall.WaitStatus, bool) {
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return 0, false
	}
	ws, ok := exit.Sys().(syscall.WaitStatus)
	return ws, ok
}
