package otelagentops

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
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
