package dynfn

import (
	"math"
	"math/bits"
	"strconv"
	"strings"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

func init() {
	reg("parse_version", 1, 1, table.Decimal, sig(funcs.IsStringish, "string"), parseVersionFn)

	// binary_and/or/xor/not/shift_left/shift_right are registered by
	// package convfn; registering them here too would panic at init.
	bin := func(name string, nargs int, eval funcs.EvalFunc) {
		e := sig(isInt, "an integer").repeat()
		funcs.Register(&funcs.Func{Name: name, MinArgs: nargs, MaxArgs: nargs,
			ResultName: funcs.NameFirstArg, Bind: fixed(table.Long, e, eval)})
	}
	bin("bitset_count_ones", 1, func(args []table.Value) table.Value {
		switch v := args[0]; v.K {
		case table.KInt:
			return table.NewLong(int64(bits.OnesCount32(uint32(v.I))))
		case table.KLong:
			return table.NewLong(int64(bits.OnesCount64(uint64(v.I))))
		}
		a, ok := asInt(args[0])
		if !ok {
			return table.Null
		}
		return table.NewLong(int64(bits.OnesCount64(uint64(a))))
	})

	funcs.Register(&funcs.Func{Name: "assert", MinArgs: 2, MaxArgs: 2, Bind: bindAssert})

	funcs.Register(&funcs.Func{Name: "gettype", MinArgs: 1, MaxArgs: 1,
		ResultName: funcs.NamePrefixArg, NamePrefix: "type", Bind: bindGettype})
}

// bindGettype binds gettype(value): the runtime type of value as a string
// [D:gettype-function.md]. A value of a static scalar type has that type
// (gettype(111) → "long", gettype(1s) → "timespan", also when null); a
// dynamic value is inspected: "null", "bool", "int", "long", "real",
// "decimal", "datetime", "timespan", "string", "guid", "array",
// "dictionary". The doc shows gettype(parse_json('1')) → "int": a dynamic
// whole number that fits 32 bits is an int, a larger one a long
// (inferred).
func bindGettype(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if t := args[0].Type; t != table.Dynamic && t != table.Unknown {
		name := table.NewString(t.String())
		return funcs.Impl{Type: table.String, Eval: func([]table.Value) table.Value { return name }}, nil
	}
	return funcs.Impl{Type: table.String, Eval: func(vals []table.Value) table.Value {
		return table.NewString(DynamicTypeName(vals[0]))
	}}, nil
}

// DynamicTypeName is gettype()'s name for the runtime kind of a dynamic
// value.
func DynamicTypeName(v table.Value) string {
	switch v.K {
	case table.KNull:
		return "null"
	case table.KBool:
		return "bool"
	case table.KInt:
		return "int"
	case table.KLong:
		if v.I >= math.MinInt32 && v.I <= math.MaxInt32 {
			return "int"
		}
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
		return "dictionary"
	}
	return "null"
}

// ParseVersion parses a version of one to four dot-separated parts, each of
// one to eight decimal digits, into Kusto's comparable number
// p1·10^24 + p2·10^16 + p3·10^8 + p4 (missing parts are 0). It returns the
// exact decimal digits of that number ("1000000020000000300000004" for
// 1.2.3.4) and ok.
func ParseVersion(s string) (string, bool) {
	var parts [4]string
	n := 0
	for {
		dot := strings.IndexByte(s, '.')
		part := s
		if dot >= 0 {
			part = s[:dot]
		}
		if n == 4 || len(part) == 0 || len(part) > 8 {
			return "", false
		}
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return "", false
			}
		}
		parts[n] = part
		n++
		if dot < 0 {
			break
		}
		s = s[dot+1:]
	}
	return versionDigits(parts, n), true
}

// versionDigits renders p1·10^24 + p2·10^16 + p3·10^8 + p4 exactly.
func versionDigits(parts [4]string, n int) string {
	var b strings.Builder
	for i := 0; i < 4; i++ {
		p := "0"
		if i < n {
			p = parts[i]
		}
		if i > 0 {
			b.WriteString(strings.Repeat("0", 8-len(p)))
		}
		b.WriteString(p)
	}
	s := strings.TrimLeft(b.String(), "0")
	if s == "" {
		return "0"
	}
	return s
}

// parse_version(v): the decimal of ParseVersion, null when v is not a
// version. The engine's decimal is a float64, which cannot hold the 25+
// significant digits versions need, so the value also carries its exact
// digits in S (table.Value.S is otherwise unused for decimals) for a
// formatter or comparer that knows to look there.
func parseVersionFn(args []table.Value) table.Value {
	if args[0].K == table.KNull {
		return table.Null
	}
	digits, ok := ParseVersion(str(args[0]))
	if !ok {
		return table.Null
	}
	f, _ := strconv.ParseFloat(digits, 64)
	return table.Value{K: table.KDecimal, F: f, S: digits}
}

// bindAssert binds assert(condition, message). Kusto requires condition to
// be a constant at analysis time and fails the query when it is false; a
// constant false fails binding here with Kusto's message. A condition that
// is not constant is evaluated per row (true gives true; false or null give
// null, since evaluation cannot raise an error).
func bindAssert(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := funcs.ExpectType(args, 0, isBool, "bool"); err != nil {
		return funcs.Impl{}, err
	}
	if err := funcs.ExpectType(args, 1, funcs.IsStringish, "a string literal"); err != nil {
		return funcs.Impl{}, err
	}
	msg := ""
	if c := args[1].Const; c != nil {
		msg = str(*c)
	}
	if c := args[0].Const; c != nil {
		if b, ok := asBool(*c); ok && !b {
			return funcs.Impl{}, funcs.ArgErrorf(-1, "assert() has failed with message: '%s'", msg)
		}
	}
	return funcs.Impl{Type: table.Bool, Eval: func(vals []table.Value) table.Value {
		if b, ok := asBool(vals[0]); ok && b {
			return table.NewBool(true)
		}
		return table.Null
	}}, nil
}
