// Package exportertest provides an AgentOps stand-in for tests: an
// httptest server that answers POST /v3/auth/token as AgentOps does and
// receives OTLP/HTTP on POST /v1/traces, decoding the real protobuf
// (ExportTraceServiceRequest, gzip or not) and recording the bearer token,
// User-Agent and spans of every request.
//
// Behaviour is scripted per test: hold the auth endpoint, answer it with an
// error, revoke tokens (the trace endpoint then answers 401), or queue
// statuses for the next trace requests. All methods are safe for
// concurrent use.
package exportertest
