package plan

import (
	"reconwatch/internal/kql/syntax"
	"reconwatch/internal/table"
)

// packColumns binds pack_all([ignore_null_empty]) and
// bag_pack_columns(c1, c2, ...): bags keyed by column names, which a plain
// function cannot see.
func (b *binder) packColumns(e *syntax.Call, sc *scope, row *rowCtx) Expr {
	if row == nil {
		b.errorf(e, syntax.CodeInvalid, "%s() needs a row: use it in extend, project or where", e.Fun.Name)
		return bad
	}
	var names []string
	var args []Expr
	skipEmpty := false
	if e.Fun.Name == "pack_all" {
		if len(e.Args) > 1 {
			b.errorf(e, syntax.CodeArgCount, "pack_all() takes at most 1 argument")
			return bad
		}
		if len(e.Args) == 1 {
			v, ok := IsConst(b.scalar(e.Args[0], sc, nil))
			if !ok || v.K != table.KBool {
				b.errorf(e.Args[0], syntax.CodeInvalid, "pack_all() takes a constant bool")
				return bad
			}
			skipEmpty = v.IsTrue()
		}
		cols := row.schema
		if row.inputWidth > 0 {
			cols = cols[:row.inputWidth]
		}
		for i, c := range cols {
			names = append(names, c.Name)
			args = append(args, &Col{Index: i, Name: c.Name, T: c.Type})
		}
	} else {
		for _, a := range e.Args {
			id, ok := a.(*syntax.Ident)
			if !ok {
				b.errorf(a, syntax.CodeInvalid, "bag_pack_columns() takes column names")
				return bad
			}
			x := b.scalar(a, sc, row)
			names = append(names, id.Name)
			args = append(args, x)
		}
	}
	fn := func(vals []table.Value) table.Value {
		keys := make([]string, 0, len(vals))
		out := make([]table.Value, 0, len(vals))
		for i, v := range vals {
			if skipEmpty && (v.K == table.KNull || (v.K == table.KString && v.S == "")) {
				continue
			}
			keys = append(keys, names[i])
			out = append(out, v)
		}
		return table.NewBag(keys, out)
	}
	return &Call{Name: e.Fun.Name, Fn: fn, Args: args, T: table.Dynamic}
}
