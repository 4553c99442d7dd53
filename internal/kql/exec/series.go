package exec

import (
	"math"

	"reconwatch/internal/kql/aggs"
	"reconwatch/internal/kql/plan"
	"reconwatch/internal/table"
)

// make-series keeps, per group, the aggregate states of each bin that has
// rows (a map, so sparse series over long ranges stay small). Bins are
// counted from From when given, else from the axis origin (tick 0 for
// datetimes, 0 for numbers and timespans), so that a series without
// From starts at the first bin holding data, aligned as bin() aligns.

type seriesGroup struct {
	keys []table.Value
	bins map[int64][]aggs.State
}

type seriesIter struct {
	r    *Run
	n    *plan.MakeSeries
	in   Iter
	done bool
}

func (r *Run) openMakeSeries(n *plan.MakeSeries) (Iter, error) {
	in, err := r.Open(n.In)
	if err != nil {
		return nil, err
	}
	return &seriesIter{r: r, n: n, in: in}, nil
}

func (it *seriesIter) Close() { it.in.Close() }

// axisPos maps an axis value to a position on a common float or tick
// scale; ok is false for nulls and kinds the axis cannot hold.
func axisPos(v table.Value) (float64, bool) {
	switch v.K {
	case table.KDatetime, table.KTimespan, table.KInt, table.KLong:
		return float64(v.I), true
	case table.KReal, table.KDecimal:
		return v.F, !math.IsNaN(v.F)
	}
	return 0, false
}

// binIndex is the bin of position x for bins of size step from origin.
// Ticks are exact in int64; reals use floor.
func binIndex(v table.Value, origin, step table.Value) (int64, bool) {
	switch v.K {
	case table.KDatetime, table.KTimespan, table.KInt, table.KLong:
		if (step.K == table.KTimespan || step.K == table.KInt || step.K == table.KLong) && step.I > 0 {
			o := int64(0)
			if origin.K != table.KNull {
				o = origin.I
			}
			return floorDiv(v.I-o, step.I), true
		}
	}
	x, ok := axisPos(v)
	s, ok2 := axisPos(step)
	if !ok || !ok2 || s <= 0 {
		return 0, false
	}
	o := 0.0
	if origin.K != table.KNull {
		o, _ = axisPos(origin)
	}
	f := math.Floor((x - o) / s)
	if math.IsInf(f, 0) || math.Abs(f) > 1<<62 {
		return 0, false
	}
	return int64(f), true
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// binStart is the axis value where bin k starts.
func binStart(k int64, origin, step, like table.Value) table.Value {
	switch step.K {
	case table.KTimespan, table.KInt, table.KLong:
		o := int64(0)
		if origin.K != table.KNull {
			o = origin.I
		}
		v := o + k*step.I
		switch like.K {
		case table.KDatetime:
			return table.NewDatetime(v)
		case table.KTimespan:
			return table.NewTimespan(v)
		case table.KReal:
			return table.NewReal(float64(v))
		}
		return table.NewLong(v)
	}
	o, _ := axisPos(origin)
	s, _ := axisPos(step)
	return table.NewReal(o + float64(k)*s)
}

func (it *seriesIter) Next() (*table.Batch, error) {
	if it.done {
		return nil, nil
	}
	it.done = true
	r, n := it.r, it.n
	keys, err := r.compileAll(n.Keys)
	if err != nil {
		return nil, err
	}
	axis, err := r.compile(n.Axis)
	if err != nil {
		return nil, err
	}
	args := make([][]evalFn, len(n.Aggs))
	maxArgs := 0
	for i, a := range n.Aggs {
		if args[i], err = r.compileAll(a.Args); err != nil {
			return nil, err
		}
		maxArgs = max(maxArgs, len(args[i]))
	}
	// Bins before From or at/after To are left out.
	var loBin, hiBin int64 = math.MinInt64, math.MaxInt64
	if n.From.K != table.KNull {
		loBin = 0
	}
	if n.To.K != table.KNull {
		origin := n.From
		if hi, ok := binIndex(n.To, origin, n.Step); ok {
			hiBin = hi
			// To is exclusive: a To on a bin boundary ends before that bin
			if start := binStart(hi, origin, n.Step, n.To); table.Compare(start, n.To) < 0 {
				hiBin = hi + 1
			}
		}
	}
	groups := map[string]*seriesGroup{}
	var order []*seriesGroup
	kbuf := make([]byte, 0, 64)
	kvals := make([]table.Value, len(keys))
	argBuf := make([]table.Value, maxArgs)
	minSeen, maxSeen := int64(math.MaxInt64), int64(math.MinInt64)
	var like table.Value
	perBin := int64(64 + 64*len(n.Aggs))
	for {
		b, err := it.in.Next()
		if err != nil {
			return nil, err
		}
		if b == nil {
			break
		}
		for i, rows := 0, b.Len(); i < rows; i++ {
			row := b.Row(i)
			av := axis(row)
			k, ok := binIndex(av, n.From, n.Step)
			if !ok || k < loBin || k >= hiBin || (n.To.K != table.KNull && table.Compare(av, n.To) >= 0) {
				continue // To is exclusive
			}
			like = av
			kbuf = kbuf[:0]
			for j, f := range keys {
				kvals[j] = f(row)
				kbuf = table.AppendKey(kbuf, normKey(kvals[j]))
			}
			g := groups[string(kbuf)]
			if g == nil {
				g = &seriesGroup{keys: append([]table.Value(nil), kvals...), bins: map[int64][]aggs.State{}}
				groups[string(kbuf)] = g
				order = append(order, g)
				if err := r.charge(int64(64+len(kbuf))+rowBytes(g.keys), "make-series groups"); err != nil {
					return nil, err
				}
			}
			states := g.bins[k]
			if states == nil {
				states = make([]aggs.State, len(n.Aggs))
				for a, ac := range n.Aggs {
					states[a] = ac.Impl.New()
				}
				g.bins[k] = states
				if err := r.charge(perBin, "make-series bins"); err != nil {
					return nil, err
				}
			}
			for a := range n.Aggs {
				buf := argBuf[:len(args[a])]
				for j, f := range args[a] {
					buf[j] = f(row)
				}
				states[a].Add(buf)
			}
			minSeen, maxSeen = min(minSeen, k), max(maxSeen, k)
		}
	}
	first, last := minSeen, maxSeen // bins [first, last]
	if n.From.K != table.KNull {
		first = 0
	}
	if hiBin != math.MaxInt64 {
		last = hiBin - 1
	}
	if like.K == table.KNull {
		like = n.From
		if like.K == table.KNull {
			like = n.To
		}
	}
	var rows [][]table.Value
	if len(order) > 0 && last >= first {
		if last-first+1 > maxSeriesBins {
			last = first + maxSeriesBins - 1 // Kusto caps series at 2^20 values
		}
		nb := int(last - first + 1)
		axisVals := make([]table.Value, nb)
		for k := range axisVals {
			axisVals[k] = binStart(first+int64(k), n.From, n.Step, like)
		}
		axisArr := table.NewArray(axisVals)
		for _, g := range order {
			row := make([]table.Value, len(n.Out))
			copy(row, g.keys)
			for k := range g.keys {
				row[k] = fixType(row[k], n.Out[k].Type)
			}
			for a := range n.Aggs {
				vals := make([]table.Value, nb)
				for k := range vals {
					vals[k] = n.Defaults[a]
					if st := g.bins[first+int64(k)]; st != nil {
						if v := st[a].Result(); v.K != table.KNull {
							vals[k] = v
						}
					}
				}
				row[len(g.keys)+a] = table.NewArray(vals)
			}
			row[len(n.Out)-1] = axisArr
			rows = append(rows, row)
		}
	}
	si := &sliceIter{rows: rows, width: len(n.Out)}
	return si.Next()
}

const maxSeriesBins = 1 << 20
