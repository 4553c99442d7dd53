package seriesfn

import (
	"testing"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Two weeks of one-minute bins, with a daily cycle: the largest series a
// hunting query typically builds.
func BenchmarkDecomposeAnomalies(b *testing.B) {
	r := lcg(1)
	y := fl(gen(14*24*60, func(i int) float64 { return 100 + 30*sinus(i, 24*60) + 5*r.next() })...)
	impl, err := funcs.Lookup("series_decompose_anomalies").Bind(&funcs.Env{}, []funcs.Arg{{Type: table.Dynamic}})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		impl.Eval([]table.Value{y})
	}
}
