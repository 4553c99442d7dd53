package aggs

import (
	"math"
	"math/bits"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// count, countif, cnt, dcount, dcountif, count_distinct, count_distinctif.

func init() {
	Register(&Agg{Name: "count", MinArgs: 0, MaxArgs: 1, Prefix: "count", Bind: bindCount})
	Register(&Agg{Name: "cnt", MinArgs: 0, MaxArgs: 1, Prefix: "cnt", Bind: bindCount})
	Register(&Agg{Name: "countif", MinArgs: 1, MaxArgs: 1, Prefix: "countif", Bind: bindCountIf})
	Register(&Agg{Name: "dcount", MinArgs: 1, MaxArgs: 2, Prefix: "dcount", Bind: bindDcount(false)})
	Register(&Agg{Name: "dcountif", MinArgs: 2, MaxArgs: 3, Prefix: "dcountif", Bind: bindDcount(true)})
	Register(&Agg{Name: "count_distinct", MinArgs: 1, MaxArgs: 1, Prefix: "count_distinct", Bind: bindCountDistinct(false)})
	Register(&Agg{Name: "count_distinctif", MinArgs: 2, MaxArgs: 2, Prefix: "count_distinctif", Bind: bindCountDistinct(true)})
}

// count() and count(expr) count rows, nulls included (summarize docs:
// count(y) over one null and one non-null row → 2). A bool argument is
// Kusto's obsolete count(predicate) form, which is countif.
func bindCount(_ *Env, args []funcs.Arg) (Impl, error) {
	if len(args) == 1 && args[0].Type == table.Bool {
		return bindCountIf(nil, args)
	}
	return Impl{Type: table.Long, New: func() State { return &countState{pred: -1} }}, nil
}

func bindCountIf(_ *Env, args []funcs.Arg) (Impl, error) {
	if err := checkPred(args, 0); err != nil {
		return Impl{}, err
	}
	return Impl{Type: table.Long, New: func() State { return &countState{pred: 0} }}, nil
}

type countState struct {
	n    int64
	pred int
}

func (s *countState) Add(args []table.Value) {
	if s.pred < 0 || args[s.pred].IsTrue() {
		s.n++
	}
}
func (s *countState) Result() table.Value { return table.NewLong(s.n) }
func (s *countState) Merge(o State)       { s.n += o.(*countState).n }

// dcount: exact while the group has few distinct values, then
// HyperLogLog.
//
// Accuracy levels follow Kusto's documented table: 0..4 → 2^12, 2^14,
// 2^16, 2^17, 2^18 one-byte registers (σ ≈ 1.6, 0.8, 0.4, 0.28, 0.2 %).
// Kusto documents exact counts up to 1,000 distinct values at accuracy 1
// and 8,000 at accuracy 2; we count exactly up to 1,000 at accuracy 0 and
// 1 and up to 8,000 at 2..4 (an exact answer is always within the error
// bounds). "Exact" means distinct 64-bit hashes: a collision among 8,000
// values has probability < 2e-12.
//
// The estimator is Ertl's improved raw estimator ("New cardinality
// estimation algorithms for HyperLogLog sketches", 2017), which needs no
// empirical bias tables and is unbiased over the whole range. Hashing is
// deterministic, so results are reproducible run to run.

var dcountPrecision = [...]uint8{12, 14, 16, 17, 18}
var dcountExact = [...]int{1000, 1000, 8000, 8000, 8000}

// DefaultDcountAccuracy is dcount's default accuracy level.
const DefaultDcountAccuracy = 1

type dcountCfg struct {
	p     uint8
	limit int
	pred  int
	b     *budget
}

func bindDcount(withPred bool) func(*Env, []funcs.Arg) (Impl, error) {
	return func(env *Env, args []funcs.Arg) (Impl, error) {
		cfg := &dcountCfg{pred: -1, b: newBudget(env)}
		acc := 1
		if withPred {
			if err := checkPred(args, 1); err != nil {
				return Impl{}, err
			}
			cfg.pred = 1
		}
		ai := 1 // index of the accuracy argument
		if withPred {
			ai = 2
		}
		if len(args) > ai {
			v, err := constInt(args, ai, "the accuracy")
			if err != nil {
				return Impl{}, err
			}
			if v < 0 || v > 4 {
				return Impl{}, funcs.ArgErrorf(ai, "the accuracy must be 0, 1, 2, 3 or 4, not %d", v)
			}
			acc = int(v)
		}
		cfg.p = dcountPrecision[acc]
		cfg.limit = dcountExact[acc]
		return Impl{Type: table.Long, New: func() State { return &dcountState{cfg: cfg} }}, nil
	}
}

// NewDcount returns a bare dcount State over one argument at accuracy acc
// (0..4), for callers outside summarize.
func NewDcount(acc int) State {
	if acc < 0 || acc > 4 {
		acc = DefaultDcountAccuracy
	}
	return &dcountState{cfg: &dcountCfg{p: dcountPrecision[acc], limit: dcountExact[acc], pred: -1}}
}

type dcountState struct {
	cfg *dcountCfg
	// Exact phase: tab holds distinct hashes (never 0). While n <=
	// linearMax it is a dense list; then an open-addressing table whose
	// length (a power of 2) exceeds linearMax.
	tab  []uint64
	n    int
	regs []uint8 // HLL phase: 2^p registers
}

func (s *dcountState) Add(args []table.Value) {
	if s.cfg.pred >= 0 && !args[s.cfg.pred].IsTrue() {
		return
	}
	v := args[0]
	if v.K == table.KNull {
		return
	}
	s.addHash(hashValue(v))
}

func (s *dcountState) addHash(h uint64) {
	if s.regs != nil {
		hllAdd(s.regs, s.cfg.p, h)
		return
	}
	if h == 0 {
		h = 1
	}
	if len(s.tab) <= linearMax {
		for _, x := range s.tab {
			if x == h {
				return
			}
		}
		if len(s.tab) < linearMax {
			if len(s.tab) == cap(s.tab) {
				nc := max(4, 2*cap(s.tab))
				if !s.cfg.b.charge(8 * int64(nc-cap(s.tab))) {
					return
				}
				t := make([]uint64, len(s.tab), nc)
				copy(t, s.tab)
				s.tab = t
			}
			s.tab = append(s.tab, h)
			s.n++
			return
		}
		// Switch to a hashed table.
		if !s.cfg.b.charge(32 * 8) {
			return
		}
		old := s.tab
		s.tab = make([]uint64, 32)
		for _, x := range old {
			tabInsert(s.tab, x)
		}
	} else if tabHas(s.tab, h) {
		return
	}
	if s.n+1 > s.cfg.limit {
		if !s.toHLL() {
			return
		}
		hllAdd(s.regs, s.cfg.p, h)
		return
	}
	if (s.n+1)*4 > len(s.tab)*3 {
		if !s.cfg.b.charge(int64(len(s.tab)) * 8) {
			return
		}
		old := s.tab
		s.tab = make([]uint64, 2*len(old))
		for _, x := range old {
			if x != 0 {
				tabInsert(s.tab, x)
			}
		}
	}
	tabInsert(s.tab, h)
	s.n++
}

func tabHas(tab []uint64, h uint64) bool {
	mask := uint64(len(tab) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch tab[i] {
		case h:
			return true
		case 0:
			return false
		}
	}
}

func tabInsert(tab []uint64, h uint64) {
	mask := uint64(len(tab) - 1)
	i := h & mask
	for tab[i] != 0 {
		i = (i + 1) & mask
	}
	tab[i] = h
}

// toHLL moves the exact hashes into HLL registers.
func (s *dcountState) toHLL() bool {
	if s.regs != nil {
		return true
	}
	if !s.cfg.b.charge(int64(1) << s.cfg.p) {
		return false
	}
	s.regs = make([]uint8, 1<<s.cfg.p)
	for _, x := range s.tab {
		if x != 0 {
			hllAdd(s.regs, s.cfg.p, x)
		}
	}
	s.tab, s.n = nil, 0
	return true
}

func (s *dcountState) Result() table.Value {
	if s.regs == nil {
		return table.NewLong(int64(s.n))
	}
	return table.NewLong(int64(math.Round(hllEstimate(s.regs, s.cfg.p))))
}

func (s *dcountState) Merge(o State) {
	t := o.(*dcountState)
	if t.regs == nil {
		for _, x := range t.tab {
			if x != 0 {
				s.addHash(x)
			}
		}
		return
	}
	if !s.toHLL() {
		return
	}
	for i, r := range t.regs {
		if r > s.regs[i] {
			s.regs[i] = r
		}
	}
}

func (s *dcountState) Err() error { return s.cfg.b.Err() }

// hllAdd folds hash h into registers regs (2^p of them): the top p bits
// pick the register, the rank is 1 + the leading zeros of the rest.
func hllAdd(regs []uint8, p uint8, h uint64) {
	i := h >> (64 - p)
	w := h<<p | 1<<(p-1) // sentinel caps the rank at 64-p+1
	r := uint8(bits.LeadingZeros64(w)) + 1
	if r > regs[i] {
		regs[i] = r
	}
}

// hllEstimate is Ertl's improved raw estimator (Algorithm 6 of the paper).
func hllEstimate(regs []uint8, p uint8) float64 {
	m := float64(len(regs))
	q := 64 - int(p)
	var c [66]int
	for _, r := range regs {
		c[r]++
	}
	z := m * hllTau(1-float64(c[q+1])/m)
	for k := q; k >= 1; k-- {
		z += float64(c[k])
		z *= 0.5
	}
	z += m * hllSigma(float64(c[0])/m)
	return m * m / (2 * math.Ln2) / z
}

func hllSigma(x float64) float64 {
	if x == 1 {
		return math.Inf(1)
	}
	y, z := 1.0, x
	for {
		x *= x
		prev := z
		z += x * y
		y += y
		if z == prev {
			return z
		}
	}
}

func hllTau(x float64) float64 {
	if x == 0 || x == 1 {
		return 0
	}
	y, z := 1.0, 1-x
	for {
		x = math.Sqrt(x)
		prev := z
		y *= 0.5
		z -= (1 - x) * (1 - x) * y
		if z == prev {
			return z / 3
		}
	}
}

// count_distinct: exact, keeps every distinct value.

type distinctCfg struct {
	pred int
	b    *budget
}

func bindCountDistinct(withPred bool) func(*Env, []funcs.Arg) (Impl, error) {
	return func(env *Env, args []funcs.Arg) (Impl, error) {
		if args[0].Type == table.Dynamic {
			return Impl{}, funcs.ArgErrorf(0, "argument 1 must not be dynamic")
		}
		cfg := &distinctCfg{pred: -1, b: newBudget(env)}
		if withPred {
			if err := checkPred(args, 1); err != nil {
				return Impl{}, err
			}
			cfg.pred = 1
		}
		return Impl{Type: table.Long, New: func() State { return &distinctState{cfg: cfg} }}, nil
	}
}

type distinctState struct {
	cfg *distinctCfg
	set valueSet
}

func (s *distinctState) Add(args []table.Value) {
	if s.cfg.pred >= 0 && !args[s.cfg.pred].IsTrue() {
		return
	}
	if v := args[0]; v.K != table.KNull {
		s.set.add(v, s.cfg.b)
	}
}
func (s *distinctState) Result() table.Value { return table.NewLong(int64(s.set.len())) }
func (s *distinctState) Err() error          { return s.cfg.b.Err() }
func (s *distinctState) Merge(o State) {
	for _, v := range o.(*distinctState).set.vals {
		s.set.add(v, s.cfg.b)
	}
}
