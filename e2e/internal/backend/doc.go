// Package backend starts real trace backends as child processes for the
// agentops-go end-to-end tests and reads traces back from them.
//
// Two backends are supported:
//
//   - Jaeger v2 (StartJaeger): an OTLP receiver (HTTP and gRPC) into in-memory
//     storage, queried through Jaeger's HTTP API v3 (Jaeger.Trace,
//     Jaeger.WaitTrace).
//   - A minimal OpenTelemetry Collector (StartCollector): an OTLP/HTTP receiver
//     and a batch processor that forward to a Jaeger over OTLP/gRPC and to a
//     file of OTLP/JSON (Collector.Spans, Collector.WaitSpans).
//
// Spans read back are decoded into Trace and Span,
// with IDs as lowercase hex and OTel Go enums for kind and status.
//
// Every backend listens on loopback ports chosen at start, writes its config and
// log into t.TempDir(), and is stopped by a t.Cleanup registered by its Start
// function (SIGTERM, then SIGKILL after a grace period). When a test fails, the
// backend's log is written to the test log.
//
// # Binaries
//
// The binaries are built by .ci/build-backends into e2e/.bin. Environment:
//
//   - AGENTOPS_E2E_BIN: directory holding the "jaeger" and "otelcol" binaries.
//     Default: the .bin directory of the e2e module.
//   - AGENTOPS_E2E_REQUIRED: when "1", a missing binary fails the test
//     (t.Fatal); otherwise the test is skipped (t.Skip). CI sets it.
//
// All functions must be called from the test goroutine, as they may call
// t.Skip or t.Fatal. The returned backends' methods are safe for concurrent use.
package backend
