package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"reconwatch/internal/table"
)

// DefaultMaxCellWidth is the widest a table cell gets, in terminal cells,
// when Options.MaxCellWidth is 0.
const DefaultMaxCellWidth = 60

// Options tune the human-readable renderers. The zero value is the
// default.
type Options struct {
	// MaxCellWidth caps the width of a table cell in terminal cells;
	// longer values are cut and end in "…". 0 means DefaultMaxCellWidth,
	// a negative value means no limit. Ignored by json and csv.
	MaxCellWidth int
	// NoHeader leaves out the header row: the csv header, and the table's
	// header, underline and "(N rows)" footer.
	NoHeader bool
	// Color enables bold headers (and coloured severities in the alert
	// table). Set it from ColorEnabled(os.Stdout); off by default.
	Color bool
}

func (o Options) maxCell() int {
	if o.MaxCellWidth == 0 {
		return DefaultMaxCellWidth
	}
	return o.MaxCellWidth
}

// ResultWriter streams one query result. Call WriteHeader first, then
// WriteRow per row, then Flush. WriteRow converts the row before it
// returns, so the caller may reuse the slice (batch rows alias).
//
// Errors are sticky: after a write fails, every later call returns that
// error, and so does Flush; callers streaming many rows can check
// WriteRow to stop early (for example on a closed pipe) or just Flush.
//
// For json and csv, Flush only flushes buffered output and rows may
// follow. For table, Flush ends the table (prints buffered rows and the
// footer); a new WriteHeader starts another table. A second WriteHeader
// on a csv writer writes a second header row.
type ResultWriter interface {
	WriteHeader(schema table.Schema) error
	WriteRow(row []table.Value) error
	Flush() error
}

// Writer is another name for ResultWriter.
type Writer = ResultWriter

// Formats lists the result formats NewResultWriter accepts, default first.
var Formats = []string{"table", "json", "csv"}

// ErrNoHeader is returned by WriteRow before any WriteHeader.
var ErrNoHeader = errors.New("output: WriteRow before WriteHeader")

// NewResultWriter returns a writer for format "json" (NDJSON; "ndjson"
// and "jsonl" are accepted too), "csv" or "table" (also ""), writing to
// w. The format name is case-insensitive.
func NewResultWriter(format string, w io.Writer, opts Options) (ResultWriter, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	switch strings.ToLower(format) {
	case "json", "ndjson", "jsonl":
		return &jsonWriter{w: bw}, nil
	case "csv":
		return &csvWriter{w: bw, noHeader: opts.NoHeader}, nil
	case "table", "":
		return newTableWriter(bw, opts), nil
	}
	return nil, fmt.Errorf("output: unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// appendRowObject appends row as a JSON object keyed by the schema's
// column names, in order. Missing cells are null; extra cells are dropped.
func appendRowObject(b []byte, schema table.Schema, row []table.Value) []byte {
	b = append(b, '{')
	for i, c := range schema {
		if i > 0 {
			b = append(b, ',')
		}
		b = table.AppendQuoted(b, c.Name)
		b = append(b, ':')
		v := table.Null
		if i < len(row) {
			v = row[i]
		}
		b = table.AppendJSON(b, v)
	}
	return append(b, '}')
}

// jsonWriter writes NDJSON.
type jsonWriter struct {
	w      *bufio.Writer
	schema table.Schema
	header bool
	buf    []byte
	err    error
}

func (j *jsonWriter) WriteHeader(schema table.Schema) error {
	j.schema, j.header = schema, true
	return j.err
}

func (j *jsonWriter) WriteRow(row []table.Value) error {
	if j.err != nil {
		return j.err
	}
	if !j.header {
		return ErrNoHeader
	}
	j.buf = appendRowObject(j.buf[:0], j.schema, row)
	j.buf = append(j.buf, '\n')
	_, j.err = j.w.Write(j.buf)
	return j.err
}

func (j *jsonWriter) Flush() error {
	if j.err == nil {
		j.err = j.w.Flush()
	}
	return j.err
}

// csvWriter writes RFC 4180 CSV. It does not use encoding/csv, whose
// writer rewrites line ends inside quoted fields (and drops lone CRs when
// writing CRLF records); values here keep their bytes.
type csvWriter struct {
	w        *bufio.Writer
	noHeader bool
	width    int
	header   bool
	buf      []byte
	err      error
}

func (c *csvWriter) WriteHeader(schema table.Schema) error {
	if c.err != nil {
		return c.err
	}
	c.width, c.header = len(schema), true
	if c.noHeader {
		return nil
	}
	c.buf = c.buf[:0]
	for i, col := range schema {
		if i > 0 {
			c.buf = append(c.buf, ',')
		}
		c.buf = appendCSVField(c.buf, col.Name)
	}
	c.buf = append(c.buf, '\r', '\n')
	_, c.err = c.w.Write(c.buf)
	return c.err
}

func (c *csvWriter) WriteRow(row []table.Value) error {
	if c.err != nil {
		return c.err
	}
	if !c.header {
		return ErrNoHeader
	}
	c.buf = c.buf[:0]
	var tmp []byte
	for i := 0; i < c.width; i++ {
		if i > 0 {
			c.buf = append(c.buf, ',')
		}
		if i >= len(row) {
			continue
		}
		v := row[i]
		switch v.K {
		case table.KNull:
		case table.KString, table.KGuid:
			c.buf = appendCSVField(c.buf, v.S)
		default:
			tmp = table.AppendText(tmp[:0], v)
			c.buf = appendCSVField(c.buf, string(tmp))
		}
	}
	c.buf = append(c.buf, '\r', '\n')
	_, c.err = c.w.Write(c.buf)
	return c.err
}

func (c *csvWriter) Flush() error {
	if c.err == nil {
		c.err = c.w.Flush()
	}
	return c.err
}

// appendCSVField appends s as one CSV field, quoted when it holds a comma,
// quote, CR or LF, or starts or ends with white space. Each invalid
// UTF-8 byte becomes U+FFFD, as in the json format.
func appendCSVField(b []byte, s string) []byte {
	s = validUTF8(s)
	if !csvNeedsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

func csvNeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == ' ' || s[0] == '\t' || s[len(s)-1] == ' ' || s[len(s)-1] == '\t' {
		return true
	}
	return strings.ContainsAny(s, ",\"\r\n")
}

// validUTF8 replaces each byte of s that is not valid UTF-8 with U+FFFD,
// as table.AppendQuoted does.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			sb.WriteRune(utf8.RuneError)
		} else {
			sb.WriteString(s[i : i+n])
		}
		i += n
	}
	return sb.String()
}
