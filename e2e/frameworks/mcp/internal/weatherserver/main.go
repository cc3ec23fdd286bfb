// Command weatherserver is the MCP server of the MCP end-to-end tests: a
// get_weather tool and a station tool that returns an error result, served
// by the go-sdk or mcp-go server (-sdk gosdk|mcpgo) over stdio or
// streamable HTTP on loopback (-transport stdio|http), its handler spans
// recorded by the MCP instrumentation and exported to the OTLP/HTTP traces
// URL given with -otlp (service.name weather-mcp) and, when the environment
// names them, to AgentOps (AGENTOPS_API_KEY, ...). Its spans join the
// caller's trace through params._meta. With AGENTOPS_INHERITED_SESSION_ID
// in its environment (the caller's Session.Environ) it joins that session
// as weather-mcp, ended Success when it exits, so that its own stats are
// written on its weather-mcp.process span; else it records into no session
// of its own. With -join request it joins no session at start: each
// request joins its caller's (the MCP instrumentation's WithSessionJoin),
// and the forecast tool's handler records an LLM call there.
//
// Over HTTP it prints "listening <url>" and serves until SIGTERM or
// SIGINT; over stdio it serves until its stdin closes. It then flushes its
// spans and exits 0.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"

	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

func main() {
	sdk := flag.String("sdk", "gosdk", "the MCP SDK: gosdk or mcpgo")
	transport := flag.String("transport", "stdio", "stdio or http")
	otlpURL := flag.String("otlp", "", "the OTLP/HTTP traces URL")
	join := flag.String("join", "start", "start: join the inherited session at start, if any; request: each request joins its caller's")
	flag.Parse()
	log.SetOutput(os.Stderr)
	// mcp-go's stdio client closes the pipe of this process's stderr as it
	// closes: a line logged after that (the joined session's stats at its
	// end) must fail, not end the process with SIGPIPE, as a write to a
	// broken stderr does in Go unless SIGPIPE is ignored.
	signal.Ignore(syscall.SIGPIPE)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(*otlpURL))
	if err != nil {
		log.Fatal(err)
	}
	c, err := otelagentops.New(ctx, otelagentops.WithExporter(exp), otelagentops.WithFlushInterval(100*time.Millisecond),
		otelagentops.WithServiceName("weather-mcp"), otelagentops.WithoutSessionSink())
	if err != nil {
		log.Fatal(err)
	}
	var joined *otelagentops.Session
	if _, ok := c.InheritedSessionID(); ok && *join == "start" {
		if _, joined, err = c.JoinInherited(ctx, otelagentops.WithSessionName("weather-mcp")); err != nil {
			log.Fatal(err)
		}
	}
	var handler http.Handler
	var serveStdio func(context.Context) error
	switch *sdk {
	case "gosdk":
		handler, serveStdio = goSDK(c, *transport, *join == "request")
	case "mcpgo":
		handler, serveStdio = mcpGo(c, *transport, *join == "request")
	default:
		log.Fatalf("unknown -sdk %q", *sdk)
	}
	switch *transport {
	case "stdio":
		err = serveStdio(ctx)
	case "http":
		err = serveHTTP(ctx, handler)
	default:
		log.Fatalf("unknown -transport %q", *transport)
	}
	if err != nil {
		log.Print(err)
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if joined != nil {
		if err := joined.End(shutdown, semconv.EndStateSuccess); err != nil {
			log.Print(err)
		}
	}
	if err := c.Shutdown(shutdown); err != nil {
		log.Fatal(err)
	}
}

// forecastModel is the LLM call the forecast tool records, as an llmhttp
// transport on its model client would.
func forecastModel(ctx context.Context, c *otelagentops.Client) {
	_ = c.RecordLLM(ctx, otelagentops.LLMRequest{Provider: semconv.GenAIProviderOpenAI, Model: "gpt-4o-mini"},
		otelagentops.LLMResponse{Model: "gpt-4o-mini", Usage: otelagentops.Usage{InputTokens: 12, OutputTokens: 7}}, nil)
}

// serveHTTP serves h at /mcp on a loopback port until ctx ends.
func serveHTTP(ctx context.Context, h http.Handler) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/mcp", h)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	fmt.Printf("listening http://%s/mcp\n", ln.Addr())
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}
