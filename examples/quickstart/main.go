// Command quickstart runs a small simulated research agent and records it as
// an AgentOps session. It needs no account and no network: the LLM answers
// are canned. Run it with
//
//	go run ./examples/quickstart
//
// Offline, the session is written to ./agentops-sessions/<session-id>.json
// (AGENTOPS_SESSION_DIR); see it with go run ./cmd/agentops view (a local
// dashboard) or go run ./cmd/agentops show <session-id>. With AGENTOPS_API_KEY set,
// the same session goes to the AgentOps dashboard instead, and the log
// prints its link; with OTEL_EXPORTER_OTLP_ENDPOINT, to any OTLP backend.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

func main() {
	if err := run(context.Background()); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context) error {
	// Init reads AGENTOPS_* from the environment and starts a session.
	session, err := otelagentops.Init(ctx, otelagentops.WithDefaultTags("quickstart", "simulated"))
	if err != nil {
		return err
	}
	// Shutdown flushes everything; a session still open would end Indeterminate.
	defer func() {
		if err := otelagentops.Shutdown(ctx); err != nil {
			log.Print(err)
		}
	}()
	if session == nil {
		return errors.New("no session was started: unset AGENTOPS_AUTO_START_SESSION to run the quickstart")
	}
	fmt.Println("session", session.ID())

	question := "Which Go SDK records AI agents as OpenTelemetry traces?"
	plan, err := askLLM(ctx, "You plan research.", question, "1. search the web 2. summarise")
	if err != nil {
		return err
	}

	// A tool call: StartTool/End around the real work.
	tctx, search, err := otelagentops.StartTool(ctx, "web_search", map[string]string{"query": question})
	if err != nil {
		return err
	}
	results := searchWeb(tctx, question)
	search.End(results, nil)

	// An action the agent took, and an error it recovered from.
	if err := otelagentops.RecordAction(ctx, otelagentops.Action{Type: "open_url", Logs: results[0]}); err != nil {
		return err
	}
	if err := otelagentops.RecordError(ctx, errors.New("page timed out after 3s; using the cached copy")); err != nil {
		return err
	}

	answer, err := askLLM(ctx, "You summarise.", plan+"\n"+strings.Join(results, "\n"), "agentops-go: sessions on OpenTelemetry.")
	if err != nil {
		return err
	}
	fmt.Println("answer:", answer)

	if err := session.End(ctx, semconv.EndStateSuccess, otelagentops.WithReason("answered")); err != nil {
		return err
	}
	st := session.Stats()
	fmt.Printf("tokens: %d in, %d out; estimated cost $%.6f\n", st.InputTokens, st.OutputTokens, st.CostUSD)
	if os.Getenv("AGENTOPS_API_KEY") == "" && os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") == "" {
		dir := os.Getenv("AGENTOPS_SESSION_DIR")
		if dir == "" {
			dir = "agentops-sessions"
		}
		fmt.Printf("session file: %s/%s.json\n", dir, session.ID())
		fmt.Println("see it: go run ./cmd/agentops view   (or: go run ./cmd/agentops show " + session.ID().String() + ")")
	}
	return nil
}

// askLLM simulates one chat completion with token usage and records it.
func askLLM(ctx context.Context, system, prompt, canned string) (string, error) {
	_, call, err := otelagentops.StartLLM(ctx, otelagentops.LLMRequest{
		Provider: semconv.GenAIProviderOpenAI, Model: "gpt-4o-mini", Temperature: new(0.2),
		Messages: []otelagentops.Message{{Role: "system", Content: system}, {Role: "user", Content: prompt}},
	})
	if err != nil {
		return "", err
	}
	time.Sleep(20 * time.Millisecond) // the "network"
	call.End(otelagentops.LLMResponse{
		ID: "chatcmpl-simulated", Model: "gpt-4o-mini-2024-07-18", FinishReasons: []string{"stop"},
		Messages: []otelagentops.Message{{Role: "assistant", Content: canned, FinishReason: "stop"}},
		Usage:    otelagentops.Usage{InputTokens: int64(len(system+prompt) / 4), OutputTokens: int64(len(canned) / 4)},
	}, nil)
	return canned, nil
}

// searchWeb stands in for a real search tool.
func searchWeb(ctx context.Context, query string) []string {
	_ = ctx
	time.Sleep(10 * time.Millisecond)
	return []string{"https://github.com/agentops-go/sdk", "https://opentelemetry.io/docs/languages/go/"}
}
