package exec

import (
	"reconwatch/internal/kql/funcs/convfn"
	"reconwatch/internal/kql/plan"
	"reconwatch/internal/table"
)

// windowIter runs a plan.Window: it streams its input in order and, for
// every row, evaluates each window call into the row's hidden column.
// prev() reads a ring of the last Offset values of its column; next()
// needs rows not read yet, so when a next() is present the iterator reads
// ahead up to the largest next offset, holding those rows (copied, and
// charged to the memory budget) until the row they follow is emitted.
type windowIter struct {
	r       *Run
	in      Iter
	inW     int
	calls   []*winState
	maxNext int

	// the input batch being consumed
	cur    *table.Batch
	curPos int
	eof    bool

	// ahead holds the current row and up to maxNext rows after it, when
	// maxNext > 0.
	ahead     [][]table.Value
	aheadSize []int64

	out *table.Batch
	key []byte
}

// winState is one call's compiled expressions and running state.
type winState struct {
	c                       *plan.WindowCall
	start, restart, x, dflt evalFn
	maxFirst, maxGap        evalFn
	first                   bool

	n     int64 // row_number: the current number
	nNull bool  //   ... null after a null starting index
	isum  int64 // row_cumsum over int/long
	fsum  float64
	last  []byte // row_rank_*: the previous term's key
	rank  int64
	pos   int64

	ring     []table.Value // prev: the last Offset values of the column
	ringSize []int64
	head     int

	// row_window_session: the current session's first value (null after
	// a null expression) and the previous row's value.
	sess     int64
	sessNull bool
	prevT    int64
}

func (r *Run) openWindow(n *plan.Window) (Iter, error) {
	it := &windowIter{r: r, inW: len(n.In.Schema()), out: table.NewBatch(len(n.Out))}
	for _, c := range n.Calls {
		s := &winState{c: c, first: true}
		var err error
		for _, p := range []struct {
			x  plan.Expr
			fn *evalFn
		}{{c.Start, &s.start}, {c.Restart, &s.restart}, {c.X, &s.x}, {c.Default, &s.dflt},
			{c.MaxFirst, &s.maxFirst}, {c.MaxGap, &s.maxGap}} {
			if p.x == nil {
				continue
			}
			if *p.fn, err = r.compile(p.x); err != nil {
				return nil, err
			}
		}
		if c.Kind == plan.WinNext && c.Offset > it.maxNext {
			it.maxNext = c.Offset
		}
		it.calls = append(it.calls, s)
	}
	in, err := r.Open(n.In)
	if err != nil {
		return nil, err
	}
	it.in = in
	return it, nil
}

func (it *windowIter) Next() (*table.Batch, error) {
	it.out.Reset()
	for !it.out.Full() {
		row, ok, err := it.nextRow()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		dst := it.out.AddRow()
		copy(dst, row[:it.inW])
		for k, s := range it.calls {
			dst[it.inW+k] = fixType(it.eval(s, dst), s.c.T)
		}
		for _, s := range it.calls {
			if s.c.Kind == plan.WinPrev && s.c.Offset > 0 {
				if err := it.push(s, dst[s.c.Col]); err != nil {
					return nil, err
				}
			}
		}
		if it.maxNext > 0 {
			it.r.release(it.aheadSize[0])
			it.ahead, it.aheadSize = it.ahead[1:], it.aheadSize[1:]
		}
	}
	if it.out.Len() == 0 {
		return nil, nil
	}
	return it.out, nil
}

// input returns the next input row (aliasing the input batch).
func (it *windowIter) input() ([]table.Value, bool, error) {
	for !it.eof && (it.cur == nil || it.curPos >= it.cur.Len()) {
		b, err := it.in.Next()
		if err != nil {
			return nil, false, err
		}
		it.cur, it.curPos = b, 0
		it.eof = b == nil
	}
	if it.eof {
		return nil, false, nil
	}
	row := it.cur.Row(it.curPos)
	it.curPos++
	return row, true, nil
}

// nextRow returns the row to emit next. With next() calls it first reads
// ahead so that the rows next() looks at are in it.ahead.
func (it *windowIter) nextRow() ([]table.Value, bool, error) {
	if it.maxNext == 0 {
		return it.input()
	}
	for len(it.ahead) <= it.maxNext {
		row, ok, err := it.input()
		if err != nil {
			return nil, false, err
		}
		if !ok {
			break
		}
		cp := make([]table.Value, it.inW)
		copy(cp, row)
		size := rowBytes(cp)
		if err := it.r.charge(size, "next()"); err != nil {
			return nil, false, err
		}
		it.ahead = append(it.ahead, cp)
		it.aheadSize = append(it.aheadSize, size)
	}
	if len(it.ahead) == 0 {
		return nil, false, nil
	}
	return it.ahead[0], true, nil
}

// push records the current row's value of a prev() column.
func (it *windowIter) push(s *winState, v table.Value) error {
	size := 48 + valueBytes(v)
	if err := it.r.charge(size, "prev()"); err != nil {
		return err
	}
	if len(s.ring) < s.c.Offset {
		s.ring = append(s.ring, v)
		s.ringSize = append(s.ringSize, size)
		return nil
	}
	it.r.release(s.ringSize[s.head])
	s.ring[s.head], s.ringSize[s.head] = v, size
	s.head = (s.head + 1) % s.c.Offset
	return nil
}

// eval computes call s for the row being built (row: the input columns
// and the hidden columns of the calls before s).
func (it *windowIter) eval(s *winState, row []table.Value) table.Value {
	c := s.c
	restart := s.first
	if !restart && s.restart != nil {
		restart = s.restart(row).IsTrue()
	}
	s.first = false
	switch c.Kind {
	case plan.WinRowNumber:
		// Starts at 1 (or the starting index) and counts up; restart
		// sets it back [D:row-number-function.md].
		if restart {
			s.n, s.nNull = 1, false
			if s.start != nil {
				v := convfn.Convert(s.start(row), table.Long)
				s.n, s.nNull = v.I, v.K == table.KNull
			}
		} else {
			s.n++
		}
		if s.nNull {
			return table.Null
		}
		return table.NewLong(s.n)
	case plan.WinPrev:
		if c.Offset == 0 {
			return row[c.Col]
		}
		if len(s.ring) < c.Offset {
			return it.dflt(s, row)
		}
		return s.ring[s.head]
	case plan.WinNext:
		if c.Offset == 0 {
			return row[c.Col]
		}
		if c.Offset >= len(it.ahead) {
			return it.dflt(s, row)
		}
		return it.ahead[c.Offset][c.Col]
	case plan.WinCumSum:
		// A restart sets the sum back to 0 before adding the row's term
		// [D:row-cumsum-function.md]; a null term adds nothing
		// (inferred, as sum() ignores nulls).
		if restart {
			s.isum, s.fsum = 0, 0
		}
		v := convfn.Convert(s.x(row), c.T)
		switch v.K {
		case table.KInt, table.KLong:
			s.isum += v.I
		case table.KReal, table.KDecimal:
			s.fsum += v.F
		}
		switch c.T {
		case table.Int:
			return table.NewInt(s.isum)
		case table.Long:
			return table.NewLong(s.isum)
		case table.Decimal:
			return table.NewDecimal(s.fsum)
		}
		return table.NewReal(s.fsum)
	case plan.WinRankDense, plan.WinRankMin:
		// Dense rank: 1, then +1 whenever the term differs from the
		// previous row's [D:row-rank-dense-function.md]. Min rank: the
		// row number (within the partition) of the first row of the
		// current run of equal terms [D:row-rank-min-function.md].
		it.key = table.AppendKey(it.key[:0], normKey(s.x(row)))
		same := string(it.key) == string(s.last)
		s.last = append(s.last[:0], it.key...)
		switch {
		case restart:
			s.rank, s.pos = 1, 1
		case c.Kind == plan.WinRankDense:
			if !same {
				s.rank++
			}
		default:
			s.pos++
			if !same {
				s.rank = s.pos
			}
		}
		return table.NewLong(s.rank)
	case plan.WinSession:
		return s.session(row, restart)
	}
	return table.Null
}

// session computes row_window_session [D:row-window-session-function.md]:
// a row starts a new session when it is the first, when the previous
// session value is null, when its value reaches the session's first
// value plus MaxFirst or the previous row's value plus MaxGap, or when
// Restart is true; it then returns its own value, otherwise the
// session's first value. A null expression starts a session of its own
// whose value is null ("the next value starts a new session"); a null
// distance never starts one (the comparison is null).
func (s *winState) session(row []table.Value, restart bool) table.Value {
	v := convfn.Convert(s.x(row), table.Datetime)
	if v.K != table.KDatetime {
		s.sessNull = true
		return table.Null
	}
	fresh := restart || s.sessNull
	if !fresh {
		if d := convfn.Convert(s.maxFirst(row), table.Timespan); d.K == table.KTimespan && v.I >= s.sess+d.I {
			fresh = true
		} else if d := convfn.Convert(s.maxGap(row), table.Timespan); d.K == table.KTimespan && v.I >= s.prevT+d.I {
			fresh = true
		}
	}
	if fresh {
		s.sess, s.sessNull = v.I, false
	}
	s.prevT = v.I
	return table.NewDatetime(s.sess)
}

// dflt is prev/next's value when the row it names does not exist.
func (it *windowIter) dflt(s *winState, row []table.Value) table.Value {
	if s.dflt == nil {
		return table.NullOf(s.c.T)
	}
	return s.dflt(row)
}

func (it *windowIter) Close() {
	for _, s := range it.calls {
		for _, n := range s.ringSize {
			it.r.release(n)
		}
		s.ring, s.ringSize = nil, nil
	}
	for _, n := range it.aheadSize {
		it.r.release(n)
	}
	it.ahead, it.aheadSize = nil, nil
	it.in.Close()
}
