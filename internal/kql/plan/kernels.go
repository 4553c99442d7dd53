package plan

import (
	"reconwatch/internal/kql/funcs/convfn"
	"reconwatch/internal/kql/funcs/dynfn"
	_ "reconwatch/internal/kql/funcs/seriesfn"
	"reconwatch/internal/kql/funcs/strfn"
	"reconwatch/internal/table"
)

// Operator kernels. The semantics live in the function packages (one
// place for Kusto's rules); this file picks them for the binder.

var (
	kHas          = strfn.Has
	kHasCS        = strfn.HasCS
	kHasPrefix    = strfn.HasPrefix
	kHasPrefixCS  = strfn.HasPrefixCS
	kHasSuffix    = strfn.HasSuffix
	kHasSuffixCS  = strfn.HasSuffixCS
	kContains     = strfn.Contains
	kContainsCS   = strfn.ContainsCS
	kStartsWith   = strfn.StartsWith
	kStartsWithCS = strfn.StartsWithCS
	kEndsWith     = strfn.EndsWith
	kEndsWithCS   = strfn.EndsWithCS
	kEqualFold    = strfn.EqualFold
)

// strOf is the text a string operator sees: strings as they are, other
// values as tostring renders them (null → "").
func strOf(v table.Value) string {
	if v.K == table.KString {
		return v.S
	}
	return v.String()
}

func memberOf(v table.Value, key string) table.Value { return dynfn.Member(v, key) }

func indexOf(v, i table.Value) table.Value { return dynfn.IndexValue(v, i) }

func negate(v table.Value) table.Value { return convfn.Negate(v) }

// arithOp picks the result type and kernel of an arithmetic operator.
// convfn.BinaryOp converts results of dynamic operands to the static
// type; Unknown operands (after an error) are let through.
func arithOp(op string, a, b table.Type) (table.Type, func(x, y table.Value) table.Value, bool) {
	if a == table.Unknown || b == table.Unknown {
		t, ok := arithType(op, a, b)
		return t, arith(op), ok
	}
	return convfn.BinaryOp(op, a, b)
}

func arithType(op string, a, b table.Type) (table.Type, bool) {
	if a == table.Unknown || b == table.Unknown {
		if a == table.Unknown && b == table.Unknown {
			return table.Unknown, true
		}
		known := a
		if a == table.Unknown {
			known = b
		}
		switch known {
		case table.String, table.Bool, table.Guid:
			return table.Unknown, false
		}
		return known, true
	}
	return convfn.ResultType(op, a, b)
}

func arith(op string) func(a, b table.Value) table.Value {
	switch op {
	case "+":
		return convfn.Add
	case "-":
		return convfn.Sub
	case "*":
		return convfn.Mul
	case "/":
		return convfn.Div
	case "%":
		return convfn.Mod
	}
	panic("plan: unknown arithmetic operator " + op)
}

func compareFn(op string) func(a, b table.Value) table.Value {
	return func(a, b table.Value) table.Value { return convfn.CompareOp(op, a, b) }
}

// equalFn is == (neg false) or != (neg true). One null operand makes ==
// false and != true. Two nulls: the docs conflict. null-values.md shows
// int(null) == int(null) as null; logical-operators.md's table shows
// bool(null) == bool(null) and != as false. We follow each doc for the
// type it talks about (boolNulls: both operands are bool), and where
// drops the row either way.
func equalFn(neg, boolNulls bool) func(a, b table.Value) table.Value {
	return func(a, b table.Value) table.Value {
		an, bn := a.K == table.KNull, b.K == table.KNull
		switch {
		case an && bn:
			if boolNulls {
				return table.NewBool(false)
			}
			return table.Null
		case an || bn:
			return table.NewBool(neg)
		}
		return table.NewBool(table.Equal(a, b) != neg)
	}
}

func not(v table.Value) table.Value {
	if v.K != table.KBool {
		return table.Null
	}
	return table.NewBool(v.I == 0)
}

func compileRegex(pattern string, max int) (*strfn.Regex, error) {
	return strfn.CompileRegex(pattern, max)
}
