package viewer_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	collectorpb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// relay is an OTLP/HTTP traces receiver that hands every span it receives
// to one exporter (the parent's session sink), as a Collector between a
// second process and the first process's session files would. A session
// sink writes only the spans of its own process; the relay is how the spans
// of a joined child reach the same session document.
type relay struct {
	URL string // the OTLP/HTTP traces URL (…/v1/traces)

	mu   sync.Mutex
	errs []error
}

// startRelay serves a relay to exp on loopback until the test ends.
func startRelay(t *testing.T, exp sdktrace.SpanExporter) *relay {
	t.Helper()
	r := &relay{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if err := r.receive(req, exp); err != nil {
			r.mu.Lock()
			r.errs = append(r.errs, err)
			r.mu.Unlock()
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		body, _ := proto.Marshal(&collectorpb.ExportTraceServiceResponse{})
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	r.URL = srv.URL + "/v1/traces"
	return r
}

// check fails t if a request could not be decoded or exported.
func (r *relay) check(t *testing.T) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, err := range r.errs {
		t.Errorf("relay: %v", err)
	}
}

func (r *relay) receive(req *http.Request, exp sdktrace.SpanExporter) error {
	body, err := io.ReadAll(io.LimitReader(req.Body, 64<<20))
	if err != nil {
		return err
	}
	var msg collectorpb.ExportTraceServiceRequest
	if err := proto.Unmarshal(body, &msg); err != nil {
		return err
	}
	var stubs tracetest.SpanStubs
	for _, rs := range msg.GetResourceSpans() {
		res := resource.NewWithAttributes(rs.GetSchemaUrl(), attributes(rs.GetResource().GetAttributes())...)
		for _, ss := range rs.GetScopeSpans() {
			scope := instrumentation.Scope{Name: ss.GetScope().GetName(), Version: ss.GetScope().GetVersion(), SchemaURL: ss.GetSchemaUrl()}
			for _, sp := range ss.GetSpans() {
				stubs = append(stubs, stub(sp, res, scope))
			}
		}
	}
	return exp.ExportSpans(req.Context(), stubs.Snapshots())
}

// stub rebuilds one received span.
func stub(sp *tracepb.Span, res *resource.Resource, scope instrumentation.Scope) tracetest.SpanStub {
	tid := trace.TraceID(sp.GetTraceId())
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: trace.SpanID(sp.GetSpanId()), TraceFlags: trace.FlagsSampled})
	var parent trace.SpanContext
	if len(sp.GetParentSpanId()) == 8 {
		parent = trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: trace.SpanID(sp.GetParentSpanId()),
			TraceFlags: trace.FlagsSampled, Remote: true})
	}
	status := sdktrace.Status{Description: sp.GetStatus().GetMessage()}
	switch sp.GetStatus().GetCode() {
	case tracepb.Status_STATUS_CODE_OK:
		status.Code = codes.Ok
	case tracepb.Status_STATUS_CODE_ERROR:
		status.Code = codes.Error
	}
	var events []sdktrace.Event
	for _, ev := range sp.GetEvents() {
		events = append(events, sdktrace.Event{Name: ev.GetName(), Time: time.Unix(0, int64(ev.GetTimeUnixNano())),
			Attributes: attributes(ev.GetAttributes())})
	}
	return tracetest.SpanStub{
		Name: sp.GetName(), SpanContext: sc, Parent: parent, SpanKind: trace.SpanKind(sp.GetKind()),
		StartTime: time.Unix(0, int64(sp.GetStartTimeUnixNano())), EndTime: time.Unix(0, int64(sp.GetEndTimeUnixNano())),
		Attributes: attributes(sp.GetAttributes()), Events: events, Status: status,
		Resource: res, InstrumentationScope: scope,
	}
}

// attributes converts OTLP attributes; values of other types (maps, bytes)
// become their string form.
func attributes(kvs []*commonpb.KeyValue) []attribute.KeyValue {
	out := make([]attribute.KeyValue, 0, len(kvs))
	for _, kv := range kvs {
		out = append(out, attribute.KeyValue{Key: attribute.Key(kv.GetKey()), Value: value(kv.GetValue())})
	}
	return out
}

func value(v *commonpb.AnyValue) attribute.Value {
	switch x := v.GetValue().(type) {
	case *commonpb.AnyValue_StringValue:
		return attribute.StringValue(x.StringValue)
	case *commonpb.AnyValue_BoolValue:
		return attribute.BoolValue(x.BoolValue)
	case *commonpb.AnyValue_IntValue:
		return attribute.Int64Value(x.IntValue)
	case *commonpb.AnyValue_DoubleValue:
		return attribute.Float64Value(x.DoubleValue)
	case *commonpb.AnyValue_ArrayValue:
		return arrayValue(x.ArrayValue.GetValues())
	default:
		return attribute.StringValue(v.String())
	}
}

// arrayValue converts an OTLP array of one scalar type to the matching
// slice value (a string slice otherwise).
func arrayValue(vs []*commonpb.AnyValue) attribute.Value {
	var (
		ints   []int64
		floats []float64
		bools  []bool
	)
	for _, v := range vs {
		switch x := v.GetValue().(type) {
		case *commonpb.AnyValue_IntValue:
			ints = append(ints, x.IntValue)
		case *commonpb.AnyValue_DoubleValue:
			floats = append(floats, x.DoubleValue)
		case *commonpb.AnyValue_BoolValue:
			bools = append(bools, x.BoolValue)
		}
	}
	switch n := len(vs); {
	case n > 0 && len(ints) == n:
		return attribute.Int64SliceValue(ints)
	case n > 0 && len(floats) == n:
		return attribute.Float64SliceValue(floats)
	case n > 0 && len(bools) == n:
		return attribute.BoolSliceValue(bools)
	default:
		all := make([]string, 0, n)
		for _, v := range vs {
			all = append(all, value(v).String())
		}
		return attribute.StringSliceValue(all)
	}
}
