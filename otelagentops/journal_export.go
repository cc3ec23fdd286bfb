package otelagentops

import (
	"context"
	"os"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// journalExporter tells the journal what its exporter accepted: the latest
// activity of each journaled session in a batch, and its root, once every
// exporter has exported it. It runs on the export goroutine, never on the
// caller's.
type journalExporter struct {
	sdktrace.SpanExporter
	j *journal
}

// ExportSpans exports spans and, when the exporter accepted them, journals
// them.
func (e journalExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	err := e.SpanExporter.ExportSpans(ctx, spans)
	if err == nil {
		e.j.exported(spans)
	}
	return err
}

// ForceFlush flushes the exporter if it can be flushed (sessiondoc.Sink:
// the documents it deferred), so that the batch processor's ForceFlush
// reaches it through the journal.
func (e journalExporter) ForceFlush(ctx context.Context) error {
	if f, ok := e.SpanExporter.(interface{ ForceFlush(context.Context) error }); ok {
		return f.ForceFlush(ctx)
	}
	return nil
}

// exported writes a seen record per journaled session of spans whose
// activity moved on, and a done record per root every exporter has now
// exported.
func (j *journal) exported(spans []sdktrace.ReadOnlySpan) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.failing || len(j.open) == 0 {
		return
	}
	var moved map[SessionID]time.Time
	for _, s := range spans {
		sc := s.SpanContext()
		id := SessionID(sc.TraceID())
		e := j.open[id]
		if e == nil {
			continue
		}
		if sc.SpanID() == e.root && !s.Parent().IsValid() {
			if e.delivered++; e.delivered >= j.exporters {
				delete(j.open, id)
				delete(moved, id)
				j.buf = appendDoneRecord(j.buf[:0], e.idText)
				j.write()
			}
			continue
		}
		if end := s.EndTime(); end.After(e.seen) {
			e.seen, e.active = end, true
			if moved == nil {
				moved = map[SessionID]time.Time{}
			}
			moved[id] = end
		}
	}
	for id, at := range moved {
		j.buf = appendSeenRecord(j.buf[:0], j.open[id].idText, at)
		j.write()
	}
}

// makeRoom makes room for need more bytes: it writes the start and latest
// seen records of the open sessions to a new file, twice as large when
// they would fill more than half of the current size, renamed over the
// journal (a crash leaves the old or the new one whole) and mapped in its
// place; j.mu is held.
func (j *journal) makeRoom(need int) error {
	data := j.compacted[:0] // reused: compaction runs again and again in a long-lived process
	for _, e := range j.open {
		start := len(data)
		data = append(data, j.mem[e.line[0]:e.line[0]+e.line[1]]...)
		e.line[0] = start // valid once the new mapping replaces the old
		if e.active {
			data = appendSeenRecord(data, e.idText, e.seen)
		}
	}
	j.compacted = data
	size := max(len(j.mem), journalBytes)
	for len(data)+need > size/2 {
		size *= 2
	}
	tmp, err := os.CreateTemp(j.dir, "compact-*.tmp")
	if err != nil {
		return err
	}
	mem, err := mapFile(tmp, size)
	if err == nil {
		if err = os.Rename(tmp.Name(), j.base+journalSuffix); err != nil {
			_ = unmapFile(mem)
		}
	}
	if err != nil {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
		return err
	}
	_ = unmapFile(j.mem)
	_ = j.file.Close()
	j.file, j.mem, j.off = tmp, mem, copy(mem, data)
	return nil
}
