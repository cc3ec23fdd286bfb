package exporter

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// exportSpan is a span with some of its parts replaced on the way out: its
// name, attributes and status (the AgentOps view), its strings (withValidUTF8)
// and its resource (the project ID). Every change of a batch is made on one
// exportSpan per span, so that a span is wrapped once however many changes
// it gets. The replaced parts are new values; the original span is never
// changed.
type exportSpan struct {
	sdktrace.ReadOnlySpan
	name   string
	attrs  []attribute.KeyValue
	events []sdktrace.Event
	links  []sdktrace.Link
	status sdktrace.Status
	res    *resource.Resource
}

func (s *exportSpan) Name() string                     { return s.name }
func (s *exportSpan) Attributes() []attribute.KeyValue { return s.attrs }
func (s *exportSpan) Events() []sdktrace.Event         { return s.events }
func (s *exportSpan) Links() []sdktrace.Link           { return s.links }
func (s *exportSpan) Status() sdktrace.Status          { return s.status }
func (s *exportSpan) Resource() *resource.Resource     { return s.res }

// load makes s the unchanged span src.
func (s *exportSpan) load(src sdktrace.ReadOnlySpan) {
	*s = exportSpan{
		ReadOnlySpan: src, name: src.Name(), attrs: src.Attributes(), events: src.Events(),
		links: src.Links(), status: src.Status(), res: src.Resource(),
	}
}

// spanEdits says which changes apply makes to the spans of a batch.
type spanEdits struct {
	view    bool           // map each span onto the AgentOps view (agentOpsView)
	utf8    bool           // make every string valid UTF-8, the status description bounded (repairUTF8)
	res     *resourceCache // with project: stamp agentops.project.id on the resource
	project string
}

// apply returns spans with the edits made: a new slice in which each
// changed span is an *exportSpan, or spans itself, allocating nothing, when
// no span changes. The spans of the batch are wrapped together (one
// allocation for the slice and one for all the wrappers), each at most once.
func (ed spanEdits) apply(spans []sdktrace.ReadOnlySpan) []sdktrace.ReadOnlySpan {
	var (
		out     []sdktrace.ReadOnlySpan
		backing []exportSpan // for spans[first:]
		first   int
		cur     exportSpan
		scratch viewScratch // the view's scratch space, shared by the batch
	)
	for i, s := range spans {
		scratch.spansLeft = len(spans) - i
		if !ed.edit(&cur, &scratch, s) {
			if out != nil {
				out[i] = s
			}
			continue
		}
		if out == nil {
			out = make([]sdktrace.ReadOnlySpan, len(spans))
			copy(out, spans[:i])
			backing, first = make([]exportSpan, len(spans)-i), i
		}
		b := &backing[i-first]
		*b = cur
		out[i] = b
	}
	if out == nil {
		return spans
	}
	return out
}

// edit loads s into cur and makes the edits; it reports whether any
// changed the span.
func (ed spanEdits) edit(cur *exportSpan, scratch *viewScratch, s sdktrace.ReadOnlySpan) bool {
	cur.load(s)
	changed := false
	if ed.view {
		changed = cur.agentOpsView(scratch)
	}
	if ed.utf8 && !cur.validUTF8() {
		cur.repairUTF8()
		changed = true
	}
	if ed.res != nil && ed.project != "" {
		if merged := ed.res.merged(cur.res, ed.project); merged != nil {
			cur.res, changed = merged, true
		}
	}
	return changed
}
