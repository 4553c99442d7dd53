package convfn

import (
	"math"
	"strconv"
	"strings"

	"reconwatch/internal/table"
)

// isIntKind reports whether k is int or long.
func isIntKind(k table.Kind) bool { return k == table.KInt || k == table.KLong }

// kindOf is the runtime kind a non-null value of static type t carries.
func kindOf(t table.Type) table.Kind { return t.Kind() }

// coerce makes v conform to static type t: dynamic and unknown pass
// anything, a null becomes t's null ("" for strings), a value of another
// kind is converted with Convert.
func coerce(v table.Value, t table.Type) table.Value {
	k := kindOf(t)
	if k == table.KNull || v.K == k {
		return v
	}
	if v.K == table.KNull {
		return table.NullOf(t)
	}
	return Convert(v, t)
}

// Convert converts v to static type t the way the to*() functions do:
// bool, int, long, real, decimal, datetime, timespan, string, guid. For
// dynamic it applies ToDynamic (a string is parsed as JSON; anything else
// passes through). Unknown returns v unchanged. Used for
// extract(..., typeof(T)), parse's col:type, and typing text input.
func Convert(v table.Value, t table.Type) table.Value {
	switch t {
	case table.Bool:
		return ToBool(v)
	case table.Int:
		return ToInt(v)
	case table.Long:
		return ToLong(v)
	case table.Real:
		return ToReal(v)
	case table.Decimal:
		return ToDecimal(v)
	case table.Datetime:
		return ToDatetime(v)
	case table.Timespan:
		return ToTimespan(v)
	case table.String:
		return ToStringValue(v)
	case table.Guid:
		return ToGuid(v)
	case table.Dynamic:
		return ToDynamic(v)
	}
	return v
}

// ToStringValue is tostring(): null is "", strings pass through, other
// values use table.Value.String (7-digit datetimes, [-][d.]hh:mm:ss
// timespans, .NET-style reals, compact JSON for arrays and bags).
func ToStringValue(v table.Value) table.Value {
	if v.K == table.KString {
		return v
	}
	return table.NewString(v.String())
}

// parseIntText parses an integer written in decimal, allowing surrounding
// spaces and a sign. Text with a fraction or exponent ("12.7", "1e3")
// parses as a real and truncates toward zero. Out-of-range → false.
func parseIntText(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	f, ok := parseRealText(s)
	if !ok {
		return 0, false
	}
	return realToLong(f)
}

// parseRealText parses a decimal real (as .NET's double.Parse with the
// invariant culture would): digits, sign, fraction, exponent, and the
// words NaN / Infinity / -Infinity. Hex floats and digit separators are
// refused.
func parseRealText(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '_', 'x', 'X', 'p', 'P':
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		// ParseFloat reports ErrRange with ±Inf / 0 for huge / tiny
		// values; .NET returns the same.
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f, true
		}
		return 0, false
	}
	return f, true
}

// realToLong truncates f toward zero if the result fits in int64.
func realToLong(f float64) (int64, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	t := math.Trunc(f)
	if t < -9223372036854775808.0 || t >= 9223372036854775808.0 {
		return 0, false
	}
	return int64(t), true
}

// ToLong is tolong(): bools are 0/1, reals truncate toward zero (NaN,
// infinities and out-of-range values give null), datetimes and timespans
// give their ticks, strings are parsed (see parseIntText). Anything else,
// including arrays and bags, is null.
func ToLong(v table.Value) table.Value {
	switch v.K {
	case table.KBool, table.KInt, table.KLong, table.KDatetime, table.KTimespan:
		return table.NewLong(v.I)
	case table.KReal, table.KDecimal:
		if n, ok := realToLong(v.F); ok {
			return table.NewLong(n)
		}
	case table.KString:
		if n, ok := parseIntText(v.S); ok {
			return table.NewLong(n)
		}
	}
	return table.Null
}

// ToInt is toint(): ToLong, then null unless the result fits in 32 bits.
func ToInt(v table.Value) table.Value {
	if v.K == table.KInt {
		return v
	}
	l := ToLong(v)
	if l.K == table.KNull || l.I < math.MinInt32 || l.I > math.MaxInt32 {
		return table.Null
	}
	return table.NewInt(l.I)
}

// ToReal is todouble()/toreal(): numbers convert, bools are 0/1,
// datetimes and timespans give their ticks, strings are parsed as decimal
// reals ("NaN", "Infinity" included); anything else is null.
func ToReal(v table.Value) table.Value {
	switch v.K {
	case table.KReal:
		return v
	case table.KDecimal:
		return table.NewReal(v.F)
	case table.KBool, table.KInt, table.KLong, table.KDatetime, table.KTimespan:
		return table.NewReal(float64(v.I))
	case table.KString:
		if f, ok := parseRealText(v.S); ok {
			return table.NewReal(f)
		}
	}
	return table.Null
}

// ToDecimal is todecimal(). Decimals are held as float64 in this engine,
// so it is ToReal with the decimal kind.
func ToDecimal(v table.Value) table.Value {
	if v.K == table.KDecimal {
		return v
	}
	r := ToReal(v)
	if r.K == table.KNull {
		return r
	}
	return table.NewDecimal(r.F)
}

// ToBool is tobool()/toboolean(): numbers are true when non-zero, strings
// "true"/"false" in any case (and integer text, true when non-zero);
// anything else is null.
func ToBool(v table.Value) table.Value {
	switch v.K {
	case table.KBool:
		return v
	case table.KInt, table.KLong:
		return table.NewBool(v.I != 0)
	case table.KReal, table.KDecimal:
		return table.NewBool(v.F != 0)
	case table.KString:
		s := strings.TrimSpace(v.S)
		switch {
		case strings.EqualFold(s, "true"):
			return table.NewBool(true)
		case strings.EqualFold(s, "false"):
			return table.NewBool(false)
		}
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return table.NewBool(n != 0)
		}
	}
	return table.Null
}

// ToDatetime is todatetime(): strings are parsed with table.ParseDatetime,
// integers (and reals, truncated) are taken as ticks — the inverse of
// tolong(datetime) — and must fall in 0001-01-01..9999-12-31. Anything
// else is null.
func ToDatetime(v table.Value) table.Value {
	switch v.K {
	case table.KDatetime:
		if table.ValidDatetime(v.I) {
			return v
		}
	case table.KString:
		if t, ok := table.ParseDatetime(v.S); ok {
			return table.NewDatetime(t)
		}
	case table.KInt, table.KLong:
		if table.ValidDatetime(v.I) {
			return table.NewDatetime(v.I)
		}
	case table.KReal, table.KDecimal:
		if n, ok := realToLong(v.F); ok && table.ValidDatetime(n) {
			return table.NewDatetime(n)
		}
	}
	return table.Null
}

// ToTimespan is totimespan(): strings are parsed with
// table.ParseTimespan ("0.00:03:00", "1.5h", "2" = 2 days), integers are
// ticks (the inverse of tolong(timespan)), reals round to the nearest
// tick. Anything else is null.
func ToTimespan(v table.Value) table.Value {
	switch v.K {
	case table.KTimespan:
		return v
	case table.KString:
		if t, ok := table.ParseTimespan(v.S); ok {
			return table.NewTimespan(t)
		}
	case table.KInt, table.KLong:
		return table.NewTimespan(v.I)
	case table.KReal, table.KDecimal:
		if n, ok := realToLong(math.Round(v.F)); ok {
			return table.NewTimespan(n)
		}
	}
	return table.Null
}

// ToGuid is toguid(): the first 32 hex digits of a string, hyphens
// ignored and surrounding braces or parentheses allowed, become a guid in
// canonical lower-case 8-4-4-4-12 form; the rest of the string is
// ignored. Anything else is null.
func ToGuid(v table.Value) table.Value {
	switch v.K {
	case table.KGuid:
		return v
	case table.KString:
		if g, ok := ParseGuid(v.S); ok {
			return table.NewGuid(g)
		}
	}
	return table.Null
}

// ParseGuid returns the canonical text of the guid s starts with.
func ParseGuid(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s != "" && (s[0] == '{' || s[0] == '(') {
		s = s[1:]
	}
	var hex [32]byte
	n := 0
	for i := 0; i < len(s) && n < 32; i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
			hex[n] = c
		case c >= 'A' && c <= 'F':
			hex[n] = c + ('a' - 'A')
		case c == '-':
			continue
		default:
			return "", false
		}
		n++
	}
	if n < 32 {
		return "", false
	}
	var out [36]byte
	j := 0
	for i := 0; i < 32; i++ {
		if i == 8 || i == 12 || i == 16 || i == 20 {
			out[j] = '-'
			j++
		}
		out[j] = hex[i]
		j++
	}
	return string(out[:]), true
}

// ToDynamic is parse_json()/todynamic() applied to a value: a string is
// parsed as JSON ("" and blank text give null; text that is not valid JSON
// gives a dynamic string holding the text); every other value — already a
// dynamic array, bag or scalar, or a typed scalar — passes through.
// Note that parse_json of an argument whose static type is dynamic passes
// a dynamic string through unparsed; that check belongs to the caller.
func ToDynamic(v table.Value) table.Value {
	if v.K != table.KString {
		return v
	}
	if strings.TrimSpace(v.S) == "" {
		return table.Null
	}
	d, err := table.ParseJSON(v.S)
	if err != nil {
		return v
	}
	return d
}
