package exec

import (
	"reconwatch/internal/kql/plan"
	"reconwatch/internal/table"
)

// Join semantics notes:
//   - innerunique (the default) keeps one left row per key, then joins it
//     with every matching right row. Kusto calls the kept row arbitrary;
//     we keep the first, which streams. Kusto applies a where that reads
//     only left columns before the de-duplication, and so does the binder
//     (it pushes such a filter below the join).
//   - String keys are never null, so empty strings match each other, as
//     in Kusto. Null keys of other types match nothing (Kusto does not
//     document this; SQL's rule is the least surprising choice).
//   - The right side is built into a hash table (bounded by the memory
//     budget); the left side streams.

type joinIter struct {
	r    *Run
	n    *plan.Join
	left Iter
	out  Iter
	held int64
}

func (r *Run) openJoin(n *plan.Join) (Iter, error) {
	return &joinIter{r: r, n: n}, nil
}

func joinKey(buf []byte, row []table.Value, cols []int) ([]byte, bool) {
	buf = buf[:0]
	for _, c := range cols {
		v := row[c]
		if v.K == table.KNull {
			return buf, false
		}
		buf = table.AppendKey(buf, normKey(v))
	}
	return buf, true
}

func (it *joinIter) Next() (*table.Batch, error) {
	if it.out != nil {
		return it.out.Next()
	}
	r, n := it.r, it.n
	// Build the right side.
	right, err := r.Open(n.Right)
	if err != nil {
		return nil, err
	}
	var rrows [][]table.Value
	index := map[string][]int{}
	var kb []byte
	for {
		b, err := right.Next()
		if err != nil {
			right.Close()
			return nil, err
		}
		if b == nil {
			break
		}
		for i, cnt := 0, b.Len(); i < cnt; i++ {
			row := append([]table.Value(nil), b.Row(i)...)
			sz := rowBytes(row) + 32
			it.held += sz
			if err := r.charge(sz, "join (right side)"); err != nil {
				right.Close()
				return nil, err
			}
			idx := len(rrows)
			rrows = append(rrows, row)
			var ok bool
			if kb, ok = joinKey(kb, row, n.RightKeys); ok {
				index[string(kb)] = append(index[string(kb)], idx)
			}
		}
	}
	right.Close()
	matched := make([]bool, len(rrows))
	lw := len(n.Left.Schema())
	out := [][]table.Value{}
	emit := func(row []table.Value) error {
		sz := rowBytes(row)
		it.held += sz
		if err := r.charge(sz, "join output"); err != nil {
			return err
		}
		out = append(out, row)
		return nil
	}
	combine := func(l, rr []table.Value) []table.Value {
		row := make([]table.Value, len(n.Out))
		if l != nil {
			copy(row, l)
		} else {
			for i := 0; i < lw; i++ {
				row[i] = table.NullOf(n.Out[i].Type)
			}
		}
		for j, rc := range n.RightCols {
			if rr != nil {
				row[lw+j] = rr[rc]
			} else {
				row[lw+j] = table.NullOf(n.Out[lw+j].Type)
			}
		}
		return row
	}
	left, err := r.Open(n.Left)
	if err != nil {
		return nil, err
	}
	defer left.Close()
	uniqueLeft := map[string]struct{}{}
	for {
		b, err := left.Next()
		if err != nil {
			return nil, err
		}
		if b == nil {
			break
		}
		for i, cnt := 0, b.Len(); i < cnt; i++ {
			lrow := b.Row(i)
			var ok bool
			kb, ok = joinKey(kb, lrow, n.LeftKeys)
			var matches []int
			if ok {
				matches = index[string(kb)]
			}
			switch n.Kind {
			case plan.JoinInnerUnique:
				if !ok || len(matches) == 0 {
					continue
				}
				if _, seen := uniqueLeft[string(kb)]; seen {
					continue
				}
				sz := int64(len(kb)) + 32
				it.held += sz
				if err := r.charge(sz, "join (left keys)"); err != nil {
					return nil, err
				}
				uniqueLeft[string(kb)] = struct{}{}
				row := append([]table.Value(nil), lrow...)
				for _, m := range matches {
					if err := emit(combine(row, rrows[m])); err != nil {
						return nil, err
					}
				}
			case plan.JoinInner:
				for _, m := range matches {
					if err := emit(combine(lrow, rrows[m])); err != nil {
						return nil, err
					}
				}
			case plan.JoinLeftOuter, plan.JoinFullOuter, plan.JoinRightOuter:
				for _, m := range matches {
					matched[m] = true
					if err := emit(combine(lrow, rrows[m])); err != nil {
						return nil, err
					}
				}
				if len(matches) == 0 && n.Kind != plan.JoinRightOuter {
					if err := emit(combine(lrow, nil)); err != nil {
						return nil, err
					}
				}
			case plan.JoinLeftSemi:
				if len(matches) > 0 {
					if err := emit(append([]table.Value(nil), lrow...)); err != nil {
						return nil, err
					}
				}
			case plan.JoinLeftAnti:
				if len(matches) == 0 {
					if err := emit(append([]table.Value(nil), lrow...)); err != nil {
						return nil, err
					}
				}
			case plan.JoinRightSemi, plan.JoinRightAnti:
				for _, m := range matches {
					matched[m] = true
				}
			}
		}
	}
	switch n.Kind {
	case plan.JoinRightOuter, plan.JoinFullOuter:
		for m, row := range rrows {
			if !matched[m] {
				if err := emit(combine(nil, row)); err != nil {
					return nil, err
				}
			}
		}
	case plan.JoinRightSemi, plan.JoinRightAnti:
		want := n.Kind == plan.JoinRightSemi
		for m, row := range rrows {
			if matched[m] == want {
				if err := emit(row); err != nil {
					return nil, err
				}
			}
		}
	}
	it.out = &sliceIter{rows: out, width: len(n.Out)}
	return it.out.Next()
}

func (it *joinIter) Close() { it.r.release(it.held) }
