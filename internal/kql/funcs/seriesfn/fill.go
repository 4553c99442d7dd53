package seriesfn

import (
	"math"

	"reconwatch/internal/table"
)

// The series_fill_* functions replace missing values: nulls, or, when
// missing_value_placeholder is given (not null), the elements numerically
// equal to it. Other elements are kept as they are (inferred for
// non-numeric elements, which are never filled and never used as
// neighbours).

func init() {
	anyScalar := func(table.Type) bool { return true }
	seriesP := param{ok: isDyn, want: "dynamic"}
	placeholder := param{ok: isNum, want: "numeric"}
	register("series_fill_const", 1, 3, table.Dynamic,
		[]param{seriesP, {ok: anyScalar, want: "scalar"}, placeholder}, seriesFillConst)
	register("series_fill_forward", 1, 2, table.Dynamic, []param{seriesP, placeholder}, fillDirectional(false))
	register("series_fill_backward", 1, 2, table.Dynamic, []param{seriesP, placeholder}, fillDirectional(true))
	register("series_fill_linear", 1, 4, table.Dynamic,
		[]param{seriesP, placeholder, {ok: isBool, want: "bool"}, {ok: anyScalar, want: "scalar"}}, seriesFillLinear)
}

// missingTest returns the predicate for missing elements given the
// placeholder argument at index i; ok false for a non-numeric placeholder.
func missingTest(args []table.Value, i int) (func(table.Value) bool, bool) {
	if i >= len(args) || args[i].K == table.KNull {
		return func(v table.Value) bool { return v.K == table.KNull }, true
	}
	ph, ok := args[i].AsFloat()
	if !ok {
		return nil, false
	}
	return func(v table.Value) bool {
		if v.K == table.KNull {
			return math.IsNaN(ph)
		}
		f, isNum := v.AsFloat()
		return isNum && (f == ph || (math.IsNaN(f) && math.IsNaN(ph)))
	}, true
}

// series_fill_const(series [, constant_value, missing_value_placeholder]):
// missing elements become constant_value (default 0).
func seriesFillConst(args []table.Value) table.Value {
	if args[0].K != table.KArray {
		return table.Null
	}
	c := table.NewLong(0)
	if len(args) > 1 && args[1].K != table.KNull {
		if args[1].K == table.KArray || args[1].K == table.KBag {
			return table.Null
		}
		c = args[1]
	}
	missing, ok := missingTest(args, 2)
	if !ok {
		return table.Null
	}
	out := append([]table.Value(nil), args[0].D.Arr...)
	for i, e := range out {
		if missing(e) {
			out[i] = c
		}
	}
	return table.NewArray(out)
}

// fillDirectional is series_fill_forward (each missing element takes the
// last present numeric value before it; leading ones stay) and, with
// backward, series_fill_backward (the next one after it; trailing ones
// stay), as the docs describe.
func fillDirectional(backward bool) func([]table.Value) table.Value {
	return func(args []table.Value) table.Value {
		if args[0].K != table.KArray {
			return table.Null
		}
		missing, ok := missingTest(args, 1)
		if !ok {
			return table.Null
		}
		out := append([]table.Value(nil), args[0].D.Arr...)
		n := len(out)
		var last table.Value
		have := false
		for j := 0; j < n; j++ {
			i := j
			if backward {
				i = n - 1 - j
			}
			switch e := out[i]; {
			case missing(e):
				if have {
					out[i] = last
				}
			case e.IsNumber():
				last, have = e, true
			}
		}
		return table.NewArray(out)
	}
}

// series_fill_linear(series [, missing_value_placeholder, fill_edges,
// constant_value]): missing elements between two present numbers are
// interpolated linearly; with fill_edges (default true) leading and
// trailing ones take the nearest present value, else they stay; a series
// with no present number is filled with constant_value (default 0; null
// keeps it). As in the docs' example, when every present number is an
// integer the interpolated values are integers too, truncated toward zero
// ([null,111,null,36,...] → [111,111,73,36,...]); otherwise reals.
func seriesFillLinear(args []table.Value) table.Value {
	if args[0].K != table.KArray {
		return table.Null
	}
	missing, ok := missingTest(args, 1)
	if !ok {
		return table.Null
	}
	edges, ok := boolArg(args, 2, true)
	if !ok {
		return table.Null
	}
	c := table.NewLong(0)
	if len(args) > 3 {
		c = args[3]
		if c.K == table.KArray || c.K == table.KBag {
			return table.Null
		}
	}
	out := append([]table.Value(nil), args[0].D.Arr...)
	// Anchors: present numbers.
	var anchors []int
	ints := true
	for i, e := range out {
		if !missing(e) && e.IsNumber() {
			anchors = append(anchors, i)
			if e.K != table.KInt && e.K != table.KLong {
				ints = false
			}
		}
	}
	if len(anchors) == 0 {
		if c.K != table.KNull {
			for i, e := range out {
				if missing(e) {
					out[i] = c
				}
			}
		}
		return table.NewArray(out)
	}
	fill := func(i int, f float64) {
		if ints {
			out[i] = table.NewLong(int64(f))
		} else {
			out[i] = table.NewReal(f)
		}
	}
	for k := 0; k+1 < len(anchors); k++ {
		a, b := anchors[k], anchors[k+1]
		fa, _ := out[a].AsFloat()
		fb, _ := out[b].AsFloat()
		for i := a + 1; i < b; i++ {
			if missing(out[i]) {
				fill(i, fa+(fb-fa)*float64(i-a)/float64(b-a))
			}
		}
	}
	if edges {
		first, last := anchors[0], anchors[len(anchors)-1]
		for i := 0; i < first; i++ {
			if missing(out[i]) {
				out[i] = out[first]
			}
		}
		for i := last + 1; i < len(out); i++ {
			if missing(out[i]) {
				out[i] = out[last]
			}
		}
	}
	return table.NewArray(out)
}
