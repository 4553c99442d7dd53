package exec

import (
	"reconwatch/internal/kql/plan"
	"reconwatch/internal/table"
)

// mv-apply runs its subquery once per input row: the row is published
// to the subquery's RowInput source, the subquery runs to completion, and
// its rows are output after the kept input columns.

type applyIter struct {
	r   *Run
	n   *plan.MvApply
	in  Iter
	out *table.Batch
	// pending holds output rows that did not fit the last batch.
	pending [][]table.Value
}

func (r *Run) openMvApply(n *plan.MvApply) (Iter, error) {
	in, err := r.Open(n.In)
	if err != nil {
		return nil, err
	}
	return &applyIter{r: r, n: n, in: in, out: table.NewBatch(len(n.Out))}, nil
}

func (r *Run) openRowInput(n *plan.RowInput) (Iter, error) {
	row := r.applyRows[n]
	if row == nil {
		return &sliceIter{width: len(n.Out)}, nil
	}
	return &sliceIter{rows: [][]table.Value{row}, width: len(n.Out)}, nil
}

func (it *applyIter) Next() (*table.Batch, error) {
	for {
		it.out.Reset()
		for len(it.pending) > 0 && !it.out.Full() {
			it.out.AppendRow(it.pending[0])
			it.pending = it.pending[1:]
		}
		if it.out.Full() {
			return it.out, nil
		}
		b, err := it.in.Next()
		if err != nil {
			return nil, err
		}
		if b == nil {
			if it.out.Len() > 0 {
				return it.out, nil
			}
			return nil, nil
		}
		if it.r.applyRows == nil {
			it.r.applyRows = map[*plan.RowInput][]table.Value{}
		}
		for i, cnt := 0, b.Len(); i < cnt; i++ {
			src := append([]table.Value(nil), b.Row(i)...)
			it.r.applyRows[it.n.Row] = src
			res, err := it.r.Collect(it.n.Sub)
			if err != nil {
				return nil, err
			}
			for _, sr := range res.Rows {
				dst := make([]table.Value, len(it.n.Out))
				for k, c := range it.n.Keep {
					if o := it.n.Over[k]; o >= 0 {
						dst[k] = sr[o]
					} else {
						dst[k] = src[c]
					}
				}
				for k, j := range it.n.Outs {
					dst[len(it.n.Keep)+k] = sr[j]
				}
				if it.out.Full() {
					it.pending = append(it.pending, dst)
				} else {
					it.out.AppendRow(dst)
				}
			}
		}
		delete(it.r.applyRows, it.n.Row)
		if it.out.Len() > 0 {
			return it.out, nil
		}
	}
}

func (it *applyIter) Close() { it.in.Close() }
