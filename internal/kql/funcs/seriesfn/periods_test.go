package seriesfn

import (
	"math"
	"math/cmplx"
	"testing"

	"reconwatch/internal/table"
)

func TestFFT(t *testing.T) {
	// Against the direct DFT.
	x := []complex128{1, 2, 0, -1, 3, 0.5, 0, 2}
	a := append([]complex128(nil), x...)
	fft(a, false)
	for k := range x {
		var want complex128
		for j, v := range x {
			want += v * cmplx.Rect(1, -2*math.Pi*float64(j*k)/float64(len(x)))
		}
		if cmplx.Abs(a[k]-want) > 1e-9 {
			t.Errorf("X[%d] = %v, want %v", k, a[k], want)
		}
	}
	fft(a, true)
	for k := range x {
		if cmplx.Abs(a[k]-x[k]) > 1e-9 {
			t.Errorf("inverse [%d] = %v, want %v", k, a[k], x[k])
		}
	}
}

func TestDetectPeriod(t *testing.T) {
	noise := func(seed lcg, n int) []float64 {
		r := seed
		return gen(n, func(int) float64 { return r.next() })
	}
	var walk []float64
	r := lcg(11)
	v := 0.0
	for range 500 {
		v += r.next()
		walk = append(walk, v)
	}
	sinSpike := gen(24*7, func(i int) float64 { return 10 + 5*sinus(i, 24) })
	sinSpike[50] += 100
	weekly := gen(24*28, func(i int) float64 {
		if (i/24)%7 >= 5 {
			return 40 + 5*sinus(i, 24)
		}
		return 100 + 30*sinus(i, 24)
	})
	spikeTrain := gen(24*14, func(i int) float64 {
		if i%24 == 3 {
			return 100
		}
		return 0
	})
	flatSpike := gen(48, func(int) float64 { return 10 })
	flatSpike[30] = 50
	trendSin := gen(24*10, func(i int) float64 { return 3*float64(i) + 40*sinus(i, 12) })

	for _, c := range []struct {
		name string
		ys   []float64
		want int
	}{
		{"sinusoid 24", gen(24*7, func(i int) float64 { return sinus(i, 24) }), 24},
		{"sinusoid 7, 3 cycles", gen(21, func(i int) float64 { return sinus(i, 7) }), 7},
		{"docs example period 6", []float64{2, 5, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1}, 6},
		{"sinusoid with a spike", sinSpike, 24},
		{"weekly pattern", weekly, 168},
		{"daily spike train", spikeTrain, 24},
		{"trend plus cycle", trendSin, 12},
		{"noise", noise(5, 300), 0},
		{"random walk", walk, 0},
		{"flat with a spike", flatSpike, 0},
		{"constant", gen(50, func(int) float64 { return 3 }), 0},
		{"line", gen(50, func(i int) float64 { return float64(i) }), 0},
		{"too short", []float64{1, 2, 1}, 0},
		{"empty", nil, 0},
	} {
		ok := make([]bool, len(c.ys))
		for i := range ok {
			ok[i] = true
		}
		if got := detectPeriod(c.ys, ok, 0.6); got != c.want {
			t.Errorf("%s: period %d, want %d (%v)", c.name, got, c.want, detectPeriods(c.ys, 2, 1e9, 4))
		}
	}
	// Missing values are interpolated.
	ys := gen(24*7, func(i int) float64 { return sinus(i, 24) })
	ok := make([]bool, len(ys))
	for i := range ok {
		ok[i] = i%5 != 0
	}
	if got := detectPeriod(ys, ok, 0.6); got != 24 {
		t.Errorf("with gaps: period %d, want 24", got)
	}
}

func TestPeriodsDetect(t *testing.T) {
	// An exact period scores 1; min_period and max_period bound the
	// search.
	y := fl(gen(24*7, func(i int) float64 { return sinus(i, 24) })...)
	got := call(t, "series_periods_detect", y, R(0), R(50), L(2))
	wantJSON(t, "periods", got, `[[24],[1]]`)
	got = call(t, "series_periods_detect", y, R(24), R(24), L(3))
	wantJSON(t, "bounded", got, `[[24],[1]]`)
	// Two periods, best first: a weekly pattern of 12h bins (14) with a
	// day/night alternation (2) on weekdays.
	w := gen(14*6, func(i int) float64 {
		if i%14 >= 10 {
			return 50
		}
		return 100 + 40*float64(i%2)
	})
	got = call(t, "series_periods_detect", fl(w...), R(0), R(50), L(2))
	if ps := floats(t, col(t, got, 0)); len(ps) != 2 || ps[0] != 14 || ps[1] != 2 {
		t.Errorf("weekly/daily periods = %v, want [14, 2]", ps)
	}
	got = call(t, "series_periods_detect", y, R(30), R(40), L(3))
	wantJSON(t, "nothing in range", got, `[[],[]]`)
	if got := call(t, "series_periods_detect", N, R(0), R(50), L(2)); got.K != table.KNull {
		t.Errorf("null series: %s", show(got))
	}
	if err := bindErr(t, "series_periods_detect", y, R(0), R(50), L(0)); err == nil {
		t.Errorf("num_periods 0 should not bind")
	}
}
