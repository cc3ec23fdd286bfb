package pricing

import "strings"

// Normalisation ranks: the lower, the closer a derived name is to the key it
// came from. They decide between keys that normalise to the same name.
const (
	rankExact = iota
	rankLower
	rankBase
	rankStripped // plus the number of suffixes removed
)

// forms calls yield with each name model normalises to, in the order Lookup
// tries them, with its rank. It stops when yield returns false. It allocates
// only when model has upper-case letters.
func forms(model string, yield func(name string, rank int) bool) {
	if !yield(model, rankExact) {
		return
	}
	s := strings.ToLower(model)
	if s != model && !yield(s, rankLower) {
		return
	}
	if i := strings.LastIndexByte(s, '/'); i >= 0 && i < len(s)-1 {
		s = s[i+1:]
		if !yield(s, rankBase) {
			return
		}
	}
	for n := 0; ; n++ {
		t := stripVersion(s)
		if t == s {
			return
		}
		s = t
		if !yield(s, rankStripped+n) {
			return
		}
	}
}

// stripVersion removes one version suffix from s: "@anything", a date
// ("-2024-08-06" or "-20241022") or "-latest". It returns s unchanged when
// there is none, or when removing it would leave nothing.
func stripVersion(s string) string {
	if i := strings.LastIndexByte(s, '@'); i > 0 {
		return s[:i]
	}
	if n := len(s); n > 11 && isDashedDate(s[n-11:]) {
		return s[:n-11]
	}
	if n := len(s); n > 9 && isCompactDate(s[n-9:]) {
		return s[:n-9]
	}
	if n := len(s); n > 7 && strings.HasSuffix(s, "-latest") {
		return s[:n-7]
	}
	return s
}

// isDashedDate reports whether s is "-YYYY-MM-DD" with a 19xx or 20xx year.
func isDashedDate(s string) bool {
	return len(s) == 11 && s[0] == '-' && s[5] == '-' && s[8] == '-' &&
		isYear(s[1:5]) && allDigits(s[6:8]) && allDigits(s[9:11])
}

// isCompactDate reports whether s is "-YYYYMMDD" with a 19xx or 20xx year.
func isCompactDate(s string) bool {
	return len(s) == 9 && s[0] == '-' && isYear(s[1:5]) && allDigits(s[5:9])
}

func isYear(s string) bool {
	return allDigits(s) && (s[:2] == "19" || s[:2] == "20")
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

// indexEntry is the key a normalised name resolves to, and how far that
// name is from the key.
type indexEntry struct {
	key  string
	rank int
}

// buildIndex maps every normalised form of every key to the key it best
// stands for: the lowest rank wins, then the greatest key.
func buildIndex(prices map[string]Price) map[string]string {
	best := make(map[string]indexEntry, 3*len(prices))
	for key := range prices {
		forms(key, func(name string, rank int) bool {
			cur, ok := best[name]
			if !ok || rank < cur.rank || (rank == cur.rank && key > cur.key) {
				best[name] = indexEntry{key: key, rank: rank}
			}
			return true
		})
	}
	index := make(map[string]string, len(best))
	for name, e := range best {
		index[name] = e.key
	}
	return index
}
