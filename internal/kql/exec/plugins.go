package exec

import (
	"math"
	"sort"

	"reconwatch/internal/kql/funcs/convfn"
	"reconwatch/internal/kql/funcs/dynfn"
	"reconwatch/internal/kql/plan"
	"reconwatch/internal/table"
)

// The evaluate plugins pivot, ipv4_lookup and basket.

// convertCell gives v the column type t.
func convertCell(v table.Value, t table.Type) table.Value {
	switch {
	case v.K == table.KNull:
		return table.NullOf(t)
	case t != table.Dynamic && kindOf(t) != v.K:
		v = convfn.Convert(v, t)
	}
	return fixType(v, t)
}

// kindOf is the runtime kind of a non-null value of type t (KNull when
// any kind will do).
func kindOf(t table.Type) table.Kind {
	switch t {
	case table.Bool:
		return table.KBool
	case table.Int:
		return table.KInt
	case table.Long:
		return table.KLong
	case table.Real:
		return table.KReal
	case table.Decimal:
		return table.KDecimal
	case table.Datetime:
		return table.KDatetime
	case table.Timespan:
		return table.KTimespan
	case table.String:
		return table.KString
	case table.Guid:
		return table.KGuid
	}
	return table.KNull
}

// DiscoverValues runs n and returns the distinct values of column col in
// order of first appearance, for evaluate pivot's output columns.
func DiscoverValues(r *Run, n plan.Node, col int) ([]table.Value, error) {
	it, err := r.Open(n)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	seen := map[string]bool{}
	var out []table.Value
	var kb []byte
	for {
		b, err := it.Next()
		if err != nil {
			return nil, err
		}
		if b == nil {
			return out, nil
		}
		for i, cnt := 0, b.Len(); i < cnt; i++ {
			v := b.Row(i)[col]
			kb = table.AppendKey(kb[:0], normKey(v))
			if seen[string(kb)] {
				continue
			}
			if err := r.charge(int64(len(kb))+48+valueBytes(v), "evaluate pivot (discovering columns)"); err != nil {
				return nil, err
			}
			seen[string(kb)] = true
			out = append(out, v)
		}
	}
}

// lazyIter computes its rows on the first call to Next.
type lazyIter struct {
	fill  func() ([][]table.Value, error)
	width int
	rows  *sliceIter
	close func()
}

func (it *lazyIter) Next() (*table.Batch, error) {
	if it.rows == nil {
		rows, err := it.fill()
		if err != nil {
			return nil, err
		}
		it.rows = &sliceIter{rows: rows, width: it.width}
	}
	return it.rows.Next()
}

func (it *lazyIter) Close() {
	if it.close != nil {
		it.close()
	}
}

// openPivot rotates the aggregated rows of a pivot: one output row per
// group (in order of first appearance), the aggregate of each pivot
// value in its column.
func (r *Run) openPivot(n *plan.Pivot) (Iter, error) {
	var held int64
	fill := func() ([][]table.Value, error) {
		res, err := r.Collect(n.In)
		if err != nil {
			return nil, err
		}
		groups := map[string]int{}
		var rows [][]table.Value
		var kb []byte
		for _, row := range res.Rows {
			kb = kb[:0]
			for k := 0; k < n.NKeys; k++ {
				kb = table.AppendKey(kb, normKey(row[k]))
			}
			g, ok := groups[string(kb)]
			if !ok {
				out := make([]table.Value, len(n.Out))
				copy(out, n.Empty)
				for k := 0; k < n.NKeys; k++ {
					if at := n.Keys[k]; at >= 0 {
						out[at] = convertCell(row[k], n.Out[at].Type)
					}
				}
				sz := rowBytes(out) + int64(len(kb))
				if err := r.charge(sz, "evaluate pivot"); err != nil {
					return nil, err
				}
				held += sz
				g = len(rows)
				groups[string(kb)] = g
				rows = append(rows, out)
			}
			if at, ok := n.ValueCols[plan.PivotName(row[n.NKeys])]; ok {
				rows[g][at] = convertCell(row[n.NKeys+1], n.Out[at].Type)
			}
		}
		return rows, nil
	}
	return &lazyIter{fill: fill, width: len(n.Out), close: func() { r.release(held) }}, nil
}

// ipv4Index finds the lookup row whose address or CIDR block contains an
// address.
type ipv4Index struct {
	n     *plan.IPv4Lookup
	rows  [][]table.Value
	extra []string // the extra keys of each lookup row ("" with ok false: a null key)
	xok   []bool
	// byLen[l] maps a block's masked address to the lookup rows with
	// prefix length l, in lookup order; lens lists the lengths present,
	// longest first.
	byLen [33]map[uint32][]int
	lens  []int
	held  int64
}

func (r *Run) buildIPv4Index(n *plan.IPv4Lookup) (*ipv4Index, error) {
	ix := &ipv4Index{n: n}
	it, err := r.Open(n.Lookup)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var kb []byte
	for {
		b, err := it.Next()
		if err != nil {
			return ix, err
		}
		if b == nil {
			break
		}
		for i, cnt := 0, b.Len(); i < cnt; i++ {
			row := b.Row(i)
			addr, pfx, ok := dynfn.ParseIPv4(textOf(row[n.LookupKey]))
			if !ok {
				continue // not an IPv4 address or block: matches nothing
			}
			cp := append([]table.Value(nil), row...)
			sz := rowBytes(cp) + 64
			if err := r.charge(sz, "ipv4_lookup (lookup table)"); err != nil {
				return ix, err
			}
			ix.held += sz
			idx := len(ix.rows)
			ix.rows = append(ix.rows, cp)
			var xok bool
			kb, xok = joinKey(kb, cp, n.ExtraLookup)
			ix.extra = append(ix.extra, string(kb))
			ix.xok = append(ix.xok, xok)
			if ix.byLen[pfx] == nil {
				ix.byLen[pfx] = map[uint32][]int{}
			}
			m := addr & dynfn.Mask4(pfx)
			ix.byLen[pfx][m] = append(ix.byLen[pfx][m], idx)
		}
	}
	for l := 32; l >= 0; l-- {
		if ix.byLen[l] != nil {
			ix.lens = append(ix.lens, l)
		}
	}
	return ix, nil
}

// find returns the lookup row for an input row, or -1. The longest
// matching prefix wins, then the first row of the lookup table: the
// plugin is a lookup (one result per input row), and the most specific
// block is what overlapping blocks (a /8 and a /24 inside it) mean
// (inferred: the doc shows no overlapping blocks). An input address may
// carry a prefix of its own; a block then matches when the two agree on
// the shorter prefix, as ipv4_is_match compares.
func (ix *ipv4Index) find(row []table.Value, kb []byte) (int, []byte) {
	addr, sp, ok := dynfn.ParseIPv4(textOf(row[ix.n.Key]))
	if !ok {
		return -1, kb
	}
	var key string
	if len(ix.n.ExtraKeys) > 0 {
		var xok bool
		if kb, xok = joinKey(kb, row, ix.n.ExtraKeys); !xok {
			return -1, kb
		}
		key = string(kb)
	}
	good := func(i int) bool {
		return len(ix.n.ExtraKeys) == 0 || (ix.xok[i] && ix.extra[i] == key)
	}
	for _, l := range ix.lens {
		if l <= sp {
			for _, i := range ix.byLen[l][addr&dynfn.Mask4(l)] {
				if good(i) {
					return i, kb
				}
			}
			continue
		}
		// A block longer than the input's own prefix: compare on the
		// input's prefix.
		best := -1
		m := dynfn.Mask4(sp)
		for a, list := range ix.byLen[l] {
			if a&m != addr&m {
				continue
			}
			for _, i := range list {
				if good(i) && (best < 0 || i < best) {
					best = i
					break
				}
			}
		}
		if best >= 0 {
			return best, kb
		}
	}
	return -1, kb
}

type ipv4Iter struct {
	r   *Run
	n   *plan.IPv4Lookup
	in  Iter
	ix  *ipv4Index
	out *table.Batch
	inW int
	kb  []byte
}

func (r *Run) openIPv4Lookup(n *plan.IPv4Lookup) (Iter, error) {
	return &ipv4Iter{r: r, n: n, out: table.NewBatch(len(n.Out)), inW: len(n.In.Schema())}, nil
}

func (it *ipv4Iter) Next() (*table.Batch, error) {
	if it.ix == nil {
		ix, err := it.r.buildIPv4Index(it.n)
		it.ix = ix
		if err != nil {
			return nil, err
		}
		in, err := it.r.Open(it.n.In)
		if err != nil {
			return nil, err
		}
		it.in = in
	}
	for {
		b, err := it.in.Next()
		if b == nil || err != nil {
			return nil, err
		}
		it.out.Reset()
		for i, cnt := 0, b.Len(); i < cnt; i++ {
			row := b.Row(i)
			var m int
			m, it.kb = it.ix.find(row, it.kb)
			if m < 0 && !it.n.Unmatched {
				continue
			}
			dst := it.out.AddRow()
			copy(dst, row[:it.inW])
			for j, c := range it.n.LookupCols {
				if m >= 0 {
					dst[it.inW+j] = it.ix.rows[m][c]
				} else {
					dst[it.inW+j] = table.NullOf(it.n.Out[it.inW+j].Type)
				}
			}
		}
		if it.out.Len() > 0 {
			return it.out, nil
		}
	}
}

func (it *ipv4Iter) Close() {
	if it.in != nil {
		it.in.Close()
	}
	if it.ix != nil {
		it.r.release(it.ix.held)
		it.ix = nil
	}
}

// openBasket mines the frequent patterns of evaluate basket
// [D:basket-plugin.md]. A pattern fixes the values of some dimension
// columns; its Count is the (weighted) number of rows that have them. The
// doc's example output lists exactly the closed frequent patterns: those
// at or above Threshold of all rows to which no further column value can
// be added without losing rows ({Damage=NO} is not listed, as every such
// row also has DamageCrops=0, and {Damage=NO, DamageCrops=0} is). So the
// result is the closures of the frequent patterns of at most MaxDimensions
// values ("uncorrelated dimensions": the values a closure adds are
// implied, so they do not count), found level by level as in Apriori; a
// closure first reached at a level is expanded once, which keeps
// correlated columns from multiplying the work. Simplifications: the
// Apriori candidate pruning is replaced by that closure search (same
// result, exact), no sampling (the doc's results may vary near the
// threshold; ours do not), and the rows are ordered by Count, descending,
// then by the level that found them (the doc's order is its algorithm's,
// not specified). A
// value equal to its column's wildcard (null, or "" for strings, unless a
// custom wildcard is given) is never part of a pattern: it could not be
// told from "any value". A null weight counts as 0.
func (r *Run) openBasket(n *plan.Basket) (Iter, error) {
	var held int64
	fill := func() ([][]table.Value, error) {
		rows, err := r.mineBasket(n, &held)
		r.release(held)
		held = 0
		return rows, err
	}
	return &lazyIter{fill: fill, width: len(n.Out)}, nil
}

type basketNode struct {
	items []int32 // per dimension: the item fixed, or -1
	rows  []int32
	sup   float64
	level int
}

func (r *Run) mineBasket(n *plan.Basket, held *int64) ([][]table.Value, error) {
	charge := func(sz int64, what string) error {
		*held += sz
		return r.charge(sz, what)
	}
	var dims []int
	for i, d := range n.Dims {
		if d {
			dims = append(dims, i)
		}
	}
	nd := len(dims)
	// Encode each dimension's values as numbers, in order of appearance.
	type dict struct {
		ids  map[string]int32
		vals []table.Value
		wild string
	}
	dicts := make([]dict, nd)
	var kb []byte
	for d, c := range dims {
		kb = table.AppendKey(kb[:0], normKey(n.Wildcard[c]))
		dicts[d] = dict{ids: map[string]int32{}, wild: string(kb)}
	}
	var codes []int32 // row r's value of dimension d at r*nd+d; -1: the wildcard
	var weights []float64
	total := 0.0
	it, err := r.Open(n.In)
	if err != nil {
		return nil, err
	}
	for {
		b, err := it.Next()
		if err != nil {
			it.Close()
			return nil, err
		}
		if b == nil {
			break
		}
		if err := r.checkCtx(); err != nil {
			it.Close()
			return nil, err
		}
		if err := charge(int64(b.Len())*(int64(4*nd)+8), "evaluate basket"); err != nil {
			it.Close()
			return nil, err
		}
		for i, cnt := 0, b.Len(); i < cnt; i++ {
			row := b.Row(i)
			w := 1.0
			if n.Weight >= 0 {
				w, _ = row[n.Weight].AsFloat()
			}
			weights = append(weights, w)
			total += w
			for d, c := range dims {
				v := row[c]
				if v.K == table.KNull && n.Out[3+c].Type == table.String {
					v = table.EmptyString
				}
				kb = table.AppendKey(kb[:0], normKey(v))
				if string(kb) == dicts[d].wild {
					codes = append(codes, -1)
					continue
				}
				id, ok := dicts[d].ids[string(kb)]
				if !ok {
					id = int32(len(dicts[d].vals))
					dicts[d].ids[string(kb)] = id
					dicts[d].vals = append(dicts[d].vals, v)
					if err := charge(int64(len(kb))+48+valueBytes(v), "evaluate basket"); err != nil {
						it.Close()
						return nil, err
					}
				}
				codes = append(codes, id)
			}
		}
	}
	it.Close()
	nrows := len(weights)
	if nrows == 0 || total <= 0 || nd == 0 {
		return nil, nil
	}
	minSup := n.Threshold * total
	// Items: the frequent single values, numbered per dimension in order
	// of appearance; codes become item numbers (-1: not frequent).
	type item struct {
		dim int
		val table.Value
	}
	var items []item
	for d := range dims {
		sup := make([]float64, len(dicts[d].vals))
		for r := 0; r < nrows; r++ {
			if c := codes[r*nd+d]; c >= 0 {
				sup[c] += weights[r]
			}
		}
		remap := make([]int32, len(sup))
		for v, s := range sup {
			remap[v] = -1
			if s >= minSup {
				remap[v] = int32(len(items))
				items = append(items, item{dim: d, val: dicts[d].vals[v]})
			}
		}
		for r := 0; r < nrows; r++ {
			if c := codes[r*nd+d]; c >= 0 {
				codes[r*nd+d] = remap[c]
			}
		}
	}
	closure := func(rows []int32) []int32 {
		out := make([]int32, nd)
		for d := range out {
			out[d] = codes[int(rows[0])*nd+d]
			for _, r := range rows[1:] {
				if codes[int(r)*nd+d] != out[d] {
					out[d] = -1
					break
				}
			}
		}
		return out
	}
	keyOf := func(p []int32) string {
		b := make([]byte, 0, 4*len(p))
		for _, x := range p {
			b = append(b, byte(x), byte(x>>8), byte(x>>16), byte(x>>24))
		}
		return string(b)
	}
	all := make([]int32, nrows)
	for i := range all {
		all[i] = int32(i)
	}
	if err := charge(int64(4*nrows), "evaluate basket"); err != nil {
		return nil, err
	}
	root := &basketNode{items: closure(all), rows: all, sup: total}
	seen := map[string]bool{keyOf(root.items): true}
	var found []*basketNode
	if nonEmpty(root.items) {
		root.level = 1
		found = append(found, root)
	}
	level := []*basketNode{root}
	sup := make([]float64, len(items))
	lists := make([][]int32, len(items)) // at most every row under each dimension
	if err := charge(int64(4*nrows*nd), "evaluate basket"); err != nil {
		return nil, err
	}
	for depth := 1; depth <= n.MaxDims && len(level) > 0; depth++ {
		var next []*basketNode
		for _, nodeP := range level {
			if err := r.checkCtx(); err != nil {
				return nil, err
			}
			// One pass over the node's rows: each row joins the list of
			// every value it could extend the pattern with.
			for i := range sup {
				sup[i] = 0
				lists[i] = lists[i][:0]
			}
			for _, row := range nodeP.rows {
				base := int(row) * nd
				w := weights[row]
				for d := 0; d < nd; d++ {
					if nodeP.items[d] < 0 {
						if c := codes[base+d]; c >= 0 {
							sup[c] += w
							lists[c] = append(lists[c], row)
						}
					}
				}
			}
			for i, s := range sup {
				if s < minSup || s == 0 {
					continue
				}
				p := closure(lists[i])
				k := keyOf(p)
				if seen[k] {
					continue
				}
				seen[k] = true
				var sub []int32
				if depth < n.MaxDims {
					sub = append(sub, lists[i]...) // expanded at the next level
				}
				if err := charge(int64(4*(len(sub)+nd)+len(k)+96), "evaluate basket (patterns)"); err != nil {
					return nil, err
				}
				c := &basketNode{items: p, rows: sub, sup: s, level: depth}
				found = append(found, c)
				next = append(next, c)
			}
			nodeP.rows = nil // expanded: its rows are no longer needed
		}
		level = next
	}
	sort.SliceStable(found, func(i, j int) bool {
		if found[i].sup != found[j].sup {
			return found[i].sup > found[j].sup
		}
		return found[i].level < found[j].level
	})
	out := make([][]table.Value, len(found))
	for k, p := range found {
		row := make([]table.Value, len(n.Out))
		row[0] = table.NewLong(int64(k))
		row[1] = table.NewLong(int64(math.Round(p.sup)))
		row[2] = table.NewReal(100 * p.sup / total)
		for c := range n.Dims {
			row[3+c] = convertCell(n.Wildcard[c], n.Out[3+c].Type)
		}
		for d, c := range dims {
			if x := p.items[d]; x >= 0 {
				row[3+c] = fixType(items[x].val, n.Out[3+c].Type)
			}
		}
		out[k] = row
	}
	return out, nil
}

func nonEmpty(p []int32) bool {
	for _, x := range p {
		if x >= 0 {
			return true
		}
	}
	return false
}
