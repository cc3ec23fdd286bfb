package exporter

import (
	"strings"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// ValidUTF8 returns spans with every string that OTLP encodes made valid
// UTF-8: invalid bytes in span names, attribute keys and values (recursively),
// event names and attributes, link attributes and the status description
// are replaced by U+FFFD, as encoding/json does. OTLP protobuf strings must
// be valid UTF-8: one bad byte anywhere makes the whole request unmarshalable,
// and the whole batch is lost. It returns the slice itself, allocating
// nothing, when every span is valid already. Resource and scope strings,
// which come from configuration, are not checked.
func ValidUTF8(spans []sdktrace.ReadOnlySpan) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for i, s := range spans {
		if spanValid(s) {
			if out != nil {
				out[i] = s
			}
			continue
		}
		if out == nil {
			out = make([]sdktrace.ReadOnlySpan, len(spans))
			copy(out, spans[:i])
		}
		out[i] = sanitize(s)
	}
	if out == nil {
		return spans
	}
	return out
}

// validSpan is a span whose strings were made valid.
type validSpan struct {
	sdktrace.ReadOnlySpan
	name   string
	attrs  []attribute.KeyValue
	events []sdktrace.Event
	links  []sdktrace.Link
	status sdktrace.Status
}

func (s *validSpan) Name() string                     { return s.name }
func (s *validSpan) Attributes() []attribute.KeyValue { return s.attrs }
func (s *validSpan) Events() []sdktrace.Event         { return s.events }
func (s *validSpan) Links() []sdktrace.Link           { return s.links }
func (s *validSpan) Status() sdktrace.Status          { return s.status }

// UTF8Repairer is implemented by exporters that apply ValidUTF8 to every
// batch themselves, so that a caller need not scan the batch first.
type UTF8Repairer interface {
	RepairsUTF8()
}

func spanValid(s sdktrace.ReadOnlySpan) bool {
	if !utf8.ValidString(s.Name()) || !utf8.ValidString(s.Status().Description) || !attrsValid(s.Attributes()) {
		return false
	}
	for _, e := range s.Events() {
		if !utf8.ValidString(e.Name) || !attrsValid(e.Attributes) {
			return false
		}
	}
	for _, l := range s.Links() {
		if !attrsValid(l.Attributes) {
			return false
		}
	}
	return true
}

func sanitize(s sdktrace.ReadOnlySpan) *validSpan {
	v := &validSpan{ReadOnlySpan: s, name: validString(s.Name()), attrs: validAttrs(s.Attributes()), status: s.Status()}
	v.status.Description = validString(v.status.Description)
	for _, e := range s.Events() {
		e.Name, e.Attributes = validString(e.Name), validAttrs(e.Attributes)
		v.events = append(v.events, e)
	}
	for _, l := range s.Links() {
		l.Attributes = validAttrs(l.Attributes)
		v.links = append(v.links, l)
	}
	return v
}

func attrsValid(attrs []attribute.KeyValue) bool {
	for _, kv := range attrs {
		if !utf8.ValidString(string(kv.Key)) || !valueValid(kv.Value) {
			return false
		}
	}
	return true
}

func valueValid(v attribute.Value) bool {
	switch v.Type() {
	case attribute.STRING:
		return utf8.ValidString(v.AsString())
	case attribute.STRINGSLICE:
		for _, s := range v.AsStringSlice() {
			if !utf8.ValidString(s) {
				return false
			}
		}
	case attribute.SLICE:
		for _, e := range v.AsSlice() {
			if !valueValid(e) {
				return false
			}
		}
	case attribute.MAP:
		return attrsValid(v.AsMap())
	}
	return true
}

func validAttrs(attrs []attribute.KeyValue) []attribute.KeyValue {
	if attrsValid(attrs) {
		return attrs
	}
	out := make([]attribute.KeyValue, len(attrs))
	for i, kv := range attrs {
		out[i] = attribute.KeyValue{Key: attribute.Key(validString(string(kv.Key))), Value: validValue(kv.Value)}
	}
	return out
}

func validValue(v attribute.Value) attribute.Value {
	if valueValid(v) {
		return v
	}
	switch v.Type() {
	case attribute.STRING:
		return attribute.StringValue(validString(v.AsString()))
	case attribute.STRINGSLICE:
		ss := v.AsStringSlice()
		for i := range ss {
			ss[i] = validString(ss[i])
		}
		return attribute.StringSliceValue(ss)
	case attribute.SLICE:
		vs := v.AsSlice()
		for i := range vs {
			vs[i] = validValue(vs[i])
		}
		return attribute.SliceValue(vs...)
	case attribute.MAP:
		return attribute.MapValue(validAttrs(v.AsMap())...)
	}
	return v
}

func validString(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
