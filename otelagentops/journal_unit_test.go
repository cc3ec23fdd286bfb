package otelagentops

import (
	"context"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// TestEndedSessionsLeaveNoJournal: a session ended and exported is done;
// Shutdown removes the journal of a client whose sessions are all done,
// and a joined session (another process owns it) is never journaled.
func TestEndedSessionsLeaveNoJournal(t *testing.T) {
	dir := t.TempDir()
	c, err := New(context.Background(), WithJournalDir(dir), WithExporter(&keepingExporter{}), WithoutEnvData(),
		WithLogger(slog.New(slog.DiscardHandler)), WithConcurrentSessions())
	if err != nil {
		t.Fatal(err)
	}
	ctx, s, _ := c.StartSession(context.Background())
	_ = c.RecordAction(ctx, Action{Type: "a"})
	_ = s.End(ctx, semconv.EndStateSuccess)
	jctx, joined, err := c.JoinSession(context.Background(), NewSessionID())
	if err != nil {
		t.Fatal(err)
	}
	_ = joined.End(jctx, semconv.EndStateSuccess)
	c.journal.mu.Lock()
	open := len(c.journal.open)
	c.journal.mu.Unlock()
	if open != 0 {
		t.Errorf("%d sessions still open in the journal after End and a flush", open)
	}
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Errorf("files left: %v", left)
	}
}

// TestJournalDirDefaults: the journal is on, beside the session files, for
// the targets the client builds (here the session sink), off for exporters
// given with WithExporter alone, and the option and the variable win.
func TestJournalDirDefaults(t *testing.T) {
	sessions := t.TempDir()
	for name, tc := range map[string]struct {
		cfg  exportConfig
		t    exportTargets
		want string
	}{
		"sink":             {exportConfig{sessionDir: sessions}, exportTargets{builtAny: true}, filepath.Join(sessions, "journal")},
		"default folder":   {exportConfig{}, exportTargets{builtAny: true}, filepath.Join("agentops-sessions", "journal")},
		"WithExporter":     {exportConfig{}, exportTargets{}, ""},
		"WithJournalDir":   {exportConfig{journalDir: "/j"}, exportTargets{}, "/j"},
		"WithoutJournal":   {exportConfig{noJournal: true}, exportTargets{builtAny: true}, ""},
		"sink, no journal": {exportConfig{sessionDir: sessions, noJournal: true}, exportTargets{builtAny: true}, ""},
	} {
		if got := journalDirOf(config{export: tc.cfg}, tc.t); got != tc.want {
			t.Errorf("%s: %q, want %q", name, got, tc.want)
		}
	}
	t.Setenv("AGENTOPS_JOURNAL_DIR", "OFF")
	if cfg, err := newConfig(os.LookupEnv, nil); err != nil || !cfg.export.noJournal {
		t.Errorf("AGENTOPS_JOURNAL_DIR=OFF: %+v, %v", cfg.export, err)
	}
	t.Setenv("AGENTOPS_JOURNAL_DIR", "/var/j")
	if cfg, _ := newConfig(os.LookupEnv, []Option{WithoutJournal()}); cfg.export.journalDir != "" || !cfg.export.noJournal {
		t.Errorf("WithoutJournal over the variable: %+v", cfg.export)
	}
}

// TestJournalCompactsAndKeepsOpenSessions writes far more than the
// journal's first size: it is compacted (and grown only as needed), and
// the one session left open reads back with its latest activity.
func TestJournalCompactsAndKeepsOpenSessions(t *testing.T) {
	dir := t.TempDir()
	j, err := openJournal(dir, 1, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	openID := NewSessionID()
	j.started(openID, openID.String(), openID.RootSpanID(), "open.session", start, []attribute.KeyValue{semconv.AgentOpsSessionName("open")})
	for i := range 2000 {
		id := NewSessionID()
		j.started(id, id.String(), id.RootSpanID(), "default.session", start, nil)
		j.exported(tracetest.SpanStubs{
			{SpanContext: spanContext(openID, trace.SpanID{1, byte(i)}), Parent: openID.RootSpanContext(), EndTime: start.Add(time.Duration(i+1) * time.Millisecond)},
			{SpanContext: spanContext(id, id.RootSpanID()), EndTime: start},
		}.Snapshots())
	}
	if len(j.mem) > 4*journalBytes {
		t.Errorf("the journal grew to %d bytes for one open session", len(j.mem))
	}
	open, err := readJournal(j.base + journalSuffix)
	if err != nil || len(open) != 1 || open[0].rec.ID != openID.String() {
		t.Fatalf("read back %d open sessions (%v), want the one", len(open), err)
	}
	if want := start.Add(2000 * time.Millisecond); !open[0].seen.Equal(want) {
		t.Errorf("last activity %v, want %v", open[0].seen, want)
	}
	if attrs := attributesOf(open[0].rec.Attrs); len(attrs) != 1 || attrs[0] != semconv.AgentOpsSessionName("open") {
		t.Errorf("attributes %v", attrs)
	}
	j.close()
}

func spanContext(id SessionID, span trace.SpanID) trace.SpanContext {
	return trace.NewSpanContext(trace.SpanContextConfig{TraceID: id.TraceID(), SpanID: span, TraceFlags: trace.FlagsSampled})
}

// TestJournalAttributesRoundTrip: every attribute type a root may carry
// reads back as it was written; a value JSON cannot hold (NaN) is left out
// rather than spoiling the line, and strings with quotes, control
// characters and invalid UTF-8 stay valid JSON.
func TestJournalAttributesRoundTrip(t *testing.T) {
	in := []attribute.KeyValue{
		attribute.Bool("b", true), attribute.Int64("i", -42), attribute.Float64("f", 0.25),
		attribute.String("s", "quote \" backslash \\ newline \n tab \t nul \x00 bad \xff"),
		attribute.BoolSlice("bs", []bool{true, false}), attribute.Int64Slice("is", []int64{1, 1 << 60}),
		attribute.Float64Slice("fs", []float64{1.5}), attribute.StringSlice("ss", []string{"a", "\"b\""}),
		attribute.Float64("nan", math.NaN()), attribute.Float64Slice("nans", []float64{1, math.Inf(1)}),
	}
	id := NewSessionID()
	line := appendStartRecord(nil, id.String(), id.RootSpanID(), "s.session", time.Now(), in)
	path := filepath.Join(t.TempDir(), "j"+journalSuffix)
	if err := os.WriteFile(path, line, 0o600); err != nil {
		t.Fatal(err)
	}
	open, err := readJournal(path)
	if err != nil || len(open) != 1 {
		t.Fatalf("read back %d sessions (%v) from %s", len(open), err, line)
	}
	got := attributesOf(open[0].rec.Attrs)
	want := append([]attribute.KeyValue(nil), in[:8]...)
	want[3] = attribute.String("s", "quote \" backslash \\ newline \n tab \t nul \x00 bad \uFFFD")
	if len(got) != len(want) {
		t.Fatalf("got %d attributes, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("attribute %d: got %v, want %v", i, got[i], want[i])
		}
	}
}

// flushCountingExporter is an exporter that can be flushed (as
// sessiondoc.Sink can), counting its flushes.
type flushCountingExporter struct {
	keepingExporter
	flushes atomic.Int32
}

func (e *flushCountingExporter) ForceFlush(context.Context) error { e.flushes.Add(1); return nil }

// TestForceFlushReachesTheExporterThroughTheJournal: Client.ForceFlush
// flushes an exporter that can be flushed (the session sink writes the
// documents it deferred), with the journal wrapping it or without, even
// when no span is queued.
func TestForceFlushReachesTheExporterThroughTheJournal(t *testing.T) {
	for name, journal := range map[string]Option{"journal": WithJournalDir(t.TempDir()), "no journal": WithoutJournal()} {
		t.Run(name, func(t *testing.T) {
			exp := &flushCountingExporter{}
			c, err := New(context.Background(), journal, WithExporter(exp), WithoutEnvData(), WithLogger(slog.New(slog.DiscardHandler)))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Shutdown(context.Background())
			if err := c.ForceFlush(t.Context()); err != nil {
				t.Fatal(err)
			}
			if n := exp.flushes.Load(); n != 1 {
				t.Errorf("%d flushes of the exporter, want 1", n)
			}
		})
	}
}
