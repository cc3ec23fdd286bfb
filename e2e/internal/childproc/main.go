// Command childproc is the child process of the e2e process tests. It
// exports its spans to the OTLP/HTTP traces URL given with -otlp (or, with
// -sink, writes them to the session sink in AGENTOPS_SESSION_DIR), prints
// "session <id>" once its session is started or joined, and then, by its
// argument:
//
//	join       joins the session AGENTOPS_INHERITED_SESSION_ID names (Init),
//	           records an LLM call and a tool call, and ends its part Success
//	join-wait  joins likewise, records, handles signals, prints "ready" and
//	           waits to be signalled
//	signal     starts a session, records a tool call, handles signals,
//	           prints "ready" and waits to be signalled
//	panic      starts a session, defers Recover, and panics
//	shutdown   starts a session, records a tool call, and calls Shutdown
//	           without ending it
//	crash      starts a session, records an LLM call and a tool call,
//	           flushes, prints "ready" and waits to be killed, handling no
//	           signal (its session journal: AGENTOPS_JOURNAL_DIR)
//
// A child left waiting exits with status 3 after a minute.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// panicValue is what the child panics with in the panic mode.
const panicValue = "child boom: deliberate"

func main() {
	otlpURL := flag.String("otlp", "", "the OTLP/HTTP traces URL")
	sink := flag.Bool("sink", false, "write the session sink's files (AGENTOPS_SESSION_DIR) instead of exporting to -otlp")
	flag.Parse()
	if flag.NArg() != 1 || (*otlpURL == "") != *sink {
		log.Fatal("usage: childproc -otlp URL|-sink join|join-wait|signal|panic|shutdown|crash")
	}
	ctx := context.Background()
	opts := []otelagentops.Option{otelagentops.WithFlushInterval(100 * time.Millisecond)}
	if !*sink {
		exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(*otlpURL))
		if err != nil {
			log.Fatal(err)
		}
		opts = append(opts, otelagentops.WithExporter(exp))
	}
	s, err := otelagentops.Init(ctx, opts...)
	if err != nil {
		log.Fatal(err)
	}
	if s == nil {
		log.Fatal("childproc: Init joined no session: set AGENTOPS_INHERITED_SESSION_ID")
	}
	fmt.Println("session", s.ID())

	switch mode := flag.Arg(0); mode {
	case "join":
		record(ctx)
		check(otelagentops.EndSession(ctx, semconv.EndStateSuccess))
		check(otelagentops.Shutdown(ctx))
	case "join-wait", "signal":
		if mode == "join-wait" {
			record(ctx)
		} else {
			check(otelagentops.RecordTool(ctx, otelagentops.Tool{Name: "prepare", Input: "x"}))
		}
		_ = otelagentops.HandleSignals() // for the rest of the process
		fmt.Println("ready")
		time.Sleep(time.Minute)
		fmt.Println("not signalled")
		os.Exit(3)
	case "panic":
		defer func() { _ = otelagentops.Shutdown(ctx) }()
		defer otelagentops.Recover(ctx)
		panic(panicValue)
	case "crash":
		record(ctx)
		check(otelagentops.Default().ForceFlush(ctx))
		fmt.Println("ready")
		time.Sleep(time.Minute)
		fmt.Println("not killed")
		os.Exit(3)
	case "shutdown":
		check(otelagentops.RecordTool(ctx, otelagentops.Tool{Name: "prepare", Input: "x"}))
		check(otelagentops.Shutdown(ctx))
	default:
		log.Fatalf("unknown mode %q", mode)
	}
}

// record records an LLM call and a tool call into the current session.
func record(ctx context.Context) {
	check(otelagentops.RecordLLM(ctx,
		otelagentops.LLMRequest{Provider: semconv.GenAIProviderOpenAI, Model: "gpt-4o-mini"},
		otelagentops.LLMResponse{Model: "gpt-4o-mini", Usage: otelagentops.Usage{InputTokens: 12, OutputTokens: 5}}, nil))
	check(otelagentops.RecordTool(ctx, otelagentops.Tool{Name: "search", Input: "agents", Output: "found"}))
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
