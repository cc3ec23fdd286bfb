package otelagentops

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"slices"
	"sync"
	"time"

	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/semconv"
)

// SignalOption configures HandleSignals.
type SignalOption interface {
	applySignal(signalConfig) signalConfig
}

type signalOptionFunc func(signalConfig) signalConfig

func (f signalOptionFunc) applySignal(c signalConfig) signalConfig { return f(c) }

type signalConfig struct {
	flushTimeout time.Duration
	noExit       bool
}

// WithSignalFlushTimeout bounds the flush after a signal. Default 5s; a
// duration that is not positive keeps the default.
func WithSignalFlushTimeout(d time.Duration) SignalOption {
	return signalOptionFunc(func(c signalConfig) signalConfig {
		if d > 0 {
			c.flushTimeout = d
		}
		return c
	})
}

// WithoutSignalExit leaves exiting to the program, for one with a graceful
// shutdown of its own (its signal.Notify handler, which receives the signal
// too): on the first signal the handler uninstalls itself, so that a later
// signal acts as it would without HandleSignals, then ends the active
// sessions Fail and flushes within the flush timeout, and raises nothing.
// Call stop, which returns once that flush is done, or Client.Shutdown
// before the program exits.
func WithoutSignalExit() SignalOption {
	return signalOptionFunc(func(c signalConfig) signalConfig { c.noExit = true; return c })
}

// HandleSignals installs a handler for SIGINT and SIGTERM (os.Interrupt only
// where there is no SIGTERM) until stop is called. Nothing is installed
// unless it is called, and a signal the process ignored when it started
// (a shell script's background job, trap "" INT: a signal it must not act
// on, even if some signal.Notify has enabled it since), or ignores at the
// call, is not handled. On the first signal it ends every active session of c Fail with
// the reason "Signal SIGINT detected" (or SIGTERM), and flushes within the
// flush timeout (WithSignalFlushTimeout). It then resets the signal's
// disposition (signal.Reset, which also undoes other signal.Notify calls for
// it) and raises the signal again, so the process exits as it would have
// without the handler, with the usual status. A second signal during the
// flush is raised at once. With WithoutSignalExit it raises nothing and
// leaves exiting to the program. The handler never loops and never
// swallows a signal. stop, which is safe to call more than once, uninstalls the handler
// and returns once its goroutine has exited.
//
// Call it once per process: every handler receives each signal. On platforms
// without signals to re-raise (Windows), the process exits with status 1.
func (c *Client) HandleSignals(opts ...SignalOption) (stop func()) {
	return handleSignals(func() *Client { return c }, opts, osSignals{})
}

// HandleSignals installs the handler of Client.HandleSignals for the default
// client as it is when a signal arrives (with none, it only re-raises).
func HandleSignals(opts ...SignalOption) (stop func()) {
	return handleSignals(Default, opts, osSignals{})
}

// signalOS is what handling a signal needs from the OS. Tests replace it so
// that no signal is sent to the test process.
type signalOS interface {
	notify(ch chan<- os.Signal, sigs ...os.Signal)
	stop(ch chan<- os.Signal)
	// raise resets the disposition of sig and sends it to the process.
	raise(sig os.Signal)
}

func handleSignals(client func() *Client, opts []SignalOption, sys signalOS) func() {
	cfg := signalConfig{flushTimeout: envconfig.DefaultExitFlushTimeout}
	for _, o := range opts {
		if o != nil {
			cfg = o.applySignal(cfg)
		}
	}
	var sigs []os.Signal
	for _, sig := range exitSignals {
		if !signal.Ignored(sig) && !slices.Contains(ignoredAtStart, sig) {
			sigs = append(sigs, sig)
		}
	}
	ch := make(chan os.Signal, 2)
	quit, done := make(chan struct{}), make(chan struct{})
	if len(sigs) > 0 {
		sys.notify(ch, sigs...)
	}
	go func() {
		defer close(done)
		select {
		case sig := <-ch:
			if cfg.noExit {
				sys.stop(ch) // a later signal acts as it would without the handler
				endSessions(client(), sig, cfg.flushTimeout)
				return
			}
			endOnSignal(client(), sig, cfg.flushTimeout, ch, sys)
		case <-quit:
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			sys.stop(ch)
			close(quit)
		})
		<-done
	}
}

// endOnSignal ends c's active sessions Fail naming sig, flushes within
// timeout, and raises sig; a second signal on ch meanwhile is raised at once.
func endOnSignal(c *Client, sig os.Signal, timeout time.Duration, ch <-chan os.Signal, sys signalOS) {
	flushed := make(chan struct{})
	go func() {
		defer close(flushed)
		endSessions(c, sig, timeout)
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	raised := sig
	select {
	case <-flushed:
	case <-timer.C: // the flush overran its deadline: exit anyway
	case raised = <-ch: // a second signal: exit at once
	}
	sys.raise(raised)
	<-flushed // reached only where raising did not end the process
}

// endSessions ends c's active sessions Fail naming sig and flushes, within
// timeout.
func endSessions(c *Client, sig os.Signal, timeout time.Duration) {
	if c == nil {
		return
	}
	name := signalName(sig)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	reason := "Signal " + name + " detected"
	for _, s := range c.ActiveSessions() {
		if err := s.End(ctx, semconv.EndStateFail, WithReason(reason)); err != nil && !errors.Is(err, ErrSessionEnded) {
			c.cfg.logger.Warn("agentops: ending the session on a signal", "session_id", s.ID().String(), "error", err)
		}
	}
	if err := c.ForceFlush(ctx); err != nil {
		c.cfg.logger.Warn("agentops: flushing on a signal", "signal", name, "error", err)
	}
}

// ignoredAtStart are the exit signals the process ignored when it started
// (read as the package is initialised, before main runs): the runtime
// reports SIGINT (and SIGHUP) inherited as ignored until a signal.Notify
// enables it, after which signal.Ignored no longer tells.
var ignoredAtStart = slices.DeleteFunc(slices.Clone(exitSignals), func(s os.Signal) bool { return !signal.Ignored(s) })

// osSignals is the real signalOS.
type osSignals struct{}

func (osSignals) notify(ch chan<- os.Signal, sigs ...os.Signal) { signal.Notify(ch, sigs...) }
func (osSignals) stop(ch chan<- os.Signal)                      { signal.Stop(ch) }
func (osSignals) raise(sig os.Signal)                           { raise(sig) }
