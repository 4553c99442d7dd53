package strfn

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"reconwatch/internal/kql/funcs"
)

// KQL regular expressions use the syntax of Rust's regex crate (RE2 family),
// see https://learn.microsoft.com/kusto/query/regex. Go's regexp is RE2 too;
// TranslateRegex rewrites the differences that are cheap to rewrite and
// rejects, with a clear message, what Go cannot do.
//
// Translated (the pattern then means in Go what it means in Kusto):
//
//   - \d \D \w \W \s \S are Unicode-aware in Kusto (\d = \p{Nd}; \w = letters,
//     marks, Nd, Pc, Nl, Other_Alphabetic, Join_Control; \s = White_Space)
//     but ASCII in Go. They are rewritten to the Unicode classes, inside and
//     outside brackets. Under (?-u) they keep their ASCII meaning (with \s
//     including \v, as in Rust).
//   - (?<name>re) becomes (?P<name>re).
//   - \uXXXX, \u{X..}, \UXXXXXXXX become \x{...}.
//   - Nested classes and the class set operations of Rust — [x[^xyz]],
//     [a-y&&xyz] (intersection), [0-9--4] (difference), [a-g~~b-h]
//     (symmetric difference) — are evaluated at compile time into an
//     explicit range list.
//   - The u flag is dropped from flag groups (Go is always Unicode) after
//     being used to pick the meaning of \d \w \s in its scope.
//
// Not translated (documented differences):
//
//   - \b and \B use ASCII word characters in Go but Unicode ones in Kusto;
//     they differ only next to non-ASCII letters and digits.
//   - Counted repetition is limited to 1000 in Go ({1001} is an error).
//   - Unicode properties other than general categories and scripts
//     (\p{Alphabetic}, \p{White_Space}, ...) are compile errors in Go.
//
// Rejected with an error, as Kusto rejects them too: look-around
// ((?=, (?!, (?<=, (?<!), backreferences; also the x (verbose) and R (CRLF)
// flags, which Go lacks.

// Regex is a compiled KQL regular expression. It is safe for concurrent use.
type Regex struct {
	re     *regexp.Regexp
	source string
}

// RegexError reports a pattern that does not compile.
type RegexError struct {
	Pattern string
	Msg     string
}

func (e *RegexError) Error() string {
	return fmt.Sprintf("invalid regular expression %q: %s", e.Pattern, e.Msg)
}

// CompileRegex compiles a KQL regular expression. maxSize bounds the
// pattern's length in bytes; 0 means funcs.DefaultMaxRegexSize.
func CompileRegex(pattern string, maxSize int) (*Regex, error) {
	if maxSize <= 0 {
		maxSize = funcs.DefaultMaxRegexSize
	}
	if len(pattern) > maxSize {
		return nil, &RegexError{Pattern: truncate(pattern, 64), Msg: fmt.Sprintf("pattern is %d bytes long; the limit is %d", len(pattern), maxSize)}
	}
	goPat, err := TranslateRegex(pattern)
	if err != nil {
		return nil, &RegexError{Pattern: pattern, Msg: err.Error()}
	}
	re, err := regexp.Compile(goPat)
	if err != nil {
		msg := err.Error()
		var se *syntax.Error
		if errors.As(err, &se) {
			msg = string(se.Code)
			if se.Expr != "" && len(se.Expr) < 80 {
				msg += ": `" + se.Expr + "`"
			}
		}
		return nil, &RegexError{Pattern: pattern, Msg: msg}
	}
	return &Regex{re: re, source: pattern}, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// MatchString reports whether the regex matches anywhere in s: the
// `matches regex` operator (an unanchored search).
func (r *Regex) MatchString(s string) bool { return r.re.MatchString(s) }

// Regexp returns the underlying Go regexp.
func (r *Regex) Regexp() *regexp.Regexp { return r.re }

// String returns the KQL pattern as written.
func (r *Regex) String() string { return r.source }

// NumSubexp returns the number of capturing groups.
func (r *Regex) NumSubexp() int { return r.re.NumSubexp() }

// RegexCache compiles patterns that are only known per row (a regex taken
// from a column), remembering a bounded number of them. It is safe for
// concurrent use.
type RegexCache struct {
	mu      sync.Mutex
	m       map[string]regexCacheEntry
	max     int
	maxSize int
}

type regexCacheEntry struct {
	re  *Regex
	err error
}

// NewRegexCache returns a cache holding up to maxEntries patterns.
func NewRegexCache(maxEntries, maxRegexSize int) *RegexCache {
	return &RegexCache{m: map[string]regexCacheEntry{}, max: max(maxEntries, 1), maxSize: maxRegexSize}
}

// Get returns the compiled pattern (or its compile error).
func (c *RegexCache) Get(pattern string) (*Regex, error) {
	c.mu.Lock()
	e, ok := c.m[pattern]
	c.mu.Unlock()
	if ok {
		return e.re, e.err
	}
	re, err := CompileRegex(pattern, c.maxSize)
	c.mu.Lock()
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[pattern] = regexCacheEntry{re, err}
	c.mu.Unlock()
	return re, err
}

// TranslateRegex rewrites a KQL (Rust-syntax) regular expression into Go
// regexp syntax; see the comment at the top of this file.
func TranslateRegex(p string) (string, error) {
	t := rxTranslator{src: p, uni: []bool{true}}
	t.out.Grow(len(p) + 16)
	for t.i < len(p) {
		var err error
		switch p[t.i] {
		case '\\':
			err = t.escapeOutside()
		case '[':
			err = t.class()
		case '(':
			err = t.group()
		case ')':
			if len(t.uni) > 1 {
				t.uni = t.uni[:len(t.uni)-1]
			}
			t.out.WriteByte(')')
			t.i++
		default:
			t.out.WriteByte(p[t.i])
			t.i++
		}
		if err != nil {
			return "", err
		}
	}
	return t.out.String(), nil
}

type rxTranslator struct {
	src string
	i   int
	out strings.Builder
	uni []bool // Unicode mode per open group (the u flag)
}

func (t *rxTranslator) unicode() bool { return t.uni[len(t.uni)-1] }

func (t *rxTranslator) escapeOutside() error {
	p := t.src
	if t.i+1 >= len(p) {
		return errors.New("trailing backslash at end of expression")
	}
	e := p[t.i+1]
	switch e {
	case 'd', 'D', 'w', 'W', 's', 'S':
		t.out.WriteString(perlClassOutside(e, t.unicode()))
		t.i += 2
		return nil
	case 'u', 'U':
		r, n, err := parseUEscape(p[t.i:])
		if err != nil {
			return err
		}
		fmt.Fprintf(&t.out, `\x{%X}`, r)
		t.i += n
		return nil
	case '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return fmt.Errorf("backreferences (\\%c) are not supported", e)
	}
	_, size := utf8.DecodeRuneInString(p[t.i+1:])
	t.out.WriteString(p[t.i : t.i+1+size])
	t.i += 1 + size
	return nil
}

// parseUEscape parses \uXXXX, \u{X...} or \UXXXXXXXX at the start of s and
// returns the rune and the escape's length.
func parseUEscape(s string) (rune, int, error) {
	var hex string
	var n int
	switch {
	case len(s) > 2 && s[2] == '{':
		end := strings.IndexByte(s, '}')
		if end < 0 {
			return 0, 0, fmt.Errorf("unclosed \\%c{ escape", s[1])
		}
		hex, n = s[3:end], end+1
	case s[1] == 'u' && len(s) >= 6:
		hex, n = s[2:6], 6
	case s[1] == 'U' && len(s) >= 10:
		hex, n = s[2:10], 10
	default:
		return 0, 0, fmt.Errorf("incomplete \\%c escape", s[1])
	}
	v, err := strconv.ParseUint(hex, 16, 32)
	if err != nil || v > unicode.MaxRune || (v >= 0xD800 && v <= 0xDFFF) {
		return 0, 0, fmt.Errorf("invalid \\%c escape %q", s[1], s[:n])
	}
	return rune(v), n, nil
}

func (t *rxTranslator) group() error {
	p := t.src
	cur := t.unicode()
	if t.i+1 >= len(p) || p[t.i+1] != '?' {
		t.out.WriteByte('(')
		t.uni = append(t.uni, cur)
		t.i++
		return nil
	}
	rest := p[t.i+2:]
	switch {
	case strings.HasPrefix(rest, "P<"):
		t.out.WriteString("(?P<")
		t.uni = append(t.uni, cur)
		t.i += 4
		return nil
	case strings.HasPrefix(rest, "<=") || strings.HasPrefix(rest, "<!"):
		return errors.New("look-behind assertions are not supported")
	case strings.HasPrefix(rest, "<"):
		t.out.WriteString("(?P<")
		t.uni = append(t.uni, cur)
		t.i += 3
		return nil
	case strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, "!"):
		return errors.New("look-ahead assertions are not supported")
	case strings.HasPrefix(rest, "P="):
		return errors.New("backreferences are not supported")
	}
	// Flag group: (?flags) or (?flags:re).
	j := 0
	for j < len(rest) && (isLetterTab[rest[j]] || rest[j] == '-') {
		j++
	}
	if j == len(rest) || (rest[j] != ')' && rest[j] != ':') {
		return fmt.Errorf("invalid group syntax at offset %d", t.i)
	}
	newUni, neg := cur, false
	var kept []byte
	for k := 0; k < j; k++ {
		switch f := rest[k]; f {
		case '-':
			if neg {
				return errors.New("invalid flags: repeated -")
			}
			neg = true
			kept = append(kept, '-')
		case 'u':
			newUni = !neg
		case 'i', 'm', 's', 'U':
			kept = append(kept, f)
		case 'x':
			return errors.New("the x (verbose) flag is not supported")
		case 'R':
			return errors.New("the R (CRLF) flag is not supported")
		default:
			return fmt.Errorf("unknown flag %q", f)
		}
	}
	if n := len(kept); n > 0 && kept[n-1] == '-' {
		kept = kept[:n-1]
	}
	if rest[j] == ')' {
		t.uni[len(t.uni)-1] = newUni
		if len(kept) > 0 {
			t.out.WriteString("(?" + string(kept) + ")")
		}
	} else {
		t.uni = append(t.uni, newUni)
		t.out.WriteString("(?" + string(kept) + ":")
	}
	t.i += 2 + j + 1
	return nil
}

// Perl classes.

var (
	uniSetsOnce sync.Once
	uniDigit    runeSet // \p{Nd}
	uniWord     runeSet // Rust's Unicode \w
	uniSpace    runeSet // White_Space
	wordInline  string  // \w's content inside [...] outside classes
	spaceInline string
)

func initUniSets() {
	uniSetsOnce.Do(func() {
		uniDigit = tableSet(unicode.Nd)
		uniWord = tableSet(unicode.L, unicode.M, unicode.Nd, unicode.Pc, unicode.Nl, unicode.Other_Alphabetic, unicode.Join_Control)
		uniSpace = tableSet(unicode.White_Space)
		// Inline form: category escapes plus the few extra ranges.
		cats := tableSet(unicode.L, unicode.M, unicode.Nd, unicode.Pc, unicode.Nl)
		extra := uniWord.diff(cats)
		wordInline = `\p{L}\p{M}\p{Nd}\p{Pc}\p{Nl}` + extra.body()
		spaceInline = uniSpace.body()
	})
}

var (
	asciiDigit = runeSet{'0', '9'}
	asciiWord  = runeSet{'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}
	asciiSpace = runeSet{'\t', '\r', ' ', ' '} // \t \n \v \f \r and space
)

func perlClassOutside(e byte, uni bool) string {
	if !uni {
		switch e {
		case 'd':
			return `[0-9]`
		case 'D':
			return `[^0-9]`
		case 'w':
			return `[0-9A-Za-z_]`
		case 'W':
			return `[^0-9A-Za-z_]`
		case 's':
			return `[\t\n\v\f\r ]`
		default:
			return `[^\t\n\v\f\r ]`
		}
	}
	initUniSets()
	switch e {
	case 'd':
		return `\p{Nd}`
	case 'D':
		return `\P{Nd}`
	case 'w':
		return "[" + wordInline + "]"
	case 'W':
		return "[^" + wordInline + "]"
	case 's':
		return "[" + spaceInline + "]"
	default:
		return "[^" + spaceInline + "]"
	}
}

func perlClassSet(e byte, uni bool) runeSet {
	var s runeSet
	if uni {
		initUniSets()
		switch e | 0x20 {
		case 'd':
			s = uniDigit
		case 'w':
			s = uniWord
		default:
			s = uniSpace
		}
	} else {
		switch e | 0x20 {
		case 'd':
			s = asciiDigit
		case 'w':
			s = asciiWord
		default:
			s = asciiSpace
		}
	}
	if e >= 'A' && e <= 'Z' {
		return s.negate()
	}
	return s
}

// Bracketed classes.

// class translates a bracketed class starting at t.i. A class that uses no
// Rust-only feature is copied verbatim; otherwise it is evaluated into a
// range list.
func (t *rxTranslator) class() error {
	start := t.i
	cp := classParser{src: t.src, i: t.i, uni: t.unicode()}
	set, neg, err := cp.parseTop()
	if err != nil {
		return err
	}
	t.i = cp.i
	if !cp.special {
		t.out.WriteString(t.src[start:t.i])
		return nil
	}
	if len(set) == 0 {
		// The empty class matches nothing; negated, it matches everything.
		if neg {
			t.out.WriteString(`[\x00-\x{10FFFF}]`)
		} else {
			t.out.WriteString(`[^\x00-\x{10FFFF}]`)
		}
		return nil
	}
	t.out.WriteByte('[')
	if neg {
		t.out.WriteByte('^')
	}
	t.out.WriteString(set.body())
	t.out.WriteByte(']')
	return nil
}

type classParser struct {
	src     string
	i       int
	uni     bool
	special bool // uses a feature Go's syntax lacks (or means differently)
}

// parseTop parses "[" "^"? set "]" and returns the set without the
// top-level negation (which is reported separately so that Go applies case
// folding before negating, as Rust does).
func (c *classParser) parseTop() (runeSet, bool, error) {
	c.i++ // [
	neg := false
	if c.i < len(c.src) && c.src[c.i] == '^' {
		neg = true
		c.i++
	}
	set, err := c.parseSetExpr()
	if err != nil {
		return nil, false, err
	}
	return set, neg, nil
}

// parseNested parses a nested class and applies its negation.
func (c *classParser) parseNested() (runeSet, error) {
	c.special = true
	set, neg, err := c.parseTop()
	if err != nil {
		return nil, err
	}
	if neg {
		set = set.negate()
	}
	return set, nil
}

// parseSetExpr parses union (op union)* up to and including the closing ].
func (c *classParser) parseSetExpr() (runeSet, error) {
	acc, err := c.parseUnion(true)
	if err != nil {
		return nil, err
	}
	for {
		if c.i >= len(c.src) {
			return nil, errors.New("missing closing ]")
		}
		if c.src[c.i] == ']' {
			c.i++
			return acc, nil
		}
		op := c.src[c.i : c.i+2] // parseUnion stops only at ] or an operator
		c.i += 2
		c.special = true
		rhs, err := c.parseUnion(false)
		if err != nil {
			return nil, err
		}
		switch op {
		case "&&":
			acc = acc.intersect(rhs)
		case "--":
			acc = acc.diff(rhs)
		case "~~":
			acc = acc.union(rhs).diff(acc.intersect(rhs))
		}
	}
}

func (c *classParser) atOp() bool {
	if c.i+1 >= len(c.src) {
		return false
	}
	switch c.src[c.i : c.i+2] {
	case "&&", "--", "~~":
		return true
	}
	return false
}

// parseUnion parses class items until ] or a set operator.
func (c *classParser) parseUnion(first bool) (runeSet, error) {
	var acc runeSet
	for n := 0; ; n++ {
		if c.i >= len(c.src) {
			return nil, errors.New("missing closing ]")
		}
		ch := c.src[c.i]
		if ch == ']' && !(first && n == 0) {
			return acc, nil
		}
		if c.atOp() && !(first && n == 0 && ch == '-') {
			return acc, nil
		}
		item, err := c.parseItem()
		if err != nil {
			return nil, err
		}
		acc = acc.union(item)
	}
}

// parseItem parses one item: a range, a literal, an escape, a POSIX class
// or a nested class.
func (c *classParser) parseItem() (runeSet, error) {
	if c.src[c.i] == '[' {
		if s, ok, err := c.posix(); ok || err != nil {
			return s, err
		}
		return c.parseNested()
	}
	lo, set, err := c.atom()
	if err != nil {
		return nil, err
	}
	if set != nil {
		return set, nil
	}
	// Range? "a-b" unless the - is followed by ] or another - (an operator).
	if c.i+1 < len(c.src) && c.src[c.i] == '-' && c.src[c.i+1] != ']' && c.src[c.i+1] != '-' {
		c.i++
		hi, hset, err := c.atom()
		if err != nil {
			return nil, err
		}
		if hset != nil {
			return nil, errors.New("invalid character class range: a class cannot end a range")
		}
		if hi < lo {
			return nil, fmt.Errorf("invalid character class range %q-%q", lo, hi)
		}
		return runeSet{lo, hi}, nil
	}
	return runeSet{lo, lo}, nil
}

// atom parses a single character (returned as a rune) or a class escape
// (returned as a set).
func (c *classParser) atom() (rune, runeSet, error) {
	s := c.src
	if s[c.i] != '\\' {
		r, size := utf8.DecodeRuneInString(s[c.i:])
		c.i += size
		return r, nil, nil
	}
	if c.i+1 >= len(s) {
		return 0, nil, errors.New("trailing backslash at end of expression")
	}
	e := s[c.i+1]
	switch e {
	case 'd', 'D', 'w', 'W', 's', 'S':
		c.i += 2
		if c.uni || e == 's' || e == 'S' {
			c.special = true // Go's meaning differs (ASCII, or \s without \v)
		}
		return 0, perlClassSet(e, c.uni), nil
	case 'p', 'P':
		end := c.i + 3
		if c.i+2 < len(s) && s[c.i+2] == '{' {
			k := strings.IndexByte(s[c.i:], '}')
			if k < 0 {
				return 0, nil, errors.New("unclosed \\p{ escape")
			}
			end = c.i + k + 1
		}
		if end > len(s) {
			return 0, nil, errors.New("incomplete \\p escape")
		}
		text := s[c.i:end]
		c.i = end
		set, err := goClassSet("[" + text + "]")
		return 0, set, err
	case 'u', 'U':
		r, n, err := parseUEscape(s[c.i:])
		if err != nil {
			return 0, nil, err
		}
		c.i += n
		c.special = true
		return r, nil, nil
	case 'x':
		var r rune
		var n int
		if c.i+2 < len(s) && s[c.i+2] == '{' {
			k := strings.IndexByte(s[c.i:], '}')
			if k < 0 {
				return 0, nil, errors.New("unclosed \\x{ escape")
			}
			v, err := strconv.ParseUint(s[c.i+3:c.i+k], 16, 32)
			if err != nil || v > unicode.MaxRune {
				return 0, nil, fmt.Errorf("invalid escape %q", s[c.i:c.i+k+1])
			}
			r, n = rune(v), k+1
		} else {
			if c.i+4 > len(s) {
				return 0, nil, errors.New("incomplete \\x escape")
			}
			v, err := strconv.ParseUint(s[c.i+2:c.i+4], 16, 8)
			if err != nil {
				return 0, nil, fmt.Errorf("invalid escape %q", s[c.i:c.i+4])
			}
			r, n = rune(v), 4
		}
		c.i += n
		return r, nil, nil
	case 'a':
		c.i += 2
		return '\a', nil, nil
	case 'f':
		c.i += 2
		return '\f', nil, nil
	case 't':
		c.i += 2
		return '\t', nil, nil
	case 'n':
		c.i += 2
		return '\n', nil, nil
	case 'r':
		c.i += 2
		return '\r', nil, nil
	case 'v':
		c.i += 2
		return '\v', nil, nil
	}
	r, size := utf8.DecodeRuneInString(s[c.i+1:])
	if r < utf8.RuneSelf && isAlnumTab[byte(r)] {
		return 0, nil, fmt.Errorf("invalid escape sequence \\%c in class", r)
	}
	c.i += 1 + size
	return r, nil, nil
}

// posix parses [:name:] or [:^name:] at c.i; ok is false if the text there
// is not a POSIX class (it is then a nested class).
func (c *classParser) posix() (runeSet, bool, error) {
	s := c.src[c.i:]
	if len(s) < 2 || s[1] != ':' {
		return nil, false, nil
	}
	end := strings.Index(s, ":]")
	if end < 0 {
		return nil, false, nil
	}
	name := s[2:end]
	for i := 0; i < len(name); i++ {
		if !isLetterTab[name[i]] && !(i == 0 && name[i] == '^') {
			return nil, false, nil
		}
	}
	set, err := goClassSet("[" + s[:end+2] + "]")
	if err != nil {
		return nil, true, err
	}
	c.i += end + 2
	return set, true, nil
}

// goClassSet evaluates a simple Go class (a \p escape or a POSIX class) to
// its range list using Go's own parser.
func goClassSet(class string) (runeSet, error) {
	re, err := syntax.Parse(class, syntax.Perl)
	if err != nil {
		var se *syntax.Error
		if errors.As(err, &se) {
			return nil, fmt.Errorf("%s: `%s`", se.Code, se.Expr)
		}
		return nil, err
	}
	switch re.Op {
	case syntax.OpCharClass:
		return runeSet(slices.Clone(re.Rune)).normalize(), nil
	case syntax.OpLiteral:
		var s runeSet
		for _, r := range re.Rune {
			s = s.union(runeSet{r, r})
		}
		return s, nil
	case syntax.OpNoMatch:
		return nil, nil
	case syntax.OpAnyChar:
		return runeSet{0, unicode.MaxRune}, nil
	}
	return nil, fmt.Errorf("unsupported class %s", class)
}

// runeSet is a sorted list of disjoint, non-adjacent inclusive ranges
// [lo0, hi0, lo1, hi1, ...].
type runeSet []rune

func tableSet(tabs ...*unicode.RangeTable) runeSet {
	var s runeSet
	for _, t := range tabs {
		var part runeSet
		for _, r := range t.R16 {
			part = appendStride(part, rune(r.Lo), rune(r.Hi), rune(r.Stride))
		}
		for _, r := range t.R32 {
			part = appendStride(part, rune(r.Lo), rune(r.Hi), rune(r.Stride))
		}
		s = s.union(part.normalize())
	}
	return s
}

func appendStride(s runeSet, lo, hi, stride rune) runeSet {
	if stride == 1 {
		return append(s, lo, hi)
	}
	for r := lo; r <= hi; r += stride {
		s = append(s, r, r)
	}
	return s
}

// normalize sorts and merges ranges.
func (s runeSet) normalize() runeSet {
	if len(s) <= 2 {
		return s
	}
	type pair struct{ lo, hi rune }
	ps := make([]pair, 0, len(s)/2)
	for i := 0; i < len(s); i += 2 {
		ps = append(ps, pair{s[i], s[i+1]})
	}
	slices.SortFunc(ps, func(a, b pair) int { return int(a.lo - b.lo) })
	out := make(runeSet, 0, len(s))
	for _, p := range ps {
		if n := len(out); n > 0 && p.lo <= out[n-1]+1 {
			if p.hi > out[n-1] {
				out[n-1] = p.hi
			}
			continue
		}
		out = append(out, p.lo, p.hi)
	}
	return out
}

func (s runeSet) union(t runeSet) runeSet {
	if len(s) == 0 {
		return t
	}
	if len(t) == 0 {
		return s
	}
	u := make(runeSet, 0, len(s)+len(t))
	u = append(append(u, s...), t...)
	return u.normalize()
}

func (s runeSet) negate() runeSet {
	var out runeSet
	next := rune(0)
	for i := 0; i < len(s); i += 2 {
		if s[i] > next {
			out = append(out, next, s[i]-1)
		}
		next = s[i+1] + 1
	}
	if next <= unicode.MaxRune {
		out = append(out, next, unicode.MaxRune)
	}
	return out
}

func (s runeSet) intersect(t runeSet) runeSet {
	var out runeSet
	i, j := 0, 0
	for i < len(s) && j < len(t) {
		lo, hi := max(s[i], t[j]), min(s[i+1], t[j+1])
		if lo <= hi {
			out = append(out, lo, hi)
		}
		if s[i+1] < t[j+1] {
			i += 2
		} else {
			j += 2
		}
	}
	return out
}

func (s runeSet) diff(t runeSet) runeSet { return s.intersect(t.negate()) }

// body renders the ranges as the inside of a Go class.
func (s runeSet) body() string {
	var b strings.Builder
	for i := 0; i < len(s); i += 2 {
		fmt.Fprintf(&b, `\x{%X}`, s[i])
		if s[i+1] != s[i] {
			fmt.Fprintf(&b, `-\x{%X}`, s[i+1])
		}
	}
	return b.String()
}
