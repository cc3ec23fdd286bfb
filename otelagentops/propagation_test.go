package otelagentops

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/baggage"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

func TestInjectExtractRoundTrip(t *testing.T) {
	r := newRecorded(t)
	ctx, s, err := r.client.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.End(ctx, semconv.EndStateSuccess) }()
	user, _ := baggage.NewMemberRaw("tenant", "acme")
	bag, _ := baggage.New(user)
	carrier := propagation.MapCarrier{}
	if err := Inject(baggage.ContextWithBaggage(ctx, bag), carrier); err != nil {
		t.Fatal(err)
	}
	if want := traceparentOf(s.SpanContext()); carrier.Get("traceparent") != want {
		t.Errorf("traceparent %q, want the root's %q", carrier.Get("traceparent"), want)
	}
	if b := carrier.Get("baggage"); !strings.Contains(b, "agentops.session.id="+s.ID().String()) || !strings.Contains(b, "tenant=acme") {
		t.Errorf("baggage %q lacks the session ID or the caller's baggage", b)
	}
	got, id, err := Extract(context.Background(), carrier)
	if err != nil || id != s.ID() {
		t.Fatalf("Extract = %s, %v; want %s", id, err, s.ID())
	}
	if sc := trace.SpanContextFromContext(got); sc.SpanID() != s.SpanContext().SpanID() || !sc.IsRemote() {
		t.Errorf("extracted span context %v, want the remote root", sc)
	}

	// Inside a child span, the child is the parent to propagate.
	tctx, tool, _ := r.client.StartTool(ctx, "fetch", nil)
	inner := propagation.MapCarrier{}
	s.Inject(tctx, inner)
	tool.End(nil, nil)
	if inner.Get("traceparent") != traceparentOf(trace.SpanContextFromContext(tctx)) {
		t.Errorf("traceparent %q is not the active child span's", inner.Get("traceparent"))
	}
}

func TestExtractFindsTheSessionOrSaysWhy(t *testing.T) {
	id := NewSessionID()
	tp := traceparentOf(id.RootSpanContext())
	for name, tc := range map[string]struct {
		carrier propagation.MapCarrier
		want    SessionID
		wantErr error
	}{
		"traceparent only": {propagation.MapCarrier{"traceparent": tp}, id, nil},
		"baggage only":     {propagation.MapCarrier{"baggage": "agentops.session.id=" + id.String()}, id, nil},
		"baggage wins":     {propagation.MapCarrier{"traceparent": traceparentOf(NewSessionID().RootSpanContext()), "baggage": "agentops.session.id=" + id.String()}, id, nil},
		"nothing":          {propagation.MapCarrier{"x": "y"}, SessionID{}, ErrNoSessionInCarrier},
		"bad baggage":      {propagation.MapCarrier{"traceparent": tp, "baggage": "agentops.session.id=nope"}, SessionID{}, ErrInvalidSessionID},
		"bad traceparent":  {propagation.MapCarrier{"traceparent": "00-zz-yy-01"}, SessionID{}, ErrNoSessionInCarrier},
	} {
		t.Run(name, func(t *testing.T) {
			_, got, err := Extract(context.Background(), tc.carrier)
			if got != tc.want || !errors.Is(err, tc.wantErr) {
				t.Errorf("Extract = %s, %v; want %s, %v", got, err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestEnvironHandsTheSessionToAChild(t *testing.T) {
	r := newRecorded(t)
	ctx, s, err := r.client.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.End(ctx, semconv.EndStateSuccess) }()
	env := s.Environ()
	want := []string{
		"AGENTOPS_INHERITED_SESSION_ID=" + s.ID().String(),
		"BAGGAGE=agentops.session.id=" + s.ID().String(),
		"TRACEPARENT=" + traceparentOf(s.SpanContext()),
	}
	if !slices.Equal(env, want) {
		t.Errorf("Environ() = %q, want %q", env, want)
	}

	// The child side: the environment's traceparent names the parent.
	lookup := func(k string) (string, bool) {
		for _, kv := range env {
			if name, v, _ := strings.Cut(kv, "="); name == k {
				return v, true
			}
		}
		return "", false
	}
	got := contextFromEnv(context.Background(), s.ID(), lookup)
	if sc := trace.SpanContextFromContext(got); sc.SpanID() != s.SpanContext().SpanID() {
		t.Errorf("child's parent %v, want the root", sc)
	}
	if contextFromEnv(context.Background(), NewSessionID(), lookup) != context.Background() {
		t.Error("a TRACEPARENT of another session was used")
	}
}

func TestInjectWithoutSession(t *testing.T) {
	if err := Inject(context.Background(), propagation.MapCarrier{}); !errors.Is(err, ErrNotInitialized) {
		t.Errorf("Inject before Init = %v, want ErrNotInitialized", err)
	}
}
