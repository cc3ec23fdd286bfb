package otelagentops

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/semconv"
)

// TestOutageRecoveryDeliversQueuedSpans takes the backend down in the
// middle of a session (its port refuses connections) and brings it back:
// every span recorded meanwhile fits in the queue and is delivered, once,
// after recovery; none is counted failed or dropped.
func TestOutageRecoveryDeliversQueuedSpans(t *testing.T) {
	clearExportEnv(t)
	for _, target := range faultTargets {
		t.Run(target.name, func(t *testing.T) {
			f := exportertest.NewFaulty(t)
			c := newFaultClient(t, target, f, WithMaxQueueSize(64), WithMaxExportBatchSize(8))
			ctx, s, _ := c.StartSession(context.Background(), WithSessionName("outage"))
			want := recordTools(t, c.Client, ctx, "before", 4)
			if err := flush(c.Client); err != nil {
				t.Fatal(err)
			}

			f.Down()
			want = append(want, recordTools(t, c.Client, ctx, "during", 40)...)
			time.Sleep(300 * time.Millisecond) // exports meet the outage meanwhile
			if err := f.Up(); err != nil {
				t.Fatal(err)
			}
			if err := flush(c.Client); err != nil {
				t.Fatalf("flush after recovery: %v", err)
			}
			want = append(want, recordTools(t, c.Client, ctx, "after", 4)...)
			_ = s.End(ctx, semconv.EndStateSuccess)
			shutdown(t, c.Client)

			checkDeliveredOnce(t, f, append(want, "outage.session"))
			if st := checkAccounting(t, c.Client, f); st.Failed != 0 || st.Dropped != 0 {
				t.Errorf("stats %+v: want nothing failed or dropped\n%s", st, c.logs)
			}
		})
	}
}

// TestOutageBeyondTheQueueIsCountedDropped records far more spans during an
// outage than the queue holds: the first queue-full are delivered after
// recovery, the rest are counted dropped, reported in the log and in
// ExportStats, and nothing is counted twice or lost uncounted.
func TestOutageBeyondTheQueueIsCountedDropped(t *testing.T) {
	clearExportEnv(t)
	const queue = 16
	for _, target := range faultTargets {
		t.Run(target.name, func(t *testing.T) {
			f := exportertest.NewFaulty(t)
			c := newFaultClient(t, target, f, WithMaxQueueSize(queue), WithMaxExportBatchSize(4))
			ctx, s, _ := c.StartSession(context.Background(), WithSessionName("flood"))
			if err := flush(c.Client); err != nil {
				t.Fatal(err)
			}
			f.Down()
			during := recordTools(t, c.Client, ctx, "during", 200)
			if err := f.Up(); err != nil {
				t.Fatal(err)
			}
			if err := flush(c.Client); err != nil {
				t.Fatalf("flush after recovery: %v", err)
			}
			_ = s.End(ctx, semconv.EndStateSuccess)
			shutdown(t, c.Client)

			checkDeliveredOnce(t, f, append(during[:queue], "flood.session"))
			for name, n := range deliveredCounts(f.Delivered()) {
				if n > 1 {
					t.Errorf("%s delivered %d times", name, n)
				}
			}
			st := checkAccounting(t, c.Client, f)
			if st.Dropped == 0 || st.Failed != 0 || st.Queued != 201 {
				t.Errorf("stats %+v: want 201 queued, some dropped, none failed", st)
			}
			if !strings.Contains(c.logs.String(), "dropped_queue_full=") {
				t.Errorf("the drops are not in the log:\n%s", c.logs)
			}
		})
	}
}

// TestOutageLongerThanTheExportTimeoutIsCountedFailed documents the limit:
// a batch is held through an outage for at most the export timeout; past it
// the batch is counted failed and logged, and export recovers when the
// backend does.
func TestOutageLongerThanTheExportTimeoutIsCountedFailed(t *testing.T) {
	clearExportEnv(t)
	for _, target := range faultTargets {
		t.Run(target.name, func(t *testing.T) {
			f := exportertest.NewFaulty(t)
			c := newFaultClient(t, target, f, WithExportTimeout(300*time.Millisecond))
			ctx, s, _ := c.StartSession(context.Background(), WithSessionName("long"))
			if err := flush(c.Client); err != nil {
				t.Fatal(err)
			}
			f.Down()
			_ = recordTools(t, c.Client, ctx, "lost", 10)
			_ = flush(c.Client) // waits for the batch to fail; its own error depends on timing
			if st := c.ExportStats(); st.Failed != 10 {
				t.Errorf("after the outage: stats %+v, want the 10 spans counted failed", st)
			}
			if err := f.Up(); err != nil {
				t.Fatal(err)
			}
			want := recordTools(t, c.Client, ctx, "kept", 5)
			_ = s.End(ctx, semconv.EndStateSuccess)
			shutdown(t, c.Client)

			checkDeliveredOnce(t, f, append(want, "long.session"))
			if st := checkAccounting(t, c.Client, f); st.Failed != 10 || st.Dropped != 0 {
				t.Errorf("stats %+v, want 10 failed, none dropped", st)
			}
			logs := c.logs.String()
			for _, want := range []string{"span export failed", "span export recovered", "failed_export=10"} {
				if !strings.Contains(logs, want) {
					t.Errorf("log lacks %q:\n%s", want, logs)
				}
			}
		})
	}
}
