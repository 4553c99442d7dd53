package strfn

import "strings"

// Kernels of KQL's string operators. All of them take the haystack (the
// operator's left side) first and the needle second, run in time linear in
// the haystack for practical needles, and never allocate.
//
// The has family follows the operational definition of semantics.md §4.1:
//
//	fold(s)         = ASCII lower-case of s (identity for the _cs variants)
//	isAlnum(c)      = c in [A-Za-z0-9]
//	has(H, N)       = exists i: fold(H)[i:i+len(N)] == fold(N)
//	                  and (not isAlnum(N[0])  or i == 0            or not isAlnum(H[i-1]))
//	                  and (not isAlnum(N[-1]) or i+len(N) == len(H) or not isAlnum(H[i+len(N)]))
//	hasprefix(H, N) = the same with only the left-boundary condition
//	hassuffix(H, N) = the same with only the right-boundary condition
//
// i.e. the needle must occur as a substring whose alphanumeric edges sit on
// term boundaries; edges that are themselves punctuation impose nothing.
//
// Decisions on what the definition leaves open (Kusto's behaviour is not
// documented; each is pinned by a test in kernels_test.go):
//
//   - Empty needle: true for every haystack, "" included, for has*, contains*,
//     startswith*, endswith*. The definition's conditions are vacuous for an
//     empty needle (it has no alphanumeric edge and occurs at i = 0), and
//     contains "" is true in every substring semantics. `=~ ""` is true only
//     for "".
//   - Punctuation-only needle (`has "."`, `has "@"`, `has "\\"`): a plain
//     (case-insensitive) substring test, because neither edge is
//     alphanumeric. This is what Sentinel rules using such needles expect.
//   - Non-ASCII letters are separators, per the 2020 wording of the Kusto
//     docs ("a term is a run of ASCII alphanumeric characters"): every byte of
//     a multi-byte UTF-8 sequence counts as non-alphanumeric, so
//     "Café" has "caf" is true and "naïve" has "na" is true. Case folding is
//     ASCII-only, so "É" never equals "é".

// asciiLower maps A-Z to a-z and every other byte to itself.
var asciiLower [256]byte

// isAlnumTab marks [A-Za-z0-9].
var isAlnumTab [256]bool

// isLetterTab marks [A-Za-z]: the bytes whose case folding matters.
var isLetterTab [256]bool

func init() {
	for i := 0; i < 256; i++ {
		c := byte(i)
		asciiLower[i] = c
		if 'A' <= c && c <= 'Z' {
			asciiLower[i] = c + 'a' - 'A'
		}
		isLetterTab[i] = ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
		isAlnumTab[i] = isLetterTab[i] || ('0' <= c && c <= '9')
	}
}

func isAlnum(c byte) bool { return isAlnumTab[c] }

// EqualFold reports whether a and b are equal under ASCII case folding: the
// =~ operator. Bytes outside A-Z/a-z must match exactly.
func EqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	return equalFoldSame(a, b)
}

// equalFoldSame is EqualFold for strings of equal length.
func equalFoldSame(a, b string) bool {
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] && asciiLower[a[i]] != asciiLower[b[i]] {
			return false
		}
	}
	return true
}

// Contains is the contains operator: ASCII-case-insensitive substring test.
func Contains(h, n string) bool { return indexFold(h, n) >= 0 }

// ContainsCS is contains_cs: case-sensitive substring test.
func ContainsCS(h, n string) bool { return strings.Contains(h, n) }

// StartsWith is startswith: whole-string prefix, ASCII case-insensitive.
func StartsWith(h, n string) bool {
	return len(h) >= len(n) && equalFoldSame(h[:len(n)], n)
}

// StartsWithCS is startswith_cs.
func StartsWithCS(h, n string) bool { return strings.HasPrefix(h, n) }

// EndsWith is endswith: whole-string suffix, ASCII case-insensitive.
func EndsWith(h, n string) bool {
	return len(h) >= len(n) && equalFoldSame(h[len(h)-len(n):], n)
}

// EndsWithCS is endswith_cs.
func EndsWithCS(h, n string) bool { return strings.HasSuffix(h, n) }

// Has is the has operator (see the package comment above for the rule).
func Has(h, n string) bool { return hasTerm(h, n, false, true, true) }

// HasCS is has_cs.
func HasCS(h, n string) bool { return hasTerm(h, n, true, true, true) }

// HasPrefix is hasprefix: n occurs starting at a term boundary (when its
// first byte is alphanumeric).
func HasPrefix(h, n string) bool { return hasTerm(h, n, false, true, false) }

// HasPrefixCS is hasprefix_cs.
func HasPrefixCS(h, n string) bool { return hasTerm(h, n, true, true, false) }

// HasSuffix is hassuffix: n occurs ending at a term boundary (when its last
// byte is alphanumeric).
func HasSuffix(h, n string) bool { return hasTerm(h, n, false, false, true) }

// HasSuffixCS is hassuffix_cs.
func HasSuffixCS(h, n string) bool { return hasTerm(h, n, true, false, true) }

// hasTerm implements the has family. left/right select which boundary
// conditions apply (has: both; hasprefix: left; hassuffix: right).
func hasTerm(h, n string, cs, left, right bool) bool {
	m := len(n)
	if m == 0 {
		return true
	}
	if m > len(h) {
		return false
	}
	checkL := left && isAlnumTab[n[0]]
	checkR := right && isAlnumTab[n[m-1]]
	k := 0
	if !cs {
		k = anchorOf(n)
	}
	for off := 0; off+m <= len(h); {
		var j int
		if cs {
			j = strings.Index(h[off:], n)
		} else {
			j = indexFoldAt(h[off:], n, k)
		}
		if j < 0 {
			return false
		}
		p := off + j
		if (!checkL || p == 0 || !isAlnumTab[h[p-1]]) &&
			(!checkR || p+m == len(h) || !isAlnumTab[h[p+m]]) {
			return true
		}
		off = p + 1
	}
	return false
}

// byteRank approximates how common a byte is in log text (lower = rarer).
// indexFold anchors its search on the rarest byte of the needle so that
// strings.IndexByte (vectorized) skips most of the haystack.
var byteRank [256]uint8

func init() {
	for i := range byteRank {
		byteRank[i] = 10 // control bytes, rare punctuation, non-ASCII
	}
	// English letter frequency, folded; both cases share a rank.
	const byFreq = "etaoinsrhdlucmfywgpbvkxqjz"
	for i := 0; i < len(byFreq); i++ {
		r := uint8(200 - 6*i)
		byteRank[byFreq[i]] = r
		byteRank[byFreq[i]-'a'+'A'] = r
	}
	for c := '0'; c <= '9'; c++ {
		byteRank[c] = 120
	}
	for _, c := range []byte(" ") {
		byteRank[c] = 230
	}
	for _, c := range []byte("./-_:=,\\\"") {
		byteRank[c] = 100
	}
	for _, c := range []byte("&?;()[]{}'@%+*#!$|<>~^`") {
		byteRank[c] = 40
	}
}

// indexFold returns the first i with EqualFold(h[i:i+len(n)], n), or -1.
func indexFold(h, n string) int {
	if len(n) == 0 {
		return 0
	}
	return indexFoldAt(h, n, anchorOf(n))
}

// anchorOf picks the byte of n that indexFoldAt searches for: the rarest
// one by byteRank, where a letter counts double since both of its cases
// must be searched.
func anchorOf(n string) int {
	k, best := 0, 1<<30
	for i := 0; i < len(n); i++ {
		c := n[i]
		r := int(byteRank[c])
		if isLetterTab[c] {
			r *= 2
		}
		if r < best {
			k, best = i, r
		}
	}
	return k
}

// indexFoldAt is indexFold for a non-empty n with anchor k = anchorOf(n).
func indexFoldAt(h, n string, k int) int {
	m := len(n)
	if m > len(h) {
		return -1
	}
	c := n[k]
	end := len(h) - m + k + 1 // anchor positions are in [k, end)
	if !isLetterTab[c] {
		for i := k; i < end; {
			j := strings.IndexByte(h[i:end], c)
			if j < 0 {
				return -1
			}
			p := i + j - k
			if equalFoldSame(h[p:p+m], n) {
				return p
			}
			i += j + 1
		}
		return -1
	}
	lo := asciiLower[c]
	up := lo - 'a' + 'A'
	// Track the next position of each case separately so that a frequent
	// case does not make us rescan for the rare one (linear overall).
	nextLo, nextUp := -2, -2
	for i := k; i < end; {
		if nextLo != -1 && nextLo < i {
			if j := strings.IndexByte(h[i:end], lo); j >= 0 {
				nextLo = i + j
			} else {
				nextLo = -1
			}
		}
		if nextUp != -1 && nextUp < i {
			if j := strings.IndexByte(h[i:end], up); j >= 0 {
				nextUp = i + j
			} else {
				nextUp = -1
			}
		}
		var a int
		switch {
		case nextLo < 0 && nextUp < 0:
			return -1
		case nextLo < 0:
			a = nextUp
		case nextUp < 0 || nextLo < nextUp:
			a = nextLo
		default:
			a = nextUp
		}
		p := a - k
		if equalFoldSame(h[p:p+m], n) {
			return p
		}
		i = a + 1
	}
	return -1
}
