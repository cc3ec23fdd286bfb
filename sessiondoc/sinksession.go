package sessiondoc

import (
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// sinkSession is a Sink's state for one session: the whole document this
// process has of it, written from memory at each export that touches it.
type sinkSession struct {
	trace trace.TraceID
	// doc is the document as the next write writes it: the header (the
	// root's, or the running header read from the spans so far) and
	// every event kept, each once.
	doc   Document
	index map[string]int // position in doc.Events of each event ID
	// file is the name this entry writes (see Sink.open): "" until its
	// first write decides it.
	file    string
	rooted  bool // the header is a root's (this one's, or read back from a whole document)
	joined  bool // a span was marked agentops.session.inherited: the root is another process's
	written bool // this entry wrote file at least once
	dirty   bool // doc has changes the file does not have
	evicted bool // dropped from the sink's sessions: forgotten once written (or complete)
	saved   bool // the write completing the document (root included) was logged
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
	if len(ss.doc.Events)+fresh > limit {
		ss.doc.DroppedEvents += fresh
		return
	}
	for _, e := range events {
		ss.put(e)
	}
	if !ss.rooted && (ss.doc.Session.InitTimestamp.IsZero() || span.StartTime().Before(ss.doc.Session.InitTimestamp.Time())) {
		ss.doc.Session.InitTimestamp = Timestamp(span.StartTime())
	}
}

// put keeps e, replacing the event with its ID if there is one.
func (ss *sinkSession) put(e Event) {
	if i, ok := ss.index[e.ID]; ok {
		ss.doc.Events[i] = e
		return
	}
	ss.index[e.ID] = len(ss.doc.Events)
	ss.doc.Events = append(ss.doc.Events, e)
}

// load merges a document read back from disk (this sink's file, forgotten
// since, or a file its root now joins) into ss, within limit events: its
// events come first and the ones held replace those with their ID. A
// whole document gives its header to a session without a root; a running
// one its start, if earlier.
func (ss *sinkSession) load(d *storedDocument, limit int) {
	held := ss.doc.Events
	ss.doc.Events = make([]Event, 0, len(d.Events)+len(held))
	clear(ss.index)
	ss.doc.DroppedEvents += d.DroppedEvents
	keep := func(e Event) {
		if _, ok := ss.index[e.ID]; ok || len(ss.doc.Events) < limit {
			ss.put(e)
		} else {
			ss.doc.DroppedEvents++
		}
	}
	for _, e := range d.Events {
		keep(Event(e))
	}
	for _, e := range held {
		keep(e)
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

// finish orders the events for writing (see Document.finish) and
// reindexes them.
func (ss *sinkSession) finish() {
	ss.doc.finish()
	for i, e := range ss.doc.Events {
		ss.index[e.ID] = i
	}
}
