package otelagentops

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/sessiondoc"
)

// hostile is what one row of the hostile-input table runs against: a
// client sending to an OTLP receiver that decodes the real protobuf and to
// a session sink, with its logs.
type hostile struct {
	client *Client
	newErr error // New's error, when the row's configuration is refused
	otlp   *exportertest.Server
	dir    string
	logs   *syncBuffer
}

// newHostile builds the row's client from the environment the row set and
// opts. A refused configuration is kept in newErr for the row to check.
func newHostile(t *testing.T, opts ...Option) *hostile {
	t.Helper()
	h := &hostile{otlp: exportertest.NewServer(t, 0), dir: t.TempDir(), logs: &syncBuffer{}}
	h.otlp.AcceptAnyBearer()
	base := []Option{WithLogger(slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		WithOTLPEndpoint(h.otlp.URL), WithFlushInterval(10 * time.Millisecond)}
	// Every row also writes session files, checked after the run (WithDir
	// overrides the row's AGENTOPS_SESSION_DIR).
	sink, err := sessiondoc.NewSink(sessiondoc.WithDir(h.dir), sessiondoc.WithLogger(slog.New(slog.DiscardHandler)))
	if err == nil {
		base = append(base, WithExporter(sink))
	}
	h.client, h.newErr = New(context.Background(), append(base, opts...)...)
	if h.newErr != nil && sink != nil {
		_ = sink.Shutdown(context.Background())
	}
	return h
}

// start starts a session, failing the test if it cannot.
func (h *hostile) start(t *testing.T) (context.Context, *Session) {
	t.Helper()
	if h.newErr != nil {
		t.Fatalf("New: %v", h.newErr)
	}
	ctx, s, err := h.client.StartSession(context.Background(), WithSessionName("hostile"))
	if err != nil {
		t.Fatal(err)
	}
	return ctx, s
}

// finish shuts the client down and checks that nothing exported is
// corrupt: every OTLP request decoded as the real protobuf and was
// accepted, every string in it is valid UTF-8, and every session file is a
// valid session document. It returns the spans received.
func (h *hostile) finish(t *testing.T) []*tracepb.Span {
	t.Helper()
	if h.client == nil {
		return nil
	}
	_ = h.client.Shutdown(context.Background())
	var spans []*tracepb.Span
	for _, r := range h.otlp.Requests() {
		if r.Status != http.StatusOK {
			t.Errorf("an OTLP request was refused with %d: corrupt export", r.Status)
		}
		spans = append(spans, r.Spans()...)
	}
	for _, s := range spans {
		if !utf8.ValidString(s.GetName()) || !utf8.ValidString(s.GetStatus().GetMessage()) {
			t.Errorf("span %q has invalid UTF-8", s.GetName())
		}
	}
	names, _ := filepath.Glob(filepath.Join(h.dir, "*.json"))
	for _, name := range names {
		data, err := os.ReadFile(name)
		var doc sessiondoc.Document
		if err != nil || !json.Valid(data) || json.Unmarshal(data, &doc) != nil || doc.Session.SessionID == "" {
			t.Errorf("session file %s is not a valid session document (%v)", filepath.Base(name), err)
		}
	}
	if st := h.client.ExportStats(); st.Failed != 0 || st.Dropped != 0 {
		t.Errorf("export stats %+v: spans were lost", st)
	}
	return spans
}

// stringAttr returns the string value of key on the span named name.
func stringAttr(spans []*tracepb.Span, name, key string) (string, bool) {
	for _, s := range spans {
		if s.GetName() != name {
			continue
		}
		for _, kv := range s.GetAttributes() {
			if kv.GetKey() == key {
				return kv.GetValue().GetStringValue(), true
			}
		}
	}
	return "", false
}

// mustNotContain fails if text contains secret.
func mustNotContain(t *testing.T, what, text, secret string) {
	t.Helper()
	if secret != "" && strings.Contains(text, secret) {
		t.Errorf("%s shows %q: %s", what, secret, text)
	}
}
