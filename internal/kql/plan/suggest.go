package plan

import (
	"strings"

	textdist "reconwatch/internal/suggest"
)

// suggest returns the candidate nearest to name by edit distance (case
// folded), if it is close enough to be a plausible typo.
func suggest(name string, candidates []string) string {
	best, bestD := "", 1<<30
	ln := strings.ToLower(name)
	for _, c := range candidates {
		if c == name {
			continue
		}
		d := editDistance(ln, strings.ToLower(c))
		if d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	limit := len(name)/3 + 1
	if limit > 4 {
		limit = 4
	}
	if bestD <= limit || (best != "" && strings.EqualFold(best, name)) {
		return best
	}
	return ""
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		if a == b {
			return 0
		}
		return 1 << 20
	}
	return textdist.Levenshtein(a, b)
}
