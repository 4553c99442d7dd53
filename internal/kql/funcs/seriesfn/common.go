// Package seriesfn holds KQL's series functions: the scalar functions that
// take the dynamic numeric arrays make-series produces (series_fit_line,
// series_stats, series_outliers, series_decompose,
// series_decompose_anomalies, series_seasonal, series_periods_detect, the
// series_fill_* functions and the element-wise series arithmetic), registered
// into package funcs from init.
//
// Conventions:
//   - A series is a dynamic array. Its numeric elements (int, long, real,
//     decimal) are its values; null and any other element is a missing
//     value (the docs: "nulls are treated as missing"). The analysis
//     functions also treat NaN and ±Infinity as missing (inferred).
//   - A series argument that is not an array (null included) makes the
//     result null; so does an optional argument with an invalid value at
//     run time. The same invalid value as a constant is a bind-time error.
//   - A null optional argument takes its default (inferred: Kusto's docs
//     call the arguments optional and show no null case).
//   - Arrays built here are fresh; inputs are never modified.
//   - Functions that return several values (series_fit_line,
//     series_stats, series_decompose, series_decompose_anomalies,
//     series_periods_detect) set funcs.Impl.Tuple; their Eval returns a
//     dynamic array with one value per column, and Func.TupleName names
//     the columns <function>_<series>_<column> as Kusto does
//     (series_fit_line_y_slope).
package seriesfn

import (
	"math"
	"strings"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Static type predicates for binding.

func isDyn(t table.Type) bool { return t == table.Dynamic || t == table.Unknown }

// isSeriesOrNum accepts what the element-wise functions take: a dynamic
// array or a numeric scalar.
func isSeriesOrNum(t table.Type) bool { return funcs.IsNumeric(t) }

func isNum(t table.Type) bool { return funcs.IsNumeric(t) }

func isStr(t table.Type) bool { return funcs.IsStringish(t) }

func isBool(t table.Type) bool {
	return t == table.Bool || t == table.Dynamic || t == table.Unknown
}

// param describes one argument position for bind-time checks.
type param struct {
	ok   func(table.Type) bool
	want string
	// valid, when set, checks a constant non-null value at bind time and
	// returns a message for an invalid one.
	valid func(table.Value) string
}

// checkArgs checks argument types (and the values of constants) against ps.
func checkArgs(args []funcs.Arg, ps []param) error {
	for i := range args {
		if i >= len(ps) {
			break
		}
		if err := funcs.ExpectType(args, i, ps[i].ok, ps[i].want); err != nil {
			return err
		}
		if c := args[i].Const; c != nil && c.K != table.KNull && ps[i].valid != nil {
			if msg := ps[i].valid(*c); msg != "" {
				return funcs.ArgErrorf(i, "argument %d: %s", i+1, msg)
			}
		}
	}
	return nil
}

// register registers a single-result function.
func register(name string, min, max int, ret table.Type, ps []param, eval funcs.EvalFunc) {
	funcs.Register(&funcs.Func{
		Name: name, MinArgs: min, MaxArgs: max, ResultName: funcs.NameColumn,
		Bind: funcs.Fixed(ret, func(args []funcs.Arg) error { return checkArgs(args, ps) }, eval),
	})
}

// scalarCols types the tuple columns that hold one number rather than an
// array (Kusto.Language types series_fit_line's and series_stats'
// statistics as real, their indexes as long); other columns are dynamic.
var scalarCols = map[string]table.Type{
	"rsquare": table.Real, "slope": table.Real, "variance": table.Real, "rvariance": table.Real,
	"interception": table.Real, "min": table.Real, "min_idx": table.Long, "max": table.Real,
	"max_idx": table.Long, "avg": table.Real, "stdev": table.Real,
}

// registerTuple registers a function that yields len(cols) columns,
// named after the series argument (series_fit_line_y_slope).
func registerTuple(name string, min, max int, cols []string, ps []param, eval funcs.EvalFunc) {
	n := len(cols)
	types := make([]table.Type, n)
	for i, c := range cols {
		types[i] = table.Dynamic
		if t, ok := scalarCols[c]; ok {
			types[i] = t
		}
	}
	funcs.Register(&funcs.Func{
		Name: name, MinArgs: min, MaxArgs: max, ResultName: funcs.NameColumn,
		TupleName: tupleName(name, cols), TupleFirstArg: true,
		Bind: func(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
			if err := checkArgs(args, ps); err != nil {
				return funcs.Impl{}, err
			}
			return funcs.Impl{Type: table.Dynamic, Tuple: n, TupleTypes: types, Eval: eval}, nil
		},
	})
}

// tupleName names column i of a tuple function's result as Kusto does:
// <function>_<series name>_<column> (series_fit_line_y_rsquare, ...).
//
// argName is meant to be the series argument's name. The binder
// (plan/bind_items.go) passes the name of argument i, which is right for
// column 0 only: column i > 0 gets the name of argument i, usually "" (a
// literal or a missing argument). Queries that name the columns
// ((a, b, c) = f(...)), as the Sentinel rules do, are not affected.
func tupleName(fn string, cols []string) func(string, int) string {
	return func(argName string, i int) string {
		if i < 0 || i >= len(cols) {
			return ""
		}
		return fn + "_" + argName + "_" + cols[i]
	}
}

// Runtime helpers.

// series reads a series argument: its values, which positions hold one
// (ok[i]), and whether v is an array at all. Non-finite numbers count as
// present here; the analysis functions drop them with finiteOnly.
func series(v table.Value) (xs []float64, ok []bool, isArr bool) {
	if v.K != table.KArray {
		return nil, nil, false
	}
	elems := v.D.Arr
	xs = make([]float64, len(elems))
	ok = make([]bool, len(elems))
	for i, e := range elems {
		if f, good := e.AsFloat(); good {
			xs[i], ok[i] = f, true
		}
	}
	return xs, ok, true
}

// finiteOnly clears ok for NaN and infinite values.
func finiteOnly(xs []float64, ok []bool) {
	for i, x := range xs {
		if ok[i] && (math.IsNaN(x) || math.IsInf(x, 0)) {
			ok[i] = false
		}
	}
}

// numArg reads an optional numeric argument: def when absent or null; ok
// false for a non-numeric value.
func numArg(args []table.Value, i int, def float64) (float64, bool) {
	if i >= len(args) || args[i].K == table.KNull {
		return def, true
	}
	return args[i].AsFloat()
}

// intArg reads an optional integer argument (a real is truncated).
func intArg(args []table.Value, i int, def int64) (int64, bool) {
	if i >= len(args) || args[i].K == table.KNull {
		return def, true
	}
	switch v := args[i]; v.K {
	case table.KInt, table.KLong:
		return v.I, true
	case table.KReal, table.KDecimal:
		if math.IsNaN(v.F) || math.Abs(v.F) > 1e15 {
			return 0, false
		}
		return int64(v.F), true
	}
	return 0, false
}

// strArg reads an optional string argument, lower-cased and trimmed
// (inferred: Kusto's examples write the option words in lower case).
func strArg(args []table.Value, i int, def string) (string, bool) {
	if i >= len(args) || args[i].K == table.KNull {
		return def, true
	}
	switch args[i].K {
	case table.KString:
		if args[i].S == "" {
			return def, true
		}
		return strings.ToLower(strings.TrimSpace(args[i].S)), true
	}
	return "", false
}

// boolArg reads an optional bool argument.
func boolArg(args []table.Value, i int, def bool) (bool, bool) {
	if i >= len(args) || args[i].K == table.KNull {
		return def, true
	}
	if args[i].K == table.KBool {
		return args[i].I != 0, true
	}
	return false, false
}

// oneOf returns a bind-time validator accepting the given words.
func oneOf(words ...string) func(table.Value) string {
	return func(v table.Value) string {
		if v.K != table.KString {
			return "must be one of " + quoteList(words)
		}
		s := strings.ToLower(strings.TrimSpace(v.S))
		if s == "" {
			return ""
		}
		for _, w := range words {
			if s == w {
				return ""
			}
		}
		return "must be one of " + quoteList(words) + ", not '" + v.S + "'"
	}
}

func quoteList(words []string) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("'" + w + "'")
	}
	return b.String()
}

// reals builds a dynamic array of reals.
func reals(xs []float64) table.Value {
	out := make([]table.Value, len(xs))
	for i, x := range xs {
		out[i] = table.NewReal(x)
	}
	return table.NewArray(out)
}

// realsMasked builds a dynamic array of reals with null where ok is false.
func realsMasked(xs []float64, ok []bool) table.Value {
	out := make([]table.Value, len(xs))
	for i, x := range xs {
		if ok[i] {
			out[i] = table.NewReal(x)
		}
	}
	return table.NewArray(out)
}

// tuple builds the value of a tuple function call.
func tuple(vs ...table.Value) table.Value { return table.NewArray(vs) }

// realOrNull is a real, or null for NaN (an undefined statistic).
func realOrNull(f float64) table.Value {
	if math.IsNaN(f) {
		return table.Null
	}
	return table.NewReal(f)
}
