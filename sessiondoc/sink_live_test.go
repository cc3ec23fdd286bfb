package sessiondoc

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// runningBatches are batches of a session's spans without its root: the
// children of sessionStubs in two batches, then 64 LLM calls.
func runningBatches(t trace.TraceID) [][]sdktrace.ReadOnlySpan {
	children := onTrace(sessionStubs()[:5], t)
	llm := onTrace(snapshotStubs(llmBatch()[:64]), t)
	return [][]sdktrace.ReadOnlySpan{children[:2].Snapshots(), children[2:].Snapshots(), llm.Snapshots()}
}

// wantEvents returns the sorted event IDs of the document of batches.
func wantEvents(batches [][]sdktrace.ReadOnlySpan) []string {
	return eventIDs(NewDocument(slices.Concat(batches...)))
}

// checkRunning reads the document at path with encoding/json and checks
// that it is running (partial, no end) and holds each event of want
// exactly once.
func checkRunning(t *testing.T, path string, want []string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no document on disk: %v", err)
	}
	var raw struct {
		Session map[string]any `json:"session"`
		Partial bool           `json:"partial"`
		Events  []struct {
			ID string `json:"id"`
		} `json:"events"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%s is not valid JSON: %v\n%s", path, err, data)
	}
	if !raw.Partial || raw.Session["end_state"] != nil || raw.Session["end_timestamp"] != nil || raw.Session["init_timestamp"] == nil {
		t.Errorf("want a running document (partial, a start, no end_state or end_timestamp), got partial %v, session %v", raw.Partial, raw.Session)
	}
	var got []string
	for _, e := range raw.Events {
		got = append(got, e.ID)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("%d events on disk, want %d, each exactly once:\n got %v\nwant %v", len(got), len(want), got, want)
	}
}

// TestSinkRunningDocumentBeforeTheRoot: a batch of children without their
// root is on disk as a readable running document when ExportSpans returns.
func TestSinkRunningDocumentBeforeTheRoot(t *testing.T) {
	s, dir, logs := newSink(t)
	batches := runningBatches(testTrace)
	if err := s.ExportSpans(t.Context(), batches[0]); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, testSessionID+".json")
	checkRunning(t, path, wantEvents(batches[:1]))
	if !strings.Contains(logs.String(), "session file started, written as spans arrive: "+path) {
		t.Errorf("the path is not logged at the first write:\n%s", logs)
	}
	if jq, err := exec.LookPath("jq"); err == nil {
		out, err := exec.Command(jq, "-r", ".session.end_state, .partial", path).Output()
		if err != nil || strings.Join(strings.Fields(string(out)), " ") != "null true" {
			t.Errorf("jq: %q, %v", out, err)
		}
	}
}

// TestSinkRunningSessionWrittenFromMemory: a later batch of a session the
// sink holds is written from memory, not read back: the file removed in
// between comes back with every batch's events.
func TestSinkRunningSessionWrittenFromMemory(t *testing.T) {
	s, dir, _ := newSink(t)
	batches := runningBatches(testTrace)
	path := filepath.Join(dir, testSessionID+".json")
	for i, b := range batches {
		if i > 0 {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.ExportSpans(t.Context(), b); err != nil {
			t.Fatal(err)
		}
	}
	checkRunning(t, path, wantEvents(batches))
}

// killChildEnv, when set, makes TestSinkSurvivesSIGKILL the child: it
// exports runningBatches into the folder the variable names, prints
// "ready" and waits to be killed.
const killChildEnv = "SESSIONDOC_TEST_KILLED_CHILD_DIR"

// TestSinkSurvivesSIGKILL runs a process that exports a session's spans
// without its root and kills it with SIGKILL: the session's file holds
// every span it exported, exactly once, as valid JSON.
func TestSinkSurvivesSIGKILL(t *testing.T) {
	if dir := os.Getenv(killChildEnv); dir != "" {
		killedChild(dir)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSinkSurvivesSIGKILL$")
	cmd.Env = append(os.Environ(), killChildEnv+"="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe() // the child waits on it: it ends if this test does
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := false
	for lines := bufio.NewScanner(stdout); !ready && lines.Scan(); {
		ready = lines.Text() == "ready"
	}
	if !ready {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("the child ended before it was ready:\n%s", stderr.String())
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: nothing runs in the child
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	if err := cmd.Wait(); err == nil {
		t.Fatal("the child exited on its own, want it killed")
	}
	checkRunning(t, filepath.Join(dir, testSessionID+".json"), wantEvents(runningBatches(testTrace)))
	if names := files(t, dir); len(names) != 1 {
		t.Errorf("files %v, want the session's document only", names)
	}
}

// killedChild is the child of TestSinkSurvivesSIGKILL.
func killedChild(dir string) {
	s, err := NewSink(WithDir(dir))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for _, batch := range runningBatches(testTrace) {
		if err := s.ExportSpans(context.Background(), batch); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin) // until killed, or the parent is gone
	os.Exit(3)
}

// TestSinkJoinedSessionKeepsApart: the spans of a session this process
// joined (agentops.session.inherited) go to this process's partial file,
// never to <session-id>.json, which the owner writes; if the root arrives
// after all, <session-id>.json takes them and the partial file goes.
func TestSinkJoinedSessionKeepsApart(t *testing.T) {
	s, dir, _ := newSink(t)
	stubs := sessionStubs()
	joined := make(tracetest.SpanStubs, len(stubs)-1)
	for i, st := range stubs[:len(stubs)-1] {
		st.Attributes = append(slices.Clone(st.Attributes), semconv.AgentOpsSessionInherited(true))
		joined[i] = st
	}
	if err := s.ExportSpans(t.Context(), joined.Snapshots()); err != nil {
		t.Fatal(err)
	}
	if names := files(t, dir); len(names) != 1 || names[0] != partialName(testTrace) {
		t.Fatalf("files %v, want only %s", names, partialName(testTrace))
	}
	checkRunning(t, filepath.Join(dir, partialName(testTrace)), eventIDs(NewDocument(joined.Snapshots())))
	if err := s.ExportSpans(t.Context(), stubs[len(stubs)-1:].Snapshots()); err != nil {
		t.Fatal(err)
	}
	if names := files(t, dir); len(names) != 1 || names[0] != testSessionID+".json" {
		t.Fatalf("files %v after the root, want only the session's document", names)
	}
	if d := readDoc(t, filepath.Join(dir, testSessionID+".json")); d.Partial || len(d.Events) != 5 {
		t.Errorf("document after the root: partial %v, %d events; want complete with 5", d.Partial, len(d.Events))
	}
}

// TestSinkLeavesAnotherWritersRunningDocument: a sink that finds the
// running document of another writer (alive, or dead since) leaves it as
// it was and keeps its own spans of the session apart.
func TestSinkLeavesAnotherWritersRunningDocument(t *testing.T) {
	first, dir, _ := newSink(t)
	logger, _ := newLogger()
	second, err := NewSink(WithDir(dir), WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	defer second.Shutdown(t.Context())
	batches := runningBatches(testTrace)
	if err := first.ExportSpans(t.Context(), batches[0]); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, testSessionID+".json")
	before, _ := os.ReadFile(path)
	if err := second.ExportSpans(t.Context(), batches[1]); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the other writer's running document was changed")
	}
	checkRunning(t, filepath.Join(dir, partialName(testTrace)), wantEvents(batches[1:2]))
	if err := first.ExportSpans(t.Context(), batches[2]); err != nil {
		t.Fatal(err)
	}
	checkRunning(t, path, eventIDs(NewDocument(slices.Concat(batches[0], batches[2]))))
}

// TestWriteFileAtomicCreateRefusesAnExistingFile: creating a file another
// writer made first fails with fs.ErrExist, leaving it and no temporary
// file behind.
func TestWriteFileAtomicCreateRefusesAnExistingFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := writeFileAtomic(dir, "a.json", []byte("first"), true, true); err != nil {
		t.Fatal(err)
	}
	if _, err := writeFileAtomic(dir, "a.json", []byte("second"), true, true); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second create: %v, want fs.ErrExist", err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "a.json")); string(data) != "first" {
		t.Errorf("the file holds %q, want the first writer's", data)
	}
	if names := files(t, dir); len(names) != 1 {
		t.Errorf("files %v, want a.json only", names)
	}
}
