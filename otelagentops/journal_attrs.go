package otelagentops

import (
	"encoding/json"

	"go.opentelemetry.io/otel/attribute"
)

// journalAttr is an attribute in a journal as read back: its key, OTel
// type and value (appendStartRecord writes it).
type journalAttr struct {
	K string          `json:"k"`
	T string          `json:"t"`
	V json.RawMessage `json:"v"`
}

// attributesOf decodes journaled attributes; one that does not decode is
// left out.
func attributesOf(attrs []journalAttr) []attribute.KeyValue {
	out := make([]attribute.KeyValue, 0, len(attrs))
	for _, a := range attrs {
		k := attribute.Key(a.K)
		var kv attribute.KeyValue
		var err error
		switch a.T {
		case attribute.BOOL.String():
			kv, err = decodeAs(a.V, k.Bool)
		case attribute.INT64.String():
			kv, err = decodeAs(a.V, k.Int64)
		case attribute.FLOAT64.String():
			kv, err = decodeAs(a.V, k.Float64)
		case attribute.STRING.String():
			kv, err = decodeAs(a.V, k.String)
		case attribute.BOOLSLICE.String():
			kv, err = decodeAs(a.V, k.BoolSlice)
		case attribute.INT64SLICE.String():
			kv, err = decodeAs(a.V, k.Int64Slice)
		case attribute.FLOAT64SLICE.String():
			kv, err = decodeAs(a.V, k.Float64Slice)
		case attribute.STRINGSLICE.String():
			kv, err = decodeAs(a.V, k.StringSlice)
		default:
			continue
		}
		if err == nil && a.K != "" {
			out = append(out, kv)
		}
	}
	return out
}

// decodeAs decodes raw as a T and makes it an attribute with kv.
func decodeAs[T any](raw json.RawMessage, kv func(T) attribute.KeyValue) (attribute.KeyValue, error) {
	var v T
	err := json.Unmarshal(raw, &v)
	return kv(v), err
}
