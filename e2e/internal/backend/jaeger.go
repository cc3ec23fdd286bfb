package backend

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
)

// Jaeger is a running Jaeger v2 all-in-one process with in-memory storage.
// It is stopped when the test that started it ends.
type Jaeger struct {
	otlpHTTP string // host:port
	otlpGRPC string // host:port
	query    string // host:port
	client   *http.Client
}

// Port indexes into the ports allocated for Jaeger.
const (
	jaegerOTLPHTTP = iota
	jaegerOTLPGRPC
	jaegerQueryHTTP
	jaegerQueryGRPC
	jaegerHealth
	jaegerPorts
)

// StartJaeger starts Jaeger (the "jaeger" binary, see the package doc) on
// loopback ports and returns once it reports healthy, within 60s. It skips or
// fails t when the binary is missing, and fails t if Jaeger does not start.
// Self-tracing is off, so every stored trace came from the test.
func StartJaeger(t testing.TB) *Jaeger {
	t.Helper()
	_, ports := launch(t, launchSpec{
		name:   "jaeger",
		ports:  jaegerPorts,
		config: jaegerConfig,
		health: func(p []int) string { return fmt.Sprintf("http://127.0.0.1:%d/status", p[jaegerHealth]) },
		args:   func(cfg string) []string { return []string{"--config", cfg} },
	})
	j := &Jaeger{
		otlpHTTP: loopback(ports[jaegerOTLPHTTP]),
		otlpGRPC: loopback(ports[jaegerOTLPGRPC]),
		query:    loopback(ports[jaegerQueryHTTP]),
		client:   newHTTPClient(),
	}
	// Registered after launch's cleanup, so it runs first: connections to the
	// query API are closed before Jaeger is stopped.
	t.Cleanup(j.client.CloseIdleConnections)
	return j
}

// OTLPHTTPEndpoint returns the base URL of Jaeger's OTLP/HTTP receiver, e.g.
// "http://127.0.0.1:4318". Traces are posted to OTLPTracesURL.
func (j *Jaeger) OTLPHTTPEndpoint() string { return "http://" + j.otlpHTTP }

// OTLPTracesURL returns the full OTLP/HTTP traces URL, OTLPHTTPEndpoint plus
// "/v1/traces", as otlptracehttp.WithEndpointURL needs it.
func (j *Jaeger) OTLPTracesURL() string { return j.OTLPHTTPEndpoint() + "/v1/traces" }

// OTLPGRPCAddr returns the host:port of Jaeger's OTLP/gRPC receiver
// (plaintext).
func (j *Jaeger) OTLPGRPCAddr() string { return j.otlpGRPC }

// QueryURL returns the base URL of Jaeger's query HTTP server (API v3 and UI).
func (j *Jaeger) QueryURL() string { return "http://" + j.query }

func loopback(port int) string { return "127.0.0.1:" + strconv.Itoa(port) }

// jaegerConfig renders a Jaeger v2 configuration: OTLP in, in-memory storage,
// the query extension without self-tracing, health at /status, and no
// internal metrics endpoint (it would need a fixed port).
func jaegerConfig(p []int) string {
	return fmt.Sprintf(`service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: info

extensions:
  healthcheckv2:
    use_v2: true
    http:
      endpoint: 127.0.0.1:%[5]d
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000
  jaeger_query:
    enable_tracing: false
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:%[3]d
    grpc:
      endpoint: 127.0.0.1:%[4]d

receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:%[1]d
      grpc:
        endpoint: 127.0.0.1:%[2]d

exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`, p[jaegerOTLPHTTP], p[jaegerOTLPGRPC], p[jaegerQueryHTTP], p[jaegerQueryGRPC], p[jaegerHealth])
}
