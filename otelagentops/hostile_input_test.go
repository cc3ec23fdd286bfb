package otelagentops

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/agentops-go/sdk/exporter"
	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/internal/envconfig"
	"github.com/agentops-go/sdk/semconv"
)

// TestHostileInput feeds the SDK what a careless or hostile caller, or a
// broken environment, can give it. Each row gives a clear error (wrapping a
// sentinel where there is one) or is a documented no-op; none panics; and
// whatever is exported after it is valid protobuf, valid UTF-8 and valid
// session JSON, with nothing lost (hostile.finish checks that).
func TestHostileInput(t *testing.T) {
	clearExportEnv(t)
	const key = "8c2e51a4-not-a-uuid-secret-key"
	huge := strings.Repeat("ab", 5<<20) // 10 MiB
	bad := "bad\xff\xfe utf-8 \xc3"
	cycle := map[string]any{}
	cycle["self"] = cycle

	for _, tc := range []struct {
		name string
		env  map[string]string
		opts []Option
		run  func(t *testing.T, h *hostile) error
		want error // nil: the documented outcome is success or a no-op
	}{
		{name: "invalid API key option", opts: []Option{WithAPIKey(key)}, want: exporter.ErrMalformedAPIKey,
			run: func(t *testing.T, h *hostile) error {
				mustNotContain(t, "the error", h.newErr.Error(), key)
				return h.newErr
			}},
		{name: "invalid API key in the environment", env: map[string]string{envconfig.EnvAPIKey: key}, want: exporter.ErrMalformedAPIKey,
			run: func(t *testing.T, h *hostile) error {
				mustNotContain(t, "the error", h.newErr.Error(), key)
				if !strings.Contains(h.newErr.Error(), envconfig.EnvAPIKey) {
					t.Errorf("the error does not name %s: %v", envconfig.EnvAPIKey, h.newErr)
				}
				return h.newErr
			}},
		{name: "invalid session ID", want: ErrInvalidSessionID, run: func(t *testing.T, h *hostile) error {
			_, err := ParseSessionID("'; DROP TABLE sessions; --" + strings.Repeat("x", 1<<20))
			if err == nil || len(err.Error()) > 300 {
				t.Errorf("error not bounded: %d bytes", len(err.Error()))
			}
			if !errors.Is(err, ErrInvalidSessionID) {
				t.Errorf("ParseSessionID = %v, want ErrInvalidSessionID", err)
			}
			_, _, jerr := h.client.JoinSession(context.Background(), SessionID{})
			return jerr
		}},
		{name: "invalid inherited session ID", env: map[string]string{envconfig.EnvInheritedSessionID: "not-a-session"}, want: nil,
			run: func(t *testing.T, h *hostile) error {
				if h.newErr == nil || !strings.Contains(h.newErr.Error(), envconfig.EnvInheritedSessionID) {
					t.Errorf("New = %v, want an error naming %s", h.newErr, envconfig.EnvInheritedSessionID)
				}
				return nil
			}},
		{name: "invalid end state", want: ErrInvalidEndState, run: func(t *testing.T, h *hostile) error {
			ctx, s := h.start(t)
			err := s.End(ctx, "Done")
			if s.Ended() {
				t.Error("an invalid end state ended the session")
			}
			return errors.Join(err, s.End(ctx, semconv.EndStateFail, WithReason(bad)))
		}},
		{name: "bad environment values", env: map[string]string{envconfig.EnvMaxQueueSize: "-1", envconfig.EnvFlushInterval: "soon",
			envconfig.EnvLogLevel: "loud", envconfig.EnvTraceContent: "maybe", envconfig.EnvAttrValueLimit: "big", envconfig.EnvAPIEndpoint: "ftp://x"},
			run: func(t *testing.T, h *hostile) error {
				for _, want := range []string{`AGENTOPS_MAX_QUEUE_SIZE="-1"`, `AGENTOPS_EXPORT_FLUSH_INTERVAL="soon"`, `AGENTOPS_LOG_LEVEL="loud"`,
					`AGENTOPS_TRACE_CONTENT="maybe"`, `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT="big"`, `AGENTOPS_API_ENDPOINT="ftp://x"`} {
					if h.newErr == nil || !strings.Contains(h.newErr.Error(), want) {
						t.Errorf("New's error does not name %s: %v", want, h.newErr)
					}
				}
				return nil
			}},
		{name: "nil contexts", run: func(t *testing.T, h *hostile) error {
			var nilCtx context.Context //nolint:staticcheck // deliberately nil
			_, s, err := h.client.StartSession(nilCtx)
			_, call, err2 := h.client.StartLLM(nilCtx, LLMRequest{Model: "gpt-4o"})
			call.End(LLMResponse{}, nil)
			return errors.Join(err, err2, h.client.RecordTool(nilCtx, Tool{Name: "t"}), h.client.ForceFlush(nilCtx),
				s.End(nilCtx, semconv.EndStateSuccess))
		}},
		{name: "cancelled context", want: context.Canceled, run: func(t *testing.T, h *hostile) error {
			ctx, s := h.start(t)
			cancelled, cancel := context.WithCancel(ctx)
			cancel()
			if err := h.client.RecordTool(cancelled, Tool{Name: "t"}); err != nil {
				t.Errorf("recording with a cancelled context: %v", err)
			}
			_ = s.End(cancelled, semconv.EndStateSuccess)
			return h.client.ForceFlush(cancelled) // Export, ForceFlush and Shutdown honour ctx
		}},
		{name: "huge values are truncated to the default limit", run: func(t *testing.T, h *hostile) error {
			ctx, s := h.start(t)
			err := h.client.RecordLLM(ctx, LLMRequest{Model: "gpt-4o", Messages: []Message{{Role: "user", Content: huge}}},
				LLMResponse{Messages: []Message{{Role: "assistant", Content: huge}}}, nil)
			err = errors.Join(err, h.client.RecordTool(ctx, Tool{Name: "big", Input: huge, Output: huge}),
				s.AddTags(huge), s.End(ctx, semconv.EndStateSuccess, WithReason(huge)))
			spans := h.finish(t)
			for _, k := range []struct{ span, key string }{{"execute_tool big", string(semconv.GenAIToolCallResultKey)},
				{"execute_tool big", string(semconv.GenAIToolCallArgumentsKey)},
				{"hostile.session", string(semconv.AgentOpsSessionEndStateReasonKey)}} {
				v, ok := stringAttr(spans, k.span, k.key)
				if n := utf8.RuneCountInString(v); !ok || n != envconfig.DefaultAttributeValueLengthLimit {
					t.Errorf("%s %s: %d characters, want %d", k.span, k.key, n, envconfig.DefaultAttributeValueLengthLimit)
				}
			}
			// The messages' JSON is cut inside its texts, so that it stays JSON.
			v, _ := stringAttr(spans, "chat gpt-4o", string(semconv.GenAIInputMessagesKey))
			if n := utf8.RuneCountInString(v); n > envconfig.DefaultAttributeValueLengthLimit || n < envconfig.DefaultAttributeValueLengthLimit-8 || !json.Valid([]byte(v)) {
				t.Errorf("gen_ai.input.messages: %d characters, valid JSON %v; want valid JSON of about %d", n, json.Valid([]byte(v)), envconfig.DefaultAttributeValueLengthLimit)
			}
			return err
		}},
		{name: "attribute limit from the environment", env: map[string]string{envconfig.EnvAttrValueLimit: "100"}, run: func(t *testing.T, h *hostile) error {
			ctx, s := h.start(t)
			err := errors.Join(h.client.RecordTool(ctx, Tool{Name: "big", Output: huge}), s.End(ctx, semconv.EndStateSuccess))
			if v, _ := stringAttr(h.finish(t), "execute_tool big", string(semconv.GenAIToolCallResultKey)); len(v) != 100 {
				t.Errorf("value of %d bytes, want 100", len(v))
			}
			return err
		}},
		{name: "no attribute limit by option", env: map[string]string{envconfig.EnvAttrValueLimit: "100"}, opts: []Option{WithAttributeValueLengthLimit(-1)},
			run: func(t *testing.T, h *hostile) error {
				ctx, s := h.start(t)
				err := errors.Join(h.client.RecordTool(ctx, Tool{Name: "big", Output: huge[:1<<20]}), s.End(ctx, semconv.EndStateSuccess))
				if v, _ := stringAttr(h.finish(t), "execute_tool big", string(semconv.GenAIToolCallResultKey)); len(v) != 1<<20 {
					t.Errorf("value of %d bytes, want all %d", len(v), 1<<20)
				}
				return err
			}},
		{name: "invalid UTF-8 everywhere", run: func(t *testing.T, h *hostile) error {
			ctx, s, err := h.client.StartSession(context.Background(), WithSessionName(bad), WithTags(bad))
			err = errors.Join(err, h.client.RecordTool(ctx, Tool{Name: bad, Input: bad, Output: bad}),
				h.client.RecordLLM(ctx, LLMRequest{Model: bad, Messages: []Message{{Role: bad, Content: bad}}}, LLMResponse{Model: bad}, errors.New(bad)),
				h.client.RecordError(ctx, errors.New(bad)), h.client.RecordAction(ctx, Action{Type: bad, Logs: bad}),
				s.End(ctx, semconv.EndStateFail, WithReason(bad)))
			if n := len(h.finish(t)); n != 5 {
				t.Errorf("%d spans delivered, want all 5", n)
			}
			return err
		}},
		{name: "unserializable and cyclic content", run: func(t *testing.T, h *hostile) error {
			ctx, s := h.start(t)
			return errors.Join(h.client.RecordTool(ctx, Tool{Name: "chan", Input: make(chan int), Output: func() {}}),
				h.client.RecordTool(ctx, Tool{Name: "cycle", Input: cycle}), s.End(ctx, semconv.EndStateSuccess))
		}},
		{name: "use after Shutdown", want: ErrShutdown, run: func(t *testing.T, h *hostile) error {
			ctx, s := h.start(t)
			_ = h.client.Shutdown(context.Background())
			if err := h.client.RecordTool(ctx, Tool{Name: "late"}); !errors.Is(err, ErrSessionEnded) {
				t.Errorf("recording into the session Shutdown ended = %v, want ErrSessionEnded", err)
			}
			if err := s.AddTags("late"); !errors.Is(err, ErrSessionEnded) {
				t.Errorf("AddTags after Shutdown = %v", err)
			}
			if err := h.client.ForceFlush(context.Background()); err != nil {
				t.Errorf("ForceFlush after Shutdown = %v, want a no-op", err)
			}
			if err := h.client.RecordTool(context.Background(), Tool{Name: "late"}); !errors.Is(err, ErrShutdown) {
				t.Errorf("RecordTool after Shutdown = %v, want ErrShutdown", err)
			}
			_, _, err := h.client.StartSession(context.Background())
			return err
		}},
		{name: "double Shutdown and double End", want: ErrSessionEnded, run: func(t *testing.T, h *hostile) error {
			ctx, s := h.start(t)
			_ = s.End(ctx, semconv.EndStateSuccess)
			if a, b := h.client.Shutdown(context.Background()), h.client.Shutdown(context.Background()); a != nil || b != nil {
				t.Errorf("Shutdown twice = %v, %v, want nil twice", a, b)
			}
			return s.End(ctx, semconv.EndStateSuccess)
		}},
		{name: "nil calls", run: func(t *testing.T, h *hostile) error {
			(*LLMCall)(nil).End(LLMResponse{}, errors.New("x"))
			(*ToolCall)(nil).End(nil, nil)
			(*Span)(nil).End(nil, nil)
			_ = (*LLMCall)(nil).Span().SpanContext()
			return nil
		}},
		{name: "key rejected by AgentOps", want: nil, run: func(t *testing.T, h *hostile) error {
			srv := exportertest.NewServer(t, 0)
			srv.FailAuth(403, `{"error":"Invalid API key"}`)
			c, logs := newTestClient(t, WithAPIKey("00000000-0000-4000-8000-000000000000"), WithAPIEndpoint(srv.URL), WithExporterEndpoint(srv.URL))
			ctx, s, err := c.StartSession(context.Background())
			err = errors.Join(err, c.RecordTool(ctx, Tool{Name: "t"}), s.End(ctx, semconv.EndStateSuccess))
			_ = c.Shutdown(context.Background())
			if st := c.ExportStats(); st.Failed != 2 || strings.Count(logs.String(), "level=ERROR") != 1 {
				t.Errorf("stats %+v, logs:\n%s\nwant the spans counted failed and one error line", st, logs)
			}
			return err // recording is not affected
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			h := newHostile(t, tc.opts...)
			err := tc.run(t, h)
			if (tc.want == nil && err != nil) || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
			h.finish(t)
		})
	}
}
