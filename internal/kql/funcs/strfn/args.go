package strfn

import (
	"math"
	"strconv"
	"strings"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Binding and evaluation helpers shared by the function files.

// register adds a function to the registry.
func register(name string, minArgs, maxArgs int, rn funcs.NameRule,
	bind func(env *funcs.Env, args []funcs.Arg) (funcs.Impl, error), aliases ...string) {
	funcs.Register(&funcs.Func{Name: name, MinArgs: minArgs, MaxArgs: maxArgs, ResultName: rn, Bind: bind}, aliases...)
}

// Parameter kinds, after Kusto.Language's ParameterTypeKind.
type pkind uint8

const (
	pString     pkind = iota // string, dynamic or unknown
	pScalar                  // anything
	pNotDynamic              // any scalar but dynamic
	pInteger                 // int, long, dynamic or unknown
	pNumber                  // int, long, real, decimal, dynamic or unknown
	pDynamic                 // dynamic or unknown
)

func (k pkind) ok(t table.Type) bool {
	switch k {
	case pString:
		return funcs.IsStringish(t)
	case pScalar:
		return true
	case pNotDynamic:
		return t != table.Dynamic
	case pInteger:
		return t.IsInteger() || t == table.Dynamic || t == table.Unknown
	case pNumber:
		return funcs.IsNumeric(t)
	case pDynamic:
		return t == table.Dynamic || t == table.Unknown
	}
	return false
}

func (k pkind) String() string {
	switch k {
	case pString:
		return "a string"
	case pScalar:
		return "a scalar"
	case pNotDynamic:
		return "a non-dynamic scalar"
	case pInteger:
		return "an integer (int or long)"
	case pNumber:
		return "a number"
	case pDynamic:
		return "dynamic"
	}
	return "?"
}

// check validates args against kinds; the last kind repeats for variadic
// tails.
func check(name string, args []funcs.Arg, kinds ...pkind) error {
	for i, a := range args {
		k := kinds[min(i, len(kinds)-1)]
		if !k.ok(a.Type) {
			return funcs.ArgErrorf(i, "%s(): argument %d must be %s, not %s", name, i+1, k, a.Type)
		}
	}
	return nil
}

// simple builds a Bind that checks kinds and returns a fixed implementation.
func simple(name string, ret table.Type, eval funcs.EvalFunc, kinds ...pkind) func(*funcs.Env, []funcs.Arg) (funcs.Impl, error) {
	return func(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
		if err := check(name, args, kinds...); err != nil {
			return funcs.Impl{}, err
		}
		return funcs.Impl{Type: ret, Eval: eval}, nil
	}
}

// str is the string content of a value (null → "").
func str(v table.Value) string { return funcs.Str(v) }

func strV(s string) table.Value { return table.Value{K: table.KString, S: s} }

func boolV(b bool) table.Value { return table.NewBool(b) }

func longV(n int64) table.Value { return table.NewLong(n) }

// intOf reads an integer argument: ints and longs as they are, reals
// (from dynamic) truncated, numeric strings (from dynamic) parsed. ok is
// false for null and anything else.
func intOf(v table.Value) (int64, bool) {
	switch v.K {
	case table.KInt, table.KLong:
		return v.I, true
	case table.KReal, table.KDecimal:
		if math.IsNaN(v.F) || math.IsInf(v.F, 0) {
			return 0, false
		}
		return int64(v.F), true
	case table.KBool:
		return v.I, true
	case table.KString:
		n, err := strconv.ParseInt(strings.TrimSpace(v.S), 10, 64)
		return n, err == nil
	}
	return 0, false
}

// constStr returns a constant argument's string content.
func constStr(a funcs.Arg) (string, bool) {
	if a.Const == nil {
		return "", false
	}
	return str(*a.Const), true
}

// typeArg reads a typeof(T) argument: Arg{IsTypeOf: true, Type: T} (the
// registry's convention). A constant string naming a type ("long") is
// accepted as well.
func typeArg(name string, args []funcs.Arg, i int) (table.Type, error) {
	a := args[i]
	if a.IsTypeOf && a.Type != table.Unknown {
		return a.Type, nil
	}
	if a.Const != nil && a.Const.K == table.KString {
		if t, ok := table.ParseType(a.Const.S); ok {
			return t, nil
		}
	}
	return table.Unknown, funcs.ArgErrorf(i, "%s(): argument %d must be a type literal such as typeof(long)", name, i+1)
}

// elems returns the elements of a dynamic array, or the value itself as a
// one-element list when it is a non-null scalar.
func elems(v table.Value) []table.Value {
	switch v.K {
	case table.KArray:
		return v.D.Arr
	case table.KNull:
		return nil
	case table.KBag:
		return nil
	}
	return []table.Value{v}
}

// convertString converts text to type t for the typed forms of extract()
// and extract_json(). Failure yields null ("" for string).
//
// This follows the to<type>() conversions on strings: integers must parse
// as integers (an integral real such as "12.0" is accepted), reals as
// floating point, bools are true/false (any case) or an integer, datetimes
// and timespans use the table parsers, guids must be well formed, dynamic
// parses JSON (a string that is not JSON stays a dynamic string).
func convertString(s string, t table.Type) table.Value {
	switch t {
	case table.String, table.Unknown:
		return strV(s)
	case table.Dynamic:
		if v, err := table.ParseJSON(s); err == nil {
			return v
		}
		return strV(s)
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return table.Null
	}
	switch t {
	case table.Int, table.Long:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			f, ferr := strconv.ParseFloat(s, 64)
			if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 9.2e18 {
				return table.Null
			}
			n = int64(f)
		}
		if t == table.Int {
			if n < math.MinInt32 || n > math.MaxInt32 {
				return table.Null
			}
			return table.NewInt(n)
		}
		return table.NewLong(n)
	case table.Real, table.Decimal:
		f, ok := parseReal(s)
		if !ok {
			return table.Null
		}
		if t == table.Decimal {
			return table.NewDecimal(f)
		}
		return table.NewReal(f)
	case table.Bool:
		switch strings.ToLower(s) {
		case "true":
			return table.NewBool(true)
		case "false":
			return table.NewBool(false)
		}
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return table.NewBool(n != 0)
		}
		return table.Null
	case table.Datetime:
		if ticks, ok := table.ParseDatetime(s); ok {
			return table.NewDatetime(ticks)
		}
		return table.Null
	case table.Timespan:
		if ticks, ok := table.ParseTimespan(s); ok {
			return table.NewTimespan(ticks)
		}
		return table.Null
	case table.Guid:
		if g, ok := parseGuid(s); ok {
			return table.NewGuid(g)
		}
		return table.Null
	}
	return table.Null
}

func parseReal(s string) (float64, bool) {
	switch s {
	case "NaN":
		return math.NaN(), true
	case "Infinity", "+Infinity":
		return math.Inf(1), true
	case "-Infinity":
		return math.Inf(-1), true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// parseGuid accepts the 36-character form (optionally in braces) and the
// 32-hex-digit form, and returns the canonical lower-case 36-character form.
func parseGuid(s string) (string, bool) {
	if len(s) == 38 && s[0] == '{' && s[37] == '}' {
		s = s[1:37]
	}
	var hex [32]byte
	n := 0
	switch len(s) {
	case 36:
		for i := 0; i < 36; i++ {
			c := s[i]
			if i == 8 || i == 13 || i == 18 || i == 23 {
				if c != '-' {
					return "", false
				}
				continue
			}
			if !isHex(c) {
				return "", false
			}
			hex[n] = asciiLower[c]
			n++
		}
	case 32:
		for i := 0; i < 32; i++ {
			if !isHex(s[i]) {
				return "", false
			}
			hex[i] = asciiLower[s[i]]
		}
	default:
		return "", false
	}
	h := string(hex[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32], true
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

// convertValue converts a JSON value found by extract_json to type t.
func convertValue(v table.Value, t table.Type) table.Value {
	if t == table.Dynamic {
		return v
	}
	if v.K == table.KNull {
		return table.NullOf(t)
	}
	if v.K == table.KString {
		return convertString(v.S, t)
	}
	switch t {
	case table.String:
		return strV(v.String())
	case table.Long, table.Int:
		n, ok := intOf(v)
		if !ok {
			return table.Null
		}
		if t == table.Int {
			return table.NewInt(n)
		}
		return table.NewLong(n)
	case table.Real, table.Decimal:
		f, ok := v.AsFloat()
		if !ok {
			return table.Null
		}
		if t == table.Decimal {
			return table.NewDecimal(f)
		}
		return table.NewReal(f)
	case table.Bool:
		switch v.K {
		case table.KBool:
			return v
		case table.KInt, table.KLong:
			return table.NewBool(v.I != 0)
		}
		return table.Null
	}
	return convertString(v.String(), t)
}
