//go:build unix

package otelagentops

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/agentops-go/sdk/internal/envconfig"
)

// signalChildEnv names the mode a re-executed test binary runs in as a
// child process of the signal tests.
const signalChildEnv = "AGENTOPS_TEST_SIGNAL_CHILD"

// TestSignalChild is not a test: it is the child process of the tests
// below, which re-execute the test binary with signalChildEnv set.
func TestSignalChild(t *testing.T) {
	mode := os.Getenv(signalChildEnv)
	if mode == "" {
		t.Skip("the child process of the signal tests")
	}
	os.Exit(runSignalChild(mode))
}

// runSignalChild starts a session (written by the session sink into
// AGENTOPS_SESSION_DIR), prints "ready <session ID>", and then acts as mode
// says.
func runSignalChild(mode string) int {
	ctx := context.Background()
	c, err := New(ctx, WithLogger(slog.New(slog.DiscardHandler)), WithFlushInterval(time.Hour))
	if err != nil {
		fmt.Println("error:", err)
		return 3
	}
	_, s, err := c.StartSession(ctx)
	if err != nil {
		fmt.Println("error:", err)
		return 3
	}
	own := make(chan os.Signal, 1) // the program's own graceful shutdown
	switch mode {
	case "graceful":
		signal.Notify(own, syscall.SIGINT, syscall.SIGTERM)
		stop := c.HandleSignals(WithoutSignalExit())
		fmt.Println("ready", s.ID())
		<-own
		time.Sleep(300 * time.Millisecond) // the program's cleanup
		stop()                             // waits for the handler's flush
		fmt.Println("cleanup done")
		_ = c.Shutdown(ctx)
		return 0
	case "ignored-notified":
		// Started with SIGINT ignored; the program enables it for itself.
		signal.Notify(own, syscall.SIGINT)
		stop := c.HandleSignals()
		fmt.Println("ready", s.ID())
		select {
		case <-own:
		case <-time.After(10 * time.Second):
			fmt.Println("no signal")
		}
		time.Sleep(300 * time.Millisecond) // time for a handler to act
		fmt.Println("ended:", s.Ended())
		stop()
		_ = c.Shutdown(ctx)
		return 0
	case "ignored":
		stop := c.HandleSignals()
		defer stop()
		fmt.Println("ready", s.ID())
		time.Sleep(20 * time.Second) // until a signal ends the process
		fmt.Println("still running")
		return 0
	}
	return 3
}

// signalChild is a running child process.
type signalChild struct {
	cmd    *exec.Cmd
	lines  chan string
	dir    string
	sessID string
}

// startSignalChild runs the test binary as a child in mode; with
// ignoreSIGINT, it starts with SIGINT ignored, as a shell script's background
// job or after trap "" INT.
func startSignalChild(t *testing.T, mode string, ignoreSIGINT bool) *signalChild {
	t.Helper()
	dir := t.TempDir()
	args := []string{"-test.run=^TestSignalChild$", "-test.count=1"}
	var cmd *exec.Cmd
	if ignoreSIGINT {
		cmd = exec.Command("/bin/sh", append([]string{"-c", `trap '' INT; exec "$0" "$@"`, os.Args[0]}, args...)...)
	} else {
		cmd = exec.Command(os.Args[0], args...)
	}
	cmd.Env = append(os.Environ(), signalChildEnv+"="+mode, envconfig.EnvSessionDir+"="+dir,
		envconfig.EnvAPIKey+"=", envconfig.EnvOTLPEndpoint+"=", envconfig.EnvOTLPTracesEndpoint+"=")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &signalChild{cmd: cmd, lines: make(chan string, 16), dir: dir}
	go func() {
		defer close(c.lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line := c.next(t)
	id, ok := strings.CutPrefix(line, "ready ")
	if !ok {
		t.Fatalf("child said %q, want ready", line)
	}
	c.sessID = id
	return c
}

// next returns the child's next line of output.
func (c *signalChild) next(t *testing.T) string {
	t.Helper()
	select {
	case line, ok := <-c.lines:
		if !ok {
			t.Fatal("the child's output ended")
		}
		return line
	case <-time.After(20 * time.Second):
		t.Fatal("the child said nothing")
		return ""
	}
}

// session reads the child's session file.
func (c *signalChild) session(t *testing.T) (endState, reason string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(c.dir, c.sessID+".json"))
	if err != nil {
		t.Fatalf("no session file: %v", err)
	}
	var doc struct {
		Session struct {
			EndState       string `json:"end_state"`
			EndStateReason string `json:"end_state_reason"`
		} `json:"session"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Session.EndState, doc.Session.EndStateReason
}

// TestWithoutSignalExitLeavesExitingToTheProgram: a program with its own
// graceful shutdown used to be killed by the handler's re-raise before its
// cleanup ended. With WithoutSignalExit, the session is ended Fail and
// flushed, and the program's cleanup runs to its end and chooses the exit.
func TestWithoutSignalExitLeavesExitingToTheProgram(t *testing.T) {
	c := startSignalChild(t, "graceful", false)
	if err := c.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if line := c.next(t); line != "cleanup done" {
		t.Errorf("child said %q, want its cleanup done", line)
	}
	if err := c.cmd.Wait(); err != nil {
		t.Errorf("child exit: %v, want status 0 (the program's choice)", err)
	}
	if state, reason := c.session(t); state != "Fail" || reason != "Signal SIGINT detected" {
		t.Errorf("session ended %q (%q), want Fail naming SIGINT", state, reason)
	}
}

// TestSignalIgnoredAtStartIsNotHandled: a program started with SIGINT
// ignored, which enabled it for a handler of its own, used to get its
// session ended Fail on SIGINT, and then kept running (the re-raise
// restored the ignored disposition).
func TestSignalIgnoredAtStartIsNotHandled(t *testing.T) {
	c := startSignalChild(t, "ignored-notified", true)
	if err := c.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if line := c.next(t); line != "ended: false" {
		t.Errorf("child said %q, want its session still running", line)
	}
	if err := c.cmd.Wait(); err != nil {
		t.Errorf("child exit: %v", err)
	}
}

// TestSignalIgnoredAtStartOthersStillHandled: with SIGINT ignored at start
// and no handler of the program's, SIGINT does nothing, and SIGTERM still
// ends the session Fail and the process.
func TestSignalIgnoredAtStartOthersStillHandled(t *testing.T) {
	c := startSignalChild(t, "ignored", true)
	if err := c.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := c.cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGTERM {
		t.Errorf("child exit %v, want ended by SIGTERM", err)
	}
	if state, reason := c.session(t); state != "Fail" || reason != "Signal SIGTERM detected" {
		t.Errorf("session ended %q (%q), want Fail naming SIGTERM (SIGINT ignored)", state, reason)
	}
}
