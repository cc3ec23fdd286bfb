package oteleino

import (
	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components/model"
	"github.com/cloudwego/eino/components/tool"
	"github.com/cloudwego/eino/schema"
)

// toolInput returns what a tool call is recorded with as its input: the
// arguments' JSON text, as the tool received it.
func toolInput(input callbacks.CallbackInput) any {
	if in := tool.ConvCallbackInput(input); in != nil {
		return in.ArgumentsInJSON
	}
	return input
}

// toolOutput returns what a tool call is recorded with as its output: the
// tool's response text, else its multi-part result's text parts, else the
// result as it is (recorded as JSON).
func toolOutput(output any) any {
	out := tool.ConvCallbackOutput(output)
	switch {
	case out == nil:
		return output
	case out.Response != "":
		return out.Response
	case out.ToolOutput != nil:
		if text := toolResultText(out.ToolOutput); text != "" {
			return text
		}
		return out.ToolOutput
	}
	return ""
}

// toolResultText joins the text parts of a tool's multi-part result.
func toolResultText(r *schema.ToolResult) string {
	var text string
	for _, p := range r.Parts {
		if p.Type == schema.ToolPartTypeText {
			text += p.Text
		}
	}
	return text
}

// modelOutput returns a chat model's callback output, typed (nil when the
// run ended with an error and no output).
func modelOutput(output any) *model.CallbackOutput {
	if output == nil {
		return nil
	}
	return model.ConvCallbackOutput(output)
}
