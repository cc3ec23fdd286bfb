package exporter

import (
	"strings"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/internal/envconfig"
)

// withValidUTF8 returns spans with every string that OTLP encodes made valid
// UTF-8: invalid bytes in span names, attribute keys and values (recursively),
// event names and attributes, link attributes and the status description
// are replaced by U+FFFD, as encoding/json does. OTLP protobuf strings must
// be valid UTF-8: one bad byte anywhere makes the whole request unmarshalable,
// and the whole batch is lost. In the same pass, a status description longer
// than maxStatusDescription characters is cut (see boundDescription). It
// returns the slice itself, allocating nothing, when every span is valid
// already. Resource and scope strings, which come from configuration, are
// not checked.
func withValidUTF8(spans []sdktrace.ReadOnlySpan) []sdktrace.ReadOnlySpan {
	return spanEdits{utf8: true}.apply(spans)
}

// utf8Repairer is implemented by exporters that apply withValidUTF8 to every
// batch themselves, so that a caller need not scan the batch first.
type utf8Repairer interface {
	repairsUTF8()
}

// maxStatusDescription bounds a status description, in characters, as
// the client's attribute value length limit bounds attribute values by
// default: OTel bounds attributes, never the description, and a huge error
// message (RecordError, an end-state reason) made a backend refuse the
// whole batch (Jaeger answers 400, not 413, so it is not split).
const maxStatusDescription = envconfig.DefaultAttributeValueLengthLimit

// validUTF8 reports whether every string of s that OTLP encodes is valid,
// and its status description within maxStatusDescription.
func (s *exportSpan) validUTF8() bool {
	if !utf8.ValidString(s.name) || !descriptionValid(s.status.Description) || !attrsValid(s.attrs) {
		return false
	}
	for i := range s.events {
		if e := &s.events[i]; !utf8.ValidString(e.Name) || !attrsValid(e.Attributes) {
			return false
		}
	}
	for i := range s.links {
		if !attrsValid(s.links[i].Attributes) {
			return false
		}
	}
	return true
}

// repairUTF8 replaces the invalid strings of s with valid copies, in new
// slices where a slice holds one.
func (s *exportSpan) repairUTF8() {
	s.name, s.attrs = validString(s.name), validAttrs(s.attrs)
	s.status.Description = boundDescription(validString(s.status.Description))
	events := make([]sdktrace.Event, 0, len(s.events))
	for _, e := range s.events {
		e.Name, e.Attributes = validString(e.Name), validAttrs(e.Attributes)
		events = append(events, e)
	}
	links := make([]sdktrace.Link, 0, len(s.links))
	for _, l := range s.links {
		l.Attributes = validAttrs(l.Attributes)
		links = append(links, l)
	}
	s.events, s.links = events, links
}

func attrsValid(attrs []attribute.KeyValue) bool {
	for i := range attrs {
		if kv := &attrs[i]; !utf8.ValidString(string(kv.Key)) || !valueValid(&kv.Value) {
			return false
		}
	}
	return true
}

func valueValid(v *attribute.Value) bool {
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
		vs := v.AsSlice()
		for i := range vs {
			if !valueValid(&vs[i]) {
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
	if valueValid(&v) {
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

// descriptionValid reports whether d is valid UTF-8 of at most
// maxStatusDescription characters.
func descriptionValid(d string) bool {
	return utf8.ValidString(d) && (len(d) <= maxStatusDescription || utf8.RuneCountInString(d) <= maxStatusDescription)
}

// boundDescription returns d cut, on a rune boundary, to
// maxStatusDescription characters, the last of them "…", if it is longer.
func boundDescription(d string) string {
	if len(d) <= maxStatusDescription {
		return d
	}
	n := 0
	for i := range d {
		if n == maxStatusDescription-1 {
			if utf8.RuneCountInString(d[i:]) == 1 {
				return d // exactly maxStatusDescription characters
			}
			return d[:i] + "…"
		}
		n++
	}
	return d
}
