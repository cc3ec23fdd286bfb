package otelmcpgo

import (
	"context"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/agentops-go/sdk/internal/mcpspan"
)

// ServerOptions returns the options that record an mcp-go server's
// handlers: every tools/call, prompts/get and resources/read handler runs
// in a SERVER span "{method} {target}", a child of the client span whose
// context params._meta carries, so that a server in another process
// records into the caller's trace.
//
//	s := server.NewMCPServer("weather", "1.0.0", otelmcpgo.ServerOptions()...)
//
// A tools/call span carries gen_ai.tool.name and gen_ai.operation.name
// execute_tool for OTLP backends but is agentops.span.kind task: the
// client's span is the tool call, so each call counts once in the
// session's stats and views. Requests that reach no handler (initialize,
// the list methods, an unknown tool) have no server span: mcp-go's hooks
// cannot give a handler's context.
func ServerOptions(opts ...Option) []server.ServerOption {
	cfg := mcpspan.NewConfig(opts)
	rec := cfg.ServerRecorder()
	return []server.ServerOption{
		server.WithToolHandlerMiddleware(toolMiddleware(rec)),
		server.WithPromptHandlerMiddleware(promptMiddleware(rec)),
		server.WithResourceHandlerMiddleware(resourceMiddleware(rec)),
	}
}

// serverRequest describes a request a handler serves.
func serverRequest(ctx context.Context, method string, meta *mcp.Meta) mcpspan.Request {
	r := mcpspan.Request{Method: method}
	if s := server.ClientSessionFromContext(ctx); s != nil {
		r.SessionID = s.SessionID()
	}
	if meta != nil {
		r.ProtocolVersion = meta.ProtocolVersion()
	}
	return r
}

func toolMiddleware(rec *mcpspan.Server) server.ToolHandlerMiddleware {
	return func(next server.ToolHandlerFunc) server.ToolHandlerFunc {
		return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			r := serverRequest(ctx, string(mcp.MethodToolsCall), req.Params.Meta)
			r.ToolName = req.Params.Name
			ctx, call := rec.Start(ctx, &r, fields(req.Params.Meta))
			res, err := next(ctx, req)
			o := failure(err)
			if err == nil {
				o = toolOutcome(res)
			}
			call.End(o)
			return res, err
		}
	}
}

func promptMiddleware(rec *mcpspan.Server) server.PromptHandlerMiddleware {
	return func(next server.PromptHandlerFunc) server.PromptHandlerFunc {
		return func(ctx context.Context, req mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
			r := serverRequest(ctx, string(mcp.MethodPromptsGet), req.Params.Meta)
			r.PromptName = req.Params.Name
			ctx, call := rec.Start(ctx, &r, fields(req.Params.Meta))
			res, err := next(ctx, req)
			call.End(failure(err))
			return res, err
		}
	}
}

func resourceMiddleware(rec *mcpspan.Server) server.ResourceHandlerMiddleware {
	return func(next server.ResourceHandlerFunc) server.ResourceHandlerFunc {
		return func(ctx context.Context, req mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
			r := serverRequest(ctx, string(mcp.MethodResourcesRead), req.Params.Meta)
			r.ResourceURI = req.Params.URI
			ctx, call := rec.Start(ctx, &r, fields(req.Params.Meta))
			res, err := next(ctx, req)
			call.End(failure(err))
			return res, err
		}
	}
}
