package aggs

import (
	"math"
	"math/big"
	"math/bits"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// sum, sumif, avg, avgif, min, max, minif, maxif, binary_all_and/or/xor.

func init() {
	Register(&Agg{Name: "sum", MinArgs: 1, MaxArgs: 1, Prefix: "sum", Bind: bindSum(false)})
	Register(&Agg{Name: "sumif", MinArgs: 2, MaxArgs: 2, Prefix: "sumif", Bind: bindSum(true)})
	Register(&Agg{Name: "avg", MinArgs: 1, MaxArgs: 1, Prefix: "avg", Bind: bindAvg(false)})
	Register(&Agg{Name: "avgif", MinArgs: 2, MaxArgs: 2, Prefix: "avgif", Bind: bindAvg(true)})
	Register(&Agg{Name: "min", MinArgs: 1, MaxArgs: 1, Prefix: "min", Bind: bindMinMax(false, false)})
	Register(&Agg{Name: "max", MinArgs: 1, MaxArgs: 1, Prefix: "max", Bind: bindMinMax(true, false)})
	Register(&Agg{Name: "minif", MinArgs: 2, MaxArgs: 2, Prefix: "minif", Bind: bindMinMax(false, true)})
	Register(&Agg{Name: "maxif", MinArgs: 2, MaxArgs: 2, Prefix: "maxif", Bind: bindMinMax(true, true)})
	Register(&Agg{Name: "binary_all_and", MinArgs: 1, MaxArgs: 1, Bind: bindBinaryAll(opAnd)})
	Register(&Agg{Name: "binary_all_or", MinArgs: 1, MaxArgs: 1, Bind: bindBinaryAll(opOr)})
	Register(&Agg{Name: "binary_all_xor", MinArgs: 1, MaxArgs: 1, Bind: bindBinaryAll(opXor)})
}

func predIndex(withPred bool) int {
	if withPred {
		return 1
	}
	return -1
}

// sum: int and long sum to long (wrapping on overflow like Kusto's
// unchecked arithmetic), real to real, decimal to decimal (held as a
// float64 like every decimal here), timespan to timespan; dynamic and
// unknown inputs sum their numeric values to real. Nulls (and non-numeric
// dynamic values) are ignored; no values → 0 of the result type.
func bindSum(withPred bool) func(*Env, []funcs.Arg) (Impl, error) {
	return func(_ *Env, args []funcs.Arg) (Impl, error) {
		p := predIndex(withPred)
		if err := checkPred(args, p); err != nil {
			return Impl{}, err
		}
		switch t := args[0].Type; t {
		case table.Int, table.Long:
			return Impl{Type: table.Long, New: func() State { return &sumInt{pred: p, k: table.KLong} }}, nil
		case table.Timespan:
			return Impl{Type: table.Timespan, New: func() State { return &sumInt{pred: p, k: table.KTimespan} }}, nil
		case table.Real, table.Dynamic, table.Unknown:
			return Impl{Type: table.Real, New: func() State { return &sumFloat{pred: p, k: table.KReal} }}, nil
		case table.Decimal:
			return Impl{Type: table.Decimal, New: func() State { return &sumFloat{pred: p, k: table.KDecimal} }}, nil
		default:
			return Impl{}, funcs.ArgErrorf(0, "argument 1 must be a number or timespan, not %s", t)
		}
	}
}

type sumInt struct {
	s    int64
	pred int
	k    table.Kind
}

func (s *sumInt) Add(args []table.Value) {
	if s.pred >= 0 && !args[s.pred].IsTrue() {
		return
	}
	switch v := args[0]; v.K {
	case table.KInt, table.KLong, table.KTimespan:
		s.s += v.I
	}
}
func (s *sumInt) Result() table.Value { return table.Value{K: s.k, I: s.s} }
func (s *sumInt) Merge(o State)       { s.s += o.(*sumInt).s }

type sumFloat struct {
	s    float64
	pred int
	k    table.Kind
}

func (s *sumFloat) Add(args []table.Value) {
	if s.pred >= 0 && !args[s.pred].IsTrue() {
		return
	}
	if f, ok := args[0].AsFloat(); ok {
		s.s += f
	}
}
func (s *sumFloat) Result() table.Value { return table.Value{K: s.k, F: s.s} }
func (s *sumFloat) Merge(o State)       { s.s += o.(*sumFloat).s }

// avg: numbers → real (decimal → decimal), timespan → timespan, datetime →
// datetime (the mean instant, computed exactly with a 128-bit sum and
// truncated to a tick). Nulls are ignored. Over no rows at all (summarize
// without by on empty input) the numeric avg is NaN, as the summarize
// docs show (0/0); over rows that are all null it is null (§3).
func bindAvg(withPred bool) func(*Env, []funcs.Arg) (Impl, error) {
	return func(_ *Env, args []funcs.Arg) (Impl, error) {
		p := predIndex(withPred)
		if err := checkPred(args, p); err != nil {
			return Impl{}, err
		}
		switch t := args[0].Type; t {
		case table.Int, table.Long, table.Real, table.Dynamic, table.Unknown:
			return Impl{Type: table.Real, New: func() State { return &avgFloat{pred: p, k: table.KReal} }}, nil
		case table.Decimal:
			return Impl{Type: table.Decimal, New: func() State { return &avgFloat{pred: p, k: table.KDecimal} }}, nil
		case table.Timespan, table.Datetime:
			k := kindOf(t)
			return Impl{Type: t, New: func() State { return &avgTicks{pred: p, k: k} }}, nil
		default:
			return Impl{}, funcs.ArgErrorf(0, "argument 1 must be a number, timespan or datetime, not %s", t)
		}
	}
}

type avgFloat struct {
	s    float64
	n    int64
	seen bool // a row was added (null or not)
	pred int
	k    table.Kind
}

func (s *avgFloat) Add(args []table.Value) {
	if s.pred >= 0 && !args[s.pred].IsTrue() {
		return
	}
	s.seen = true
	if f, ok := args[0].AsFloat(); ok {
		s.s += f
		s.n++
	}
}

func (s *avgFloat) Result() table.Value {
	if s.n == 0 {
		if s.seen {
			return table.Null
		}
		return table.Value{K: s.k, F: math.NaN()}
	}
	return table.Value{K: s.k, F: s.s / float64(s.n)}
}

func (s *avgFloat) Merge(o State) {
	t := o.(*avgFloat)
	s.s += t.s
	s.n += t.n
	s.seen = s.seen || t.seen
}

// avgTicks averages datetime or timespan ticks exactly.
type avgTicks struct {
	hi   int64 // 128-bit sum: hi:lo
	lo   uint64
	n    int64
	pred int
	k    table.Kind
}

func (s *avgTicks) Add(args []table.Value) {
	if s.pred >= 0 && !args[s.pred].IsTrue() {
		return
	}
	if v := args[0]; v.K == table.KDatetime || v.K == table.KTimespan {
		s.add128(v.I, 0)
		s.n++
	}
}

func (s *avgTicks) add128(x int64, xhi int64) {
	if x < 0 {
		xhi--
	}
	var c uint64
	s.lo, c = bits.Add64(s.lo, uint64(x), 0)
	s.hi += xhi + int64(c)
}

func (s *avgTicks) Result() table.Value {
	if s.n == 0 {
		return table.Null
	}
	if (s.hi == 0 && s.lo < 1<<63) || (s.hi == -1 && s.lo >= 1<<63) {
		return table.Value{K: s.k, I: int64(s.lo) / s.n}
	}
	sum := new(big.Int).SetInt64(s.hi)
	sum.Lsh(sum, 64)
	sum.Or(sum, new(big.Int).SetUint64(s.lo)) // hi's two's complement shifted, low bits clear
	sum.Quo(sum, big.NewInt(s.n))
	return table.Value{K: s.k, I: sum.Int64()}
}

func (s *avgTicks) Merge(o State) {
	t := o.(*avgTicks)
	var c uint64
	s.lo, c = bits.Add64(s.lo, t.lo, 0)
	s.hi += t.hi + int64(c)
	s.n += t.n
}

// min/max: any orderable type; the result has the input's type. Nulls are
// ignored, and so are empty strings (string's null, see §3); arrays and
// bags are not orderable and ignored. No values → null ("" for strings).
func bindMinMax(isMax, withPred bool) func(*Env, []funcs.Arg) (Impl, error) {
	return func(_ *Env, args []funcs.Arg) (Impl, error) {
		p := predIndex(withPred)
		if err := checkPred(args, p); err != nil {
			return Impl{}, err
		}
		t := args[0].Type
		if !isOrderable(t) {
			return Impl{}, funcs.ArgErrorf(0, "argument 1 must be orderable, not %s", t)
		}
		empty := nullOf(t)
		return Impl{Type: t, New: func() State { return &minMax{pred: p, max: isMax, cur: empty} }}, nil
	}
}

type minMax struct {
	cur  table.Value
	have bool
	max  bool
	pred int
}

// better reports whether v replaces cur (strictly better: ties keep the
// first seen).
func better(v, cur table.Value, isMax bool) bool {
	var c int
	if v.K == cur.K && intLike(v.K) {
		switch {
		case v.I < cur.I:
			c = -1
		case v.I > cur.I:
			c = 1
		}
	} else {
		c = table.Compare(v, cur)
	}
	if isMax {
		return c > 0
	}
	return c < 0
}

// skipKey reports whether v takes no part in min/max/arg_max.
func skipKey(v table.Value) bool {
	switch v.K {
	case table.KNull, table.KArray, table.KBag:
		return true
	case table.KString:
		return v.S == ""
	}
	return false
}

func (s *minMax) Add(args []table.Value) {
	if s.pred >= 0 && !args[s.pred].IsTrue() {
		return
	}
	v := &args[0]
	if s.have && v.K == s.cur.K && intLike(v.K) { // fast path: same-kind integers
		if s.max && v.I > s.cur.I || !s.max && v.I < s.cur.I {
			s.cur.I = v.I
		}
		return
	}
	if skipKey(*v) {
		return
	}
	if !s.have || better(*v, s.cur, s.max) {
		s.cur, s.have = *v, true
	}
}

// intLike reports whether values of kind k order by their I field alone.
func intLike(k table.Kind) bool {
	return k == table.KLong || k == table.KInt || k == table.KDatetime || k == table.KTimespan
}

func (s *minMax) Result() table.Value { return s.cur }
func (s *minMax) Merge(o State) {
	t := o.(*minMax)
	if t.have && (!s.have || better(t.cur, s.cur, s.max)) {
		s.cur, s.have = t.cur, true
	}
}

// binary_all_and/or/xor: bitwise fold of integer values; nulls ignored;
// no values → null. The result keeps the input's type (int or long).
type bitOp uint8

const (
	opAnd bitOp = iota
	opOr
	opXor
)

func bindBinaryAll(op bitOp) func(*Env, []funcs.Arg) (Impl, error) {
	return func(_ *Env, args []funcs.Arg) (Impl, error) {
		t := args[0].Type
		switch t {
		case table.Int, table.Long:
		case table.Dynamic, table.Unknown:
			t = table.Long
		default:
			return Impl{}, funcs.ArgErrorf(0, "argument 1 must be int or long, not %s", args[0].Type)
		}
		k := kindOf(t)
		return Impl{Type: t, New: func() State { return &bitAll{op: op, k: k} }}, nil
	}
}

type bitAll struct {
	acc  int64
	have bool
	op   bitOp
	k    table.Kind
}

func (s *bitAll) Add(args []table.Value) {
	v := args[0]
	if v.K != table.KInt && v.K != table.KLong {
		return
	}
	s.fold(v.I)
}

func (s *bitAll) fold(x int64) {
	if !s.have {
		s.acc, s.have = x, true
		return
	}
	switch s.op {
	case opAnd:
		s.acc &= x
	case opOr:
		s.acc |= x
	default:
		s.acc ^= x
	}
}

func (s *bitAll) Result() table.Value {
	if !s.have {
		return table.Null
	}
	return table.Value{K: s.k, I: s.acc}
}

func (s *bitAll) Merge(o State) {
	if t := o.(*bitAll); t.have {
		s.fold(t.acc)
	}
}
