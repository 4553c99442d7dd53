package syntax

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"reconwatch/internal/table"
)

// parseStringLit parses one string literal or several adjacent ones,
// which KQL concatenates: "a" 'b' // comment
// @"c" is "abc".
func (p *parser) parseStringLit() *Literal {
	first := p.tok
	var b strings.Builder
	obf := false
	last := first
	n := 0
	for p.tok.kind == tString {
		v, o := stringValue(p.text(p.tok), p.tok.flags)
		if n == 0 {
			// The common single-literal case needs no copy.
			if p.peek(1).kind != tString {
				last = p.tok
				p.next()
				return &Literal{ValuePos: Pos(first.pos), EndPos: Pos(last.end), Kind: LitString, Type: table.String,
					Value: table.NewString(v), Raw: p.src[first.pos:last.end], Obfuscated: o}
			}
		}
		b.WriteString(v)
		obf = obf || o
		last = p.tok
		n++
		p.next()
	}
	return &Literal{ValuePos: Pos(first.pos), EndPos: Pos(last.end), Kind: LitString, Type: table.String,
		Value: table.NewString(b.String()), Raw: p.src[first.pos:last.end], Obfuscated: obf}
}

// stringValue returns the value of one string token (already validated by
// the lexer) and whether it is obfuscated.
func stringValue(raw string, flags uint8) (string, bool) {
	obf := flags&flagObfuscated != 0
	if obf {
		raw = raw[1:] // h or H
	}
	unterminated := flags&flagUnterminated != 0
	if flags&flagMultiLine != 0 {
		raw = raw[3:]
		if !unterminated {
			raw = raw[:len(raw)-3]
		}
		return raw, obf
	}
	if flags&flagVerbatim != 0 {
		raw = raw[1:] // @
	}
	quote := raw[0]
	body := raw[1:]
	if !unterminated && len(body) > 0 {
		body = body[:len(body)-1]
	}
	if flags&flagVerbatim != 0 {
		return strings.ReplaceAll(body, string([]byte{quote, quote}), string(quote)), obf
	}
	if strings.IndexByte(body, '\\') < 0 {
		return body, obf
	}
	return unescape(body), obf
}

// unescape decodes backslash escapes. Invalid escapes, which the lexer
// has reported, are kept as written.
func unescape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		n := escapeLen(s, i)
		if n < 0 {
			b.WriteByte(c)
			i++
			continue
		}
		switch e := s[i+1]; e {
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case 'x', 'u', 'U':
			v, _ := strconv.ParseUint(s[i+2:i+n], 16, 32)
			r := rune(v)
			if e == 'u' && utf16.IsSurrogate(r) && i+n+6 <= len(s) && s[i+n] == '\\' && s[i+n+1] == 'u' {
				if v2, err := strconv.ParseUint(s[i+n+2:i+n+6], 16, 32); err == nil {
					if r2 := utf16.DecodeRune(r, rune(v2)); r2 != utf8.RuneError {
						b.WriteRune(r2)
						i += n + 6
						continue
					}
				}
			}
			if e == 'x' {
				b.WriteByte(byte(v))
			} else {
				b.WriteRune(r)
			}
		case '\\', '\'', '"':
			b.WriteByte(e)
		default: // octal
			v, _ := strconv.ParseUint(s[i+1:i+n], 8, 32)
			b.WriteByte(byte(v))
		}
		i += n
	}
	return b.String()
}

func (p *parser) parseBool() *Literal {
	t := p.tok
	p.next()
	w := p.text(t)
	return &Literal{ValuePos: Pos(t.pos), EndPos: Pos(t.end), Kind: LitBool, Type: table.Bool,
		Value: table.NewBool(w[0] == 't' || w[0] == 'T'), Raw: w}
}

// parseNumber parses a long, real or timespan token.
func (p *parser) parseNumber() *Literal {
	t := p.tok
	p.next()
	raw := p.text(t)
	lit := &Literal{ValuePos: Pos(t.pos), EndPos: Pos(t.end), Raw: raw}
	switch t.kind {
	case tLong:
		lit.Kind, lit.Type = LitLong, table.Long
		v, ok := parseLong(raw)
		if !ok {
			p.addErr(Pos(t.pos), Pos(t.end), CodeBadLiteral, "integer literal %s is out of range for long", raw)
		}
		lit.Value = table.NewLong(v)
	case tReal:
		lit.Kind, lit.Type = LitReal, table.Real
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			p.addErr(Pos(t.pos), Pos(t.end), CodeBadLiteral, "real literal %s is out of range", raw)
		}
		lit.Value = table.NewReal(f)
	case tTimespan:
		lit.Kind, lit.Type = LitTimespan, table.Timespan
		i := 0
		for i < len(raw) && (isDigit(raw[i]) || raw[i] == '.') {
			i++
		}
		ticks, ok := timespanTicks(raw[:i], raw[i:])
		if !ok {
			p.addErr(Pos(t.pos), Pos(t.end), CodeBadLiteral, "timespan literal %s is out of range", raw)
		}
		lit.Value = table.NewTimespan(ticks)
	}
	return lit
}

// parseLong parses a decimal or 0x hex integer with an optional sign.
func parseLong(s string) (int64, bool) {
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		u, err := strconv.ParseUint(s[2:], 16, 64)
		if err != nil {
			return 0, false
		}
		v := int64(u) // 0xFFFFFFFFFFFFFFFF is -1, two's complement
		if neg {
			v = -v
		}
		return v, true
	}
	if s == "" || !isDigit(s[0]) {
		return 0, false
	}
	if neg {
		s = "-" + s
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}

// timespanTicks converts a number (digits, optional fraction) and a unit
// suffix ("" means days) into ticks, reporting overflow.
func timespanTicks(num, unit string) (int64, bool) {
	var per int64
	nano := false
	switch {
	case unit == "":
		per = table.TicksPerDay
	case table.NanoUnits[unit]:
		nano = true
	default:
		u, ok := table.TimespanUnits[unit]
		if !ok {
			return 0, false
		}
		per = u
	}
	if !strings.Contains(num, ".") {
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			return 0, false
		}
		if nano {
			return n / 100, true
		}
		if n > math.MaxInt64/per {
			return 0, false
		}
		return n * per, true
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, false
	}
	if nano {
		f /= 100
	} else {
		f *= float64(per)
	}
	if f >= 9.2e18 {
		return 0, false
	}
	if nano {
		return int64(f), true
	}
	return int64(math.Round(f)), true
}

// parseTimespanText parses the content of timespan(...): 2 (days),
// 15 seconds, 1.5h, -1d, 0.12:34:56.7.
func parseTimespanText(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = strings.TrimSpace(s[1:])
	}
	var ticks int64
	if strings.Contains(s, ":") {
		if len(s) > 40 || strings.ContainsAny(s, "+- ") {
			return 0, false
		}
		colon := strings.IndexByte(s, ':')
		if dot := strings.IndexByte(s[:colon], '.'); dot > 8 {
			return 0, false // more days than a timespan holds
		}
		t, ok := table.ParseTimespan(s)
		if !ok {
			return 0, false
		}
		ticks = t
	} else {
		i := 0
		for i < len(s) && (isDigit(s[i]) || s[i] == '.') {
			i++
		}
		if i == 0 || strings.Count(s[:i], ".") > 1 || s[i-1] == '.' {
			return 0, false
		}
		t, ok := timespanTicks(s[:i], strings.TrimSpace(s[i:]))
		if !ok {
			return 0, false
		}
		ticks = t
	}
	if neg {
		ticks = -ticks
	}
	return ticks, true
}

// parseGoo parses a typed literal token: long(1), int(null), real(+inf),
// decimal(1.5), bool(true), datetime(...), timespan(...), guid(...).
func (p *parser) parseGoo() *Literal {
	t := p.tok
	p.next()
	raw := p.text(t)
	open := strings.IndexByte(raw, '(')
	word := raw[:open]
	inner := raw[open+1:]
	if t.flags&flagUnterminated == 0 {
		inner = inner[:len(inner)-1]
	}
	inner = strings.TrimSpace(inner)
	lit := &Literal{ValuePos: Pos(t.pos), EndPos: Pos(t.end), Raw: raw}
	if t.flags&flagUnterminated != 0 { // already reported by the lexer
		lit.Kind = LitNull
		return lit
	}
	var typ table.Type
	switch word {
	case "long":
		typ = table.Long
	case "int":
		typ = table.Int
	case "real", "double":
		typ = table.Real
	case "decimal":
		typ = table.Decimal
	case "bool":
		typ = table.Bool
	case "datetime", "date":
		typ = table.Datetime
	case "time", "timespan":
		typ = table.Timespan
	case "guid":
		typ = table.Guid
	}
	lit.Type = typ
	if inner == "null" {
		lit.Kind, lit.Value = LitNull, table.Null
		return lit
	}
	ok := true
	switch typ {
	case table.Long:
		var v int64
		v, ok = parseLong(inner)
		lit.Kind, lit.Value = LitLong, table.NewLong(v)
	case table.Int:
		var v int64
		v, ok = parseLong(inner)
		ok = ok && v >= math.MinInt32 && v <= math.MaxInt32
		lit.Kind, lit.Value = LitInt, table.NewInt(v)
	case table.Real, table.Decimal:
		var f float64
		f, ok = parseRealText(inner)
		if typ == table.Real {
			lit.Kind, lit.Value = LitReal, table.NewReal(f)
		} else {
			lit.Kind, lit.Value = LitDecimal, table.NewDecimal(f)
		}
	case table.Bool:
		switch inner {
		case "true", "True", "TRUE":
			lit.Value = table.NewBool(true)
		case "false", "False", "FALSE":
			lit.Value = table.NewBool(false)
		default:
			ok = false
		}
		lit.Kind = LitBool
	case table.Datetime:
		var ticks int64
		ticks, ok = parseDatetimeText(inner)
		lit.Kind, lit.Value = LitDatetime, table.NewDatetime(ticks)
	case table.Timespan:
		var ticks int64
		ticks, ok = parseTimespanText(inner)
		lit.Kind, lit.Value = LitTimespan, table.NewTimespan(ticks)
	case table.Guid:
		var g string
		g, ok = parseGuidText(inner)
		lit.Kind, lit.Value = LitGuid, table.NewGuid(g)
	}
	if !ok {
		hint := ""
		if conv := convFuncs[word]; conv != "" {
			hint = "; use " + conv + "() to convert an expression"
		}
		p.addErr(Pos(t.pos), Pos(t.end), CodeBadLiteral, "invalid %s literal %s%s", word, raw, hint)
	}
	return lit
}

var convFuncs = map[string]string{
	"long": "tolong", "int": "toint", "real": "toreal", "double": "todouble", "decimal": "todecimal",
	"bool": "tobool", "datetime": "todatetime", "date": "todatetime", "time": "totimespan",
	"timespan": "totimespan", "guid": "toguid",
}

// parseRealText parses a number or nan, inf, +inf, -inf.
func parseRealText(s string) (float64, bool) {
	switch strings.ToLower(s) {
	case "nan":
		return math.NaN(), true
	case "inf", "+inf", "infinity", "+infinity":
		return math.Inf(1), true
	case "-inf", "-infinity":
		return math.Inf(-1), true
	}
	if s == "" || !(isDigit(s[0]) || s[0] == '-' || s[0] == '+' || s[0] == '.') {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// parseDatetimeText parses the content of datetime(...): ISO 8601 with T
// or a space (1-digit months and days allowed), RFC 822/850, the comma
// form datetime(2025, 6, 14[, h, m, s]), min, max, or a quoted string.
func parseDatetimeText(s string) (int64, bool) {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	switch s {
	case "min":
		return 0, true
	case "max":
		return table.MaxDatetimeTicks, true
	case "":
		return 0, false
	}
	if strings.Contains(s, ",") && isDigit(s[0]) {
		parts := strings.Split(s, ",")
		if len(parts) < 3 || len(parts) > 7 {
			return 0, false
		}
		var n [7]int
		for i, part := range parts {
			v, err := strconv.Atoi(strings.TrimSpace(part))
			if err != nil || v < 0 {
				return 0, false
			}
			n[i] = v
		}
		ticks, ok := table.DateTicks(n[0], n[1], n[2])
		if !ok || n[3] > 23 || n[4] > 59 || n[5] > 59 || n[6] > 9999999 {
			return 0, false
		}
		return ticks + int64(n[3])*table.TicksPerHour + int64(n[4])*table.TicksPerMinute +
			int64(n[5])*table.TicksPerSecond + int64(n[6]), true
	}
	ticks, ok := table.ParseDatetime(padDate(s))
	if !ok || !table.ValidDatetime(ticks) {
		return 0, false
	}
	return ticks, true
}

// padDate rewrites a y-m-d prefix with short fields (1970-5-12) into
// yyyy-mm-dd so the ISO parser accepts it.
func padDate(s string) string {
	var f [3]string
	rest := s
	for i := range 3 {
		j := 0
		for j < len(rest) && isDigit(rest[j]) {
			j++
		}
		if j == 0 || j > 4 || i > 0 && j > 2 {
			return s
		}
		f[i] = rest[:j]
		rest = rest[j:]
		if i < 2 {
			if rest == "" || rest[0] != '-' {
				return s
			}
			rest = rest[1:]
		}
	}
	if len(f[0]) == 4 && len(f[1]) == 2 && len(f[2]) == 2 {
		return s
	}
	if rest != "" && rest[0] != 'T' && rest[0] != ' ' && rest[0] != 'Z' {
		return s
	}
	return strings.Repeat("0", 4-len(f[0])) + f[0] + "-" + strings.Repeat("0", 2-len(f[1])) + f[1] + "-" +
		strings.Repeat("0", 2-len(f[2])) + f[2] + rest
}

// parseGuidText validates 8-4-4-4-12 hex digits (optionally in quotes or
// braces) and returns the guid in lower case.
func parseGuidText(s string) (string, bool) {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		s = s[1 : len(s)-1]
	}
	if len(s) == 38 && s[0] == '{' && s[37] == '}' {
		s = s[1:37]
	}
	if len(s) != 36 {
		return "", false
	}
	for i := 0; i < 36; i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return "", false
			}
		default:
			if !isHexDigit(s[i]) {
				return "", false
			}
		}
	}
	return strings.ToLower(s), true
}

// parseTypeOf parses typeof(T) into a LitType literal.
func (p *parser) parseTypeOf() *Literal {
	kw := p.tok
	p.next()
	p.next() // (
	typ := p.parseTypeName()
	rp := p.expect(tRparen, "')'")
	return &Literal{ValuePos: Pos(kw.pos), EndPos: Pos(rp.end), Kind: LitType, Type: typ, Raw: p.src[kw.pos:rp.end]}
}

// parseDynamic parses dynamic(json), where the JSON may use single quotes
// and nested KQL literals: dynamic({"a": datetime(1970-05-11)}).
func (p *parser) parseDynamic() *Literal {
	kw := p.tok
	p.next()
	p.next() // (
	v := p.parseJSONValue()
	rp := p.expectClose(tRparen, Pos(kw.end), "')' to close dynamic(...)")
	lit := &Literal{ValuePos: Pos(kw.pos), EndPos: Pos(rp.end), Kind: LitDynamic, Type: table.Dynamic,
		Value: v, Raw: p.src[kw.pos:rp.end]}
	if v.IsNull() {
		lit.Kind = LitNull
	}
	return lit
}

// parseJSONValue parses one value of a dynamic literal.
func (p *parser) parseJSONValue() table.Value {
	p.enter()
	defer p.leave()
	switch p.tok.kind {
	case tLbrack:
		p.next()
		elems := []table.Value{}
		if p.tok.kind != tRbrack {
			for {
				elems = append(elems, p.parseJSONValue())
				if !p.got(tComma) {
					break
				}
			}
		}
		p.expect(tRbrack, "',' or ']' in the dynamic array")
		return table.NewArray(elems)
	case tLbrace:
		p.next()
		var keys []string
		var vals []table.Value
		if p.tok.kind != tRbrace {
			for {
				if p.tok.kind != tString {
					p.errorExpected("a quoted property name")
				}
				k := p.parseStringLit().Value.S
				p.expect(tColon, "':' after the property name")
				keys = append(keys, k)
				vals = append(vals, p.parseJSONValue())
				if !p.got(tComma) {
					break
				}
			}
		}
		p.expect(tRbrace, "',' or '}' in the dynamic object")
		if keys == nil {
			keys, vals = []string{}, []table.Value{}
		}
		return table.NewBag(keys, vals)
	case tString:
		return p.parseStringLit().Value
	case tLong, tReal, tTimespan:
		return p.parseNumber().Value
	case tMinus:
		if k := p.peek(1).kind; k == tLong || k == tReal || k == tTimespan {
			p.next()
			return negate(p.parseNumber().Value)
		}
	case tGoo:
		return p.parseGoo().Value
	case tIdent:
		switch p.lit() {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return p.parseBool().Value
		case "null":
			p.next()
			return table.Null
		case "dynamic":
			if p.peek(1).kind == tLparen {
				return p.parseDynamic().Value
			}
		}
	}
	p.errorExpected("a dynamic value (number, string, bool, null, array or object)")
	return table.Null
}

func negate(v table.Value) table.Value {
	switch v.K {
	case table.KLong, table.KInt, table.KTimespan:
		v.I = -v.I
	case table.KReal, table.KDecimal:
		v.F = -v.F
	}
	return v
}

func (p *parser) parseDatatable() *Datatable {
	dt := &Datatable{Keyword: p.pos()}
	p.next()
	p.next() // (
	dt.Columns = p.parseColumnDecls()
	p.expect(tRparen, "',' or ')' in the datatable schema")
	p.expect(tLbrack, "'[' and the datatable values")
	for p.tok.kind != tRbrack {
		dt.Values = append(dt.Values, p.parseLiteralValue("a literal value in datatable"))
		if !p.got(tComma) {
			break
		}
	}
	dt.Rbrack = Pos(p.expect(tRbrack, "',' or ']' in the datatable values").pos)
	return dt
}

// parseLiteralValue parses a literal or a signed number, as datatable
// rows and externaldata URIs allow.
func (p *parser) parseLiteralValue(what string) Expr {
	switch p.tok.kind {
	case tString, tLong, tReal, tTimespan, tGoo:
		return p.parsePrimary()
	case tMinus, tPlus:
		if k := p.peek(1).kind; k == tLong || k == tReal || k == tTimespan || k == tGoo {
			return p.parseUnary()
		}
	case tIdent:
		switch p.lit() {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return p.parseBool()
		case "dynamic", "typeof":
			if p.peek(1).kind == tLparen {
				return p.parsePrimary()
			}
		}
	}
	p.errorExpected(what)
	return nil
}

// parseExternalData parses externaldata(schema)[uris] [with (options)].
func (p *parser) parseExternalData() *ExternalDataExpr {
	x := &ExternalDataExpr{Keyword: p.pos()}
	p.next()
	p.next() // (
	x.Columns = p.parseColumnDecls()
	p.expect(tRparen, "',' or ')' in the externaldata schema")
	p.expect(tLbrack, "'[' and the externaldata URIs")
	for p.tok.kind != tRbrack {
		x.URIs = append(x.URIs, p.parseLiteralValue("a URI string"))
		if !p.got(tComma) {
			break
		}
	}
	x.EndPos = Pos(p.expect(tRbrack, "',' or ']'").end)
	if p.isWord("with") && p.peek(1).kind == tLparen {
		p.next()
		p.next()
		for p.tok.kind != tRparen {
			o := &Option{NamePos: p.pos()}
			o.Name = p.parseDottedName()
			p.expect(tAssign, "'='")
			o.Value = p.parseOptionValue()
			x.Options = append(x.Options, o)
			if !p.got(tComma) {
				break
			}
		}
		x.EndPos = Pos(p.expect(tRparen, "',' or ')'").end)
	}
	return x
}
