package semconv

import (
	"strconv"

	"go.opentelemetry.io/otel/attribute"
	upstream "go.opentelemetry.io/otel/semconv/v1.41.0"
)

// The AgentOps view numbers prompt and completion messages in their keys:
// gen_ai.prompt.{i}.role, gen_ai.completion.{i}.content, and so on. These
// functions build those keys; i counts from 0. The recording never carries
// them (it has gen_ai.input.messages and gen_ai.output.messages).

// GenAIPromptRoleKey returns the key "gen_ai.prompt.{i}.role".
func GenAIPromptRoleKey(i int) attribute.Key { return promptRoleKeys.key(i) }

// GenAIPromptContentKey returns the key "gen_ai.prompt.{i}.content".
func GenAIPromptContentKey(i int) attribute.Key { return promptContentKeys.key(i) }

// GenAICompletionRoleKey returns the key "gen_ai.completion.{i}.role".
func GenAICompletionRoleKey(i int) attribute.Key { return completionRoleKeys.key(i) }

// GenAICompletionContentKey returns the key "gen_ai.completion.{i}.content".
func GenAICompletionContentKey(i int) attribute.Key { return completionContentKeys.key(i) }

// GenAICompletionFinishReasonKey returns the key "gen_ai.completion.{i}.finish_reason".
func GenAICompletionFinishReasonKey(i int) attribute.Key { return completionFinishKeys.key(i) }

var (
	promptRoleKeys        = newIndexedKeys("gen_ai.prompt.", ".role")
	promptContentKeys     = newIndexedKeys("gen_ai.prompt.", ".content")
	completionRoleKeys    = newIndexedKeys("gen_ai.completion.", ".role")
	completionContentKeys = newIndexedKeys("gen_ai.completion.", ".content")
	completionFinishKeys  = newIndexedKeys("gen_ai.completion.", ".finish_reason")
)

// builtIndexes is how many keys of each indexed form are built once, at
// init: conversations are mostly shorter, and a key built per message was
// an allocation per message and attribute.
const builtIndexes = 64

// indexedKeys is one indexed key form, prefix{i}suffix.
type indexedKeys struct {
	prefix, suffix string
	built          [builtIndexes]attribute.Key
}

func newIndexedKeys(prefix, suffix string) *indexedKeys {
	k := &indexedKeys{prefix: prefix, suffix: suffix}
	for i := range k.built {
		k.built[i] = attribute.Key(prefix + strconv.Itoa(i) + suffix)
	}
	return k
}

// key returns the key for index i.
func (k *indexedKeys) key(i int) attribute.Key {
	if i >= 0 && i < builtIndexes {
		return k.built[i]
	}
	return attribute.Key(k.prefix + strconv.Itoa(i) + k.suffix)
}

// Metric names and units of the OTel GenAI client metrics.
const (
	GenAIClientTokenUsageName               = "gen_ai.client.token.usage"
	GenAIClientTokenUsageUnit               = "{token}"
	GenAIClientOperationDurationName        = "gen_ai.client.operation.duration"
	GenAIClientOperationDurationUnit        = "s"
	GenAIClientTokenUsageDescription        = "Number of input and output tokens used."
	GenAIClientOperationDurationDescription = "GenAI operation duration."
)

// GenAIClientTokenUsageBuckets returns the explicit bucket boundaries the OTel
// GenAI conventions advise for gen_ai.client.token.usage.
func GenAIClientTokenUsageBuckets() []float64 {
	return []float64{1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864}
}

// GenAIClientOperationDurationBuckets returns the explicit bucket boundaries
// the OTel GenAI conventions advise for gen_ai.client.operation.duration.
func GenAIClientOperationDurationBuckets() []float64 {
	return []float64{0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92}
}

// ErrorTypeOf returns the error.type attribute for err as OpenTelemetry's
// semconv v1.41.0 derives it: the error's own type name (or the innermost
// wrapped one for fmt.Errorf wrappers), "_OTHER" for nil.
func ErrorTypeOf(err error) attribute.KeyValue { return upstream.ErrorType(err) }
