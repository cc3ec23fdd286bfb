//go:build unix

package otelagentops

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/agentops-go/sdk/semconv"
)

// fakeSignals stands in for the OS: signals are sent on the channel the
// handler registered, and raising only records the signal, so that the test
// process is never signalled.
type fakeSignals struct {
	mu      sync.Mutex
	ch      chan<- os.Signal
	sigs    []os.Signal
	stopped bool
	raised  chan os.Signal
}

func newFakeSignals() *fakeSignals { return &fakeSignals{raised: make(chan os.Signal, 4)} }

func (f *fakeSignals) notify(ch chan<- os.Signal, sigs ...os.Signal) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ch, f.sigs = ch, sigs
}

func (f *fakeSignals) stop(chan<- os.Signal) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stopped = true
}

func (f *fakeSignals) raise(sig os.Signal) { f.raised <- sig }

func (f *fakeSignals) send(sig os.Signal) {
	f.mu.Lock()
	ch := f.ch
	f.mu.Unlock()
	ch <- sig
}

func (f *fakeSignals) waitRaised(t *testing.T) os.Signal {
	t.Helper()
	select {
	case sig := <-f.raised:
		return sig
	case <-time.After(10 * time.Second):
		t.Fatal("the signal was not raised again")
		return nil
	}
}

func TestSignalEndsSessionsFailFlushesThenRaises(t *testing.T) {
	exp := &keepingExporter{}
	c, err := New(context.Background(), WithExporter(exp), WithFlushInterval(time.Hour), WithConcurrentSessions(),
		WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.Shutdown(context.Background()) }()
	_, owned, _ := c.StartSession(context.Background())
	_, joined, _ := c.JoinSession(context.Background(), NewSessionID())

	fake := newFakeSignals()
	stop := handleSignals(func() *Client { return c }, nil, fake)
	defer stop()
	if len(fake.sigs) != 2 || fake.sigs[0] != syscall.SIGINT || fake.sigs[1] != syscall.SIGTERM {
		t.Fatalf("handled signals %v, want SIGINT and SIGTERM", fake.sigs)
	}
	fake.send(syscall.SIGTERM)
	if sig := fake.waitRaised(t); sig != syscall.SIGTERM {
		t.Errorf("raised %v, want SIGTERM", sig)
	}
	// Raised only after the flush: both ended spans are exported already.
	if !owned.Ended() || !joined.Ended() || len(exp.Spans()) != 2 {
		t.Fatalf("sessions ended %v %v, %d spans exported before the raise; want both, 2",
			owned.Ended(), joined.Ended(), len(exp.Spans()))
	}
	for _, sp := range exp.Spans() {
		if attr(t, sp, semconv.AgentOpsSessionEndStateKey).AsString() != "Fail" ||
			attr(t, sp, semconv.AgentOpsSessionEndStateReasonKey).AsString() != "Signal SIGTERM detected" {
			t.Errorf("span %q does not end Fail naming SIGTERM", sp.Name())
		}
	}
}

func TestSecondSignalDuringFlushRaisesAtOnce(t *testing.T) {
	exp := &blockingExporter{release: make(chan struct{})}
	c, err := New(context.Background(), WithExporter(exp), WithFlushInterval(time.Hour), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.Shutdown(context.Background()) }()
	_, _, _ = c.StartSession(context.Background())

	fake := newFakeSignals()
	stop := handleSignals(func() *Client { return c }, []SignalOption{WithSignalFlushTimeout(time.Minute)}, fake)
	fake.send(syscall.SIGINT)
	fake.send(syscall.SIGTERM) // while the export is held
	if sig := fake.waitRaised(t); sig != syscall.SIGTERM {
		t.Errorf("raised %v, want the second signal, SIGTERM", sig)
	}
	_ = exp.Shutdown(context.Background()) // releases the held export
	stop()
}

func TestSignalFlushIsBoundedByItsTimeout(t *testing.T) {
	exp := &blockingExporter{release: make(chan struct{})}
	// The export timeout bounds the deferred Shutdown's last try at the
	// spans held when the flush was cut short.
	c, err := New(context.Background(), WithExporter(exp), WithFlushInterval(time.Hour), WithExportTimeout(time.Second),
		WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.Shutdown(context.Background()) }()
	_, _, _ = c.StartSession(context.Background())

	fake := newFakeSignals()
	stop := handleSignals(func() *Client { return c }, []SignalOption{WithSignalFlushTimeout(50 * time.Millisecond)}, fake)
	defer stop()
	start := time.Now()
	fake.send(syscall.SIGINT)
	if sig := fake.waitRaised(t); sig != syscall.SIGINT {
		t.Errorf("raised %v, want SIGINT", sig)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("raised after %v with a 50ms flush timeout", d)
	}
}

func TestSignalHandlerWithoutClientAndStop(t *testing.T) {
	fake := newFakeSignals()
	stop := handleSignals(Default, nil, fake) // no default client
	fake.send(syscall.SIGINT)
	if sig := fake.waitRaised(t); sig != syscall.SIGINT {
		t.Errorf("raised %v, want SIGINT", sig)
	}
	stop()

	idle := newFakeSignals()
	stop = handleSignals(Default, nil, idle)
	stop()
	stop() // idempotent
	if !idle.stopped {
		t.Error("stop did not uninstall the handler")
	}
	select {
	case sig := <-idle.raised:
		t.Errorf("raised %v with no signal", sig)
	default:
	}
}

func TestSignalNames(t *testing.T) {
	for sig, want := range map[os.Signal]string{syscall.SIGINT: "SIGINT", syscall.SIGTERM: "SIGTERM", os.Interrupt: "SIGINT"} {
		if got := signalName(sig); got != want {
			t.Errorf("signalName(%v) = %q, want %q", sig, got, want)
		}
	}
}

// TestSignalWithoutExitRaisesNothing: with WithoutSignalExit the handler
// uninstalls itself on the first signal, ends and flushes the sessions, and
// raises nothing; stop waits for that flush.
func TestSignalWithoutExitRaisesNothing(t *testing.T) {
	exp := &keepingExporter{}
	c, err := New(context.Background(), WithExporter(exp), WithFlushInterval(time.Hour), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.Shutdown(context.Background()) }()
	_, s, _ := c.StartSession(context.Background())

	fake := newFakeSignals()
	stop := handleSignals(func() *Client { return c }, []SignalOption{WithoutSignalExit()}, fake)
	fake.send(syscall.SIGINT)
	waitUntil(t, "the handler to uninstall itself", func() bool {
		fake.mu.Lock()
		defer fake.mu.Unlock()
		return fake.stopped
	})
	stop() // returns once the flush is done
	if !fake.stopped || !s.Ended() || len(exp.Spans()) != 1 {
		t.Errorf("uninstalled %v, session ended %v, %d spans flushed; want true, true, 1", fake.stopped, s.Ended(), len(exp.Spans()))
	}
	select {
	case sig := <-fake.raised:
		t.Errorf("raised %v", sig)
	default:
	}
}
