package convfn

import (
	"sync"
	"time"
	_ "time/tzdata" // embed the IANA zone database so results do not depend on the host

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// datetime_utc_to_local / datetime_local_to_utc. Zones are IANA names
// ("Europe/Paris", "US/Pacific"), loaded with time.LoadLocation from the
// host database or, failing that, the copy embedded by time/tzdata. An
// unknown zone gives null.

var zoneCache sync.Map // string → *time.Location (nil for unknown)

func loadZone(name string) *time.Location {
	if v, ok := zoneCache.Load(name); ok {
		return v.(*time.Location)
	}
	var loc *time.Location
	// "" and "Local" would mean UTC / the host zone to Go; neither is an
	// IANA zone name Kusto accepts.
	if name != "" && name != "Local" {
		if l, err := time.LoadLocation(name); err == nil {
			loc = l
		}
	}
	zoneCache.Store(name, loc)
	return loc
}

// offsetAt is the zone's UTC offset in ticks at the UTC instant ticks.
func offsetAt(loc *time.Location, ticks int64) int64 {
	sec := (ticks - table.UnixEpochTicks) / table.TicksPerSecond
	_, off := time.Unix(sec, 0).In(loc).Zone()
	return int64(off) * table.TicksPerSecond
}

func utcToLocal(loc *time.Location, ticks int64) (int64, bool) {
	r := ticks + offsetAt(loc, ticks)
	return r, table.ValidDatetime(r)
}

// localToUTC interprets ticks as wall-clock time in loc. For a wall time
// that occurs twice (clocks going back) the later instant (standard time)
// is chosen; for one skipped by clocks going forward, the offset in force
// after the change is used — datetime_local_to_utc(2022-03-27 02:00,
// 'Europe/Brussels') is 00:00 UTC, as in the Kusto docs.
func localToUTC(loc *time.Location, wall int64) (int64, bool) {
	oa := offsetAt(loc, wall)
	ob := offsetAt(loc, wall-oa)
	valid := func(off int64) bool { return offsetAt(loc, wall-off) == off }
	va, vb := valid(oa), valid(ob)
	var r int64
	switch {
	case va && vb:
		r = wall - min(oa, ob)
	case va:
		r = wall - oa
	case vb:
		r = wall - ob
	default:
		r = wall - max(oa, ob)
	}
	return r, table.ValidDatetime(r)
}

func bindZone(conv func(*time.Location, int64) (int64, bool)) func(*funcs.Env, []funcs.Arg) (funcs.Impl, error) {
	return func(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
		if err := checkArgs(args, aDT, aStr); err != nil {
			return funcs.Impl{}, err
		}
		apply := func(loc *time.Location, v table.Value) table.Value {
			t, ok := asDatetime(v)
			if !ok || loc == nil {
				return table.Null
			}
			r, ok := conv(loc, t)
			if !ok {
				return table.Null
			}
			return table.NewDatetime(r)
		}
		if name, ok := constString(args, 1); ok {
			loc := loadZone(name)
			return funcs.Impl{Type: table.Datetime, Eval: func(a []table.Value) table.Value { return apply(loc, a[0]) }}, nil
		}
		return funcs.Impl{Type: table.Datetime, Eval: func(a []table.Value) table.Value {
			return apply(loadZone(funcs.Str(a[1])), a[0])
		}}, nil
	}
}
