package mcpspan

import (
	"context"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// MetaCarrier is a propagation.TextMapCarrier over an MCP request's
// params._meta bag: traceparent, tracestate and baggage are string members
// of it, as the OTel MCP conventions place them. A value that is not a
// string reads as absent.
type MetaCarrier map[string]any

var _ propagation.TextMapCarrier = MetaCarrier(nil)

// Get returns the string value of key, or "".
func (c MetaCarrier) Get(key string) string {
	s, _ := c[key].(string)
	return s
}

// Set stores value under key.
func (c MetaCarrier) Set(key, value string) { c[key] = value }

// Keys returns the keys of the bag.
func (c MetaCarrier) Keys() []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	return keys
}

// propagator is the W3C trace context and baggage, the formats the OTel MCP
// conventions show in _meta.
var propagator = propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})

// InjectMeta returns a copy of meta with the span context of ctx (and its
// baggage) added, and true; or meta itself and false when ctx has no valid
// span context. meta is never modified; a nil meta gives a new map.
func InjectMeta(ctx context.Context, meta map[string]any) (map[string]any, bool) {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return meta, false
	}
	out := make(MetaCarrier, len(meta)+3)
	for k, v := range meta {
		out[k] = v
	}
	propagator.Inject(ctx, out)
	return out, true
}

// ExtractMeta returns ctx with the remote span context (and baggage) meta
// carries, if any.
func ExtractMeta(ctx context.Context, meta map[string]any) context.Context {
	if len(meta) == 0 {
		return ctx
	}
	return propagator.Extract(ctx, MetaCarrier(meta))
}
