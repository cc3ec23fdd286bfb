package pricing

import (
	"maps"
	"slices"
)

// Table is a set of model prices with name matching. It is immutable once
// built and safe for concurrent use. A nil *Table knows no model.
type Table struct {
	prices map[string]Price
	// index maps every normalised form of every key, the key itself
	// included, to the key it stands for.
	index map[string]string
}

// NewTable returns a table of the given prices, keyed by model name. It
// copies prices; later changes to the map do not affect the table. The empty
// key is ignored.
func NewTable(prices map[string]Price) *Table {
	m := make(map[string]Price, len(prices))
	for k, p := range prices {
		if k != "" {
			m[k] = p
		}
	}
	return &Table{prices: m, index: buildIndex(m)}
}

// With returns a new table holding t's prices with overrides applied: an
// override replaces the entry with exactly the same key, or adds one. To
// replace a snapshot price, use the key [Table.Lookup] reports for it.
// t itself is unchanged.
func (t *Table) With(overrides map[string]Price) *Table {
	m := make(map[string]Price, t.Len()+len(overrides))
	if t != nil {
		maps.Copy(m, t.prices)
	}
	maps.Copy(m, overrides)
	return NewTable(m)
}

// Len returns the number of models in the table.
func (t *Table) Len() int {
	if t == nil {
		return 0
	}
	return len(t.prices)
}

// Models returns the table's keys in sorted order.
func (t *Table) Models() []string {
	if t == nil {
		return nil
	}
	return slices.Sorted(maps.Keys(t.prices))
}

// Lookup returns the price of model and the table key that matched it, as
// the package documentation's matching rules describe. ok is false when no
// key matches. An exact match does not allocate.
func (t *Table) Lookup(model string) (p Price, key string, ok bool) {
	if t == nil || model == "" {
		return Price{}, "", false
	}
	if p, ok := t.prices[model]; ok {
		return p, model, true
	}
	forms(model, func(name string, _ int) bool {
		key, ok = t.index[name]
		return !ok
	})
	if !ok {
		return Price{}, "", false
	}
	return t.prices[key], key, true
}

// Cost prices u for a call whose response named responseModel and whose
// request named requestModel. The response model is matched first, as it
// names the model that ran; the request model is the fallback. Either may be
// empty. When neither matches, the result has Priced false and USD 0.
func (t *Table) Cost(responseModel, requestModel string, u Usage) Cost {
	p, key, ok := t.Lookup(responseModel)
	if !ok {
		p, key, ok = t.Lookup(requestModel)
	}
	if !ok {
		return Cost{}
	}
	return Cost{USD: p.Cost(u), Priced: true, Model: key}
}
