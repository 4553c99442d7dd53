package seriesfn

import (
	"math"
	"testing"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// The docs' example (series-fit-line-function): y over 12 hours gives
// RSquare 0.982, Slope 2.730, Variance 98.628, RVariance 1.686,
// Interception -1.666, LineFit 1.064, 3.7945, ..., 31.102. The exact
// values below are the least squares fit over x = 1..12 worked out by
// hand (Sxx = 143, Sxy = 390.5, SStot = 1084.917, mean y = 193/12).
func TestFitLineDocExample(t *testing.T) {
	y := dj(t, `[2,5,6,8,11,15,17,18,25,26,30,30]`)
	got := call(t, "series_fit_line", y)
	slope := 390.5 / 143.0
	icept := 193.0/12 - slope*6.5
	want := map[int]float64{
		0: 0.982900730884447,       // rsquare
		1: slope,                   // 2.7307692...
		2: 1084.9166666666667 / 11, // variance (n-1) = 98.6287...
		3: 1.686480186480187,       // rvariance = SSres/(n-1)
		4: icept,                   // -1.6666...
	}
	for i, w := range want {
		if g := num(t, col(t, got, i)); !near(g, w, 1e-9) {
			t.Errorf("%s = %v, want %v", fitLineCols[i], g, w)
		}
	}
	// Rounded as the docs print them.
	for i, w := range []float64{0.982, 2.730, 98.628, 1.686, -1.666} {
		if g := num(t, col(t, got, i)); math.Abs(g-w) > 0.001 {
			t.Errorf("%s = %v, docs say %v", fitLineCols[i], g, w)
		}
	}
	line := floats(t, col(t, got, 5))
	want5 := make([]float64, 12)
	for i := range want5 {
		want5[i] = slope*float64(i+1) + icept
	}
	wantFloats(t, "line_fit", line, want5, 1e-12)
	if math.Abs(line[0]-1.064) > 0.001 || math.Abs(line[1]-3.7945) > 0.001 || math.Abs(line[11]-31.102) > 0.001 {
		t.Errorf("line_fit = %v, docs say 1.064, 3.7945, ..., 31.102", line)
	}

	bag := call(t, "series_fit_line_dynamic", y)
	if bag.K != table.KBag {
		t.Fatalf("series_fit_line_dynamic = %s", show(bag))
	}
	for i, k := range fitLineCols {
		v, ok := bag.BagGet(k)
		if !ok || show(v) != show(col(t, got, i)) {
			t.Errorf("bag[%s] = %s, want %s", k, show(v), show(col(t, got, i)))
		}
	}
}

func TestFitLine(t *testing.T) {
	for _, c := range []struct {
		name string
		in   string
		// rsquare, slope, variance, rvariance, interception; line_fit
		want []float64
		line []float64
	}{
		// y = 3x + 1 at x = 1..5; variance of 4,7,10,13,16 = 90/4.
		{"exact line", `[4,7,10,13,16]`, []float64{1, 3, 22.5, 0, 1}, []float64{4, 7, 10, 13, 16}},
		// Flat: a perfect fit with no variance (rsquare 1, inferred).
		{"flat", `[5,5,5]`, []float64{1, 0, 0, 0, 5}, []float64{5, 5, 5}},
		// One value: slope 0, variances 0 (inferred).
		{"single", `[7]`, []float64{1, 0, 0, 0, 7}, []float64{7}},
		// A missing value is left out: points (1,1), (3,3).
		{"null skipped", `[1,null,3]`, []float64{1, 1, 2, 0, 0}, []float64{1, 2, 3}},
		{"string skipped", `[1,"x",3]`, []float64{1, 1, 2, 0, 0}, []float64{1, 2, 3}},
		// Decreasing: y = -2x + 10 at x = 1..4 → 8,6,4,2.
		{"decreasing", `[8,6,4,2]`, []float64{1, -2, 20.0 / 3, 0, 10}, []float64{8, 6, 4, 2}},
		// (1,0),(2,1),(3,0): slope 0, mean 1/3, SSres = SStot = 2/3.
		{"no fit", `[0,1,0]`, []float64{0, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3}, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}},
	} {
		got := call(t, "series_fit_line", dj(t, c.in))
		for i, w := range c.want {
			if g := num(t, col(t, got, i)); !near(g, w, 1e-12) {
				t.Errorf("%s: %s = %v, want %v", c.name, fitLineCols[i], g, w)
			}
		}
		wantFloats(t, c.name+": line_fit", floats(t, col(t, got, 5)), c.line, 1e-12)
	}

	// No values: null statistics, a line of nulls.
	wantJSON(t, "empty", call(t, "series_fit_line", dj(t, `[]`)), `[null,null,null,null,null,[]]`)
	wantJSON(t, "all null", call(t, "series_fit_line", dj(t, `[null,null]`)), `[null,null,null,null,null,[null,null]]`)
	// Not an array: null.
	for _, v := range []table.Value{N, dj(t, `{"a":1}`)} {
		if got := call(t, "series_fit_line", v); got.K != table.KNull {
			t.Errorf("series_fit_line(%s) = %s, want null", show(v), show(got))
		}
		if got := call(t, "series_fit_line_dynamic", v); got.K != table.KNull {
			t.Errorf("series_fit_line_dynamic(%s) = %s, want null", show(v), show(got))
		}
	}
	if err := bindErr(t, "series_fit_line", S("x")); err == nil {
		t.Errorf("series_fit_line(string) should not bind")
	}
}

func TestStats(t *testing.T) {
	// min 2 at 8, max 87 at 3; sum 492 over 15; sample variance
	// Σ(x-32.8)²/14 = 11374.4/14.
	x := dj(t, `[23,46,23,87,4,8,3,75,2,56,13,75,32,16,29]`)
	got := call(t, "series_stats", x)
	v := 11374.4 / 14
	want := []table.Value{R(2), L(8), R(87), L(3), R(32.8), R(v), R(math.Sqrt(v))}
	for i, w := range want {
		g := col(t, got, i)
		if g.K != w.K || !near(num(t, g), num(t, w), 1e-12) {
			t.Errorf("%s = %s, want %s", statsCols[i], show(g), show(w))
		}
	}
	bag := call(t, "series_stats_dynamic", x)
	for i, k := range statsCols {
		if g, ok := bag.BagGet(k); !ok || show(g) != show(col(t, got, i)) {
			t.Errorf("series_stats_dynamic[%s] = %s, want %s", k, show(g), show(col(t, got, i)))
		}
	}

	for _, c := range []struct {
		name string
		args []table.Value
		want string
	}{
		// First index of ties.
		{"ties", []table.Value{dj(t, `[5,1,1,5]`)}, `[1,1,5,0,3,5.333333333333333,2.309401076758503]`},
		{"one value", []table.Value{dj(t, `[4]`)}, `[4,0,4,0,4,0,0]`},
		{"empty", []table.Value{dj(t, `[]`)}, `[null,null,null,null,null,null,null]`},
		// A non-finite or missing value: nulls unless ignored.
		{"null", []table.Value{dj(t, `[1,null,3]`)}, `[null,null,null,null,null,null,null]`},
		{"null explicit false", []table.Value{dj(t, `[1,null,3]`), B(false)}, `[null,null,null,null,null,null,null]`},
		{"null ignored", []table.Value{dj(t, `[1,null,3]`), B(true)}, `[1,0,3,2,2,2,1.4142135623730951]`},
		{"nan ignored", []table.Value{table.NewArray([]table.Value{R(math.NaN()), R(3), R(math.Inf(1)), L(1)}), B(true)}, `[1,3,3,1,2,2,1.4142135623730951]`},
		{"all ignored", []table.Value{dj(t, `[null,"a"]`), B(true)}, `[null,null,null,null,null,null,null]`},
		{"not array", []table.Value{N}, `null`},
		{"null flag is default", []table.Value{dj(t, `[2,4]`), N}, `[2,0,4,1,3,2,1.4142135623730951]`},
	} {
		wantJSON(t, c.name, call(t, "series_stats", c.args...), c.want)
	}
	if err := bindErr(t, "series_stats", dj(t, `[1]`), S("yes")); err == nil {
		t.Errorf("series_stats(_, string) should not bind")
	}
}

func TestTupleNames(t *testing.T) {
	for _, c := range []struct {
		fn   string
		i    int
		want string
	}{
		{"series_fit_line", 0, "series_fit_line_y_rsquare"},
		{"series_fit_line", 5, "series_fit_line_y_line_fit"},
		{"series_stats", 1, "series_stats_y_min_idx"},
		{"series_decompose", 3, "series_decompose_y_residual"},
		{"series_decompose_anomalies", 0, "series_decompose_anomalies_y_ad_flag"},
		{"series_periods_detect", 1, "series_periods_detect_y_scores"},
	} {
		if got := funcs.Lookup(c.fn).TupleName("y", c.i); got != c.want {
			t.Errorf("%s column %d = %q, want %q", c.fn, c.i, got, c.want)
		}
	}
}
