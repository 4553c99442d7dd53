package convfn

import (
	"math"
	"testing"

	"reconwatch/internal/table"
)

func TestMathFunctions(t *testing.T) {
	runCases(t, []fcase{
		// abs-function.md
		{"abs", a(L(-5)), L(5), table.Long},
		{"abs", a(I(-5)), L(5), table.Long},
		{"abs", a(R(-2.5)), R(2.5), table.Real},
		{"abs", a(Dec(-2.5)), Dec(2.5), table.Decimal},
		{"abs", a(TS("-1h")), TS("1h"), table.Timespan},
		{"abs", a(dyn(L(-3))), R(3), table.Real},
		{"abs", a(tnull(table.Long)), N, table.Long},
		// round-function.md
		{"round", a(R(2.98765), L(3)), R(2.988), table.Real},
		{"round", a(R(2.15), L(1)), R(2.2), table.Real},
		{"round", a(R(2.15)), R(2), table.Real},
		{"round", a(R(2.15), L(0)), R(2), table.Real},
		{"round", a(R(-50.55), L(-2)), R(-100), table.Real},
		{"round", a(R(21.5), L(-1)), R(20), table.Real},
		{"round", a(R(2.5)), R(3), table.Real},
		{"round", a(R(-2.5)), R(-3), table.Real},
		{"round", a(L(1250), L(-2)), L(1300), table.Long},
		{"round", a(L(-1250), L(-2)), L(-1300), table.Long},
		{"round", a(L(1249), L(-2)), L(1200), table.Long},
		{"round", a(I(17), L(2)), I(17), table.Int},
		{"round", a(R(math.NaN())), R(math.NaN()), table.Real},
		{"round", a(R(1.5), tnull(table.Long)), N, table.Real},
		// ceiling
		{"ceiling", a(R(1.1)), R(2), table.Real},
		{"ceiling", a(R(-1.1)), R(-1), table.Real},
		{"ceiling", a(L(7)), L(7), table.Long},
		{"ceiling", a(Dec(1.2)), Dec(2), table.Decimal},
		{"ceiling", a(dyn(S("1.5"))), R(2), table.Real},
		{"ceiling", a(dyn(S("x"))), N, table.Real},
		{"sqrt", a(dyn(S(" 16 "))), R(4), table.Real},
		{"sqrt", a(dyn(B(true))), R(1), table.Real},
		{"abs", a(dyn(S("-7"))), R(7), table.Real},
		// sign, sqrt, pow, exp, log
		{"sign", a(L(-42)), R(-1), table.Real},
		{"sign", a(R(0)), R(0), table.Real},
		{"sign", a(R(0.1)), R(1), table.Real},
		{"sqrt", a(L(16)), R(4), table.Real},
		{"sqrt", a(L(-1)), N, table.Real},
		{"pow", a(L(2), L(3)), R(8), table.Real},
		{"pow", a(R(4), R(0.5)), R(2), table.Real},
		{"exp", a(L(0)), R(1), table.Real},
		{"exp2", a(L(10)), R(1024), table.Real},
		{"exp10", a(L(3)), R(1000), table.Real},
		{"log", a(L(5)), R(1.6094379124341003), table.Real},
		{"log", a(L(0)), R(math.Inf(-1)), table.Real},
		{"log", a(L(-1)), N, table.Real},
		{"log2", a(L(1024)), R(10), table.Real},
		{"log10", a(L(1000)), R(3), table.Real},
		{"log10", a(tnull(table.Real)), N, table.Real},
		{"gamma", a(L(5)), R(24), table.Real},
		{"loggamma", a(L(5)), R(math.Log(24)), table.Real},
		{"pi", a(), R(math.Pi), table.Real},
		{"degrees", a(R(math.Pi)), R(180), table.Real},
		{"radians", a(L(180)), R(math.Pi), table.Real},
		{"cos", a(L(0)), R(1), table.Real},
		{"atan2", a(L(1), L(1)), R(math.Pi / 4), table.Real},
		// isnan / isinf / isfinite (isnan-function.md etc.)
		{"isnan", a(R(math.NaN())), B(true), table.Bool},
		{"isnan", a(R(-1)), B(false), table.Bool},
		{"isinf", a(R(math.Inf(-1))), B(true), table.Bool},
		{"isinf", a(R(math.NaN())), B(false), table.Bool},
		{"isinf", a(R(math.Inf(1))), B(true), table.Bool},
		{"isfinite", a(R(math.Inf(1))), B(false), table.Bool},
		{"isfinite", a(R(math.NaN())), B(false), table.Bool},
		{"isfinite", a(L(1)), B(true), table.Bool},
		{"isnan", a(tnull(table.Real)), N, table.Bool},
		// binary_*
		{"binary_and", a(L(6), L(3)), L(2), table.Long},
		{"binary_or", a(L(6), L(3)), L(7), table.Long},
		{"binary_xor", a(L(6), L(3)), L(5), table.Long},
		{"binary_not", a(L(0)), L(-1), table.Long},
		{"binary_shift_left", a(L(1), L(4)), L(16), table.Long},
		{"binary_shift_right", a(L(-16), L(2)), L(-4), table.Long},
		// max_of / min_of (max-of-function.md, min-of-function.md)
		{"max_of", a(L(10), L(1), L(-3), L(17)), L(17), table.Long},
		{"min_of", a(L(10), L(1), L(-3), L(17)), L(-3), table.Long},
		{"max_of", a(I(1), I(6)), I(6), table.Int},
		{"max_of", a(tnull(table.Int), I(2)), I(2), table.Int},
		{"max_of", a(I(1), tnull(table.Int)), I(1), table.Int},
		{"max_of", a(tnull(table.Int), tnull(table.Int)), N, table.Int},
		{"max_of", a(I(1), R(1.5)), R(1.5), table.Real},
		{"max_of", a(DT("2024-12-15 07:15:22"), DT("2024-12-15 07:15:24")), DT("2024-12-15 07:15:24"), table.Datetime},
		{"max_of", a(DT("2024-12-15 10:45:00"), DT("2024-12-14 10:45:00")), DT("2024-12-15 10:45:00"), table.Datetime},
		{"min_of", a(TS("1h"), TS("1m")), TS("1m"), table.Timespan},
		{"max_of", a(S("a"), S("b")), S("b"), table.String},
		// around (around-function.md)
		{"around", a(DT("2021-01-01 01:29"), DT("2021-01-01 01:30"), TS("1min")), B(true), table.Bool},
		{"around", a(DT("2021-01-01 01:31"), DT("2021-01-01 01:30"), TS("1min")), B(true), table.Bool},
		{"around", a(DT("2021-01-01 01:32"), DT("2021-01-01 01:30"), TS("1min")), B(false), table.Bool},
		{"around", a(R(1.5), L(1), R(0.5)), B(true), table.Bool},
		{"around", a(L(3), L(1), L(1)), B(false), table.Bool},
		{"around", a(tnull(table.Long), L(1), L(1)), N, table.Bool},
	})
	for _, bad := range [][]any{{L(1), S("a")}, {L(1), DT("2020-01-01")}} {
		if err := bindErr("max_of", bad...); err == nil {
			t.Errorf("max_of%v accepted", bad)
		}
	}
	if err := bindErr("around", DT("2020-01-01"), DT("2020-01-01"), L(1)); err == nil {
		t.Errorf("around(datetime, datetime, long) accepted")
	}
}

// around() over the range-operator example (around-function.md#L42).
func TestAroundRange(t *testing.T) {
	var kept []string
	for dt := DT("2021-01-01 01:00"); dt.I <= DT("2021-01-01 02:00").I; dt = Add(dt, TS("1min")) {
		if v, _ := call(t, "around", dt, DT("2021-01-01 01:30"), TS("1min")); v.IsTrue() {
			kept = append(kept, dt.String())
		}
	}
	want := []string{"2021-01-01T01:29:00.0000000Z", "2021-01-01T01:30:00.0000000Z", "2021-01-01T01:31:00.0000000Z"}
	if len(kept) != len(want) {
		t.Fatalf("kept %v, want %v", kept, want)
	}
	for i := range want {
		if kept[i] != want[i] {
			t.Fatalf("kept %v, want %v", kept, want)
		}
	}
}

func TestRand(t *testing.T) {
	// rand is not deterministic, so call's const/per-row cross-check does
	// not apply.
	r0, _, err := bindCall("rand", false, nil)
	if err != nil || r0.Type != table.Real {
		t.Fatalf("bind rand(): %v", err)
	}
	r10, vals, err := bindCall("rand", false, a(L(10)))
	if err != nil {
		t.Fatalf("bind rand(10): %v", err)
	}
	seen := map[float64]bool{}
	for i := 0; i < 200; i++ {
		v := r0.Eval(nil)
		if v.K != table.KReal || v.F < 0 || v.F >= 1 {
			t.Fatalf("rand() = %s", show(v))
		}
		v = r10.Eval(vals)
		if v.K != table.KReal || v.F < 0 || v.F >= 10 || v.F != math.Trunc(v.F) {
			t.Fatalf("rand(10) = %s", show(v))
		}
		seen[v.F] = true
	}
	if len(seen) < 5 {
		t.Errorf("rand(10) produced only %v", seen)
	}
	if v := r10.Eval([]table.Value{L(0)}); v.K != table.KNull {
		t.Errorf("rand(0) = %s, want null", show(v))
	}
}

func TestCondFunctions(t *testing.T) {
	runCases(t, []fcase{
		// iff (summarize-operator.md, logical-operators.md)
		{"iff", a(B(true), tnull(table.Real), R(5)), N, table.Real},
		{"iff", a(B(false), tnull(table.Real), R(5)), R(5), table.Real},
		{"iff", a(tnull(table.Bool), B(true), B(false)), B(false), table.Bool},
		{"iif", a(B(true), S("Yes"), S("No")), S("Yes"), table.String},
		{"iff", a(B(true), L(1), R(2.5)), R(1), table.Real},
		{"iff", a(B(false), I(1), L(2)), L(2), table.Long},
		{"iff", a(B(true), tnull(table.String), S("x")), S(""), table.String},
		{"iff", a(dyn(B(true)), L(1), L(2)), L(1), table.Long},
		{"iff", a(B(true), dyn(J("[1]")), L(2)), J("[1]"), table.Dynamic},
		// case (case-function.md)
		{"case", a(B(true), S("Small"), B(true), S("Medium"), S("Large")), S("Small"), table.String},
		{"case", a(B(false), S("Small"), B(true), S("Medium"), S("Large")), S("Medium"), table.String},
		{"case", a(B(false), S("Small"), tnull(table.Bool), S("Medium"), S("Large")), S("Large"), table.String},
		{"case", a(B(false), L(1), R(2)), R(2), table.Real},
		// coalesce (coalesce-function.md)
		{"coalesce", a(tnull(table.Long), L(42), L(33)), L(42), table.Long},
		{"coalesce", a(S(""), S("b")), S("b"), table.String},
		{"coalesce", a(S(""), S("")), S(""), table.String},
		{"coalesce", a(tnull(table.Long), tnull(table.Long)), N, table.Long},
		{"coalesce", a(tnull(table.Int), L(7)), L(7), table.Long},
		{"coalesce", a(dyn(N), dyn(S(""))), S(""), table.Dynamic},
		// isnull / isempty (isnull-function.md, isempty-function.md)
		{"isnull", a(S("")), B(false), table.Bool},
		{"isnull", a(S("x")), B(false), table.Bool},
		{"isnull", a(dyn(N)), B(true), table.Bool},
		{"isnull", a(dyn(J("[]"))), B(false), table.Bool},
		{"isnull", a(dyn(J("{}"))), B(false), table.Bool},
		{"isnull", a(tnull(table.Int)), B(true), table.Bool},
		{"isnull", a(withType(N, table.String)), B(false), table.Bool},
		{"isnotnull", a(tnull(table.Int)), B(false), table.Bool},
		{"notnull", a(L(1)), B(true), table.Bool},
		{"isempty", a(S("")), B(true), table.Bool},
		{"isempty", a(S("x")), B(false), table.Bool},
		{"isempty", a(dyn(N)), B(true), table.Bool},
		{"isempty", a(dyn(J("[]"))), B(false), table.Bool},
		{"isempty", a(dyn(J("{}"))), B(false), table.Bool},
		{"isempty", a(dyn(S(""))), B(true), table.Bool},
		{"isempty", a(tnull(table.Long)), B(true), table.Bool},
		{"isempty", a(L(0)), B(false), table.Bool},
		{"isnotempty", a(S("x")), B(true), table.Bool},
		{"notempty", a(S("")), B(false), table.Bool},
		// not (null-values.md)
		{"not", a(B(true)), B(false), table.Bool},
		{"not", a(B(false)), B(true), table.Bool},
		{"not", a(tnull(table.Bool)), N, table.Bool},
	})
	for _, bad := range [][]any{{B(true), S("a"), L(1)}, {S("x"), L(1), L(2)}} {
		if err := bindErr("iff", bad...); err == nil {
			t.Errorf("iff%v accepted", bad)
		}
	}
	if err := bindErr("case", B(true), S("a")); err == nil {
		t.Errorf("case with an even number of arguments accepted")
	}
	if err := bindErr("coalesce", L(1), S("a")); err == nil {
		t.Errorf("coalesce(long, string) accepted")
	}
}

// case() over range Size from 1 to 15 step 2 (case-function.md#L45).
func TestCaseBuckets(t *testing.T) {
	want := []string{"Small", "Small", "Medium", "Medium", "Medium", "Large", "Large", "Large"}
	i := 0
	for size := int64(1); size <= 15; size += 2 {
		v, _ := call(t, "case", CompareOp("<=", L(size), L(3)), S("Small"), CompareOp("<=", L(size), L(10)), S("Medium"), S("Large"))
		if v.S != want[i] {
			t.Errorf("case(Size=%d) = %s, want %s", size, show(v), want[i])
		}
		i++
	}
}
