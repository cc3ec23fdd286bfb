package spanclass

import (
	"crypto/sha256"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// A failure is counted once in a session, whichever processes record it.
// The OTel conventions have both ends of a call report its failure: the
// caller's CLIENT span and the callee's SERVER span (MCP, HTTP 5xx, RPC)
// each get status Error, and the recording keeps both. The session stats,
// the session documents and the AgentOps view count one error for the two:
// the caller's. The rule reads the span alone (its kind, status and
// parent), so that every reader, in every process, counts alike.

// CountsAsError reports whether s counts as one error of its session: it
// has status Error, and its failure is not one its caller's span reports
// too (CallerReports).
func CountsAsError(s sdktrace.ReadOnlySpan) bool {
	return s.Status().Code == codes.Error && !CallerReports(s.SpanKind(), s.Parent())
}

// CallerReports reports whether the failure a span of kind under parent
// reports is the failure its caller's span reports too, so that it is
// counted once, on the caller's span: true for a SERVER span whose parent
// is remote (the caller sent its span context across the transport: a
// CLIENT span in another process, or in this one through a carrier) and is
// not its session's root span (SessionRootID), which stands for the
// session, not for a call, and reports no call's failure.
//
// It is false for every other span: a SERVER span with a local parent (a
// handler started in process, with no remote caller) or none, a CLIENT or
// INTERNAL span (under a remote parent too: a joined process's own work),
// and a session root (it has no parent).
//
// A session root is known by the span ID derived from its trace ID, which
// the client's own provider (and any provider with otelagentops's
// IDGenerator) gives it; a SERVER span hanging directly under a root of
// another ID, through a carrier, is taken as a caller's child.
func CallerReports(kind trace.SpanKind, parent trace.SpanContext) bool {
	return kind == trace.SpanKindServer && parent.IsRemote() && parent.IsValid() &&
		parent.SpanID() != SessionRootID(parent.TraceID())
}

// SessionRootID returns the span ID of the root span of the session whose
// trace is t (trace ID = session ID), derived from the ID alone, so that
// another process knowing only the session ID can parent its spans to the
// root (otelagentops.SessionID.RootSpanID), and so that a reader knows the
// root's children from the span alone (CallerReports). It allocates
// nothing.
func SessionRootID(t trace.TraceID) trace.SpanID {
	const prefix = "agentops-go session root "
	var in [len(prefix) + len(t)]byte // on the stack: no allocation
	copy(in[copy(in[:], prefix):], t[:])
	sum := sha256.Sum256(in[:])
	var sid trace.SpanID
	copy(sid[:], sum[:8])
	if !sid.IsValid() {
		sid[7] = 1
	}
	return sid
}
