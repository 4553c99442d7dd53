package syntax

import "reconwatch/internal/table"

// Operators with clauses: join, lookup, mv-expand, mv-apply, parse,
// make-series.

// parseJoin parses join [kind=K] [hint.x=y] Right on cond, ...
func (p *parser) parseJoin() *JoinOp {
	op := &JoinOp{Keyword: p.pos()}
	p.next()
	op.Options = p.parseOptions("kind")
	op.Right = p.parseJoinRight("join")
	if p.isWord("where") {
		p.fail(CodeUnsupported, "join ... where is not supported; use join ... on")
	}
	op.OnPos = Pos(p.expectWord("on").pos)
	op.On = p.parseJoinConditions()
	return op
}

func (p *parser) parseLookup() *LookupOp {
	op := &LookupOp{Keyword: p.pos()}
	p.next()
	op.Options = p.parseOptions("kind")
	op.Right = p.parseJoinRight("lookup")
	p.expectWord("on")
	op.On = p.parseJoinConditions()
	return op
}

// parseJoinRight parses the right side of a join or lookup: a
// parenthesized pipeline, a name or a call.
func (p *parser) parseJoinRight(op string) Expr {
	if p.atListEnd() || p.isWord("on") {
		p.errorExpected("the right table of '" + op + "': a name or a parenthesized query")
	}
	return p.parseExpr()
}

// parseJoinConditions parses the comma list after on. Conditions joined
// with 'and' ($left.a == $right.b and $left.c == $right.d) are flattened
// into separate entries.
func (p *parser) parseJoinConditions() []Expr {
	p.needArgs("a join key after 'on'")
	var on []Expr
	var flatten func(x Expr)
	flatten = func(x Expr) {
		if b, ok := x.(*Binary); ok && b.Op == "and" {
			flatten(b.X)
			flatten(b.Y)
			return
		}
		on = append(on, x)
	}
	for {
		flatten(p.parseExpr())
		if !p.got(tComma) {
			return on
		}
	}
}

// parseMvExpandItems parses col [to typeof(T)], ... for mv-expand and mv-apply.
func (p *parser) parseMvExpandItems() []*MvExpandItem {
	var items []*MvExpandItem
	for {
		it := &MvExpandItem{Col: p.parseNamedExpr()}
		if p.isWord("to") {
			p.next()
			if !p.isWord("typeof") || p.peek(1).kind != tLparen {
				p.errorExpected("typeof(type) after 'to'")
			}
			it.ToType = p.parseTypeOf().Type
		}
		items = append(items, it)
		if !p.got(tComma) {
			return items
		}
	}
}

func (p *parser) parseMvExpand(legacy bool) *MvExpandOp {
	op := &MvExpandOp{Keyword: p.pos(), Legacy: legacy}
	p.next()
	op.Options = p.parseOptions("kind", "with_itemindex", "bagexpansion")
	p.needArgs("a column to expand")
	op.Items = p.parseMvExpandItems()
	if p.isWord("limit") {
		p.next()
		op.Limit = p.parseExpr()
	}
	return op
}

// parseMvApply parses mv-apply items [limit N] on (operators). The
// subquery starts with an operator; its input is the expanded rows.
func (p *parser) parseMvApply() *MvApplyOp {
	op := &MvApplyOp{Keyword: p.pos()}
	p.next()
	op.Options = p.parseOptions("kind", "with_itemindex", "bagexpansion")
	p.needArgs("a column to apply to")
	op.Items = p.parseMvExpandItems()
	if p.isWord("limit") {
		p.next()
		op.Limit = p.parseExpr()
	}
	if p.isWord("id") {
		p.fail(CodeUnsupported, "mv-apply ... id is not supported")
	}
	p.expectWord("on")
	lp := Pos(p.expect(tLparen, "'(' and a subquery after 'on'").pos)
	p.enter()
	sub := &Pipeline{Ops: []Operator{p.parseOperator()}}
	for p.got(tPipe) {
		sub.Ops = append(sub.Ops, p.parseOperator())
	}
	p.leave()
	p.expectClose(tRparen, lp, "'|' or ')' to end the mv-apply subquery")
	op.Sub = sub
	return op
}

// parseParse parses parse [kind=...] [flags=...] Source with pattern.
func (p *parser) parseParse(where bool) *ParseOp {
	op := &ParseOp{Keyword: p.pos(), Where: where}
	p.next()
	op.Options = p.parseOptions("kind", "flags")
	p.needArgs("an expression to parse")
	op.Source = p.parseExpr()
	p.expectWord("with")
	for !p.atListEnd() {
		part := &ParsePart{PartPos: p.pos()}
		switch p.tok.kind {
		case tStar:
			part.Star = true
			p.next()
		case tString:
			part.Const = p.parseStringLit()
		case tIdent, tLbrack:
			col := &ColumnDecl{Name: p.parseName("a column name"), Type: table.String}
			if p.got(tColon) {
				col.Type = p.parseTypeName()
			}
			part.Column = col
		default:
			p.errorExpected("'*', a string or a column name in the parse pattern")
		}
		op.Pattern = append(op.Pattern, part)
	}
	if op.Pattern == nil {
		p.errorExpected("a parse pattern after 'with'")
	}
	return op
}

// parseMakeSeries parses
//
//	make-series [options] agg [default=v], ... on Axis
//	    (from A to B step S | in range(A, B, S)) [by keys]
func (p *parser) parseMakeSeries() *MakeSeriesOp {
	op := &MakeSeriesOp{Keyword: p.pos()}
	p.next()
	op.Options = p.parseOptions("kind")
	hasDefault := false
	var defaults []Expr
	for {
		p.needArgs("an aggregation after 'make-series'")
		agg := p.parseNamedExpr()
		var def Expr
		if p.isWord("default") && p.peek(1).kind == tAssign {
			p.next()
			p.next()
			def = p.parseExpr()
			hasDefault = true
		}
		op.Aggs = append(op.Aggs, agg)
		defaults = append(defaults, def)
		if !p.got(tComma) {
			break
		}
	}
	if hasDefault {
		op.Defaults = defaults
	}
	p.expectWord("on")
	op.On = p.parseExpr()
	if p.isWord("in") {
		p.next()
		p.expectWord("range")
		p.expect(tLparen, "'('")
		op.From = p.parseExpr()
		p.expect(tComma, "','")
		op.To = p.parseExpr()
		p.expect(tComma, "','")
		op.Step = p.parseExpr()
		p.expect(tRparen, "')'")
	} else {
		if p.isWord("from") {
			p.next()
			op.From = p.parseExpr()
		}
		if p.isWord("to") {
			p.next()
			op.To = p.parseExpr()
		}
		p.expectWord("step")
		op.Step = p.parseExpr()
	}
	if p.isWord("by") {
		p.next()
		op.By = p.parseNamedExprList()
	}
	return op
}
