package strfn

import (
	"fmt"
	"strconv"
	"strings"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Parsing functions that return dynamic values, and JSON helpers.

func init() {
	register("parse_url", 1, 1, funcs.NameColumn, simple("parse_url", table.Dynamic, evalParseURL, pString), "parseurl")
	register("parse_urlquery", 1, 1, funcs.NameColumn, simple("parse_urlquery", table.Dynamic, evalParseURLQuery, pString), "parseurlquery")
	register("parse_path", 1, 1, funcs.NameColumn, simple("parse_path", table.Dynamic, evalParsePath, pString))
	register("parse_command_line", 2, 2, funcs.NameColumn, bindParseCommandLine)
	register("parse_csv", 1, 1, funcs.NameFirstArg, simple("parse_csv", table.Dynamic, evalParseCSV, pString))
	register("extract_json", 2, 3, funcs.NameColumn, bindExtractJSON("extract_json"))
	register("extractjson", 2, 3, funcs.NameColumn, bindExtractJSON("extractjson"))
	register("dynamic_to_json", 1, 1, funcs.NameColumn, simple("dynamic_to_json", table.String, evalDynamicToJSON, pScalar))
}

// parse_url keys, in the order Kusto prints them.
var urlKeys = []string{"Scheme", "Host", "Port", "Path", "Username", "Password", "Query Parameters", "Fragment"}

func emptyURL() table.Value {
	vals := make([]table.Value, len(urlKeys))
	for i := range vals {
		vals[i] = strV("")
	}
	vals[6] = table.NewBag([]string{}, []table.Value{})
	return table.NewBag(append([]string(nil), urlKeys...), vals)
}

// parse_url(url) splits an absolute hierarchical URL
// scheme://[user:password@]host[:port][/path][?query][#fragment].
// Following semantics.md §10 (observed engine behaviour): Path keeps its
// leading slash; Port is a string ("" when absent); Query Parameters is a
// bag whose repeated keys keep the last value (values are URL-decoded);
// "user@host" without a password is left in Host with an empty Username;
// anything without "scheme://" (relative URLs, mailto:, urn:) gives every
// field empty. Scheme and Host are lower-cased as .NET's Uri does.
func evalParseURL(args []table.Value) table.Value {
	s := strings.TrimSpace(str(args[0]))
	i := strings.Index(s, "://")
	if i <= 0 || !validScheme(s[:i]) {
		return emptyURL()
	}
	scheme := strings.ToLower(s[:i])
	rest := s[i+3:]
	var fragment, query string
	if k := strings.IndexByte(rest, '#'); k >= 0 {
		fragment, rest = rest[k+1:], rest[:k]
	}
	if k := strings.IndexByte(rest, '?'); k >= 0 {
		query, rest = rest[k+1:], rest[:k]
	}
	authority, path := rest, ""
	if k := strings.IndexAny(rest, `/\`); k >= 0 {
		authority, path = rest[:k], rest[k:]
	}
	var user, pass string
	if k := strings.LastIndexByte(authority, '@'); k >= 0 {
		if c := strings.IndexByte(authority[:k], ':'); c >= 0 {
			user, pass = authority[:c], authority[c+1:k]
			authority = authority[k+1:]
		}
	}
	host, port := authority, ""
	if k := strings.LastIndexByte(authority, ':'); k >= 0 && !strings.Contains(authority[k:], "]") {
		host, port = authority[:k], authority[k+1:]
	}
	if host == "" {
		return emptyURL()
	}
	if path == "" {
		path = "/"
	}
	vals := []table.Value{
		strV(scheme), strV(strings.ToLower(host)), strV(port), strV(path),
		strV(user), strV(pass), parseQuery(query), strV(fragment),
	}
	return table.NewBag(append([]string(nil), urlKeys...), vals)
}

func validScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isLetterTab[c] || (i > 0 && (isAlnumTab[c] || c == '+' || c == '-' || c == '.'))) {
			return false
		}
	}
	return true
}

// parseQuery parses k1=v1&k2=v2 into a bag (URL-decoded; last value of a
// repeated key wins; a key without '=' maps to "").
func parseQuery(q string) table.Value {
	keys := []string{}
	vals := []table.Value{}
	for _, part := range strings.Split(q, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		k, v = urlDecode(k, true), urlDecode(v, true)
		found := false
		for j, kk := range keys {
			if kk == k {
				vals[j] = strV(v)
				found = true
				break
			}
		}
		if !found {
			keys = append(keys, k)
			vals = append(vals, strV(v))
		}
	}
	return table.NewBag(keys, vals)
}

// parse_urlquery(query) → {"Query Parameters": {...}}; a leading '?' is
// skipped.
func evalParseURLQuery(args []table.Value) table.Value {
	q := strings.TrimPrefix(str(args[0]), "?")
	return table.NewBag([]string{"Query Parameters"}, []table.Value{parseQuery(q)})
}

var pathKeys = []string{"Scheme", "RootPath", "DirectoryPath", "DirectoryName", "Filename", "Extension", "AlternateDataStreamName"}

// parse_path(path) splits a Windows or Unix file path. Checked against the
// five cases of the doc (drive paths, relative paths, file:// URLs with an
// alternate data stream, UNC paths, Unix paths).
func evalParsePath(args []table.Value) table.Value {
	p := str(args[0])
	var scheme, root, dir, dirName, file, ext, ads string
	if i := strings.Index(p, "://"); i > 0 && validScheme(p[:i]) {
		scheme, p = p[:i], p[i+3:]
	}
	if len(p) >= 2 && isLetterTab[p[0]] && p[1] == ':' {
		root = p[:2]
	}
	if k := strings.LastIndexAny(p, `/\`); k >= 0 {
		dir, file = p[:k], p[k+1:]
	} else if root != "" {
		dir, file = root, p[2:]
	} else {
		file = p
	}
	if k := strings.LastIndexAny(dir, `/\`); k >= 0 {
		dirName = dir[k+1:]
	} else if dir != root {
		dirName = dir
	}
	if k := strings.IndexByte(file, ':'); k >= 0 {
		file, ads = file[:k], file[k+1:]
	}
	if k := strings.LastIndexByte(file, '.'); k >= 0 {
		ext = file[k+1:]
	}
	vals := []table.Value{strV(scheme), strV(root), strV(dir), strV(dirName), strV(file), strV(ext), strV(ads)}
	return table.NewBag(append([]string(nil), pathKeys...), vals)
}

// parse_command_line(command, "windows") splits a command line the way
// CommandLineToArgvW does: the program name ends at the first whitespace
// (or the closing quote, with no backslash processing); later arguments
// follow the 2n/2n+1 backslash rules, and "" inside quotes is a literal
// quote. Only the "windows" parser exists.
func bindParseCommandLine(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := check("parse_command_line", args, pScalar, pString); err != nil {
		return funcs.Impl{}, err
	}
	if p, ok := constStr(args[1]); ok && !strings.EqualFold(p, "windows") {
		return funcs.Impl{}, funcs.ArgErrorf(1, "parse_command_line(): unsupported parser %q: only \"windows\" is supported", p)
	}
	return funcs.Impl{Type: table.Dynamic, Eval: func(a []table.Value) table.Value {
		if !strings.EqualFold(str(a[1]), "windows") {
			return table.Null
		}
		parts := splitWindowsCommandLine(str(a[0]))
		out := make([]table.Value, len(parts))
		for i, p := range parts {
			out[i] = strV(p)
		}
		return table.NewArray(out)
	}}, nil
}

func isCmdSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func splitWindowsCommandLine(s string) []string {
	var out []string
	i := 0
	for i < len(s) && isCmdSpace(s[i]) {
		i++
	}
	if i >= len(s) {
		return out
	}
	// Program name.
	if s[i] == '"' {
		j := strings.IndexByte(s[i+1:], '"')
		if j < 0 {
			out = append(out, s[i+1:])
			return out
		}
		out = append(out, s[i+1:i+1+j])
		i += j + 2
	} else {
		j := i
		for j < len(s) && !isCmdSpace(s[j]) {
			j++
		}
		out = append(out, s[i:j])
		i = j
	}
	for {
		for i < len(s) && isCmdSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return out
		}
		var b strings.Builder
		inQuote := false
		for i < len(s) {
			c := s[i]
			if !inQuote && isCmdSpace(c) {
				break
			}
			switch c {
			case '\\':
				n := 0
				for i < len(s) && s[i] == '\\' {
					n++
					i++
				}
				if i < len(s) && s[i] == '"' {
					b.WriteString(strings.Repeat(`\`, n/2))
					if n%2 == 1 {
						b.WriteByte('"')
						i++
					}
				} else {
					b.WriteString(strings.Repeat(`\`, n))
				}
				continue
			case '"':
				if inQuote && i+1 < len(s) && s[i+1] == '"' {
					b.WriteByte('"')
					i += 2
					continue
				}
				inQuote = !inQuote
			default:
				b.WriteByte(c)
			}
			i++
		}
		out = append(out, b.String())
	}
}

// parse_csv(text) splits one CSV record (RFC 4180 quoting: "" inside a
// quoted field is a quote; quoted fields may hold commas and newlines).
// Only the first record is returned.
func evalParseCSV(args []table.Value) table.Value {
	s := str(args[0])
	var out []table.Value
	var b strings.Builder
	i := 0
	for {
		b.Reset()
		if i < len(s) && s[i] == '"' {
			i++
			for i < len(s) {
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						b.WriteByte('"')
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteByte(s[i])
				i++
			}
			// Text after the closing quote up to the separator is kept.
			for i < len(s) && s[i] != ',' && s[i] != '\n' && s[i] != '\r' {
				b.WriteByte(s[i])
				i++
			}
		} else {
			for i < len(s) && s[i] != ',' && s[i] != '\n' && s[i] != '\r' {
				b.WriteByte(s[i])
				i++
			}
		}
		out = append(out, strV(b.String()))
		if i < len(s) && s[i] == ',' {
			i++
			continue
		}
		return table.NewArray(out)
	}
}

// JSONPath subset for extract_json: $, .name, ['name'], ["name"], [n].
type jsonStep struct {
	key   string
	index int // when isIdx
	isIdx bool
}

func parseJSONPath(p string) ([]jsonStep, error) {
	p = strings.TrimSpace(p)
	if !strings.HasPrefix(p, "$") {
		return nil, fmt.Errorf("JSONPath %q must start with $", p)
	}
	var steps []jsonStep
	i := 1
	for i < len(p) {
		switch p[i] {
		case '.':
			j := i + 1
			for j < len(p) && p[j] != '.' && p[j] != '[' {
				j++
			}
			if j == i+1 {
				return nil, fmt.Errorf("JSONPath %q: empty member name at offset %d", p, i)
			}
			if p[i+1:j] == "*" {
				return nil, fmt.Errorf("JSONPath %q: wildcards are not supported", p)
			}
			steps = append(steps, jsonStep{key: p[i+1 : j]})
			i = j
		case '[':
			end := strings.IndexByte(p[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("JSONPath %q: missing ]", p)
			}
			inner := strings.TrimSpace(p[i+1 : i+end])
			if len(inner) >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[len(inner)-1] == inner[0] {
				steps = append(steps, jsonStep{key: inner[1 : len(inner)-1]})
			} else if n, err := strconv.Atoi(inner); err == nil {
				steps = append(steps, jsonStep{index: n, isIdx: true})
			} else {
				return nil, fmt.Errorf("JSONPath %q: unsupported subscript [%s]", p, inner)
			}
			i += end + 1
		default:
			return nil, fmt.Errorf("JSONPath %q: unexpected %q at offset %d", p, p[i], i)
		}
	}
	return steps, nil
}

func walkJSON(v table.Value, steps []jsonStep) (table.Value, bool) {
	for _, st := range steps {
		if st.isIdx {
			arr := v.Array()
			i := st.index
			if i < 0 {
				i += len(arr)
			}
			if v.K != table.KArray || i < 0 || i >= len(arr) {
				return table.Null, false
			}
			v = arr[i]
			continue
		}
		e, ok := v.BagGet(st.key)
		if !ok {
			return table.Null, false
		}
		v = e
	}
	return v, true
}

// extract_json(jsonPath, jsonText [, typeof(T)]) / extractjson: the element
// at the path. Without a type the result is a string: a JSON string's
// content, other values' JSON text; missing elements or invalid JSON give
// "" (null for typed results).
func bindExtractJSON(name string) func(*funcs.Env, []funcs.Arg) (funcs.Impl, error) {
	return func(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
		if err := check(name, args[:2], pString); err != nil {
			return funcs.Impl{}, err
		}
		typ := table.String
		if len(args) > 2 {
			t, err := typeArg(name, args, 2)
			if err != nil {
				return funcs.Impl{}, err
			}
			typ = t
		}
		var fixed []jsonStep
		if p, ok := constStr(args[0]); ok {
			st, err := parseJSONPath(p)
			if err != nil {
				return funcs.Impl{}, funcs.ArgErrorf(0, "%s(): %v", name, err)
			}
			fixed = st
		}
		constPath := args[0].Const != nil
		empty := table.NullOf(typ)
		return funcs.Impl{Type: typ, Eval: func(a []table.Value) table.Value {
			steps := fixed
			if !constPath {
				st, err := parseJSONPath(str(a[0]))
				if err != nil {
					return empty
				}
				steps = st
			}
			doc := a[1]
			if doc.K == table.KString || doc.K == table.KNull {
				v, err := table.ParseJSON(str(doc))
				if err != nil {
					return empty
				}
				doc = v
			}
			v, ok := walkJSON(doc, steps)
			if !ok {
				return empty
			}
			if typ == table.String {
				if v.K == table.KNull {
					return strV("")
				}
				return strV(v.String())
			}
			return convertValue(v, typ)
		}}, nil
	}
}

// dynamic_to_json(value): JSON text with the keys of every bag sorted
// (ordinally), at every depth.
func evalDynamicToJSON(args []table.Value) table.Value {
	return strV(string(table.AppendJSON(nil, sortDeep(args[0]))))
}

func sortDeep(v table.Value) table.Value {
	switch v.K {
	case table.KArray:
		out := make([]table.Value, len(v.D.Arr))
		for i, e := range v.D.Arr {
			out[i] = sortDeep(e)
		}
		return table.NewArray(out)
	case table.KBag:
		s := table.SortedBag(v)
		for i, e := range s.D.Vals {
			s.D.Vals[i] = sortDeep(e)
		}
		return s
	}
	return v
}
