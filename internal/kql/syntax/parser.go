package syntax

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// Limits. Queries are rules written by people; anything beyond these is
// either a mistake or hostile input, and ends in a CodeTooDeep error.
const (
	// MaxQueryLen is the longest query text Parse accepts, in bytes. It
	// also bounds every string literal.
	MaxQueryLen = 1 << 20
	// MaxDepth is how deeply expressions, pipelines and dynamic literals
	// may nest.
	MaxDepth = 200
	// maxErrors is how many diagnostics Parse reports before giving up.
	maxErrors = 10
	// maxTreeDepth bounds the depth of a statement's tree, chains of
	// binary operators included (a or b or c ... is as deep as it is
	// long), so that recursive walkers of the tree stay on a small stack.
	maxTreeDepth = 5000
)

// Parse parses a whole query: let/set/declare statements and tabular
// expression statements separated by ';'. It returns the statements it
// could parse and the syntax errors (Kind "syntax"; at most 10), sorted by
// position. After a structural error the parser skips to the next '|' or
// ';' and the broken statement is left out of the query; a malformed
// literal or token is reported but kept. Callers must not bind a query
// whose error list is not empty.
//
// Parse never panics: a bug that would panic is reported as an "internal
// error" diagnostic instead.
func Parse(text string) (*Query, ErrorList) {
	q := &Query{Text: text}
	p, errs := newParser(text)
	if p == nil {
		return q, errs
	}
	p.run(func() { q.Stmts = p.parseQuery() })
	return q, p.result()
}

// ParseExpr parses a single expression, scalar or tabular (a pipeline
// such as T | where x > 1 is an expression too). On any error it returns
// a nil expression and the errors.
func ParseExpr(text string) (Expr, ErrorList) {
	p, errs := newParser(text)
	if p == nil {
		return nil, errs
	}
	var x Expr
	p.run(func() {
		p.try(func() {
			x = p.parsePipeExpr(ctxNested)
			if p.tok.kind != tEOF {
				p.errorExpected("end of expression")
			}
			if p.i > maxTreeDepth/4 && treeDepth(x) > maxTreeDepth {
				p.addErr(0, 0, CodeTooDeep, "expression is too deeply nested or too long a chain of operators (tree deeper than %d)", maxTreeDepth)
			}
		})
	})
	errs = p.result()
	if len(errs) > 0 {
		return nil, errs
	}
	return x, nil
}

// parser is a recursive-descent parser over the token slice of a query.
type parser struct {
	// immutable state
	src  string
	toks []token

	// parsing state
	i     int   // index of the current token
	tok   token // toks[i]
	depth int   // current nesting depth, bounded by MaxDepth

	resumeHere bool // the last error was a forgotten bracket: sync resumes at the current separator

	errs ErrorList
}

// Panics used for control flow inside the parser; run and try recover
// them and re-panic anything else.
type (
	bailout struct{} // stop parsing: too many errors or nested too deeply
	abort   struct{} // give up on the current construct and resynchronize
)

func newParser(text string) (*parser, ErrorList) {
	if len(text) > MaxQueryLen {
		var errs ErrorList
		errs.Add("syntax", CodeTooDeep, 0, 0, "query is too long: %d bytes, the limit is %d", len(text), MaxQueryLen)
		return nil, errs
	}
	toks, lexErrs := tokenize(text)
	p := &parser{src: text, toks: toks, errs: lexErrs}
	p.tok = toks[0]
	return p, nil
}

// run calls f, turning a bailout into a normal return and any other
// panic (a bug) into an "internal error" diagnostic that names the panic,
// so that it is visible and never silently swallowed.
func (p *parser) run(f func()) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		switch r.(type) {
		case bailout:
		case abort: // only reachable if a construct forgot to use try
			p.errs = append(p.errs, &Error{Pos: Pos(p.tok.pos), End: Pos(p.tok.end), Kind: "syntax", Code: CodeSyntax,
				Msg: "internal error: unrecovered syntax abort"})
		default:
			stack := string(debug.Stack())
			if i := strings.Index(stack, "panic("); i >= 0 {
				stack = stack[i:]
			}
			if len(stack) > 2000 {
				stack = stack[:2000]
			}
			p.errs = append(p.errs, &Error{Pos: Pos(p.tok.pos), End: Pos(p.tok.end), Kind: "syntax", Code: CodeSyntax,
				Msg: fmt.Sprintf("internal error: parser panic: %v\n%s", r, stack)})
		}
	}()
	if len(p.errs) >= maxErrors {
		return
	}
	f()
}

func (p *parser) result() ErrorList {
	if len(p.errs) == 0 {
		return nil
	}
	p.errs.Sort()
	if len(p.errs) > maxErrors {
		p.errs = p.errs[:maxErrors]
	}
	return p.errs
}

// try runs f and reports whether it completed; a syntax abort inside f
// makes it return false.
func (p *parser) try(f func()) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, isAbort := r.(abort); !isAbort {
				panic(r)
			}
			ok = false
		}
	}()
	f()
	return true
}

// ---------------------------------------------------------------- tokens

func (p *parser) next() {
	if p.i < len(p.toks)-1 {
		p.i++
		p.tok = p.toks[p.i]
	}
}

// peek returns the token k places ahead of the current one.
func (p *parser) peek(k int) token {
	if j := p.i + k; j < len(p.toks) {
		return p.toks[j]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) text(t token) string { return p.src[t.pos:t.end] }
func (p *parser) lit() string         { return p.src[p.tok.pos:p.tok.end] }
func (p *parser) pos() Pos            { return Pos(p.tok.pos) }

// isWord reports whether the current token is the identifier or keyword w.
func (p *parser) isWord(w string) bool { return p.tok.kind == tIdent && p.lit() == w }

func (p *parser) isWordAt(k int, w string) bool {
	t := p.peek(k)
	return t.kind == tIdent && p.text(t) == w
}

// got consumes the current token if it has kind k.
func (p *parser) got(k tokKind) bool {
	if p.tok.kind == k {
		p.next()
		return true
	}
	return false
}

// expect consumes a token of kind k or fails with "expected what".
func (p *parser) expect(k tokKind, what string) token {
	t := p.tok
	if t.kind != k {
		p.errorExpected(what)
	}
	p.next()
	return t
}

// expectClose consumes the closing bracket k of the bracket opened at
// open. When the bracket looks forgotten (the parser reached a '|', a
// ';' or the end on a later line), the error says where the unclosed one
// is, and recovery resumes at the separator.
func (p *parser) expectClose(k tokKind, open Pos, what string) token {
	t := p.tok
	if t.kind == k {
		p.next()
		return t
	}
	if p.looksUnclosed(open) {
		line, col := (&Source{Text: p.src}).Position(open)
		p.resumeHere = true
		p.fail(CodeSyntax, "expected %s, found %s (the '%s' at %d:%d is not closed)", what, p.found(t), p.src[open:open+1], line, col)
	}
	p.errorExpected(what)
	return t
}

// looksUnclosed reports whether the bracket at open was probably never
// closed: the current token is the end, or a separator on a later line.
func (p *parser) looksUnclosed(open Pos) bool {
	switch p.tok.kind {
	case tEOF:
		return true
	case tPipe, tSemi, tRbrace:
		return strings.Contains(p.src[open:p.tok.pos], "\n")
	}
	return false
}

// expectWord consumes the keyword w or fails.
func (p *parser) expectWord(w string) token {
	t := p.tok
	if !p.isWord(w) {
		p.errorExpected("'" + w + "'")
	}
	p.next()
	return t
}

// atListEnd reports whether the current token ends an operator's
// argument list: a pipe, a statement end or a closing bracket.
func (p *parser) atListEnd() bool {
	switch p.tok.kind {
	case tPipe, tSemi, tEOF, tRparen, tRbrace, tRbrack:
		return true
	}
	return false
}

// ---------------------------------------------------------------- errors

// addErr records a diagnostic unless one is already reported at the same
// position (a lexer error and the parser's complaint about the same bad
// token, say). Past maxErrors it stops the parse.
func (p *parser) addErr(pos, end Pos, code, format string, args ...any) {
	for _, e := range p.errs {
		if e.Pos == pos {
			return
		}
	}
	if end < pos {
		end = pos
	}
	p.errs.Add("syntax", code, pos, end, format, args...)
	if len(p.errs) >= maxErrors {
		panic(bailout{})
	}
}

// fail reports an error at the current token and abandons the current
// construct.
func (p *parser) fail(code, format string, args ...any) {
	p.failAt(p.tok, code, format, args...)
}

func (p *parser) failAt(t token, code, format string, args ...any) {
	p.addErr(Pos(t.pos), Pos(t.end), code, format, args...)
	panic(abort{})
}

// errorExpected fails with "expected what, found <current token>".
func (p *parser) errorExpected(what string) {
	p.fail(CodeSyntax, "expected %s, found %s%s", what, p.found(p.tok), p.hint(what))
}

// found describes a token for an error message: its text, quoted, or
// "end of query".
func (p *parser) found(t token) string {
	switch t.kind {
	case tEOF:
		return "end of query"
	case tString, tGoo:
		s := p.text(t)
		if len(s) > 40 {
			s = s[:37] + "..."
		}
		return s
	}
	s := p.text(t)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return "'" + s + "'"
}

// hint adds advice for common mistakes at the current token, found where
// what was expected.
func (p *parser) hint(what string) string {
	switch p.tok.kind {
	case tAssign:
		if strings.HasPrefix(what, "'") { // after a complete operand: where x = 1
			return " (use '==' to compare values)"
		}
	case tBangWord:
		if _, isOp := stringOps[p.lit()]; !isOp && p.equalityOp() == "" {
			return " (there is no '!' negation; use not(...))"
		}
	}
	return ""
}

// enter and leave bound the nesting depth. Past MaxDepth the parse stops:
// nothing useful can come after, and the stack must stay small.
func (p *parser) enter() {
	p.depth++
	if p.depth > MaxDepth {
		p.errs = append(p.errs, &Error{Pos: p.pos(), End: Pos(p.tok.end), Kind: "syntax", Code: CodeTooDeep,
			Msg: fmt.Sprintf("expression nests too deeply (more than %d levels)", MaxDepth)})
		panic(bailout{})
	}
}

func (p *parser) leave() { p.depth-- }

// sync skips tokens after an error: to the next '|' (if pipe is set) not
// nested in brackets opened since token index start, or to the next ';'
// not inside braces (a ';' cannot appear inside parentheses or square
// brackets, so an unclosed '(' does not swallow the statements after it).
func (p *parser) sync(start int, pipe bool) {
	depth, braces := 0, 0
	adjust := func(k tokKind) {
		switch k {
		case tLparen, tLbrack:
			depth++
		case tLbrace:
			depth++
			braces++
		case tRparen, tRbrack:
			depth = max(depth-1, 0)
		case tRbrace:
			depth = max(depth-1, 0)
			braces = max(braces-1, 0)
		}
	}
	if p.resumeHere {
		// The error is at a separator after a forgotten closing bracket:
		// resume right here.
		p.resumeHere = false
		if p.tok.kind == tSemi || pipe && p.tok.kind == tPipe {
			return
		}
	}
	for k := start; k < p.i; k++ {
		adjust(p.toks[k].kind)
	}
	for p.tok.kind != tEOF {
		if p.tok.kind == tSemi && braces == 0 || pipe && p.tok.kind == tPipe && depth == 0 {
			return
		}
		adjust(p.tok.kind)
		p.next()
	}
}
