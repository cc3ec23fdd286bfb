package otelmcpgo

import (
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/mcpspan"
	"github.com/agentops-go/sdk/otelagentops"
)

// ScopeName is the instrumentation scope of the spans the package starts
// (a client's tool calls are otelagentops' own spans).
const ScopeName = mcpspan.ScopeName

// Option configures NewClient and ServerOptions.
type Option = mcpspan.Option

// WithClient records client requests with c when the request's context
// carries no session: into c's only active session. Default:
// otelagentops.Default() at the time of each request. A session in the
// context always wins. Server spans are started with c's TracerProvider
// unless WithTracerProvider is given.
func WithClient(c *otelagentops.Client) Option { return mcpspan.WithClient(c) }

// WithTracerProvider starts server spans with tp. Default: the
// TracerProvider of the client given with WithClient, else of
// otelagentops.Default(), else OTel's global one, at each request.
func WithTracerProvider(tp trace.TracerProvider) Option { return mcpspan.WithTracerProvider(tp) }

// WithNetworkTransport records network.transport on every span:
// semconv.NetworkTransportPipe for stdio, semconv.NetworkTransportTCP for
// HTTP (streamable HTTP, SSE). Default: unset.
func WithNetworkTransport(transport string) Option { return mcpspan.WithNetworkTransport(transport) }

// WithSessionJoin makes a server in another process than its caller join
// the caller's AgentOps session (the trace the request's params._meta
// carries) for the time of each handler, so that what the handler records
// through otelagentops (an LLM call through llmhttp, a tool) counts in
// the caller's session, under the server span, rather than in a session of
// the server's own or nowhere. Requests of one session handled at the same
// time share one join, which the last one ends: each such stretch is one
// "<program>.process" span of the session with what it recorded. The
// client (WithClient, else otelagentops.Default()) joins; one with a
// session of its own needs otelagentops.WithConcurrentSessions, else the
// request is recorded without joining and the client logs why once. A
// session active in the client already (an in-process caller, a session
// this process joined otherwise, e.g. through Session.Environ) is used as
// it is. Default: off, as a caller that is not an AgentOps-recorded agent
// would get a session joined in its trace.
func WithSessionJoin() Option { return mcpspan.WithSessionJoin() }
