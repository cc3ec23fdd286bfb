// Package semconv holds every attribute key and enum value the agentops-go
// SDK writes. Spans are recorded in one vocabulary: the OpenTelemetry GenAI
// semantic conventions v1.41 (what OTel backends read, e.g.
// gen_ai.usage.input_tokens) plus the agentops.* session keys. The keys of
// the AgentOps view (what the AgentOps backend and dashboard read, e.g.
// gen_ai.usage.prompt_tokens, gen_ai.prompt.{i}.content, tool.name) are
// here too, in groups marked "AgentOps view": the AgentOps exporter writes
// them at export, never the recording.
//
// Each key is a FooKey constant with a Foo(v) constructor returning the
// attribute.KeyValue. Keys that OpenTelemetry's semconv v1.41.0 defines are
// re-exported from it, so they are the same constant. Enum values (span
// kinds, end states, tool states, operation names, providers) are typed
// constants beside them.
//
// attributes.go is generated from keys.tsv; edit the table, then run
// go generate ./semconv. The package is a leaf: it holds no logic.
package semconv

//go:generate go run ./internal/gen
