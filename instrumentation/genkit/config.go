package otelgenkit

import (
	"context"

	"github.com/agentops-go/sdk/otelagentops"
)

// ScopeName is the instrumentation scope this package is known by. The spans
// themselves are started by otelagentops (scope otelagentops.ScopeName).
const ScopeName = "github.com/agentops-go/sdk/instrumentation/genkit"

// Option configures a Recorder.
type Option interface {
	apply(config) config
}

type optionFunc func(config) config

func (f optionFunc) apply(c config) config { return f(c) }

type config struct {
	client *otelagentops.Client
}

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			c = o.apply(c)
		}
	}
	return c
}

// WithClient records into c's only active session when the context carries
// no session. Default: otelagentops.Default() at the time of each call.
// A session in the context always wins.
func WithClient(c *otelagentops.Client) Option {
	return optionFunc(func(cfg config) config { cfg.client = c; return cfg })
}

// Recorder records Genkit's model calls, tool calls and flows into
// AgentOps sessions: Middleware for model calls, DefineTool and DefineFlow
// for tools and flows. A nil *Recorder records with the defaults. A
// Recorder is safe for concurrent use.
type Recorder struct {
	cfg config
}

// New returns a Recorder configured by opts. It registers the package's
// span processor on the provider Genkit starts its spans with (see the
// package doc), so create it before running flows.
func New(opts ...Option) *Recorder {
	track()
	return &Recorder{cfg: newConfig(opts)}
}

// client is the client to record with when the context has no session.
func (r *Recorder) client() *otelagentops.Client {
	if r != nil && r.cfg.client != nil {
		return r.cfg.client
	}
	return otelagentops.Default()
}

// session returns the session a call with ctx records into, or nil when
// there is none to record into (then nothing is recorded).
func (r *Recorder) session(ctx context.Context) *otelagentops.Session {
	if s := otelagentops.SessionFromContext(ctx); s != nil {
		if s.Ended() {
			return nil
		}
		return s
	}
	c := r.client()
	if c == nil {
		return nil
	}
	if active := c.ActiveSessions(); len(active) == 1 {
		return active[0]
	}
	return nil
}
