package convfn

import (
	"math"
	"math/rand/v2"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Math functions. Result names follow Kusto.Language: most take their
// first argument's name.

func init() {
	register("abs", 1, 1, funcs.NameFirstArg, bindAbs)
	register("round", 1, 2, funcs.NameFirstArg, bindRound)
	register("ceiling", 1, 1, funcs.NameFirstArg, bindCeiling)

	real1 := func(name string, rule funcs.NameRule, f func(float64) (float64, bool)) {
		register(name, 1, 1, rule, fixed(table.Real, func(a []table.Value) table.Value {
			x, ok := asReal(a[0])
			if !ok {
				return table.Null
			}
			r, ok := f(x)
			if !ok {
				return table.Null
			}
			return table.NewReal(r)
		}, aNum))
	}
	total := func(f func(float64) float64) func(float64) (float64, bool) {
		return func(x float64) (float64, bool) { return f(x), true }
	}
	// log / sqrt of a negative number is null (log-function.md,
	// sqrt-function.md); log(0) is -Infinity.
	nonNeg := func(f func(float64) float64) func(float64) (float64, bool) {
		return func(x float64) (float64, bool) {
			if x < 0 {
				return 0, false
			}
			return f(x), true
		}
	}
	real1("sqrt", funcs.NameFirstArg, nonNeg(math.Sqrt))
	real1("log", funcs.NameFirstArg, nonNeg(math.Log))
	real1("log2", funcs.NameFirstArg, nonNeg(math.Log2))
	real1("log10", funcs.NameFirstArg, nonNeg(math.Log10))
	real1("exp", funcs.NameFirstArg, total(math.Exp))
	real1("exp2", funcs.NameFirstArg, total(math.Exp2))
	real1("exp10", funcs.NameFirstArg, total(func(x float64) float64 { return math.Pow(10, x) }))
	real1("sin", funcs.NameFirstArg, total(math.Sin))
	real1("cos", funcs.NameFirstArg, total(math.Cos))
	real1("tan", funcs.NameFirstArg, total(math.Tan))
	real1("asin", funcs.NameFirstArg, total(math.Asin))
	real1("acos", funcs.NameFirstArg, total(math.Acos))
	real1("atan", funcs.NameFirstArg, total(math.Atan))
	real1("cot", funcs.NameColumn, total(func(x float64) float64 { return 1 / math.Tan(x) }))
	real1("degrees", funcs.NameColumn, total(func(x float64) float64 { return x * 180 / math.Pi }))
	real1("radians", funcs.NameColumn, total(func(x float64) float64 { return x * math.Pi / 180 }))
	real1("gamma", funcs.NameFirstArg, total(math.Gamma))
	real1("loggamma", funcs.NameFirstArg, total(func(x float64) float64 { v, _ := math.Lgamma(x); return v }))
	real1("sign", funcs.NameColumn, total(func(x float64) float64 {
		switch {
		case x > 0:
			return 1
		case x < 0:
			return -1
		}
		return x // 0, -0 and NaN
	}))

	real2 := func(name string, f func(x, y float64) float64) {
		register(name, 2, 2, funcs.NameFirstArg, fixed(table.Real, func(a []table.Value) table.Value {
			x, ok1 := asReal(a[0])
			y, ok2 := asReal(a[1])
			if !ok1 || !ok2 {
				return table.Null
			}
			return table.NewReal(f(x, y))
		}, aNum, aNum))
	}
	real2("pow", math.Pow)
	real2("atan2", math.Atan2)

	register("pi", 0, 0, funcs.NameColumn, fixed(table.Real, func([]table.Value) table.Value { return table.NewReal(math.Pi) }))
	register("rand", 0, 1, funcs.NameFirstArg, bindRand)

	isReal := func(name string, f func(float64) bool) {
		register(name, 1, 1, funcs.NameColumn, fixed(table.Bool, func(a []table.Value) table.Value {
			x, ok := asReal(a[0])
			if !ok {
				return table.Null
			}
			return table.NewBool(f(x))
		}, aReal))
	}
	isReal("isnan", math.IsNaN)
	isReal("isinf", func(x float64) bool { return math.IsInf(x, 0) })
	isReal("isfinite", func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) })

	bits2 := func(name string, f func(a, b int64) int64) {
		register(name, 2, 2, funcs.NameFirstArg, fixed(table.Long, func(a []table.Value) table.Value {
			x, ok1 := asLong(a[0])
			y, ok2 := asLong(a[1])
			if !ok1 || !ok2 {
				return table.Null
			}
			return table.NewLong(f(x, y))
		}, aInt, aInt))
	}
	bits2("binary_and", func(a, b int64) int64 { return a & b })
	bits2("binary_or", func(a, b int64) int64 { return a | b })
	bits2("binary_xor", func(a, b int64) int64 { return a ^ b })
	// The shift count is taken mod 64, as C# does for long shifts.
	bits2("binary_shift_left", func(a, b int64) int64 { return a << uint64(b&63) })
	bits2("binary_shift_right", func(a, b int64) int64 { return a >> uint64(b&63) })
	register("binary_not", 1, 1, funcs.NameFirstArg, fixed(table.Long, func(a []table.Value) table.Value {
		x, ok := asLong(a[0])
		if !ok {
			return table.Null
		}
		return table.NewLong(^x)
	}, aInt))

	register("max_of", 2, 64, funcs.NameColumn, bindExtremum(1))
	register("min_of", 2, 64, funcs.NameColumn, bindExtremum(-1))
	register("around", 3, 3, funcs.NameColumn, bindAround)
}

// abs(x): int and long give long, real real, decimal decimal, timespan
// timespan (Kusto.Language signatures). abs(math.MinInt64) wraps.
func bindAbs(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := checkArgs(args, argSpec{func(t table.Type) bool { return numType(t) || t == table.Timespan }, "a number or timespan"}); err != nil {
		return funcs.Impl{}, err
	}
	rt := args[0].Type
	switch {
	case rt.IsInteger():
		rt = table.Long
	case isDyn(rt):
		rt = table.Real
	}
	return funcs.Impl{Type: rt, Eval: func(a []table.Value) table.Value {
		v := a[0]
		if v.K == table.KTimespan {
			if v.I < 0 {
				return table.NewTimespan(-v.I)
			}
			return v
		}
		n, ok := asNumber(v)
		if !ok {
			return table.Null
		}
		switch n.K {
		case table.KInt, table.KLong:
			if n.I < 0 {
				return coerce(table.NewLong(-n.I), rt)
			}
			return coerce(table.NewLong(n.I), rt)
		case table.KDecimal:
			return coerce(table.NewDecimal(math.Abs(n.F)), rt)
		}
		return coerce(table.NewReal(math.Abs(n.F)), rt)
	}}, nil
}

// roundHalfAway rounds x to digits decimal places, halves away from zero.
// Negative digits round to tens, hundreds, ...
func roundHalfAway(x float64, digits int64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	switch {
	case digits > 15:
		return x
	case digits < -308:
		return 0
	case digits >= 0:
		p := math.Pow(10, float64(digits))
		r := math.Round(x*p) / p
		if math.IsInf(r, 0) || math.IsNaN(r) {
			return x
		}
		return r
	default:
		p := math.Pow(10, float64(-digits))
		return math.Round(x/p) * p
	}
}

// roundInt rounds an integer to -digits tens, halves away from zero.
func roundInt(n, digits int64) (int64, bool) {
	if digits >= 0 {
		return n, true
	}
	if digits < -18 {
		return 0, true
	}
	p := int64(1)
	for i := int64(0); i < -digits; i++ {
		p *= 10
	}
	q, r := n/p, n%p
	if 2*abs64(r) >= p {
		if n < 0 {
			q--
		} else {
			q++
		}
	}
	return mulInt64(q, p)
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// round(x [, digits]): the result has x's type (Kusto.Language:
// Parameter0); halves round away from zero (round(2.5) = 3,
// round(-2.5) = -3) — the docs give no midpoint example; this is the
// C/C++ round() the engine's native code would use.
func bindRound(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := checkArgs(args, aNum, aInt); err != nil {
		return funcs.Impl{}, err
	}
	rt := args[0].Type
	if isDyn(rt) {
		rt = table.Real
	}
	return funcs.Impl{Type: rt, Eval: func(a []table.Value) table.Value {
		n, ok := asNumber(a[0])
		if !ok {
			return table.Null
		}
		var digits int64
		if len(a) > 1 {
			if digits, ok = asLong(a[1]); !ok {
				return table.Null
			}
		}
		if isIntKind(n.K) {
			r, ok := roundInt(n.I, digits)
			if !ok {
				return table.Null
			}
			return coerce(table.NewLong(r), rt)
		}
		r := roundHalfAway(n.F, digits)
		if n.K == table.KDecimal {
			return coerce(table.NewDecimal(r), rt)
		}
		return coerce(table.NewReal(r), rt)
	}}, nil
}

// ceiling(x): the smallest integer >= x, in x's type.
func bindCeiling(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := checkArgs(args, aNum); err != nil {
		return funcs.Impl{}, err
	}
	rt := args[0].Type
	if isDyn(rt) {
		rt = table.Real
	}
	return funcs.Impl{Type: rt, Eval: func(a []table.Value) table.Value {
		n, ok := asNumber(a[0])
		if !ok {
			return table.Null
		}
		switch n.K {
		case table.KInt, table.KLong:
			return coerce(table.NewLong(n.I), rt)
		case table.KDecimal:
			return coerce(table.NewDecimal(math.Ceil(n.F)), rt)
		}
		return coerce(table.NewReal(math.Ceil(n.F)), rt)
	}}, nil
}

// rand() is uniform in [0, 1); rand(N) is a whole number in [0, N).
// Not deterministic.
func bindRand(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := checkArgs(args, aInt); err != nil {
		return funcs.Impl{}, err
	}
	return funcs.Impl{Type: table.Real, Eval: func(a []table.Value) table.Value {
		if len(a) == 0 {
			return table.NewReal(rand.Float64())
		}
		n, ok := asLong(a[0])
		if !ok || n <= 0 {
			return table.Null
		}
		return table.NewReal(float64(rand.Int64N(n)))
	}}, nil
}

// max_of / min_of: the largest / smallest non-null argument (null only
// when all are null). Arguments must share a type: numbers mix (widest
// wins), as do datetimes, timespans, strings or bools among themselves.
func bindExtremum(sign int) func(*funcs.Env, []funcs.Arg) (funcs.Impl, error) {
	return func(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
		ts := make([]table.Type, len(args))
		for i, a := range args {
			ts[i] = a.Type
			switch a.Type {
			case table.Guid:
				return funcs.Impl{}, funcs.ArgErrorf(i, "argument %d is not orderable", i+1)
			}
		}
		rt, ok := commonType(ts...)
		if !ok {
			return funcs.Impl{}, funcs.ArgErrorf(-1, "all arguments must be of the same type")
		}
		null := table.NullOf(rt)
		return funcs.Impl{Type: rt, Eval: func(a []table.Value) table.Value {
			best := table.Null
			for _, v := range a {
				if v.K == table.KNull {
					continue
				}
				if best.K == table.KNull || table.Compare(v, best)*sign > 0 {
					best = v
				}
			}
			if best.K == table.KNull {
				return null
			}
			return coerce(best, rt)
		}}, nil
	}
}

// around(value, center, delta): center-delta <= value <= center+delta, for
// numbers, or datetime/timespan values with a timespan delta. Null if any
// argument is null.
func bindAround(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := checkArgs(args, argSpec{numOrTime, "a number, datetime or timespan"}); err != nil {
		return funcs.Impl{}, err
	}
	v, c, d := args[0].Type, args[1].Type, args[2].Type
	okTypes := true
	switch {
	case isDyn(v) || isDyn(c) || isDyn(d):
	case v.IsNumeric():
		okTypes = c.IsNumeric() && d.IsNumeric()
	case v == table.Datetime || v == table.Timespan:
		okTypes = c == v && d == table.Timespan
	}
	if !okTypes {
		return funcs.Impl{}, funcs.ArgErrorf(-1, "around(): arguments of types %s, %s, %s do not fit", v, c, d)
	}
	return funcs.Impl{Type: table.Bool, Eval: func(a []table.Value) table.Value {
		if a[0].K == table.KNull || a[1].K == table.KNull || a[2].K == table.KNull {
			return table.Null
		}
		lo, hi := Sub(a[1], a[2]), Add(a[1], a[2])
		if a[1].K == table.KDatetime && a[2].K == table.KTimespan {
			// A range reaching past either end of the calendar is clipped.
			if lo.K == table.KNull {
				lo = table.NewDatetime(0)
			}
			if hi.K == table.KNull {
				hi = table.NewDatetime(table.MaxDatetimeTicks)
			}
		}
		ge, le := CompareOp(">=", a[0], lo), CompareOp("<=", a[0], hi)
		if ge.K == table.KNull || le.K == table.KNull {
			return table.Null
		}
		return table.NewBool(ge.IsTrue() && le.IsTrue())
	}}, nil
}
