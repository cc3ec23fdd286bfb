package backend

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// Collector is a running OpenTelemetry Collector: an OTLP/HTTP receiver and a
// batch processor feeding an OTLP/gRPC exporter to a Jaeger and a file
// exporter. It is stopped when the test that started it ends.
type Collector struct {
	otlpHTTP string // host:port
	file     string // file exporter output, OTLP/JSON lines
}

// Port indexes into the ports allocated for the Collector.
const (
	collectorOTLPHTTP = iota
	collectorHealth
	collectorPorts
)

// StartCollector starts the Collector (the "otelcol" binary, see the package
// doc) on loopback ports, exporting every trace it receives to exportTo and
// to a file read by Spans, and returns once it reports healthy, within 60s.
// With a nil exportTo it exports to the file only. It skips or fails t when
// the binary is missing, and fails t if the Collector does not start.
//
// Start exportTo first: cleanups run in reverse, so the Collector is stopped,
// and flushes its batch, before Jaeger.
func StartCollector(t testing.TB, exportTo *Jaeger) *Collector {
	t.Helper()
	file := filepath.Join(t.TempDir(), "traces.jsonl")
	_, ports := launch(t, launchSpec{
		name:   "otelcol",
		ports:  collectorPorts,
		config: func(p []int) string { return collectorConfig(p, exportTo, file) },
		health: func(p []int) string { return fmt.Sprintf("http://127.0.0.1:%d/", p[collectorHealth]) },
		args:   func(cfg string) []string { return []string{"--config", cfg} },
	})
	return &Collector{otlpHTTP: loopback(ports[collectorOTLPHTTP]), file: file}
}

// OTLPHTTPEndpoint returns the base URL of the Collector's OTLP/HTTP receiver,
// e.g. "http://127.0.0.1:4318". Traces are posted to OTLPTracesURL.
func (c *Collector) OTLPHTTPEndpoint() string { return "http://" + c.otlpHTTP }

// OTLPTracesURL returns the full OTLP/HTTP traces URL, OTLPHTTPEndpoint plus
// "/v1/traces", as otlptracehttp.WithEndpointURL needs it.
func (c *Collector) OTLPTracesURL() string { return c.OTLPHTTPEndpoint() + "/v1/traces" }

// WaitSpans polls Spans until the Collector has exported at least minSpans
// spans to its file and returns them. It gives up when ctx is done (or after
// 30s if ctx has no deadline), returning what it last saw with an error.
func (c *Collector) WaitSpans(ctx context.Context, minSpans int) ([]Span, error) {
	return waitSpans(ctx, "collector file "+c.file, minSpans, func(context.Context) ([]Span, error) {
		return c.Spans()
	})
}

// Spans returns the spans the Collector has exported to its file so far, in
// export order. The file exporter flushes every 100ms, after the batch
// processor's 100ms timeout, so tests should use WaitSpans.
func (c *Collector) Spans() ([]Span, error) {
	f, err := os.Open(c.file)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var spans []Span
	dec := json.NewDecoder(f)
	for {
		var d otlpTraces
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return spans, nil // the end, or a line still being written
		}
		if err != nil {
			return nil, fmt.Errorf("backend: reading %s: %w", c.file, err)
		}
		s, err := d.spans()
		if err != nil {
			return nil, fmt.Errorf("backend: reading %s: %w", c.file, err)
		}
		spans = append(spans, s...)
	}
}

// collectorConfig renders the Collector configuration. The batch processor
// waits at most 100ms, so tests see spans promptly.
func collectorConfig(p []int, exportTo *Jaeger, file string) string {
	exporters, jaeger := "[file]", ""
	if exportTo != nil {
		exporters = "[otlp_grpc, file]"
		jaeger = fmt.Sprintf(`  otlp_grpc:
    endpoint: %s
    tls:
      insecure: true
`, exportTo.OTLPGRPCAddr())
	}
	return fmt.Sprintf(`receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:%d

processors:
  batch:
    timeout: 100ms

exporters:
%s  file:
    path: %q
    flush_interval: 100ms

extensions:
  health_check:
    endpoint: 127.0.0.1:%d

service:
  extensions: [health_check]
  telemetry:
    metrics:
      level: none
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: %s
`, p[collectorOTLPHTTP], jaeger, file, p[collectorHealth], exporters)
}
