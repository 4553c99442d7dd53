package rules

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// maxTimeSpan is the largest duration accepted (.NET TimeSpan.MaxValue is
// about 10.7 million days; time.Duration holds about 106,751 days).
const maxTimeSpan = time.Duration(math.MaxInt64)

// ParseDuration parses a duration in any of the formats Sentinel content
// uses:
//
//   - Sentinel's short form: an integer and a unit d, h, m or s ("1h",
//     "5m", "14d");
//   - a .NET TimeSpan: "d", "[-][d.]hh:mm[:ss[.fffffff]]" or
//     "[-]d:hh:mm:ss[.fffffff]" ("01:00:00", "14.00:00:00");
//   - ISO 8601: "[-]P[nW][nD][T[nH][nM][n[.f]S]]" ("PT1H", "P1D",
//     "PT5H30M"); years and months are rejected as ambiguous.
//
// Note that Sentinel's template validator accepts only the first two forms
// (without the s unit) for queryFrequency and queryPeriod; Validate checks
// that separately.
func ParseDuration(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, errors.New("empty duration")
	}
	if d, ok, err := parseShort(t, "smhd"); ok {
		return d, err
	}
	if d, err := parseTimeSpan(t); err == nil {
		return d, nil
	}
	if d, err := parseISO8601(t); err == nil {
		return d, nil
	} else if strings.ContainsAny(t, "Pp") && !strings.Contains(t, ":") {
		return 0, err
	}
	return 0, fmt.Errorf("invalid duration %q: want <n>m|h|d, a .NET TimeSpan (01:00:00) or ISO 8601 (PT1H)", s)
}

// parseShort parses "<int><unit>" for a unit in units. ok reports whether
// s has that shape at all.
func parseShort(s, units string) (d time.Duration, ok bool, err error) {
	if len(s) < 2 {
		return 0, false, nil
	}
	u := s[len(s)-1]
	if !strings.ContainsRune(units, rune(u)) {
		return 0, false, nil
	}
	num := s[:len(s)-1]
	for i := 0; i < len(num); i++ {
		if num[i] < '0' || num[i] > '9' {
			return 0, false, nil
		}
	}
	n, perr := strconv.ParseInt(num, 10, 64)
	var unit time.Duration
	switch u {
	case 's':
		unit = time.Second
	case 'm':
		unit = time.Minute
	case 'h':
		unit = time.Hour
	case 'd':
		unit = 24 * time.Hour
	}
	if perr != nil || n > int64(maxTimeSpan/unit) {
		return 0, true, fmt.Errorf("duration %q is out of range", s)
	}
	return time.Duration(n) * unit, true, nil
}

// parseSentinelTimeSpan mirrors ScheduledTemplateTimeSpanConverter: a .NET
// TimeSpan, else an integer followed by m, h or d.
func parseSentinelTimeSpan(s string) (time.Duration, error) {
	if d, err := parseTimeSpan(s); err == nil {
		return d, nil
	}
	t := strings.TrimSpace(s)
	if d, ok, err := parseShort(t, "mhd"); ok {
		return d, err
	}
	if _, err := parseISO8601(t); err == nil {
		return 0, fmt.Errorf("%q is ISO 8601, which Sentinel's template validator rejects here; use <n>m|h|d or a .NET TimeSpan such as 01:00:00", s)
	}
	return 0, fmt.Errorf("%q is not a duration: <number><m|h|d> (for example 1h) or a .NET TimeSpan (01:00:00) is expected", s)
}

// parseTimeSpan parses the invariant-culture forms of .NET
// TimeSpan.TryParse: "[-]d", "[-][d.]hh:mm[:ss[.fffffff]]",
// "[-]d:hh:mm:ss[.fffffff]".
func parseTimeSpan(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	bad := fmt.Errorf("invalid TimeSpan %q", s)
	neg := false
	if strings.HasPrefix(t, "-") {
		neg, t = true, t[1:]
	}
	if t == "" {
		return 0, bad
	}
	digits := func(x string) bool {
		if x == "" || len(x) > 8 {
			return false
		}
		for i := 0; i < len(x); i++ {
			if x[i] < '0' || x[i] > '9' {
				return false
			}
		}
		return true
	}
	var days, hh, mm, ss, frac int64
	parts := strings.Split(t, ":")
	switch len(parts) {
	case 1:
		if !digits(parts[0]) {
			return 0, bad
		}
		days, _ = strconv.ParseInt(parts[0], 10, 64)
	case 2, 3, 4:
		if len(parts) == 4 {
			if !digits(parts[0]) {
				return 0, bad
			}
			days, _ = strconv.ParseInt(parts[0], 10, 64)
			parts = parts[1:]
		} else if i := strings.IndexByte(parts[0], '.'); i >= 0 {
			if !digits(parts[0][:i]) {
				return 0, bad
			}
			days, _ = strconv.ParseInt(parts[0][:i], 10, 64)
			parts[0] = parts[0][i+1:]
		}
		if len(parts) == 3 {
			if i := strings.IndexByte(parts[2], '.'); i >= 0 {
				f := parts[2][i+1:]
				if !digits(f) || len(f) > 7 {
					return 0, bad
				}
				frac, _ = strconv.ParseInt((f + "0000000")[:7], 10, 64)
				parts[2] = parts[2][:i]
			}
			if !digits(parts[2]) {
				return 0, bad
			}
			ss, _ = strconv.ParseInt(parts[2], 10, 64)
		}
		if !digits(parts[0]) || !digits(parts[1]) {
			return 0, bad
		}
		hh, _ = strconv.ParseInt(parts[0], 10, 64)
		mm, _ = strconv.ParseInt(parts[1], 10, 64)
		if hh > 23 || mm > 59 || ss > 59 {
			return 0, fmt.Errorf("TimeSpan %q has a component out of range", s)
		}
	default:
		return 0, bad
	}
	if days > int64(maxTimeSpan/(24*time.Hour))-1 {
		return 0, fmt.Errorf("TimeSpan %q is out of range", s)
	}
	d := time.Duration(days)*24*time.Hour + time.Duration(hh)*time.Hour +
		time.Duration(mm)*time.Minute + time.Duration(ss)*time.Second + time.Duration(frac)*100
	if neg {
		d = -d
	}
	return d, nil
}

// parseISO8601 parses an ISO 8601 duration without years or months.
func parseISO8601(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	bad := fmt.Errorf("invalid ISO 8601 duration %q", s)
	neg := false
	if strings.HasPrefix(t, "-") {
		neg, t = true, t[1:]
	}
	if len(t) < 2 || (t[0] != 'P' && t[0] != 'p') {
		return 0, bad
	}
	t = strings.ToUpper(t[1:])
	var total float64
	inTime, any := false, false
	for t != "" {
		if t[0] == 'T' {
			if inTime {
				return 0, bad
			}
			inTime = true
			t = t[1:]
			if t == "" {
				return 0, bad
			}
			continue
		}
		i := 0
		for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.' || t[i] == ',') {
			i++
		}
		if i == 0 || i == len(t) {
			return 0, bad
		}
		num := strings.ReplaceAll(t[:i], ",", ".")
		v, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return 0, bad
		}
		var unit float64
		switch u := t[i]; {
		case u == 'W' && !inTime:
			unit = float64(7 * 24 * time.Hour)
		case u == 'D' && !inTime:
			unit = float64(24 * time.Hour)
		case u == 'H' && inTime:
			unit = float64(time.Hour)
		case u == 'M' && inTime:
			unit = float64(time.Minute)
		case u == 'S' && inTime:
			unit = float64(time.Second)
		case u == 'Y' || u == 'M':
			return 0, fmt.Errorf("ISO 8601 duration %q uses years or months, which have no fixed length", s)
		default:
			return 0, bad
		}
		total += v * unit
		any = true
		t = t[i+1:]
	}
	if !any || total > float64(maxTimeSpan)/2 {
		return 0, bad
	}
	d := time.Duration(math.Round(total))
	if neg {
		d = -d
	}
	return d, nil
}

// FormatDuration renders d in Sentinel's short YAML form when it is a
// whole number of days, hours or minutes ("14d", "1h", "5m"), else as a
// .NET TimeSpan ("1.02:03:04").
func FormatDuration(d time.Duration) string {
	switch {
	case d > 0 && d%(24*time.Hour) == 0:
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	case d > 0 && d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	case d > 0 && d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + "m"
	}
	return formatTimeSpan(d)
}

func formatTimeSpan(d time.Duration) string {
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
		d = -d
	}
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	if days > 0 {
		fmt.Fprintf(&b, "%d.", days)
	}
	h := d / time.Hour
	d -= h * time.Hour
	m := d / time.Minute
	d -= m * time.Minute
	sec := d / time.Second
	d -= sec * time.Second
	fmt.Fprintf(&b, "%02d:%02d:%02d", h, m, sec)
	if d > 0 {
		fmt.Fprintf(&b, ".%07d", int64(d/100))
	}
	return b.String()
}

// FormatISO8601 renders d as an ISO 8601 duration as ARM expects
// ("PT1H", "P1D", "P1DT2H30M", "PT0S").
func FormatISO8601(d time.Duration) string {
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
		d = -d
	}
	b.WriteByte('P')
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	if days > 0 {
		fmt.Fprintf(&b, "%dD", days)
	}
	if d == 0 {
		if days == 0 {
			b.WriteString("T0S")
		}
		return b.String()
	}
	b.WriteByte('T')
	h := d / time.Hour
	d -= h * time.Hour
	m := d / time.Minute
	d -= m * time.Minute
	if h > 0 {
		fmt.Fprintf(&b, "%dH", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dM", m)
	}
	if d > 0 {
		s := strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
		b.WriteString(s)
		b.WriteByte('S')
	}
	return b.String()
}
