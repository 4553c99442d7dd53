package exec

import (
	"fmt"

	"reconwatch/internal/kql/plan"
	"reconwatch/internal/table"
)

// Open starts streaming the rows of n.
func (r *Run) Open(n plan.Node) (Iter, error) {
	switch n := n.(type) {
	case *plan.Scan:
		return r.openScan(n)
	case *plan.Values:
		return &sliceIter{rows: n.Rows, width: len(n.Out)}, nil
	case *plan.Range:
		return r.openRange(n)
	case *plan.Filter:
		return r.openFilter(n)
	case *plan.Compute:
		return r.openCompute(n)
	case *plan.Extend:
		return r.openExtend(n)
	case *plan.Aggregate:
		return r.openAggregate(n)
	case *plan.MakeSeries:
		return r.openMakeSeries(n)
	case *plan.MvApply:
		return r.openMvApply(n)
	case *plan.RowInput:
		return r.openRowInput(n)
	case *plan.Sort:
		return r.openSort(n)
	case *plan.Take:
		in, err := r.Open(n.In)
		if err != nil {
			return nil, err
		}
		return &takeIter{in: in, left: n.N}, nil
	case *plan.Distinct:
		return r.openDistinct(n)
	case *plan.Count:
		return r.openCount(n)
	case *plan.Join:
		return r.openJoin(n)
	case *plan.Union:
		return r.openUnion(n)
	case *plan.MvExpand:
		return r.openMvExpand(n)
	case *plan.Parse:
		return r.openParse(n)
	case *plan.Materialize:
		return r.openMaterialize(n)
	case *plan.Serialize:
		return r.Open(n.In)
	case *plan.Named:
		return r.Open(n.In)
	case *plan.BagUnpack:
		return r.openBagUnpack(n)
	case *plan.Window:
		return r.openWindow(n)
	case *plan.Pivot:
		return r.openPivot(n)
	case *plan.IPv4Lookup:
		return r.openIPv4Lookup(n)
	case *plan.Basket:
		return r.openBasket(n)
	}
	return nil, fmt.Errorf("internal error: cannot execute operator %T", n)
}

// sliceIter streams rows held in memory.
type sliceIter struct {
	rows  [][]table.Value
	width int
	pos   int
	b     *table.Batch
}

func (it *sliceIter) Next() (*table.Batch, error) {
	if it.pos >= len(it.rows) {
		return nil, nil
	}
	if it.b == nil {
		it.b = table.NewBatch(it.width)
	}
	it.b.Reset()
	for it.pos < len(it.rows) && !it.b.Full() {
		row := it.rows[it.pos]
		dst := it.b.AddRow()
		copy(dst, row)
		it.pos++
	}
	return it.b, nil
}

func (it *sliceIter) Close() {}

// scanIter adapts a table reader to full-width rows: the reader decodes
// only the needed columns, the others stay null.
type scanIter struct {
	r     *Run
	name  string
	src   table.RowIter
	cols  []int
	types []table.Type
	in    *table.Batch
	out   *table.Batch
	width int
}

func (r *Run) openScan(n *plan.Scan) (Iter, error) {
	t, ok := r.tables.Table(n.Table)
	if !ok {
		// A known table with no input data is empty, as in a workspace
		// where the connector sent nothing.
		return &sliceIter{width: len(n.Out)}, nil
	}
	// Map the plan's columns onto the reader's schema by name: the
	// reader's table may order columns differently from the catalog.
	ts := t.Schema()
	readCols := make([]int, 0, len(n.Cols))
	outCols := make([]int, 0, len(n.Cols))
	types := make([]table.Type, 0, len(n.Cols))
	for _, c := range n.Cols {
		if i := ts.Index(n.Full[c].Name); i >= 0 {
			readCols = append(readCols, i)
			outCols = append(outCols, c)
			types = append(types, n.Full[c].Type)
		}
	}
	src, err := t.Scan(readCols)
	if err != nil {
		return nil, err
	}
	return &scanIter{r: r, name: n.Table, src: src, cols: outCols, types: types,
		in: table.NewBatch(len(readCols)), out: table.NewBatch(len(n.Out)), width: len(n.Out)}, nil
}

func (it *scanIter) Next() (*table.Batch, error) {
	if err := it.r.checkCtx(); err != nil {
		return nil, err
	}
	if !it.src.Next(it.in) {
		return nil, it.src.Err()
	}
	it.out.Reset()
	n := it.in.Len()
	it.r.Stats[it.name] += int64(n)
	for i := 0; i < n; i++ {
		src := it.in.Row(i)
		dst := it.out.AddRow()
		for j, c := range it.cols {
			v := src[j]
			if v.K == table.KNull && it.types[j] == table.String {
				v = table.EmptyString
			}
			dst[c] = v
		}
		// columns the plan does not read stay null; string columns that
		// are read were set above
	}
	return it.out, nil
}

func (it *scanIter) Close() { it.src.Close() }

type rangeIter struct {
	r              *Run
	cur, to, step  table.Value
	out            *table.Batch
	done           bool
	count, maxRows int64
}

// maxRangeRows stops range from generating unbounded rows by mistake.
const maxRangeRows = 1 << 31

func (r *Run) openRange(n *plan.Range) (Iter, error) {
	fs, err := r.compileAll([]plan.Expr{n.From, n.To, n.Step})
	if err != nil {
		return nil, err
	}
	from, to, step := fs[0](nil), fs[1](nil), fs[2](nil)
	t := n.Out[0].Type
	from, to = coerce(from, t), coerce(to, t)
	it := &rangeIter{r: r, cur: from, to: to, step: step, out: table.NewBatch(1), maxRows: maxRangeRows}
	if from.K == table.KNull || to.K == table.KNull || step.K == table.KNull {
		it.done = true
	}
	return it, nil
}

func (it *rangeIter) Next() (*table.Batch, error) {
	if it.done {
		return nil, nil
	}
	if err := it.r.checkCtx(); err != nil {
		return nil, err
	}
	it.out.Reset()
	for !it.out.Full() {
		if !rangeContinues(it.cur, it.to, it.step) || it.count >= it.maxRows {
			it.done = true
			break
		}
		it.out.AddRow()[0] = it.cur
		it.count++
		next := addValues(it.cur, it.step)
		if next.K == table.KNull || table.Compare(next, it.cur) == 0 {
			it.done = true
			break
		}
		it.cur = next
	}
	if it.out.Len() == 0 {
		return nil, nil
	}
	return it.out, nil
}

func (it *rangeIter) Close() {}

// rangeContinues reports whether cur is still within the range: cur <= to
// for a positive step, cur >= to for a negative one.
func rangeContinues(cur, to, step table.Value) bool {
	c := table.Compare(cur, to)
	neg := false
	switch step.K {
	case table.KInt, table.KLong, table.KTimespan:
		neg = step.I < 0
	case table.KReal, table.KDecimal:
		neg = step.F < 0
	}
	if neg {
		return c >= 0
	}
	return c <= 0
}

type filterIter struct {
	r    *Run
	in   Iter
	pred evalFn
	out  *table.Batch
}

func (r *Run) openFilter(n *plan.Filter) (Iter, error) {
	pred, err := r.compile(n.Pred)
	if err != nil {
		return nil, err
	}
	in, err := r.Open(n.In)
	if err != nil {
		return nil, err
	}
	return &filterIter{r: r, in: in, pred: pred, out: table.NewBatch(len(n.Schema()))}, nil
}

func (it *filterIter) Next() (*table.Batch, error) {
	for {
		b, err := it.in.Next()
		if b == nil || err != nil {
			return nil, err
		}
		it.out.Reset()
		it.out.Width = b.Width
		for i, n := 0, b.Len(); i < n; i++ {
			row := b.Row(i)
			if it.pred(row).IsTrue() {
				it.out.AppendRow(row)
			}
		}
		if it.out.Len() > 0 {
			return it.out, nil
		}
	}
}

func (it *filterIter) Close() { it.in.Close() }

type computeIter struct {
	in    Iter
	exprs []evalFn
	out   *table.Batch
	types []table.Type
}

func (r *Run) openCompute(n *plan.Compute) (Iter, error) {
	exprs, err := r.compileAll(n.Exprs)
	if err != nil {
		return nil, err
	}
	in, err := r.Open(n.In)
	if err != nil {
		return nil, err
	}
	types := make([]table.Type, len(n.Out))
	for i, c := range n.Out {
		types[i] = c.Type
	}
	return &computeIter{in: in, exprs: exprs, out: table.NewBatch(len(n.Out)), types: types}, nil
}

func (it *computeIter) Next() (*table.Batch, error) {
	b, err := it.in.Next()
	if b == nil || err != nil {
		return nil, err
	}
	it.out.Reset()
	for i, n := 0, b.Len(); i < n; i++ {
		row := b.Row(i)
		dst := it.out.AddRow()
		for j, f := range it.exprs {
			dst[j] = fixType(f(row), it.types[j])
		}
	}
	return it.out, nil
}

func (it *computeIter) Close() { it.in.Close() }

// fixType keeps a computed cell consistent with its column type: strings
// are never null, ints widen where the column is long.
func fixType(v table.Value, t table.Type) table.Value {
	switch {
	case v.K == table.KNull:
		if t == table.String {
			return table.EmptyString
		}
	case t == table.Long && v.K == table.KInt:
		return table.NewLong(v.I)
	case t == table.Real && (v.K == table.KInt || v.K == table.KLong):
		return table.NewReal(float64(v.I))
	case t == table.Int && v.K == table.KLong:
		return table.NewInt(v.I)
	}
	return v
}

type extendIter struct {
	in    Iter
	exprs []evalFn
	slots []int
	types []table.Type
	out   *table.Batch
	inW   int
}

func (r *Run) openExtend(n *plan.Extend) (Iter, error) {
	exprs, err := r.compileAll(n.Exprs)
	if err != nil {
		return nil, err
	}
	in, err := r.Open(n.In)
	if err != nil {
		return nil, err
	}
	types := make([]table.Type, len(n.Slots))
	for i, s := range n.Slots {
		types[i] = n.Out[s].Type
	}
	return &extendIter{in: in, exprs: exprs, slots: n.Slots, types: types,
		out: table.NewBatch(len(n.Out)), inW: len(n.In.Schema())}, nil
}

func (it *extendIter) Next() (*table.Batch, error) {
	b, err := it.in.Next()
	if b == nil || err != nil {
		return nil, err
	}
	it.out.Reset()
	for i, n := 0, b.Len(); i < n; i++ {
		dst := it.out.AddRow()
		copy(dst, b.Row(i)[:it.inW])
		for k, f := range it.exprs {
			dst[it.slots[k]] = fixType(f(dst), it.types[k])
		}
	}
	return it.out, nil
}

func (it *extendIter) Close() { it.in.Close() }

type takeIter struct {
	in   Iter
	left int64
	out  table.Batch
}

func (it *takeIter) Next() (*table.Batch, error) {
	if it.left <= 0 {
		return nil, nil
	}
	b, err := it.in.Next()
	if b == nil || err != nil {
		return nil, err
	}
	if int64(b.Len()) <= it.left {
		it.left -= int64(b.Len())
		return b, nil
	}
	it.out.Width = b.Width
	it.out.Vals = b.Vals[:int(it.left)*max(b.Width, 1)]
	if b.Width == 0 {
		it.out.Vals = b.Vals[:it.left]
	}
	it.left = 0
	return &it.out, nil
}

func (it *takeIter) Close() { it.in.Close() }

type countIter struct {
	in   Iter
	done bool
}

func (r *Run) openCount(n *plan.Count) (Iter, error) {
	in, err := r.Open(n.In)
	if err != nil {
		return nil, err
	}
	return &countIter{in: in}, nil
}

func (it *countIter) Next() (*table.Batch, error) {
	if it.done {
		return nil, nil
	}
	it.done = true
	var n int64
	for {
		b, err := it.in.Next()
		if err != nil {
			return nil, err
		}
		if b == nil {
			break
		}
		n += int64(b.Len())
	}
	out := table.NewBatch(1)
	out.AddRow()[0] = table.NewLong(n)
	return out, nil
}

func (it *countIter) Close() { it.in.Close() }

type distinctIter struct {
	r    *Run
	in   Iter
	seen map[string]struct{}
	buf  []byte
	out  *table.Batch
}

func (r *Run) openDistinct(n *plan.Distinct) (Iter, error) {
	in, err := r.Open(n.In)
	if err != nil {
		return nil, err
	}
	return &distinctIter{r: r, in: in, seen: map[string]struct{}{}, out: table.NewBatch(len(n.Schema()))}, nil
}

func (it *distinctIter) Next() (*table.Batch, error) {
	for {
		b, err := it.in.Next()
		if b == nil || err != nil {
			return nil, err
		}
		it.out.Reset()
		it.out.Width = b.Width
		for i, n := 0, b.Len(); i < n; i++ {
			row := b.Row(i)
			it.buf = it.buf[:0]
			for _, v := range row {
				it.buf = table.AppendKey(it.buf, normKey(v))
			}
			if _, dup := it.seen[string(it.buf)]; dup {
				continue
			}
			if err := it.r.charge(int64(len(it.buf))+64, "distinct"); err != nil {
				return nil, err
			}
			it.seen[string(it.buf)] = struct{}{}
			it.out.AppendRow(row)
		}
		if it.out.Len() > 0 {
			return it.out, nil
		}
	}
}

func (it *distinctIter) Close() { it.in.Close() }

// normKey makes equal values of numerically equal kinds share a key (an
// int 5 and a long 5 group together).
func normKey(v table.Value) table.Value {
	if v.K == table.KInt {
		return table.NewLong(v.I)
	}
	return v
}
