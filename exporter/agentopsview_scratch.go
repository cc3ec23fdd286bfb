package exporter

import (
	"go.opentelemetry.io/otel/attribute"

	"github.com/agentops-go/sdk/internal/chat"
)

// viewScratch is what the view keeps for the spans of one batch (see
// spanEdits.apply), so that a span costs no allocation of its own: the
// buffers for the JSON content, arrays carved into the spans' attribute
// slices, buffers holding the strings the view makes (chat.Arena),
// and what was derived from values the spans of a batch share (finish
// reasons, span names). AgentOpsView uses a new one per span. The zero
// value is ready to use; it is not safe for concurrent use.
type viewScratch struct {
	// spansLeft is how many spans of the batch are still to be viewed,
	// this one included: it sizes what is reserved for them (0 or 1:
	// only what this span needs).
	spansLeft int

	chat  *chat.Buffers        // made on first use
	kvs   []attribute.KeyValue // the attribute array: kvs[len(kvs):cap(kvs)] is free
	reuse struct {
		finish   []finishReasons
		dotless  []derivedName // LLM span names (dotlessModel)
		suffixed []derivedName // entity span names (suffixed)
	}
}

// The most the scratch reserves at a time for the spans left: attributes
// (512 make 32 KB).
const (
	maxKVChunk = 512
	// maxReused bounds the finish reason lists and model names remembered
	// per batch: a batch mostly has a few of each.
	maxReused = 8
)

// buffers returns the (reset) buffers for the JSON content.
func (v *viewScratch) buffers() *chat.Buffers {
	if v.chat == nil {
		v.chat = &chat.Buffers{}
	}
	v.chat.Reset(v.spansLeft)
	return v.chat
}

// attrs returns an empty attribute slice with room for exactly n
// attributes. Its capacity ends where the next span's slice starts, so
// that appending past n reallocates rather than overwriting it.
func (v *viewScratch) attrs(n int) []attribute.KeyValue {
	if cap(v.kvs)-len(v.kvs) < n {
		v.kvs = make([]attribute.KeyValue, 0, max(n, min(n*v.spansLeft, maxKVChunk)))
	}
	i := len(v.kvs)
	v.kvs = v.kvs[:i+n]
	return v.kvs[i : i : i+n]
}

// finishReasons is a gen_ai.response.finish_reasons value and its strings.
type finishReasons struct {
	value   attribute.Value
	reasons []string
}

// finishReasons returns the strings of the string slice val: the same
// slice for equal values within a batch (reading a slice value copies it).
// The caller must not change it.
func (v *viewScratch) finishReasons(val *attribute.Value) []string {
	for i := range v.reuse.finish {
		if f := &v.reuse.finish[i]; f.value == *val {
			return f.reasons
		}
	}
	reasons := val.AsStringSlice()
	if v.spansLeft > 1 && len(v.reuse.finish) < maxReused {
		v.reuse.finish = append(v.reuse.finish, finishReasons{*val, reasons})
	}
	return reasons
}

// derivedName is a span name the view derived from name and two strings.
type derivedName struct{ name, a, b, derived string }

// derive returns f(name, a, b), remembered in names while spans are left.
func (v *viewScratch) derive(names *[]derivedName, f func(name, a, b string) string, name, a, b string) string {
	for i := range *names {
		if d := &(*names)[i]; d.name == name && d.a == a && d.b == b {
			return d.derived
		}
	}
	derived := f(name, a, b)
	if v.spansLeft > 1 && len(*names) < maxReused {
		*names = append(*names, derivedName{name, a, b, derived})
	}
	return derived
}

// dotlessModel is the package's dotlessModel, remembered for the batch.
func (v *viewScratch) dotlessModel(name, requestModel, responseModel string) string {
	return v.derive(&v.reuse.dotless, dotlessModel, name, requestModel, responseModel)
}

// suffixed is the package's suffixed, remembered for the batch.
func (v *viewScratch) suffixed(name, entity, suffix string) string {
	return v.derive(&v.reuse.suffixed, suffixed, name, entity, suffix)
}
