package otelagentops

import (
	"context"
	"runtime"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

func TestSessionIsTheRootOfItsTrace(t *testing.T) {
	r := newRecorded(t, WithDefaultTags("default"))
	ctx, s, err := r.client.StartSession(context.Background(), WithSessionName("research"), WithTags("a", "default", "b"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.End(ctx, semconv.EndStateSuccess, WithReason("done"), WithVideo("https://v/1")); err != nil {
		t.Fatal(err)
	}
	root := r.span(t, "research.session")
	if got := root.SpanContext().TraceID(); got != trace.TraceID(s.ID()) {
		t.Errorf("trace ID %s, want the session ID %s", got, s.ID())
	}
	if root.SpanContext().SpanID() != s.ID().RootSpanID() || !s.RootSpanIDDerived() {
		t.Errorf("root span ID %s, want the derived %s", root.SpanContext().SpanID(), s.ID().RootSpanID())
	}
	if root.Parent().IsValid() || root.SpanKind() != trace.SpanKindInternal {
		t.Errorf("root has parent %v and kind %v, want none and INTERNAL", root.Parent(), root.SpanKind())
	}
	if got := attr(t, root, semconv.AgentOpsTagsKey).AsStringSlice(); strings.Join(got, ",") != "default,a,b" {
		t.Errorf("tags %v, want default,a,b", got)
	}
	for key, want := range map[attribute.Key]string{
		semconv.AgentOpsSpanKindKey:              "session",
		semconv.AgentOpsSessionIDKey:             s.ID().String(),
		semconv.GenAIConversationIDKey:           s.ID().String(),
		semconv.AgentOpsSessionEndStateKey:       "Success",
		semconv.AgentOpsSessionEndStateReasonKey: "done",
		semconv.AgentOpsSessionVideoKey:          "https://v/1",
		semconv.HostArchKey:                      runtime.GOARCH,
	} {
		if got := attr(t, root, key).AsString(); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if root.Status().Code != codes.Ok {
		t.Errorf("status %v, want Ok", root.Status())
	}
}
