package exportertest

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// FaultyRequest is one trace request a Faulty receiver got.
type FaultyRequest struct {
	At     time.Time   // when it arrived
	Bearer string      // the Authorization bearer token, "" without one
	Header http.Header // the request's headers
	Size   int         // the body's size as sent (compressed, with gzip)
	// Status is the status answered: 0 when the connection was cut, or the
	// request was held until the client gave up.
	Status int
	// Err is set when the body was not a valid ExportTraceServiceRequest
	// (such a request is answered 400 unless the fault says otherwise).
	Err           error
	ResourceSpans []*tracepb.ResourceSpans
}

// Spans returns the spans of the request.
func (r FaultyRequest) Spans() []*tracepb.Span {
	var out []*tracepb.Span
	for _, rs := range r.ResourceSpans {
		for _, ss := range rs.GetScopeSpans() {
			out = append(out, ss.GetSpans()...)
		}
	}
	return out
}

// Requests returns the requests received and answered (or cut, or given up
// by the client), oldest first.
func (f *Faulty) Requests() []FaultyRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]FaultyRequest(nil), f.reqs...)
}

// Delivered returns the spans of the requests answered with a 2xx status:
// what a real backend would have stored.
func (f *Faulty) Delivered() []*tracepb.Span {
	var out []*tracepb.Span
	for _, r := range f.Requests() {
		if r.Status >= 200 && r.Status <= 299 {
			out = append(out, r.Spans()...)
		}
	}
	return out
}

// traces handles POST /v1/traces.
func (f *Faulty) traces(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		cut(w)
		return
	}
	f.handlers.Add(1)
	limit := f.limit
	f.mu.Unlock()
	defer f.handlers.Done()

	rec := decodeFaulty(r)
	fault, release := f.take()
	if limit > 0 && rec.Size > limit {
		fault = Fault{Status: http.StatusRequestEntityTooLarge, Body: "request body larger than " + strconv.Itoa(limit) + " bytes"}
	}
	if fault.Hang {
		f.hold(1)
		defer f.hold(-1)
		select {
		case <-release:
			if fault = f.current(); fault.Hang {
				fault = Cutting
			}
		case <-r.Context().Done():
			f.record(rec)
			return
		}
	}
	if fault.Cut {
		f.record(rec)
		cut(w)
		return
	}
	if fault.Status == 0 && rec.Err != nil {
		fault = Fault{Status: http.StatusBadRequest, Body: rec.Err.Error()}
	}
	for k, v := range fault.Header {
		w.Header().Set(k, v)
	}
	rec.Status = fault.Status
	if rec.Status == 0 {
		rec.Status = http.StatusOK
		f.record(rec)
		out, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(out)
		return
	}
	f.record(rec)
	w.WriteHeader(rec.Status)
	_, _ = io.WriteString(w, fault.Body)
}

// decodeFaulty reads and decodes the body of r (at most 64 MiB).
func decodeFaulty(r *http.Request) FaultyRequest {
	rec := FaultyRequest{At: time.Now(), Header: r.Header.Clone()}
	rec.Bearer, _ = strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	data, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	rec.Size = len(data)
	if err == nil && r.Header.Get("Content-Encoding") == "gzip" {
		var zr *gzip.Reader
		if zr, err = gzip.NewReader(bytes.NewReader(data)); err == nil {
			data, err = io.ReadAll(zr)
		}
	}
	var req coltracepb.ExportTraceServiceRequest
	if err == nil {
		err = proto.Unmarshal(data, &req)
	}
	rec.Err, rec.ResourceSpans = err, req.GetResourceSpans()
	return rec
}

// Held returns the number of requests being held (Hang) right now.
func (f *Faulty) Held() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.held
}

func (f *Faulty) hold(delta int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.held += delta
}

func (f *Faulty) record(rec FaultyRequest) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reqs = append(f.reqs, rec)
}

// cut closes the connection under w without an answer.
func cut(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // net/http closes the connection
	}
	if conn, _, err := hj.Hijack(); err == nil {
		_ = conn.Close()
	}
}
