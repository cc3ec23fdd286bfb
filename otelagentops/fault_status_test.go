package otelagentops

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/semconv"
)

// TestStatusAnswersThroughTheClient sends a session through the client to
// a receiver answering its first trace request with an error status, on
// both export paths, and checks what the pipeline makes of it: retried and
// delivered, re-authenticated and delivered, or counted failed and logged,
// never retried, for the other 4xx.
func TestStatusAnswersThroughTheClient(t *testing.T) {
	clearExportEnv(t)
	for _, tc := range []struct {
		status    int
		delivered map[string]bool // by target: delivered after the error
	}{
		{http.StatusServiceUnavailable, map[string]bool{"agentops": true, "otlp": true}}, // retried after OTel's 5s backoff
		{http.StatusUnauthorized, map[string]bool{"agentops": true, "otlp": false}},      // AgentOps re-authenticates once
		{http.StatusBadRequest, map[string]bool{"agentops": false, "otlp": false}},
		{http.StatusNotFound, map[string]bool{"agentops": false, "otlp": false}},
		{http.StatusUnprocessableEntity, map[string]bool{"agentops": false, "otlp": false}},
	} {
		for _, target := range faultTargets {
			t.Run(http.StatusText(tc.status)+"/"+target.name, func(t *testing.T) {
				t.Parallel()
				f := exportertest.NewFaulty(t)
				f.Next(exportertest.Fault{Status: tc.status, Body: "no"})
				c := newFaultClient(t, target, f)
				ctx, s, _ := c.StartSession(context.Background(), WithSessionName("status"))
				names := recordTools(t, c.Client, ctx, "t", 3)
				_ = s.End(ctx, semconv.EndStateSuccess)
				shutdown(t, c.Client)

				st := checkAccounting(t, c.Client, f)
				reqs := f.Requests()
				if tc.delivered[target.name] {
					checkDeliveredOnce(t, f, append(names, "status.session"))
					if st.Failed != 0 || len(reqs) < 2 {
						t.Errorf("stats %+v after %d requests: want a retry and nothing failed", st, len(reqs))
					}
					if tc.status == http.StatusUnauthorized && (c.auth.AuthCalls() != 2 || reqs[1].Bearer != c.auth.Issued()[1]) {
						t.Errorf("%d auth calls; want one re-authentication and the retry with the new token", c.auth.AuthCalls())
					}
					return
				}
				if st.Failed == 0 || st.Exported+st.Failed != st.Queued || reqs[0].Status != tc.status {
					t.Errorf("stats %+v: want the refused batch counted failed", st)
				}
				sent := map[string]int{}
				for _, r := range reqs {
					for _, sp := range r.Spans() {
						sent[sp.GetName()]++
					}
				}
				for name, n := range sent {
					if n != 1 {
						t.Errorf("%s was sent %d times: a refused batch was retried", name, n)
					}
				}
				if logs := c.logs.String(); !strings.Contains(logs, "span export failed") || !strings.Contains(logs, http.StatusText(tc.status)) {
					t.Errorf("the failure is not logged with its status:\n%s", logs)
				}
			})
		}
	}
}

// TestTooLargeBatchIsSplit: the backend (AgentOps, or any OTLP endpoint)
// answers 413 to a batch over its size limit. The client sends it again in
// halves until each part fits, so every span is delivered; a span too
// large on its own is counted failed, and the others of its batch still
// arrive.
func TestTooLargeBatchIsSplit(t *testing.T) {
	clearExportEnv(t)
	for _, target := range faultTargets {
		t.Run(target.name, func(t *testing.T) {
			f := exportertest.NewFaulty(t)
			f.Limit(4 << 10)
			c := newFaultClient(t, target, f, WithMaxExportBatchSize(64))
			ctx, s, _ := c.StartSession(context.Background(), WithSessionName("big"))
			names := recordTools(t, c.Client, ctx, "t", 40)
			_ = c.RecordTool(ctx, Tool{Name: "huge", Output: strings.Repeat("x", 8<<10)})
			_ = s.End(ctx, semconv.EndStateSuccess)
			shutdown(t, c.Client)

			st := checkAccounting(t, c.Client, f)
			logs := c.logs.String()
			checkDeliveredOnce(t, f, append(names, "big.session"))
			if st.Failed != 1 || deliveredCounts(f.Delivered())["execute_tool huge"] != 0 {
				t.Errorf("stats %+v: want only the huge span failed", st)
			}
			if !strings.Contains(logs, "413") {
				t.Errorf("the dropped span's 413 is not logged:\n%s", logs)
			}
		})
	}
}

// TestCutConnectionIsSentAgain: the backend reads a batch and closes the
// connection without answering. The client cannot know whether it was
// stored and, as OTLP specifies, sends it again (at least once).
func TestCutConnectionIsSentAgain(t *testing.T) {
	clearExportEnv(t)
	for _, target := range faultTargets {
		t.Run(target.name, func(t *testing.T) {
			f := exportertest.NewFaulty(t)
			f.Next(exportertest.Cutting, exportertest.Cutting)
			c := newFaultClient(t, target, f)
			ctx, s, _ := c.StartSession(context.Background(), WithSessionName("cut"))
			names := recordTools(t, c.Client, ctx, "t", 3)
			_ = s.End(ctx, semconv.EndStateSuccess)
			shutdown(t, c.Client)

			checkDeliveredOnce(t, f, append(names, "cut.session"))
			if st := checkAccounting(t, c.Client, f); st.Failed != 0 || len(f.Requests()) < 3 {
				t.Errorf("stats %+v after %d requests: want the cut batch sent again", st, len(f.Requests()))
			}
		})
	}
}
