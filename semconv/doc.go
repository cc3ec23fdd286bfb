// Package semconv holds every attribute key and enum value the agentops-go
// SDK writes, in both vocabularies an LLM span must carry: the AgentOps one
// (what the AgentOps backend reads, e.g. gen_ai.usage.prompt_tokens) and the
// OpenTelemetry GenAI semantic conventions (what OTel backends read, e.g.
// gen_ai.usage.input_tokens).
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
