package syntax

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Error is one diagnostic, syntactic or semantic, at a byte offset of the
// query text.
type Error struct {
	Pos  Pos
	End  Pos    // may equal Pos
	Kind string // "syntax" or "semantic"
	Code string // stable identifier, e.g. KQL001
	Msg  string
}

// Error codes. Syntax errors are KS*, semantic ones KC*.
const (
	CodeSyntax        = "KS001" // unexpected token
	CodeUnterminated  = "KS002" // unterminated string or comment
	CodeBadLiteral    = "KS003" // malformed literal
	CodeTooDeep       = "KS004" // nesting or size limit
	CodeUnknownName   = "KC001" // unknown column, table or function
	CodeTypeMismatch  = "KC002" // wrong argument or operand type
	CodeArgCount      = "KC003" // wrong number of arguments
	CodeUnsupported   = "KC004" // valid KQL that reconwatch does not run yet
	CodeInvalid       = "KC005" // other semantic error
	CodeAmbiguousName = "KC006"
)

func (e *Error) Error() string { return e.Msg }

// QueryOffset is the byte offset of the error in the query text (it lets
// rule validation map the error to a line of the rule file).
func (e *Error) QueryOffset() int { return int(e.Pos) }

// ErrorList is a list of diagnostics; nil when there are none.
type ErrorList []*Error

// Add appends a diagnostic.
func (l *ErrorList) Add(kind, code string, pos, end Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, End: end, Kind: kind, Code: code, Msg: fmt.Sprintf(format, args...)})
}

// Sort orders the list by position.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool { return l[i].Pos < l[j].Pos })
}

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Unwrap returns the diagnostics as errors.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Error summarizes the list; use Source.Format to print each entry with
// its source line.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Msg
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Msg, len(l)-1)
}

// Source is query text with a name, used to turn offsets into line:col
// and to print a diagnostic with its line and a caret.
type Source struct {
	Name string // file name, or "<query>"
	Text string
	// LineOffset is added to reported lines, for queries embedded in a
	// larger file (a rule YAML).
	LineOffset int
	// ColOffset is added to the column of every line, for indented
	// block scalars.
	ColOffset int
}

// Position returns the 1-based line and column (in characters) of pos.
func (s *Source) Position(pos Pos) (line, col int) {
	p := int(pos)
	if p < 0 {
		p = 0
	}
	if p > len(s.Text) {
		p = len(s.Text)
	}
	lineStart := strings.LastIndexByte(s.Text[:p], '\n') + 1
	line = strings.Count(s.Text[:lineStart], "\n") + 1
	col = utf8.RuneCountInString(s.Text[lineStart:p]) + 1
	return line + s.LineOffset, col + s.ColOffset
}

// LineText returns the source line holding pos, without its newline.
func (s *Source) LineText(pos Pos) string {
	p := int(pos)
	if p < 0 {
		p = 0
	}
	if p > len(s.Text) {
		p = len(s.Text)
	}
	start := strings.LastIndexByte(s.Text[:p], '\n') + 1
	end := strings.IndexByte(s.Text[p:], '\n')
	if end < 0 {
		end = len(s.Text)
	} else {
		end += p
	}
	return strings.TrimRight(s.Text[start:end], "\r")
}

// Format renders one diagnostic as
//
//	name:line:col: error CODE: message
//	    <source line>
//	    ^~~~
func (s *Source) Format(e *Error) string {
	line, col := s.Position(e.Pos)
	name := s.Name
	if name == "" {
		name = "<query>"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: error %s: %s\n", name, line, col, e.Code, e.Msg)
	text := s.LineText(e.Pos)
	// Tabs keep their width in the caret line so the caret lines up.
	b.WriteString("    ")
	b.WriteString(text)
	b.WriteString("\n    ")
	lineStart := strings.LastIndexByte(s.Text[:clamp(int(e.Pos), len(s.Text))], '\n') + 1
	prefix := s.Text[lineStart:clamp(int(e.Pos), len(s.Text))]
	for _, r := range prefix {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	b.WriteByte('^')
	span := int(e.End - e.Pos)
	lineEnd := lineStart + len(text)
	if int(e.End) > lineEnd {
		span = lineEnd - int(e.Pos)
	}
	if span > 1 {
		b.WriteString(strings.Repeat("~", utf8.RuneCountInString(s.Text[int(e.Pos):int(e.Pos)+span])-1))
	}
	b.WriteByte('\n')
	return b.String()
}

// FormatAll renders every diagnostic of l.
func (s *Source) FormatAll(l ErrorList) string {
	var b strings.Builder
	for _, e := range l {
		b.WriteString(s.Format(e))
	}
	return b.String()
}

func clamp(p, n int) int {
	if p < 0 {
		return 0
	}
	if p > n {
		return n
	}
	return p
}
