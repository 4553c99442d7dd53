package convfn

import (
	"testing"

	"reconwatch/internal/table"
)

func TestNowAgo(t *testing.T) {
	now := table.NewDatetime(testEnv.Now)
	runCases(t, []fcase{
		{"now", a(), now, table.Datetime},
		{"now", a(TS("-2d")), DT("2024-03-08T12:00:00Z"), table.Datetime},
		{"ago", a(TS("1h")), DT("2024-03-10T11:00:00Z"), table.Datetime},
		{"ago", a(TS("-1d")), DT("2024-03-11T12:00:00Z"), table.Datetime},
		{"ago", a(tnull(table.Timespan)), N, table.Datetime},
		{"ago", a(TS("10675199d")), N, table.Datetime},
		{"ago", a(dyn(S("1h"))), DT("2024-03-10T11:00:00Z"), table.Datetime},
		{"ago", a(dyn(L(5))), N, table.Datetime},
		{"startofday", a(dyn(S("2017-01-01 10:10")), dyn(S("1"))), DT("2017-01-02"), table.Datetime},
		{"hourofday", a(dyn(S("not a date"))), N, table.Int},
	})
	if err := bindErr("ago", L(1)); err == nil {
		t.Errorf("ago(long) accepted")
	}
}

func TestBin(t *testing.T) {
	runCases(t, []fcase{
		// bin-function.md
		{"bin", a(R(4.5), L(1)), R(4), table.Real},
		{"bin", a(TS("16d"), TS("7d")), TS("14.00:00:00"), table.Timespan},
		{"bin", a(DT("1970-05-11 13:45:07"), TS("1d")), DT("1970-05-11"), table.Datetime},
		{"floor", a(R(4.5), L(1)), R(4), table.Real},
		{"bin", a(L(17), L(5)), L(15), table.Long},
		{"bin", a(I(17), I(5)), I(15), table.Int},
		{"bin", a(L(-3), L(5)), L(-5), table.Long},
		{"bin", a(R(-0.5), R(1)), R(-1), table.Real},
		{"bin", a(R(2.15), L(1)), R(2), table.Real},
		{"bin", a(L(7), R(2.5)), R(5), table.Real},
		{"bin", a(DT("2017-10-01 00:01:00"), Div(TS("1min"), R(2.0))), DT("2017-10-01 00:01:00"), table.Datetime},
		{"bin", a(DT("2017-10-01 00:01:45"), TS("30s")), DT("2017-10-01 00:01:30"), table.Datetime},
		{"bin", a(TS("-1h"), TS("1d")), TS("-1d"), table.Timespan},
		// null, zero or negative size → null
		{"bin", a(L(5), L(0)), N, table.Long},
		{"bin", a(L(5), L(-1)), N, table.Long},
		{"bin", a(R(5), R(-1)), N, table.Real},
		{"bin", a(TS("1h"), TS("-1h")), N, table.Timespan},
		{"bin", a(DT("2020-01-01"), tnull(table.Timespan)), N, table.Datetime},
		{"bin", a(tnull(table.Datetime), TS("1h")), N, table.Datetime},
		// dynamic values are converted
		{"bin", a(dyn(L(17)), L(5)), R(15), table.Real},
		{"bin", a(dyn(DT("2020-01-01 10:00")), TS("1d")), DT("2020-01-01"), table.Dynamic},
		// bin-at-function.md
		{"bin_at", a(R(6.5), R(2.5), L(7)), R(4.5), table.Real},
		{"bin_at", a(TS("1h"), TS("1d"), TS("12h")), TS("-12:00:00"), table.Timespan},
		{"bin_at", a(DT("2017-05-15 10:20:00.0"), TS("1d"), DT("1970-01-01 12:00:00.0")), DT("2017-05-14T12:00:00Z"), table.Datetime},
		{"bin_at", a(DT("2017-05-17 10:20:00.0"), TS("7d"), DT("2017-06-04 00:00:00.0")), DT("2017-05-14T00:00:00Z"), table.Datetime},
		{"bin_at", a(DT("2018-02-23T16:14"), TS("1d"), DT("2018-02-24 15:14:00.0000000")), DT("2018-02-23T15:14:00Z"), table.Datetime},
		{"bin_at", a(DT("2018-02-24T15:24"), TS("1d"), DT("2018-02-24 15:14:00.0000000")), DT("2018-02-24T15:14:00Z"), table.Datetime},
		{"bin_at", a(DT("2018-02-26T15:14"), TS("1d"), DT("2018-02-24 15:14:00.0000000")), DT("2018-02-26T15:14:00Z"), table.Datetime},
		{"bin_at", a(L(10), L(3), L(1)), L(10), table.Long},
		{"bin_at", a(L(9), L(3), L(1)), L(7), table.Long},
	})
	for _, bad := range [][]any{{S("x"), L(1)}, {DT("2020-01-01"), L(1)}, {TS("1h"), R(1)}, {L(1), TS("1h")}} {
		if err := bindErr("bin", bad...); err == nil {
			t.Errorf("bin%v accepted", bad)
		}
	}
	if err := bindErr("bin_at", DT("2020-01-01"), TS("1d"), TS("1h")); err == nil {
		t.Errorf("bin_at(datetime, timespan, timespan) accepted")
	}
}

func TestStartEnd(t *testing.T) {
	d := DT("2017-01-01 10:10:17")
	runCases(t, []fcase{
		// startofday-function.md etc. (offsets -1, 0, 1)
		{"startofday", a(d, L(-1)), DT("2016-12-31"), table.Datetime},
		{"startofday", a(d, L(0)), DT("2017-01-01"), table.Datetime},
		{"startofday", a(d, L(1)), DT("2017-01-02"), table.Datetime},
		{"startofday", a(d), DT("2017-01-01"), table.Datetime},
		{"startofmonth", a(d, L(-1)), DT("2016-12-01"), table.Datetime},
		{"startofmonth", a(d, L(0)), DT("2017-01-01"), table.Datetime},
		{"startofmonth", a(d, L(1)), DT("2017-02-01"), table.Datetime},
		{"startofweek", a(d, L(-1)), DT("2016-12-25"), table.Datetime},
		{"startofweek", a(d, L(0)), DT("2017-01-01"), table.Datetime},
		{"startofweek", a(d, L(1)), DT("2017-01-08"), table.Datetime},
		{"startofweek", a(DT("2025-06-14")), DT("2025-06-08"), table.Datetime},
		{"startofyear", a(d, L(-1)), DT("2016-01-01"), table.Datetime},
		{"startofyear", a(DT("2017-07-04"), L(2)), DT("2019-01-01"), table.Datetime},
		{"endofday", a(d, L(-1)), DT("2016-12-31T23:59:59.9999999Z"), table.Datetime},
		{"endofday", a(d, L(0)), DT("2017-01-01T23:59:59.9999999Z"), table.Datetime},
		{"endofday", a(d, L(1)), DT("2017-01-02T23:59:59.9999999Z"), table.Datetime},
		{"endofmonth", a(d, L(-1)), DT("2016-12-31T23:59:59.9999999Z"), table.Datetime},
		{"endofmonth", a(d, L(0)), DT("2017-01-31T23:59:59.9999999Z"), table.Datetime},
		{"endofmonth", a(d, L(1)), DT("2017-02-28T23:59:59.9999999Z"), table.Datetime},
		{"endofweek", a(d, L(-1)), DT("2016-12-31T23:59:59.9999999Z"), table.Datetime},
		{"endofweek", a(d, L(0)), DT("2017-01-07T23:59:59.9999999Z"), table.Datetime},
		{"endofweek", a(d, L(1)), DT("2017-01-14T23:59:59.9999999Z"), table.Datetime},
		{"endofyear", a(d, L(-1)), DT("2016-12-31T23:59:59.9999999Z"), table.Datetime},
		{"endofyear", a(d, L(0)), DT("2017-12-31T23:59:59.9999999Z"), table.Datetime},
		{"endofyear", a(d, L(1)), DT("2018-12-31T23:59:59.9999999Z"), table.Datetime},
		// range ends
		{"endofyear", a(DT("9999-05-01")), DT("9999-12-31T23:59:59.9999999Z"), table.Datetime},
		{"endofyear", a(DT("9999-05-01"), L(1)), N, table.Datetime},
		{"startofday", a(DT("0001-01-01 10:00"), L(-1)), N, table.Datetime},
		{"startofweek", a(DT("0001-01-03")), N, table.Datetime}, // the Sunday before is in year 0
		{"startofmonth", a(d, L(1000000000)), N, table.Datetime},
		{"startofday", a(tnull(table.Datetime)), N, table.Datetime},
		{"startofday", a(d, tnull(table.Long)), N, table.Datetime},
	})
}

// Kusto doc functions built from startofweek/endofweek and datetime_add
// (startofweek-function.md#L60, endofweek-function.md#L62).
func TestMondayWeeks(t *testing.T) {
	for _, c := range []struct{ date, monday, sundayEnd string }{
		{"2025-06-14", "2025-06-09", "2025-06-15T23:59:59.9999999Z"},
		{"2025-06-15", "2025-06-09", "2025-06-15T23:59:59.9999999Z"},
		{"2025-06-16", "2025-06-16", "2025-06-22T23:59:59.9999999Z"},
		{"2025-06-17", "2025-06-16", "2025-06-22T23:59:59.9999999Z"},
	} {
		d := DT(c.date)
		prev, _ := call(t, "datetime_add", S("day"), L(-1), d)
		sow, _ := call(t, "startofweek", prev)
		monday, _ := call(t, "datetime_add", S("day"), L(1), sow)
		if !same(monday, DT(c.monday)) {
			t.Errorf("startofweekFromMonday(%s) = %s, want %s", c.date, show(monday), c.monday)
		}
		back, _ := call(t, "datetime_add", S("day"), L(-8), d)
		eow, _ := call(t, "endofweek", back)
		end, _ := call(t, "datetime_add", S("day"), L(8), eow)
		if !same(end, DT(c.sundayEnd)) {
			t.Errorf("endofweekSunday(%s) = %s, want %s", c.date, show(end), c.sundayEnd)
		}
	}
}

func TestDatetimeDiff(t *testing.T) {
	runCases(t, []fcase{
		// datetime-diff-function.md
		{"datetime_diff", a(S("year"), DT("2017-01-01"), DT("2000-12-31")), L(17), table.Long},
		{"datetime_diff", a(S("quarter"), DT("2017-07-01"), DT("2017-03-30")), L(2), table.Long},
		{"datetime_diff", a(S("month"), DT("2017-01-01"), DT("2015-12-30")), L(13), table.Long},
		{"datetime_diff", a(S("week"), DT("2017-10-29 00:00"), DT("2017-09-30 23:59")), L(5), table.Long},
		{"datetime_diff", a(S("day"), DT("2017-10-29 00:00"), DT("2017-09-30 23:59")), L(29), table.Long},
		{"datetime_diff", a(S("hour"), DT("2017-10-31 01:00"), DT("2017-10-30 23:59")), L(2), table.Long},
		{"datetime_diff", a(S("minute"), DT("2017-10-30 23:05:01"), DT("2017-10-30 23:00:59")), L(5), table.Long},
		{"datetime_diff", a(S("second"), DT("2017-10-30 23:00:10.100"), DT("2017-10-30 23:00:00.900")), L(10), table.Long},
		{"datetime_diff", a(S("millisecond"), DT("2017-10-30 23:00:00.200100"), DT("2017-10-30 23:00:00.100900")), L(100), table.Long},
		{"datetime_diff", a(S("microsecond"), DT("2017-10-30 23:00:00.1009001"), DT("2017-10-30 23:00:00.1008009")), L(100), table.Long},
		{"datetime_diff", a(S("nanosecond"), DT("2017-10-30 23:00:00.0000000"), DT("2017-10-30 23:00:00.0000007")), L(-700), table.Long},
		// case-insensitive parts, negative results, nulls
		{"datetime_diff", a(S("Day"), DT("2017-01-01"), DT("2017-01-03 10:00")), L(-2), table.Long},
		{"datetime_diff", a(S("year"), DT("2017-01-01"), DT("2017-12-31")), L(0), table.Long},
		{"datetime_diff", a(S("day"), tnull(table.Datetime), DT("2017-01-01")), N, table.Long},
	})
	if err := bindErr("datetime_diff", S("fortnight"), DT("2017-01-01"), DT("2017-01-01")); err == nil {
		t.Errorf("unknown part accepted")
	}
	// A part that is not constant is read per row; an unknown one gives null.
	impl, vals, err := bindCall("datetime_diff", false, a(S("fortnight"), DT("2017-01-01"), DT("2017-01-01")))
	if err != nil || !same(impl.Eval(vals), N) {
		t.Errorf("per-row unknown part: %v", err)
	}
}

func TestDatetimeAdd(t *testing.T) {
	d := DT("2017-01-01")
	runCases(t, []fcase{
		// datetime-add-function.md
		{"datetime_add", a(S("year"), L(1), d), DT("2018-01-01"), table.Datetime},
		{"datetime_add", a(S("quarter"), L(1), d), DT("2017-04-01"), table.Datetime},
		{"datetime_add", a(S("month"), L(1), d), DT("2017-02-01"), table.Datetime},
		{"datetime_add", a(S("week"), L(1), d), DT("2017-01-08"), table.Datetime},
		{"datetime_add", a(S("day"), L(1), d), DT("2017-01-02"), table.Datetime},
		{"datetime_add", a(S("hour"), L(1), d), DT("2017-01-01T01:00:00Z"), table.Datetime},
		{"datetime_add", a(S("minute"), L(1), d), DT("2017-01-01T00:01:00Z"), table.Datetime},
		{"datetime_add", a(S("second"), L(1), d), DT("2017-01-01T00:00:01Z"), table.Datetime},
		{"datetime_add", a(S("year"), L(-5), d), DT("2012-01-01"), table.Datetime},
		{"datetime_add", a(S("quarter"), L(12), d), DT("2020-01-01"), table.Datetime},
		{"datetime_add", a(S("month"), L(-15), d), DT("2015-10-01"), table.Datetime},
		{"datetime_add", a(S("week"), L(100), d), DT("2018-12-02"), table.Datetime},
		// day clamped to the month's length, time of day kept
		{"datetime_add", a(S("month"), L(1), DT("2017-01-31 10:00")), DT("2017-02-28 10:00"), table.Datetime},
		{"datetime_add", a(S("year"), L(1), DT("2016-02-29")), DT("2017-02-28"), table.Datetime},
		{"datetime_add", a(S("millisecond"), L(5), d), DT("2017-01-01T00:00:00.005Z"), table.Datetime},
		{"datetime_add", a(S("microsecond"), L(5), d), DT("2017-01-01T00:00:00.000005Z"), table.Datetime},
		{"datetime_add", a(S("nanosecond"), L(500), d), DT("2017-01-01T00:00:00.0000005Z"), table.Datetime},
		{"datetime_add", a(S("year"), L(10000), d), N, table.Datetime},
		{"datetime_add", a(S("day"), L(9223372036854775807), d), N, table.Datetime},
		{"datetime_add", a(S("day"), tnull(table.Long), d), N, table.Datetime},
		{"datetime_add", a(S("month"), I(1), mkdate(t, 2017, 1, 1)), DT("2017-02-01"), table.Datetime},
	})
}

// mkdate builds make_datetime(y, m, d) through the registered function.
func mkdate(t *testing.T, y, m, d int64) table.Value {
	v, _ := call(t, "make_datetime", L(y), L(m), L(d))
	return v
}

func TestDatetimePart(t *testing.T) {
	dt := DT("2017-10-30 01:02:03.7654321")
	want := map[string]int64{
		"year": 2017, "quarter": 4, "month": 10, "week_of_year": 44, "day": 30, "dayOfYear": 303,
		"hour": 1, "minute": 2, "second": 3, "millisecond": 765, "microsecond": 765432, "nanosecond": 765432100,
	}
	var cases []fcase
	for p, w := range want {
		cases = append(cases, fcase{"datetime_part", a(S(p), dt), I(w), table.Int})
	}
	cases = append(cases, fcase{"datepart", a(S("YEAR"), dt), I(2017), table.Int})
	runCases(t, cases)
	if err := bindErr("datetime_part", S("week"), dt); err == nil {
		t.Errorf("datetime_part('week') accepted")
	}
}

func TestCalendarParts(t *testing.T) {
	runCases(t, []fcase{
		// day-of-week-function.md
		{"dayofweek", a(DT("1947-11-30 10:00:05")), TS("00:00:00"), table.Timespan},
		{"dayofweek", a(DT("1970-05-11")), TS("1.00:00:00"), table.Timespan},
		{"dayofweek", a(DT("1970-05-12")), TS("2.00:00:00"), table.Timespan},
		{"dayofweek", a(DT("2025-06-14")), TS("6.00:00:00"), table.Timespan},
		// hour-of-day-function.md
		{"hourofday", a(DT("2015-12-14 18:54")), I(18), table.Int},
		{"getyear", a(DT("2015-10-12")), I(2015), table.Int},
		{"getmonth", a(DT("2015-10-12")), I(10), table.Int},
		{"monthofyear", a(DT("2015-10-12")), I(10), table.Int},
		{"dayofmonth", a(DT("2015-12-14")), I(14), table.Int},
		{"dayofyear", a(DT("2015-12-14")), I(348), table.Int},
		{"dayofyear", a(DT("2016-12-31")), I(366), table.Int},
		// week-of-year-function.md (ISO 8601)
		{"week_of_year", a(DT("2020-12-31")), I(53), table.Int},
		{"week_of_year", a(DT("2020-06-15")), I(25), table.Int},
		{"week_of_year", a(DT("1970-01-01")), I(1), table.Int},
		{"week_of_year", a(DT("2000-01-01")), I(52), table.Int},
		{"week_of_year", a(DT("2018-12-31")), I(1), table.Int},
		// weekofyear: Sunday weeks, week 1 holds the first Wednesday
		{"weekofyear", a(DT("2017-01-01")), I(1), table.Int},
		{"weekofyear", a(DT("2016-01-01")), I(52), table.Int},
		{"weekofyear", a(DT("2016-01-03")), I(1), table.Int},
		{"hourofday", a(tnull(table.Datetime)), N, table.Int},
	})
}

func TestMakeDatetimeTimespan(t *testing.T) {
	runCases(t, []fcase{
		// make-datetime-function.md
		{"make_datetime", a(L(2017), L(10), L(1)), DT("2017-10-01"), table.Datetime},
		{"make_datetime", a(L(2017), L(10), L(1), L(12), L(10)), DT("2017-10-01 12:10"), table.Datetime},
		{"make_datetime", a(L(2017), L(10), L(1), L(12), L(11), R(0.1234567)), DT("2017-10-01 12:11:00.1234567"), table.Datetime},
		{"make_datetime", a(I(2017), I(2), I(29)), N, table.Datetime},
		{"make_datetime", a(L(2017), L(13), L(1)), N, table.Datetime},
		{"make_datetime", a(L(2017), L(1), L(1), L(24), L(0)), N, table.Datetime},
		{"make_datetime", a(L(0), L(1), L(1)), N, table.Datetime},
		{"make_datetime", a(L(2017), tnull(table.Long), L(1)), N, table.Datetime},
		// make-timespan-function.md
		{"make_timespan", a(L(1), L(12), L(30), R(55.123)), TS("1.12:30:55.1230000"), table.Timespan},
		{"make_timespan", a(L(12), L(30)), TS("12:30:00"), table.Timespan},
		{"make_timespan", a(L(12), L(30), L(15)), TS("12:30:15"), table.Timespan},
		{"make_timespan", a(L(24), L(0)), N, table.Timespan},
		{"make_timespan", a(L(1), L(60)), N, table.Timespan},
		{"make_timespan", a(L(1), L(0), R(60)), N, table.Timespan},
	})
}

func TestFormatDatetime(t *testing.T) {
	dt := DT("2017-01-29 09:00:05")
	runCases(t, []fcase{
		// format-datetime-function.md
		{"format_datetime", a(dt, S("yy-MM-dd [HH:mm:ss]")), S("17-01-29 [09:00:05]"), table.String},
		{"format_datetime", a(dt, S("yyyy-M-dd [H:mm:ss]")), S("2017-1-29 [9:00:05]"), table.String},
		{"format_datetime", a(dt, S("yy-MM-dd [hh:mm:ss tt]")), S("17-01-29 [09:00:05 AM]"), table.String},
		{"format_datetime", a(DT("2009-06-15T13:45:30"), S("h hh H HH tt t")), S("1 01 13 13 PM P"), table.String},
		{"format_datetime", a(DT("2009-06-15T00:45:30"), S("h:mm tt")), S("12:45 AM"), table.String},
		{"format_datetime", a(DT("2009-06-01T13:09:03"), S("d dd m mm s ss M MM")), S("1 01 9 09 3 03 6 06"), table.String},
		{"format_datetime", a(DT("2009-06-15T13:45:30.6175425"), S("f ff fff ffff fffff ffffff fffffff")), S("6 61 617 6175 61754 617542 6175425"), table.String},
		{"format_datetime", a(DT("2009-06-15T13:45:30.0001150"), S("fffffff FFFFFFF")), S("0001150 000115"), table.String},
		{"format_datetime", a(DT("2009-06-15T13:45:30.05"), S("F|FF")), S("|05"), table.String},
		{"format_datetime", a(DT("2009-06-15T13:45:30"), S("HH:mm:ss.FFF")), S("13:45:30"), table.String},
		{"format_datetime", a(DT("2009-06-15T13:45:30.5"), S("HH:mm:ss.FFF")), S("13:45:30.5"), table.String},
		{"format_datetime", a(DT("0001-01-01"), S("y yy yyyy")), S("1 01 0001"), table.String},
		{"format_datetime", a(DT("0900-01-01"), S("y yy yyyy")), S("0 00 0900"), table.String},
		{"format_datetime", a(DT("2019-06-15"), S("y yy")), S("19 19"), table.String},
		{"format_datetime", a(DT("2009-06-15"), S("y")), S("9"), table.String},
		{"format_datetime", a(DT("2009-06-15"), S("ddd dddd MMM MMMM")), S("Mon Monday Jun June"), table.String},
		{"format_datetime", a(DT("2009-06-15"), S("yyyy_MM_dd,'T'")), S("2009_06_15,T"), table.String},
		{"format_datetime", a(tnull(table.Datetime), S("yyyy")), S(""), table.String},
	})
	if err := bindErr("format_datetime", dt, S("")); err == nil {
		t.Errorf("empty format accepted")
	}
}

func TestFormatTimespan(t *testing.T) {
	ts := TS("29.09:00:05.12345")
	runCases(t, []fcase{
		// format-timespan-function.md
		{"format_timespan", a(ts, S("dd.hh:mm:ss:FF")), S("29.09:00:05:12"), table.String},
		{"format_timespan", a(ts, S("ddd.h:mm:ss [fffffff]")), S("029.9:00:05 [1234500]"), table.String},
		{"format_timespan", a(TS("15.13:45:30"), S("d dd ddd")), S("15 15 015"), table.String},
		{"format_timespan", a(TS("15.01:09:09"), S("H HH m mm s ss")), S("1 01 9 09 9 09"), table.String},
		{"format_timespan", a(TS("15.13:45:30.6175425"), S("f ff fff fffffff")), S("6 61 617 6175425"), table.String},
		{"format_timespan", a(TS("15.13:45:30.0001150"), S("FFFFFFF")), S("000115"), table.String},
		{"format_timespan", a(TS("-01:30:00"), S("hh:mm")), S("01:30"), table.String},
		{"format_timespan", a(tnull(table.Timespan), S("hh")), S(""), table.String},
	})
}

func TestUnixtime(t *testing.T) {
	runCases(t, []fcase{
		{"unixtime_seconds_todatetime", a(L(1546300800)), DT("2019-01-01"), table.Datetime},
		{"unixtime_seconds_todatetime", a(R(1546300800.5)), DT("2019-01-01T00:00:00.5Z"), table.Datetime},
		{"unixtime_seconds_todatetime", a(L(-1)), DT("1969-12-31T23:59:59Z"), table.Datetime},
		{"unixtime_milliseconds_todatetime", a(L(1546300800123)), DT("2019-01-01T00:00:00.123Z"), table.Datetime},
		{"unixtime_microseconds_todatetime", a(L(1546300800123456)), DT("2019-01-01T00:00:00.123456Z"), table.Datetime},
		{"unixtime_nanoseconds_todatetime", a(L(1546300800123456789)), DT("2019-01-01T00:00:00.1234567Z"), table.Datetime},
		{"unixtime_seconds_todatetime", a(L(1e15)), N, table.Datetime},
		{"unixtime_seconds_todatetime", a(L(9223372036854775807)), N, table.Datetime},
		{"unixtime_seconds_todatetime", a(R(1e300)), N, table.Datetime},
		{"unixtime_seconds_todatetime", a(dyn(S("1546300800"))), DT("2019-01-01"), table.Datetime},
		{"unixtime_seconds_todatetime", a(tnull(table.Long)), N, table.Datetime},
	})
}

func TestTimeZones(t *testing.T) {
	local := DT("2020-02-02 20:02:20")
	runCases(t, []fcase{
		// datetime-local-to-utc-function.md
		{"datetime_local_to_utc", a(local, S("US/Pacific")), DT("2020-02-03T04:02:20Z"), table.Datetime},
		{"datetime_local_to_utc", a(local, S("America/Chicago")), DT("2020-02-03T02:02:20Z"), table.Datetime},
		{"datetime_local_to_utc", a(local, S("Europe/Paris")), DT("2020-02-02T19:02:20Z"), table.Datetime},
		// the spring-forward gap in Brussels (same doc, second example)
		{"datetime_local_to_utc", a(DT("2022-03-27 01:00"), S("Europe/Brussels")), DT("2022-03-27T00:00:00Z"), table.Datetime},
		{"datetime_local_to_utc", a(DT("2022-03-27 02:00"), S("Europe/Brussels")), DT("2022-03-27T00:00:00Z"), table.Datetime},
		{"datetime_local_to_utc", a(DT("2022-03-27 03:00"), S("Europe/Brussels")), DT("2022-03-27T01:00:00Z"), table.Datetime},
		{"datetime_local_to_utc", a(DT("2022-03-27 04:00"), S("Europe/Brussels")), DT("2022-03-27T02:00:00Z"), table.Datetime},
		{"datetime_utc_to_local", a(DT("2022-03-27T00:00:00Z"), S("Europe/Brussels")), DT("2022-03-27 01:00"), table.Datetime},
		{"datetime_utc_to_local", a(DT("2022-03-27T01:00:00Z"), S("Europe/Brussels")), DT("2022-03-27 03:00"), table.Datetime},
		{"datetime_utc_to_local", a(DT("2022-03-27T02:00:00Z"), S("Europe/Brussels")), DT("2022-03-27 04:00"), table.Datetime},
		// fall back: an ambiguous wall time maps to the later instant
		{"datetime_local_to_utc", a(DT("2022-10-30 02:30"), S("Europe/Brussels")), DT("2022-10-30T01:30:00Z"), table.Datetime},
		{"datetime_utc_to_local", a(DT("2020-02-02T19:02:20Z"), S("Europe/Paris")), local, table.Datetime},
		{"datetime_utc_to_local", a(local, S("UTC")), local, table.Datetime},
		{"datetime_utc_to_local", a(local, S("Not/AZone")), N, table.Datetime},
		{"datetime_utc_to_local", a(local, S("")), N, table.Datetime},
		{"datetime_utc_to_local", a(DT("0001-01-01"), S("US/Pacific")), N, table.Datetime},
	})
}
