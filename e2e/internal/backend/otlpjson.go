package backend

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// otlpTraces is OTLP/JSON TracesData, the payload of Jaeger's API v3 and of
// the Collector's file exporter.
type otlpTraces struct {
	ResourceSpans []struct {
		Resource struct {
			Attributes []otlpKeyValue `json:"attributes"`
		} `json:"resource"`
		ScopeSpans []struct {
			Scope struct {
				Name    string `json:"name"`
				Version string `json:"version"`
			} `json:"scope"`
			Spans []otlpSpan `json:"spans"`
		} `json:"scopeSpans"`
	} `json:"resourceSpans"`
}

type otlpSpan struct {
	TraceID      string         `json:"traceId"`
	SpanID       string         `json:"spanId"`
	ParentSpanID string         `json:"parentSpanId"`
	Name         string         `json:"name"`
	Kind         otlpNumber     `json:"kind"`
	Start        otlpNumber     `json:"startTimeUnixNano"`
	End          otlpNumber     `json:"endTimeUnixNano"`
	Attributes   []otlpKeyValue `json:"attributes"`
	Events       []struct {
		Time       otlpNumber     `json:"timeUnixNano"`
		Name       string         `json:"name"`
		Attributes []otlpKeyValue `json:"attributes"`
	} `json:"events"`
	Status struct {
		Code    otlpNumber `json:"code"`
		Message string     `json:"message"`
	} `json:"status"`
}

type otlpKeyValue struct {
	Key   string       `json:"key"`
	Value otlpAnyValue `json:"value"`
}

type otlpAnyValue struct {
	StringValue *string     `json:"stringValue"`
	BoolValue   *bool       `json:"boolValue"`
	IntValue    *otlpNumber `json:"intValue"`
	DoubleValue *otlpNumber `json:"doubleValue"`
	BytesValue  []byte      `json:"bytesValue"`
	ArrayValue  *struct {
		Values []otlpAnyValue `json:"values"`
	} `json:"arrayValue"`
	KvlistValue *struct {
		Values []otlpKeyValue `json:"values"`
	} `json:"kvlistValue"`
}

// otlpNumber is a JSON number or a string: proto3 JSON writes 64-bit integers
// as strings and may write enums by name.
type otlpNumber string

func (n *otlpNumber) UnmarshalJSON(b []byte) error {
	var s string
	if bytes.HasPrefix(b, []byte(`"`)) {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	} else {
		s = string(b)
	}
	*n = otlpNumber(s)
	return nil
}

// enum returns n as an enum value, accepting a name ending in one of names'
// keys (e.g. "SPAN_KIND_SERVER" for "SERVER").
func (n otlpNumber) enum(names map[string]int) (int, error) {
	if n == "" {
		return 0, nil
	}
	if v, err := strconv.Atoi(string(n)); err == nil {
		return v, nil
	}
	for suffix, v := range names {
		if strings.HasSuffix(string(n), "_"+suffix) {
			return v, nil
		}
	}
	return 0, fmt.Errorf("unknown enum value %q", n)
}

func (n otlpNumber) time() (time.Time, error) {
	if n == "" || n == "0" {
		return time.Time{}, nil
	}
	ns, err := strconv.ParseInt(string(n), 10, 64)
	return time.Unix(0, ns).UTC(), err
}

var (
	// OTLP and OTel Go number span kinds alike.
	otlpKinds = map[string]int{"INTERNAL": 1, "SERVER": 2, "CLIENT": 3, "PRODUCER": 4, "CONSUMER": 5}
	// OTLP numbers status codes UNSET=0, OK=1, ERROR=2; OTel Go has Error=1, Ok=2.
	otlpStatus   = map[string]int{"UNSET": 0, "OK": 1, "ERROR": 2}
	statusToCode = map[int]codes.Code{0: codes.Unset, 1: codes.Ok, 2: codes.Error}
)

// spans flattens d into Spans, decoding IDs given in hex or base64.
func (d otlpTraces) spans() ([]Span, error) {
	var out []Span
	for _, rs := range d.ResourceSpans {
		res, err := attributes(rs.Resource.Attributes)
		if err != nil {
			return nil, err
		}
		for _, ss := range rs.ScopeSpans {
			for _, ws := range ss.Spans {
				s, err := ws.span()
				if err != nil {
					return nil, fmt.Errorf("span %q: %w", ws.Name, err)
				}
				s.ScopeName, s.ScopeVersion, s.ResourceAttributes = ss.Scope.Name, ss.Scope.Version, res
				out = append(out, s)
			}
		}
	}
	return out, nil
}

func (w otlpSpan) span() (Span, error) {
	traceID, err1 := otlpID(w.TraceID, 16)
	spanID, err2 := otlpID(w.SpanID, 8)
	parentID, err3 := otlpID(w.ParentSpanID, 8)
	kind, err4 := w.Kind.enum(otlpKinds)
	code, err5 := w.Status.Code.enum(otlpStatus)
	start, err6 := w.Start.time()
	end, err7 := w.End.time()
	attrs, err8 := attributes(w.Attributes)
	if err := errors.Join(err1, err2, err3, err4, err5, err6, err7, err8); err != nil {
		return Span{}, err
	}
	statusCode, ok := statusToCode[code]
	if !ok {
		return Span{}, fmt.Errorf("unknown status code %d", code)
	}
	s := Span{
		TraceID:      traceID,
		SpanID:       spanID,
		ParentSpanID: parentID,
		Name:         w.Name,
		Kind:         trace.SpanKind(kind),
		StartTime:    start,
		EndTime:      end,
		Status:       Status{Code: statusCode, Message: w.Status.Message},
		Attributes:   attrs,
	}
	for _, we := range w.Events {
		t, err1 := we.Time.time()
		attrs, err2 := attributes(we.Attributes)
		if err := errors.Join(err1, err2); err != nil {
			return Span{}, fmt.Errorf("event %q: %w", we.Name, err)
		}
		s.Events = append(s.Events, Event{Name: we.Name, Time: t, Attributes: attrs})
	}
	return s, nil
}

// otlpID returns the n-byte ID s, given in hex (the OTLP/JSON encoding) or
// base64 (protobuf's generic JSON encoding), as lowercase hex. An empty or
// all-zero ID is "".
func otlpID(s string, n int) (string, error) {
	if s == "" {
		return "", nil
	}
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != n {
		b, err = base64.StdEncoding.DecodeString(s)
	}
	if err != nil || len(b) != n {
		return "", fmt.Errorf("malformed %d-byte ID %q", n, s)
	}
	if bytes.Count(b, []byte{0}) == n {
		return "", nil
	}
	return hex.EncodeToString(b), nil
}

func attributes(kvs []otlpKeyValue) (map[string]any, error) {
	m := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		v, err := kv.Value.decode()
		if err != nil {
			return nil, fmt.Errorf("attribute %q: %w", kv.Key, err)
		}
		m[kv.Key] = v
	}
	return m, nil
}

func (v otlpAnyValue) decode() (any, error) {
	switch {
	case v.StringValue != nil:
		return *v.StringValue, nil
	case v.BoolValue != nil:
		return *v.BoolValue, nil
	case v.IntValue != nil:
		return strconv.ParseInt(string(*v.IntValue), 10, 64)
	case v.DoubleValue != nil:
		return strconv.ParseFloat(string(*v.DoubleValue), 64)
	case v.BytesValue != nil:
		return v.BytesValue, nil
	case v.ArrayValue != nil:
		vals := make([]any, len(v.ArrayValue.Values))
		for i, e := range v.ArrayValue.Values {
			var err error
			if vals[i], err = e.decode(); err != nil {
				return nil, err
			}
		}
		return vals, nil
	case v.KvlistValue != nil:
		return attributes(v.KvlistValue.Values)
	}
	return nil, nil
}
