package table

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxJSONDepth bounds nesting in ParseJSON so hostile input cannot exhaust
// the stack.
const MaxJSONDepth = 512

// ErrJSONDepth is returned when a JSON document nests deeper than MaxJSONDepth.
var ErrJSONDepth = errors.New("JSON nests too deeply")

// ParseJSON parses one JSON document into a dynamic Value. Integers that fit
// in int64 become long, other numbers real, as Kusto's parse_json does.
// Trailing whitespace is allowed; anything else after the value is an error.
func ParseJSON(s string) (Value, error) {
	p := jsonParser{s: s}
	p.ws()
	v, err := p.value(0)
	if err != nil {
		return Null, err
	}
	p.ws()
	if p.i != len(p.s) {
		return Null, p.errf("unexpected %q after JSON value", p.s[p.i])
	}
	return v, nil
}

// JSONSyntaxError reports where a JSON document went wrong.
type JSONSyntaxError struct {
	Offset int
	Msg    string
}

func (e *JSONSyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d: %s", e.Offset, e.Msg)
}

type jsonParser struct {
	s string
	i int
}

func (p *jsonParser) errf(format string, args ...any) error {
	return &JSONSyntaxError{Offset: p.i, Msg: fmt.Sprintf(format, args...)}
}

func (p *jsonParser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (Value, error) {
	if depth > MaxJSONDepth {
		return Null, ErrJSONDepth
	}
	if p.i >= len(p.s) {
		return Null, p.errf("unexpected end of input")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		p.i++
		var keys []string
		var vals []Value
		p.ws()
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return NewBag([]string{}, []Value{}), nil
		}
		for {
			p.ws()
			if p.i >= len(p.s) || p.s[p.i] != '"' {
				return Null, p.errf("expected a string key")
			}
			k, err := p.str()
			if err != nil {
				return Null, err
			}
			p.ws()
			if p.i >= len(p.s) || p.s[p.i] != ':' {
				return Null, p.errf("expected ':' after key")
			}
			p.i++
			p.ws()
			v, err := p.value(depth + 1)
			if err != nil {
				return Null, err
			}
			// Duplicate keys: the last one wins, as in Kusto.
			dup := false
			for j, kk := range keys {
				if kk == k {
					vals[j] = v
					dup = true
					break
				}
			}
			if !dup {
				keys = append(keys, k)
				vals = append(vals, v)
			}
			p.ws()
			if p.i >= len(p.s) {
				return Null, p.errf("unexpected end of input in object")
			}
			if p.s[p.i] == ',' {
				p.i++
				continue
			}
			if p.s[p.i] == '}' {
				p.i++
				return NewBag(keys, vals), nil
			}
			return Null, p.errf("expected ',' or '}' in object")
		}
	case c == '[':
		p.i++
		elems := []Value{}
		p.ws()
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.i++
			return NewArray(elems), nil
		}
		for {
			p.ws()
			v, err := p.value(depth + 1)
			if err != nil {
				return Null, err
			}
			elems = append(elems, v)
			p.ws()
			if p.i >= len(p.s) {
				return Null, p.errf("unexpected end of input in array")
			}
			if p.s[p.i] == ',' {
				p.i++
				continue
			}
			if p.s[p.i] == ']' {
				p.i++
				return NewArray(elems), nil
			}
			return Null, p.errf("expected ',' or ']' in array")
		}
	case c == '"':
		s, err := p.str()
		if err != nil {
			return Null, err
		}
		return NewString(s), nil
	case c == 't':
		return p.lit("true", NewBool(true))
	case c == 'f':
		return p.lit("false", NewBool(false))
	case c == 'n':
		return p.lit("null", Null)
	case c == '-' || (c >= '0' && c <= '9'):
		return p.num()
	default:
		return Null, p.errf("unexpected character %q", c)
	}
}

func (p *jsonParser) lit(word string, v Value) (Value, error) {
	if len(p.s)-p.i >= len(word) && p.s[p.i:p.i+len(word)] == word {
		p.i += len(word)
		return v, nil
	}
	return Null, p.errf("invalid literal")
}

func (p *jsonParser) num() (Value, error) {
	start := p.i
	isReal := false
	if p.s[p.i] == '-' {
		p.i++
	}
	digits := 0
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' || c == 'e' || c == 'E' || ((c == '+' || c == '-') && (p.s[p.i-1] == 'e' || p.s[p.i-1] == 'E')):
			isReal = true
		default:
			goto done
		}
		p.i++
	}
done:
	if digits == 0 {
		return Null, p.errf("invalid number")
	}
	text := p.s[start:p.i]
	if !isReal {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return NewLong(n), nil
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return NewReal(f), nil
		}
		return Null, p.errf("invalid number %q", text)
	}
	return NewReal(f), nil
}

// str parses a JSON string starting at the opening quote.
func (p *jsonParser) str() (string, error) {
	p.i++ // opening quote
	start := p.i
	// Fast path: no escapes.
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '"' {
			s := p.s[start:p.i]
			p.i++
			return s, nil
		}
		if c == '\\' {
			break
		}
		p.i++
	}
	buf := []byte(p.s[start:p.i])
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return string(buf), nil
		case c == '\\':
			if p.i+1 >= len(p.s) {
				return "", p.errf("unterminated escape")
			}
			e := p.s[p.i+1]
			p.i += 2
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return "", p.errf("invalid \\u escape")
				}
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if p.i+1 < len(p.s) && p.s[p.i] == '\\' && p.s[p.i+1] == 'u' {
						save := p.i
						p.i += 2
						if x, ok := p.hex4(); ok {
							r2 = x
						} else {
							p.i = save
						}
					}
					r = utf16.DecodeRune(r, r2)
				}
				buf = utf8.AppendRune(buf, r)
			default:
				return "", p.errf("invalid escape \\%c", e)
			}
		default:
			buf = append(buf, c)
			p.i++
		}
	}
	return "", p.errf("unterminated string")
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(p.s[p.i : p.i+4]) {
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
	p.i += 4
	return r, true
}
