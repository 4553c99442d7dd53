package strfn

import (
	"strings"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Term-search functions: has_any_index and the IPv4 has family.

func init() {
	register("has_any_index", 2, 2, funcs.NameColumn, bindHasAnyIndex)
	register("has_ipv4", 2, 2, funcs.NameColumn, bindHasIPv4("has_ipv4", false, false))
	register("has_ipv4_prefix", 2, 2, funcs.NameColumn, bindHasIPv4("has_ipv4_prefix", true, false))
	register("has_any_ipv4", 2, -1, funcs.NameColumn, bindHasIPv4("has_any_ipv4", false, true))
	register("has_any_ipv4_prefix", 2, -1, funcs.NameColumn, bindHasIPv4("has_any_ipv4_prefix", true, true))
}

// needleStrings renders lookup values as strings (tostring semantics);
// arrays are flattened one level.
func needleStrings(vs ...table.Value) []string {
	var out []string
	for _, v := range vs {
		for _, e := range elems(v) {
			out = append(out, e.String())
		}
	}
	return out
}

// has_any_index(source, values): the index of the first element of values
// (array order) that source has, -1 if none (also for an empty array).
// Elements of any type are compared through tostring: range(1, 3, 1) looks
// for "1", "2", "3".
func bindHasAnyIndex(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := check("has_any_index", args, pString, pDynamic); err != nil {
		return funcs.Impl{}, err
	}
	if args[1].Const != nil {
		m := NewHasAny(needleStrings(*args[1].Const), false)
		return funcs.Impl{Type: table.Long, Eval: func(a []table.Value) table.Value {
			return longV(int64(m.MatchIndex(str(a[0]))))
		}}, nil
	}
	return funcs.Impl{Type: table.Long, Eval: func(a []table.Value) table.Value {
		h := str(a[0])
		for i, e := range elems(a[1]) {
			if Has(h, e.String()) {
				return longV(int64(i))
			}
		}
		return longV(-1)
	}}, nil
}

// validIPv4 reports whether s is a dotted-quad IPv4 address with decimal
// octets 0..255.
func validIPv4(s string) bool {
	octets, ok := ipv4Octets(s)
	return ok && octets == 4 && !strings.HasSuffix(s, ".")
}

// ipv4Octets counts the octets of an address or prefix ("10.1.2." has 3);
// ok is false for anything else.
func ipv4Octets(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n, digits, val := 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			digits++
			val = val*10 + int(c-'0')
			if digits > 3 || val > 255 {
				return 0, false
			}
		case c == '.':
			if digits == 0 {
				return 0, false
			}
			n++
			digits, val = 0, 0
		default:
			return 0, false
		}
	}
	if digits > 0 {
		n++
	}
	return n, n >= 1 && n <= 4
}

// hasIPv4 reports whether text contains ip delimited by non-alphanumeric
// characters (the has rule; ip's edges are digits).
func hasIPv4(text, ip string) bool {
	if !validIPv4(ip) {
		return false
	}
	return hasTerm(text, ip, true, true, true)
}

// hasIPv4Prefix reports whether text contains an address starting with
// prefix: the prefix must start after a non-alphanumeric character; a
// prefix of 4 octets must also end at one, and a prefix of fewer octets
// without a trailing dot must end at an octet boundary.
func hasIPv4Prefix(text, prefix string) bool {
	n, ok := ipv4Octets(prefix)
	if !ok {
		return false
	}
	dot := strings.HasSuffix(prefix, ".")
	if n == 4 && !dot {
		return hasTerm(text, prefix, true, true, true)
	}
	if n == 4 && dot {
		return false
	}
	for off := 0; off+len(prefix) <= len(text); {
		j := strings.Index(text[off:], prefix)
		if j < 0 {
			return false
		}
		p := off + j
		e := p + len(prefix)
		if (p == 0 || !isAlnumTab[text[p-1]]) &&
			(dot || e == len(text) || text[e] == '.') {
			return true
		}
		off = p + 1
	}
	return false
}

// bindHasIPv4 binds has_ipv4(source, ip), has_ipv4_prefix(source, prefix),
// has_any_ipv4(source, ip1 [, ip2 ...] | dynamic([...])) and
// has_any_ipv4_prefix(...). Invalid addresses never match.
func bindHasIPv4(name string, prefix, anyOf bool) func(*funcs.Env, []funcs.Arg) (funcs.Impl, error) {
	match := hasIPv4
	if prefix {
		match = hasIPv4Prefix
	}
	return func(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
		if err := check(name, args, pString); err != nil {
			return funcs.Impl{}, err
		}
		if !anyOf {
			return funcs.Impl{Type: table.Bool, Eval: func(a []table.Value) table.Value {
				return boolV(match(str(a[0]), str(a[1])))
			}}, nil
		}
		allConst := true
		for _, a := range args[1:] {
			allConst = allConst && a.Const != nil
		}
		if allConst {
			vals := make([]table.Value, len(args)-1)
			for i, a := range args[1:] {
				vals[i] = *a.Const
			}
			ips := needleStrings(vals...)
			return funcs.Impl{Type: table.Bool, Eval: func(a []table.Value) table.Value {
				h := str(a[0])
				for _, ip := range ips {
					if match(h, ip) {
						return boolV(true)
					}
				}
				return boolV(false)
			}}, nil
		}
		return funcs.Impl{Type: table.Bool, Eval: func(a []table.Value) table.Value {
			h := str(a[0])
			for _, ip := range needleStrings(a[1:]...) {
				if match(h, ip) {
					return boolV(true)
				}
			}
			return boolV(false)
		}}, nil
	}
}
