package table

import (
	"math"
	"testing"
)

func mustDate(t *testing.T, y, m, d int) int64 {
	t.Helper()
	v, ok := DateTicks(y, m, d)
	if !ok {
		t.Fatalf("bad date %d-%d-%d", y, m, d)
	}
	return v
}

func TestParseDatetime(t *testing.T) {
	hms := func(h, m, s int) int64 {
		return int64(h)*TicksPerHour + int64(m)*TicksPerMinute + int64(s)*TicksPerSecond
	}
	d2014_11_08 := mustDate(t, 2014, 11, 8)
	cases := []struct {
		in   string
		want int64
	}{
		// ISO 8601 (datetime.md)
		{"2014-05-25T08:20:03.123456Z", mustDate(t, 2014, 5, 25) + hms(8, 20, 3) + 1234560},
		{"2014-05-25T08:20:03.123456", mustDate(t, 2014, 5, 25) + hms(8, 20, 3) + 1234560},
		{"2014-05-25T08:20", mustDate(t, 2014, 5, 25) + hms(8, 20, 0)},
		{"2014-11-08 15:55:55.123456Z", d2014_11_08 + hms(15, 55, 55) + 1234560},
		{"2014-11-08 15:55:55", d2014_11_08 + hms(15, 55, 55)},
		{"2014-11-08 15:55", d2014_11_08 + hms(15, 55, 0)},
		{"2014-11-08", d2014_11_08},
		{"2015-12-31 23:59:59.9", mustDate(t, 2015, 12, 31) + hms(23, 59, 59) + 9000000},
		{"2017-10-15T12:00:00.0000000Z", mustDate(t, 2017, 10, 15) + hms(12, 0, 0)},
		{"2017-10-15T12:00:00.123456789Z", mustDate(t, 2017, 10, 15) + hms(12, 0, 0) + 1234567},
		{"2017-10-15T12:00:00+02:00", mustDate(t, 2017, 10, 15) + hms(10, 0, 0)},
		{"2017-10-15T12:00:00-0130", mustDate(t, 2017, 10, 15) + hms(13, 30, 0)},
		{"  2014-11-08  ", d2014_11_08},
		// RFC 822
		{"Sat, 8 Nov 14 15:05:02 GMT", d2014_11_08 + hms(15, 5, 2)},
		{"Sat, 8 Nov 14 15:05:02", d2014_11_08 + hms(15, 5, 2)},
		{"Sat, 8 Nov 14 15:05", d2014_11_08 + hms(15, 5, 0)},
		{"Sat, 8 Nov 14 15:05 GMT", d2014_11_08 + hms(15, 5, 0)},
		{"8 Nov 14 15:05:02 GMT", d2014_11_08 + hms(15, 5, 2)},
		{"8 Nov 14 15:05:02", d2014_11_08 + hms(15, 5, 2)},
		{"8 Nov 14 15:05", d2014_11_08 + hms(15, 5, 0)},
		{"8 Nov 14 15:05 GMT", d2014_11_08 + hms(15, 5, 0)},
		{"Sat, 08 Nov 2014 15:05:02 GMT", d2014_11_08 + hms(15, 5, 2)},
		{"Sat, 08 Nov 2014 15:05:02 +0100", d2014_11_08 + hms(14, 5, 2)},
		{"Sat, 08 Nov 2014 10:05:02 EST", d2014_11_08 + hms(15, 5, 2)},
		// RFC 850
		{"Saturday, 08-Nov-14 15:05:02 GMT", d2014_11_08 + hms(15, 5, 2)},
		{"Saturday, 08-Nov-14 15:05:02", d2014_11_08 + hms(15, 5, 2)},
		{"Saturday, 08-Nov-14 15:05 GMT", d2014_11_08 + hms(15, 5, 0)},
		{"Saturday, 08-Nov-14 15:05", d2014_11_08 + hms(15, 5, 0)},
		{"08-Nov-14 15:05:02 GMT", d2014_11_08 + hms(15, 5, 2)},
		{"08-Nov-14 15:05:02", d2014_11_08 + hms(15, 5, 2)},
		{"08-Nov-14 15:05 GMT", d2014_11_08 + hms(15, 5, 0)},
		{"08-Nov-14 15:05", d2014_11_08 + hms(15, 5, 0)},
		// Sortable
		{"2014-11-08 15:05:25", d2014_11_08 + hms(15, 5, 25)},
		{"2014-11-08 15:05:25 GMT", d2014_11_08 + hms(15, 5, 25)},
		{"2014-11-8 15:05", d2014_11_08 + hms(15, 5, 0)},
		{"2014-11-8 15:05 GMT", d2014_11_08 + hms(15, 5, 0)},
		{"2014-11-08T15:05:25", d2014_11_08 + hms(15, 5, 25)},
		{"2014-11-08T15:05:25 GMT", d2014_11_08 + hms(15, 5, 25)},
		{"2014-1-8T15:05", mustDate(t, 2014, 1, 8) + hms(15, 5, 0)},
		{"2014-11-08T15:05 GMT", d2014_11_08 + hms(15, 5, 0)},
		// US and other forms
		{"12-02-2022", mustDate(t, 2022, 12, 2)},
		{"02/17/2016 08:40:01", mustDate(t, 2016, 2, 17) + hms(8, 40, 1)},
		{"2/7/2016 3:04:05 PM", mustDate(t, 2016, 2, 7) + hms(15, 4, 5)},
		{"2/7/2016 12:04:05 AM", mustDate(t, 2016, 2, 7) + hms(0, 4, 5)},
		{"2016/02/17", mustDate(t, 2016, 2, 17)},
		{"2016/02/17 08:40", mustDate(t, 2016, 2, 17) + hms(8, 40, 0)},
		{"20160217", mustDate(t, 2016, 2, 17)},
		{"Feb 17 2016", mustDate(t, 2016, 2, 17)},
		{"Feb 17, 2016 08:40:01", mustDate(t, 2016, 2, 17) + hms(8, 40, 1)},
		{"17 February 2016", mustDate(t, 2016, 2, 17)},
		{"8 Nov 99", mustDate(t, 1999, 11, 8)},
		// Range ends
		{"0001-01-01", 0},
		{"9999-12-31T23:59:59.9999999Z", MaxDatetimeTicks},
	}
	for _, c := range cases {
		got, ok := ParseDatetime(c.in)
		if !ok || got != c.want {
			t.Errorf("ParseDatetime(%q) = %d (%s), %v; want %s", c.in, got, FormatDatetime(got), ok, FormatDatetime(c.want))
		}
	}
	bad := []string{
		"", "x", "2014-13-01", "2014-02-30", "2014-11-08T25:00", "2014-11-08T10:61",
		"0000-01-01", "0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-02:00",
		"2014-11-08 15:05 XYZ", "Sat, 8 Foo 14", "12/40/2016", "2014-11-08 junk",
		"13/13/2013", "2/7/2016 13:04:05 PM", "1.5", "12:00",
	}
	for _, s := range bad {
		if got, ok := ParseDatetime(s); ok {
			t.Errorf("ParseDatetime(%q) = %s, want failure", s, FormatDatetime(got))
		}
	}
}

func TestParseTimespan(t *testing.T) {
	cases := []struct {
		in   string
		want int64
	}{
		{"2d", 2 * TicksPerDay},
		{"1.5h", 90 * TicksPerMinute},
		{"30m", 30 * TicksPerMinute},
		{"10s", 10 * TicksPerSecond},
		{"0.1s", TicksPerSecond / 10},
		{"0.3s", 3 * TicksPerSecond / 10},
		{"1.1ms", 11000},
		{"100ms", 100 * TicksPerMillisecond},
		{"10microsecond", 100},
		{"1tick", 1},
		{"150nanoseconds", 1},
		{"15 seconds", 15 * TicksPerSecond},
		{"2", 2 * TicksPerDay},
		{"0.5", TicksPerDay / 2},
		{"0.12:34:56.7", 12*TicksPerHour + 34*TicksPerMinute + 56*TicksPerSecond + 7000000},
		{"0.00:03:00", 3 * TicksPerMinute},
		{"29.09:00:05.12345", 29*TicksPerDay + 9*TicksPerHour + 5*TicksPerSecond + 1234500},
		{"-12:00:00", -12 * TicksPerHour},
		{"-1.00:00:00", -TicksPerDay},
		{"01:02", TicksPerHour + 2*TicksPerMinute},
		{"00:00:01.123456789", TicksPerSecond + 1234567},
		{"10675199.02:48:05.4775807", math.MaxInt64},
		{"-10675199.02:48:05.4775808", math.MinInt64},
	}
	for _, c := range cases {
		got, ok := ParseTimespan(c.in)
		if !ok || got != c.want {
			t.Errorf("ParseTimespan(%q) = %d, %v; want %d", c.in, got, ok, c.want)
		}
	}
	bad := []string{"", "h", "1x", "1.2.3h", "00:60:00", "00:00:60", "00:00:01.", "00:00:01.1a",
		"10675199.02:48:05.4775808", "99999999999999999999d", "1e5s", "1:2:3:4"}
	for _, s := range bad {
		if got, ok := ParseTimespan(s); ok {
			t.Errorf("ParseTimespan(%q) = %d, want failure", s, got)
		}
	}
}

func TestFormatTimespan(t *testing.T) {
	cases := []struct {
		in   int64
		want string
	}{
		{3 * TicksPerHour, "03:00:00"},
		{TicksPerDay, "1.00:00:00"},
		{-12 * TicksPerHour, "-12:00:00"},
		{14 * TicksPerDay, "14.00:00:00"},
		{1, "00:00:00.0000001"},
		{math.MaxInt64, "10675199.02:48:05.4775807"},
		{math.MinInt64, "-10675199.02:48:05.4775808"},
	}
	for _, c := range cases {
		if got := FormatTimespan(c.in); got != c.want {
			t.Errorf("FormatTimespan(%d) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzParseDatetime(f *testing.F) {
	for _, s := range []string{"2014-05-25T08:20:03.123456Z", "Sat, 8 Nov 14 15:05:02 GMT",
		"Saturday, 08-Nov-14 15:05", "2/7/2016 3:04:05 PM", "20160217", "Feb 17, 2016 08:40:01",
		"2017-10-15T12:00:00-0130", "9999-12-31T23:59:59.9999999Z"} {
		f.Add(s, int64(0))
	}
	f.Add("", int64(MaxDatetimeTicks))
	f.Fuzz(func(t *testing.T, s string, ticks int64) {
		if v, ok := ParseDatetime(s); ok && !ValidDatetime(v) {
			t.Fatalf("ParseDatetime(%q) = %d, out of range", s, v)
		}
		// Round trip every in-range instant through its canonical text.
		if ticks < 0 {
			ticks = -(ticks + 1)
		}
		ticks %= MaxDatetimeTicks + 1
		text := FormatDatetime(ticks)
		back, ok := ParseDatetime(text)
		if !ok || back != ticks {
			t.Fatalf("round trip %d -> %q -> %d, %v", ticks, text, back, ok)
		}
	})
}

func FuzzParseTimespan(f *testing.F) {
	for _, s := range []string{"1.5h", "0.12:34:56.7", "-10675199.02:48:05.4775808", "2", "150nanos", "15 seconds"} {
		f.Add(s, int64(0))
	}
	f.Add("", int64(math.MinInt64))
	f.Fuzz(func(t *testing.T, s string, ticks int64) {
		ParseTimespan(s) // must not panic
		text := FormatTimespan(ticks)
		back, ok := ParseTimespan(text)
		if !ok || back != ticks {
			t.Fatalf("round trip %d -> %q -> %d, %v", ticks, text, back, ok)
		}
	})
}
