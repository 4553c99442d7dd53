package convfn

import (
	"strings"

	"reconwatch/internal/table"
)

// Calendar arithmetic on ticks (proleptic Gregorian, UTC), without
// time.Time so per-row functions do not allocate.

const (
	tpd  = table.TicksPerDay
	maxT = table.MaxDatetimeTicks
	// maxDays is the day number of 9999-12-31.
	maxDays = maxT / tpd
)

var cumDays = [13]int{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysInMonth(y, m int) int {
	if m == 2 && isLeap(y) {
		return 29
	}
	return cumDays[m] - cumDays[m-1]
}

// daysBeforeYear is the day number of January 1st of year y (y >= 1).
func daysBeforeYear(y int) int64 {
	yy := int64(y - 1)
	return yy*365 + yy/4 - yy/100 + yy/400
}

// dayNumber is the number of days from 0001-01-01 to y-m-d. It does not
// validate; y may be 10000 (for "the start of the year after 9999").
func dayNumber(y, m, d int) int64 {
	n := daysBeforeYear(y) + int64(cumDays[m-1]) + int64(d-1)
	if m > 2 && isLeap(y) {
		n++
	}
	return n
}

// civilFromDays converts a day number (>= 0) to year, month, day and the
// 0-based day of the year.
func civilFromDays(n int64) (y, m, d, yday int) {
	y400 := n / 146097
	n -= y400 * 146097
	y100 := n / 36524
	if y100 == 4 {
		y100 = 3
	}
	n -= y100 * 36524
	y4 := n / 1461
	n -= y4 * 1461
	y1 := n / 365
	if y1 == 4 {
		y1 = 3
	}
	n -= y1 * 365
	y = int(y400*400 + y100*100 + y4*4 + y1 + 1)
	yday = int(n)
	leap := 0
	if isLeap(y) {
		leap = 1
	}
	m = 1
	for m < 12 {
		next := cumDays[m]
		if m >= 2 {
			next += leap
		}
		if yday < next {
			break
		}
		m++
	}
	before := cumDays[m-1]
	if m > 2 {
		before += leap
	}
	d = yday - before + 1
	return
}

// civil splits valid datetime ticks into date parts and the ticks within
// the day.
func civil(ticks int64) (y, m, d int, tod int64) {
	y, m, d, _ = civilFromDays(ticks / tpd)
	return y, m, d, ticks % tpd
}

// weekday is 0 for Sunday .. 6 for Saturday (0001-01-01 was a Monday).
func weekday(dayNum int64) int64 { return (dayNum + 1) % 7 }

// monthIndex is year*12 + month-1.
func monthIndex(y, m int) int64 { return int64(y)*12 + int64(m-1) }

// startOfMonthIndex returns the ticks of the first day of the month with
// index mi, allowing mi up to the month after 9999-12; false outside.
func startOfMonthIndex(mi int64) (int64, bool) {
	if mi < 12 || mi > 10000*12 {
		return 0, false
	}
	y, m := int(mi/12), int(mi%12)+1
	return dayNumber(y, m, 1) * tpd, true
}

// addMonths is DateTime.AddMonths: the day is clamped to the target
// month's length; false when the year leaves 1..9999.
func addMonths(ticks, months int64) (int64, bool) {
	if months > 120000 || months < -120000 {
		return 0, false
	}
	y, m, d, tod := civil(ticks)
	mi := monthIndex(y, m) + months
	if mi < 12 || mi >= 10000*12 {
		return 0, false
	}
	ny, nm := int(mi/12), int(mi%12)+1
	if dm := daysInMonth(ny, nm); d > dm {
		d = dm
	}
	return dayNumber(ny, nm, d)*tpd + tod, true
}

// isoWeek is the ISO 8601 week number (weeks start on Monday; week 1
// holds the year's first Thursday).
func isoWeek(dayNum int64) int {
	// Shift to the Thursday of this ISO week; its year is the ISO year.
	wd := dayNum % 7 // 0 = Monday (0001-01-01 was a Monday)
	_, _, _, tyday := civilFromDays(dayNum - wd + 3)
	return tyday/7 + 1
}

// legacyWeekOfYear is weekofyear(): .NET's
// Calendar.GetWeekOfYear(FirstFourDayWeek, Sunday) — weeks start on
// Sunday, week 1 holds the year's first Wednesday, and early-January
// days before it belong to the previous year's last week.
func legacyWeekOfYear(dayNum int64) int {
	for {
		_, _, _, yday := civilFromDays(dayNum)
		dow := int(weekday(dayNum))
		jan1 := dow - yday%7
		offset := (0 - jan1 + 14) % 7
		if offset != 0 && offset >= 4 {
			offset -= 7
		}
		day := yday - offset
		if day >= 0 {
			return day/7 + 1
		}
		if dayNum-int64(yday)-1 < 0 {
			return 1
		}
		dayNum -= int64(yday) + 1
	}
}

// timePart identifies a datetime_part/datetime_add/datetime_diff part.
type timePart uint8

const (
	partNone timePart = iota
	partYear
	partQuarter
	partMonth
	partWeek
	partWeekOfYear
	partDay
	partDayOfYear
	partHour
	partMinute
	partSecond
	partMillisecond
	partMicrosecond
	partNanosecond
)

// parsePart maps a part name (case-insensitive) to a timePart.
func parsePart(s string) timePart {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "year":
		return partYear
	case "quarter":
		return partQuarter
	case "month":
		return partMonth
	case "week":
		return partWeek
	case "week_of_year":
		return partWeekOfYear
	case "day":
		return partDay
	case "dayofyear":
		return partDayOfYear
	case "hour":
		return partHour
	case "minute":
		return partMinute
	case "second":
		return partSecond
	case "millisecond":
		return partMillisecond
	case "microsecond":
		return partMicrosecond
	case "nanosecond":
		return partNanosecond
	}
	return partNone
}

// fixedUnit is the tick length of a fixed-size part, 0 otherwise.
func fixedUnit(p timePart) int64 {
	switch p {
	case partWeek:
		return 7 * tpd
	case partDay:
		return tpd
	case partHour:
		return table.TicksPerHour
	case partMinute:
		return table.TicksPerMinute
	case partSecond:
		return table.TicksPerSecond
	case partMillisecond:
		return table.TicksPerMillisecond
	case partMicrosecond:
		return table.TicksPerMicrosecond
	}
	return 0
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// datetimeDiff counts part boundaries between d2 and d1 (d1 - d2).
func datetimeDiff(p timePart, d1, d2 int64) (int64, bool) {
	switch p {
	case partYear:
		y1, _, _, _ := civil(d1)
		y2, _, _, _ := civil(d2)
		return int64(y1 - y2), true
	case partQuarter:
		y1, m1, _, _ := civil(d1)
		y2, m2, _, _ := civil(d2)
		return int64(y1*4+(m1-1)/3) - int64(y2*4+(m2-1)/3), true
	case partMonth:
		y1, m1, _, _ := civil(d1)
		y2, m2, _, _ := civil(d2)
		return monthIndex(y1, m1) - monthIndex(y2, m2), true
	case partWeek:
		n1, n2 := d1/tpd, d2/tpd
		return (n1 - weekday(n1) - (n2 - weekday(n2))) / 7, true
	case partNanosecond:
		return (d1 - d2) * 100, true
	}
	if u := fixedUnit(p); u != 0 {
		return floorDiv(d1, u) - floorDiv(d2, u), true
	}
	return 0, false
}

// datetimeAdd adds n parts to ticks; false when the result is out of
// range.
func datetimeAdd(p timePart, n, ticks int64) (int64, bool) {
	var r int64
	switch p {
	case partYear, partQuarter, partMonth:
		mult := int64(1)
		if p == partYear {
			mult = 12
		} else if p == partQuarter {
			mult = 3
		}
		if n > 120000 || n < -120000 {
			return 0, false
		}
		var ok bool
		if r, ok = addMonths(ticks, n*mult); !ok {
			return 0, false
		}
	case partNanosecond:
		r = ticks + n/100
	default:
		u := fixedUnit(p)
		if u == 0 {
			return 0, false
		}
		d, ok := mulInt64(n, u)
		if !ok || addOverflows(ticks, d) {
			return 0, false
		}
		r = ticks + d
	}
	if !table.ValidDatetime(r) {
		return 0, false
	}
	return r, true
}

// datetimePart extracts an integer part.
func datetimePart(p timePart, ticks int64) (int64, bool) {
	dn := ticks / tpd
	y, m, d, yday := civilFromDays(dn)
	tod := ticks % tpd
	switch p {
	case partYear:
		return int64(y), true
	case partQuarter:
		return int64((m-1)/3 + 1), true
	case partMonth:
		return int64(m), true
	case partWeekOfYear:
		return int64(isoWeek(dn)), true
	case partDay:
		return int64(d), true
	case partDayOfYear:
		return int64(yday + 1), true
	case partHour:
		return tod / table.TicksPerHour, true
	case partMinute:
		return tod % table.TicksPerHour / table.TicksPerMinute, true
	case partSecond:
		return tod % table.TicksPerMinute / table.TicksPerSecond, true
	case partMillisecond:
		return tod % table.TicksPerSecond / table.TicksPerMillisecond, true
	case partMicrosecond:
		return tod % table.TicksPerSecond / table.TicksPerMicrosecond, true
	case partNanosecond:
		return tod % table.TicksPerSecond * 100, true
	}
	return 0, false
}
