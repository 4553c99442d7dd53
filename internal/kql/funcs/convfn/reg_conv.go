package convfn

import (
	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Conversion functions. All name an unnamed result after their first
// argument (Kusto.Language: ResultNameKind.FirstArgument).

func init() {
	register("tostring", 1, 1, funcs.NameFirstArg,
		fixed(table.String, func(args []table.Value) table.Value { return ToStringValue(args[0]) }, aAny))

	conv := func(t table.Type) func(*funcs.Env, []funcs.Arg) (funcs.Impl, error) {
		return fixed(t, func(args []table.Value) table.Value { return Convert(args[0], t) }, aAny)
	}
	register("toint", 1, 1, funcs.NameFirstArg, conv(table.Int))
	register("tolong", 1, 1, funcs.NameFirstArg, conv(table.Long))
	register("todouble", 1, 1, funcs.NameFirstArg, conv(table.Real), "toreal")
	register("todecimal", 1, 1, funcs.NameFirstArg, conv(table.Decimal))
	register("tobool", 1, 1, funcs.NameFirstArg, conv(table.Bool), "toboolean")
	register("todatetime", 1, 1, funcs.NameFirstArg, conv(table.Datetime))
	register("totimespan", 1, 1, funcs.NameFirstArg, conv(table.Timespan), "totime")
	register("toguid", 1, 1, funcs.NameFirstArg, conv(table.Guid))

	// parse_json(x): a string is parsed; an argument whose static type is
	// dynamic is passed through as is — even a dynamic string, which is
	// why parse_json(tostring(d.b)) is needed for doubly-encoded JSON.
	register("parse_json", 1, 1, funcs.NameFirstArg, bindParseJSON, "todynamic", "parsejson", "toobject")
}

func bindParseJSON(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if args[0].Type == table.Dynamic {
		return funcs.Impl{Type: table.Dynamic, Eval: func(a []table.Value) table.Value { return a[0] }}, nil
	}
	return funcs.Impl{Type: table.Dynamic, Eval: func(a []table.Value) table.Value { return ToDynamic(a[0]) }}, nil
}
