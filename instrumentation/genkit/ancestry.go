package otelgenkit

import (
	"context"
	"sync"

	"github.com/firebase/genkit/go/core/tracing"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// genkitScope is the instrumentation scope of the spans Genkit starts
// (tracing.Tracer in github.com/firebase/genkit/go/core/tracing).
const genkitScope = "genkit-tracer"

// ancestry is a span processor on Genkit's tracer provider. For every open
// Genkit span it knows the nearest ancestor that is not a Genkit span (a
// session's root, an agent, workflow or tool span, any span of the user's),
// so that the spans this package records hang under a span their session
// has, whether or not Genkit's own spans are exported with it. It also
// names the model of an LLM call from the Genkit model action span that
// starts under it (see pendingModel). Memory: one entry per open Genkit span.
type ancestry struct {
	mu   sync.Mutex
	open map[trace.SpanID]trace.SpanContext
}

var _ sdktrace.SpanProcessor = (*ancestry)(nil)

// tracker is the one ancestry, registered on each provider Genkit uses.
var tracker = &ancestry{open: make(map[trace.SpanID]trace.SpanContext)}

// registered holds the providers tracker is registered on.
var registered sync.Map // *sdktrace.TracerProvider -> struct{}

// track registers tracker on the provider Genkit starts its spans with
// (the global one, which Genkit makes an SDK provider when it is not one),
// once per provider. It is cheap after the first call.
func track() {
	tp, ok := otel.GetTracerProvider().(*sdktrace.TracerProvider)
	if !ok {
		tp = genkitProvider()
		if tp == nil {
			return
		}
	}
	if _, loaded := registered.LoadOrStore(tp, struct{}{}); !loaded {
		tp.RegisterSpanProcessor(tracker)
	}
}

// genkitProvider returns the provider Genkit would start its spans with,
// or nil where Genkit itself could not get one (it panics when the global
// provider was replaced by one that is not an SDK provider).
func genkitProvider() (tp *sdktrace.TracerProvider) {
	defer func() {
		if recover() != nil {
			tp = nil
		}
	}()
	return tracing.TracerProvider()
}

// OnStart notes the new Genkit span's nearest non-Genkit ancestor: its
// parent's when the parent is an open Genkit span, else its parent.
func (a *ancestry) OnStart(parent context.Context, s sdktrace.ReadWriteSpan) {
	if s.InstrumentationScope().Name != genkitScope {
		return
	}
	psc := trace.SpanContextFromContext(parent)
	if p := pendingModelFrom(parent); p != nil && p.parent.SpanID() == psc.SpanID() && p.parent.TraceID() == psc.TraceID() {
		p.name(s.Name())
	}
	if !psc.IsValid() {
		return
	}
	a.mu.Lock()
	anchor, ok := a.open[psc.SpanID()]
	if !ok {
		anchor = psc
	}
	a.open[s.SpanContext().SpanID()] = anchor
	a.mu.Unlock()
}

// OnEnd forgets the span.
func (a *ancestry) OnEnd(s sdktrace.ReadOnlySpan) {
	if s.InstrumentationScope().Name != genkitScope {
		return
	}
	a.mu.Lock()
	delete(a.open, s.SpanContext().SpanID())
	a.mu.Unlock()
}

// Shutdown does nothing: the processor holds no resource.
func (a *ancestry) Shutdown(context.Context) error { return nil }

// ForceFlush does nothing: the processor exports nothing.
func (a *ancestry) ForceFlush(context.Context) error { return nil }

// anchored returns ctx with its active span replaced by the nearest
// ancestor that is not a Genkit span, when ctx's active span is an open
// Genkit span; else ctx as it is.
func anchored(ctx context.Context) context.Context {
	sc := trace.SpanContextFromContext(ctx)
	if !sc.IsValid() {
		return ctx
	}
	tracker.mu.Lock()
	anchor, ok := tracker.open[sc.SpanID()]
	tracker.mu.Unlock()
	if !ok {
		return ctx
	}
	return trace.ContextWithSpanContext(ctx, anchor)
}
