package sessiondoc

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/exporter"
)

// eventIDs returns the sorted ids of d's events.
func eventIDs(d Document) []string {
	var ids []string
	for _, e := range d.Events {
		ids = append(ids, e.ID)
	}
	slices.Sort(ids)
	return ids
}

func partialName(t trace.TraceID) string {
	return sessionID(t) + ".partial-" + strconv.Itoa(os.Getpid()) + ".json"
}

// TestSinkUnrootedSessionEvictedTwiceKeepsEvents: a session without its
// root evicted twice keeps the events of both evictions in its one running
// document (they used to replace each other).
func TestSinkUnrootedSessionEvictedTwiceKeepsEvents(t *testing.T) {
	s, dir, _ := newSink(t, WithMaxSessions(1))
	a, b := trace.TraceID{0xa}, trace.TraceID{0xb}
	children := sessionStubs()[:5]
	steps := []step{
		{a, children[:1]}, // a1
		{b, children[:1]}, // b1: evicts A (partial with a1)
		{a, children[1:]}, // a2: evicts B; A starts afresh
	}
	for _, st := range steps {
		if err := s.ExportSpans(t.Context(), onTrace(st.stubs, st.trace).Snapshots()); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if names := files(t, dir); len(names) != 2 {
		t.Fatalf("files %v, want one file per session", names)
	}
	got := readDoc(t, filepath.Join(dir, sessionID(a)+".json"))
	want := NewDocument(onTrace(children, a).Snapshots())
	if !slices.Equal(eventIDs(got), eventIDs(want)) || !got.Partial || got.Session.InitTimestamp.String() != want.Session.InitTimestamp.String() {
		t.Errorf("partial document of A: events %v, partial %v, init %v; want events %v, init %v",
			eventIDs(got), got.Partial, got.Session.InitTimestamp, eventIDs(want), want.Session.InitTimestamp)
	}
}

// step is a batch of stubs moved to a trace.
type step struct {
	trace trace.TraceID
	stubs tracetest.SpanStubs
}

// TestSinkRootAfterPartialTakesItsEvents: when the root of a session
// arrives after its partial file was written, <id>.json holds every event
// and the partial file is gone.
func TestSinkRootAfterPartialTakesItsEvents(t *testing.T) {
	s, dir, _ := newSink(t, WithMaxSessions(1))
	a, b := trace.TraceID{0xa}, trace.TraceID{0xb}
	stubs := sessionStubs()
	for _, st := range []step{{a, stubs[:2]}, {b, stubs[:1]}, {a, stubs[2:]}} {
		if err := s.ExportSpans(t.Context(), onTrace(st.stubs, st.trace).Snapshots()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, partialName(a))); !os.IsNotExist(err) {
		t.Errorf("A's partial file is still there (%v)", err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, sessionID(a)+".json"))
	want, _ := json.MarshalIndent(NewDocument(onTrace(stubs, a).Snapshots()), "", "  ")
	if strings.TrimSpace(string(got)) != string(want) {
		t.Errorf("A's document differs from NewDocument:\n got %s\nwant %s", got, want)
	}
}

// TestSinkLateChildMergedFromDisk: a complete session holds nothing in
// memory, and a late child is merged into the file on disk, which then
// equals the document of all the spans (the events read back are written
// as they were; the error event's trigger type is filled in).
func TestSinkLateChildMergedFromDisk(t *testing.T) {
	s, dir, logs := newSink(t)
	spans := sessionStubs().Snapshots()
	if err := s.ExportSpans(t.Context(), spans[1:]); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	_, held := s.sessions.Peek(testTrace)
	s.mu.Unlock()
	if held {
		t.Error("the session is still held in memory after its complete document was written")
	}
	if err := s.ExportSpans(t.Context(), spans[:1]); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, sessionID(testTrace)+".json")
	got, _ := os.ReadFile(path)
	want, _ := json.MarshalIndent(NewDocument(spans), "", "  ")
	if strings.TrimSpace(string(got)) != string(want) {
		t.Errorf("document after the late child differs from NewDocument:\n got %s\nwant %s", got, want)
	}
	// The same spans again add nothing.
	if err := s.ExportSpans(t.Context(), spans[:3]); err != nil {
		t.Fatal(err)
	}
	if d := readDoc(t, path); len(d.Events) != 5 {
		t.Errorf("%d events after spans were exported twice, want 5", len(d.Events))
	}
	if strings.Count(logs.String(), "session saved") != 1 {
		t.Errorf("want one info line for the session:\n%s", logs)
	}
}

// TestSinkLateChildAfterEvictionIsKept: a late child of a written session
// the sink has forgotten joins <id>.json, whose header (end state, stats,
// tags) is kept as it was; no partial file is written.
func TestSinkLateChildAfterEvictionIsKept(t *testing.T) {
	s, dir, _ := newSink(t, WithMaxSessions(1))
	spans := sessionStubs().Snapshots()
	if err := s.ExportSpans(t.Context(), spans[1:]); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, sessionID(testTrace)+".json")
	before := readDoc(t, path)
	if err := s.ExportSpans(t.Context(), onTrace(sessionStubs(), trace.TraceID{0xb}).Snapshots()); err != nil {
		t.Fatal(err)
	}
	if err := s.ExportSpans(t.Context(), spans[:1]); err != nil {
		t.Fatal(err)
	}
	if err := s.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, partialName(testTrace))); !os.IsNotExist(err) {
		t.Errorf("a partial file was written for the late child (%v)", err)
	}
	after := readDoc(t, path)
	late := eventID(testTrace, spans[0].SpanContext().SpanID())
	if len(after.Events) != len(before.Events)+1 || !slices.Contains(eventIDs(after), late) {
		t.Errorf("events %v, want %v and the late child's %s", eventIDs(after), eventIDs(before), late)
	}
	hb, _ := json.Marshal(before.Session)
	ha, _ := json.Marshal(after.Session)
	if string(ha) != string(hb) || after.Partial || !reflect.DeepEqual(after.Stats, before.Stats) || after.Name != before.Name {
		t.Errorf("the header changed:\n was %s %+v\n now %s %+v partial %v", hb, before.Stats, ha, after.Stats, after.Partial)
	}
}

// TestSinkLateChildKeepsApartFromFilesItDidNotWrite: a child of a session
// whose <id>.json this sink never wrote (another process's, or a file
// deleted since) goes to this process's partial file; that file is never
// rewritten from here.
func TestSinkLateChildKeepsApartFromFilesItDidNotWrite(t *testing.T) {
	for _, tc := range []string{"another process's document", "deleted document"} {
		t.Run(tc, func(t *testing.T) {
			s, dir, _ := newSink(t, WithMaxSessions(1))
			spans := sessionStubs().Snapshots()
			path := filepath.Join(dir, sessionID(testTrace)+".json")
			if tc == "another process's document" {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(`{"session":{"session_id":"x"},"events":[]}`), 0o644); err != nil {
					t.Fatal(err)
				}
			} else {
				if err := s.ExportSpans(t.Context(), spans[1:]); err != nil {
					t.Fatal(err)
				}
				if err := s.ExportSpans(t.Context(), onTrace(sessionStubs(), trace.TraceID{0xb}).Snapshots()); err != nil {
					t.Fatal(err)
				}
				if err := os.Remove(path); err != nil {
					t.Fatal(err)
				}
			}
			var stat0 os.FileInfo
			if tc == "another process's document" {
				stat0, _ = os.Stat(path)
			}
			if err := s.ExportSpans(t.Context(), spans[:1]); err != nil {
				t.Fatal(err)
			}
			if err := s.Shutdown(t.Context()); err != nil {
				t.Fatal(err)
			}
			if d := readDoc(t, filepath.Join(dir, partialName(testTrace))); len(d.Events) != 1 {
				t.Errorf("partial file events %v, want the late child's", eventIDs(d))
			}
			if stat0 != nil {
				if st, err := os.Stat(path); err != nil || !st.ModTime().Equal(stat0.ModTime()) || st.Size() != stat0.Size() {
					t.Errorf("the other process's document was rewritten")
				}
			}
		})
	}
}

// TestSinkEventLimitCountsTheFile: the event limit counts the events
// already written, and the file keeps the dropped count across rewrites.
func TestSinkEventLimitCountsTheFile(t *testing.T) {
	s, dir, _ := newSink(t, WithMaxEvents(3))
	spans := sessionStubs().Snapshots()
	// root + action (1 event), then llm (1), tool (2: over), error (1).
	for _, batch := range [][]sdktrace.ReadOnlySpan{{spans[2], spans[5]}, spans[:1], spans[1:2], spans[3:4]} {
		if err := s.ExportSpans(t.Context(), batch); err != nil {
			t.Fatal(err)
		}
	}
	d := readDoc(t, filepath.Join(dir, sessionID(testTrace)+".json"))
	if len(d.Events) != 3 || d.DroppedEvents != 2 {
		t.Errorf("%d events, %d dropped; want 3 and 2", len(d.Events), d.DroppedEvents)
	}
}

// TestSinkNeverReplacesAnUnreadableFile: a file in the way that is not a
// session document makes the write fail rather than be overwritten.
func TestSinkNeverReplacesAnUnreadableFile(t *testing.T) {
	s, dir, _ := newSink(t)
	path := filepath.Join(dir, sessionID(testTrace)+".json")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.ExportSpans(t.Context(), sessionStubs().Snapshots()); err == nil {
		t.Error("want an error")
	}
	if data, _ := os.ReadFile(path); string(data) != "not json" {
		t.Errorf("the file was replaced: %q", data)
	}
}

// TestSinkExportAfterShutdownFails: spans exported after Shutdown are
// refused with an error, so a counting caller does not count them as
// exported.
func TestSinkExportAfterShutdownFails(t *testing.T) {
	s, dir, _ := newSink(t)
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	err := s.ExportSpans(t.Context(), sessionStubs().Snapshots())
	if !errors.Is(err, exporter.ErrExporterShutdown) {
		t.Errorf("export after Shutdown: %v, want exporter.ErrExporterShutdown", err)
	}
	if names := files(t, dir); len(names) != 0 {
		t.Errorf("files written after Shutdown: %v", names)
	}
	if err := s.ExportSpans(t.Context(), nil); err != nil {
		t.Errorf("empty export after Shutdown: %v", err)
	}
}
