package e2e_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// The OTLP view checker: every gen_ai.* key of a span against the OTel
// GenAI v1.41.1 registry (known, not deprecated, of the registered type,
// closed enums respected), and every message document against the v1.41.1
// JSON schemas with the catch-all GenericPart taken out of their anyOf
// lists, so that a part of an unknown type, or a known type missing a
// required field, fails. Two rules of the conventions the schemas leave
// open are checked as well: an output message's finish_reason is one of the
// schema's FinishReason values, and a tool call's arguments are the JSON
// value, not JSON text in a string.

const genaiDir = "testdata/genai-v1.41.1"

// The message attributes and their schemas.
var messageSchemas = map[string]string{
	"gen_ai.input.messages":      "gen-ai-input-messages.json",
	"gen_ai.output.messages":     "gen-ai-output-messages.json",
	"gen_ai.system_instructions": "gen-ai-system-instructions.json",
}

// closedEnums are the enum attributes whose values must be registered
// members (gen_ai.provider.name is open: any provider may be named).
var closedEnums = []string{"gen_ai.operation.name", "gen_ai.output.type", "gen_ai.token.type"}

// viewAttr is one exported attribute: its type as the registry names types
// (string, int, double, boolean, string[]; anything else by its own name)
// and its value.
type viewAttr struct {
	key, typ string
	val      any // string, int64, float64, bool, []string, or another slice
}

// viewSpan is the name and attributes of one exported span.
type viewSpan struct {
	name  string
	attrs []viewAttr
}

// registryAttr is one attribute of the registry.
type registryAttr struct {
	typ        string   // string, int, double, boolean, string[], any; "enum" for members
	members    []string // the values of an enum
	deprecated bool
}

// genaiSpec is the loaded conventions.
type genaiSpec struct {
	attrs         map[string]registryAttr
	schemas       map[string]*jsonschema.Schema // by message attribute key
	finishReasons []string                      // the output schema's FinishReason enum
}

var loadGenAI = sync.OnceValues(func() (*genaiSpec, error) {
	g := &genaiSpec{attrs: map[string]registryAttr{}, schemas: map[string]*jsonschema.Schema{}}
	for _, file := range []string{"registry.yaml", "registry-deprecated.yaml"} {
		if err := g.readRegistry(filepath.Join(genaiDir, file)); err != nil {
			return nil, err
		}
	}
	c := jsonschema.NewCompiler()
	for key, file := range messageSchemas {
		f, err := os.Open(filepath.Join(genaiDir, file))
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		_ = f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if n := dropGenericPart(doc); n == 0 {
			return nil, fmt.Errorf("%s: no GenericPart in any anyOf: is this the v1.41.1 schema?", file)
		}
		if key == "gen_ai.output.messages" {
			g.finishReasons = finishReasonEnum(doc)
		}
		url := "file:///" + file
		if err := c.AddResource(url, doc); err != nil {
			return nil, err
		}
		if g.schemas[key], err = c.Compile(url); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
	}
	if len(g.finishReasons) == 0 || len(g.attrs) < 50 {
		return nil, fmt.Errorf("conventions not read: %d finish reasons, %d attributes", len(g.finishReasons), len(g.attrs))
	}
	return g, nil
})

// readRegistry adds the attributes of one registry file.
func (g *genaiSpec) readRegistry(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var reg struct {
		Groups []struct {
			Attributes []struct {
				ID         string `yaml:"id"`
				Type       any    `yaml:"type"`
				Deprecated any    `yaml:"deprecated"`
			} `yaml:"attributes"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(data, &reg); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for _, group := range reg.Groups {
		for _, a := range group.Attributes {
			if a.ID == "" { // a ref to an attribute defined elsewhere
				continue
			}
			ra := registryAttr{deprecated: a.Deprecated != nil}
			switch t := a.Type.(type) {
			case string:
				ra.typ = t
			case map[string]any:
				ra.typ = "enum"
				members, _ := t["members"].([]any)
				for _, m := range members {
					if m, ok := m.(map[string]any); ok {
						ra.members = append(ra.members, fmt.Sprint(m["value"]))
					}
				}
			default:
				return fmt.Errorf("%s: %s: type %T", path, a.ID, a.Type)
			}
			g.attrs[a.ID] = ra
		}
	}
	return nil
}

// dropGenericPart removes {"$ref": "#/$defs/GenericPart"} from every anyOf
// in doc and returns how many it removed.
func dropGenericPart(doc any) int {
	n := 0
	switch v := doc.(type) {
	case map[string]any:
		if anyOf, ok := v["anyOf"].([]any); ok {
			kept := anyOf[:0]
			for _, alt := range anyOf {
				if m, ok := alt.(map[string]any); ok && m["$ref"] == "#/$defs/GenericPart" {
					n++
					continue
				}
				kept = append(kept, alt)
			}
			v["anyOf"] = kept
		}
		for _, child := range v {
			n += dropGenericPart(child)
		}
	case []any:
		for _, child := range v {
			n += dropGenericPart(child)
		}
	}
	return n
}

// finishReasonEnum returns $defs.FinishReason.enum of the output schema.
func finishReasonEnum(doc any) []string {
	defs, _ := doc.(map[string]any)["$defs"].(map[string]any)
	fr, _ := defs["FinishReason"].(map[string]any)
	values, _ := fr["enum"].([]any)
	var out []string
	for _, v := range values {
		out = append(out, fmt.Sprint(v))
	}
	return out
}

// check returns the problems of one span of the OTLP view.
func (g *genaiSpec) check(s viewSpan) []string {
	var problems []string
	bad := func(format string, args ...any) {
		problems = append(problems, fmt.Sprintf("span %q: ", s.name)+fmt.Sprintf(format, args...))
	}
	for _, a := range s.attrs {
		if !strings.HasPrefix(a.key, "gen_ai.") {
			continue
		}
		ra, ok := g.attrs[a.key]
		switch {
		case !ok:
			bad("%s is not in the v1.41.1 registry", a.key)
			continue
		case ra.deprecated:
			bad("%s is deprecated", a.key)
			continue
		}
		want := ra.typ
		if want == "enum" {
			want = "string"
		}
		if want != "any" && a.typ != want {
			bad("%s is %s %v, the registry says %s", a.key, a.typ, a.val, want)
			continue
		}
		if ra.typ == "enum" && slices.Contains(closedEnums, a.key) && !slices.Contains(ra.members, a.val.(string)) {
			bad("%s = %q is not one of %q", a.key, a.val, ra.members)
		}
		if file, ok := messageSchemas[a.key]; ok {
			for _, p := range g.checkMessages(a) {
				bad("%s (%s): %s", a.key, file, p)
			}
		}
	}
	return problems
}

// checkMessages validates a message document.
func (g *genaiSpec) checkMessages(a viewAttr) []string {
	text, ok := a.val.(string)
	if !ok {
		return []string{fmt.Sprintf("a %s, want JSON text", a.typ)}
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(text))
	if err != nil {
		return []string{fmt.Sprintf("not JSON: %v: %s", err, text)}
	}
	var problems []string
	if err := g.schemas[a.key].Validate(doc); err != nil {
		problems = append(problems, fmt.Sprintf("%v\n  document: %s", err, text))
	}
	var msgs []struct {
		FinishReason *string `json:"finish_reason"`
		Parts        []struct {
			Type      string          `json:"type"`
			Arguments json.RawMessage `json:"arguments"`
		} `json:"parts"`
	}
	if a.key == "gen_ai.system_instructions" || json.Unmarshal([]byte(text), &msgs) != nil {
		return problems
	}
	for i, m := range msgs {
		if m.FinishReason != nil && !slices.Contains(g.finishReasons, *m.FinishReason) {
			problems = append(problems, fmt.Sprintf("message %d: finish_reason %q is not one of %q", i, *m.FinishReason, g.finishReasons))
		}
		for j, p := range m.Parts {
			var s string
			if p.Type == "tool_call" && json.Unmarshal(p.Arguments, &s) == nil && isJSONValue(s) {
				problems = append(problems, fmt.Sprintf("message %d part %d: tool_call arguments are JSON text in a string (%s), not the JSON value", i, j, p.Arguments))
			}
		}
	}
	return problems
}

// isJSONValue reports whether s is a JSON object or array.
func isJSONValue(s string) bool {
	s = strings.TrimSpace(s)
	return (strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[")) && json.Valid([]byte(s))
}

// checkOTLPView fails t for every problem of spans and returns their number.
func checkOTLPView(t *testing.T, spans []viewSpan) int {
	t.Helper()
	g, err := loadGenAI()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range spans {
		for _, p := range g.check(s) {
			t.Error(p)
			n++
		}
	}
	return n
}
