package exporter

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/semconv"
)

func TestAgentOpsSendsWithBearer(t *testing.T) {
	for _, gzip := range []bool{false, true} {
		srv := exportertest.NewServer(t, 0)
		var opts []Option
		if gzip {
			opts = append(opts, WithGzip())
		}
		e := newAgentOps(t, srv, opts...)
		if err := export(t, e, 3); err != nil {
			t.Fatal(err)
		}
		reqs := srv.Requests()
		if len(reqs) != 1 || len(srv.Accepted()) != 3 {
			t.Fatalf("gzip=%v: got %d requests, %d spans; want 1 request of 3 spans", gzip, len(reqs), len(srv.Accepted()))
		}
		r := reqs[0]
		if r.Bearer != srv.Issued()[0] || r.UserAgent != "agentops-go/"+Version || r.Gzip != gzip {
			t.Errorf("request bearer ok=%v, user agent %q, gzip %v", r.Bearer == srv.Issued()[0], r.UserAgent, r.Gzip)
		}
		if e.ProjectID() != exportertest.ProjectID {
			t.Errorf("ProjectID %q, want %q", e.ProjectID(), exportertest.ProjectID)
		}
		var project string
		for _, kv := range r.ResourceSpans[0].GetResource().GetAttributes() {
			if kv.GetKey() == string(semconv.AgentOpsProjectIDKey) {
				project = kv.GetValue().GetStringValue()
			}
		}
		if project != exportertest.ProjectID {
			t.Errorf("resource agentops.project.id %q, want %q", project, exportertest.ProjectID)
		}
	}
}

func TestAgentOpsWaitsForTheFirstToken(t *testing.T) {
	srv := exportertest.NewServer(t, 0)
	srv.HoldAuth()
	e := newAgentOps(t, srv)
	done := make(chan error, 1)
	go func() { done <- e.ExportSpans(context.Background(), stubSpans(2)) }()
	select {
	case err := <-done:
		t.Fatalf("export returned %v before the token existed", err)
	case <-time.After(100 * time.Millisecond):
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("%d trace requests before the token", n)
	}
	srv.ReleaseAuth()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, r := range srv.Requests() {
		if r.Bearer == "" {
			t.Error("a trace request had no bearer")
		}
	}
	if len(srv.Accepted()) != 2 {
		t.Errorf("accepted %d spans, want 2", len(srv.Accepted()))
	}
}

func TestAgentOpsExportBoundedWithoutToken(t *testing.T) {
	srv := exportertest.NewServer(t, 0)
	srv.FailAuth(http.StatusInternalServerError, `{"error":"Authentication failed"}`)
	e := newAgentOps(t, srv)
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	err := e.ExportSpans(ctx, stubSpans(1))
	if !errors.Is(err, errNoToken) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want errNoToken and DeadlineExceeded", err)
	}
	if !strings.Contains(err.Error(), "HTTP 500") {
		t.Errorf("err %q does not name the last auth failure", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d trace requests without a token", n)
	}
	srv.FailAuth(0, "")
	if err := export(t, e, 1); err != nil {
		t.Fatalf("after auth recovered: %v", err)
	}
}

func TestAgentOpsReauthenticatesAfterRejection(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusForbidden} {
		srv := exportertest.NewServer(t, 0)
		e := newAgentOps(t, srv)
		if err := export(t, e, 1); err != nil {
			t.Fatal(err)
		}
		if status == http.StatusUnauthorized {
			srv.RevokeAll()
		} else {
			srv.QueueTraceStatus(http.StatusForbidden, nil, `{"error":"forbidden"}`)
		}
		if err := export(t, e, 2); err != nil {
			t.Fatalf("%d: %v", status, err)
		}
		if srv.AuthCalls() != 2 {
			t.Errorf("%d: %d auth calls, want 2", status, srv.AuthCalls())
		}
		reqs := srv.Requests()
		last := reqs[len(reqs)-1]
		if len(reqs) != 3 || last.Status != http.StatusOK || last.Bearer != srv.Issued()[1] {
			t.Errorf("%d: %d requests, last status %d with the new token %v; want 3, 200, true",
				status, len(reqs), last.Status, last.Bearer == srv.Issued()[1])
		}
	}
}

func TestAgentOpsRetriesTransientFailures(t *testing.T) {
	srv := exportertest.NewServer(t, 0)
	e := newAgentOps(t, srv)
	srv.QueueTraceStatus(http.StatusServiceUnavailable, map[string]string{"Retry-After": "0"}, "busy")
	srv.QueueTraceStatus(http.StatusTooManyRequests, nil, "slow down")
	if err := export(t, e, 1); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 3 || reqs[2].Status != http.StatusOK || srv.AuthCalls() != 1 {
		t.Fatalf("%d requests (last %d), %d auth calls; want 3 (200) and 1", len(reqs), reqs[len(reqs)-1].Status, srv.AuthCalls())
	}
	for _, r := range reqs {
		if r.Bearer == "" {
			t.Error("a retried request had no bearer")
		}
	}
}

func TestAgentOpsRefreshesBeforeExpiry(t *testing.T) {
	srv := exportertest.NewServer(t, time.Hour)
	e := newAgentOps(t, srv)
	if err := export(t, e, 1); err != nil {
		t.Fatal(err)
	}
	clock := time.Now().Add(55 * time.Minute) // within the refresh margin
	e.auth.sem <- struct{}{}
	e.auth.now = func() time.Time { return clock }
	<-e.auth.sem
	if err := export(t, e, 1); err != nil {
		t.Fatal(err)
	}
	if srv.AuthCalls() != 2 {
		t.Fatalf("%d auth calls, want 2 (a refresh before expiry)", srv.AuthCalls())
	}
	if reqs := srv.Requests(); reqs[1].Bearer != srv.Issued()[1] {
		t.Error("the export after the refresh did not use the new token")
	}
}

// TestAgentOpsConcurrentSafe exports from several goroutines while the
// server revokes every token: each request carries a bearer, re-auth is
// shared, and every batch ends up accepted.
func TestAgentOpsConcurrentSafe(t *testing.T) {
	srv := exportertest.NewServer(t, 0)
	e := newAgentOps(t, srv)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 10 {
				if g == 0 && i == 5 {
					srv.RevokeAll()
				}
				if err := export(t, e, 3); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if got := len(srv.Accepted()); got != 8*10*3 {
		t.Errorf("accepted %d spans, want %d", got, 8*10*3)
	}
	for _, r := range srv.Requests() {
		if r.Bearer == "" {
			t.Fatal("a request had no bearer")
		}
	}
	if n := srv.AuthCalls(); n < 2 || n > 9 {
		t.Errorf("%d auth calls, want a shared re-auth (2..9)", n)
	}
}
