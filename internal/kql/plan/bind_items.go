package plan

import (
	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/kql/funcs/convfn"
	"reconwatch/internal/kql/syntax"
	"reconwatch/internal/table"
)

// itemCol is one output column of a print, extend or project item.
type itemCol struct {
	// name is the column's name; "" asks the operator for its default
	// (ColumnN, print_N).
	name string
	// declared marks a name written in the query (x = e, (x, y) = e):
	// declaring one name twice in an operator is an error, where a
	// derived name that is taken is replaced or made unique.
	declared bool
	// tuple marks a derived name of a tuple column (x_sorted), which is
	// always made unique.
	tuple bool
	node  syntax.Node // where a duplicate name is reported
	x     Expr
}

// bindItem binds one print/extend/project item into its columns: one for
// most expressions, several for a call of a function that yields a tuple
// (array_sort_asc(a1, a2) → a1_sorted, a2_sorted). Names follow
// Kusto.Language: x = e names the first column only (print keeps only
// that column); (x, y) = e names the first columns, and the rest keep
// their default names (print drops them). nil after an error.
func (b *binder) bindItem(it *syntax.NamedExpr, sc *scope, row *rowCtx, print bool) []itemCol {
	x := b.scalar(it.X, sc, row)
	call, _ := it.X.(*syntax.Call)
	n := 0
	var types []table.Type
	if call != nil {
		impl := b.tuples[call]
		n, types = impl.Tuple, impl.TupleTypes
	}
	if n == 0 {
		switch {
		case len(it.Names) > 1:
			b.errorf(it.Names[1], syntax.CodeInvalid, "the expression has a single value; it cannot be assigned to %d names", len(it.Names))
			return nil
		case len(it.Names) == 1:
			return []itemCol{{name: it.Names[0].Name, declared: true, node: it.Names[0], x: x}}
		case it.Name != nil:
			return []itemCol{{name: it.Name.Name, declared: true, node: it.Name, x: x}}
		}
		return []itemCol{{name: b.derivedName(it.X, x, print), node: it.X, x: x}}
	}
	f := funcs.Lookup(call.Fun.Name)
	defName := func(i int) string {
		arg, ai := "", i
		if f.TupleFirstArg {
			ai = 0
		}
		if ai < len(call.Args) {
			arg = exprName(call.Args[ai])
		}
		return f.TupleName(arg, i)
	}
	names := it.Names
	if it.Name != nil {
		names = []*syntax.Ident{it.Name}
	}
	for _, extra := range names[min(n, len(names)):] {
		b.errorf(extra, syntax.CodeInvalid, "the name '%s' has no value: %s() yields %s", extra.Name, call.Fun.Name, plural(n, "column"))
	}
	if len(names) > n {
		return nil
	}
	var out []itemCol
	for i := 0; i < n; i++ {
		col := x
		if n > 1 {
			t := table.Dynamic
			if i < len(types) && types[i] != table.Unknown {
				t = types[i]
			}
			col = fold(&Unary{Op: "[" + itoa(i) + "]", T: t, X: x, Fn: tupleElem(i, t)})
		}
		switch {
		case i < len(names):
			out = append(out, itemCol{name: names[i].Name, declared: true, node: names[i], x: col})
		case print && len(names) > 0:
			return out
		case print && n == 1:
			out = append(out, itemCol{node: it.X, x: col}) // print_N
		default:
			out = append(out, itemCol{name: defName(i), tuple: true, node: it.X, x: col})
		}
	}
	return out
}

// derivedName is the name Kusto gives an unnamed expression; print names
// its unnamed columns print_N whatever they hold.
func (b *binder) derivedName(e syntax.Expr, x Expr, print bool) string {
	if print {
		return ""
	}
	return bindName(e, x)
}

// tupleElem reads column i of a tuple value (a dynamic array of the
// columns' values), converted to the column's type t.
func tupleElem(i int, t table.Type) func(table.Value) table.Value {
	return func(v table.Value) table.Value {
		if v.K == table.KArray && i < len(v.D.Arr) {
			if t == table.Dynamic {
				return v.D.Arr[i]
			}
			return convfn.Convert(v.D.Arr[i], t)
		}
		return table.NullOf(t)
	}
}

// errDeclared reports a column name declared twice in one operator, in
// Kusto.Language's words.
func (b *binder) errDeclared(n syntax.Node, name string) {
	b.errorf(n, syntax.CodeInvalid, "a column with the name '%s' is already declared", name)
}
