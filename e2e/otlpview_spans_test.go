package e2e_test

import (
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
)

// The spans the OTLP view checker reads, from an OTLP payload or from an
// in-memory recorder.

// fromOTLP returns the name and attributes of an exported span.
func fromOTLP(s *tracepb.Span) viewSpan {
	v := viewSpan{name: s.GetName()}
	for _, kv := range s.GetAttributes() {
		a := viewAttr{key: kv.GetKey()}
		switch x := kv.GetValue().GetValue().(type) {
		case *commonpb.AnyValue_StringValue:
			a.typ, a.val = "string", x.StringValue
		case *commonpb.AnyValue_IntValue:
			a.typ, a.val = "int", x.IntValue
		case *commonpb.AnyValue_DoubleValue:
			a.typ, a.val = "double", x.DoubleValue
		case *commonpb.AnyValue_BoolValue:
			a.typ, a.val = "boolean", x.BoolValue
		case *commonpb.AnyValue_ArrayValue:
			a.typ, a.val = arrayOf(x.ArrayValue.GetValues())
		case *commonpb.AnyValue_KvlistValue:
			a.typ, a.val = "map", x.KvlistValue
		case *commonpb.AnyValue_BytesValue:
			a.typ, a.val = "bytes", x.BytesValue
		default:
			a.typ = "empty"
		}
		v.attrs = append(v.attrs, a)
	}
	return v
}

// arrayOf types an OTLP array: string[] when every element is a string.
func arrayOf(values []*commonpb.AnyValue) (string, any) {
	var strs []string
	for _, e := range values {
		s, ok := e.GetValue().(*commonpb.AnyValue_StringValue)
		if !ok {
			return "array", values
		}
		strs = append(strs, s.StringValue)
	}
	return "string[]", strs
}

// fromOTLPSpans converts a payload's spans.
func fromOTLPSpans(spans []*tracepb.Span) []viewSpan {
	out := make([]viewSpan, 0, len(spans))
	for _, s := range spans {
		out = append(out, fromOTLP(s))
	}
	return out
}

// fromRecorded returns the name and attributes of a recorded span.
func fromRecorded(spans []sdktrace.ReadOnlySpan) []viewSpan {
	out := make([]viewSpan, 0, len(spans))
	for _, s := range spans {
		v := viewSpan{name: s.Name()}
		for _, kv := range s.Attributes() {
			a := viewAttr{key: string(kv.Key), val: kv.Value.AsInterface()}
			switch kv.Value.Type() {
			case attribute.STRING:
				a.typ = "string"
			case attribute.INT64:
				a.typ = "int"
			case attribute.FLOAT64:
				a.typ = "double"
			case attribute.BOOL:
				a.typ = "boolean"
			case attribute.STRINGSLICE:
				a.typ = "string[]"
			default:
				a.typ = kv.Value.Type().String()
			}
			v.attrs = append(v.attrs, a)
		}
		out = append(out, v)
	}
	return out
}

// attr returns the attribute key of s.
func (s viewSpan) attr(key string) (viewAttr, bool) {
	for _, a := range s.attrs {
		if a.key == key {
			return a, true
		}
	}
	return viewAttr{}, false
}
