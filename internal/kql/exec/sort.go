package exec

import (
	"container/heap"
	"math"
	"sort"

	"reconwatch/internal/kql/plan"
	"reconwatch/internal/table"
)

type sortRow struct {
	keys []table.Value
	row  []table.Value
	seq  int
}

type sorter struct {
	rows []sortRow
	keys []plan.SortKey
}

func (s *sorter) less(a, b *sortRow) bool {
	for i, k := range s.keys {
		x, y := a.keys[i], b.keys[i]
		// Nulls and NaNs are grouped together and placed by nulls
		// first/last, whatever the direction [D:sort-operator.md]:
		// nulls first is null, NaN, values; nulls last is values, NaN,
		// null.
		xc, yc := nullClass(x), nullClass(y)
		if xc != valueClass || yc != valueClass {
			if xc == yc {
				continue
			}
			if k.NullsFirst {
				return xc < yc
			}
			return xc > yc
		}
		c := table.Compare(x, y)
		if c == 0 {
			continue
		}
		if k.Asc {
			return c < 0
		}
		return c > 0
	}
	return a.seq < b.seq
}

// Sort classes of a key value: nulls, then NaNs, then everything else.
const (
	nullValueClass = iota
	nanClass
	valueClass
)

func nullClass(v table.Value) int {
	switch {
	case v.K == table.KNull:
		return nullValueClass
	case (v.K == table.KReal || v.K == table.KDecimal) && math.IsNaN(v.F):
		return nanClass
	}
	return valueClass
}

func (s *sorter) Len() int           { return len(s.rows) }
func (s *sorter) Less(i, j int) bool { return s.less(&s.rows[i], &s.rows[j]) }
func (s *sorter) Swap(i, j int)      { s.rows[i], s.rows[j] = s.rows[j], s.rows[i] }

// topHeap keeps the best N rows: a max-heap on the sort order so the
// worst kept row is on top and is evicted first.
type topHeap struct{ s *sorter }

func (h topHeap) Len() int           { return len(h.s.rows) }
func (h topHeap) Less(i, j int) bool { return h.s.less(&h.s.rows[j], &h.s.rows[i]) }
func (h topHeap) Swap(i, j int)      { h.s.rows[i], h.s.rows[j] = h.s.rows[j], h.s.rows[i] }
func (h topHeap) Push(x any)         { h.s.rows = append(h.s.rows, x.(sortRow)) }
func (h topHeap) Pop() any {
	old := h.s.rows
	x := old[len(old)-1]
	h.s.rows = old[:len(old)-1]
	return x
}

type sortIter struct {
	r    *Run
	n    *plan.Sort
	in   Iter
	out  Iter
	held int64
}

func (r *Run) openSort(n *plan.Sort) (Iter, error) {
	in, err := r.Open(n.In)
	if err != nil {
		return nil, err
	}
	return &sortIter{r: r, n: n, in: in}, nil
}

func (it *sortIter) Next() (*table.Batch, error) {
	if it.out != nil {
		return it.out.Next()
	}
	keys := make([]plan.Expr, len(it.n.Keys))
	for i, k := range it.n.Keys {
		keys[i] = k.X
	}
	kf, err := it.r.compileAll(keys)
	if err != nil {
		return nil, err
	}
	s := &sorter{keys: it.n.Keys}
	limit := it.n.Limit
	seq := 0
	for {
		b, err := it.in.Next()
		if err != nil {
			return nil, err
		}
		if b == nil {
			break
		}
		for i, n := 0, b.Len(); i < n; i++ {
			row := b.Row(i)
			sr := sortRow{keys: evalAll(kf, row), seq: seq}
			seq++
			if limit >= 0 {
				if int64(len(s.rows)) < limit {
					sr.row = append([]table.Value(nil), row...)
					heap.Push(topHeap{s}, sr)
				} else if limit > 0 && s.less(&sr, &s.rows[0]) {
					sr.row = append([]table.Value(nil), row...)
					s.rows[0] = sr
					heap.Fix(topHeap{s}, 0)
				}
				continue
			}
			sr.row = append([]table.Value(nil), row...)
			sz := rowBytes(sr.row) + rowBytes(sr.keys)
			it.held += sz
			if err := it.r.charge(sz, "sort"); err != nil {
				return nil, err
			}
			s.rows = append(s.rows, sr)
		}
	}
	sort.Sort(s)
	rows := make([][]table.Value, len(s.rows))
	for i := range s.rows {
		rows[i] = s.rows[i].row
	}
	it.out = &sliceIter{rows: rows, width: len(it.n.Schema())}
	return it.out.Next()
}

func (it *sortIter) Close() {
	it.in.Close()
	it.r.release(it.held)
}
