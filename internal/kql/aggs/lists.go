package aggs

import (
	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// make_set, make_set_if, makeset, make_list, make_list_if, makelist,
// make_list_with_nulls, make_bag, make_bag_if, make_dictionary.
//
// Kusto leaves element order undefined; we keep first-seen (input) order,
// which makes output deterministic and makes a size cap keep the first N
// values: make_set(RemoteUrl, 20) holds the first 20 distinct URLs. Once a
// list is full, further values are dropped.
//
// Retained values share their strings and dynamic payloads with the input
// (both are treated as immutable everywhere in the engine).

func init() {
	Register(&Agg{Name: "make_set", MinArgs: 1, MaxArgs: 2, Prefix: "set", Bind: bindMakeSet(false, DefaultMaxListSize)})
	Register(&Agg{Name: "makeset", MinArgs: 1, MaxArgs: 2, Prefix: "set", Bind: bindMakeSet(false, DeprecatedMaxListSize)})
	Register(&Agg{Name: "make_set_if", MinArgs: 2, MaxArgs: 3, Prefix: "set", Bind: bindMakeSet(true, DefaultMaxListSize)})
	Register(&Agg{Name: "make_list", MinArgs: 1, MaxArgs: 2, Prefix: "list", Bind: bindMakeList(false, false, DefaultMaxListSize)})
	Register(&Agg{Name: "makelist", MinArgs: 1, MaxArgs: 2, Prefix: "list", Bind: bindMakeList(false, false, DeprecatedMaxListSize)})
	Register(&Agg{Name: "make_list_if", MinArgs: 2, MaxArgs: 3, Prefix: "list", Bind: bindMakeList(true, false, DefaultMaxListSize)})
	Register(&Agg{Name: "make_list_with_nulls", MinArgs: 1, MaxArgs: 1, Prefix: "list", Bind: bindMakeList(false, true, DefaultMaxListSize)})
	Register(&Agg{Name: "make_bag", MinArgs: 1, MaxArgs: 2, Prefix: "bag", Bind: bindMakeBag(false)})
	Register(&Agg{Name: "make_bag_if", MinArgs: 2, MaxArgs: 3, Prefix: "bag", Bind: bindMakeBag(true)})
	Register(&Agg{Name: "make_dictionary", MinArgs: 1, MaxArgs: 2, Prefix: "dictionary", Bind: bindMakeBag(false)})
}

type listCfg struct {
	max   int
	pred  int
	nulls bool // make_list_with_nulls
	b     *budget
}

func bindListCfg(env *Env, args []funcs.Arg, withPred bool, def int) (*listCfg, error) {
	cfg := &listCfg{pred: -1, b: newBudget(env)}
	capIdx := 1
	if withPred {
		if err := checkPred(args, 1); err != nil {
			return nil, err
		}
		cfg.pred = 1
		capIdx = 2
	}
	n, err := listCap(env, args, capIdx, def)
	if err != nil {
		return nil, err
	}
	cfg.max = n
	return cfg, nil
}

// make_set: distinct values (table.AppendKey identity), nulls ignored,
// array inputs flattened into their elements (the docs' Arr1 example).
func bindMakeSet(withPred bool, def int) func(*Env, []funcs.Arg) (Impl, error) {
	return func(env *Env, args []funcs.Arg) (Impl, error) {
		cfg, err := bindListCfg(env, args, withPred, def)
		if err != nil {
			return Impl{}, err
		}
		return Impl{Type: table.Dynamic, New: func() State { return &setState{cfg: cfg} }}, nil
	}
}

type setState struct {
	cfg *listCfg
	set valueSet
}

func (s *setState) Add(args []table.Value) {
	if s.cfg.pred >= 0 && !args[s.cfg.pred].IsTrue() {
		return
	}
	v := args[0]
	if v.K == table.KArray {
		for _, e := range v.D.Arr {
			s.add(e)
		}
		return
	}
	s.add(v)
}

func (s *setState) add(v table.Value) {
	if v.K == table.KNull || len(s.set.vals) >= s.cfg.max {
		return
	}
	s.set.add(v, s.cfg.b)
}

func (s *setState) Result() table.Value {
	n := len(s.set.vals)
	return table.NewArray(s.set.vals[:n:n])
}

func (s *setState) Merge(o State) {
	for _, v := range o.(*setState).set.vals {
		s.add(v)
	}
}

func (s *setState) Err() error { return s.cfg.b.Err() }

// make_list: every value in input order; arrays and bags are added as
// single elements; nulls skipped except by make_list_with_nulls.
func bindMakeList(withPred, nulls bool, def int) func(*Env, []funcs.Arg) (Impl, error) {
	return func(env *Env, args []funcs.Arg) (Impl, error) {
		cfg, err := bindListCfg(env, args, withPred, def)
		if err != nil {
			return Impl{}, err
		}
		cfg.nulls = nulls
		return Impl{Type: table.Dynamic, New: func() State { return &listState{cfg: cfg} }}, nil
	}
}

type listState struct {
	cfg  *listCfg
	vals []table.Value
}

func (s *listState) Add(args []table.Value) {
	if s.cfg.pred >= 0 && !args[s.cfg.pred].IsTrue() {
		return
	}
	s.add(args[0])
}

func (s *listState) add(v table.Value) {
	if v.K == table.KNull && !s.cfg.nulls || len(s.vals) >= s.cfg.max {
		return
	}
	if s.cfg.b != nil && !s.cfg.b.charge(valueBytes(v)) {
		return
	}
	s.vals = append(s.vals, v)
}

func (s *listState) Result() table.Value {
	n := len(s.vals)
	return table.NewArray(s.vals[:n:n])
}

func (s *listState) Merge(o State) {
	for _, v := range o.(*listState).vals {
		s.add(v)
	}
}

func (s *listState) Err() error { return s.cfg.b.Err() }

// make_bag: merges the property bags of the group; for a key met more than
// once the first value wins (Kusto picks an arbitrary one). Non-bag values
// are ignored. The cap counts keys. Over no rows the result is [] (the
// summarize docs list make_bag among the aggregates defaulting to an empty
// dynamic array); over rows without any bag it is {}.
func bindMakeBag(withPred bool) func(*Env, []funcs.Arg) (Impl, error) {
	return func(env *Env, args []funcs.Arg) (Impl, error) {
		if t := args[0].Type; t != table.Dynamic && t != table.Unknown {
			return Impl{}, funcs.ArgErrorf(0, "argument 1 must be a dynamic property bag, not %s", t)
		}
		cfg, err := bindListCfg(env, args, withPred, DefaultMaxListSize)
		if err != nil {
			return Impl{}, err
		}
		return Impl{Type: table.Dynamic, New: func() State { return &bagState{cfg: cfg} }}, nil
	}
}

type bagState struct {
	cfg   *listCfg
	keys  []string
	vals  []table.Value
	index map[string]int32 // built once there are more than linearMax keys
	seen  bool
}

func (s *bagState) Add(args []table.Value) {
	if s.cfg.pred >= 0 && !args[s.cfg.pred].IsTrue() {
		return
	}
	s.seen = true
	v := args[0]
	if v.K != table.KBag {
		return
	}
	for i, k := range v.D.Keys {
		s.put(k, v.D.Vals[i])
	}
}

func (s *bagState) has(k string) bool {
	if s.index != nil {
		_, ok := s.index[k]
		return ok
	}
	for _, x := range s.keys {
		if x == k {
			return true
		}
	}
	return false
}

func (s *bagState) put(k string, v table.Value) {
	if len(s.keys) >= s.cfg.max || s.has(k) {
		return
	}
	if s.cfg.b != nil && !s.cfg.b.charge(16+int64(len(k))+valueBytes(v)+24) {
		return
	}
	s.keys = append(s.keys, k)
	s.vals = append(s.vals, v)
	if s.index != nil {
		s.index[k] = int32(len(s.keys) - 1)
	} else if len(s.keys) > linearMax {
		s.index = make(map[string]int32, 2*len(s.keys))
		for i, x := range s.keys {
			s.index[x] = int32(i)
		}
	}
}

func (s *bagState) Result() table.Value {
	if !s.seen {
		return table.NewArray(nil)
	}
	n := len(s.keys)
	return table.NewBag(s.keys[:n:n], s.vals[:n:n])
}

func (s *bagState) Merge(o State) {
	t := o.(*bagState)
	s.seen = s.seen || t.seen
	for i, k := range t.keys {
		s.put(k, t.vals[i])
	}
}

func (s *bagState) Err() error { return s.cfg.b.Err() }
