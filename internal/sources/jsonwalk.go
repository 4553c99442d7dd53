package sources

import (
	"encoding/json"
	"strings"

	"reconwatch/internal/table"
)

// walker finds the records in a JSON text that is not one plain record
// per line: arrays of records, API responses ({"Schema":[...],
// "Results":[...]}, Graph's lower-case form), Streaming API envelopes
// ({"records":[...]}), Event Hub consumer wrappers ({"body":{...}}),
// pretty-printed or concatenated objects, and any nesting of these.
//
// An object is a container when it has a key "records", "Results" or
// "results" holding an array, or "body" holding an object; every other
// object is a record. Records are yielded as spans of the source buffer,
// validated; the walker keeps no more than one record in memory however
// large the document.
type walker struct {
	src      *source
	stack    []wframe
	sc       []byte
	it       objIter
	onSchema func([]byte)

	recS, recE int    // the last record, in src.buf
	errPos     int    // position of the last error, in src.buf
	errMsg     string // the last error
	done       bool
}

type wframe struct {
	kind  byte // '[' or '{'
	first bool
}

type unitKind uint8

const (
	uNone   unitKind = iota
	uRecord          // recS:recE holds a record
	uBad             // an element that is not a record; the walker goes on
	uFatal           // a syntax error; the walker stops
	uDone
)

func (w *walker) reset(src *source) {
	w.src = src
	w.stack = w.stack[:0]
	w.done = false
	w.errMsg = ""
}

// next advances to the next record or problem.
func (w *walker) next() unitKind {
	for {
		if w.done {
			return uDone
		}
		k, short := w.step()
		if short {
			if !w.src.fill() {
				if w.src.err == errTooLarge {
					return w.fatalMsg(w.src.pos, "record larger than the 256 MiB limit")
				}
				if w.src.err != nil {
					return w.fatalMsg(w.src.n, "read error: "+w.src.err.Error())
				}
				// At end of input the step now reports truncation.
				if !w.src.eof {
					continue
				}
				k, short = w.step()
				if short {
					return w.fatalMsg(w.src.n, "truncated JSON: the input ends inside a value")
				}
			} else {
				continue
			}
		}
		if k != uNone {
			return k
		}
	}
}

func (w *walker) fatalMsg(pos int, msg string) unitKind {
	w.done = true
	w.errPos = pos
	w.errMsg = msg
	return uFatal
}

// fail turns a scanning error into a result: short (retry with more
// input) or fatal.
func (w *walker) fail(err error) (unitKind, bool) {
	if err == errShort {
		if w.src.eof {
			return w.fatalMsg(w.src.n, "truncated JSON: the input ends inside a value"), false
		}
		return uNone, true
	}
	if se, ok := err.(*syntaxError); ok {
		return w.fatalMsg(se.Off, "invalid JSON: "+se.Error()), false
	}
	return w.fatalMsg(w.src.pos, err.Error()), false
}

func containerKey(key []byte, c byte) bool {
	switch string(key) {
	case "records", "Results", "results":
		return c == '['
	case "body":
		return c == '{'
	}
	return false
}

// classify scans the object at b[i] and reports whether it is a
// container; for a record it returns the record's end.
func (w *walker) classify(b []byte, i int) (container bool, end int, err error) {
	it := &w.it
	if err := it.start(b, i); err != nil {
		return false, 0, err
	}
	for {
		v, done, err := it.next()
		if err != nil {
			return false, 0, err
		}
		if done {
			return false, it.i, nil
		}
		if containerKey(it.key, b[v]) {
			return true, 0, nil
		}
		if _, err := it.skip(); err != nil {
			return false, 0, err
		}
	}
}

func (w *walker) push(kind byte) {
	w.stack = append(w.stack, wframe{kind: kind, first: true})
}

// step makes one move. It returns short when it needs more input; it
// then has consumed nothing.
func (w *walker) step() (unitKind, bool) {
	s := w.src
	b := s.buf[:s.n]
	i := skipWS(b, s.pos)
	if i >= len(b) {
		s.pos = i
		if !s.eof {
			return uNone, true
		}
		if len(w.stack) == 0 {
			w.done = true
			return uDone, false
		}
		return w.fatalMsg(i, "truncated JSON: the input ends inside "+w.frameName()), false
	}
	if len(w.stack) == 0 {
		return w.element(b, i, nil)
	}
	f := &w.stack[len(w.stack)-1]
	if f.kind == '[' {
		if b[i] == ']' {
			w.stack = w.stack[:len(w.stack)-1]
			s.pos = i + 1
			return uNone, false
		}
		if !f.first {
			if b[i] != ',' {
				return w.fail(synErr(b, i, "',' or ']'"))
			}
			if i = skipWS(b, i+1); i >= len(b) {
				return w.fail(errShort)
			}
		}
		return w.element(b, i, f)
	}
	// A container object: walk its keys.
	if b[i] == '}' {
		w.stack = w.stack[:len(w.stack)-1]
		s.pos = i + 1
		return uNone, false
	}
	if !f.first {
		if b[i] != ',' {
			return w.fail(synErr(b, i, "',' or '}'"))
		}
		if i = skipWS(b, i+1); i >= len(b) {
			return w.fail(errShort)
		}
	}
	if b[i] != '"' {
		return w.fail(synErr(b, i, "a string key"))
	}
	e, err := strEnd(b, i+1)
	if err != nil {
		return w.fail(err)
	}
	key := b[i+1 : e]
	j := skipWS(b, e+1)
	if j >= len(b) {
		return w.fail(errShort)
	}
	if b[j] != ':' {
		return w.fail(synErr(b, j, "':' after the key"))
	}
	if j = skipWS(b, j+1); j >= len(b) {
		return w.fail(errShort)
	}
	c := b[j]
	switch {
	case containerKey(key, c) && c == '[':
		f.first = false
		w.push('[')
		s.pos = j + 1
		return uNone, false
	case containerKey(key, c):
		return w.element(b, j, f)
	case (string(key) == "Schema" || string(key) == "schema") && c == '[':
		e2, err := skipStrict(b, j, &w.sc)
		if err != nil {
			return w.fail(err)
		}
		if w.onSchema != nil {
			w.onSchema(b[j:e2])
		}
		f.first = false
		s.pos = e2
		return uNone, false
	}
	e2, err := skipStrict(b, j, &w.sc)
	if err != nil {
		return w.fail(err)
	}
	f.first = false
	s.pos = e2
	return uNone, false
}

func (w *walker) frameName() string {
	if w.stack[len(w.stack)-1].kind == '[' {
		return "an array"
	}
	return "an object"
}

// element handles the value at b[i] inside frame f (nil: top level).
func (w *walker) element(b []byte, i int, f *wframe) (unitKind, bool) {
	s := w.src
	switch b[i] {
	case '{':
		container, end, err := w.classify(b, i)
		if err != nil {
			return w.fail(err)
		}
		if f != nil {
			f.first = false
		}
		if container {
			w.push('{')
			s.pos = i + 1
			return uNone, false
		}
		w.recS, w.recE = i, end
		s.pos = end
		return uRecord, false
	case '[':
		if f != nil {
			f.first = false
		}
		w.push('[')
		s.pos = i + 1
		return uNone, false
	}
	e, err := skipStrict(b, i, &w.sc)
	if err != nil {
		return w.fail(err)
	}
	if f != nil {
		f.first = false
	}
	s.pos = e
	w.errPos = i
	w.errMsg = "expected a JSON object (a record), found " + valueName(b[i])
	return uBad, false
}

func valueName(c byte) string {
	switch c {
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case '[':
		return "an array"
	case '{':
		return "an object"
	}
	return "a number"
}

// parseAPISchema reads the Schema array of an Advanced Hunting API
// response ([{"Name":..,"Type":..}]) or Graph's ([{"name":..,"type":..}]).
// Unknown type names become dynamic.
func parseAPISchema(b []byte) table.Schema {
	var items []map[string]any
	if json.Unmarshal(b, &items) != nil {
		return nil
	}
	var out table.Schema
	for _, it := range items {
		name, _ := it["Name"].(string)
		if name == "" {
			name, _ = it["name"].(string)
		}
		typ, _ := it["Type"].(string)
		if typ == "" {
			typ, _ = it["type"].(string)
		}
		if name == "" {
			continue
		}
		t, ok := table.ParseType(strings.TrimSpace(typ))
		if !ok {
			t = table.Dynamic
		}
		out = append(out, table.Column{Name: name, Type: t})
	}
	return out
}
