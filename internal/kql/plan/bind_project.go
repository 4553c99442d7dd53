package plan

import (
	"reconwatch/internal/kql/aggs"
	"reconwatch/internal/kql/syntax"
	"reconwatch/internal/table"
)

// extend binds extend (and serialize with items; serialized says the
// operator serializes its input itself). Items see the input row and the
// columns computed by earlier items. Window functions (row_number(),
// prev() ...) are computed for every row by a Window node below, into
// hidden columns reserved before binding, and dropped after.
func (b *binder) extend(items []*syntax.NamedExpr, in Node, sc *scope, serialized bool) Node {
	inW := len(in.Schema())
	out := append(table.Schema(nil), in.Schema()...)
	var win *windowCollector
	if h := countWindowCalls(items, sc); h > 0 {
		win = &windowCollector{op: "extend", in: in, base: inW, reserved: h, serialized: serialized}
		for k := 0; k < h; k++ {
			out = append(out, table.Column{Name: hiddenName(k), Type: table.Dynamic})
		}
	}
	n := &Extend{In: in}
	declared := map[string]bool{}
	for _, it := range items {
		// Later items see earlier ones: bind against the schema so far.
		cols := b.bindItem(it, sc, &rowCtx{schema: out, inputWidth: inW, win: win}, false)
		for _, c := range cols {
			name := c.name
			switch {
			case c.declared:
				// Kusto.Language: a name written twice in one extend is
				// an error (x = 1, x = 2); a derived name is replaced.
				if declared[name] {
					b.errDeclared(c.node, name)
					continue
				}
				declared[name] = true
			case name == "":
				name = nextColumnName(schemaHas(out))
			case c.tuple:
				name = uniqueName(name, schemaHas(out))
			}
			t := resolved(c.x.Type())
			// A replaced column keeps its position, as Kusto.Language
			// does (the docs say "removed and appended"; we follow the
			// engine).
			slot := out.Index(name)
			if slot < 0 {
				slot = len(out)
				out = append(out, table.Column{Name: name, Type: t})
			} else {
				out[slot].Type = t
				if win != nil && slot < inW {
					if win.replaced == nil {
						win.replaced = map[int]bool{}
					}
					win.replaced[slot] = true
				}
			}
			n.Exprs = append(n.Exprs, c.x)
			n.Slots = append(n.Slots, slot)
		}
	}
	n.Out = out
	if win == nil {
		return n
	}
	w := win.node()
	copy(out[inW:inW+win.reserved], w.Out[inW:])
	n.In = w
	return dropColumns(n, inW, win.reserved)
}

// project binds project. noDynamic, when set, is the error reported at
// each item of dynamic type (distinct, whose keys cannot be dynamic).
func (b *binder) project(o *syntax.ProjectOp, in Node, sc *scope, noDynamic string) Node {
	win := &windowCollector{op: "project", in: in, base: len(in.Schema()), reserved: -1}
	row := &rowCtx{schema: in.Schema(), win: win}
	n := &Compute{In: in}
	projected := map[int]bool{} // input columns projected bare
	for _, it := range o.Items {
		if id, ok := it.X.(*syntax.Ident); ok && it.Name == nil && len(it.Names) == 0 && hasWildcard(id.Name) {
			for i, c := range row.schema {
				if wildcardMatch(id.Name, c.Name) && n.Out.Index(c.Name) < 0 {
					if c.Type == table.Dynamic && noDynamic != "" {
						b.errorf(id, syntax.CodeTypeMismatch, noDynamic, c.Name)
					}
					n.Exprs = append(n.Exprs, &Col{Index: i, Name: c.Name, T: c.Type})
					n.Out = append(n.Out, c)
				}
			}
			continue
		}
		for _, c := range b.bindItem(it, sc, row, false) {
			x, name := c.x, c.name
			switch {
			case c.declared:
			case name == "":
				name = nextColumnName(schemaHas(n.Out))
			default:
				if col, bare := x.(*Col); c.tuple || !bare || !projected[col.Index] {
					// A derived name that is taken gets a suffix
					// (Kusto.Language: project round(x, 2), sqrt(x) → x,
					// x1; project tostring(x), x → x, x1); an explicit
					// name, or the same column, given twice is an error.
					name = uniqueName(name, schemaHas(n.Out))
				}
			}
			if col, bare := x.(*Col); bare && !c.declared && !c.tuple {
				projected[col.Index] = true
			}
			if n.Out.Index(name) >= 0 {
				b.errorf(c.node, syntax.CodeInvalid, "project names column '%s' twice", name)
				continue
			}
			if x.Type() == table.Dynamic && noDynamic != "" {
				b.errorf(c.node, syntax.CodeTypeMismatch, noDynamic, name)
			}
			n.Exprs = append(n.Exprs, x)
			n.Out = append(n.Out, table.Column{Name: name, Type: resolved(x.Type())})
		}
	}
	if len(win.calls) > 0 {
		n.In = win.node()
	}
	return n
}

func hasWildcard(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '*' {
			return true
		}
	}
	return false
}

// projectAway lowers project-away and project-keep to a Compute of the
// surviving columns, in their original order.
func (b *binder) projectAway(o *syntax.ProjectAwayOp, in Node) Node {
	s := in.Schema()
	match := make([]bool, len(s))
	for _, id := range o.Columns {
		found := false
		for i, c := range s {
			if wildcardMatch(id.Name, c.Name) {
				match[i] = true
				found = true
			}
		}
		if !found && !hasWildcard(id.Name) {
			b.unknown(id, "column", id.Name, s.Names())
		}
	}
	n := &Compute{In: in}
	for i, c := range s {
		if match[i] == o.Keep {
			n.Exprs = append(n.Exprs, &Col{Index: i, Name: c.Name, T: c.Type})
			n.Out = append(n.Out, c)
		}
	}
	return n
}

func (b *binder) projectRename(o *syntax.ProjectRenameOp, in Node) Node {
	s := in.Schema()
	out := append(table.Schema(nil), s...)
	for _, it := range o.Items {
		old, ok := it.X.(*syntax.Ident)
		if !ok || it.Name == nil {
			b.errorf(it, syntax.CodeInvalid, "project-rename needs new = old")
			continue
		}
		i := s.Index(old.Name)
		if i < 0 {
			b.unknown(old, "column", old.Name, s.Names())
			continue
		}
		// Renaming onto another column's name would leave two columns
		// of one name; Kusto.Language rejects it ("A column with the
		// name 'a' is already declared").
		if j := out.Index(it.Name.Name); j >= 0 && j != i {
			b.errorf(it.Name, syntax.CodeInvalid, "project-rename: a column named '%s' already exists", it.Name.Name)
			continue
		}
		out[i].Name = it.Name.Name
	}
	return identityCompute(in, out)
}

func identityCompute(in Node, out table.Schema) *Compute {
	n := &Compute{In: in, Out: out}
	for i, c := range in.Schema() {
		n.Exprs = append(n.Exprs, &Col{Index: i, Name: c.Name, T: c.Type})
	}
	return n
}

func (b *binder) projectReorder(o *syntax.ProjectReorderOp, in Node) Node {
	s := in.Schema()
	used := make([]bool, len(s))
	var order []int
	for _, it := range o.Columns {
		var group []int
		for i, c := range s {
			if !used[i] && wildcardMatch(it.Name.Name, c.Name) {
				group = append(group, i)
			}
		}
		if len(group) == 0 && !hasWildcard(it.Name.Name) {
			b.unknown(it.Name, "column", it.Name.Name, s.Names())
		}
		switch it.Order {
		case "asc", "granny-asc":
			sortIdx(group, func(a, c int) bool { return lessName(s[a].Name, s[c].Name, it.Order == "granny-asc") })
		case "desc", "granny-desc":
			sortIdx(group, func(a, c int) bool { return lessName(s[c].Name, s[a].Name, it.Order == "granny-desc") })
		}
		for _, i := range group {
			used[i] = true
			order = append(order, i)
		}
	}
	for i := range s {
		if !used[i] {
			order = append(order, i)
		}
	}
	n := &Compute{In: in}
	for _, i := range order {
		n.Exprs = append(n.Exprs, &Col{Index: i, Name: s[i].Name, T: s[i].Type})
		n.Out = append(n.Out, s[i])
	}
	return n
}

func sortIdx(a []int, less func(x, y int) bool) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && less(a[j], a[j-1]); j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// lessName orders names; granny order compares embedded numbers by value
// (a2 < a10).
func lessName(a, b string, granny bool) bool {
	if !granny {
		return a < b
	}
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if isDigit(a[i]) && isDigit(b[j]) {
			si := i
			for i < len(a) && isDigit(a[i]) {
				i++
			}
			sj := j
			for j < len(b) && isDigit(b[j]) {
				j++
			}
			na, nb := a[si:i], b[sj:j]
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			continue
		}
		if a[i] != b[j] {
			return a[i] < b[j]
		}
		i++
		j++
	}
	return len(a)-i < len(b)-j
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// distinctDynamic is the error for a dynamic distinct key: Kusto.Language
// rejects them ("The value of type 'dynamic' is not allowed in this
// context").
const distinctDynamic = "distinct cannot compare dynamic values (column '%s'); convert it with tostring()"

func (b *binder) distinct(o *syntax.DistinctOp, in Node, sc *scope) Node {
	if len(o.Items) == 1 {
		if star, ok := o.Items[0].(*syntax.Star); ok {
			for _, c := range in.Schema() {
				if c.Type == table.Dynamic {
					b.errorf(star, syntax.CodeTypeMismatch, distinctDynamic, c.Name)
					break
				}
			}
			return &Distinct{In: in}
		}
	}
	items := make([]*syntax.NamedExpr, 0, len(o.Items))
	for _, it := range o.Items {
		if ne, ok := it.(*syntax.NamedArg); ok {
			items = append(items, &syntax.NamedExpr{Name: ne.Name, X: ne.Value})
			continue
		}
		items = append(items, &syntax.NamedExpr{X: it})
	}
	p := b.project(&syntax.ProjectOp{Keyword: o.Keyword, Items: items}, in, sc, distinctDynamic)
	return &Distinct{In: p}
}

// summarize binds summarize. Aggregates may sit inside expressions
// (summarize x = count() * 2): each aggregate becomes a hidden output of
// the Aggregate node and a Compute on top evaluates the expressions.
func (b *binder) summarize(o *syntax.SummarizeOp, in Node, sc *scope) Node {
	inRow := &rowCtx{schema: in.Schema()}
	win := inRow.windows("summarize", in)
	n := &Aggregate{In: in}
	var keyCols table.Schema
	// declared holds the names written in the query (k = ..., a bare
	// column key, n = count()): Kusto.Language rejects declaring one
	// twice ("A column with the name 'A' is already declared": by A, A;
	// A = count() by A), while a derived name that is taken gets a
	// suffix (by A, bin(A, 1h) → A, A1).
	declared := map[string]bool{}
	for _, k := range o.By {
		x := b.scalar(k.X, sc, inRow)
		name := ""
		var at syntax.Node
		if k.Name != nil {
			name, at = k.Name.Name, k.Name
		} else if id, ok := k.X.(*syntax.Ident); ok {
			if _, col := x.(*Col); col {
				name, at = id.Name, id
			}
		}
		if name == "" {
			if name = exprName(k.X); name == "" {
				name = nextColumnName(schemaHas(keyCols))
			}
		}
		if t := x.Type(); t == table.Dynamic {
			b.errorf(k.X, syntax.CodeTypeMismatch, "summarize cannot group by a dynamic value; convert it with tostring()")
		}
		if at != nil {
			if declared[name] {
				b.errDeclared(at, name)
				continue
			}
		}
		name = uniqueName(name, schemaHas(keyCols))
		if at != nil {
			declared[name] = true
		}
		n.Keys = append(n.Keys, x)
		keyCols = append(keyCols, table.Column{Name: name, Type: resolved(x.Type())})
	}
	coll := &aggCollector{offset: len(n.Keys), byCols: map[int]bool{}, win: win}
	for _, k := range n.Keys {
		if c, ok := k.(*Col); ok {
			coll.byCols[c.Index] = true
		}
	}
	final := append(table.Schema(nil), keyCols...)
	var exprs []Expr // one per non-key output column, over the Aggregate's output
	for _, it := range o.Aggs {
		if it.Name != nil && declared[it.Name.Name] {
			b.errDeclared(it.Name, it.Name.Name)
			continue
		}
		if call, ok := it.X.(*syntax.Call); ok && b.isMulti(call, sc) {
			exprs = append(exprs, b.multiAgg(call, it, in, sc, coll, &final)...)
			if it.Name != nil {
				declared[it.Name.Name] = true
			}
			continue
		}
		if len(it.Names) > 0 {
			b.errorf(it, syntax.CodeUnsupported, "(a, b) = ... is not supported in summarize yet")
			continue
		}
		row := &rowCtx{schema: in.Schema(), aggs: coll}
		before := len(coll.calls)
		x := b.scalar(it.X, sc, row)
		if len(coll.calls) == before && x != bad {
			b.errorf(it.X, syntax.CodeInvalid, "summarize needs an aggregate function here (count(), sum(), make_set() ...)")
			continue
		}
		name := ""
		if call, ok := it.X.(*syntax.Call); ok {
			if a := aggs.Lookup(call.Fun.Name); a != nil && sc.lookup(call.Fun.Name) == nil {
				name = aggName(a, call)
				if n := len(coll.calls); n > before && len(coll.calls[before].Impl.Columns) > 1 {
					// percentiles(x, 5, 95): one output per percentile.
					// A given name renames the first output only; the
					// others keep their default names (Kusto.Language:
					// p = percentiles(x, 50, 95) → p, percentile_x_95).
					first := coll.calls[before]
					for k, c := range first.Impl.Columns {
						nm := name + "_" + c.NameSuffix
						if k == 0 && it.Name != nil {
							nm = it.Name.Name
						}
						nm = uniqueName(nm, schemaHas(final))
						final = append(final, table.Column{Name: nm, Type: resolved(c.Type)})
						if k == 0 {
							exprs = append(exprs, x)
							continue
						}
						idx := coll.offset + len(coll.calls)
						coll.calls = append(coll.calls, &AggCall{Name: first.Name, Impl: aggs.Impl{Type: c.Type}, Shared: before, Col: k})
						exprs = append(exprs, &Col{Index: idx, Name: nm, T: c.Type})
					}
					continue
				}
				if n := len(coll.calls); n > before && len(coll.calls[before].Impl.Columns) == 1 {
					name += "_" + coll.calls[before].Impl.Columns[0].NameSuffix
				}
			}
		}
		if it.Name != nil {
			name = it.Name.Name
		}
		if name == "" {
			name = nextColumnName(schemaHas(final))
		}
		name = uniqueName(name, schemaHas(final))
		if it.Name != nil {
			declared[name] = true
		}
		final = append(final, table.Column{Name: name, Type: resolved(x.Type())})
		exprs = append(exprs, x)
	}
	if len(win.calls) > 0 {
		n.In = win.node()
	}
	// The Aggregate node outputs the keys then one column per aggregate
	// call; when every item is a bare aggregate in call order, renaming
	// those is the whole answer, otherwise a Compute evaluates the items.
	n.Aggs = coll.calls
	out := append(table.Schema(nil), keyCols...)
	for _, c := range coll.calls {
		out = append(out, table.Column{Name: "", Type: resolved(c.Impl.Type)})
	}
	n.Out = out
	simple := len(exprs) == len(coll.calls)
	for i, x := range exprs {
		if c, ok := x.(*Col); !ok || c.Index != len(keyCols)+i {
			simple = false
			break
		}
	}
	if simple {
		for i := range final {
			n.Out[i].Name = final[i].Name
		}
		return n
	}
	for i := range out[len(keyCols):] {
		out[len(keyCols)+i].Name = "__agg" + itoa(i)
	}
	comp := &Compute{In: n, Out: final}
	for i, k := range keyCols {
		comp.Exprs = append(comp.Exprs, &Col{Index: i, Name: k.Name, T: k.Type})
	}
	comp.Exprs = append(comp.Exprs, exprs...)
	return comp
}

// isMulti reports whether an arg_max/arg_min/take_any call yields several
// columns (arg_max(x, *), arg_max(x, a, b), take_any(a, b), take_any(*)).
func (b *binder) isMulti(call *syntax.Call, sc *scope) bool {
	if bd := sc.lookup(call.Fun.Name); bd != nil {
		return false // a user function shadows the aggregate
	}
	a := aggs.Lookup(call.Fun.Name)
	if a == nil || !a.RowSelector {
		return false
	}
	switch call.Fun.Name {
	case "arg_max", "arg_min", "argmax", "argmin":
		return true
	}
	if len(call.Args) > 1 {
		return true
	}
	if len(call.Args) == 1 {
		_, star := call.Args[0].(*syntax.Star)
		return star
	}
	return false
}

// multiAgg binds arg_max/arg_min/take_any with several outputs as one
// AggCall per output column that all share one MultiAgg (the executor
// keeps one chosen row per group and projects it).
func (b *binder) multiAgg(call *syntax.Call, it *syntax.NamedExpr, in Node, sc *scope, coll *aggCollector, final *table.Schema) []Expr {
	row := &rowCtx{schema: in.Schema(), win: coll.win}
	s := in.Schema()
	isArg := call.Fun.Name == "arg_max" || call.Fun.Name == "arg_min" || call.Fun.Name == "argmax" || call.Fun.Name == "argmin"
	m := &MultiAgg{Max: call.Fun.Name == "arg_max" || call.Fun.Name == "argmax"}
	// The deprecated any() prefixes its columns: any(a, b) → any_a, any_b.
	prefix := ""
	if call.Fun.Name == "any" {
		prefix = "any_"
	}
	args := call.Args
	type out struct {
		name string
		x    Expr
	}
	var outs []out
	keyName := ""
	if isArg {
		if len(args) < 1 {
			b.errorf(call, syntax.CodeArgCount, "%s() needs a key expression", call.Fun.Name)
			return nil
		}
		m.Key = b.scalar(args[0], sc, row)
		keyName = exprName(args[0])
		if keyName == "" {
			keyName = "min_"
			if m.Max {
				keyName = "max_"
			}
		}
		if it.Name != nil {
			keyName = it.Name.Name
		}
		outs = append(outs, out{keyName, m.Key})
		args = args[1:]
	}
	keyCol := -1
	if c, ok := m.Key.(*Col); ok {
		keyCol = c.Index
	}
	for _, a := range args {
		if _, star := a.(*syntax.Star); star {
			// * is every input column except the arg key and the bare
			// group-by columns; a name already in the output gets a
			// suffix (Kusto.Language: n = count(), arg_max(t, *) over a
			// column n → n, t, n1; by bin(t, 1h) keeps t as t1).
			for i, c := range s {
				if i == keyCol || coll.byCols[i] {
					continue
				}
				outs = append(outs, out{c.Name, &Col{Index: i, Name: c.Name, T: c.Type}})
			}
			continue
		}
		name := ""
		x := a
		if na, ok := a.(*syntax.NamedArg); ok {
			name = na.Name.Name
			x = na.Value
		}
		bx := b.scalar(x, sc, row)
		if name == "" {
			name = exprName(x)
		}
		if name == "" {
			name = nextColumnName(schemaHas(*final))
		}
		outs = append(outs, out{name, bx})
	}
	var refs []Expr
	for i, o := range outs {
		name := uniqueName(prefix+o.name, schemaHas(*final))
		t := resolved(o.x.Type())
		*final = append(*final, table.Column{Name: name, Type: t})
		m.Outs = append(m.Outs, o.x)
		idx := coll.offset + len(coll.calls)
		coll.calls = append(coll.calls, &AggCall{Name: call.Fun.Name, Impl: aggs.Impl{Type: t}, Multi: m, Shared: -1,
			Args: []Expr{&Const{V: table.NewLong(int64(i)), T: table.Long}}})
		refs = append(refs, &Col{Index: idx, Name: name, T: t})
	}
	return refs
}
