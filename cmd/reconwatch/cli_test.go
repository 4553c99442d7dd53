package main

import (
	"encoding/json"
	"strings"
	"testing"

	"reconwatch/internal/rules"
)

// Each bad input gives a message naming the file and the place, the
// record is skipped and counted, the run exits 0 — and 1 with --strict.
func TestBadInput(t *testing.T) {
	tests := []struct {
		file, count, msg string
	}{
		{"truncated.ndjson", "4", "truncated.ndjson:4:201: invalid JSON record: the line ends before the record is complete"},
		{"missing.csv", "4", "missing.csv:5: CSV record has 4 fields, expected 17 as in the header"},
		{"binary.bin", "0", "binary.bin: binary data (NUL byte at offset 3)"},
		{"empty.json", "0", "empty.json: empty file"},
		{"latin1.ndjson", "1", "latin1.ndjson:1:477: invalid UTF-8 (byte 0xe9)"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			path := "testdata/bad/" + tc.file
			out, errOut, code := runCLI(t, "query", "-q", "DeviceNetworkEvents | count", "--format", "csv", path)
			if code != 0 {
				t.Fatalf("exit %d, want 0: %s", code, errOut)
			}
			if out != "Count\r\n"+tc.count+"\r\n" {
				t.Errorf("count output %q, want %s", out, tc.count)
			}
			if !strings.Contains(errOut, tc.msg) {
				t.Errorf("stderr %q lacks %q", errOut, tc.msg)
			}
			_, errOut, code = runCLI(t, "query", "--strict", "-q", "DeviceNetworkEvents | count", path)
			if code != exitError {
				t.Errorf("--strict: exit %d, want %d (%s)", code, exitError, errOut)
			}
			if !strings.Contains(errOut, tc.file) {
				t.Errorf("--strict: stderr %q does not name the file", errOut)
			}
		})
	}
}

// detect replays the example data: one run per hour over three hours, and
// Medium alerts with entities and custom details.
func TestDetectExamples(t *testing.T) {
	out, errOut, code := runCLI(t, "detect", "../../examples/")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"5 alerts: 5 Medium", "3 evaluated", "ws-fin-042.contoso.com", "contoso\\jdoe", "localadmin", "read:         70 records"} {
		if !strings.Contains(out, want) {
			t.Errorf("table output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "ws-mkt-007") {
		t.Error("the browser user was flagged")
	}
	out, errOut, code = runCLI(t, "detect", "--format", "json", "../../examples/")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d alert lines, want 5", len(lines))
	}
	var a struct {
		AlertName, Severity, Confidence string
		Entities                        []map[string]string
		CustomDetails                   map[string]float64
		RuleId                          string
	}
	if err := json.Unmarshal([]byte(lines[0]), &a); err != nil {
		t.Fatal(err)
	}
	if a.Severity != "Medium" || a.Confidence != "Low" || len(a.Entities) != 2 ||
		a.Entities[0]["Type"] != "Host" || a.Entities[1]["Type"] != "Account" ||
		a.CustomDetails["RiskScore"] == 0 || a.CustomDetails["RequestCount"] == 0 || a.RuleId == "" {
		t.Errorf("alert = %+v", a)
	}
	if !strings.Contains(errOut, "5 alerts from 3 runs") {
		t.Errorf("stderr summary = %q", errOut)
	}
	// --now: one run; the 10:00 run sees 09:00-10:00.
	out, _, code = runCLI(t, "detect", "--format", "json", "--now", "2026-11-26T10:00:00Z", "../../examples/")
	if code != 0 || strings.Count(out, "\n") != 2 {
		t.Errorf("--now 10:00: exit %d, %d alerts:\n%s", code, strings.Count(out, "\n"), out)
	}
	// --fail-on-alert: exit 3 for CI.
	if _, _, code := runCLI(t, "detect", "-q", "--fail-on-alert", "../../examples/"); code != exitAlerts {
		t.Errorf("--fail-on-alert: exit %d, want %d", code, exitAlerts)
	}
}

func TestCheck(t *testing.T) {
	out, errOut, code := runCLI(t, "check", "-f", "../../rules/testdata/t1596.kql")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "12 result columns") || !strings.Contains(out, "RiskScore                       long") {
		t.Errorf("check output:\n%s", out)
	}
	q := "DeviceNetworkEvents\n| where RemoteUrll has 'shodan'"
	out, _, code = runCLI(t, "check", "-q", q)
	if code != exitError {
		t.Errorf("typo: exit %d, want 1", code)
	}
	want := "<query>:2:9: error KC001: unknown column or name 'RemoteUrll' (did you mean RemoteUrl?)\n" +
		"    | where RemoteUrll has 'shodan'\n" +
		"            ^~~~~~~~~~\n"
	if !strings.HasPrefix(out, want) {
		t.Errorf("typo output:\n%s\nwant prefix:\n%s", out, want)
	}
	out, _, code = runCLI(t, "check", "--format", "json", "-q", q)
	if code != exitError {
		t.Errorf("json typo: exit %d", code)
	}
	var rep struct {
		Source      string
		OK          bool
		Diagnostics []map[string]any
		Columns     [][2]string
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	d := rep.Diagnostics[0]
	if rep.OK || d["kind"] != "semantic" || d["severity"] != "error" || d["code"] != "KC001" || d["line"] != 2.0 || d["col"] != 9.0 {
		t.Errorf("json report = %+v", rep)
	}
	// A rule file: the query and the YAML are both checked.
	out, errOut, code = runCLI(t, "check", "../../rules/t1596/t1596.yaml")
	if code != 0 || !strings.Contains(out, "ok, 12 result columns") {
		t.Errorf("rule check: exit %d\n%s%s", code, out, errOut)
	}
}

func TestRulesCommands(t *testing.T) {
	out, _, code := runCLI(t, "rules", "show", "T1596")
	if code != 0 || !strings.Contains(out, "confidence Low") || !strings.Contains(out, "queryFrequency: 1h") {
		t.Errorf("rules show: exit %d\n%s", code, out)
	}
	out, _, code = runCLI(t, "rules", "export", "T1596", "--format", "sentinel-yaml")
	if code != 0 {
		t.Fatalf("export: exit %d", code)
	}
	r, err := rules.Parse([]byte(out), "export.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if ds := rules.Validate(r, nil); ds.HasErrors() {
		t.Errorf("exported YAML fails validation:\n%s", ds)
	}
	if _, _, code := runCLI(t, "rules", "export", "nope"); code != exitError {
		t.Errorf("unknown rule: exit %d", code)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"detect"}, {"query"}, {"detect", "--format", "xml", "x"}, {"query", "-q", "print 1", "--bogus"}} {
		if _, _, code := runCLI(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	for _, cmd := range []string{"detect", "query", "check", "version"} {
		out, _, code := runCLI(t, cmd, "--help")
		if code != 0 || !strings.Contains(out, "Usage:") {
			t.Errorf("%s --help: exit %d\n%s", cmd, code, out)
		}
	}
	out, _, _ := runCLI(t, "query", "-q", "print x = 1 + 1, s = strcat('a', 'b')", "--format", "csv")
	if out != "x,s\r\n2,ab\r\n" {
		t.Errorf("query without input: %q", out)
	}
}
