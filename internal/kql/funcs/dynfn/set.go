package dynfn

import (
	"math"

	"reconwatch/internal/table"
)

func init() {
	sets := sig(isDyn, "dynamic").repeat()
	reg("set_has_element", 2, 2, table.Bool, sig(isDyn, "dynamic", isScalar, "scalar"), setHasElement)
	reg("set_union", 2, 64, table.Dynamic, sets, setUnion)
	reg("set_intersect", 2, 64, table.Dynamic, sets, setIntersect)
	reg("set_difference", 2, 64, table.Dynamic, sets, setDifference)
	reg("set_equals", 2, 2, table.Bool, sets, setEquals)
	reg("jaccard_index", 2, 2, table.Real, sets, jaccardIndex)
}

// set_has_element(set, value): whether an element equals value (== rules:
// numbers across kinds, strings case-sensitively). Null for a non-array or
// a null value.
func setHasElement(args []table.Value) table.Value {
	arr := args[0]
	if arr.K != table.KArray || args[1].K == table.KNull {
		return table.Null
	}
	for _, v := range arr.D.Arr {
		if elemEqual(v, args[1]) {
			return table.NewBool(true)
		}
	}
	return table.NewBool(false)
}

// keySet is the set of distinct values of arrays, keyed by valueKey.
type keySet struct {
	m   map[string]struct{}
	buf []byte
}

func newKeySet(n int) *keySet { return &keySet{m: make(map[string]struct{}, n)} }

func (s *keySet) key(v table.Value) string {
	s.buf = valueKey(s.buf[:0], v)
	return string(s.buf)
}

// add adds v and reports whether it was new.
func (s *keySet) add(v table.Value) bool {
	k := s.key(v)
	if _, dup := s.m[k]; dup {
		return false
	}
	s.m[k] = struct{}{}
	return true
}

func (s *keySet) has(v table.Value) bool {
	_, ok := s.m[s.key(v)]
	return ok
}

func allArrays(args []table.Value) bool {
	for _, a := range args {
		if a.K != table.KArray {
			return false
		}
	}
	return true
}

// set_union: the distinct elements of all arrays in order of first
// appearance. Null if any argument is not an array.
func setUnion(args []table.Value) table.Value {
	if !allArrays(args) {
		return table.Null
	}
	seen := newKeySet(16)
	out := []table.Value{}
	for _, a := range args {
		for _, v := range a.D.Arr {
			if seen.add(v) {
				out = append(out, v)
			}
		}
	}
	return newArray(out)
}

// set_intersect: the distinct elements of the first array that are in
// every other array, in the first array's order.
func setIntersect(args []table.Value) table.Value {
	if !allArrays(args) {
		return table.Null
	}
	others := make([]*keySet, len(args)-1)
	for i, a := range args[1:] {
		others[i] = newKeySet(len(a.D.Arr))
		for _, v := range a.D.Arr {
			others[i].add(v)
		}
	}
	seen := newKeySet(len(args[0].D.Arr))
	out := []table.Value{}
next:
	for _, v := range args[0].D.Arr {
		for _, o := range others {
			if !o.has(v) {
				continue next
			}
		}
		if seen.add(v) {
			out = append(out, v)
		}
	}
	return newArray(out)
}

// set_difference: the distinct elements of the first array that are in
// none of the others, in the first array's order.
func setDifference(args []table.Value) table.Value {
	if !allArrays(args) {
		return table.Null
	}
	others := newKeySet(16)
	for _, a := range args[1:] {
		for _, v := range a.D.Arr {
			others.add(v)
		}
	}
	seen := newKeySet(len(args[0].D.Arr))
	out := []table.Value{}
	for _, v := range args[0].D.Arr {
		if others.has(v) {
			continue
		}
		if seen.add(v) {
			out = append(out, v)
		}
	}
	return newArray(out)
}

// distinctCount returns the set of a's elements and its size.
func distinctSet(a table.Value) (*keySet, int) {
	s := newKeySet(len(a.D.Arr))
	n := 0
	for _, v := range a.D.Arr {
		if s.add(v) {
			n++
		}
	}
	return s, n
}

// set_equals(set1, set2): whether both arrays hold the same distinct values.
func setEquals(args []table.Value) table.Value {
	if !allArrays(args) {
		return table.Null
	}
	s1, n1 := distinctSet(args[0])
	_, n2 := distinctSet(args[1])
	if n1 != n2 {
		return table.NewBool(false)
	}
	for _, v := range args[1].D.Arr {
		if !s1.has(v) {
			return table.NewBool(false)
		}
	}
	return table.NewBool(true)
}

// jaccard_index(set1, set2): |set1 ∩ set2| / |set1 ∪ set2| over distinct
// values; NaN (0/0) when both are empty.
func jaccardIndex(args []table.Value) table.Value {
	if !allArrays(args) {
		return table.Null
	}
	s1, n1 := distinctSet(args[0])
	s2 := newKeySet(len(args[1].D.Arr))
	inter, n2 := 0, 0
	for _, v := range args[1].D.Arr {
		if s2.add(v) {
			n2++
			if s1.has(v) {
				inter++
			}
		}
	}
	union := n1 + n2 - inter
	if union == 0 {
		return table.NewReal(math.NaN())
	}
	return table.NewReal(float64(inter) / float64(union))
}
