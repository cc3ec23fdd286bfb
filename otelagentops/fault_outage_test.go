package otelagentops

import (
	"context"
	"fmt"
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
			if !strings.Contains(c.logs.String(), " dropped=") {
				t.Errorf("the drops are not in the log:\n%s", c.logs)
			}
		})
	}
}

// TestOutageLongerThanTheExportTimeoutIsHeld takes the backend down for
// longer than the export timeout: the batch that met the outage is held,
// not lost (ExportStats.Held, and the log says so once), and it is
// delivered, once, after recovery with the spans recorded since.
func TestOutageLongerThanTheExportTimeoutIsHeld(t *testing.T) {
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
			held := recordTools(t, c.Client, ctx, "held", 10)
			if err := flush(c.Client); err == nil {
				t.Error("a flush during the outage reported success")
			}
			if st := c.ExportStats(); st.Held != 10 || st.Failed != 0 {
				t.Errorf("after the outage: stats %+v, want the 10 spans held, none failed", st)
			}
			if err := f.Up(); err != nil {
				t.Fatal(err)
			}
			want := append(held, recordTools(t, c.Client, ctx, "kept", 5)...)
			_ = s.End(ctx, semconv.EndStateSuccess)
			shutdown(t, c.Client)

			checkDeliveredOnce(t, f, append(want, "long.session"))
			if st := checkAccounting(t, c.Client, f); st.Failed != 0 || st.Held != 0 || st.Dropped != 0 {
				t.Errorf("stats %+v, want everything delivered", st)
			}
			logs := c.logs.String()
			for _, want := range []string{"span export failed", "span export recovered"} {
				if n := strings.Count(logs, want); n != 1 {
					t.Errorf("log has %q %d times, want once:\n%s", want, n, logs)
				}
			}
		})
	}
}

// TestOutageHeldBeyondAQueueAndAtShutdown holds more spans than a queue's
// worth: the oldest beyond it are given up and counted failed; what is
// still held when Shutdown finds the backend down is counted failed too,
// and Shutdown returns by its deadline.
func TestOutageHeldBeyondAQueueAndAtShutdown(t *testing.T) {
	clearExportEnv(t)
	const queue = 8
	for _, target := range faultTargets {
		t.Run(target.name, func(t *testing.T) {
			f := exportertest.NewFaulty(t)
			c := newFaultClient(t, target, f, WithExportTimeout(200*time.Millisecond),
				WithMaxQueueSize(queue), WithMaxExportBatchSize(queue))
			ctx, _, _ := c.StartSession(context.Background(), WithSessionName("never"))
			if err := flush(c.Client); err != nil {
				t.Fatal(err)
			}
			f.Down()
			for round := range 3 {
				_ = recordTools(t, c.Client, ctx, fmt.Sprintf("round%d-", round), queue)
				_ = flush(c.Client)
			}
			if st := c.ExportStats(); st.Held != queue || st.Failed != 2*queue {
				t.Errorf("after three queues' worth: stats %+v, want %d held and %d failed", st, queue, 2*queue)
			}
			sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			// Shutdown returns by its deadline; what is checked is that it
			// does not wait for the held spans' endpoint (no timing gate on
			// a shared machine: 20 s is far beyond any scheduling delay).
			done := make(chan struct{})
			go func() { _ = c.Shutdown(sctx); close(done) }()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("Shutdown with a 2 s deadline had not returned after 20 s")
			}
			st := checkAccounting(t, c.Client, f)
			if st.Held != 0 || st.Exported != 0 || st.Failed != st.Queued {
				t.Errorf("stats %+v: want every span counted failed at Shutdown, none held", st)
			}
		})
	}
}

// TestHeldSpansAreSentWhileIdle: spans held through an outage reach the
// backend after it comes back although the program records nothing more
// and never flushes: the retry runs every flush interval while spans are
// held, and stops (goleak checks) once none are.
func TestHeldSpansAreSentWhileIdle(t *testing.T) {
	clearExportEnv(t)
	for _, target := range faultTargets {
		t.Run(target.name, func(t *testing.T) {
			f := exportertest.NewFaulty(t)
			c := newFaultClient(t, target, f, WithExportTimeout(200*time.Millisecond), WithFlushInterval(50*time.Millisecond))
			ctx, s, _ := c.StartSession(context.Background(), WithSessionName("idle"))
			if err := flush(c.Client); err != nil {
				t.Fatal(err)
			}
			f.Down()
			held := recordTools(t, c.Client, ctx, "held", 5)
			waitUntil(t, "the spans to be held", func() bool { return c.ExportStats().Held == 5 })
			if err := f.Up(); err != nil {
				t.Fatal(err)
			}
			// The receiver has a batch before the exporter's answer is read:
			// wait for the count, which comes last.
			waitUntil(t, "the held spans to be delivered", func() bool { return c.ExportStats().Exported == 5 })
			if st, n := c.ExportStats(), len(f.Delivered()); st.Held != 0 || n != 5 {
				t.Errorf("stats %+v, %d spans at the receiver; want the 5 spans delivered and none held", st, n)
			}
			_ = s.End(ctx, semconv.EndStateSuccess)
			shutdown(t, c.Client)
			checkDeliveredOnce(t, f, append(held, "idle.session"))
		})
	}
}
