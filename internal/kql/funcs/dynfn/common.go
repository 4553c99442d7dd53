// Package dynfn holds KQL's dynamic, array, property-bag, IP-address and a
// few miscellaneous scalar functions (parse_version, parse_xml, binary_*,
// assert), registered into package funcs from init.
//
// Besides the registered functions it exports the dynamic-value helpers the
// executor needs for d.key, d[i] and `in` against dynamic arrays (Member,
// IndexValue, ArrayOf, Flatten) and the IP parsers other function packages
// may reuse (ParseIPv4, ParseIPv6).
//
// Conventions: results are null when an argument is null or of the wrong
// runtime kind (null stickiness), except string results, which are "".
// Input arrays and bags are never modified: every result is built in fresh
// storage, and no result aliases the args slice Eval receives.
package dynfn

import (
	"math"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// MaxArrayLen is the largest array range(), repeat() and similar
// generators build, as in Kusto (2^20).
const MaxArrayLen = 1 << 20

// Static type predicates for binding.

func isDyn(t table.Type) bool { return t == table.Dynamic || t == table.Unknown }

func isInt(t table.Type) bool {
	return t == table.Int || t == table.Long || t == table.Dynamic || t == table.Unknown
}

func isBool(t table.Type) bool {
	return t == table.Bool || t == table.Dynamic || t == table.Unknown
}

func isScalar(table.Type) bool { return true }

// isIPArg accepts what the IP functions take: strings or dynamic.
func isIPArg(t table.Type) bool { return funcs.IsStringish(t) }

// expect is a list of per-position predicates; the last one repeats for
// variadic tails when rep is true.
type expect struct {
	preds []func(table.Type) bool
	names []string
	rep   bool
}

func (e expect) check(args []funcs.Arg) error {
	for i := range args {
		j := i
		if j >= len(e.preds) {
			if !e.rep || len(e.preds) == 0 {
				break
			}
			j = len(e.preds) - 1
		}
		if err := funcs.ExpectType(args, i, e.preds[j], e.names[j]); err != nil {
			return err
		}
	}
	return nil
}

// sig builds an expect from alternating predicate/name pairs.
func sig(pairs ...any) expect {
	var e expect
	for i := 0; i+1 < len(pairs); i += 2 {
		e.preds = append(e.preds, pairs[i].(func(table.Type) bool))
		e.names = append(e.names, pairs[i+1].(string))
	}
	return e
}

func (e expect) repeat() expect { e.rep = true; return e }

// fixed binds a function with a fixed result type after checking the
// argument types against e.
func fixed(ret table.Type, e expect, eval funcs.EvalFunc) func(*funcs.Env, []funcs.Arg) (funcs.Impl, error) {
	return funcs.Fixed(ret, e.check, eval)
}

// reg registers a function under its name and aliases.
func reg(name string, min, max int, ret table.Type, e expect, eval funcs.EvalFunc, aliases ...string) {
	funcs.Register(&funcs.Func{
		Name: name, MinArgs: min, MaxArgs: max, ResultName: funcs.NameColumn,
		Bind: fixed(ret, e, eval),
	}, aliases...)
}

// Runtime helpers.

// asInt returns an integer argument: int and long as they are, reals and
// decimals truncated toward zero (dynamic numbers may be reals), anything
// else (null included) not ok.
func asInt(v table.Value) (int64, bool) {
	switch v.K {
	case table.KInt, table.KLong:
		return v.I, true
	case table.KReal, table.KDecimal:
		if math.IsNaN(v.F) || math.IsInf(v.F, 0) || v.F >= 9.2e18 || v.F <= -9.2e18 {
			return 0, false
		}
		return int64(v.F), true
	}
	return 0, false
}

// asBool returns a bool argument (a dynamic bool included).
func asBool(v table.Value) (bool, bool) {
	if v.K == table.KBool {
		return v.I != 0, true
	}
	return false, false
}

// str returns the text of a string-typed argument: strings (and guids) as
// they are, other kinds as tostring renders them, null as "".
func str(v table.Value) string { return funcs.Str(v) }

// clone copies a slice of values into fresh storage (never nil).
func clone(vs []table.Value) []table.Value {
	out := make([]table.Value, len(vs))
	copy(out, vs)
	return out
}

func newArray(vs []table.Value) table.Value { return table.NewArray(vs) }

// bagOf returns the keys and values of a bag value.
func bagOf(v table.Value) ([]string, []table.Value, bool) {
	if v.K != table.KBag {
		return nil, nil, false
	}
	return v.D.Keys, v.D.Vals, true
}

// valueKey is the identity of a value in set functions: equal values of
// the same kind share a key, int and long fold together (a dynamic array
// holds both kinds for the same JSON number), strings are case-sensitive.
func valueKey(buf []byte, v table.Value) []byte {
	if v.K == table.KInt {
		v.K = table.KLong
	}
	return table.AppendKey(buf, v)
}

// elemEqual is == between a dynamic array element and a looked-up value:
// numbers across kinds by value, strings ordinally, guids and strings by
// text, arrays and bags structurally. Nulls equal nothing.
func elemEqual(a, b table.Value) bool {
	if a.K == table.KNull || b.K == table.KNull {
		return false
	}
	if a.K == table.KString && b.K == table.KString {
		return a.S == b.S
	}
	return table.Equal(a, b)
}
