package otelagentops

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/google/uuid"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/internal/spanclass"
)

// SessionID identifies a session. It is a UUID, and its 16 bytes are the
// trace ID of the session's trace: SessionID(traceID) is the session of a
// trace. The zero SessionID is invalid.
type SessionID [16]byte

// NewSessionID returns a new random (version 4) session ID.
func NewSessionID() SessionID {
	return SessionID(uuid.New())
}

// ParseSessionID parses a session ID in the canonical UUID form
// (8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11) or as a 32-digit hex trace ID.
// White space around it is ignored; the zero ID is refused.
func ParseSessionID(s string) (SessionID, error) {
	id, ok := envconfig.ParseSessionID(s)
	if !ok {
		return SessionID{}, fmt.Errorf("%w: %q is not a UUID (want e.g. 8f1b1a52-3c0e-4a4e-9b39-6f1c7e0f2d11)",
			ErrInvalidSessionID, truncate(strings.TrimSpace(s), 64))
	}
	return id, nil
}

// String returns the canonical dashed UUID form.
func (id SessionID) String() string { return uuid.UUID(id).String() }

// IsValid reports whether id is not the zero ID.
func (id SessionID) IsValid() bool { return id != SessionID{} }

// TraceID returns the trace ID of the session's trace.
func (id SessionID) TraceID() trace.TraceID { return trace.TraceID(id) }

// RootSpanID returns the span ID of the session's root span, derived from the
// session ID alone, so that another process knowing only the ID can parent
// its spans to the root. It holds only when the root span was started by a
// provider using the IDGenerator of this package; Session.RootSpanIDDerived
// tells.
func (id SessionID) RootSpanID() trace.SpanID {
	return spanclass.SessionRootID(id.TraceID())
}

// RootSpanContext returns the remote span context of the session's root span
// as a joining process sees it (see RootSpanID for when it holds).
func (id SessionID) RootSpanContext() trace.SpanContext {
	return trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: id.TraceID(), SpanID: id.RootSpanID(), TraceFlags: trace.FlagsSampled, Remote: true,
	})
}

// IDGenerator is an sdktrace.IDGenerator that gives a session's root span the
// trace ID = session ID and the span ID SessionID.RootSpanID. Every other ID
// is random. Add it to your own provider with sdktrace.WithIDGenerator when
// you use WithTracerProvider. It is safe for concurrent use.
type IDGenerator struct{ random sdktrace.IDGenerator }

var _ sdktrace.IDGenerator = (*IDGenerator)(nil)

// NewIDGenerator returns the session-aware ID generator.
func NewIDGenerator() *IDGenerator { return &IDGenerator{random: randomIDs{}} }

// NewIDs returns the session's IDs for a session root span, random IDs otherwise.
func (g *IDGenerator) NewIDs(ctx context.Context) (trace.TraceID, trace.SpanID) {
	if s := SessionFromContext(ctx); s != nil && s.rootStarting.Load() {
		return s.id.TraceID(), s.rootID
	}
	return g.random.NewIDs(ctx)
}

// NewSpanID returns a random span ID.
func (g *IDGenerator) NewSpanID(ctx context.Context, traceID trace.TraceID) trace.SpanID {
	return g.random.NewSpanID(ctx, traceID)
}

// randomIDs generates random non-zero IDs, as OTel's default generator does
// (which the SDK does not export).
type randomIDs struct{}

func (randomIDs) NewIDs(ctx context.Context) (trace.TraceID, trace.SpanID) {
	var tid trace.TraceID
	for !tid.IsValid() {
		binary.NativeEndian.PutUint64(tid[:8], rand.Uint64())
		binary.NativeEndian.PutUint64(tid[8:], rand.Uint64())
	}
	return tid, randomIDs{}.NewSpanID(ctx, tid)
}

func (randomIDs) NewSpanID(context.Context, trace.TraceID) trace.SpanID {
	var sid trace.SpanID
	for !sid.IsValid() {
		binary.NativeEndian.PutUint64(sid[:], rand.Uint64())
	}
	return sid
}
