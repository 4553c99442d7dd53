package exec

import (
	"reconwatch/internal/kql/aggs"
	"reconwatch/internal/kql/funcs/convfn"
	"reconwatch/internal/kql/plan"
	"reconwatch/internal/table"
)

func addValues(a, b table.Value) table.Value { return convfn.Add(a, b) }

// group is one summarize group: its key values and aggregate states.
type group struct {
	keys   []table.Value
	states []aggs.State
	multi  []multiState
}

// multiState is the row chosen by arg_max/arg_min/take_any for a group.
type multiState struct {
	has    bool
	keyed  bool // the chosen row has a non-null key
	key    table.Value
	values []table.Value
}

type aggIter struct {
	r    *Run
	n    *plan.Aggregate
	in   Iter
	done bool
}

func (r *Run) openAggregate(n *plan.Aggregate) (Iter, error) {
	in, err := r.Open(n.In)
	if err != nil {
		return nil, err
	}
	return &aggIter{r: r, n: n, in: in}, nil
}

// multiIndex numbers the distinct MultiAggs of a summarize.
func multiIndex(n *plan.Aggregate) (map[*plan.MultiAgg]int, []*plan.MultiAgg) {
	idx := map[*plan.MultiAgg]int{}
	var list []*plan.MultiAgg
	for _, a := range n.Aggs {
		if a.Multi != nil {
			if _, ok := idx[a.Multi]; !ok {
				idx[a.Multi] = len(list)
				list = append(list, a.Multi)
			}
		}
	}
	return idx, list
}

func (it *aggIter) Next() (*table.Batch, error) {
	if it.done {
		return nil, nil
	}
	it.done = true
	r, n := it.r, it.n
	keys, err := r.compileAll(n.Keys)
	if err != nil {
		return nil, err
	}
	type compiledAgg struct {
		args   []evalFn
		multi  int // index into multis, or -1
		out    int // output index for multi
		shared int // >= 0: read column out of Aggs[shared]'s state
	}
	midx, multis := multiIndex(n)
	type compiledMulti struct {
		key  evalFn
		outs []evalFn
		max  bool
	}
	cms := make([]compiledMulti, len(multis))
	for i, m := range multis {
		if m.Key != nil {
			if cms[i].key, err = r.compile(m.Key); err != nil {
				return nil, err
			}
		}
		if cms[i].outs, err = r.compileAll(m.Outs); err != nil {
			return nil, err
		}
		cms[i].max = m.Max
	}
	cas := make([]compiledAgg, len(n.Aggs))
	maxArgs := 0
	for i, a := range n.Aggs {
		if a.Multi != nil {
			v, _ := plan.IsConst(a.Args[0])
			cas[i] = compiledAgg{multi: midx[a.Multi], out: int(v.I), shared: -1}
			continue
		}
		if a.Shared >= 0 {
			cas[i] = compiledAgg{multi: -1, shared: a.Shared, out: a.Col}
			continue
		}
		args, err := r.compileAll(a.Args)
		if err != nil {
			return nil, err
		}
		cas[i] = compiledAgg{args: args, multi: -1, shared: -1}
		maxArgs = max(maxArgs, len(args))
	}
	newGroup := func(kv []table.Value) *group {
		g := &group{keys: kv, states: make([]aggs.State, len(n.Aggs)), multi: make([]multiState, len(multis))}
		for i, a := range n.Aggs {
			if a.Multi == nil && a.Shared < 0 {
				g.states[i] = a.Impl.New()
			}
		}
		return g
	}
	groups := map[string]*group{}
	var order []*group
	var single *group
	if len(keys) == 0 {
		single = newGroup(nil)
		order = append(order, single)
	}
	kbuf := make([]byte, 0, 64)
	kvals := make([]table.Value, len(keys))
	argBuf := make([]table.Value, maxArgs)
	perGroup := int64(64 + 48*len(keys) + 64*len(n.Aggs))
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
			g := single
			if g == nil {
				kbuf = kbuf[:0]
				for k, f := range keys {
					kvals[k] = f(row)
					kbuf = table.AppendKey(kbuf, normKey(kvals[k]))
				}
				g = groups[string(kbuf)]
				if g == nil {
					kv := append([]table.Value(nil), kvals...)
					g = newGroup(kv)
					groups[string(kbuf)] = g
					order = append(order, g)
					if err := r.charge(perGroup+int64(len(kbuf))+rowBytes(kv), "summarize groups"); err != nil {
						return nil, err
					}
				}
			}
			for a := range cas {
				ca := &cas[a]
				if ca.multi >= 0 || ca.shared >= 0 {
					continue
				}
				args := argBuf[:len(ca.args)]
				for j, f := range ca.args {
					args[j] = f(row)
				}
				g.states[a].Add(args)
			}
			for m := range cms {
				cm := &cms[m]
				st := &g.multi[m]
				if cm.key == nil { // take_any: first row wins
					if !st.has {
						st.has = true
						st.values = evalAll(cm.outs, row)
					}
					continue
				}
				k := cm.key(row)
				switch {
				case k.K == table.KNull:
					if !st.has {
						st.has = true
						st.key = k
						st.values = evalAll(cm.outs, row)
					}
				case !st.keyed || better(k, st.key, cm.max):
					st.has, st.keyed, st.key = true, true, k
					st.values = evalAll(cm.outs, row)
				}
			}
		}
	}
	if err := aggErrors(order); err != nil {
		return nil, err
	}
	rows := make([][]table.Value, 0, len(order))
	width := len(n.Out)
	for _, g := range order {
		row := make([]table.Value, width)
		copy(row, g.keys)
		for a, ca := range cas {
			var v table.Value
			if ca.multi >= 0 {
				st := g.multi[ca.multi]
				if st.has {
					v = st.values[ca.out]
				}
			} else if ca.shared >= 0 {
				if ms, ok := g.states[ca.shared].(aggs.MultiState); ok {
					if vals := ms.Results(nil); ca.out < len(vals) {
						v = vals[ca.out]
					}
				}
			} else if ms, ok := g.states[a].(aggs.MultiState); ok {
				if vals := ms.Results(nil); len(vals) > 0 {
					v = vals[0]
				}
			} else {
				v = g.states[a].Result()
			}
			row[len(g.keys)+a] = fixType(v, n.Out[len(g.keys)+a].Type)
		}
		for k := range g.keys {
			row[k] = fixType(row[k], n.Out[k].Type)
		}
		rows = append(rows, row)
	}
	si := &sliceIter{rows: rows, width: width}
	return si.Next()
}

func evalAll(fs []evalFn, row []table.Value) []table.Value {
	out := make([]table.Value, len(fs))
	for i, f := range fs {
		out[i] = f(row)
	}
	return out
}

// better reports whether k beats cur for arg_max (max) or arg_min; ties
// keep the first row seen.
func better(k, cur table.Value, max bool) bool {
	c := table.Compare(k, cur)
	if max {
		return c > 0
	}
	return c < 0
}

// errState is implemented by aggregate states that can fail (a list that
// outgrew the memory budget).
type errState interface{ Err() error }

func aggErrors(groups []*group) error {
	for _, g := range groups {
		for _, s := range g.states {
			if s == nil {
				continue
			}
			if es, ok := s.(errState); ok {
				if err := es.Err(); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (it *aggIter) Close() { it.in.Close() }
