package convfn

import (
	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Argument type predicates. Dynamic and Unknown are accepted wherever a
// typed argument is, and converted per row.

func anyType(table.Type) bool { return true }

func numType(t table.Type) bool { return t.IsNumeric() || isDyn(t) }

func dtType(t table.Type) bool { return t == table.Datetime || isDyn(t) }

func tsType(t table.Type) bool { return t == table.Timespan || isDyn(t) }

func boolType(t table.Type) bool { return t == table.Bool || isDyn(t) }

func strType(t table.Type) bool { return funcs.IsStringish(t) }

// numOrTime accepts numbers, datetimes and timespans.
func numOrTime(t table.Type) bool { return numType(t) || t == table.Datetime || t == table.Timespan }

type argSpec struct {
	ok   func(table.Type) bool
	want string
}

var (
	aAny  = argSpec{anyType, "a scalar"}
	aNum  = argSpec{numType, "a number"}
	aInt  = argSpec{numType, "an integer"}
	aReal = argSpec{numType, "a real"}
	aDT   = argSpec{dtType, "a datetime"}
	aTS   = argSpec{tsType, "a timespan"}
	aBool = argSpec{boolType, "a bool"}
	aStr  = argSpec{strType, "a string"}
)

// checkArgs checks args against specs; the last spec repeats for extra
// arguments.
func checkArgs(args []funcs.Arg, specs ...argSpec) error {
	for i := range args {
		s := specs[min(i, len(specs)-1)]
		if err := funcs.ExpectType(args, i, s.ok, s.want); err != nil {
			return err
		}
	}
	return nil
}

// fixed builds a Bind for a function with a fixed result type whose
// arguments must match specs.
func fixed(ret table.Type, eval funcs.EvalFunc, specs ...argSpec) func(*funcs.Env, []funcs.Arg) (funcs.Impl, error) {
	return func(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
		if err := checkArgs(args, specs...); err != nil {
			return funcs.Impl{}, err
		}
		return funcs.Impl{Type: ret, Eval: eval}, nil
	}
}

// register adds a function; rule says how unnamed results are named.
func register(name string, minArgs, maxArgs int, rule funcs.NameRule,
	bind func(*funcs.Env, []funcs.Arg) (funcs.Impl, error), aliases ...string) {
	funcs.Register(&funcs.Func{
		Name: name, MinArgs: minArgs, MaxArgs: maxArgs, ResultName: rule, Bind: bind,
	}, aliases...)
}

// constString returns the constant string value of argument i.
func constString(args []funcs.Arg, i int) (string, bool) {
	if i >= len(args) || args[i].Const == nil {
		return "", false
	}
	v := *args[i].Const
	if v.K != table.KString {
		return "", false
	}
	return v.S, true
}

// asDatetime reads a datetime argument: datetimes as they are, dynamic
// values converted (strings parsed); false for null or non-convertible.
func asDatetime(v table.Value) (int64, bool) {
	if v.K == table.KDatetime {
		return v.I, table.ValidDatetime(v.I)
	}
	if v.K == table.KNull {
		return 0, false
	}
	d := ToDatetime(v)
	return d.I, d.K == table.KDatetime
}

// asTimespan reads a timespan argument, converting dynamic values.
func asTimespan(v table.Value) (int64, bool) {
	switch v.K {
	case table.KTimespan:
		return v.I, true
	case table.KNull:
		return 0, false
	case table.KString:
		t := ToTimespan(v)
		return t.I, t.K == table.KTimespan
	}
	return 0, false
}

// asLong reads an integer argument: integers, reals truncated, dynamic
// values converted.
func asLong(v table.Value) (int64, bool) {
	if isIntKind(v.K) {
		return v.I, true
	}
	if v.K == table.KNull || v.K == table.KDatetime || v.K == table.KTimespan {
		return 0, false
	}
	l := ToLong(v)
	return l.I, l.K == table.KLong
}

// asReal reads a number argument as float64, converting dynamic values.
func asReal(v table.Value) (float64, bool) {
	if f, ok := v.AsFloat(); ok {
		return f, true
	}
	if v.K != table.KString && v.K != table.KBool {
		return 0, false
	}
	r := ToReal(v)
	return r.F, r.K == table.KReal
}

// asNumber returns v as a number value (int/long/real/decimal),
// converting a dynamic bool (0/1) or numeric string; false otherwise.
func asNumber(v table.Value) (table.Value, bool) {
	switch {
	case v.IsNumber():
		return v, true
	case v.K == table.KBool:
		return table.NewLong(v.I), true
	case v.K == table.KString:
		if isIntegerText(v.S) {
			if l := ToLong(v); l.K == table.KLong {
				return l, true
			}
		}
		if f, ok := parseRealText(v.S); ok {
			return table.NewReal(f), true
		}
	}
	return table.Null, false
}

// isIntegerText reports whether s (trimmed) is an optionally signed run
// of digits.
func isIntegerText(s string) bool {
	i, j := 0, len(s)
	for i < j && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	for j > i && (s[j-1] == ' ' || s[j-1] == '\t') {
		j--
	}
	if i < j && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if i == j {
		return false
	}
	for ; i < j; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// commonType is the common type of iff/case/coalesce/max_of branches:
// equal types, numbers widened, dynamic absorbing scalars; Unknown is
// ignored. False when the types do not mix.
func commonType(ts ...table.Type) (table.Type, bool) {
	out := table.Unknown
	for _, t := range ts {
		switch {
		case t == table.Unknown:
		case out == table.Unknown, out == t:
			out = t
		case out == table.Dynamic || t == table.Dynamic:
			out = table.Dynamic
		case out.IsNumeric() && t.IsNumeric():
			out = funcs.CommonNumeric(out, t)
		default:
			return table.Unknown, false
		}
	}
	return out, true
}
