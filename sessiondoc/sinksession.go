package sessiondoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
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
	// file is the name this entry writes (see Sink.open): "" until its
	// first write decides it.
	file    string
	rooted  bool // the header is a root's (this one's, or read back from a whole document)
	joined  bool // a span was marked agentops.session.inherited: the root is another process's
	written bool // file holds this entry's document: written by it, or read back
	dirty   bool // the document has changes the file does not have
	evicted bool // dropped from the sink's sessions: forgotten once written (or complete)
	saved   bool // the write completing the document (root included) was logged
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

func newSinkSession(t trace.TraceID) *sinkSession {
	ss := &sinkSession{trace: t, index: map[string]int{}}
	ss.doc.Session = Session{SessionID: sessionID(t), Tags: []string{}}
	ss.doc.Partial = true
	return ss
}

// settled reports whether the session's file is up to date, so that it
// can be forgotten without losing anything.
func (ss *sinkSession) settled() bool { return ss.written && !ss.dirty }

// mainName is the name of the session's document, <session-id>.json.
func (ss *sinkSession) mainName() string { return ss.doc.Session.SessionID + ".json" }

// add keeps the events of span, unless the new ones among them would take
// the session past limit events (they are counted as dropped then). An
// event already kept (the same span exported again) is replaced. A running
// header starts at the earliest start seen.
func (ss *sinkSession) add(span sdktrace.ReadOnlySpan, events []Event, limit int) {
	fresh := 0
	for _, e := range events {
		if _, ok := ss.index[e.ID]; !ok {
			fresh++
		}
	}
	if len(ss.events)+fresh > limit {
		ss.doc.DroppedEvents += fresh
		return
	}
	for _, e := range events {
		if h, ok := ss.hold(e); ok {
			ss.put(h)
		}
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
// one its start, if earlier.
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
	switch {
	case ss.rooted:
	case !d.Partial:
		ss.doc.Session, ss.doc.Name, ss.doc.Stats, ss.doc.Partial = d.Session, d.Name, d.Stats, false
		ss.rooted, ss.saved = true, true
	case !d.Session.InitTimestamp.IsZero() && (ss.doc.Session.InitTimestamp.IsZero() ||
		d.Session.InitTimestamp.Time().Before(ss.doc.Session.InitTimestamp.Time())):
		ss.doc.Session.InitTimestamp = d.Session.InitTimestamp
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
	head, err := json.MarshalIndent(&header, "", "  ")
	if err != nil {
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
