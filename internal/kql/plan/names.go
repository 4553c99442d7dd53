package plan

import (
	"strings"

	"reconwatch/internal/kql/aggs"
	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/kql/syntax"
)

// exprName is the column name Kusto gives an unnamed expression: a
// column keeps its name, a property path d.a.b becomes d_a_b, a function
// with the first-argument rule (tostring(x), bin(x, 1h)) takes its first
// argument's name, one with the prefix rule (strlen(x), gettype(x))
// takes a prefix and its first argument's name (strlen_x, type_x; strlen_
// when the argument has no name). "" means "generate ColumnN".
func exprName(e syntax.Expr) string {
	switch e := e.(type) {
	case *syntax.Ident:
		return e.Name
	case *syntax.Paren:
		return exprName(e.X)
	case *syntax.Member:
		if base := exprName(e.X); base != "" {
			return base + "_" + e.Name.Name
		}
	case *syntax.Index:
		// d["a"] → d_a, d[0] → d_0; any other index (d[-1], d[i])
		// leaves its part empty: d_ (Kusto.Language).
		if base := exprName(e.X); base != "" {
			part := ""
			if lit, ok := e.Index.(*syntax.Literal); ok && (lit.Kind == syntax.LitString || lit.Kind == syntax.LitLong || lit.Kind == syntax.LitInt) {
				part = lit.Value.String()
			}
			return base + "_" + part
		}
	case *syntax.Call:
		if e.Fun.Name == "ingestion_time" {
			// It reads the hidden column $IngestionTime (Kusto.Language:
			// project ingestion_time() → $IngestionTime).
			return "$IngestionTime"
		}
		f := funcs.Lookup(e.Fun.Name)
		if f == nil || len(e.Args) == 0 {
			return ""
		}
		switch f.ResultName {
		case funcs.NameFirstArg:
			return exprName(e.Args[0])
		case funcs.NamePrefixArg:
			return f.Prefix() + "_" + exprName(e.Args[0])
		}
	}
	return ""
}

// aggName is the default name of an aggregate: prefix_arg (count() →
// count_, dcount(x) → dcount_x, sum(a+b) → sum_), with NameArgs argument
// names for aggregates such as covariance(x, y) → covariance_x_y. An
// empty prefix keeps the argument's name (take_any(x) → x).
func aggName(a *aggs.Agg, e *syntax.Call) string {
	n := a.NameArgs
	if n == 0 {
		n = 1
	}
	parts := make([]string, 0, n)
	for i := 0; i < n; i++ {
		arg := ""
		if i < len(e.Args) {
			arg = exprName(e.Args[i])
		}
		parts = append(parts, arg)
	}
	name := strings.Join(parts, "_")
	if a.Prefix == "" {
		return name
	}
	return a.Prefix + "_" + name
}

// bindName is exprName for a bound expression: column_ifexists("c", d)
// that found its column is named c, otherwise it gets a ColumnN name
// (Kusto.Language).
func bindName(e syntax.Expr, x Expr) string {
	if c, ok := e.(*syntax.Call); ok && (c.Fun.Name == "column_ifexists" || c.Fun.Name == "columnifexists") {
		if col, ok := x.(*Col); ok {
			return col.Name
		}
		return ""
	}
	return exprName(e)
}
