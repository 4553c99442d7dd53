package seriesfn

import (
	"math"

	"reconwatch/internal/table"
)

// Element-wise series functions (series_add, series_greater, series_abs,
// ...). Per the docs: either input of a binary function may be a dynamic
// array or a numeric scalar (broadcast to every element); the result has
// the length of the longer array, and a non-numeric element or one past
// the end of the shorter array yields null. Results are reals (the docs
// say so for series_divide: "the result is double even for integer
// inputs"; we do the same for the others, inferred) or bools for the
// comparisons. Two scalars, or a null argument, yield null (inferred).

func init() {
	arith := map[string]func(a, b float64) float64{
		"series_add":      func(a, b float64) float64 { return a + b },
		"series_subtract": func(a, b float64) float64 { return a - b },
		"series_multiply": func(a, b float64) float64 { return a * b },
		"series_divide":   func(a, b float64) float64 { return a / b }, // IEEE: x/0 = ±Infinity, 0/0 = NaN
		"series_pow":      math.Pow,
	}
	for name, op := range arith {
		register(name, 2, 2, table.Dynamic, binaryParams, binary(func(a, b float64) table.Value {
			return table.NewReal(op(a, b))
		}))
	}
	cmp := map[string]func(a, b float64) bool{
		"series_greater":        func(a, b float64) bool { return a > b },
		"series_greater_equals": func(a, b float64) bool { return a >= b },
		"series_less":           func(a, b float64) bool { return a < b },
		"series_less_equals":    func(a, b float64) bool { return a <= b },
		"series_equals":         func(a, b float64) bool { return a == b },
		"series_not_equals":     func(a, b float64) bool { return a != b },
	}
	for name, op := range cmp {
		register(name, 2, 2, table.Dynamic, binaryParams, binary(func(a, b float64) table.Value {
			return table.NewBool(op(a, b))
		}))
	}
	unaryOps := map[string]func(float64) float64{
		"series_abs":     math.Abs,
		"series_acos":    math.Acos,
		"series_asin":    math.Asin,
		"series_atan":    math.Atan,
		"series_ceiling": math.Ceil,
		"series_cos":     math.Cos,
		"series_exp":     math.Exp,
		"series_floor":   math.Floor,
		"series_log":     math.Log, // natural logarithm, as log()
		"series_sign":    sign,
		"series_sin":     math.Sin,
		"series_tan":     math.Tan,
	}
	for name, op := range unaryOps {
		register(name, 1, 1, table.Dynamic, []param{{ok: isDyn, want: "dynamic"}}, unary(op))
	}
}

var binaryParams = []param{{ok: isSeriesOrNum, want: "dynamic or numeric"}, {ok: isSeriesOrNum, want: "dynamic or numeric"}}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x // 0, -0 and NaN as they are
}

// operand is one input of a binary series function.
type operand struct {
	arr    []table.Value
	scalar float64
	isArr  bool
}

func operandOf(v table.Value) (operand, bool) {
	if v.K == table.KArray {
		return operand{arr: v.D.Arr, isArr: true}, true
	}
	f, ok := v.AsFloat()
	return operand{scalar: f}, ok
}

// at returns element i (or the scalar) as a number.
func (o operand) at(i int) (float64, bool) {
	if !o.isArr {
		return o.scalar, true
	}
	if i >= len(o.arr) {
		return 0, false
	}
	return o.arr[i].AsFloat()
}

func binary(op func(a, b float64) table.Value) func([]table.Value) table.Value {
	return func(args []table.Value) table.Value {
		a, ok1 := operandOf(args[0])
		b, ok2 := operandOf(args[1])
		if !ok1 || !ok2 || (!a.isArr && !b.isArr) {
			return table.Null
		}
		n := max(len(a.arr), len(b.arr))
		out := make([]table.Value, n)
		for i := range out {
			x, okx := a.at(i)
			y, oky := b.at(i)
			if okx && oky {
				out[i] = op(x, y)
			}
		}
		return table.NewArray(out)
	}
}

func unary(op func(float64) float64) func([]table.Value) table.Value {
	return func(args []table.Value) table.Value {
		if args[0].K != table.KArray {
			return table.Null
		}
		in := args[0].D.Arr
		out := make([]table.Value, len(in))
		for i, e := range in {
			if f, ok := e.AsFloat(); ok {
				out[i] = table.NewReal(op(f))
			}
		}
		return table.NewArray(out)
	}
}
