package otelagentops

import (
	"encoding/hex"
	"math"
	"strconv"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// The journal's lines are written by hand, into the journal's buffer, so
// that a session start costs no encoder and next to no allocation (strings
// as content_json.go writes them); they are read back with encoding/json
// (journalRecord, journalAttr).

// appendStartRecord appends the start line of a session.
func appendStartRecord(b []byte, idText string, root trace.SpanID, span string, start time.Time, attrs []attribute.KeyValue) []byte {
	b = append(b, `{"op":"start","id":`...)
	b = appendJSONString(b, idText)
	b = append(b, `,"root":"`...)
	b = hex.AppendEncode(b, root[:])
	b = append(b, `","span":`...)
	b = appendJSONString(b, span)
	b = append(b, `,"start":"`...)
	b = start.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","attrs":[`...)
	first := true
	for _, kv := range attrs {
		mark := len(b)
		if !first {
			b = append(b, ',')
		}
		b = append(b, `{"k":`...)
		b = appendJSONString(b, string(kv.Key))
		b = append(b, `,"t":"`...)
		b = append(b, kv.Value.Type().String()...)
		b = append(b, `","v":`...)
		var ok bool
		if b, ok = appendJournalValue(b, kv.Value); !ok {
			b = b[:mark] // a value the journal does not hold
			continue
		}
		b = append(b, '}')
		first = false
	}
	return append(b, "]}\n"...)
}

// appendSeenRecord appends the line saying a session was active until at.
func appendSeenRecord(b []byte, idText string, at time.Time) []byte {
	b = append(b, `{"op":"seen","id":`...)
	b = appendJSONString(b, idText)
	b = append(b, `,"at":"`...)
	b = at.UTC().AppendFormat(b, time.RFC3339Nano)
	return append(b, "\"}\n"...)
}

// appendDoneRecord appends the line saying a session's root was exported.
func appendDoneRecord(b []byte, idText string) []byte {
	b = append(b, `{"op":"done","id":`...)
	b = appendJSONString(b, idText)
	return append(b, "}\n"...)
}

// appendJournalValue appends v as JSON; false for a type it does not journal
// or a float that JSON cannot hold (NaN, ±Inf).
func appendJournalValue(b []byte, v attribute.Value) ([]byte, bool) {
	switch v.Type() {
	case attribute.BOOL:
		return strconv.AppendBool(b, v.AsBool()), true
	case attribute.INT64:
		return strconv.AppendInt(b, v.AsInt64(), 10), true
	case attribute.FLOAT64:
		return appendJSONFloat(b, v.AsFloat64())
	case attribute.STRING:
		return appendJSONString(b, v.AsString()), true
	case attribute.STRINGSLICE:
		return appendJSONArray(b, v.AsStringSlice(), func(b []byte, s string) ([]byte, bool) { return appendJSONString(b, s), true })
	case attribute.INT64SLICE:
		return appendJSONArray(b, v.AsInt64Slice(), func(b []byte, n int64) ([]byte, bool) { return strconv.AppendInt(b, n, 10), true })
	case attribute.BOOLSLICE:
		return appendJSONArray(b, v.AsBoolSlice(), func(b []byte, t bool) ([]byte, bool) { return strconv.AppendBool(b, t), true })
	case attribute.FLOAT64SLICE:
		return appendJSONArray(b, v.AsFloat64Slice(), appendJSONFloat)
	}
	return b, false
}

// appendJSONArray appends vals as a JSON array, each with one; false when
// one of them cannot be written.
func appendJSONArray[T any](b []byte, vals []T, one func([]byte, T) ([]byte, bool)) ([]byte, bool) {
	b = append(b, '[')
	for i, v := range vals {
		if i > 0 {
			b = append(b, ',')
		}
		var ok bool
		if b, ok = one(b, v); !ok {
			return b, false
		}
	}
	return append(b, ']'), true
}

// appendJSONFloat appends f, unless JSON cannot hold it.
func appendJSONFloat(b []byte, f float64) ([]byte, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, false
	}
	return strconv.AppendFloat(b, f, 'g', -1, 64), true
}
