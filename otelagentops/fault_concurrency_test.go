package otelagentops

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/semconv"
)

// TestClientUnderFaultsConcurrentSafe runs many concurrent sessions
// (start, LLM and tool calls, errors, tags, stats, flushes, end) through
// the AgentOps exporter while the backend flips between healthy, cutting
// connections, refusing batches and going down; then shuts the client down
// while goroutines are still recording. -race and goleak judge it; the
// counts must add up and no span may be delivered twice.
func TestClientUnderFaultsConcurrentSafe(t *testing.T) {
	clearExportEnv(t)
	f := exportertest.NewFaulty(t)
	c := newFaultClient(t, faultTargets[0], f, WithConcurrentSessions(), WithMaxQueueSize(256),
		WithMaxExportBatchSize(16), WithExportTimeout(2*time.Second))

	stop := make(chan struct{})
	var chaos sync.WaitGroup
	chaos.Go(func() {
		faults := []exportertest.Fault{exportertest.Cutting, {Status: http.StatusBadRequest}, exportertest.Healthy}
		defer f.Set(exportertest.Healthy)
		for i := range 30 { // then healthy, so that retries end soon
			select {
			case <-stop:
				return
			case <-time.After(3 * time.Millisecond):
			}
			if i == 5 {
				f.Down()
				time.Sleep(5 * time.Millisecond)
				_ = f.Up()
			}
			f.Set(faults[i%len(faults)])
		}
	})

	const sessions, calls = 12, 10
	var wg sync.WaitGroup
	for i := range sessions {
		wg.Go(func() {
			ctx, s, err := c.StartSession(context.Background(), WithTags("t"))
			if err != nil {
				t.Error(err)
				return
			}
			for j := range calls {
				_ = c.RecordLLM(ctx, LLMRequest{Model: "gpt-4o"}, LLMResponse{Usage: Usage{InputTokens: 2}}, nil)
				_ = c.RecordTool(ctx, Tool{Name: "t", Output: j})
				_ = s.AddTags("x")
				_ = c.ExportStats()
				if j == calls/2 {
					_ = c.RecordError(ctx, errors.New("boom"))
					_ = s.SetTags("y")
				}
			}
			if i%3 == 0 {
				fctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				_ = c.ForceFlush(fctx)
				cancel()
			}
			if st := s.Stats(); st.LLMCalls != calls || st.ToolCalls != calls || st.Errors != 1 {
				t.Errorf("session stats %+v", st)
			}
			_ = s.End(ctx, semconv.EndStateSuccess)
		})
	}
	wg.Wait()
	close(stop)
	chaos.Wait()

	late, cancelLate := context.WithCancel(context.Background())
	for range 4 {
		wg.Go(func() {
			ctx, _, err := c.StartSession(context.Background())
			for late.Err() == nil && err == nil {
				err = c.RecordTool(ctx, Tool{Name: "late"})
			}
			if err != nil && !errors.Is(err, ErrShutdown) && !errors.Is(err, ErrSessionEnded) {
				t.Errorf("recording during Shutdown: %v", err)
			}
		})
	}
	shutdown(t, c.Client)
	cancelLate()
	wg.Wait()

	checkAccounting(t, c.Client, f)
	seen := map[string]bool{}
	for _, s := range f.Delivered() {
		id := string(s.GetTraceId()) + string(s.GetSpanId())
		if seen[id] {
			t.Fatalf("span %q delivered twice", s.GetName())
		}
		seen[id] = true
	}
}
