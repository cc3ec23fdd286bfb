//go:build unix

package e2e_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"

	"github.com/agentops-go/sdk/e2e/internal/backend"
	"github.com/agentops-go/sdk/otelagentops"
)

// TestProcesses runs sessions across real processes: it builds the child
// program (internal/childproc) once, starts one Jaeger, and runs each case
// as a subtest, reading every session back from Jaeger by its ID.
func TestProcesses(t *testing.T) {
	jaeger := backend.StartJaeger(t)
	env := &processEnv{jaeger: jaeger, child: buildChild(t)}
	t.Run("JoinedChildrenShareOneTrace", env.testJoinedChildren)
	t.Run("JoinedChildSignalledKeepsOwnerState", env.testJoinedChildSignalled)
	t.Run("SignalEndsFail", env.testSignals)
	t.Run("PanicEndsFail", env.testPanic)
	t.Run("ShutdownEndsIndeterminate", env.testShutdown)
	t.Run("KilledSessionRecovered", func(t *testing.T) { env.testCrash(t, syscall.SIGKILL) })
	t.Run("InterruptedSessionRecovered", func(t *testing.T) { env.testCrash(t, syscall.SIGINT) })
	t.Run("ThirtyKilledSessionsRecoveredOnce", env.testCrashMany)
}

// processEnv is what the process subtests share.
type processEnv struct {
	jaeger *backend.Jaeger
	child  string // path of the built child program
}

// buildChild builds internal/childproc into a temporary directory.
func buildChild(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "childproc")
	cmd := exec.CommandContext(t.Context(), "go", "build", "-o", bin, "./internal/childproc")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the child program: %v\n%s", err, out)
	}
	return bin
}

// child is a running child program.
type child struct {
	cmd    *exec.Cmd
	lines  chan string // its stdout, line by line
	stderr *bytes.Buffer
	done   chan struct{} // closed once cmd.Wait returned
	err    error         // cmd.Wait's result, set before done is closed
}

// start runs the child program in mode with extra environment entries
// (later entries win), exporting to Jaeger.
func (e *processEnv) start(t *testing.T, mode string, env ...string) *child {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	cmd := exec.CommandContext(ctx, e.child, "-otlp", e.jaeger.OTLPTracesURL(), mode)
	cmd.Env = append(os.Environ(), "AGENTOPS_API_KEY=", "AGENTOPS_INHERITED_SESSION_ID=", "TRACEPARENT=", "BAGGAGE=")
	cmd.Env = append(cmd.Env, env...)
	c := &child{cmd: cmd, lines: make(chan string, 64), stderr: &bytes.Buffer{}, done: make(chan struct{})}
	cmd.Stdout = &lineWriter{lines: c.lines}
	cmd.Stderr = c.stderr
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("starting the child: %v", err)
	}
	go func() {
		defer cancel()
		c.err = cmd.Wait()
		close(c.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-c.done
		if t.Failed() {
			t.Logf("child %s stderr:\n%s", mode, c.stderr)
		}
	})
	return c
}

// expect waits for the child's next stdout line with the given prefix and
// returns the rest of it.
func (c *child) expect(t *testing.T, prefix string) string {
	t.Helper()
	timeout := time.After(time.Minute)
	for {
		select {
		case line := <-c.lines:
			if rest, ok := strings.CutPrefix(line, prefix); ok {
				return strings.TrimSpace(rest)
			}
		case <-c.done:
			t.Fatalf("child exited (%v) before printing %q", c.err, prefix)
		case <-timeout:
			t.Fatalf("child printed no %q within a minute", prefix)
		}
	}
}

// sessionID reads the "session <id>" line the child prints.
func (c *child) sessionID(t *testing.T) otelagentops.SessionID {
	t.Helper()
	id, err := otelagentops.ParseSessionID(c.expect(t, "session "))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// wait waits for the child to exit and returns cmd.Wait's error.
func (c *child) wait(t *testing.T) error {
	t.Helper()
	select {
	case <-c.done:
		return c.err
	case <-time.After(time.Minute):
		t.Fatal("child did not exit within a minute")
		return nil
	}
}

// lineWriter sends each complete line written to it on lines (dropping
// lines when nobody reads them).
type lineWriter struct {
	mu    sync.Mutex
	buf   []byte
	lines chan string
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		select {
		case w.lines <- string(w.buf[:i]):
		default:
		}
		w.buf = w.buf[i+1:]
	}
}

// newParent returns a client in the test process that exports to Jaeger.
func (e *processEnv) newParent(t *testing.T) *otelagentops.Client {
	t.Helper()
	exp, err := otlptracehttp.New(t.Context(), otlptracehttp.WithEndpointURL(e.jaeger.OTLPTracesURL()))
	if err != nil {
		t.Fatal(err)
	}
	c, err := otelagentops.New(t.Context(), otelagentops.WithExporter(exp),
		otelagentops.WithFlushInterval(100*time.Millisecond), otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Shutdown(context.Background()) })
	return c
}

// waitSession reads the session's trace back from Jaeger once it has at
// least minSpans spans.
func (e *processEnv) waitSession(t *testing.T, id otelagentops.SessionID, minSpans int) backend.Trace {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	tr, err := e.jaeger.WaitTrace(ctx, id.TraceID().String(), minSpans)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
