package exporter

import (
	"sync/atomic"

	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/semconv"
)

// resourceCache remembers the last resource stamped with a project ID, so
// that a batch (whose spans nearly always share one resource) costs one
// merge per process rather than one per span.
type resourceCache struct {
	last atomic.Pointer[stampedResource]
}

type stampedResource struct {
	src     *resource.Resource
	project string
	merged  *resource.Resource // nil: src already carries the project
}

// projectSpan is a span whose resource carries the project ID.
type projectSpan struct {
	sdktrace.ReadOnlySpan
	res *resource.Resource
}

func (s *projectSpan) Resource() *resource.Resource { return s.res }

// stamp returns spans with agentops.project.id = project on their resource;
// the slice itself when there is nothing to change.
func (c *resourceCache) stamp(spans []sdktrace.ReadOnlySpan, project string) []sdktrace.ReadOnlySpan {
	if project == "" {
		return spans
	}
	var out []sdktrace.ReadOnlySpan
	var backing []projectSpan
	for i, s := range spans {
		merged := c.merged(s.Resource(), project)
		if merged == nil {
			if out != nil {
				out[i] = s
			}
			continue
		}
		if out == nil {
			out = make([]sdktrace.ReadOnlySpan, len(spans))
			copy(out, spans[:i])
			backing = make([]projectSpan, len(spans))
		}
		backing[i] = projectSpan{ReadOnlySpan: s, res: merged}
		out[i] = &backing[i]
	}
	if out == nil {
		return spans
	}
	return out
}

// merged returns src with the project ID, or nil when src has it already.
func (c *resourceCache) merged(src *resource.Resource, project string) *resource.Resource {
	if last := c.last.Load(); last != nil && last.src == src && last.project == project {
		return last.merged
	}
	entry := &stampedResource{src: src, project: project}
	if v, ok := src.Set().Value(semconv.AgentOpsProjectIDKey); !ok || v.AsString() != project {
		m, err := resource.Merge(src, resource.NewSchemaless(semconv.AgentOpsProjectID(project)))
		if err != nil {
			m = resource.NewSchemaless(append(src.Attributes(), semconv.AgentOpsProjectID(project))...)
		}
		entry.merged = m
	}
	c.last.Store(entry)
	return entry.merged
}
