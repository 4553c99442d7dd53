package table

import (
	"math"
	"sort"
	"strconv"
	"unicode/utf8"
)

// String returns v as Kusto's tostring() would: null is "", datetimes
// carry 7 fraction digits, timespans read [-][d.]hh:mm:ss[.fffffff],
// arrays and bags are compact JSON.
func (v Value) String() string {
	switch v.K {
	case KNull:
		return ""
	case KString, KGuid:
		return v.S
	}
	return string(AppendText(nil, v))
}

// AppendText appends tostring(v) to b.
func AppendText(b []byte, v Value) []byte {
	switch v.K {
	case KNull:
		return b
	case KBool:
		if v.I != 0 {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case KInt, KLong:
		return strconv.AppendInt(b, v.I, 10)
	case KReal, KDecimal:
		return AppendReal(b, v.F)
	case KDatetime:
		return AppendDatetime(b, v.I)
	case KTimespan:
		return AppendTimespan(b, v.I)
	case KString, KGuid:
		return append(b, v.S...)
	case KArray, KBag:
		return AppendJSON(b, v)
	}
	return b
}

// AppendReal formats f the way .NET's shortest round-trip formatting does,
// which is what Kusto prints: fixed notation for exponents -5 < e < 15,
// otherwise 1.5E+20 / 1E-05.
func AppendReal(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, "NaN"...)
	case math.IsInf(f, 1):
		return append(b, "Infinity"...)
	case math.IsInf(f, -1):
		return append(b, "-Infinity"...)
	case f == 0:
		if math.Signbit(f) {
			return append(b, "-0"...)
		}
		return append(b, '0')
	}
	var tmp [32]byte
	e := strconv.AppendFloat(tmp[:0], f, 'e', -1, 64)
	// e looks like -1.2345e+07
	mant, exp := e, 0
	for i := len(e) - 1; i >= 0; i-- {
		if e[i] == 'e' {
			mant = e[:i]
			exp, _ = strconv.Atoi(string(e[i+1:]))
			break
		}
	}
	if exp > -5 && exp < 15 {
		return strconv.AppendFloat(b, f, 'f', -1, 64)
	}
	b = append(b, mant...)
	b = append(b, 'E')
	if exp < 0 {
		b = append(b, '-')
		exp = -exp
	} else {
		b = append(b, '+')
	}
	if exp < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(exp), 10)
}

// AppendDatetime formats ticks as 2017-10-15T12:00:00.0000000Z.
func AppendDatetime(b []byte, ticks int64) []byte {
	t := TimeFromTicks(ticks)
	b = t.AppendFormat(b, "2006-01-02T15:04:05")
	frac := ticks % TicksPerSecond
	if frac < 0 {
		frac += TicksPerSecond
	}
	b = append(b, '.')
	b = appendPadded(b, frac, 7)
	return append(b, 'Z')
}

// FormatDatetime returns AppendDatetime as a string.
func FormatDatetime(ticks int64) string { return string(AppendDatetime(nil, ticks)) }

// AppendTimespan formats ticks as [-][d.]hh:mm:ss[.fffffff].
func AppendTimespan(b []byte, ticks int64) []byte {
	// Work on the magnitude as uint64 so math.MinInt64 formats exactly.
	mag := uint64(ticks)
	if ticks < 0 {
		b = append(b, '-')
		mag = -mag
	}
	days := mag / uint64(TicksPerDay)
	rem := int64(mag % uint64(TicksPerDay))
	if days > 0 {
		b = strconv.AppendUint(b, days, 10)
		b = append(b, '.')
	}
	b = appendPadded(b, rem/TicksPerHour, 2)
	b = append(b, ':')
	b = appendPadded(b, rem%TicksPerHour/TicksPerMinute, 2)
	b = append(b, ':')
	b = appendPadded(b, rem%TicksPerMinute/TicksPerSecond, 2)
	if f := rem % TicksPerSecond; f != 0 {
		b = append(b, '.')
		b = appendPadded(b, f, 7)
	}
	return b
}

// FormatTimespan returns AppendTimespan as a string.
func FormatTimespan(ticks int64) string { return string(AppendTimespan(nil, ticks)) }

func appendPadded(b []byte, n int64, width int) []byte {
	var tmp [20]byte
	s := strconv.AppendInt(tmp[:0], n, 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// AppendJSON appends v as JSON. Datetimes, timespans and guids become
// strings; NaN and infinities become the strings "NaN", "Infinity",
// "-Infinity" as Kusto's JSON does. Bag keys keep insertion order.
func AppendJSON(b []byte, v Value) []byte {
	switch v.K {
	case KNull:
		return append(b, "null"...)
	case KBool, KInt, KLong:
		return AppendText(b, v)
	case KReal, KDecimal:
		if math.IsNaN(v.F) || math.IsInf(v.F, 0) {
			b = append(b, '"')
			b = AppendReal(b, v.F)
			return append(b, '"')
		}
		return AppendReal(b, v.F)
	case KDatetime, KTimespan:
		b = append(b, '"')
		b = AppendText(b, v)
		return append(b, '"')
	case KString, KGuid:
		return AppendQuoted(b, v.S)
	case KArray:
		b = append(b, '[')
		for i, e := range v.D.Arr {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendJSON(b, e)
		}
		return append(b, ']')
	case KBag:
		b = append(b, '{')
		for i, k := range v.D.Keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendQuoted(b, k)
			b = append(b, ':')
			b = AppendJSON(b, v.D.Vals[i])
		}
		return append(b, '}')
	}
	return b
}

// SortedBag returns a copy of a bag with its keys sorted, for stable text
// (dynamic_to_json, golden files).
func SortedBag(v Value) Value {
	if v.K != KBag {
		return v
	}
	idx := make([]int, len(v.D.Keys))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v.D.Keys[idx[a]] < v.D.Keys[idx[b]] })
	keys := make([]string, len(idx))
	vals := make([]Value, len(idx))
	for i, j := range idx {
		keys[i] = v.D.Keys[j]
		vals[i] = v.D.Vals[j]
	}
	return NewBag(keys, vals)
}

const hexDigits = "0123456789abcdef"

// AppendQuoted appends s as a JSON string literal. Invalid UTF-8 becomes
// U+FFFD so the output is always valid JSON.
func AppendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
