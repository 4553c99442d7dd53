package aggs

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Test helpers.

func L(i int64) table.Value   { return table.NewLong(i) }
func I(i int64) table.Value   { return table.NewInt(i) }
func R(f float64) table.Value { return table.NewReal(f) }
func S(s string) table.Value  { return table.NewString(s) }
func B(b bool) table.Value    { return table.NewBool(b) }

var N = table.Null

func D(t testing.TB, js string) table.Value {
	t.Helper()
	v, err := table.ParseJSON(js)
	if err != nil {
		t.Fatalf("ParseJSON(%s): %v", js, err)
	}
	return v
}

func dt(t testing.TB, s string) table.Value {
	t.Helper()
	ticks, ok := table.ParseDatetime(s)
	if !ok {
		t.Fatalf("bad datetime %q", s)
	}
	return table.NewDatetime(ticks)
}

func ts(t testing.TB, s string) table.Value {
	t.Helper()
	ticks, ok := table.ParseTimespan(s)
	if !ok {
		t.Fatalf("bad timespan %q", s)
	}
	return table.NewTimespan(ticks)
}

// A is an argument: a type, optionally a constant.
func A(t table.Type) funcs.Arg { return funcs.Arg{Type: t} }
func C(v table.Value) funcs.Arg {
	var t table.Type
	switch v.K {
	case table.KInt:
		t = table.Int
	case table.KLong:
		t = table.Long
	case table.KReal:
		t = table.Real
	case table.KBool:
		t = table.Bool
	case table.KString:
		t = table.String
	default:
		t = table.Dynamic
	}
	return funcs.Arg{Type: t, Const: &v}
}

func bindAgg(t testing.TB, env *Env, name string, args ...funcs.Arg) Impl {
	t.Helper()
	a := Lookup(name)
	if a == nil {
		t.Fatalf("%s not registered", name)
	}
	if len(args) < a.MinArgs || a.MaxArgs >= 0 && len(args) > a.MaxArgs {
		t.Fatalf("%s: %d args out of range", name, len(args))
	}
	impl, err := a.Bind(env, args)
	if err != nil {
		t.Fatalf("%s: bind: %v", name, err)
	}
	return impl
}

// feed runs rows through a fresh state. Constant arguments are filled in
// each row from args (as the executor evaluates them), so rows list only
// the leading non-constant values. The args slice is reused between Adds
// and scribbled over afterwards, to catch states that retain it.
func feed(impl Impl, args []funcs.Arg, rows [][]table.Value) State {
	st := impl.New()
	buf := make([]table.Value, len(args))
	for _, r := range rows {
		for i := range args {
			if i < len(r) {
				buf[i] = r[i]
			} else if args[i].Const != nil {
				buf[i] = *args[i].Const
			}
		}
		st.Add(buf)
		for i := range buf {
			buf[i] = S("garbage")
		}
	}
	return st
}

func js(v table.Value) string { return string(table.AppendJSON(nil, v)) }

func rows1(vals ...table.Value) [][]table.Value {
	out := make([][]table.Value, len(vals))
	for i, v := range vals {
		out[i] = []table.Value{v}
	}
	return out
}

func rangeRows(from, to int64) [][]table.Value {
	var out [][]table.Value
	for x := from; x <= to; x++ {
		out = append(out, []table.Value{L(x)})
	}
	return out
}

type aggCase struct {
	name string
	fn   string
	args []funcs.Arg
	rows [][]table.Value
	want string // JSON of Result
	typ  table.Type
}

func runCases(t *testing.T, cases []aggCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			impl := bindAgg(t, nil, c.fn, c.args...)
			if c.typ != table.Unknown && impl.Type != c.typ {
				t.Errorf("type = %s, want %s", impl.Type, c.typ)
			}
			got := js(feed(impl, c.args, c.rows).Result())
			if got != c.want && !closeReal(got, c.want) {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

// closeReal compares two JSON numbers to the 15 significant digits the
// docs print.
func closeReal(a, b string) bool {
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && math.Abs(x-y) <= 1e-13*math.Max(math.Abs(x), math.Abs(y))
}

// The names people type and the default column names they yield.
func TestRegistry(t *testing.T) {
	want := map[string]string{
		"count": "count", "countif": "countif", "dcount": "dcount", "dcountif": "dcountif",
		"count_distinct": "count_distinct", "count_distinctif": "count_distinctif", "cnt": "cnt",
		"sum": "sum", "sumif": "sumif", "avg": "avg", "avgif": "avgif",
		"min": "min", "max": "max", "minif": "minif", "maxif": "maxif",
		"make_set": "set", "make_set_if": "set", "makeset": "set",
		"make_list": "list", "make_list_if": "list", "makelist": "list", "make_list_with_nulls": "list",
		"make_bag": "bag", "make_bag_if": "bag", "make_dictionary": "dictionary",
		"stdev": "stdev", "stdevif": "stdevif", "stdevp": "stdevp",
		"variance": "variance", "varianceif": "varianceif", "variancep": "variancep", "variancepif": "variancepif",
		"covariance": "covariance", "covarianceif": "covarianceif", "covariancep": "covariancep", "covariancepif": "covariancepif",
		"percentile": "percentile", "percentiles": "percentile", "percentiles_array": "percentiles",
		"percentilew": "percentile", "percentilesw": "percentile", "percentilesw_array": "percentiles",
		"take_any": "", "any": "any", "take_anyif": "", "anyif": "anyif",
		"arg_max": "max", "arg_min": "min", "argmax": "max", "argmin": "min",
		"binary_all_and": "", "binary_all_or": "", "binary_all_xor": "",
		"buildschema": "schema",
	}
	for n, p := range want {
		a := Lookup(n)
		if a == nil {
			t.Errorf("%s not registered", n)
			continue
		}
		if a.Prefix != p {
			t.Errorf("%s: prefix %q, want %q", n, a.Prefix, p)
		}
	}
	for _, n := range []string{"covariance", "covarianceif", "covariancep", "covariancepif"} {
		if Lookup(n).NameArgs != 2 {
			t.Errorf("%s: NameArgs = %d", n, Lookup(n).NameArgs)
		}
	}
	for _, n := range []string{"arg_max", "arg_min", "argmax", "argmin", "take_any", "any"} {
		if !Lookup(n).RowSelector {
			t.Errorf("%s is not a RowSelector", n)
		}
	}
	if len(Names()) != len(want) {
		t.Errorf("Names() has %d entries, want %d", len(Names()), len(want))
	}
}

var names4 = [][]table.Value{
	{S("John"), L(9)}, {S("Paul"), L(18)}, {S("George"), L(25)}, {S("Ringo"), L(7)},
}

// namePred evaluates strlen(name) > 4 as the executor would.
func namePred(rows [][]table.Value, col int) [][]table.Value {
	out := make([][]table.Value, len(rows))
	for i, r := range rows {
		out[i] = []table.Value{r[col], B(len(r[0].S) > 4)}
	}
	return out
}

var shapes = []struct {
	name  string
	sides int64
}{
	{"triangle", 3}, {"square", 4}, {"rectangle", 4}, {"pentagon", 5}, {"hexagon", 6},
	{"heptagon", 7}, {"octagon", 8}, {"nonagon", 9}, {"decagon", 10},
}

// Examples from the Kusto docs (conformance.jsonl).
func TestDocExamples(t *testing.T) {
	var shapeNames [][]table.Value
	for _, s := range shapes {
		shapeNames = append(shapeNames, []table.Value{S(s.name)})
	}
	sides := rows1(I(0), I(4), I(4), I(5), I(6), I(7), I(8), I(9), I(10))
	sides[0][0] = N
	realNull5 := rows1(N, R(5), R(5), R(5)) // range 1..4, iff(x == 1, real(null), 5)
	var evens [][]table.Value               // range 1..100 with x % 2 == 0
	var cov3 [][]table.Value                // x, iff(x%2==0, 2x, 3x), x%3 == 0
	for x := int64(1); x <= 100; x++ {
		evens = append(evens, []table.Value{L(x), B(x%2 == 0)})
		y := 3 * x
		if x%2 == 0 {
			y = 2 * x
		}
		cov3 = append(cov3, []table.Value{L(x), L(y), B(x%3 == 0)})
	}
	xy := [][]table.Value{{R(1), R(14)}, {R(2), R(10)}, {R(3), R(17)}, {R(4), R(20)}, {R(5), R(50)}}
	runCases(t, []aggCase{
		{"countif", "countif", []funcs.Arg{A(table.Bool)}, rows1(B(false), B(false), B(true), B(true)), "2", table.Long},
		{"sumif", "sumif", []funcs.Arg{A(table.Long), A(table.Bool)}, namePred(names4, 1), "32", table.Long},
		{"make_list_if", "make_list_if", []funcs.Arg{A(table.String), A(table.Bool)}, namePred(names4, 0), `["George","Ringo"]`, table.Dynamic},
		{"make_set_if", "make_set_if", []funcs.Arg{A(table.String), A(table.Bool)}, namePred(names4, 0), `["George","Ringo"]`, table.Dynamic},
		{"sum real nulls", "sum", []funcs.Arg{A(table.Real)}, realNull5, "15", table.Real},
		{"avg real nulls", "avg", []funcs.Arg{A(table.Real)}, realNull5, "5", table.Real},
		{"count(y) counts nulls", "count", []funcs.Arg{A(table.Real)}, rows1(N, R(5)), "2", table.Long},
		{"make_set(y)", "make_set", []funcs.Arg{A(table.Real)}, rows1(N, R(5)), "[5]", table.Dynamic},
		{"make_list shapes", "make_list", []funcs.Arg{A(table.String)}, shapeNames,
			`["triangle","square","rectangle","pentagon","hexagon","heptagon","octagon","nonagon","decagon"]`, table.Dynamic},
		{"make_list_with_nulls", "make_list_with_nulls", []funcs.Arg{A(table.Int)}, sides, `[null,4,4,5,6,7,8,9,10]`, table.Dynamic},
		{"make_list 1..4", "make_list", []funcs.Arg{A(table.Long)}, rangeRows(1, 4), "[1,2,3,4]", table.Dynamic},
		{"make_set ints", "make_set", []funcs.Arg{A(table.Int)}, rows1(I(1), I(5), I(7), I(5)), "[1,5,7]", table.Dynamic},
		{"make_set flattens", "make_set", []funcs.Arg{A(table.Dynamic)},
			rows1(D(t, `["A1","A2","A3"]`), D(t, `["A2","C1"]`), D(t, `["C2","A3"]`), D(t, `["C2","A1"]`)),
			`["A1","A2","A3","C1","C2"]`, table.Dynamic},
		{"make_bag", "make_bag", []funcs.Arg{A(table.Dynamic)},
			rows1(D(t, `{"prop01":"val_a"}`), D(t, `{"prop02":"val_b"}`), D(t, `{"prop03":"val_c"}`)),
			`{"prop01":"val_a","prop02":"val_b","prop03":"val_c"}`, table.Dynamic},
		{"make_bag_if", "make_bag_if", []funcs.Arg{A(table.Dynamic), A(table.Bool)},
			[][]table.Value{{D(t, `{"prop01":"val_a"}`), B(true)}, {D(t, `{"prop02":"val_b"}`), B(false)}, {D(t, `{"prop03":"val_c"}`), B(true)}},
			`{"prop01":"val_a","prop03":"val_c"}`, table.Dynamic},
		{"stdev 1..5", "stdev", []funcs.Arg{A(table.Long)}, rangeRows(1, 5), "1.58113883008419", table.Real},
		{"stdevp 1..5", "stdevp", []funcs.Arg{A(table.Long)}, rangeRows(1, 5), "1.4142135623731", table.Real},
		{"variance 1..5", "variance", []funcs.Arg{A(table.Long)}, rangeRows(1, 5), "2.5", table.Real},
		{"variancep 1..5", "variancep", []funcs.Arg{A(table.Long)}, rangeRows(1, 5), "2", table.Real},
		{"stdevif evens", "stdevif", []funcs.Arg{A(table.Long), A(table.Bool)}, evens, "29.1547594742265", table.Real},
		{"varianceif evens", "varianceif", []funcs.Arg{A(table.Long), A(table.Bool)}, evens, "850", table.Real},
		// The docs print 850 for variancepif, which is the sample variance
		// (a copy of the varianceif example); the population variance of
		// 2, 4, ..., 100 is 833.
		{"variancepif evens", "variancepif", []funcs.Arg{A(table.Long), A(table.Bool)}, evens, "833", table.Real},
		{"covariance", "covariance", []funcs.Arg{A(table.Real), A(table.Real)}, xy, "20.5", table.Real},
		{"covariancep", "covariancep", []funcs.Arg{A(table.Real), A(table.Real)}, xy, "16.4", table.Real},
		{"covarianceif", "covarianceif", []funcs.Arg{A(table.Long), A(table.Long), A(table.Bool)}, cov3, "2142", table.Real},
		{"covariancepif", "covariancepif", []funcs.Arg{A(table.Long), A(table.Long), A(table.Bool)}, cov3, "2077.09090909091", table.Real},
		{"sum int → long", "sum", []funcs.Arg{A(table.Int)}, rows1(I(3), I(4), I(4), I(4), I(5)), "20", table.Long},
		{"buildschema", "buildschema", []funcs.Arg{A(table.Dynamic)},
			rows1(D(t, `{"x":1, "y":3.5}`), D(t, `{"x":"somevalue", "z":[1, 2, 3]}`), D(t, `{"y":{"w":"zzz"}, "t":["aa", "bb"], "z":["foo"]}`)),
			`{"x":["long","string"],"y":["double",{"w":"string"}],"z":{"` + "`indexer`" + `":["long","string"]},"t":{"` + "`indexer`" + `":"string"}}`, table.Dynamic},
	})
}

// Results of a fresh State: summarize without by over empty input.
func TestEmptyDefaults(t *testing.T) {
	cases := []struct {
		fn   string
		args []funcs.Arg
		want string
	}{
		{"count", nil, "0"},
		{"count", []funcs.Arg{A(table.Long)}, "0"},
		{"countif", []funcs.Arg{A(table.Bool)}, "0"},
		{"dcount", []funcs.Arg{A(table.Long)}, "0"},
		{"dcountif", []funcs.Arg{A(table.Long), A(table.Bool)}, "0"},
		{"count_distinct", []funcs.Arg{A(table.Long)}, "0"},
		{"sum", []funcs.Arg{A(table.Long)}, "0"},
		{"sum", []funcs.Arg{A(table.Real)}, "0"},
		{"sum", []funcs.Arg{A(table.Timespan)}, `"00:00:00"`},
		{"sumif", []funcs.Arg{A(table.Long), A(table.Bool)}, "0"},
		{"variance", []funcs.Arg{A(table.Long)}, "0"},
		{"varianceif", []funcs.Arg{A(table.Long), A(table.Bool)}, "0"},
		{"stdev", []funcs.Arg{A(table.Long)}, "0"},
		{"stdevif", []funcs.Arg{A(table.Long), A(table.Bool)}, "0"},
		{"make_set", []funcs.Arg{A(table.Long)}, "[]"},
		{"make_set_if", []funcs.Arg{A(table.Long), A(table.Bool)}, "[]"},
		{"make_list", []funcs.Arg{A(table.Long)}, "[]"},
		{"make_list_if", []funcs.Arg{A(table.Long), A(table.Bool)}, "[]"},
		{"make_bag", []funcs.Arg{A(table.Dynamic)}, "[]"},
		{"make_bag_if", []funcs.Arg{A(table.Dynamic), A(table.Bool)}, "[]"},
		{"avg", []funcs.Arg{A(table.Long)}, `"NaN"`},
		{"avg", []funcs.Arg{A(table.Timespan)}, "null"},
		{"min", []funcs.Arg{A(table.Long)}, "null"},
		{"max", []funcs.Arg{A(table.Datetime)}, "null"},
		{"max", []funcs.Arg{A(table.String)}, `""`},
		{"take_any", []funcs.Arg{A(table.Long)}, "null"},
		{"take_any", []funcs.Arg{A(table.String)}, `""`},
		{"arg_max", []funcs.Arg{A(table.Long)}, "null"},
		{"percentile", []funcs.Arg{A(table.Long), C(L(55))}, "null"},
		{"stdevp", []funcs.Arg{A(table.Long)}, "null"},
		{"variancep", []funcs.Arg{A(table.Long)}, "null"},
		{"covariance", []funcs.Arg{A(table.Long), A(table.Long)}, "null"},
		{"binary_all_or", []funcs.Arg{A(table.Long)}, "null"},
		{"buildschema", []funcs.Arg{A(table.Dynamic)}, "null"},
	}
	for _, c := range cases {
		impl := bindAgg(t, nil, c.fn, c.args...)
		if got := js(impl.New().Result()); got != c.want {
			t.Errorf("%s(%d args) of nothing = %s, want %s", c.fn, len(c.args), got, c.want)
		}
	}
}

// Only-null groups (a by-group always has a row).
func TestNulls(t *testing.T) {
	nulls := rows1(N, N, N)
	runCases(t, []aggCase{
		{"sum", "sum", []funcs.Arg{A(table.Long)}, nulls, "0", table.Long},
		{"avg", "avg", []funcs.Arg{A(table.Real)}, nulls, "null", table.Real},
		{"min", "min", []funcs.Arg{A(table.Long)}, nulls, "null", table.Long},
		{"max", "max", []funcs.Arg{A(table.Real)}, nulls, "null", table.Real},
		{"dcount", "dcount", []funcs.Arg{A(table.Long)}, nulls, "0", table.Long},
		{"count", "count", []funcs.Arg{A(table.Long)}, nulls, "3", table.Long},
		{"make_set", "make_set", []funcs.Arg{A(table.Long)}, nulls, "[]", table.Dynamic},
		{"make_list", "make_list", []funcs.Arg{A(table.Long)}, nulls, "[]", table.Dynamic},
		{"make_bag", "make_bag", []funcs.Arg{A(table.Dynamic)}, nulls, "{}", table.Dynamic},
		{"take_any", "take_any", []funcs.Arg{A(table.Long)}, nulls, "null", table.Long},
		{"stdev", "stdev", []funcs.Arg{A(table.Real)}, nulls, "0", table.Real},
		{"variancep", "variancep", []funcs.Arg{A(table.Real)}, nulls, "null", table.Real},
		{"percentile", "percentile", []funcs.Arg{A(table.Long), C(L(50))}, nulls, "null", table.Long},
		{"min skips nulls", "min", []funcs.Arg{A(table.Long)}, rows1(N, L(3), N, L(-2), L(5)), "-2", table.Long},
		{"max skips nulls", "max", []funcs.Arg{A(table.Long)}, rows1(N, L(3), N, L(-2), L(5)), "5", table.Long},
		{"min string skips empty", "min", []funcs.Arg{A(table.String)}, rows1(S(""), S("b"), S("a"), S("")), `"a"`, table.String},
		{"max string", "max", []funcs.Arg{A(table.String)}, rows1(S("b"), S("a"), S("B")), `"b"`, table.String},
		{"min string only empty", "min", []funcs.Arg{A(table.String)}, rows1(S(""), S("")), `""`, table.String},
		{"dcount skips nulls", "dcount", []funcs.Arg{A(table.Real)}, rows1(N, R(1), R(1), N, R(2)), "2", table.Long},
		{"dcount counts empty string", "dcount", []funcs.Arg{A(table.String)}, rows1(S(""), S("a"), S("")), "2", table.Long},
		{"make_set keeps empty string", "make_set", []funcs.Arg{A(table.String)}, rows1(S(""), S("a"), S("")), `["","a"]`, table.Dynamic},
		{"stdev one value", "stdev", []funcs.Arg{A(table.Real)}, rows1(R(4)), "0", table.Real},
		{"covariance skips half-null", "covariance", []funcs.Arg{A(table.Real), A(table.Real)},
			[][]table.Value{{R(1), N}, {R(1), R(1)}, {N, R(7)}, {R(3), R(5)}}, "4", table.Real},
	})
}

func TestTypes(t *testing.T) {
	runCases(t, []aggCase{
		{"sum timespan", "sum", []funcs.Arg{A(table.Timespan)}, rows1(ts(t, "01:00:00"), N, ts(t, "00:30:00")), `"01:30:00"`, table.Timespan},
		{"avg timespan", "avg", []funcs.Arg{A(table.Timespan)}, rows1(ts(t, "01:00:00"), N, ts(t, "00:30:00")), `"00:45:00"`, table.Timespan},
		{"avg datetime", "avg", []funcs.Arg{A(table.Datetime)}, rows1(dt(t, "2024-01-01"), dt(t, "2024-01-03")), `"2024-01-02T00:00:00.0000000Z"`, table.Datetime},
		{"avg long", "avg", []funcs.Arg{A(table.Long)}, rows1(L(1), L(2)), "1.5", table.Real},
		{"min datetime", "min", []funcs.Arg{A(table.Datetime)}, rows1(N, dt(t, "2024-01-03"), dt(t, "2024-01-01")), `"2024-01-01T00:00:00.0000000Z"`, table.Datetime},
		{"max timespan", "max", []funcs.Arg{A(table.Timespan)}, rows1(ts(t, "1.00:00:00"), ts(t, "-01:00:00")), `"1.00:00:00"`, table.Timespan},
		{"max bool", "max", []funcs.Arg{A(table.Bool)}, rows1(B(false), N, B(true)), "true", table.Bool},
		{"min real NaN-free", "min", []funcs.Arg{A(table.Real)}, rows1(R(2.5), R(-1.5)), "-1.5", table.Real},
		{"maxif", "maxif", []funcs.Arg{A(table.Long), A(table.Bool)}, [][]table.Value{{L(9), B(false)}, {L(3), B(true)}}, "3", table.Long},
		{"minif", "minif", []funcs.Arg{A(table.Long), A(table.Bool)}, [][]table.Value{{L(1), B(false)}, {L(3), B(true)}}, "3", table.Long},
		{"avgif", "avgif", []funcs.Arg{A(table.Long), A(table.Bool)}, [][]table.Value{{L(1), B(false)}, {L(3), B(true)}, {L(5), B(true)}}, "4", table.Real},
		{"binary_all_and", "binary_all_and", []funcs.Arg{A(table.Long)}, rows1(L(0b1110), N, L(0b0111)), "6", table.Long},
		{"binary_all_or", "binary_all_or", []funcs.Arg{A(table.Int)}, rows1(I(1), I(4)), "5", table.Int},
		{"binary_all_xor", "binary_all_xor", []funcs.Arg{A(table.Long)}, rows1(L(3), L(5)), "6", table.Long},
		{"count_distinct", "count_distinct", []funcs.Arg{A(table.String)}, rows1(S("a"), S("b"), S("a"), S("A")), "3", table.Long},
		{"count_distinctif", "count_distinctif", []funcs.Arg{A(table.String), A(table.Bool)},
			[][]table.Value{{S("a"), B(true)}, {S("b"), B(false)}, {S("a"), B(true)}}, "1", table.Long},
		{"count(bool) is countif", "count", []funcs.Arg{A(table.Bool)}, rows1(B(true), B(false), N, B(true)), "2", table.Long},
		{"dcount guid case-insensitive", "dcount", []funcs.Arg{A(table.Guid)},
			rows1(table.NewGuid("AB-cd"), table.NewGuid("ab-CD"), table.NewGuid("ef")), "2", table.Long},
		{"take_any prefers non-empty", "take_any", []funcs.Arg{A(table.String)}, rows1(S(""), S("x"), S("y")), `"x"`, table.String},
		{"take_any first if all empty", "take_any", []funcs.Arg{A(table.Long)}, rows1(N, N), "null", table.Long},
		{"take_any first non-null", "take_any", []funcs.Arg{A(table.Long)}, rows1(N, L(2), L(1)), "2", table.Long},
		{"take_anyif", "take_anyif", []funcs.Arg{A(table.Long), A(table.Bool)}, [][]table.Value{{L(1), B(false)}, {L(2), B(true)}}, "2", table.Long},
		{"arg_max alone", "arg_max", []funcs.Arg{A(table.Int)}, rows1(I(1), N, I(2), I(2)), "2", table.Int},
		{"arg_min alone", "arg_min", []funcs.Arg{A(table.Int)}, rows1(N, I(2), I(1)), "1", table.Int},
		{"make_list keeps arrays", "make_list", []funcs.Arg{A(table.Dynamic)}, rows1(D(t, "[1,2]"), D(t, `{"a":1}`), D(t, "3")), `[[1,2],{"a":1},3]`, table.Dynamic},
		{"make_set arrays of arrays", "make_set", []funcs.Arg{A(table.Dynamic)}, rows1(D(t, "[[1],[1],2]"), D(t, "[2,[1]]")), `[[1],2]`, table.Dynamic},
		{"make_set bags", "make_set", []funcs.Arg{A(table.Dynamic)}, rows1(D(t, `{"a":1,"b":2}`), D(t, `{"b":2,"a":1}`)), `[{"a":1,"b":2}]`, table.Dynamic},
		{"make_bag first value wins", "make_bag", []funcs.Arg{A(table.Dynamic)}, rows1(D(t, `{"a":1}`), D(t, "[1]"), D(t, `{"a":2,"b":3}`)), `{"a":1,"b":3}`, table.Dynamic},
	})
}

func TestSumAvgBindErrors(t *testing.T) {
	for _, c := range []struct {
		fn   string
		args []funcs.Arg
	}{
		{"sum", []funcs.Arg{A(table.String)}},
		{"sum", []funcs.Arg{A(table.Datetime)}},
		{"avg", []funcs.Arg{A(table.Bool)}},
		{"countif", []funcs.Arg{A(table.Long)}},
		{"dcount", []funcs.Arg{A(table.Long), C(L(5))}},
		{"dcount", []funcs.Arg{A(table.Long), A(table.Long)}},
		{"make_set", []funcs.Arg{A(table.Long), A(table.Long)}},
		{"percentile", []funcs.Arg{A(table.Long), A(table.Long)}},
		{"percentile", []funcs.Arg{A(table.Long), C(L(101))}},
		{"percentile", []funcs.Arg{A(table.String), C(L(50))}},
		{"make_bag", []funcs.Arg{A(table.String)}},
		{"stdev", []funcs.Arg{A(table.String)}},
		{"count_distinct", []funcs.Arg{A(table.Dynamic)}},
	} {
		if _, err := Lookup(c.fn).Bind(nil, c.args); err == nil {
			t.Errorf("%s(%v): no error", c.fn, c.args)
		}
	}
	_, err := Lookup("dcount").Bind(nil, []funcs.Arg{A(table.Long), C(L(7))})
	var ae *funcs.ArgError
	if !errors.As(err, &ae) || ae.Index != 1 {
		t.Errorf("dcount accuracy error = %v, want ArgError on argument 2", err)
	}
}

func TestMakeSetCap(t *testing.T) {
	var urls [][]table.Value
	for i := 0; i < 100; i++ {
		urls = append(urls, []table.Value{S(fmt.Sprintf("https://h%d.example/", i%40))})
	}
	args := []funcs.Arg{A(table.String), C(L(20))}
	v := feed(bindAgg(t, nil, "make_set", args...), args, urls).Result()
	got := v.Array()
	if len(got) != 20 {
		t.Fatalf("make_set(x, 20): %d values", len(got))
	}
	for i, e := range got {
		if want := fmt.Sprintf("https://h%d.example/", i); e.S != want {
			t.Fatalf("element %d = %s, want %s", i, e.S, want)
		}
	}
	// The cap applies while flattening.
	args = []funcs.Arg{A(table.Dynamic), C(L(3))}
	v = feed(bindAgg(t, nil, "make_set", args...), args, rows1(D(t, "[1,2]"), D(t, "[2,3,4,5]"))).Result()
	if js(v) != "[1,2,3]" {
		t.Errorf("flattened cap: %s", js(v))
	}
	// makeset caps at 128 by default, make_set at 1,048,576.
	var many [][]table.Value
	for i := int64(0); i < 300; i++ {
		many = append(many, []table.Value{L(i)})
	}
	for fn, want := range map[string]int{"makeset": 128, "make_set": 300, "makelist": 128, "make_list": 300} {
		args := []funcs.Arg{A(table.Long)}
		if n := len(feed(bindAgg(t, nil, fn, args...), args, many).Result().Array()); n != want {
			t.Errorf("%s: %d elements, want %d", fn, n, want)
		}
	}
	// An explicit size overrides makeset's 128.
	args = []funcs.Arg{A(table.Long), C(L(200))}
	if n := len(feed(bindAgg(t, nil, "makeset", args...), args, many).Result().Array()); n != 200 {
		t.Errorf("makeset(x, 200): %d", n)
	}
	// env.MaxListSize lowers every cap.
	env := &Env{MaxListSize: 50}
	args = []funcs.Arg{A(table.Long), C(L(200))}
	if n := len(feed(bindAgg(t, env, "make_list", args...), args, many).Result().Array()); n != 50 {
		t.Errorf("make_list under MaxListSize 50: %d", n)
	}
	args = []funcs.Arg{A(table.Long)}
	if n := len(feed(bindAgg(t, env, "makeset", args...), args, many).Result().Array()); n != 50 {
		t.Errorf("makeset under MaxListSize 50: %d", n)
	}
	// make_list cap.
	args = []funcs.Arg{A(table.Long), C(L(2))}
	if got := js(feed(bindAgg(t, nil, "make_list", args...), args, rows1(L(1), N, L(2), L(3))).Result()); got != "[1,2]" {
		t.Errorf("make_list(x, 2) = %s", got)
	}
	// make_bag cap counts keys.
	args = []funcs.Arg{A(table.Dynamic), C(L(2))}
	if got := js(feed(bindAgg(t, nil, "make_bag", args...), args, rows1(D(t, `{"a":1,"b":2,"c":3}`))).Result()); got != `{"a":1,"b":2}` {
		t.Errorf("make_bag(x, 2) = %s", got)
	}
}

// A set large enough to use the hashed index keeps exact distinctness.
func TestMakeSetLarge(t *testing.T) {
	args := []funcs.Arg{A(table.String)}
	st := bindAgg(t, nil, "make_set", args...).New()
	for round := 0; round < 3; round++ {
		for i := 0; i < 5000; i++ {
			st.Add([]table.Value{S(fmt.Sprint("v", i))})
		}
	}
	arr := st.Result().Array()
	if len(arr) != 5000 {
		t.Fatalf("%d distinct, want 5000", len(arr))
	}
	for i, e := range arr {
		if e.S != fmt.Sprint("v", i) {
			t.Fatalf("element %d = %s", i, e.S)
		}
	}
}

// Result is a snapshot: later Adds do not change it.
func TestResultSnapshot(t *testing.T) {
	args := []funcs.Arg{A(table.Long)}
	for _, fn := range []string{"make_list", "make_set"} {
		st := bindAgg(t, nil, fn, args...).New()
		st.Add([]table.Value{L(1)})
		r := st.Result()
		st.Add([]table.Value{L(2)})
		if js(r) != "[1]" || js(st.Result()) != "[1,2]" {
			t.Errorf("%s: snapshot %s, now %s", fn, js(r), js(st.Result()))
		}
	}
}

// dcount is exact up to 1,000 distinct values at the default accuracy and
// 8,000 at accuracy 2.
func TestDcountExact(t *testing.T) {
	for _, c := range []struct {
		acc int64
		n   int
	}{{-1, 1000}, {0, 1000}, {1, 1000}, {2, 8000}, {4, 8000}} {
		args := []funcs.Arg{A(table.String)}
		if c.acc >= 0 {
			args = append(args, C(L(c.acc)))
		}
		impl := bindAgg(t, nil, "dcount", args...)
		st := impl.New()
		row := make([]table.Value, len(args))
		for i := 1; i <= c.n; i++ {
			for rep := 0; rep < 2; rep++ {
				row[0] = S(fmt.Sprintf("user%d@contoso.com", i))
				st.Add(row)
			}
			if i%97 == 0 || i == c.n {
				if got := st.Result().I; got != int64(i) {
					t.Fatalf("acc %d: dcount after %d distinct = %d", c.acc, i, got)
				}
			}
		}
	}
	// Longs, reals and datetimes too.
	for _, typ := range []table.Type{table.Long, table.Real, table.Datetime} {
		st := bindAgg(t, nil, "dcount", A(typ)).New()
		for i := int64(0); i < 1000; i++ {
			v := table.Value{K: kindOf(typ), I: i * 7, F: float64(i) / 3}
			st.Add([]table.Value{v})
		}
		if got := st.Result().I; got != 1000 {
			t.Errorf("%s: dcount = %d", typ, got)
		}
	}
	// -0 and 0 are one value, NaNs are one value.
	st := bindAgg(t, nil, "dcount", A(table.Real)).New()
	for _, f := range []float64{0, math.Copysign(0, -1), math.NaN(), math.NaN()} {
		st.Add([]table.Value{R(f)})
	}
	if got := st.Result().I; got != 2 {
		t.Errorf("dcount(0, -0, NaN, NaN) = %d", got)
	}
}

// Above the exact range the estimate stays within 3σ (σ = 0.8 % at the
// default accuracy) for several independent value sets.
func TestDcountAccuracy(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	for _, c := range []struct {
		acc   int64
		sigma float64
		n     int
	}{
		{1, 0.008, 100_000}, {1, 0.008, 5_000}, {1, 0.008, 30_000}, {0, 0.016, 100_000}, {2, 0.004, 100_000}, {4, 0.002, 300_000},
	} {
		for seed := uint64(1); seed <= 5; seed++ {
			rng := rand.New(rand.NewPCG(seed, uint64(c.acc)))
			args := []funcs.Arg{A(table.String), C(L(c.acc))}
			st := bindAgg(t, nil, "dcount", args...).New()
			row := make([]table.Value, 2)
			prefix := fmt.Sprintf("%x-", rng.Uint64())
			for i := 0; i < c.n; i++ {
				row[0] = S(prefix + fmt.Sprint(i))
				st.Add(row)
				if i%3 == 0 { // repeats change nothing
					st.Add(row)
				}
			}
			got := float64(st.Result().I)
			rel := (got - float64(c.n)) / float64(c.n)
			if math.Abs(rel) > 3*c.sigma {
				t.Errorf("acc %d n %d seed %d: estimate %.0f, error %.2f%% > 3σ", c.acc, c.n, seed, got, 100*rel)
			}
		}
	}
	// Long values with a regular pattern (IDs) hash as well as strings.
	st := bindAgg(t, nil, "dcount", A(table.Long)).New()
	for i := int64(0); i < 200_000; i++ {
		st.Add([]table.Value{L(i << 20)})
	}
	if rel := (float64(st.Result().I) - 200_000) / 200_000; math.Abs(rel) > 0.024 {
		t.Errorf("dcount of 200k spaced longs: error %.2f%%", 100*rel)
	}
}

// Merging partial states equals one pass.
func TestMerge(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	var rows [][]table.Value
	for i := 0; i < 5000; i++ {
		var v table.Value
		if rng.IntN(10) > 0 {
			v = L(int64(rng.IntN(3000)))
		}
		rows = append(rows, []table.Value{v, B(rng.IntN(2) == 0)})
	}
	for _, c := range []struct {
		fn   string
		args []funcs.Arg
	}{
		{"count", []funcs.Arg{A(table.Long)}},
		{"countif", []funcs.Arg{A(table.Bool)}},
		{"sum", []funcs.Arg{A(table.Long)}},
		{"sumif", []funcs.Arg{A(table.Long), A(table.Bool)}},
		{"avg", []funcs.Arg{A(table.Long)}},
		{"min", []funcs.Arg{A(table.Long)}},
		{"maxif", []funcs.Arg{A(table.Long), A(table.Bool)}},
		{"dcount", []funcs.Arg{A(table.Long)}},
		{"dcount", []funcs.Arg{A(table.Long), C(L(0))}},
		{"count_distinct", []funcs.Arg{A(table.Long)}},
		{"make_set", []funcs.Arg{A(table.Long)}},
		{"make_set", []funcs.Arg{A(table.Long), C(L(100))}},
		{"make_list", []funcs.Arg{A(table.Long), C(L(3000))}},
		{"variance", []funcs.Arg{A(table.Long)}},
		{"stdevp", []funcs.Arg{A(table.Long)}},
		{"covariance", []funcs.Arg{A(table.Long), A(table.Long)}},
		{"percentile", []funcs.Arg{A(table.Long), C(L(90))}},
		{"take_any", []funcs.Arg{A(table.Long)}},
		{"arg_max", []funcs.Arg{A(table.Long)}},
		{"binary_all_xor", []funcs.Arg{A(table.Long)}},
	} {
		impl := bindAgg(t, nil, c.fn, c.args...)
		cargs := c.args
		mrows := rows
		if c.fn == "covariance" {
			mrows = make([][]table.Value, len(rows))
			for i, r := range rows {
				mrows[i] = []table.Value{r[0], r[0]}
			}
		}
		if c.fn == "countif" {
			mrows = make([][]table.Value, len(rows))
			for i, r := range rows {
				mrows[i] = []table.Value{r[1]}
			}
		}
		whole := feed(impl, cargs, mrows).Result()
		for _, cut := range []int{0, 1, 2500, 4999} {
			a := feed(impl, cargs, mrows[:cut])
			b := feed(impl, cargs, mrows[cut:])
			a.(Merger).Merge(b)
			got := a.Result()
			ok := js(got) == js(whole)
			if !ok && got.K == table.KReal && whole.K == table.KReal {
				ok = math.Abs(got.F-whole.F) <= 1e-9*math.Abs(whole.F)
			}
			if !ok {
				t.Errorf("%s(%d args) split at %d: merged %s, whole %s", c.fn, len(c.args), cut, js(got), js(whole))
			}
		}
	}
}

// Nearest-rank percentiles: rank ceil(P/100*n) of the sorted values.
func TestPercentile(t *testing.T) {
	one := func(fn string, args []funcs.Arg, rows [][]table.Value) table.Value {
		return feed(bindAgg(t, nil, fn, args...), args, rows).Result()
	}
	vals := rows1(L(15), L(20), L(35), L(40), L(50)) // Wikipedia's nearest-rank example
	for _, c := range []struct {
		p    float64
		want int64
	}{{0, 15}, {5, 15}, {20, 15}, {30, 20}, {40, 20}, {50, 35}, {99, 50}, {100, 50}} {
		args := []funcs.Arg{A(table.Long), C(R(c.p))}
		if got := one("percentile", args, vals); got.I != c.want || got.K != table.KLong {
			t.Errorf("percentile(%v) = %s, want %d", c.p, js(got), c.want)
		}
	}
	// Wikipedia: 3, 6, 7, 8, 8, 10, 13, 15, 16, 20 → p25 7, p50 8, p75 15, p100 20.
	vals = rows1(L(20), L(3), L(16), L(6), L(7), L(8), L(8), L(15), L(13), L(10))
	args := []funcs.Arg{A(table.Long), C(L(25)), C(L(50)), C(L(75)), C(L(100)), C(R(99.9))}
	impl := bindAgg(t, nil, "percentiles", args...)
	if len(impl.Columns) != 5 || impl.Columns[0].NameSuffix != "25" || impl.Columns[4].NameSuffix != "99_9" {
		t.Errorf("columns %+v", impl.Columns)
	}
	st := feed(impl, args, vals)
	got := st.(MultiState).Results(nil)
	if js(table.NewArray(got)) != "[7,8,15,20,20]" {
		t.Errorf("percentiles = %s", js(table.NewArray(got)))
	}
	// Floating error must not push an exact rank up: 95% of 20 values is
	// rank 19 although 0.95*20 = 19.000000000000004.
	var twenty [][]table.Value
	for i := int64(1); i <= 20; i++ {
		twenty = append(twenty, []table.Value{L(i)})
	}
	if got := one("percentile", []funcs.Arg{A(table.Long), C(L(95))}, twenty); got.I != 19 {
		t.Errorf("p95 of 1..20 = %d", got.I)
	}
	// Int input yields long; datetime stays datetime; reals and nulls.
	if impl := bindAgg(t, nil, "percentile", A(table.Int), C(L(50))); impl.Type != table.Long {
		t.Errorf("percentile(int) type %s", impl.Type)
	}
	if got := one("percentile", []funcs.Arg{A(table.Datetime), C(L(50))}, rows1(dt(t, "2024-01-03"), N, dt(t, "2024-01-01"))); js(got) != `"2024-01-01T00:00:00.0000000Z"` {
		t.Errorf("datetime median = %s", js(got))
	}
	if got := one("percentile", []funcs.Arg{A(table.Real), C(L(50))}, rows1(R(2.5), N, R(0.5), R(1.5), R(9))); js(got) != "1.5" {
		t.Errorf("real median = %s", js(got))
	}
	// percentiles_array: one dynamic column, from a list or an array.
	args = []funcs.Arg{A(table.Long), C(D(t, "[25, 75]"))}
	if got := one("percentiles_array", args, vals); js(got) != "[7,15]" {
		t.Errorf("percentiles_array = %s", js(got))
	}
	// Weighted: value 1 weight 1, value 2 weight 3 → p25 = 1, p50 = 2.
	wrows := [][]table.Value{{L(2), L(3)}, {L(1), L(1)}, {L(5), L(0)}, {L(9), N}}
	args = []funcs.Arg{A(table.Long), A(table.Long), C(L(25)), C(L(50)), C(L(100))}
	impl = bindAgg(t, nil, "percentilesw", args...)
	got = feed(impl, args, wrows).(MultiState).Results(nil)
	if js(table.NewArray(got)) != "[1,2,2]" {
		t.Errorf("percentilesw = %s", js(table.NewArray(got)))
	}
}

func TestArgBest(t *testing.T) {
	// The docs' Fruit/Color/Version example, per group.
	type row struct {
		fruit, color string
		version      table.Value
	}
	data := []row{
		{"Apple", "Red", I(1)}, {"Apple", "Green", N},
		{"Banana", "Yellow", N}, {"Banana", "Green", N},
		{"Pear", "Brown", I(1)}, {"Pear", "Green", I(2)},
	}
	for _, c := range []struct {
		max  bool
		want map[string]string
	}{
		{true, map[string]string{"Apple": "1 Red", "Banana": "null Yellow", "Pear": "2 Green"}},
		{false, map[string]string{"Apple": "1 Red", "Banana": "null Yellow", "Pear": "1 Brown"}},
	} {
		groups := map[string]*ArgBest{}
		buf := make([]table.Value, 2)
		for _, r := range data {
			g := groups[r.fruit]
			if g == nil {
				g = NewArgBest(c.max)
				groups[r.fruit] = g
			}
			buf[0], buf[1] = r.version, S(r.color)
			g.Add(r.version, buf)
			buf[0], buf[1] = S("x"), S("x") // the buffer is reused
		}
		for f, want := range c.want {
			r := groups[f].Row()
			if got := js(r[0]) + " " + r[1].S; got != want {
				t.Errorf("max=%v %s: %s, want %s", c.max, f, got, want)
			}
		}
	}
	// Ties keep the first row.
	a := NewArgBest(true)
	a.Add(L(5), []table.Value{S("first")})
	a.Add(L(5), []table.Value{S("second")})
	a.Add(L(4), []table.Value{S("third")})
	if a.Row()[0].S != "first" || a.Key().I != 5 {
		t.Errorf("tie: %v", a.Row())
	}
	// Merge.
	b := NewArgBest(true)
	b.Add(N, []table.Value{S("null")})
	b.Add(L(6), []table.Value{S("six")})
	a.Merge(b)
	if a.Row()[0].S != "six" {
		t.Errorf("merge: %v", a.Row())
	}
	var e ArgBest
	if e.Row() != nil {
		t.Error("empty ArgBest has a row")
	}
	var any AnyRow
	any.Add([]table.Value{S("a"), L(1)})
	any.Add([]table.Value{S("b"), L(2)})
	if r := any.Row(); r[0].S != "a" || r[1].I != 1 {
		t.Errorf("AnyRow: %v", r)
	}
}

func TestOnMemory(t *testing.T) {
	var used int64
	limit := int64(10_000)
	boom := errors.New("memory budget exceeded")
	env := &Env{OnMemory: func(d int64) error {
		if d < 0 {
			t.Errorf("negative delta %d", d)
		}
		used += d
		if used > limit {
			return boom
		}
		return nil
	}}
	for _, fn := range []string{"make_list", "make_set", "count_distinct", "dcount", "percentile"} {
		used = 0
		args := []funcs.Arg{A(table.String)}
		if fn == "percentile" {
			args = []funcs.Arg{A(table.Long), C(L(50))}
		}
		impl := bindAgg(t, env, fn, args...)
		st := impl.New()
		row := make([]table.Value, len(args))
		if len(args) > 1 {
			row[1] = L(50)
		}
		for i := 0; i < 5000; i++ {
			if fn == "percentile" {
				row[0] = L(int64(i))
			} else {
				row[0] = S(strings.Repeat("x", 20) + fmt.Sprint(i))
			}
			st.Add(row)
		}
		if used <= limit/2 {
			t.Errorf("%s: only %d bytes reported", fn, used)
		}
		e, ok := st.(Errer)
		if !ok {
			t.Errorf("%s: state has no Err", fn)
			continue
		}
		if !errors.Is(e.Err(), boom) {
			t.Errorf("%s: Err() = %v", fn, e.Err())
		}
		// A second state of the same call site stops at once.
		st2 := impl.New()
		st2.Add(row)
		if fn == "make_list" && len(st2.Result().Array()) != 0 {
			t.Errorf("%s: second state grew after the budget was spent", fn)
		}
	}
	// No OnMemory: no accounting, no error.
	st := bindAgg(t, &Env{}, "make_list", A(table.String)).New()
	st.Add([]table.Value{S("a")})
	if st.(Errer).Err() != nil {
		t.Error("error without OnMemory")
	}
}

// Add must not allocate for the hot aggregates.
func TestAddAllocs(t *testing.T) {
	for _, c := range []struct {
		fn   string
		args []funcs.Arg
		v    table.Value
	}{
		{"count", nil, N},
		{"countif", []funcs.Arg{A(table.Bool)}, B(true)},
		{"sum", []funcs.Arg{A(table.Long)}, L(3)},
		{"sum", []funcs.Arg{A(table.Real)}, R(3)},
		{"min", []funcs.Arg{A(table.Long)}, L(3)},
		{"max", []funcs.Arg{A(table.String)}, S("abc")},
		{"max", []funcs.Arg{A(table.Datetime)}, table.NewDatetime(5)},
		{"avg", []funcs.Arg{A(table.Real)}, R(3)},
		{"dcount", []funcs.Arg{A(table.String)}, S("https://example.com/a/b")},
		{"dcount", []funcs.Arg{A(table.Long)}, L(42)},
		{"make_set", []funcs.Arg{A(table.String), C(L(20))}, S("https://example.com/a/b")},
		{"count_distinct", []funcs.Arg{A(table.String)}, S("x")},
		{"take_any", []funcs.Arg{A(table.String)}, S("x")},
		{"stdev", []funcs.Arg{A(table.Real)}, R(3)},
	} {
		impl := bindAgg(t, nil, c.fn, c.args...)
		st := impl.New()
		row := make([]table.Value, max(len(c.args), 1))
		row[0] = c.v
		for i := 1; i < len(c.args); i++ {
			if c.args[i].Const != nil {
				row[i] = *c.args[i].Const
			}
		}
		st.Add(row) // first value may allocate
		if n := testing.AllocsPerRun(1000, func() { st.Add(row) }); n != 0 {
			t.Errorf("%s: %v allocs per Add", c.fn, n)
		}
	}
	// A dcount past its exact range adds new values without allocating.
	st := bindAgg(t, nil, "dcount", A(table.Long)).New()
	row := []table.Value{L(0)}
	for i := int64(0); i < 2000; i++ {
		row[0] = L(i)
		st.Add(row)
	}
	i := int64(1 << 40)
	if n := testing.AllocsPerRun(1000, func() { i++; row[0] = L(i); st.Add(row) }); n != 0 {
		t.Errorf("dcount (HLL phase): %v allocs per Add", n)
	}
}

// Every registered aggregate binds, survives null rows, and merges.
func TestAllStates(t *testing.T) {
	l, b, d := A(table.Long), A(table.Bool), A(table.Dynamic)
	sig := map[string][]funcs.Arg{
		"count": {}, "cnt": {}, "countif": {b}, "dcount": {l}, "dcountif": {l, b},
		"count_distinct": {l}, "count_distinctif": {l, b},
		"sum": {l}, "sumif": {l, b}, "avg": {l}, "avgif": {l, b},
		"min": {l}, "max": {l}, "minif": {l, b}, "maxif": {l, b},
		"make_set": {l}, "make_set_if": {l, b}, "makeset": {l},
		"make_list": {l}, "make_list_if": {l, b}, "makelist": {l}, "make_list_with_nulls": {l},
		"make_bag": {d}, "make_bag_if": {d, b}, "make_dictionary": {d},
		"stdev": {l}, "stdevif": {l, b}, "stdevp": {l},
		"variance": {l}, "varianceif": {l, b}, "variancep": {l}, "variancepif": {l, b},
		"covariance": {l, l}, "covarianceif": {l, l, b}, "covariancep": {l, l}, "covariancepif": {l, l, b},
		"percentile": {l, C(L(50))}, "percentiles": {l, C(L(5)), C(L(95))}, "percentiles_array": {l, C(L(5)), C(L(95))},
		"percentilew": {l, l, C(L(50))}, "percentilesw": {l, l, C(L(5)), C(L(95))}, "percentilesw_array": {l, l, C(L(50))},
		"take_any": {l}, "any": {l}, "take_anyif": {l, b}, "anyif": {l, b},
		"arg_max": {l}, "arg_min": {l}, "argmax": {l}, "argmin": {l},
		"binary_all_and": {l}, "binary_all_or": {l}, "binary_all_xor": {l},
		"buildschema": {d},
	}
	for _, name := range Names() {
		args, ok := sig[name]
		if !ok {
			t.Errorf("%s: no test signature", name)
			continue
		}
		impl := bindAgg(t, nil, name, args...)
		st := impl.New()
		row := make([]table.Value, max(len(args), 1))
		for i, a := range args {
			if a.Const != nil {
				row[i] = *a.Const
			}
		}
		st.Add(row)
		row[0] = L(3)
		if name == "make_bag" || name == "make_bag_if" || name == "make_dictionary" || name == "buildschema" {
			row[0] = D(t, `{"k":3}`)
		}
		for i := 1; i < len(args); i++ {
			if args[i].Const == nil {
				row[i] = L(1)
				if args[i].Type == table.Bool {
					row[i] = B(true)
				}
			}
		}
		st.Add(row)
		m, ok := st.(Merger)
		if !ok {
			t.Errorf("%s: no Merge", name)
			continue
		}
		before := js(st.Result())
		m.Merge(impl.New())
		if after := js(st.Result()); after != before {
			t.Errorf("%s: merging an empty state changed %s to %s", name, before, after)
		}
		if len(impl.Columns) > 1 {
			ms, ok := st.(MultiState)
			if !ok {
				t.Errorf("%s: %d columns but no MultiState", name, len(impl.Columns))
			} else if got := ms.Results(nil); len(got) != len(impl.Columns) {
				t.Errorf("%s: %d results for %d columns", name, len(got), len(impl.Columns))
			}
		}
		if len(impl.Columns) > 0 && impl.Columns[0].Type != impl.Type {
			t.Errorf("%s: Columns[0].Type %s != Type %s", name, impl.Columns[0].Type, impl.Type)
		}
	}
}

func TestBuildSchemaMerge(t *testing.T) {
	args := []funcs.Arg{A(table.Dynamic)}
	impl := bindAgg(t, nil, "buildschema", args...)
	r := rows1(D(t, `{"x":1, "y":3.5}`), D(t, `{"x":"somevalue", "z":[1, 2, 3]}`), D(t, `{"y":{"w":"zzz"}, "t":["aa", "bb"], "z":["foo"]}`))
	whole := js(feed(impl, args, r).Result())
	a := feed(impl, args, r[:1])
	a.(Merger).Merge(feed(impl, args, r[1:]))
	if got := js(a.Result()); got != whole {
		t.Errorf("merged %s, whole %s", got, whole)
	}
}
