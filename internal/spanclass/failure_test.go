package spanclass

import (
	"testing"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

var (
	testTrace = trace.TraceID{0x8f, 0x1b, 0x1a, 0x52, 0x3c, 0x0e, 0x4a, 0x4e, 0x9b, 0x39, 0x6f, 0x1c, 0x7e, 0x0f, 0x2d, 0x11}
	callerID  = trace.SpanID{1, 2, 3, 4, 5, 6, 7, 8}
)

// parentOf is a parent span context in testTrace: span id, remote or not.
func parentOf(id trace.SpanID, remote bool) trace.SpanContext {
	return trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: testTrace, SpanID: id, TraceFlags: trace.FlagsSampled, Remote: remote,
	})
}

// ended is an ended span of kind under parent with status code.
func ended(kind trace.SpanKind, parent trace.SpanContext, code codes.Code) sdktrace.ReadOnlySpan {
	return tracetest.SpanStub{
		Name: "tools/call station", SpanKind: kind, Parent: parent,
		SpanContext: trace.NewSpanContext(trace.SpanContextConfig{
			TraceID: testTrace, SpanID: trace.SpanID{9, 9, 9, 9, 9, 9, 9, 9}, TraceFlags: trace.FlagsSampled,
		}),
		Status: sdktrace.Status{Code: code, Description: "station offline"},
	}.Snapshot()
}

// TestCountsAsErrorOncePerCall: of the two spans that report a failed call
// (the caller's, the callee's SERVER span under it), the caller's counts;
// every other failed span counts, and no span without status Error does.
func TestCountsAsErrorOncePerCall(t *testing.T) {
	root := SessionRootID(testTrace)
	for _, tc := range []struct {
		name   string
		kind   trace.SpanKind
		parent trace.SpanContext
		code   codes.Code
		want   bool
	}{
		{"SERVER under a remote caller", trace.SpanKindServer, parentOf(callerID, true), codes.Error, false},
		{"SERVER under a local parent: an in-process handler", trace.SpanKindServer, parentOf(callerID, false), codes.Error, true},
		{"SERVER without a parent", trace.SpanKindServer, trace.SpanContext{}, codes.Error, true},
		{"SERVER under the remote session root: no caller", trace.SpanKindServer, parentOf(root, true), codes.Error, true},
		{"SERVER under the local session root", trace.SpanKindServer, parentOf(root, false), codes.Error, true},
		{"CLIENT: the caller", trace.SpanKindClient, parentOf(root, false), codes.Error, true},
		{"CLIENT under a remote parent", trace.SpanKindClient, parentOf(callerID, true), codes.Error, true},
		{"INTERNAL under a remote parent: a joined process's work", trace.SpanKindInternal, parentOf(callerID, true), codes.Error, true},
		{"PRODUCER under a remote parent", trace.SpanKindProducer, parentOf(callerID, true), codes.Error, true},
		{"CONSUMER under a remote parent", trace.SpanKindConsumer, parentOf(callerID, true), codes.Error, true},
		{"unspecified kind under a remote parent", trace.SpanKindUnspecified, parentOf(callerID, true), codes.Error, true},
		{"a session root", trace.SpanKindInternal, trace.SpanContext{}, codes.Error, true},
		{"SERVER under a remote caller, Ok", trace.SpanKindServer, parentOf(callerID, true), codes.Ok, false},
		{"SERVER under a local parent, Unset", trace.SpanKindServer, parentOf(callerID, false), codes.Unset, false},
		{"CLIENT, Ok", trace.SpanKindClient, parentOf(root, false), codes.Ok, false},
	} {
		if got := CountsAsError(ended(tc.kind, tc.parent, tc.code)); got != tc.want {
			t.Errorf("%s: CountsAsError = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestCallerReportsIsTheKindAndTheParent: the rule reads no status, so that
// a reader asks it only of failed spans.
func TestCallerReportsIsTheKindAndTheParent(t *testing.T) {
	if !CallerReports(trace.SpanKindServer, parentOf(callerID, true)) {
		t.Error("a SERVER span under a remote caller: CallerReports = false")
	}
	for _, k := range []trace.SpanKind{trace.SpanKindClient, trace.SpanKindInternal, trace.SpanKindProducer, trace.SpanKindConsumer} {
		if CallerReports(k, parentOf(callerID, true)) {
			t.Errorf("a %s span: CallerReports = true", k)
		}
	}
	invalid := trace.NewSpanContext(trace.SpanContextConfig{Remote: true})
	if CallerReports(trace.SpanKindServer, invalid) {
		t.Error("a remote but invalid parent counts as a caller")
	}
}

// TestSessionRootIDIsPinned: the derivation other processes and other
// versions of the SDK share (otelagentops.SessionID.RootSpanID is it).
func TestSessionRootIDIsPinned(t *testing.T) {
	if got := SessionRootID(testTrace).String(); got != "6e812aa220b431ee" {
		t.Errorf("SessionRootID(8f1b1a52-…) = %s, want 6e812aa220b431ee", got)
	}
	if SessionRootID(testTrace) == SessionRootID(trace.TraceID{1}) {
		t.Error("two traces derive the same root")
	}
	if n := testing.AllocsPerRun(100, func() { _ = SessionRootID(testTrace) }); n != 0 {
		t.Errorf("SessionRootID allocates %v times", n)
	}
}
