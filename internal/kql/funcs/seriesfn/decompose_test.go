package seriesfn

import (
	"math"
	"testing"

	"reconwatch/internal/table"
)

// gen builds a series of n points from f.
func gen(n int, f func(i int) float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

// lcg is a small deterministic noise source in [-0.5, 0.5).
type lcg uint64

func (r *lcg) next() float64 {
	*r = *r*6364136223846793005 + 1442695040888963407
	return float64(uint64(*r)>>40)/float64(1<<24) - 0.5
}

func sinus(i int, period float64) float64 { return math.Sin(2 * math.Pi * float64(i) / period) }

// anomalies calls series_decompose_anomalies and returns its columns.
func anomalies(t *testing.T, args ...table.Value) (flags, scores, baseline []float64) {
	t.Helper()
	got := call(t, "series_decompose_anomalies", args...)
	return floats(t, col(t, got, 0)), floats(t, col(t, got, 1)), floats(t, col(t, got, 2))
}

// wantFlags checks flags are 0 except at the given positions.
func wantFlags(t *testing.T, ctx string, flags []float64, want map[int]float64) {
	t.Helper()
	for i, f := range flags {
		if f != want[i] {
			t.Errorf("%s: ad_flag[%d] = %v, want %v", ctx, i, f, want[i])
		}
	}
}

func TestDecomposeAnomaliesSpike(t *testing.T) {
	// Four days of hourly points, so that a phase of period 24 has four
	// values and its median ignores the spike.
	const level, n = 10.0, 96
	for _, c := range []struct {
		name  string
		spike float64
		flag  float64
		extra []table.Value
		base  float64 // the flat level's baseline
	}{
		{"rise, defaults", 50, 1, nil, level},
		{"dip, defaults", -20, -1, nil, level},
		{"rise, avg trend, no seasonality", 50, 1, []table.Value{R(1.5), L(0), S("avg")}, level},
		{"rise, tukey", 50, 1, []table.Value{R(1.5), L(-1), S("linefit"), L(0), S("tukey")}, level},
		{"dip, seasonality 24", -20, -1, []table.Value{R(1.5), L(24)}, level},
		{"dip, seasonality 24, no trend", -20, -1, []table.Value{R(1.5), L(24), S("none")}, level},
		// No trend and no seasonality: the baseline is 0.
		{"rise, no trend", 50, 1, []table.Value{R(1.5), L(0), S("none")}, 0},
	} {
		y := gen(n, func(int) float64 { return level })
		y[30] = c.spike
		args := append([]table.Value{fl(y...)}, c.extra...)
		flags, scores, baseline := anomalies(t, args...)
		wantFlags(t, c.name, flags, map[int]float64{30: c.flag})
		if c.flag*scores[30] <= 1.5 {
			t.Errorf("%s: ad_score at the spike = %v", c.name, scores[30])
		}
		// The spike moves the learned baseline by at most its share.
		if d := math.Abs(baseline[30] - c.base); d > 2*math.Abs(c.spike-level)/n {
			t.Errorf("%s: baseline at the spike = %v, want ≈ %v", c.name, baseline[30], c.base)
		}
	}
}

func TestDecomposeLinear(t *testing.T) {
	y := gen(60, func(i int) float64 { return 5 + 2*float64(i) })
	for _, seas := range []int64{-1, 0, 7, 24} {
		got := call(t, "series_decompose", fl(y...), L(seas), S("linefit"))
		baseline, seasonal, trend, residual := floats(t, col(t, got, 0)), floats(t, col(t, got, 1)), floats(t, col(t, got, 2)), floats(t, col(t, got, 3))
		for i := range y {
			if math.Abs(residual[i]) > 1e-9 || math.Abs(baseline[i]-y[i]) > 1e-9 || math.Abs(seasonal[i]+trend[i]-baseline[i]) > 1e-9 {
				t.Fatalf("seasonality %d: point %d: baseline %v seasonal %v trend %v residual %v (y %v)",
					seas, i, baseline[i], seasonal[i], trend[i], residual[i], y[i])
			}
		}
		flags, _, _ := anomalies(t, fl(y...), R(1.5), L(seas), S("linefit"))
		wantFlags(t, "linear", flags, nil)
	}
	// 'avg' cannot follow a line: the trend is the mean, 64.
	got := call(t, "series_decompose", fl(y...), L(0))
	wantFloats(t, "avg trend", floats(t, col(t, got, 2)), gen(60, func(int) float64 { return 64 }), 1e-12)
	wantFloats(t, "avg seasonal", floats(t, col(t, got, 1)), make([]float64, 60), 0)
	// 'none': the baseline is 0 and the residual the series.
	got = call(t, "series_decompose", fl(y...), L(0), S("none"))
	wantFloats(t, "none baseline", floats(t, col(t, got, 0)), make([]float64, 60), 0)
	wantFloats(t, "none residual", floats(t, col(t, got, 3)), y, 0)
}

func TestDecomposeSeasonal(t *testing.T) {
	y := gen(24*7, func(i int) float64 { return 100 + 20*sinus(i, 24) })
	for _, c := range []struct {
		name  string
		extra []table.Value
	}{
		{"period 24, avg", []table.Value{L(24)}},
		{"period 24, linefit", []table.Value{L(24), S("linefit")}},
		{"autodetect, avg", nil},
		{"autodetect, linefit", []table.Value{L(-1), S("linefit")}},
		{"period 24, none", []table.Value{L(24), S("none")}},
	} {
		got := call(t, "series_decompose", append([]table.Value{fl(y...)}, c.extra...)...)
		baseline, seasonal, trend, residual := floats(t, col(t, got, 0)), floats(t, col(t, got, 1)), floats(t, col(t, got, 2)), floats(t, col(t, got, 3))
		for i := range y {
			if math.Abs(residual[i]) > 1e-9 || math.Abs(baseline[i]-y[i]) > 1e-9 {
				t.Fatalf("%s: point %d: residual %v baseline %v", c.name, i, residual[i], baseline[i])
			}
			// The seasonal part carries the sinusoid: the trend is flat.
			if math.Abs(trend[i]-trend[0]) > 1e-9 {
				t.Fatalf("%s: trend not flat: %v", c.name, trend[:5])
			}
			if math.Abs(seasonal[i]-(y[i]-trend[i])) > 1e-9 {
				t.Fatalf("%s: seasonal[%d] = %v", c.name, i, seasonal[i])
			}
		}
	}
	// Without seasonality the sinusoid is left in the residual.
	got := call(t, "series_decompose", fl(y...), L(0))
	if r := floats(t, col(t, got, 3)); math.Abs(r[6]-20) > 1e-9 {
		t.Errorf("no seasonality: residual at a crest = %v, want 20", r[6])
	}
}

// A realistic case: two weeks of hourly counts with a daily cycle, a
// slow trend and noise, plus one spike and one dip: exactly those two are
// flagged, with the period detected or given.
func TestDecomposeAnomaliesRealistic(t *testing.T) {
	r := lcg(7)
	y := gen(24*14, func(i int) float64 { return 200 + 0.2*float64(i) + 50*sinus(i, 24) + 6*r.next() })
	y[100] += 80
	y[250] -= 80
	for _, c := range []struct {
		name  string
		extra []table.Value
	}{
		{"defaults", nil},
		{"period 24", []table.Value{R(1.5), L(24), S("linefit")}},
		{"threshold 3", []table.Value{R(3)}},
	} {
		flags, scores, baseline := anomalies(t, append([]table.Value{fl(y...)}, c.extra...)...)
		wantFlags(t, c.name, flags, map[int]float64{100: 1, 250: -1})
		if math.Abs(baseline[100]-(y[100]-80)) > 6 || math.Abs(baseline[250]-(y[250]+80)) > 6 {
			t.Errorf("%s: baselines %v, %v, want ≈ %v, %v", c.name, baseline[100], baseline[250], y[100]-80, y[250]+80)
		}
		if scores[100] <= 3 || scores[250] >= -3 {
			t.Errorf("%s: scores %v, %v", c.name, scores[100], scores[250])
		}
	}
	// No seasonality and no trend: the daily cycle itself is anomalous
	// at a threshold of 0.
	flags, _, _ := anomalies(t, fl(y...), R(0), L(0), S("none"))
	var n int
	for _, f := range flags {
		if f != 0 {
			n++
		}
	}
	if n == 0 {
		t.Errorf("threshold 0 without seasonality flags nothing")
	}
}

func TestDecomposeTestPoints(t *testing.T) {
	// Flat at 10 with a small cycle; the last 4 points jump to 30. They
	// are left out of the learning, so the baseline there stays ≈ 10 and
	// they are flagged; the learning points are not.
	y := gen(40, func(i int) float64 { return 10 + float64(i%2) })
	for i := 36; i < 40; i++ {
		y[i] = 30
	}
	flags, _, baseline := anomalies(t, fl(y...), R(1.5), L(0), S("linefit"), L(4))
	wantFlags(t, "test points", flags, map[int]float64{36: 1, 37: 1, 38: 1, 39: 1})
	for i := 36; i < 40; i++ {
		if math.Abs(baseline[i]-10.5) > 0.5 {
			t.Errorf("baseline[%d] = %v, want ≈ 10.5", i, baseline[i])
		}
	}
	// The seasonal part extrapolates by phase.
	got := call(t, "series_decompose", fl(y...), L(2), S("avg"), L(4))
	wantFloats(t, "extrapolated baseline", floats(t, col(t, got, 0))[36:], []float64{10, 11, 10, 11}, 1e-12)
	wantFloats(t, "test residuals", floats(t, col(t, got, 3))[36:], []float64{20, 19, 20, 19}, 1e-12)
}

func TestDecomposeEdges(t *testing.T) {
	// Missing values: no residual, flag 0, a baseline all the same.
	got := call(t, "series_decompose", dj(t, `[1,null,3,4]`), L(0), S("linefit"))
	wantJSON(t, "null residual", nullMask(col(t, got, 3)), `[false,true,false,false]`)
	wantFloats(t, "residual", floats(t, col(t, got, 3)), []float64{0, math.NaN(), 0, 0}, 1e-12)
	wantFloats(t, "null baseline", floats(t, col(t, got, 0)), []float64{1, 2, 3, 4}, 1e-12)
	got = call(t, "series_decompose_anomalies", dj(t, `[1,null,3,4]`))
	wantJSON(t, "null flag", col(t, got, 0), `[0,0,0,0]`)

	wantJSON(t, "empty", call(t, "series_decompose", dj(t, `[]`)), `[[],[],[],[]]`)
	wantJSON(t, "empty anomalies", call(t, "series_decompose_anomalies", dj(t, `[]`)), `[[],[],[]]`)
	wantJSON(t, "single", call(t, "series_decompose_anomalies", dj(t, `[5]`)), `[[0],[0],[5]]`)

	for _, c := range []struct {
		name string
		fn   string
		args []table.Value
	}{
		{"not array", "series_decompose", []table.Value{N}},
		{"all null", "series_decompose", []table.Value{dj(t, `[null,null]`)}},
		{"test points = n", "series_decompose", []table.Value{fl(1, 2, 3), L(0), S("avg"), L(3)}},
		{"bad trend", "series_decompose", []table.Value{fl(1, 2, 3), L(0), S("poly")}},
		{"bad seasonality", "series_decompose", []table.Value{fl(1, 2, 3), L(-2)}},
		{"bad method", "series_decompose_anomalies", []table.Value{fl(1, 2, 3), R(1.5), L(0), S("avg"), L(0), S("mad")}},
		{"threshold not numeric", "series_decompose_anomalies", []table.Value{fl(1, 2, 3), S("x")}},
	} {
		fargs := make([]table.Value, len(c.args))
		copy(fargs, c.args)
		impl, err := bindArgs(t, c.fn, false, fargs)
		if err != nil {
			if c.name == "threshold not numeric" {
				continue // a bind-time error is fine too
			}
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := impl.Eval(fargs); got.K != table.KNull {
			t.Errorf("%s: %s, want null", c.name, show(got))
		}
	}
	for _, c := range []struct {
		name string
		fn   string
		args []table.Value
	}{
		{"bad trend", "series_decompose", []table.Value{fl(1, 2, 3), L(0), S("poly")}},
		{"bad seasonality", "series_decompose", []table.Value{fl(1, 2, 3), L(-2)}},
		{"negative test points", "series_decompose", []table.Value{fl(1, 2, 3), L(0), S("avg"), L(-1)}},
		{"bad method", "series_decompose_anomalies", []table.Value{fl(1, 2, 3), R(1.5), L(0), S("avg"), L(0), S("mad")}},
		{"threshold string", "series_decompose_anomalies", []table.Value{fl(1, 2, 3), S("x")}},
	} {
		if err := bindErr(t, c.fn, c.args...); err == nil {
			t.Errorf("%s: should not bind", c.name)
		}
	}
	// Trend words are case-insensitive; null optional arguments take
	// their defaults.
	a := show(call(t, "series_decompose_anomalies", fl(1, 2, 3, 9, 5), N, N, S("LineFit")))
	b := show(call(t, "series_decompose_anomalies", fl(1, 2, 3, 9, 5)))
	if a != b {
		t.Errorf("defaults differ: %s vs %s", a, b)
	}
}

func TestSeasonal(t *testing.T) {
	// The docs' example (series-seasonal-function): period 6, detected or
	// given; the median per phase of the values.
	s := dj(t, `[2,5,3,4,3,2,1,2,3,4,3,2,1,2,3,4,3,2,1,2,3,4,3,2,1]`)
	want := `[1,2,3,4,3,2,1,2,3,4,3,2,1,2,3,4,3,2,1,2,3,4,3,2,1]`
	wantJSON(t, "autodetect", call(t, "series_seasonal", s), want)
	wantJSON(t, "period 6", call(t, "series_seasonal", s, L(6)), want)
	wantJSON(t, "period 0", call(t, "series_seasonal", s, L(0)), `[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]`)
	// No period in noise: zeros.
	r := lcg(3)
	noise := gen(100, func(int) float64 { return r.next() })
	wantFloats(t, "noise", floats(t, call(t, "series_seasonal", fl(noise...))), make([]float64, 100), 0)
	// Missing values are left out of the medians.
	wantJSON(t, "nulls", call(t, "series_seasonal", dj(t, `[1,null,3,10,1,20]`), L(2)), `[1,15,1,15,1,15]`)
	if got := call(t, "series_seasonal", N); got.K != table.KNull {
		t.Errorf("series_seasonal(null) = %s", show(got))
	}
}

// nullMask maps an array to which elements are null.
func nullMask(v table.Value) table.Value {
	out := make([]table.Value, len(v.Array()))
	for i, e := range v.Array() {
		out[i] = table.NewBool(e.K == table.KNull)
	}
	return table.NewArray(out)
}

func TestDecomposeEmptyWithTestPoints(t *testing.T) {
	wantJSON(t, "empty", call(t, "series_decompose_anomalies", dj(t, `[]`), R(1.5), L(-1), S("linefit"), L(3)), `[[],[],[]]`)
}
