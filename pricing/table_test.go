package pricing

import (
	"sync"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestTableCost(t *testing.T) {
	tab := NewTable(map[string]Price{
		"resp-model": {Input: 1e-6, Output: 1e-6},
		"req-model":  {Input: 2e-6, Output: 2e-6},
	})
	u := Usage{InputTokens: 100, OutputTokens: 100}
	tests := []struct {
		name, response, request string
		want                    Cost
	}{
		{"response model wins", "resp-model", "req-model", Cost{USD: 2e-4, Priced: true, Model: "resp-model"}},
		{"normalised response model still wins", "acme/resp-model-2025-01-01", "req-model", Cost{USD: 2e-4, Priced: true, Model: "resp-model"}},
		{"unknown response falls back to request", "resp-model-x", "req-model", Cost{USD: 4e-4, Priced: true, Model: "req-model"}},
		{"empty response falls back to request", "", "req-model", Cost{USD: 4e-4, Priced: true, Model: "req-model"}},
		{"request missing", "resp-model", "", Cost{USD: 2e-4, Priced: true, Model: "resp-model"}},
		{"both unknown is unpriced", "mystery", "enigma", Cost{}},
		{"both empty is unpriced", "", "", Cost{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tab.Cost(tt.response, tt.request, u)
			if got.Priced != tt.want.Priced || got.Model != tt.want.Model || !approxEqual(got.USD, tt.want.USD) {
				t.Errorf("Cost(%q, %q) = %+v, want %+v", tt.response, tt.request, got, tt.want)
			}
		})
	}
	var nilTable *Table
	if got := nilTable.Cost("resp-model", "req-model", u); got != (Cost{}) {
		t.Errorf("nil table Cost = %+v, want unpriced", got)
	}
}

func TestTableWith(t *testing.T) {
	base := Default()
	baseGPT, _, _ := base.Lookup("gpt-4o")
	over := base.With(map[string]Price{
		"gpt-4o":   {Input: 1e-6, Output: 1e-6},
		"my-model": {Input: 5e-7, Output: 5e-7},
		"free-llm": {},
	})

	if p, _, _ := base.Lookup("gpt-4o"); p != baseGPT {
		t.Errorf("With changed the receiver: gpt-4o = %+v", p)
	}
	if _, _, ok := base.Lookup("my-model"); ok {
		t.Error("With added to the receiver")
	}
	if got, want := over.Len(), base.Len()+2; got != want {
		t.Errorf("Len = %d, want %d", got, want)
	}
	if p, key, _ := over.Lookup("openai/gpt-4o"); key != "gpt-4o" || p.Input != 1e-6 {
		t.Errorf("override gpt-4o = %q %+v", key, p)
	}
	// An override replaces its exact key only: dated snapshot keys keep
	// their own prices.
	if p, key, _ := over.Lookup("gpt-4o-2024-08-06"); key != "gpt-4o-2024-08-06" || p.Input != 2.5e-6 {
		t.Errorf("gpt-4o-2024-08-06 = %q %+v, want the snapshot price", key, p)
	}
	if c := over.Cost("my-model", "", Usage{InputTokens: 1000, OutputTokens: 1000}); !c.Priced || !approxEqual(c.USD, 1e-3) {
		t.Errorf("added model Cost = %+v", c)
	}
	if c := over.Cost("free-llm", "", Usage{InputTokens: 1000}); !c.Priced || c.USD != 0 {
		t.Errorf("explicitly free model Cost = %+v, want priced at 0", c)
	}

	var nilTable *Table
	if got := nilTable.With(map[string]Price{"x": {Input: 1}}); got.Len() != 1 {
		t.Errorf("nil.With Len = %d, want 1", got.Len())
	}
}

func TestNewTableCopies(t *testing.T) {
	src := map[string]Price{"m": {Input: 1}, "": {Input: 2}}
	tab := NewTable(src)
	src["m"] = Price{Input: 99}
	src["n"] = Price{Input: 3}
	if p, _, _ := tab.Lookup("m"); p.Input != 1 {
		t.Errorf("table follows its source map: m = %+v", p)
	}
	if tab.Len() != 1 {
		t.Errorf("Len = %d, want 1 (empty key ignored, later additions invisible)", tab.Len())
	}
	if got := tab.Models(); len(got) != 1 || got[0] != "m" {
		t.Errorf("Models = %q", got)
	}
}

func TestTableConcurrentSafe(t *testing.T) {
	models := []string{"gpt-4o", "openai/gpt-4o-2024-08-06", "Claude-Sonnet-4-5", "unknown", ""}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			tab := Default()
			if g%2 == 0 {
				tab = tab.With(map[string]Price{"extra": {Input: 1}})
			}
			for i := range 200 {
				m := models[(g+i)%len(models)]
				c := tab.Cost(m, "gpt-4o-mini", Usage{InputTokens: int64(i), OutputTokens: 1})
				if !c.Priced {
					t.Errorf("Cost(%q, gpt-4o-mini) unpriced", m)
					return
				}
			}
		})
	}
	wg.Wait()
}
