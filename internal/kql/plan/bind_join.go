package plan

import (
	"reconwatch/internal/kql/syntax"
	"reconwatch/internal/table"
)

var joinKinds = map[string]JoinKind{
	"innerunique": JoinInnerUnique, "inner": JoinInner,
	"leftouter": JoinLeftOuter, "rightouter": JoinRightOuter, "fullouter": JoinFullOuter, "outer": JoinFullOuter,
	"leftanti": JoinLeftAnti, "anti": JoinLeftAnti, "leftantisemi": JoinLeftAnti,
	"rightanti": JoinRightAnti, "rightantisemi": JoinRightAnti,
	"leftsemi": JoinLeftSemi, "semi": JoinLeftSemi, "rightsemi": JoinRightSemi,
}

// optionText returns an option's value as text (kind=inner → "inner").
func optionText(o *syntax.Option) string {
	switch v := o.Value.(type) {
	case *syntax.Ident:
		return v.Name
	case *syntax.Literal:
		return v.Value.String()
	}
	return ""
}

func (b *binder) join(o *syntax.JoinOp, left Node, sc *scope) Node {
	kind := JoinInnerUnique
	for _, opt := range o.Options {
		if opt.Name == "kind" {
			k, ok := joinKinds[optionText(opt)]
			if !ok {
				b.errorf(opt.Value, syntax.CodeInvalid, "unknown join kind '%s'", optionText(opt))
				continue
			}
			kind = k
		}
		// hint.* options never change results.
	}
	right := b.tabular(o.Right, sc)
	if right == poison || left == poison {
		return poison
	}
	j := &Join{Left: left, Right: right, Kind: kind}
	b.joinKeys(o.On, o, j)
	j.Out = joinSchema(j)
	return j
}

// joinKeys resolves on-conditions: a bare name means left.x == right.x;
// $left.a == $right.b names each side.
func (b *binder) joinKeys(on []syntax.Expr, at syntax.Node, j *Join) {
	ls, rs := j.Left.Schema(), j.Right.Schema()
	if len(on) == 0 {
		b.errorf(at, syntax.CodeInvalid, "join needs an on clause")
	}
	var add func(e syntax.Expr)
	add = func(e syntax.Expr) {
		switch e := e.(type) {
		case *syntax.Ident:
			li, ri := ls.Index(e.Name), rs.Index(e.Name)
			if li < 0 {
				b.unknown(e, "column on the left side of the join", e.Name, ls.Names())
				return
			}
			if ri < 0 {
				b.unknown(e, "column on the right side of the join", e.Name, rs.Names())
				return
			}
			b.addJoinKey(e, j, li, ri)
		case *syntax.Binary:
			if e.Op == "and" {
				add(e.X)
				add(e.Y)
				return
			}
			if e.Op != "==" {
				b.errorf(e, syntax.CodeInvalid, "join conditions must be equalities ($left.a == $right.b)")
				return
			}
			side := func(x syntax.Expr) (string, *syntax.Ident) {
				if m, ok := x.(*syntax.Member); ok {
					if id, ok := m.X.(*syntax.Ident); ok && (id.Name == "$left" || id.Name == "$right") {
						return id.Name, m.Name
					}
				}
				return "", nil
			}
			s1, n1 := side(e.X)
			s2, n2 := side(e.Y)
			if n1 == nil || n2 == nil || s1 == s2 {
				b.errorf(e, syntax.CodeInvalid, "join conditions compare $left.column with $right.column")
				return
			}
			if s1 == "$right" {
				n1, n2 = n2, n1
			}
			li, ri := ls.Index(n1.Name), rs.Index(n2.Name)
			if li < 0 {
				b.unknown(n1, "column on the left side of the join", n1.Name, ls.Names())
				return
			}
			if ri < 0 {
				b.unknown(n2, "column on the right side of the join", n2.Name, rs.Names())
				return
			}
			b.addJoinKey(e, j, li, ri)
		case *syntax.Paren:
			add(e.X)
		default:
			b.errorf(e, syntax.CodeInvalid, "join conditions are column names or $left.a == $right.b")
		}
	}
	for _, e := range on {
		add(e)
	}
}

func (b *binder) addJoinKey(at syntax.Node, j *Join, li, ri int) {
	lt, rt := j.Left.Schema()[li].Type, j.Right.Schema()[ri].Type
	// int and long keys match by value; other numeric pairs (long and
	// real) are an error, as in Kusto.Language ("Inconsistent data types
	// for join keys: (long, real)"); the executor would never match them.
	if lt != rt && !(lt.IsInteger() && rt.IsInteger()) && lt != table.Unknown && rt != table.Unknown {
		b.errorf(at, syntax.CodeTypeMismatch, "join keys have different types: %s and %s", lt, rt)
		return
	}
	j.LeftKeys = append(j.LeftKeys, li)
	j.RightKeys = append(j.RightKeys, ri)
}

// joinSchema builds the output schema: left columns, then right columns
// renamed with a numeric suffix on collision (Key → Key1, skipping names
// either side already uses).
func joinSchema(j *Join) table.Schema {
	ls, rs := j.Left.Schema(), j.Right.Schema()
	switch j.Kind {
	case JoinLeftAnti, JoinLeftSemi:
		return append(table.Schema(nil), ls...)
	case JoinRightAnti, JoinRightSemi:
		j.RightCols = allCols(len(rs))
		return append(table.Schema(nil), rs...)
	}
	out := append(table.Schema(nil), ls...)
	j.RightCols = nil
	for i, c := range rs {
		if j.DropRightKeys && containsInt(j.RightKeys, i) {
			continue
		}
		j.RightCols = append(j.RightCols, i)
		if out.Index(c.Name) >= 0 {
			// The suffixed name also avoids the right side's own names
			// (Kusto.Language: left A, right A and A1 → A, A2, A1).
			c.Name = uniqueName(c.Name, func(n string) bool { return out.Index(n) >= 0 || rs.Index(n) >= 0 })
		}
		out = append(out, c)
	}
	return out
}

func allCols(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func containsInt(a []int, x int) bool {
	for _, v := range a {
		if v == x {
			return true
		}
	}
	return false
}

func (b *binder) lookup(o *syntax.LookupOp, left Node, sc *scope) Node {
	kind := JoinLeftOuter
	for _, opt := range o.Options {
		if opt.Name == "kind" {
			switch optionText(opt) {
			case "leftouter":
			case "inner":
				kind = JoinInner
			default:
				b.errorf(opt.Value, syntax.CodeInvalid, "lookup kind must be leftouter or inner")
			}
		}
	}
	right := b.tabular(o.Right, sc)
	if right == poison || left == poison {
		return poison
	}
	j := &Join{Left: left, Right: right, Kind: kind, DropRightKeys: true}
	b.joinKeys(o.On, o, j)
	j.Out = joinSchema(j)
	return j
}

// union binds union; in is the piped input (nil when union is a source).
func (b *binder) union(o *syntax.UnionOp, in Node, sc *scope) Node {
	kind := "outer"
	source := ""
	fuzzy := false
	for _, opt := range o.Options {
		switch opt.Name {
		case "kind":
			kind = optionText(opt)
			if kind != "inner" && kind != "outer" {
				b.errorf(opt.Value, syntax.CodeInvalid, "union kind must be inner or outer")
			}
		case "withsource":
			source = optionText(opt)
		case "isfuzzy":
			fuzzy = optionText(opt) == "true"
		}
	}
	var legs []Node
	var names []string
	if in != nil {
		legs = append(legs, in)
		names = append(names, legName(in, ""))
	}
	for _, t := range o.Tables {
		if id, ok := t.(*syntax.Ident); ok && hasWildcard(id.Name) {
			matched := false
			var all []string
			if b.opt.DataTables != nil {
				all = b.opt.DataTables()
			} else if cn, ok := b.opt.Catalog.(CatalogNames); ok {
				all = cn.Names()
			}
			if all != nil {
				sortStrings(all)
				for _, name := range all {
					if wildcardMatch(id.Name, name) {
						legs = append(legs, b.tableRef(id, name, sc))
						names = append(names, name)
						matched = true
					}
				}
			}
			if !matched && !fuzzy {
				b.errorf(id, syntax.CodeUnknownName, "no table matches '%s'", id.Name)
			}
			continue
		}
		if fuzzy {
			if id, ok := t.(*syntax.Ident); ok && sc.lookup(id.Name) == nil {
				if _, ok := b.opt.Catalog.Table(id.Name); !ok {
					continue // isfuzzy: a missing leg is ignored
				}
			}
		}
		n := b.tabular(t, sc)
		legs = append(legs, n)
		nm := ""
		if id, ok := t.(*syntax.Ident); ok {
			nm = id.Name
		}
		names = append(names, legName(n, nm))
	}
	u := &Union{Legs: legs, LegNames: names, Source: -1}
	if source != "" {
		u.Out = append(u.Out, table.Column{Name: source, Type: table.String})
		u.Source = 0
	}
	// Columns: by name; the same name with different types becomes one
	// column per type, suffixed _type. kind=inner keeps only columns
	// common to all legs.
	type key struct {
		name string
		t    table.Type
	}
	nameTypes := map[string][]table.Type{}
	var order []key
	for _, l := range legs {
		for _, c := range l.Schema() {
			ts := nameTypes[c.Name]
			found := false
			for _, t := range ts {
				if t == c.Type {
					found = true
				}
			}
			if !found {
				nameTypes[c.Name] = append(ts, c.Type)
				order = append(order, key{c.Name, c.Type})
			}
		}
	}
	var cols []key
	for _, k := range order {
		if kind == "inner" {
			all := true
			for _, l := range legs {
				i := l.Schema().Index(k.name)
				if i < 0 || l.Schema()[i].Type != k.t {
					all = false
				}
			}
			if !all {
				continue
			}
		}
		cols = append(cols, k)
	}
	// Plain names keep their spelling; a name_type made for a column
	// whose name has several types yields to a plain column of that name
	// (x of long and int beside a column x_long → x_long1, x_int, x_long).
	plain := map[string]bool{}
	for _, k := range cols {
		if len(nameTypes[k.name]) == 1 {
			plain[k.name] = true
		}
	}
	for _, k := range cols {
		name := k.name
		if len(nameTypes[k.name]) > 1 {
			name = uniqueName(k.name+"_"+k.t.String(), func(n string) bool { return plain[n] || u.Out.Index(n) >= 0 })
		}
		u.Out = append(u.Out, table.Column{Name: name, Type: k.t})
	}
	for _, l := range legs {
		m := make([]int, len(u.Out))
		for j := range m {
			m[j] = -1
		}
		off := 0
		if u.Source == 0 {
			off = 1
		}
		for ci, k := range cols {
			if i := l.Schema().Index(k.name); i >= 0 && l.Schema()[i].Type == k.t {
				m[ci+off] = i
			}
		}
		u.Map = append(u.Map, m)
	}
	return u
}

// legName is the withsource value of a union leg: an as-name, a table
// name or a let name.
func legName(n Node, fallback string) string {
	switch n := n.(type) {
	case *Named:
		return n.Name
	case *Scan:
		return n.Table
	}
	return fallback
}
