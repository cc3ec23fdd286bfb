package otelagentops

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"

	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/semconv"
)

func TestInitStartsASessionAndPackageFunctionsUseIt(t *testing.T) {
	exp := &keepingExporter{}
	ctx := context.Background()
	started, err := Init(ctx, WithExporter(exp), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = Shutdown(ctx) }()
	if started == nil || !started.ID().IsValid() {
		t.Fatal("Init returned no session with auto-start on")
	}
	if _, err := Init(ctx); !errors.Is(err, ErrAlreadyInitialized) {
		t.Errorf("second Init = %v, want ErrAlreadyInitialized", err)
	}
	// No session in ctx: the default client's only active session.
	if err := RecordAction(ctx, Action{Type: "a"}); err != nil {
		t.Fatal(err)
	}
	if err := RecordTool(ctx, Tool{Name: "t"}); err != nil {
		t.Fatal(err)
	}
	if err := AddTags(ctx, "x"); err != nil {
		t.Fatal(err)
	}
	s, err := CurrentSession(ctx)
	if err != nil || s != started {
		t.Fatalf("CurrentSession = %v, %v", s, err)
	}
	if err := EndSession(ctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	if err := RecordAction(ctx, Action{Type: "late"}); !errors.Is(err, ErrNoActiveSession) {
		t.Errorf("after EndSession: %v, want ErrNoActiveSession", err)
	}
	if err := Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if len(exp.Spans()) != 3 {
		t.Errorf("exported %d spans, want 3", len(exp.Spans()))
	}
	if err := RecordAction(ctx, Action{Type: "after"}); !errors.Is(err, ErrNotInitialized) {
		t.Errorf("after Shutdown: %v, want ErrNotInitialized", err)
	}
}

func TestInitWithoutAutoStart(t *testing.T) {
	ctx := context.Background()
	t.Setenv(envconfig.EnvAutoStartSession, "false")
	s, err := Init(ctx, WithExporter(&keepingExporter{}), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil || s != nil {
		t.Fatalf("Init = %v, %v; want no session", s, err)
	}
	defer func() { _ = Shutdown(ctx) }()
	if err := RecordAction(ctx, Action{Type: "a"}); !errors.Is(err, ErrNoActiveSession) {
		t.Errorf("no session yet: %v", err)
	}
	sctx, s, err := StartSession(ctx, WithSessionName("later"))
	if err != nil {
		t.Fatal(err)
	}
	if err := RecordAction(sctx, Action{Type: "a"}); err != nil || s.Stats().Actions != 1 {
		t.Errorf("RecordAction = %v, stats %+v", err, s.Stats())
	}
}

func TestInitReportsBadConfiguration(t *testing.T) {
	t.Setenv(envconfig.EnvMaxQueueSize, "many")
	if _, err := Init(context.Background()); err == nil || Default() != nil {
		t.Fatalf("Init with a bad env = %v, default %v", err, Default())
	}
}

func TestPackageFunctionsBeforeInit(t *testing.T) {
	ctx := context.Background()
	for name, err := range map[string]error{
		"RecordAction": RecordAction(ctx, Action{}),
		"EndSession":   EndSession(ctx, semconv.EndStateSuccess),
		"AddTags":      AddTags(ctx, "x"),
		"Shutdown":     Shutdown(ctx),
		"ForceFlush":   ForceFlush(ctx),
	} {
		want := ErrNotInitialized
		if name == "Shutdown" || name == "ForceFlush" {
			want = nil
		}
		if !errors.Is(err, want) {
			t.Errorf("%s before Init = %v, want %v", name, err, want)
		}
	}
}

// TestSessionsConcurrentSafe runs sessions, events, tags, stats and flushes
// from many goroutines at once; -race and goleak judge it.
func TestSessionsConcurrentSafe(t *testing.T) {
	exp := &keepingExporter{}
	c, err := New(context.Background(), WithExporter(exp), WithConcurrentSessions(), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	const sessions, events = 16, 20
	var wg sync.WaitGroup
	for i := range sessions {
		wg.Go(func() {
			ctx, s, err := c.StartSession(context.Background())
			if err != nil {
				t.Error(err)
				return
			}
			var inner sync.WaitGroup
			for range 4 {
				inner.Go(func() {
					for range events / 4 {
						_ = c.RecordLLM(ctx, LLMRequest{Model: "gpt-4o"}, LLMResponse{Usage: Usage{InputTokens: 1}}, nil)
						_ = s.AddTags("t")
						_ = s.Stats()
					}
				})
			}
			inner.Wait()
			if i%4 == 0 {
				_ = c.ForceFlush(context.Background())
			}
			if st := s.Stats(); st.LLMCalls != events || st.InputTokens != events {
				t.Errorf("session stats %+v, want %d calls", st, events)
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
