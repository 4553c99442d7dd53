package seriesfn

import (
	"math"

	"reconwatch/internal/table"
)

// Column names of the tuple functions, in order.
var (
	fitLineCols = []string{"rsquare", "slope", "variance", "rvariance", "interception", "line_fit"}
	statsCols   = []string{"min", "min_idx", "max", "max_idx", "avg", "variance", "stdev"}
)

func init() {
	seriesOnly := []param{{ok: isDyn, want: "dynamic"}}
	registerTuple("series_fit_line", 1, 1, fitLineCols, seriesOnly, seriesFitLine)
	register("series_fit_line_dynamic", 1, 1, table.Dynamic, seriesOnly, seriesFitLineDynamic)
	statsParams := []param{{ok: isDyn, want: "dynamic"}, {ok: isBool, want: "bool"}}
	registerTuple("series_stats", 1, 2, statsCols, statsParams, seriesStats)
	register("series_stats_dynamic", 1, 2, table.Dynamic, statsParams, seriesStatsDynamic)
}

// lineFit is the result of series_fit_line.
type lineFit struct {
	rsquare, slope, variance, rvariance, interception float64
	line                                              []float64
	valid                                             bool // at least one value
}

// fitLine fits y = slope*x + interception by least squares over the
// present values, with x = 1..n for the n positions of the series.
//
// x starts at 1, not 0: the docs' example (series-fit-line-function, y =
// [2,5,6,8,11,15,17,18,25,26,30,30]) shows Interception -1.666 and
// LineFit starting at 1.064 with Slope 2.730, i.e. the line's value one
// step before the first point. variance is the sample variance of the
// values (98.628 there, with n-1) and rvariance the residuals' sum of
// squares over n-1 (1.686 there). rsquare = 1 - SSres/SStot; when the
// values are all equal (SStot = 0) the line fits exactly and rsquare is 1
// (inferred). Missing positions are left out of the fit and line_fit
// still covers them (inferred).
func fitLine(xs []float64, ok []bool) lineFit {
	var n, sx, sy float64
	for i, y := range xs {
		if ok[i] {
			n++
			sx += float64(i + 1)
			sy += y
		}
	}
	r := lineFit{line: make([]float64, len(xs))}
	if n == 0 {
		for i := range r.line {
			r.line[i] = math.NaN()
		}
		return r
	}
	r.valid = true
	mx, my := sx/n, sy/n
	var sxx, sxy, syy float64
	for i, y := range xs {
		if ok[i] {
			dx, dy := float64(i+1)-mx, y-my
			sxx += dx * dx
			sxy += dx * dy
			syy += dy * dy
		}
	}
	if sxx > 0 {
		r.slope = sxy / sxx
	}
	r.interception = my - r.slope*mx
	var ssres float64
	for i := range xs {
		r.line[i] = r.slope*float64(i+1) + r.interception
		if ok[i] {
			d := xs[i] - r.line[i]
			ssres += d * d
		}
	}
	if n > 1 {
		r.variance = syy / (n - 1)
		r.rvariance = ssres / (n - 1)
	}
	switch {
	case syy > 0:
		r.rsquare = 1 - ssres/syy
		if r.rsquare < 0 { // rounding on a near-perfect fit
			r.rsquare = 0
		}
	default:
		r.rsquare = 1
	}
	return r
}

func fitOf(v table.Value) (lineFit, bool) {
	xs, ok, isArr := series(v)
	if !isArr {
		return lineFit{}, false
	}
	finiteOnly(xs, ok)
	return fitLine(xs, ok), true
}

func (r lineFit) values() []table.Value {
	if !r.valid {
		line := make([]table.Value, len(r.line))
		return []table.Value{table.Null, table.Null, table.Null, table.Null, table.Null, table.NewArray(line)}
	}
	return []table.Value{
		table.NewReal(r.rsquare), table.NewReal(r.slope), table.NewReal(r.variance),
		table.NewReal(r.rvariance), table.NewReal(r.interception), reals(r.line),
	}
}

// series_fit_line(series): rsquare, slope, variance, rvariance,
// interception, line_fit.
func seriesFitLine(args []table.Value) table.Value {
	r, ok := fitOf(args[0])
	if !ok {
		return table.Null
	}
	return tuple(r.values()...)
}

// series_fit_line_dynamic(series): the same as one property bag.
func seriesFitLineDynamic(args []table.Value) table.Value {
	r, ok := fitOf(args[0])
	if !ok {
		return table.Null
	}
	return table.NewBag(append([]string(nil), fitLineCols...), r.values())
}

// seriesStatsValues computes series_stats: min and max with the first
// index holding them, the average, and the sample variance and standard
// deviation (n-1; the docs say "sample variance"). With ignore_nonfinite
// false (the default) a series holding a null, NaN, ±Infinity or any
// non-numeric element yields nulls (the docs); with true those elements
// are skipped, and indexes still count every position (inferred). No
// values: nulls. One value: variance and stdev 0 (inferred, as the
// variance() aggregate).
func seriesStatsValues(args []table.Value) ([]table.Value, bool) {
	if args[0].K != table.KArray {
		return nil, false
	}
	ignore, good := boolArg(args, 1, false)
	if !good {
		return nil, false
	}
	nulls := make([]table.Value, len(statsCols))
	var n, sum float64
	mn, mx := math.Inf(1), math.Inf(-1)
	mnIdx, mxIdx := -1, -1
	for i, e := range args[0].D.Arr {
		f, isNum := e.AsFloat()
		if !isNum || math.IsNaN(f) || math.IsInf(f, 0) {
			if ignore {
				continue
			}
			return nulls, true
		}
		n++
		sum += f
		if mnIdx < 0 || f < mn {
			mn, mnIdx = f, i
		}
		if mxIdx < 0 || f > mx {
			mx, mxIdx = f, i
		}
	}
	if n == 0 {
		return nulls, true
	}
	avg := sum / n
	var ss float64
	for _, e := range args[0].D.Arr {
		if f, isNum := e.AsFloat(); isNum && !math.IsNaN(f) && !math.IsInf(f, 0) {
			ss += (f - avg) * (f - avg)
		}
	}
	variance := 0.0
	if n > 1 {
		variance = ss / (n - 1)
	}
	return []table.Value{
		table.NewReal(mn), table.NewLong(int64(mnIdx)), table.NewReal(mx), table.NewLong(int64(mxIdx)),
		table.NewReal(avg), table.NewReal(variance), table.NewReal(math.Sqrt(variance)),
	}, true
}

// series_stats(series [, ignore_nonfinite]).
func seriesStats(args []table.Value) table.Value {
	vs, ok := seriesStatsValues(args)
	if !ok {
		return table.Null
	}
	return tuple(vs...)
}

// series_stats_dynamic(series [, ignore_nonfinite]): one property bag.
func seriesStatsDynamic(args []table.Value) table.Value {
	vs, ok := seriesStatsValues(args)
	if !ok {
		return table.Null
	}
	return table.NewBag(append([]string(nil), statsCols...), vs)
}
