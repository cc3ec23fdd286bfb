package exportertest

import (
	"encoding/json"
	"strconv"

	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
)

// How the AgentOps backend reads attribute values: it stores each one as a
// string (arrays and maps as JSON) and parses numbers and lists back.

// tagsOf reads agentops.tags: a string array, or a JSON list in a string.
func tagsOf(s *tracepb.Span) []string {
	for _, kv := range s.GetAttributes() {
		if kv.GetKey() != "agentops.tags" {
			continue
		}
		if arr := kv.GetValue().GetArrayValue(); arr != nil {
			var tags []string
			for _, v := range arr.GetValues() {
				tags = append(tags, v.GetStringValue())
			}
			return tags
		}
		var tags []string
		if json.Unmarshal([]byte(kv.GetValue().GetStringValue()), &tags) == nil {
			return tags
		}
	}
	return nil
}

// stringAttrs returns the attributes as AgentOps stores them: every value
// a string (arrays and maps as JSON); a later duplicate key wins.
func stringAttrs(s *tracepb.Span) map[string]string {
	out := make(map[string]string, len(s.GetAttributes()))
	for _, kv := range s.GetAttributes() {
		out[kv.GetKey()] = asString(kv.GetValue())
	}
	return out
}

func asString(v *commonpb.AnyValue) string {
	switch x := v.GetValue().(type) {
	case *commonpb.AnyValue_StringValue:
		return x.StringValue
	case *commonpb.AnyValue_IntValue:
		return strconv.FormatInt(x.IntValue, 10)
	case *commonpb.AnyValue_DoubleValue:
		return strconv.FormatFloat(x.DoubleValue, 'g', -1, 64)
	case *commonpb.AnyValue_BoolValue:
		return strconv.FormatBool(x.BoolValue)
	}
	b, _ := json.Marshal(asAny(v))
	return string(b)
}

func asAny(v *commonpb.AnyValue) any {
	switch x := v.GetValue().(type) {
	case *commonpb.AnyValue_ArrayValue:
		out := []any{}
		for _, e := range x.ArrayValue.GetValues() {
			out = append(out, asAny(e))
		}
		return out
	case *commonpb.AnyValue_KvlistValue:
		out := map[string]any{}
		for _, kv := range x.KvlistValue.GetValues() {
			out[kv.GetKey()] = asAny(kv.GetValue())
		}
		return out
	case *commonpb.AnyValue_BytesValue:
		return x.BytesValue
	case *commonpb.AnyValue_StringValue:
		return x.StringValue
	case *commonpb.AnyValue_IntValue:
		return x.IntValue
	case *commonpb.AnyValue_DoubleValue:
		return x.DoubleValue
	case *commonpb.AnyValue_BoolValue:
		return x.BoolValue
	}
	return nil
}

// number parses a token count as the backend's queries do: an integer, or
// a float cut to one; anything else counts 0.
func number(s string) int64 {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return int64(f)
	}
	return 0
}
