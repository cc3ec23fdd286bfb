package mcpspan

import (
	"context"
	"strings"
	"sync"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/agentops-go/sdk/internal/testlog"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// process is one process's otelagentops client over a span recorder.
type process struct {
	client *otelagentops.Client
	spans  *tracetest.SpanRecorder
	logs   *testlog.Buffer
}

func newProcess(t *testing.T, opts ...otelagentops.Option) *process {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	proc := otelagentops.NewSessionProcessor(rec)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(proc), sdktrace.WithIDGenerator(otelagentops.NewIDGenerator()))
	logger, logs := testlog.New()
	c, err := otelagentops.New(context.Background(), append([]otelagentops.Option{otelagentops.WithTracerProvider(tp),
		otelagentops.WithSessionProcessor(proc), otelagentops.WithoutEnvData(), otelagentops.WithLogger(logger)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = c.Shutdown(context.Background())
		_ = tp.Shutdown(context.Background())
	})
	return &process{client: c, spans: rec, logs: logs}
}

// ended returns the ended spans named name.
func (p *process) ended(name string) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range p.spans.Ended() {
		if s.Name() == name {
			out = append(out, s)
		}
	}
	return out
}

func attrValue(s sdktrace.ReadOnlySpan, key string) (string, bool) {
	for _, kv := range s.Attributes() {
		if string(kv.Key) == key {
			return kv.Value.String(), true
		}
	}
	return "", false
}

// callTool records a tools/call of the caller's session ctx as mcpspan's
// client does and returns the _meta it sends, and the function that ends it.
func callTool(t *testing.T, caller *process, ctx context.Context) (map[string]any, func()) {
	t.Helper()
	cfg := NewConfig([]Option{WithClient(caller.client)})
	req := Request{Method: MethodToolsCall, ToolName: "summarize"}
	cctx, call := cfg.ClientRecorder().Start(ctx, &req)
	meta, ok := InjectMeta(cctx, nil)
	if !ok || call == nil {
		t.Fatal("the caller recorded no span to propagate")
	}
	return meta, func() { call.End(Outcome{}) }
}

// serve handles one tools/call in the server process: its handler makes an
// LLM call through the server's client, as llmhttp would.
func serve(t *testing.T, server *Server, c *otelagentops.Client, meta map[string]any, inside func(context.Context)) {
	t.Helper()
	req := Request{Method: MethodToolsCall, ToolName: "summarize"}
	ctx, call := server.Start(context.Background(), &req, meta)
	if _, llm, err := c.StartLLM(ctx, otelagentops.LLMRequest{Provider: "openai", Model: "gpt-4o-mini"}); err == nil {
		llm.End(otelagentops.LLMResponse{Usage: otelagentops.Usage{InputTokens: 10, OutputTokens: 5}}, nil)
	}
	if inside != nil {
		inside(ctx)
	}
	call.End(Outcome{})
}

// With WithSessionJoin, a server in another process joins its caller's
// session for the handler: the handler's LLM call is in the caller's trace,
// under the server span, stamped as the session's (inherited), counted in
// the joined session this process ended after the request.
func TestServerJoinsTheCallersSession(t *testing.T) {
	caller, serverProc := newProcess(t), newProcess(t)
	ctx, session, err := caller.client.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	meta, end := callTool(t, caller, ctx)
	server := NewConfig([]Option{WithClient(serverProc.client), WithSessionJoin()}).ServerRecorder()
	serve(t, server, serverProc.client, meta, func(ctx context.Context) {
		if s := otelagentops.SessionFromContext(ctx); s == nil || s.ID() != session.ID() || !s.Inherited() {
			t.Errorf("the handler's context carries session %v, want the caller's, joined", s)
		}
	})
	end()

	servers := serverProc.ended("tools/call summarize")
	llms := serverProc.ended("chat gpt-4o-mini")
	if len(servers) != 1 || len(llms) != 1 {
		t.Fatalf("server process ended %d server spans and %d LLM spans, want 1 and 1", len(servers), len(llms))
	}
	srv, llm := servers[0], llms[0]
	if llm.SpanContext().TraceID() != session.ID().TraceID() || llm.Parent().SpanID() != srv.SpanContext().SpanID() {
		t.Errorf("the handler's LLM call is not under the server span in the caller's trace")
	}
	if srv.SpanContext().TraceID() != session.ID().TraceID() || !srv.Parent().IsRemote() {
		t.Errorf("the server span is not the remote child of the caller's span")
	}
	for _, s := range []sdktrace.ReadOnlySpan{srv, llm} {
		if id, _ := attrValue(s, string(semconv.AgentOpsSessionIDKey)); id != session.ID().String() {
			t.Errorf("span %q: agentops.session.id %q, want %q", s.Name(), id, session.ID())
		}
		if v, _ := attrValue(s, string(semconv.AgentOpsSessionInheritedKey)); v != "true" {
			t.Errorf("span %q is not marked inherited", s.Name())
		}
	}
	processes := 0
	for _, s := range serverProc.spans.Ended() {
		if strings.HasSuffix(s.Name(), ".process") {
			processes++
			if v, _ := attrValue(s, string(semconv.AgentOpsSessionLLMCallsKey)); v != "1" {
				t.Errorf("this process's span counts %q LLM calls, want 1", v)
			}
		}
	}
	if processes != 1 {
		t.Errorf("%d process spans, want 1 (the join ended with the request)", processes)
	}
	if n := len(serverProc.client.ActiveSessions()); n != 0 {
		t.Errorf("%d sessions still active in the server process", n)
	}
}

// Requests of one session handled at the same time share one join; the
// last one ends it.
func TestConcurrentRequestsShareOneJoin(t *testing.T) {
	caller, serverProc := newProcess(t), newProcess(t)
	ctx, _, err := caller.client.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	meta, end := callTool(t, caller, ctx)
	defer end()
	server := NewConfig([]Option{WithClient(serverProc.client), WithSessionJoin()}).ServerRecorder()
	const n = 8
	var started, finish sync.WaitGroup
	started.Add(n)
	finish.Add(1)
	var done sync.WaitGroup
	for range n {
		done.Add(1)
		go func() {
			defer done.Done()
			serve(t, server, serverProc.client, meta, func(context.Context) {
				started.Done()
				finish.Wait() // every request holds the join at once
			})
		}()
	}
	started.Wait()
	if got := len(serverProc.client.ActiveSessions()); got != 1 {
		t.Errorf("%d sessions active while %d requests run, want one shared join", got, n)
	}
	finish.Done()
	done.Wait()
	if got := len(serverProc.client.ActiveSessions()); got != 0 {
		t.Errorf("%d sessions active after the requests, want none", got)
	}
	if got := len(serverProc.ended("chat gpt-4o-mini")); got != n {
		t.Errorf("%d LLM spans, want %d", got, n)
	}
}

// A server whose client cannot join (a session of its own, no concurrent
// sessions) still records the request, says why once, and the handler's
// context carries no joined session.
func TestServerThatCannotJoin(t *testing.T) {
	caller, serverProc := newProcess(t), newProcess(t)
	ctx, _, err := caller.client.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := serverProc.client.StartSession(context.Background()); err != nil {
		t.Fatal(err)
	}
	meta, end := callTool(t, caller, ctx)
	defer end()
	server := NewConfig([]Option{WithClient(serverProc.client), WithSessionJoin()}).ServerRecorder()
	for range 2 {
		serve(t, server, serverProc.client, meta, func(ctx context.Context) {
			if s := otelagentops.SessionFromContext(ctx); s != nil {
				t.Errorf("the handler's context carries session %s", s.ID())
			}
		})
	}
	if got := len(serverProc.ended("tools/call summarize")); got != 2 {
		t.Errorf("%d server spans, want 2", got)
	}
	if got := strings.Count(serverProc.logs.String(), "could not join its caller's session"); got != 1 {
		t.Errorf("the failed join was logged %d times, want once:\n%s", got, serverProc.logs.String())
	}
}

// In one process (an in-process transport), the caller's session is active
// in the server's client already: it is used, not joined or ended.
func TestServerInTheCallersProcess(t *testing.T) {
	p := newProcess(t)
	ctx, session, err := p.client.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	meta, end := callTool(t, p, ctx)
	server := NewConfig([]Option{WithClient(p.client), WithSessionJoin()}).ServerRecorder()
	serve(t, server, p.client, meta, nil)
	end()
	if session.Ended() || len(p.client.ActiveSessions()) != 1 {
		t.Fatal("the caller's own session was ended or another was joined")
	}
	if got := session.Stats().LLMCalls; got != 1 {
		t.Errorf("the caller's session counts %d LLM calls, want the handler's one", got)
	}
	for _, s := range p.spans.Ended() {
		if strings.HasSuffix(s.Name(), ".process") {
			t.Errorf("a process span %q: the session was joined in its own process", s.Name())
		}
	}
}
