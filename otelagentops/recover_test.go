package otelagentops

import (
	"context"
	"errors"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/codes"

	"github.com/agentops-go/sdk/semconv"
)

// panicked runs f and returns the value it panicked with.
func panicked(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

func TestRecoverEndsFailAndPanicsAgain(t *testing.T) {
	r := newRecorded(t)
	ctx, s, err := r.client.StartSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("tool exploded")
	got := panicked(func() {
		defer r.client.Recover(ctx)
		panic(boom)
	})
	if got != boom {
		t.Fatalf("re-panicked with %v, want the same value %v", got, boom)
	}
	if !s.Ended() {
		t.Fatal("the session is still open after the panic")
	}
	root := r.span(t, "default.session")
	reason := attr(t, root, semconv.AgentOpsSessionEndStateReasonKey).AsString()
	if !strings.HasPrefix(reason, "panic: tool exploded\n\ngoroutine ") || !strings.Contains(reason, "TestRecoverEndsFailAndPanicsAgain") {
		t.Errorf("reason %q lacks the value or the stack", reason)
	}
	if attr(t, root, semconv.AgentOpsSessionEndStateKey).AsString() != "Fail" || root.Status().Code != codes.Error {
		t.Errorf("end state %v, status %v; want Fail, Error", attr(t, root, semconv.AgentOpsSessionEndStateKey), root.Status())
	}
}

func TestRecoverWithoutPanicDoesNothing(t *testing.T) {
	r := newRecorded(t)
	ctx, s, _ := r.client.StartSession(context.Background())
	func() { defer r.client.Recover(ctx) }()
	if s.Ended() {
		t.Error("Recover ended a session that did not panic")
	}
	_ = s.End(ctx, semconv.EndStateSuccess)

	// A panic with no session to end still panics again.
	if got := panicked(func() {
		defer r.client.Recover(context.Background())
		panic("no session")
	}); got != "no session" {
		t.Errorf("re-panicked with %v", got)
	}
}

func TestPackageRecoverUsesTheDefaultClient(t *testing.T) {
	r := newRecorded(t)
	SetDefault(r.client)
	defer SetDefault(nil)
	_, s, _ := StartSession(context.Background())
	// ctx carries no session: the default client's only active one ends.
	if got := panicked(func() {
		//lint:ignore SA1012 a nil context is the input under test
		defer Recover(nil) // a nil context must not hide the panic
		panic(42)
	}); got != 42 {
		t.Errorf("re-panicked with %v, want 42", got)
	}
	if !s.Ended() {
		t.Error("the default client's session is still open")
	}
}

func TestPanicReasonIsBounded(t *testing.T) {
	reason := panicReason(strings.Repeat("é", 5000), []byte("stack"))
	if len(reason) > maxPanicReasonBytes || !strings.HasSuffix(reason, "…") || !strings.HasPrefix(reason, "panic: é") {
		t.Errorf("reason of %d bytes, want at most %d ending in …", len(reason), maxPanicReasonBytes)
	}
	if got := panicReason("short", []byte("stack")); got != "panic: short\n\nstack" {
		t.Errorf("panicReason = %q", got)
	}
}
