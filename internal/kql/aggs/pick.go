package aggs

import (
	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// take_any, any, take_anyif, anyif, arg_max, arg_min, argmax, argmin and
// the row helpers ArgBest and AnyRow the executor uses for their
// several-column forms.

func init() {
	Register(&Agg{Name: "take_any", MinArgs: 1, MaxArgs: -1, Prefix: "", RowSelector: true, Bind: bindTakeAny(false)})
	Register(&Agg{Name: "any", MinArgs: 1, MaxArgs: -1, Prefix: "any", RowSelector: true, Bind: bindTakeAny(false)})
	Register(&Agg{Name: "take_anyif", MinArgs: 2, MaxArgs: 2, Prefix: "", Bind: bindTakeAny(true)})
	Register(&Agg{Name: "anyif", MinArgs: 2, MaxArgs: 2, Prefix: "anyif", Bind: bindTakeAny(true)})
	Register(&Agg{Name: "arg_max", MinArgs: 1, MaxArgs: -1, Prefix: "max", RowSelector: true, Bind: bindArgBest(true)})
	Register(&Agg{Name: "arg_min", MinArgs: 1, MaxArgs: -1, Prefix: "min", RowSelector: true, Bind: bindArgBest(false)})
	Register(&Agg{Name: "argmax", MinArgs: 1, MaxArgs: -1, Prefix: "max", RowSelector: true, Bind: bindArgBest(true)})
	Register(&Agg{Name: "argmin", MinArgs: 1, MaxArgs: -1, Prefix: "min", RowSelector: true, Bind: bindArgBest(false)})
}

// take_any(x): the first non-empty value of the group (Kusto: an
// arbitrary one, preferring non-null/non-empty for a single column); if
// every value is null or "", the first value. No rows → null ("" for
// strings). With several arguments this Impl covers the first argument
// only; the executor uses AnyRow for the rest.
func bindTakeAny(withPred bool) func(*Env, []funcs.Arg) (Impl, error) {
	return func(_ *Env, args []funcs.Arg) (Impl, error) {
		p := predIndex(withPred)
		if err := checkPred(args, p); err != nil {
			return Impl{}, err
		}
		t := args[0].Type
		empty := nullOf(t)
		return Impl{Type: t, New: func() State { return &anyState{pred: p, cur: empty} }}, nil
	}
}

type anyState struct {
	cur  table.Value
	have bool // cur came from a row
	good bool // cur is non-empty: done
	pred int
}

func (s *anyState) Add(args []table.Value) {
	if s.good || s.pred >= 0 && !args[s.pred].IsTrue() {
		return
	}
	v := args[0]
	if !isEmpty(v) {
		s.cur, s.have, s.good = v, true, true
	} else if !s.have {
		s.cur, s.have = v, true
	}
}

func (s *anyState) Result() table.Value { return s.cur }

func (s *anyState) Merge(o State) {
	t := o.(*anyState)
	if !s.good && (t.good || !s.have && t.have) {
		*s = *t
	}
}

// arg_max(k)/arg_min(k) alone: the best non-null key (ties: first seen);
// nulls and "" are skipped as by min/max. With more arguments the executor
// uses ArgBest; this Impl then yields the key column only.
func bindArgBest(isMax bool) func(*Env, []funcs.Arg) (Impl, error) {
	return func(_ *Env, args []funcs.Arg) (Impl, error) {
		t := args[0].Type
		if !isOrderable(t) {
			return Impl{}, funcs.ArgErrorf(0, "argument 1 must be orderable, not %s", t)
		}
		empty := nullOf(t)
		return Impl{Type: t, New: func() State { return &argState{cur: empty, max: isMax} }}, nil
	}
}

type argState struct {
	cur  table.Value
	have bool
	max  bool
}

func (s *argState) Add(args []table.Value) {
	v := args[0]
	if skipKey(v) {
		return
	}
	if !s.have || better(v, s.cur, s.max) {
		s.cur, s.have = v, true
	}
}

func (s *argState) Result() table.Value { return s.cur }

func (s *argState) Merge(o State) {
	t := o.(*argState)
	if t.have && (!s.have || better(t.cur, s.cur, s.max)) {
		s.cur, s.have = t.cur, true
	}
}

// ArgBest keeps the row of arg_max (Max set) or arg_min: the row with the
// greatest (least) key, skipping rows whose key is null (or "", or an
// array or bag) unless every key is: then the first row. Ties keep the
// first row seen. The zero ArgBest is arg_min; use NewArgBest.
type ArgBest struct {
	Max  bool
	key  table.Value
	row  []table.Value
	have bool // row is set
	kept bool // row has a real key
}

// NewArgBest returns an empty ArgBest for arg_max (max true) or arg_min.
func NewArgBest(max bool) *ArgBest { return &ArgBest{Max: max} }

// Add offers one row with its key. row is copied (into a buffer reused
// across Adds), so callers may reuse it.
func (a *ArgBest) Add(key table.Value, row []table.Value) {
	if skipKey(key) {
		if !a.have {
			a.row = append(a.row[:0], row...)
			a.key, a.have = key, true
		}
		return
	}
	if !a.kept || better(key, a.key, a.Max) {
		a.row = append(a.row[:0], row...)
		a.key, a.have, a.kept = key, true, true
	}
}

// Row returns the chosen row (nil if nothing was added). It is owned by
// a and valid until the next Add or Merge.
func (a *ArgBest) Row() []table.Value {
	if !a.have {
		return nil
	}
	return a.row
}

// Key returns the key of the chosen row (null if none).
func (a *ArgBest) Key() table.Value { return a.key }

// Merge folds in b, a later partition of the same group.
func (a *ArgBest) Merge(b *ArgBest) {
	if b.have {
		a.Add(b.key, b.row)
	}
}

// AnyRow keeps the first row offered: take_any over several expressions
// (or *) takes all of them from one row.
type AnyRow struct {
	row  []table.Value
	have bool
}

// Add offers a row; only the first is kept (copied).
func (a *AnyRow) Add(row []table.Value) {
	if !a.have {
		a.row = append(a.row[:0], row...)
		a.have = true
	}
}

// Row returns the kept row, or nil.
func (a *AnyRow) Row() []table.Value {
	if !a.have {
		return nil
	}
	return a.row
}

// Merge folds in b, a later partition of the same group.
func (a *AnyRow) Merge(b *AnyRow) {
	if b.have {
		a.Add(b.row)
	}
}
