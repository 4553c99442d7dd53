package syntax

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"reconwatch/internal/table"
)

// dump renders a node as a compact S-expression for tests: (op X Y) for
// binaries, (call f args) for calls, operators as (where ...), and so on.
// Positions are left out; Paren nodes are shown so that the tree shape is
// exact.
func dump(n Node) string {
	var b strings.Builder
	dumpTo(&b, n)
	return b.String()
}

func dumpQuery(q *Query) string {
	var parts []string
	for _, s := range q.Stmts {
		parts = append(parts, dump(s))
	}
	return strings.Join(parts, "; ")
}

func dumpLit(x *Literal) string {
	switch x.Kind {
	case LitString:
		s := strconv.Quote(x.Value.S)
		if x.Obfuscated {
			s = "h" + s
		}
		return s
	case LitLong:
		return strconv.FormatInt(x.Value.I, 10)
	case LitBool:
		return x.Value.String()
	case LitNull:
		return "null(" + x.Type.String() + ")"
	case LitType:
		return "typeof(" + x.Type.String() + ")"
	case LitDynamic:
		return "dynamic(" + string(table.AppendJSON(nil, x.Value)) + ")"
	case LitDatetime:
		return "datetime(" + x.Value.String() + ")"
	case LitTimespan:
		return "timespan(" + x.Value.String() + ")"
	case LitInt:
		return "int(" + x.Value.String() + ")"
	case LitReal:
		return "real(" + x.Value.String() + ")"
	case LitDecimal:
		return "decimal(" + x.Value.String() + ")"
	case LitGuid:
		return "guid(" + x.Value.String() + ")"
	}
	return "?lit"
}

func dumpTo(b *strings.Builder, n Node) {
	w := func(s string) { b.WriteString(s) }
	sub := func(xs ...Node) {
		for _, x := range xs {
			w(" ")
			dumpTo(b, x)
		}
	}
	exprs := func(xs []Expr) {
		for _, x := range xs {
			w(" ")
			dumpTo(b, x)
		}
	}
	named := func(xs []*NamedExpr) {
		for _, x := range xs {
			w(" ")
			dumpTo(b, x)
		}
	}
	opts := func(os []*Option) {
		for _, o := range os {
			w(" " + o.Name + "=")
			dumpTo(b, o.Value)
		}
	}
	cols := func(cs []*ColumnDecl) string {
		var s []string
		for _, c := range cs {
			s = append(s, c.Name.Name+":"+c.Type.String())
		}
		return "[" + strings.Join(s, " ") + "]"
	}
	key := func(k *SortKey) {
		w(" (")
		if k.Asc {
			w("asc")
		} else {
			w("desc")
		}
		if k.NullsSet {
			if k.NullsFirst {
				w("-nulls-first")
			} else {
				w("-nulls-last")
			}
		}
		sub(k.X)
		w(")")
	}
	mvItems := func(items []*MvExpandItem) {
		for _, it := range items {
			sub(it.Col)
			if it.ToType != table.Unknown {
				w(":" + it.ToType.String())
			}
		}
	}
	params := func(ps []*Param) string {
		var s []string
		for _, p := range ps {
			t := p.Type.String()
			if p.Tabular {
				if p.Star {
					t = "(*)"
				} else {
					t = cols(p.Columns)
				}
			}
			e := p.Name.Name + ":" + t
			if p.Default != nil {
				e += "=" + dump(p.Default)
			}
			s = append(s, e)
		}
		return "(" + strings.Join(s, " ") + ")"
	}
	switch x := n.(type) {
	case nil:
		w("<nil>")
	case *LetStmt:
		w("(let " + x.Name.Name)
		if x.Func != nil {
			if x.Func.View {
				w(" view")
			}
			w(" " + params(x.Func.Params))
			for _, s := range x.Func.Body {
				sub(s)
			}
		} else {
			sub(x.Value)
		}
		w(")")
	case *ExprStmt:
		dumpTo(b, x.X)
	case *SetStmt:
		w("(set " + x.Name)
		if x.Value != nil {
			sub(x.Value)
		}
		w(")")
	case *DeclareStmt:
		w("(declare " + params(x.Params) + ")")
	case *Ident:
		if isPlainName(x.Name) || strings.ContainsAny(x.Name, "*-~") {
			w(x.Name)
		} else {
			w("[" + strconv.Quote(x.Name) + "]")
		}
	case *Literal:
		w(dumpLit(x))
	case *Binary:
		w("(" + x.Op)
		sub(x.X, x.Y)
		w(")")
	case *Unary:
		w("(" + x.Op)
		sub(x.X)
		w(")")
	case *InExpr:
		w("(" + x.Op)
		sub(x.X)
		w(" [")
		for i, e := range x.List {
			if i > 0 {
				w(" ")
			}
			dumpTo(b, e)
		}
		w("])")
	case *Between:
		if x.Not {
			w("(!between")
		} else {
			w("(between")
		}
		sub(x.X, x.Lo, x.Hi)
		w(")")
	case *Call:
		w("(call " + x.Fun.Name)
		exprs(x.Args)
		w(")")
	case *NamedArg:
		w("(= " + x.Name.Name)
		sub(x.Value)
		w(")")
	case *Star:
		w("*")
	case *Paren:
		w("(paren")
		sub(x.X)
		w(")")
	case *Member:
		w("(.")
		sub(x.X, x.Name)
		w(")")
	case *Index:
		w("(index")
		sub(x.X, x.Index)
		w(")")
	case *Pipeline:
		w("(pipe")
		if x.Source != nil {
			sub(x.Source)
		}
		for _, op := range x.Ops {
			sub(op)
		}
		w(")")
	case *Datatable:
		w("(datatable " + cols(x.Columns))
		exprs(x.Values)
		w(")")
	case *PrintExpr:
		w("(print")
		named(x.Items)
		w(")")
	case *RangeExpr:
		w("(range")
		sub(x.Name, x.From, x.To, x.Step)
		w(")")
	case *UnionExpr:
		dumpTo(b, x.Op)
	case *ExternalDataExpr:
		w("(externaldata " + cols(x.Columns))
		exprs(x.URIs)
		opts(x.Options)
		w(")")
	case *NamedExpr:
		switch {
		case x.Name != nil:
			w("(= ")
			dumpTo(b, x.Name)
			sub(x.X)
			w(")")
		case len(x.Names) > 0:
			w("(= (")
			for i, id := range x.Names {
				if i > 0 {
					w(" ")
				}
				dumpTo(b, id)
			}
			w(")")
			sub(x.X)
			w(")")
		default:
			dumpTo(b, x.X)
		}
	case *WhereOp:
		w("(where")
		sub(x.Pred)
		w(")")
	case *ExtendOp:
		w("(extend")
		named(x.Items)
		w(")")
	case *ProjectOp:
		w("(project")
		named(x.Items)
		w(")")
	case *ProjectAwayOp:
		if x.Keep {
			w("(project-keep")
		} else {
			w("(project-away")
		}
		for _, c := range x.Columns {
			sub(c)
		}
		w(")")
	case *ProjectRenameOp:
		w("(project-rename")
		named(x.Items)
		w(")")
	case *ProjectReorderOp:
		w("(project-reorder")
		for _, c := range x.Columns {
			sub(c.Name)
			if c.Order != "" {
				w(":" + c.Order)
			}
		}
		w(")")
	case *SummarizeOp:
		w("(summarize")
		opts(x.Options)
		named(x.Aggs)
		if len(x.By) > 0 {
			w(" by")
			named(x.By)
		}
		w(")")
	case *CountOp:
		w("(count)")
	case *TakeOp:
		w("(take")
		sub(x.N)
		w(")")
	case *TopOp:
		w("(top")
		sub(x.N)
		key(x.By)
		w(")")
	case *SortOp:
		w("(sort")
		for _, k := range x.Keys {
			key(k)
		}
		w(")")
	case *DistinctOp:
		w("(distinct")
		exprs(x.Items)
		w(")")
	case *JoinOp:
		w("(join")
		opts(x.Options)
		sub(x.Right)
		w(" on")
		exprs(x.On)
		w(")")
	case *LookupOp:
		w("(lookup")
		opts(x.Options)
		sub(x.Right)
		w(" on")
		exprs(x.On)
		w(")")
	case *UnionOp:
		w("(union")
		opts(x.Options)
		exprs(x.Tables)
		w(")")
	case *MvExpandOp:
		if x.Legacy {
			w("(mvexpand")
		} else {
			w("(mv-expand")
		}
		opts(x.Options)
		mvItems(x.Items)
		if x.Limit != nil {
			w(" limit")
			sub(x.Limit)
		}
		w(")")
	case *MvApplyOp:
		w("(mv-apply")
		opts(x.Options)
		mvItems(x.Items)
		if x.Limit != nil {
			w(" limit")
			sub(x.Limit)
		}
		w(" on")
		sub(x.Sub)
		w(")")
	case *ParseOp:
		if x.Where {
			w("(parse-where")
		} else {
			w("(parse")
		}
		opts(x.Options)
		sub(x.Source)
		w(" with")
		for _, p := range x.Pattern {
			switch {
			case p.Star:
				w(" *")
			case p.Const != nil:
				w(" " + dumpLit(p.Const))
			default:
				w(" " + p.Column.Name.Name + ":" + p.Column.Type.String())
			}
		}
		w(")")
	case *AsOp:
		w("(as " + x.Name.Name + ")")
	case *RenderOp:
		w("(render " + x.Chart + ")")
	case *EvaluateOp:
		w("(evaluate")
		opts(x.Options)
		sub(x.Plugin)
		if x.Schema != nil || x.SchemaStar {
			w(" :")
			if x.SchemaStar {
				w(" *")
			}
			w(" " + cols(x.Schema))
		}
		w(")")
	case *InvokeOp:
		w("(invoke")
		sub(x.Call)
		w(")")
	case *SerializeOp:
		w("(serialize")
		named(x.Items)
		w(")")
	case *GetSchemaOp:
		w("(getschema)")
	case *MakeSeriesOp:
		w("(make-series")
		opts(x.Options)
		for i, a := range x.Aggs {
			sub(a)
			if i < len(x.Defaults) && x.Defaults[i] != nil {
				w(" default=")
				dumpTo(b, x.Defaults[i])
			}
		}
		w(" on")
		sub(x.On)
		if x.From != nil {
			w(" from")
			sub(x.From)
		}
		if x.To != nil {
			w(" to")
			sub(x.To)
		}
		w(" step")
		sub(x.Step)
		if len(x.By) > 0 {
			w(" by")
			named(x.By)
		}
		w(")")
	default:
		w(fmt.Sprintf("<%T>", n))
	}
}

// opName returns an operator's keyword.
func opName(op Operator) string {
	s := dump(op)
	s = strings.TrimPrefix(s, "(")
	if i := strings.IndexAny(s, " )"); i >= 0 {
		s = s[:i]
	}
	return s
}

// checkPositions asserts 0 <= Pos <= End <= len(text) for every node and
// that children lie within statements.
func checkPositions(t *testing.T, name string, q *Query) {
	t.Helper()
	n := Pos(len(q.Text))
	for _, s := range q.Stmts {
		sp, se := s.Pos(), s.End()
		if se < sp || se > n {
			t.Errorf("%s: statement %q has bad span [%d,%d)", name, NodeString(s), sp, se)
		}
		Inspect(s, func(node Node) bool {
			p, e := node.Pos(), node.End()
			if p < 0 || p > e || e > n {
				t.Errorf("%s: %T %q has bad span [%d,%d) (text length %d)", name, node, NodeString(node), p, e, n)
				return false
			}
			// End of some operators (evaluate with a schema, render) stops
			// before their last tokens, so only the start is checked.
			if p < sp {
				t.Errorf("%s: %T %q [%d,%d) lies outside its statement [%d,%d)", name, node, NodeString(node), p, e, sp, se)
				return false
			}
			return true
		})
	}
}

// checkRoundTrip prints the query, parses the output and compares trees;
// printing again must give the same text.
func checkRoundTrip(t *testing.T, name string, q *Query) {
	t.Helper()
	text := q.String()
	q2, errs := Parse(text)
	if len(errs) > 0 {
		src := &Source{Name: name + " (printed)", Text: text}
		t.Errorf("%s: printed query does not parse:\n%s\nprinted:\n%s", name, src.FormatAll(errs), text)
		return
	}
	if a, b := dumpQuery(q), dumpQuery(q2); a != b {
		t.Errorf("%s: round trip changed the tree:\n got %s\nwant %s\nprinted: %s", name, b, a, text)
	}
	if text2 := q2.String(); text2 != text {
		t.Errorf("%s: printing is not idempotent:\n%s\n%s", name, text, text2)
	}
}
