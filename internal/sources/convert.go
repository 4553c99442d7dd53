package sources

import (
	"bytes"
	"hash/maphash"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"reconwatch/internal/table"
)

// Conversion of input text and JSON tokens to typed cells.
//
// Absent values: JSON null, a missing key, "" and "-" (schemas.md §7.3:
// the same column is "", null, missing or "-" depending on the export
// path) are absent: the cell keeps its default, "" for strings and null
// otherwise, and no failure is counted. Anything else that does not fit
// the column's type becomes null and is counted as a conversion failure.

// JSON token kinds.
const (
	jString byte = 's'
	jNumber byte = 'n'
	jTrue   byte = 't'
	jFalse  byte = 'f'
	jNull   byte = 'z'
	jObject byte = 'o'
	jArray  byte = 'a'
)

type convStatus uint8

const (
	convOK convStatus = iota
	convAbsent
	convFail
)

const (
	internMaxLen  = 256
	internEntries = 1024 // per column, direct-mapped
	internProbe   = 4096 // lookups before deciding whether interning pays
)

// strCache interns one column's strings in a direct-mapped cache, so
// repeated values (device names, action types, process names) cost no
// allocation. A column whose values rarely repeat (IPs, command lines)
// turns it off after internProbe lookups.
type strCache struct {
	ents          []string
	lookups, hits int
	off           bool
}

// converter turns raw values into cells for the requested columns
// (slots).
type converter struct {
	types  []table.Type
	intern []*strCache
	seed   maphash.Seed
}

func newConverter(types []table.Type) *converter {
	c := &converter{types: types, intern: make([]*strCache, len(types)), seed: maphash.MakeSeed()}
	for i, t := range types {
		if t == table.String {
			c.intern[i] = &strCache{ents: make([]string, internEntries)}
		}
	}
	return c
}

func (c *converter) str(slot int, b []byte) table.Value {
	if len(b) == 0 {
		return table.EmptyString
	}
	return table.Value{K: table.KString, S: c.text(slot, b)}
}

// text returns b as a string, interned for short values, with invalid
// UTF-8 replaced by U+FFFD.
func (c *converter) text(slot int, b []byte) string {
	if !utf8.Valid(b) {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	if len(b) <= internMaxLen && slot >= 0 && slot < len(c.intern) {
		if sc := c.intern[slot]; sc != nil && !sc.off {
			h := maphash.Bytes(c.seed, b) & (internEntries - 1)
			if e := sc.ents[h]; e == string(b) {
				sc.hits++
				return e
			}
			s := string(b)
			sc.ents[h] = s
			if sc.lookups++; sc.lookups == internProbe && sc.hits < internProbe/4 {
				sc.off, sc.ents = true, nil
			}
			return s
		}
	}
	return string(b)
}

// fromJSON converts a JSON token. raw is the token's text; for strings it
// is the contents between the quotes, unescaped when esc is false (the
// caller unescapes).
func (c *converter) fromJSON(slot int, kind byte, raw []byte) (table.Value, convStatus) {
	t := c.types[slot]
	switch kind {
	case jNull:
		return table.Value{}, convAbsent
	case jString:
		return c.fromText(slot, raw, false)
	case jNumber:
		switch t {
		case table.String:
			return c.str(slot, raw), convOK
		case table.Long, table.Int:
			if v, ok := parseInt(raw); ok {
				return intValue(t, v)
			}
			if f, err := strconv.ParseFloat(string(raw), 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 9.2e18 {
				return intValue(t, int64(f))
			}
			return table.Value{}, convFail
		case table.Real, table.Decimal:
			f, err := strconv.ParseFloat(string(raw), 64)
			if err != nil && !isRangeErr(err) {
				return table.Value{}, convFail
			}
			if t == table.Decimal {
				return table.NewDecimal(f), convOK
			}
			return table.NewReal(f), convOK
		case table.Bool:
			if v, ok := parseInt(raw); ok {
				return table.NewBool(v != 0), convOK
			}
			return table.Value{}, convFail
		case table.Timespan:
			if v, ok := parseInt(raw); ok {
				return table.NewTimespan(v), convOK // Kusto: a number is ticks
			}
			return table.Value{}, convFail
		case table.Dynamic:
			if v, ok := parseInt(raw); ok {
				return table.NewLong(v), convOK
			}
			f, err := strconv.ParseFloat(string(raw), 64)
			if err != nil && !isRangeErr(err) {
				return table.Value{}, convFail
			}
			return table.NewReal(f), convOK
		}
		return table.Value{}, convFail
	case jTrue, jFalse:
		b := kind == jTrue
		switch t {
		case table.Bool, table.Dynamic:
			return table.NewBool(b), convOK
		case table.String:
			if b {
				return table.NewString("true"), convOK
			}
			return table.NewString("false"), convOK
		case table.Long, table.Int, table.Real, table.Decimal:
			n := int64(0)
			if b {
				n = 1
			}
			switch t {
			case table.Real:
				return table.NewReal(float64(n)), convOK
			case table.Decimal:
				return table.NewDecimal(float64(n)), convOK
			}
			return intValue(t, n)
		}
		return table.Value{}, convFail
	case jObject, jArray:
		switch t {
		case table.Dynamic:
			v, err := table.ParseJSON(string(raw))
			if err != nil {
				return table.Value{}, convFail
			}
			return v, convOK
		case table.String:
			if bytes.IndexByte(raw, '\n') >= 0 || bytes.IndexByte(raw, '\r') >= 0 {
				if v, err := table.ParseJSON(string(raw)); err == nil {
					return table.NewString(string(table.AppendJSON(nil, v))), convOK
				}
			}
			return table.NewString(c.text(-1, raw)), convOK
		}
		return table.Value{}, convFail
	}
	return table.Value{}, convFail
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

func intValue(t table.Type, v int64) (table.Value, convStatus) {
	if t == table.Int {
		if v < math.MinInt32 || v > math.MaxInt32 {
			return table.Value{}, convFail
		}
		return table.NewInt(v), convOK
	}
	return table.NewLong(v), convOK
}

// fromText converts text: a JSON string's contents or a CSV cell. csv
// marks untyped CSV text, which a dynamic column parses as any JSON
// value; a JSON string only becomes an object or array when it holds one
// (AdditionalFields exported as a string).
func (c *converter) fromText(slot int, b []byte, csv bool) (table.Value, convStatus) {
	t := c.types[slot]
	if t == table.String {
		if len(b) == 0 || (len(b) == 1 && b[0] == '-') {
			return table.Value{}, convAbsent
		}
		return c.str(slot, b), convOK
	}
	b = trimSpaceBytes(b)
	if len(b) == 0 || (len(b) == 1 && b[0] == '-') {
		return table.Value{}, convAbsent
	}
	switch t {
	case table.Long, table.Int:
		if v, ok := parseInt(b); ok {
			return intValue(t, v)
		}
		if f, err := strconv.ParseFloat(string(b), 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 9.2e18 {
			return intValue(t, int64(f))
		}
		return table.Value{}, convFail
	case table.Real, table.Decimal:
		f, err := strconv.ParseFloat(string(b), 64)
		if err != nil && !isRangeErr(err) {
			return table.Value{}, convFail
		}
		if t == table.Decimal {
			return table.NewDecimal(f), convOK
		}
		return table.NewReal(f), convOK
	case table.Bool:
		switch {
		case equalFold(b, "true") || (len(b) == 1 && b[0] == '1'):
			return table.NewBool(true), convOK
		case equalFold(b, "false") || (len(b) == 1 && b[0] == '0'):
			return table.NewBool(false), convOK
		}
		return table.Value{}, convFail
	case table.Datetime:
		if ticks, ok := table.ParseISODatetime(b); ok {
			return table.NewDatetime(ticks), convOK
		}
		s := string(b)
		if ticks, ok := table.ParseDatetime(s); ok {
			return table.NewDatetime(ticks), convOK
		}
		if ticks, ok := parsePortalDatetime(s); ok {
			return table.NewDatetime(ticks), convOK
		}
		return table.Value{}, convFail
	case table.Timespan:
		if ticks, ok := table.ParseTimespan(string(b)); ok {
			return table.NewTimespan(ticks), convOK
		}
		return table.Value{}, convFail
	case table.Guid:
		if g, ok := parseGuid(b); ok {
			return table.NewGuid(g), convOK
		}
		return table.Value{}, convFail
	case table.Dynamic:
		if b[0] == '{' || b[0] == '[' || (csv && looksLikeJSONScalar(b)) {
			if v, err := table.ParseJSON(string(b)); err == nil {
				return v, convOK
			}
		}
		return table.NewString(c.text(-1, b)), convOK
	}
	return table.Value{}, convFail
}

func looksLikeJSONScalar(b []byte) bool {
	c := b[0]
	return c == '-' || (c >= '0' && c <= '9') || c == '"' || string(b) == "true" || string(b) == "false" || string(b) == "null"
}

func trimSpaceBytes(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n') {
		b = b[1:]
	}
	for len(b) > 0 {
		c := b[len(b)-1]
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			break
		}
		b = b[:len(b)-1]
	}
	return b
}

func equalFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// parseInt parses an optionally signed decimal integer without
// allocating; it fails on overflow and on anything else.
func parseInt(b []byte) (int64, bool) {
	neg := false
	i := 0
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		i = 1
	}
	if i >= len(b) || len(b)-i > 19 {
		return 0, false
	}
	var u uint64
	for ; i < len(b); i++ {
		c := b[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return -int64(u), true
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

func digitsB(s []byte) (int, bool) {
	v := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, len(s) > 0
}

// Log Analytics' portal CSV export writes times as "2/21/2024, 2:15:33.123 PM".
var portalLayouts = []string{
	"1/2/2006, 3:04:05.000 PM",
	"1/2/2006, 3:04:05 PM",
	"1/2/2006, 15:04:05.000",
	"1/2/2006, 15:04:05",
}

func parsePortalDatetime(s string) (int64, bool) {
	if strings.IndexByte(s, ',') < 0 {
		return 0, false
	}
	for _, l := range portalLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return table.TicksFromTime(t), true
		}
	}
	return 0, false
}

// parseGuid accepts 8-4-4-4-12 hex (optionally in braces or parentheses)
// or 32 bare hex digits and returns the lower-case dashed form.
func parseGuid(b []byte) (string, bool) {
	if len(b) == 38 && ((b[0] == '{' && b[37] == '}') || (b[0] == '(' && b[37] == ')')) {
		b = b[1:37]
	}
	var hex [32]byte
	k := 0
	switch len(b) {
	case 36:
		for i, c := range b {
			if i == 8 || i == 13 || i == 18 || i == 23 {
				if c != '-' {
					return "", false
				}
				continue
			}
			hex[k] = c
			k++
		}
	case 32:
		copy(hex[:], b)
		k = 32
	default:
		return "", false
	}
	var out [36]byte
	j := 0
	for i := 0; i < 32; i++ {
		if i == 8 || i == 12 || i == 16 || i == 20 {
			out[j] = '-'
			j++
		}
		c := hex[i]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
		case c >= 'A' && c <= 'F':
			c += 'a' - 'A'
		default:
			return "", false
		}
		out[j] = c
		j++
	}
	return string(out[:]), true
}
