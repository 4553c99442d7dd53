package plan

// Walk calls f on n and every node below it, including the plans of
// subqueries held by expressions (toscalar, in, has_any). When f returns
// false, Walk does not descend below that node.
func Walk(n Node, f func(Node) bool) {
	if n == nil || !f(n) {
		return
	}
	exprs := func(xs ...Expr) {
		for _, x := range xs {
			walkExpr(x, func(e Expr) {
				switch e := e.(type) {
				case *SubScalar:
					Walk(e.Plan, f)
				case *InSet:
					Walk(e.Sub, f)
				case *HasAny:
					Walk(e.Sub, f)
				}
			})
		}
	}
	switch n := n.(type) {
	case *Range:
		exprs(n.From, n.To, n.Step)
	case *Filter:
		exprs(n.Pred)
		Walk(n.In, f)
	case *Compute:
		exprs(n.Exprs...)
		Walk(n.In, f)
	case *Extend:
		exprs(n.Exprs...)
		Walk(n.In, f)
	case *MvApply:
		Walk(n.In, f)
		Walk(n.Sub, f)
	case *MakeSeries:
		exprs(n.Keys...)
		exprs(n.Axis)
		for _, a := range n.Aggs {
			exprs(a.Args...)
		}
		Walk(n.In, f)
	case *Aggregate:
		exprs(n.Keys...)
		for _, a := range n.Aggs {
			exprs(a.Args...)
			if a.Multi != nil {
				exprs(a.Multi.Key)
				exprs(a.Multi.Outs...)
			}
		}
		Walk(n.In, f)
	case *Sort:
		for _, k := range n.Keys {
			exprs(k.X)
		}
		Walk(n.In, f)
	case *Take:
		Walk(n.In, f)
	case *Distinct:
		Walk(n.In, f)
	case *Count:
		Walk(n.In, f)
	case *Join:
		Walk(n.Left, f)
		Walk(n.Right, f)
	case *Union:
		for _, l := range n.Legs {
			Walk(l, f)
		}
	case *MvExpand:
		exprs(n.Exprs...)
		Walk(n.In, f)
	case *Parse:
		exprs(n.Source)
		Walk(n.In, f)
	case *Materialize:
		Walk(n.In, f)
	case *Serialize:
		Walk(n.In, f)
	case *Named:
		Walk(n.In, f)
	case *BagUnpack:
		Walk(n.In, f)
	case *Pivot:
		Walk(n.In, f)
	case *IPv4Lookup:
		Walk(n.In, f)
		Walk(n.Lookup, f)
	case *Basket:
		Walk(n.In, f)
	case *Window:
		for _, c := range n.Calls {
			exprs(c.Exprs()...)
		}
		Walk(n.In, f)
	}
}

// ScanCounts counts how many times the program scans each table. A
// materialized plan shared by several references counts once.
func (p *Program) ScanCounts() map[string]int {
	counts := map[string]int{}
	seenMat := map[int]bool{}
	for _, r := range p.Results {
		Walk(r, func(n Node) bool {
			switch n := n.(type) {
			case *Scan:
				counts[n.Table]++
			case *Materialize:
				if seenMat[n.ID] {
					return false // the same cached plan: its scans run once
				}
				seenMat[n.ID] = true
			}
			return true
		})
	}
	return counts
}
