package strfn

// HasAnyMatcher answers has_any / has_all / has_any_index for a fixed list of
// needles in one pass over the haystack. It gives exactly the answers of
// looping Has (or HasCS) over the needles, but instead of searching the
// haystack once per needle it walks the haystack once and, at each position,
// tries only the needles that can start there:
//
//   - a needle whose first byte is alphanumeric can only match at the start
//     of a term (the left-boundary rule), so it is tried only at term starts,
//     and only if its (folded) first byte equals the haystack's;
//   - a needle whose first byte is punctuation is tried wherever the haystack
//     holds that byte.
//
// Both lookups are a 256-entry table indexed by the folded byte. A matcher is
// immutable after construction and safe for concurrent use; Match,
// MatchIndex and MatchAll do not allocate (MatchAll with more than 256
// needles falls back to a per-needle loop, also allocation-free).
type HasAnyMatcher struct {
	cs      bool
	needles []string // as given (folded copy below is what is compared)
	folded  []string // ASCII-lowered needles, or the needles when cs
	// firstEmpty is the index of the first empty needle (which matches
	// everything), or -1.
	firstEmpty int
	minLen     int // shortest non-empty needle
	nonEmpty   int // number of non-empty needles

	// kind[c]: bit termBit if some needle with alphanumeric first byte c
	// (folded) exists, anyBit if some needle with punctuation first byte c.
	kind [256]uint8
	// cls[c] classifies a haystack byte: clsAlnum, plus clsTerm if a needle
	// starting with it (folded) is tried at term starts, clsAny if a
	// punctuation-first needle starts with it.
	cls [256]uint8
	// CSR lists of needle indexes by folded first byte, ascending index.
	termStart [257]int32
	termList  []int32
	anyStart  [257]int32
	anyList   []int32
}

const (
	termBit = 1 << iota
	anyBit
)

const (
	clsAlnum = 1 << iota
	clsTerm
	clsAny
)

// NewHasAny builds a matcher for needles (has semantics when caseSensitive
// is false, has_cs otherwise). needles is not retained.
func NewHasAny(needles []string, caseSensitive bool) *HasAnyMatcher {
	m := &HasAnyMatcher{cs: caseSensitive, firstEmpty: -1, minLen: 1 << 30}
	m.needles = append([]string(nil), needles...)
	m.folded = make([]string, len(needles))
	var termCount, anyCount [256]int32
	for i, n := range needles {
		if !caseSensitive {
			n = foldASCII(n)
		}
		m.folded[i] = n
		if n == "" {
			if m.firstEmpty < 0 {
				m.firstEmpty = i
			}
			continue
		}
		m.nonEmpty++
		m.minLen = min(m.minLen, len(n))
		c := n[0]
		if isAlnumTab[c] {
			m.kind[c] |= termBit
			termCount[c]++
		} else {
			m.kind[c] |= anyBit
			anyCount[c]++
		}
	}
	for c := 0; c < 256; c++ {
		m.termStart[c+1] = m.termStart[c] + termCount[c]
		m.anyStart[c+1] = m.anyStart[c] + anyCount[c]
	}
	for c := 0; c < 256; c++ {
		fc := byte(c)
		if !caseSensitive {
			fc = asciiLower[c]
		}
		if isAlnumTab[c] {
			m.cls[c] |= clsAlnum
			if m.kind[fc]&termBit != 0 {
				m.cls[c] |= clsTerm
			}
		}
		if m.kind[fc]&anyBit != 0 {
			m.cls[c] |= clsAny
		}
	}
	m.termList = make([]int32, m.termStart[256])
	m.anyList = make([]int32, m.anyStart[256])
	var tfill, afill [256]int32
	for i, n := range m.folded {
		if n == "" {
			continue
		}
		c := n[0]
		if isAlnumTab[c] {
			m.termList[m.termStart[c]+tfill[c]] = int32(i)
			tfill[c]++
		} else {
			m.anyList[m.anyStart[c]+afill[c]] = int32(i)
			afill[c]++
		}
	}
	return m
}

// foldASCII lower-cases A-Z, allocating only when something changes.
func foldASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = asciiLower[b[j]]
			}
			return string(b)
		}
	}
	return s
}

// Len returns the number of needles.
func (m *HasAnyMatcher) Len() int { return len(m.needles) }

// Needles returns the needles as given (do not modify).
func (m *HasAnyMatcher) Needles() []string { return m.needles }

// matchAt reports whether folded needle n matches h at position i (the
// first byte is already known to match and the left boundary to hold).
func (m *HasAnyMatcher) matchAt(h string, i int, n string) bool {
	e := i + len(n)
	if e > len(h) {
		return false
	}
	if m.cs {
		if h[i+1:e] != n[1:] {
			return false
		}
	} else if !equalFoldSame(h[i+1:e], n[1:]) {
		return false
	}
	return e == len(h) || !isAlnumTab[n[len(n)-1]] || !isAlnumTab[h[e]]
}

// Match reports whether h has any of the needles: has_any.
func (m *HasAnyMatcher) Match(h string) bool {
	if m.firstEmpty >= 0 {
		return true
	}
	if m.nonEmpty == 0 {
		return false
	}
	var prevAlnum uint8
	last := len(h) - m.minLen
	for i := 0; i <= last; i++ {
		x := m.cls[h[i]]
		if x&(clsTerm|clsAny) != 0 {
			fc := h[i]
			if !m.cs {
				fc = asciiLower[fc]
			}
			if x&clsTerm != 0 && prevAlnum == 0 {
				for _, j := range m.termList[m.termStart[fc]:m.termStart[int(fc)+1]] {
					if m.matchAt(h, i, m.folded[j]) {
						return true
					}
				}
			}
			if x&clsAny != 0 {
				for _, j := range m.anyList[m.anyStart[fc]:m.anyStart[int(fc)+1]] {
					if m.matchAt(h, i, m.folded[j]) {
						return true
					}
				}
			}
		}
		prevAlnum = x & clsAlnum
	}
	return false
}

// MatchIndex returns the smallest index i such that h has needles[i], or -1:
// has_any_index, which reports the position of the first matching element
// of the lookup array (array order, not position in h).
func (m *HasAnyMatcher) MatchIndex(h string) int {
	best := m.firstEmpty
	if best == 0 || m.nonEmpty == 0 {
		return best
	}
	if best < 0 {
		best = len(m.folded)
	}
	var prevAlnum uint8
	last := len(h) - m.minLen
	for i := 0; i <= last; i++ {
		x := m.cls[h[i]]
		if x&(clsTerm|clsAny) != 0 {
			fc := h[i]
			if !m.cs {
				fc = asciiLower[fc]
			}
			if x&clsTerm != 0 && prevAlnum == 0 {
				for _, j := range m.termList[m.termStart[fc]:m.termStart[int(fc)+1]] {
					if int(j) >= best {
						break // lists are in ascending index order
					}
					if m.matchAt(h, i, m.folded[j]) {
						best = int(j)
						break
					}
				}
			}
			if x&clsAny != 0 {
				for _, j := range m.anyList[m.anyStart[fc]:m.anyStart[int(fc)+1]] {
					if int(j) >= best {
						break
					}
					if m.matchAt(h, i, m.folded[j]) {
						best = int(j)
						break
					}
				}
			}
			if best == 0 {
				return 0
			}
		}
		prevAlnum = x & clsAlnum
	}
	if best == len(m.folded) {
		return -1
	}
	return best
}

// MatchAll reports whether h has every needle: has_all. An empty needle
// list is vacuously true.
func (m *HasAnyMatcher) MatchAll(h string) bool {
	n := len(m.folded)
	if m.nonEmpty == 0 {
		return true
	}
	if n > 256 {
		for _, s := range m.folded {
			if !hasTerm(h, s, m.cs, true, true) {
				return false
			}
		}
		return true
	}
	var seen [4]uint64
	remaining := m.nonEmpty
	var prevAlnum uint8
	last := len(h) - m.minLen
	for i := 0; i <= last; i++ {
		x := m.cls[h[i]]
		if x&(clsTerm|clsAny) != 0 {
			fc := h[i]
			if !m.cs {
				fc = asciiLower[fc]
			}
			if x&clsTerm != 0 && prevAlnum == 0 {
				for _, j := range m.termList[m.termStart[fc]:m.termStart[int(fc)+1]] {
					if seen[j>>6]&(1<<(j&63)) == 0 && m.matchAt(h, i, m.folded[j]) {
						seen[j>>6] |= 1 << (j & 63)
						remaining--
					}
				}
			}
			if x&clsAny != 0 {
				for _, j := range m.anyList[m.anyStart[fc]:m.anyStart[int(fc)+1]] {
					if seen[j>>6]&(1<<(j&63)) == 0 && m.matchAt(h, i, m.folded[j]) {
						seen[j>>6] |= 1 << (j & 63)
						remaining--
					}
				}
			}
			if remaining == 0 {
				return true
			}
		}
		prevAlnum = x & clsAlnum
	}
	return false
}

// HasAny is has_any over needles that are not known in advance (a loop of
// Has / HasCS). Prefer NewHasAny for constant lists.
func HasAny(h string, needles []string, caseSensitive bool) bool {
	for _, n := range needles {
		if hasTerm(h, n, caseSensitive, true, true) {
			return true
		}
	}
	return false
}

// HasAll is has_all over needles that are not known in advance. Prefer
// NewHasAny(...).MatchAll for constant lists.
func HasAll(h string, needles []string, caseSensitive bool) bool {
	for _, n := range needles {
		if !hasTerm(h, n, caseSensitive, true, true) {
			return false
		}
	}
	return true
}

// FoldSet is a set of strings for `in~` / `!in~` against a constant list:
// Contains(s) reports whether s equals some member under ASCII case folding,
// without allocating for s up to 256 bytes.
type FoldSet struct {
	m      map[string]struct{}
	lens   [257]bool // lens[n]: some member has length n (n < 256); lens[256]: some member is longer
	maxLen int
}

// NewFoldSet builds a FoldSet from values.
func NewFoldSet(values []string) *FoldSet {
	s := &FoldSet{m: make(map[string]struct{}, len(values))}
	for _, v := range values {
		s.m[foldASCII(v)] = struct{}{}
		s.lens[min(len(v), 256)] = true
		s.maxLen = max(s.maxLen, len(v))
	}
	return s
}

// Len returns the number of distinct folded members.
func (s *FoldSet) Len() int { return len(s.m) }

// Contains reports whether v =~ some member.
func (s *FoldSet) Contains(v string) bool {
	if len(v) > s.maxLen || !s.lens[min(len(v), 256)] {
		return false
	}
	if len(v) <= 256 {
		var buf [256]byte
		b := buf[:len(v)]
		for i := 0; i < len(v); i++ {
			b[i] = asciiLower[v[i]]
		}
		_, ok := s.m[string(b)] // no allocation: map index by converted bytes
		return ok
	}
	_, ok := s.m[foldASCII(v)]
	return ok
}
