package strfn

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Regex-based functions. Kusto requires their patterns to be constants;
// here a constant pattern is compiled once at Bind (a bad one is a Bind
// error) and a per-row pattern goes through a small per-call-site cache (a
// bad one yields the function's empty result).

func init() {
	register("replace_regex", 3, 3, funcs.NameColumn, bindReplaceRegex(1, 2, 0))
	// Deprecated replace(regex, rewrite, text).
	register("replace", 3, 3, funcs.NameColumn, bindReplaceRegex(0, 1, 2))
	register("trim", 2, 2, funcs.NameColumn, bindTrim("trim", true, true))
	register("trim_start", 2, 2, funcs.NameColumn, bindTrim("trim_start", true, false))
	register("trim_end", 2, 2, funcs.NameColumn, bindTrim("trim_end", false, true))
	register("countof", 2, 3, funcs.NameColumn, bindCountof)
	register("extract", 3, 4, funcs.NameColumn, bindExtract)
	register("extract_all", 2, 3, funcs.NameColumn, bindExtractAll, "extractall")
	register("indexof_regex", 2, 5, funcs.NameColumn, bindIndexOfRegex)
}

// regexSource yields the compiled regex of argument i: fixed when the
// argument is constant, looked up per row otherwise.
type regexSource struct {
	fixed *Regex
	cache *RegexCache
	i     int
}

const perSiteRegexCache = 64

func newRegexSource(name string, env *funcs.Env, args []funcs.Arg, i int) (regexSource, error) {
	maxSize := 0
	if env != nil {
		maxSize = env.MaxRegexSize
	}
	if p, ok := constStr(args[i]); ok {
		re, err := CompileRegex(p, maxSize)
		if err != nil {
			return regexSource{}, funcs.ArgErrorf(i, "%s(): %v", name, err)
		}
		return regexSource{fixed: re, i: i}, nil
	}
	return regexSource{cache: NewRegexCache(perSiteRegexCache, maxSize), i: i}, nil
}

func (rs regexSource) get(args []table.Value) *Regex {
	if rs.fixed != nil {
		return rs.fixed
	}
	re, err := rs.cache.Get(str(args[rs.i]))
	if err != nil {
		return nil
	}
	return re
}

// translateRewrite turns a Kusto rewrite pattern (\0..\9 refer to groups,
// \\ is a backslash) into Go's Expand syntax.
func translateRewrite(s string) string {
	if strings.IndexByte(s, '\\') < 0 && strings.IndexByte(s, '$') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '$':
			b.WriteString("$$")
		case c == '\\' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			b.WriteString("${")
			b.WriteByte(s[i+1])
			b.WriteByte('}')
			i++
		case c == '\\' && i+1 < len(s) && s[i+1] == '\\':
			b.WriteByte('\\')
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// bindReplaceRegex binds replace_regex(text, regex, rewrite) (positions
// given by ri, wi, ti).
func bindReplaceRegex(ri, wi, ti int) func(*funcs.Env, []funcs.Arg) (funcs.Impl, error) {
	name := "replace_regex"
	if ri == 0 {
		name = "replace"
	}
	return func(env *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
		if err := check(name, args, pString); err != nil {
			return funcs.Impl{}, err
		}
		rs, err := newRegexSource(name, env, args, ri)
		if err != nil {
			return funcs.Impl{}, err
		}
		fixedRewrite, constRewrite := constStr(args[wi])
		fixedRewrite = translateRewrite(fixedRewrite)
		return funcs.Impl{Type: table.String, Eval: func(a []table.Value) table.Value {
			text := str(a[ti])
			re := rs.get(a)
			if re == nil {
				return strV(text)
			}
			rw := fixedRewrite
			if !constRewrite {
				rw = translateRewrite(str(a[wi]))
			}
			return strV(re.re.ReplaceAllString(text, rw))
		}}, nil
	}
}

// trimmer removes all leading and/or trailing matches of a regex.
type trimmer struct {
	start, end *regexp.Regexp
}

func newTrimmer(re *Regex, start, end bool) (trimmer, error) {
	gp, err := TranslateRegex(re.source)
	if err != nil {
		return trimmer{}, err
	}
	var t trimmer
	if start {
		if t.start, err = regexp.Compile(`\A(?:` + gp + `)+`); err != nil {
			return trimmer{}, err
		}
	}
	if end {
		if t.end, err = regexp.Compile(`(?:` + gp + `)+\z`); err != nil {
			return trimmer{}, err
		}
	}
	return t, nil
}

func (t trimmer) apply(s string) string {
	if t.start != nil {
		if loc := t.start.FindStringIndex(s); loc != nil {
			s = s[loc[1]:]
		}
	}
	if t.end != nil {
		if loc := t.end.FindStringIndex(s); loc != nil {
			s = s[:loc[0]]
		}
	}
	return s
}

// bindTrim binds trim/trim_start/trim_end(regex, source): the regex's
// consecutive matches anchored at the start (end) are removed.
func bindTrim(name string, start, end bool) func(*funcs.Env, []funcs.Arg) (funcs.Impl, error) {
	return func(env *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
		if err := check(name, args, pString); err != nil {
			return funcs.Impl{}, err
		}
		rs, err := newRegexSource(name, env, args, 0)
		if err != nil {
			return funcs.Impl{}, err
		}
		if rs.fixed != nil {
			t, err := newTrimmer(rs.fixed, start, end)
			if err != nil {
				return funcs.Impl{}, funcs.ArgErrorf(0, "%s(): %v", name, err)
			}
			return funcs.Impl{Type: table.String, Eval: func(a []table.Value) table.Value {
				return strV(t.apply(str(a[1])))
			}}, nil
		}
		return funcs.Impl{Type: table.String, Eval: func(a []table.Value) table.Value {
			s := str(a[1])
			re := rs.get(a)
			if re == nil {
				return strV(s)
			}
			t, err := newTrimmer(re, start, end)
			if err != nil {
				return strV(s)
			}
			return strV(t.apply(s))
		}}, nil
	}
}

// countof(source, search [, kind]): kind "normal" (default) counts
// overlapping plain occurrences (countof("aaaa", "aa") = 3); "regex"
// counts non-overlapping matches. An empty search counts 0.
func bindCountof(env *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := check("countof", args, pString); err != nil {
		return funcs.Impl{}, err
	}
	regex := false
	if len(args) > 2 {
		k, ok := constStr(args[2])
		if !ok {
			return funcs.Impl{}, funcs.ArgErrorf(2, "countof(): argument 3 must be the literal 'normal' or 'regex'")
		}
		switch k {
		case "normal":
		case "regex":
			regex = true
		default:
			return funcs.Impl{}, funcs.ArgErrorf(2, "countof(): kind must be 'normal' or 'regex', not %q", k)
		}
	}
	if !regex {
		return funcs.Impl{Type: table.Long, Eval: func(a []table.Value) table.Value {
			s, n := str(a[0]), str(a[1])
			if n == "" {
				return longV(0)
			}
			var c int64
			for off := 0; ; {
				j := strings.Index(s[off:], n)
				if j < 0 {
					break
				}
				c++
				off += j + 1
			}
			return longV(c)
		}}, nil
	}
	rs, err := newRegexSource("countof", env, args, 1)
	if err != nil {
		return funcs.Impl{}, err
	}
	return funcs.Impl{Type: table.Long, Eval: func(a []table.Value) table.Value {
		re := rs.get(a)
		if re == nil {
			return longV(0)
		}
		return longV(int64(len(re.re.FindAllStringIndex(str(a[0]), -1))))
	}}, nil
}

// extract(regex, captureGroup, source [, typeof(T)]): the group of the
// first match (0 = whole match), converted to T when given. No match, a
// group that does not exist or did not participate, or a failed conversion
// yield null ("" for string). A group number past the regex's groups is not
// a Bind error: Kusto's behaviour is undocumented, and rejecting a rule
// Kusto runs would be worse than returning empty values.
func bindExtract(env *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := check("extract", args[:3], pString, pInteger, pString); err != nil {
		return funcs.Impl{}, err
	}
	typ := table.String
	if len(args) > 3 {
		t, err := typeArg("extract", args, 3)
		if err != nil {
			return funcs.Impl{}, err
		}
		typ = t
	}
	rs, err := newRegexSource("extract", env, args, 0)
	if err != nil {
		return funcs.Impl{}, err
	}
	empty := table.NullOf(typ)
	return funcs.Impl{Type: typ, Eval: func(a []table.Value) table.Value {
		re := rs.get(a)
		g, ok := intOf(a[1])
		if re == nil || !ok || g < 0 || g > int64(re.NumSubexp()) {
			return empty
		}
		s := str(a[2])
		loc := re.re.FindStringSubmatchIndex(s)
		if loc == nil || loc[2*g] < 0 {
			return empty
		}
		return convertString(s[loc[2*g]:loc[2*g+1]], typ)
	}}, nil
}

// extract_all(regex, [captureGroups,] source): every match. With one
// selected group the result is an array of strings, with several an array
// of arrays; captureGroups holds group numbers (1..N) or names. No match
// gives null. The regex must have 1 to 16 capture groups.
func bindExtractAll(env *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	src := len(args) - 1
	if err := check("extract_all", args[:1], pString); err != nil {
		return funcs.Impl{}, err
	}
	if err := check("extract_all", args[src:], pString); err != nil {
		return funcs.Impl{}, funcs.ArgErrorf(src, "extract_all(): argument %d must be a string, not %s", src+1, args[src].Type)
	}
	if len(args) == 3 && !pDynamic.ok(args[1].Type) {
		return funcs.Impl{}, funcs.ArgErrorf(1, "extract_all(): argument 2 must be a dynamic array of capture groups, not %s", args[1].Type)
	}
	rs, err := newRegexSource("extract_all", env, args, 0)
	if err != nil {
		return funcs.Impl{}, err
	}
	var fixedGroups []int
	if rs.fixed != nil {
		n := rs.fixed.NumSubexp()
		if n < 1 || n > 16 {
			return funcs.Impl{}, funcs.ArgErrorf(0, "extract_all(): the regex must have between 1 and 16 capture groups, not %d", n)
		}
		if len(args) == 3 && args[1].Const != nil {
			fixedGroups, err = resolveGroups(rs.fixed, *args[1].Const)
			if err != nil {
				return funcs.Impl{}, funcs.ArgErrorf(1, "extract_all(): %v", err)
			}
		}
	}
	return funcs.Impl{Type: table.Dynamic, Eval: func(a []table.Value) table.Value {
		re := rs.get(a)
		if re == nil || re.NumSubexp() < 1 {
			return table.Null
		}
		groups := fixedGroups
		if groups == nil {
			if len(a) == 3 {
				var err error
				if groups, err = resolveGroups(re, a[1]); err != nil {
					return table.Null
				}
			} else {
				groups = make([]int, re.NumSubexp())
				for i := range groups {
					groups[i] = i + 1
				}
			}
		}
		s := str(a[src])
		matches := re.re.FindAllStringSubmatchIndex(s, -1)
		if len(matches) == 0 {
			return table.Null
		}
		out := make([]table.Value, len(matches))
		for mi, loc := range matches {
			if len(groups) == 1 {
				out[mi] = strV(groupText(s, loc, groups[0]))
				continue
			}
			row := make([]table.Value, len(groups))
			for gi, g := range groups {
				row[gi] = strV(groupText(s, loc, g))
			}
			out[mi] = table.NewArray(row)
		}
		return table.NewArray(out)
	}}, nil
}

func groupText(s string, loc []int, g int) string {
	if loc[2*g] < 0 {
		return ""
	}
	return s[loc[2*g]:loc[2*g+1]]
}

// resolveGroups maps a captureGroups array (numbers and names) to group
// numbers.
func resolveGroups(re *Regex, v table.Value) ([]int, error) {
	es := elems(v)
	if len(es) == 0 {
		return nil, fmt.Errorf("captureGroups must be a non-empty array")
	}
	n := re.NumSubexp()
	out := make([]int, 0, len(es))
	for _, e := range es {
		if e.K == table.KString {
			k := re.re.SubexpIndex(e.S)
			if k < 0 {
				return nil, fmt.Errorf("the regex has no capture group named %q", e.S)
			}
			out = append(out, k)
			continue
		}
		g, ok := intOf(e)
		if !ok || g < 1 || g > int64(n) {
			return nil, fmt.Errorf("capture group %s is out of range 1..%d", e.String(), n)
		}
		out = append(out, int(g))
	}
	return out, nil
}

// indexof_regex(source, regex [, start [, length [, occurrence]]]): like
// indexof, with non-overlapping regex matches (the next search starts
// where the previous match ended).
func bindIndexOfRegex(env *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := check("indexof_regex", args, pScalar, pString, pInteger); err != nil {
		return funcs.Impl{}, err
	}
	rs, err := newRegexSource("indexof_regex", env, args, 1)
	if err != nil {
		return funcs.Impl{}, err
	}
	return funcs.Impl{Type: table.Long, Eval: func(a []table.Value) table.Value {
		s := str(a[0])
		start, length, occ := int64(0), int64(-1), int64(1)
		var ok bool
		if len(a) > 2 {
			if start, ok = intOf(a[2]); !ok {
				return table.Null
			}
		}
		if len(a) > 3 {
			if length, ok = intOf(a[3]); !ok {
				return table.Null
			}
		}
		if len(a) > 4 {
			if occ, ok = intOf(a[4]); !ok {
				return table.Null
			}
		}
		re := rs.get(a)
		if re == nil || occ < 0 || length < -1 {
			return table.Null
		}
		if occ == 0 {
			occ = 1
		}
		// Work in code points: byte offsets of each code point.
		offs := codepointOffsets(s)
		total := int64(len(offs) - 1)
		if start < 0 {
			if start += total; start < 0 {
				return table.Null
			}
		}
		if start > total {
			return longV(-1)
		}
		pos := start
		for k := int64(1); ; k++ {
			end := total
			if length >= 0 && pos+length < total {
				end = pos + length
			}
			loc := re.re.FindStringIndex(s[offs[pos]:offs[end]])
			if loc == nil {
				return longV(-1)
			}
			mStart := cpIndex(offs, offs[pos]+loc[0])
			if k == occ {
				return longV(mStart)
			}
			mEnd := cpIndex(offs, offs[pos]+loc[1])
			if mEnd == mStart {
				mEnd++
			}
			pos = mEnd
			if pos > total {
				return longV(-1)
			}
		}
	}}, nil
}

// codepointOffsets returns the byte offset of every code point of s plus
// len(s).
func codepointOffsets(s string) []int {
	offs := make([]int, 0, len(s)+1)
	for i := 0; i < len(s); {
		offs = append(offs, i)
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return append(offs, len(s))
}

// cpIndex maps a byte offset (on a code point boundary) to its code point
// index.
func cpIndex(offs []int, b int) int64 {
	lo, hi := 0, len(offs)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if offs[mid] < b {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return int64(lo)
}
