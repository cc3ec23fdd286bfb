package llmhttp

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/agentops-go/sdk/otelagentops"
)

// errClosed marks a body closed by its reader, possibly before its end.
var errClosed = errors.New("llmhttp: body closed")

// body wraps a response body. The caller reads it exactly as before: each
// Read goes straight to the underlying body and returns its bytes and error
// unchanged, with no read-ahead. The bytes it returned are then fed to the
// parser, bounded, and the call ends at EOF, on a read error or on Close,
// whichever comes first. Read and Close may be called concurrently.
type body struct {
	rc io.ReadCloser
	st *callState

	// parse is set once, before the body is handed out, and never changed:
	// whether there is a parser at all (res may later be dropped under mu).
	parse bool

	mu     sync.Mutex
	done   bool
	res    *result      // nil once a parser panicked (see contain); read under mu
	events *sseSplitter // a stream's events; nil for a JSON body
	json   *capture     // a JSON body's bytes; nil for a stream
	ttft   time.Duration

	// The result and capture that res and json point to: one allocation
	// for the body's parsing state.
	resMem  result
	jsonMem capture
}

func newBody(st *callState, res *http.Response) *body {
	b := &st.body
	*b = body{rc: res.Body, st: st}
	if st.in.cfg.maxResponse <= 0 || !identityEncoding(res.Header) {
		return b // passes through; the call still ends with the body
	}
	b.resMem = result{out: outputs{budget: st.in.cfg.maxResponse, discard: !st.content}}
	b.res, b.parse = &b.resMem, true
	if isEventStream(res.Header, st.req.Stream) {
		b.events = newSSESplitter(streamParser{kind: st.kind, res: b.res}, st.in.cfg.maxResponse)
	} else {
		b.jsonMem.init(st.in.cfg.maxResponse, res.ContentLength)
		b.json = &b.jsonMem
	}
	return b
}

func (b *body) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 && b.parse {
		b.mu.Lock()
		if !b.done && b.res != nil {
			b.feed(p[:n])
		}
		b.mu.Unlock()
	}
	if err != nil {
		b.finish(err)
	}
	return n, err
}

func (b *body) Close() error {
	err := b.rc.Close()
	b.finish(errClosed)
	return err
}

// feed parses bytes the caller has read. Callers hold mu. Should a parser
// ever panic, parsing stops and the caller's read is unaffected.
func (b *body) feed(p []byte) {
	defer b.contain()
	if b.json != nil {
		b.json.write(p)
		return
	}
	b.events.write(p)
	if b.ttft == 0 && b.res.output {
		b.ttft = max(time.Since(b.st.start), time.Nanosecond)
	}
}

// finish ends the call once, with what was read before err (io.EOF,
// errClosed or a read error). The span ends outside the lock.
func (b *body) finish(err error) {
	b.mu.Lock()
	if b.done {
		b.mu.Unlock()
		return
	}
	b.done = true
	resp, callErr, usageKnown := b.conclude(err)
	b.mu.Unlock()
	b.st.end(resp, callErr, usageKnown)
}

// conclude turns what was parsed into the call's response and error.
func (b *body) conclude(err error) (otelagentops.LLMResponse, error, bool) {
	var resp otelagentops.LLMResponse
	var callErr error
	if err != io.EOF && err != errClosed {
		callErr = err
		resp.ErrorType = errorClass(err)
	}
	out, ok := b.parsed(err)
	if !ok {
		return resp, callErr, false
	}
	out.TimeToFirstToken, out.ErrorType = b.ttft, resp.ErrorType
	out.Incomplete = b.events != nil && !b.res.final
	if callErr == nil && b.res.errType != "" {
		callErr = &bodyError{typ: b.res.errType, msg: b.res.errMsg}
		out.ErrorType = b.res.errType
	}
	return out, callErr, b.res.usageKnown(b.st.kind)
}

// parsed finishes parsing and returns the response read, or false when
// nothing was parsed (or a parser panicked).
func (b *body) parsed(err error) (out otelagentops.LLMResponse, ok bool) {
	defer b.contain()
	if b.res == nil {
		return out, false
	}
	switch {
	case b.events != nil && err == io.EOF:
		b.events.end()
	case b.json != nil:
		b.json.parse(b.st.kind, b.res)
	}
	return b.res.response(b.st.kind), true
}

// contain stops a parser panic from reaching the caller: parsing stops
// for this body, and the call ends with what the span already has.
func (b *body) contain() {
	if recover() != nil {
		b.res, b.events, b.json = nil, nil, nil
	}
}

// streamParser routes a stream's events to its API's parser.
type streamParser struct {
	kind apiKind
	res  *result
}

var doneEvent = []byte("[DONE]")

func (s streamParser) event(name, data []byte) {
	switch s.kind {
	case apiResponses:
		responsesEvent(name, data, s.res)
	case apiMessages:
		anthropicEvent(name, data, s.res)
	default:
		if bytes.Equal(bytes.TrimSpace(data), doneEvent) {
			s.res.final = true
			return
		}
		parseOpenAIChunk(data, s.res)
	}
}

// isEventStream reports whether a response is a server-sent event stream:
// by its content type, or, for a streaming request, by not being JSON.
func isEventStream(h http.Header, streamRequested bool) bool {
	mt, _, _ := strings.Cut(h.Get("Content-Type"), ";")
	mt = strings.TrimSpace(mt)
	switch {
	case strings.EqualFold(mt, "text/event-stream"):
		return true
	case strings.EqualFold(mt, "application/json") || strings.HasSuffix(strings.ToLower(mt), "+json"):
		return false
	}
	return streamRequested
}

// identityEncoding reports whether the body is readable as it is (Go's
// transport removes the gzip it asked for itself).
func identityEncoding(h http.Header) bool {
	ce := h.Get("Content-Encoding")
	return ce == "" || strings.EqualFold(ce, "identity")
}
