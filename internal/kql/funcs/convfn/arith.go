package convfn

import (
	"math"

	"reconwatch/internal/table"
)

// Arithmetic on values, dispatched on the runtime kinds of the operands.
//
// Rules (semantics §5):
//   - null in either operand gives null.
//   - int/long with int/long gives long; integer overflow wraps (two's
//     complement, like C# unchecked arithmetic); integer division
//     truncates toward zero; integer division or modulo by zero gives null.
//   - any real gives real (IEEE: x/0.0 is ±Infinity or NaN); any decimal
//     gives decimal (held as float64).
//   - modulo is never negative: 0 <= N % D < abs(D) (-14 % 12 = 10).
//   - datetime - datetime = timespan; datetime ± timespan = datetime
//     (null when the result leaves 0001-01-01..9999-12-31);
//     timespan ± timespan = timespan; number * timespan = timespan (reals
//     round to the nearest tick); timespan / number = timespan;
//     timespan / timespan = real; timespan % timespan and
//     datetime % timespan = timespan (the latter: time since the last
//     multiple of the span counted from 0001-01-01, so dt % 1d is the time
//     of day). Timespan overflow gives null.
//   - every other combination (strings, bools, guids, arrays, bags,
//     datetime + datetime, ...) gives null. Dynamic operands are used with
//     whatever scalar kind they hold; a dynamic string is not a number.

func numOperands(a, b table.Value) (float64, float64, table.Kind) {
	af, _ := a.AsFloat()
	bf, _ := b.AsFloat()
	if a.K == table.KDecimal || b.K == table.KDecimal {
		return af, bf, table.KDecimal
	}
	return af, bf, table.KReal
}

func floatResult(f float64, k table.Kind) table.Value {
	if k == table.KDecimal {
		return table.NewDecimal(f)
	}
	return table.NewReal(f)
}

// dtResult returns a datetime, or null when ticks is out of range.
func dtResult(ticks int64) table.Value {
	if !table.ValidDatetime(ticks) {
		return table.Null
	}
	return table.NewDatetime(ticks)
}

func addOverflows(a, b int64) bool {
	s := a + b
	return (a >= 0) == (b >= 0) && (s >= 0) != (a >= 0)
}

func subOverflows(a, b int64) bool {
	s := a - b
	return (a >= 0) != (b >= 0) && (s >= 0) != (a >= 0)
}

// mulInt64 multiplies with overflow detection.
func mulInt64(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	p := a * b
	if p/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return p, true
}

// floatTicks converts a float tick count (already rounded) to int64.
func floatTicks(f float64) (int64, bool) {
	if math.IsNaN(f) || f < -9223372036854775808.0 || f >= 9223372036854775808.0 {
		return 0, false
	}
	return int64(f), true
}

// Add is KQL's a + b.
func Add(a, b table.Value) table.Value {
	if a.K == table.KNull || b.K == table.KNull {
		return table.Null
	}
	switch {
	case isIntKind(a.K) && isIntKind(b.K):
		return table.NewLong(a.I + b.I)
	case a.IsNumber() && b.IsNumber():
		af, bf, k := numOperands(a, b)
		return floatResult(af+bf, k)
	case a.K == table.KTimespan && b.K == table.KTimespan:
		if addOverflows(a.I, b.I) {
			return table.Null
		}
		return table.NewTimespan(a.I + b.I)
	case a.K == table.KDatetime && b.K == table.KTimespan:
		if addOverflows(a.I, b.I) {
			return table.Null
		}
		return dtResult(a.I + b.I)
	case a.K == table.KTimespan && b.K == table.KDatetime:
		if addOverflows(a.I, b.I) {
			return table.Null
		}
		return dtResult(a.I + b.I)
	}
	return table.Null
}

// Sub is KQL's a - b.
func Sub(a, b table.Value) table.Value {
	if a.K == table.KNull || b.K == table.KNull {
		return table.Null
	}
	switch {
	case isIntKind(a.K) && isIntKind(b.K):
		return table.NewLong(a.I - b.I)
	case a.IsNumber() && b.IsNumber():
		af, bf, k := numOperands(a, b)
		return floatResult(af-bf, k)
	case a.K == table.KTimespan && b.K == table.KTimespan:
		if subOverflows(a.I, b.I) {
			return table.Null
		}
		return table.NewTimespan(a.I - b.I)
	case a.K == table.KDatetime && b.K == table.KDatetime:
		if subOverflows(a.I, b.I) {
			return table.Null
		}
		return table.NewTimespan(a.I - b.I)
	case a.K == table.KDatetime && b.K == table.KTimespan:
		if subOverflows(a.I, b.I) {
			return table.Null
		}
		return dtResult(a.I - b.I)
	}
	return table.Null
}

// scaleTimespan multiplies ticks by a number value.
func scaleTimespan(ticks int64, n table.Value) table.Value {
	if isIntKind(n.K) {
		p, ok := mulInt64(ticks, n.I)
		if !ok {
			return table.Null
		}
		return table.NewTimespan(p)
	}
	f, _ := n.AsFloat()
	t, ok := floatTicks(math.Round(float64(ticks) * f))
	if !ok {
		return table.Null
	}
	return table.NewTimespan(t)
}

// Mul is KQL's a * b.
func Mul(a, b table.Value) table.Value {
	if a.K == table.KNull || b.K == table.KNull {
		return table.Null
	}
	switch {
	case isIntKind(a.K) && isIntKind(b.K):
		return table.NewLong(a.I * b.I)
	case a.IsNumber() && b.IsNumber():
		af, bf, k := numOperands(a, b)
		return floatResult(af*bf, k)
	case a.K == table.KTimespan && b.IsNumber():
		return scaleTimespan(a.I, b)
	case a.IsNumber() && b.K == table.KTimespan:
		return scaleTimespan(b.I, a)
	}
	return table.Null
}

// Div is KQL's a / b.
func Div(a, b table.Value) table.Value {
	if a.K == table.KNull || b.K == table.KNull {
		return table.Null
	}
	switch {
	case isIntKind(a.K) && isIntKind(b.K):
		if b.I == 0 {
			return table.Null
		}
		return table.NewLong(a.I / b.I) // MinInt64 / -1 wraps to MinInt64
	case a.IsNumber() && b.IsNumber():
		af, bf, k := numOperands(a, b)
		return floatResult(af/bf, k)
	case a.K == table.KTimespan && b.K == table.KTimespan:
		return table.NewReal(float64(a.I) / float64(b.I))
	case a.K == table.KTimespan && b.IsNumber():
		if isIntKind(b.K) {
			if b.I == 0 {
				return table.Null
			}
			return table.NewTimespan(a.I / b.I)
		}
		f, _ := b.AsFloat()
		if f == 0 {
			return table.Null
		}
		t, ok := floatTicks(math.Round(float64(a.I) / f))
		if !ok {
			return table.Null
		}
		return table.NewTimespan(t)
	}
	return table.Null
}

// modInt is the non-negative remainder of a / b (b != 0).
func modInt(a, b int64) int64 {
	r := a % b
	if r < 0 {
		if b < 0 {
			r -= b
		} else {
			r += b
		}
	}
	return r
}

// Mod is KQL's a % b; the result is never negative.
func Mod(a, b table.Value) table.Value {
	if a.K == table.KNull || b.K == table.KNull {
		return table.Null
	}
	switch {
	case isIntKind(a.K) && isIntKind(b.K):
		if b.I == 0 {
			return table.Null
		}
		return table.NewLong(modInt(a.I, b.I))
	case a.IsNumber() && b.IsNumber():
		af, bf, k := numOperands(a, b)
		r := math.Mod(af, bf)
		if r < 0 {
			r += math.Abs(bf)
		}
		return floatResult(r, k)
	case (a.K == table.KTimespan || a.K == table.KDatetime) && b.K == table.KTimespan:
		if b.I == 0 {
			return table.Null
		}
		return table.NewTimespan(modInt(a.I, b.I))
	case a.K == table.KTimespan && isIntKind(b.K):
		if b.I == 0 {
			return table.Null
		}
		return table.NewTimespan(modInt(a.I, b.I))
	}
	return table.Null
}

// Negate is KQL's unary minus: numbers and timespans; int widens to long
// (as Kusto does for non-constant operands). -math.MinInt64 wraps.
func Negate(a table.Value) table.Value {
	switch a.K {
	case table.KInt, table.KLong:
		return table.NewLong(-a.I)
	case table.KReal:
		return table.NewReal(-a.F)
	case table.KDecimal:
		return table.NewDecimal(-a.F)
	case table.KTimespan:
		return table.NewTimespan(-a.I)
	}
	return table.Null
}

// NegateType is the static type of -x, false when x cannot be negated.
func NegateType(t table.Type) (table.Type, bool) {
	switch t {
	case table.Int, table.Long:
		return table.Long, true
	case table.Real, table.Decimal, table.Timespan, table.Dynamic, table.Unknown:
		return t, true
	}
	return table.Unknown, false
}

func isDyn(t table.Type) bool { return t == table.Dynamic || t == table.Unknown }

// ResultType is the static type of a op b for op in + - * / %, or false
// when the operand types do not combine (datetime + datetime, strings,
// bools, ...). It follows Kusto.Language's operator signatures, except
// that two integers give long (as the engine does) and the exotic
// datetime * number, datetime / number, timespan * timespan and
// timespan - datetime signatures are refused. With a dynamic (or unknown)
// operand: dynamic op dynamic is dynamic, dynamic op int is long, and
// dynamic op T is T for the other numeric types (and for + and -, also
// datetime and timespan).
func ResultType(op string, a, b table.Type) (table.Type, bool) {
	switch op {
	case "+", "-", "*", "/", "%":
	default:
		return table.Unknown, false
	}
	an, bn := a.IsNumeric(), b.IsNumeric()
	if an && bn {
		if a.IsInteger() && b.IsInteger() {
			return table.Long, true
		}
		return table.Type(max(uint8(a), uint8(b))), true // Real < Decimal in declaration order
	}
	ad, bd := isDyn(a), isDyn(b)
	if ad || bd {
		other := b
		if bd {
			other = a
		}
		switch {
		case ad && bd:
			return table.Dynamic, true
		case other == table.Int:
			return table.Long, true
		case other.IsNumeric():
			return other, true
		case (op == "+" || op == "-") && (other == table.Datetime || other == table.Timespan):
			return other, true
		}
		return table.Unknown, false
	}
	ts, dt := table.Timespan, table.Datetime
	switch op {
	case "+":
		switch {
		case a == ts && b == ts:
			return ts, true
		case a == dt && b == ts, a == ts && b == dt:
			return dt, true
		}
	case "-":
		switch {
		case a == ts && b == ts, a == dt && b == dt:
			return ts, true
		case a == dt && b == ts:
			return dt, true
		}
	case "*":
		if a == ts && bn || an && b == ts {
			return ts, true
		}
	case "/":
		switch {
		case a == ts && b == ts:
			return table.Real, true
		case a == ts && bn:
			return ts, true
		}
	case "%":
		if (a == ts || a == dt) && b == ts || a == ts && b.IsInteger() {
			return ts, true
		}
	}
	return table.Unknown, false
}

// BinaryOp binds an arithmetic operator for static operand types: it
// returns the result type (as ResultType) and an evaluator whose results
// always conform to it — when an operand is dynamic the runtime result is
// converted to the static type (e.g. dynamic(1.5) + int(1) → long 2).
func BinaryOp(op string, a, b table.Type) (table.Type, func(x, y table.Value) table.Value, bool) {
	rt, ok := ResultType(op, a, b)
	if !ok {
		return table.Unknown, nil, false
	}
	var f func(x, y table.Value) table.Value
	switch op {
	case "+":
		f = Add
	case "-":
		f = Sub
	case "*":
		f = Mul
	case "/":
		f = Div
	case "%":
		f = Mod
	}
	if (isDyn(a) || isDyn(b)) && !isDyn(rt) {
		inner := f
		f = func(x, y table.Value) table.Value { return coerce(inner(x, y), rt) }
	}
	return rt, f, true
}

// CompareOp evaluates a comparison. For < <= > >= it is defined on
// numbers (int, long, real, decimal compared by value across kinds; a
// bool counts as 0/1 against a number), datetimes and timespans; a null
// operand or any other combination (strings included) gives null, and
// NaN compares false. For == and != it uses table.Equal: one null operand
// gives false / true, two nulls give null (null-values.md).
func CompareOp(op string, a, b table.Value) table.Value {
	switch op {
	case "==", "!=":
		eq := op == "=="
		an, bn := a.K == table.KNull, b.K == table.KNull
		switch {
		case an && bn:
			return table.Null
		case an || bn:
			return table.NewBool(!eq)
		}
		return table.NewBool(table.Equal(a, b) == eq)
	}
	c, ok := order(a, b)
	if !ok {
		return table.Null
	}
	if c == 2 { // NaN involved
		return table.NewBool(false)
	}
	switch op {
	case "<":
		return table.NewBool(c < 0)
	case "<=":
		return table.NewBool(c <= 0)
	case ">":
		return table.NewBool(c > 0)
	case ">=":
		return table.NewBool(c >= 0)
	}
	return table.Null
}

// order compares a and b for the ordering operators: -1, 0, 1, or 2 when
// a NaN makes them unordered; false when they cannot be compared.
func order(a, b table.Value) (int, bool) {
	if a.K == table.KNull || b.K == table.KNull {
		return 0, false
	}
	if a.K == table.KBool && b.IsNumber() {
		a = table.NewLong(a.I)
	}
	if b.K == table.KBool && a.IsNumber() {
		b = table.NewLong(b.I)
	}
	switch {
	case isIntKind(a.K) && isIntKind(b.K),
		a.K == table.KDatetime && b.K == table.KDatetime,
		a.K == table.KTimespan && b.K == table.KTimespan:
		return cmp64(a.I, b.I), true
	case a.IsNumber() && b.IsNumber():
		af, _ := a.AsFloat()
		bf, _ := b.AsFloat()
		switch {
		case math.IsNaN(af) || math.IsNaN(bf):
			return 2, true
		case af < bf:
			return -1, true
		case af > bf:
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Comparable reports whether the ordering operators accept static types a
// and b: numbers (and bool against a number), datetime with datetime,
// timespan with timespan, or a dynamic/unknown operand against a number,
// datetime, timespan or dynamic.
func Comparable(a, b table.Type) bool {
	numish := func(t table.Type) bool { return t.IsNumeric() || t == table.Bool }
	switch {
	case isDyn(a) && isDyn(b):
		return true
	case isDyn(a):
		return b.IsNumeric() || b == table.Datetime || b == table.Timespan
	case isDyn(b):
		return a.IsNumeric() || a == table.Datetime || a == table.Timespan
	case a.IsNumeric() || b.IsNumeric():
		return numish(a) && numish(b)
	}
	return a == b && (a == table.Datetime || a == table.Timespan)
}
