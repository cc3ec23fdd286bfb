package exportertest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"go.uber.org/goleak"
	"google.golang.org/protobuf/proto"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestServerSpeaksTheProtocol checks the stand-in itself: auth answers as
// AgentOps does, and the trace endpoint takes only issued, unrevoked tokens.
func TestServerSpeaksTheProtocol(t *testing.T) {
	s := NewServer(t, time.Hour)
	client := &http.Client{}
	defer client.CloseIdleConnections()
	auth := func(key string) (int, map[string]string) {
		resp, err := client.Post(s.URL+"/v3/auth/token", "application/json", strings.NewReader(`{"api_key":"`+key+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]string
		_ = json.NewDecoder(resp.Body).Decode(&body)
		return resp.StatusCode, body
	}
	if code, _ := auth("short"); code != http.StatusBadRequest {
		t.Errorf("bad format: %d", code)
	}
	if code, _ := auth("00000000-0000-0000-0000-000000000000"); code != http.StatusForbidden {
		t.Errorf("unknown key: %d", code)
	}
	code, body := auth(APIKey)
	if code != http.StatusOK || body["token"] == "" || body["project_id"] != ProjectID {
		t.Fatalf("good key: %d %v", code, body)
	}
	req := &coltracepb.ExportTraceServiceRequest{ResourceSpans: []*tracepb.ResourceSpans{{ScopeSpans: []*tracepb.ScopeSpans{{Spans: []*tracepb.Span{{Name: "s"}}}}}}}
	data, _ := proto.Marshal(req)
	send := func(bearer string) int {
		r, _ := http.NewRequest(http.MethodPost, s.URL+"/v1/traces", bytes.NewReader(data))
		r.Header.Set("Content-Type", "application/x-protobuf")
		if bearer != "" {
			r.Header.Set("Authorization", "Bearer "+bearer)
		}
		resp, err := client.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := send(""); code != http.StatusUnauthorized {
		t.Errorf("no bearer: %d", code)
	}
	if code := send(body["token"]); code != http.StatusOK || len(s.Accepted()) != 1 || s.Accepted()[0].GetName() != "s" {
		t.Errorf("with bearer: %d, accepted %v", code, s.Accepted())
	}
	s.RevokeAll()
	if code := send(body["token"]); code != http.StatusUnauthorized {
		t.Errorf("revoked: %d", code)
	}
}
