package aggs

import (
	"math"
	"slices"
	"sort"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// stdev, stdevif, stdevp, variance, varianceif, variancep, variancepif,
// covariance, covarianceif, covariancep, covariancepif, percentile,
// percentiles, percentiles_array, percentilew, percentilesw,
// percentilesw_array.

func init() {
	for _, d := range []struct {
		name       string
		pop, sqrt  bool
		pred, zero bool
	}{
		{"stdev", false, true, false, true},
		{"stdevif", false, true, true, true},
		{"stdevp", true, true, false, false},
		{"variance", false, false, false, true},
		{"varianceif", false, false, true, true},
		{"variancep", true, false, false, false},
		{"variancepif", true, false, true, false},
	} {
		n := 1
		if d.pred {
			n = 2
		}
		Register(&Agg{Name: d.name, MinArgs: n, MaxArgs: n, Prefix: d.name, Bind: bindVariance(d.pop, d.sqrt, d.pred, d.zero)})
	}
	for _, d := range []struct {
		name      string
		pop, pred bool
	}{
		{"covariance", false, false},
		{"covarianceif", false, true},
		{"covariancep", true, false},
		{"covariancepif", true, true},
	} {
		n := 2
		if d.pred {
			n = 3
		}
		Register(&Agg{Name: d.name, MinArgs: n, MaxArgs: n, Prefix: d.name, NameArgs: 2, Bind: bindCovariance(d.pop, d.pred)})
	}
	Register(&Agg{Name: "percentile", MinArgs: 2, MaxArgs: 2, Prefix: "percentile", Bind: bindPercentile(false, pctColumns)})
	Register(&Agg{Name: "percentiles", MinArgs: 2, MaxArgs: -1, Prefix: "percentile", Bind: bindPercentile(false, pctColumns)})
	Register(&Agg{Name: "percentiles_array", MinArgs: 2, MaxArgs: -1, Prefix: "percentiles", Bind: bindPercentile(false, pctArray)})
	Register(&Agg{Name: "percentilew", MinArgs: 3, MaxArgs: 3, Prefix: "percentile", Bind: bindPercentile(true, pctColumns)})
	Register(&Agg{Name: "percentilesw", MinArgs: 3, MaxArgs: -1, Prefix: "percentile", Bind: bindPercentile(true, pctColumns)})
	Register(&Agg{Name: "percentilesw_array", MinArgs: 3, MaxArgs: -1, Prefix: "percentiles", Bind: bindPercentile(true, pctArray)})
}

func checkNumeric(args []funcs.Arg, i int) error {
	if !isNumericish(args[i].Type) {
		return funcs.ArgErrorf(i, "argument %d must be a number, not %s", i+1, args[i].Type)
	}
	return nil
}

// Variance by Welford's algorithm. Sample (n-1) forms: over fewer than two
// values the result is 0 — over no rows that is Kusto's documented default
// for variance/varianceif/stdev/stdevif, and one value has no spread.
// Population forms: no values → null (the "all others" default), one
// value → 0.
func bindVariance(pop, sqrt, withPred, zeroDefault bool) func(*Env, []funcs.Arg) (Impl, error) {
	return func(_ *Env, args []funcs.Arg) (Impl, error) {
		p := predIndex(withPred)
		if err := checkPred(args, p); err != nil {
			return Impl{}, err
		}
		if err := checkNumeric(args, 0); err != nil {
			return Impl{}, err
		}
		var flags uint8
		if pop {
			flags |= fPop
		}
		if sqrt {
			flags |= fSqrt
		}
		if zeroDefault {
			flags |= fZero
		}
		return Impl{Type: table.Real, New: func() State { return &varState{pred: int8(p), flags: flags} }}, nil
	}
}

const (
	fPop uint8 = 1 << iota
	fSqrt
	fZero
)

type varState struct {
	n        float64
	mean, m2 float64
	pred     int8
	flags    uint8
}

func (s *varState) Add(args []table.Value) {
	if s.pred >= 0 && !args[s.pred].IsTrue() {
		return
	}
	x, ok := args[0].AsFloat()
	if !ok {
		return
	}
	s.n++
	d := x - s.mean
	s.mean += d / s.n
	s.m2 += d * (x - s.mean)
}

func (s *varState) Result() table.Value {
	var v float64
	switch {
	case s.n == 0:
		if s.flags&fZero == 0 {
			return table.Null
		}
	case s.flags&fPop != 0:
		v = s.m2 / s.n
	case s.n > 1:
		v = s.m2 / (s.n - 1)
	}
	if s.flags&fSqrt != 0 {
		v = math.Sqrt(v)
	}
	return table.NewReal(v)
}

func (s *varState) Merge(o State) {
	t := o.(*varState)
	if t.n == 0 {
		return
	}
	n := s.n + t.n
	d := t.mean - s.mean
	s.m2 += t.m2 + d*d*s.n*t.n/n
	s.mean += d * t.n / n
	s.n = n
}

// Covariance by the co-moment form of Welford's algorithm; rows where x or
// y is null are skipped. Sample: fewer than two pairs → 0 (none → null);
// population: none → null.
func bindCovariance(pop, withPred bool) func(*Env, []funcs.Arg) (Impl, error) {
	return func(_ *Env, args []funcs.Arg) (Impl, error) {
		p := -1
		if withPred {
			p = 2
		}
		if err := checkPred(args, p); err != nil {
			return Impl{}, err
		}
		for i := 0; i < 2; i++ {
			if err := checkNumeric(args, i); err != nil {
				return Impl{}, err
			}
		}
		var flags uint8
		if pop {
			flags = fPop
		}
		return Impl{Type: table.Real, New: func() State { return &covState{pred: int8(p), flags: flags} }}, nil
	}
}

type covState struct {
	n, mx, my, c float64
	pred         int8
	flags        uint8
}

func (s *covState) Add(args []table.Value) {
	if s.pred >= 0 && !args[s.pred].IsTrue() {
		return
	}
	x, ok := args[0].AsFloat()
	if !ok {
		return
	}
	y, ok := args[1].AsFloat()
	if !ok {
		return
	}
	s.n++
	dx := x - s.mx
	s.mx += dx / s.n
	s.my += (y - s.my) / s.n
	s.c += dx * (y - s.my)
}

func (s *covState) Result() table.Value {
	switch {
	case s.n == 0:
		return table.Null
	case s.flags&fPop != 0:
		return table.NewReal(s.c / s.n)
	case s.n > 1:
		return table.NewReal(s.c / (s.n - 1))
	}
	return table.NewReal(0)
}

func (s *covState) Merge(o State) {
	t := o.(*covState)
	if t.n == 0 {
		return
	}
	n := s.n + t.n
	dx, dy := t.mx-s.mx, t.my-s.my
	s.c += t.c + dx*dy*s.n*t.n/n
	s.mx += dx * t.n / n
	s.my += dy * t.n / n
	s.n = n
}

// Percentiles: Kusto's nearest-rank definition, computed exactly over all
// values of the group (Kusto estimates with a t-digest whose rank error is
// at most 1 %; the exact value is within that bound). For P in (0, 100]
// the P-th percentile is the value at 1-based rank ceil(P/100 * n) of the
// ascending values; P = 0 is the minimum. Weighted forms (percentilew)
// count each value weight times; rows with a null or non-positive weight
// are skipped. Nulls are ignored; no values → null.
//
// Result types follow Kusto.Language: int → long, decimal → real, others
// keep the input type (long, real, datetime, timespan, dynamic).

type pctShape uint8

const (
	pctColumns pctShape = iota // one column per percentile
	pctArray                   // one dynamic array column
)

type pctCfg struct {
	ps       []float64
	weighted bool
	useInt   bool
	k        table.Kind // kind of result values
	shape    pctShape
	b        *budget
}

func bindPercentile(weighted bool, shape pctShape) func(*Env, []funcs.Arg) (Impl, error) {
	return func(env *Env, args []funcs.Arg) (Impl, error) {
		cfg := &pctCfg{weighted: weighted, shape: shape, b: newBudget(env)}
		t := args[0].Type
		var rt table.Type
		switch t {
		case table.Int, table.Long:
			rt, cfg.useInt, cfg.k = table.Long, true, table.KLong
		case table.Datetime, table.Timespan:
			rt, cfg.useInt, cfg.k = t, true, kindOf(t)
		case table.Real, table.Decimal, table.Unknown:
			rt, cfg.k = table.Real, table.KReal
		case table.Dynamic:
			rt, cfg.k = table.Dynamic, table.KReal
		default:
			return Impl{}, funcs.ArgErrorf(0, "argument 1 must be a number, datetime or timespan, not %s", t)
		}
		first := 1
		if weighted {
			if wt := args[1].Type; !wt.IsInteger() && wt != table.Dynamic && wt != table.Unknown {
				return Impl{}, funcs.ArgErrorf(1, "the weight must be an integer, not %s", wt)
			}
			first = 2
		}
		if len(args) <= first {
			return Impl{}, funcs.ArgErrorf(-1, "missing percentile argument")
		}
		for i := first; i < len(args); i++ {
			if c := args[i].Const; shape == pctArray && c != nil && c.K == table.KArray {
				for _, e := range c.D.Arr {
					f, ok := e.AsFloat()
					if !ok || f < 0 || f > 100 {
						return Impl{}, funcs.ArgErrorf(i, "percentiles must be numbers between 0 and 100")
					}
					cfg.ps = append(cfg.ps, f)
				}
				continue
			}
			f, err := constNumber(args, i, "the percentile")
			if err != nil {
				return Impl{}, err
			}
			if f < 0 || f > 100 {
				return Impl{}, funcs.ArgErrorf(i, "the percentile must be between 0 and 100, not %v", f)
			}
			cfg.ps = append(cfg.ps, f)
		}
		impl := Impl{Type: rt, New: func() State { return &pctState{cfg: cfg} }}
		if shape == pctArray {
			impl.Type = table.Dynamic
			return impl, nil
		}
		for _, p := range cfg.ps {
			impl.Columns = append(impl.Columns, Column{Type: rt, NameSuffix: nameFragment(p)})
		}
		return impl, nil
	}
}

type pctState struct {
	cfg    *pctCfg
	iv     []int64
	fv     []float64
	w      []int64
	sorted bool
}

func (s *pctState) Add(args []table.Value) {
	v := args[0]
	var w int64 = 1
	if s.cfg.weighted {
		wv := args[1]
		if wv.K != table.KInt && wv.K != table.KLong {
			if f, ok := wv.AsFloat(); ok {
				wv.I = int64(f)
			} else {
				return
			}
		}
		if w = wv.I; w <= 0 {
			return
		}
	}
	var cost int64 = 8
	if s.cfg.weighted {
		cost = 16
	}
	if s.cfg.useInt {
		switch v.K {
		case table.KInt, table.KLong, table.KDatetime, table.KTimespan:
		default:
			return
		}
		if !s.cfg.b.charge(cost) {
			return
		}
		s.iv = append(s.iv, v.I)
	} else {
		f, ok := v.AsFloat()
		if !ok {
			return
		}
		if !s.cfg.b.charge(cost) {
			return
		}
		s.fv = append(s.fv, f)
	}
	if s.cfg.weighted {
		s.w = append(s.w, w)
	}
	s.sorted = false
}

// nearestRank returns the 1-based nearest rank of percentile p among n
// (ceil(p/100*n), with floating error around integers forgiven; p = 0 →
// 1).
func nearestRank(p float64, n int64) int64 {
	if n <= 0 {
		return 0
	}
	x := p * float64(n) / 100
	r := math.Ceil(x)
	if k := math.Round(x); math.Abs(x-k) <= 1e-9*math.Max(1, x) {
		r = k
	}
	return min(max(int64(r), 1), n)
}

type pairSorter struct {
	iv []int64
	fv []float64
	w  []int64
}

func (p pairSorter) Len() int { return len(p.w) }
func (p pairSorter) Less(i, j int) bool {
	if p.iv != nil {
		return p.iv[i] < p.iv[j]
	}
	a, b := p.fv[i], p.fv[j]
	return a < b || (a != a && b == b)
}
func (p pairSorter) Swap(i, j int) {
	if p.iv != nil {
		p.iv[i], p.iv[j] = p.iv[j], p.iv[i]
	} else {
		p.fv[i], p.fv[j] = p.fv[j], p.fv[i]
	}
	p.w[i], p.w[j] = p.w[j], p.w[i]
}

func (s *pctState) sort() {
	if s.sorted {
		return
	}
	if s.cfg.weighted {
		ps := pairSorter{w: s.w}
		if s.cfg.useInt {
			ps.iv = s.iv
		} else {
			ps.fv = s.fv
		}
		sort.Stable(ps)
	} else if s.cfg.useInt {
		slices.Sort(s.iv)
	} else {
		slices.Sort(s.fv)
	}
	s.sorted = true
}

func (s *pctState) count() int {
	if s.cfg.useInt {
		return len(s.iv)
	}
	return len(s.fv)
}

// at returns the P-th percentile; the values are sorted.
func (s *pctState) at(p float64) table.Value {
	n := s.count()
	if n == 0 {
		return table.Null
	}
	i := 0
	if s.cfg.weighted {
		var total int64
		for _, w := range s.w {
			total += w
		}
		r := nearestRank(p, total)
		var cum int64
		for i = 0; i < n-1; i++ {
			cum += s.w[i]
			if cum >= r {
				break
			}
		}
	} else {
		i = int(nearestRank(p, int64(n))) - 1
	}
	if s.cfg.useInt {
		return table.Value{K: s.cfg.k, I: s.iv[i]}
	}
	return table.Value{K: s.cfg.k, F: s.fv[i]}
}

func (s *pctState) Results(dst []table.Value) []table.Value {
	s.sort()
	for _, p := range s.cfg.ps {
		dst = append(dst, s.at(p))
	}
	return dst
}

func (s *pctState) Result() table.Value {
	s.sort()
	if s.cfg.shape == pctArray {
		if s.count() == 0 {
			return table.Null
		}
		return table.NewArray(s.Results(make([]table.Value, 0, len(s.cfg.ps))))
	}
	return s.at(s.cfg.ps[0])
}

func (s *pctState) Merge(o State) {
	t := o.(*pctState)
	s.iv = append(s.iv, t.iv...)
	s.fv = append(s.fv, t.fv...)
	s.w = append(s.w, t.w...)
	s.sorted = false
}

func (s *pctState) Err() error { return s.cfg.b.Err() }
