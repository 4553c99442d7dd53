package plan

import (
	"reconwatch/internal/kql/funcs/convfn"
	"reconwatch/internal/kql/syntax"
	"reconwatch/internal/table"
)

// poison stands for a table whose definition failed to bind. Its errors
// were reported where it was defined; operators over it report nothing
// more, so one mistake gives one diagnostic, not a cascade.
var poison = &Values{}

// CatalogNames is implemented by catalogs that can list their tables, for
// "did you mean" suggestions.
type CatalogNames interface {
	Names() []string
}

// CatalogFunctions is implemented by catalogs that know workspace
// functions returning tables (Sentinel's ASIM parsers: _Im_Dns, imDns).
// Such a function reads as an empty table of its schema unless data for
// it is supplied under its name.
type CatalogFunctions interface {
	Function(name string) (table.Schema, bool)
}

// Names implements CatalogNames.
func (m MapCatalog) Names() []string {
	out := make([]string, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	return out
}

// tabular binds a tabular expression.
func (b *binder) tabular(e syntax.Expr, sc *scope) Node {
	switch e := e.(type) {
	case *syntax.Pipeline:
		n := b.tabular(e.Source, sc)
		for _, op := range e.Ops {
			if n == poison {
				return poison // the source failed; its errors are reported
			}
			n = b.op(op, n, sc)
		}
		return n
	case *syntax.Paren:
		return b.tabular(e.X, sc)
	case *syntax.Ident:
		return b.tableRef(e, e.Name, sc)
	case *syntax.Call:
		return b.tabularCall(e, sc)
	case *syntax.Datatable:
		return b.datatable(e, sc)
	case *syntax.PrintExpr:
		return b.print(e, sc)
	case *syntax.RangeExpr:
		return b.rangeExpr(e, sc)
	case *syntax.UnionExpr:
		return b.union(e.Op, nil, sc)
	case *syntax.ExternalDataExpr:
		// reconwatch fetches no URLs: externaldata reads the records bound
		// to the table "externaldata" (--table externaldata=FILE), typed
		// by the declared schema, and is empty otherwise.
		out := make(table.Schema, len(e.Columns))
		for i, c := range e.Columns {
			out[i] = table.Column{Name: c.Name.Name, Type: c.Type}
		}
		b.tables["externaldata"] = true
		return &Scan{Table: "externaldata", Full: out, Out: out}
	}
	b.errorf(e, syntax.CodeTypeMismatch, "expected a tabular expression")
	return &Values{}
}

func (b *binder) tableRef(n syntax.Node, name string, sc *scope) Node {
	if bd := sc.lookup(name); bd != nil {
		switch bd.kind {
		case bindTabular:
			return b.tabular(bd.ast, bd.def)
		case bindNode:
			return bd.node
		case bindFunc:
			if len(bd.fn.Params) == 0 {
				return b.callUserTab(&syntax.Call{Fun: &syntax.Ident{NamePos: n.Pos(), Name: name, Raw: name}, Lparen: n.End(), Rparen: n.End() - 1}, bd, sc)
			}
			b.errorf(n, syntax.CodeInvalid, "'%s' is a function; call it with arguments", name)
			return &Values{}
		case bindScalar:
			b.errorf(n, syntax.CodeTypeMismatch, "'%s' is a scalar, not a table", name)
			return &Values{}
		}
	}
	if s, ok := b.opt.Catalog.Table(name); ok {
		b.tables[name] = true
		full := append(table.Schema(nil), s...)
		return &Scan{Table: name, Full: full, Out: full}
	}
	if cf, ok := b.opt.Catalog.(CatalogFunctions); ok {
		if s, ok := cf.Function(name); ok {
			b.tables[name] = true
			full := append(table.Schema(nil), s...)
			return &Scan{Table: name, Full: full, Out: full}
		}
	}
	var cands []string
	if cn, ok := b.opt.Catalog.(CatalogNames); ok {
		cands = cn.Names()
	}
	cands = append(cands, sc.all()...)
	b.unknown(n, "table", name, cands)
	return &Values{}
}

func (b *binder) tabularCall(e *syntax.Call, sc *scope) Node {
	switch e.Fun.Name {
	case "materialize":
		if len(e.Args) != 1 {
			b.errorf(e, syntax.CodeArgCount, "materialize() takes 1 argument")
			return &Values{}
		}
		return &Materialize{In: b.tabular(e.Args[0], sc), ID: b.newMat()}
	case "table", "view":
		if len(e.Args) < 1 {
			b.errorf(e, syntax.CodeArgCount, "table() takes a table name")
			return &Values{}
		}
		v := b.scalar(e.Args[0], sc, nil)
		c, ok := IsConst(v)
		if !ok || c.K != table.KString {
			b.errorf(e.Args[0], syntax.CodeInvalid, "table() needs a constant table name")
			return &Values{}
		}
		return b.tableRef(e.Args[0], c.S, sc)
	}
	if bd := sc.lookup(e.Fun.Name); bd != nil && bd.kind == bindFunc {
		return b.callUserTab(e, bd, sc)
	}
	if bd := sc.lookup(e.Fun.Name); bd != nil {
		b.errorf(e.Fun, syntax.CodeInvalid, "'%s' is not a function", e.Fun.Name)
		return &Values{}
	}
	if cf, ok := b.opt.Catalog.(CatalogFunctions); ok {
		if _, ok := cf.Function(e.Fun.Name); ok {
			// ASIM parsers take optional filter parameters; with no data
			// behind them the arguments do not change the result.
			return b.tableRef(e.Fun, e.Fun.Name, sc)
		}
	}
	b.unknown(e.Fun, "tabular function", e.Fun.Name, sc.all())
	return &Values{}
}

func (b *binder) datatable(e *syntax.Datatable, sc *scope) Node {
	out := make(table.Schema, len(e.Columns))
	for i, c := range e.Columns {
		// Two columns of one name would make later references
		// ambiguous; Kusto.Language rejects it.
		if out[:i].Index(c.Name.Name) >= 0 {
			b.errorf(c.Name, syntax.CodeInvalid, "datatable declares column '%s' twice", c.Name.Name)
		}
		out[i] = table.Column{Name: c.Name.Name, Type: c.Type}
	}
	n := &Values{Out: out}
	w := len(out)
	if w == 0 {
		return n
	}
	if len(e.Values)%w != 0 {
		b.errorf(e, syntax.CodeInvalid, "datatable has %d values, not a multiple of its %d columns", len(e.Values), w)
		return n
	}
	for i := 0; i < len(e.Values); i += w {
		row := make([]table.Value, w)
		for j := 0; j < w; j++ {
			x := b.scalar(e.Values[i+j], sc, nil)
			v, ok := IsConst(x)
			if !ok {
				b.errorf(e.Values[i+j], syntax.CodeInvalid, "datatable values must be constants")
				continue
			}
			ct := out[j].Type
			if v.K != table.KNull && !valueFits(v, ct) {
				b.errorf(e.Values[i+j], syntax.CodeTypeMismatch, "value of type %s does not fit column '%s' of type %s", typeOfValue(v), out[j].Name, ct)
				continue
			}
			row[j] = convfn.Convert(v, ct)
		}
		n.Rows = append(n.Rows, row)
	}
	return n
}

// valueFits reports whether a literal may fill a column of type t.
func valueFits(v table.Value, t table.Type) bool {
	vt := typeOfValue(v)
	switch {
	case t == table.Dynamic:
		return true
	case vt == t:
		return true
	case t.IsNumeric() && vt.IsNumeric():
		return true
	case t == table.Guid && vt == table.String:
		return true
	}
	return false
}

func (b *binder) print(e *syntax.PrintExpr, sc *scope) Node {
	src := &Values{Rows: [][]table.Value{{}}}
	out := table.Schema{}
	exprs := make([]Expr, 0, len(e.Items))
	// print's single row is trivially in order: window functions see a
	// serialized row set of one row.
	win := &windowCollector{op: "print", in: src, reserved: -1, serialized: true}
	row := &rowCtx{win: win}
	declared := map[string]bool{}
	for i, it := range e.Items {
		for _, c := range b.bindItem(it, sc, row, true) {
			name := c.name
			switch {
			case c.declared:
				if declared[name] {
					b.errDeclared(c.node, name)
					continue
				}
				declared[name] = true
			case name == "":
				name = "print_" + itoa(i)
			}
			name = uniqueName(name, schemaHas(out))
			out = append(out, table.Column{Name: name, Type: resolved(c.x.Type())})
			exprs = append(exprs, c.x)
		}
	}
	var in Node = src
	if len(win.calls) > 0 {
		in = win.node()
	}
	return &Compute{In: in, Exprs: exprs, Out: out}
}

// resolved maps Unknown (an untyped null) to a concrete type for output
// schemas; Kusto types a bare null literal as dynamic... in print it
// shows as an empty cell of type (inferred) string? We choose dynamic.
func resolved(t table.Type) table.Type {
	if t == table.Unknown {
		return table.Dynamic
	}
	return t
}

func (b *binder) rangeExpr(e *syntax.RangeExpr, sc *scope) Node {
	from := b.scalar(e.From, sc, nil)
	to := b.scalar(e.To, sc, nil)
	step := b.scalar(e.Step, sc, nil)
	t := from.Type()
	switch t {
	case table.Int, table.Long:
		if to.Type() == table.Real || step.Type() == table.Real {
			t = table.Real
		} else {
			t = table.Long
		}
	case table.Real, table.Datetime, table.Timespan, table.Unknown, table.Decimal:
	default:
		b.errorf(e.From, syntax.CodeTypeMismatch, "range needs numbers, datetimes or timespans, not %s", t)
	}
	return &Range{Out: table.Schema{{Name: e.Name.Name, Type: resolved(t)}}, From: from, To: to, Step: step}
}

// op binds one pipeline operator applied to in.
func (b *binder) op(o syntax.Operator, in Node, sc *scope) Node {
	row := &rowCtx{schema: in.Schema()}
	switch o := o.(type) {
	case *syntax.WhereOp:
		win := row.windows("where", in)
		p := b.predicate(o.Pred, sc, row)
		if t := p.Type(); t != table.Bool && t != table.Unknown && t != table.Dynamic {
			b.errorf(o.Pred, syntax.CodeTypeMismatch, "where needs a bool predicate, not %s", t)
		}
		if len(win.calls) > 0 {
			return dropColumns(&Filter{In: win.node(), Pred: p}, len(row.schema), len(win.calls))
		}
		if j, ok := in.(*Join); ok && j.Kind == JoinInnerUnique && readsOnlyBelow(p, len(j.Left.Schema())) {
			// Kusto filters the left side before innerunique's
			// de-duplication when the predicate reads only left columns;
			// doing the same keeps which row survives the same.
			nj := *j
			nj.Left = &Filter{In: j.Left, Pred: p}
			return &nj
		}
		return &Filter{In: in, Pred: p}
	case *syntax.ExtendOp:
		return b.extend(o.Items, in, sc, false)
	case *syntax.ProjectOp:
		return b.project(o, in, sc, "")
	case *syntax.ProjectAwayOp:
		return b.projectAway(o, in)
	case *syntax.ProjectRenameOp:
		return b.projectRename(o, in)
	case *syntax.ProjectReorderOp:
		return b.projectReorder(o, in)
	case *syntax.SummarizeOp:
		return b.summarize(o, in, sc)
	case *syntax.CountOp:
		return &Count{In: in}
	case *syntax.TakeOp:
		return &Take{In: in, N: b.constLong(o.N, sc, "take")}
	case *syntax.TopOp:
		win := row.windows("top", in)
		n := b.constLong(o.N, sc, "top")
		return win.wrapSort(&Sort{In: in, Keys: []SortKey{b.sortKey(o.By, sc, row)}, Limit: n})
	case *syntax.SortOp:
		win := row.windows("sort", in)
		keys := make([]SortKey, 0, len(o.Keys))
		for _, k := range o.Keys {
			key := b.sortKey(k, sc, row)
			if key.X.Type() == table.Dynamic {
				// Kusto.Language: "The value of type 'dynamic' is not
				// allowed in this context" (top accepts it).
				b.errorf(k.X, syntax.CodeTypeMismatch, "sort cannot order by a dynamic value; convert it with tostring(), tolong(), todouble() or todatetime()")
			}
			keys = append(keys, key)
		}
		return win.wrapSort(&Sort{In: in, Keys: keys, Limit: -1})
	case *syntax.DistinctOp:
		return b.distinct(o, in, sc)
	case *syntax.JoinOp:
		return b.join(o, in, sc)
	case *syntax.LookupOp:
		return b.lookup(o, in, sc)
	case *syntax.UnionOp:
		return b.union(o, in, sc)
	case *syntax.MvExpandOp:
		return b.mvExpand(o, in, sc)
	case *syntax.ParseOp:
		return b.parse(o, in, sc)
	case *syntax.AsOp:
		// as names a subquery for union withsource; the rows pass through.
		return &Named{In: in, Name: o.Name.Name}
	case *syntax.RenderOp:
		return in
	case *syntax.SerializeOp:
		n := in
		if len(o.Items) > 0 {
			n = b.extend(o.Items, in, sc, true)
		}
		return &Serialize{In: n}
	case *syntax.GetSchemaOp:
		return getSchema(in)
	case *syntax.EvaluateOp:
		return b.evaluate(o, in, sc)
	case *syntax.InvokeOp:
		return b.invoke(o, in, sc)
	case *syntax.MakeSeriesOp:
		return b.makeSeries(o, in, sc)
	case *syntax.MvApplyOp:
		return b.mvApply(o, in, sc)
	}
	b.errorf(o, syntax.CodeUnsupported, "unsupported operator")
	return in
}

// Named marks a subquery named by as (for union withsource); rows pass
// through unchanged.
type Named struct {
	In   Node
	Name string
}

// Schema implements Node.
func (n *Named) Schema() table.Schema { return n.In.Schema() }

// predicate binds a where predicate, expanding `* has "x"` (and other
// string operators with a * left side) into an or over every column.
func (b *binder) predicate(e syntax.Expr, sc *scope, row *rowCtx) Expr {
	if bin, ok := e.(*syntax.Binary); ok {
		if _, star := bin.X.(*syntax.Star); star {
			if _, ok := stringOps[bin.Op]; !ok {
				b.errorf(bin, syntax.CodeInvalid, "* is only valid on the left of a string operator such as has")
				return bad
			}
			var acc Expr
			for i, c := range row.schema {
				one := b.binary(&syntax.Binary{X: &syntax.Ident{NamePos: bin.X.Pos(), Name: c.Name, Raw: "*"}, OpPos: bin.OpPos, Op: bin.Op, Y: bin.Y}, sc, row)
				_ = i
				if acc == nil {
					acc = one
				} else {
					acc = &Logic{And: false, X: acc, Y: one}
				}
			}
			if acc == nil {
				return &Const{V: table.NewBool(false), T: table.Bool}
			}
			return acc
		}
	}
	return b.scalar(e, sc, row)
}

func (b *binder) constLong(e syntax.Expr, sc *scope, what string) int64 {
	x := b.scalar(e, sc, nil)
	v, ok := IsConst(x)
	if !ok || (v.K != table.KLong && v.K != table.KInt) {
		if x != bad {
			b.errorf(e, syntax.CodeInvalid, "%s needs a constant whole number", what)
		}
		return 0
	}
	if v.I < 0 {
		b.errorf(e, syntax.CodeInvalid, "%s needs a non-negative number", what)
		return 0
	}
	return v.I
}

func (b *binder) sortKey(k *syntax.SortKey, sc *scope, row *rowCtx) SortKey {
	x := b.scalar(k.X, sc, row)
	nf := k.NullsFirst
	if !k.NullsSet {
		nf = k.Asc
	}
	return SortKey{X: x, Asc: k.Asc, NullsFirst: nf}
}

// getSchema describes in's columns as rows.
func getSchema(in Node) Node {
	out := table.Schema{
		{Name: "ColumnName", Type: table.String},
		{Name: "ColumnOrdinal", Type: table.Int},
		{Name: "DataType", Type: table.String},
		{Name: "ColumnType", Type: table.String},
	}
	v := &Values{Out: out}
	for i, c := range in.Schema() {
		v.Rows = append(v.Rows, []table.Value{
			table.NewString(c.Name), table.NewInt(int64(i)),
			table.NewString(dotnetType(c.Type)), table.NewString(c.Type.String()),
		})
	}
	return v
}

func dotnetType(t table.Type) string {
	switch t {
	case table.Bool:
		return "System.Boolean"
	case table.Int:
		return "System.Int32"
	case table.Long:
		return "System.Int64"
	case table.Real:
		return "System.Double"
	case table.Decimal:
		return "System.Data.SqlTypes.SqlDecimal"
	case table.Datetime:
		return "System.DateTime"
	case table.Timespan:
		return "System.TimeSpan"
	case table.String:
		return "System.String"
	case table.Guid:
		return "System.Guid"
	}
	return "System.Object"
}
