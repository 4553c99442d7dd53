package convfn

import (
	"fmt"
	"math"
	"testing"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Value constructors for tests.

func L(n int64) table.Value     { return table.NewLong(n) }
func I(n int64) table.Value     { return table.NewInt(n) }
func R(f float64) table.Value   { return table.NewReal(f) }
func S(s string) table.Value    { return table.NewString(s) }
func B(b bool) table.Value      { return table.NewBool(b) }
func Dec(f float64) table.Value { return table.NewDecimal(f) }

var N = table.Null

func DT(s string) table.Value {
	t, ok := table.ParseDatetime(s)
	if !ok {
		panic("bad datetime " + s)
	}
	return table.NewDatetime(t)
}

func TS(s string) table.Value {
	t, ok := table.ParseTimespan(s)
	if !ok {
		panic("bad timespan " + s)
	}
	return table.NewTimespan(t)
}

func J(s string) table.Value {
	v, err := table.ParseJSON(s)
	if err != nil {
		panic(err)
	}
	return v
}

// typed is an argument with an explicit static type (for typed nulls and
// dynamic arguments).
type typed struct {
	v table.Value
	t table.Type
}

func tnull(t table.Type) typed                   { return typed{table.Null, t} }
func dyn(v table.Value) typed                    { return typed{v, table.Dynamic} }
func withType(v table.Value, t table.Type) typed { return typed{v, t} }

func typeOfKind(k table.Kind) table.Type { return table.Value{K: k}.Type() }

func splitArgs(args []any) ([]table.Value, []table.Type) {
	vals := make([]table.Value, len(args))
	types := make([]table.Type, len(args))
	for i, a := range args {
		switch a := a.(type) {
		case table.Value:
			vals[i], types[i] = a, typeOfKind(a.K)
		case typed:
			vals[i], types[i] = a.v, a.t
		default:
			panic(fmt.Sprintf("bad test arg %T", a))
		}
	}
	return vals, types
}

var testEnv = &funcs.Env{Now: mustTicks("2024-03-10T12:00:00Z")}

func mustTicks(s string) int64 {
	t, ok := table.ParseDatetime(s)
	if !ok {
		panic(s)
	}
	return t
}

// bindCall binds name with the given args, either all constant or none.
func bindCall(name string, constant bool, args []any) (funcs.Impl, []table.Value, error) {
	f := funcs.Lookup(name)
	if f == nil {
		return funcs.Impl{}, nil, fmt.Errorf("no function %s", name)
	}
	vals, types := splitArgs(args)
	if len(vals) < f.MinArgs || f.MaxArgs >= 0 && len(vals) > f.MaxArgs {
		return funcs.Impl{}, nil, fmt.Errorf("%s: wrong number of arguments %d", name, len(vals))
	}
	fargs := make([]funcs.Arg, len(vals))
	for i := range vals {
		fargs[i].Type = types[i]
		if constant {
			v := vals[i]
			fargs[i].Const = &v
		}
	}
	impl, err := f.Bind(testEnv, fargs)
	return impl, vals, err
}

// call evaluates name(args...) through both the constant and the
// per-row binding paths, checks they agree and that the result conforms
// to the bound type, and returns the result and type.
func call(t *testing.T, name string, args ...any) (table.Value, table.Type) {
	t.Helper()
	impl, vals, err := bindCall(name, true, args)
	if err != nil {
		t.Fatalf("%s%v: bind: %v", name, args, err)
	}
	got := impl.Eval(vals)
	impl2, vals2, err := bindCall(name, false, args)
	if err != nil {
		t.Fatalf("%s%v: bind (non-const): %v", name, args, err)
	}
	got2 := impl2.Eval(vals2)
	if !same(got, got2) || impl.Type != impl2.Type {
		t.Errorf("%s%v: const path %s:%s, per-row path %s:%s", name, args, show(got), impl.Type, show(got2), impl2.Type)
	}
	if k := kindOf(impl.Type); k != table.KNull && got.K != table.KNull && got.K != k {
		t.Errorf("%s%v: result %s does not conform to bound type %s", name, args, show(got), impl.Type)
	}
	if impl.Type == table.String && got.K != table.KString {
		t.Errorf("%s%v: string result is %s, want a string", name, args, show(got))
	}
	return got, impl.Type
}

// bindErr reports whether binding name(args...) fails.
func bindErr(name string, args ...any) error {
	_, _, err := bindCall(name, true, args)
	return err
}

func same(a, b table.Value) bool {
	if a.K != b.K {
		return false
	}
	switch a.K {
	case table.KNull:
		return true
	case table.KReal, table.KDecimal:
		if math.IsNaN(a.F) && math.IsNaN(b.F) {
			return true
		}
		return a.F == b.F
	}
	return table.Equal(a, b)
}

func show(v table.Value) string {
	if v.K == table.KNull {
		return "null"
	}
	return fmt.Sprintf("%s(%s)", kindName(v.K), string(table.AppendJSON(nil, v)))
}

func kindName(k table.Kind) string {
	switch k {
	case table.KBool:
		return "bool"
	case table.KInt:
		return "int"
	case table.KLong:
		return "long"
	case table.KReal:
		return "real"
	case table.KDecimal:
		return "decimal"
	case table.KDatetime:
		return "datetime"
	case table.KTimespan:
		return "timespan"
	case table.KString:
		return "string"
	case table.KGuid:
		return "guid"
	case table.KArray:
		return "array"
	case table.KBag:
		return "bag"
	}
	return "null"
}

// fcase is one row of a function table test.
type fcase struct {
	name string
	args []any
	want table.Value
	typ  table.Type // checked when not Unknown
}

func a(args ...any) []any { return args }

func runCases(t *testing.T, cases []fcase) {
	t.Helper()
	for _, c := range cases {
		got, typ := call(t, c.name, c.args...)
		if !same(got, c.want) {
			t.Errorf("%s%v = %s, want %s", c.name, c.args, show(got), show(c.want))
		}
		if c.typ != table.Unknown && typ != c.typ {
			t.Errorf("%s%v: type %s, want %s", c.name, c.args, typ, c.typ)
		}
	}
}
