package otelagentops

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/semconv"
)

func TestJoinSessionHangsUnderTheDerivedRoot(t *testing.T) {
	r := newRecorded(t, WithDefaultTags("worker"))
	id := NewSessionID()
	ctx, s, err := r.client.JoinSession(context.Background(), id, WithSessionName("crawler"))
	if err != nil {
		t.Fatal(err)
	}
	if !s.Inherited() || s.ID() != id || !s.RootSpanIDDerived() || !s.SpanContext().Equal(id.RootSpanContext()) {
		t.Fatalf("joined session: inherited %v, ID %s, derived %v, span context %v",
			s.Inherited(), s.ID(), s.RootSpanIDDerived(), s.SpanContext())
	}
	_ = r.client.RecordTool(ctx, Tool{Name: "fetch"})
	_ = r.client.RecordLLM(ctx, LLMRequest{Model: "gpt-4o"}, LLMResponse{Usage: Usage{InputTokens: 7, OutputTokens: 3}}, nil)
	if st := s.Stats(); st.ToolCalls != 1 || st.LLMCalls != 1 || st.TotalTokens != 10 {
		t.Errorf("stats %+v, want this process's 1 tool and 1 LLM call", st)
	}
	if err := s.End(ctx, semconv.EndStateFail, WithReason("crawler gave up")); err != nil {
		t.Fatal(err)
	}

	for _, sp := range r.rec.Ended() {
		if strings.HasSuffix(sp.Name(), ".session") || !sp.Parent().IsValid() {
			t.Errorf("span %q: a joining process made a root", sp.Name())
		}
		if sp.SpanContext().TraceID() != id.TraceID() {
			t.Errorf("span %q outside the session's trace", sp.Name())
		}
		if !attr(t, sp, semconv.AgentOpsSessionInheritedKey).AsBool() || attr(t, sp, semconv.AgentOpsSessionIDKey).AsString() != id.String() {
			t.Errorf("span %q not marked as the inherited session's", sp.Name())
		}
		if sp.Parent().SpanID() != id.RootSpanID() || !sp.Parent().IsRemote() {
			t.Errorf("span %q: parent %v, want the remote root %s", sp.Name(), sp.Parent(), id.RootSpanID())
		}
	}
	proc := r.span(t, "crawler.process")
	for key, want := range map[attribute.Key]string{
		semconv.AgentOpsSpanKindKey:              string(semconv.SpanKindTask),
		semconv.AgentOpsSessionEndStateKey:       "Fail",
		semconv.AgentOpsSessionEndStateReasonKey: "crawler gave up",
		semconv.AgentOpsSessionNameKey:           "crawler",
	} {
		if got := attr(t, proc, key).AsString(); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if attr(t, proc, semconv.ProcessPIDKey).AsInt64() != int64(os.Getpid()) || !hasAttr(proc, semconv.HostArchKey) {
		t.Error("process span lacks the pid or the host environment")
	}
	if got := attr(t, proc, semconv.AgentOpsTagsKey).AsStringSlice(); len(got) != 1 || got[0] != "worker" {
		t.Errorf("tags %v", got)
	}
	if attr(t, proc, semconv.AgentOpsSessionToolCallsKey).AsInt64() != 1 || proc.Status().Code != codes.Error {
		t.Errorf("process span: stats or status %v not this process's outcome", proc.Status())
	}
	if r.client.processor.lookup(id.TraceID()) != nil || len(r.client.ActiveSessions()) != 0 {
		t.Error("the ended joined session is still tracked or active")
	}
}

func TestJoinSessionFollowsTheExtractedParent(t *testing.T) {
	// An owner whose provider lacks the IDGenerator: the bare ID would name
	// a root span that does not exist; the traceparent names the real one.
	ownerProc := NewSessionProcessor()
	ownerTP := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(ownerProc))
	defer func() { _ = ownerTP.Shutdown(context.Background()) }()
	owner, err := New(context.Background(), WithTracerProvider(ownerTP), WithSessionProcessor(ownerProc), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	octx, owned, err := owner.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = owner.Shutdown(context.Background()) }()
	if owned.RootSpanIDDerived() {
		t.Fatal("root span ID derived without the IDGenerator")
	}
	carrier := propagation.MapCarrier{}
	owned.Inject(octx, carrier)

	r := newRecorded(t)
	jctx, id, err := Extract(context.Background(), carrier)
	if err != nil || id != owned.ID() {
		t.Fatalf("Extract = %s, %v; want %s", id, err, owned.ID())
	}
	ctx, s, err := r.client.JoinSession(jctx, id)
	if err != nil {
		t.Fatal(err)
	}
	_ = r.client.RecordAction(ctx, Action{Type: "step"})
	_ = s.End(ctx, semconv.EndStateSuccess)
	for _, sp := range r.rec.Ended() {
		if sp.Parent().SpanID() != owned.SpanContext().SpanID() {
			t.Errorf("span %q: parent %s, want the owner's root %s", sp.Name(), sp.Parent().SpanID(), owned.SpanContext().SpanID())
		}
	}
	if s.RootSpanIDDerived() || s.SpanContext().SpanID() != owned.SpanContext().SpanID() {
		t.Error("the joined session does not report the root it hangs under")
	}
}

func TestJoinSessionRules(t *testing.T) {
	r := newRecorded(t)
	ctx := context.Background()
	if _, _, err := r.client.JoinSession(ctx, SessionID{}); !errors.Is(err, ErrInvalidSessionID) {
		t.Errorf("zero ID: %v, want ErrInvalidSessionID", err)
	}
	_, s, err := r.client.StartSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.client.JoinSession(ctx, NewSessionID()); !errors.Is(err, ErrSessionActive) {
		t.Errorf("join while a session is active: %v, want ErrSessionActive", err)
	}
	_ = s.End(ctx, semconv.EndStateSuccess)

	c := newRecorded(t, WithConcurrentSessions()).client
	id := NewSessionID()
	if _, _, err := c.JoinSession(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.JoinSession(ctx, id); !errors.Is(err, ErrSessionActive) {
		t.Errorf("joining the same session twice: %v, want ErrSessionActive", err)
	}
	if _, _, err := c.JoinInherited(ctx); !errors.Is(err, ErrNoInheritedSession) {
		t.Errorf("JoinInherited without an ID: %v", err)
	}
	_ = c.Shutdown(ctx)
	if _, _, err := c.JoinSession(ctx, id); !errors.Is(err, ErrShutdown) {
		t.Errorf("after Shutdown: %v, want ErrShutdown", err)
	}
}

func TestJoinedEndFlushesAndShutdownEndsIndeterminate(t *testing.T) {
	exp := &keepingExporter{}
	c, err := New(context.Background(), WithExporter(exp), WithFlushInterval(time.Hour), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, s, err := c.JoinSession(context.Background(), NewSessionID())
	if err != nil {
		t.Fatal(err)
	}
	_ = c.RecordTool(ctx, Tool{Name: "t"})
	if err := s.End(ctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	if got := len(exp.Spans()); got != 2 {
		t.Errorf("End of a joined session left %d of 2 spans unexported", 2-got)
	}

	_, s2, err := c.JoinSession(context.Background(), NewSessionID())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	spans := exp.Spans()
	last := spans[len(spans)-1]
	if !s2.Ended() || last.Name() != processName()+".process" || attr(t, last, semconv.AgentOpsSessionEndStateKey).AsString() != "Indeterminate" {
		t.Errorf("Shutdown left the joined session %q ended=%v", last.Name(), s2.Ended())
	}
}

func TestInitJoinsTheInheritedSession(t *testing.T) {
	id := NewSessionID()
	parent := trace.NewSpanContext(trace.SpanContextConfig{TraceID: id.TraceID(), SpanID: trace.SpanID{1, 2, 3, 4, 5, 6, 7, 8}, TraceFlags: trace.FlagsSampled})
	other := trace.NewSpanContext(trace.SpanContextConfig{TraceID: NewSessionID().TraceID(), SpanID: trace.SpanID{9}, TraceFlags: trace.FlagsSampled})
	for name, tc := range map[string]struct {
		traceparent string
		want        trace.SpanID
	}{
		"traceparent of the session": {traceparentOf(parent), parent.SpanID()},
		"no traceparent":             {"", id.RootSpanID()},
		"traceparent of another":     {traceparentOf(other), id.RootSpanID()},
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(envconfig.EnvInheritedSessionID, id.String())
			t.Setenv("TRACEPARENT", tc.traceparent)
			exp := &keepingExporter{}
			ctx := context.Background()
			got, err := Init(ctx, WithExporter(exp), WithLogger(slog.New(slog.DiscardHandler)))
			if err != nil {
				t.Fatal(err)
			}
			s, err := CurrentSession(ctx)
			if got != s || got.ID() != id || err != nil || !s.Inherited() {
				t.Fatalf("Init = %v, session %v, %v; want to join %s", got, s, err, id)
			}
			if err := Shutdown(ctx); err != nil {
				t.Fatal(err)
			}
			spans := exp.Spans()
			if len(spans) != 1 || spans[0].Parent().SpanID() != tc.want {
				t.Fatalf("spans %d, parent %v; want one under %s", len(spans), spans[0].Parent(), tc.want)
			}
		})
	}
}

// traceparentOf returns sc as a W3C traceparent header value.
func traceparentOf(sc trace.SpanContext) string {
	carrier := propagation.MapCarrier{}
	propagation.TraceContext{}.Inject(trace.ContextWithSpanContext(context.Background(), sc), carrier)
	return carrier.Get("traceparent")
}

func TestJoinWithoutSessionProcessorWarnsAndStillMarks(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	logs := &syncBuffer{}
	c, err := New(context.Background(), WithTracerProvider(tp), WithoutEnvData(), WithLogger(slog.New(slog.NewTextHandler(logs, nil))))
	if err != nil {
		t.Fatal(err)
	}
	id := NewSessionID()
	ctx, s, err := c.JoinSession(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	_ = s.End(ctx, semconv.EndStateSuccess)
	_ = c.Shutdown(context.Background())
	if !strings.Contains(logs.String(), "no SessionProcessor") {
		t.Errorf("no warning about the missing processor in %q", logs)
	}
	spans := rec.Ended()
	if len(spans) != 1 {
		t.Fatalf("%d spans, want the process span", len(spans))
	}
	if spans[0].Parent().SpanID() != id.RootSpanID() || attr(t, spans[0], semconv.AgentOpsSessionIDKey).AsString() != id.String() {
		t.Error("process span not under the root or without the session ID")
	}
	if hasAttr(spans[0], semconv.HostNameKey) || hasAttr(spans[0], semconv.HostArchKey) {
		t.Error("host data on the process span despite WithoutEnvData")
	}
}

// TestJoinedSessionsConcurrentSafe joins, records into and ends many
// sessions at once; -race and goleak judge it.
func TestJoinedSessionsConcurrentSafe(t *testing.T) {
	exp := &keepingExporter{}
	c, err := New(context.Background(), WithExporter(exp), WithConcurrentSessions(), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	const sessions, events = 8, 10
	var wg sync.WaitGroup
	for range sessions {
		wg.Go(func() {
			ctx, s, err := c.JoinSession(context.Background(), NewSessionID())
			if err != nil {
				t.Error(err)
				return
			}
			for range events {
				_ = c.RecordTool(ctx, Tool{Name: "t"})
				_ = s.Environ()
			}
			if st := s.Stats(); st.ToolCalls != events {
				t.Errorf("stats %+v, want %d tool calls", st, events)
			}
			_ = s.End(ctx, semconv.EndStateSuccess)
		})
	}
	wg.Wait()
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := len(exp.Spans()); got != sessions*(events+1) {
		t.Errorf("exported %d spans, want %d", got, sessions*(events+1))
	}
}
