package exec

import (
	"reconwatch/internal/kql/funcs/convfn"
	"reconwatch/internal/kql/plan"
	"reconwatch/internal/table"
)

type unionIter struct {
	r   *Run
	n   *plan.Union
	leg int
	cur Iter
	out *table.Batch
}

func (r *Run) openUnion(n *plan.Union) (Iter, error) {
	return &unionIter{r: r, n: n, out: table.NewBatch(len(n.Out))}, nil
}

func (it *unionIter) Next() (*table.Batch, error) {
	for it.leg < len(it.n.Legs) {
		if it.cur == nil {
			c, err := it.r.Open(it.n.Legs[it.leg])
			if err != nil {
				return nil, err
			}
			it.cur = c
		}
		b, err := it.cur.Next()
		if err != nil {
			return nil, err
		}
		if b == nil {
			it.cur.Close()
			it.cur = nil
			it.leg++
			continue
		}
		m := it.n.Map[it.leg]
		it.out.Reset()
		for i, cnt := 0, b.Len(); i < cnt; i++ {
			src := b.Row(i)
			dst := it.out.AddRow()
			for j, s := range m {
				if s >= 0 {
					dst[j] = src[s]
				} else {
					dst[j] = table.NullOf(it.n.Out[j].Type)
				}
			}
			if it.n.Source >= 0 {
				dst[it.n.Source] = table.NewString(it.n.LegNames[it.leg])
			}
		}
		return it.out, nil
	}
	return nil, nil
}

func (it *unionIter) Close() {
	if it.cur != nil {
		it.cur.Close()
	}
}

type mvIter struct {
	r     *Run
	n     *plan.MvExpand
	in    Iter
	exprs []evalFn
	out   *table.Batch
	inW   int
	// pending holds rows of an input row that did not fit the batch.
	pending [][]table.Value
}

func (r *Run) openMvExpand(n *plan.MvExpand) (Iter, error) {
	exprs, err := r.compileAll(n.Exprs)
	if err != nil {
		return nil, err
	}
	in, err := r.Open(n.In)
	if err != nil {
		return nil, err
	}
	return &mvIter{r: r, n: n, in: in, exprs: exprs, out: table.NewBatch(len(n.Out)), inW: len(n.In.Schema())}, nil
}

// elements lists what one value expands into: array elements, bag
// entries (as single-entry bags, or [key, value] arrays for kind=array),
// or the value itself for a scalar or null.
func elements(v table.Value, bagArray bool) []table.Value {
	switch v.K {
	case table.KArray:
		return v.D.Arr
	case table.KBag:
		out := make([]table.Value, len(v.D.Keys))
		for i, k := range v.D.Keys {
			if bagArray {
				out[i] = table.NewArray([]table.Value{table.NewString(k), v.D.Vals[i]})
			} else {
				out[i] = table.NewBag([]string{k}, []table.Value{v.D.Vals[i]})
			}
		}
		return out
	}
	return []table.Value{v}
}

// castExact implements mv-expand's "to typeof(T)": elements of the right
// kind pass, others become null; it does not convert.
func castExact(v table.Value, t table.Type) table.Value {
	switch t {
	case table.Unknown, table.Dynamic:
		return v
	case table.Long:
		if v.K == table.KLong || v.K == table.KInt {
			return table.NewLong(v.I)
		}
	case table.Int:
		if v.K == table.KLong || v.K == table.KInt {
			return table.NewInt(v.I)
		}
	case table.Real:
		if v.IsNumber() {
			f, _ := v.AsFloat()
			return table.NewReal(f)
		}
	case table.String:
		// Cast only [D:mv-expand-operator.md]: a number or a bag does
		// not become its text; it is null, which for strings is "".
		if v.K == table.KString {
			return v
		}
		if v.K == table.KGuid {
			return table.NewString(v.S)
		}
	case table.Bool:
		if v.K == table.KBool {
			return v
		}
	default:
		c := convfn.Convert(v, t)
		return c
	}
	return table.NullOf(t)
}

func (it *mvIter) Next() (*table.Batch, error) {
	for {
		it.out.Reset()
		for len(it.pending) > 0 && !it.out.Full() {
			it.out.AppendRow(it.pending[0])
			it.pending = it.pending[1:]
		}
		if it.out.Full() {
			return it.out, nil
		}
		b, err := it.in.Next()
		if err != nil {
			return nil, err
		}
		if b == nil {
			if it.out.Len() > 0 {
				return it.out, nil
			}
			return nil, nil
		}
		lists := make([][]table.Value, len(it.exprs))
		for i, cnt := 0, b.Len(); i < cnt; i++ {
			row := b.Row(i)
			n := 0
			for k, f := range it.exprs {
				lists[k] = elements(f(row), it.n.BagArray)
				n = max(n, len(lists[k]))
			}
			if it.n.Limit >= 0 && int64(n) > it.n.Limit {
				n = int(it.n.Limit)
			}
			for e := 0; e < n; e++ {
				var dst []table.Value
				if it.out.Full() {
					dst = make([]table.Value, len(it.n.Out))
					it.pending = append(it.pending, dst)
				} else {
					dst = it.out.AddRow()
				}
				copy(dst, row[:it.inW])
				for k, l := range lists {
					v := table.Null
					if e < len(l) {
						v = l[e]
					}
					dst[it.n.Cols[k]] = castExact(v, it.n.ToTypes[k])
				}
				if it.n.IndexCol >= 0 {
					dst[it.n.IndexCol] = table.NewLong(int64(e))
				}
			}
		}
		if it.out.Len() > 0 {
			return it.out, nil
		}
	}
}

func (it *mvIter) Close() { it.in.Close() }

type parseIter struct {
	n   *plan.Parse
	in  Iter
	src evalFn
	out *table.Batch
	inW int
}

func (r *Run) openParse(n *plan.Parse) (Iter, error) {
	src, err := r.compile(n.Source)
	if err != nil {
		return nil, err
	}
	in, err := r.Open(n.In)
	if err != nil {
		return nil, err
	}
	return &parseIter{n: n, in: in, src: src, out: table.NewBatch(len(n.Out)), inW: len(n.In.Schema())}, nil
}

func (it *parseIter) Next() (*table.Batch, error) {
	for {
		b, err := it.in.Next()
		if b == nil || err != nil {
			return nil, err
		}
		it.out.Reset()
		newCols := it.n.Out[it.n.First:]
		for i, cnt := 0, b.Len(); i < cnt; i++ {
			row := b.Row(i)
			dst := it.out.AddRow()
			copy(dst, row[:it.inW])
			extra := dst[it.n.First:]
			if !it.n.Matcher(textOf(it.src(row)), extra) {
				if it.n.Where {
					it.out.Vals = it.out.Vals[:len(it.out.Vals)-len(dst)]
					continue
				}
				for j, c := range newCols {
					extra[j] = table.NullOf(c.Type)
				}
			}
		}
		if it.out.Len() > 0 {
			return it.out, nil
		}
	}
}

func (it *parseIter) Close() { it.in.Close() }

func (r *Run) openMaterialize(n *plan.Materialize) (Iter, error) {
	if m := *r.mat(n.ID); m != nil {
		return &sliceIter{rows: m.Rows, width: len(m.Cols)}, nil
	}
	res, err := r.Collect(n.In)
	if err != nil {
		return nil, err
	}
	var sz int64
	for _, row := range res.Rows {
		sz += rowBytes(row)
	}
	if err := r.charge(sz, "materialize"); err != nil {
		return nil, err
	}
	*r.mat(n.ID) = &table.MemTable{Cols: res.Schema, Rows: res.Rows}
	return &sliceIter{rows: res.Rows, width: len(res.Schema)}, nil
}

type bagIter struct {
	n   *plan.BagUnpack
	in  Iter
	out *table.Batch
}

func (r *Run) openBagUnpack(n *plan.BagUnpack) (Iter, error) {
	in, err := r.Open(n.In)
	if err != nil {
		return nil, err
	}
	return &bagIter{n: n, in: in, out: table.NewBatch(len(n.Out))}, nil
}

func (it *bagIter) Next() (*table.Batch, error) {
	b, err := it.in.Next()
	if b == nil || err != nil {
		return nil, err
	}
	it.out.Reset()
	for i, cnt := 0, b.Len(); i < cnt; i++ {
		row := b.Row(i)
		dst := it.out.AddRow()
		bag := row[it.n.Col]
		for j, c := range it.n.Out {
			var v table.Value
			if src := it.n.Src[j]; src >= 0 {
				v = row[src]
			} else {
				v, _ = bag.BagGet(it.n.Keys[j])
				if c.Type != table.Dynamic {
					v = convfn.Convert(v, c.Type)
				}
			}
			dst[j] = fixType(v, c.Type)
		}
	}
	return it.out, nil
}

func (it *bagIter) Close() { it.in.Close() }

// DiscoverBagKeys runs n and returns the keys of the bags in column col
// with their types (a key whose values all have one type gets it,
// otherwise dynamic), for bag_unpack's output schema.
func DiscoverBagKeys(r *Run, n plan.Node, col int) ([]table.Column, error) {
	res, err := r.Collect(n)
	if err != nil {
		return nil, err
	}
	types := map[string]table.Type{}
	var order []string
	for _, row := range res.Rows {
		v := row[col]
		if v.K != table.KBag {
			continue
		}
		for i, k := range v.D.Keys {
			t := kindType(v.D.Vals[i])
			old, seen := types[k]
			if !seen {
				order = append(order, k)
				types[k] = t
				continue
			}
			if old != t && t != table.Unknown {
				if old == table.Unknown {
					types[k] = t
				} else {
					types[k] = table.Dynamic
				}
			}
		}
	}
	out := make([]table.Column, 0, len(order))
	for _, k := range order {
		t := types[k]
		if t == table.Unknown {
			t = table.Dynamic
		}
		out = append(out, table.Column{Name: k, Type: t})
	}
	return out, nil
}

// kindType is the column type bag_unpack gives a slot holding v.
func kindType(v table.Value) table.Type {
	switch v.K {
	case table.KNull:
		return table.Unknown
	case table.KBool:
		return table.Bool
	case table.KInt, table.KLong:
		return table.Long
	case table.KReal:
		return table.Real
	case table.KString:
		return table.String
	case table.KDatetime:
		return table.Datetime
	case table.KTimespan:
		return table.Timespan
	}
	return table.Dynamic
}
