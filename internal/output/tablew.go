package output

import (
	"bufio"
	"bytes"
	"errors"
	"strings"

	"reconwatch/internal/table"
)

// tableBufferRows is how many rows the table writer holds to size its
// columns; later rows stream with the widths fixed then.
const tableBufferRows = 10_000

// colSep separates table columns.
const colSep = "  "

// grid lays out aligned columns. Cells are termText-clean already.
type grid struct {
	titles []string
	right  []bool
	widths []int
	color  bool
}

func newGrid(titles []string, right []bool, header, color bool) *grid {
	g := &grid{titles: titles, right: right, widths: make([]int, len(titles)), color: color}
	if header {
		g.fit(titles)
	}
	return g
}

// fit widens the columns to hold cells.
func (g *grid) fit(cells []string) {
	for i, s := range cells {
		if w := textWidth(s); w > g.widths[i] {
			g.widths[i] = w
		}
	}
}

// appendHeader appends the title line and its underline.
func (g *grid) appendHeader(b []byte) []byte {
	b = g.appendLine(b, g.titles, func(int) string { return ansiBold })
	for i, w := range g.widths {
		if i > 0 {
			b = append(b, colSep...)
		}
		b = append(b, strings.Repeat("─", max(w, 1))...)
	}
	return append(b, '\n')
}

// appendLine appends one line of cells; style, when colour is on, gives
// the ANSI style of column i ("" for none). Trailing blanks are trimmed.
func (g *grid) appendLine(b []byte, cells []string, style func(i int) string) []byte {
	start := len(b)
	for i, s := range cells {
		if i > 0 {
			b = append(b, colSep...)
		}
		w := textWidth(s)
		if g.color && style != nil {
			s = paint(style(i), s, true)
		}
		b = pad(b, s, w, g.widths[i], g.right[i])
	}
	b = append(b[:start], bytes.TrimRight(b[start:], " ")...)
	return append(b, '\n')
}

// tableWriter renders the "table" format.
type tableWriter struct {
	w     *bufio.Writer
	opts  Options
	max   int
	g     *grid
	open  bool // a header was written and the table not yet ended
	ended bool // Flush ended a table
	fixed bool // widths are fixed; rows stream
	buf   [][]string
	rows  int64
	line  []byte
	err   error
}

func newTableWriter(w *bufio.Writer, opts Options) *tableWriter {
	return &tableWriter{w: w, opts: opts, max: opts.maxCell()}
}

var errTableEnded = errors.New("output: WriteRow after Flush ended the table")

func (t *tableWriter) WriteHeader(schema table.Schema) error {
	if t.err != nil {
		return t.err
	}
	if t.open {
		t.end()
		t.write([]byte("\n"))
	} else if t.ended {
		t.write([]byte("\n"))
	}
	titles := make([]string, len(schema))
	right := make([]bool, len(schema))
	for i, c := range schema {
		titles[i] = truncate(termText(c.Name), t.max)
		right[i] = c.Type.IsNumeric()
	}
	t.g = newGrid(titles, right, !t.opts.NoHeader, t.opts.Color)
	t.open, t.ended, t.fixed, t.buf, t.rows = true, false, false, nil, 0
	return t.err
}

func (t *tableWriter) WriteRow(row []table.Value) error {
	if t.err != nil {
		return t.err
	}
	if !t.open {
		if t.ended {
			return errTableEnded
		}
		return ErrNoHeader
	}
	cells := make([]string, len(t.g.titles))
	for i := range cells {
		if i >= len(row) {
			continue
		}
		if v := row[i]; v.IsNumber() {
			cells[i] = v.String() // never cut a number
		} else {
			cells[i] = truncate(termText(v.String()), t.max)
		}
	}
	t.rows++
	if t.fixed {
		// Past the buffer, widths are fixed: longer text is cut to fit,
		// numbers are never cut (a cut number misleads) and overflow.
		for i, s := range cells {
			if !t.g.right[i] {
				cells[i] = truncate(s, t.g.widths[i])
			}
		}
		t.line = t.g.appendLine(t.line[:0], cells, nil)
		t.write(t.line)
		return t.err
	}
	t.g.fit(cells)
	t.buf = append(t.buf, cells)
	if len(t.buf) >= tableBufferRows {
		t.emit()
	}
	return t.err
}

// emit prints the header and the buffered rows and fixes the widths.
func (t *tableWriter) emit() {
	if !t.opts.NoHeader {
		t.line = t.g.appendHeader(t.line[:0])
		t.write(t.line)
	}
	for _, cells := range t.buf {
		t.line = t.g.appendLine(t.line[:0], cells, nil)
		t.write(t.line)
	}
	t.buf, t.fixed = nil, true
}

// end finishes the open table.
func (t *tableWriter) end() {
	if !t.fixed {
		t.emit()
	}
	if !t.opts.NoHeader {
		t.write([]byte("\n" + plural(t.rows, "row", "rows", true) + "\n"))
	}
	t.open, t.ended = false, true
}

func (t *tableWriter) write(b []byte) {
	if t.err == nil {
		_, t.err = t.w.Write(b)
	}
}

func (t *tableWriter) Flush() error {
	if t.err != nil {
		return t.err
	}
	if t.open {
		t.end()
	}
	if t.err == nil {
		t.err = t.w.Flush()
	}
	return t.err
}

// plural renders "(1 row)" / "(3 rows)", or without parentheses.
func plural(n int64, one, many string, paren bool) string {
	s := groupDigits(n) + " "
	if n == 1 {
		s += one
	} else {
		s += many
	}
	if paren {
		return "(" + s + ")"
	}
	return s
}
