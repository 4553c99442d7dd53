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

// Logic3 is Kusto's three-valued and/or: false and x → false, true or x →
// true; otherwise a null operand makes the result null.
func Logic3(and bool, x, y table.Value) table.Value {
	xb, yb := x.K == table.KBool, y.K == table.KBool
	if and {
		if (xb && x.I == 0) || (yb && y.I == 0) {
			return table.NewBool(false)
		}
		if xb && yb {
			return table.NewBool(true)
		}
		return table.Null
	}
	if (xb && x.I != 0) || (yb && y.I != 0) {
		return table.NewBool(true)
	}
	if xb && yb {
		return table.NewBool(false)
	}
	return table.Null
}
