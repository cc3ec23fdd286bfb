package pricing

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// The embedded snapshot's provenance; prices.json carries the same facts in
// its "_meta" header.
const (
	// Source is where the snapshot's prices were read.
	Source = "https://github.com/BerriAI/litellm/blob/" + SnapshotCommit + "/model_prices_and_context_window.json"
	// SnapshotCommit is the LiteLLM commit the snapshot was read from.
	SnapshotCommit = "00035b69f416be24e2e323c13198d9b7d2d1bdf9"
	// SnapshotDate is the day the snapshot was read, as YYYY-MM-DD.
	SnapshotDate = "2026-11-25"
)

//go:embed prices.json
var snapshotJSON []byte

var defaultTable = sync.OnceValue(func() *Table {
	t, _, err := parseSnapshot(snapshotJSON)
	if err != nil {
		// The file is part of the build and checked by the tests.
		panic("pricing: embedded prices.json: " + err.Error())
	}
	return t
})

// Default returns the table of the embedded snapshot. It is parsed on first
// use and shared; it is immutable, so use [Table.With] to change prices.
func Default() *Table {
	return defaultTable()
}

// snapshotMeta is the "_meta" header of prices.json.
type snapshotMeta struct {
	Source    string `json:"source"`
	Commit    string `json:"commit"`
	Retrieved string `json:"retrieved"`
	License   string `json:"license"`
	Notes     string `json:"notes"`
}

// parseSnapshot decodes a prices.json document. It rejects unknown fields,
// so that a misspelt price cannot silently vanish.
func parseSnapshot(data []byte) (*Table, snapshotMeta, error) {
	var doc struct {
		Meta   snapshotMeta                          `json:"_meta"`
		Models map[string]map[string]json.RawMessage `json:"models"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, snapshotMeta{}, err
	}
	if len(doc.Models) == 0 {
		return nil, doc.Meta, errors.New("no models")
	}
	prices := make(map[string]Price, len(doc.Models))
	for model, fields := range doc.Models {
		p, err := parseEntry(fields)
		if err != nil {
			return nil, doc.Meta, fmt.Errorf("model %q: %w", model, err)
		}
		prices[model] = p
	}
	return NewTable(prices), doc.Meta, nil
}

// parseEntry decodes one model's fields, named as in LiteLLM's table.
func parseEntry(fields map[string]json.RawMessage) (Price, error) {
	var p Price
	for name, raw := range fields {
		switch name {
		case "provider", "mode", "litellm_key":
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return Price{}, fmt.Errorf("%s: %w", name, err)
			}
			switch name {
			case "provider":
				p.Provider = s
			case "mode":
				p.Mode = s
			}
			continue
		}
		var v float64
		if err := json.Unmarshal(raw, &v); err != nil {
			return Price{}, fmt.Errorf("%s: %w", name, err)
		}
		if v < 0 {
			return Price{}, fmt.Errorf("%s: invalid price %v", name, v)
		}
		base, above, err := splitTier(name)
		if err != nil {
			return Price{}, err
		}
		if above > 0 {
			if p.Tier.AboveTokens != 0 && p.Tier.AboveTokens != above {
				return Price{}, fmt.Errorf("%s: second tier threshold %d (have %d)", name, above, p.Tier.AboveTokens)
			}
			p.Tier.AboveTokens = above
		}
		if dst := priceField(&p, base, above > 0); dst != nil {
			*dst = v
			continue
		}
		return Price{}, fmt.Errorf("unknown field %q", name)
	}
	if p.Input <= 0 {
		return Price{}, errors.New("input_cost_per_token missing or not positive")
	}
	return p, nil
}

// splitTier splits "input_cost_per_token_above_200k_tokens" into
// "input_cost_per_token" and 200000. A name without a tier has above 0.
func splitTier(name string) (base string, above int64, err error) {
	i := strings.LastIndex(name, "_above_")
	if i < 0 || !strings.HasSuffix(name, "k_tokens") {
		return name, 0, nil
	}
	digits := strings.TrimSuffix(name[i+len("_above_"):], "k_tokens")
	k, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || k <= 0 {
		return "", 0, fmt.Errorf("%s: bad tier threshold %q", name, digits)
	}
	return name[:i], k * 1000, nil
}

// priceField returns the Price field a LiteLLM price name sets, or nil.
func priceField(p *Price, base string, tier bool) *float64 {
	switch {
	case base == "input_cost_per_token" && tier:
		return &p.Tier.Input
	case base == "output_cost_per_token" && tier:
		return &p.Tier.Output
	case base == "cache_read_input_token_cost" && tier:
		return &p.Tier.CacheRead
	case base == "cache_creation_input_token_cost" && tier:
		return &p.Tier.CacheWrite
	case tier:
		return nil
	case base == "input_cost_per_token":
		return &p.Input
	case base == "output_cost_per_token":
		return &p.Output
	case base == "cache_read_input_token_cost":
		return &p.CacheRead
	case base == "cache_creation_input_token_cost":
		return &p.CacheWrite
	case base == "output_cost_per_reasoning_token":
		return &p.Reasoning
	}
	return nil
}
