package aggs

import (
	"math"
	"strconv"
	"strings"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Binding helpers shared by the aggregates.

// isPredType reports whether t can be a predicate argument.
func isPredType(t table.Type) bool {
	return t == table.Bool || t == table.Dynamic || t == table.Unknown
}

func checkPred(args []funcs.Arg, i int) error {
	if i >= 0 && i < len(args) && !isPredType(args[i].Type) {
		return funcs.ArgErrorf(i, "argument %d must be a bool predicate, not %s", i+1, args[i].Type)
	}
	return nil
}

// isNumericish reports whether t holds numbers (or may, being dynamic or
// unknown).
func isNumericish(t table.Type) bool {
	return t.IsNumeric() || t == table.Dynamic || t == table.Unknown
}

// isOrderable reports whether min/max/arg_max/percentile accept t.
func isOrderable(t table.Type) bool {
	switch t {
	case table.Guid:
		return false
	}
	return true
}

// constInt returns the integer value of constant argument i.
func constInt(args []funcs.Arg, i int, what string) (int64, error) {
	a := args[i]
	if a.Const == nil {
		return 0, funcs.ArgErrorf(i, "%s must be a constant", what)
	}
	v := *a.Const
	switch v.K {
	case table.KInt, table.KLong:
		return v.I, nil
	case table.KReal, table.KDecimal:
		if v.F == math.Trunc(v.F) && math.Abs(v.F) < 1<<62 {
			return int64(v.F), nil
		}
	}
	return 0, funcs.ArgErrorf(i, "%s must be an integer constant", what)
}

// constNumber returns the numeric value of constant argument i.
func constNumber(args []funcs.Arg, i int, what string) (float64, error) {
	a := args[i]
	if a.Const == nil {
		return 0, funcs.ArgErrorf(i, "%s must be a constant", what)
	}
	f, ok := a.Const.AsFloat()
	if !ok {
		return 0, funcs.ArgErrorf(i, "%s must be a number", what)
	}
	return f, nil
}

// nameFragment renders a constant for a default column name the way
// Kusto does for percentiles (95 → "95", 99.5 → "99_5").
func nameFragment(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

// kindOf is the runtime kind a non-null value of static type t carries.
func kindOf(t table.Type) table.Kind { return t.Kind() }

// nullOf is the "no value" result of type t ("" for strings).
func nullOf(t table.Type) table.Value { return table.NullOf(t) }

// isEmpty is KQL's isempty: null or "".
func isEmpty(v table.Value) bool {
	return v.K == table.KNull || (v.K == table.KString && v.S == "")
}

// listCap resolves the element cap of make_list/make_set/make_bag: the
// explicit argument at index i (if present), else def; never above
// env.MaxListSize when that is set, nor above Kusto's 1,048,576.
func listCap(env *Env, args []funcs.Arg, i int, def int) (int, error) {
	n := def
	if i < len(args) {
		v, err := constInt(args, i, "the size limit")
		if err != nil {
			return 0, err
		}
		if v > 0 { // Kusto rejects nothing here; non-positive means the default
			n = int(min(v, DefaultMaxListSize))
		}
	}
	if env != nil && env.MaxListSize > 0 && env.MaxListSize < n {
		n = env.MaxListSize
	}
	return n, nil
}

// DefaultMaxListSize is Kusto's default and maximal make_list/make_set
// size.
const DefaultMaxListSize = 1 << 20

// DeprecatedMaxListSize is the default cap of makelist/makeset.
const DeprecatedMaxListSize = 128
