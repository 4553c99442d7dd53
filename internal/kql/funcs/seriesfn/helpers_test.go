package seriesfn

import (
	"math"
	"testing"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

func L(i int64) table.Value   { return table.NewLong(i) }
func R(f float64) table.Value { return table.NewReal(f) }
func S(s string) table.Value  { return table.NewString(s) }
func B(b bool) table.Value    { return table.NewBool(b) }

var N = table.Null

// dj parses JSON into a dynamic value.
func dj(t testing.TB, s string) table.Value {
	t.Helper()
	v, err := table.ParseJSON(s)
	if err != nil {
		t.Fatalf("bad test JSON %q: %v", s, err)
	}
	return v
}

// fl builds a dynamic array of reals.
func fl(xs ...float64) table.Value { return reals(xs) }

func typeOf(v table.Value) table.Type {
	if t := v.Type(); t != table.Unknown {
		return t
	}
	return table.Dynamic
}

// bindArgs binds name; constant passes the arguments as constants.
func bindArgs(t testing.TB, name string, constant bool, args []table.Value) (funcs.Impl, error) {
	t.Helper()
	f := funcs.Lookup(name)
	if f == nil {
		t.Fatalf("%s is not registered", name)
	}
	if len(args) < f.MinArgs || (f.MaxArgs >= 0 && len(args) > f.MaxArgs) {
		t.Fatalf("%s: %d args outside %d..%d", name, len(args), f.MinArgs, f.MaxArgs)
	}
	fargs := make([]funcs.Arg, len(args))
	for i, a := range args {
		fargs[i] = funcs.Arg{Type: typeOf(a)}
		if constant {
			c := a
			fargs[i].Const = &c
		}
	}
	return f.Bind(&funcs.Env{}, fargs)
}

// call binds (with and without constant arguments) and evaluates name,
// checks both agree and the arguments are not modified, and returns the
// result.
func call(t testing.TB, name string, args ...table.Value) table.Value {
	t.Helper()
	var results [2]table.Value
	for pass, constant := range []bool{false, true} {
		impl, err := bindArgs(t, name, constant, args)
		if err != nil {
			t.Fatalf("%s: bind: %v", name, err)
		}
		before := render(args)
		results[pass] = impl.Eval(append([]table.Value(nil), args...))
		if after := render(args); after != before {
			t.Fatalf("%s modified its arguments: %s -> %s", name, before, after)
		}
	}
	if a, b := show(results[0]), show(results[1]); a != b {
		t.Fatalf("%s: constant and non-constant binding disagree: %s vs %s", name, b, a)
	}
	return results[0]
}

// bindErr binds name with constant arguments and returns the error.
func bindErr(t testing.TB, name string, args ...table.Value) error {
	t.Helper()
	_, err := bindArgs(t, name, true, args)
	return err
}

func render(vs []table.Value) string {
	s := ""
	for _, v := range vs {
		s += show(v) + "|"
	}
	return s
}

func show(v table.Value) string {
	if v.K == table.KReal && math.IsNaN(v.F) {
		return "real:NaN"
	}
	return typeOf(v).String() + ":" + string(table.AppendJSON(nil, v))
}

// col returns column i of a tuple result.
func col(t testing.TB, v table.Value, i int) table.Value {
	t.Helper()
	if v.K != table.KArray || i >= len(v.D.Arr) {
		t.Fatalf("not a tuple with column %d: %s", i, show(v))
	}
	return v.D.Arr[i]
}

// floats reads a dynamic array of numbers; NaN for a non-number.
func floats(t testing.TB, v table.Value) []float64 {
	t.Helper()
	if v.K != table.KArray {
		t.Fatalf("not an array: %s", show(v))
	}
	out := make([]float64, len(v.D.Arr))
	for i, e := range v.D.Arr {
		f, ok := e.AsFloat()
		if !ok {
			f = math.NaN()
		}
		out[i] = f
	}
	return out
}

// num reads a number.
func num(t testing.TB, v table.Value) float64 {
	t.Helper()
	f, ok := v.AsFloat()
	if !ok {
		t.Fatalf("not a number: %s", show(v))
	}
	return f
}

func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// wantFloats compares arrays of numbers within a relative tolerance.
func wantFloats(t testing.TB, ctx string, got []float64, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: length %d, want %d (%v)", ctx, len(got), len(want), got)
		return
	}
	for i := range want {
		if !near(got[i], want[i], tol) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
			t.Errorf("%s[%d] = %v, want %v", ctx, i, got[i], want[i])
		}
	}
}

// wantJSON compares a value's kind and JSON text.
func wantJSON(t testing.TB, ctx string, got table.Value, want string) {
	t.Helper()
	if g := string(table.AppendJSON(nil, got)); g != want {
		t.Errorf("%s = %s, want %s", ctx, g, want)
	}
}
