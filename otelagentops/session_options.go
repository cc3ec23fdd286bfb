package otelagentops

import "strings"

// SessionOption configures one session at StartSession.
type SessionOption interface {
	applySession(sessionConfig) sessionConfig
}

type sessionOptionFunc func(sessionConfig) sessionConfig

func (f sessionOptionFunc) applySession(c sessionConfig) sessionConfig { return f(c) }

// sessionConfig is the resolved configuration of one session.
type sessionConfig struct {
	name    string
	tags    []string
	ownOpts []Option // non-nil: the session has a pipeline of its own
}

// WithSessionName names the session; its root span is "<name>.session".
// Default "default" (as the AgentOps Python SDK names an auto-started session).
func WithSessionName(name string) SessionOption {
	return sessionOptionFunc(func(c sessionConfig) sessionConfig { c.name = name; return c })
}

// WithTags adds tags to the session, after the client's default tags.
// Tags are trimmed of surrounding white space; empty ones and repeats are
// dropped (as by Session.AddTags and SetTags, and for WithDefaultTags).
func WithTags(tags ...string) SessionOption {
	tags = append([]string(nil), tags...)
	return sessionOptionFunc(func(c sessionConfig) sessionConfig {
		c.tags = append(append([]string(nil), c.tags...), tags...)
		return c
	})
}

// WithSessionConfig gives the session a configuration of its own: opts are
// applied over the client's, except that the client's exporters are not
// inherited: the session's spans go only to the exporters its own options
// give (for example another API key, or WithExporter), in a pipeline that is
// flushed and shut down, exporters included, when the session ends.
func WithSessionConfig(opts ...Option) SessionOption {
	opts = append([]Option(nil), opts...)
	return sessionOptionFunc(func(c sessionConfig) sessionConfig { c.ownOpts = opts; return c })
}

// withoutExporters drops the client's exporters from a session's own
// configuration: its spans go only where its own options say.
var withoutExporters = optionFunc(func(c config) config { c.exporters = nil; return c })

// EndOption configures Session.End.
type EndOption interface {
	applyEnd(endConfig) endConfig
}

type endOptionFunc func(endConfig) endConfig

func (f endOptionFunc) applyEnd(c endConfig) endConfig { return f(c) }

type endConfig struct {
	reason string
	video  string
}

// WithReason states why the session ended as it did.
func WithReason(reason string) EndOption {
	return endOptionFunc(func(c endConfig) endConfig { c.reason = reason; return c })
}

// WithVideo records the URL of a video of the session.
func WithVideo(url string) EndOption {
	return endOptionFunc(func(c endConfig) endConfig { c.video = url; return c })
}

// dedupeTags returns tags with surrounding white space trimmed (as
// AGENTOPS_DEFAULT_TAGS is read), without empty or white-space-only ones or
// repeats, in order.
func dedupeTags(tags []string) []string {
	seen := make(map[string]bool, len(tags))
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		if t = strings.TrimSpace(t); t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
