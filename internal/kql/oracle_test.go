package kql

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"reconwatch/internal/kql/plan"
	"reconwatch/internal/table"
)

// The oracle test compares our parser and checker with Microsoft's own
// (Kusto.Language, via tools/kusto-oracle). testdata/oracle/corpus.jsonl
// holds the queries; testdata/oracle/expected.jsonl is what the oracle
// said about each (regenerate with
// `node tools/kusto-oracle/oracle.js internal/kql/testdata/oracle/corpus.jsonl internal/kql/testdata/oracle/expected.jsonl`),
// so this test needs no Node. A query agrees when we accept it exactly
// when the oracle does (no error diagnostic) and, when both accept, the
// result schema of its last statement has the same column names and
// types. -update-oracle rewrites testdata/oracle/known-differences.md.

var updateOracle = flag.Bool("update-oracle", false, "rewrite testdata/oracle/known-differences.md")

// minOracleAgreement is the floor the agreement must not fall below. It is
// set at the current figure, so any regression fails; raise it when a
// difference gets fixed.
const minOracleAgreement = 403

type oracleEntry struct {
	ID     string                 `json:"id"`
	Query  string                 `json:"query"`
	Tables map[string][][2]string `json:"tables"`
	Intent string                 `json:"intent"` // "valid" or "invalid" for hand-written entries
	Source string                 `json:"source"`
}

type oracleVerdict struct {
	ID          string `json:"id"`
	OK          bool   `json:"ok"`
	Diagnostics []struct {
		Start    int    `json:"start"`
		End      int    `json:"end"`
		Severity string `json:"severity"`
		Code     string `json:"code"`
		Message  string `json:"message"`
	} `json:"diagnostics"`
	Columns [][2]string `json:"columns"`
}

// oracleTriage explains the known differences, by query id. The prefix
// names the category used in known-differences.md:
//
//	ours:     a bug or gap in reconwatch's engine
//	theirs:   Kusto.Language is more lenient (or stricter) than the Kusto
//	          engine and the documentation
//	doc:      the documentation (and our engine, which follows it) and
//	          Kusto.Language disagree; unclear which the service does
var oracleTriage = map[string]string{}

func readJSONL[T any](t *testing.T, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestOracle(t *testing.T) {
	corpus := readJSONL[oracleEntry](t, "testdata/oracle/corpus.jsonl")
	verdicts := map[string]oracleVerdict{}
	for _, v := range readJSONL[oracleVerdict](t, "testdata/oracle/expected.jsonl") {
		verdicts[v.ID] = v
	}
	agree := 0
	type diff struct{ id, query, detail string }
	var diffs []diff
	for _, e := range corpus {
		v, ok := verdicts[e.ID]
		if !ok {
			t.Errorf("%s: no oracle verdict in testdata/oracle/expected.jsonl; regenerate it with tools/kusto-oracle", e.ID)
			continue
		}
		detail := compareWithOracle(e, v)
		if detail == "" {
			agree++
			continue
		}
		diffs = append(diffs, diff{e.ID, e.Query, detail})
	}
	t.Logf("oracle: %d of %d queries agree", agree, len(corpus))

	if *updateOracle {
		writeKnownDifferences(t, agree, len(corpus), func(yield func(id, query, detail string)) {
			for _, d := range diffs {
				yield(d.id, d.query, d.detail)
			}
		})
	}
	for id := range oracleTriage {
		if _, ok := verdicts[id]; !ok {
			t.Errorf("oracleTriage names %s, which is not in the corpus", id)
		}
	}
	if agree < minOracleAgreement {
		for _, d := range diffs {
			if oracleTriage[d.id] == "" {
				t.Logf("new difference %s: %s", d.id, d.detail)
			}
		}
		t.Errorf("oracle agreement fell to %d (floor %d); see testdata/oracle/known-differences.md (-update-oracle)", agree, minOracleAgreement)
	}
}

// compareWithOracle returns "" when we agree with the oracle on e, else
// what differs.
func compareWithOracle(e oracleEntry, v oracleVerdict) (detail string) {
	defer func() {
		if p := recover(); p != nil {
			detail = fmt.Sprintf("we panic: %v", p)
		}
	}()
	var cat plan.Catalog
	if len(e.Tables) > 0 {
		m := plan.MapCatalog{}
		for name, cols := range e.Tables {
			var s table.Schema
			for _, c := range cols {
				ty, ok := table.ParseType(c[1])
				if !ok {
					return fmt.Sprintf("corpus: table %s column %s: unknown type %q", name, c[0], c[1])
				}
				s = append(s, table.Column{Name: c[0], Type: ty})
			}
			m[name] = s
		}
		cat = m
	}
	q, src, errs := Compile(e.Query, Options{Catalog: cat, Now: conformanceNow})
	oracleErr := ""
	for _, d := range v.Diagnostics {
		if d.Severity == "Error" {
			oracleErr = fmt.Sprintf("%s %s (at %d)", d.Code, d.Message, d.Start)
			break
		}
	}
	switch {
	case len(errs) > 0 && v.OK:
		return "we reject, oracle accepts: we say " + oneLine(src.Format(errs[0]))
	case len(errs) == 0 && !v.OK:
		return "we accept, oracle rejects: " + oracleErr
	case len(errs) > 0:
		return "" // both reject
	}
	var got table.Schema
	if s := q.Schemas(); len(s) > 0 {
		got = s[len(s)-1]
	}
	if v.Columns == nil {
		if len(got) == 0 {
			return ""
		}
		return fmt.Sprintf("we return %s, oracle returns no table", got)
	}
	want := v.Columns
	if len(got) != len(want) || !sameColumns(got, want) {
		return fmt.Sprintf("columns: we say %s, oracle says %s", got, formatColumns(want))
	}
	return ""
}

func sameColumns(got table.Schema, want [][2]string) bool {
	for i, c := range want {
		if got[i].Name != c[0] || got[i].Type.String() != c[1] {
			return false
		}
	}
	return true
}

func formatColumns(cols [][2]string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = c[0] + ":" + c[1]
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

var triageTitles = []struct{ prefix, title string }{
	{"ours:", "Our bugs and gaps"},
	{"theirs:", "Kusto.Language leniency or strictness"},
	{"doc:", "Documentation (and our engine) vs Kusto.Language"},
	{"", "Untriaged"},
}

func writeKnownDifferences(t *testing.T, agree, total int, each func(func(id, query, detail string))) {
	groups := map[string][]string{}
	each(func(id, query, detail string) {
		note := oracleTriage[id]
		prefix := ""
		for _, tt := range triageTitles[:len(triageTitles)-1] {
			if strings.HasPrefix(note, tt.prefix) {
				prefix = tt.prefix
				note = strings.TrimSpace(strings.TrimPrefix(note, tt.prefix))
				break
			}
		}
		if prefix == "" && note != "" {
			note = "(uncategorized) " + note
		}
		q := oneLine(query)
		if len(q) > 120 {
			q = q[:120] + "…"
		}
		row := fmt.Sprintf("| `%s` | %s | `%s` | %s |", id, md(note), strings.ReplaceAll(q, "`", "'"), md(oneLine(detail)))
		groups[prefix] = append(groups[prefix], row)
	})
	var b strings.Builder
	fmt.Fprintf(&b, "# Known differences from Kusto.Language\n\n")
	fmt.Fprintf(&b, "Generated by `go test ./internal/kql -run TestOracle -update-oracle`; the reasons come from\n")
	fmt.Fprintf(&b, "`oracleTriage` in `internal/kql/oracle_test.go`. The oracle is Microsoft's parser and\n")
	fmt.Fprintf(&b, "checker (`@kusto/language-service-next`, see `tools/kusto-oracle`); its verdicts are in\n")
	fmt.Fprintf(&b, "`expected.jsonl`, the queries in `corpus.jsonl`.\n\n")
	fmt.Fprintf(&b, "oracle: %d of %d queries agree. Each query below disagrees.\n", agree, total)
	for _, tt := range triageTitles {
		rows := groups[tt.prefix]
		if len(rows) == 0 {
			continue
		}
		sort.Strings(rows)
		fmt.Fprintf(&b, "\n## %s (%d)\n\n| query | reason | text | difference |\n|---|---|---|---|\n", tt.title, len(rows))
		for _, r := range rows {
			b.WriteString(r + "\n")
		}
	}
	if err := os.WriteFile("testdata/oracle/known-differences.md", []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func md(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
