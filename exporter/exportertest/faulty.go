package exportertest

import (
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Fault is how a Faulty receiver answers a trace request. The zero Fault is
// a healthy receiver: 200 with an empty OTLP response.
type Fault struct {
	Status int               // the HTTP status to answer; 0 means 200 OK
	Header map[string]string // response headers, e.g. Retry-After
	Body   string            // the response body of a non-200 answer
	// Hang holds the request, unanswered, until the receiver's behaviour
	// changes (Set, Down, Close) or the client gives up; a released request
	// is then answered as the behaviour says at that moment (a hanging one
	// has its connection closed).
	Hang bool
	// Cut reads the request, then closes the connection without an answer
	// (a crash in the middle of a request).
	Cut bool
}

// Faults a test often needs.
var (
	Healthy = Fault{}
	Hanging = Fault{Hang: true}
	Cutting = Fault{Cut: true}
)

// Throttled answers 429 with Retry-After: retryAfter (in whole seconds).
func Throttled(retryAfter time.Duration) Fault {
	return Fault{Status: http.StatusTooManyRequests, Body: "slow down",
		Header: map[string]string{"Retry-After": strconv.Itoa(int(retryAfter / time.Second))}}
}

// Faulty is a loopback OTLP/HTTP receiver for fault-injection tests. It
// decodes the real protobuf of every request on POST /v1/traces and records
// it (see Requests, Delivered), and answers as the test says: healthy, an
// HTTP status (429 with Retry-After, 5xx, 401, 413, ...), a hang, a
// connection cut mid-request, or no answer at all (Down: the port refuses
// connections, until Up). Behaviour can change at any time during a test:
// Set changes the standing behaviour, Next queues one-off answers for the
// next requests, and Limit answers 413 to requests above a size.
//
// It closes when the test ends, releasing held requests, and leaves no
// goroutine behind. All methods are safe for concurrent use.
type Faulty struct {
	URL  string // the base URL: point an exporter endpoint here (/v1/traces is appended)
	addr string

	mu       sync.Mutex
	fault    Fault
	queue    []Fault
	limit    int           // bodies above limit bytes get 413; 0: no limit
	release  chan struct{} // closed when the behaviour changes: frees held requests
	srv      *http.Server
	serving  sync.WaitGroup // the Serve goroutine of srv
	handlers sync.WaitGroup // requests being handled
	closed   bool
	held     int // requests being held
	reqs     []FaultyRequest
}

// NewFaulty starts a healthy Faulty receiver on a loopback port and closes
// it when the test ends.
func NewFaulty(tb testing.TB) *Faulty {
	tb.Helper()
	f := &Faulty{release: make(chan struct{})}
	if err := f.listen("127.0.0.1:0"); err != nil {
		tb.Fatal(err)
	}
	f.URL = "http://" + f.addr
	tb.Cleanup(f.Close)
	return f
}

// listen starts serving on addr. f.mu is held or f is not yet shared.
func (f *Faulty) listen(addr string) error {
	var ln net.Listener
	var err error
	for range 50 { // the port of a closed listener is free again at once, or nearly
		if ln, err = net.Listen("tcp", addr); err == nil || !errors.Is(err, syscall.EADDRINUSE) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		return err
	}
	f.addr = ln.Addr().String()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/traces", f.traces)
	f.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	srv := f.srv
	f.serving.Go(func() { _ = srv.Serve(ln) })
	return nil
}

// Set makes every later request (after those queued with Next) meet fault,
// and releases held requests.
func (f *Faulty) Set(fault Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fault = fault
	f.releaseLocked()
}

// Next queues faults for the next requests, one each, before the standing
// behaviour applies again.
func (f *Faulty) Next(faults ...Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queue = append(f.queue, faults...)
}

// Limit answers 413 to every request whose body is larger than n bytes
// (n <= 0: no limit), whatever the behaviour.
func (f *Faulty) Limit(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limit = n
}

// Down takes the receiver off the network: its port refuses connections,
// and open connections are closed (held requests are released first).
func (f *Faulty) Down() {
	f.mu.Lock()
	srv := f.srv
	f.srv = nil
	f.releaseLocked()
	f.mu.Unlock()
	if srv != nil {
		_ = srv.Close()
		f.serving.Wait()
	}
}

// Up puts a receiver taken Down back on the same address.
func (f *Faulty) Up() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.srv != nil || f.closed {
		return nil
	}
	return f.listen(f.addr)
}

// Close shuts the receiver down for good and waits for every request being
// handled to finish.
func (f *Faulty) Close() {
	f.mu.Lock()
	f.closed = true
	f.mu.Unlock()
	f.Down()
	f.handlers.Wait()
}

// releaseLocked frees held requests. f.mu is held.
func (f *Faulty) releaseLocked() {
	close(f.release)
	f.release = make(chan struct{})
}

// take returns the fault for the next request and the channel that
// releases it if it hangs.
func (f *Faulty) take() (Fault, chan struct{}) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.queue) > 0 {
		next := f.queue[0]
		f.queue = f.queue[1:]
		return next, f.release
	}
	return f.fault, f.release
}

// current returns the standing fault (for a released request).
func (f *Faulty) current() Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.fault
}
