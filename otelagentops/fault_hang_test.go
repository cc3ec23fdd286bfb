package otelagentops

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/semconv"
)

// TestShutdownReturnsByItsDeadlineWhileBackendHangs: with the backend
// hanging (or refusing connections), Shutdown returns about when its
// context ends, with the context's error, and the export it abandons is
// counted, not left running: goleak, at the end of the package's tests,
// would see a goroutine that outlived it.
func TestShutdownReturnsByItsDeadlineWhileBackendHangs(t *testing.T) {
	clearExportEnv(t)
	const deadline = 500 * time.Millisecond
	for _, fault := range []string{"hang", "down"} {
		for _, target := range faultTargets {
			t.Run(fault+"/"+target.name, func(t *testing.T) {
				f := exportertest.NewFaulty(t)
				c := newFaultClient(t, target, f)
				ctx, s, _ := c.StartSession(context.Background())
				if err := flush(c.Client); err != nil {
					t.Fatal(err)
				}
				if fault == "hang" {
					f.Set(exportertest.Hanging)
				} else {
					f.Down()
				}
				recordTools(t, c.Client, ctx, "t", 20)
				_ = s.End(ctx, semconv.EndStateSuccess)
				if fault == "hang" {
					waitUntil(t, "an export to hang", func() bool { return f.Held() > 0 })
				}

				sctx, cancel := context.WithTimeout(context.Background(), deadline)
				defer cancel()
				start := time.Now()
				err := c.Shutdown(sctx)
				if took := time.Since(start); took > 10*deadline {
					t.Errorf("Shutdown took %v with a %v deadline", took, deadline)
				}
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("Shutdown = %v, want DeadlineExceeded", err)
				}
				if !strings.Contains(c.logs.String(), "spans were not delivered") {
					t.Errorf("undelivered spans not reported:\n%s", c.logs)
				}
				if again := c.Shutdown(context.Background()); again != nil {
					t.Errorf("second Shutdown = %v, want nil, as sdktrace.TracerProvider's", again)
				}
				waitUntil(t, "the abandoned export to be counted", func() bool {
					st := c.ExportStats()
					return st.Failed+st.Exported == st.Queued
				})
			})
		}
	}
}

// TestRecordingNeverBlocksWhileBackendHangs records far more spans than
// the queue holds while every export hangs: recording returns (the bound
// is generous; the benchmark measures the latency), and the surplus is
// counted dropped.
func TestRecordingNeverBlocksWhileBackendHangs(t *testing.T) {
	clearExportEnv(t)
	for _, target := range faultTargets {
		t.Run(target.name, func(t *testing.T) {
			f := exportertest.NewFaulty(t)
			f.Set(exportertest.Hanging)
			c := newFaultClient(t, target, f, WithMaxQueueSize(64))
			ctx, s, _ := c.StartSession(context.Background())
			done := make(chan struct{})
			go func() {
				defer close(done)
				for range 5000 {
					_ = c.RecordTool(ctx, Tool{Name: "t", Output: "ok"})
					_, call, _ := c.StartLLM(ctx, LLMRequest{Model: "gpt-4o"})
					call.End(LLMResponse{Usage: Usage{InputTokens: 1}}, nil)
				}
			}()
			select {
			case <-done:
			case <-time.After(60 * time.Second):
				t.Fatal("recording blocked behind a hanging backend")
			}
			if st := s.Stats(); st.ToolCalls != 5000 || st.LLMCalls != 5000 {
				t.Errorf("session stats %+v: recording lost calls", st)
			}
			_ = s.End(ctx, semconv.EndStateSuccess)
			sctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			_ = c.Shutdown(sctx)
			if st := c.ExportStats(); st.Queued != 10001 || st.Dropped < 10001-64-512 {
				t.Errorf("stats %+v: want the surplus counted dropped", st)
			}
		})
	}
}
