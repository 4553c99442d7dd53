package kql

// Script-driven semantic tests, in the spirit of Prometheus' promqltest.
//
// Every testdata/scripts/*.test file is a sequence of directives, one per
// line. Blank lines and lines starting with '#' are ignored (also inside a
// query body: KQL comments are '//'). Expected values come from the
// documentation and semantics.md, never from running the engine; comments
// in the scripts cite the source or say "(inferred)".
//
//	now 2026-11-26T12:00:00Z
//	    Sets now() / ago() for the following cases of the file (default:
//	    2026-11-26T12:00:00Z, the instant TestConformance uses).
//
//	table Name
//	a:long, b:string
//	1, "x"
//	end
//	    Declares a table (schema line, then rows) that later cases in the
//	    file can read by name; it is in the catalog (so unknown-table
//	    diagnostics and `union withsource` see real table names).
//
//	query
//	<KQL text, any number of lines, let statements allowed>
//	expect ordered | expect unordered | expect
//	a:long, b:string
//	1, "x"
//	end
//	    Runs the query and compares the last result: column names and
//	    types exactly, then the rows. `ordered` compares row sequences
//	    (use it only where KQL guarantees an order, semantics.md §12);
//	    `unordered` compares multisets; bare `expect` is for results of at
//	    most one row. A header with no rows expects an empty result.
//
//	query
//	...
//	expect error [KC001] ["substring" ...]
//	end
//	    The query must fail, at compile time or at run time. With a code,
//	    some diagnostic must carry that code; every quoted substring must
//	    occur in the message of that same diagnostic.
//
//	eval <expr> => <type> <value>
//	eval <expr> => error [KC002] ["substring" ...]
//	    Shorthand for `print r = <expr>` expecting one column r of <type>
//	    holding <value> (or an error).
//
//	skip "reason"
//	    Marks the next query or eval as a known failure (a bug reported to
//	    another package's owner). It still runs and is reported as skipped
//	    with its failure; one that passes now says so in its skip message
//	    (with -scripttest.strict it fails instead, to find stale skips).
//
// Cells are KQL-ish literals read according to the column type:
//
//	null, int(null)...       null (not allowed for string: strings are never null)
//	1, -2, 1.5, 1e3           numbers; nan, inf, -inf for reals; compared numerically
//	                          (reals with a 1e-9 relative tolerance)
//	"x", 'x'                  strings, with \\ \" \' \n \t \r \uXXXX escapes
//	true, false               bools
//	datetime(2026-01-01 10:00) or a bare ISO date    datetimes, compared by ticks
//	1h, -1.5d, 1.02:03:04, timespan(...)             timespans, compared by ticks
//	[1, "a"], {"k": 1}, dynamic(...)                 dynamic values (JSON), compared
//	                          by structure: bag key order is ignored, numbers
//	                          compare numerically, a JSON string matches a
//	                          datetime/timespan element by value
//	~[...]                    dynamic, with every array compared as a multiset
//	                          (make_set and other unspecified orders)
//	*                         any value (arbitrary choices: take_any, ties)
//
// Values of a non-dynamic column must also have the runtime kind of the
// column's type (an int column must hold ints, not longs).

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"reconwatch/internal/kql/exec"
	"reconwatch/internal/kql/plan"
	"reconwatch/internal/kql/syntax"
	"reconwatch/internal/table"
)

var scriptStrict = flag.Bool("scripttest.strict", false, "fail skipped script cases that pass")

// scriptCell is one expected cell.
type scriptCell struct {
	any     bool        // '*': matches anything
	lenient bool        // '~': arrays compare as multisets
	v       table.Value // the expected value
	text    string      // as written, for messages
}

// scriptCase is one query or eval with its expectation.
type scriptCase struct {
	file    string
	line    int
	query   string
	now     time.Time
	tables  []*table.MemTable
	skip    string
	wantErr bool
	errCode string
	errMsgs []string
	ordered bool
	single  bool // bare expect: at most one row
	cols    table.Schema
	rows    [][]scriptCell
}

func (c *scriptCase) name() string { return fmt.Sprintf("%s:%d", c.file, c.line) }

var defaultScriptNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/scripts/*.test")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scripts in testdata/scripts")
	}
	total, skipped := 0, 0
	for _, f := range files {
		cases, err := parseScriptFile(f)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		base := filepath.Base(f)
		total += len(cases)
		for _, c := range cases {
			if c.skip != "" {
				skipped++
			}
		}
		t.Run(base, func(t *testing.T) {
			for _, c := range cases {
				t.Run(fmt.Sprint(c.line), func(t *testing.T) { runScriptCase(t, c) })
			}
		})
	}
	t.Logf("scripts: %d cases in %d files (%d marked skip)", total, len(files), skipped)
}

func runScriptCase(t *testing.T, c *scriptCase) {
	reason := checkScriptCase(c)
	switch {
	case c.skip != "" && reason == "":
		if *scriptStrict {
			t.Errorf("%s: marked skip %q but passes now; remove the skip", c.name(), c.skip)
		} else {
			t.Skipf("%s: marked skip %q but passes now; remove the skip", c.name(), c.skip)
		}
	case c.skip != "":
		t.Skipf("%s: skip %q: %s", c.name(), c.skip, firstLine(reason))
	case reason != "":
		t.Errorf("%s:\n%s\n%s", c.name(), indent(c.query), reason)
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}

// checkScriptCase runs one case and returns why it failed, or "".
func checkScriptCase(c *scriptCase) (reason string) {
	defer func() {
		if p := recover(); p != nil {
			reason = fmt.Sprintf("panic: %v", p)
		}
	}()
	cat := plan.MapCatalog{}
	tabs := exec.MapTables{}
	for _, tb := range c.tables {
		cat[tb.TableName] = tb.Cols
		tabs[tb.TableName] = tb
	}
	q, src, errs := Compile(c.query, Options{Catalog: cat, Now: c.now, Tables: tabs})
	if len(errs) > 0 {
		if !c.wantErr {
			var b strings.Builder
			for _, e := range errs {
				b.WriteString(src.Format(e))
			}
			return "unexpected compile error:\n" + b.String()
		}
		for _, e := range errs {
			if errMatches(c, e.Code, e.Msg) {
				return ""
			}
		}
		return fmt.Sprintf("compile errors do not match %s %q:\n%s", c.errCode, c.errMsgs, src.Format(errs[0]))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := q.Run(ctx, tabs)
	if err != nil {
		if !c.wantErr {
			return "unexpected run error: " + err.Error()
		}
		code := ""
		var se *syntax.Error
		if errors.As(err, &se) {
			code = se.Code
		}
		if errMatches(c, code, err.Error()) {
			return ""
		}
		return fmt.Sprintf("run error does not match %s %q: %v", c.errCode, c.errMsgs, err)
	}
	if len(res) == 0 {
		return "no result"
	}
	r := res[len(res)-1]
	if c.wantErr {
		return "expected an error, got result\n" + renderResult(r)
	}
	if r.Schema.String() != c.cols.String() {
		return fmt.Sprintf("schema: got %s, want %s\n%s", r.Schema, c.cols, renderResult(r))
	}
	if c.single && len(c.rows) > 1 {
		return "bare `expect` is for at most one row: write ordered or unordered"
	}
	if len(r.Rows) != len(c.rows) {
		return fmt.Sprintf("rows: got %d, want %d\n%s", len(r.Rows), len(c.rows), renderResult(r))
	}
	if c.ordered || c.single {
		for i, row := range r.Rows {
			if j := rowMismatch(c.rows[i], row, r.Schema); j >= 0 {
				return fmt.Sprintf("row %d column %s: got %s, want %s\n%s", i, r.Schema[j].Name,
					renderValue(row[j], r.Schema[j].Type), c.rows[i][j].text, renderResult(r))
			}
		}
		return ""
	}
	// Unordered: a perfect matching between expected and actual rows
	// (Kuhn's algorithm; '*' cells make greedy matching unsound).
	match := make([]int, len(r.Rows)) // actual row -> expected row
	for i := range match {
		match[i] = -1
	}
	ok := func(e, g int) bool { return rowMismatch(c.rows[e], r.Rows[g], r.Schema) < 0 }
	var try func(e int, seen []bool) bool
	try = func(e int, seen []bool) bool {
		for g := range r.Rows {
			if seen[g] || !ok(e, g) {
				continue
			}
			seen[g] = true
			if match[g] < 0 || try(match[g], seen) {
				match[g] = e
				return true
			}
		}
		return false
	}
	for e := range c.rows {
		if !try(e, make([]bool, len(r.Rows))) {
			return fmt.Sprintf("expected row %d %s not found\n%s", e, renderCells(c.rows[e]), renderResult(r))
		}
	}
	return ""
}

func errMatches(c *scriptCase, code, msg string) bool {
	if c.errCode != "" && code != c.errCode {
		return false
	}
	for _, m := range c.errMsgs {
		if !strings.Contains(msg, m) {
			return false
		}
	}
	return true
}

// rowMismatch returns the first column whose cell does not match, or -1.
func rowMismatch(want []scriptCell, got []table.Value, s table.Schema) int {
	for j := range want {
		if !cellMatches(want[j], got[j], s[j].Type) {
			return j
		}
	}
	return -1
}

// kindOf is the runtime kind a non-null value of static type t must have.
var kindOf = map[table.Type]table.Kind{
	table.Bool: table.KBool, table.Int: table.KInt, table.Long: table.KLong,
	table.Real: table.KReal, table.Decimal: table.KDecimal, table.Datetime: table.KDatetime,
	table.Timespan: table.KTimespan, table.String: table.KString, table.Guid: table.KGuid,
}

func cellMatches(c scriptCell, got table.Value, t table.Type) bool {
	if c.any {
		return true
	}
	if t == table.Dynamic {
		return dynMatches(c.v, got, c.lenient)
	}
	if t == table.String {
		// A string column may carry its empty value as a null cell.
		return (got.K == table.KString || got.K == table.KNull) && got.S == c.v.S
	}
	if c.v.K == table.KNull || got.K == table.KNull {
		return c.v.K == got.K
	}
	if got.K != kindOf[t] {
		return false
	}
	switch got.K {
	case table.KReal, table.KDecimal:
		return floatsMatch(c.v.F, got.F)
	case table.KGuid:
		return strings.EqualFold(c.v.S, got.S)
	}
	return c.v.I == got.I
}

func floatsMatch(a, b float64) bool {
	switch {
	case math.IsNaN(a) || math.IsNaN(b):
		return math.IsNaN(a) && math.IsNaN(b)
	case math.IsInf(a, 0) || math.IsInf(b, 0):
		return a == b
	}
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// dynMatches compares an expected dynamic value (parsed from JSON) with a
// result value structurally.
func dynMatches(want, got table.Value, lenient bool) bool {
	if want.K == table.KNull || got.K == table.KNull {
		return want.K == got.K
	}
	if want.IsNumber() {
		if !got.IsNumber() {
			return false
		}
		a, _ := want.AsFloat()
		b, _ := got.AsFloat()
		return floatsMatch(a, b)
	}
	switch want.K {
	case table.KBool:
		return got.K == table.KBool && got.I == want.I
	case table.KString:
		switch got.K {
		case table.KString, table.KGuid:
			return got.S == want.S
		case table.KDatetime:
			d, ok := table.ParseDatetime(want.S)
			return ok && d == got.I
		case table.KTimespan:
			d, ok := table.ParseTimespan(want.S)
			return ok && d == got.I
		case table.KReal:
			return want.S == string(table.AppendReal(nil, got.F)) // "NaN", "Infinity"
		}
		return false
	case table.KArray:
		if got.K != table.KArray || len(got.D.Arr) != len(want.D.Arr) {
			return false
		}
		if !lenient {
			for i := range want.D.Arr {
				if !dynMatches(want.D.Arr[i], got.D.Arr[i], false) {
					return false
				}
			}
			return true
		}
		used := make([]bool, len(got.D.Arr))
	next:
		for _, w := range want.D.Arr {
			for i, g := range got.D.Arr {
				if !used[i] && dynMatches(w, g, true) {
					used[i] = true
					continue next
				}
			}
			return false
		}
		return true
	case table.KBag:
		if got.K != table.KBag || len(got.D.Keys) != len(want.D.Keys) {
			return false
		}
		for i, k := range want.D.Keys {
			g, ok := got.BagGet(k)
			if !ok || !dynMatches(want.D.Vals[i], g, lenient) {
				return false
			}
		}
		return true
	}
	return false
}

// Rendering, for failure messages.

func renderValue(v table.Value, t table.Type) string {
	switch {
	case v.K == table.KNull && t == table.String:
		return `""`
	case v.K == table.KNull:
		return "null"
	case t == table.Dynamic || v.K == table.KArray || v.K == table.KBag:
		return string(table.AppendJSON(nil, v))
	}
	switch v.K {
	case table.KString, table.KGuid:
		return strconv.Quote(v.S)
	case table.KDatetime:
		return "datetime(" + v.String() + ")"
	case table.KTimespan:
		return "timespan(" + v.String() + ")"
	}
	s := v.String()
	if kindOf[t] != v.K {
		s += fmt.Sprintf(" (kind %d)", v.K)
	}
	return s
}

func renderResult(r *exec.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "got %s, %d rows:\n", r.Schema, len(r.Rows))
	for i, row := range r.Rows {
		if i == 20 {
			b.WriteString("    …\n")
			break
		}
		parts := make([]string, len(row))
		for j, v := range row {
			parts[j] = renderValue(v, r.Schema[j].Type)
		}
		b.WriteString("    " + strings.Join(parts, ", ") + "\n")
	}
	return b.String()
}

func renderCells(cells []scriptCell) string {
	parts := make([]string, len(cells))
	for i, c := range cells {
		parts[i] = c.text
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Parsing scripts.

type scriptParser struct {
	file   string
	lines  []string
	i      int // next line index
	now    time.Time
	tables []*table.MemTable
	skip   string
}

func (p *scriptParser) errf(line int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", p.file, line, fmt.Sprintf(format, args...))
}

func parseScriptFile(path string) ([]*scriptCase, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	p := &scriptParser{file: filepath.Base(path), lines: strings.Split(string(data), "\n"), now: defaultScriptNow}
	var cases []*scriptCase
	for p.i < len(p.lines) {
		lineNo := p.i + 1
		line := strings.TrimSpace(p.lines[p.i])
		p.i++
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		word, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		switch word {
		case "now":
			d, ok := table.ParseDatetime(rest)
			if !ok {
				return nil, p.errf(lineNo, "bad now %q", rest)
			}
			p.now = table.TimeFromTicks(d)
		case "skip":
			s, err := unquoteCell(rest)
			if err != nil {
				return nil, p.errf(lineNo, "skip wants a quoted reason")
			}
			p.skip = s
		case "table":
			if err := p.parseTable(lineNo, rest); err != nil {
				return nil, err
			}
		case "query":
			c, err := p.parseQuery(lineNo)
			if err != nil {
				return nil, err
			}
			cases = append(cases, c)
		case "eval":
			c, err := p.parseEval(lineNo, rest)
			if err != nil {
				return nil, err
			}
			cases = append(cases, c)
		default:
			return nil, p.errf(lineNo, "unknown directive %q", word)
		}
	}
	if p.skip != "" {
		return nil, p.errf(len(p.lines), "skip at end of file")
	}
	return cases, nil
}

func (p *scriptParser) newCase(line int) *scriptCase {
	c := &scriptCase{file: p.file, line: line, now: p.now, skip: p.skip,
		tables: append([]*table.MemTable(nil), p.tables...)}
	p.skip = ""
	return c
}

// body returns the following lines up to (not including) the first line
// for which stop returns true, skipping comments and blank lines; false
// when the file ends first. p.i is left on the stop line.
func (p *scriptParser) body(stop func(string) bool) ([]string, bool) {
	var out []string
	for p.i < len(p.lines) {
		raw := p.lines[p.i]
		line := strings.TrimSpace(raw)
		if stop(line) {
			return out, true
		}
		p.i++
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, raw)
	}
	return out, false
}

func isEnd(l string) bool { return l == "end" }

func (p *scriptParser) parseTable(lineNo int, name string) error {
	if name == "" {
		return p.errf(lineNo, "table needs a name")
	}
	lines, ok := p.body(isEnd)
	if !ok || len(lines) == 0 {
		return p.errf(lineNo, "table %s: want a schema line, rows and end", name)
	}
	p.i++ // end
	schema, err := parseHeader(lines[0])
	if err != nil {
		return p.errf(lineNo, "table %s: %v", name, err)
	}
	tb := &table.MemTable{TableName: name, Cols: schema}
	for _, l := range lines[1:] {
		cells, err := parseRow(l, schema)
		if err != nil {
			return p.errf(lineNo, "table %s: %v", name, err)
		}
		row := make([]table.Value, len(cells))
		for i, c := range cells {
			if c.any || c.lenient {
				return p.errf(lineNo, "table %s: '*' and '~' are for expectations", name)
			}
			row[i] = c.v
		}
		tb.Rows = append(tb.Rows, row)
	}
	for i, t := range p.tables {
		if t.TableName == name {
			p.tables[i] = tb
			return nil
		}
	}
	p.tables = append(p.tables, tb)
	return nil
}

func (p *scriptParser) parseQuery(lineNo int) (*scriptCase, error) {
	c := p.newCase(lineNo)
	q, ok := p.body(func(l string) bool { return l == "expect" || strings.HasPrefix(l, "expect ") })
	if !ok {
		return nil, p.errf(lineNo, "query without expect")
	}
	if len(q) == 0 {
		return nil, p.errf(lineNo, "empty query")
	}
	c.query = strings.Join(q, "\n")
	expLine := p.i + 1
	exp := strings.TrimSpace(p.lines[p.i])
	p.i++
	rest, ok := p.body(isEnd)
	if !ok {
		return nil, p.errf(expLine, "expect without end")
	}
	p.i++ // end
	if err := c.setExpect(strings.TrimSpace(strings.TrimPrefix(exp, "expect")), rest); err != nil {
		return nil, p.errf(expLine, "%v", err)
	}
	return c, nil
}

func (p *scriptParser) parseEval(lineNo int, rest string) (*scriptCase, error) {
	c := p.newCase(lineNo)
	k := strings.LastIndex(rest, "=>")
	if k < 0 {
		return nil, p.errf(lineNo, "eval wants <expr> => <type> <value>")
	}
	expr, want := strings.TrimSpace(rest[:k]), strings.TrimSpace(rest[k+2:])
	c.query = "print r = " + expr
	if strings.HasPrefix(want, "error") {
		if err := c.setExpect(want, nil); err != nil {
			return nil, p.errf(lineNo, "%v", err)
		}
		return c, nil
	}
	typ, val, _ := strings.Cut(want, " ")
	if err := c.setExpect("", []string{"r:" + typ, val}); err != nil {
		return nil, p.errf(lineNo, "%v", err)
	}
	return c, nil
}

// setExpect reads "ordered|unordered|error ...|" and the lines after it.
func (c *scriptCase) setExpect(mode string, lines []string) error {
	switch {
	case mode == "":
		c.single = true
	case mode == "ordered":
		c.ordered = true
	case mode == "unordered":
	case mode == "error" || strings.HasPrefix(mode, "error "):
		c.wantErr = true
		rest := strings.TrimSpace(strings.TrimPrefix(mode, "error"))
		if rest != "" && rest[0] != '"' {
			c.errCode, rest, _ = strings.Cut(rest, " ")
		}
		msgs, err := quotedList(rest)
		if err != nil {
			return fmt.Errorf("expect error: %v", err)
		}
		c.errMsgs = msgs
		if len(lines) > 0 {
			return errors.New("expect error takes no rows")
		}
		return nil
	default:
		return fmt.Errorf("unknown expect mode %q", mode)
	}
	if len(lines) == 0 {
		return errors.New("expect needs a schema line")
	}
	s, err := parseHeader(lines[0])
	if err != nil {
		return err
	}
	c.cols = s
	for _, l := range lines[1:] {
		row, err := parseRow(l, s)
		if err != nil {
			return err
		}
		c.rows = append(c.rows, row)
	}
	return nil
}

// parseHeader reads "a:long, ['b c']:string".
func parseHeader(line string) (table.Schema, error) {
	var s table.Schema
	for _, part := range splitCells(line) {
		part = strings.TrimSpace(part)
		k := strings.LastIndexByte(part, ':')
		if k <= 0 {
			return nil, fmt.Errorf("bad column %q (want name:type)", part)
		}
		name := strings.TrimSpace(part[:k])
		if strings.HasPrefix(name, "['") && strings.HasSuffix(name, "']") {
			name = name[2 : len(name)-2]
		}
		t, ok := table.ParseType(strings.TrimSpace(part[k+1:]))
		if !ok {
			return nil, fmt.Errorf("bad type in %q", part)
		}
		s = append(s, table.Column{Name: name, Type: t})
	}
	return s, nil
}

func parseRow(line string, s table.Schema) ([]scriptCell, error) {
	parts := splitCells(line)
	if len(parts) != len(s) {
		return nil, fmt.Errorf("row %q has %d cells, schema %s has %d", strings.TrimSpace(line), len(parts), s, len(s))
	}
	out := make([]scriptCell, len(parts))
	for i, p := range parts {
		c, err := parseCell(strings.TrimSpace(p), s[i].Type)
		if err != nil {
			return nil, fmt.Errorf("row %q, column %s: %v", strings.TrimSpace(line), s[i].Name, err)
		}
		out[i] = c
	}
	return out, nil
}

// splitCells splits at top-level commas, outside quotes and brackets.
func splitCells(line string) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(line); i++ {
		ch := line[i]
		switch {
		case quote != 0:
			if ch == '\\' {
				i++
			} else if ch == quote {
				quote = 0
			}
		case ch == '"' || ch == '\'':
			quote = ch
		case ch == '(' || ch == '[' || ch == '{':
			depth++
		case ch == ')' || ch == ']' || ch == '}':
			depth--
		case ch == ',' && depth == 0:
			out = append(out, line[start:i])
			start = i + 1
		}
	}
	return append(out, line[start:])
}

// unwrap strips "name(" ... ")" from s when present.
func unwrap(s, name string) (string, bool) {
	if strings.HasPrefix(s, name+"(") && strings.HasSuffix(s, ")") {
		return strings.TrimSpace(s[len(name)+1 : len(s)-1]), true
	}
	return s, false
}

func parseCell(s string, t table.Type) (scriptCell, error) {
	c := scriptCell{text: s}
	if s == "*" {
		c.any = true
		return c, nil
	}
	if s == "" {
		return c, errors.New("empty cell")
	}
	if t == table.Dynamic {
		if strings.HasPrefix(s, "~") {
			c.lenient = true
			s = strings.TrimSpace(s[1:])
		}
		s, _ = unwrap(s, "dynamic")
		v, err := table.ParseJSON(s)
		if err != nil {
			return c, fmt.Errorf("bad dynamic %q: %v", s, err)
		}
		c.v = v
		return c, nil
	}
	if s == "null" || (strings.HasSuffix(s, "(null)") && !strings.ContainsAny(s[:len(s)-6], "( ")) {
		if t == table.String {
			return c, errors.New(`strings are never null; write ""`)
		}
		return c, nil
	}
	switch t {
	case table.Bool:
		switch s {
		case "true":
			c.v = table.NewBool(true)
		case "false":
			c.v = table.NewBool(false)
		default:
			return c, fmt.Errorf("bad bool %q", s)
		}
	case table.Int, table.Long:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return c, fmt.Errorf("bad integer %q", s)
		}
		if t == table.Int {
			if n != int64(int32(n)) {
				return c, fmt.Errorf("int out of range %q", s)
			}
			c.v = table.NewInt(n)
		} else {
			c.v = table.NewLong(n)
		}
	case table.Real, table.Decimal:
		var f float64
		switch strings.ToLower(s) {
		case "nan":
			f = math.NaN()
		case "inf", "+inf", "infinity":
			f = math.Inf(1)
		case "-inf", "-infinity":
			f = math.Inf(-1)
		default:
			var err error
			if f, err = strconv.ParseFloat(s, 64); err != nil {
				return c, fmt.Errorf("bad real %q", s)
			}
		}
		if t == table.Real {
			c.v = table.NewReal(f)
		} else {
			c.v = table.NewDecimal(f)
		}
	case table.Datetime:
		s, _ = unwrap(s, "datetime")
		d, ok := table.ParseDatetime(s)
		if !ok {
			return c, fmt.Errorf("bad datetime %q", s)
		}
		c.v = table.NewDatetime(d)
	case table.Timespan:
		if u, ok := unwrap(s, "timespan"); ok {
			s = u
		} else if u, ok := unwrap(s, "time"); ok {
			s = u
		}
		d, ok := table.ParseTimespan(s)
		if !ok {
			return c, fmt.Errorf("bad timespan %q", s)
		}
		c.v = table.NewTimespan(d)
	case table.String:
		str, err := unquoteCell(s)
		if err != nil {
			return c, err
		}
		c.v = table.NewString(str)
	case table.Guid:
		if str, err := unquoteCell(s); err == nil {
			s = str
		}
		c.v = table.NewGuid(s)
	default:
		return c, fmt.Errorf("unsupported column type %s", t)
	}
	return c, nil
}

// quotedList reads space-separated quoted strings.
func quotedList(s string) ([]string, error) {
	var out []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		q := s[0]
		if q != '"' && q != '\'' {
			return nil, fmt.Errorf("want quoted strings, got %q", s)
		}
		end := 1
		for end < len(s) && s[end] != q {
			if s[end] == '\\' {
				end++
			}
			end++
		}
		if end >= len(s) {
			return nil, fmt.Errorf("unterminated string %q", s)
		}
		m, err := unquoteCell(s[:end+1])
		if err != nil {
			return nil, err
		}
		out = append(out, m)
		s = s[end+1:]
	}
	return out, nil
}

// unquoteCell reads a '...' or "..." literal with backslash escapes.
func unquoteCell(s string) (string, error) {
	if len(s) < 2 || (s[0] != '"' && s[0] != '\'') || s[len(s)-1] != s[0] {
		return "", fmt.Errorf("want a quoted string, got %q", s)
	}
	q := s[0]
	body := s[1 : len(s)-1]
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		ch := body[i]
		if ch == q {
			return "", fmt.Errorf("unescaped quote in %q", s)
		}
		if ch != '\\' {
			b.WriteByte(ch)
			continue
		}
		i++
		if i == len(body) {
			return "", fmt.Errorf("dangling backslash in %q", s)
		}
		switch body[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\\', '"', '\'':
			b.WriteByte(body[i])
		case 'u':
			if i+5 > len(body) {
				return "", fmt.Errorf("short \\u escape in %q", s)
			}
			n, err := strconv.ParseUint(body[i+1:i+5], 16, 32)
			if err != nil {
				return "", fmt.Errorf("bad \\u escape in %q", s)
			}
			b.WriteRune(rune(n))
			i += 4
		default:
			return "", fmt.Errorf("unknown escape \\%c in %q", body[i], s)
		}
	}
	return b.String(), nil
}
