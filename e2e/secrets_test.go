package e2e_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/otel"

	"github.com/agentops-go/sdk/e2e/internal/llmserver"
	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/otelagentops/llmhttp"
	"github.com/agentops-go/sdk/semconv"
	"github.com/agentops-go/sdk/sessiondoc"
)

// Content of the run: each must be absent from everything when content
// capture is off, and is present (the scan can see it) when it is on.
var secretContent = []string{
	"PROMPT-7f3a what is my account balance", "COMPLETION-91bc it is 42", "CHATPROMPT-5e1d Weather in Paris?",
	llmserver.Reply, "TOOL-INPUT-c0de", "TOOL-OUTPUT-beef", "AGENT-INPUT-a11ce", "AGENT-OUTPUT-b0b",
}

// TestNoCredentialOrContentLeaks runs a full session (an agent, an LLM call
// recorded by hand and one by the real openai-go client through the llmhttp
// middleware, a tool call, an error, End Fail) through the AgentOps
// exporter, the legacy REST exporter and the session sink side by side,
// with a trace endpoint and a legacy server that echo credentials in their
// error answers and tokens revoked mid-run: the AgentOps JWT, and the
// legacy session token at its first create_events (401), which the legacy
// exporter must renew through /v2/reauthorize_jwt and send the events again
// with, losing none (checkLegacyRenewal). It captures every byte exported
// (raw OTLP request bodies, legacy REST request bodies, session files),
// every log line (at debug), everything OTel's global error handler prints
// and the errors ForceFlush, End and Shutdown return, and scans it all: the
// API key, the AgentOps JWTs and both legacy session tokens (the original
// and the renewed one) never appear; with AGENTOPS_TRACE_CONTENT=false no
// prompt, completion, tool or agent input or output appears either.
func TestNoCredentialOrContentLeaks(t *testing.T) {
	for _, capture := range []bool{true, false} {
		name := map[bool]string{true: "content on", false: "content off"}[capture]
		t.Run(name, func(t *testing.T) {
			for _, k := range []string{"AGENTOPS_API_KEY", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"} {
				t.Setenv(k, "")
			}
			t.Setenv("AGENTOPS_TRACE_CONTENT", map[bool]string{true: "true", false: "false"}[capture])
			got, secrets := runLeakSession(t)

			if got.count("otlp") == 0 || got.count("legacy /v2/create_events") == 0 || got.count("file") == 0 {
				t.Fatalf("nothing captured to scan: %d OTLP bodies, %d legacy event bodies, %d files",
					got.count("otlp"), got.count("legacy /v2/create_events"), got.count("file"))
			}
			// The legacy server's failed update_session (after the renewal)
			// echoed the key and the renewed token: its error must have
			// been captured for the scan to mean anything.
			if echoed := len(got.find("log", "cannot update: key")) + len(got.find("otel", "cannot update: key")); echoed == 0 {
				t.Fatal("the legacy update_session error is in no captured log or error: the scan cannot see the renewed token")
			}
			for what, s := range secrets {
				if where := got.find("", s); len(where) > 0 {
					t.Errorf("%s appears in %v", what, where)
				}
			}
			for _, text := range secretContent {
				where := got.find("", text)
				switch {
				case !capture && len(where) > 0:
					t.Errorf("content %q appears with capture off, in %v", text, where)
				case capture && len(got.find("otlp", text)) == 0:
					t.Errorf("content %q is not in the OTLP payloads with capture on: the scan cannot see it", text)
				}
			}
		})
	}
}

// runLeakSession runs the session and returns what was captured and the
// credentials in play.
func runLeakSession(t *testing.T) (*captured, map[string]string) {
	got := &captured{}
	logs := &logSink{got: got}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) { got.add("otel error handler", []byte(err.Error())) }))
	defer otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) { logger.Warn("otel", "error", err) }))

	ao := exportertest.NewServer(t, 0)
	aoURL := captureProxy(t, ao.URL, got)
	legacySrv := newLegacyStandIn(t, got, exportertest.APIKey)
	legacy, err := sessiondoc.NewLegacy(sessiondoc.WithAPIKey(exportertest.APIKey), sessiondoc.WithAPIEndpoint(legacySrv.URL), sessiondoc.WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sink, err := sessiondoc.NewSink(sessiondoc.WithDir(dir), sessiondoc.WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	c, err := otelagentops.New(context.Background(), otelagentops.WithAPIKey(exportertest.APIKey),
		otelagentops.WithAPIEndpoint(aoURL), otelagentops.WithExporterEndpoint(aoURL), otelagentops.WithLogger(logger),
		otelagentops.WithExporter(legacy), otelagentops.WithExporter(sink), otelagentops.WithFlushInterval(20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}

	ctx, s, err := c.StartSession(context.Background(), otelagentops.WithSessionName("leak"), otelagentops.WithTags("scan"))
	if err != nil {
		t.Fatal(err)
	}
	keep := func(err error) { // error texts the run returns are scanned too
		if err != nil {
			got.add("error", []byte(err.Error()))
		}
	}
	actx, agent, _ := c.StartAgent(ctx, "planner", secretContent[6])
	_ = c.RecordLLM(actx, otelagentops.LLMRequest{Provider: "openai", Model: "gpt-4o", Messages: []otelagentops.Message{{Role: "user", Content: secretContent[0]}}},
		otelagentops.LLMResponse{Model: "gpt-4o", Messages: []otelagentops.Message{{Role: "assistant", Content: secretContent[1]}},
			Usage: otelagentops.Usage{InputTokens: 10, OutputTokens: 5}}, nil)
	keep(c.ForceFlush(context.Background()))
	ao.RevokeAll() // the next export re-authenticates
	ao.QueueTraceStatus(http.StatusBadRequest, nil, "rejected key="+exportertest.APIKey+" token="+strings.Join(ao.Issued(), ","))

	llm := llmserver.New(t)
	oc := openai.NewClient(option.WithBaseURL(llm.URL+"/v1/"), option.WithAPIKey("sk-test"), option.WithMiddleware(llmhttp.Middleware()))
	if _, err := oc.Chat.Completions.New(actx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT4oMini,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(secretContent[2])}}); err != nil {
		t.Fatal(err)
	}
	_ = c.RecordTool(actx, otelagentops.Tool{Name: "balance", Input: secretContent[4], Output: secretContent[5]})
	_ = c.RecordError(actx, errors.New("the ledger timed out"))
	agent.End(secretContent[7], nil)
	keep(c.ForceFlush(context.Background()))
	keep(s.End(ctx, semconv.EndStateFail, otelagentops.WithReason("gave up")))
	keep(c.Shutdown(context.Background())) // the echoing servers refuse some batches on purpose

	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	sessions := map[string][]byte{}
	for _, f := range files {
		data, _ := os.ReadFile(f)
		got.add("file "+filepath.Base(f), data)
		sessions[filepath.Base(f)] = data
	}
	checkLegacyRenewal(t, legacySrv, sessions)
	if len(ao.Issued()) < 2 {
		t.Fatalf("%d AgentOps tokens issued: the run did not exercise re-authentication", len(ao.Issued()))
	}
	secrets := map[string]string{"the API key": exportertest.APIKey}
	for i, tok := range ao.Issued() {
		secrets[fmt.Sprintf("AgentOps JWT #%d", i+1)] = tok
		secrets[fmt.Sprintf("the payload of AgentOps JWT #%d", i+1)] = strings.Split(tok, ".")[1] // it holds the key
	}
	for i, tok := range legacySrv.issued() {
		secrets[fmt.Sprintf("legacy session JWT #%d", i+1)] = tok // #1 the original, #2 the renewed one
	}
	return got, secrets
}

// checkLegacyRenewal checks that the legacy exporter renewed the session
// token the stand-in expired (one reauthorize_jwt: the original token and
// the renewed one) and lost no event doing so: the stand-in accepted each
// event of the session sink's files once.
func checkLegacyRenewal(t *testing.T, l *legacyStandIn, sessionFiles map[string][]byte) {
	t.Helper()
	reauths, accepted := l.reauthorized()
	if n := len(l.issued()); reauths != 1 || n != 2 {
		t.Fatalf("%d legacy tokens issued, %d by reauthorize_jwt: want the original and one renewed after the 401", n, reauths)
	}
	var want []string
	for name, data := range sessionFiles {
		var doc struct {
			Events []struct {
				ID string `json:"id"`
			} `json:"events"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("session file %s: %v", name, err)
		}
		for _, e := range doc.Events {
			want = append(want, e.ID)
		}
	}
	slices.Sort(want)
	slices.Sort(accepted)
	if len(want) < 4 || !slices.Equal(accepted, want) {
		t.Errorf("the legacy server accepted events %v, want those of the session file %v (at least 4)", accepted, want)
	}
}

// logSink records each log line under "log".
type logSink struct{ got *captured }

func (l *logSink) Write(p []byte) (int, error) {
	l.got.add("log", p)
	return len(p), nil
}
