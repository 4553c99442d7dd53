package syntax

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// FuzzParse checks that Parse never panics (an "internal error"
// diagnostic means a recovered panic), that error spans lie inside the
// text and format without panicking, and that every query that parses
// cleanly prints to text that parses back to the same tree.
func FuzzParse(f *testing.F) {
	for _, c := range loadConformance(f) {
		f.Add(c.Query)
	}
	if b, err := os.ReadFile("testdata/t1596.kql"); err == nil {
		f.Add(string(b))
	}
	for _, s := range parserSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		q, errs := Parse(text)
		if q == nil {
			t.Fatal("Parse returned a nil query")
		}
		checkErrors(t, text, errs)
		if len(errs) == 0 {
			checkPositions(t, "fuzz", q)
			checkRoundTrip(t, "fuzz", q)
		}
		_, errs = ParseExpr(text)
		checkErrors(t, text, errs)
	})
}

func checkErrors(t *testing.T, text string, errs ErrorList) {
	t.Helper()
	if len(errs) > maxErrors {
		t.Errorf("%d errors, more than the limit %d", len(errs), maxErrors)
	}
	src := &Source{Text: text}
	for _, e := range errs {
		if strings.Contains(e.Msg, "internal error") {
			t.Fatalf("parser bug: %s\nquery: %q", e.Msg, text)
		}
		if e.Pos < 0 || e.Pos > e.End || int(e.End) > len(text) {
			t.Fatalf("error %q has bad span [%d,%d) for text of length %d", e.Msg, e.Pos, e.End, len(text))
		}
		if e.Kind != "syntax" || e.Code == "" || e.Msg == "" {
			t.Fatalf("malformed error %+v", e)
		}
		_ = src.Format(e)
	}
}

// parserSeeds are extra fuzz seeds covering constructs the conformance
// queries do not use, and broken input.
var parserSeeds = []string{
	`T | where a + b has "x" and c !in~ ("a") or d !between (1 .. 2)`,
	`T | join kind=leftouter hint.strategy=broadcast (U | where x > 1) on $left.a == $right.b and $left.c == $right.d, e`,
	`T | mv-apply x to typeof(long) on (top 1 by x | project x) | project-reorder a* asc, b`,
	`T | make-series count() default=0 on TimeGenerated from ago(7d) to now() step 1h by Computer`,
	`T | make-series avg(x) on t in range(ago(1d), now(), 1h)`,
	`externaldata(a:string)[h@"https://x/y.csv"] with (format="csv")`,
	`let f = (a:long, b:string = "x", T:(c:long), U:(*)) { let z = a; T | where c > z }; f(1, b="y")`,
	`set notruncation; declare query_parameters(x:long = 5); print guid(74be27de-1e4e-49d9-b579-fe0b331d3642), real(-inf), time(1.5h)`,
	`print dynamic({'a': [1, -2.5, datetime(2020-01-01), null, true]}), "a" 'b' @"c""d" h'e' ` + "```f\ng```",
	`T | parse kind=regex flags=Ui Msg with * "user=" user:string "," id:long * | evaluate bag_unpack(d) : (*, x:long)`,
	`T | where x ==`,
	`T | where "abc`,
	`((((((((((x`,
	`T | where f(1, | project`,
	`let x = view () { print 1 }; x | render timechart with (title="t")`,
	`datetime(2015-12-31 23:59`,
}

// TestLongButReasonable checks that big generated rules (Sigma
// conversions have long or-lists) stay within the limits.
func TestLongButReasonable(t *testing.T) {
	var b strings.Builder
	b.WriteString("T | where ")
	for i := range 1000 {
		if i > 0 {
			b.WriteString(" or ")
		}
		fmt.Fprintf(&b, "CommandLine contains \"term%d\"", i)
	}
	b.WriteString(" | project x")
	q, errs := Parse(b.String())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	checkRoundTrip(t, "or-list", q)
}

// TestHostileInputs checks that pathological inputs end in an error
// quickly instead of exhausting the stack or the clock.
func TestHostileInputs(t *testing.T) {
	cases := []struct {
		name string
		text string
		code string
	}{
		{"deep parens", strings.Repeat("(", 100000), CodeTooDeep},
		{"deep parens closed", strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000), CodeTooDeep},
		{"deep calls", strings.Repeat("f(", 5000), CodeTooDeep},
		{"deep dynamic", "print dynamic(" + strings.Repeat("[", 100000), CodeTooDeep},
		{"deep functions", strings.Repeat("let f = () { ", 1000), CodeTooDeep},
		{"deep index", "print x" + strings.Repeat("[x", 10000), CodeTooDeep},
		{"deep between", "print x" + strings.Repeat(" between (x", 10000), CodeTooDeep},
		{"long or chain", "T | where x" + strings.Repeat(" or x", 100000), CodeTooDeep},
		{"long member chain", "print x" + strings.Repeat(".x", 100000), CodeTooDeep},
		{"stacked chains", stackedChains(5, 1500), CodeTooDeep},
		{"long expression", strings.Repeat("x or ", 100000) + "x", CodeTooDeep},
		{"huge string", `print "` + strings.Repeat("a", 10<<20) + `"`, CodeTooDeep},
		{"huge text", "print 1" + strings.Repeat(" ", MaxQueryLen), CodeTooDeep},
		{"many errors", strings.Repeat("T | where ) ;", 10000), CodeSyntax},
		{"many illegal chars", strings.Repeat("#", 100000), CodeSyntax},
		{"unterminated strings", strings.Repeat("\"a\n", 100000), CodeUnterminated},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			q, errs := Parse(c.text)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			if q == nil || len(errs) == 0 {
				t.Fatal("want an error")
			}
			if len(errs) > maxErrors {
				t.Errorf("got %d errors, want at most %d", len(errs), maxErrors)
			}
			found := false
			for _, e := range errs {
				if e.Code == c.code {
					found = true
				}
			}
			if !found {
				t.Errorf("no %s error among %v", c.code, errs)
			}
			checkErrors(t, c.text, errs)
		})
	}
}

// stackedChains nests chains as first operands: ((x+x...)+x...)+x...,
// whose tree is about levels*n deep.
func stackedChains(levels, n int) string {
	s := "x"
	for range levels {
		s = "(" + s + strings.Repeat("+x", n) + ")"
	}
	return "print " + s
}
