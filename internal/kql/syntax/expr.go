package syntax

// Scalar expressions, by precedence (semantics.md §2), loosest first:
//
//	or
//	and
//	== != <> in !in in~ !in~ has_any has_all between !between   (at most one)
//	< <= > >=                                                   (at most one)
//	+ -
//	* / %
//	has contains startswith =~ !~ matches regex ...             (at most one)
//	unary + -
//	primary: literal, name, call, x.y, x[i], (expr)

// stringOps maps every spelling of a string operator to its canonical form.
var stringOps = map[string]string{
	"has": "has", "has_cs": "has_cs",
	"hasprefix": "hasprefix", "hasprefix_cs": "hasprefix_cs",
	"hassuffix": "hassuffix", "hassuffix_cs": "hassuffix_cs",
	"contains": "contains", "contains_cs": "contains_cs", "containscs": "contains_cs",
	"notcontains": "!contains", "notcontainscs": "!contains_cs",
	"startswith": "startswith", "startswith_cs": "startswith_cs",
	"endswith": "endswith", "endswith_cs": "endswith_cs",
	"like": "like", "likecs": "likecs", "notlike": "notlike", "notlikecs": "notlikecs",

	"!has": "!has", "!has_cs": "!has_cs",
	"!hasprefix": "!hasprefix", "!hasprefix_cs": "!hasprefix_cs",
	"!hassuffix": "!hassuffix", "!hassuffix_cs": "!hassuffix_cs",
	"!contains": "!contains", "!contains_cs": "!contains_cs", "!containscs": "!contains_cs",
	"!startswith": "!startswith", "!startswith_cs": "!startswith_cs",
	"!endswith": "!endswith", "!endswith_cs": "!endswith_cs",
}

// stringOp returns the string operator at the current token and how many
// tokens it spans, or "" if there is none.
func (p *parser) stringOp() (string, int) {
	switch p.tok.kind {
	case tEqTilde:
		return "=~", 1
	case tBangTilde:
		return "!~", 1
	case tIdent, tBangWord:
		w := p.lit()
		if op, ok := stringOps[w]; ok {
			return op, 1
		}
		if w == "matches" {
			if p.isWordAt(1, "regex") {
				return "matches regex", 2
			}
			p.next()
			p.errorExpected("'regex' after 'matches'")
		}
	}
	return "", 0
}

// equalityOp returns the equality-level operator at the current token:
// ==, != (also for <>), the in family, has_any, has_all, between.
func (p *parser) equalityOp() string {
	switch p.tok.kind {
	case tEq:
		return "=="
	case tNeq, tLtGt:
		return "!="
	case tIdent:
		switch w := p.lit(); w {
		case "in":
			if p.isWordAt(1, "range") { // make-series ... on x in range(...)
				return ""
			}
			return w
		case "in~", "has_any", "has_all", "between":
			return w
		}
	case tBangWord:
		switch w := p.lit(); w {
		case "!in", "!in~", "!between":
			return w
		}
	}
	return ""
}

func (p *parser) relationalOp() string {
	switch p.tok.kind {
	case tLt, tLe, tGt, tGe:
		return p.tok.kind.String()
	}
	return ""
}

// parseExpr parses a scalar expression (no pipes). It does not count
// toward the nesting depth itself: every way back into it from inside an
// expression goes through parsePipeExpr, parseCall or parseSubExpr, which do.
func (p *parser) parseExpr() Expr {
	return p.parseOr()
}

// parseSubExpr parses an expression nested in another one (a between
// bound, an index).
func (p *parser) parseSubExpr() Expr {
	p.enter()
	defer p.leave()
	return p.parseOr()
}

func (p *parser) parseOr() Expr {
	x := p.parseAnd()
	for p.isWord("or") {
		pos := p.pos()
		p.next()
		x = &Binary{X: x, OpPos: pos, Op: "or", Y: p.parseAnd()}
	}
	return x
}

func (p *parser) parseAnd() Expr {
	x := p.parseEquality()
	for p.isWord("and") {
		pos := p.pos()
		p.next()
		x = &Binary{X: x, OpPos: pos, Op: "and", Y: p.parseEquality()}
	}
	return x
}

func (p *parser) parseEquality() Expr {
	var x Expr
	if p.tok.kind == tStar && p.peek(1).kind == tEq { // where * == "x"
		x = &Star{StarPos: p.pos()}
		p.next()
	} else {
		x = p.parseRelational()
	}
	op := p.equalityOp()
	if op == "" {
		p.checkUnknownOp()
		return x
	}
	opTok := p.tok
	pos := p.pos()
	p.next()
	switch op {
	case "in", "!in", "in~", "!in~", "has_any", "has_all":
		in := &InExpr{X: x, OpPos: pos, Op: op}
		in.Lparen = Pos(p.expect(tLparen, "'(' and a list after '"+op+"'").pos)
		for {
			in.List = append(in.List, p.parsePipeExpr(ctxNested))
			if !p.got(tComma) {
				break
			}
		}
		in.Rparen = Pos(p.expectClose(tRparen, in.Lparen, "',' or ')'").pos)
		x = in
	case "between", "!between":
		b := &Between{X: x, OpPos: pos, Not: op == "!between"}
		lp := Pos(p.expect(tLparen, "'(' after '"+op+"'").pos)
		b.Lo = p.parseSubExpr()
		p.expect(tDotDot, "'..' between the bounds")
		b.Hi = p.parseSubExpr()
		b.Rparen = Pos(p.expectClose(tRparen, lp, "')'").pos)
		x = b
	default:
		x = &Binary{X: x, OpPos: pos, Op: op, Y: p.parseRelational()}
	}
	if next := p.equalityOp(); next != "" {
		p.fail(CodeSyntax, "unexpected '%s': '%s' cannot follow '%s' without parentheses", p.lit(), p.lit(), p.text(opTok))
	}
	p.checkUnknownOp()
	return x
}

// checkUnknownOp rejects a !word that is not an operator where one could
// follow an operand (!has_any, !foo).
func (p *parser) checkUnknownOp() {
	if p.tok.kind == tBangWord {
		if _, isOp := stringOps[p.lit()]; !isOp && p.equalityOp() == "" {
			p.fail(CodeSyntax, "unknown operator %s", p.found(p.tok))
		}
	}
}

func (p *parser) parseRelational() Expr {
	x := p.parseAdditive()
	op := p.relationalOp()
	if op == "" {
		return x
	}
	pos := p.pos()
	p.next()
	x = &Binary{X: x, OpPos: pos, Op: op, Y: p.parseAdditive()}
	if next := p.relationalOp(); next != "" {
		p.fail(CodeSyntax, "unexpected '%s': comparisons cannot be chained; combine them with 'and'", next)
	}
	return x
}

func (p *parser) parseAdditive() Expr {
	x := p.parseMultiplicative()
	for p.tok.kind == tPlus || p.tok.kind == tMinus {
		pos, op := p.pos(), p.lit()
		p.next()
		x = &Binary{X: x, OpPos: pos, Op: op, Y: p.parseMultiplicative()}
	}
	return x
}

func (p *parser) parseMultiplicative() Expr {
	x := p.parseStringOperation()
	for p.tok.kind == tStar || p.tok.kind == tSlash || p.tok.kind == tPercent {
		pos, op := p.pos(), p.lit()
		p.next()
		x = &Binary{X: x, OpPos: pos, Op: op, Y: p.parseStringOperation()}
	}
	return x
}

// parseStringOperation parses X [strop Y], where X may be * (search all
// columns: where * has "x").
func (p *parser) parseStringOperation() Expr {
	var x Expr
	if p.tok.kind == tStar {
		save := p.i
		p.next()
		if op, _ := p.stringOp(); op != "" {
			x = &Star{StarPos: Pos(p.toks[save].pos)}
		} else {
			p.i = save
			p.tok = p.toks[save]
		}
	}
	if x == nil {
		x = p.parseUnary()
	}
	op, n := p.stringOp()
	if op == "" {
		return x
	}
	first := p.tok
	pos := p.pos()
	for range n {
		p.next()
	}
	x = &Binary{X: x, OpPos: pos, Op: op, Y: p.parseUnary()}
	if next, _ := p.stringOp(); next != "" {
		p.fail(CodeSyntax, "unexpected '%s': '%s' cannot follow '%s' without parentheses", p.lit(), p.lit(), p.text(first))
	}
	return x
}

// parseUnary parses [+|-] primary. As in Kusto, the operand of a sign is
// a primary expression: write -(-x), not --x.
func (p *parser) parseUnary() Expr {
	if p.tok.kind == tMinus || p.tok.kind == tPlus {
		pos, op := p.pos(), p.lit()
		p.next()
		return &Unary{OpPos: pos, Op: op, X: p.parsePostfix()}
	}
	return p.parsePostfix()
}

// parsePostfix parses a primary followed by .name, .['name'] and [index].
func (p *parser) parsePostfix() Expr {
	x := p.parsePrimary()
	for {
		switch p.tok.kind {
		case tDot:
			dot := p.pos()
			p.next()
			if p.tok.kind == tIdent && p.peek(1).kind == tLparen {
				p.fail(CodeUnsupported, "method-call syntax .%s(...) is not supported", p.lit())
			}
			name := p.parseName("a property name after '.'")
			x = &Member{X: x, Dot: dot, Name: name}
		case tLbrack:
			lb := p.pos()
			p.next()
			idx := p.parseSubExpr()
			rb := p.expectClose(tRbrack, lb, "']'")
			x = &Index{X: x, Lbrack: lb, Index: idx, Rbrack: Pos(rb.pos)}
		default:
			return x
		}
	}
}

// parsePrimary parses a literal, a name, a call, an escaped name or a
// parenthesized expression (which may be a pipeline).
func (p *parser) parsePrimary() Expr {
	switch p.tok.kind {
	case tString:
		return p.parseStringLit()
	case tLong, tReal, tTimespan:
		return p.parseNumber()
	case tGoo:
		return p.parseGoo()
	case tLparen:
		lp := p.pos()
		p.next()
		x := p.parsePipeExpr(ctxNested)
		rp := p.expectClose(tRparen, lp, "')'")
		return &Paren{Lparen: lp, X: x, Rparen: Pos(rp.pos)}
	case tLbrack:
		if p.scanName(0) > 0 {
			return p.parseBracketName()
		}
	case tIdent:
		w := p.lit()
		switch w {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return p.parseBool()
		case "dynamic":
			if p.peek(1).kind == tLparen {
				return p.parseDynamic()
			}
		case "typeof":
			if p.peek(1).kind == tLparen {
				return p.parseTypeOf()
			}
		case "datatable":
			if p.peek(1).kind == tLparen {
				return p.parseDatatable()
			}
		case "externaldata", "external_data":
			if p.peek(1).kind == tLparen {
				return p.parseExternalData()
			}
		}
		id := &Ident{NamePos: p.pos(), Name: w, Raw: w}
		p.next()
		if p.tok.kind == tLparen {
			return p.parseCall(id)
		}
		return id
	}
	p.errorExpected("an expression")
	return nil
}

// parseCall parses the argument list of fun(...). Arguments may be *,
// name = value (user functions, plugins) or pipelines (toscalar(T | count)).
func (p *parser) parseCall(fun *Ident) *Call {
	p.enter()
	defer p.leave()
	c := &Call{Fun: fun, Lparen: p.pos()}
	p.next()
	// As in Kusto, only toscalar and materialize take a bare pipeline;
	// other tabular arguments are parenthesized: f((T | take 1)).
	arg := p.parseExpr
	if fun.Name == "toscalar" || fun.Name == "materialize" {
		arg = func() Expr { return p.parsePipeExpr(ctxNested) }
	}
	if p.tok.kind != tRparen {
		for {
			switch {
			case p.tok.kind == tStar && (p.peek(1).kind == tComma || p.peek(1).kind == tRparen):
				c.Args = append(c.Args, &Star{StarPos: p.pos()})
				p.next()
			case p.tok.kind == tIdent && p.peek(1).kind == tAssign:
				name := &Ident{NamePos: p.pos(), Name: p.lit(), Raw: p.lit()}
				p.next()
				p.next()
				c.Args = append(c.Args, &NamedArg{Name: name, Value: arg()})
			default:
				c.Args = append(c.Args, arg())
			}
			if !p.got(tComma) {
				break
			}
		}
	}
	if p.tok.kind == tPipe && !p.looksUnclosed(c.Lparen) {
		p.fail(CodeSyntax, "expected ',' or ')' in the argument list, found '|' (only toscalar() and materialize() take a bare query; write f((T | ...)))")
	}
	c.Rparen = Pos(p.expectClose(tRparen, c.Lparen, "',' or ')' in the argument list").pos)
	return c
}

// parseNamedExpr parses [name =] expr or (n1, n2) = expr.
func (p *parser) parseNamedExpr() *NamedExpr {
	if n := p.scanName(0); n > 0 && p.peek(n).kind == tAssign {
		name := p.parseName("a name")
		p.next() // =
		return &NamedExpr{Name: name, X: p.parseExpr()}
	}
	if p.tok.kind == tLparen {
		k := 1
		for {
			n := p.scanName(k)
			if n == 0 {
				break
			}
			k += n
			if p.peek(k).kind == tComma {
				k++
				continue
			}
			if p.peek(k).kind == tRparen && p.peek(k+1).kind == tAssign {
				p.next() // (
				ne := &NamedExpr{}
				for {
					ne.Names = append(ne.Names, p.parseName("a name"))
					if !p.got(tComma) {
						break
					}
				}
				p.next() // )
				p.next() // =
				ne.X = p.parseExpr()
				return ne
			}
			break
		}
	}
	return &NamedExpr{X: p.parseExpr()}
}

// parseNamedExprList parses one or more comma-separated named expressions.
func (p *parser) parseNamedExprList() []*NamedExpr {
	var list []*NamedExpr
	for {
		list = append(list, p.parseNamedExpr())
		if !p.got(tComma) {
			return list
		}
	}
}
