package syntax

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"reconwatch/internal/table"
)

// String prints the query as KQL text on one line per statement. Parsing
// the output gives back the same tree (comments and spacing aside; string
// literals are printed in a canonical form, render properties dropped).
func (q *Query) String() string {
	var pr printer
	for i, s := range q.Stmts {
		if i > 0 {
			pr.WriteString(";\n")
		}
		pr.node(s)
	}
	if n := len(q.Stmts); n > 0 {
		if _, ok := q.Stmts[n-1].(*SetStmt); ok {
			pr.WriteString(";") // set requires its ';'
		}
	}
	return pr.String()
}

// NodeString prints one node (statement, expression or operator) as KQL.
func NodeString(n Node) string {
	var pr printer
	pr.node(n)
	return pr.String()
}

type printer struct {
	strings.Builder
}

func (pr *printer) list(n int, f func(i int)) {
	for i := range n {
		if i > 0 {
			pr.WriteString(", ")
		}
		f(i)
	}
}

func (pr *printer) exprs(xs []Expr) {
	pr.list(len(xs), func(i int) { pr.node(xs[i]) })
}

func (pr *printer) named(items []*NamedExpr) {
	pr.list(len(items), func(i int) { pr.node(items[i]) })
}

func (pr *printer) options(opts []*Option) {
	for _, o := range opts {
		pr.WriteString(" ")
		pr.WriteString(o.Name)
		pr.WriteString("=")
		pr.node(o.Value)
	}
}

func (pr *printer) columns(cols []*ColumnDecl) {
	pr.list(len(cols), func(i int) {
		pr.ident(cols[i].Name)
		pr.WriteString(":")
		pr.WriteString(cols[i].Type.String())
	})
}

func (pr *printer) ident(id *Ident) {
	if id == nil {
		return
	}
	if id.Raw != "" {
		pr.WriteString(id.Raw)
		return
	}
	if isPlainName(id.Name) {
		pr.WriteString(id.Name)
		return
	}
	pr.WriteString("[")
	pr.WriteString(QuoteString(id.Name))
	pr.WriteString("]")
}

func isPlainName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(isIdentChar(r) || i == 0 && r == '$') || i == 0 && '0' <= r && r <= '9' {
			return false
		}
	}
	return true
}

// QuoteString returns s as a KQL double-quoted string literal.
func QuoteString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if c < 0x20 || c == 0x7f {
				b.WriteString(`\x`)
				b.WriteString(strconv.FormatUint(uint64(c)>>4, 16))
				b.WriteString(strconv.FormatUint(uint64(c)&15, 16))
			} else if c >= utf8.RuneSelf {
				r, w := utf8.DecodeRuneInString(s[i:])
				if r == utf8.RuneError && w == 1 || r == '\u2028' || r == '\u2029' || r == '\u0085' {
					// Invalid UTF-8 stays a raw byte; line separators are escaped.
					if w == 1 {
						b.WriteByte(c)
					} else {
						b.WriteString(`\u`)
						b.WriteString(strconv.FormatInt(int64(r)+0x10000, 16)[1:])
					}
				} else {
					b.WriteString(s[i : i+w])
				}
				i += w
				continue
			} else {
				b.WriteByte(c)
			}
		}
		i++
	}
	b.WriteByte('"')
	return b.String()
}

func (pr *printer) literal(x *Literal) {
	if x.Kind == LitString {
		if x.Obfuscated {
			pr.WriteString("h")
		}
		pr.WriteString(QuoteString(x.Value.S))
		return
	}
	if x.Raw != "" {
		pr.WriteString(x.Raw)
		return
	}
	// A literal synthesized without source text.
	switch x.Kind {
	case LitNull:
		pr.WriteString(x.Type.String() + "(null)")
	case LitType:
		pr.WriteString("typeof(" + x.Type.String() + ")")
	case LitDynamic:
		pr.WriteString("dynamic(")
		pr.Write(table.AppendJSON(nil, x.Value))
		pr.WriteString(")")
	case LitBool, LitLong:
		pr.WriteString(x.Value.String())
	case LitString:
	default:
		pr.WriteString(x.Type.String() + "(" + x.Value.String() + ")")
	}
}

func (pr *printer) sortKey(k *SortKey) {
	pr.node(k.X)
	if k.Asc {
		pr.WriteString(" asc")
	} else {
		pr.WriteString(" desc")
	}
	if k.NullsSet {
		if k.NullsFirst {
			pr.WriteString(" nulls first")
		} else {
			pr.WriteString(" nulls last")
		}
	}
}

func (pr *printer) mvItems(items []*MvExpandItem) {
	pr.list(len(items), func(i int) {
		pr.node(items[i].Col)
		if t := items[i].ToType; t != table.Unknown {
			pr.WriteString(" to typeof(" + t.String() + ")")
		}
	})
}

func (pr *printer) params(ps []*Param) {
	pr.list(len(ps), func(i int) {
		p := ps[i]
		pr.ident(p.Name)
		pr.WriteString(":")
		switch {
		case p.Tabular && p.Star:
			pr.WriteString("(*)")
		case p.Tabular:
			pr.WriteString("(")
			pr.columns(p.Columns)
			pr.WriteString(")")
		default:
			pr.WriteString(p.Type.String())
		}
		if p.Default != nil {
			pr.WriteString(" = ")
			pr.node(p.Default)
		}
	})
}

func (pr *printer) node(n Node) {
	switch x := n.(type) {
	case nil:
	// statements
	case *LetStmt:
		pr.WriteString("let ")
		pr.ident(x.Name)
		pr.WriteString(" = ")
		if f := x.Func; f != nil {
			if f.View {
				pr.WriteString("view ")
			}
			pr.WriteString("(")
			pr.params(f.Params)
			pr.WriteString(") { ")
			for i, s := range f.Body {
				if i > 0 {
					pr.WriteString("; ")
				}
				pr.node(s)
			}
			pr.WriteString(" }")
		} else {
			pr.node(x.Value)
		}
	case *ExprStmt:
		pr.node(x.X)
	case *SetStmt:
		pr.WriteString("set " + x.Name)
		if x.Value != nil {
			pr.WriteString(" = ")
			pr.node(x.Value)
		}
	case *DeclareStmt:
		pr.WriteString("declare query_parameters(")
		pr.params(x.Params)
		pr.WriteString(")")

	// expressions
	case *Ident:
		pr.ident(x)
	case *Literal:
		pr.literal(x)
	case *Binary:
		pr.node(x.X)
		pr.WriteString(" " + x.Op + " ")
		pr.node(x.Y)
	case *Unary:
		pr.WriteString(x.Op)
		pr.node(x.X)
	case *InExpr:
		pr.node(x.X)
		pr.WriteString(" " + x.Op + " (")
		pr.exprs(x.List)
		pr.WriteString(")")
	case *Between:
		pr.node(x.X)
		if x.Not {
			pr.WriteString(" !between (")
		} else {
			pr.WriteString(" between (")
		}
		pr.node(x.Lo)
		pr.WriteString(" .. ")
		pr.node(x.Hi)
		pr.WriteString(")")
	case *Call:
		pr.ident(x.Fun)
		if gooKeywords[x.Fun.Name] {
			pr.WriteString(" ") // long(...) without a space is a literal
		}
		pr.WriteString("(")
		pr.exprs(x.Args)
		pr.WriteString(")")
	case *NamedArg:
		pr.ident(x.Name)
		pr.WriteString("=")
		pr.node(x.Value)
	case *Star:
		pr.WriteString("*")
	case *Paren:
		pr.WriteString("(")
		pr.node(x.X)
		pr.WriteString(")")
	case *Member:
		pr.node(x.X)
		if lit, ok := x.X.(*Literal); ok && (lit.Kind == LitLong || lit.Kind == LitReal) {
			pr.WriteString(" ") // 1.x would lex as a number
		}
		pr.WriteString(".")
		pr.ident(x.Name)
	case *Index:
		pr.node(x.X)
		pr.WriteString("[")
		pr.node(x.Index)
		pr.WriteString("]")
	case *Pipeline:
		if x.Source != nil {
			pr.node(x.Source)
			pr.WriteString(" | ")
		}
		for i, op := range x.Ops {
			if i > 0 {
				pr.WriteString(" | ")
			}
			pr.node(op)
		}
	case *Datatable:
		pr.WriteString("datatable(")
		pr.columns(x.Columns)
		pr.WriteString(")[")
		pr.exprs(x.Values)
		pr.WriteString("]")
	case *PrintExpr:
		pr.WriteString("print ")
		pr.named(x.Items)
	case *RangeExpr:
		pr.WriteString("range ")
		pr.ident(x.Name)
		pr.WriteString(" from ")
		pr.node(x.From)
		pr.WriteString(" to ")
		pr.node(x.To)
		pr.WriteString(" step ")
		pr.node(x.Step)
	case *UnionExpr:
		pr.node(x.Op)
	case *ExternalDataExpr:
		pr.WriteString("externaldata(")
		pr.columns(x.Columns)
		pr.WriteString(")[")
		pr.exprs(x.URIs)
		pr.WriteString("]")
		if len(x.Options) > 0 {
			pr.WriteString(" with (")
			pr.list(len(x.Options), func(i int) {
				pr.WriteString(x.Options[i].Name + "=")
				pr.node(x.Options[i].Value)
			})
			pr.WriteString(")")
		}
	case *NamedExpr:
		switch {
		case x.Name != nil:
			pr.ident(x.Name)
			pr.WriteString(" = ")
		case len(x.Names) > 0:
			pr.WriteString("(")
			pr.list(len(x.Names), func(i int) { pr.ident(x.Names[i]) })
			pr.WriteString(") = ")
		}
		pr.node(x.X)

	// operators
	case *WhereOp:
		pr.WriteString("where ")
		pr.node(x.Pred)
	case *ExtendOp:
		pr.WriteString("extend ")
		pr.named(x.Items)
	case *ProjectOp:
		pr.WriteString("project ")
		pr.named(x.Items)
	case *ProjectAwayOp:
		if x.Keep {
			pr.WriteString("project-keep ")
		} else {
			pr.WriteString("project-away ")
		}
		pr.list(len(x.Columns), func(i int) { pr.ident(x.Columns[i]) })
	case *ProjectRenameOp:
		pr.WriteString("project-rename ")
		pr.named(x.Items)
	case *ProjectReorderOp:
		pr.WriteString("project-reorder ")
		pr.list(len(x.Columns), func(i int) {
			pr.ident(x.Columns[i].Name)
			if x.Columns[i].Order != "" {
				pr.WriteString(" " + x.Columns[i].Order)
			}
		})
	case *SummarizeOp:
		pr.WriteString("summarize")
		pr.options(x.Options)
		if len(x.Aggs) > 0 {
			pr.WriteString(" ")
			pr.named(x.Aggs)
		}
		if len(x.By) > 0 {
			pr.WriteString(" by ")
			pr.named(x.By)
		}
	case *CountOp:
		pr.WriteString("count")
	case *TakeOp:
		pr.WriteString("take ")
		pr.node(x.N)
	case *TopOp:
		pr.WriteString("top ")
		pr.node(x.N)
		pr.WriteString(" by ")
		pr.sortKey(x.By)
	case *SortOp:
		pr.WriteString("sort by ")
		pr.list(len(x.Keys), func(i int) { pr.sortKey(x.Keys[i]) })
	case *DistinctOp:
		pr.WriteString("distinct ")
		pr.exprs(x.Items)
	case *JoinOp:
		pr.WriteString("join")
		pr.options(x.Options)
		pr.WriteString(" ")
		pr.node(x.Right)
		pr.WriteString(" on ")
		pr.exprs(x.On)
	case *LookupOp:
		pr.WriteString("lookup")
		pr.options(x.Options)
		pr.WriteString(" ")
		pr.node(x.Right)
		pr.WriteString(" on ")
		pr.exprs(x.On)
	case *UnionOp:
		pr.WriteString("union")
		pr.options(x.Options)
		pr.WriteString(" ")
		pr.exprs(x.Tables)
	case *MvExpandOp:
		if x.Legacy {
			pr.WriteString("mvexpand")
		} else {
			pr.WriteString("mv-expand")
		}
		pr.options(x.Options)
		pr.WriteString(" ")
		pr.mvItems(x.Items)
		if x.Limit != nil {
			pr.WriteString(" limit ")
			pr.node(x.Limit)
		}
	case *MvApplyOp:
		pr.WriteString("mv-apply")
		pr.options(x.Options)
		pr.WriteString(" ")
		pr.mvItems(x.Items)
		if x.Limit != nil {
			pr.WriteString(" limit ")
			pr.node(x.Limit)
		}
		pr.WriteString(" on (")
		pr.node(x.Sub)
		pr.WriteString(")")
	case *ParseOp:
		if x.Where {
			pr.WriteString("parse-where")
		} else {
			pr.WriteString("parse")
		}
		pr.options(x.Options)
		pr.WriteString(" ")
		pr.node(x.Source)
		pr.WriteString(" with")
		for _, part := range x.Pattern {
			pr.WriteString(" ")
			switch {
			case part.Star:
				pr.WriteString("*")
			case part.Const != nil:
				pr.literal(part.Const)
			case part.Column != nil:
				pr.ident(part.Column.Name)
				pr.WriteString(":" + part.Column.Type.String())
			}
		}
	case *AsOp:
		pr.WriteString("as ")
		pr.ident(x.Name)
	case *RenderOp:
		pr.WriteString("render " + x.Chart)
	case *EvaluateOp:
		pr.WriteString("evaluate")
		pr.options(x.Options)
		pr.WriteString(" ")
		pr.node(x.Plugin)
		if len(x.Schema) > 0 || x.SchemaStar {
			pr.WriteString(" : (")
			if x.SchemaStar {
				pr.WriteString("*")
				if len(x.Schema) > 0 {
					pr.WriteString(", ")
				}
			}
			pr.columns(x.Schema)
			pr.WriteString(")")
		}
	case *InvokeOp:
		pr.WriteString("invoke ")
		pr.node(x.Call)
	case *SerializeOp:
		pr.WriteString("serialize")
		if len(x.Items) > 0 {
			pr.WriteString(" ")
			pr.named(x.Items)
		}
	case *GetSchemaOp:
		pr.WriteString("getschema")
	case *MakeSeriesOp:
		pr.WriteString("make-series")
		pr.options(x.Options)
		pr.WriteString(" ")
		pr.list(len(x.Aggs), func(i int) {
			pr.node(x.Aggs[i])
			if i < len(x.Defaults) && x.Defaults[i] != nil {
				pr.WriteString(" default = ")
				pr.node(x.Defaults[i])
			}
		})
		pr.WriteString(" on ")
		pr.node(x.On)
		if x.From != nil {
			pr.WriteString(" from ")
			pr.node(x.From)
		}
		if x.To != nil {
			pr.WriteString(" to ")
			pr.node(x.To)
		}
		pr.WriteString(" step ")
		pr.node(x.Step)
		if len(x.By) > 0 {
			pr.WriteString(" by ")
			pr.named(x.By)
		}
	default:
		pr.WriteString("<?>")
	}
}
