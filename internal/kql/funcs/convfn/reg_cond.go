package convfn

import (
	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Conditional and null-testing functions (semantics §3, §10).

func init() {
	register("iff", 3, 3, funcs.NameColumn, bindIff, "iif")
	register("case", 3, -1, funcs.NameColumn, bindCase)
	register("coalesce", 2, 64, funcs.NameColumn, bindCoalesce)

	boolOf := func(f func(table.Value) bool) func(*funcs.Env, []funcs.Arg) (funcs.Impl, error) {
		return fixed(table.Bool, func(a []table.Value) table.Value { return table.NewBool(f(a[0])) }, aAny)
	}
	// isnull(""): false — a string is never null, so isnull of a string
	// argument is constant false; isnull(parse_json("")) is true.
	register("isnull", 1, 1, funcs.NameColumn, bindIsNull(false))
	register("isnotnull", 1, 1, funcs.NameColumn, bindIsNull(true), "notnull")
	// isempty: null or "" (also a dynamic ""); [] and {} are not empty.
	register("isempty", 1, 1, funcs.NameColumn, boolOf(isEmpty))
	register("isnotempty", 1, 1, funcs.NameColumn, boolOf(func(v table.Value) bool { return !isEmpty(v) }), "notempty")

	register("not", 1, 1, funcs.NameColumn, fixed(table.Bool, func(a []table.Value) table.Value {
		if a[0].K != table.KBool {
			return table.Null
		}
		return table.NewBool(a[0].I == 0)
	}, aBool))
}

func isEmpty(v table.Value) bool {
	return v.K == table.KNull || v.K == table.KString && v.S == ""
}

func bindIsNull(negate bool) func(*funcs.Env, []funcs.Arg) (funcs.Impl, error) {
	return func(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
		if args[0].Type == table.String {
			r := table.NewBool(negate)
			return funcs.Impl{Type: table.Bool, Eval: func([]table.Value) table.Value { return r }}, nil
		}
		return funcs.Impl{Type: table.Bool, Eval: func(a []table.Value) table.Value {
			return table.NewBool((a[0].K == table.KNull) != negate)
		}}, nil
	}
}

// iff(cond, then, else): then when cond is exactly true; a false or null
// cond takes else. The result has the common type of then and else
// (numbers widen; a dynamic branch makes it dynamic).
func bindIff(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := checkArgs(args, aBool, aAny, aAny); err != nil {
		return funcs.Impl{}, err
	}
	rt, ok := commonType(args[1].Type, args[2].Type)
	if !ok {
		return funcs.Impl{}, funcs.ArgErrorf(2, "iff(): then and else must have the same type, not %s and %s", args[1].Type, args[2].Type)
	}
	return funcs.Impl{Type: rt, Eval: func(a []table.Value) table.Value {
		if a[0].IsTrue() {
			return coerce(a[1], rt)
		}
		return coerce(a[2], rt)
	}}, nil
}

// case(p1, v1, p2, v2, ..., else): the value of the first true predicate,
// else the last argument.
func bindCase(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if len(args)%2 == 0 {
		return funcs.Impl{}, funcs.ArgErrorf(-1, "case() takes predicate/value pairs followed by an else value")
	}
	ts := make([]table.Type, 0, len(args)/2+1)
	for i := 0; i+1 < len(args); i += 2 {
		if err := funcs.ExpectType(args, i, boolType, "a bool"); err != nil {
			return funcs.Impl{}, err
		}
		ts = append(ts, args[i+1].Type)
	}
	ts = append(ts, args[len(args)-1].Type)
	rt, ok := commonType(ts...)
	if !ok {
		return funcs.Impl{}, funcs.ArgErrorf(-1, "case(): all values must have the same type")
	}
	return funcs.Impl{Type: rt, Eval: func(a []table.Value) table.Value {
		for i := 0; i+1 < len(a); i += 2 {
			if a[i].IsTrue() {
				return coerce(a[i+1], rt)
			}
		}
		return coerce(a[len(a)-1], rt)
	}}, nil
}

// coalesce(a1, a2, ...): the first argument that is not null — for
// string arguments, not empty. All arguments share a type.
func bindCoalesce(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	ts := make([]table.Type, len(args))
	for i, a := range args {
		ts[i] = a.Type
	}
	rt, ok := commonType(ts...)
	if !ok {
		return funcs.Impl{}, funcs.ArgErrorf(-1, "coalesce(): all arguments must have the same type")
	}
	skipEmpty := rt == table.String
	null := table.NullOf(rt)
	return funcs.Impl{Type: rt, Eval: func(a []table.Value) table.Value {
		for _, v := range a {
			if v.K == table.KNull || skipEmpty && v.K == table.KString && v.S == "" {
				continue
			}
			return coerce(v, rt)
		}
		return null
	}}, nil
}
