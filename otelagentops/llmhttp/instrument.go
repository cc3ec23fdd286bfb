package llmhttp

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// instrumenter is what Middleware and the Transport share: it turns one
// HTTP attempt at an LLM API into one LLM call span.
type instrumenter struct {
	cfg     config
	metrics *metrics // nil without a MeterProvider
}

func newInstrumenter(opts []Option) *instrumenter {
	cfg := newConfig(opts)
	return &instrumenter{cfg: cfg, metrics: newMetrics(cfg.meterProvider)}
}

// client is the client to record with when the context has no session.
func (in *instrumenter) client() *otelagentops.Client {
	if in.cfg.client != nil {
		return in.cfg.client
	}
	return otelagentops.Default()
}

// sessionAvailable tells cheaply, before any body is read, whether a call
// could be recorded: a live session in ctx, or a client with one active.
// content is false when the session the call would be recorded in does not
// capture content, so that prompts and completions need not be gathered.
func (in *instrumenter) sessionAvailable(ctx context.Context) (ok, content bool) {
	if s := otelagentops.SessionFromContext(ctx); s != nil {
		return !s.Ended(), s.CapturesContent()
	}
	c := in.client()
	if c == nil {
		return false, false
	}
	active := c.ActiveSessions()
	if len(active) == 1 {
		return true, active[0].CapturesContent()
	}
	return len(active) > 0, true
}

// roundTrip sends r through next, recording it when it is an LLM API call
// and a session is available. The caller gets next's response and error as
// they are; only the response body is wrapped, to parse the bytes as the
// caller reads them. Recording never fails the call.
func (in *instrumenter) roundTrip(r *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	kind := route(r)
	if kind == apiNone || otelagentops.LLMCallFromContext(r.Context()) != nil {
		return next(r) // not an LLM API call, or one already recorded (an integration's, or an outer llmhttp's)
	}
	ok, content := in.sessionAvailable(r.Context())
	if !ok {
		return next(r)
	}
	start := time.Now()
	body := copyRequestBody(r, in.cfg.maxRequest)
	info := safeParseRequest(kind, body.data, content)
	req := info.LLMRequest
	req.Provider, req.Operation, req.StartTime = provider(r.URL, kind), kind.operation(), start
	req.ServerAddress, req.ServerPort = r.URL.Hostname(), serverPort(r.URL)
	if req.Model == "" {
		req.Model = azureDeployment(r.URL)
	}

	ctx, call, err := in.client().StartLLM(r.Context(), req)
	if err != nil {
		call, ctx = nil, r.Context()
	}
	send := r
	if call != nil || body.replay != nil {
		send = r.WithContext(ctx) // a shallow copy: r itself is never changed
		if body.replay != nil {
			send.Body = body.replay
		}
	}
	if call != nil && in.cfg.includeStreamUsage && body.complete && req.Stream && !info.hasIncludeUsage &&
		(kind == apiChat || kind == apiCompletions) && req.Provider != semconv.GenAIProviderAnthropic {
		if injected, ok := safeInject(body.data); ok {
			withBody(send, r.Body, injected)
		}
	}
	if call == nil {
		return next(send)
	}
	if n := resendCount(r); n > 0 {
		call.Span().SetAttributes(semconv.HTTPRequestResendCount(n))
	}

	st := &callState{in: in, call: call, ctx: ctx, kind: kind, start: start, req: req, content: content}
	res, err := next(send)
	switch {
	case err != nil:
		st.end(otelagentops.LLMResponse{ErrorType: errorClass(err)}, err, false)
	case res == nil:
		st.end(otelagentops.LLMResponse{}, nil, false)
	default:
		st.response(res)
	}
	return res, err
}

// callState is one recorded call between its request and its end.
type callState struct {
	in    *instrumenter
	call  *otelagentops.LLMCall
	ctx   context.Context // carries the call's span, for metric exemplars
	kind  apiKind
	start time.Time
	req   otelagentops.LLMRequest
	body  body // the response body, allocated with the call

	content bool // the session captures content: output messages are recorded
}

// response records what the response head says and arranges for the call
// to end when the body ends or is closed (at once when there is no body).
// Nothing is read ahead: an error status (400 or above) is recorded as the
// caller reads the body, with its first bytes as the excerpt.
func (st *callState) response(res *http.Response) {
	st.call.Span().SetAttributes(semconv.HTTPResponseStatusCode(res.StatusCode))
	noBody := res.Body == nil || res.Body == http.NoBody
	switch {
	case res.StatusCode >= 400 && noBody:
		st.endStatus(res.StatusCode, "")
	case res.StatusCode >= 400:
		res.Body = &errorBody{rc: res.Body, st: st, code: res.StatusCode}
	case noBody:
		st.end(otelagentops.LLMResponse{}, nil, false)
	default:
		res.Body = newBody(st, res)
	}
}

// endStatus ends a call answered with an HTTP error status: error.type is
// the status code, error.message the status and the body's excerpt.
func (st *callState) endStatus(code int, excerpt string) {
	st.end(otelagentops.LLMResponse{ErrorType: strconv.Itoa(code)}, &statusError{code: code, excerpt: excerpt}, false)
}

// end ends the call's span and records its metrics.
func (st *callState) end(resp otelagentops.LLMResponse, err error, usageKnown bool) {
	resp.EndTime = time.Now()
	resp.UsageUnknown = !usageKnown
	st.call.End(resp, err)
	st.in.metrics.record(st, resp, err, usageKnown)
}

// safeParseRequest is parseRequest, with a parser panic (a bug, never the
// caller's problem) contained: the call is then recorded without the
// request's fields.
func safeParseRequest(kind apiKind, b []byte, content bool) (info requestInfo) {
	defer func() {
		if recover() != nil {
			info = requestInfo{}
		}
	}()
	return readRequest(kind, b, content)
}

// safeInject is injectIncludeUsage with a panic contained: the request is
// then sent unchanged.
func safeInject(b []byte) (out []byte, ok bool) {
	defer func() {
		if recover() != nil {
			out, ok = nil, false
		}
	}()
	return injectIncludeUsage(b)
}
