package plan

import "reconwatch/internal/table"

// fold evaluates an expression whose operands are all constants. Functions
// are pure (nondeterministic ones are never passed here), so this is
// always safe, and it lets Bind see constant arguments (regex patterns,
// list sizes) that were written as expressions.
func fold(e Expr) Expr {
	switch e := e.(type) {
	case *Unary:
		if x, ok := IsConst(e.X); ok {
			return &Const{V: e.Fn(x), T: e.T}
		}
	case *Binary:
		x, ok1 := IsConst(e.X)
		y, ok2 := IsConst(e.Y)
		if ok1 && ok2 {
			return &Const{V: e.Fn(x, y), T: e.T}
		}
	case *Logic:
		x, ok1 := IsConst(e.X)
		y, ok2 := IsConst(e.Y)
		if ok1 && ok2 {
			return &Const{V: Logic3(e.And, x, y), T: table.Bool}
		}
	case *Call:
		vals := make([]table.Value, len(e.Args))
		for i, a := range e.Args {
			v, ok := IsConst(a)
			if !ok {
				return e
			}
			vals[i] = v
		}
		return &Const{V: e.Fn(vals), T: e.T}
	}
	return e
}

// foldCond folds a conditional whose predicates are constant up to the
// chosen branch.
func foldCond(c *Cond) Expr {
	for i, p := range c.Preds {
		v, ok := IsConst(p)
		if !ok {
			return c
		}
		if v.IsTrue() {
			if k, ok := IsConst(c.Vals[i]); ok {
				return &Const{V: k, T: c.T}
			}
			return c
		}
	}
	if k, ok := IsConst(c.Vals[len(c.Vals)-1]); ok {
		return &Const{V: k, T: c.T}
	}
	return c
}

// Logic3 is Kusto's and/or. logical-operators.md's truth table treats a
// null operand as false (bool(null) and true → false, bool(null) or true
// → true, bool(null) or false → false); null-values.md implies null
// stickiness instead. Both are dropped by where and both send iff() to
// its else branch, so the only visible difference is a printed value; we
// follow the truth table, which is explicit about and/or.
func Logic3(and bool, x, y table.Value) table.Value {
	xt := x.K == table.KBool && x.I != 0
	yt := y.K == table.KBool && y.I != 0
	if and {
		return table.NewBool(xt && yt)
	}
	return table.NewBool(xt || yt)
}
