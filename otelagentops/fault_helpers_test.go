package otelagentops

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	"github.com/agentops-go/sdk/exporter/exportertest"
)

// faultTarget is one way spans leave the client toward a Faulty receiver:
// the AgentOps exporter (auth on an exportertest.Server, OTLP on the
// receiver) or a plain OTLP endpoint.
type faultTarget struct {
	name string
	opts func(t *testing.T, f *exportertest.Faulty) ([]Option, *exportertest.Server)
}

var faultTargets = []faultTarget{
	{"agentops", func(t *testing.T, f *exportertest.Faulty) ([]Option, *exportertest.Server) {
		srv := exportertest.NewServer(t, 0)
		return []Option{WithAPIKey(exportertest.APIKey), WithAPIEndpoint(srv.URL), WithExporterEndpoint(f.URL)}, srv
	}},
	{"otlp", func(t *testing.T, f *exportertest.Faulty) ([]Option, *exportertest.Server) {
		return []Option{WithOTLPEndpoint(f.URL)}, nil
	}},
}

// faultClient is a client exporting to a Faulty receiver, with its logs.
type faultClient struct {
	*Client
	logs *syncBuffer
	auth *exportertest.Server // nil for the OTLP target
}

// newFaultClient returns a client of target toward f, with a short flush
// interval, shut down (with a generous deadline) when the test ends. The
// test (or its parent) must have called clearExportEnv.
func newFaultClient(t *testing.T, target faultTarget, f *exportertest.Faulty, opts ...Option) *faultClient {
	t.Helper()
	topts, srv := target.opts(t, f)
	logs := &syncBuffer{}
	base := []Option{WithLogger(slog.New(slog.NewTextHandler(logs, nil))), WithoutEnvData(), WithFlushInterval(20 * time.Millisecond)}
	c, err := New(context.Background(), append(append(base, topts...), opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = c.Shutdown(ctx)
	})
	return &faultClient{Client: c, logs: logs, auth: srv}
}

// recordTools records n tool calls named <prefix>-<i> and returns their
// span names.
func recordTools(t *testing.T, c *Client, ctx context.Context, prefix string, n int) []string {
	t.Helper()
	names := make([]string, n)
	for i := range names {
		name := fmt.Sprintf("%s-%d", prefix, i)
		if err := c.RecordTool(ctx, Tool{Name: name, Output: "ok"}); err != nil {
			t.Fatal(err)
		}
		names[i] = "execute_tool " + name
	}
	return names
}

// flush flushes c with a generous deadline and returns the error.
func flush(c *Client) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return c.ForceFlush(ctx)
}

// shutdown shuts c down with a generous deadline, failing the test on error.
func shutdown(t *testing.T, c *Client) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := c.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
}

// deliveredCounts counts the delivered spans of f by their recorded name:
// a tool span the AgentOps view sent as "<name>.tool" counts as the
// recording's "execute_tool <name>".
func deliveredCounts(spans []*tracepb.Span) map[string]int {
	m := map[string]int{}
	for _, s := range spans {
		name := s.GetName()
		if tool, ok := strings.CutSuffix(name, ".tool"); ok {
			name = "execute_tool " + tool
		}
		m[name]++
	}
	return m
}

// checkDeliveredOnce fails unless each of names was delivered exactly once.
func checkDeliveredOnce(t *testing.T, f *exportertest.Faulty, names []string) {
	t.Helper()
	got := deliveredCounts(f.Delivered())
	var missing, dup []string
	for _, n := range names {
		switch got[n] {
		case 0:
			missing = append(missing, n)
		case 1:
		default:
			dup = append(dup, n)
		}
	}
	if len(missing)+len(dup) > 0 {
		t.Errorf("%d of %d spans missing (%s), %d delivered twice (%s)", len(missing), len(names),
			strings.Join(first(missing, 5), " "), len(dup), strings.Join(first(dup, 5), " "))
	}
}

// checkAccounting fails unless every span handed to the pipeline is
// exported, failed or dropped, and exported ones are what f accepted.
func checkAccounting(t *testing.T, c *Client, f *exportertest.Faulty) ExportStats {
	t.Helper()
	st := c.ExportStats()
	if st.Queued != st.Exported+st.Failed+st.Held+st.Dropped || st.Dropped < 0 {
		t.Errorf("stats %+v do not add up", st)
	}
	if n := int64(len(f.Delivered())); n != st.Exported {
		t.Errorf("stats say %d exported, the receiver has %d spans", st.Exported, n)
	}
	return st
}

func first(s []string, n int) []string { return s[:min(n, len(s))] }

// waitUntil polls cond until it holds, failing after a generous bound.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
