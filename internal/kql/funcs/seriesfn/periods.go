package seriesfn

import (
	"math"
	"math/bits"
	"math/cmplx"
	"slices"

	"reconwatch/internal/table"
)

var periodsCols = []string{"periods", "scores"}

func init() {
	registerTuple("series_periods_detect", 4, 4, periodsCols, []param{
		{ok: isDyn, want: "dynamic"},
		{ok: isNum, want: "numeric"},
		{ok: isNum, want: "numeric"},
		{ok: isNum, want: "an integer", valid: func(v table.Value) string {
			if f, ok := v.AsFloat(); !ok || f < 1 {
				return "num_periods must be at least 1"
			}
			return ""
		}},
	}, seriesPeriodsDetect)
}

// Period detection. Kusto documents series_periods_detect as finding
// candidate periods and scoring each in [0, 1]; its exact scoring is not
// documented, so this is our own method in the same spirit (inferred
// throughout; periodogram candidates validated by autocorrelation, as in
// Vlachos et al.'s AUTOPERIOD):
//
//  1. Missing values are filled by linear interpolation and a robust
//     line is removed (see detrend; a trend would otherwise correlate
//     at every lag).
//  2. Candidates are the local maxima of the periodogram (the power
//     spectrum of the series zero-padded to a power of two at least 2n),
//     strongest first: a peak at frequency bin k suggests a period near
//     N/k.
//  3. Each candidate is refined to the integer lag p, between the
//     periods of the neighbouring bins, with the highest score, where
//     the score is the Pearson correlation of the series with itself
//     shifted by p (1 for an exactly periodic series, about 0 for noise;
//     negative scores count as 0), among the lags where the score is a
//     local maximum (a smooth series correlates well at every short
//     lag, a periodic one peaks at its period). To be robust to
//     isolated spikes, the score is the larger of that correlation for
//     the series and for the series with values beyond the 1.5×IQR
//     Tukey fences clipped to the fences (not when the IQR is 0: that
//     would flatten a periodic spike train).
//  4. Periods are integers from 2 up to n/2 (at least two full cycles).
//  5. A multiple of a shorter found period is dropped when the shorter
//     one scores at least 90% as well: an exact period correlates as
//     well at its multiples, and a spike can make 3×24 correlate
//     slightly better than 24, while the shorter period is the
//     informative one (and gives more cycles per median).

// periodScore is one detected period.
type periodScore struct {
	period int
	score  float64
}

// maxCandidates bounds the periodogram peaks examined.
const maxCandidates = 16

// harmonicRatio: a multiple of a found period is dropped when the shorter
// period scores at least this share of the multiple's score.
const harmonicRatio = 0.9

// detectPeriods returns up to num periods in [minP, maxP] with a positive
// score, best first (ties: the shorter period). ys must have no missing
// values.
func detectPeriods(ys []float64, minP, maxP float64, num int) []periodScore {
	n := len(ys)
	if num < 1 || math.IsNaN(minP) || math.IsNaN(maxP) {
		return nil
	}
	// Clamp before converting: int(±Inf) is undefined.
	lo := max(2, int(math.Ceil(min(max(minP, 0), float64(n)))))
	hi := min(n/2, int(math.Floor(min(max(maxP, 0), float64(n)))))
	if lo > hi {
		return nil
	}
	y := detrend(ys)
	clipped := clipFences(y)
	N := 1 << bits.Len(uint(2*n-1))
	acfRaw, specRaw := acfAndSpectrum(y, N)
	score := acfRaw
	specs := [][]float64{specRaw}
	if clipped != nil {
		acfClip, specClip := acfAndSpectrum(clipped, N)
		score = make([]float64, len(acfRaw))
		for p := range score {
			score[p] = max(acfRaw[p], acfClip[p])
		}
		specs = append(specs, specClip)
	}

	type peak struct {
		k     int
		power float64
	}
	var peaks []peak
	for _, spec := range specs {
		for k := 1; k < N/2; k++ {
			if spec[k] > 0 && spec[k] >= spec[k-1] && spec[k] >= spec[k+1] {
				if per := float64(N) / float64(k); per >= float64(lo)-1 && per <= float64(hi)+1 {
					peaks = append(peaks, peak{k, spec[k]})
				}
			}
		}
	}
	slices.SortFunc(peaks, func(a, b peak) int {
		switch {
		case a.power > b.power:
			return -1
		case a.power < b.power:
			return 1
		}
		return a.k - b.k
	})
	found := map[int]float64{}
	seen := map[int]bool{}
	for _, pk := range peaks {
		if len(seen) >= maxCandidates {
			break
		}
		if seen[pk.k] {
			continue
		}
		seen[pk.k] = true
		from := int(math.Floor(float64(N) / float64(pk.k+1)))
		to := hi
		if pk.k > 1 {
			to = int(math.Ceil(float64(N) / float64(pk.k-1)))
		}
		from, to = max(from, lo), min(to, hi)
		best, bestScore := 0, 0.0
		for p := from; p <= to; p++ {
			// Only a hill of the autocorrelation is a period: a
			// smooth series correlates well at short lags anyway.
			if score[p] > bestScore && score[p] >= score[p-1] && score[p] >= score[p+1] {
				best, bestScore = p, score[p]
			}
		}
		if best > 0 {
			found[best] = bestScore
		}
	}
	out := make([]periodScore, 0, len(found))
next:
	for p, s := range found {
		for q, sq := range found {
			if q < p && p%q == 0 && sq >= harmonicRatio*s {
				continue next // q stands for its multiple p
			}
		}
		out = append(out, periodScore{p, min(s, 1)})
	}
	slices.SortFunc(out, func(a, b periodScore) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return a.period - b.period
	})
	if len(out) > num {
		out = out[:num]
	}
	return out
}

// detectPeriod is the seasonality autodetection of series_decompose and
// series_seasonal: the best period of the present values if its score
// reaches threshold, else 0.
func detectPeriod(xs []float64, ok []bool, threshold float64) int {
	ys := interpolate(xs, ok)
	if ys == nil {
		return 0
	}
	ps := detectPeriods(ys, 2, float64(len(ys)/2), 1)
	if len(ps) == 0 || ps[0].score < threshold {
		return 0
	}
	return ps[0].period
}

// interpolate fills missing values linearly between present neighbours
// and with the nearest present value at the edges; nil when no value is
// present.
func interpolate(xs []float64, ok []bool) []float64 {
	out := make([]float64, len(xs))
	prev := -1
	for i := range xs {
		if !ok[i] {
			continue
		}
		out[i] = xs[i]
		switch {
		case prev < 0:
			for j := 0; j < i; j++ {
				out[j] = xs[i]
			}
		case i-prev > 1:
			for j := prev + 1; j < i; j++ {
				out[j] = xs[prev] + (xs[i]-xs[prev])*float64(j-prev)/float64(i-prev)
			}
		}
		prev = i
	}
	if prev < 0 {
		return nil
	}
	for j := prev + 1; j < len(xs); j++ {
		out[j] = xs[prev]
	}
	return out
}

// detrend removes a robust line from ys: the slope is the median of the
// slopes between the points half the series apart, the intercept the
// median of y - slope*i. Unlike least squares it is not tilted by a
// spike (which would turn a flat series into a ramp that correlates with
// itself at every lag), and it is exact for a line.
func detrend(ys []float64) []float64 {
	n := len(ys)
	h := n / 2
	slope := 0.0
	if h > 0 {
		sl := make([]float64, 0, n-h)
		for i := 0; i+h < n; i++ {
			sl = append(sl, (ys[i+h]-ys[i])/float64(h))
		}
		slope = median(sl)
	}
	off := make([]float64, n)
	for i, y := range ys {
		off[i] = y - slope*float64(i)
	}
	icept := median(off)
	out := make([]float64, n)
	for i, y := range ys {
		out[i] = y - slope*float64(i) - icept
	}
	return out
}

// clipFences clips ys to the 1.5×IQR Tukey fences of its quartiles; nil
// when nothing is clipped or the IQR is 0 (a flat series with spikes:
// clipping would flatten a periodic spike train).
func clipFences(ys []float64) []float64 {
	s := slices.Clone(ys)
	slices.Sort(s)
	q1, q3 := percentile(s, 25), percentile(s, 75)
	iqr := q3 - q1
	if !(iqr > 0) {
		return nil
	}
	lo, hi := q1-1.5*iqr, q3+1.5*iqr
	if s[0] >= lo && s[len(s)-1] <= hi {
		return nil
	}
	out := make([]float64, len(ys))
	for i, y := range ys {
		out[i] = min(max(y, lo), hi)
	}
	return out
}

// acfAndSpectrum returns, for ys zero-padded to N (a power of two at
// least 2n), the Pearson autocorrelation at every lag 0..n/2+1 and the
// power spectrum |X_k|² for k = 0..N/2.
func acfAndSpectrum(ys []float64, N int) (acf, spec []float64) {
	n := len(ys)
	buf := make([]complex128, N)
	for i, y := range ys {
		buf[i] = complex(y, 0)
	}
	fft(buf, false)
	spec = make([]float64, N/2+1)
	for k := range buf {
		p := real(buf[k])*real(buf[k]) + imag(buf[k])*imag(buf[k])
		if k <= N/2 {
			spec[k] = p
		}
		buf[k] = complex(p, 0)
	}
	fft(buf, true) // buf[p] = Σ_i y_i y_{i+p} (N ≥ 2n: no wrap-around)
	// Prefix sums for the means and variances of the two overlapping
	// segments y[0:n-p] and y[p:n].
	s1 := make([]float64, n+1)
	s2 := make([]float64, n+1)
	for i, y := range ys {
		s1[i+1] = s1[i] + y
		s2[i+1] = s2[i] + y*y
	}
	acf = make([]float64, n/2+2)
	for p := 1; p <= n/2+1 && p < n-1; p++ {
		m := float64(n - p)
		sa, saa := s1[n-p], s2[n-p]
		sb, sbb := s1[n]-s1[p], s2[n]-s2[p]
		cov := real(buf[p]) - sa*sb/m
		va := saa - sa*sa/m
		vb := sbb - sb*sb/m
		// Relative tolerance: rounding leaves tiny variances on a
		// constant segment.
		tol := 1e-12 * (saa + sbb)
		if va <= tol || vb <= tol {
			continue
		}
		acf[p] = cov / math.Sqrt(va*vb)
	}
	return acf, spec
}

// fft is an in-place iterative radix-2 FFT; len(a) must be a power of
// two. The inverse is scaled by 1/len(a).
func fft(a []complex128, inverse bool) {
	n := len(a)
	if n <= 1 {
		return
	}
	shift := 64 - bits.Len(uint(n-1))
	for i := 0; i < n; i++ {
		j := int(bits.Reverse64(uint64(i)) >> shift)
		if i < j {
			a[i], a[j] = a[j], a[i]
		}
	}
	sign := -1.0
	if inverse {
		sign = 1
	}
	for size := 2; size <= n; size <<= 1 {
		w := cmplx.Rect(1, sign*2*math.Pi/float64(size))
		half := size / 2
		for start := 0; start < n; start += size {
			wk := complex(1, 0)
			for k := 0; k < half; k++ {
				u, v := a[start+k], a[start+k+half]*wk
				a[start+k], a[start+k+half] = u+v, u-v
				wk *= w
			}
		}
	}
	if inverse {
		inv := complex(1/float64(n), 0)
		for i := range a {
			a[i] *= inv
		}
	}
}

// series_periods_detect(series, min_period, max_period, num_periods):
// periods (reals, in bins) and scores (in [0, 1]), best first; only the
// periods found, so possibly fewer than num_periods (inferred). The
// scores are ours (see detectPeriods), not Kusto's.
func seriesPeriodsDetect(args []table.Value) table.Value {
	xs, ok, isArr := series(args[0])
	if !isArr {
		return table.Null
	}
	minP, good1 := args[1].AsFloat()
	maxP, good2 := args[2].AsFloat()
	num, good3 := intArg(args, 3, 1)
	if !good1 || !good2 || !good3 || num < 1 {
		return table.Null
	}
	finiteOnly(xs, ok)
	var found []periodScore
	if ys := interpolate(xs, ok); ys != nil {
		found = detectPeriods(ys, minP, maxP, int(min(num, 1<<20)))
	}
	periods := make([]table.Value, len(found))
	scoreVals := make([]table.Value, len(found))
	for i, f := range found {
		periods[i] = table.NewReal(float64(f.period))
		scoreVals[i] = table.NewReal(f.score)
	}
	return tuple(table.NewArray(periods), table.NewArray(scoreVals))
}
