package sessiondoc

import (
	"fmt"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/semconv"
)

// hostEnv builds the legacy host_env object from a root span's host
// attributes, in the shape the Python SDK sent ("SDK", "OS", "CPU", "RAM").
// It is nil when the span has no host data (the opt-out).
func hostEnv(root sdktrace.ReadOnlySpan, h hostView) map[string]any {
	if h == (hostView{}) {
		return nil
	}
	env := map[string]any{}
	sdk := map[string]any{}
	if v, ok := root.Resource().Set().Value(semconv.AgentOpsSDKVersionKey); ok {
		sdk["AgentOps SDK Version"] = v.AsString()
	}
	if h.runtimeVersion != "" {
		sdk["Go Version"] = h.runtimeVersion
	}
	put(env, "SDK", sdk)
	put(env, "OS", nonEmpty(map[string]any{
		"Hostname": h.name, "OS": h.osType, "OS Version": h.osDesc, "Architecture": h.arch,
	}))
	if h.cpus > 0 {
		env["CPU"] = map[string]any{"Total cores": h.cpus}
	}
	if h.memory > 0 {
		env["RAM"] = map[string]any{"Total": fmt.Sprintf("%.2f GB", float64(h.memory)/(1<<30))}
	}
	return env
}

// nonEmpty drops the empty strings of m.
func nonEmpty(m map[string]any) map[string]any {
	for k, v := range m {
		if v == "" {
			delete(m, k)
		}
	}
	return m
}

// put sets env[k] = m unless m is empty.
func put(env map[string]any, k string, m map[string]any) {
	if len(m) > 0 {
		env[k] = m
	}
}
