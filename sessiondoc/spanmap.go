package sessiondoc

import (
	"cmp"
	"os"
	"slices"
	"strconv"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/agentops-go/sdk/internal/spanclass"
	"github.com/agentops-go/sdk/semconv"
)

// selfPID is the ID of this process: a span whose resource names no
// process was recorded by the process exporting it (an exporter runs in
// the process whose provider recorded its spans).
var selfPID = os.Getpid()

// spanOf maps s, read as v and mapped to events, to its Span in the
// document, and returns the process that recorded it. pid is the process
// to credit when the span's resource names none.
func spanOf(s sdktrace.ReadOnlySpan, v *spanView, events []Event, pid int) (Span, Process) {
	sc := s.SpanContext()
	sp := Span{SpanID: sc.SpanID().String(), Name: s.Name(), Kind: spanKind(v, events),
		Start: Timestamp(s.StartTime()), End: Timestamp(s.EndTime())}
	if p := s.Parent(); p.IsValid() {
		sp.ParentSpanID = p.SpanID().String()
	}
	if st := s.Status(); st.Code == codes.Error {
		sp.Error = st.Description
		if sp.Error == "" {
			sp.Error = "error"
		}
	}
	own := false
	for _, e := range events {
		sp.EventIDs = append(sp.EventIDs, e.ID)
		own = own || e.EventType != EventTypeError
	}
	if !own && sp.Kind != SpanKindSession {
		sp.Attributes = spanAttributes(s.Attributes())
	}
	proc := processOf(s, v, pid)
	sp.Process = proc.ID
	return sp, proc
}

// spanKind is the kind of a span: its own event's (llms, tools, actions),
// else the rule the session stats and the AgentOps view share
// (internal/spanclass).
func spanKind(v *spanView, events []Event) string {
	for _, e := range events {
		switch e.EventType {
		case EventTypeLLM:
			return SpanKindLLM
		case EventTypeTool:
			return SpanKindTool
		case EventTypeAction:
			return SpanKindAction
		}
	}
	switch spanclass.Classify(spanclass.Signals{SpanKind: v.kind, Operation: v.operation, GenAI: v.genAI,
		Tool: v.toolish, Action: v.actionType != ""}) {
	case spanclass.Session:
		return SpanKindSession
	case spanclass.Agent:
		return SpanKindAgent
	case spanclass.Workflow:
		return SpanKindWorkflow
	case spanclass.Task:
		return SpanKindTask
	case spanclass.LLM:
		return SpanKindLLM
	case spanclass.Tool:
		return SpanKindTool
	case spanclass.Action:
		return SpanKindAction
	}
	return SpanKindOther
}

// processOf returns the process that recorded s, from its resource:
// process.pid (else pid), host.name, service.name, service.instance.id.
// Its ID is service.instance.id when set, else "<host>/<pid>", or "<pid>"
// when the resource names no host (the host then comes from the span's
// host.name, the session root's or a joining process's, unless host data
// was opted out). A span marked agentops.session.inherited makes its
// process Inherited.
func processOf(s sdktrace.ReadOnlySpan, v *spanView, pid int) Process {
	p := Process{PID: pid, Inherited: v.inherited}
	var instance string
	if res := s.Resource(); res != nil {
		for it := res.Iter(); it.Next(); {
			kv := it.Attribute()
			switch kv.Key {
			case semconv.ProcessPIDKey:
				if n := kv.Value.AsInt64(); n > 0 {
					p.PID = int(n)
				}
			case semconv.HostNameKey:
				p.Host = kv.Value.AsString()
			case semconv.ServiceNameKey:
				p.Service = kv.Value.AsString()
			case semconv.ServiceInstanceIDKey:
				instance = kv.Value.AsString()
			}
		}
	}
	switch {
	case instance != "":
		p.ID = instance
	case p.Host != "":
		p.ID = p.Host + "/" + strconv.Itoa(p.PID)
	default:
		p.ID = strconv.Itoa(p.PID)
	}
	if p.Host == "" {
		p.Host = v.host.name
	}
	return p
}

// mergeProcess adds p to procs, merged into the process with its ID if
// there is one (filling what it lacks; inherited if either is), and
// reports whether procs changed.
func mergeProcess(procs *[]Process, p Process) bool {
	i := slices.IndexFunc(*procs, func(q Process) bool { return q.ID == p.ID })
	if i < 0 {
		*procs = append(*procs, p)
		return true
	}
	q := &(*procs)[i]
	was := *q
	q.PID, q.Host, q.Service = cmp.Or(q.PID, p.PID), cmp.Or(q.Host, p.Host), cmp.Or(q.Service, p.Service)
	q.Inherited = q.Inherited || p.Inherited
	return *q != was
}

// sortProcesses orders processes as a document lists them: the one that
// started the session first, then the processes that joined it, each by
// ID.
func sortProcesses(procs []Process) {
	slices.SortFunc(procs, func(a, b Process) int {
		if a.Inherited != b.Inherited {
			if a.Inherited {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// compareSpans orders spans by start, then by span ID: the same order
// whatever order they came in.
func compareSpans(a, b *Span) int {
	return cmp.Or(a.Start.Time().Compare(b.Start.Time()), cmp.Compare(a.SpanID, b.SpanID))
}
