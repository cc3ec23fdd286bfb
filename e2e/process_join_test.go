//go:build unix

package e2e_test

import (
	"context"
	"os"
	"syscall"
	"testing"

	"go.opentelemetry.io/otel/codes"

	"github.com/agentops-go/sdk/e2e/internal/backend"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// testJoinedChildren: the parent starts a session and hands it to two
// children by environment; they record LLM and tool calls concurrently; the
// parent ends it Success. Jaeger holds one trace with all three processes'
// spans, each with its parent present, and one root that ended Success.
func (e *processEnv) testJoinedChildren(t *testing.T) {
	parent := e.newParent(t)
	ctx, s, err := parent.StartSession(context.Background(), otelagentops.WithSessionName("orchestrator"))
	if err != nil {
		t.Fatal(err)
	}
	children := []*child{e.start(t, "join", s.Environ()...), e.start(t, "join", s.Environ()...)}
	for _, c := range children {
		if got := c.sessionID(t); got != s.ID() {
			t.Fatalf("child joined %s, want %s", got, s.ID())
		}
	}
	if err := parent.RecordTool(ctx, otelagentops.Tool{Name: "dispatch", Input: "2 workers"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range children {
		if err := c.wait(t); err != nil {
			t.Fatalf("child: %v", err)
		}
	}
	if err := s.End(ctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	if err := parent.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}

	// Parent: root and tool; each child: its process span, an LLM and a tool.
	tr := e.waitSession(t, s.ID(), 8)
	root := checkOneTree(t, tr, 8)
	if root.Name != "orchestrator.session" || root.SpanID != s.ID().RootSpanID().String() {
		t.Errorf("root %q %s, want orchestrator.session with the derived ID", root.Name, root.SpanID)
	}
	checkEnd(t, root, semconv.EndStateSuccess, "")
	pids := map[any]bool{}
	for _, sp := range tr.Spans {
		fromChild := sp.Attributes[string(semconv.AgentOpsSessionInheritedKey)] == true
		if sp.Name == "childproc.process" {
			pids[sp.Attributes[string(semconv.ProcessPIDKey)]] = true
			checkEnd(t, sp, semconv.EndStateSuccess, "")
		}
		if fromChild && sp.ParentSpanID != root.SpanID {
			t.Errorf("child span %q hangs under %s, not the root", sp.Name, sp.ParentSpanID)
		}
		if sp.Attributes[string(semconv.AgentOpsSessionIDKey)] != s.ID().String() {
			t.Errorf("span %q lacks the session ID", sp.Name)
		}
	}
	if len(pids) != 2 || pids[int64(os.Getpid())] {
		t.Errorf("process spans from pids %v, want the two children's", pids)
	}
	if n := countInherited(tr); n != 6 {
		t.Errorf("%d spans marked inherited, want the children's 6", n)
	}
}

// testJoinedChildSignalled: a joined child is sent SIGTERM. Its own part
// ends Fail naming the signal and it exits by the signal, while the
// session's root keeps the end state its owner gives it.
func (e *processEnv) testJoinedChildSignalled(t *testing.T) {
	parent := e.newParent(t)
	ctx, s, err := parent.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c := e.start(t, "join-wait", s.Environ()...)
	c.expect(t, "ready")
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	checkSignalled(t, c.wait(t), syscall.SIGTERM)
	if err := s.End(ctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	if err := parent.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	tr := e.waitSession(t, s.ID(), 4)
	root := checkOneTree(t, tr, 4)
	checkEnd(t, root, semconv.EndStateSuccess, "")
	proc, ok := tr.Span("childproc.process")
	if !ok {
		t.Fatal("no process span from the child")
	}
	checkEnd(t, proc, semconv.EndStateFail, "Signal SIGTERM detected")
}

// checkOneTree asserts that tr has want spans, one root, and every other
// span's parent in the trace, and returns the root.
func checkOneTree(t *testing.T, tr backend.Trace, want int) backend.Span {
	t.Helper()
	if len(tr.Spans) != want || len(tr.Roots()) != 1 {
		t.Fatalf("%d spans with %d roots, want %d with 1: %+v", len(tr.Spans), len(tr.Roots()), want, tr.Spans)
	}
	ids := map[string]bool{}
	for _, sp := range tr.Spans {
		ids[sp.SpanID] = true
	}
	for _, sp := range tr.Spans {
		if sp.ParentSpanID != "" && !ids[sp.ParentSpanID] {
			t.Errorf("span %q: parent %s is not in the trace", sp.Name, sp.ParentSpanID)
		}
	}
	return tr.Roots()[0]
}

// checkEnd asserts a span's end state, its reason (when want is not ""),
// and the matching status.
func checkEnd(t *testing.T, sp backend.Span, state semconv.EndState, reason string) {
	t.Helper()
	if got := sp.Attributes[string(semconv.AgentOpsSessionEndStateKey)]; got != string(state) {
		t.Errorf("%s: end state %v, want %s", sp.Name, got, state)
	}
	if got, _ := sp.Attributes[string(semconv.AgentOpsSessionEndStateReasonKey)].(string); reason != "" && got != reason {
		t.Errorf("%s: reason %q, want %q", sp.Name, got, reason)
	}
	want := map[semconv.EndState]codes.Code{
		semconv.EndStateSuccess: codes.Ok, semconv.EndStateFail: codes.Error, semconv.EndStateIndeterminate: codes.Unset,
	}[state]
	if sp.Status.Code != want {
		t.Errorf("%s: status %+v, want %v", sp.Name, sp.Status, want)
	}
}

func countInherited(tr backend.Trace) int {
	n := 0
	for _, sp := range tr.Spans {
		if sp.Attributes[string(semconv.AgentOpsSessionInheritedKey)] == true {
			n++
		}
	}
	return n
}

// checkSignalled asserts that a child's exit (cmd.Wait's error) was by sig.
func checkSignalled(t *testing.T, err error, sig syscall.Signal) {
	t.Helper()
	ws, ok := waitStatus(err)
	if !ok || !ws.Signaled() || ws.Signal() != sig {
		t.Errorf("child exit %v, want killed by %v", err, sig)
	}
}
