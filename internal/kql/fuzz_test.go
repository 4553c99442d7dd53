package kql

import (
	"context"
	"strings"
	"testing"
	"time"

	"reconwatch/internal/kql/exec"
)

// FuzzEval compiles and runs arbitrary queries over inline data
// (datatable, print, range). It must never panic or hang: every query
// ends in rows or an error within its time and memory limits.
func FuzzEval(f *testing.F) {
	for _, v := range loadVectorsF(f) {
		f.Add(v.Query)
	}
	f.Add("datatable(a:string, b:long)['x', 1, 'y', 2] | summarize make_set(a), dcount(b) by b % 2")
	f.Add("range x from 1 to 100 step 3 | extend y = x * 2 | where y has '1' | top 3 by y")
	f.Add("print d = dynamic({'a':[1,2,{'b':null}]}) | mv-expand d.a | project tostring(d_a)")
	f.Add("range x from 1 to 20 step 1 | serialize | extend r = row_number(), p = prev(x, 2), n = next(x) | where r % 3 == 0")
	f.Add("range x from 1 to 30 step 1 | extend t = datetime(2026-01-01) + x * 1h | make-series c = count() on t step 6h by k = x % 2")
	f.Add("range x from 1 to 9 step 1 | summarize l = make_list(x) by m = x % 3 | mv-apply l to typeof(long) on (top 2 by l)")
	f.Add("datatable(a:string, b:string, n:long)['x','p',1,'y','q',2,'x','q',3] | evaluate pivot(b, sum(n))")
	f.Add("print s = dynamic([1,2,3,10,2,1]) | extend (f, g, h) = series_decompose_anomalies(s)")
	f.Fuzz(func(t *testing.T, q string) {
		if len(q) > 4096 {
			return
		}
		qq, _, errs := Compile(q, Options{Now: conformanceNow, Limits: exec.Limits{MaxMemory: 64 << 20}})
		if len(errs) > 0 {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, _ = qq.Run(ctx, nil)
	})
}

func loadVectorsF(f *testing.F) []vector {
	t := &testing.T{}
	defer func() { recover() }()
	return loadVectors(t)
}

// Deep nesting and huge literals end in an error, not a crash.
func TestLimits(t *testing.T) {
	deep := "print " + strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000)
	if _, _, errs := Compile(deep, Options{}); len(errs) == 0 {
		t.Error("deep nesting compiled")
	}
	huge := "print '" + strings.Repeat("a", 20<<20) + "'"
	if _, _, errs := Compile(huge, Options{}); len(errs) == 0 {
		t.Error("huge literal compiled")
	}
	// A runaway aggregate hits the memory limit with a clear error.
	q, src, errs := Compile("range x from 1 to 2000000 step 1 | summarize make_list(tostring(x))", Options{Limits: exec.Limits{MaxMemory: 8 << 20}})
	if len(errs) > 0 {
		t.Fatal(src.FormatAll(errs))
	}
	_, err := q.Run(context.Background(), nil)
	if err == nil || !strings.Contains(err.Error(), "memory limit") {
		t.Errorf("runaway make_list: err = %v", err)
	}
	q, _, _ = Compile("range x from 1 to 2000000 step 1 | sort by x asc", Options{Limits: exec.Limits{MaxMemory: 8 << 20}})
	if _, err := q.Run(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "memory limit") {
		t.Errorf("runaway sort: err = %v", err)
	}
}
