package llmcost

import (
	"math"

	"github.com/agentops-go/sdk/pricing"
)

// NeedsPrice reports whether f is an LLM call to price from the table: it
// carries no cost the user supplied, and its usage is known.
func (f *Figures) NeedsPrice() bool { return f.Kind == LLM && !f.Priced && !f.UsageUnknown }

// Lookup returns the price of a call answered by the model response and
// asked of request: the response model's price, else the request model's.
func Lookup(t *pricing.Table, response, request string) (pricing.Price, bool) {
	p, _, ok := t.Lookup(response)
	if !ok {
		p, _, ok = t.Lookup(request)
	}
	return p, ok
}

// Charge prices f, a call that NeedsPrice, at p.
func (f *Figures) Charge(p pricing.Price) {
	f.CostUSD, f.Priced = Round(p.Cost(f.Usage())), true
}

// Price prices f from table t if it NeedsPrice and its model has a price
// (Lookup); a call whose model has none stays unpriced.
func (f *Figures) Price(t *pricing.Table) {
	if !f.NeedsPrice() {
		return
	}
	if p, ok := Lookup(t, f.ResponseModel, f.RequestModel); ok {
		f.Charge(p)
	}
}

// picosPerUSD is the unit costs are rounded to: 1e-12 USD.
const picosPerUSD = 1e12

// exactPicos bounds the picodollar amounts whose sums are exact in a
// float64 (and survive the division by picosPerUSD and back).
const exactPicos = 1 << 51

// Round returns usd rounded to the nearest picodollar (1e-12 USD), the
// nearest float64 to that decimal, so that it prints without float noise.
// A cost past about $2,000, a NaN or an infinity is returned as it is.
func Round(usd float64) float64 {
	p := usd * picosPerUSD
	if !(math.Abs(p) < exactPicos) {
		return usd
	}
	return math.Round(p) / picosPerUSD
}

// Sum returns a+b, costs rounded to the picodollar, as the exact sum of
// their picodollars: the total of calls costing 0.00012 and 0.0006 is
// 0.00072, not 0.0007199999999999999. Past about $2,000 it is a float
// sum.
func Sum(a, b float64) float64 {
	pa, pb := a*picosPerUSD, b*picosPerUSD
	if !(math.Abs(pa) < exactPicos/2 && math.Abs(pb) < exactPicos/2) {
		return a + b
	}
	return (math.Round(pa) + math.Round(pb)) / picosPerUSD
}
