package rules

import (
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	const day = 24 * time.Hour
	ok := []struct {
		in   string
		want time.Duration
	}{
		{"1h", time.Hour},
		{"5m", 5 * time.Minute},
		{"14d", 14 * day},
		{"30s", 30 * time.Second},
		{"0m", 0},
		{"01:00:00", time.Hour},
		{"00:05:00", 5 * time.Minute},
		{"14.00:00:00", 14 * day},
		{"1.02:03:04.5", day + 2*time.Hour + 3*time.Minute + 4*time.Second + 500*time.Millisecond},
		{"1:02:03:04", day + 2*time.Hour + 3*time.Minute + 4*time.Second},
		{"2", 2 * day},
		{"5:30", 5*time.Hour + 30*time.Minute},
		{"-01:00:00", -time.Hour},
		{" 1h ", time.Hour},
		{"PT1H", time.Hour},
		{"PT5H", 5 * time.Hour},
		{"P1D", day},
		{"P1DT2H30M", day + 2*time.Hour + 30*time.Minute},
		{"PT1.5S", 1500 * time.Millisecond},
		{"P2W", 14 * day},
		{"pt10m", 10 * time.Minute},
	}
	for _, c := range ok {
		got, err := ParseDuration(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	bad := []struct{ in, msg string }{
		{"", "empty"},
		{"1H", "invalid duration"},
		{"h", "invalid duration"},
		{"1x", "invalid duration"},
		{"24:00:00", "invalid duration"},
		{"00:60:00", "invalid duration"},
		{"P1Y", "years or months"},
		{"P1M", "years or months"},
		{"PT", "invalid ISO 8601"},
		{"P", "invalid"},
		{"1.5h", "invalid duration"},
		{"99999999999999999999d", "out of range"},
		{"00:00:00.12345678", "invalid duration"},
	}
	for _, c := range bad {
		if d, err := ParseDuration(c.in); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("ParseDuration(%q) = %v, %v; want error containing %q", c.in, d, err, c.msg)
		}
	}
}

func TestSentinelTimeSpan(t *testing.T) {
	for _, s := range []string{"5m", "1h", "14d", "01:00:00", "14.00:00:00", "1"} {
		if _, err := parseSentinelTimeSpan(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	for _, s := range []string{"PT1H", "1H", "300s", "1 h", "one hour"} {
		if _, err := parseSentinelTimeSpan(s); err == nil {
			t.Errorf("%q accepted; Sentinel's converter rejects it", s)
		}
	}
}

func TestFormatDurations(t *testing.T) {
	const day = 24 * time.Hour
	cases := []struct {
		d          time.Duration
		short, iso string
	}{
		{time.Hour, "1h", "PT1H"},
		{5 * time.Minute, "5m", "PT5M"},
		{14 * day, "14d", "P14D"},
		{day + 90*time.Minute, "1530m", "P1DT1H30M"},
		{90 * time.Second, "00:01:30", "PT1M30S"},
		{0, "00:00:00", "PT0S"},
		{1500 * time.Millisecond, "00:00:01.5000000", "PT1.5S"},
	}
	for _, c := range cases {
		if got := FormatDuration(c.d); got != c.short {
			t.Errorf("FormatDuration(%v) = %q, want %q", c.d, got, c.short)
		}
		if got := FormatISO8601(c.d); got != c.iso {
			t.Errorf("FormatISO8601(%v) = %q, want %q", c.d, got, c.iso)
		}
		for _, s := range []string{c.short, c.iso} {
			if back, err := ParseDuration(s); err != nil || back != c.d {
				t.Errorf("ParseDuration(%q) = %v, %v; want %v", s, back, err, c.d)
			}
		}
	}
}
