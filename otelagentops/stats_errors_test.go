package otelagentops

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// fail starts a span of kind under parent, ends it with status Error and
// returns its context.
func fail(parent context.Context, tracer trace.Tracer, name string, kind trace.SpanKind) trace.SpanContext {
	_, sp := tracer.Start(parent, name, trace.WithSpanKind(kind))
	sp.SetAttributes(semconv.ErrorType("boom"))
	sp.SetStatus(codes.Error, "boom")
	sp.End()
	return sp.SpanContext()
}

// TestStatsCountAFailedCallOnce: a call that fails on both sides (the
// caller's CLIENT span, the handler's SERVER span under it through a
// carrier: a remote parent) is one error; every other failed span counts:
// a SERVER span with a local parent (a handler in process) or under the
// remote session root (no caller), and an INTERNAL or CLIENT span under a
// remote parent.
func TestStatsCountAFailedCallOnce(t *testing.T) {
	r := newRecorded(t)
	ctx, s, _ := r.client.StartSession(context.Background())
	tracer := r.client.TracerProvider().Tracer("test")

	caller := fail(ctx, tracer, "tools/call station", trace.SpanKindClient)
	remote := trace.ContextWithRemoteSpanContext(ctx, caller)
	fail(remote, tracer, "tools/call station", trace.SpanKindServer)
	if st := s.Stats(); st.Errors != 1 {
		t.Fatalf("a call failed on both sides: %d errors, want 1", st.Errors)
	}

	fail(ctx, tracer, "in-process handler", trace.SpanKindServer)
	fail(trace.ContextWithRemoteSpanContext(ctx, s.ID().RootSpanContext()), tracer, "under the remote root", trace.SpanKindServer)
	fail(remote, tracer, "work under a remote parent", trace.SpanKindInternal)
	fail(remote, tracer, "a call under a remote parent", trace.SpanKindClient)
	if st := s.Stats(); st.Errors != 5 {
		t.Errorf("%d errors, want 5: the call once, and each of the four other failed spans", st.Errors)
	}
	if err := s.End(ctx, semconv.EndStateFail); err != nil {
		t.Fatal(err)
	}
	if got := attr(t, r.span(t, "default.session"), semconv.AgentOpsSessionErrorsKey).AsInt64(); got != 5 {
		t.Errorf("agentops.session.errors = %d, want 5 (the Fail root not counted)", got)
	}
	n := 0
	for _, sp := range r.rec.Ended() {
		if sp.Status().Code == codes.Error {
			n++
		}
	}
	if n != 7 {
		t.Errorf("%d recorded spans with status Error, want 7: the recording keeps every status", n)
	}
}

// TestJoinedProcessCountsNoCallersFailure: the handler of a call from
// another process (a joined session, the SERVER span under the caller's
// span from the carrier) adds no error to the joined process's stats; the
// caller's process counts it.
func TestJoinedProcessCountsNoCallersFailure(t *testing.T) {
	owner := newRecorded(t)
	ctx, s, _ := owner.client.StartSession(context.Background())
	caller := fail(ctx, owner.client.TracerProvider().Tracer("test"), "tools/call station", trace.SpanKindClient)

	server := newRecorded(t)
	jctx, joined, err := server.client.JoinSession(context.Background(), s.ID())
	if err != nil {
		t.Fatal(err)
	}
	fail(trace.ContextWithRemoteSpanContext(jctx, caller), server.client.TracerProvider().Tracer("test"),
		"tools/call station", trace.SpanKindServer)
	if st := joined.Stats(); st.Errors != 0 {
		t.Errorf("joined process: %d errors, want 0 (its caller's span counts the failure)", st.Errors)
	}
	if st := s.Stats(); st.Errors != 1 {
		t.Errorf("owner: %d errors, want 1", st.Errors)
	}
	_ = joined.End(jctx, semconv.EndStateSuccess)
	_ = s.End(ctx, semconv.EndStateSuccess)
}
