package llmhttp

import (
	"github.com/agentops-go/sdk/semconv"
)

// The output a request asks for, as gen_ai.output.type: the modality, not
// the exact format (a JSON schema is "json", whatever the schema).

// readOutputType reads a request member that names the output format:
//
//   - response_format: {"type": ...} (OpenAI chat; compatible servers)
//   - text: {"format": {"type": ...}} (Responses API)
//   - output_config: {"format": {"type": ...}} (Anthropic structured
//     outputs), and its deprecated form output_format: {"type": ...}
//   - modalities: ["text", "audio"] (OpenAI chat): audio makes it speech,
//     whatever the format says
//
// A type with no GenAI output type leaves OutputType as it was.
func readOutputType(k []byte, rd *reader, info *requestInfo) {
	var typ string
	switch string(k) {
	case "response_format", "output_format":
		typ = formatType(rd)
	case "text", "output_config":
		for k := range rd.members() {
			if string(k) == "format" {
				typ = formatType(rd)
			}
		}
	case "modalities":
		for _, m := range readStrings(rd) {
			info.audioOut = info.audioOut || m == "audio"
		}
	default:
		rd.skip()
	}
	if typ != "" {
		info.OutputType = typ
	}
}

// formatType reads a format object and returns the GenAI output type its
// "type" names: json for json_object and json_schema, text for text, ""
// for anything else.
func formatType(rd *reader) string {
	typ := ""
	for k := range rd.members() {
		if string(k) != "type" {
			continue
		}
		switch string(rawStr(rd)) {
		case "json_object", "json_schema":
			typ = semconv.GenAIOutputTypeJSON
		case "text":
			typ = semconv.GenAIOutputTypeText
		default:
			typ = ""
		}
	}
	return typ
}
