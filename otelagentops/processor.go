package otelagentops

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/llmcost"
	"github.com/agentops-go/sdk/pricing"
	"github.com/agentops-go/sdk/semconv"
)

// SessionProcessor is an sdktrace.SpanProcessor that makes a trace a
// session's: it stamps agentops.session.id on every span of a tracked
// session's trace, aggregates the session's Stats from each span as it ends
// (O(1) memory per session, nothing kept per span), and routes the spans of a
// session started with its own configuration to that session's pipeline.
// Every other span goes to the processors it was built with.
//
// A Client tracks its sessions in the processor. Put it in your own provider
// together with NewIDGenerator, and give it to the client with
// WithSessionProcessor. It is safe for concurrent use.
type SessionProcessor struct {
	next     []sdktrace.SpanProcessor
	mu       sync.RWMutex                      // guards sessions
	sessions map[trace.TraceID]*trackedSession // the tracked sessions
	last     atomic.Pointer[trackedSession]    // the session lookup found last
	graves   tombstones                        // ended sessions with their own pipeline
	prices   atomic.Pointer[pricing.Table]
	stopped  atomic.Bool
}

var _ sdktrace.SpanProcessor = (*SessionProcessor)(nil)

// NewSessionProcessor returns a processor that passes every span on to next,
// in order, unless its session has a pipeline of its own.
func NewSessionProcessor(next ...sdktrace.SpanProcessor) *SessionProcessor {
	p := &SessionProcessor{next: append([]sdktrace.SpanProcessor(nil), next...), sessions: map[trace.TraceID]*trackedSession{}}
	p.prices.Store(pricing.Default())
	return p
}

// trackedSession is the processor's state for one session.
type trackedSession struct {
	traceID  trace.TraceID
	idAttrs  []attribute.KeyValue  // the attributes stamped on its spans: the session ID (and inherited)
	idArr    [2]attribute.KeyValue // backs idAttrs
	rootID   trace.SpanID
	route    sdktrace.SpanProcessor // nil: the processor's next
	rootSeen atomic.Bool

	mu        sync.Mutex
	stats     Stats
	lastPrice pricedModels // guarded by mu
}

// pricedModels remembers the price of the last (response, request) model
// pair of a session: most sessions use one or two models, so most LLM spans
// skip the table's name matching.
type pricedModels struct {
	table                       *pricing.Table
	responseModel, requestModel string
	price                       pricing.Price
	known                       bool
}

// price prices f, an LLM call that needs a price (llmcost), as
// llmcost.Figures.Price does, remembering the last lookup. t.mu is held.
func (t *trackedSession) price(f *llmcost.Figures, table *pricing.Table) {
	c := &t.lastPrice
	if c.table != table || c.responseModel != f.ResponseModel || c.requestModel != f.RequestModel {
		p, ok := llmcost.Lookup(table, f.ResponseModel, f.RequestModel)
		*c = pricedModels{table: table, responseModel: f.ResponseModel, requestModel: f.RequestModel, price: p, known: ok}
	}
	if c.known {
		f.Charge(c.price)
	}
}

// snapshot returns the stats aggregated so far.
func (t *trackedSession) snapshot() Stats {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stats
}

// track starts tracking the session id (idText in its dashed form), whose
// root span has span ID rootID, in t (the caller's storage: a Session holds
// its own, saving an allocation per session); route, when not nil, receives
// its spans instead of the processor's next.
func (p *SessionProcessor) track(t *trackedSession, id SessionID, idText string, rootID trace.SpanID, route sdktrace.SpanProcessor) *trackedSession {
	t.rootID, t.route = rootID, route
	t.idArr[0] = semconv.AgentOpsSessionID(idText)
	t.idAttrs = t.idArr[:1]
	p.insert(id, t)
	return t
}

// insert starts tracking t as the session id.
func (p *SessionProcessor) insert(id SessionID, t *trackedSession) {
	t.traceID = id.TraceID()
	p.update(func(m map[trace.TraceID]*trackedSession) { m[t.traceID] = t })
}

// untrack stops tracking the session id; its later spans are plain spans.
func (p *SessionProcessor) untrack(id SessionID) {
	p.update(func(m map[trace.TraceID]*trackedSession) { delete(m, id.TraceID()) })
}

// update applies change to the tracked sessions, forgetting the last lookup
// (it may name a session no longer tracked).
func (p *SessionProcessor) update(change func(map[trace.TraceID]*trackedSession)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	change(p.sessions)
	p.last.Store(nil)
}

// find returns the tracked session of trace t, or nil.
func (p *SessionProcessor) find(t trace.TraceID) *trackedSession {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.sessions[t]
}

// lookup returns the tracked session of trace t, or nil. The last session
// found is remembered: with one active session (the default), most spans
// skip the map.
func (p *SessionProcessor) lookup(t trace.TraceID) *trackedSession {
	if last := p.last.Load(); last != nil && last.traceID == t {
		return last
	}
	found := p.find(t)
	if found != nil {
		p.last.Store(found)
		// An update between the map read and the store would leave a
		// session no longer tracked remembered: check again.
		if p.find(t) != found {
			p.last.CompareAndSwap(found, nil)
		}
	}
	return found
}

// OnStart stamps the session ID on spans of a tracked session.
func (p *SessionProcessor) OnStart(parent context.Context, s sdktrace.ReadWriteSpan) {
	sc := s.SpanContext()
	t := p.lookup(sc.TraceID())
	if t != nil {
		s.SetAttributes(t.idAttrs...)
		if sc.SpanID() == t.rootID {
			t.rootSeen.Store(true)
		}
		if t.route != nil {
			t.route.OnStart(parent, s)
			return
		}
	}
	if t == nil && parent != nil {
		// A session root the provider gave a trace ID of its own (it has
		// no IDGenerator of this package): the session adopts the ID, and
		// this records that the processor is installed.
		if ss, _ := parent.Value(sessionKey{}).(*Session); ss != nil && ss.rootStarting.Load() {
			ss.rootSeenBy.Store(p)
		}
	}
	for _, n := range p.next {
		n.OnStart(parent, s)
	}
}

// OnEnd adds the span to its session's stats and passes it on.
func (p *SessionProcessor) OnEnd(s sdktrace.ReadOnlySpan) {
	sc := s.SpanContext()
	t := p.lookup(sc.TraceID())
	if t != nil {
		if sc.SpanID() != t.rootID {
			f := llmcost.Read(s)
			t.mu.Lock()
			if f.NeedsPrice() {
				t.price(&f, p.prices.Load())
			}
			t.stats.add(&f)
			t.mu.Unlock()
		}
		if t.route != nil {
			t.route.OnEnd(s)
			return
		}
	}
	for _, n := range p.next {
		n.OnEnd(s)
	}
}

// ForceFlush flushes the processors the SessionProcessor was built with.
func (p *SessionProcessor) ForceFlush(ctx context.Context) error {
	var errs []error
	for _, n := range p.next {
		if err := ctx.Err(); err != nil {
			return errors.Join(append(errs, err)...)
		}
		errs = append(errs, n.ForceFlush(ctx))
	}
	return errors.Join(errs...)
}

// Shutdown shuts down the processors the SessionProcessor was built with.
// Only the first call does anything.
func (p *SessionProcessor) Shutdown(ctx context.Context) error {
	if p.stopped.Swap(true) {
		return nil
	}
	var errs []error
	for _, n := range p.next {
		errs = append(errs, n.Shutdown(ctx))
	}
	return errors.Join(errs...)
}

// trackJoined tracks a joined session as track does, also marking each of
// its spans agentops.session.inherited=true. parentID stands for the root,
// which never ends in this process.
func (p *SessionProcessor) trackJoined(id SessionID, idText string, parentID trace.SpanID, route sdktrace.SpanProcessor) *trackedSession {
	t := &trackedSession{rootID: parentID, route: route}
	t.idArr = [2]attribute.KeyValue{semconv.AgentOpsSessionID(idText), semconv.AgentOpsSessionInherited(true)}
	t.idAttrs = t.idArr[:]
	p.insert(id, t)
	return t
}
