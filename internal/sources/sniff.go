package sources

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// File kinds found by sniffing the first 64 KiB of decoded text.
const (
	kindEmpty   = 'e'
	kindBinary  = 'b'
	kindJSON    = 'j'
	kindCSV     = 'c'
	kindUnknown = 'u'
)

type sniffed struct {
	kind  byte
	lines bool   // JSON: one top-level value per line
	style string // FileStats.Format
	delim byte   // CSV
	skip  int    // CSV: bytes before the header (PowerShell's "#TYPE" line)
	msg   string // problem for empty, binary and unknown files
}

// sniff decides a file's format from its first bytes (b, which holds the
// whole file when eof).
func sniff(b []byte, eof bool) sniffed {
	if i := bytes.IndexByte(b[:min(len(b), 1024)], 0); i >= 0 {
		return sniffed{kind: kindBinary, msg: fmt.Sprintf("binary data (NUL byte at offset %d); expected JSON or CSV text", i)}
	}
	i := skipWS(b, 0)
	if i >= len(b) {
		if len(b) == 0 {
			return sniffed{kind: kindEmpty, msg: "empty file"}
		}
		return sniffed{kind: kindEmpty, msg: "empty file (only whitespace)"}
	}
	switch b[i] {
	case '[':
		return sniffed{kind: kindJSON, style: "json-array"}
	case '{':
		return sniffJSONObject(b, i, eof)
	}
	if s, ok := sniffCSV(b, eof); ok {
		return s
	}
	head := b[i:min(len(b), i+40)]
	if k := bytes.IndexByte(head, '\n'); k >= 0 {
		head = head[:k]
	}
	head = bytes.TrimRight(head, "\r")
	return sniffed{kind: kindUnknown, msg: fmt.Sprintf("unrecognized format: expected JSON (NDJSON, an array or an object) or CSV with a header row; the file starts with %q", bytes.ToValidUTF8(head, []byte("\uFFFD")))}
}

func sniffJSONObject(b []byte, i int, eof bool) sniffed {
	s := sniffed{kind: kindJSON}
	var it objIter
	style := "advanced-hunting"
	var cat []byte
	props := false
	end := -1
	if it.start(b, i) == nil {
	loop:
		for {
			v, done, err := it.next()
			if err != nil {
				break
			}
			if done {
				end = it.i
				break
			}
			key := it.key
			switch string(key) {
			case "Results", "Schema", "Stats":
				style = "api-response"
			case "results", "schema", "@odata.context":
				style = "graph-response"
			case "records":
				style = "streaming-envelope"
			case "body":
				if b[v] == '{' {
					style = "event-hub-body"
				}
			case "category":
				if b[v] == '"' {
					if e, err := strEnd(b, v+1); err == nil {
						cat = b[v+1 : e]
					}
				}
			case "properties":
				props = b[v] == '{'
			case "Type":
				if style == "advanced-hunting" {
					style = "log-analytics"
				}
			}
			if containerKey(key, b[v]) {
				break loop
			}
			if _, err := it.skip(); err != nil {
				break
			}
		}
	}
	if props && bytes.HasPrefix(cat, []byte(streamingPrefix)) {
		style = "streaming-records"
	}
	if end < 0 {
		var st []byte
		if e, err := skipStrict(b, i, &st); err == nil {
			end = e
		}
	}
	// Line mode when the first value ends on its first line, or when no
	// line break occurs in the window (one huge line or a bad first line).
	switch {
	case end >= 0:
		s.lines = bytes.IndexByte(b[i:end], '\n') < 0
	default:
		// The first value is unfinished in the window or invalid. A
		// container spanning lines is a pretty-printed document; a first
		// line that ends like a record is NDJSON with a bad first line.
		nlAt := bytes.IndexByte(b[i:], '\n')
		switch {
		case nlAt < 0:
			s.lines = true
		case style == "api-response" || style == "graph-response" || style == "streaming-envelope" || style == "event-hub-body":
			s.lines = false
		default:
			s.lines = lineLooksComplete(b[i : i+nlAt])
		}
	}
	if s.lines {
		switch style {
		case "streaming-envelope":
			s.style = "streaming-envelope-lines"
		case "api-response", "graph-response", "event-hub-body":
			s.style = style + "-lines"
		default:
			s.style = "ndjson"
		}
	} else {
		switch style {
		case "api-response", "graph-response", "streaming-envelope", "event-hub-body":
			s.style = style
		default:
			s.style = "json"
		}
	}
	return s
}

// lineLooksComplete reports whether a line that failed to parse as a
// whole JSON value still looks like one NDJSON record (it ends like an
// object would): then the file is NDJSON with a bad first line.
func lineLooksComplete(line []byte) bool {
	line = bytes.TrimRight(line, " \t\r")
	return len(line) > 1 && line[len(line)-1] == '}'
}

const streamingPrefix = "AdvancedHunting-"

// sniffCSV recognizes a header row: names separated by ',', ';' or tab.
func sniffCSV(b []byte, eof bool) (sniffed, bool) {
	skip := 0
	if bytes.HasPrefix(b, []byte("#TYPE ")) {
		k := bytes.IndexByte(b, '\n')
		if k < 0 {
			return sniffed{}, false
		}
		skip = k + 1
	}
	line := b[skip:]
	if k := bytes.IndexByte(line, '\n'); k >= 0 {
		line = line[:k]
	} else if !eof {
		return sniffed{}, false
	}
	line = bytes.TrimRight(line, "\r")
	if len(line) == 0 || !utf8.Valid(line) {
		return sniffed{}, false
	}
	delim := byte(',')
	best := 0
	for _, d := range []byte{',', '\t', ';'} {
		if n := countOutsideQuotes(line, d); n > best {
			best, delim = n, d
		}
	}
	names, ok := splitHeader(line, delim)
	if !ok {
		return sniffed{}, false
	}
	if len(names) == 1 && !isIdent(names[0]) {
		return sniffed{}, false
	}
	for _, n := range names {
		if !headerName(n) {
			return sniffed{}, false
		}
	}
	return sniffed{kind: kindCSV, style: "csv", delim: delim, skip: skip}, true
}

func countOutsideQuotes(line []byte, d byte) int {
	n := 0
	in := false
	for _, c := range line {
		switch {
		case c == '"':
			in = !in
		case c == d && !in:
			n++
		}
	}
	return n
}

// splitHeader splits one header line (no line breaks in quoted names).
func splitHeader(line []byte, d byte) ([]string, bool) {
	var out []string
	i := 0
	for {
		if i < len(line) && line[i] == '"' {
			var sb []byte
			j := i + 1
			for {
				k := bytes.IndexByte(line[j:], '"')
				if k < 0 {
					return nil, false
				}
				sb = append(sb, line[j:j+k]...)
				j += k + 1
				if j < len(line) && line[j] == '"' {
					sb = append(sb, '"')
					j++
					continue
				}
				break
			}
			out = append(out, string(sb))
			i = j
			if i == len(line) {
				return out, true
			}
			if line[i] != d {
				return nil, false
			}
			i++
			continue
		}
		k := bytes.IndexByte(line[i:], d)
		if k < 0 {
			out = append(out, string(bytes.TrimSpace(line[i:])))
			return out, true
		}
		out = append(out, string(bytes.TrimSpace(line[i:i+k])))
		i += k + 1
	}
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range []byte(s) {
		if c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9') {
			continue
		}
		return false
	}
	return true
}

// headerName accepts a column name as exports write them: identifiers,
// dotted or bracketed suffixes ("TimeGenerated [UTC]", "id.orig_h"),
// spaces; not JSON or prose punctuation.
func headerName(s string) bool {
	if s == "" || len(s) > 256 {
		return false
	}
	for _, c := range []byte(s) {
		switch {
		case c >= 0x80, c == '_', c == '-', c == '.', c == ' ', c == '[', c == ']', c == '@', c == '$', c == '/', c == '(', c == ')', c == '#', c == ':':
		case (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'):
		default:
			return false
		}
	}
	return true
}
