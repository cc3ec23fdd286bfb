package sessiondoc

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/exporter"
	"github.com/agentops-go/sdk/internal/bounded"
)

// onTrace returns stubs moved to trace t.
func onTrace(stubs tracetest.SpanStubs, t trace.TraceID) tracetest.SpanStubs {
	out := make(tracetest.SpanStubs, len(stubs))
	for i, s := range stubs {
		s.SpanContext = s.SpanContext.WithTraceID(t)
		if s.Parent.IsValid() {
			s.Parent = s.Parent.WithTraceID(t)
		}
		out[i] = s
	}
	return out
}

func newSink(t *testing.T, opts ...SinkOption) (*Sink, string, *logBuffer) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "sessions")
	logger, logs := newLogger()
	s, err := NewSink(append([]SinkOption{WithDir(dir), WithLogger(logger)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Shutdown(context.Background()) })
	return s, dir, logs
}

func readDoc(t *testing.T, path string) Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d Document
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatalf("%s is not valid JSON: %v", path, err)
	}
	return d
}

// files returns the names in dir.
func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestSinkWritesAsItGoes: the children of a session are on disk, as a
// running document, as soon as each export returns; the root completes the
// same file, which then equals the document of all the spans.
func TestSinkWritesAsItGoes(t *testing.T) {
	s, dir, logs := newSink(t)
	spans := sessionStubs().Snapshots()
	children, root := spans[:len(spans)-1], spans[len(spans)-1:]
	path := filepath.Join(dir, sessionID(testTrace)+".json")
	for i, batch := range [][]sdktrace.ReadOnlySpan{children[:2], children[2:]} {
		if err := s.ExportSpans(t.Context(), batch); err != nil {
			t.Fatal(err)
		}
		d := readDoc(t, path)
		if !d.Partial || !d.Session.EndTimestamp.IsZero() || d.Session.EndState != "" || len(d.Events) != len(NewDocument(children[:2+i*3]).Events) {
			t.Errorf("after batch %d: partial %v, end %v %q, %d events; want a running document of every child so far",
				i+1, d.Partial, d.Session.EndTimestamp, d.Session.EndState, len(d.Events))
		}
	}
	if names := files(t, dir); len(names) != 1 || names[0] != filepath.Base(path) {
		t.Fatalf("files before the root %v, want only %s", names, filepath.Base(path))
	}
	if err := s.ExportSpans(t.Context(), root); err != nil {
		t.Fatal(err)
	}
	if names := files(t, dir); len(names) != 1 || names[0] != filepath.Base(path) {
		t.Fatalf("files %v, want only %s", names, filepath.Base(path))
	}
	gotJSON, _ := os.ReadFile(path)
	wantJSON, _ := json.MarshalIndent(NewDocument(spans), "", "  ")
	if strings.TrimSpace(string(gotJSON)) != string(wantJSON) {
		t.Errorf("file differs from NewDocument:\n got %s\nwant %s", gotJSON, wantJSON)
	}
	if !strings.Contains(logs.String(), "session saved: "+path) {
		t.Errorf("the path is not logged:\n%s", logs)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if jq, err := exec.LookPath("jq"); err == nil {
		out, err := exec.Command(jq, "-r", ".session.end_state", path).Output()
		if err != nil || strings.TrimSpace(string(out)) != "Success" {
			t.Errorf("jq: %q, %v", out, err)
		}
	}
}

func TestSinkRewritesForLateChildren(t *testing.T) {
	s, dir, _ := newSink(t)
	spans := sessionStubs().Snapshots()
	late := spans[0]
	if err := s.ExportSpans(t.Context(), spans[1:]); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, sessionID(testTrace)+".json")
	before := len(readDoc(t, path).Events)
	if err := s.ExportSpans(t.Context(), []sdktrace.ReadOnlySpan{late}); err != nil {
		t.Fatal(err)
	}
	if after := len(readDoc(t, path).Events); after != before+1 {
		t.Errorf("events %d after the late child, want %d", after, before+1)
	}
}

// TestSinkPartialAtShutdownAndEviction: sessions whose root never came,
// evicted or still held at Shutdown, stay partial documents with their
// events within the limit and the count of those dropped.
func TestSinkPartialAtShutdownAndEviction(t *testing.T) {
	s, dir, logs := newSink(t, WithMaxSessions(2), WithMaxEvents(2))
	stubs := sessionStubs()
	children := stubs[:len(stubs)-1]
	for i := byte(1); i <= 3; i++ {
		if err := s.ExportSpans(t.Context(), onTrace(children, trace.TraceID{i}).Snapshots()); err != nil {
			t.Fatal(err)
		}
		if names := files(t, dir); len(names) != int(i) {
			t.Fatalf("after session %d: files %v, want one per session", i, names)
		}
	}
	if err := s.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	names := files(t, dir)
	if len(names) != 3 {
		t.Fatalf("after shutdown: %v, want 3 files", names)
	}
	for _, name := range names {
		d := readDoc(t, filepath.Join(dir, name))
		if !d.Partial || len(d.Events) != 2 || d.DroppedEvents == 0 || d.Session.InitTimestamp.IsZero() {
			t.Errorf("%s: partial %v, %d events, %d dropped, init %v", name, d.Partial, len(d.Events), d.DroppedEvents, d.Session.InitTimestamp)
		}
	}
	if n := strings.Count(logs.String(), "partial session saved"); n != 2 {
		t.Errorf("%d partial sessions logged at Shutdown, want the 2 still held:\n%s", n, logs)
	}
	if err := s.ExportSpans(t.Context(), stubs.Snapshots()); !errors.Is(err, exporter.ErrExporterShutdown) || len(files(t, dir)) != 3 {
		t.Errorf("export after shutdown: error %v, files %v; want exporter.ErrExporterShutdown and nothing written", err, files(t, dir))
	}
}

// TestSinkAtomicConcurrentSafe rewrites one session many times while
// readers parse it: every read sees a whole document, and no temporary
// file is left.
func TestSinkAtomicConcurrentSafe(t *testing.T) {
	s, dir, _ := newSink(t)
	spans := sessionStubs().Snapshots()
	if err := s.ExportSpans(t.Context(), spans); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, sessionID(testTrace)+".json")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				data, err := os.ReadFile(path)
				if err != nil || !json.Valid(data) {
					t.Errorf("a reader saw a broken file: %v", err)
					return
				}
			}
		})
	}
	for range 30 {
		if err := s.ExportSpans(t.Context(), spans[:1]); err != nil {
			t.Error(err)
		}
	}
	close(stop)
	wg.Wait()
	if names := files(t, dir); len(names) != 1 {
		t.Errorf("files left: %v", names)
	}
}

func TestSinkWriteFailureIsReturned(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	logger, _ := newLogger()
	s, err := NewSink(WithDir(filepath.Join(blocker, "sub")), WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown(context.Background())
	if err := s.ExportSpans(t.Context(), sessionStubs().Snapshots()); err == nil {
		t.Fatal("want an error when the folder cannot be created")
	}
}

func TestSinkEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("AGENTOPS_SESSION_DIR", dir)
	s, err := NewSink()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown(context.Background())
	if s.Dir() != dir {
		t.Errorf("Dir() = %q, want %q", s.Dir(), dir)
	}
}

func forgottenID(i int) trace.TraceID { return trace.TraceID{byte(i >> 8), byte(i), 1} }

// TestForgottenSessionsKeepTheNewest fills the sink's set of forgotten
// sessions and goes past its size: each insertion past it forgets the
// oldest ID, and an ID taken and remembered again since is the newest (its
// earlier place forgets nothing).
func TestForgottenSessionsKeepTheNewest(t *testing.T) {
	f := bounded.New[trace.TraceID, struct{}](maxOwned, nil)
	add := func(id trace.TraceID) { f.Put(id, struct{}{}) }
	take := func(id trace.TraceID) bool { _, ok := f.Delete(id); return ok }
	again := forgottenID(0)
	add(again)
	if !take(again) {
		t.Fatal("a remembered ID was not found")
	}
	add(again) // remembered again: the newest
	for i := 1; i <= maxOwned-2; i++ {
		add(forgottenID(i))
	}
	add(forgottenID(maxOwned - 1)) // the set is full
	if _, ok := f.Peek(again); !ok {
		t.Fatal("the earlier place of an ID forgot it, though it was remembered since")
	}
	add(forgottenID(maxOwned))     // forgets again: the oldest
	add(forgottenID(maxOwned + 1)) // forgets ID 1
	if take(again) || take(forgottenID(1)) {
		t.Error("the oldest IDs survived past the set's size")
	}
	for _, i := range []int{2, maxOwned - 1, maxOwned, maxOwned + 1} {
		if !take(forgottenID(i)) {
			t.Errorf("ID %d was forgotten, want it kept", i)
		}
	}
	if take(forgottenID(2)) {
		t.Error("an ID was found again after take")
	}
}
