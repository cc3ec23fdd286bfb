package mcp_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	mcpgoclient "github.com/mark3labs/mcp-go/client"
	mcpgo "github.com/mark3labs/mcp-go/mcp"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/agentops-go/sdk/e2e/internal/backend"
	otelmcp "github.com/agentops-go/sdk/instrumentation/mcp/gosdk"
	"github.com/agentops-go/sdk/instrumentation/mcp/mcpgo"
	"github.com/agentops-go/sdk/otelagentops"
	"github.com/agentops-go/sdk/semconv"
)

// caller calls the weather server's tools through one SDK's instrumented
// client, over one transport, the server being a child process.
type caller interface {
	callTool(ctx context.Context, name, city string) (isError bool, err error)
	close(t *testing.T) // closes the connection and waits for the server to exit
}

// opener connects one SDK's instrumented client to the server program.
type opener func(context.Context, *testing.T, *otelagentops.Client, string, child) caller

// eachCaller starts Jaeger, builds the server program and runs test for
// both SDKs over both transports the issue names (stdio: the server
// started by the client's command transport; streamable HTTP: the server
// listening on loopback), a subtest each.
func eachCaller(t *testing.T, test func(t *testing.T, j *backend.Jaeger, bin, sdk, transport string, open opener)) {
	j := backend.StartJaeger(t)
	bin := buildServer(t)
	for _, tc := range []struct {
		sdk  string
		open opener
	}{
		{"gosdk", newGoSDKCaller},
		{"mcpgo", newMCPGoCaller},
	} {
		for _, transport := range []string{"stdio", "http"} {
			t.Run(tc.sdk+"/"+transport, func(t *testing.T) { test(t, j, bin, tc.sdk, transport, tc.open) })
		}
	}
}

// netTransport is network.transport for the -transport flag.
func netTransport(transport string) string {
	if transport == "stdio" {
		return semconv.NetworkTransportPipe
	}
	return semconv.NetworkTransportTCP
}

// child is how the server program is started: its path, the OTLP traces
// URL it exports to, and what its environment adds to the test's (the
// caller's session to join, the AgentOps endpoints).
type child struct {
	bin, otlpURL string
	env          []string
	join         string // the -join flag; "": the program's default
}

// args are the server program's arguments.
func (ch child) args(sdk, transport string) []string {
	args := []string{"-sdk", sdk, "-transport", transport, "-otlp", ch.otlpURL}
	if ch.join != "" {
		args = append(args, "-join", ch.join)
	}
	return args
}

// command is the server program's command, with its environment.
func (ch child) command(sdk, transport string) *exec.Cmd {
	cmd := exec.Command(ch.bin, ch.args(sdk, transport)...)
	cmd.Env = append(os.Environ(), ch.env...)
	return cmd
}

// httpServer is a server child process listening on loopback.
type httpServer struct {
	cmd    *exec.Cmd
	url    string
	stderr *bytes.Buffer
	done   chan error
}

// startHTTPServer starts cmd, the server program over HTTP, and waits for
// its "listening <url>" line.
func startHTTPServer(t *testing.T, cmd *exec.Cmd) *httpServer {
	t.Helper()
	s := &httpServer{cmd: cmd, stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stderr = s.stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "listening "); ok {
				lines <- rest
			}
		}
		_, _ = io.Copy(io.Discard, out)
		s.done <- cmd.Wait()
	}()
	select {
	case s.url = <-lines:
	case err := <-s.done:
		t.Fatalf("server exited (%v) before listening:\n%s", err, s.stderr)
	case <-time.After(time.Minute):
		_ = cmd.Process.Kill()
		t.Fatalf("server did not listen within a minute:\n%s", s.stderr)
	}
	return s
}

// stop sends SIGTERM and waits for the server to flush and exit.
func (s *httpServer) stop(t *testing.T) {
	t.Helper()
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("server exit: %v\n%s", err, s.stderr)
		}
	case <-time.After(time.Minute):
		_ = s.cmd.Process.Kill()
		<-s.done
		t.Errorf("server did not exit within a minute of SIGTERM:\n%s", s.stderr)
	}
}

// goSDKCaller is a go-sdk client session.
type goSDKCaller struct {
	cs   *mcp.ClientSession
	http *httpServer
}

// newGoSDKCaller connects a go-sdk client, with ClientMiddleware, to the
// server program: started by the SDK's CommandTransport over stdio, or
// started here and reached by streamable HTTP.
func newGoSDKCaller(ctx context.Context, t *testing.T, c *otelagentops.Client, transport string, ch child) caller {
	t.Helper()
	client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "1.0.0"}, nil)
	client.AddSendingMiddleware(otelmcp.ClientMiddleware(otelmcp.WithClient(c), otelmcp.WithNetworkTransport(netTransport(transport))))
	gc := &goSDKCaller{}
	var tr mcp.Transport
	if transport == "stdio" {
		cmd := ch.command("gosdk", transport)
		cmd.Stderr = &bytes.Buffer{}
		tr = &mcp.CommandTransport{Command: cmd}
	} else {
		gc.http = startHTTPServer(t, ch.command("gosdk", transport))
		tr = &mcp.StreamableClientTransport{Endpoint: gc.http.url, DisableStandaloneSSE: true}
	}
	cs, err := client.Connect(ctx, tr, nil)
	if err != nil {
		t.Fatal(err)
	}
	gc.cs = cs
	return gc
}

func (g *goSDKCaller) callTool(ctx context.Context, name, city string) (bool, error) {
	res, err := g.cs.CallTool(ctx, &mcp.CallToolParams{Name: name, Arguments: map[string]any{"city": city}})
	if err != nil {
		return false, err
	}
	return res.IsError, nil
}

func (g *goSDKCaller) close(t *testing.T) {
	if err := g.cs.Close(); err != nil {
		t.Errorf("closing the go-sdk session: %v", err)
	}
	if g.http != nil {
		g.http.stop(t)
	}
}

// mcpGoCaller is an mcp-go client.
type mcpGoCaller struct {
	c    *otelmcpgo.Client
	http *httpServer
}

// newMCPGoCaller connects an mcp-go client, wrapped by otelmcpgo, to the
// server program: started by the client's stdio transport, or started
// here and reached by streamable HTTP.
func newMCPGoCaller(ctx context.Context, t *testing.T, c *otelagentops.Client, transport string, ch child) caller {
	t.Helper()
	mc := &mcpGoCaller{}
	var raw *mcpgoclient.Client
	var err error
	if transport == "stdio" {
		raw, err = mcpgoclient.NewStdioMCPClientWithOptions(ch.bin, ch.env, ch.args("mcpgo", transport))
	} else {
		mc.http = startHTTPServer(t, ch.command("mcpgo", transport))
		raw, err = mcpgoclient.NewStreamableHttpClient(mc.http.url)
		if err == nil {
			err = raw.Start(ctx)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	mc.c = otelmcpgo.NewClient(raw, otelmcpgo.WithClient(c), otelmcpgo.WithNetworkTransport(netTransport(transport)))
	init := mcpgo.InitializeRequest{}
	init.Params.ProtocolVersion = mcpgo.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcpgo.Implementation{Name: "agent", Version: "1.0.0"}
	if _, err := mc.c.Initialize(ctx, init); err != nil {
		t.Fatal(err)
	}
	return mc
}

func (m *mcpGoCaller) callTool(ctx context.Context, name, city string) (bool, error) {
	req := mcpgo.CallToolRequest{}
	req.Params.Name, req.Params.Arguments = name, map[string]any{"city": city}
	res, err := m.c.CallTool(ctx, req)
	if err != nil {
		return false, err
	}
	return res.IsError, nil
}

func (m *mcpGoCaller) close(t *testing.T) {
	if err := m.c.Close(); err != nil {
		t.Errorf("closing the mcp-go client: %v", err)
	}
	if m.http != nil {
		m.http.stop(t)
	}
}
