package e2e_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/otel"

	"github.com/agentops-go/sdk/e2e/internal/llmserver"
	"github.com/agentops-go/sdk/exporter"
	"github.com/agentops-go/sdk/exporter/exportertest"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/otelagentops/llmhttp"
	"github.com/agentops-go/sdk/semconv"
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
// error answers and a token revoked mid-run. It captures every byte
// exported (raw OTLP request bodies, legacy REST request bodies, session
// files), every log line (at debug) and everything OTel's global error
// handler prints, and scans it all: the API key, the AgentOps JWTs and the
// legacy session tokens never appear; with AGENTOPS_TRACE_CONTENT=false no
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
			for _, s := range secrets {
				if where := got.find("", s); len(where) > 0 {
					t.Errorf("a credential (%.12s…) appears in %v", s, where)
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
func runLeakSession(t *testing.T) (*captured, []string) {
	got := &captured{}
	logs := &logSink{got: got}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) { got.add("otel error handler", []byte(err.Error())) }))
	defer otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) { logger.Warn("otel", "error", err) }))

	ao := exportertest.NewServer(t, 0)
	aoURL := captureProxy(t, ao.URL, got)
	legacySrv := newLegacyStandIn(t, got, exportertest.APIKey)
	legacy, err := exporter.NewLegacy(exporter.WithAPIKey(exportertest.APIKey), exporter.WithAPIEndpoint(legacySrv.URL), exporter.WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sink, err := exporter.NewSessionSink(exporter.WithSessionDir(dir), exporter.WithLogger(logger))
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
	actx, agent, _ := c.StartAgent(ctx, "planner", secretContent[6])
	_ = c.RecordLLM(actx, otelagentops.LLMRequest{Provider: "openai", Model: "gpt-4o", Messages: []otelagentops.Message{{Role: "user", Content: secretContent[0]}}},
		otelagentops.LLMResponse{Model: "gpt-4o", Messages: []otelagentops.Message{{Role: "assistant", Content: secretContent[1]}},
			Usage: otelagentops.Usage{InputTokens: 10, OutputTokens: 5}}, nil)
	_ = c.ForceFlush(context.Background())
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
	_ = c.ForceFlush(context.Background())
	_ = s.End(ctx, semconv.EndStateFail, otelagentops.WithReason("gave up"))
	if err := c.Shutdown(context.Background()); err != nil {
		t.Logf("Shutdown: %v", err) // the echoing servers refuse some batches on purpose
	}

	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		data, _ := os.ReadFile(f)
		got.add("file "+filepath.Base(f), data)
	}
	var secrets []string
	for _, tok := range ao.Issued() {
		secrets = append(secrets, tok, strings.Split(tok, ".")[1]) // the JWT, and its payload (which holds the key)
	}
	if len(ao.Issued()) < 2 || len(legacySrv.issued()) == 0 {
		t.Fatalf("%d AgentOps tokens and %d legacy tokens issued: the run did not exercise re-authentication", len(ao.Issued()), len(legacySrv.issued()))
	}
	return got, append(append(secrets, legacySrv.issued()...), exportertest.APIKey)
}

// logSink records each log line under "log".
type logSink struct{ got *captured }

func (l *logSink) Write(p []byte) (int, error) {
	l.got.add("log", p)
	return len(p), nil
}
