package plan

import (
	"reconwatch/internal/kql/syntax"
	"reconwatch/internal/table"
)

// stringOps maps each string predicate to its kernel; negated forms share
// the kernel of the positive one.
var stringOps = map[string]struct {
	fn  func(h, n string) bool
	neg bool
}{}

func init() {
	pos := map[string]func(h, n string) bool{
		"has": kHas, "has_cs": kHasCS,
		"hasprefix": kHasPrefix, "hasprefix_cs": kHasPrefixCS,
		"hassuffix": kHasSuffix, "hassuffix_cs": kHasSuffixCS,
		"contains": kContains, "contains_cs": kContainsCS,
		"startswith": kStartsWith, "startswith_cs": kStartsWithCS,
		"endswith": kEndsWith, "endswith_cs": kEndsWithCS,
		"=~": kEqualFold,
	}
	for name, fn := range pos {
		stringOps[name] = struct {
			fn  func(h, n string) bool
			neg bool
		}{fn, false}
		neg := "!" + name
		if name == "=~" {
			neg = "!~"
		}
		stringOps[neg] = struct {
			fn  func(h, n string) bool
			neg bool
		}{fn, true}
	}
}

func (b *binder) binary(e *syntax.Binary, sc *scope, row *rowCtx) Expr {
	x := b.scalar(e.X, sc, row)
	y := b.scalar(e.Y, sc, row)
	xt, yt := x.Type(), y.Type()
	op := e.Op
	switch op {
	case "and", "or":
		for _, side := range []struct {
			t table.Type
			n syntax.Node
		}{{xt, e.X}, {yt, e.Y}} {
			if side.t != table.Bool && side.t != table.Dynamic && side.t != table.Unknown {
				b.errorf(side.n, syntax.CodeTypeMismatch, "'%s' needs bool operands, not %s", op, side.t)
				return bad
			}
		}
		return fold(&Logic{And: op == "and", X: x, Y: y})
	case "+", "-", "*", "/", "%":
		t, fn, ok := arithOp(op, xt, yt)
		if !ok {
			b.errorf(e, syntax.CodeTypeMismatch, "operator '%s' is not defined for %s and %s", op, xt, yt)
			return bad
		}
		return fold(&Binary{Op: op, T: t, X: x, Y: y, Fn: fn})
	case "<", "<=", ">", ">=":
		if !comparable(xt, yt) || xt == table.String || yt == table.String || xt == table.Bool {
			b.errorf(e, syntax.CodeTypeMismatch, "operator '%s' is not defined for %s and %s", op, xt, yt)
			return bad
		}
		return fold(&Binary{Op: op, T: table.Bool, X: x, Y: y, Fn: compareFn(op)})
	case "==", "!=":
		if !comparable(xt, yt) {
			b.errorf(e, syntax.CodeTypeMismatch, "cannot compare %s with %s using '%s'", xt, yt, op)
			return bad
		}
		neg := op == "!="
		if c, ok := IsConst(y); ok && c.K == table.KString && xt == table.String {
			needle := c.S
			return fold(&Unary{Op: op, T: table.Bool, X: x, Fn: func(v table.Value) table.Value {
				return table.NewBool((v.S == needle) != neg)
			}})
		}
		return fold(&Binary{Op: op, T: table.Bool, X: x, Y: y, Fn: equalFn(neg, xt == table.Bool && yt == table.Bool)})
	case "matches regex":
		if yt != table.String && yt != table.Dynamic && yt != table.Unknown {
			b.errorf(e.Y, syntax.CodeTypeMismatch, "the right side of 'matches regex' must be a string, not %s", yt)
			return bad
		}
		c, ok := IsConst(y)
		if !ok {
			b.errorf(e.Y, syntax.CodeInvalid, "matches regex needs a constant pattern")
			return bad
		}
		re, err := compileRegex(c.String(), b.fenv.MaxRegexSize)
		if err != nil {
			b.errorf(e.Y, syntax.CodeInvalid, "invalid regex: %s", err)
			return bad
		}
		return fold(&Unary{Op: op, T: table.Bool, X: x, Fn: func(v table.Value) table.Value {
			return table.NewBool(re.MatchString(strOf(v)))
		}})
	}
	so, ok := stringOps[op]
	if !ok {
		b.errorf(e, syntax.CodeUnsupported, "operator '%s' is not supported", op)
		return bad
	}
	// Kusto.Language defines the string operators for (string, string)
	// and dynamic operands only: B has 1 is an error (KS106), even with a
	// constant that would convert.
	if yt != table.String && yt != table.Dynamic && yt != table.Unknown {
		b.errorf(e.Y, syntax.CodeTypeMismatch, "the right side of '%s' must be a string, not %s", op, yt)
		return bad
	}
	fn, neg := so.fn, so.neg
	if c, ok := IsConst(y); ok {
		needle := c.String()
		return fold(&Unary{Op: op, T: table.Bool, X: x, Fn: func(v table.Value) table.Value {
			return table.NewBool(fn(strOf(v), needle) != neg)
		}})
	}
	return fold(&Binary{Op: op, T: table.Bool, X: x, Y: y, Fn: func(a, c table.Value) table.Value {
		return table.NewBool(fn(strOf(a), strOf(c)) != neg)
	}})
}

// in binds in, !in, in~, !in~, has_any, has_all.
func (b *binder) in(e *syntax.InExpr, sc *scope, row *rowCtx) Expr {
	x := b.scalar(e.X, sc, row)
	var items []table.Value
	var dyn []Expr
	var sub Node
	for _, it := range e.List {
		if b.isTabular(it, sc) {
			if sub != nil {
				b.errorf(it, syntax.CodeInvalid, "only one tabular expression is allowed in '%s'", e.Op)
				continue
			}
			sub = b.tabular(it, sc)
			if sub == poison {
				return bad
			}
			if s := sub.Schema(); len(s) == 0 {
				b.errorf(it, syntax.CodeInvalid, "the tabular expression in '%s' has no columns", e.Op)
			}
			continue
		}
		v := b.scalar(it, sc, row)
		if c, ok := IsConst(v); ok {
			items = appendFlat(items, c)
			continue
		}
		dyn = append(dyn, v)
	}
	switch e.Op {
	case "has_any", "has_all":
		needles := make([]string, 0, len(items))
		for _, v := range items {
			needles = append(needles, v.String())
		}
		h := &HasAny{All: e.Op == "has_all", X: x, Needles: needles, Dynamic: dyn, Sub: sub}
		if sub != nil {
			h.SubID = b.newSub()
		}
		return h
	}
	for _, v := range items {
		if v.K == table.KNull {
			continue
		}
		if !comparable(x.Type(), typeOfValue(v)) {
			b.errorf(e, syntax.CodeTypeMismatch, "'%s' compares %s with %s", e.Op, x.Type(), typeOfValue(v))
			return bad
		}
	}
	s := &InSet{Op: e.Op, X: x, Items: items, Dynamic: dyn, Sub: sub}
	if sub != nil {
		s.SubID = b.newSub()
	}
	return s
}

// appendFlat appends v, flattening (nested) arrays as in does.
func appendFlat(dst []table.Value, v table.Value) []table.Value {
	if v.K == table.KArray {
		for _, e := range v.D.Arr {
			dst = appendFlat(dst, e)
		}
		return dst
	}
	return append(dst, v)
}

// typeOfValue is the static type a runtime value would have.
// typeOfValue is the static type a runtime value would have.
func typeOfValue(v table.Value) table.Type { return v.Type() }
