// Command openai records an agent run that calls OpenAI through openai-go,
// with every call captured by the llmhttp middleware: one LLM span per HTTP
// attempt in the session, with tokens, cost and content.
//
// With OPENAI_API_KEY set it calls the real API (model gpt-4o-mini, or
// OPENAI_MODEL); without it, a local stand-in server started in-process
// answers, so the example runs offline. With no AGENTOPS_API_KEY the
// session is written to the local session sink and summarised on stderr.
//
//	go run .
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/otelagentops/llmhttp"
	"github.com/agentops-go/sdk/semconv"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run records one session of two LLM calls, a plain one and a streamed
// one, and writes the answers and the session's figures to w.
func run(ctx context.Context, w io.Writer) (err error) {
	if _, err := otelagentops.Init(ctx, otelagentops.WithAutoStartSession(false)); err != nil {
		return err
	}
	defer func() {
		if serr := otelagentops.Shutdown(ctx); err == nil {
			err = serr
		}
	}()
	ctx, session, err := otelagentops.StartSession(ctx, otelagentops.WithSessionName("openai-example"),
		otelagentops.WithTags("example", "openai-go"))
	if err != nil {
		return err
	}

	opts := []option.RequestOption{option.WithMiddleware(llmhttp.Middleware())}
	model := os.Getenv("OPENAI_MODEL")
	if model == "" {
		model = openai.ChatModelGPT4oMini
	}
	if os.Getenv("OPENAI_API_KEY") == "" {
		srv := startStandIn()
		defer srv.Close()
		opts = append(opts, option.WithBaseURL(srv.URL+"/v1/"), option.WithAPIKey("sk-local-stand-in"))
		fmt.Fprintln(w, "OPENAI_API_KEY is not set: answering with a local stand-in server at", srv.URL)
	}
	client := openai.NewClient(opts...)

	// The session travels in ctx: the middleware records each call in it.
	question := openai.ChatCompletionNewParams{
		Model: model,
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.SystemMessage("You are a terse travel assistant."),
			openai.UserMessage("Name one museum in Paris."),
		},
	}
	resp, err := client.Chat.Completions.New(ctx, question)
	if err != nil {
		return endFailed(ctx, session, err)
	}
	fmt.Fprintln(w, "answer:", resp.Choices[0].Message.Content)

	// A streamed call; include_usage makes the stream report its tokens.
	question.Messages = append(question.Messages, resp.Choices[0].Message.ToParam(),
		openai.UserMessage("And one more?"))
	question.StreamOptions = openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}
	stream := client.Chat.Completions.NewStreaming(ctx, question)
	fmt.Fprint(w, "streamed:")
	for stream.Next() {
		if c := stream.Current(); len(c.Choices) > 0 {
			fmt.Fprint(w, c.Choices[0].Delta.Content)
		}
	}
	fmt.Fprintln(w)
	if err := stream.Err(); err != nil {
		return endFailed(ctx, session, err)
	}

	if err := session.End(ctx, semconv.EndStateSuccess); err != nil {
		return err
	}
	st := session.Stats()
	fmt.Fprintf(w, "LLM calls: %d, tokens: %d in / %d out, cost: $%.6f\n", st.LLMCalls, st.InputTokens, st.OutputTokens, st.CostUSD)
	return nil
}

// endFailed ends the session as failed with err, and returns err.
func endFailed(ctx context.Context, s *otelagentops.Session, err error) error {
	_ = s.End(ctx, semconv.EndStateFail, otelagentops.WithReason(err.Error()))
	return err
}
