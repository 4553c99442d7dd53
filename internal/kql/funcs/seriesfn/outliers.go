package seriesfn

import (
	"math"
	"slices"

	"reconwatch/internal/table"
)

func init() {
	register("series_outliers", 1, 5, table.Dynamic, []param{
		{ok: isDyn, want: "dynamic"},
		{ok: isStr, want: "string", valid: oneOf("ctukey", "tukey")},
		{ok: isNum, want: "numeric"},
		{ok: isNum, want: "numeric", valid: percentileValid},
		{ok: isNum, want: "numeric", valid: percentileValid},
	}, seriesOutliers)
}

// The percentile range ctukey accepts (the docs: "supported custom values
// are in the range [2.0, 98.0]").
const minPercentile, maxPercentile = 2.0, 98.0

func percentileValid(v table.Value) string {
	f, ok := v.AsFloat()
	if !ok || !(f >= minPercentile && f <= maxPercentile) {
		return "a percentile must be in the range [2, 98]"
	}
	return ""
}

// tukey is a Tukey's fence test: the lower and upper percentiles whose
// distance is the inter-quantile range.
type tukey struct{ lo, hi float64 }

var (
	tukeyStd    = tukey{25, 75} // 'tukey': the standard quartiles
	tukeyCustom = tukey{10, 90} // 'ctukey': 10th-90th by default
)

// methodOf maps an AD method name to its test.
func methodOf(name string) (tukey, bool) {
	switch name {
	case "ctukey":
		return tukeyCustom, true
	case "tukey":
		return tukeyStd, true
	}
	return tukey{}, false
}

// percentile returns the p-th percentile of sorted values by linear
// interpolation between the closest ranks (rank (n-1)*p/100; inferred:
// Kusto does not document its interpolation).
func percentile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * p / 100
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// median of unsorted values (the slice is sorted in place).
func median(vs []float64) float64 {
	slices.Sort(vs)
	return percentile(vs, 50)
}

// scores computes Tukey fence scores: for each present value x, with Q_lo
// and Q_hi the test's percentiles of the learning values (learn[i] and
// ok[i]) and IQR = Q_hi - Q_lo,
//
//	(x - Q_hi) / IQR   when x > Q_hi
//	(x - Q_lo) / IQR   when x < Q_lo
//	0                  otherwise,
//
// so that |score| > k is exactly "outside the Tukey fence with factor k"
// and the docs' reading "above 1.5 is a rise anomaly, below -1.5 a
// decline" holds (the formula is inferred from that). Missing values
// score 0 (the docs). An IQR of 0 (a flat series with spikes) is raised to
// 1e-10 of scale (the magnitude of the analysed series) so that points
// off the flat level get very large finite scores and rounding noise on a
// flat series gets tiny ones (inferred). With no learning values every
// score is 0.
func scores(xs []float64, ok, learn []bool, t tukey, scale float64) []float64 {
	var ref []float64
	for i, x := range xs {
		if ok[i] && learn[i] {
			ref = append(ref, x)
		}
	}
	out := make([]float64, len(xs))
	if len(ref) == 0 {
		return out
	}
	slices.Sort(ref)
	qlo, qhi := percentile(ref, t.lo), percentile(ref, t.hi)
	iqr := qhi - qlo
	floor := 1e-10 * scale
	if !(floor > 0) {
		floor = 1e-10
	}
	if iqr < floor {
		iqr = floor
	}
	for i, x := range xs {
		switch {
		case !ok[i]:
		case x > qhi:
			out[i] = (x - qhi) / iqr
		case x < qlo:
			out[i] = (x - qlo) / iqr
		}
	}
	return out
}

// maxAbs is the largest |x| among the present values (0 if none).
func maxAbs(xs []float64, ok []bool) float64 {
	m := 0.0
	for i, x := range xs {
		if ok[i] && math.Abs(x) > m {
			m = math.Abs(x)
		}
	}
	return m
}

// series_outliers(series [, kind, ignore_val, min_percentile,
// max_percentile]): a score per element (see scores). kind is 'ctukey'
// (default; percentiles min_percentile..max_percentile, default 10..90)
// or 'tukey' (25..75; the custom percentiles apply to ctukey only, per
// the docs). Elements equal to ignore_val, nulls, non-numbers and
// non-finite numbers score 0 and are left out of the percentiles.
func seriesOutliers(args []table.Value) table.Value {
	xs, ok, isArr := series(args[0])
	if !isArr {
		return table.Null
	}
	kind, good := strArg(args, 1, "ctukey")
	if !good {
		return table.Null
	}
	t, good := methodOf(kind)
	if !good {
		return table.Null
	}
	if len(args) > 2 && args[2].K != table.KNull {
		ign, isNum := args[2].AsFloat()
		if !isNum {
			return table.Null
		}
		for i, x := range xs {
			if ok[i] && x == ign {
				ok[i] = false
			}
		}
	}
	if kind == "ctukey" {
		lo, good1 := numArg(args, 3, tukeyCustom.lo)
		hi, good2 := numArg(args, 4, tukeyCustom.hi)
		if !good1 || !good2 || !(lo >= minPercentile && lo <= maxPercentile) || !(hi >= minPercentile && hi <= maxPercentile) || lo > hi {
			return table.Null
		}
		t = tukey{lo, hi}
	}
	finiteOnly(xs, ok)
	all := make([]bool, len(xs))
	for i := range all {
		all[i] = true
	}
	return reals(scores(xs, ok, all, t, maxAbs(xs, ok)))
}
