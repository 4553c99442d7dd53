package convfn

import (
	"math"
	"sync/atomic"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Datetime and timespan functions.

func init() {
	register("now", 0, 1, funcs.NameColumn, bindNow)
	register("ago", 1, 1, funcs.NameColumn, bindAgo)

	register("bin", 2, 2, funcs.NameFirstArg, bindBin, "floor")
	register("bin_at", 3, 3, funcs.NameFirstArg, bindBinAt)

	register("startofday", 1, 2, funcs.NameFirstArg, bindStartEnd(startOfDay, false))
	register("startofweek", 1, 2, funcs.NameColumn, bindStartEnd(startOfWeek, false))
	register("startofmonth", 1, 2, funcs.NameColumn, bindStartEnd(startOfMonth, false))
	register("startofyear", 1, 2, funcs.NameColumn, bindStartEnd(startOfYear, false))
	register("endofday", 1, 2, funcs.NameColumn, bindStartEnd(startOfDay, true))
	register("endofweek", 1, 2, funcs.NameColumn, bindStartEnd(startOfWeek, true))
	register("endofmonth", 1, 2, funcs.NameColumn, bindStartEnd(startOfMonth, true))
	register("endofyear", 1, 2, funcs.NameColumn, bindStartEnd(startOfYear, true))

	register("datetime_diff", 3, 3, funcs.NameColumn, bindDatetimeDiff)
	register("datetime_add", 3, 3, funcs.NameColumn, bindDatetimeAdd)
	register("datetime_part", 2, 2, funcs.NameColumn, bindDatetimePart, "datepart")

	intOf := func(f func(ticks int64) int64) func(*funcs.Env, []funcs.Arg) (funcs.Impl, error) {
		return fixed(table.Int, func(args []table.Value) table.Value {
			t, ok := asDatetime(args[0])
			if !ok {
				return table.Null
			}
			return table.NewInt(f(t))
		}, aDT)
	}
	part := func(p timePart) func(int64) int64 {
		return func(t int64) int64 { v, _ := datetimePart(p, t); return v }
	}
	register("getyear", 1, 1, funcs.NameColumn, intOf(part(partYear)))
	register("getmonth", 1, 1, funcs.NameColumn, intOf(part(partMonth)))
	register("monthofyear", 1, 1, funcs.NameColumn, intOf(part(partMonth)))
	register("dayofmonth", 1, 1, funcs.NameColumn, intOf(part(partDay)))
	register("dayofyear", 1, 1, funcs.NameColumn, intOf(part(partDayOfYear)))
	register("hourofday", 1, 1, funcs.NameColumn, intOf(part(partHour)))
	register("week_of_year", 1, 1, funcs.NameColumn, intOf(part(partWeekOfYear)))
	register("weekofyear", 1, 1, funcs.NameColumn, intOf(func(t int64) int64 { return int64(legacyWeekOfYear(t / tpd)) }))
	register("dayofweek", 1, 1, funcs.NameColumn, fixed(table.Timespan, func(args []table.Value) table.Value {
		t, ok := asDatetime(args[0])
		if !ok {
			return table.Null
		}
		return table.NewTimespan(weekday(t/tpd) * tpd)
	}, aDT))

	register("make_datetime", 1, 6, funcs.NameColumn, bindMakeDatetime)
	register("make_timespan", 1, 4, funcs.NameColumn, bindMakeTimespan)

	register("format_datetime", 2, 2, funcs.NameFirstArg, bindFormat(table.Datetime))
	register("format_timespan", 2, 2, funcs.NameFirstArg, bindFormat(table.Timespan))

	register("unixtime_seconds_todatetime", 1, 1, funcs.NameColumn, bindUnixtime(table.TicksPerSecond))
	register("unixtime_milliseconds_todatetime", 1, 1, funcs.NameColumn, bindUnixtime(table.TicksPerMillisecond))
	register("unixtime_microseconds_todatetime", 1, 1, funcs.NameColumn, bindUnixtime(table.TicksPerMicrosecond))
	register("unixtime_nanoseconds_todatetime", 1, 1, funcs.NameColumn, bindUnixtime(0))

	register("datetime_utc_to_local", 2, 2, funcs.NameColumn, bindZone(utcToLocal))
	register("datetime_local_to_utc", 2, 2, funcs.NameColumn, bindZone(localToUTC))
}

// now([offset]) is the query's reference instant plus offset; ago(span)
// is the reference instant minus span. Both use env.Now, never the clock.
func bindNow(env *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := checkArgs(args, aTS); err != nil {
		return funcs.Impl{}, err
	}
	base := envNow(env)
	if len(args) == 0 {
		v := dtResult(base)
		return funcs.Impl{Type: table.Datetime, Eval: func([]table.Value) table.Value { return v }}, nil
	}
	return funcs.Impl{Type: table.Datetime, Eval: func(a []table.Value) table.Value {
		off, ok := asTimespan(a[0])
		if !ok || addOverflows(base, off) {
			return table.Null
		}
		return dtResult(base + off)
	}}, nil
}

func bindAgo(env *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := checkArgs(args, aTS); err != nil {
		return funcs.Impl{}, err
	}
	base := envNow(env)
	return funcs.Impl{Type: table.Datetime, Eval: func(a []table.Value) table.Value {
		span, ok := asTimespan(a[0])
		if !ok || subOverflows(base, span) {
			return table.Null
		}
		return dtResult(base - span)
	}}, nil
}

func envNow(env *funcs.Env) int64 {
	if env == nil {
		return 0
	}
	return env.Now
}

// binType is the result type of bin(value, size) and bin_at.
func binType(v, size table.Type) (table.Type, bool) {
	switch {
	case v.IsNumeric() && numType(size):
		return funcs.CommonNumeric(v, size), true
	case v == table.Timespan && tsType(size), v == table.Datetime && tsType(size):
		return v, true
	case isDyn(v) && size.IsNumeric():
		return funcs.CommonNumeric(table.Dynamic, size), true
	case isDyn(v) && tsType(size):
		return table.Dynamic, true
	}
	return table.Unknown, false
}

// binValue rounds v down to a multiple of size (counted from 0, which for
// datetimes is 0001-01-01) and adds at: bin is binValue(v, size, 0).
// Null, zero or negative sizes give null.
func binValue(v, size, at table.Value) table.Value {
	switch v.K {
	case table.KDatetime, table.KTimespan:
		s, ok := asTimespan(size)
		if !ok || s <= 0 {
			return table.Null
		}
		var a int64
		if at.K != table.KNull {
			if at.K != v.K {
				return table.Null
			}
			a = at.I
		}
		if subOverflows(v.I, a) {
			return table.Null
		}
		r := floorDiv(v.I-a, s)*s + a
		if v.K == table.KDatetime {
			return dtResult(r)
		}
		return table.NewTimespan(r)
	case table.KNull:
		return table.Null
	}
	x, ok := asNumber(v)
	if !ok {
		return table.Null
	}
	s, ok := asNumber(size)
	if !ok {
		return table.Null
	}
	a := table.NewLong(0)
	if at.K != table.KNull {
		if a, ok = asNumber(at); !ok {
			return table.Null
		}
	}
	if isIntKind(x.K) && isIntKind(s.K) && isIntKind(a.K) {
		if s.I <= 0 {
			return table.Null
		}
		return table.NewLong(floorDiv(x.I-a.I, s.I)*s.I + a.I)
	}
	xf, _ := x.AsFloat()
	sf, _ := s.AsFloat()
	af, _ := a.AsFloat()
	if !(sf > 0) {
		return table.Null
	}
	r := math.Floor((xf-af)/sf)*sf + af
	if x.K == table.KDecimal || s.K == table.KDecimal || a.K == table.KDecimal {
		return table.NewDecimal(r)
	}
	return table.NewReal(r)
}

// bin(value, size) / floor(value, size): numbers (result of the widest
// type), timespans and datetimes with a timespan size.
func bindBin(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := checkArgs(args, argSpec{numOrTime, "a number, datetime or timespan"}, argSpec{numOrTime, "a number or timespan"}); err != nil {
		return funcs.Impl{}, err
	}
	rt, ok := binType(args[0].Type, args[1].Type)
	if !ok {
		return funcs.Impl{}, funcs.ArgErrorf(1, "bin size of type %s does not fit a value of type %s", args[1].Type, args[0].Type)
	}
	return funcs.Impl{Type: rt, Eval: func(a []table.Value) table.Value {
		if a[0].K == table.KNull || a[1].K == table.KNull {
			return table.Null
		}
		return coerce(binValue(a[0], a[1], table.Null), rt)
	}}, nil
}

// bin_at(value, size, fixed_point): bins aligned to fixed_point.
func bindBinAt(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := checkArgs(args, argSpec{numOrTime, "a number, datetime or timespan"}, argSpec{numOrTime, "a number or timespan"},
		argSpec{numOrTime, "a number, datetime or timespan"}); err != nil {
		return funcs.Impl{}, err
	}
	v, size, at := args[0].Type, args[1].Type, args[2].Type
	rt, ok := binType(v, size)
	if ok {
		switch {
		case rt.IsNumeric():
			if !numType(at) {
				ok = false
			} else if !isDyn(at) {
				rt = funcs.CommonNumeric(rt, at)
			}
		case !isDyn(at) && !isDyn(v) && at != v:
			ok = false
		}
	}
	if !ok {
		return funcs.Impl{}, funcs.ArgErrorf(-1, "bin_at(): arguments of types %s, %s, %s do not fit", v, size, at)
	}
	return funcs.Impl{Type: rt, Eval: func(a []table.Value) table.Value {
		if a[0].K == table.KNull || a[1].K == table.KNull || a[2].K == table.KNull {
			return table.Null
		}
		return coerce(binValue(a[0], a[1], a[2]), rt)
	}}, nil
}

// startOf returns the ticks of the start of the period holding ticks,
// shifted by off periods; false out of range. end asks for the start of
// the following period instead (end-of = that minus one tick).
type startOfFunc func(ticks, off int64, next bool) (int64, bool)

func startOfDay(t, off int64, next bool) (int64, bool) {
	if next {
		off++
	}
	if off > maxDays+1 || off < -maxDays-1 {
		return 0, false
	}
	return (t/tpd + off) * tpd, true
}

func startOfWeek(t, off int64, next bool) (int64, bool) {
	if next {
		off++
	}
	if off > maxDays/7+2 || off < -maxDays/7-2 {
		return 0, false
	}
	n := t / tpd
	return (n - weekday(n) + 7*off) * tpd, true
}

func startOfMonth(t, off int64, next bool) (int64, bool) {
	if next {
		off++
	}
	if off > 120000 || off < -120000 {
		return 0, false
	}
	y, m, _, _ := civil(t)
	return startOfMonthIndex(monthIndex(y, m) + off)
}

func startOfYear(t, off int64, next bool) (int64, bool) {
	if next {
		off++
	}
	if off > 10000 || off < -10000 {
		return 0, false
	}
	y, _, _, _ := civil(t)
	return startOfMonthIndex(monthIndex(y, 1) + 12*off)
}

func bindStartEnd(f startOfFunc, end bool) func(*funcs.Env, []funcs.Arg) (funcs.Impl, error) {
	return fixed(table.Datetime, func(a []table.Value) table.Value {
		t, ok := asDatetime(a[0])
		if !ok {
			return table.Null
		}
		var off int64
		if len(a) > 1 {
			if off, ok = asLong(a[1]); !ok {
				return table.Null
			}
		}
		r, ok := f(t, off, end)
		if !ok {
			return table.Null
		}
		if end {
			r--
		}
		return dtResult(r)
	}, aDT, aInt)
}

// partArg binds a part-name argument: parsed once when constant (an
// unknown constant part is an error), per row otherwise.
func partArg(args []funcs.Arg, i int, ok func(timePart) bool) (func(table.Value) timePart, error) {
	if s, isConst := constString(args, i); isConst {
		p := parsePart(s)
		if p == partNone || !ok(p) {
			return nil, funcs.ArgErrorf(i, "unknown date part %q", s)
		}
		return func(table.Value) timePart { return p }, nil
	}
	return func(v table.Value) timePart {
		p := parsePart(funcs.Str(v))
		if !ok(p) {
			return partNone
		}
		return p
	}, nil
}

func diffPart(p timePart) bool {
	return p != partNone && p != partWeekOfYear && p != partDayOfYear
}

func extractPart(p timePart) bool {
	return p != partNone && p != partWeek
}

// datetime_diff(part, d1, d2): the number of part boundaries crossed from
// d2 to d1 (trunc(d1, part) - trunc(d2, part)); weeks start on Sunday.
func bindDatetimeDiff(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := checkArgs(args, aStr, aDT, aDT); err != nil {
		return funcs.Impl{}, err
	}
	part, err := partArg(args, 0, diffPart)
	if err != nil {
		return funcs.Impl{}, err
	}
	return funcs.Impl{Type: table.Long, Eval: func(a []table.Value) table.Value {
		d1, ok1 := asDatetime(a[1])
		d2, ok2 := asDatetime(a[2])
		if !ok1 || !ok2 {
			return table.Null
		}
		n, ok := datetimeDiff(part(a[0]), d1, d2)
		if !ok {
			return table.Null
		}
		return table.NewLong(n)
	}}, nil
}

// datetime_add(part, amount, d): calendar parts (year, quarter, month)
// keep the day clamped to the target month; the rest add fixed spans.
func bindDatetimeAdd(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := checkArgs(args, aStr, aInt, aDT); err != nil {
		return funcs.Impl{}, err
	}
	part, err := partArg(args, 0, diffPart)
	if err != nil {
		return funcs.Impl{}, err
	}
	return funcs.Impl{Type: table.Datetime, Eval: func(a []table.Value) table.Value {
		n, ok1 := asLong(a[1])
		t, ok2 := asDatetime(a[2])
		if !ok1 || !ok2 {
			return table.Null
		}
		r, ok := datetimeAdd(part(a[0]), n, t)
		if !ok {
			return table.Null
		}
		return table.NewDatetime(r)
	}}, nil
}

// datetime_part(part, d) → int. week_of_year is the ISO 8601 week.
func bindDatetimePart(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if err := checkArgs(args, aStr, aDT); err != nil {
		return funcs.Impl{}, err
	}
	part, err := partArg(args, 0, extractPart)
	if err != nil {
		return funcs.Impl{}, err
	}
	return funcs.Impl{Type: table.Int, Eval: func(a []table.Value) table.Value {
		t, ok := asDatetime(a[1])
		if !ok {
			return table.Null
		}
		n, ok := datetimePart(part(a[0]), t)
		if !ok {
			return table.Null
		}
		return table.NewInt(n)
	}}, nil
}

// make_datetime(y, m, d [, h [, mi [, s]]]): seconds may have a fraction
// (rounded to the tick). Invalid components give null. A single argument
// is converted like todatetime.
func bindMakeDatetime(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if len(args) == 1 {
		return fixed(table.Datetime, func(a []table.Value) table.Value { return ToDatetime(a[0]) }, aAny)(nil, args)
	}
	if len(args) == 2 {
		return funcs.Impl{}, funcs.ArgErrorf(-1, "make_datetime() takes year, month and day")
	}
	return fixed(table.Datetime, func(a []table.Value) table.Value {
		var parts [5]int64
		for i := 0; i < len(a) && i < 5; i++ {
			n, ok := asLong(a[i])
			if !ok {
				return table.Null
			}
			parts[i] = n
		}
		var sec float64
		if len(a) == 6 {
			var ok bool
			if sec, ok = asReal(a[5]); !ok {
				return table.Null
			}
		}
		y, m, d, h, mi := parts[0], parts[1], parts[2], parts[3], parts[4]
		if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > int64(daysInMonth(int(y), int(m))) ||
			h < 0 || h > 23 || mi < 0 || mi > 59 || !(sec >= 0 && sec < 60) {
			return table.Null
		}
		t := dayNumber(int(y), int(m), int(d))*tpd + h*table.TicksPerHour + mi*table.TicksPerMinute +
			int64(math.Round(sec*float64(table.TicksPerSecond)))
		return dtResult(t)
	}, aNum)(nil, args)
}

// make_timespan(h, m) / (h, m, s) / (d, h, m, s): hours 0-23, minutes
// 0-59, seconds 0 to 59.9999999 (fraction rounded to the tick); anything
// else gives null. A single argument is converted like totimespan.
func bindMakeTimespan(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
	if len(args) == 1 {
		return fixed(table.Timespan, func(a []table.Value) table.Value { return ToTimespan(a[0]) }, aAny)(nil, args)
	}
	return fixed(table.Timespan, func(a []table.Value) table.Value {
		var days, h, m int64
		var sec float64
		ints := a
		if len(a) == 4 {
			ints = a[:3]
		} else if len(a) == 3 {
			ints = a[:2]
		}
		var vals [3]int64
		for i, v := range ints {
			n, ok := asLong(v)
			if !ok {
				return table.Null
			}
			vals[i] = n
		}
		switch len(a) {
		case 2:
			h, m = vals[0], vals[1]
		case 3:
			h, m = vals[0], vals[1]
		case 4:
			days, h, m = vals[0], vals[1], vals[2]
		}
		if len(a) >= 3 {
			var ok bool
			if sec, ok = asReal(a[len(a)-1]); !ok {
				return table.Null
			}
		}
		if h < 0 || h > 23 || m < 0 || m > 59 || !(sec >= 0 && sec < 60) ||
			days > math.MaxInt64/tpd-1 || days < -(math.MaxInt64/tpd-1) {
			return table.Null
		}
		mag := h*table.TicksPerHour + m*table.TicksPerMinute + int64(math.Round(sec*float64(table.TicksPerSecond)))
		if days < 0 {
			return table.NewTimespan(days*tpd - mag)
		}
		return table.NewTimespan(days*tpd + mag)
	}, aNum)(nil, args)
}

// format_datetime(d, format) / format_timespan(t, format): see format.go
// for the specifiers. The format is compiled once when constant.
func bindFormat(kind table.Type) func(*funcs.Env, []funcs.Arg) (funcs.Impl, error) {
	specs := datetimeSpecs
	valOK := aDT
	if kind == table.Timespan {
		specs = timespanSpecs
		valOK = aTS
	}
	render := func(toks []fmtTok, v table.Value) table.Value {
		var b []byte
		if kind == table.Datetime {
			t, ok := asDatetime(v)
			if !ok {
				return table.EmptyString
			}
			b = formatDatetime(make([]byte, 0, 32), toks, t)
		} else {
			t, ok := asTimespan(v)
			if !ok {
				return table.EmptyString
			}
			b = formatTimespan(make([]byte, 0, 32), toks, t)
		}
		return table.NewString(string(b))
	}
	return func(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
		if err := checkArgs(args, valOK, aStr); err != nil {
			return funcs.Impl{}, err
		}
		if f, ok := constString(args, 1); ok {
			if f == "" {
				return funcs.Impl{}, funcs.ArgErrorf(1, "the format must not be empty")
			}
			toks := compileFormat(f, specs)
			return funcs.Impl{Type: table.String, Eval: func(a []table.Value) table.Value { return render(toks, a[0]) }}, nil
		}
		// A per-row format is usually the same on every row: keep the last
		// compiled one (atomically, as Eval may run on several goroutines).
		type compiled struct {
			f    string
			toks []fmtTok
		}
		var last atomic.Pointer[compiled]
		return funcs.Impl{Type: table.String, Eval: func(a []table.Value) table.Value {
			f := funcs.Str(a[1])
			c := last.Load()
			if c == nil || c.f != f {
				c = &compiled{f, compileFormat(f, specs)}
				last.Store(c)
			}
			return render(c.toks, a[0])
		}}, nil
	}
}

// unixtime_*_todatetime(n): n units since 1970-01-01; reals keep their
// fraction (rounded to the tick). unit is ticks per unit; 0 means
// nanoseconds (truncated to whole ticks).
func bindUnixtime(unit int64) func(*funcs.Env, []funcs.Arg) (funcs.Impl, error) {
	return fixed(table.Datetime, func(a []table.Value) table.Value {
		n, ok := asNumber(a[0])
		if !ok {
			return table.Null
		}
		var ticks int64
		if isIntKind(n.K) {
			if unit == 0 {
				ticks = n.I / 100
			} else {
				var ok bool
				if ticks, ok = mulInt64(n.I, unit); !ok {
					return table.Null
				}
			}
		} else {
			f, _ := n.AsFloat()
			if unit == 0 {
				f = math.Trunc(f / 100)
			} else {
				f = math.Round(f * float64(unit))
			}
			var ok bool
			if ticks, ok = floatTicks(f); !ok {
				return table.Null
			}
		}
		if addOverflows(ticks, table.UnixEpochTicks) {
			return table.Null
		}
		return dtResult(ticks + table.UnixEpochTicks)
	}, aNum)
}
