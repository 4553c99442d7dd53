package table

import (
	"strconv"
	"strings"
	"time"
)

// ParseDatetime parses the text forms Kusto's todatetime() accepts: ISO 8601
// (with T or space, optional fraction to 7 digits, optional Z or offset),
// RFC 822 / RFC 1123 / RFC 850, US month-first dates (12-02-2022,
// 02/17/2016 08:40:01) and slash dates (2016/02/17). The result is in ticks.
func ParseDatetime(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if t, ok := parseISO(s); ok {
		return t, true
	}
	for _, layout := range fallbackLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return TicksFromTime(t), true
		}
	}
	return 0, false
}

var fallbackLayouts = []string{
	time.RFC1123,
	time.RFC1123Z,
	"Mon, 2 Jan 06 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 06 15:04:05 MST",
	"2 Jan 2006 15:04:05 MST",
	time.RFC850,
	"Monday, 02-Jan-2006 15:04:05 MST",
	"01/02/2006 15:04:05",
	"1/2/2006 15:04:05",
	"01/02/2006 3:04:05 PM",
	"1/2/2006 3:04:05 PM",
	"01/02/2006 15:04",
	"01/02/2006",
	"1/2/2006",
	"01-02-2006 15:04:05",
	"01-02-2006",
	"2006/01/02 15:04:05",
	"2006/01/02",
	"2006-01-02 15:04:05 -0700",
	"20060102",
	"Jan 2 2006 15:04:05",
	"Jan 2 2006",
	"2 Jan 2006",
}

// parseISO handles yyyy-MM-dd[(T| )HH:mm[:ss[.f{1,7}]]][Z|±hh[:mm]] without
// allocating.
func parseISO(s string) (int64, bool) {
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
			if !ok {
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
	return t, true
}

func digits(s string) (int, bool) {
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
		t, ok := parseClock(body)
		if !ok {
			return 0, false
		}
		if neg {
			t = -t
		}
		return t, true
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
	var ticks int64
	switch {
	case unit == "":
		ticks = int64(num * float64(TicksPerDay))
	case NanoUnits[unit]:
		ticks = int64(num / 100)
	default:
		u, ok := TimespanUnits[unit]
		if !ok {
			return 0, false
		}
		ticks = int64(num*float64(u) + 0.5*sgn(num))
		if num == float64(int64(num)) {
			ticks = int64(num) * u
		}
	}
	if neg {
		ticks = -ticks
	}
	return ticks, true
}

func sgn(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 0
}

// parseClock parses [d.]hh:mm[:ss[.fffffff]].
func parseClock(s string) (int64, bool) {
	var days int
	colon := strings.IndexByte(s, ':')
	head := s[:colon]
	if dot := strings.IndexByte(head, '.'); dot >= 0 {
		var ok bool
		if days, ok = digits(head[:dot]); !ok {
			return 0, false
		}
		s = s[dot+1:]
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	h, ok := digits(parts[0])
	if !ok {
		return 0, false
	}
	m, ok := digits(parts[1])
	if !ok || m > 59 {
		return 0, false
	}
	var sec, frac int64
	if len(parts) == 3 {
		sp := parts[2]
		if dot := strings.IndexByte(sp, '.'); dot >= 0 {
			f := sp[dot+1:]
			if len(f) > 7 {
				f = f[:7]
			}
			fv, ok := digits(f)
			if !ok {
				return 0, false
			}
			frac = int64(fv)
			for k := len(f); k < 7; k++ {
				frac *= 10
			}
			sp = sp[:dot]
		}
		sv, ok := digits(sp)
		if !ok || sv > 59 {
			return 0, false
		}
		sec = int64(sv)
	}
	return int64(days)*TicksPerDay + int64(h)*TicksPerHour + int64(m)*TicksPerMinute + sec*TicksPerSecond + frac, true
}
