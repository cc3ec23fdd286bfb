//go:build unix

package e2e_test

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// testCrash: a child process killed by sig (SIGKILL, or SIGINT with no
// handler: the default action) in the middle of its session runs no Go
// code, so its root span never leaves it. A client started afterwards with
// the same session journal exports that root: Jaeger then holds the
// session as one tree, its root once, ended Indeterminate, and each child
// span once.
func (e *processEnv) testCrash(t *testing.T, sig syscall.Signal) {
	dir := t.TempDir()
	c := e.start(t, "crash", "AGENTOPS_JOURNAL_DIR="+dir)
	id := c.sessionID(t)
	c.expect(t, "ready")
	if err := c.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	if ws, ok := waitStatus(c.wait(t)); !ok || !ws.Signaled() || ws.Signal() != sig {
		t.Fatalf("child ended with %v, want killed by %v", ws, sig)
	}
	if tr := e.waitSession(t, id, 2); len(tr.Roots()) != 0 {
		t.Fatalf("the killed process exported a root: %+v", tr.Roots())
	}

	e.recover(t, dir)
	root := checkOneTree(t, e.waitSession(t, id, 3), 3)
	checkEnd(t, root, semconv.EndStateIndeterminate, "")
	if reason, _ := root.Attributes[string(semconv.AgentOpsSessionEndStateReasonKey)].(string); !strings.Contains(reason, "ended without ending the session") {
		t.Errorf("reason %q does not say the process ended without ending the session", reason)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Errorf("journal files left: %v", left)
	}
}

// testCrashMany: 30 children side by side, one journal folder, each killed
// with SIGKILL at a random moment after its spans were flushed; then one
// client recovers them all: every session is one tree in Jaeger, its root
// once, Indeterminate, no span twice.
func (e *processEnv) testCrashMany(t *testing.T) {
	dir := t.TempDir()
	const runs = 30
	children := make([]*child, runs)
	ids := make([]otelagentops.SessionID, runs)
	for i := range children {
		children[i] = e.start(t, "crash", "AGENTOPS_JOURNAL_DIR="+dir)
	}
	for i, c := range children {
		ids[i] = c.sessionID(t)
		c.expect(t, "ready")
	}
	for _, c := range children {
		time.Sleep(time.Duration(rand.N(int64(20 * time.Millisecond))))
		if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range children {
		_ = c.wait(t)
	}
	e.recover(t, dir)
	for _, id := range ids {
		root := checkOneTree(t, e.waitSession(t, id, 3), 3)
		checkEnd(t, root, semconv.EndStateIndeterminate, "")
	}
}

// recover runs a client with the session journal in dir, exporting to
// Jaeger: New recovers the sessions of the dead processes, Shutdown flushes.
func (e *processEnv) recover(t *testing.T, dir string) {
	t.Helper()
	ctx := context.Background()
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(e.jaeger.OTLPTracesURL()))
	if err != nil {
		t.Fatal(err)
	}
	client, err := otelagentops.New(ctx, otelagentops.WithJournalDir(dir), otelagentops.WithExporter(exp),
		otelagentops.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
}
