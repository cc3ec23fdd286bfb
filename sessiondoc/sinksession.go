package sessiondoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/semconv"
)

// sinkSession is a Sink's state for one session: the whole document this
// process has of it, written from memory at each export that touches it.
type sinkSession struct {
	trace trace.TraceID
	// doc is the header as the next write writes it (the root's, or the
	// running header read from the spans so far); its Events stay nil:
	// the events are held encoded, each once.
	doc    Document
	events []heldEvent
	index  map[string]int // position in events of each event ID
	// spans are the session's spans, each encoded once as events are;
	// procs the processes that recorded them (few: kept decoded).
	spans     []heldSpan
	spanIndex map[string]int // position in spans of each span ID
	procs     []Process
	// file is the name this entry writes (see Sink.open): "" until its
	// first write decides it.
	file    string
	rooted  bool // the header is a root's (this one's, or read back from a whole document)
	joined  bool // a span was marked agentops.session.inherited: the root is another process's
	written bool // file holds this entry's document: written by it, or read back
	dirty   bool // the document has changes the file does not have
	evicted bool // dropped from the sink's sessions: forgotten once written (or complete)
	saved   bool // the write completing the document (root included) was logged
	// next is when a running document may be rewritten (zero: at the
	// next export that changes it), set by its last write (nextRewrite);
	// size is that write's length.
	next time.Time
	size int
}

// heldEvent is an event as a sink holds it: encoded once, as it appears in
// the file, so that each write copies it rather than encoding it again.
type heldEvent struct {
	id, typ string
	start   time.Time
	enc     []byte
	// pending is an error event whose trigger's type is not known yet:
	// encoded at each write until the trigger's event fills it in.
	pending *Event
}

// heldSpan is a span as a sink holds it: encoded once, as it appears in
// the file.
type heldSpan struct {
	id    string
	start time.Time
	enc   []byte
}

func newSinkSession(t trace.TraceID) *sinkSession {
	ss := &sinkSession{trace: t, index: map[string]int{}, spanIndex: map[string]int{}}
	ss.doc.Session = Session{SessionID: sessionID(t), Tags: []string{}}
	ss.doc.Partial = true
	return ss
}

// settled reports whether the session's file is up to date, so that it
// can be forgotten without losing anything.
func (ss *sinkSession) settled() bool { return ss.written && !ss.dirty }

// mainName is the name of the session's document, <session-id>.json.
func (ss *sinkSession) mainName() string { return ss.doc.Session.SessionID + ".json" }

// add keeps span, read as v (the root included), and its events, unless
// the new ones among them would take the session past limit events (they
// are counted as dropped then, and the span names none), and the span
// unless it would take the session past limit spans (counted in
// dropped_spans). An event or span already kept (the same span exported
// again) is replaced. A running header starts at the earliest start seen.
func (ss *sinkSession) add(span sdktrace.ReadOnlySpan, v *spanView, events []Event, limit, pid int) {
	fresh := 0
	for _, e := range events {
		if _, ok := ss.index[e.ID]; !ok {
			fresh++
		}
	}
	if len(ss.events)+fresh > limit {
		ss.doc.DroppedEvents += fresh
		events = nil
	}
	for _, e := range events {
		if h, ok := ss.hold(e); ok {
			ss.put(h)
		}
	}
	sp, proc := spanOf(span, v, events, pid)
	if _, ok := ss.spanIndex[sp.SpanID]; !ok && len(ss.spans) >= limit {
		ss.doc.DroppedSpans++
	} else if h, ok := holdSpan(&sp); ok {
		ss.putSpan(h)
		mergeProcess(&ss.procs, proc)
	} else {
		ss.doc.DroppedSpans++
	}
	if v.kind == string(semconv.SpanKindSession) {
		return
	}
	if !ss.rooted && (ss.doc.Session.InitTimestamp.IsZero() || span.StartTime().Before(ss.doc.Session.InitTimestamp.Time())) {
		ss.doc.Session.InitTimestamp = Timestamp(span.StartTime())
	}
}

// hold encodes e. An event that cannot be encoded (a NaN parameter) is
// counted as dropped rather than failing every write of the session.
func (ss *sinkSession) hold(e Event) (heldEvent, bool) {
	h := heldEvent{id: e.ID, typ: e.EventType, start: e.InitTimestamp.Time()}
	if ee := e.ErrorEvent; ee != nil && ee.TriggerEventID != nil && ee.TriggerEventType == nil {
		own := *ee // filled in later: not the caller's to change
		e.ErrorEvent = &own
		h.pending = &e
		return h, true
	}
	enc, err := encodeEvent(&e)
	if err != nil {
		ss.doc.DroppedEvents++
		return heldEvent{}, false
	}
	h.enc = enc
	return h, true
}

// encodeEvent encodes e as the document holds it: indented at the depth
// of its events.
func encodeEvent(e *Event) ([]byte, error) { return json.MarshalIndent(e, "    ", "  ") }

// holdSpan encodes sp as the document holds it: indented at the depth of
// its spans. A span that cannot be encoded is dropped.
func holdSpan(sp *Span) (heldSpan, bool) {
	enc, err := json.MarshalIndent(sp, "    ", "  ")
	if err != nil {
		return heldSpan{}, false
	}
	return heldSpan{id: sp.SpanID, start: sp.Start.Time(), enc: enc}, true
}

// putSpan keeps h, replacing the span with its ID if there is one.
func (ss *sinkSession) putSpan(h heldSpan) {
	if i, ok := ss.spanIndex[h.id]; ok {
		ss.spans[i] = h
		return
	}
	ss.spanIndex[h.id] = len(ss.spans)
	ss.spans = append(ss.spans, h)
}

// put keeps h, replacing the event with its ID if there is one.
func (ss *sinkSession) put(h heldEvent) {
	if i, ok := ss.index[h.id]; ok {
		ss.events[i] = h
		return
	}
	ss.index[h.id] = len(ss.events)
	ss.events = append(ss.events, h)
}

// load merges a document read back from disk (this sink's file, forgotten
// since, or a file its root now joins) into ss, within limit events: its
// events come first and the ones held replace those with their ID. A
// whole document gives its header to a session without a root; a running
// one its start, if earlier, and its name, if ss has none.
func (ss *sinkSession) load(d *storedDocument, limit int) {
	held := ss.events
	ss.events = make([]heldEvent, 0, len(d.Events)+len(held))
	clear(ss.index)
	ss.doc.DroppedEvents += d.DroppedEvents
	keep := func(h heldEvent) {
		if _, ok := ss.index[h.id]; ok || len(ss.events) < limit {
			ss.put(h)
		} else {
			ss.doc.DroppedEvents++
		}
	}
	for _, e := range d.Events {
		if h, ok := ss.hold(Event(e)); ok {
			keep(h)
		}
	}
	for _, h := range held {
		keep(h)
	}
	ss.loadSpans(d, limit)
	switch {
	case ss.rooted:
	case !d.Partial:
		ss.doc.Session, ss.doc.Name, ss.doc.Stats, ss.doc.Partial = d.Session, d.Name, d.Stats, false
		ss.rooted, ss.saved = true, true
	default:
		if !d.Session.InitTimestamp.IsZero() && (ss.doc.Session.InitTimestamp.IsZero() ||
			d.Session.InitTimestamp.Time().Before(ss.doc.Session.InitTimestamp.Time())) {
			ss.doc.Session.InitTimestamp = d.Session.InitTimestamp
		}
		if ss.doc.Name == "" {
			ss.doc.Name = d.Name
		}
	}
}

// loadSpans merges the spans and processes of d into ss as load merges
// its events: d's first, the ones held replacing those with their ID,
// within limit spans.
func (ss *sinkSession) loadSpans(d *storedDocument, limit int) {
	held := ss.spans
	ss.spans = make([]heldSpan, 0, len(d.Spans)+len(held))
	clear(ss.spanIndex)
	ss.doc.DroppedSpans += d.DroppedSpans
	keep := func(h heldSpan) {
		if _, ok := ss.spanIndex[h.id]; ok || len(ss.spans) < limit {
			ss.putSpan(h)
		} else {
			ss.doc.DroppedSpans++
		}
	}
	for i := range d.Spans {
		if h, ok := holdSpan((*Span)(&d.Spans[i])); ok {
			keep(h)
		} else {
			ss.doc.DroppedSpans++
		}
	}
	for _, h := range held {
		keep(h)
	}
	for _, p := range d.Processes {
		mergeProcess(&ss.procs, p)
	}
}

// encode returns the document as MarshalIndent(doc, "", "  ") writes it,
// the events in start order (stable) with each error event's trigger type
// filled in from the trigger's event (see Document.finish), copying the
// events' encodings.
func (ss *sinkSession) encode() ([]byte, error) {
	slices.SortStableFunc(ss.events, func(a, b heldEvent) int { return a.start.Compare(b.start) })
	size := 0
	for i := range ss.events {
		h := &ss.events[i]
		ss.index[h.id] = i
		size += len(h.enc) + 6
	}
	for i := range ss.events {
		h := &ss.events[i]
		if h.pending == nil {
			continue
		}
		ee := h.pending.ErrorEvent
		if j, ok := ss.index[*ee.TriggerEventID]; ok {
			typ := ss.events[j].typ
			ee.TriggerEventType = &typ
		}
		enc, err := encodeEvent(h.pending)
		if err != nil {
			return nil, err
		}
		h.enc, size = enc, size+len(enc)
		if ee.TriggerEventType != nil {
			h.pending = nil
		}
	}
	header := ss.doc
	header.Events = []Event{}
	header.Processes = slices.Clone(ss.procs)
	sortProcesses(header.Processes)
	if len(ss.spans) > 0 {
		header.Spans = []Span{{SpanID: spansPlaceholder}}
	}
	head, err := json.MarshalIndent(&header, "", "  ")
	if err != nil {
		return nil, err
	}
	if head, err = ss.spliceSpans(head); err != nil {
		return nil, err
	}
	if len(ss.events) == 0 {
		return head, nil
	}
	// The events go between the brackets of "events": [], the one key at
	// the start of a line indented once (a newline in a string is \n).
	const empty = "\n  \"events\": []"
	at := bytes.Index(head, []byte(empty))
	if at < 0 {
		return nil, errors.New("no events array in the encoded header")
	}
	at += len(empty) - 1 // the ]
	out := make([]byte, 0, len(head)+size+8)
	out = append(out, head[:at]...)
	for i, h := range ss.events {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, "\n    "...)
		out = append(out, h.enc...)
	}
	out = append(out, "\n  "...)
	return append(out, head[at:]...), nil
}

// spansPlaceholder is the span ID of the one span the header is encoded
// with, which spliceSpans replaces by the spans held.
const spansPlaceholder = "spans-go-here"

// spliceSpans replaces the placeholder span of the encoded header by the
// spans held, in start order (then span ID), as MarshalIndent writes them.
func (ss *sinkSession) spliceSpans(head []byte) ([]byte, error) {
	if len(ss.spans) == 0 {
		return head, nil
	}
	slices.SortFunc(ss.spans, func(a, b heldSpan) int {
		if c := a.start.Compare(b.start); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	size := 0
	for i := range ss.spans {
		ss.spanIndex[ss.spans[i].id] = i
		size += len(ss.spans[i].enc) + 6
	}
	// "spans" is the one key at the start of a line indented once, and
	// the placeholder's array ends at the first line that is "  ]" (a
	// newline in a string is \n).
	const key = "\n  \"spans\": ["
	from := bytes.Index(head, []byte(key))
	if from < 0 {
		return nil, errors.New("no spans array in the encoded header")
	}
	from += len(key)
	to := bytes.Index(head[from:], []byte("\n  ]"))
	if to < 0 || !bytes.Contains(head[from:from+to], []byte(spansPlaceholder)) {
		return nil, errors.New("no placeholder span in the encoded header")
	}
	to += from
	out := make([]byte, 0, len(head)+size)
	out = append(out, head[:from]...)
	for i, h := range ss.spans {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, "\n    "...)
		out = append(out, h.enc...)
	}
	return append(out, head[to:]...), nil
}
