package otelagentops

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/agentops-go/sdk/exporter/exportertest"
)

// BenchmarkRecordingWhileBackendHangs measures one recording call through
// the AgentOps exporter against a healthy backend and against one whose
// every export hangs, side by side in the same loop (so that noise on a
// shared machine hits both), and reports the p99 latency of each (ns) and
// their ratio, hanging/healthy. A ratio near 1 means the application does
// not feel the outage. ns/op and allocs/op cover one call on each client.
func BenchmarkRecordingWhileBackendHangs(b *testing.B) {
	for _, call := range []struct {
		name string
		do   func(context.Context, *Client)
	}{
		{"RecordTool", func(ctx context.Context, c *Client) {
			_ = c.RecordTool(ctx, Tool{Name: "lookup", Input: "42", Output: "shipped"})
		}},
		{"StartLLM+End", func(ctx context.Context, c *Client) {
			_, llm, _ := c.StartLLM(ctx, benchRequest)
			llm.End(benchResponse, nil)
		}},
	} {
		b.Run(call.name, func(b *testing.B) {
			clients := [2]*Client{newBenchClient(b, exportertest.Healthy), newBenchClient(b, exportertest.Hanging)}
			var ctxs [2]context.Context
			for i, c := range clients {
				ctxs[i], _, _ = c.StartSession(context.Background())
			}
			const samples = 1 << 18
			lat := [2][]time.Duration{make([]time.Duration, samples), make([]time.Duration, samples)}
			n := 0
			b.ReportAllocs()
			for b.Loop() {
				for i, c := range clients {
					start := time.Now()
					call.do(ctxs[i], c)
					lat[i][n%samples] = time.Since(start)
				}
				n++
			}
			b.StopTimer()
			healthy, hanging := p99(lat[0][:min(n, samples)]), p99(lat[1][:min(n, samples)])
			b.ReportMetric(float64(healthy), "p99-healthy-ns")
			b.ReportMetric(float64(hanging), "p99-hanging-ns")
			b.ReportMetric(float64(hanging)/float64(max(healthy, 1)), "p99-hanging/healthy")
		})
	}
}

// newBenchClient returns a client whose spans go to AgentOps through a
// Faulty receiver behaving as fault. When the benchmark ends the receiver
// turns healthy (so that the held export completes, rather than being
// abandoned and reported by OTel's global error handler amid the
// benchmark's output) and the client is shut down.
func newBenchClient(b *testing.B, fault exportertest.Fault) *Client {
	b.Helper()
	srv, f := exportertest.NewServer(b, 0), exportertest.NewFaulty(b)
	f.Set(fault)
	c, err := New(context.Background(), WithAPIKey(exportertest.APIKey), WithAPIEndpoint(srv.URL), WithExporterEndpoint(f.URL),
		WithoutEnvData(), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		f.Set(exportertest.Healthy)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = c.Shutdown(ctx)
	})
	return c
}

// p99 returns the 99th percentile of d (which it reorders).
func p99(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return d[len(d)*99/100]
}
