package syntax

// tokKind is the kind of a lexical token. Keywords are not kinds of their
// own: KQL lets most of them name columns too (count, kind, type, range),
// so the lexer returns identifiers and the parser decides by context.
type tokKind uint8

const (
	tEOF      tokKind = iota
	tIllegal          // a character that is not part of the language (already reported)
	tIdent            // name or keyword: x, $left, project-away, in~
	tBangWord         // negated word operator: !has, !in~, !between, !contains_cs
	tString           // one string literal of any form: 'a', "a", @'a', h"a", ```a```
	tLong             // 123, 0x1F
	tReal             // 1.5, 1e3, 2.
	tTimespan         // 1d, 1.5h, 100ms
	tGoo              // typed literal scanned raw: datetime(...), timespan(...), long(...), guid(...)

	// punctuation
	tLparen    // (
	tRparen    // )
	tLbrack    // [
	tRbrack    // ]
	tLbrace    // {
	tRbrace    // }
	tComma     // ,
	tSemi      // ;
	tColon     // :
	tDot       // .
	tDotDot    // ..
	tPipe      // |
	tAssign    // =
	tEq        // ==
	tNeq       // !=
	tLtGt      // <>
	tLt        // <
	tLe        // <=
	tGt        // >
	tGe        // >=
	tEqTilde   // =~
	tBangTilde // !~
	tPlus      // +
	tMinus     // -
	tStar      // *
	tSlash     // /
	tPercent   // %
	tFatArrow  // =>
	tAt        // @
	tQuestion  // ?
)

var tokNames = [...]string{
	tEOF:       "end of query",
	tIllegal:   "illegal character",
	tIdent:     "identifier",
	tBangWord:  "operator",
	tString:    "string literal",
	tLong:      "number",
	tReal:      "number",
	tTimespan:  "timespan literal",
	tGoo:       "literal",
	tLparen:    "(",
	tRparen:    ")",
	tLbrack:    "[",
	tRbrack:    "]",
	tLbrace:    "{",
	tRbrace:    "}",
	tComma:     ",",
	tSemi:      ";",
	tColon:     ":",
	tDot:       ".",
	tDotDot:    "..",
	tPipe:      "|",
	tAssign:    "=",
	tEq:        "==",
	tNeq:       "!=",
	tLtGt:      "<>",
	tLt:        "<",
	tLe:        "<=",
	tGt:        ">",
	tGe:        ">=",
	tEqTilde:   "=~",
	tBangTilde: "!~",
	tPlus:      "+",
	tMinus:     "-",
	tStar:      "*",
	tSlash:     "/",
	tPercent:   "%",
	tFatArrow:  "=>",
	tAt:        "@",
	tQuestion:  "?",
}

func (k tokKind) String() string {
	if int(k) < len(tokNames) {
		return tokNames[k]
	}
	return "token"
}

// Token flags.
const (
	flagObfuscated   uint8 = 1 << iota // h'...' string
	flagVerbatim                       // @'...' string
	flagMultiLine                      // ```...``` string
	flagUnterminated                   // string or goo literal without its closing quote or paren
)

// token is one lexical token. Its text is query[pos:end]; strings are
// unescaped by the parser when it needs their value. Tokens are kept small
// because a query is tokenized in full before parsing.
type token struct {
	kind  tokKind
	flags uint8
	pos   int32
	end   int32
}

// hyphenKeywords are the dash-joined keywords the lexer returns as one
// identifier token. Other a-b sequences are subtractions.
var hyphenKeywords = map[string]bool{
	"project-away":    true,
	"project-keep":    true,
	"project-rename":  true,
	"project-reorder": true,
	"project-smart":   true,
	"mv-expand":       true,
	"mv-apply":        true,
	"parse-where":     true,
	"parse-kv":        true,
	"make-series":     true,
	"make-graph":      true,
	"top-nested":      true,
	"top-hitters":     true,
	"sample-distinct": true,
	"granny-asc":      true,
	"granny-desc":     true,
	"assert-schema":   true,
	"graph-match":     true,
	"graph-merge":     true,
	"partition-by":    true,
}

// gooKeywords introduce literals whose parenthesized content is scanned as
// raw text when the '(' follows immediately: datetime(2015-12-31 23:59),
// guid(74be27de-...), timespan(0.12:34:56.7), long(-1).
var gooKeywords = map[string]bool{
	"long": true, "int": true, "real": true, "double": true, "decimal": true, "bool": true,
	"datetime": true, "date": true, "time": true, "timespan": true, "guid": true,
}
