package otelagentops

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/internal/envconfig"
)

// otlpReceiver records the path and headers of every request.
type otlpReceiver struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []*http.Request
}

func newOTLPReceiver(t *testing.T) *otlpReceiver {
	r := &otlpReceiver{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		_, _ = io.Copy(io.Discard, req.Body)
		r.mu.Lock()
		r.reqs = append(r.reqs, req)
		r.mu.Unlock()
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *otlpReceiver) requests() []*http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*http.Request(nil), r.reqs...)
}

func TestOTLPEndpointPaths(t *testing.T) {
	for _, tc := range []struct {
		name     string
		option   string // WithOTLPEndpoint suffix, "-" for none
		env      map[string]string
		wantPath string
	}{
		{"option base", "", nil, "/v1/traces"},
		{"option full", "/v1/traces", nil, "/v1/traces"},
		{"option prefix", "/otlp", nil, "/otlp/v1/traces"},
		{"env base", "-", map[string]string{envconfig.EnvOTLPEndpoint: ""}, "/v1/traces"},
		{"env base prefix", "-", map[string]string{envconfig.EnvOTLPEndpoint: "/gw"}, "/gw/v1/traces"},
		{"env traces bare", "-", map[string]string{envconfig.EnvOTLPTracesEndpoint: ""}, "/v1/traces"},
		{"env traces as is", "-", map[string]string{envconfig.EnvOTLPTracesEndpoint: "/custom/path"}, "/custom/path"},
		{"option beats env", "", map[string]string{envconfig.EnvOTLPTracesEndpoint: "/custom/path"}, "/v1/traces"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clearExportEnv(t)
			rcv := newOTLPReceiver(t)
			for k, suffix := range tc.env {
				t.Setenv(k, rcv.URL+suffix)
			}
			var opts []Option
			if tc.option != "-" {
				opts = append(opts, WithOTLPEndpoint(rcv.URL+tc.option))
			}
			c, _ := newTestClient(t, opts...)
			runSession(t, c)
			reqs := rcv.requests()
			if len(reqs) == 0 {
				t.Fatal("no OTLP request")
			}
			for _, r := range reqs {
				if r.URL.Path != tc.wantPath {
					t.Errorf("path %q, want %q", r.URL.Path, tc.wantPath)
				}
			}
		})
	}
}

func TestOTLPEnvironmentSettings(t *testing.T) {
	clearExportEnv(t)
	rcv := newOTLPReceiver(t)
	t.Setenv(envconfig.EnvOTLPEndpoint, rcv.URL)
	t.Setenv(envconfig.EnvOTLPHeaders, "x-tenant=acme,x-token=s3cret")
	t.Setenv(envconfig.EnvOTLPCompression, "gzip")
	srv := exportertest.NewServer(t, 0)
	c, _ := newTestClient(t, WithAPIKey(exportertest.APIKey), WithAPIEndpoint(srv.URL), WithExporterEndpoint(srv.URL))
	runSession(t, c)
	reqs := rcv.requests()
	if len(reqs) == 0 {
		t.Fatal("no OTLP request")
	}
	if r := reqs[0]; r.Header.Get("X-Tenant") != "acme" || r.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("OTLP request headers %v", r.Header)
	}
	for _, r := range srv.Requests() {
		if r.Gzip || r.Header.Get("X-Token") != "" {
			t.Error("OTEL_EXPORTER_OTLP_COMPRESSION or _HEADERS reached the AgentOps exporter")
		}
	}
	if len(srv.Accepted()) != 3 {
		t.Errorf("AgentOps got %d spans beside the OTLP endpoint, want 3", len(srv.Accepted()))
	}
}

// TestOTLPEnvironmentErrors: the OTLP settings' errors (each tested in
// envconfig) fail New when an OTLP endpoint is in use, and only then.
func TestOTLPEnvironmentErrors(t *testing.T) {
	for _, tc := range []struct {
		env     map[string]string
		want    string
		notWant string
	}{
		{map[string]string{envconfig.EnvOTLPEndpoint: "localhost:4318"}, `OTEL_EXPORTER_OTLP_ENDPOINT="localhost:4318"`, ""},
		{map[string]string{envconfig.EnvOTLPEndpoint: "http://h:4317", envconfig.EnvOTLPProtocol: "grpc"}, `OTEL_EXPORTER_OTLP_PROTOCOL="grpc"`, ""},
		{map[string]string{envconfig.EnvOTLPEndpoint: "http://h:4318", envconfig.EnvOTLPHeaders: "a=1,s3cret"}, "OTEL_EXPORTER_OTLP_HEADERS: entry 2", "s3cret"},
	} {
		clearExportEnv(t)
		for k, v := range tc.env {
			t.Setenv(k, v)
		}
		_, err := New(context.Background())
		if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.notWant != "" && strings.Contains(err.Error(), tc.notWant)) {
			t.Errorf("%v: err = %v, want it to contain %s", tc.env, err, tc.want)
		}
	}
	clearExportEnv(t)
	t.Setenv(envconfig.EnvOTLPProtocol, "grpc") // no OTLP endpoint: not used, not an error
	c, err := New(context.Background(), WithoutSessionSink())
	if err != nil {
		t.Fatal(err)
	}
	_ = c.Shutdown(context.Background())
}

func TestOTLPAgentOpsView(t *testing.T) {
	for _, tc := range []struct {
		name     string
		opts     []Option
		toolSpan string
		genAI    bool // the tool span carries gen_ai.* keys
	}{
		{"recording by default", nil, "execute_tool search", true},
		{"AgentOps view by option", []Option{WithOTLPAgentOpsView()}, "search.tool", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clearExportEnv(t)
			f := exportertest.NewFaulty(t)
			c, _ := newTestClient(t, append([]Option{WithOTLPEndpoint(f.URL)}, tc.opts...)...)
			runSession(t, c)
			var tool *tracepb.Span
			for _, s := range f.Delivered() {
				if s.GetName() == tc.toolSpan {
					tool = s
				}
			}
			if tool == nil {
				t.Fatalf("no span %q among %v", tc.toolSpan, deliveredCounts(f.Delivered()))
			}
			genAI := false
			for _, kv := range tool.GetAttributes() {
				genAI = genAI || strings.HasPrefix(kv.GetKey(), "gen_ai.")
			}
			if genAI != tc.genAI {
				t.Errorf("tool span carries gen_ai.* keys: %v, want %v (%v)", genAI, tc.genAI, tool.GetAttributes())
			}
		})
	}
}
