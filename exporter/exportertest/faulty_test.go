package exportertest

import (
	"bytes"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// postSpans sends one OTLP request of n spans to f and returns the status
// (0 with the error when there was no answer).
func postSpans(t *testing.T, client *http.Client, f *Faulty, n int) (int, error) {
	t.Helper()
	spans := make([]*tracepb.Span, n)
	for i := range spans {
		spans[i] = &tracepb.Span{Name: "s"}
	}
	req := &coltracepb.ExportTraceServiceRequest{ResourceSpans: []*tracepb.ResourceSpans{{ScopeSpans: []*tracepb.ScopeSpans{{Spans: spans}}}}}
	data, _ := proto.Marshal(req)
	r, _ := http.NewRequest(http.MethodPost, f.URL+"/v1/traces", bytes.NewReader(data))
	r.Header.Set("Content-Type", "application/x-protobuf")
	resp, err := client.Do(r)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// TestFaultyBehaviours checks the receiver itself: each behaviour answers
// as documented, one-off answers come first, and it can go down and up.
func TestFaultyBehaviours(t *testing.T) {
	f := NewFaulty(t)
	client := &http.Client{Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()

	if code, err := postSpans(t, client, f, 3); code != http.StatusOK || err != nil || len(f.Delivered()) != 3 {
		t.Fatalf("healthy: %d %v, %d delivered", code, err, len(f.Delivered()))
	}
	f.Next(Throttled(2*time.Second), Fault{Status: http.StatusServiceUnavailable})
	f.Set(Fault{Status: http.StatusUnauthorized})
	for _, want := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusUnauthorized} {
		if code, err := postSpans(t, client, f, 1); code != want || err != nil {
			t.Errorf("got %d %v, want %d", code, err, want)
		}
	}
	if got := f.Requests()[1].Status; got != http.StatusTooManyRequests {
		t.Errorf("recorded status %d", got)
	}
	f.Set(Healthy)
	f.Limit(40)
	if code, _ := postSpans(t, client, f, 20); code != http.StatusRequestEntityTooLarge {
		t.Errorf("over the limit: %d", code)
	}
	if code, _ := postSpans(t, client, f, 1); code != http.StatusOK {
		t.Errorf("under the limit: %d", code)
	}
	f.Limit(0)

	f.Set(Cutting)
	if code, err := postSpans(t, client, f, 1); err == nil {
		t.Errorf("cut: got an answer %d", code)
	}
	f.Set(Hanging)
	short := &http.Client{Timeout: 100 * time.Millisecond}
	if _, err := postSpans(t, short, f, 1); err == nil {
		t.Error("hang: got an answer")
	}
	short.CloseIdleConnections()

	f.Down()
	_, err := postSpans(t, client, f, 1)
	var op *net.OpError
	if !errors.As(err, &op) || op.Op != "dial" {
		t.Errorf("down: err = %v, want a dial error", err)
	}
	if err := f.Up(); err != nil {
		t.Fatal(err)
	}
	f.Set(Healthy)
	if code, err := postSpans(t, client, f, 2); code != http.StatusOK || err != nil {
		t.Errorf("up again: %d %v", code, err)
	}
}

// TestFaultyReleasesHeldRequests: a held request is answered as the
// behaviour says once it changes.
func TestFaultyReleasesHeldRequests(t *testing.T) {
	f := NewFaulty(t)
	client := &http.Client{Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	f.Set(Hanging)
	done := make(chan int, 1)
	go func() {
		code, _ := postSpans(t, client, f, 1)
		done <- code
	}()
	waitHeld(t, f)
	f.Set(Healthy)
	if code := <-done; code != http.StatusOK {
		t.Errorf("released request answered %d, want 200", code)
	}
}

// waitHeld waits (up to a generous bound) until f holds a request.
func waitHeld(t *testing.T, f *Faulty) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); f.Held() == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no request was held")
		}
	}
}
