package sessionindextest

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"go.opentelemetry.io/otel/sdk/resource"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// JoinedPID is the process ID of the process that joins the joined
// session: the worker's spans name it (process.pid of its resource), and
// its partial file is <session-id>.partial-<JoinedPID>.json.
const JoinedPID = 4343

// The figures of the joined session, by the process that recorded them.
// The owner ("orchestrator") makes a priced LLM call and a tool call; the
// worker, which joins it, an LLM call the user priced, an unpriced one and
// a failed tool call. The session's row counts both processes.
const (
	JoinedOwnerCostUSD  = 0.0125
	JoinedWorkerCostUSD = 0.25
	JoinedLLMCalls      = 3
	JoinedToolCalls     = 2
	JoinedErrors        = 1
	JoinedUnpriced      = 1
	JoinedInputTokens   = 100 + 20 + 7
	JoinedOutputTokens  = 10 + 4 + 3
)

// joined records, through c (writing to dir), a session another process
// joins, as two processes record it: the worker is a client of its own
// whose resource names process JoinedPID, writing its session files to a
// folder of its own, as a process would. Its partial file is moved into
// dir under the name that process would have given it before the owner
// ends the session, so that the owner's sink merges it when the root
// arrives, as it merges a joined process's file. It returns the session
// ID.
func joined(t testing.TB, c *otelagentops.Client, dir string) string {
	t.Helper()
	ctx, s, err := c.StartSession(context.Background(), otelagentops.WithSessionName("orchestrator"), otelagentops.WithTags("joined"))
	if err != nil {
		t.Fatal(err)
	}
	owner := JoinedOwnerCostUSD
	if err := errors.Join(
		c.RecordLLM(ctx, otelagentops.LLMRequest{Model: "gpt-4.1"},
			otelagentops.LLMResponse{Usage: otelagentops.Usage{InputTokens: 100, OutputTokens: 10}, CostUSD: &owner}, nil),
		c.RecordTool(ctx, otelagentops.Tool{Name: "dispatch", Input: "1 worker", Output: "started"})); err != nil {
		t.Fatal(err)
	}

	workerDir := t.TempDir()
	w, err := otelagentops.New(context.Background(), otelagentops.WithSessionDir(workerDir), otelagentops.WithoutJournal(),
		otelagentops.WithoutEnvData(), otelagentops.WithResource(resource.NewSchemaless(semconv.ProcessPID(JoinedPID))),
		otelagentops.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		t.Fatal(err)
	}
	wctx, ws, err := w.JoinSession(context.Background(), s.ID(), otelagentops.WithSessionName("worker"))
	if err != nil {
		t.Fatal(err)
	}
	worker := JoinedWorkerCostUSD
	if err := errors.Join(
		w.RecordLLM(wctx, otelagentops.LLMRequest{Model: "claude-x"},
			otelagentops.LLMResponse{Usage: otelagentops.Usage{InputTokens: 20, OutputTokens: 4}, CostUSD: &worker}, nil),
		w.RecordLLM(wctx, otelagentops.LLMRequest{Model: "my-local-model"},
			otelagentops.LLMResponse{Usage: otelagentops.Usage{InputTokens: 7, OutputTokens: 3}}, nil),
		w.RecordTool(wctx, otelagentops.Tool{Name: "fetch", Err: errors.New("timeout")}),
		ws.End(wctx, semconv.EndStateSuccess), w.Shutdown(context.Background())); err != nil {
		t.Fatal(err)
	}
	own := s.ID().String() + ".partial-" + strconv.Itoa(os.Getpid()) + ".json"
	if err := os.Rename(filepath.Join(workerDir, own), filepath.Join(dir, s.ID().String()+".partial-"+strconv.Itoa(JoinedPID)+".json")); err != nil {
		t.Fatal(err)
	}

	if err := s.End(ctx, semconv.EndStateSuccess); err != nil {
		t.Fatal(err)
	}
	return s.ID().String()
}
