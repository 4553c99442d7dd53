package convfn

import (
	"math"
	"testing"

	"reconwatch/internal/table"
)

func TestArithmetic(t *testing.T) {
	ops := map[string]func(a, b table.Value) table.Value{"+": Add, "-": Sub, "*": Mul, "/": Div, "%": Mod}
	cases := []struct {
		a    table.Value
		op   string
		b    table.Value
		want table.Value
	}{
		// numerical-operators.md
		{L(1), "/", L(2), L(0)},
		{R(1), "/", L(2), R(0.5)},
		{L(1), "/", R(2), R(0.5)},
		{I(1), "/", I(2), L(0)},
		{L(-7), "/", L(2), L(-3)}, // truncates toward zero
		{L(14), "%", L(12), L(2)},
		{L(-14), "%", L(12), L(10)},
		{L(14), "%", L(-12), L(2)},
		{L(-14), "%", L(-12), L(10)},
		{R(-14), "%", R(12), R(10)},
		{R(5.5), "%", R(2), R(1.5)},
		{L(3), "+", R(0.14), R(3.14)},
		{I(5), "+", L(10), L(15)},
		{L(2), "*", L(2), L(4)},
		{L(4), "-", I(5), L(-1)},
		// integer overflow wraps; integer division / modulo by zero is null
		{L(math.MaxInt64), "+", L(1), L(math.MinInt64)},
		{L(math.MinInt64), "/", L(-1), L(math.MinInt64)},
		{L(1), "/", L(0), N},
		{L(1), "%", L(0), N},
		{L(math.MinInt64), "%", L(-1), L(0)},
		// reals: IEEE (isinf-function.md)
		{R(1), "/", R(0), R(math.Inf(1))},
		{R(-1), "/", R(0), R(math.Inf(-1))},
		{R(0), "/", R(0), R(math.NaN())},
		{L(1), "/", R(0), R(math.Inf(1))},
		{Dec(1.5), "+", L(1), Dec(2.5)},
		{Dec(1.5), "*", R(2), Dec(3)},
		// null sticky (null-values.md)
		{N, "+", L(10), N},
		{L(10), "*", N, N},
		// datetime / timespan (datetime-timespan-arithmetic.md)
		{DT("2017-01-02"), "-", DT("2017-01-01"), TS("1d")},
		{DT("2017-01-01"), "-", DT("2017-01-02"), TS("-1d")},
		{DT("2017-01-01"), "+", TS("1h"), DT("2017-01-01T01:00")},
		{TS("1h"), "+", DT("2017-01-01"), DT("2017-01-01T01:00")},
		{DT("2017-01-01"), "-", TS("1h"), DT("2016-12-31T23:00")},
		{DT("1970-01-01"), "+", Mul(L(1546897531), TS("1s")), DT("2019-01-07 21:45:31")},
		{TS("1h"), "+", TS("30m"), TS("01:30:00")},
		{TS("1h"), "-", TS("2h"), TS("-01:00:00")},
		{TS("1d"), "/", TS("5h"), R(4.8)},
		{TS("1h"), "/", TS("1s"), R(3600)},
		{TS("1d"), "/", TS("1s"), R(86400)},
		{R(1.5), "*", TS("1h"), TS("01:30:00")},
		{TS("1s"), "*", L(5), TS("5s")},
		{L(5), "*", TS("4s"), TS("20s")},
		{TS("1m"), "/", R(2), TS("30s")},
		{TS("1m"), "/", L(7), table.NewTimespan(60 * table.TicksPerSecond / 7)},
		{TS("1m"), "/", L(0), N},
		{TS("1m"), "/", R(0), N},
		{TS("10m"), "/", TS("1s"), R(600)},
		{TS("25h"), "%", TS("1d"), TS("1h")},
		{DT("2017-05-15 10:20"), "%", TS("1d"), TS("10:20:00")},
		{TS("-1h"), "%", TS("1d"), TS("23:00:00")},
		{TS("25h"), "%", L(7), table.NewTimespan(25 * table.TicksPerHour % 7)},
		{TS("25h"), "%", L(0), N},
		{TS("25h"), "%", TS("0s"), N},
		{N, "%", L(3), N},
		{S("5"), "%", L(3), N},
		{R(1), "%", R(0), R(math.NaN())},
		// datetime out of range → null
		{DT("9999-12-31"), "+", TS("2d"), N},
		{DT("0001-01-01"), "-", TS("1s"), N},
		{TS("10675199d"), "+", TS("10675199d"), N},
		// invalid combinations → null
		{DT("2017-01-01"), "+", DT("2017-01-01"), N},
		{S("1"), "+", L(1), N},
		{B(true), "+", L(1), N},
		{TS("1h"), "*", TS("1h"), N},
		{TS("1h"), "-", DT("2017-01-01"), N},
	}
	for _, c := range cases {
		got := ops[c.op](c.a, c.b)
		if !same(got, c.want) {
			t.Errorf("%s %s %s = %s, want %s", show(c.a), c.op, show(c.b), show(got), show(c.want))
		}
	}
}

func TestNegate(t *testing.T) {
	cases := []struct{ in, want table.Value }{
		{I(5), L(-5)}, {L(-5), L(5)}, {R(1.5), R(-1.5)}, {TS("1h"), TS("-1h")},
		{N, N}, {DT("2020-01-01"), N}, {S("1"), N}, {L(math.MinInt64), L(math.MinInt64)},
	}
	for _, c := range cases {
		if got := Negate(c.in); !same(got, c.want) {
			t.Errorf("-%s = %s, want %s", show(c.in), show(got), show(c.want))
		}
	}
	for _, c := range []struct {
		in, want table.Type
		ok       bool
	}{{table.Int, table.Long, true}, {table.Real, table.Real, true}, {table.Timespan, table.Timespan, true},
		{table.Datetime, table.Unknown, false}, {table.String, table.Unknown, false}} {
		if got, ok := NegateType(c.in); got != c.want || ok != c.ok {
			t.Errorf("NegateType(%s) = %s, %v", c.in, got, ok)
		}
	}
}

func TestResultType(t *testing.T) {
	const (
		bo = table.Bool
		in = table.Int
		lo = table.Long
		re = table.Real
		de = table.Decimal
		dt = table.Datetime
		ts = table.Timespan
		st = table.String
		dy = table.Dynamic
		no = table.Unknown // "invalid" marker in this table
	)
	cases := []struct {
		op   string
		a, b table.Type
		want table.Type
	}{
		{"+", in, in, lo}, {"+", in, lo, lo}, {"/", lo, lo, lo}, {"+", lo, re, re}, {"*", re, in, re},
		{"+", re, de, de}, {"%", in, de, de},
		{"+", ts, ts, ts}, {"+", dt, ts, dt}, {"+", ts, dt, dt}, {"+", dt, dt, no},
		{"-", dt, dt, ts}, {"-", dt, ts, dt}, {"-", ts, dt, no}, {"-", ts, ts, ts},
		{"*", ts, lo, ts}, {"*", re, ts, ts}, {"*", ts, ts, no}, {"*", dt, lo, no},
		{"/", ts, ts, re}, {"/", ts, re, ts}, {"/", re, ts, no}, {"/", dt, ts, no},
		{"%", ts, ts, ts}, {"%", dt, ts, ts}, {"%", ts, lo, ts}, {"%", ts, re, no},
		{"+", st, st, no}, {"+", st, lo, no}, {"+", bo, lo, no},
		{"+", dy, dy, dy}, {"+", dy, in, lo}, {"*", in, dy, lo}, {"+", dy, re, re}, {"-", dy, lo, lo},
		{"+", dy, dt, dt}, {"-", ts, dy, ts}, {"*", dy, ts, no}, {"+", dy, st, no},
		{"^", lo, lo, no},
	}
	for _, c := range cases {
		got, ok := ResultType(c.op, c.a, c.b)
		if c.want == no {
			if ok {
				t.Errorf("ResultType(%s %s %s) = %s, want invalid", c.a, c.op, c.b, got)
			}
			continue
		}
		if !ok || got != c.want {
			t.Errorf("ResultType(%s %s %s) = %s, %v; want %s", c.a, c.op, c.b, got, ok, c.want)
		}
	}
}

func TestBinaryOp(t *testing.T) {
	rt, f, ok := BinaryOp("+", table.Dynamic, table.Int)
	if !ok || rt != table.Long {
		t.Fatalf("dynamic + int: %s %v", rt, ok)
	}
	if got := f(R(1.5), I(1)); !same(got, L(2)) {
		t.Errorf("dynamic(1.5) + int(1) = %s, want long 2", show(got))
	}
	if got := f(S("x"), I(1)); !same(got, N) {
		t.Errorf("dynamic('x') + 1 = %s, want null", show(got))
	}
	rt, f, ok = BinaryOp("/", table.Timespan, table.Real)
	if !ok || rt != table.Timespan || !same(f(TS("1m"), R(2)), TS("30s")) {
		t.Errorf("1m / 2.0 wrong")
	}
	if _, _, ok := BinaryOp("+", table.Datetime, table.Datetime); ok {
		t.Errorf("datetime + datetime accepted")
	}
	rt, f, _ = BinaryOp("*", table.Dynamic, table.Dynamic)
	if rt != table.Dynamic || !same(f(L(2), R(1.5)), R(3)) {
		t.Errorf("dynamic * dynamic wrong")
	}
}

func TestCompareOp(t *testing.T) {
	cases := []struct {
		a    table.Value
		op   string
		b    table.Value
		want table.Value
	}{
		{L(1), "<", L(10), B(true)},
		{R(0.23), ">", R(0.22), B(true)},
		{I(4), "<=", L(5), B(true)},
		{L(5), ">=", R(4.5), B(true)},
		{L(3), ">", R(3.0), B(false)},
		{L(math.MaxInt64), ">", L(math.MaxInt64 - 1), B(true)}, // exact, not via float
		{TS("10s"), "<", TS("1h"), B(true)},
		{TS("10m"), ">", TS("1s"), B(true)},
		{DT("2020-01-01"), "<", DT("2100-01-01"), B(true)},
		{R(math.NaN()), "<", L(1), B(false)},
		{R(math.NaN()), ">=", L(1), B(false)},
		{B(true), ">", L(0), B(true)},
		// null sticky (null-values.md: val > 3 with null val → null)
		{N, ">", L(3), N},
		{L(3), "<", N, N},
		// not defined for strings or mixed kinds
		{S("a"), "<", S("b"), N},
		{DT("2020-01-01"), "<", TS("1h"), N},
		{L(1), "<", TS("1h"), N},
		// == / != (null-values.md)
		{L(5), "==", N, B(false)},
		{L(5), "!=", N, B(true)},
		{N, "==", N, N},
		{N, "!=", N, N},
		{L(1), "==", R(1), B(true)},
		{S("abc"), "!=", S("ABC"), B(true)},
		{R(math.NaN()), "==", R(math.NaN()), B(false)},
	}
	for _, c := range cases {
		if got := CompareOp(c.op, c.a, c.b); !same(got, c.want) {
			t.Errorf("%s %s %s = %s, want %s", show(c.a), c.op, show(c.b), show(got), show(c.want))
		}
	}
	for _, c := range []struct {
		a, b table.Type
		want bool
	}{
		{table.Int, table.Real, true}, {table.Datetime, table.Datetime, true}, {table.Timespan, table.Timespan, true},
		{table.String, table.String, false}, {table.Datetime, table.Timespan, false}, {table.Dynamic, table.Long, true},
		{table.Dynamic, table.String, false}, {table.Long, table.Bool, true}, {table.Bool, table.Bool, false},
	} {
		if got := Comparable(c.a, c.b); got != c.want {
			t.Errorf("Comparable(%s, %s) = %v", c.a, c.b, got)
		}
	}
}
