package exporter

import (
	"context"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// NewAgentOpsView returns a span exporter that hands next every batch in
// the AgentOps view (see AgentOpsView), for programs that send to AgentOps
// through a pipeline of their own: for example in front of an otlptracehttp
// exporter pointed at an OpenTelemetry Collector that forwards to
// AgentOps. In the same pass it repairs invalid UTF-8 (see withValidUTF8; it
// is a utf8Repairer), and each span is wrapped at most once. The spans of
// a batch share the arrays that hold their new attributes and strings (of
// 32 KB, or one string's size), so that a span next keeps after the
// export keeps those it uses alive. The AgentOps
// exporter (NewAgentOps) applies the view itself; do not put it behind
// this one.
//
// The mapping runs on the goroutine that calls ExportSpans (a batch span
// processor's). Shutdown shuts next down. The exporter is as safe for
// concurrent use as next; with a nil next it exports nothing.
func NewAgentOpsView(next sdktrace.SpanExporter) sdktrace.SpanExporter {
	return &viewExporter{next: next}
}

// viewExporter is the exporter NewAgentOpsView returns.
type viewExporter struct {
	next sdktrace.SpanExporter
}

var (
	_ sdktrace.SpanExporter = (*viewExporter)(nil)
	_ utf8Repairer          = (*viewExporter)(nil)
)

// ExportSpans exports the view of spans with next.
func (e *viewExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	if e.next == nil || len(spans) == 0 {
		return nil
	}
	return e.next.ExportSpans(ctx, spanEdits{view: true, utf8: true}.apply(spans))
}

// Shutdown shuts next down.
func (e *viewExporter) Shutdown(ctx context.Context) error {
	if e.next == nil {
		return nil
	}
	return e.next.Shutdown(ctx)
}

// repairsUTF8 marks the view exporter as one that applies withValidUTF8.
func (*viewExporter) repairsUTF8() {}

// NewAgentOpsViewProcessor returns a span processor that hands next, at
// OnEnd, each ended span in the AgentOps view (see AgentOpsView), so that
// every exporter behind next sees the AgentOps keys: for example wrapping
// the batch span processor of an exporter that must send the view. OnStart,
// ForceFlush and Shutdown are next's.
//
// Unlike NewAgentOpsView, it maps each span on the goroutine that ends it,
// and allocates a wrapper for each span it changes: prefer NewAgentOpsView
// where the exporter can be wrapped. It does not repair UTF-8. It is as
// safe for concurrent use as next; with a nil next it does nothing.
func NewAgentOpsViewProcessor(next sdktrace.SpanProcessor) sdktrace.SpanProcessor {
	return &viewProcessor{next: next}
}

// viewProcessor is the processor NewAgentOpsViewProcessor returns.
type viewProcessor struct {
	next sdktrace.SpanProcessor
}

var _ sdktrace.SpanProcessor = (*viewProcessor)(nil)

// OnStart calls next's OnStart.
func (p *viewProcessor) OnStart(ctx context.Context, s sdktrace.ReadWriteSpan) {
	if p.next != nil {
		p.next.OnStart(ctx, s)
	}
}

// OnEnd hands next the view of s.
func (p *viewProcessor) OnEnd(s sdktrace.ReadOnlySpan) {
	if p.next != nil {
		p.next.OnEnd(AgentOpsView(s))
	}
}

// Shutdown shuts next down.
func (p *viewProcessor) Shutdown(ctx context.Context) error {
	if p.next == nil {
		return nil
	}
	return p.next.Shutdown(ctx)
}

// ForceFlush flushes next.
func (p *viewProcessor) ForceFlush(ctx context.Context) error {
	if p.next == nil {
		return nil
	}
	return p.next.ForceFlush(ctx)
}
