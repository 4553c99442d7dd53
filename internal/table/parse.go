package table

import (
	"math"
	"strconv"
	"strings"
)

// ParseDatetime parses the text forms Kusto's todatetime() accepts: ISO 8601
// (with T or space, optional fraction to 7 digits, optional Z or offset),
// RFC 822 / RFC 1123 (Sat, 8 Nov 14 15:05:02 GMT), RFC 850
// (Saturday, 08-Nov-14 15:05:02 GMT), the "sortable" forms with unpadded
// month and day (2014-1-8 15:05 GMT), US month-first dates (12-02-2022,
// 02/17/2016 08:40:01, 1/2/2006 3:04:05 PM), slash dates (2016/02/17),
// month-name dates (Nov 8 2014) and yyyyMMdd. Weekday names are accepted
// and not checked against the date. Two-digit years are 2000-2049 for
// 00-49 and 1950-1999 for 50-99. Zones: Z, UT, UTC, GMT, the RFC 822 US
// zones (EST, EDT, CST, CDT, MST, MDT, PST, PDT) and numeric offsets. The
// result is in ticks and always within 0001-01-01 .. 9999-12-31.
func ParseDatetime(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if t, ok := ParseISODatetime(s); ok {
		return t, true
	}
	return parseLooseDatetime(s)
}

// ParseISODatetime parses yyyy-MM-dd[(T| )HH:mm[:ss[.f{1,7}]]][Z|±hh[:mm]]
// into ticks without allocating, from a string or from bytes (readers
// call it on their input buffers).
func ParseISODatetime[T ~string | ~[]byte](s T) (int64, bool) {
	n := len(s)
	if n < 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y, ok1 := digits(s[0:4])
	mo, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || y < 1 {
		return 0, false
	}
	var h, mi, sec, frac int
	i := 10
	if i < n && (s[i] == 'T' || s[i] == ' ') && i+6 <= n && s[i+3] == ':' {
		var ok bool
		if h, ok = digits(s[i+1 : i+3]); !ok || h > 23 {
			return 0, false
		}
		if mi, ok = digits(s[i+4 : i+6]); !ok || mi > 59 {
			return 0, false
		}
		i += 6
		if i+3 <= n && s[i] == ':' {
			if sec, ok = digits(s[i+1 : i+3]); !ok || sec > 59 {
				return 0, false
			}
			i += 3
			if i < n && s[i] == '.' {
				i++
				start := i
				for i < n && s[i] >= '0' && s[i] <= '9' {
					if i-start < 7 {
						frac = frac*10 + int(s[i]-'0')
					}
					i++
				}
				if i == start {
					return 0, false
				}
				for k := i - start; k < 7; k++ {
					frac *= 10
				}
			}
		}
	}
	var offset int64
	if i < n {
		switch s[i] {
		case 'Z', 'z':
			i++
		case '+', '-':
			neg := s[i] == '-'
			rest := s[i+1:]
			var oh, om int
			var ok bool
			switch {
			case len(rest) == 5 && rest[2] == ':':
				oh, ok = digits(rest[0:2])
				if ok {
					om, ok = digits(rest[3:5])
				}
			case len(rest) == 4:
				oh, ok = digits(rest[0:2])
				if ok {
					om, ok = digits(rest[2:4])
				}
			case len(rest) == 2:
				oh, ok = digits(rest)
			}
			if !ok || oh > 23 || om > 59 {
				return 0, false
			}
			offset = int64(oh)*TicksPerHour + int64(om)*TicksPerMinute
			if neg {
				offset = -offset
			}
			i = n
		}
	}
	if i != n {
		return 0, false
	}
	t := dateTicks(y, mo, d) + int64(h)*TicksPerHour + int64(mi)*TicksPerMinute +
		int64(sec)*TicksPerSecond + int64(frac) - offset
	// An offset can push a date at either end of the calendar out of range.
	if !ValidDatetime(t) {
		return 0, false
	}
	return t, true
}

func digits[T ~string | ~[]byte](s T) (int, bool) {
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, len(s) > 0
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

var cumDays = [...]int{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}

// dateTicks returns the ticks at midnight of y-m-d (proleptic Gregorian).
func dateTicks(y, m, d int) int64 {
	yy := int64(y - 1)
	days := yy*365 + yy/4 - yy/100 + yy/400 + int64(cumDays[m-1]) + int64(d-1)
	if m > 2 && isLeap(y) {
		days++
	}
	return days * TicksPerDay
}

// DateTicks is the exported form of dateTicks with range checks.
func DateTicks(y, m, d int) (int64, bool) {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return dateTicks(y, m, d), true
}

// TimespanUnits maps every timespan suffix Kusto's lexer accepts to its
// length in ticks. "m" is minutes; there are no months or years.
var TimespanUnits = map[string]int64{
	"d": TicksPerDay, "day": TicksPerDay, "days": TicksPerDay,
	"h": TicksPerHour, "hr": TicksPerHour, "hrs": TicksPerHour, "hour": TicksPerHour, "hours": TicksPerHour,
	"m": TicksPerMinute, "min": TicksPerMinute, "minute": TicksPerMinute, "minutes": TicksPerMinute,
	"s": TicksPerSecond, "sec": TicksPerSecond, "second": TicksPerSecond, "seconds": TicksPerSecond,
	"ms": TicksPerMillisecond, "milli": TicksPerMillisecond, "millis": TicksPerMillisecond,
	"millisec": TicksPerMillisecond, "millisecond": TicksPerMillisecond, "milliseconds": TicksPerMillisecond,
	"micro": TicksPerMicrosecond, "micros": TicksPerMicrosecond, "microsec": TicksPerMicrosecond,
	"microsecond": TicksPerMicrosecond, "microseconds": TicksPerMicrosecond,
	"tick": 1, "ticks": 1,
}

// NanoUnits are the suffixes worth 1/100 of a tick.
var NanoUnits = map[string]bool{"nano": true, "nanos": true, "nanosec": true, "nanosecond": true, "nanoseconds": true}

// ParseTimespan parses [-][d.]hh:mm[:ss[.fffffff]], a number with a unit
// suffix (1.5h, 30 seconds) or a bare number of days, into ticks.
// Fractional amounts round to the nearest tick (nanoseconds truncate);
// values outside the int64 tick range fail.
func ParseTimespan(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	neg := false
	body := s
	if body[0] == '-' {
		neg = true
		body = body[1:]
	} else if body[0] == '+' {
		body = body[1:]
	}
	if strings.Contains(body, ":") {
		mag, ok := parseClock(body)
		if !ok {
			return 0, false
		}
		return applySign(mag, neg)
	}
	// number followed by optional unit
	i := 0
	for i < len(body) && (body[i] >= '0' && body[i] <= '9' || body[i] == '.') {
		i++
	}
	if i == 0 {
		return 0, false
	}
	num, err := strconv.ParseFloat(body[:i], 64)
	if err != nil {
		return 0, false
	}
	unit := strings.TrimSpace(body[i:])
	var ticks float64
	switch {
	case unit == "":
		ticks = math.Round(num * float64(TicksPerDay))
	case NanoUnits[unit]:
		ticks = math.Trunc(num / 100)
	default:
		u, ok := TimespanUnits[unit]
		if !ok {
			return 0, false
		}
		if num == math.Trunc(num) && num < 1<<53 {
			// exact for whole amounts
			if num > float64(math.MaxInt64/u) {
				return 0, false
			}
			return applySign(uint64(num)*uint64(u), neg)
		}
		ticks = math.Round(num * float64(u))
	}
	if ticks >= 1<<63 {
		return 0, false
	}
	return applySign(uint64(ticks), neg)
}

// applySign turns a tick magnitude into a signed count, failing when it
// does not fit (the magnitude of math.MinInt64 is allowed when negative).
func applySign(mag uint64, neg bool) (int64, bool) {
	if neg {
		if mag > 1<<63 {
			return 0, false
		}
		return int64(-mag), true
	}
	if mag > math.MaxInt64 {
		return 0, false
	}
	return int64(mag), true
}

// parseClock parses [d.]hh:mm[:ss[.fffffff]] into a tick magnitude.
// Digits past the seventh fraction digit are checked and dropped.
func parseClock(s string) (uint64, bool) {
	var days uint64
	colon := strings.IndexByte(s, ':')
	head := s[:colon]
	if dot := strings.IndexByte(head, '.'); dot >= 0 {
		d, ok := digits64(head[:dot])
		if !ok {
			return 0, false
		}
		days = d
		s = s[dot+1:]
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	h, ok := digits64(parts[0])
	if !ok {
		return 0, false
	}
	m, ok := digits64(parts[1])
	if !ok || m > 59 {
		return 0, false
	}
	var sec, frac uint64
	if len(parts) == 3 {
		sp := parts[2]
		if dot := strings.IndexByte(sp, '.'); dot >= 0 {
			f := sp[dot+1:]
			for k := 0; k < len(f); k++ {
				if f[k] < '0' || f[k] > '9' {
					return 0, false
				}
			}
			if len(f) == 0 {
				return 0, false
			}
			for k := 0; k < 7; k++ {
				frac *= 10
				if k < len(f) {
					frac += uint64(f[k] - '0')
				}
			}
			sp = sp[:dot]
		}
		sv, ok := digits64(sp)
		if !ok || sv > 59 {
			return 0, false
		}
		sec = sv
	}
	// The sum must fit in 2^63 (the magnitude of the most negative span).
	const limit = 1 << 63
	if days > limit/uint64(TicksPerDay) || h > limit/uint64(TicksPerHour) {
		return 0, false
	}
	total := days * uint64(TicksPerDay)
	for _, add := range [...]uint64{h * uint64(TicksPerHour), m * uint64(TicksPerMinute), sec * uint64(TicksPerSecond), frac} {
		if add > limit-total {
			return 0, false
		}
		total += add
	}
	return total, true
}

// digits64 parses a run of 1-18 ASCII digits.
func digits64(s string) (uint64, bool) {
	if len(s) == 0 || len(s) > 18 {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	return v, true
}

// dtToken is one token of a non-ISO datetime: a run of digits, a run of
// letters, or one punctuation character. Spaces separate tokens and are
// dropped.
type dtToken struct {
	kind byte // 'n' number, 'w' word, 'p' punctuation
	text string
}

func tokenizeDatetime(s string, buf []dtToken) ([]dtToken, bool) {
	toks := buf[:0]
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			toks = append(toks, dtToken{'n', s[i:j]})
			i = j
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
				j++
			}
			toks = append(toks, dtToken{'w', s[i:j]})
			i = j
		case c == ',' || c == '-' || c == '/' || c == '.' || c == ':' || c == '+':
			toks = append(toks, dtToken{'p', s[i : i+1]})
			i++
		default:
			return nil, false
		}
		if len(toks) > 24 {
			return nil, false
		}
	}
	return toks, true
}

var monthNames = [...]string{"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"}

var dayNames = [...]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// lookupName matches w case-insensitively against the full names or their
// three-letter abbreviations and returns the 1-based index, or 0.
func lookupName(w string, names []string) int {
	if len(w) < 3 {
		return 0
	}
	for i, n := range names {
		if strings.EqualFold(w, n) || (len(w) == 3 && strings.EqualFold(w, n[:3])) {
			return i + 1
		}
	}
	return 0
}

// zoneOffsets are the named zones RFC 822 allows, in minutes east of UTC.
var zoneOffsets = map[string]int{
	"Z": 0, "UT": 0, "UTC": 0, "GMT": 0,
	"EST": -5 * 60, "EDT": -4 * 60, "CST": -6 * 60, "CDT": -5 * 60,
	"MST": -7 * 60, "MDT": -6 * 60, "PST": -8 * 60, "PDT": -7 * 60,
}

// parseLooseDatetime handles the non-ISO forms listed on ParseDatetime.
func parseLooseDatetime(s string) (int64, bool) {
	var buf [24]dtToken
	toks, ok := tokenizeDatetime(s, buf[:])
	if !ok || len(toks) == 0 {
		return 0, false
	}
	p := 0
	at := func(i int, kind byte) bool { return i < len(toks) && toks[i].kind == kind }
	isPunct := func(i int, c string) bool { return at(i, 'p') && toks[i].text == c }

	// Optional weekday, optionally followed by a comma.
	if at(p, 'w') && lookupName(toks[p].text, dayNames[:]) > 0 {
		p++
		if isPunct(p, ",") {
			p++
		}
	}

	year, month, day := 0, 0, 0
	yearDigits := 0
	num := func(i int) (int, bool) {
		if !at(i, 'n') || len(toks[i].text) > 9 {
			return 0, false
		}
		return digits(toks[i].text)
	}
	switch {
	case at(p, 'n') && len(toks[p].text) == 8 && (p+1 == len(toks) || !at(p+1, 'p')):
		// yyyyMMdd
		t := toks[p].text
		year, _ = digits(t[0:4])
		month, _ = digits(t[4:6])
		day, _ = digits(t[6:8])
		yearDigits = 4
		p++
	case at(p, 'n') && len(toks[p].text) == 4 && at(p+1, 'p') && toks[p+1].text != ":" && toks[p+1].text != "+":
		// yyyy-M-d, yyyy/M/d, yyyy.M.d
		sep := toks[p+1].text
		var ok1, ok2, ok3 bool
		year, ok1 = num(p)
		month, ok2 = num(p + 2)
		if !isPunct(p+3, sep) {
			return 0, false
		}
		day, ok3 = num(p + 4)
		if !ok1 || !ok2 || !ok3 || len(toks[p+2].text) > 2 || len(toks[p+4].text) > 2 {
			return 0, false
		}
		yearDigits = 4
		p += 5
	case at(p, 'n') && len(toks[p].text) <= 2 && at(p+1, 'p') && (toks[p+1].text == "/" || toks[p+1].text == "-" || toks[p+1].text == ".") && at(p+2, 'n'):
		// M/d/yyyy, M-d-yyyy (US order)
		sep := toks[p+1].text
		var ok1, ok2, ok3 bool
		month, ok1 = num(p)
		day, ok2 = num(p + 2)
		if !isPunct(p+3, sep) || len(toks[p+2].text) > 2 {
			return 0, false
		}
		year, ok3 = num(p + 4)
		if !ok1 || !ok2 || !ok3 {
			return 0, false
		}
		yearDigits = len(toks[p+4].text)
		p += 5
	case at(p, 'n') && len(toks[p].text) <= 2:
		// d Mon yy[yy], d-Mon-yy[yy]
		var ok1, ok2 bool
		day, ok1 = num(p)
		p++
		dash := isPunct(p, "-")
		if dash {
			p++
		}
		if !at(p, 'w') {
			return 0, false
		}
		month = lookupName(toks[p].text, monthNames[:])
		p++
		if dash {
			if !isPunct(p, "-") {
				return 0, false
			}
			p++
		}
		year, ok2 = num(p)
		if !ok1 || !ok2 || month == 0 {
			return 0, false
		}
		yearDigits = len(toks[p].text)
		p++
	case at(p, 'w'):
		// Mon d[,] yyyy
		month = lookupName(toks[p].text, monthNames[:])
		var ok1, ok2 bool
		day, ok1 = num(p + 1)
		if !ok1 || len(toks[p+1].text) > 2 {
			return 0, false
		}
		p += 2
		if isPunct(p, ",") {
			p++
		}
		year, ok2 = num(p)
		if month == 0 || !ok2 {
			return 0, false
		}
		yearDigits = len(toks[p].text)
		p++
	default:
		return 0, false
	}
	switch yearDigits {
	case 2:
		if year < 50 {
			year += 2000
		} else {
			year += 1900
		}
	case 4:
	default:
		return 0, false
	}
	if year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return 0, false
	}

	// Optional time: [T] H:mm[:ss[.fffffff]] [AM|PM]
	var h, mi, sec, frac int
	if at(p, 'w') && (toks[p].text == "T" || toks[p].text == "t") && at(p+1, 'n') {
		p++
	}
	if at(p, 'n') && isPunct(p+1, ":") {
		var ok1, ok2 bool
		h, ok1 = num(p)
		mi, ok2 = num(p + 2)
		if !ok1 || !ok2 || len(toks[p].text) > 2 || len(toks[p+2].text) != 2 || h > 23 || mi > 59 {
			return 0, false
		}
		p += 3
		if isPunct(p, ":") {
			var ok3 bool
			sec, ok3 = num(p + 1)
			if !ok3 || len(toks[p+1].text) != 2 || sec > 59 {
				return 0, false
			}
			p += 2
			if isPunct(p, ".") {
				if !at(p+1, 'n') {
					return 0, false
				}
				f := toks[p+1].text
				for k := 0; k < 7; k++ {
					frac *= 10
					if k < len(f) {
						frac += int(f[k] - '0')
					}
				}
				p += 2
			}
		}
		if at(p, 'w') {
			switch strings.ToUpper(toks[p].text) {
			case "AM":
				if h < 1 || h > 12 {
					return 0, false
				}
				if h == 12 {
					h = 0
				}
				p++
			case "PM":
				if h < 1 || h > 12 {
					return 0, false
				}
				if h != 12 {
					h += 12
				}
				p++
			}
		}
	}

	// Optional zone.
	offsetMin := 0
	switch {
	case at(p, 'w'):
		off, ok := zoneOffsets[strings.ToUpper(toks[p].text)]
		if !ok {
			return 0, false
		}
		offsetMin = off
		p++
	case isPunct(p, "+") || isPunct(p, "-"):
		neg := toks[p].text == "-"
		p++
		if !at(p, 'n') {
			return 0, false
		}
		var oh, om int
		switch t := toks[p].text; len(t) {
		case 4:
			oh, _ = digits(t[:2])
			om, _ = digits(t[2:])
			p++
		case 1, 2:
			oh, _ = digits(t)
			p++
			if isPunct(p, ":") {
				if !at(p+1, 'n') || len(toks[p+1].text) != 2 {
					return 0, false
				}
				om, _ = digits(toks[p+1].text)
				p += 2
			}
		default:
			return 0, false
		}
		if oh > 23 || om > 59 {
			return 0, false
		}
		offsetMin = oh*60 + om
		if neg {
			offsetMin = -offsetMin
		}
	}
	if p != len(toks) {
		return 0, false
	}
	t := dateTicks(year, month, day) + int64(h)*TicksPerHour + int64(mi)*TicksPerMinute +
		int64(sec)*TicksPerSecond + int64(frac) - int64(offsetMin)*TicksPerMinute
	if !ValidDatetime(t) {
		return 0, false
	}
	return t, true
}
