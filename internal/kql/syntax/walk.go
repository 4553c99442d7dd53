package syntax

// Inspect traverses the tree rooted at n in depth-first order, calling
// f(node) for every node that implements Node (statements, expressions,
// operators and named expressions), parents before children. If f returns
// false, Inspect skips the node's children. Nil children are skipped.
func Inspect(n Node, f func(Node) bool) {
	if n == nil || isNilNode(n) || !f(n) {
		return
	}
	forEachChild(n, func(c Node) { Inspect(c, f) })
}

// treeDepth returns the depth of the tree rooted at n without recursion,
// so that it is safe on trees too deep for recursive walkers.
func treeDepth(n Node) int {
	type item struct {
		n Node
		d int
	}
	max := 0
	stack := []item{{n, 1}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.n == nil || isNilNode(it.n) {
			continue
		}
		if it.d > max {
			max = it.d
		}
		forEachChild(it.n, func(c Node) { stack = append(stack, item{c, it.d + 1}) })
	}
	return max
}

// forEachChild calls visit for each direct child of n that is a Node
// (possibly nil, which visitors skip).
func forEachChild(n Node, visit func(Node)) {
	exprs := func(xs []Expr) {
		for _, x := range xs {
			visit(x)
		}
	}
	named := func(xs []*NamedExpr) {
		for _, x := range xs {
			visit(x)
		}
	}
	idents := func(xs []*Ident) {
		for _, x := range xs {
			visit(x)
		}
	}
	options := func(os []*Option) {
		for _, o := range os {
			visit(o.Value)
		}
	}
	columns := func(cs []*ColumnDecl) {
		for _, c := range cs {
			visit(c.Name)
		}
	}
	params := func(ps []*Param) {
		for _, p := range ps {
			visit(p.Name)
			columns(p.Columns)
			visit(p.Default)
		}
	}
	mvItems := func(items []*MvExpandItem) {
		for _, it := range items {
			visit(it.Col)
		}
	}
	switch x := n.(type) {
	case *LetStmt:
		visit(x.Name)
		visit(x.Value)
		if x.Func != nil {
			params(x.Func.Params)
			for _, s := range x.Func.Body {
				visit(s)
			}
		}
	case *ExprStmt:
		visit(x.X)
	case *SetStmt:
		visit(x.Value)
	case *DeclareStmt:
		params(x.Params)
	case *Ident, *Literal, *Star:
	case *Binary:
		visit(x.X)
		visit(x.Y)
	case *Unary:
		visit(x.X)
	case *InExpr:
		visit(x.X)
		exprs(x.List)
	case *Between:
		visit(x.X)
		visit(x.Lo)
		visit(x.Hi)
	case *Call:
		visit(x.Fun)
		exprs(x.Args)
	case *NamedArg:
		visit(x.Name)
		visit(x.Value)
	case *Paren:
		visit(x.X)
	case *Member:
		visit(x.X)
		visit(x.Name)
	case *Index:
		visit(x.X)
		visit(x.Index)
	case *Pipeline:
		visit(x.Source)
		for _, op := range x.Ops {
			visit(op)
		}
	case *Datatable:
		columns(x.Columns)
		exprs(x.Values)
	case *PrintExpr:
		named(x.Items)
	case *RangeExpr:
		visit(x.Name)
		visit(x.From)
		visit(x.To)
		visit(x.Step)
	case *UnionExpr:
		visit(x.Op)
	case *ExternalDataExpr:
		columns(x.Columns)
		exprs(x.URIs)
		options(x.Options)
	case *NamedExpr:
		visit(x.Name)
		idents(x.Names)
		visit(x.X)
	case *WhereOp:
		visit(x.Pred)
	case *ExtendOp:
		named(x.Items)
	case *ProjectOp:
		named(x.Items)
	case *ProjectAwayOp:
		idents(x.Columns)
	case *ProjectRenameOp:
		named(x.Items)
	case *ProjectReorderOp:
		for _, c := range x.Columns {
			visit(c.Name)
		}
	case *SummarizeOp:
		options(x.Options)
		named(x.Aggs)
		named(x.By)
	case *CountOp, *GetSchemaOp, *RenderOp:
	case *TakeOp:
		visit(x.N)
	case *TopOp:
		visit(x.N)
		visit(x.By.X)
	case *SortOp:
		for _, k := range x.Keys {
			visit(k.X)
		}
	case *DistinctOp:
		exprs(x.Items)
	case *JoinOp:
		options(x.Options)
		visit(x.Right)
		exprs(x.On)
	case *LookupOp:
		options(x.Options)
		visit(x.Right)
		exprs(x.On)
	case *UnionOp:
		options(x.Options)
		exprs(x.Tables)
	case *MvExpandOp:
		options(x.Options)
		mvItems(x.Items)
		visit(x.Limit)
	case *MvApplyOp:
		options(x.Options)
		mvItems(x.Items)
		visit(x.Limit)
		visit(x.Sub)
	case *ParseOp:
		options(x.Options)
		visit(x.Source)
		for _, part := range x.Pattern {
			if part.Const != nil {
				visit(part.Const)
			}
			if part.Column != nil {
				visit(part.Column.Name)
			}
		}
	case *AsOp:
		visit(x.Name)
	case *EvaluateOp:
		options(x.Options)
		visit(x.Plugin)
		columns(x.Schema)
	case *InvokeOp:
		visit(x.Call)
	case *SerializeOp:
		named(x.Items)
	case *MakeSeriesOp:
		options(x.Options)
		named(x.Aggs)
		exprs(x.Defaults)
		visit(x.On)
		visit(x.From)
		visit(x.To)
		visit(x.Step)
		named(x.By)
	}
}

// isNilNode reports whether n is a typed nil pointer (a nil *Ident in an
// interface, say), which Inspect treats like a missing child.
func isNilNode(n Node) bool {
	switch x := n.(type) {
	case *Ident:
		return x == nil
	case *Literal:
		return x == nil
	case *NamedExpr:
		return x == nil
	case *Call:
		return x == nil
	case *Pipeline:
		return x == nil
	case *UnionOp:
		return x == nil
	}
	return false
}
