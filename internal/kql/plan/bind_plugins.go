package plan

import (
	"reconwatch/internal/kql/aggs"
	"reconwatch/internal/kql/funcs/convfn"
	"reconwatch/internal/kql/syntax"
	"reconwatch/internal/table"
)

// The evaluate plugins pivot, ipv4_lookup and basket.

// ValueDiscoverer returns the distinct values of column col of n's rows,
// in order of first appearance, for evaluate pivot's output columns; the
// kql package provides one that runs n over the data at hand.
type ValueDiscoverer func(n Node, col int) ([]table.Value, error)

// maxPivotColumns bounds the columns a discovered pivot creates: a pivot
// over a column with more distinct values than this is a mistake (a
// timestamp or an id), not a report.
const maxPivotColumns = 10000

// PivotName is the name of the output column evaluate pivot makes for a
// pivot value: its text (tostring). An empty text (null or "") names a
// column that only a discovered schema can hold: it gets a ColumnN name.
func PivotName(v table.Value) string { return v.String() }

// prepareDiscovery readies n to be run during binding, to discover an
// output schema from column col of its rows: the scans below it must
// decode what that needs (Bind's own pass over the finished plan comes
// later and only adds to it).
func prepareDiscovery(n Node, col int) {
	need := make([]bool, len(n.Schema()))
	need[col] = true
	analyzeNeeds(n, need)
}

// pluginColumn resolves a plugin argument that must name a column of s
// (Kusto.Language: "Column name expected"); -1 after reporting an error.
func (b *binder) pluginColumn(e syntax.Expr, s table.Schema, plugin, what string) int {
	id, ok := e.(*syntax.Ident)
	if !ok {
		b.errorf(e, syntax.CodeInvalid, "%s(): %s must be a column name", plugin, what)
		return -1
	}
	i := s.Index(id.Name)
	if i < 0 {
		b.unknown(id, "column", id.Name, s.Names())
		return -1
	}
	return i
}

// pivot binds evaluate pivot(PivotColumn [, Aggregation [, Column ...]])
// [D:pivot-plugin.md]. The rows are grouped by the named columns (by
// default every column but the pivot column and the columns the
// aggregation takes as bare arguments, as Kusto.Language infers: sum(A)
// leaves A out, sum(A + 1) keeps it), each distinct value of the pivot
// column becomes a column holding the aggregate (count() by default) of
// the group's rows with that value, and a group without such rows gets
// the aggregate over no rows (count() and sum() → 0, as in the doc's
// examples). The value columns follow the group columns in the order the
// values first appear in the input (the doc's examples show neither an
// alphabetical nor a count order: ARKANSAS before ARIZONA); they are
// named by the value's text. Without an explicit schema the values are
// discovered by running the input, as bag_unpack's keys are; with one,
// the schema names the columns, and values it does not name are dropped
// (the doc's example lists two states out of many), as are group-by
// columns it does not name.
func (b *binder) pivot(o *syntax.EvaluateOp, in Node, sc *scope) Node {
	p := o.Plugin
	s := in.Schema()
	for _, a := range p.Args {
		if _, ok := a.(*syntax.NamedArg); ok {
			b.errorf(a, syntax.CodeInvalid, "pivot() does not take named arguments")
			return in
		}
	}
	if len(p.Args) < 1 {
		b.errorf(p, syntax.CodeArgCount, "pivot() needs the column to pivot by")
		return in
	}
	pc := b.pluginColumn(p.Args[0], s, "pivot", "the pivot column")
	if pc < 0 {
		return in
	}
	var call *syntax.Call
	if len(p.Args) > 1 {
		c, ok := p.Args[1].(*syntax.Call)
		if !ok || aggs.Lookup(c.Fun.Name) == nil || sc.lookup(c.Fun.Name) != nil {
			b.errorf(p.Args[1], syntax.CodeInvalid, "pivot(): the second argument must be an aggregation such as count(), sum(x), dcount(x) or make_set(x)")
			return in
		}
		if b.isMulti(c, sc) {
			b.errorf(c, syntax.CodeInvalid, "pivot(): the aggregation must yield one value; %s() with several columns yields more", c.Fun.Name)
			return in
		}
		call = c
	} else {
		at := p.Rparen
		call = &syntax.Call{Fun: &syntax.Ident{NamePos: at, Name: "count", Raw: "count"}, Lparen: at, Rparen: at}
	}
	var keys []int
	if len(p.Args) > 2 {
		for _, a := range p.Args[2:] {
			k := b.pluginColumn(a, s, "pivot", "a group-by column")
			if k < 0 {
				return in
			}
			keys = append(keys, k)
		}
	} else {
		skip := map[int]bool{pc: true}
		for _, a := range call.Args {
			if id, ok := a.(*syntax.Ident); ok {
				if i := s.Index(id.Name); i >= 0 {
					skip[i] = true
				}
			}
		}
		for i := range s {
			if !skip[i] {
				keys = append(keys, i)
			}
		}
	}
	// The Aggregate groups by the keys and the pivot column. Unlike
	// summarize it accepts dynamic keys: by default every other column
	// is a key, and Kusto.Language accepts pivot over dynamic columns.
	agg := &Aggregate{In: in}
	for _, k := range append(append([]int(nil), keys...), pc) {
		agg.Keys = append(agg.Keys, &Col{Index: k, Name: s[k].Name, T: s[k].Type})
		agg.Out = append(agg.Out, table.Column{Name: s[k].Name, Type: resolved(s[k].Type)})
	}
	coll := &aggCollector{offset: len(agg.Keys), byCols: map[int]bool{}}
	x := b.scalar(call, sc, &rowCtx{schema: s, aggs: coll})
	if x == bad {
		return in
	}
	if c, ok := x.(*Col); !ok || len(coll.calls) != 1 || c.Index != coll.offset || len(coll.calls[0].Impl.Columns) > 1 {
		b.errorf(call, syntax.CodeInvalid, "pivot(): the aggregation must yield one value")
		return in
	}
	agg.Aggs = coll.calls
	vt := resolved(coll.calls[0].Impl.Type)
	agg.Out = append(agg.Out, table.Column{Name: "\x00value", Type: vt})
	st := coll.calls[0].Impl.New()
	empty := st.Result()
	if ms, ok := st.(aggs.MultiState); ok {
		if r := ms.Results(nil); len(r) > 0 {
			empty = r[0]
		}
	}
	n := &Pivot{In: agg, NKeys: len(keys), Keys: make([]int, len(keys)), ValueCols: map[string]int{}}
	if len(o.Schema) > 0 || o.SchemaStar {
		if o.SchemaStar {
			b.errorf(p, syntax.CodeInvalid, "pivot(): the output schema cannot start with *")
			return in
		}
		keyOf := map[string]int{}
		for k, c := range keys {
			keyOf[s[c].Name] = k
			n.Keys[k] = -1
		}
		for i, c := range o.Schema {
			col := table.Column{Name: c.Name.Name, Type: c.Type}
			n.Out = append(n.Out, col)
			if k, ok := keyOf[col.Name]; ok && n.Keys[k] < 0 {
				n.Keys[k] = i
				n.Empty = append(n.Empty, table.NullOf(col.Type))
				continue
			}
			n.ValueCols[col.Name] = i
			n.Empty = append(n.Empty, convertTo(empty, col.Type))
		}
		// A group-by column the schema does not list still groups the
		// rows but is not output (Kusto.Language takes the declared
		// schema as the result).
		return n
	}
	if b.opt.DiscoverValues == nil {
		b.errorf(p, syntax.CodeUnsupported, "pivot() output columns depend on the data; give them with `evaluate pivot(...) : (Col:type, ...)`")
		return in
	}
	prepareDiscovery(in, pc)
	vals, err := b.opt.DiscoverValues(in, pc)
	if err != nil {
		b.errorf(p, syntax.CodeInvalid, "pivot(): %s", err)
		return in
	}
	for k, c := range keys {
		n.Keys[k] = k
		n.Out = append(n.Out, table.Column{Name: s[c].Name, Type: resolved(s[c].Type)})
		n.Empty = append(n.Empty, table.NullOf(s[c].Type))
	}
	for _, v := range vals {
		raw := PivotName(v)
		if _, dup := n.ValueCols[raw]; dup {
			continue
		}
		if len(n.ValueCols) == maxPivotColumns {
			b.errorf(p.Args[0], syntax.CodeInvalid, "pivot(): '%s' has more than %d distinct values; pivot by a column with fewer, or give the columns with `evaluate pivot(...) : (Col:type, ...)`", s[pc].Name, maxPivotColumns)
			return in
		}
		name := raw
		if name == "" {
			name = nextColumnName(schemaHas(n.Out))
		}
		name = uniqueName(name, schemaHas(n.Out))
		n.ValueCols[raw] = len(n.Out)
		n.Out = append(n.Out, table.Column{Name: name, Type: vt})
		n.Empty = append(n.Empty, empty)
	}
	return n
}

// convertTo converts v to type t (a no-op when it already has it).
func convertTo(v table.Value, t table.Type) table.Value {
	if t == table.Dynamic || v.K == table.KNull {
		if v.K == table.KNull {
			return table.NullOf(t)
		}
		return v
	}
	return convfn.Convert(v, t)
}

// constArg binds a plugin argument that must be a constant.
func (b *binder) constArg(e syntax.Expr, sc *scope, plugin, what string) (table.Value, table.Type, bool) {
	x := b.scalar(e, sc, nil)
	if x == bad {
		return table.Null, table.Unknown, false
	}
	v, ok := IsConst(x)
	if !ok {
		b.errorf(e, syntax.CodeInvalid, "%s(): %s must be a constant", plugin, what)
		return table.Null, table.Unknown, false
	}
	return v, x.Type(), true
}

// ipv4Lookup binds evaluate ipv4_lookup(LookupTable, SourceIPv4Key,
// IPv4LookupKey [, ExtraKey ...] [, return_unmatched])
// [D:ipv4-lookup-plugin.md]. The output is the input's columns then the
// lookup table's, less the extra keys, a name already taken getting a
// numeric suffix (Kusto.Language: B → B1). return_unmatched may be
// positional (the last argument, a constant) or named.
func (b *binder) ipv4Lookup(o *syntax.EvaluateOp, in Node, sc *scope) Node {
	p := o.Plugin
	s := in.Schema()
	n := &IPv4Lookup{In: in}
	var pos []syntax.Expr
	for _, a := range p.Args {
		if na, ok := a.(*syntax.NamedArg); ok {
			if na.Name.Name != "return_unmatched" {
				b.errorf(na.Name, syntax.CodeInvalid, "ipv4_lookup() has no argument named '%s' (only return_unmatched)", na.Name.Name)
				return in
			}
			v, _, ok := b.constArg(na.Value, sc, "ipv4_lookup", "return_unmatched")
			if !ok {
				return in
			}
			if v.K != table.KBool {
				b.errorf(na.Value, syntax.CodeTypeMismatch, "ipv4_lookup(): return_unmatched must be true or false")
				return in
			}
			n.Unmatched = v.IsTrue()
			continue
		}
		pos = append(pos, a)
	}
	if len(pos) < 3 {
		b.errorf(p, syntax.CodeArgCount, "ipv4_lookup() needs a lookup table, the input's IPv4 column and the lookup table's IPv4 column")
		return in
	}
	if !b.isTabular(pos[0], sc) {
		b.errorf(pos[0], syntax.CodeTypeMismatch, "ipv4_lookup(): the first argument must be a table")
		return in
	}
	lk := b.tabular(pos[0], sc)
	if lk == poison || in == poison {
		return poison
	}
	ls := lk.Schema()
	n.Lookup = lk
	if n.Key = b.pluginColumn(pos[1], s, "ipv4_lookup", "the input's IPv4 key"); n.Key < 0 {
		return in
	}
	if n.LookupKey = b.pluginColumn(pos[2], ls, "ipv4_lookup", "the lookup table's IPv4 key"); n.LookupKey < 0 {
		return in
	}
	rest := pos[3:]
	if len(rest) > 0 {
		last := rest[len(rest)-1]
		if id, ok := last.(*syntax.Ident); !ok || s.Index(id.Name) < 0 {
			v, _, ok := b.constArg(last, sc, "ipv4_lookup", "return_unmatched")
			if !ok {
				return in
			}
			if v.K != table.KBool {
				b.errorf(last, syntax.CodeTypeMismatch, "ipv4_lookup(): the last argument, return_unmatched, must be true or false")
				return in
			}
			n.Unmatched = v.IsTrue()
			rest = rest[:len(rest)-1]
		}
	}
	extra := map[int]bool{}
	for _, a := range rest {
		li := b.pluginColumn(a, s, "ipv4_lookup", "an extra key")
		if li < 0 {
			return in
		}
		ri := b.pluginColumn(a, ls, "ipv4_lookup", "an extra key")
		if ri < 0 {
			return in
		}
		if !comparable(s[li].Type, ls[ri].Type) {
			b.errorf(a, syntax.CodeTypeMismatch, "ipv4_lookup(): the extra key '%s' is %s in the input but %s in the lookup table", s[li].Name, s[li].Type, ls[ri].Type)
			return in
		}
		n.ExtraKeys = append(n.ExtraKeys, li)
		n.ExtraLookup = append(n.ExtraLookup, ri)
		extra[ri] = true
	}
	n.Out = append(table.Schema(nil), s...)
	for j, c := range ls {
		if extra[j] {
			continue
		}
		n.Out = append(n.Out, table.Column{Name: uniqueName(c.Name, schemaHas(n.Out)), Type: c.Type})
		n.LookupCols = append(n.LookupCols, j)
	}
	return n
}

// basket binds evaluate basket([Threshold [, WeightColumn [,
// MaxDimensions [, CustomWildcard ...]]]]) [D:basket-plugin.md]; '~'
// keeps an argument's default. Every column but the weight column and
// dynamic ones is a dimension. The output is SegmentId, Count, Percent,
// then the input's columns (the weight column too, always a wildcard,
// as Kusto.Language's schema has it). A custom wildcard replaces the
// default (null; "" for strings) for the columns of its type.
func (b *binder) basket(o *syntax.EvaluateOp, in Node, sc *scope) Node {
	p := o.Plugin
	s := in.Schema()
	n := &Basket{In: in, Threshold: 0.05, Weight: -1, MaxDims: 5}
	wild := map[table.Type]table.Value{}
	for i, a := range p.Args {
		if _, ok := a.(*syntax.NamedArg); ok {
			b.errorf(a, syntax.CodeInvalid, "basket() does not take named arguments")
			return in
		}
		if i == 1 {
			if id, ok := a.(*syntax.Ident); ok && s.Index(id.Name) >= 0 {
				w := s.Index(id.Name)
				switch s[w].Type {
				case table.Int, table.Long, table.Real, table.Decimal:
				default:
					b.errorf(a, syntax.CodeTypeMismatch, "basket(): the weight column must be numeric (int, long, real), not %s", s[w].Type)
					return in
				}
				n.Weight = w
				continue
			}
		}
		v, t, ok := b.constArg(a, sc, "basket", "this argument")
		if !ok {
			return in
		}
		if v.K == table.KString && v.S == "~" {
			continue // the default
		}
		switch i {
		case 0:
			f, isNum := v.AsFloat()
			if !isNum || v.K == table.KNull || f < 0.015 || f > 1 {
				b.errorf(a, syntax.CodeInvalid, "basket(): the threshold must be a number from 0.015 to 1")
				return in
			}
			n.Threshold = f
		case 1:
			b.errorf(a, syntax.CodeInvalid, "basket(): the weight column must be a numeric column of the input, or '~'")
			return in
		case 2:
			if (v.K != table.KInt && v.K != table.KLong) || v.I < 1 {
				b.errorf(a, syntax.CodeInvalid, "basket(): MaxDimensions must be a whole number of at least 1")
				return in
			}
			n.MaxDims = int(min(v.I, 64))
		default:
			wild[t] = v
		}
	}
	n.Out = table.Schema{{Name: "SegmentId", Type: table.Long}, {Name: "Count", Type: table.Long}, {Name: "Percent", Type: table.Real}}
	for i, c := range s {
		n.Out = append(n.Out, table.Column{Name: c.Name, Type: resolved(c.Type)})
		n.Dims = append(n.Dims, i != n.Weight && c.Type != table.Dynamic && c.Type != table.Unknown)
		w, ok := wild[c.Type]
		if !ok {
			w = table.NullOf(c.Type)
		}
		n.Wildcard = append(n.Wildcard, w)
	}
	return n
}
