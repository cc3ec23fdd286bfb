package otelagentops

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/agentops-go/sdk/semconv"
)

// TestNilAndCancelledContexts: a nil context is treated as Background and a
// cancelled one still records (recording ignores cancellation, as OTel
// does); neither panics.
func TestNilAndCancelledContexts(t *testing.T) {
	r := newRecorded(t)
	//nolint:staticcheck // deliberately nil
	var nilCtx context.Context
	ctx, s, err := r.client.StartSession(nilCtx)
	if err != nil || ctx == nil {
		t.Fatalf("StartSession(nil) = %v, %v", ctx, err)
	}
	if err := r.client.RecordAction(nilCtx, Action{Type: "nil-ctx"}); err != nil {
		t.Errorf("RecordAction(nil ctx) = %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := r.client.RecordTool(cancelled, Tool{Name: "after-cancel"}); err != nil {
		t.Errorf("RecordTool(cancelled) = %v", err)
	}
	if err := r.client.ForceFlush(nilCtx); err != nil {
		t.Errorf("ForceFlush(nil) = %v", err)
	}
	if err := s.End(nilCtx, semconv.EndStateSuccess); err != nil {
		t.Errorf("End(nil) = %v", err)
	}
	if got := s.Stats(); got.Actions != 1 || got.ToolCalls != 1 {
		t.Errorf("stats %+v", got)
	}
	if err := r.client.Shutdown(nilCtx); err != nil {
		t.Errorf("Shutdown(nil) = %v", err)
	}
}

func TestShutdownHonoursItsContext(t *testing.T) {
	exp := &blockingExporter{release: make(chan struct{})}
	c, err := New(context.Background(), WithExporter(exp))
	if err != nil {
		t.Fatal(err)
	}
	ctx, _, _ := c.StartSession(context.Background())
	_ = c.RecordAction(ctx, Action{Type: "stuck"})
	done, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Shutdown(done); !errors.Is(err, context.Canceled) {
		t.Errorf("Shutdown with a cancelled context = %v, want context.Canceled", err)
	}
	exp.once.Do(func() { close(exp.release) })
}

func TestUnknownEndStateErrorIsBounded(t *testing.T) {
	r := newRecorded(t)
	ctx, s, _ := r.client.StartSession(context.Background())
	err := s.End(ctx, semconv.EndState(strings.Repeat("x", 10000)))
	if !errors.Is(err, ErrInvalidEndState) || len(err.Error()) > 300 {
		t.Errorf("error %d bytes long: %.100v", len(err.Error()), err)
	}
}
