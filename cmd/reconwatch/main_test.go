package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// runCLI runs reconwatch in-process and returns stdout, stderr and the
// exit code.
func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return out.String(), errb.String(), code
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

// The T1596 query returns the same rows for the same events in every
// input shape, and those rows are Kusto's (checked field by field below).
func TestQueryShapes(t *testing.T) {
	shapes, _ := filepath.Glob("testdata/shapes/events.*")
	if len(shapes) < 7 {
		t.Fatalf("expected 7 shapes, found %v", shapes)
	}
	for _, s := range shapes {
		t.Run(filepath.Base(s), func(t *testing.T) {
			out, errOut, code := runCLI(t, "query", "--now", "2026-11-26T12:00:00Z", "-f", "../../rules/testdata/t1596.kql", "--format", "json", s)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if errOut != "" {
				t.Errorf("unexpected warnings: %s", errOut)
			}
			golden(t, "testdata/shapes/t1596.golden.ndjson", out)
		})
	}
}

// The golden rows, spelled out: what Kusto's semantics give for the
// events in testdata/shapes/gen.py.
func TestQueryT1596Semantics(t *testing.T) {
	out, errOut, code := runCLI(t, "query", "--now", "2026-11-26T12:00:00Z", "-f", "../../rules/testdata/t1596.kql", "--format", "json", "testdata/shapes/events.ndjson")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("bad JSON line %q: %v", line, err)
		}
		rows = append(rows, m)
	}
	if len(rows) != 3 {
		t.Fatalf("got %d rows, want 3 (dev-d stays below the threshold)", len(rows))
	}
	tests := []struct {
		dev, domain                  string
		requests, domains, risk      float64
		firstSeen                    string
		queried, processes, cmdlines int
	}{
		// order by RiskScore desc
		{"dev-c", "corp", 25, 25, 90, "2026-11-26T11:05:00.0000000Z", 20, 1, 5}, // make_set caps 20 and 5
		{"dev-a", "corp", 4, 3, 70, "2026-11-26T11:00:00.0000001Z", 3, 2, 1},    // > ago(1h) excludes 11:00:00 exactly
		{"dev-b", "", 2, 2, 40, "2026-11-26T11:40:00.0000000Z", 2, 1, 1},        // empty account domain groups
	}
	for i, tc := range tests {
		r := rows[i]
		if r["DeviceName"] != tc.dev || r["InitiatingProcessAccountDomain"] != tc.domain ||
			r["RequestCount"] != tc.requests || r["UniqueOSINTDomains"] != tc.domains || r["RiskScore"] != tc.risk ||
			r["FirstSeen"] != tc.firstSeen {
			t.Errorf("row %d = %v, want %+v", i, r, tc)
		}
		if n := len(r["QueriedDomains"].([]any)); n != tc.queried {
			t.Errorf("row %d: %d queried domains, want %d", i, n, tc.queried)
		}
		if n := len(r["ProcessesUsed"].([]any)); n != tc.processes {
			t.Errorf("row %d: %d processes, want %d", i, n, tc.processes)
		}
		if n := len(r["CommandLines"].([]any)); n != tc.cmdlines {
			t.Errorf("row %d: %d command lines, want %d", i, n, tc.cmdlines)
		}
	}
	// has-term edges for dev-a: shodan.io.evil.example matches has_any
	// (a dot follows shodan.io); notshodan.io does not (and its port 8443
	// keeps it out of the contains branch); the lower-case ActionType
	// does not equal "ConnectionSuccess".
	q := rows[1]["QueriedDomains"].([]any)
	joined := ""
	for _, d := range q {
		joined += d.(string) + " "
	}
	if !strings.Contains(joined, "shodan.io.evil.example") || strings.Contains(joined, "notshodan.io") {
		t.Errorf("dev-a queried domains = %v", q)
	}
}
