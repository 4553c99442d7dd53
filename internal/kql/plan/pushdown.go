package plan

// readsOnlyBelow reports whether e reads only columns with index < n.
func readsOnlyBelow(e Expr, n int) bool {
	ok := true
	walkExpr(e, func(x Expr) {
		if c, isCol := x.(*Col); isCol && c.Index >= n {
			ok = false
		}
	})
	return ok
}
