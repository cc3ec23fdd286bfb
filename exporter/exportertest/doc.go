// Package exportertest provides an AgentOps stand-in for tests: an
// httptest server that answers POST /v3/auth/token as AgentOps does and
// receives OTLP/HTTP on POST /v1/traces, decoding the real protobuf
// (ExportTraceServiceRequest, gzip or not) and recording the bearer token,
// User-Agent and spans of every request.
//
// Behaviour is scripted per test: hold the auth endpoint, answer it with an
// error, revoke tokens (the trace endpoint then answers 401), or queue
// statuses for the next trace requests.
//
// Faulty is a plain OTLP/HTTP receiver for fault injection: it refuses
// connections (Down, then Up on the same port), hangs, answers any status
// with any headers (429 with Retry-After, 5xx, 401, 413), cuts the
// connection after reading a request, answers 413 above a body size, and
// changes behaviour at any time; it decodes and records every request.
// Point an AgentOps exporter's OTLP endpoint at it (with a Server for auth)
// or use it as any OTLP endpoint. All methods are safe for concurrent use.
//
// ReadDashboard is the AgentOps dashboard as a test oracle: from exported
// spans (Server.Accepted, Faulty.Delivered) it computes what the AgentOps
// session list and trace drawer show (session name and tags, LLM and tool
// call counts, each span's icon, waterfall type and header, errors, status,
// token sums and cost inputs), following the rules of AgentOps's
// open-sourced backend and dashboard. ByTrace splits spans by session.
package exportertest
