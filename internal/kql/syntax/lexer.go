package syntax

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"reconwatch/internal/table"
)

// lexer turns query text into tokens. It is hand-written, works on byte
// offsets, and reports malformed tokens (unterminated strings, bad escapes,
// stray characters) into errs; the token is still returned so that the
// parser can go on.
type lexer struct {
	// immutable state
	src string

	// scanning state
	off int // next byte to read

	// output
	errs ErrorList
}

// tokenize scans the whole query. The result always ends with a tEOF token.
func tokenize(src string) ([]token, ErrorList) {
	lx := lexer{src: src}
	toks := make([]token, 0, len(src)/4+1)
	for {
		t := lx.next()
		toks = append(toks, t)
		if t.kind == tEOF {
			break
		}
	}
	return toks, lx.errs
}

func (lx *lexer) errorf(pos, end int, code, format string, args ...any) {
	if len(lx.errs) < maxErrors {
		lx.errs.Add("syntax", code, Pos(pos), Pos(end), format, args...)
	}
}

func isIdentStart(r rune) bool {
	return r == '_' || r == '$' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r >= utf8.RuneSelf && unicode.IsLetter(r)
}

func isIdentChar(r rune) bool {
	return r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' ||
		r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func isDigit(c byte) bool    { return '0' <= c && c <= '9' }
func isHexDigit(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// peekRune decodes the rune at offset i (utf8.RuneError, 0 at the end).
func (lx *lexer) peekRune(i int) (rune, int) {
	if i >= len(lx.src) {
		return 0, 0
	}
	if c := lx.src[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(lx.src[i:])
}

func (lx *lexer) byteAt(i int) byte {
	if i < len(lx.src) {
		return lx.src[i]
	}
	return 0
}

// identEnd returns the end of the run of identifier characters starting at i.
func (lx *lexer) identEnd(i int) int {
	for i < len(lx.src) {
		r, w := lx.peekRune(i)
		if !isIdentChar(r) {
			break
		}
		i += w
	}
	return i
}

// skipTrivia skips whitespace (including Unicode spaces and a BOM, which
// copy-pasted rules carry) and // comments.
func (lx *lexer) skipTrivia() {
	for lx.off < len(lx.src) {
		c := lx.src[lx.off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			lx.off++
		case c == '/' && lx.byteAt(lx.off+1) == '/':
			nl := strings.IndexByte(lx.src[lx.off:], '\n')
			if nl < 0 {
				lx.off = len(lx.src)
			} else {
				lx.off += nl + 1
			}
		case c >= utf8.RuneSelf:
			r, w := lx.peekRune(lx.off)
			if r == '\ufeff' || unicode.IsSpace(r) {
				lx.off += w
				continue
			}
			return
		default:
			return
		}
	}
}

func (lx *lexer) tok(kind tokKind, pos, end int) token {
	lx.off = end
	return token{kind: kind, pos: int32(pos), end: int32(end)}
}

// next scans one token.
func (lx *lexer) next() token {
	lx.skipTrivia()
	pos := lx.off
	if pos >= len(lx.src) {
		return lx.tok(tEOF, pos, pos)
	}
	c := lx.src[pos]
	switch {
	case isDigit(c):
		return lx.number(pos)
	case c == '\'' || c == '"':
		return lx.str(pos, pos, 0)
	case c == '`':
		if strings.HasPrefix(lx.src[pos:], "```") {
			return lx.str(pos, pos, 0)
		}
	case c == '@':
		if q := lx.byteAt(pos + 1); q == '\'' || q == '"' {
			return lx.str(pos, pos+1, flagVerbatim)
		}
		return lx.tok(tAt, pos, pos+1)
	case c == '!':
		return lx.bang(pos)
	}
	if r, _ := lx.peekRune(pos); isIdentStart(r) {
		return lx.ident(pos)
	}
	two := func(next byte, k2, k1 tokKind) token {
		if lx.byteAt(pos+1) == next {
			return lx.tok(k2, pos, pos+2)
		}
		return lx.tok(k1, pos, pos+1)
	}
	switch c {
	case '(':
		return lx.tok(tLparen, pos, pos+1)
	case ')':
		return lx.tok(tRparen, pos, pos+1)
	case '[':
		return lx.tok(tLbrack, pos, pos+1)
	case ']':
		return lx.tok(tRbrack, pos, pos+1)
	case '{':
		return lx.tok(tLbrace, pos, pos+1)
	case '}':
		return lx.tok(tRbrace, pos, pos+1)
	case ',':
		return lx.tok(tComma, pos, pos+1)
	case ';':
		return lx.tok(tSemi, pos, pos+1)
	case ':':
		return lx.tok(tColon, pos, pos+1)
	case '.':
		return two('.', tDotDot, tDot)
	case '|':
		if lx.byteAt(pos+1) == '|' {
			lx.errorf(pos, pos+2, CodeSyntax, "unexpected '||'; use 'or' for a logical or")
			return lx.tok(tIllegal, pos, pos+2)
		}
		return lx.tok(tPipe, pos, pos+1)
	case '+':
		return lx.tok(tPlus, pos, pos+1)
	case '-':
		return lx.tok(tMinus, pos, pos+1)
	case '*':
		return lx.tok(tStar, pos, pos+1)
	case '/':
		return lx.tok(tSlash, pos, pos+1)
	case '%':
		return lx.tok(tPercent, pos, pos+1)
	case '?':
		return lx.tok(tQuestion, pos, pos+1)
	case '=':
		switch lx.byteAt(pos + 1) {
		case '=':
			return lx.tok(tEq, pos, pos+2)
		case '~':
			return lx.tok(tEqTilde, pos, pos+2)
		case '>':
			return lx.tok(tFatArrow, pos, pos+2)
		}
		return lx.tok(tAssign, pos, pos+1)
	case '<':
		switch lx.byteAt(pos + 1) {
		case '=':
			return lx.tok(tLe, pos, pos+2)
		case '>':
			return lx.tok(tLtGt, pos, pos+2)
		}
		return lx.tok(tLt, pos, pos+1)
	case '>':
		return two('=', tGe, tGt)
	}
	return lx.illegal(pos)
}

// illegal reports a character that cannot start a token.
func (lx *lexer) illegal(pos int) token {
	r, w := lx.peekRune(pos)
	if r == utf8.RuneError && w <= 1 {
		lx.errorf(pos, pos+1, CodeSyntax, "invalid UTF-8 byte 0x%02x", lx.src[pos])
		return lx.tok(tIllegal, pos, pos+1)
	}
	if r == '&' && lx.byteAt(pos+1) == '&' {
		lx.errorf(pos, pos+2, CodeSyntax, "unexpected '&&'; use 'and' for a logical and")
		return lx.tok(tIllegal, pos, pos+2)
	}
	hint := ""
	switch r {
	case '&':
		hint = "; use 'and' to combine conditions"
	case '~':
		hint = "; did you mean '=~' or '!~'?"
	case '`':
		hint = "; multi-line strings are written ```...```"
	case '#':
		hint = "; comments start with //"
	case '\u201c', '\u201d', '\u2018', '\u2019':
		hint = "; use straight quotes \" or ' for strings"
	}
	lx.errorf(pos, pos+w, CodeSyntax, "unexpected character %s%s", quoteRune(r), hint)
	return lx.tok(tIllegal, pos, pos+w)
}

func quoteRune(r rune) string {
	if r == '\'' {
		return `"'"`
	}
	if unicode.IsPrint(r) {
		return "'" + string(r) + "'"
	}
	return fmt.Sprintf("%U", r)
}

// bang scans !=, !~ and negated word operators (!has, !in~, !between).
func (lx *lexer) bang(pos int) token {
	switch lx.byteAt(pos + 1) {
	case '=':
		return lx.tok(tNeq, pos, pos+2)
	case '~':
		return lx.tok(tBangTilde, pos, pos+2)
	}
	if r, _ := lx.peekRune(pos + 1); r != 0 && isIdentStart(r) && r != '$' {
		end := lx.identEnd(pos + 1)
		if lx.src[pos+1:end] == "in" && lx.byteAt(end) == '~' {
			end++
		}
		return lx.tok(tBangWord, pos, end)
	}
	lx.errorf(pos, pos+1, CodeSyntax, "unexpected character '!'; '!' only appears in operators such as != and !has, use not(...) to negate")
	return lx.tok(tIllegal, pos, pos+1)
}

// ident scans an identifier, a keyword, an obfuscated string prefix
// (h'...'), a typed literal (datetime(...)), in~ and dash keywords.
func (lx *lexer) ident(pos int) token {
	c := lx.src[pos]
	if c == 'h' || c == 'H' {
		switch q := lx.byteAt(pos + 1); q {
		case '\'', '"':
			return lx.str(pos, pos+1, flagObfuscated)
		case '@':
			if q2 := lx.byteAt(pos + 2); q2 == '\'' || q2 == '"' {
				return lx.str(pos, pos+2, flagObfuscated|flagVerbatim)
			}
		case '`':
			if strings.HasPrefix(lx.src[pos+1:], "```") {
				return lx.str(pos, pos+1, flagObfuscated)
			}
		}
	}
	end := lx.identEnd(pos)
	if c == '$' { // $left, $right
		end = lx.identEnd(pos + 1)
	}
	word := lx.src[pos:end]
	if lx.byteAt(end) == '(' && gooKeywords[word] {
		return lx.goo(pos, end)
	}
	if word == "in" && lx.byteAt(end) == '~' {
		return lx.tok(tIdent, pos, end+1)
	}
	if lx.byteAt(end) == '-' {
		if r, _ := lx.peekRune(end + 1); isIdentStart(r) && r != '$' {
			end2 := lx.identEnd(end + 1)
			if hyphenKeywords[lx.src[pos:end2]] {
				return lx.tok(tIdent, pos, end2)
			}
		}
	}
	return lx.tok(tIdent, pos, end)
}

// goo scans the raw content of a typed literal up to ')' or the end of the
// line: datetime(2015-12-31 23:59:59.9) is one token.
func (lx *lexer) goo(pos, open int) token {
	i := open + 1
	for i < len(lx.src) && lx.src[i] != ')' && lx.src[i] != '\n' && lx.src[i] != '\r' {
		i++
	}
	if i < len(lx.src) && lx.src[i] == ')' {
		return lx.tok(tGoo, pos, i+1)
	}
	lx.errorf(pos, i, CodeUnterminated, "%s literal not terminated: missing ')'", lx.src[pos:open])
	t := lx.tok(tGoo, pos, i)
	t.flags = flagUnterminated
	return t
}

// number scans a long, real or timespan literal. A digit-led run of
// identifier characters that is none of those is an identifier, as in
// Kusto's lexer.
func (lx *lexer) number(pos int) token {
	src := lx.src
	i := pos
	if src[i] == '0' && (lx.byteAt(i+1) == 'x' || lx.byteAt(i+1) == 'X') && isHexDigit(lx.byteAt(i+2)) {
		j := i + 2
		for j < len(src) && isHexDigit(src[j]) {
			j++
		}
		if r, _ := lx.peekRune(j); !isIdentChar(r) {
			return lx.tok(tLong, pos, j)
		}
		return lx.tok(tIdent, pos, lx.identEnd(pos))
	}
	for i < len(src) && isDigit(src[i]) {
		i++
	}
	intEnd := i
	isReal, frac := false, false
	if lx.byteAt(i) == '.' && lx.byteAt(i+1) != '.' {
		i++
		isReal = true
		for i < len(src) && isDigit(src[i]) {
			i++
			frac = true
		}
	}
	if e := lx.byteAt(i); e == 'e' || e == 'E' {
		j := i + 1
		if s := lx.byteAt(j); s == '+' || s == '-' {
			j++
		}
		if isDigit(lx.byteAt(j)) {
			for j < len(src) && isDigit(src[j]) {
				j++
			}
			if r, _ := lx.peekRune(j); !isIdentChar(r) {
				return lx.tok(tReal, pos, j)
			}
		}
	}
	sufEnd := lx.identEnd(i)
	if sufEnd == i {
		if isReal {
			return lx.tok(tReal, pos, i)
		}
		return lx.tok(tLong, pos, i)
	}
	suffix := src[i:sufEnd]
	if _, ok := table.TimespanUnits[suffix]; ok || table.NanoUnits[suffix] {
		if !isReal || frac {
			return lx.tok(tTimespan, pos, sufEnd)
		}
	}
	if !isReal {
		// digits followed by letters: an identifier such as 3DES.
		return lx.tok(tIdent, pos, lx.identEnd(intEnd))
	}
	lx.errorf(pos, sufEnd, CodeBadLiteral, "invalid number '%s': '%s' is not a timespan unit", src[pos:sufEnd], suffix)
	return lx.tok(tIllegal, pos, sufEnd)
}

// str scans a string literal. pos is the token start (at an h prefix, if
// any), q the offset of the opening quote (after an @ for verbatim strings).
func (lx *lexer) str(pos, q int, flags uint8) token {
	src := lx.src
	if strings.HasPrefix(src[q:], "```") {
		end := strings.Index(src[q+3:], "```")
		if end < 0 {
			lx.errorf(pos, len(src), CodeUnterminated, "multi-line string literal not terminated: missing closing ```")
			t := lx.tok(tString, pos, len(src))
			t.flags = flags | flagMultiLine | flagUnterminated
			return t
		}
		t := lx.tok(tString, pos, q+3+end+3)
		t.flags = flags | flagMultiLine
		return t
	}
	quote := src[q]
	i := q + 1
	for i < len(src) {
		c := src[i]
		switch {
		case c == quote:
			if flags&flagVerbatim != 0 && lx.byteAt(i+1) == quote {
				i += 2
				continue
			}
			t := lx.tok(tString, pos, i+1)
			t.flags = flags
			return t
		case c == '\n' || c == '\r':
			goto unterminated
		case c == '\\' && flags&flagVerbatim == 0:
			n := escapeLen(src, i)
			if n < 0 {
				r, w := lx.peekRune(i + 1)
				if r == 0 || r == '\n' || r == '\r' {
					i++ // the loop reports the line break as unterminated
					continue
				}
				end := i + 1 + w
				hint := "; use a verbatim string @\"...\" for regular expressions"
				if digits := map[rune]int{'x': 2, 'u': 4, 'U': 8}[r]; digits > 0 {
					for end < len(src) && end < i+2+digits && isHexDigit(src[end]) {
						end++
					}
					hint = fmt.Sprintf(": \\%c takes %d hex digits", r, digits)
				}
				lx.errorf(i, end, CodeBadLiteral, "invalid escape sequence '%s' in string literal%s", src[i:end], hint)
				i = end
				continue
			}
			i += n
		default:
			i++
		}
	}
unterminated:
	lx.errorf(pos, i, CodeUnterminated, "string literal not terminated: missing closing %c", quote)
	t := lx.tok(tString, pos, i)
	t.flags = flags | flagUnterminated
	return t
}

// escapeLen returns the length of the escape sequence at s[i] (a
// backslash), or -1 if it is not a valid one. Valid escapes follow Kusto:
// \\ \' \" \a \b \f \n \r \t \v \xHH \uHHHH \UHHHHHHHH and octal \ooo.
func escapeLen(s string, i int) int {
	if i+1 >= len(s) {
		return -1
	}
	hex := func(n int) int {
		if i+2+n > len(s) {
			return -1
		}
		for k := i + 2; k < i+2+n; k++ {
			if !isHexDigit(s[k]) {
				return -1
			}
		}
		return 2 + n
	}
	switch c := s[i+1]; c {
	case '\\', '\'', '"', 'a', 'b', 'f', 'n', 'r', 't', 'v':
		return 2
	case 'x':
		return hex(2)
	case 'u':
		return hex(4)
	case 'U':
		return hex(8)
	default:
		if c >= '0' && c <= '7' {
			n := 1
			for n < 3 && i+1+n < len(s) && s[i+1+n] >= '0' && s[i+1+n] <= '7' {
				n++
			}
			if n == 3 && c > '3' {
				n = 2
			}
			return 1 + n
		}
	}
	return -1
}
