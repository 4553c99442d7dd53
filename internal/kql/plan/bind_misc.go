package plan

import (
	"regexp"
	"sort"
	"strings"

	"reconwatch/internal/kql/funcs/convfn"
	"reconwatch/internal/kql/syntax"
	"reconwatch/internal/table"
)

func (b *binder) mvExpand(o *syntax.MvExpandOp, in Node, sc *scope) Node {
	s := in.Schema()
	row := &rowCtx{schema: s}
	out := append(table.Schema(nil), s...)
	n := &MvExpand{In: in, IndexCol: -1, Limit: -1}
	indexName := ""
	for _, opt := range o.Options {
		switch opt.Name {
		case "kind":
			n.BagArray = optionText(opt) == "array"
		case "with_itemindex":
			indexName = optionText(opt)
		case "bagexpansion":
			n.BagArray = optionText(opt) == "array"
		}
	}
	for _, it := range o.Items {
		x := b.scalar(it.Col.X, sc, row)
		// Only dynamic values expand (Kusto.Language: "The expression
		// must have the type dynamic"); a scalar column is an error,
		// not a one-row expansion.
		if t := x.Type(); t != table.Dynamic && t != table.Unknown {
			b.errorf(it.Col.X, syntax.CodeTypeMismatch, "mv-expand needs a dynamic value (an array or a bag), not %s", t)
		}
		name := ""
		if it.Col.Name != nil {
			name = it.Col.Name.Name
		} else if name = exprName(it.Col.X); name == "" {
			name = nextColumnName(schemaHas(out))
		}
		t := table.Dynamic
		if it.ToType != table.Unknown {
			t = it.ToType
		}
		slot := out.Index(name)
		if slot < 0 {
			slot = len(out)
			out = append(out, table.Column{Name: name, Type: t})
		} else {
			out[slot].Type = t
		}
		n.Exprs = append(n.Exprs, x)
		n.Cols = append(n.Cols, slot)
		n.ToTypes = append(n.ToTypes, it.ToType)
	}
	if indexName != "" {
		n.IndexCol = len(out)
		out = append(out, table.Column{Name: uniqueName(indexName, schemaHas(out)), Type: table.Long})
	}
	if o.Limit != nil {
		n.Limit = b.constLong(o.Limit, sc, "mv-expand limit")
	}
	if o.Legacy && n.Limit < 0 {
		n.Limit = 128 // the deprecated mvexpand caps rows per input row
	}
	n.Out = out
	return n
}

func (b *binder) parse(o *syntax.ParseOp, in Node, sc *scope) Node {
	s := in.Schema()
	src := b.scalar(o.Source, sc, &rowCtx{schema: s})
	kind, flags := "simple", ""
	for _, opt := range o.Options {
		switch opt.Name {
		case "kind":
			kind = optionText(opt)
		case "flags":
			flags = optionText(opt)
		}
	}
	if kind != "simple" && kind != "regex" && kind != "relaxed" {
		b.errorf(o, syntax.CodeInvalid, "parse kind must be simple, regex or relaxed")
		kind = "simple"
	}
	out := append(table.Schema(nil), s...)
	var cols []table.Column
	var pat strings.Builder
	group := func(body string) string {
		return "(?P<c" + itoa(len(cols)-1) + ">" + body + ")"
	}
	if flags != "" {
		pat.WriteString("(?" + flags + ")")
	}
	if kind != "regex" {
		pat.WriteString("^")
	}
	lazy := "?"
	if kind == "regex" {
		lazy = ""
	}
	for i, p := range o.Pattern {
		switch {
		case p.Star:
			if kind == "regex" {
				pat.WriteString(".*")
			} else {
				pat.WriteString("(?s:.*?)")
			}
		case p.Const != nil:
			if kind == "regex" {
				pat.WriteString(p.Const.Value.S)
			} else {
				pat.WriteString(regexp.QuoteMeta(p.Const.Value.S))
			}
		case p.Column != nil:
			t := p.Column.Type
			if t == table.Unknown {
				t = table.String
			}
			cols = append(cols, table.Column{Name: p.Column.Name.Name, Type: t})
			last := i == len(o.Pattern)-1
			anyText := "(?s:.*" + lazy + ")"
			if last && kind != "regex" {
				anyText = "(?s:.*)"
			}
			num := ""
			switch t {
			case table.Long, table.Int:
				num = `-?\d+`
			case table.Real:
				num = `-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`
			}
			switch {
			case num != "" && kind == "relaxed":
				// Relaxed mode: a number when there is one, else any
				// text, whose failed conversion nulls this column alone
				// (parse-operator.md: totalSlices=nonValidLongValue →
				// null, the other columns kept).
				pat.WriteString(group("(?:" + num + "|" + anyText + ")"))
			case num != "":
				pat.WriteString(group(num))
			default:
				pat.WriteString(group(anyText))
			}
		}
	}
	if kind != "regex" {
		pat.WriteString("$")
	}
	re, err := regexp.Compile(pat.String())
	if err != nil {
		b.errorf(o, syntax.CodeInvalid, "invalid parse pattern: %s", err)
		return in
	}
	first := len(out)
	for _, c := range cols {
		if i := out.Index(c.Name); i >= 0 {
			b.errorf(o, syntax.CodeInvalid, "parse would add column '%s', which already exists", c.Name)
			return in
		}
		out = append(out, c)
	}
	relaxed := kind == "relaxed"
	// Columns are named groups: regex-mode constants may hold groups of
	// their own.
	groups := make([]int, len(cols))
	for i := range cols {
		groups[i] = re.SubexpIndex("c" + itoa(i))
	}
	matcher := func(text string, dst []table.Value) bool {
		m := re.FindStringSubmatch(text)
		if m == nil {
			return false
		}
		okAll := true
		for i, c := range cols {
			v := table.NewString(m[groups[i]])
			if c.Type != table.String {
				v = convfn.Convert(v, c.Type)
				if v.K == table.KNull {
					okAll = false
				}
			}
			dst[i] = v
		}
		if !okAll && !relaxed {
			// simple and regex modes: one failed conversion voids the
			// match (parse fills nulls, parse-where drops the row)
			return false
		}
		return true
	}
	return &Parse{In: in, Source: src, Matcher: matcher, Out: out, First: first, Where: o.Where}
}

func (b *binder) evaluate(o *syntax.EvaluateOp, in Node, sc *scope) Node {
	p := o.Plugin
	switch p.Fun.Name {
	case "bag_unpack":
		return b.bagUnpack(o, in, sc)
	case "pivot":
		return b.pivot(o, in, sc)
	case "ipv4_lookup":
		return b.ipv4Lookup(o, in, sc)
	case "basket":
		return b.basket(o, in, sc)
	}
	b.errorf(p.Fun, syntax.CodeUnsupported, "plugin %s() is not supported yet", p.Fun.Name)
	return in
}

// Discoverer finds the bag keys a bag_unpack would create by running its
// input; the kql package provides one when data is at hand. Without one
// the output columns come from an explicit schema or are an error.
type Discoverer func(n Node, col int) ([]table.Column, error)

func (b *binder) bagUnpack(o *syntax.EvaluateOp, in Node, sc *scope) Node {
	p := o.Plugin
	s := in.Schema()
	n := &BagUnpack{In: in, Conflict: "error"}
	var pos []syntax.Expr
	for _, a := range p.Args {
		if na, ok := a.(*syntax.NamedArg); ok {
			v := b.scalar(na.Value, sc, nil)
			c, _ := IsConst(v)
			switch na.Name.Name {
			case "columnsConflict":
				n.Conflict = c.String()
			case "ignoredProperties":
				n.Ignored = map[string]bool{}
				for _, e := range c.Array() {
					n.Ignored[e.String()] = true
				}
			case "OutputColumnPrefix":
				n.Prefix = c.String()
			}
			continue
		}
		pos = append(pos, a)
	}
	if len(pos) < 1 {
		b.errorf(p, syntax.CodeArgCount, "bag_unpack() needs a column")
		return in
	}
	id, ok := pos[0].(*syntax.Ident)
	if !ok || s.Index(id.Name) < 0 {
		b.errorf(pos[0], syntax.CodeInvalid, "bag_unpack() needs a column of the input")
		return in
	}
	n.Col = s.Index(id.Name)
	if len(pos) > 1 {
		c, _ := IsConst(b.scalar(pos[1], sc, nil))
		n.Prefix = c.String()
	}
	if len(pos) > 2 {
		c, _ := IsConst(b.scalar(pos[2], sc, nil))
		n.Conflict = c.String()
	}
	var cols []table.Column
	switch {
	case len(o.Schema) > 0 || o.SchemaStar:
		// An explicit schema: * keeps the other input columns, then the
		// listed columns come from the bag.
		listed := map[string]bool{}
		for _, c := range o.Schema {
			listed[c.Name.Name] = true
		}
		if o.SchemaStar {
			for i, c := range s {
				if i != n.Col && !listed[c.Name] {
					n.addOut(c, i, "")
				}
			}
		}
		for _, c := range o.Schema {
			n.addOut(table.Column{Name: c.Name.Name, Type: c.Type}, -1, c.Name.Name)
		}
		return n
	case b.opt.Discover != nil:
		prepareDiscovery(in, n.Col)
		found, err := b.opt.Discover(in, n.Col)
		if err != nil {
			b.errorf(p, syntax.CodeInvalid, "bag_unpack(): %s", err)
			return in
		}
		cols = found
	default:
		b.errorf(p, syntax.CodeUnsupported, "bag_unpack() output columns depend on the data; give them with `evaluate bag_unpack(...) : (Col:type, ...)`")
		return in
	}
	// Discovered columns follow the input's, in alphabetical order as in
	// Kusto's examples.
	sort.SliceStable(cols, func(i, j int) bool { return cols[i].Name < cols[j].Name })
	for i, c := range s {
		if i != n.Col {
			n.addOut(c, i, "")
		}
	}
	for _, c := range cols {
		if n.Ignored[c.Name] {
			continue
		}
		key := c.Name
		c.Name = n.Prefix + c.Name
		if i := n.Out.Index(c.Name); i >= 0 {
			switch n.Conflict {
			case "replace_source":
				n.Out[i], n.Src[i], n.Keys[i] = c, -1, key
				continue
			case "keep_source":
				continue
			default:
				b.errorf(p, syntax.CodeInvalid, "bag_unpack(): column '%s' already exists (use columnsConflict='replace_source' or 'keep_source')", c.Name)
				return in
			}
		}
		n.addOut(c, -1, key)
	}
	return n
}

func (n *BagUnpack) addOut(c table.Column, src int, key string) {
	n.Out = append(n.Out, c)
	n.Src = append(n.Src, src)
	n.Keys = append(n.Keys, key)
}

func (b *binder) invoke(o *syntax.InvokeOp, in Node, sc *scope) Node {
	bd := sc.lookup(o.Call.Fun.Name)
	if bd == nil || bd.kind != bindFunc {
		b.unknown(o.Call.Fun, "function", o.Call.Fun.Name, sc.all())
		return in
	}
	inner := newScope(sc)
	const hidden = "__invoke_input"
	inner.names[hidden] = &binding{kind: bindNode, node: in}
	args := append([]syntax.Expr{&syntax.Ident{NamePos: o.Call.Pos(), Name: hidden, Raw: o.Call.Fun.Raw}}, o.Call.Args...)
	call := &syntax.Call{Fun: o.Call.Fun, Lparen: o.Call.Lparen, Args: args, Rparen: o.Call.Rparen}
	return b.callUserTab(call, bd, inner)
}
