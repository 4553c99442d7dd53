package syntax

// parseSource parses what starts a pipeline: a source operator (print,
// range, union) or an expression (a table name, a function call,
// datatable(...), a parenthesized pipeline, a scalar).
func (p *parser) parseSource() Expr {
	if p.tok.kind == tIdent {
		switch w := p.lit(); w {
		case "print":
			return p.parsePrint()
		case "range":
			if p.peek(1).kind != tLparen {
				return p.parseRange()
			}
		case "union":
			return &UnionExpr{Op: p.parseUnion()}
		case "find", "search", "evaluate":
			if k := p.peek(1).kind; k != tPipe && k != tSemi && k != tEOF && k != tRparen && k != tLparen && k != tDot {
				p.fail(CodeUnsupported, "the '%s' operator is not supported", w)
			}
		default:
			if opKeywords[w] && !sourceSafe(p.peek(1).kind) {
				p.fail(CodeSyntax, "expected a table or tabular expression before '%s'; query operators follow '|'", w)
			}
		}
	}
	return p.parseExpr()
}

// sourceSafe reports whether a token may follow a name used as a table,
// so that a table named like an operator (a column-less "count") is not
// flagged.
func sourceSafe(k tokKind) bool {
	switch k {
	case tPipe, tSemi, tEOF, tRparen, tRbrace, tComma, tLparen, tDot, tLbrack:
		return true
	}
	return false
}

// parsePrint parses print [name =] expr, ...
func (p *parser) parsePrint() *PrintExpr {
	pr := &PrintExpr{Keyword: p.pos()}
	p.next()
	if p.atListEnd() {
		p.errorExpected("an expression to print")
	}
	pr.Items = p.parseNamedExprList()
	pr.EndPos = pr.Items[len(pr.Items)-1].End()
	return pr
}

// parseRange parses range Name from From to To step Step.
func (p *parser) parseRange() *RangeExpr {
	r := &RangeExpr{Keyword: p.pos()}
	p.next()
	r.Name = p.parseName("a column name after 'range'")
	p.expectWord("from")
	r.From = p.parseExpr()
	p.expectWord("to")
	r.To = p.parseExpr()
	p.expectWord("step")
	r.Step = p.parseExpr()
	return r
}

// parseUnion parses union [options] leg, ... (as a source or after '|').
func (p *parser) parseUnion() *UnionOp {
	u := &UnionOp{Keyword: p.pos()}
	p.next()
	u.Options = p.parseOptions("kind", "withsource", "isfuzzy")
	for {
		u.Tables = append(u.Tables, p.parseUnionLeg())
		if !p.got(tComma) {
			return u
		}
	}
}

// parseUnionLeg parses one table of a union: a name (possibly with
// wildcards: Device*), a function call, or a parenthesized pipeline.
func (p *parser) parseUnionLeg() Expr {
	switch p.tok.kind {
	case tLparen:
		return p.parsePrimary()
	case tStar:
		return p.parseWildcardName("a table")
	case tIdent:
		if k := p.peek(1); k.kind == tStar && k.pos == p.tok.end {
			return p.parseWildcardName("a table")
		}
	}
	if p.atListEnd() {
		p.errorExpected("a table name or a parenthesized query")
	}
	return p.parsePostfix()
}

// parseOptions parses name=value options before an operator's arguments:
// the given names and any hint.* name.
func (p *parser) parseOptions(names ...string) []*Option {
	var opts []*Option
	for p.tok.kind == tIdent {
		n := 0
		w := p.lit()
		switch {
		case w == "hint" && p.peek(1).kind == tDot && p.peek(2).kind == tIdent:
			n = 3
			for p.peek(n).kind == tDot && p.peek(n+1).kind == tIdent {
				n += 2
			}
		default:
			for _, name := range names {
				if w == name {
					n = 1
					break
				}
			}
		}
		if n == 0 || p.peek(n).kind != tAssign {
			break
		}
		o := &Option{NamePos: p.pos(), Name: p.src[p.tok.pos:p.peek(n-1).end]}
		for range n + 1 { // the name and '='
			p.next()
		}
		o.Value = p.parseOptionValue()
		opts = append(opts, o)
	}
	return opts
}

// parseOptionValue parses the value of an option: a name (kind=inner), a
// literal (isfuzzy=true) or an escaped name.
func (p *parser) parseOptionValue() Expr {
	switch p.tok.kind {
	case tIdent:
		switch p.lit() {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return p.parseBool()
		}
		id := &Ident{NamePos: p.pos(), Name: p.lit(), Raw: p.lit()}
		p.next()
		return id
	case tLbrack:
		return p.parseName("an option value")
	case tString, tLong, tReal, tTimespan, tGoo, tMinus, tPlus:
		return p.parseLiteralValue("an option value")
	}
	p.errorExpected("an option value")
	return nil
}
