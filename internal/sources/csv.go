package sources

import (
	"bytes"
	"fmt"
	"strings"
)

// csvReader splits RFC 4180 records (quoted fields may hold delimiters,
// doubled quotes and line breaks; CRLF or LF line ends) into field spans
// of the source buffer, without copying.
type csvReader struct {
	src    *source
	delim  byte
	fields []csvField
	line   int // line number where the next record starts
	// The last record.
	recLine int
	errMsg  string
	errCol  int
}

type csvField struct {
	s, e   int  // contents in src.buf (without the quotes)
	quoted bool // contents hold doubled quotes or CRLF line breaks to undo
}

const (
	csvRecord = iota
	csvBlank
	csvBad
	csvEOF
)

func (c *csvReader) reset(src *source, delim byte, firstLine int) {
	c.src, c.delim, c.line = src, delim, firstLine
	c.fields = c.fields[:0]
}

// next splits the next record.
func (c *csvReader) next() int {
	for {
		r, short := c.parse()
		if !short {
			return r
		}
		if !c.src.fill() {
			if c.src.err == errTooLarge {
				c.recLine = c.line
				c.errMsg = "CSV record larger than the 256 MiB limit; rest of the file skipped"
				c.src.pos = c.src.n
				return csvBad
			}
			r, _ := c.parseEOF()
			return r
		}
	}
}

func (c *csvReader) parseEOF() (int, bool) {
	r, short := c.parse()
	if short {
		// Only an unterminated quote can be short at end of input.
		c.errMsg = fmt.Sprintf("invalid CSV record: quoted field opened on line %d is not closed before the end of the file", c.recLine)
		c.src.pos = c.src.n
		return csvBad, false
	}
	return r, false
}

// parse splits one record starting at src.pos. short means it needs more
// input; nothing is consumed then.
func (c *csvReader) parse() (int, bool) {
	s := c.src
	b := s.buf[:s.n]
	i := s.pos
	c.fields = c.fields[:0]
	c.recLine = c.line
	lines := 0
	if i >= len(b) {
		if s.eof {
			return csvEOF, false
		}
		return 0, true
	}
	for {
		if i < len(b) && b[i] == '"' {
			j := i + 1
			dq := false
			var q int
			for {
				k := bytes.IndexByte(b[j:], '"')
				if k < 0 {
					return 0, true
				}
				q = j + k
				if q+1 < len(b) && b[q+1] == '"' {
					dq = true
					j = q + 2
					continue
				}
				if q+1 >= len(b) && !s.eof {
					return 0, true
				}
				break
			}
			if k := bytes.Count(b[i:q], nl); k > 0 {
				lines += k
				dq = dq || bytes.Contains(b[i:q], []byte("\r\n"))
			}
			c.fields = append(c.fields, csvField{s: i + 1, e: q, quoted: dq})
			i = q + 1
			if i >= len(b) {
				s.pos = i
				c.line += lines + 1
				return csvRecord, false
			}
			switch b[i] {
			case c.delim:
				i++
				continue
			case '\n':
				s.pos = i + 1
				c.line += lines + 1
				return csvRecord, false
			case '\r':
				if i+1 < len(b) && b[i+1] == '\n' {
					s.pos = i + 2
					c.line += lines + 1
					return csvRecord, false
				}
				if i+1 >= len(b) && !s.eof {
					return 0, true
				}
			}
			// Garbage after a closing quote: skip to the end of the line.
			c.errCol = i - bytes.LastIndexByte(b[:i], '\n')
			c.errMsg = fmt.Sprintf("invalid CSV record: expected %s or a line break after a closing quote, found %s", delimName(c.delim), describe(b, i))
			k := bytes.IndexByte(b[i:], '\n')
			if k < 0 {
				if !s.eof {
					return 0, true
				}
				s.pos = len(b)
			} else {
				s.pos = i + k + 1
			}
			c.line += lines + 1
			return csvBad, false
		}
		// Unquoted field: up to the delimiter or the line end.
		j := i
		for j < len(b) && b[j] != c.delim && b[j] != '\n' {
			j++
		}
		if j >= len(b) && !s.eof {
			return 0, true
		}
		e := j
		if (j >= len(b) || b[j] == '\n') && e > i && b[e-1] == '\r' {
			e--
		}
		c.fields = append(c.fields, csvField{s: i, e: e})
		if j < len(b) && b[j] == c.delim {
			i = j + 1
			continue
		}
		// End of record.
		if j < len(b) {
			s.pos = j + 1
		} else {
			s.pos = j
		}
		c.line += lines + 1
		if len(c.fields) == 1 && c.fields[0].e == c.fields[0].s {
			return csvBlank, false
		}
		return csvRecord, false
	}
}

func delimName(d byte) string {
	switch d {
	case '\t':
		return "a tab"
	case ';':
		return "';'"
	}
	return "','"
}

// cell returns field f's contents with doubled quotes undone and, as
// encoding/csv does, CRLF inside quoted fields turned into LF.
func (c *csvReader) cell(f csvField, scratch *[]byte) []byte {
	b := c.src.buf[f.s:f.e]
	if !f.quoted {
		return b
	}
	out := (*scratch)[:0]
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '"' && i+1 < len(b) && b[i+1] == '"':
			out = append(out, '"')
			i++
		case b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n':
		default:
			out = append(out, b[i])
		}
	}
	*scratch = out
	return out
}

// headerKey normalizes a CSV header name: the Log Analytics portal adds
// " [UTC]" to datetime columns.
func headerKey(name string) string {
	name = strings.TrimSpace(name)
	name = strings.TrimSuffix(name, " [UTC]")
	return name
}
