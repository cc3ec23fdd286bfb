package otelagentops

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"go.opentelemetry.io/otel/baggage"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/semconv"
)

// propagator writes and reads W3C trace context and baggage. It is the
// SDK's own: the global propagator is neither used nor changed.
var propagator = propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})

// baggageSessionKey is the baggage member that carries the session ID.
var baggageSessionKey = string(semconv.AgentOpsSessionIDKey)

// Inject writes s into carrier for another process to join (see Extract):
// the W3C traceparent (and tracestate) of the span ctx carries when it
// belongs to s, else of the span s hangs under (its root), and ctx's baggage
// with the member agentops.session.id=<session ID>. It uses W3C trace
// context and baggage whatever the global propagator is. A nil session
// writes nothing.
func (s *Session) Inject(ctx context.Context, carrier propagation.TextMapCarrier) {
	if s == nil || carrier == nil {
		return
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if sc := trace.SpanContextFromContext(ctx); !sc.IsValid() || sc.TraceID() != s.id.TraceID() {
		ctx = trace.ContextWithSpanContext(ctx, s.SpanContext())
	}
	if m, err := baggage.NewMemberRaw(baggageSessionKey, s.id.String()); err == nil {
		if b, err := baggage.FromContext(ctx).SetMember(m); err == nil {
			ctx = baggage.ContextWithBaggage(ctx, b)
		}
	}
	propagator.Inject(ctx, carrier)
}

// Inject writes the session ctx carries (else the default client's only
// active session) into carrier (see Session.Inject). It fails as
// CurrentSession does when there is no such session.
func Inject(ctx context.Context, carrier propagation.TextMapCarrier) error {
	s, err := CurrentSession(ctx)
	if err != nil {
		return err
	}
	s.Inject(ctx, carrier)
	return nil
}

// Extract reads a session that Inject wrote into carrier. It returns ctx
// with the traceparent's remote span context and the baggage, and the session
// ID: the agentops.session.id baggage member, else the traceparent's trace
// ID. Pass both to JoinSession; when the two name different sessions, the
// baggage wins and JoinSession ignores the traceparent's span. It fails with
// an error wrapping ErrInvalidSessionID when the baggage member is not a
// UUID, and ErrNoSessionInCarrier when the carrier names no session.
func Extract(ctx context.Context, carrier propagation.TextMapCarrier) (context.Context, SessionID, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx = propagator.Extract(ctx, carrier)
	if v := baggage.FromContext(ctx).Member(baggageSessionKey).Value(); v != "" {
		id, err := ParseSessionID(v)
		if err != nil {
			return ctx, SessionID{}, fmt.Errorf("%s baggage: %w", baggageSessionKey, err)
		}
		return ctx, id, nil
	}
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		return ctx, SessionID(sc.TraceID()), nil
	}
	return ctx, SessionID{}, ErrNoSessionInCarrier
}

// Environ returns the environment a child process needs to join s, as
// "KEY=value" strings: AGENTOPS_INHERITED_SESSION_ID, and TRACEPARENT (with
// TRACESTATE when set) and BAGGAGE as Inject writes them for the span s
// hangs under, named as OpenTelemetry's environment-variable carriers are.
// Append it to os.Environ() for exec.Cmd.Env; later entries win. The child
// joins with Init (or Client.JoinInherited), which prefers TRACEPARENT, so
// that this works whether or not the root span ID is derived from the ID.
// A nil session returns nil.
func (s *Session) Environ() []string {
	if s == nil {
		return nil
	}
	carrier := envCarrier{}
	s.Inject(context.Background(), carrier)
	env := []string{envconfig.EnvInheritedSessionID + "=" + s.id.String()}
	for _, k := range slices.Sorted(maps.Keys(carrier)) {
		env = append(env, k+"="+carrier[k])
	}
	return env
}

// contextFromEnv returns ctx with the trace context and baggage of the
// environment (TRACEPARENT, TRACESTATE, BAGGAGE) when its traceparent names a
// span of the session id, for JoinSession. Otherwise it returns ctx as is.
func contextFromEnv(ctx context.Context, id SessionID, lookup func(string) (string, bool)) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	if trace.SpanContextFromContext(ctx).TraceID() == id.TraceID() {
		return ctx
	}
	carrier := envCarrier{}
	for _, f := range propagator.Fields() {
		if v, ok := lookup(strings.ToUpper(f)); ok {
			carrier[strings.ToUpper(f)] = v
		}
	}
	if env := propagator.Extract(ctx, carrier); trace.SpanContextFromContext(env).TraceID() == id.TraceID() {
		return env
	}
	return ctx
}

// envCarrier is a propagation.TextMapCarrier over environment variables,
// whose names are the upper-cased header names (TRACEPARENT, BAGGAGE).
type envCarrier map[string]string

var _ propagation.TextMapCarrier = envCarrier{}

func (e envCarrier) Get(key string) string { return e[strings.ToUpper(key)] }
func (e envCarrier) Set(key, value string) { e[strings.ToUpper(key)] = value }

func (e envCarrier) Keys() []string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, strings.ToLower(k))
	}
	return keys
}
