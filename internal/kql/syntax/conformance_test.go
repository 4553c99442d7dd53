package syntax

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type conformanceCase struct {
	ID    string `json:"id"`
	Query string `json:"query"`
}

// loadConformance reads testdata/conformance.jsonl (copied from
// shared/kql/conformance.jsonl; see testdata/README.md).
func loadConformance(tb testing.TB) []conformanceCase {
	tb.Helper()
	f, err := os.Open("testdata/conformance.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var cases []conformanceCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var c conformanceCase
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			tb.Fatalf("bad conformance line: %v", err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return cases
}

// TestConformanceQueriesParse checks that every documented query parses
// without errors, that positions are sane, and that printing the AST and
// parsing the result gives the same tree.
func TestConformanceQueriesParse(t *testing.T) {
	cases := loadConformance(t)
	if len(cases) != 300 {
		t.Errorf("got %d conformance cases, want 300", len(cases))
	}
	for _, c := range cases {
		q, errs := Parse(c.Query)
		if len(errs) > 0 {
			src := &Source{Name: c.ID, Text: c.Query}
			t.Errorf("%s: unexpected errors:\n%s\nquery:\n%s", c.ID, src.FormatAll(errs), c.Query)
			continue
		}
		if len(q.Stmts) == 0 {
			t.Errorf("%s: no statements", c.ID)
		}
		checkPositions(t, c.ID, q)
		checkRoundTrip(t, c.ID, q)
	}
}

func TestT1596Parses(t *testing.T) {
	text, err := os.ReadFile("testdata/t1596.kql")
	if err != nil {
		t.Fatal(err)
	}
	q, errs := Parse(string(text))
	if len(errs) > 0 {
		src := &Source{Name: "t1596.kql", Text: string(text)}
		t.Fatalf("unexpected errors:\n%s", src.FormatAll(errs))
	}
	if len(q.Stmts) != 3 {
		t.Fatalf("got %d statements, want 3 (two lets and the query)", len(q.Stmts))
	}
	for i, name := range []string{"OSINTDomains", "SuspiciousProcesses"} {
		let, ok := q.Stmts[i].(*LetStmt)
		if !ok || let.Name.Name != name {
			t.Fatalf("statement %d: got %T, want let %s", i, q.Stmts[i], name)
		}
		lit, ok := let.Value.(*Literal)
		if !ok || lit.Kind != LitDynamic || len(lit.Value.Array()) == 0 {
			t.Fatalf("let %s: want a non-empty dynamic array, got %s", name, dump(let.Value))
		}
	}
	pl, ok := q.Stmts[2].(*ExprStmt).X.(*Pipeline)
	if !ok {
		t.Fatalf("query is %T, want *Pipeline", q.Stmts[2].(*ExprStmt).X)
	}
	var ops []string
	for _, op := range pl.Ops {
		ops = append(ops, opName(op))
	}
	got := strings.Join(ops, " ")
	want := "where where where where summarize where extend project sort"
	if got != want {
		t.Errorf("operators: got %q, want %q", got, want)
	}
	checkPositions(t, "t1596", q)
	checkRoundTrip(t, "t1596", q)
}

// TestRuleFiles parses the hand-written Sentinel-style rules in
// testdata/rules, which exercise operators the documentation vectors use
// little (lookup, mv-apply, make-series, externaldata, parse-where, ...).
func TestRuleFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/rules/*.kql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no rule files: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		q, errs := Parse(string(b))
		if len(errs) > 0 {
			src := &Source{Name: f, Text: string(b)}
			t.Errorf("%s:\n%s", f, src.FormatAll(errs))
			continue
		}
		checkPositions(t, f, q)
		checkRoundTrip(t, f, q)
	}
}
