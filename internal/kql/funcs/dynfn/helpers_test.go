package dynfn

import (
	"math"
	"strings"
	"testing"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// dj parses JSON into a dynamic value (test input/expectation helper).
func dj(t testing.TB, s string) table.Value {
	t.Helper()
	v, err := table.ParseJSON(s)
	if err != nil {
		t.Fatalf("bad test JSON %q: %v", s, err)
	}
	return v
}

func S(s string) table.Value  { return table.NewString(s) }
func L(i int64) table.Value   { return table.NewLong(i) }
func I(i int64) table.Value   { return table.NewInt(i) }
func R(f float64) table.Value { return table.NewReal(f) }
func B(b bool) table.Value    { return table.NewBool(b) }

var N = table.Null

func typeOf(v table.Value) table.Type {
	if t := v.Type(); t != table.Unknown {
		return t
	}
	return table.Dynamic
}

// bind binds name with the static types of args; constant says whether
// the arguments are passed as bind-time constants.
func bind(t testing.TB, name string, constant bool, args []table.Value) (funcs.Impl, error) {
	return bindAs(t, name, constant, false, args)
}

// bindAs is bind; allDyn binds every argument as static type dynamic (a
// dynamic column holding strings, for example).
func bindAs(t testing.TB, name string, constant, allDyn bool, args []table.Value) (funcs.Impl, error) {
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
		if allDyn {
			fargs[i].Type = table.Dynamic
		}
		if constant {
			c := a
			fargs[i].Const = &c
		}
	}
	return f.Bind(&funcs.Env{}, fargs)
}

// call binds and evaluates name on args, both with and without constant
// arguments, checks both agree and that the args slice was not modified,
// and returns the result.
func call(t testing.TB, name string, args ...table.Value) table.Value {
	t.Helper()
	return callAs(t, name, false, args...)
}

// callDyn is call with every argument bound as dynamic.
func callDyn(t testing.TB, name string, args ...table.Value) table.Value {
	t.Helper()
	return callAs(t, name, true, args...)
}

func callAs(t testing.TB, name string, allDyn bool, args ...table.Value) table.Value {
	t.Helper()
	var results [2]table.Value
	for pass, constant := range []bool{false, true} {
		impl, err := bindAs(t, name, constant, allDyn, args)
		if err != nil {
			t.Fatalf("%s: bind: %v", name, err)
		}
		in := append([]table.Value(nil), args...)
		before := render(in)
		results[pass] = impl.Eval(in)
		if after := render(in); after != before {
			t.Fatalf("%s modified its arguments: %s -> %s", name, before, after)
		}
		if got := results[pass]; impl.Type != table.Dynamic && got.K != table.KNull && typeOf(got) != impl.Type {
			t.Fatalf("%s: result kind %v does not match bound type %v", name, typeOf(got), impl.Type)
		}
	}
	if a, b := show(results[0]), show(results[1]); a != b {
		t.Fatalf("%s: constant and non-constant binding disagree: %s vs %s", name, b, a)
	}
	return results[0]
}

func render(vs []table.Value) string {
	var b strings.Builder
	for _, v := range vs {
		b.WriteString(show(v))
		b.WriteByte('|')
	}
	return b.String()
}

// show renders a value with its kind, for comparisons in tests.
func show(v table.Value) string {
	var b []byte
	switch v.K {
	case table.KArray, table.KBag:
		b = append(b, "dyn:"...)
	default:
		b = append(b, typeOf(v).String()+":"...)
	}
	if v.K == table.KReal && math.IsNaN(v.F) {
		return "real:NaN"
	}
	return string(table.AppendJSON(b, v))
}

// want compares got with want by kind and JSON text.
func want(t testing.TB, ctx string, got, want table.Value) {
	t.Helper()
	if show(got) != show(want) {
		t.Errorf("%s = %s, want %s", ctx, show(got), show(want))
	}
}
