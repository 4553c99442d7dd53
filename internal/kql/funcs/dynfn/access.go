package dynfn

import (
	"strings"

	"reconwatch/internal/table"
)

// Member is d.key and d["key"]: the value under key when v is a property
// bag (keys compare case-sensitively), null otherwise — for a missing key,
// for arrays, scalars and null.
//
// A dynamic *string* is not parsed: if v holds the text '{"a":1}', v.a is
// null, as in Kusto, where doubly-encoded JSON needs
// parse_json(tostring(...)) (semantics.md §8: parse_json(tostring(
// parse_json(d).b)).c). The result may alias v's storage; values are
// immutable, so callers must not modify it.
func Member(v table.Value, key string) table.Value {
	if v.K != table.KBag {
		return table.Null
	}
	for i, k := range v.D.Keys {
		if k == key {
			return v.D.Vals[i]
		}
	}
	return table.Null
}

// IndexValue is d[idx]. On an array, an integer idx (int, long, or a
// dynamic holding one) selects an element, counting from the end when
// negative (d[-1] is the last); out-of-range indexes give null. On a bag, a
// string idx is a key (as Member). Every other combination — a null idx,
// a string index into an array, a number into a bag, anything on a scalar —
// gives null.
func IndexValue(v table.Value, idx table.Value) table.Value {
	switch v.K {
	case table.KArray:
		var i int64
		switch idx.K {
		case table.KInt, table.KLong:
			i = idx.I
		default:
			return table.Null
		}
		n := int64(len(v.D.Arr))
		if i < 0 {
			i += n
		}
		if i < 0 || i >= n {
			return table.Null
		}
		return v.D.Arr[i]
	case table.KBag:
		if idx.K != table.KString {
			return table.Null
		}
		return Member(v, idx.S)
	}
	return table.Null
}

// ArrayOf returns the elements of v when it is a dynamic array, nil
// otherwise. The slice aliases v and must not be modified.
func ArrayOf(v table.Value) []table.Value { return v.Array() }

// Flatten expands dynamic arrays among vals, recursively, into their
// elements, which is how `in`, `!in`, has_any and has_all read their lists:
// x in (dynamic([1,[2,3]])) is x in (1,2,3). Bags and scalars (null
// included) are kept as they are. The result is fresh storage when anything
// was expanded; otherwise it is vals itself.
func Flatten(vals []table.Value) []table.Value {
	nested := false
	for _, v := range vals {
		if v.K == table.KArray {
			nested = true
			break
		}
	}
	if !nested {
		return vals
	}
	out := make([]table.Value, 0, len(vals))
	var walk func(vs []table.Value, depth int)
	walk = func(vs []table.Value, depth int) {
		for _, v := range vs {
			if v.K == table.KArray && depth < table.MaxJSONDepth {
				walk(v.D.Arr, depth+1)
				continue
			}
			out = append(out, v)
		}
	}
	walk(vals, 0)
	return out
}

// jsonPath is a parsed JSONPath key of the bag_* functions: $.a.b,
// $['a']["b"]. Array subscripts are not supported by those functions, so
// a path holding one does not parse.
type jsonPath []string

// parseKeyPath reads the key argument of bag_has_key, bag_remove_keys and
// bag_set_key: a JSONPath when it starts with "$." or "$[", otherwise one
// literal top-level key (which may contain dots, or start with '$' as in
// "$type"). ok is false for a path that does not parse, for the bare root
// "$", and for array subscripts.
func parseKeyPath(key string) (jsonPath, bool) {
	if key == "$" {
		return nil, false
	}
	if !strings.HasPrefix(key, "$.") && !strings.HasPrefix(key, "$[") {
		return jsonPath{key}, true
	}
	var path jsonPath
	s := key[1:]
	for len(s) > 0 {
		switch s[0] {
		case '.':
			s = s[1:]
			end := strings.IndexAny(s, ".[")
			if end < 0 {
				end = len(s)
			}
			name := strings.TrimSpace(s[:end])
			if name == "" || name == "*" {
				return nil, false
			}
			path = append(path, name)
			s = s[end:]
		case '[':
			s = s[1:]
			s = strings.TrimLeft(s, " ")
			if len(s) == 0 || (s[0] != '\'' && s[0] != '"') {
				return nil, false // array subscript or wildcard
			}
			q := s[0]
			s = s[1:]
			var b strings.Builder
			closed := false
			for len(s) > 0 {
				c := s[0]
				if c == '\\' && len(s) > 1 {
					b.WriteByte(s[1])
					s = s[2:]
					continue
				}
				s = s[1:]
				if c == q {
					closed = true
					break
				}
				b.WriteByte(c)
			}
			if !closed {
				return nil, false
			}
			s = strings.TrimLeft(s, " ")
			if len(s) == 0 || s[0] != ']' {
				return nil, false
			}
			s = s[1:]
			path = append(path, b.String())
		default:
			return nil, false
		}
	}
	if len(path) == 0 {
		return nil, false
	}
	return path, true
}
