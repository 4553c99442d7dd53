package sources

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// A tiny JSON scanner over byte slices. It never builds maps or boxes
// values: callers walk an object's keys, decode the values they want and
// skip the rest. Two skip flavours exist: skipStrict validates (used on
// the binding pass over a file, which decides what is a bad record), and
// skipFast only finds the end of a value (used on later passes over
// records the binding pass accepted).

// errShort means the value runs past the end of the buffer: the caller
// reads more input and retries, or reports truncation at end of input.
var errShort = errors.New("short buffer")

// maxDepth bounds nesting so hostile input cannot exhaust memory.
const maxDepth = 10000

// syntaxError is a JSON syntax error at byte Off of the scanned slice.
type syntaxError struct {
	Off      int
	Expected string
	Found    string
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("expected %s, found %s", e.Expected, e.Found)
}

// describe names the byte at b[i] for an error message.
func describe(b []byte, i int) string {
	if i >= len(b) {
		return "end of input"
	}
	c := b[i]
	switch {
	case c == '\n':
		return "a line break"
	case c < 0x20 || c == 0x7f:
		return fmt.Sprintf("byte 0x%02x", c)
	case c >= 0x80:
		r, _ := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError {
			return fmt.Sprintf("byte 0x%02x", c)
		}
		return fmt.Sprintf("%q", r)
	}
	return fmt.Sprintf("'%c'", c)
}

func synErr(b []byte, i int, expected string) error {
	if i >= len(b) {
		return errShort
	}
	return &syntaxError{Off: i, Expected: expected, Found: describe(b, i)}
}

func isWS(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipWS(b []byte, i int) int {
	for i < len(b) && b[i] <= ' ' && isWS(b[i]) {
		i++
	}
	return i
}

// strEnd returns the index of the closing quote of the string whose
// contents start at b[i].
func strEnd(b []byte, i int) (int, error) {
	start := i
	for {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return 0, errShort
		}
		k := i + j
		if k > start && b[k-1] == '\\' {
			n := 0
			for p := k - 1; p >= start && b[p] == '\\'; p-- {
				n++
			}
			if n%2 == 1 {
				i = k + 1
				continue
			}
		}
		return k, nil
	}
}

// skipFast returns the index just past the value at b[i] (no leading
// whitespace), without validating it.
func skipFast(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errShort
	}
	switch b[i] {
	case '"':
		e, err := strEnd(b, i+1)
		if err != nil {
			return 0, err
		}
		return e + 1, nil
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				e, err := strEnd(b, i+1)
				if err != nil {
					return 0, err
				}
				i = e + 1
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, nil
				}
			}
			i++
		}
		return 0, errShort
	}
	for i < len(b) {
		c := b[i]
		if c == ',' || c == '}' || c == ']' || isWS(c) {
			return i, nil
		}
		i++
	}
	return i, nil
}

// skipStrict returns the index just past the value at b[i] (no leading
// whitespace), validating its syntax. stack is scratch space.
func skipStrict(b []byte, i int, stack *[]byte) (int, error) {
	if i < len(b) {
		// Scalars need no stack.
		switch c := b[i]; {
		case c == '"':
			e, err := strEnd(b, i+1)
			if err != nil {
				return 0, err
			}
			return e + 1, nil
		case c == '-' || (c >= '0' && c <= '9'):
			e, _, err := scanNumber(b, i)
			return e, err
		}
	}
	end, st, err := skipNested(b, i, (*stack)[:0], 0)
	*stack = st[:0]
	return end, err
}

// skipStrictIn is skipStrict for a value nested in base enclosing
// containers that count toward maxDepth.
func skipStrictIn(b []byte, i int, stack *[]byte, base int) (int, error) {
	if base == 0 {
		return skipStrict(b, i, stack)
	}
	end, st, err := skipNested(b, i, (*stack)[:0], base)
	*stack = st[:0]
	return end, err
}

func skipNested(b []byte, i int, st []byte, base int) (int, []byte, error) {
	for {
		// A value starts at b[i].
		if i >= len(b) {
			return 0, st, errShort
		}
		switch c := b[i]; {
		case c == '"':
			e, err := strEnd(b, i+1)
			if err != nil {
				return 0, st, err
			}
			i = e + 1
		case c == '{':
			if len(st)+base >= maxDepth {
				return 0, st, &syntaxError{Off: i, Expected: "less nesting", Found: "more than 10000 levels"}
			}
			i = skipWS(b, i+1)
			if i >= len(b) {
				return 0, st, errShort
			}
			if b[i] == '}' {
				i++
				break
			}
			st = append(st, '{')
			var err error
			if i, err = objKey(b, i); err != nil {
				return 0, st, err
			}
			continue
		case c == '[':
			if len(st)+base >= maxDepth {
				return 0, st, &syntaxError{Off: i, Expected: "less nesting", Found: "more than 10000 levels"}
			}
			i = skipWS(b, i+1)
			if i >= len(b) {
				return 0, st, errShort
			}
			if b[i] == ']' {
				i++
				break
			}
			st = append(st, '[')
			continue
		case c == 't':
			if err := lit(b, i, "true"); err != nil {
				return 0, st, err
			}
			i += 4
		case c == 'f':
			if err := lit(b, i, "false"); err != nil {
				return 0, st, err
			}
			i += 5
		case c == 'n':
			if err := lit(b, i, "null"); err != nil {
				return 0, st, err
			}
			i += 4
		case c == '-' || (c >= '0' && c <= '9'):
			e, _, err := scanNumber(b, i)
			if err != nil {
				return 0, st, err
			}
			i = e
		default:
			return 0, st, synErr(b, i, "a JSON value")
		}
		// After a value: close containers or move to the next element.
		for {
			if len(st) == 0 {
				return i, st, nil
			}
			i = skipWS(b, i)
			if i >= len(b) {
				return 0, st, errShort
			}
			top := st[len(st)-1]
			c := b[i]
			if c == ',' {
				i = skipWS(b, i+1)
				if top == '{' {
					var err error
					if i, err = objKey(b, i); err != nil {
						return 0, st, err
					}
				}
				break
			}
			if (top == '{' && c == '}') || (top == '[' && c == ']') {
				st = st[:len(st)-1]
				i++
				continue
			}
			if top == '{' {
				return 0, st, synErr(b, i, "',' or '}'")
			}
			return 0, st, synErr(b, i, "',' or ']'")
		}
	}
}

// objKey reads `"key" :` at b[i] and returns the index of the value.
func objKey(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errShort
	}
	if b[i] != '"' {
		return 0, synErr(b, i, "a string key")
	}
	e, err := strEnd(b, i+1)
	if err != nil {
		return 0, err
	}
	i = skipWS(b, e+1)
	if i >= len(b) {
		return 0, errShort
	}
	if b[i] != ':' {
		return 0, synErr(b, i, "':' after the key")
	}
	i = skipWS(b, i+1)
	if i >= len(b) {
		return 0, errShort
	}
	return i, nil
}

func lit(b []byte, i int, word string) error {
	for k := 0; k < len(word); k++ {
		if i+k >= len(b) {
			return errShort
		}
		if b[i+k] != word[k] {
			return &syntaxError{Off: i, Expected: "a JSON value", Found: describe(b, i)}
		}
	}
	return nil
}

// scanNumber validates the number at b[i] and returns its end and
// whether it is an integer (no fraction or exponent).
func scanNumber(b []byte, i int) (int, bool, error) {
	start := i
	if b[i] == '-' {
		i++
	}
	d := i
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	if i == d {
		if i >= len(b) {
			return 0, false, errShort
		}
		return 0, false, &syntaxError{Off: start, Expected: "a JSON value", Found: describe(b, start)}
	}
	isInt := true
	if i < len(b) && b[i] == '.' {
		isInt = false
		i++
		d = i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return 0, false, synErr(b, i, "a digit after '.'")
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		isInt = false
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		d = i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return 0, false, synErr(b, i, "a digit in the exponent")
		}
	}
	return i, isInt, nil
}

// unescape appends the decoded contents of a JSON string (without its
// quotes) to dst. Invalid escapes are kept literally; lone surrogates
// become U+FFFD.
func unescape(dst, s []byte) []byte {
	for len(s) > 0 {
		j := bytes.IndexByte(s, '\\')
		if j < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:j]...)
		s = s[j:]
		if len(s) < 2 {
			return append(dst, s...)
		}
		switch e := s[1]; e {
		case '"', '\\', '/':
			dst = append(dst, e)
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := hex4(s[2:])
			if !ok {
				dst = append(dst, s[:2]...)
				s = s[2:]
				continue
			}
			s = s[6:]
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if len(s) >= 6 && s[0] == '\\' && s[1] == 'u' {
					if x, ok := hex4(s[2:]); ok {
						if d := utf16.DecodeRune(r, x); d != utf8.RuneError {
							r2 = x
							s = s[6:]
						}
					}
				}
				r = utf16.DecodeRune(r, r2)
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default:
			dst = append(dst, s[:2]...)
		}
		s = s[2:]
	}
	return dst
}

func hex4(s []byte) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range s[:4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}

// objIter walks the keys of one JSON object. Use start, then next until
// done; after next returns a key, call skip (or decode the value yourself
// and set it.i).
type objIter struct {
	b     []byte
	i     int
	first bool
	stack []byte
	// key holds the current key's raw (still escaped) bytes and esc tells
	// whether it contains escapes.
	key []byte
	esc bool
}

// start positions the iterator at the object starting at b[i].
func (it *objIter) start(b []byte, i int) error {
	it.b, it.i, it.first = b, i, true
	if i >= len(b) {
		return errShort
	}
	if b[i] != '{' {
		return synErr(b, i, "'{'")
	}
	it.i = i + 1
	return nil
}

// next reads the next key and returns the index where its value starts,
// or done when the object closed (it.i is then just past the '}').
func (it *objIter) next() (val int, done bool, err error) {
	b := it.b
	i := skipWS(b, it.i)
	if i >= len(b) {
		return 0, false, errShort
	}
	if b[i] == '}' {
		it.i = i + 1
		return 0, true, nil
	}
	if !it.first {
		if b[i] != ',' {
			return 0, false, synErr(b, i, "',' or '}'")
		}
		i = skipWS(b, i+1)
		if i >= len(b) {
			return 0, false, errShort
		}
	}
	it.first = false
	if b[i] != '"' {
		return 0, false, synErr(b, i, "a string key")
	}
	e, err := strEnd(b, i+1)
	if err != nil {
		return 0, false, err
	}
	it.key = b[i+1 : e]
	it.esc = bytes.IndexByte(it.key, '\\') >= 0
	i = skipWS(b, e+1)
	if i >= len(b) {
		return 0, false, errShort
	}
	if b[i] != ':' {
		return 0, false, synErr(b, i, "':' after the key")
	}
	i = skipWS(b, i+1)
	if i >= len(b) {
		return 0, false, errShort
	}
	it.i = i
	return i, false, nil
}

// skip skips the current value, validating it, and returns its end.
func (it *objIter) skip() (int, error) {
	e, err := skipStrict(it.b, it.i, &it.stack)
	if err != nil {
		return 0, err
	}
	it.i = e
	return e, nil
}

// keyString returns the current key, unescaped if needed.
func (it *objIter) keyString(scratch *[]byte) []byte {
	if !it.esc {
		return it.key
	}
	*scratch = unescape((*scratch)[:0], it.key)
	return *scratch
}
