package seriesfn

import (
	"math"
	"strings"
	"testing"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Every series function on awkward inputs: no panic, and a result that
// is null or has the series' length.
func TestAwkwardInputs(t *testing.T) {
	inputs := []table.Value{
		N,
		dj(t, `[]`),
		dj(t, `[null]`),
		dj(t, `[1]`),
		dj(t, `[1,2]`),
		dj(t, `[1,"a",true,null,{"k":1},[1]]`),
		table.NewArray([]table.Value{R(math.NaN()), R(math.Inf(1)), R(math.Inf(-1)), R(1e308), R(-1e308), L(math.MaxInt64)}),
		fl(gen(7, func(i int) float64 { return float64(i % 3) })...),
		fl(gen(100, func(i int) float64 { return 0 })...),
		dj(t, `{"a":1}`),
	}
	extras := [][]table.Value{
		nil,
		{N},
		{N, N, N, N, N, N},
		{L(-1)},
		{L(0)},
		{L(3)},
		{L(1000)},
		{R(1.5), L(2), S("avg"), L(1), S("tukey"), R(0.1)},
		{R(1.5), L(-1), S("none"), L(0)},
		{R(1.5), L(-1), S("linefit"), L(3)},
		{L(-1), S("avg"), L(2)},
		{R(0), R(1e9), L(3)},
		{R(-1e300), R(math.Inf(1)), L(5)},
		{B(true)},
		{S("ctukey"), R(0), R(2), R(98)},
		{R(5), R(0), B(false), R(1)},
	}
	var names []string
	for _, n := range funcs.Names() {
		if strings.HasPrefix(n, "series_") {
			names = append(names, n)
		}
	}
	if len(names) < 30 {
		t.Fatalf("only %d series functions registered", len(names))
	}
	for _, name := range names {
		f := funcs.Lookup(name)
		for _, in := range inputs {
			for _, ex := range extras {
				args := append([]table.Value{in}, ex...)
				if len(args) < f.MinArgs || (f.MaxArgs >= 0 && len(args) > f.MaxArgs) {
					continue
				}
				fargs := make([]funcs.Arg, len(args))
				for i, a := range args {
					fargs[i] = funcs.Arg{Type: typeOf(a)}
				}
				impl, err := f.Bind(&funcs.Env{}, fargs)
				if err != nil {
					continue
				}
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Errorf("%s%s: panic %v", name, render(args), r)
						}
					}()
					got := impl.Eval(args)
					if got.K == table.KNull || in.K != table.KArray {
						return
					}
					n := len(in.D.Arr)
					check := func(v table.Value) {
						if v.K == table.KArray && len(v.D.Arr) != n && v.D.Arr != nil {
							t.Errorf("%s%s: array of %d, series of %d", name, render(args), len(v.D.Arr), n)
						}
					}
					if impl.Tuple > 1 {
						if name == "series_periods_detect" {
							return
						}
						for i, c := range got.D.Arr {
							if c.K == table.KArray && !(name == "series_fit_line" && i < 5) && !(name == "series_stats") {
								check(c)
							}
						}
						return
					}
					if got.K == table.KArray {
						check(got)
					}
				}()
			}
		}
	}
}
