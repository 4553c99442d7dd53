package dynfn

import (
	"math"
	"sort"
	"strings"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

func init() {
	dynArr := sig(isDyn, "dynamic")

	reg("array_length", 1, 1, table.Long, dynArr, arrayLength, "arraylength")
	reg("array_index_of", 2, 5, table.Long,
		sig(isDyn, "dynamic", isScalar, "scalar", isInt, "an integer", isInt, "an integer", isInt, "an integer"),
		arrayIndexOf)
	reg("array_concat", 1, 64, table.Dynamic, dynArr.repeat(), arrayConcat)
	reg("array_slice", 3, 3, table.Dynamic, sig(isDyn, "dynamic", isInt, "an integer", isInt, "an integer"), arraySlice)
	reg("array_reverse", 1, 1, table.Dynamic, dynArr, arrayReverse)
	reg("array_rotate_left", 2, 2, table.Dynamic, sig(isDyn, "dynamic", isInt, "an integer"), rotate(1))
	reg("array_rotate_right", 2, 2, table.Dynamic, sig(isDyn, "dynamic", isInt, "an integer"), rotate(-1))
	reg("array_shift_left", 2, 3, table.Dynamic, sig(isDyn, "dynamic", isInt, "an integer", isScalar, "scalar"), shift(1))
	reg("array_shift_right", 2, 3, table.Dynamic, sig(isDyn, "dynamic", isInt, "an integer", isScalar, "scalar"), shift(-1))
	funcs.Register(&funcs.Func{Name: "array_sort_asc", MinArgs: 1, MaxArgs: 65, TupleName: SortedColumnName, Bind: bindSort(false)})
	funcs.Register(&funcs.Func{Name: "array_sort_desc", MinArgs: 1, MaxArgs: 65, TupleName: SortedColumnName, Bind: bindSort(true)})
	reg("array_split", 2, 2, table.Dynamic, sig(isDyn, "dynamic", isInt, "an integer or a dynamic array"), arraySplit)
	reg("array_sum", 1, 1, table.Real, dynArr, arraySum)
	reg("array_iff", 3, 3, table.Dynamic, sig(isDyn, "dynamic", isScalar, "scalar", isScalar, "scalar"), arrayIff, "array_iif")
	reg("pack_array", 1, -1, table.Dynamic, sig(isScalar, "scalar").repeat(), packArray)
	reg("zip", 2, 64, table.Dynamic, dynArr.repeat(), zip)
	funcs.Register(&funcs.Func{Name: "range", MinArgs: 2, MaxArgs: 3, Bind: bindRange})
	funcs.Register(&funcs.Func{Name: "repeat", MinArgs: 2, MaxArgs: 2, ResultName: funcs.NamePrefixArg,
		Bind: fixed(table.Dynamic, sig(isScalar, "scalar", isInt, "an integer"), repeat)})
}

func arrayLength(args []table.Value) table.Value {
	if args[0].K != table.KArray {
		return table.Null
	}
	return table.NewLong(int64(len(args[0].D.Arr)))
}

// array_index_of(array, value [, start [, length [, occurrence]]]): the
// position of the occurrence-th element equal to value among length
// elements from start (negative start counts from the end, length -1 is
// unlimited); -1 when not found; null for a non-array, a null argument,
// length < -1 or occurrence < 1.
func arrayIndexOf(args []table.Value) table.Value {
	arr := args[0]
	if arr.K != table.KArray || args[1].K == table.KNull {
		return table.Null
	}
	elems := arr.D.Arr
	n := int64(len(elems))
	start, length, occ := int64(0), int64(-1), int64(1)
	var ok bool
	if len(args) > 2 {
		if start, ok = asInt(args[2]); !ok {
			return table.Null
		}
	}
	if len(args) > 3 {
		if length, ok = asInt(args[3]); !ok {
			return table.Null
		}
	}
	if len(args) > 4 {
		if occ, ok = asInt(args[4]); !ok {
			return table.Null
		}
	}
	if length < -1 || occ < 1 {
		return table.Null
	}
	if start < 0 {
		start += n
		if start < 0 {
			start = 0
		}
	}
	end := n
	if length >= 0 && length < n-start {
		end = start + length
	}
	for i := start; i < end; i++ {
		if elemEqual(elems[i], args[1]) {
			occ--
			if occ == 0 {
				return table.NewLong(i)
			}
		}
	}
	return table.NewLong(-1)
}

func arrayConcat(args []table.Value) table.Value {
	n := 0
	for _, a := range args {
		if a.K != table.KArray {
			return table.Null
		}
		n += len(a.D.Arr)
	}
	out := make([]table.Value, 0, n)
	for _, a := range args {
		out = append(out, a.D.Arr...)
	}
	return newArray(out)
}

// array_slice(array, start, end): elements start..end inclusive; negative
// indexes count from the end; out-of-range indexes are clamped.
func arraySlice(args []table.Value) table.Value {
	arr := args[0]
	if arr.K != table.KArray {
		return table.Null
	}
	start, ok1 := asInt(args[1])
	end, ok2 := asInt(args[2])
	if !ok1 || !ok2 {
		return table.Null
	}
	n := int64(len(arr.D.Arr))
	if start < 0 {
		start += n
	}
	if end < 0 {
		end += n
	}
	if start < 0 {
		start = 0
	}
	if end >= n {
		end = n - 1
	}
	if start > end {
		return newArray(nil)
	}
	return newArray(clone(arr.D.Arr[start : end+1]))
}

func arrayReverse(args []table.Value) table.Value {
	arr := args[0]
	if arr.K != table.KArray {
		return table.Null
	}
	src := arr.D.Arr
	out := make([]table.Value, len(src))
	for i, v := range src {
		out[len(src)-1-i] = v
	}
	return newArray(out)
}

// rotate returns array_rotate_left (dir 1) or array_rotate_right (dir -1):
// a negative count rotates the other way.
func rotate(dir int64) funcs.EvalFunc {
	return func(args []table.Value) table.Value {
		arr := args[0]
		if arr.K != table.KArray {
			return table.Null
		}
		k, ok := asInt(args[1])
		if !ok {
			return table.Null
		}
		src := arr.D.Arr
		n := int64(len(src))
		out := make([]table.Value, n)
		if n == 0 {
			return newArray(out)
		}
		k = (k % n) * dir // left rotation by k
		k = ((k % n) + n) % n
		for i := int64(0); i < n; i++ {
			out[i] = src[(i+k)%n]
		}
		return newArray(out)
	}
}

// shift returns array_shift_left (dir 1) or array_shift_right (dir -1).
// Vacated positions take default_value; without one, they are null, or ""
// when the array's elements are all strings (the docs: "null or an empty
// string depending on the type of elements").
func shift(dir int64) funcs.EvalFunc {
	return func(args []table.Value) table.Value {
		arr := args[0]
		if arr.K != table.KArray {
			return table.Null
		}
		k, ok := asInt(args[1])
		if !ok {
			return table.Null
		}
		src := arr.D.Arr
		n := int64(len(src))
		fill := table.Null
		if len(args) > 2 {
			fill = args[2]
		} else if allStrings(src) {
			fill = table.EmptyString
		}
		if dir < 0 {
			k = -k
		}
		out := make([]table.Value, n)
		for i := int64(0); i < n; i++ {
			j := i + k // left shift by k: out[i] = src[i+k]
			if j >= 0 && j < n {
				out[i] = src[j]
			} else {
				out[i] = fill
			}
		}
		return newArray(out)
	}
}

func allStrings(vs []table.Value) bool {
	if len(vs) == 0 {
		return false
	}
	for _, v := range vs {
		if v.K != table.KString {
			return false
		}
	}
	return true
}

// SortedColumnName is the column name Kusto gives to the i-th (0-based)
// array returned by array_sort_asc/array_sort_desc called with several
// arrays when the call is an unnamed print/extend/project expression:
// "<argument name>_sorted", or "array<i>_sorted" for an argument that has
// no name.
func SortedColumnName(argName string, i int) string {
	if argName == "" {
		return "array" + itoa(i) + "_sorted"
	}
	return argName + "_sorted"
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	p := len(b)
	neg := i < 0
	if neg {
		i = -i
	}
	for i > 0 {
		p--
		b[p] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		p--
		b[p] = '-'
	}
	return string(b[p:])
}

// bindSort binds array_sort_asc / array_sort_desc(array1 [, ..., arrayN]
// [, nulls_last]). A trailing bool argument is nulls_last (default true).
//
// With one array the result is the sorted array. With several, the first
// array is sorted and the others are reordered to match; the result is a
// dynamic array holding the N reordered arrays (null for an array whose
// length differs from the first's), so that array_sort_asc(a, b)[1] works.
// Kusto returns a tuple there, which print/extend/project expand into
// columns named by SortedColumnName (Impl.Tuple is the number of arrays);
// that expansion is the binder's.
func bindSort(desc bool) func(*funcs.Env, []funcs.Arg) (funcs.Impl, error) {
	return func(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
		nArrays := len(args)
		if n := len(args); n > 1 && args[n-1].Type == table.Bool {
			nArrays--
		}
		if nArrays == 0 {
			return funcs.Impl{}, funcs.ArgErrorf(0, "argument 1 must be dynamic, not bool")
		}
		if nArrays > 64 {
			return funcs.Impl{}, funcs.ArgErrorf(64, "at most 64 arrays can be sorted together")
		}
		for i := 0; i < nArrays; i++ {
			if err := funcs.ExpectType(args, i, isDyn, "dynamic"); err != nil {
				return funcs.Impl{}, err
			}
		}
		hasFlag := nArrays < len(args)
		return funcs.Impl{Type: table.Dynamic, Tuple: nArrays, Eval: func(vals []table.Value) table.Value {
			nullsLast := true
			if hasFlag {
				b, ok := asBool(vals[nArrays])
				if !ok {
					return table.Null
				}
				nullsLast = b
			}
			return sortArrays(vals[:nArrays], desc, nullsLast)
		}}, nil
	}
}

func sortArrays(arrays []table.Value, desc, nullsLast bool) table.Value {
	first := arrays[0]
	if first.K != table.KArray {
		if len(arrays) == 1 {
			return table.Null
		}
		out := make([]table.Value, len(arrays))
		return newArray(out)
	}
	src := first.D.Arr
	perm := make([]int, len(src))
	for i := range perm {
		perm[i] = i
	}
	sort.SliceStable(perm, func(a, b int) bool {
		x, y := src[perm[a]], src[perm[b]]
		xn, yn := x.K == table.KNull, y.K == table.KNull
		if xn || yn {
			if xn && yn {
				return false
			}
			// a null goes last when nullsLast, first otherwise
			return yn == nullsLast
		}
		c := sortCompare(x, y)
		if desc {
			return c > 0
		}
		return c < 0
	})
	apply := func(arr table.Value) table.Value {
		if arr.K != table.KArray || len(arr.D.Arr) != len(perm) {
			return table.Null
		}
		out := make([]table.Value, len(perm))
		for i, p := range perm {
			out[i] = arr.D.Arr[p]
		}
		return newArray(out)
	}
	if len(arrays) == 1 {
		return apply(first)
	}
	out := make([]table.Value, len(arrays))
	for i, a := range arrays {
		out[i] = apply(a)
	}
	return newArray(out)
}

// sortGroup ranks element kinds for array_sort_*: numbers, datetimes and
// timespans first, then strings, then guids, then everything else.
func sortGroup(v table.Value) int {
	switch v.K {
	case table.KInt, table.KLong, table.KReal, table.KDecimal, table.KDatetime, table.KTimespan:
		return 0
	case table.KString:
		return 1
	case table.KGuid:
		return 2
	}
	return 3
}

func sortCompare(x, y table.Value) int {
	gx, gy := sortGroup(x), sortGroup(y)
	if gx != gy {
		return gx - gy
	}
	switch gx {
	case 1:
		return strings.Compare(x.S, y.S)
	case 2:
		return strings.Compare(strings.ToLower(x.S), strings.ToLower(y.S))
	}
	return table.Compare(x, y)
}

// array_split(array, index | indices): the pieces [0..i1), [i1..i2), ...,
// [iN..len). Negative indexes count from the end; indexes are clamped to
// the array and to the previous index.
func arraySplit(args []table.Value) table.Value {
	arr := args[0]
	if arr.K != table.KArray {
		return table.Null
	}
	var idx []int64
	if args[1].K == table.KArray {
		for _, v := range args[1].D.Arr {
			i, ok := asInt(v)
			if !ok {
				return table.Null
			}
			idx = append(idx, i)
		}
	} else {
		i, ok := asInt(args[1])
		if !ok {
			return table.Null
		}
		idx = append(idx, i)
	}
	src := arr.D.Arr
	n := int64(len(src))
	out := make([]table.Value, 0, len(idx)+1)
	prev := int64(0)
	for _, i := range idx {
		if i < 0 {
			i += n
		}
		i = max(prev, min(i, n))
		out = append(out, newArray(clone(src[prev:i])))
		prev = i
	}
	out = append(out, newArray(clone(src[prev:])))
	return newArray(out)
}

// array_sum: the real sum of a numeric array; null when any element is not
// a number (null elements included) or the argument is not an array.
func arraySum(args []table.Value) table.Value {
	arr := args[0]
	if arr.K != table.KArray {
		return table.Null
	}
	sum := 0.0
	for _, v := range arr.D.Arr {
		f, ok := v.AsFloat()
		if !ok {
			return table.Null
		}
		sum += f
	}
	return table.NewReal(sum)
}

// array_iff(condition_array, when_true, when_false): element-wise iff.
// Conditions are bools or numbers (non-zero is true); other elements give
// null. when_true/when_false are arrays (read by position, null past their
// end) or scalars used for every position.
func arrayIff(args []table.Value) table.Value {
	cond := args[0]
	if cond.K != table.KArray {
		return table.Null
	}
	pick := func(v table.Value, i int) table.Value {
		if v.K == table.KArray {
			if i < len(v.D.Arr) {
				return v.D.Arr[i]
			}
			return table.Null
		}
		return v
	}
	out := make([]table.Value, len(cond.D.Arr))
	for i, c := range cond.D.Arr {
		var truth bool
		switch {
		case c.K == table.KBool:
			truth = c.I != 0
		case c.IsNumber():
			f, _ := c.AsFloat()
			truth = f != 0
		default:
			out[i] = table.Null
			continue
		}
		if truth {
			out[i] = pick(args[1], i)
		} else {
			out[i] = pick(args[2], i)
		}
	}
	return newArray(out)
}

func packArray(args []table.Value) table.Value { return newArray(clone(args)) }

// zip(array1, array2, ...): [[a1[0], a2[0], ...], ...], as long as the
// longest array, shorter arrays padded with null.
func zip(args []table.Value) table.Value {
	n := 0
	for _, a := range args {
		if a.K != table.KArray {
			return table.Null
		}
		n = max(n, len(a.D.Arr))
	}
	out := make([]table.Value, n)
	for i := range out {
		row := make([]table.Value, len(args))
		for j, a := range args {
			if i < len(a.D.Arr) {
				row[j] = a.D.Arr[i]
			}
		}
		out[i] = newArray(row)
	}
	return newArray(out)
}

// repeat(value, count): count copies of value; [] for 0, null for a
// negative or null count. The length is capped at MaxArrayLen.
func repeat(args []table.Value) table.Value {
	n, ok := asInt(args[1])
	if !ok || n < 0 {
		return table.Null
	}
	n = min(n, MaxArrayLen)
	out := make([]table.Value, n)
	for i := range out {
		out[i] = args[0]
	}
	return newArray(out)
}

// bindRange binds range(start, stop [, step]): numbers (step 1 by default),
// datetimes or timespans (step 1h by default, a timespan). The elements
// are start, start+step, ... while not past stop (a negative step counts
// down), at most MaxArrayLen of them. A zero step gives null.
func bindRange(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	ok := func(t table.Type) bool {
		return t.IsNumeric() || t == table.Datetime || t == table.Timespan || isDyn(t)
	}
	for i := range args {
		if err := funcs.ExpectType(args, i, ok, "a number, datetime or timespan"); err != nil {
			return funcs.Impl{}, err
		}
	}
	return funcs.Impl{Type: table.Dynamic, Eval: rangeEval}, nil
}

func rangeEval(args []table.Value) table.Value {
	start, stop := args[0], args[1]
	var step table.Value
	if len(args) > 2 {
		step = args[2]
	} else {
		switch start.K {
		case table.KDatetime, table.KTimespan:
			step = table.NewTimespan(table.TicksPerHour)
		default:
			step = table.NewLong(1)
		}
	}
	if start.K == table.KNull || stop.K == table.KNull || step.K == table.KNull {
		return table.Null
	}
	switch start.K {
	case table.KDatetime, table.KTimespan:
		if stop.K != start.K || step.K != table.KTimespan {
			return table.Null
		}
		return intRange(start.I, stop.I, step.I, start.K)
	}
	if !start.IsNumber() || !stop.IsNumber() || !step.IsNumber() {
		return table.Null
	}
	isInt := func(v table.Value) bool { return v.K == table.KInt || v.K == table.KLong }
	if isInt(start) && isInt(stop) && isInt(step) {
		return intRange(start.I, stop.I, step.I, table.KLong)
	}
	a, _ := start.AsFloat()
	b, _ := stop.AsFloat()
	s, _ := step.AsFloat()
	if s == 0 || math.IsNaN(a) || math.IsNaN(b) || math.IsNaN(s) {
		return table.Null
	}
	var out []table.Value
	for i := 0; i < MaxArrayLen; i++ {
		v := a + float64(i)*s
		if (s > 0 && v > b) || (s < 0 && v < b) || math.IsInf(v, 0) {
			break
		}
		out = append(out, table.NewReal(v))
	}
	return newArray(out)
}

// intRange builds an integer-valued range of kind k (long, datetime or
// timespan ticks) without overflowing.
func intRange(start, stop, step int64, k table.Kind) table.Value {
	if step == 0 {
		return table.Null
	}
	var count uint64
	switch {
	case step > 0 && stop >= start:
		count = (uint64(stop)-uint64(start))/uint64(step) + 1
	case step < 0 && stop <= start:
		count = (uint64(start)-uint64(stop))/(uint64(-(step+1))+1) + 1
	}
	count = min(count, MaxArrayLen)
	out := make([]table.Value, count)
	v := start
	for i := range out {
		out[i] = table.Value{K: k, I: v}
		v += step
	}
	return newArray(out)
}
