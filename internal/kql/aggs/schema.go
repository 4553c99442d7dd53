package aggs

import (
	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// buildschema(d): the minimal schema admitting every value of the group.
// A bag's schema maps each key to the schema of its values; an array's is
// {"`indexer`": schema of its elements}; a scalar's is its type name
// ("long", "double", "string", ...). A place that held several kinds lists
// the alternatives in an array, in first-seen order (the docs' example:
// "x": ["long", "string"]). Nulls add nothing; no values → null.

func init() {
	Register(&Agg{Name: "buildschema", MinArgs: 1, MaxArgs: 1, Prefix: "schema", Bind: bindBuildSchema})
}

func bindBuildSchema(env *Env, args []funcs.Arg) (Impl, error) {
	if t := args[0].Type; t != table.Dynamic && t != table.Unknown {
		return Impl{}, funcs.ArgErrorf(0, "argument 1 must be dynamic, not %s", t)
	}
	b := newBudget(env)
	return Impl{Type: table.Dynamic, New: func() State { return &schemaState{b: b} }}, nil
}

type schemaState struct {
	root schemaNode
	b    *budget
}

type schemaNode struct {
	alts []schemaAlt
}

type schemaAlt struct {
	scalar string        // a scalar type name, or "" for the two below
	keys   []string      // bag: keys in first-seen order ...
	vals   []*schemaNode // ... and their schemas
	elem   *schemaNode   // array: element schema
	isBag  bool
}

func schemaTypeName(k table.Kind) string {
	switch k {
	case table.KBool:
		return "bool"
	case table.KInt:
		return "int"
	case table.KLong:
		return "long"
	case table.KReal:
		return "double"
	case table.KDecimal:
		return "decimal"
	case table.KDatetime:
		return "datetime"
	case table.KTimespan:
		return "timespan"
	case table.KString:
		return "string"
	case table.KGuid:
		return "guid"
	}
	return ""
}

func (n *schemaNode) add(v table.Value, b *budget) {
	switch v.K {
	case table.KNull:
		return
	case table.KBag:
		a := n.alt(func(a *schemaAlt) bool { return a.isBag }, schemaAlt{isBag: true}, b)
		if a == nil {
			return
		}
	keys:
		for i, k := range v.D.Keys {
			for j, x := range a.keys {
				if x == k {
					a.vals[j].add(v.D.Vals[i], b)
					continue keys
				}
			}
			if !b.charge(64 + int64(len(k))) {
				return
			}
			c := &schemaNode{}
			a.keys = append(a.keys, k)
			a.vals = append(a.vals, c)
			c.add(v.D.Vals[i], b)
		}
	case table.KArray:
		a := n.alt(func(a *schemaAlt) bool { return a.elem != nil }, schemaAlt{elem: &schemaNode{}}, b)
		if a == nil {
			return
		}
		for _, e := range v.D.Arr {
			a.elem.add(e, b)
		}
	default:
		name := schemaTypeName(v.K)
		n.alt(func(a *schemaAlt) bool { return a.scalar == name }, schemaAlt{scalar: name}, b)
	}
}

// alt finds the alternative matching is, or appends fresh.
func (n *schemaNode) alt(is func(*schemaAlt) bool, fresh schemaAlt, b *budget) *schemaAlt {
	for i := range n.alts {
		if is(&n.alts[i]) {
			return &n.alts[i]
		}
	}
	if !b.charge(64) {
		return nil
	}
	n.alts = append(n.alts, fresh)
	return &n.alts[len(n.alts)-1]
}

func (n *schemaNode) value() table.Value {
	switch len(n.alts) {
	case 0:
		return table.Null
	case 1:
		return n.alts[0].value()
	}
	out := make([]table.Value, len(n.alts))
	for i := range n.alts {
		out[i] = n.alts[i].value()
	}
	return table.NewArray(out)
}

func (a *schemaAlt) value() table.Value {
	switch {
	case a.isBag:
		keys := make([]string, len(a.keys))
		vals := make([]table.Value, len(a.keys))
		copy(keys, a.keys)
		for i, c := range a.vals {
			vals[i] = c.value()
		}
		return table.NewBag(keys, vals)
	case a.elem != nil:
		return table.NewBag([]string{"`indexer`"}, []table.Value{a.elem.value()})
	}
	return table.NewString(a.scalar)
}

// merge folds the schema o into n.
func (n *schemaNode) merge(o *schemaNode, b *budget) {
	for i := range o.alts {
		oa := &o.alts[i]
		switch {
		case oa.isBag:
			a := n.alt(func(a *schemaAlt) bool { return a.isBag }, schemaAlt{isBag: true}, b)
			if a == nil {
				return
			}
		keys:
			for j, k := range oa.keys {
				for x, ak := range a.keys {
					if ak == k {
						a.vals[x].merge(oa.vals[j], b)
						continue keys
					}
				}
				if !b.charge(64 + int64(len(k))) {
					return
				}
				c := &schemaNode{}
				a.keys = append(a.keys, k)
				a.vals = append(a.vals, c)
				c.merge(oa.vals[j], b)
			}
		case oa.elem != nil:
			a := n.alt(func(a *schemaAlt) bool { return a.elem != nil }, schemaAlt{elem: &schemaNode{}}, b)
			if a == nil {
				return
			}
			a.elem.merge(oa.elem, b)
		default:
			n.alt(func(a *schemaAlt) bool { return a.scalar == oa.scalar }, schemaAlt{scalar: oa.scalar}, b)
		}
	}
}

func (s *schemaState) Add(args []table.Value) { s.root.add(args[0], s.b) }
func (s *schemaState) Merge(o State)          { s.root.merge(&o.(*schemaState).root, s.b) }
func (s *schemaState) Result() table.Value    { return s.root.value() }
func (s *schemaState) Err() error             { return s.b.Err() }
