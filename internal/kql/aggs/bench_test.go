package aggs

import (
	"fmt"
	"testing"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// Benchmarks measure one Add; states live across b.N, as one busy group.

func benchAdd(b *testing.B, fn string, args []funcs.Arg, vals []table.Value) {
	b.Helper()
	st := bindAgg(b, nil, fn, args...).New()
	row := make([]table.Value, max(len(args), 1))
	for i := 1; i < len(args); i++ {
		if args[i].Const != nil {
			row[i] = *args[i].Const
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		row[0] = vals[i%len(vals)]
		st.Add(row)
	}
}

func urls(n int) []table.Value {
	out := make([]table.Value, n)
	for i := range out {
		out[i] = S(fmt.Sprintf("https://host%d.contoso.com/path/to/resource?id=%d", i%997, i))
	}
	return out
}

func BenchmarkCount(b *testing.B) {
	benchAdd(b, "count", []funcs.Arg{}, []table.Value{N})
}

func BenchmarkSumLong(b *testing.B) {
	benchAdd(b, "sum", []funcs.Arg{A(table.Long)}, []table.Value{L(1), L(2), N, L(4)})
}

func BenchmarkMinLong(b *testing.B) {
	benchAdd(b, "min", []funcs.Arg{A(table.Long)}, []table.Value{L(5), L(2), N, L(9)})
}

func BenchmarkMaxDatetime(b *testing.B) {
	benchAdd(b, "max", []funcs.Arg{A(table.Datetime)}, []table.Value{table.NewDatetime(5), table.NewDatetime(9), table.NewDatetime(2)})
}

func BenchmarkMaxString(b *testing.B) {
	benchAdd(b, "max", []funcs.Arg{A(table.String)}, []table.Value{S("alice"), S("bob"), S("carol")})
}

// Low cardinality: 50 distinct strings, exact phase.
func BenchmarkDcountLowCard(b *testing.B) {
	benchAdd(b, "dcount", []funcs.Arg{A(table.String)}, urls(50))
}

// High cardinality: every value new (HLL phase after 1,000).
func BenchmarkDcountHighCard(b *testing.B) {
	benchAdd(b, "dcount", []funcs.Arg{A(table.String)}, urls(1<<20))
}

func BenchmarkDcountHighCardLong(b *testing.B) {
	vals := make([]table.Value, 1<<20)
	for i := range vals {
		vals[i] = L(int64(i) * 7919)
	}
	benchAdd(b, "dcount", []funcs.Arg{A(table.Long)}, vals)
}

// make_set(RemoteUrl, 20) over 200 distinct URLs: full after 20, then
// every Add is a rejected value.
func BenchmarkMakeSetCap20(b *testing.B) {
	benchAdd(b, "make_set", []funcs.Arg{A(table.String), C(L(20))}, urls(200))
}

// make_set with 15 distinct values repeating (below the cap).
func BenchmarkMakeSetRepeated(b *testing.B) {
	benchAdd(b, "make_set", []funcs.Arg{A(table.String), C(L(20))}, urls(15))
}

// make_set over 5,000 repeating distinct values (hashed index).
func BenchmarkMakeSetHashed(b *testing.B) {
	benchAdd(b, "make_set", []funcs.Arg{A(table.String)}, urls(5000))
}

// Many groups: one state per group, a few rows each.
func BenchmarkDcountManyGroups(b *testing.B) {
	impl := bindAgg(b, nil, "dcount", A(table.String))
	vals := urls(1000)
	row := make([]table.Value, 1)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st := impl.New()
		for j := 0; j < 4; j++ {
			row[0] = vals[(i+j)%len(vals)]
			st.Add(row)
		}
		_ = st.Result()
	}
}
