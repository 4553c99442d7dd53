package seriesfn

import (
	"reconwatch/internal/table"
)

var (
	decomposeCols = []string{"baseline", "seasonal", "trend", "residual"}
	anomaliesCols = []string{"ad_flag", "ad_score", "baseline"}
)

// Defaults from the docs.
const (
	defaultADThreshold          = 1.5 // series_decompose_anomalies' threshold (Tukey's k)
	defaultSeasonalityThreshold = 0.6 // series_decompose*'s seasonality_threshold
	seriesSeasonalThreshold     = 0.7 // series_seasonal's autodetection threshold
	autodetect                  = -1  // seasonality: detect the period
)

func init() {
	seriesP := param{ok: isDyn, want: "dynamic"}
	seasonality := param{ok: isNum, want: "an integer", valid: seasonalityValid}
	testPoints := param{ok: isNum, want: "an integer", valid: func(v table.Value) string {
		if f, ok := v.AsFloat(); !ok || f < 0 {
			return "test_points must be a non-negative integer"
		}
		return ""
	}}
	threshold := param{ok: isNum, want: "numeric"}
	trend := param{ok: isStr, want: "string", valid: oneOf("avg", "linefit", "none")}
	method := param{ok: isStr, want: "string", valid: oneOf("ctukey", "tukey")}

	registerTuple("series_decompose", 1, 5, decomposeCols,
		[]param{seriesP, seasonality, trend, testPoints, threshold}, seriesDecompose)
	registerTuple("series_decompose_anomalies", 1, 7, anomaliesCols,
		[]param{seriesP, threshold, seasonality, trend, testPoints, method, threshold}, seriesDecomposeAnomalies)
	register("series_seasonal", 1, 2, table.Dynamic, []param{seriesP, seasonality}, seriesSeasonal)
}

func seasonalityValid(v table.Value) string {
	if f, ok := v.AsFloat(); !ok || f < autodetect {
		return "seasonality must be -1 (autodetect), 0 (none) or a positive period"
	}
	return ""
}

// decomposition is the result of decompose.
type decomposition struct {
	baseline, seasonal, trend, residual []float64
	ok                                  []bool // residual defined (the value is present)
	learn                               []bool // present and in the learning part
	period                              int
}

// decompose splits a series into trend, seasonal and residual parts. The
// docs define the parts (series-decompose-function): seasonal is 0 when
// no period is set or detected and otherwise "the median of the series
// points in the same phase"; trend is average(x) ('avg'), a linear
// regression ('linefit') or 0 ('none'); baseline = seasonal + trend;
// residual = x - baseline; the last test_points points are left out of
// the learning and get the extrapolated baseline. What the docs leave
// open, and we chose (inferred):
//
//   - Seasonality -1 detects the period on the learning part with
//     detectPeriod (our method; see periods.go), accepting it when its
//     score reaches threshold.
//   - The trend is estimated first, from the learning values. With a
//     period p ≥ 2, 'linefit' estimates the slope within phases (least
//     squares of x on the index with one level per phase), so that a
//     seasonal pattern does not bias it, and the line passes through the
//     learning values' mean; without one it is ordinary least squares.
//   - The seasonal part is the per-phase median of x - trend over the
//     learning values (of x itself for trend 'none'), so that a trending
//     series does not make it a sawtooth; a phase with no learning value
//     gets 0.
//   - Missing values (nulls, non-numbers, NaN, ±Infinity) are left out of
//     the learning; their baseline is still given, their residual is
//     null.
//
// A linear series with 'linefit', or any exactly periodic series plus a
// line with its period given, thus decomposes with zero residuals.
func decompose(xs []float64, ok []bool, seasonality int64, trendKind string, testPoints int64, threshold float64) (decomposition, bool) {
	n := len(xs)
	if testPoints < 0 || seasonality < autodetect || (n > 0 && testPoints >= int64(n)) {
		return decomposition{}, false
	}
	if n == 0 {
		testPoints = 0
	}
	L := n - int(testPoints)
	d := decomposition{
		baseline: make([]float64, n), seasonal: make([]float64, n),
		trend: make([]float64, n), residual: make([]float64, n),
		ok: ok, learn: make([]bool, n),
	}
	var count int
	for i := 0; i < L; i++ {
		if ok[i] {
			d.learn[i] = true
			count++
		}
	}
	if n > 0 && count == 0 {
		return decomposition{}, false
	}

	switch {
	case seasonality == autodetect:
		d.period = detectPeriod(xs[:L], ok[:L], threshold)
	case seasonality > int64(n):
		d.period = n // every point its own phase (inferred; the docs set no bound)
	default:
		d.period = int(seasonality)
	}

	switch trendKind {
	case "none":
	case "avg":
		var sum float64
		for i, x := range xs {
			if d.learn[i] {
				sum += x
			}
		}
		for i := range d.trend {
			d.trend[i] = sum / float64(count)
		}
	case "linefit":
		slope, icept := trendLine(xs, d.learn, d.period)
		for i := range d.trend {
			d.trend[i] = slope*float64(i) + icept
		}
	default:
		return decomposition{}, false
	}

	if p := d.period; p > 0 {
		phase := make([][]float64, p)
		for i, x := range xs {
			if d.learn[i] {
				phase[i%p] = append(phase[i%p], x-d.trend[i])
			}
		}
		med := make([]float64, p)
		for r, vs := range phase {
			if len(vs) > 0 {
				med[r] = median(vs)
			}
		}
		for i := range d.seasonal {
			d.seasonal[i] = med[i%p]
		}
	}
	for i := range xs {
		d.baseline[i] = d.seasonal[i] + d.trend[i]
		if ok[i] {
			d.residual[i] = xs[i] - d.baseline[i]
		}
	}
	return d, true
}

// trendLine fits the 'linefit' trend (index 0-based) to the learning
// values: within phases when period ≥ 2 (falling back to the ordinary fit
// when no phase has two values), else ordinary least squares.
func trendLine(xs []float64, learn []bool, period int) (slope, icept float64) {
	var n, si, sx float64
	for i, x := range xs {
		if learn[i] {
			n++
			si += float64(i)
			sx += x
		}
	}
	mi, mx := si/n, sx/n
	var sii, six float64
	if period >= 2 {
		pn := make([]float64, period)
		pi := make([]float64, period)
		px := make([]float64, period)
		for i, x := range xs {
			if learn[i] {
				r := i % period
				pn[r]++
				pi[r] += float64(i)
				px[r] += x
			}
		}
		for i, x := range xs {
			if learn[i] {
				r := i % period
				di, dx := float64(i)-pi[r]/pn[r], x-px[r]/pn[r]
				sii += di * di
				six += di * dx
			}
		}
	}
	if !(sii > 0) {
		sii, six = 0, 0
		for i, x := range xs {
			if learn[i] {
				di := float64(i) - mi
				sii += di * di
				six += di * (x - mx)
			}
		}
	}
	if sii > 0 {
		slope = six / sii
	}
	return slope, mx - slope*mi
}

// decomposeArgs reads the series and the shared options of
// series_decompose (offset 0) and series_decompose_anomalies (offset 1:
// threshold comes first there).
func decomposeArgs(args []table.Value, seasIdx, trendIdx, testIdx, thrIdx int, defTrend string) (decomposition, bool) {
	xs, ok, isArr := series(args[0])
	if !isArr {
		return decomposition{}, false
	}
	finiteOnly(xs, ok)
	seas, g1 := intArg(args, seasIdx, autodetect)
	trend, g2 := strArg(args, trendIdx, defTrend)
	test, g3 := intArg(args, testIdx, 0)
	thr, g4 := numArg(args, thrIdx, defaultSeasonalityThreshold)
	if !g1 || !g2 || !g3 || !g4 {
		return decomposition{}, false
	}
	return decompose(xs, ok, seas, trend, test, thr)
}

// series_decompose(series [, seasonality, trend, test_points,
// seasonality_threshold]): baseline, seasonal, trend, residual (trend
// 'avg' by default, per the docs).
func seriesDecompose(args []table.Value) table.Value {
	d, good := decomposeArgs(args, 1, 2, 3, 4, "avg")
	if !good {
		return table.Null
	}
	return tuple(reals(d.baseline), reals(d.seasonal), reals(d.trend), realsMasked(d.residual, d.ok))
}

// series_decompose_anomalies(series [, threshold, seasonality, trend,
// test_points, AD_method, seasonality_threshold]): ad_flag, ad_score,
// baseline. As the docs describe: decompose (trend 'linefit' by default
// here), score the residuals with Tukey's fence test (see scores; 'ctukey'
// 10th-90th percentiles by default, 'tukey' 25th-75th), and flag +1 where
// the score exceeds threshold, -1 where it is below -threshold, else 0.
// The percentiles come from the learning part's residuals (test points
// excluded, inferred); every point is scored. Missing points get flag and
// score 0. ad_flag holds longs, ad_score and baseline reals.
func seriesDecomposeAnomalies(args []table.Value) table.Value {
	k, good := numArg(args, 1, defaultADThreshold)
	if !good {
		return table.Null
	}
	methodName, good := strArg(args, 5, "ctukey")
	if !good {
		return table.Null
	}
	t, good := methodOf(methodName)
	if !good {
		return table.Null
	}
	d, good := decomposeArgs(args, 2, 3, 4, 6, "linefit")
	if !good {
		return table.Null
	}
	xs, _, _ := series(args[0])
	sc := scores(d.residual, d.ok, d.learn, t, maxAbs(xs, d.learn))
	flags := make([]table.Value, len(sc))
	for i, s := range sc {
		f := int64(0)
		switch {
		case s > k:
			f = 1
		case s < -k:
			f = -1
		}
		flags[i] = table.NewLong(f)
	}
	return tuple(table.NewArray(flags), reals(sc), reals(d.baseline))
}

// series_seasonal(series [, period]): the seasonal component, the median
// of the values in the same phase (index mod period) across the series
// (the docs; of the values themselves, not detrended: the docs' example
// [2,5,3,4,3,2,1,2,3,4,3,2,...] gives [1,2,3,4,3,2,...]). period -1 (the
// default) detects it with a score threshold of 0.7 (the docs) by our
// method; no period (0 or none found) gives zeros. Missing values are
// left out of the medians; a phase with no value gets 0.
func seriesSeasonal(args []table.Value) table.Value {
	xs, ok, isArr := series(args[0])
	if !isArr {
		return table.Null
	}
	finiteOnly(xs, ok)
	p, good := intArg(args, 1, autodetect)
	if !good || p < autodetect {
		return table.Null
	}
	n := len(xs)
	if p == autodetect {
		p = int64(detectPeriod(xs, ok, seriesSeasonalThreshold))
	}
	out := make([]float64, n)
	if p > 0 {
		if p > int64(n) {
			p = int64(max(n, 1))
		}
		phase := make([][]float64, p)
		for i, x := range xs {
			if ok[i] {
				phase[i%int(p)] = append(phase[i%int(p)], x)
			}
		}
		med := make([]float64, p)
		for r, vs := range phase {
			if len(vs) > 0 {
				med[r] = median(vs)
			}
		}
		for i := range out {
			out[i] = med[i%int(p)]
		}
	}
	return reals(out)
}
