package exporter

import (
	"sync/atomic"

	"go.opentelemetry.io/otel/sdk/resource"

	"github.com/agentops-go/sdk/semconv"
)

// resourceCache remembers the last resource stamped with a project ID, so
// that a batch (whose spans nearly always share one resource) costs one
// merge per process rather than one per span. spanEdits uses it to give
// each span's resource agentops.project.id.
type resourceCache struct {
	last atomic.Pointer[stampedResource]
}

type stampedResource struct {
	src     *resource.Resource
	project string
	merged  *resource.Resource // nil: src already carries the project
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
