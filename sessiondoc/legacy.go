package sessiondoc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/apihttp"
	"github.com/agentops-go/sdk/internal/bounded"
	"github.com/agentops-go/sdk/semconv"
)

// Legacy is an sdktrace.SpanExporter for servers that speak the AgentOps v2
// REST API (the Python SDK 0.2–0.3 protocol), built on the session model:
// the first span of a session creates it (/v2/create_session with the
// X-Agentops-Api-Key header, which returns the session's JWT), every batch
// sends the session's events (/v2/create_events with the JWT as bearer),
// and the root span ends it (/v2/update_session with the end state). An
// expired session token (401) is renewed through /v2/reauthorize_jwt and
// the request sent once more.
//
// Exports are serialised. State is kept for at most WithMaxSessions
// sessions (ended ones are forgotten first). A rejected key is logged once
// and every later export returns an error wrapping exporter.ErrAPIKeyRejected.
// Neither the key nor a token appears in a log line or error. After
// Shutdown every method is a no-op.
type Legacy struct {
	base, apiKey, userAgent string
	client                  *http.Client
	owned                   *http.Transport
	logger                  *slog.Logger
	maxEvents               int

	mu       sync.Mutex
	sessions *bounded.Map[trace.TraceID, *legacySession] // ended ones evicted first
	invalid  error
	stopped  bool
	logs     []func(*slog.Logger) // emitted after mu is released
}

// legacySession is what Legacy keeps of one session.
type legacySession struct {
	id    string
	jwt   string
	ended bool
	types map[string]string // event ID → event type, for error triggers
}

var _ sdktrace.SpanExporter = (*Legacy)(nil)

// NewLegacy returns a legacy REST exporter configured by the environment and
// opts (API key, API endpoint, HTTP client, logger, insecure). It fails
// without a network call when the key is missing (an error wrapping
// exporter.ErrMissingAPIKey) or not a UUID (exporter.ErrAPIKeyRejected), or
// the endpoint is invalid or plain http to a non-loopback host
// (exporter.ErrInsecureEndpoint).
func NewLegacy(opts ...LegacyOption) (*Legacy, error) {
	cfg, err := newLegacyConfig(opts)
	if err != nil {
		return nil, fmt.Errorf("agentops legacy exporter: %w", err)
	}
	client, owned := apihttp.Client(cfg.httpClient, cfg.timeout)
	return &Legacy{base: strings.TrimRight(cfg.apiEndpoint, "/"), apiKey: cfg.apiKey, userAgent: cfg.userAgent,
		client: client, owned: owned, logger: cfg.logger, maxEvents: cfg.maxEvents,
		sessions: bounded.New[trace.TraceID](cfg.maxSessions, func(ls *legacySession) bool { return ls.ended })}, nil
}

// ExportSpans sends the spans' sessions and events. Errors of several
// sessions are joined; a batch partly sent is reported as failed.
func (l *Legacy) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	l.mu.Lock()
	defer func() {
		logs := l.logs
		l.logs = nil
		l.mu.Unlock()
		for _, log := range logs {
			log(l.logger)
		}
	}()
	if l.stopped && len(spans) > 0 {
		return apihttp.ErrExporterShutdown
	}
	if l.stopped {
		return nil
	}
	if l.invalid != nil {
		return l.invalid
	}
	var order []trace.TraceID
	byTrace := map[trace.TraceID][]sdktrace.ReadOnlySpan{}
	for _, s := range spans {
		t := s.SpanContext().TraceID()
		if _, ok := byTrace[t]; !ok {
			order = append(order, t)
		}
		byTrace[t] = append(byTrace[t], s)
	}
	var errs []error
	for _, t := range order {
		if err := l.exportSession(ctx, t, byTrace[t]); err != nil {
			errs = append(errs, err)
			if l.invalid != nil {
				break
			}
		}
	}
	return errors.Join(errs...)
}

// exportSession sends the spans of one session. l.mu is held.
func (l *Legacy) exportSession(ctx context.Context, t trace.TraceID, spans []sdktrace.ReadOnlySpan) error {
	var root sdktrace.ReadOnlySpan
	var rootView *spanView
	doc := Document{Session: Session{SessionID: sessionID(t), Tags: []string{}}}
	for _, s := range spans {
		v := viewOf(s)
		if v.kind == string(semconv.SpanKindSession) {
			root, rootView = s, v
			continue
		}
		for _, e := range eventsOf(s, v) {
			doc.Events = append(doc.Events, legacyEvent(e))
		}
		if doc.Session.InitTimestamp.IsZero() || s.StartTime().Before(doc.Session.InitTimestamp.Time()) {
			doc.Session.InitTimestamp = Timestamp(s.StartTime())
		}
	}
	if root != nil {
		doc.Session = sessionOf(root, rootView)
	}
	ls := l.session(t)
	if ls.jwt == "" {
		jwt, err := l.createSession(ctx, doc.Session)
		if err != nil {
			return err
		}
		ls.jwt = jwt
	}
	if len(doc.Events) > 0 {
		ls.resolve(&doc, l.maxEvents)
		if err := l.send(ctx, ls, "/v2/create_events", map[string]any{"events": doc.Events}); err != nil {
			return err
		}
	}
	if root != nil {
		if err := l.send(ctx, ls, "/v2/update_session", map[string]any{"session": doc.Session}); err != nil {
			return err
		}
		ls.ended = true
	}
	return nil
}

// legacyEvent returns e as the legacy session model has it: without what
// the SDK adds to its session document (the span ID; an LLM call's cost,
// time to first token and finish reasons), which the v2 REST API does not
// know.
func legacyEvent(e Event) Event {
	e.SpanID = ""
	if e.LLMEvent != nil {
		llm := *e.LLMEvent
		llm.CostUSD, llm.TTFTMillis, llm.FinishReasons = nil, nil, nil
		e.LLMEvent = &llm
	}
	return e
}

// resolve orders doc's events and fills the type of each error trigger,
// from this batch or an earlier one; it remembers the types of this batch's
// events (up to limit per session).
func (ls *legacySession) resolve(doc *Document, limit int) {
	doc.finish()
	for i := range doc.Events {
		e := &doc.Events[i]
		if ee := e.ErrorEvent; ee != nil && ee.TriggerEventID != nil && ee.TriggerEventType == nil {
			if typ, ok := ls.types[*ee.TriggerEventID]; ok {
				ee.TriggerEventType = &typ
			}
		}
		if len(ls.types) < limit {
			ls.types[e.ID] = e.EventType
		}
	}
}

// session returns the state of trace t, forgetting one when full (ended
// ones first, then the least recently used). l.mu is held.
func (l *Legacy) session(t trace.TraceID) *legacySession {
	if ls, ok := l.sessions.Get(t); ok {
		return ls
	}
	ls := &legacySession{id: sessionID(t), types: map[string]string{}}
	l.sessions.Put(t, ls)
	return ls
}

// ForceFlush does nothing: exports are sent as they come. It returns ctx's
// error if ctx has ended.
func (l *Legacy) ForceFlush(ctx context.Context) error { return ctx.Err() }

// Shutdown makes the exporter a no-op and closes idle connections of its own
// HTTP client.
func (l *Legacy) Shutdown(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.stopped = true
		if l.owned != nil {
			l.owned.CloseIdleConnections()
		}
	}
	return ctx.Err()
}
