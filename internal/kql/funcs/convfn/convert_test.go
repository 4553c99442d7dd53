package convfn

import (
	"math"
	"testing"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

func TestConversionFunctions(t *testing.T) {
	runCases(t, []fcase{
		// tostring (semantics §5; reverse-function.md; let-statement example)
		{"tostring", a(L(12345)), S("12345"), table.String},
		{"tostring", a(R(123.45)), S("123.45"), table.String},
		{"tostring", a(DT("2017-10-15 12:00")), S("2017-10-15T12:00:00.0000000Z"), table.String},
		{"tostring", a(TS("3h")), S("03:00:00"), table.String},
		{"tostring", a(TS("1d")), S("1.00:00:00"), table.String},
		{"tostring", a(TS("-12h")), S("-12:00:00"), table.String},
		{"tostring", a(tnull(table.Long)), S(""), table.String},
		{"tostring", a(B(true)), S("true"), table.String},
		{"tostring", a(dyn(J(`{"a":1,"b":[1,"x"]}`))), S(`{"a":1,"b":[1,"x"]}`), table.String},
		{"tostring", a(dyn(S("abc"))), S("abc"), table.String},
		{"tostring", a(L(10)), S("10"), table.String},
		{"tostring", a(R(1e20)), S("1E+20"), table.String},

		// toint (toint-function.md; semantics §5)
		{"toint", a(S("123")), I(123), table.Int},
		{"toint", a(R(2.3)), I(2), table.Int},
		{"toint", a(R(-2.7)), I(-2), table.Int},
		{"toint", a(S(" 42 ")), I(42), table.Int},
		{"toint", a(S("12.7")), I(12), table.Int},
		{"toint", a(S("abc")), N, table.Int},
		{"toint", a(S("3000000000")), N, table.Int},
		{"toint", a(L(3000000000)), N, table.Int},
		{"toint", a(R(math.NaN())), N, table.Int},
		{"toint", a(L(2)), I(2), table.Int},
		{"toint", a(dyn(L(101))), I(101), table.Int},
		{"toint", a(tnull(table.String)), N, table.Int},
		{"toint", a(TS("2d")), N, table.Int}, // 2d in ticks is out of int range

		// tolong
		{"tolong", a(S("123")), L(123), table.Long},
		{"tolong", a(S("-9223372036854775808")), L(math.MinInt64), table.Long},
		{"tolong", a(S("9223372036854775808")), N, table.Long},
		{"tolong", a(R(1e19)), N, table.Long},
		{"tolong", a(TS("1s")), L(10000000), table.Long},
		{"tolong", a(DT("0001-01-01T00:00:00.0000001")), L(1), table.Long},
		{"tolong", a(B(true)), L(1), table.Long},
		{"tolong", a(dyn(J(`[1]`))), N, table.Long},
		{"tolong", a(S("not a number")), N, table.Long},

		// todouble / toreal
		{"toreal", a(S("123.4")), R(123.4), table.Real},
		{"todouble", a(S("1e3")), R(1000), table.Real},
		{"todouble", a(S("NaN")), R(math.NaN()), table.Real},
		{"todouble", a(S("-Infinity")), R(math.Inf(-1)), table.Real},
		{"todouble", a(S("0x10")), N, table.Real},
		{"todouble", a(S("1_000")), N, table.Real},
		{"todouble", a(S("")), N, table.Real},
		{"todouble", a(L(7)), R(7), table.Real},
		{"todouble", a(dyn(S("2.5"))), R(2.5), table.Real},

		// todecimal (todecimal-function.md)
		{"todecimal", a(S("123.45678")), Dec(123.45678), table.Decimal},
		{"todecimal", a(L(5)), Dec(5), table.Decimal},

		// tobool (tobool-function.md)
		{"tobool", a(S("true")), B(true), table.Bool},
		{"tobool", a(S("false")), B(false), table.Bool},
		{"toboolean", a(S("TRUE")), B(true), table.Bool},
		{"tobool", a(L(1)), B(true), table.Bool},
		{"tobool", a(L(123)), B(true), table.Bool},
		{"tobool", a(L(0)), B(false), table.Bool},
		{"tobool", a(R(0.5)), B(true), table.Bool},
		{"tobool", a(S("yes")), N, table.Bool},
		{"tobool", a(S("0")), B(false), table.Bool},

		// todatetime (todatetime-function.md; dynamic.md)
		{"todatetime", a(S("12-02-2022")), DT("2022-12-02"), table.Datetime},
		{"todatetime", a(S("2015-12-31 23:59:59.9")), DT("2015-12-31T23:59:59.9Z"), table.Datetime},
		{"todatetime", a(dyn(S("2015-01-01"))), DT("2015-01-01"), table.Datetime},
		{"todatetime", a(S("Sat, 8 Nov 14 15:05:02 GMT")), DT("2014-11-08T15:05:02Z"), table.Datetime},
		{"todatetime", a(S("not a date")), N, table.Datetime},
		{"todatetime", a(L(0)), DT("0001-01-01"), table.Datetime},
		{"todatetime", a(L(-1)), N, table.Datetime},
		{"todatetime", a(TS("1d")), N, table.Datetime},

		// totimespan (totimespan-function.md)
		{"totimespan", a(S("0.00:03:00")), TS("00:03:00"), table.Timespan},
		{"totimespan", a(TS("4d")), TS("4.00:00:00"), table.Timespan},
		{"totimespan", a(S("1.5h")), TS("01:30:00"), table.Timespan},
		{"totime", a(S("2")), TS("2.00:00:00"), table.Timespan},
		{"totimespan", a(L(10000000)), TS("1s"), table.Timespan},
		{"totimespan", a(S("bogus")), N, table.Timespan},
		{"totimespan", a(DT("2020-01-01")), N, table.Timespan},

		// toguid (toguid-function.md)
		{"toguid", a(S("0123456789abcdef0123456789abcdef")), table.NewGuid("01234567-89ab-cdef-0123-456789abcdef"), table.Guid},
		{"toguid", a(S("0123456789ab-cdef-0123-456789abcdef")), table.NewGuid("01234567-89ab-cdef-0123-456789abcdef"), table.Guid},
		{"toguid", a(S("{0123456789ABCDEF0123456789ABCDEF}")), table.NewGuid("01234567-89ab-cdef-0123-456789abcdef"), table.Guid},
		{"toguid", a(S("a string that isn't a guid")), N, table.Guid},

		// parse_json and aliases (parse-json-function.md, isnull/isempty examples)
		{"parse_json", a(S("")), N, table.Dynamic},
		{"parse_json", a(S("[]")), J("[]"), table.Dynamic},
		{"parse_json", a(S("{}")), J("{}"), table.Dynamic},
		{"parse_json", a(S("[100,101,102]")), J("[100,101,102]"), table.Dynamic},
		{"parse_json", a(S("123")), L(123), table.Dynamic},
		{"parse_json", a(S("not json")), S("not json"), table.Dynamic},
		{"parsejson", a(S(`{"a":1}`)), J(`{"a":1}`), table.Dynamic},
		{"todynamic", a(S(`"x"`)), S("x"), table.Dynamic},
		{"toobject", a(S(`[1`)), S(`[1`), table.Dynamic},
		// a dynamic argument passes through unparsed, even a dynamic string
		{"parse_json", a(dyn(S(`{"c":456}`))), S(`{"c":456}`), table.Dynamic},
		{"parse_json", a(dyn(J(`[1]`))), J(`[1]`), table.Dynamic},
		{"parse_json", a(L(5)), L(5), table.Dynamic},
	})
}

func TestParseJSONDoublyEncoded(t *testing.T) {
	// parse-json-function.md: parse_json(tostring(parse_json(d).b)).c → 456
	d, _ := call(t, "parse_json", S(`{"a":123, "b":"{\"c\":456}"}`))
	b, _ := d.BagGet("b")
	s, _ := call(t, "tostring", dyn(b))
	inner, _ := call(t, "parse_json", s)
	c, _ := inner.BagGet("c")
	if !same(c, L(456)) {
		t.Fatalf("d_b_c = %s, want 456", show(c))
	}
}

func TestConvert(t *testing.T) {
	cases := []struct {
		v    table.Value
		t    table.Type
		want table.Value
	}{
		{S("12"), table.Int, I(12)},
		{S("12"), table.Long, L(12)},
		{S("1.5"), table.Real, R(1.5)},
		{S("true"), table.Bool, B(true)},
		{S("2016-02-17 08:40:01"), table.Datetime, DT("2016-02-17T08:40:01Z")},
		{S("02/17/2016 08:40:01"), table.Datetime, DT("2016-02-17T08:40:01Z")},
		{S("00:01:00"), table.Timespan, TS("1m")},
		{L(5), table.String, S("5")},
		{N, table.String, S("")},
		{S(`{"a":1}`), table.Dynamic, J(`{"a":1}`)},
		{S("abc"), table.Dynamic, S("abc")},
		{L(3), table.Dynamic, L(3)},
		{S("x"), table.Unknown, S("x")},
		{N, table.Long, N},
		{S("0123456789abcdef0123456789abcdef"), table.Guid, table.NewGuid("01234567-89ab-cdef-0123-456789abcdef")},
	}
	for _, c := range cases {
		if got := Convert(c.v, c.t); !same(got, c.want) {
			t.Errorf("Convert(%s, %s) = %s, want %s", show(c.v), c.t, show(got), show(c.want))
		}
	}
}

func TestConversionNames(t *testing.T) {
	for _, n := range []string{"tostring", "toint", "tolong", "todouble", "toreal", "tobool", "toboolean",
		"todatetime", "totimespan", "totime", "todecimal", "toguid", "parse_json", "todynamic", "parsejson",
		"toobject", "bin", "floor", "bin_at", "startofday", "format_datetime", "format_timespan", "round", "abs"} {
		if f := funcs.Lookup(n); f == nil || f.ResultName != funcs.NameFirstArg {
			t.Errorf("%s: want NameFirstArg", n)
		}
	}
	for _, n := range []string{"iff", "case", "coalesce", "now", "ago", "datetime_diff", "max_of", "isnull",
		"startofweek", "endofday", "hourofday", "dayofweek", "make_datetime", "sign", "isnan"} {
		if f := funcs.Lookup(n); f == nil || f.ResultName != funcs.NameColumn {
			t.Errorf("%s: want NameColumn", n)
		}
	}
}

func FuzzConvert(f *testing.F) {
	for _, s := range []string{"123", "-1.5e3", "true", "2014-11-08 15:05", "1.02:03:04", "{\"a\":[1,2]}",
		"0123456789abcdef0123456789abcdef", "NaN", "", " 9223372036854775808 "} {
		f.Add(s, uint8(0), int64(0), 0.0)
	}
	types := []table.Type{table.Bool, table.Int, table.Long, table.Real, table.Decimal, table.Datetime,
		table.Timespan, table.String, table.Guid, table.Dynamic, table.Unknown}
	f.Fuzz(func(t *testing.T, s string, which uint8, n int64, x float64) {
		inputs := []table.Value{S(s), L(n), I(n), R(x), B(n&1 == 1), table.NewDatetime(n), table.NewTimespan(n), N}
		for _, in := range inputs {
			for _, ty := range types {
				got := Convert(in, ty)
				if k := kindOf(ty); k != table.KNull && got.K != table.KNull && got.K != k {
					t.Fatalf("Convert(%s, %s) = %s: wrong kind", show(in), ty, show(got))
				}
				if ty == table.String && got.K != table.KString {
					t.Fatalf("Convert(%s, string) = %s: not a string", show(in), show(got))
				}
				if ty == table.Datetime && got.K == table.KDatetime && !table.ValidDatetime(got.I) {
					t.Fatalf("Convert(%s, datetime) = %d: out of range", show(in), got.I)
				}
				if got.K == table.KInt && got.I != int64(int32(got.I)) {
					t.Fatalf("Convert(%s, int) = %d: not 32-bit", show(in), got.I)
				}
				// Converting a converted value to its own type is the identity.
				if again := Convert(got, ty); got.K != table.KNull && ty != table.Dynamic && !same(again, got) {
					t.Fatalf("Convert(Convert(%s, %s)) = %s, want %s", show(in), ty, show(again), show(got))
				}
			}
		}
		_ = which
	})
}
