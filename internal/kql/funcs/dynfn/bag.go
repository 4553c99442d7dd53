package dynfn

import (
	"strings"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

func init() {
	packBind := func(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
		if len(args)%2 != 0 {
			return funcs.Impl{}, funcs.ArgErrorf(-1, "expects an even number of arguments (key, value pairs), got %d", len(args))
		}
		for i := 0; i < len(args); i += 2 {
			if err := funcs.ExpectType(args, i, funcs.IsStringish, "a string key"); err != nil {
				return funcs.Impl{}, err
			}
		}
		return funcs.Impl{Type: table.Dynamic, Eval: bagPack}, nil
	}
	funcs.Register(&funcs.Func{Name: "bag_pack", MinArgs: 2, MaxArgs: -1, Bind: packBind}, "pack", "pack_dictionary")

	reg("bag_keys", 1, 1, table.Dynamic, sig(isDyn, "dynamic"), bagKeys)
	reg("bag_has_key", 2, 2, table.Bool, sig(isDyn, "dynamic", funcs.IsStringish, "string"), bagHasKey)
	reg("bag_merge", 2, 64, table.Dynamic, sig(isDyn, "dynamic").repeat(), bagMerge)
	reg("bag_remove_keys", 2, 2, table.Dynamic, sig(isDyn, "dynamic", isDyn, "a dynamic array"), bagRemoveKeys)
	reg("bag_set_key", 3, 3, table.Dynamic, sig(isDyn, "dynamic", funcs.IsStringish, "string", isScalar, "scalar"), bagSetKey)
	reg("bag_zip", 2, 2, table.Dynamic, sig(isDyn, "dynamic", isDyn, "dynamic"), bagZip)
	funcs.Register(&funcs.Func{Name: "treepath", MinArgs: 1, MaxArgs: 1, ResultName: funcs.NamePrefixArg, NamePrefix: "tree",
		Bind: fixed(table.Dynamic, sig(isDyn, "dynamic"), treepath)})
}

// bag_pack(key1, value1, ...): a bag of the pairs, in argument order. A
// repeated key keeps its first position and the last value. Values are
// stored as they are (typed nulls become dynamic null, "" stays "").
func bagPack(args []table.Value) table.Value {
	n := len(args) / 2
	keys := make([]string, 0, n)
	vals := make([]table.Value, 0, n)
	for i := 0; i+1 < len(args); i += 2 {
		keys, vals = setKey(keys, vals, str(args[i]), args[i+1])
	}
	return table.NewBag(keys, vals)
}

// setKey sets key in keys/vals (which the caller owns), appending when new.
func setKey(keys []string, vals []table.Value, key string, v table.Value) ([]string, []table.Value) {
	for j, k := range keys {
		if k == key {
			vals[j] = v
			return keys, vals
		}
	}
	return append(keys, key), append(vals, v)
}

// bag_keys(bag): the top-level keys as an array of strings; null when the
// argument is not a bag.
func bagKeys(args []table.Value) table.Value {
	keys, _, ok := bagOf(args[0])
	if !ok {
		return table.Null
	}
	out := make([]table.Value, len(keys))
	for i, k := range keys {
		out[i] = table.NewString(k)
	}
	return newArray(out)
}

// lookupPath follows path through nested bags.
func lookupPath(v table.Value, path jsonPath) (table.Value, bool) {
	for _, k := range path {
		var ok bool
		if v, ok = v.BagGet(k); !ok {
			return table.Null, false
		}
	}
	return v, true
}

// bag_has_key(bag, key): whether the key (a top-level key or a JSONPath
// such as $.a.b) exists. Null for a null bag; false for other non-bags and
// for paths that do not parse (array subscripts are not supported).
func bagHasKey(args []table.Value) table.Value {
	bag := args[0]
	if bag.K == table.KNull {
		return table.Null
	}
	if bag.K != table.KBag {
		return table.NewBool(false)
	}
	path, ok := parseKeyPath(str(args[1]))
	if !ok {
		return table.NewBool(false)
	}
	_, found := lookupPath(bag, path)
	return table.NewBool(found)
}

// bag_merge(bag1, bag2, ...): the union of the bags' properties; when a key
// is in several bags the first bag's value wins (the documented example).
// Arguments that are not bags (null included) are ignored; null when none
// is a bag.
func bagMerge(args []table.Value) table.Value {
	var keys []string
	var vals []table.Value
	any := false
	idx := map[string]struct{}{}
	for _, a := range args {
		ks, vs, ok := bagOf(a)
		if !ok {
			continue
		}
		any = true
		for i, k := range ks {
			if _, dup := idx[k]; dup {
				continue
			}
			idx[k] = struct{}{}
			keys = append(keys, k)
			vals = append(vals, vs[i])
		}
	}
	if !any {
		return table.Null
	}
	if keys == nil {
		keys, vals = []string{}, []table.Value{}
	}
	return table.NewBag(keys, vals)
}

// withoutPath returns a copy of bag with path removed (copying only the
// bags along the path); the bag itself when the path is absent.
func withoutPath(bag table.Value, path jsonPath) table.Value {
	ks, vs, ok := bagOf(bag)
	if !ok {
		return bag
	}
	for i, k := range ks {
		if k != path[0] {
			continue
		}
		keys := make([]string, 0, len(ks))
		vals := make([]table.Value, 0, len(vs))
		if len(path) == 1 {
			keys = append(append(keys, ks[:i]...), ks[i+1:]...)
			vals = append(append(vals, vs[:i]...), vs[i+1:]...)
			return table.NewBag(keys, vals)
		}
		inner := withoutPath(vs[i], path[1:])
		if inner.D == vs[i].D {
			return bag
		}
		keys = append(keys, ks...)
		vals = append(vals, vs...)
		vals[i] = inner
		return table.NewBag(keys, vals)
	}
	return bag
}

// bag_remove_keys(bag, keys): the bag without the listed keys (top-level
// keys or JSONPaths). Null when bag is not a bag or keys is not an array;
// keys that are absent or do not parse are ignored.
func bagRemoveKeys(args []table.Value) table.Value {
	bag, keys := args[0], args[1]
	if bag.K != table.KBag || keys.K != table.KArray {
		return table.Null
	}
	out := bag
	for _, k := range keys.D.Arr {
		if k.K != table.KString {
			continue
		}
		path, ok := parseKeyPath(k.S)
		if !ok {
			continue
		}
		out = withoutPath(out, path)
	}
	return out
}

// withPath returns a copy of bag with path set to v, creating the bags
// along the path that are missing (and replacing non-bags met on the way).
func withPath(bag table.Value, path jsonPath, v table.Value) table.Value {
	ks, vs, _ := bagOf(bag)
	keys := append(make([]string, 0, len(ks)+1), ks...)
	vals := append(make([]table.Value, 0, len(vs)+1), vs...)
	nv := v
	if len(path) > 1 {
		var child table.Value
		for i, k := range ks {
			if k == path[0] {
				child = vs[i]
				break
			}
		}
		nv = withPath(child, path[1:], v)
	}
	keys, vals = setKey(keys, vals, path[0], nv)
	return table.NewBag(keys, vals)
}

// bag_set_key(bag, key, value): a copy of the bag with key (a top-level key
// or a JSONPath such as $.a.b, creating missing intermediate bags) set to
// value. Null when bag is not a bag or the key does not parse (the root
// path and array subscripts are not supported).
func bagSetKey(args []table.Value) table.Value {
	if args[0].K != table.KBag {
		return table.Null
	}
	path, ok := parseKeyPath(str(args[1]))
	if !ok {
		return table.Null
	}
	return withPath(args[0], path, args[2])
}

// bag_zip(keys, values): a bag mapping keys[i] to values[i]. Keys that are
// not strings are skipped (with their values); missing values are null;
// extra values are ignored; a non-array values argument gives all nulls.
// Null when keys is not an array. A repeated key keeps the last value.
func bagZip(args []table.Value) table.Value {
	ka, va := args[0], args[1]
	if ka.K != table.KArray {
		return table.Null
	}
	vals := va.Array()
	outK := []string{}
	outV := []table.Value{}
	for i, k := range ka.D.Arr {
		if k.K != table.KString {
			continue
		}
		v := table.Null
		if i < len(vals) {
			v = vals[i]
		}
		outK, outV = setKey(outK, outV, k.S, v)
	}
	return table.NewBag(outK, outV)
}

// treepath(object): every path below the root of a dynamic value, in the
// notation ['key'] for properties and [0] for the elements of an array (all
// elements share the path), in document order without duplicates:
// {"prop1":[1,2],"prop2":"v"} → ["['prop1']","['prop1'][0]","['prop2']"].
// Null for null; [] for scalars.
func treepath(args []table.Value) table.Value {
	v := args[0]
	if v.K == table.KNull {
		return table.Null
	}
	seen := map[string]struct{}{}
	out := []table.Value{}
	var walk func(v table.Value, prefix string, depth int)
	walk = func(v table.Value, prefix string, depth int) {
		if depth > table.MaxJSONDepth {
			return
		}
		add := func(p string, child table.Value) {
			if _, dup := seen[p]; !dup {
				seen[p] = struct{}{}
				out = append(out, table.NewString(p))
			}
			walk(child, p, depth+1)
		}
		switch v.K {
		case table.KBag:
			for i, k := range v.D.Keys {
				add(prefix+"['"+strings.ReplaceAll(strings.ReplaceAll(k, `\`, `\\`), `'`, `\'`)+"']", v.D.Vals[i])
			}
		case table.KArray:
			for _, e := range v.D.Arr {
				add(prefix+"[0]", e)
			}
		}
	}
	walk(v, "", 0)
	return newArray(out)
}
