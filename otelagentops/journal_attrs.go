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
			var v bool
			err = json.Unmarshal(a.V, &v)
			kv = k.Bool(v)
		case attribute.INT64.String():
			var v int64
			err = json.Unmarshal(a.V, &v)
			kv = k.Int64(v)
		case attribute.FLOAT64.String():
			var v float64
			err = json.Unmarshal(a.V, &v)
			kv = k.Float64(v)
		case attribute.STRING.String():
			var v string
			err = json.Unmarshal(a.V, &v)
			kv = k.String(v)
		case attribute.BOOLSLICE.String():
			var v []bool
			err = json.Unmarshal(a.V, &v)
			kv = k.BoolSlice(v)
		case attribute.INT64SLICE.String():
			var v []int64
			err = json.Unmarshal(a.V, &v)
			kv = k.Int64Slice(v)
		case attribute.FLOAT64SLICE.String():
			var v []float64
			err = json.Unmarshal(a.V, &v)
			kv = k.Float64Slice(v)
		case attribute.STRINGSLICE.String():
			var v []string
			err = json.Unmarshal(a.V, &v)
			kv = k.StringSlice(v)
		default:
			continue
		}
		if err == nil && a.K != "" {
			out = append(out, kv)
		}
	}
	return out
}
