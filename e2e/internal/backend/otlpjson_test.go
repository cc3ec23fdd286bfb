package backend

import (
	"encoding/json"
	"testing"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

func TestOTLPID(t *testing.T) {
	for _, tt := range []struct {
		in      string
		n       int
		want    string
		wantErr bool
	}{
		{in: "0102030405060708090a0b0c0d0e0f10", n: 16, want: "0102030405060708090a0b0c0d0e0f10"},
		{in: "0102030405060708090A0B0C0D0E0F10", n: 16, want: "0102030405060708090a0b0c0d0e0f10"},
		{in: "AQIDBAUGBwgJCgsMDQ4PEA==", n: 16, want: "0102030405060708090a0b0c0d0e0f10"}, // base64
		{in: "ERERERERERE=", n: 8, want: "1111111111111111"},                              // base64
		{in: "", n: 8, want: ""},
		{in: "0000000000000000", n: 8, want: ""},
		{in: "0102", n: 8, wantErr: true},
		{in: "not an id", n: 8, wantErr: true},
		{in: "1111111111111111", n: 16, wantErr: true},
	} {
		got, err := otlpID(tt.in, tt.n)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("otlpID(%q, %d) = %q, %v; want %q, error %v", tt.in, tt.n, got, err, tt.want, tt.wantErr)
		}
	}
}

// TestDecodeProtoJSONVariants decodes the spellings generic protobuf JSON
// marshalers produce instead of OTLP/JSON: enum names, base64 IDs, unquoted
// 64-bit integers.
func TestDecodeProtoJSONVariants(t *testing.T) {
	const data = `{"resourceSpans":[{"scopeSpans":[{"spans":[{
		"traceId":"AQIDBAUGBwgJCgsMDQ4PEA==","spanId":"ERERERERERE=","name":"s",
		"kind":"SPAN_KIND_CONSUMER","startTimeUnixNano":1000,"endTimeUnixNano":"2000",
		"status":{"code":"STATUS_CODE_ERROR","message":"m"},
		"attributes":[{"key":"n","value":{"intValue":5}},{"key":"d","value":{"doubleValue":"2.5"}},
			{"key":"empty","value":{}}]}]}]}]}`
	var d otlpTraces
	if err := json.Unmarshal([]byte(data), &d); err != nil {
		t.Fatal(err)
	}
	spans, err := d.spans()
	if err != nil || len(spans) != 1 {
		t.Fatalf("spans = %+v, %v", spans, err)
	}
	s := spans[0]
	if s.TraceID != "0102030405060708090a0b0c0d0e0f10" || s.SpanID != "1111111111111111" || s.ParentSpanID != "" {
		t.Errorf("IDs %q %q %q", s.TraceID, s.SpanID, s.ParentSpanID)
	}
	if s.Kind != trace.SpanKindConsumer || s.Status != (Status{Code: codes.Error, Message: "m"}) {
		t.Errorf("kind %v status %+v", s.Kind, s.Status)
	}
	if s.StartTime.UnixNano() != 1000 || s.EndTime.UnixNano() != 2000 {
		t.Errorf("times %v %v", s.StartTime, s.EndTime)
	}
	if s.Attributes["n"] != int64(5) || s.Attributes["d"] != 2.5 || s.Attributes["empty"] != nil {
		t.Errorf("attributes %#v", s.Attributes)
	}
}

func TestDecodeRejectsMalformed(t *testing.T) {
	for name, span := range map[string]string{
		"trace ID":    `{"traceId":"xyz","spanId":"1111111111111111"}`,
		"kind":        `{"kind":"SPAN_KIND_SIDEWAYS"}`,
		"status code": `{"status":{"code":7}}`,
		"int value":   `{"attributes":[{"key":"i","value":{"intValue":"1.5"}}]}`,
	} {
		var d otlpTraces
		if err := json.Unmarshal([]byte(`{"resourceSpans":[{"scopeSpans":[{"spans":[`+span+`]}]}]}`), &d); err != nil {
			t.Fatal(err)
		}
		if _, err := d.spans(); err == nil {
			t.Errorf("%s: no error for %s", name, span)
		}
	}
}
