package convfn

import (
	"strconv"

	"reconwatch/internal/table"
)

// format_datetime / format_timespan format strings, compiled once per
// call site when the format is constant.
//
// Specifiers (runs of one letter): d dd (day), ddd dddd (day name), f..fffffff
// (fraction, truncated), F..FFFFFFF (fraction without trailing zeros; empty
// when zero, and then a '.' right before it is dropped too, as in .NET),
// h hh (12-hour), H HH (24-hour), m mm, M MM (month), MMM MMMM (month name),
// s ss, y (year % 100), yy, yyy.. (zero-padded year), t (A/P), tt (AM/PM).
// For timespans: d..dddddddd (whole days, zero-padded), h hh / H HH (hours
// within the day), m mm, s ss, f.., F... Everything else — the documented
// delimiters ' ' / - : , . _ [ ] and any other character — is copied as
// is; text in '...' or "..." and a character after \ are literal.

type fmtTok struct {
	spec byte // 0 for a literal
	n    int  // run length of spec
	lit  string
}

func compileFormat(f string, specs string) []fmtTok {
	var toks []fmtTok
	var lit []byte
	flush := func() {
		if len(lit) > 0 {
			toks = append(toks, fmtTok{lit: string(lit)})
			lit = lit[:0]
		}
	}
	for i := 0; i < len(f); {
		c := f[i]
		switch {
		case c == '\\' && i+1 < len(f):
			lit = append(lit, f[i+1])
			i += 2
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(f) && f[j] != c {
				j++
			}
			lit = append(lit, f[i+1:j]...)
			i = j + 1
		case indexByte(specs, c):
			flush()
			j := i
			for j < len(f) && f[j] == c {
				j++
			}
			toks = append(toks, fmtTok{spec: c, n: j - i})
			i = j
		default:
			lit = append(lit, c)
			i++
		}
	}
	flush()
	return toks
}

func indexByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}

const (
	datetimeSpecs = "dfFhHmMsyt"
	timespanSpecs = "dfFhHms"
)

var monthFull = [...]string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

var dayFull = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

func appendNum(b []byte, v int64, width int) []byte {
	var tmp [24]byte
	s := strconv.AppendInt(tmp[:0], v, 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// appendFraction writes the n leading digits of the 7-digit fraction;
// trim drops trailing zeros (the F specifiers).
func appendFraction(b []byte, frac int64, n int, trim bool) []byte {
	if n > 7 {
		n = 7
	}
	v := frac
	for k := 7; k > n; k-- {
		v /= 10
	}
	if !trim {
		return appendNum(b, v, n)
	}
	for n > 0 && v%10 == 0 {
		v /= 10
		n--
	}
	if n == 0 {
		if len(b) > 0 && b[len(b)-1] == '.' {
			b = b[:len(b)-1]
		}
		return b
	}
	return appendNum(b, v, n)
}

// formatDatetime renders valid datetime ticks with a compiled format.
func formatDatetime(b []byte, toks []fmtTok, ticks int64) []byte {
	dn := ticks / tpd
	y, m, d, _ := civilFromDays(dn)
	tod := ticks % tpd
	hour := tod / table.TicksPerHour
	frac := tod % table.TicksPerSecond
	for _, t := range toks {
		switch t.spec {
		case 0:
			b = append(b, t.lit...)
		case 'd':
			switch {
			case t.n <= 2:
				b = appendNum(b, int64(d), t.n)
			case t.n == 3:
				b = append(b, dayFull[weekday(dn)][:3]...)
			default:
				b = append(b, dayFull[weekday(dn)]...)
			}
		case 'f', 'F':
			b = appendFraction(b, frac, t.n, t.spec == 'F')
		case 'h':
			h12 := hour % 12
			if h12 == 0 {
				h12 = 12
			}
			b = appendNum(b, h12, min(t.n, 2))
		case 'H':
			b = appendNum(b, hour, min(t.n, 2))
		case 'm':
			b = appendNum(b, tod%table.TicksPerHour/table.TicksPerMinute, min(t.n, 2))
		case 'M':
			switch {
			case t.n <= 2:
				b = appendNum(b, int64(m), t.n)
			case t.n == 3:
				b = append(b, monthFull[m-1][:3]...)
			default:
				b = append(b, monthFull[m-1]...)
			}
		case 's':
			b = appendNum(b, tod%table.TicksPerMinute/table.TicksPerSecond, min(t.n, 2))
		case 'y':
			switch t.n {
			case 1:
				b = appendNum(b, int64(y%100), 1)
			case 2:
				b = appendNum(b, int64(y%100), 2)
			default:
				b = appendNum(b, int64(y), t.n)
			}
		case 't':
			ampm := "AM"
			if hour >= 12 {
				ampm = "PM"
			}
			if t.n == 1 {
				ampm = ampm[:1]
			}
			b = append(b, ampm...)
		}
	}
	return b
}

// formatTimespan renders ticks with a compiled format. Like .NET custom
// TimeSpan formats, no sign is written: a negative span formats its
// magnitude.
func formatTimespan(b []byte, toks []fmtTok, ticks int64) []byte {
	mag := uint64(ticks)
	if ticks < 0 {
		mag = -mag
	}
	days := int64(mag / uint64(tpd))
	tod := int64(mag % uint64(tpd))
	for _, t := range toks {
		switch t.spec {
		case 0:
			b = append(b, t.lit...)
		case 'd':
			b = appendNum(b, days, min(t.n, 8))
		case 'f', 'F':
			b = appendFraction(b, tod%table.TicksPerSecond, t.n, t.spec == 'F')
		case 'h', 'H':
			b = appendNum(b, tod/table.TicksPerHour, min(t.n, 2))
		case 'm':
			b = appendNum(b, tod%table.TicksPerHour/table.TicksPerMinute, min(t.n, 2))
		case 's':
			b = appendNum(b, tod%table.TicksPerMinute/table.TicksPerSecond, min(t.n, 2))
		}
	}
	return b
}
