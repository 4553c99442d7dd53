package plan

import "reconwatch/internal/table"

// analyzeNeeds pushes column requirements down the plan so every Scan
// knows which columns to decode (Scan.Cols). need[i] says whether output
// column i of n is used; nil means all.
func analyzeNeeds(n Node, need []bool) {
	if need == nil {
		need = allTrue(len(n.Schema()))
	}
	switch n := n.(type) {
	case *Scan:
		// A plan node can have several consumers (a tabular function
		// parameter or invoke input referenced twice is one shared
		// node), so the scan decodes the union of what every visit
		// needs, not just what the last one needs.
		cols := make([]bool, len(n.Out))
		for _, c := range n.Cols {
			cols[c] = true
		}
		n.Cols = n.Cols[:0]
		for i := range cols {
			if cols[i] || (i < len(need) && need[i]) {
				n.Cols = append(n.Cols, i)
			}
		}
	case *Values:
	case *Range:
		exprsNeeds(nil, n.From, n.To, n.Step)
	case *Filter:
		in := copyNeed(need)
		exprsNeeds(in, n.Pred)
		analyzeNeeds(n.In, in)
	case *Compute:
		in := make([]bool, len(n.In.Schema()))
		for j, x := range n.Exprs {
			if j < len(need) && need[j] {
				exprsNeeds(in, x)
			}
		}
		analyzeNeeds(n.In, in)
	case *Extend:
		width := len(n.In.Schema())
		want := copyNeed(need)
		// Walk the items backwards: a needed item needs what it reads,
		// which may be an earlier item's slot.
		for k := len(n.Exprs) - 1; k >= 0; k-- {
			slot := n.Slots[k]
			if slot < len(want) && want[slot] {
				want[slot] = false
				exprsNeeds(want, n.Exprs[k])
			}
		}
		analyzeNeeds(n.In, want[:width])
	case *MvApply:
		// the subquery reads the row through RowInput: keep every column
		analyzeNeeds(n.In, nil)
		analyzeNeeds(n.Sub, nil)
	case *MakeSeries:
		in := make([]bool, len(n.In.Schema()))
		exprsNeeds(in, n.Keys...)
		exprsNeeds(in, n.Axis)
		for _, a := range n.Aggs {
			exprsNeeds(in, a.Args...)
		}
		analyzeNeeds(n.In, in)
	case *Aggregate:
		in := make([]bool, len(n.In.Schema()))
		exprsNeeds(in, n.Keys...)
		for _, a := range n.Aggs {
			exprsNeeds(in, a.Args...)
			if a.Multi != nil {
				exprsNeeds(in, a.Multi.Key)
				exprsNeeds(in, a.Multi.Outs...)
			}
		}
		analyzeNeeds(n.In, in)
	case *Sort:
		in := copyNeed(need)
		for _, k := range n.Keys {
			exprsNeeds(in, k.X)
		}
		analyzeNeeds(n.In, in)
	case *Take:
		analyzeNeeds(n.In, need)
	case *Distinct:
		analyzeNeeds(n.In, nil)
	case *Count:
		analyzeNeeds(n.In, make([]bool, len(n.In.Schema())))
	case *Join:
		lw := len(n.Left.Schema())
		rw := len(n.Right.Schema())
		ln := make([]bool, lw)
		rn := make([]bool, rw)
		switch n.Kind {
		case JoinLeftAnti, JoinLeftSemi:
			copy(ln, need)
		case JoinRightAnti, JoinRightSemi:
			copy(rn, need)
		default:
			copy(ln, need[:lw])
			for j, rc := range n.RightCols {
				if lw+j < len(need) && need[lw+j] {
					rn[rc] = true
				}
			}
		}
		for _, k := range n.LeftKeys {
			ln[k] = true
		}
		for _, k := range n.RightKeys {
			rn[k] = true
		}
		analyzeNeeds(n.Left, ln)
		analyzeNeeds(n.Right, rn)
	case *Union:
		for i, l := range n.Legs {
			in := make([]bool, len(l.Schema()))
			for j, src := range n.Map[i] {
				if src >= 0 && j < len(need) && need[j] {
					in[src] = true
				}
			}
			analyzeNeeds(l, in)
		}
	case *MvExpand:
		in := copyNeed(need)
		exprsNeeds(in, n.Exprs...)
		analyzeNeeds(n.In, in[:len(n.In.Schema())])
	case *Parse:
		in := copyNeed(need)[:len(n.In.Schema())]
		exprsNeeds(in, n.Source)
		analyzeNeeds(n.In, in)
	case *Materialize:
		analyzeNeeds(n.In, nil)
	case *Serialize:
		analyzeNeeds(n.In, need)
	case *Named:
		analyzeNeeds(n.In, need)
	case *BagUnpack:
		analyzeNeeds(n.In, nil)
	case *Pivot:
		analyzeNeeds(n.In, nil)
	case *Basket:
		analyzeNeeds(n.In, nil)
	case *IPv4Lookup:
		w := len(n.In.Schema())
		in := make([]bool, w)
		copy(in, need)
		in[n.Key] = true
		for _, k := range n.ExtraKeys {
			in[k] = true
		}
		lk := make([]bool, len(n.Lookup.Schema()))
		lk[n.LookupKey] = true
		for _, k := range n.ExtraLookup {
			lk[k] = true
		}
		for j, c := range n.LookupCols {
			if w+j < len(need) && need[w+j] {
				lk[c] = true
			}
		}
		analyzeNeeds(n.In, in)
		analyzeNeeds(n.Lookup, lk)
	case *Window:
		// Every call runs on every row (a later call may read an
		// earlier one's hidden column), so all their inputs are needed.
		in := make([]bool, len(n.In.Schema()))
		copy(in, need)
		for _, c := range n.Calls {
			exprsNeeds(in, c.Exprs()...)
			if c.Kind == WinPrev || c.Kind == WinNext {
				in[c.Col] = true
			}
		}
		analyzeNeeds(n.In, in)
	}
}

func allTrue(n int) []bool {
	out := make([]bool, n)
	for i := range out {
		out[i] = true
	}
	return out
}

func copyNeed(need []bool) []bool {
	return append([]bool(nil), need...)
}

// exprsNeeds marks in need every column the expressions read, and
// analyzes subquery plans they hold.
func exprsNeeds(need []bool, xs ...Expr) {
	for _, x := range xs {
		walkExpr(x, func(e Expr) {
			switch e := e.(type) {
			case *Col:
				if need != nil && e.Index < len(need) {
					need[e.Index] = true
				}
			case *SubScalar:
				analyzeNeeds(e.Plan, firstOnly(e.Plan.Schema()))
			case *InSet:
				if e.Sub != nil {
					analyzeNeeds(e.Sub, firstOnly(e.Sub.Schema()))
				}
			case *HasAny:
				if e.Sub != nil {
					analyzeNeeds(e.Sub, firstOnly(e.Sub.Schema()))
				}
			}
		})
	}
}

func firstOnly(s table.Schema) []bool {
	out := make([]bool, len(s))
	if len(out) > 0 {
		out[0] = true
	}
	return out
}

// walkExpr calls f on e and every sub-expression.
func walkExpr(e Expr, f func(Expr)) {
	if e == nil {
		return
	}
	f(e)
	switch e := e.(type) {
	case *Call:
		for _, a := range e.Args {
			walkExpr(a, f)
		}
	case *Unary:
		walkExpr(e.X, f)
	case *Binary:
		walkExpr(e.X, f)
		walkExpr(e.Y, f)
	case *Logic:
		walkExpr(e.X, f)
		walkExpr(e.Y, f)
	case *Cond:
		for _, p := range e.Preds {
			walkExpr(p, f)
		}
		for _, v := range e.Vals {
			walkExpr(v, f)
		}
	case *InSet:
		walkExpr(e.X, f)
		for _, d := range e.Dynamic {
			walkExpr(d, f)
		}
	case *HasAny:
		walkExpr(e.X, f)
		for _, d := range e.Dynamic {
			walkExpr(d, f)
		}
	}
}
