package otelagentops

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/agentops-go/sdk/internal/bounded"
)

// maxTombstones bounds how many ended sessions with a pipeline of their own
// the processor remembers, so that a long-running server starting many such
// sessions holds bounded memory.
const maxTombstones = 1024

// tombstones remembers the last maxTombstones sessions retired by retire.
type tombstones struct {
	mu  sync.Mutex
	ids *bounded.Map[SessionID, struct{}] // made by the first retire
}

// retire replaces the tracked session id, which had a pipeline of its own,
// by a tombstone routing its late spans (children that end after End) to
// late. They must not fall through to the client's pipeline: that would
// export them with the client's configuration (another API key: another
// project). The oldest tombstones are forgotten past maxTombstones.
func (p *SessionProcessor) retire(id SessionID, late sdktrace.SpanProcessor) {
	t := &trackedSession{route: late}
	if old := p.lookup(id.TraceID()); old != nil {
		t.idArr, t.rootID = old.idArr, old.rootID
		t.idAttrs = t.idArr[:len(old.idAttrs)]
	}
	p.insert(id, t)
	p.graves.mu.Lock()
	if p.graves.ids == nil {
		p.graves.ids = bounded.New[SessionID, struct{}](maxTombstones, nil)
	}
	old, _, forget := p.graves.ids.Put(id, struct{}{})
	p.graves.mu.Unlock()
	if forget {
		p.update(func(m map[trace.TraceID]*trackedSession) {
			if m[old.TraceID()] != nil && m[old.TraceID()].route == late {
				delete(m, old.TraceID())
			}
		})
	}
}

// lateSpans drops the spans of sessions that ended with their own pipeline
// closed, counting them and logging the first.
type lateSpans struct {
	count  atomic.Int64
	logger *slog.Logger
}

var _ sdktrace.SpanProcessor = (*lateSpans)(nil)

func (l *lateSpans) OnStart(context.Context, sdktrace.ReadWriteSpan) {}

func (l *lateSpans) OnEnd(s sdktrace.ReadOnlySpan) {
	if l.count.Add(1) == 1 {
		l.logger.Warn("agentops: a span of a session with its own configuration ended after the session; "+
			"it is dropped (counted in ExportStats.Late), not sent with the client's configuration",
			"span", s.Name(), "trace_id", s.SpanContext().TraceID().String())
	}
}

func (l *lateSpans) ForceFlush(context.Context) error { return nil }
func (l *lateSpans) Shutdown(context.Context) error   { return nil }
