package plan

import (
	"reconwatch/internal/kql/syntax"
	"reconwatch/internal/table"
)

// RowInput is the current input row of an mv-apply, as a one-row table:
// the executor sets it before running the subquery for each row.
type RowInput struct {
	Out table.Schema
}

// Schema implements Node.
func (n *RowInput) Schema() table.Schema { return n.Out }

// MvApply is mv-apply: for each input row, the row is expanded into a
// subtable (as mv-expand would), the subquery runs over it, and each of
// its rows is output after the input's columns that were not expanded.
type MvApply struct {
	In   Node
	Row  *RowInput // the subquery's source, holding the current row
	Sub  Node      // the subquery, bound over Row
	Keep []int     // input columns output first (those not expanded)
	Outs []int     // for each output column after Keep: its subquery column
	Over []int     // for each Keep column: the subquery column that overrides it, or -1
	Out  table.Schema
}

// Schema implements Node.
func (n *MvApply) Schema() table.Schema { return n.Out }

// mvApply binds mv-apply. The subtable's columns are the input's columns
// that are not expanded, then the expanded items, then the item index;
// the output is those kept input columns, then the subquery's columns
// that are not among them (Kusto.Language's schema for mv-apply).
func (b *binder) mvApply(o *syntax.MvApplyOp, in Node, sc *scope) Node {
	s := in.Schema()
	row := &RowInput{Out: append(table.Schema(nil), s...)}
	exp := b.mvExpand(&syntax.MvExpandOp{Keyword: o.Keyword, Options: o.Options, Items: o.Items, Limit: o.Limit}, row, sc)
	mv, ok := exp.(*MvExpand)
	if !ok {
		return in
	}
	// An item replacing an input column (mv-apply l, or l = l) removes it
	// from the kept columns; a newly named item (e = l) keeps l.
	removed := map[int]bool{}
	for _, c := range mv.Cols {
		if c < len(s) {
			removed[c] = true
		}
	}
	sub := &Compute{In: mv}
	var keep []int
	for i, c := range s {
		if !removed[i] {
			keep = append(keep, i)
			sub.Exprs = append(sub.Exprs, &Col{Index: i, Name: c.Name, T: c.Type})
			sub.Out = append(sub.Out, c)
		}
	}
	for _, c := range mv.Cols {
		col := mv.Out[c]
		sub.Exprs = append(sub.Exprs, &Col{Index: c, Name: col.Name, T: col.Type})
		sub.Out = append(sub.Out, col)
	}
	if mv.IndexCol >= 0 {
		col := mv.Out[mv.IndexCol]
		sub.Exprs = append(sub.Exprs, &Col{Index: mv.IndexCol, Name: col.Name, T: col.Type})
		sub.Out = append(sub.Out, col)
	}
	var n Node = sub
	if o.Sub != nil {
		for _, op := range o.Sub.Ops {
			if n == poison {
				return poison
			}
			n = b.op(op, n, sc)
		}
	}
	a := &MvApply{In: in, Row: row, Sub: n, Keep: keep}
	subOut := n.Schema()
	for _, i := range keep {
		a.Out = append(a.Out, s[i])
		a.Over = append(a.Over, subOut.Index(s[i].Name))
	}
	for j, c := range subOut {
		if a.Out.Index(c.Name) >= 0 {
			continue
		}
		a.Out = append(a.Out, c)
		a.Outs = append(a.Outs, j)
	}
	return a
}
