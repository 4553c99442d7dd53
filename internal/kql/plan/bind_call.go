package plan

import (
	"reconwatch/internal/kql/aggs"
	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/kql/funcs/convfn"
	"reconwatch/internal/kql/syntax"
	"reconwatch/internal/table"
)

// nondeterministic functions are never folded into constants.
var nondeterministic = map[string]bool{"rand": true, "new_guid": true}

func (b *binder) call(e *syntax.Call, sc *scope, row *rowCtx) Expr {
	name := e.Fun.Name
	if bd := sc.lookup(name); bd != nil && bd.kind == bindFunc {
		return b.callUser(e, bd, sc, row)
	}
	if kind, ok := windowFuncs[name]; ok {
		return b.window(e, kind, sc, row)
	}
	switch name {
	case "iff", "iif":
		if len(e.Args) != 3 {
			b.errorf(e, syntax.CodeArgCount, "%s() takes 3 arguments, got %d", name, len(e.Args))
			return bad
		}
		return b.cond(e, e.Args[:1], e.Args[1:], sc, row)
	case "case":
		if len(e.Args) < 3 || len(e.Args)%2 == 0 {
			b.errorf(e, syntax.CodeArgCount, "case() takes predicate/value pairs and an else value (an odd number of 3 or more arguments), got %d", len(e.Args))
			return bad
		}
		var preds, vals []syntax.Expr
		for i := 0; i+1 < len(e.Args); i += 2 {
			preds = append(preds, e.Args[i])
			vals = append(vals, e.Args[i+1])
		}
		vals = append(vals, e.Args[len(e.Args)-1])
		return b.cond(e, preds, vals, sc, row)
	case "toscalar":
		if len(e.Args) < 1 {
			b.errorf(e, syntax.CodeArgCount, "toscalar() takes 1 argument")
			return bad
		}
		if b.isTabular(e.Args[0], sc) {
			n := b.tabular(e.Args[0], sc)
			t := table.Unknown
			if s := n.Schema(); len(s) > 0 {
				t = s[0].Type
			}
			return &SubScalar{Plan: n, T: t, ID: b.newSub()}
		}
		return b.scalar(e.Args[0], sc, row)
	case "column_ifexists", "columnifexists":
		if len(e.Args) != 2 {
			b.errorf(e, syntax.CodeArgCount, "%s() takes 2 arguments", name)
			return bad
		}
		n := b.scalar(e.Args[0], sc, nil)
		c, ok := IsConst(n)
		if !ok || c.K != table.KString {
			b.errorf(e.Args[0], syntax.CodeInvalid, "%s() needs a constant column name", name)
			return bad
		}
		if i, t, ok := row.col(c.S); ok {
			return &Col{Index: i, Name: c.S, T: t}
		}
		return b.scalar(e.Args[1], sc, row)
	case "not":
		if len(e.Args) != 1 {
			b.errorf(e, syntax.CodeArgCount, "not() takes 1 argument, got %d", len(e.Args))
			return bad
		}
		x := b.scalar(e.Args[0], sc, row)
		if t := x.Type(); t != table.Bool && t != table.Dynamic && t != table.Unknown {
			b.errorf(e.Args[0], syntax.CodeTypeMismatch, "not() needs a bool, not %s", t)
			return bad
		}
		return fold(&Unary{Op: "not", T: table.Bool, X: x, Fn: not})
	case "materialize", "table", "view":
		b.errorf(e, syntax.CodeTypeMismatch, "%s() returns a table, not a scalar", name)
		return bad
	case "pack_all", "bag_pack_columns":
		return b.packColumns(e, sc, row)
	case "ingestion_time":
		return b.ingestionTime(e, row)
	}
	if a := aggs.Lookup(name); a != nil {
		if row != nil && row.aggs != nil {
			return b.bindAggregate(e, a, sc, row)
		}
		if funcs.Lookup(name) == nil {
			b.errorf(e.Fun, syntax.CodeInvalid, "aggregate function %s() is only valid inside summarize", name)
			return bad
		}
	}
	f := funcs.Lookup(name)
	if f == nil {
		cands := append(funcs.Names(), sc.all()...)
		if row != nil && row.aggs != nil {
			cands = append(cands, aggs.Names()...)
		}
		b.unknown(e.Fun, "function", name, cands)
		return bad
	}
	if n := len(e.Args); n < f.MinArgs || (f.MaxArgs >= 0 && n > f.MaxArgs) {
		b.errorf(e, syntax.CodeArgCount, "%s() takes %s, got %d", name, argRange(f.MinArgs, f.MaxArgs), n)
		return bad
	}
	args := make([]Expr, len(e.Args))
	fargs := make([]funcs.Arg, len(e.Args))
	failed := false
	for i, ae := range e.Args {
		if lit, ok := ae.(*syntax.Literal); ok && lit.Kind == syntax.LitType {
			null := table.Null
			fargs[i] = funcs.Arg{Type: lit.Type, Const: &null, IsTypeOf: true}
			args[i] = &Const{T: lit.Type}
			continue
		}
		if _, ok := ae.(*syntax.NamedArg); ok {
			b.errorf(ae, syntax.CodeInvalid, "%s() does not take named arguments", name)
			failed = true
			continue
		}
		x := b.scalar(ae, sc, row)
		if x == bad {
			failed = true
		}
		args[i] = x
		fargs[i] = funcs.Arg{Type: x.Type()}
		if v, ok := IsConst(x); ok {
			vv := v
			fargs[i].Const = &vv
		}
	}
	if failed {
		return bad
	}
	impl, err := f.Bind(b.fenv, fargs)
	if err != nil {
		b.argError(e, err)
		return bad
	}
	if impl.Tuple > 0 && f.TupleName != nil {
		b.tuples[e] = impl
	}
	c := &Call{Name: name, Fn: impl.Eval, Args: args, T: impl.Type}
	if nondeterministic[name] {
		return c
	}
	return fold(c)
}

// cond binds iff/case into a lazily evaluated Cond whose type is the
// common type of the values.
func (b *binder) cond(e *syntax.Call, preds, vals []syntax.Expr, sc *scope, row *rowCtx) Expr {
	c := &Cond{}
	for _, p := range preds {
		x := b.scalar(p, sc, row)
		if t := x.Type(); t != table.Bool && t != table.Dynamic && t != table.Unknown {
			b.errorf(p, syntax.CodeTypeMismatch, "%s(): a predicate must be bool, not %s", e.Fun.Name, t)
			return bad
		}
		c.Preds = append(c.Preds, x)
	}
	t := table.Unknown
	for _, v := range vals {
		x := b.scalar(v, sc, row)
		c.Vals = append(c.Vals, x)
		vt := x.Type()
		if isNullConst(x) {
			continue
		}
		nt, ok := commonType(t, vt)
		if !ok {
			b.errorf(v, syntax.CodeTypeMismatch, "%s(): all values must have the same type; found %s and %s", e.Fun.Name, t, vt)
			return bad
		}
		t = nt
	}
	if t == table.Unknown {
		// all values are untyped nulls: take the first declared type
		for _, v := range c.Vals {
			if v.Type() != table.Unknown {
				t = v.Type()
				break
			}
		}
	}
	c.T = t
	return foldCond(c)
}

func isNullConst(x Expr) bool {
	v, ok := IsConst(x)
	return ok && v.K == table.KNull && x.Type() == table.Unknown
}

// commonType unifies the types of conditional branches: numbers widen,
// otherwise types must match.
func commonType(a, b table.Type) (table.Type, bool) {
	switch {
	case a == table.Unknown:
		return b, true
	case b == table.Unknown || a == b:
		return a, true
	case a.IsNumeric() && b.IsNumeric():
		return widen(a, b), true
	}
	return a, false
}

func widen(a, b table.Type) table.Type {
	rank := func(t table.Type) int {
		switch t {
		case table.Int:
			return 1
		case table.Long:
			return 2
		case table.Real:
			return 3
		case table.Decimal:
			return 4
		}
		return 0
	}
	if rank(a) >= rank(b) {
		return a
	}
	return b
}

// callUser expands a user-defined function call in place: parameters are
// bound to the caller's argument expressions and the body is bound in a
// scope nested in the function's defining scope.
func (b *binder) callUser(e *syntax.Call, bd *binding, sc *scope, row *rowCtx) Expr {
	inner, last, ok := b.enterUser(e, bd, sc, row)
	if !ok {
		return bad
	}
	defer func() { b.depth-- }()
	if b.isTabular(last, inner) {
		b.errorf(e, syntax.CodeTypeMismatch, "%s() returns a table, not a scalar", e.Fun.Name)
		return bad
	}
	return b.scalar(last, inner, nil)
}

// callUserTab expands a tabular user function.
func (b *binder) callUserTab(e *syntax.Call, bd *binding, sc *scope) Node {
	inner, last, ok := b.enterUser(e, bd, sc, nil)
	if !ok {
		return &Values{}
	}
	defer func() { b.depth-- }()
	return b.tabular(last, inner)
}

// enterUser binds a user function's arguments and let statements,
// returning the scope and the body's final expression. On success the
// caller must decrement b.depth.
func (b *binder) enterUser(e *syntax.Call, bd *binding, sc *scope, row *rowCtx) (*scope, syntax.Expr, bool) {
	if b.depth >= maxCallDepth {
		b.errorf(e, syntax.CodeTooDeep, "function calls nest deeper than %d (recursion is not allowed)", maxCallDepth)
		return nil, nil, false
	}
	fn := bd.fn
	inner := newScope(bd.def)
	args := map[string]syntax.Expr{}
	for _, a := range e.Args {
		if na, ok := a.(*syntax.NamedArg); ok {
			if !hasParam(fn, na.Name.Name) {
				b.errorf(na.Name, syntax.CodeArgCount, "%s() has no parameter '%s'", e.Fun.Name, na.Name.Name)
				return nil, nil, false
			}
			args[na.Name.Name] = na.Value
		}
	}
	// Positional arguments fill, in order, the parameters not named.
	pos := 0
	for _, a := range e.Args {
		if _, ok := a.(*syntax.NamedArg); ok {
			continue
		}
		for pos < len(fn.Params) && args[fn.Params[pos].Name.Name] != nil {
			pos++
		}
		if pos >= len(fn.Params) {
			b.errorf(a, syntax.CodeArgCount, "%s() takes %d arguments", e.Fun.Name, len(fn.Params))
			return nil, nil, false
		}
		args[fn.Params[pos].Name.Name] = a
		pos++
	}
	for _, p := range fn.Params {
		a, given := args[p.Name.Name]
		if !given {
			if p.Default == nil {
				b.errorf(e, syntax.CodeArgCount, "%s(): missing argument '%s'", e.Fun.Name, p.Name.Name)
				return nil, nil, false
			}
			inner.names[p.Name.Name] = &binding{kind: bindScalar, expr: asParam(b.scalar(p.Default, bd.def, nil), p.Type)}
			continue
		}
		if p.Tabular {
			inner.names[p.Name.Name] = &binding{kind: bindNode, node: b.tabular(a, sc)}
			continue
		}
		x := b.scalar(a, sc, row)
		if p.Type != table.Unknown && x.Type() != table.Unknown && x.Type() != p.Type {
			if !(p.Type.IsNumeric() && x.Type().IsNumeric()) && p.Type != table.Dynamic {
				b.errorf(a, syntax.CodeTypeMismatch, "%s(): argument '%s' must be %s, not %s", e.Fun.Name, p.Name.Name, p.Type, x.Type())
			}
		}
		inner.names[p.Name.Name] = &binding{kind: bindScalar, expr: asParam(x, p.Type)}
	}
	b.depth++
	var last syntax.Expr
	for _, st := range fn.Body {
		switch st := st.(type) {
		case *syntax.LetStmt:
			b.let(st, inner)
		case *syntax.ExprStmt:
			last = st.X
		}
	}
	if last == nil {
		b.depth--
		b.errorf(e, syntax.CodeInvalid, "%s() has no body expression", e.Fun.Name)
		return nil, nil, false
	}
	return inner, last, true
}

func hasParam(fn *syntax.FuncDecl, name string) bool {
	for _, p := range fn.Params {
		if p.Name.Name == name {
			return true
		}
	}
	return false
}

// asParam gives a numeric argument its parameter's declared type: inside
// the body a (x:real) parameter is a real even when the caller passed 1,
// so x / 2 is a real division (Kusto.Language types the parameter by its
// declaration).
func asParam(x Expr, t table.Type) Expr {
	xt := x.Type()
	if xt == t || !t.IsNumeric() || !xt.IsNumeric() {
		return x
	}
	return fold(&Unary{Op: t.String(), T: t, X: x, Fn: func(v table.Value) table.Value {
		return convfn.Convert(v, t)
	}})
}

// ingestionTimeColumns are the columns ingestion_time() reads, in order of
// preference.
var ingestionTimeColumns = []string{"_TimeReceived", "IngestionTime", "TimeGenerated"}

// ingestionTime binds ingestion_time(). In Kusto it reads the hidden
// $IngestionTime a record got when the cluster ingested it (null outside
// a table's rows, or without the IngestionTime policy)
// [D:ingestion-time-function.md]. Offline there is no ingestion: records
// come from files, so the nearest thing is the time the pipeline received
// the record, which Sentinel tables that have it keep in _TimeReceived
// (or, in some exports, IngestionTime); failing that, TimeGenerated,
// which for most connectors is within minutes of ingestion, so the
// usual "ingestion_time() > ago(1h)" windows still select the recent
// rows. A row with none of these datetime columns (print, a datatable)
// gives null, as Kusto does outside a table. This is a choice for
// offline runs, not Kusto's definition; it needs the row schema, so it
// is bound here rather than in funcs.
func (b *binder) ingestionTime(e *syntax.Call, row *rowCtx) Expr {
	if len(e.Args) != 0 {
		b.errorf(e, syntax.CodeArgCount, "ingestion_time() takes no arguments, got %d", len(e.Args))
		return bad
	}
	for _, name := range ingestionTimeColumns {
		if i, t, ok := row.col(name); ok && t == table.Datetime {
			return &Col{Index: i, Name: name, T: table.Datetime}
		}
	}
	return &Const{V: table.Null, T: table.Datetime}
}
