package plan

import (
	"reconwatch/internal/kql/aggs"
	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/kql/syntax"
	"reconwatch/internal/table"
)

// bad is the expression returned after an error, so binding can go on and
// report more errors. Its type is Unknown, which every check accepts.
var bad = &Const{T: table.Unknown}

// scalar binds a scalar expression in row context row (nil: no row, as
// in a let or a print).
func (b *binder) scalar(e syntax.Expr, sc *scope, row *rowCtx) Expr {
	switch e := e.(type) {
	case *syntax.Literal:
		if e.Kind == syntax.LitType {
			b.errorf(e, syntax.CodeInvalid, "a type (%s) cannot be used as a value here", e.Type)
			return bad
		}
		v := e.Value
		if e.Type == table.String && v.K == table.KNull {
			v = table.EmptyString
		}
		return &Const{V: v, T: e.Type}
	case *syntax.Ident:
		return b.ident(e, sc, row)
	case *syntax.Paren:
		if b.isTabular(e.X, sc) {
			b.errorf(e, syntax.CodeTypeMismatch, "a tabular expression cannot be used as a scalar; wrap it in toscalar()")
			return bad
		}
		return b.scalar(e.X, sc, row)
	case *syntax.Unary:
		x := b.scalar(e.X, sc, row)
		return b.unary(e, x)
	case *syntax.Binary:
		return b.binary(e, sc, row)
	case *syntax.InExpr:
		return b.in(e, sc, row)
	case *syntax.Between:
		return b.between(e, sc, row)
	case *syntax.Call:
		return b.call(e, sc, row)
	case *syntax.Member:
		return b.member(e, sc, row)
	case *syntax.Index:
		return b.index(e, sc, row)
	case *syntax.Star:
		b.errorf(e, syntax.CodeInvalid, "* is not valid here")
		return bad
	case *syntax.NamedArg:
		b.errorf(e, syntax.CodeInvalid, "a named argument is not valid here")
		return bad
	case *syntax.Pipeline, *syntax.Datatable, *syntax.PrintExpr, *syntax.RangeExpr, *syntax.UnionExpr:
		b.errorf(e, syntax.CodeTypeMismatch, "a tabular expression cannot be used as a scalar; wrap it in toscalar()")
		return bad
	}
	b.errorf(e, syntax.CodeUnsupported, "unsupported expression")
	return bad
}

func (b *binder) ident(e *syntax.Ident, sc *scope, row *rowCtx) Expr {
	// Columns of the row in scope win over let names: a query can then
	// read a column even if a let of the same name exists upstream.
	if i, t, ok := row.col(e.Name); ok {
		return &Col{Index: i, Name: e.Name, T: t}
	}
	if bd := sc.lookup(e.Name); bd != nil {
		switch bd.kind {
		case bindScalar:
			return bd.expr
		case bindFunc:
			if len(bd.fn.Params) == 0 && !bd.fn.View {
				return b.callUser(&syntax.Call{Fun: e, Lparen: e.End(), Rparen: e.End() - 1}, bd, sc, row)
			}
			b.errorf(e, syntax.CodeInvalid, "'%s' is a function; call it with arguments", e.Name)
			return bad
		default:
			b.errorf(e, syntax.CodeTypeMismatch, "'%s' is a table, not a scalar; use toscalar(%s) for its first value", e.Name, e.Name)
			return bad
		}
	}
	if _, ok := b.opt.Catalog.Table(e.Name); ok {
		b.errorf(e, syntax.CodeTypeMismatch, "'%s' is a table, not a scalar", e.Name)
		return bad
	}
	var cands []string
	if row != nil {
		cands = append(cands, row.schema.Names()...)
	}
	cands = append(cands, sc.all()...)
	what := "name"
	if row != nil {
		what = "column or name"
	}
	b.unknown(e, what, e.Name, cands)
	return bad
}

func (b *binder) member(e *syntax.Member, sc *scope, row *rowCtx) Expr {
	if id, ok := e.X.(*syntax.Ident); ok && (id.Name == "$left" || id.Name == "$right") {
		b.errorf(e, syntax.CodeInvalid, "%s is only valid in a join's on clause", id.Name)
		return bad
	}
	x := b.scalar(e.X, sc, row)
	if x.Type() != table.Dynamic && x.Type() != table.Unknown {
		b.errorf(e.Name, syntax.CodeTypeMismatch, "property access .%s needs a dynamic value, not %s", e.Name.Name, x.Type())
		return bad
	}
	key := e.Name.Name
	return fold(&Unary{Op: "." + key, T: table.Dynamic, X: x, Fn: func(v table.Value) table.Value {
		return memberOf(v, key)
	}})
}

func (b *binder) index(e *syntax.Index, sc *scope, row *rowCtx) Expr {
	x := b.scalar(e.X, sc, row)
	i := b.scalar(e.Index, sc, row)
	if x.Type() != table.Dynamic && x.Type() != table.Unknown {
		b.errorf(e, syntax.CodeTypeMismatch, "indexing needs a dynamic value, not %s", x.Type())
		return bad
	}
	return fold(&Binary{Op: "[]", T: table.Dynamic, X: x, Y: i, Fn: indexOf})
}

func (b *binder) unary(e *syntax.Unary, x Expr) Expr {
	t := x.Type()
	switch t {
	case table.Int, table.Long, table.Real, table.Decimal, table.Timespan, table.Dynamic, table.Unknown:
	default:
		b.errorf(e, syntax.CodeTypeMismatch, "unary %s is not defined for %s", e.Op, t)
		return bad
	}
	if e.Op == "+" {
		return x
	}
	if t == table.Int {
		t = table.Int
	}
	return fold(&Unary{Op: "-", T: t, X: x, Fn: negate})
}

func (b *binder) between(e *syntax.Between, sc *scope, row *rowCtx) Expr {
	x := b.scalar(e.X, sc, row)
	lo := b.scalar(e.Lo, sc, row)
	hi := b.scalar(e.Hi, sc, row)
	// datetime between (d .. timespan) means d .. d+timespan.
	if lo.Type() == table.Datetime && hi.Type() == table.Timespan {
		hi = fold(&Binary{Op: "+", T: table.Datetime, X: lo, Y: hi, Fn: arith("+")})
	}
	for _, side := range []Expr{lo, hi} {
		if !comparable(x.Type(), side.Type()) {
			b.errorf(e, syntax.CodeTypeMismatch, "between cannot compare %s with %s", x.Type(), side.Type())
			return bad
		}
	}
	if e.Not {
		return fold(&Logic{And: false,
			X: &Binary{Op: "<", T: table.Bool, X: x, Y: lo, Fn: compareFn("<")},
			Y: &Binary{Op: ">", T: table.Bool, X: x, Y: hi, Fn: compareFn(">")}})
	}
	return fold(&Logic{And: true,
		X: &Binary{Op: ">=", T: table.Bool, X: x, Y: lo, Fn: compareFn(">=")},
		Y: &Binary{Op: "<=", T: table.Bool, X: x, Y: hi, Fn: compareFn("<=")}})
}

// aggCollector gathers the aggregate calls met while binding one
// summarize item.
type aggCollector struct {
	calls []*AggCall
	// offset is the position of the first aggregate output column in the
	// Aggregate node's output (after the keys).
	offset int
	// byCols marks the input columns used as bare group-by keys (by k,
	// by w = k), which a * in arg_max/arg_min/take_any leaves out.
	byCols map[int]bool
	// win collects window function calls in aggregate arguments.
	win *windowCollector
}

// bindAggregate binds an aggregate call inside summarize, returning a
// column reference to its output in the Aggregate node.
func (b *binder) bindAggregate(e *syntax.Call, a *aggs.Agg, sc *scope, row *rowCtx) Expr {
	col := row.aggs
	// Aggregate arguments see the input row (and may use window
	// functions over it), no nesting.
	in := &rowCtx{schema: row.schema, win: col.win}
	args := make([]Expr, 0, len(e.Args))
	fargs := make([]funcs.Arg, 0, len(e.Args))
	for _, ae := range e.Args {
		x := b.scalar(ae, sc, in)
		args = append(args, x)
		fa := funcs.Arg{Type: x.Type()}
		if v, ok := IsConst(x); ok {
			vv := v
			fa.Const = &vv
		}
		fargs = append(fargs, fa)
	}
	if n := len(e.Args); n < a.MinArgs || (a.MaxArgs >= 0 && n > a.MaxArgs) {
		b.errorf(e, syntax.CodeArgCount, "%s() takes %s, got %d", a.Name, argRange(a.MinArgs, a.MaxArgs), n)
		return bad
	}
	impl, err := a.Bind(b.aenv, fargs)
	if err != nil {
		b.argError(e, err)
		return bad
	}
	idx := col.offset + len(col.calls)
	col.calls = append(col.calls, &AggCall{Name: a.Name, Impl: impl, Args: args, Shared: -1})
	return &Col{Index: idx, Name: a.Name, T: impl.Type}
}

func (b *binder) argError(e *syntax.Call, err error) {
	if ae, ok := err.(*funcs.ArgError); ok && ae.Index >= 0 && ae.Index < len(e.Args) {
		b.errorf(e.Args[ae.Index], syntax.CodeTypeMismatch, "%s(): %s", e.Fun.Name, ae.Msg)
		return
	}
	b.errorf(e, syntax.CodeTypeMismatch, "%s(): %s", e.Fun.Name, err.Error())
}

func argRange(min, max int) string {
	switch {
	case max < 0:
		return plural(min, "argument") + " or more"
	case min == max:
		return plural(min, "argument")
	default:
		return itoa(min) + " to " + plural(max, "argument")
	}
}

func plural(n int, w string) string {
	if n == 1 {
		return "1 " + w
	}
	return itoa(n) + " " + w + "s"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

// comparable reports whether values of types a and b may be compared
// with == or <. Unknown and dynamic compare with anything; numbers with
// numbers; otherwise the types must match. (Kusto rejects string vs
// number at compile time.)
func comparable(a, b table.Type) bool {
	if a == table.Unknown || b == table.Unknown || a == table.Dynamic || b == table.Dynamic {
		return true
	}
	if a.IsNumeric() && b.IsNumeric() {
		return true
	}
	if (a == table.String && b == table.Guid) || (a == table.Guid && b == table.String) {
		return true
	}
	return a == b
}
