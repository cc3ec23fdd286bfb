package viewer

import (
	"log/slog"
	"time"
)

// Option configures a Server.
type Option interface{ apply(*config) }

type config struct {
	logger  *slog.Logger
	poll    time.Duration
	anyHost bool
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

func newConfig(opts []Option) config {
	c := config{logger: slog.Default(), poll: 2 * time.Second}
	for _, o := range opts {
		o.apply(&c)
	}
	return c
}

// WithLogger sets the logger of internal errors; default slog.Default().
func WithLogger(l *slog.Logger) Option {
	return optionFunc(func(c *config) {
		if l != nil {
			c.logger = l
		}
	})
}

// WithPollInterval sets how often an open page asks whether its session or
// the list changed; default 2s. A value ≤ 0 keeps the default.
func WithPollInterval(d time.Duration) Option {
	return optionFunc(func(c *config) {
		if d > 0 {
			c.poll = d
		}
	})
}

// WithAnyHost serves requests whatever their Host header. By default only
// localhost and loopback addresses are answered, so that a web page whose
// name is made to resolve to 127.0.0.1 (DNS rebinding) cannot read the
// sessions; a viewer served on another interface needs this option.
func WithAnyHost() Option {
	return optionFunc(func(c *config) { c.anyHost = true })
}
