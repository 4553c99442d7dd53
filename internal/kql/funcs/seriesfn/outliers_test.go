package seriesfn

import (
	"testing"

	"reconwatch/internal/table"
)

func TestPercentile(t *testing.T) {
	s := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 100}
	// Rank (n-1)p/100 with linear interpolation.
	for _, c := range []struct{ p, want float64 }{
		{0, 1}, {10, 1.9}, {25, 3.25}, {50, 5.5}, {75, 7.75}, {90, 18.1}, {100, 100},
	} {
		if got := percentile(s, c.p); !near(got, c.want, 1e-12) {
			t.Errorf("percentile(%v) = %v, want %v", c.p, got, c.want)
		}
	}
	if got := percentile([]float64{4}, 90); got != 4 {
		t.Errorf("percentile of one value = %v", got)
	}
}

func TestOutliers(t *testing.T) {
	x := fl(1, 2, 3, 4, 5, 6, 7, 8, 9, 100)
	for _, c := range []struct {
		name string
		args []table.Value
		want []float64
	}{
		// ctukey: Q10 = 1.9, Q90 = 18.1, IQR = 16.2.
		{"ctukey default", []table.Value{x}, []float64{-0.9 / 16.2, 0, 0, 0, 0, 0, 0, 0, 0, 81.9 / 16.2}},
		{"ctukey explicit", []table.Value{x, S("ctukey")}, []float64{-0.9 / 16.2, 0, 0, 0, 0, 0, 0, 0, 0, 81.9 / 16.2}},
		// tukey: Q25 = 3.25, Q75 = 7.75, IQR = 4.5.
		{"tukey", []table.Value{x, S("tukey")}, []float64{-2.25 / 4.5, -1.25 / 4.5, -0.25 / 4.5, 0, 0, 0, 0, 0.25 / 4.5, 1.25 / 4.5, 92.25 / 4.5}},
		// tukey ignores custom percentiles (the docs: ctukey only).
		{"tukey custom ignored", []table.Value{x, S("tukey"), N, R(5), R(95)}, []float64{-2.25 / 4.5, -1.25 / 4.5, -0.25 / 4.5, 0, 0, 0, 0, 0.25 / 4.5, 1.25 / 4.5, 92.25 / 4.5}},
		// ctukey 25..75 equals tukey.
		{"ctukey 25-75", []table.Value{x, S("ctukey"), N, R(25), R(75)}, []float64{-2.25 / 4.5, -1.25 / 4.5, -0.25 / 4.5, 0, 0, 0, 0, 0.25 / 4.5, 1.25 / 4.5, 92.25 / 4.5}},
		// ignore_val: 100 is missing (score 0, not in the percentiles):
		// 1..9 → Q10 = 1.8, Q90 = 8.2.
		{"ignore_val", []table.Value{x, S("ctukey"), R(100)}, []float64{-0.8 / 6.4, 0, 0, 0, 0, 0, 0, 0, 0.8 / 6.4, 0}},
		// Nulls score 0 and are left out.
		{"nulls", []table.Value{dj(t, `[null,1,2,3,4,5,6,7,8,9,null]`)}, []float64{0, -0.8 / 6.4, 0, 0, 0, 0, 0, 0, 0, 0.8 / 6.4, 0}},
		{"empty", []table.Value{dj(t, `[]`)}, []float64{}},
		{"all null", []table.Value{dj(t, `[null]`)}, []float64{0}},
	} {
		wantFloats(t, c.name, floats(t, call(t, "series_outliers", c.args...)), c.want, 1e-12)
	}

	// A flat series with one spike: IQR 0, the spike gets a huge finite
	// score and the flat points 0.
	got := floats(t, call(t, "series_outliers", fl(5, 5, 5, 5, 5, 9, 5, 5, 5, 5, 3)))
	for i, s := range got {
		switch i {
		case 5:
			if !(s > 1e6) {
				t.Errorf("spike score %v, want huge", s)
			}
		case 10:
			if !(s < -1e6) {
				t.Errorf("dip score %v, want huge negative", s)
			}
		default:
			if s != 0 {
				t.Errorf("flat point %d score %v, want 0", i, s)
			}
		}
	}

	for _, c := range []struct {
		name string
		args []table.Value
	}{
		{"not array", []table.Value{N}},
		{"bad kind", []table.Value{x, S("zscore")}},
		{"percentile out of range", []table.Value{x, S("ctukey"), N, R(1), R(90)}},
		{"percentiles reversed", []table.Value{x, S("ctukey"), N, R(90), R(10)}},
	} {
		impl, err := bindArgs(t, "series_outliers", false, c.args)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := impl.Eval(c.args); got.K != table.KNull {
			t.Errorf("%s: %s, want null", c.name, show(got))
		}
	}
	for _, c := range []struct {
		name string
		args []table.Value
	}{
		{"bad kind", []table.Value{x, S("zscore")}},
		{"percentile out of range", []table.Value{x, S("ctukey"), N, R(99)}},
		{"kind not a string", []table.Value{x, L(1)}},
	} {
		if err := bindErr(t, "series_outliers", c.args...); err == nil {
			t.Errorf("%s: should not bind", c.name)
		}
	}
}
