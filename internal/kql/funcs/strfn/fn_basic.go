package strfn

import (
	"strings"
	"unicode/utf8"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Basic string functions: length, case, concatenation, slicing, splitting,
// literal replacement, code points.

func init() {
	register("strlen", 1, 1, funcs.NamePrefixArg, simple("strlen", table.Long, evalStrlen, pString))
	register("string_size", 1, 1, funcs.NamePrefixArg, simple("string_size", table.Long, evalStringSize, pString))
	register("substring", 2, 3, funcs.NameColumn, simple("substring", table.String, evalSubstring, pScalar, pInteger))
	register("tolower", 1, 1, funcs.NameColumn, simple("tolower", table.String, evalToLower, pScalar))
	register("toupper", 1, 1, funcs.NameColumn, simple("toupper", table.String, evalToUpper, pScalar))
	register("strcat", 1, 64, funcs.NameColumn, simple("strcat", table.String, evalStrcat, pScalar))
	register("strcat_delim", 3, 65, funcs.NameColumn, simple("strcat_delim", table.String, evalStrcatDelim, pScalar))
	register("strcat_array", 2, 2, funcs.NameColumn, simple("strcat_array", table.String, evalStrcatArray, pDynamic, pScalar))
	register("strcmp", 2, 2, funcs.NameColumn, simple("strcmp", table.Long, evalStrcmp, pScalar))
	register("split", 2, 3, funcs.NameFirstArg, simple("split", table.Dynamic, evalSplit, pScalar, pString, pInteger))
	register("replace_string", 3, 3, funcs.NameColumn, simple("replace_string", table.String, evalReplaceString, pString))
	register("replace_strings", 3, 3, funcs.NameColumn, bindReplaceStrings)
	register("reverse", 1, 1, funcs.NameColumn, simple("reverse", table.String, evalReverse, pScalar))
	register("indexof", 2, 5, funcs.NameColumn, simple("indexof", table.Long, evalIndexOf, pScalar, pScalar, pInteger))
	register("strrep", 2, 3, funcs.NameColumn, simple("strrep", table.String, evalStrrep, pScalar, pInteger, pScalar))
	register("translate", 3, 3, funcs.NameColumn, simple("translate", table.String, evalTranslate, pString))
	register("isascii", 1, 1, funcs.NameColumn, simple("isascii", table.Bool, evalIsASCII, pScalar))
	register("isutf8", 1, 1, funcs.NameColumn, simple("isutf8", table.Bool, evalIsUTF8, pScalar))
	register("unicode_codepoints_from_string", 1, 1, funcs.NameColumn,
		simple("unicode_codepoints_from_string", table.Dynamic, evalCodepoints, pScalar), "to_utf8")
	register("unicode_codepoints_to_string", 1, -1, funcs.NameColumn,
		simple("unicode_codepoints_to_string", table.String, evalMakeString, pInteger), "make_string")
	register("regex_quote", 1, 1, funcs.NameColumn, simple("regex_quote", table.String, evalRegexQuote, pScalar))
}

// isASCII reports whether s has only bytes below 0x80.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// strlen counts Unicode code points (an invalid UTF-8 byte counts as one).
func evalStrlen(args []table.Value) table.Value {
	return longV(int64(utf8.RuneCountInString(str(args[0]))))
}

// string_size counts UTF-8 bytes.
func evalStringSize(args []table.Value) table.Value {
	return longV(int64(len(str(args[0]))))
}

// substring(source, start [, length]) counts in code points. A negative
// start counts from the end (clamped to 0); start at or past the end, a
// negative length, or a null start/length give "".
func evalSubstring(args []table.Value) table.Value {
	s := str(args[0])
	start, ok := intOf(args[1])
	if !ok {
		return strV("")
	}
	length := int64(-1)
	if len(args) > 2 {
		if length, ok = intOf(args[2]); !ok || length < 0 {
			return strV("")
		}
	}
	return strV(substringRunes(s, start, length))
}

// substringRunes slices s by code points; length < 0 means to the end.
func substringRunes(s string, start, length int64) string {
	ascii := isASCII(s)
	var n int64
	if ascii {
		n = int64(len(s))
	} else {
		n = int64(utf8.RuneCountInString(s))
	}
	if start < 0 {
		start = max(start+n, 0)
	}
	if start >= n {
		return ""
	}
	end := n
	if length >= 0 && length < n-start {
		end = start + length
	}
	if ascii {
		return s[start:end]
	}
	return s[runeOffset(s, int(start)):runeOffset(s, int(end))]
}

// runeOffset returns the byte offset of the k-th code point (len(s) past
// the end).
func runeOffset(s string, k int) int {
	i := 0
	for ; k > 0 && i < len(s); k-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// tolower/toupper are Unicode-aware, as the Kusto docs advise using them
// for non-ASCII case-insensitive comparisons.
func evalToLower(args []table.Value) table.Value { return strV(strings.ToLower(str(args[0]))) }
func evalToUpper(args []table.Value) table.Value { return strV(strings.ToUpper(str(args[0]))) }

// strcat converts every argument with tostring semantics.
func evalStrcat(args []table.Value) table.Value {
	if len(args) == 1 {
		return strV(str(args[0]))
	}
	var b []byte
	for _, a := range args {
		b = table.AppendText(b, a)
	}
	return strV(string(b))
}

func evalStrcatDelim(args []table.Value) table.Value {
	delim := str(args[0])
	var b []byte
	for i, a := range args[1:] {
		if i > 0 {
			b = append(b, delim...)
		}
		b = table.AppendText(b, a)
	}
	return strV(string(b))
}

// strcat_array(array, delimiter): elements with tostring semantics (null
// elements are empty); a non-array yields "".
func evalStrcatArray(args []table.Value) table.Value {
	arr := args[0].Array()
	if len(arr) == 0 {
		return strV("")
	}
	delim := str(args[1])
	var b []byte
	for i, e := range arr {
		if i > 0 {
			b = append(b, delim...)
		}
		b = table.AppendText(b, e)
	}
	return strV(string(b))
}

// strcmp is an ordinal comparison: -1, 0 or 1.
func evalStrcmp(args []table.Value) table.Value {
	return longV(int64(strings.Compare(str(args[0]), str(args[1]))))
}

// split(source, delimiter [, index]) always returns an array of strings.
// An empty delimiter does not split ([source]). With an index the array
// holds that one element, or nothing if the index is out of range (negative
// included); a null index is ignored.
func evalSplit(args []table.Value) table.Value {
	s, d := str(args[0]), str(args[1])
	if len(args) > 2 && !args[2].IsNull() {
		idx, ok := intOf(args[2])
		if !ok || idx < 0 {
			return table.NewArray(nil)
		}
		part, found := nthSplit(s, d, idx)
		if !found {
			return table.NewArray(nil)
		}
		return table.NewArray([]table.Value{strV(part)})
	}
	if d == "" {
		return table.NewArray([]table.Value{strV(s)})
	}
	n := strings.Count(s, d) + 1
	out := make([]table.Value, 0, n)
	for {
		i := strings.Index(s, d)
		if i < 0 {
			out = append(out, strV(s))
			break
		}
		out = append(out, strV(s[:i]))
		s = s[i+len(d):]
	}
	return table.NewArray(out)
}

func nthSplit(s, d string, idx int64) (string, bool) {
	if d == "" {
		return s, idx == 0
	}
	for ; idx > 0; idx-- {
		i := strings.Index(s, d)
		if i < 0 {
			return "", false
		}
		s = s[i+len(d):]
	}
	if i := strings.Index(s, d); i >= 0 {
		return s[:i], true
	}
	return s, true
}

// replace_string(text, lookup, rewrite): every non-overlapping occurrence,
// case-sensitive. An empty lookup replaces nothing.
func evalReplaceString(args []table.Value) table.Value {
	text, lookup := str(args[0]), str(args[1])
	if lookup == "" {
		return strV(text)
	}
	return strV(strings.ReplaceAll(text, lookup, str(args[2])))
}

// replace_strings(text, lookups, rewrites): all lookups at once, matches
// never overlap, and an earlier lookup in the array wins over a later one
// (the doc's "This"/"is" example shows the priority is array order, not
// position in the text). Non-string lookups are ignored; a lookup whose
// rewrite is missing or not a string still claims its matches but leaves
// them unchanged.
type replaceSpec struct {
	lookups  []string
	rewrites []string
	keep     []bool // rewrite not a string: keep the match as it is
}

func makeReplaceSpec(lookups, rewrites table.Value) replaceSpec {
	var sp replaceSpec
	rw := rewrites.Array()
	for i, l := range lookups.Array() {
		if l.K != table.KString || l.S == "" {
			continue
		}
		sp.lookups = append(sp.lookups, l.S)
		if i < len(rw) && rw[i].K == table.KString {
			sp.rewrites = append(sp.rewrites, rw[i].S)
			sp.keep = append(sp.keep, false)
		} else {
			sp.rewrites = append(sp.rewrites, "")
			sp.keep = append(sp.keep, true)
		}
	}
	return sp
}

func (sp *replaceSpec) apply(text string) string {
	if len(sp.lookups) == 0 || text == "" {
		return text
	}
	type span struct{ start, end, which int }
	var spans []span
	var taken []bool
	for w, l := range sp.lookups {
		for off := 0; off+len(l) <= len(text); {
			j := strings.Index(text[off:], l)
			if j < 0 {
				break
			}
			p := off + j
			free := true
			if taken != nil {
				for k := p; k < p+len(l); k++ {
					if taken[k] {
						free = false
						break
					}
				}
			}
			if !free {
				off = p + 1
				continue
			}
			if taken == nil {
				taken = make([]bool, len(text))
			}
			for k := p; k < p+len(l); k++ {
				taken[k] = true
			}
			spans = append(spans, span{p, p + len(l), w})
			off = p + len(l)
		}
	}
	if len(spans) == 0 {
		return text
	}
	// Sort spans by start (insertion sort: few spans in practice).
	for i := 1; i < len(spans); i++ {
		for j := i; j > 0 && spans[j].start < spans[j-1].start; j-- {
			spans[j], spans[j-1] = spans[j-1], spans[j]
		}
	}
	var b strings.Builder
	b.Grow(len(text))
	prev := 0
	for _, s := range spans {
		b.WriteString(text[prev:s.start])
		if sp.keep[s.which] {
			b.WriteString(text[s.start:s.end])
		} else {
			b.WriteString(sp.rewrites[s.which])
		}
		prev = s.end
	}
	b.WriteString(text[prev:])
	return b.String()
}

func bindReplaceStrings(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := check("replace_strings", args, pString, pDynamic, pDynamic); err != nil {
		return funcs.Impl{}, err
	}
	if args[1].Const != nil && args[2].Const != nil {
		sp := makeReplaceSpec(*args[1].Const, *args[2].Const)
		return funcs.Impl{Type: table.String, Eval: func(a []table.Value) table.Value {
			return strV(sp.apply(str(a[0])))
		}}, nil
	}
	return funcs.Impl{Type: table.String, Eval: func(a []table.Value) table.Value {
		sp := makeReplaceSpec(a[1], a[2])
		return strV(sp.apply(str(a[0])))
	}}, nil
}

// reverse reverses code points of tostring(value).
func evalReverse(args []table.Value) table.Value {
	s := str(args[0])
	if isASCII(s) {
		b := make([]byte, len(s))
		for i := 0; i < len(s); i++ {
			b[len(s)-1-i] = s[i]
		}
		return strV(string(b))
	}
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return strV(string(r))
}

// indexof(source, lookup [, start [, length [, occurrence]]]) in code
// points, case-sensitive; both strings are tostring'ed. A negative start
// counts from the end; null if the adjusted start is still negative, if
// occurrence < 0 or length < -1. The occurrence search restarts one past the
// previous hit and examines `length` positions from there each time (this
// reproduces the doc's idx8 = indexof("abcdefgabcdefg", "cde", 1, 10, 2) = 9).
func evalIndexOf(args []table.Value) table.Value {
	s, n := str(args[0]), str(args[1])
	start, length, occ := int64(0), int64(-1), int64(1)
	var ok bool
	if len(args) > 2 {
		if start, ok = intOf(args[2]); !ok {
			return table.Null
		}
	}
	if len(args) > 3 {
		if length, ok = intOf(args[3]); !ok {
			return table.Null
		}
	}
	if len(args) > 4 {
		if occ, ok = intOf(args[4]); !ok {
			return table.Null
		}
	}
	r, null := indexOf(s, n, start, length, occ)
	if null {
		return table.Null
	}
	return longV(r)
}

func indexOf(s, n string, start, length, occ int64) (int64, bool) {
	if occ < 0 || length < -1 {
		return 0, true
	}
	if occ == 0 {
		occ = 1
	}
	if isASCII(s) {
		return indexOfUnits(s, n, start, length, occ, func(h string, i, j int64) int64 {
			return int64(strings.Index(h[i:j], n))
		}, int64(len(s)))
	}
	rs := []rune(s)
	rn := []rune(n)
	return indexOfUnits(s, n, start, length, occ, func(_ string, i, j int64) int64 {
		return runeIndex(rs[i:j], rn)
	}, int64(len(rs)))
}

func indexOfUnits(s, n string, start, length, occ int64, find func(h string, i, j int64) int64, total int64) (int64, bool) {
	if start < 0 {
		start += total
		if start < 0 {
			return 0, true
		}
	}
	if start > total {
		return -1, false
	}
	pos := start
	for k := int64(1); ; k++ {
		end := total
		if length >= 0 && pos+length < total {
			end = pos + length
		}
		j := find(s, pos, end)
		if j < 0 {
			return -1, false
		}
		if k == occ {
			return pos + j, false
		}
		pos += j + 1
		if pos > total {
			return -1, false
		}
	}
}

func runeIndex(h, n []rune) int64 {
	if len(n) == 0 {
		return 0
	}
outer:
	for i := 0; i+len(n) <= len(h); i++ {
		for j := range n {
			if h[i+j] != n[j] {
				continue outer
			}
		}
		return int64(i)
	}
	return -1
}

// maxStrrepBytes bounds strrep's result.
const maxStrrepBytes = 64 << 20

// strrep(value, multiplier [, delimiter]): multiplier is capped at 1024 as
// in Kusto; <= 0 gives "". Results over 64 MiB are refused ("").
func evalStrrep(args []table.Value) table.Value {
	s := str(args[0])
	m, ok := intOf(args[1])
	if !ok || m <= 0 {
		return strV("")
	}
	m = min(m, 1024)
	d := ""
	if len(args) > 2 {
		d = str(args[2])
	}
	if int64(len(s)+len(d))*m > maxStrrepBytes {
		return strV("")
	}
	if d == "" {
		return strV(strings.Repeat(s, int(m)))
	}
	var b strings.Builder
	b.Grow(int(m) * (len(s) + len(d)))
	for i := int64(0); i < m; i++ {
		if i > 0 {
			b.WriteString(d)
		}
		b.WriteString(s)
	}
	return strV(b.String())
}

// translate(searchList, replacementList, source) maps characters of
// searchList to the same-position character of replacementList (the last
// one when replacementList is shorter); an empty replacementList deletes
// them.
func evalTranslate(args []table.Value) table.Value {
	search, repl, src := []rune(str(args[0])), []rune(str(args[1])), str(args[2])
	if len(search) == 0 {
		return strV(src)
	}
	var b strings.Builder
	b.Grow(len(src))
	for _, r := range src {
		k := -1
		for i, c := range search {
			if c == r {
				k = i
				break
			}
		}
		switch {
		case k < 0:
			b.WriteRune(r)
		case len(repl) == 0:
		case k < len(repl):
			b.WriteRune(repl[k])
		default:
			b.WriteRune(repl[len(repl)-1])
		}
	}
	return strV(b.String())
}

func evalIsASCII(args []table.Value) table.Value { return boolV(isASCII(str(args[0]))) }
func evalIsUTF8(args []table.Value) table.Value  { return boolV(utf8.ValidString(str(args[0]))) }

// unicode_codepoints_from_string / to_utf8: the code points as longs.
func evalCodepoints(args []table.Value) table.Value {
	s := str(args[0])
	out := make([]table.Value, 0, len(s))
	for _, r := range s {
		out = append(out, longV(int64(r)))
	}
	return table.NewArray(out)
}

// unicode_codepoints_to_string / make_string: integers or arrays of
// integers (flattened). Any invalid code point gives "".
func evalMakeString(args []table.Value) table.Value {
	var b strings.Builder
	var add func(v table.Value) bool
	add = func(v table.Value) bool {
		if v.K == table.KArray {
			for _, e := range v.D.Arr {
				if !add(e) {
					return false
				}
			}
			return true
		}
		n, ok := intOf(v)
		if !ok || n < 0 || n > utf8.MaxRune || (n >= 0xD800 && n <= 0xDFFF) {
			return false
		}
		b.WriteRune(rune(n))
		return true
	}
	for _, a := range args {
		if !add(a) {
			return strV("")
		}
	}
	return strV(b.String())
}

// regex_quote escapes every character the regex syntax treats specially
// (the set Rust's regex::escape uses).
func evalRegexQuote(args []table.Value) table.Value {
	s := str(args[0])
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(`\.+*?()|[]{}^$#&-~`, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return strV(b.String())
}
