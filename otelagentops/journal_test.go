package otelagentops

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/semconv"
	"github.com/agentops-go/sdk/sessiondoc"
)

// journalChildEnv makes the test binary the journaled child of
// TestKilledProcessSessionIsRecovered: the folder of its journal.
const journalChildEnv = "AGENTOPS_TEST_JOURNAL_CHILD"

// journalChildSinkEnv makes the journaled child export to the session sink.
const journalChildSinkEnv = "AGENTOPS_TEST_JOURNAL_CHILD_SINK"

// init runs a child of the crash tests instead of the tests when its
// switch is set.
func init() {
	for env, child := range map[string]func(string){journalChildEnv: runJournalChild, crashChildEnv: runCrashChild} {
		if dir := os.Getenv(env); dir != "" {
			child(dir)
			os.Exit(0)
		}
	}
}

// runJournalChild starts a session with a journal in dir, records a tool
// call, flushes, prints "ready <session-id> <tool end, unix ns>" and waits
// to be killed. With journalChildSinkEnv set, it exports to the session
// sink in dir (the journal in its default place) instead of a test
// exporter.
func runJournalChild(dir string) {
	ctx := context.Background()
	opts := []Option{WithJournalDir(dir), WithExporter(&keepingExporter{})}
	if os.Getenv(journalChildSinkEnv) != "" {
		opts = []Option{WithSessionDir(dir)}
	}
	c, err := New(ctx, append(opts, WithoutEnvData(), WithLogger(slog.New(slog.DiscardHandler)))...)
	if err != nil {
		fmt.Println("error", err)
		return
	}
	ctx, s, err := c.StartSession(ctx, WithSessionName("crashing"), WithTags("child"))
	if err != nil {
		fmt.Println("error", err)
		return
	}
	_, call, _ := c.StartTool(ctx, "lookup", "order 42")
	call.End("found", nil)
	_ = c.ForceFlush(ctx)
	fmt.Println("ready", s.ID(), call.Span().(sdktrace.ReadOnlySpan).EndTime().UnixNano())
	select {} // until SIGKILL
}

// TestKilledProcessSessionIsRecovered: a process killed with SIGKILL in the
// middle of a session runs no Go code, so its session's root span is never
// exported. The next client using its journal exports that root once, with
// the session's IDs, name, tags and start time, ended Indeterminate at its
// last exported activity; a client after that recovers nothing.
func TestKilledProcessSessionIsRecovered(t *testing.T) {
	dir := t.TempDir()
	cmd, fields := startJournalChild(t, dir)
	// A client while the child lives recovers nothing: its journal is locked.
	if n := recoverWith(t, dir, &keepingExporter{}); n != 0 {
		t.Errorf("recovered %d sessions of a live process", n)
	}
	killChild(t, cmd)

	exp := &keepingExporter{}
	if n := recoverWith(t, dir, exp); n != 1 {
		t.Fatalf("recovered %d sessions, want 1", n)
	}
	id, err := ParseSessionID(fields[1])
	if err != nil {
		t.Fatal(err)
	}
	toolEnd, _ := strconv.ParseInt(fields[2], 10, 64)
	var roots []sdktrace.ReadOnlySpan
	for _, s := range exp.Spans() {
		if !s.Parent().IsValid() {
			roots = append(roots, s)
		}
	}
	if len(roots) != 1 {
		t.Fatalf("%d root spans exported, want 1", len(roots))
	}
	root := roots[0]
	attrs := attrMap(root)
	switch {
	case root.SpanContext().TraceID() != id.TraceID() || root.SpanContext().SpanID() != id.RootSpanID():
		t.Errorf("root %v, want the session's IDs %s / %s", root.SpanContext(), id.TraceID(), id.RootSpanID())
	case root.Name() != "crashing.session":
		t.Errorf("root named %q", root.Name())
	case attrs[string(semconv.AgentOpsSessionEndStateKey)] != string(semconv.EndStateIndeterminate):
		t.Errorf("end state %q", attrs[string(semconv.AgentOpsSessionEndStateKey)])
	case !strings.Contains(attrs[string(semconv.AgentOpsSessionEndStateReasonKey)], "ended without ending the session"):
		t.Errorf("reason %q", attrs[string(semconv.AgentOpsSessionEndStateReasonKey)])
	case attrs[string(semconv.AgentOpsTagsKey)] != `["child"]`:
		t.Errorf("tags %q", attrs[string(semconv.AgentOpsTagsKey)])
	case !root.EndTime().Equal(time.Unix(0, toolEnd)):
		t.Errorf("root ends at %v, want the last exported activity %v", root.EndTime(), time.Unix(0, toolEnd))
	case !root.StartTime().Before(root.EndTime()):
		t.Errorf("root starts at %v, after its end %v", root.StartTime(), root.EndTime())
	}
	if n := recoverWith(t, dir, &keepingExporter{}); n != 0 {
		t.Errorf("recovered %d sessions a second time", n)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Errorf("journal files left behind: %v", left)
	}
}

// recoverWith builds a client with the journal in dir exporting to exp (New
// recovers), shuts it down and returns how many root spans reached exp.
func recoverWith(t *testing.T, dir string, exp *keepingExporter) int {
	t.Helper()
	c, err := New(context.Background(), WithJournalDir(dir), WithExporter(exp), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range exp.Spans() {
		if !s.Parent().IsValid() {
			n++
		}
	}
	return n
}

// attrMap returns a span's attributes as strings.
func attrMap(s sdktrace.ReadOnlySpan) map[string]string {
	m := map[string]string{}
	for _, kv := range s.Attributes() {
		m[string(kv.Key)] = kv.Value.String()
	}
	return m
}

// startJournalChild starts the journaled child over dir with env and
// returns it, running, with the fields of its "ready" line.
func startJournalChild(t *testing.T, dir string, env ...string) (*exec.Cmd, []string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), journalChildEnv+"="+dir), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	fields := strings.Fields(line)
	if err != nil || len(fields) != 3 || fields[0] != "ready" {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("child said %q (%v)", line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	return cmd, fields
}

// killChild kills cmd with SIGKILL and waits for it.
func killChild(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
}

// TestKilledProcessSessionFileIsCompleted: offline, a process killed with
// SIGKILL leaves its session file as a running document (the sink writes
// at every export) and its journal beside it; the next client in the same
// folder completes the file: the events kept, the session ended
// Indeterminate.
func TestKilledProcessSessionFileIsCompleted(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(envconfig.EnvJournalDir, "") // the default, which TestMain turns off
	cmd, fields := startJournalChild(t, dir, journalChildSinkEnv+"=1")
	killChild(t, cmd)
	file := filepath.Join(dir, fields[1]+".json")
	running := readDocument(t, file)
	if !running.Partial || running.Session.EndState != "" || len(running.Events) != 1 {
		t.Fatalf("after the kill: partial %v, end state %q, %d events; want a running document with the tool call",
			running.Partial, running.Session.EndState, len(running.Events))
	}
	c, err := New(context.Background(), WithSessionDir(dir), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	done := readDocument(t, file)
	if done.Partial || done.Session.EndState != string(semconv.EndStateIndeterminate) || len(done.Events) != 1 ||
		!strings.Contains(done.Session.EndStateReason, "ended without ending the session") {
		t.Errorf("after recovery: partial %v, end state %q (%q), %d events; want complete, Indeterminate, the tool call",
			done.Partial, done.Session.EndState, done.Session.EndStateReason, len(done.Events))
	}
}

// readDocument reads a session document.
func readDocument(t *testing.T, path string) sessiondoc.Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d sessiondoc.Document
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatalf("%s is not a document: %v", path, err)
	}
	return d
}
