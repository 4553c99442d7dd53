package syntax

import "reconwatch/internal/table"

// pipeCtx says where a pipeline is parsed, which decides how errors are
// recovered from.
type pipeCtx uint8

const (
	// ctxNested: inside brackets or a function body. An error abandons
	// the enclosing top-level statement.
	ctxNested pipeCtx = iota
	// ctxStmt: a tabular expression statement. An error abandons one
	// operator; parsing resumes at the next '|' so that later operators
	// are still checked.
	ctxStmt
	// ctxLet: the value of a top-level let statement; recovers like ctxStmt.
	ctxLet
)

// parseQuery parses statements until the end of the text.
func (p *parser) parseQuery() []Stmt {
	var stmts []Stmt
	for p.tok.kind != tEOF {
		if p.got(tSemi) {
			continue
		}
		start := p.i
		var s Stmt
		if !p.try(func() { s = p.parseStatement() }) {
			p.sync(start, false)
			continue
		}
		if s == nil {
			continue
		}
		// A tree has at most a few nodes per token, so only long
		// statements can be too deep.
		if p.i-start > maxTreeDepth/4 && treeDepth(s) > maxTreeDepth {
			t := p.toks[start]
			p.addErr(Pos(t.pos), Pos(t.end), CodeTooDeep, "statement is too deeply nested or too long a chain of operators (tree deeper than %d)", maxTreeDepth)
			continue
		}
		stmts = append(stmts, s)
	}
	return stmts
}

// parseStatement parses one statement. It returns nil for a statement
// whose errors were recovered from (and reported).
func (p *parser) parseStatement() Stmt {
	switch {
	case p.isWord("let"):
		if s := p.parseLet(true); s != nil {
			return s
		}
		return nil
	case p.isWord("set") && p.peek(1).kind == tIdent:
		return p.parseSet()
	case p.isWord("declare") && p.isWordAt(1, "query_parameters"):
		return p.parseDeclare()
	case p.isWord("declare") && p.isWordAt(1, "pattern"),
		p.isWord("alias") && p.isWordAt(1, "database"),
		p.isWord("restrict") && p.isWordAt(1, "access"):
		p.fail(CodeUnsupported, "the '%s %s' statement is not supported", p.lit(), p.text(p.peek(1)))
	}
	x := p.parsePipeExpr(ctxStmt)
	if x == nil {
		return nil
	}
	return &ExprStmt{X: x}
}

// parsePipeExpr parses Source | Op | Op ... . Without pipes it returns
// the source expression itself. At top level (ctxStmt, ctxLet) it returns
// nil when an error was reported and recovered from.
func (p *parser) parsePipeExpr(ctx pipeCtx) Expr {
	p.enter()
	defer p.leave()
	if ctx == ctxNested {
		src := p.parseSource()
		if p.tok.kind != tPipe {
			return src
		}
		pl := &Pipeline{Source: src}
		for p.got(tPipe) {
			pl.Ops = append(pl.Ops, p.parseOperator())
		}
		return pl
	}

	broken := false
	start := p.i
	var src Expr
	if !p.try(func() { src = p.parseSource(); p.checkTopEnd(ctx) }) {
		broken = true
		p.sync(start, true)
	}
	var ops []Operator
	for p.tok.kind == tPipe {
		p.next()
		opStart := p.i
		var op Operator
		if p.try(func() { op = p.parseOperator(); p.checkTopEnd(ctx) }) {
			ops = append(ops, op)
		} else {
			broken = true
			p.sync(opStart, true)
		}
	}
	switch {
	case broken:
		return nil
	case ops == nil:
		return src
	}
	return &Pipeline{Source: src, Ops: ops}
}

// checkTopEnd checks what follows a source or operator at top level.
func (p *parser) checkTopEnd(ctx pipeCtx) {
	switch p.tok.kind {
	case tPipe, tSemi, tEOF:
		return
	}
	if ctx == ctxLet {
		p.errorExpected("';' after let statement")
	}
	p.errorExpected("'|' or ';'")
}

// parseLet parses let Name = Expr or let Name = [view] (Params) { Body }.
// top is false inside function bodies, where the ';' is required.
func (p *parser) parseLet(top bool) *LetStmt {
	st := &LetStmt{Let: p.pos(), Semi: NoPos}
	p.next()
	st.Name = p.parseName("a name after 'let'")
	p.expect(tAssign, "'=' after the let name")
	if p.isFuncDeclStart() {
		st.Func = p.parseFuncDecl()
	} else {
		ctx := ctxNested
		if top {
			ctx = ctxLet
		}
		st.Value = p.parsePipeExpr(ctx)
		if st.Value == nil {
			p.got(tSemi)
			return nil
		}
	}
	switch {
	case p.tok.kind == tSemi:
		st.Semi = p.pos()
		p.next()
	case top && p.tok.kind == tEOF:
	default:
		p.errorExpected("';' after let statement")
	}
	return st
}

// isFuncDeclStart reports whether a let value is a function or view
// declaration: view (...), (), (*) or (name: ...).
func (p *parser) isFuncDeclStart() bool {
	if p.isWord("view") && p.peek(1).kind == tLparen {
		return true
	}
	if p.tok.kind != tLparen {
		return false
	}
	switch p.peek(1).kind {
	case tRparen, tStar:
		return true
	}
	n := p.scanName(1)
	return n > 0 && p.peek(1+n).kind == tColon
}

func (p *parser) parseFuncDecl() *FuncDecl {
	p.enter() // function bodies may declare functions
	defer p.leave()
	fd := &FuncDecl{}
	if p.isWord("view") {
		fd.View = true
		p.next()
	}
	fd.Lparen = Pos(p.expect(tLparen, "'('").pos)
	if p.tok.kind != tRparen {
		for {
			fd.Params = append(fd.Params, p.parseParam())
			if !p.got(tComma) {
				break
			}
		}
	}
	p.expect(tRparen, "',' or ')' in the parameter list")
	fd.Lbrace = Pos(p.expect(tLbrace, "'{' to start the function body").pos)
	for p.isWord("let") {
		fd.Body = append(fd.Body, p.parseLet(false))
	}
	if p.tok.kind == tRbrace {
		p.errorExpected("an expression as the function body")
	}
	x := p.parsePipeExpr(ctxNested)
	fd.Body = append(fd.Body, &ExprStmt{X: x})
	p.got(tSemi)
	fd.Rbrace = Pos(p.expect(tRbrace, "'}' to end the function body").pos)
	return fd
}

// parseParam parses name:type [= default], name:(col:type, ...) or name:(*).
func (p *parser) parseParam() *Param {
	pr := &Param{Name: p.parseName("a parameter name")}
	p.expect(tColon, "':' and a type after the parameter name")
	pr.TypePos = p.pos()
	if p.got(tLparen) {
		pr.Tabular = true
		if p.got(tStar) {
			pr.Star = true
		} else {
			pr.Columns = p.parseColumnDecls()
		}
		p.expect(tRparen, "')'")
	} else {
		pr.Type = p.parseTypeName()
	}
	if p.got(tAssign) {
		pr.Default = p.parseUnary()
	}
	return pr
}

// parseColumnDecls parses name:type, ... up to (not including) ')'.
func (p *parser) parseColumnDecls() []*ColumnDecl {
	var cols []*ColumnDecl
	for {
		cols = append(cols, p.parseColumnDecl())
		if !p.got(tComma) || p.tok.kind == tRparen { // a trailing comma is allowed
			return cols
		}
	}
}

func (p *parser) parseColumnDecl() *ColumnDecl {
	name := p.parseName("a column name")
	p.expect(tColon, "':' and a type after the column name")
	return &ColumnDecl{Name: name, Type: p.parseTypeName()}
}

// parseTypeName parses a scalar type name (long, string, date, ...).
func (p *parser) parseTypeName() table.Type {
	if p.tok.kind != tIdent {
		p.errorExpected("a type name")
	}
	t, ok := table.ParseType(p.lit())
	if !ok {
		p.fail(CodeSyntax, "unknown type %s; the scalar types are bool, int, long, real, decimal, datetime, timespan, string, guid and dynamic", p.found(p.tok))
	}
	p.next()
	return t
}

// parseSet parses set name [= value]; the ';' is required.
func (p *parser) parseSet() *SetStmt {
	st := &SetStmt{Set: p.pos()}
	p.next()
	st.Name = p.parseDottedName()
	if p.got(tAssign) {
		st.Value = p.parseExpr()
	}
	if p.tok.kind != tSemi {
		p.errorExpected("';' after set statement")
	}
	st.Semi = p.pos()
	p.next()
	return st
}

// parseDottedName parses a.b.c written without spaces.
func (p *parser) parseDottedName() string {
	if p.tok.kind != tIdent {
		p.errorExpected("a name")
	}
	start := p.tok.pos
	end := p.tok.end
	p.next()
	for p.tok.kind == tDot && p.tok.pos == end && p.peek(1).kind == tIdent && p.peek(1).pos == p.tok.end {
		p.next()
		end = p.tok.end
		p.next()
	}
	return p.src[start:end]
}

func (p *parser) parseDeclare() *DeclareStmt {
	st := &DeclareStmt{Declare: p.pos()}
	p.next() // declare
	p.next() // query_parameters
	p.expect(tLparen, "'('")
	for {
		st.Params = append(st.Params, p.parseParam())
		if !p.got(tComma) {
			break
		}
	}
	st.Rparen = Pos(p.expect(tRparen, "',' or ')'").pos)
	switch p.tok.kind {
	case tSemi, tEOF:
	default:
		p.errorExpected("';' after declare statement")
	}
	return st
}

// ---------------------------------------------------------------- names

// scanName returns how many tokens the name at offset k spans: 1 for an
// identifier, 3 or more for ['escaped'], 0 if there is no name.
func (p *parser) scanName(k int) int {
	switch p.peek(k).kind {
	case tIdent:
		return 1
	case tLbrack:
		n := 1
		for p.peek(k+n).kind == tString {
			n++
		}
		if n > 1 && p.peek(k+n).kind == tRbrack {
			return n + 1
		}
	}
	return 0
}

// parseName parses an identifier or an escaped name ['a b'] / ["a b"].
func (p *parser) parseName(what string) *Ident {
	switch p.tok.kind {
	case tIdent:
		id := &Ident{NamePos: p.pos(), Name: p.lit(), Raw: p.lit()}
		p.next()
		return id
	case tLbrack:
		if p.scanName(0) > 0 {
			return p.parseBracketName()
		}
	}
	p.errorExpected(what)
	return nil
}

// parseBracketName parses ['name'], with the current token at '['.
func (p *parser) parseBracketName() *Ident {
	lb := p.tok
	p.next()
	if p.tok.kind != tString {
		p.errorExpected("a quoted name after '['")
	}
	name := p.parseStringLit()
	rb := p.expect(tRbrack, "']'")
	return &Ident{NamePos: Pos(lb.pos), Name: name.Value.S, Raw: p.src[lb.pos:rb.end]}
}

// parseWildcardName parses a column name that may contain * wildcards
// (Device*, *_s, *): identifier and '*' tokens written without spaces.
func (p *parser) parseWildcardName(what string) *Ident {
	if p.tok.kind == tLbrack {
		return p.parseName(what)
	}
	if p.tok.kind != tIdent && p.tok.kind != tStar {
		p.errorExpected(what)
	}
	start, end := p.tok.pos, p.tok.end
	p.next()
	for (p.tok.kind == tIdent || p.tok.kind == tStar) && p.tok.pos == end {
		end = p.tok.end
		p.next()
	}
	s := p.src[start:end]
	return &Ident{NamePos: Pos(start), Name: s, Raw: s}
}
