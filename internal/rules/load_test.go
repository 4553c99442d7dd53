package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

const metaYAML = `ruleId: 6f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10
technique: T1596
confidence: Low
dataSources:
  - name: Microsoft Defender for Endpoint
    tables: [DeviceNetworkEvents]
falsePositives:
  - Security teams
references:
  - https://attack.mitre.org/techniques/T1596/
atomicTests:
  - name: Test one
    expectedSignals:
      - DeviceNetworkEvents row
tuning:
  - Exclude scanners
`

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadFolder(t *testing.T) {
	other := repl("id: 6f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10", "id: 7f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10")(baseYAML)
	dir := writeFiles(t, map[string]string{
		"a/r1.yaml":          baseYAML,
		"a/r1.meta.yaml":     metaYAML,
		"b/sub/r2.yml":       other,
		"b/notes.md":         "not a rule",
		"testdata/skip.yaml": "not: [valid",
		".hidden/skip.yaml":  "not: [valid",
		"c/broken.yaml":      "id: [unclosed\n",
	})
	rs, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), "broken.yaml") {
		t.Fatalf("want the broken file reported, got %v", err)
	}
	if len(rs) != 2 || !strings.HasSuffix(rs[0].Src.File, "r1.yaml") || !strings.HasSuffix(rs[1].Src.File, "r2.yml") {
		t.Fatalf("rules %v", files(rs))
	}
	if rs[0].Meta != nil {
		t.Fatal("Load attached meta")
	}
	rs, _ = LoadDir(dir)
	if len(rs) != 2 || rs[0].Meta == nil || rs[0].Meta.Confidence != "Low" || rs[1].Meta != nil {
		t.Fatalf("LoadDir meta: %+v", rs)
	}
	if ds := ValidateMeta(rs[0].Meta, rs[0]); len(ds) != 0 {
		t.Fatalf("meta findings:\n%s", ds)
	}
	// A single file.
	rs, err = LoadDir(filepath.Join(dir, "a", "r1.yaml"))
	if err != nil || len(rs) != 1 || rs[0].Meta == nil {
		t.Fatalf("single file: %v %v", rs, err)
	}
	if _, err := Load(filepath.Join(dir, "missing")); err == nil {
		t.Fatal("missing path accepted")
	}
}

func files(rs []*Rule) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Src.File)
	}
	return out
}

func TestLoadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"pack/t1/r.yaml":       {Data: []byte(baseYAML)},
		"pack/t1/r.meta.yaml":  {Data: []byte(metaYAML)},
		"pack/t2/bad.meta.yml": {Data: []byte(metaYAML)},
		"pack/t2/bad.yml":      {Data: []byte(repl("id: 6f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10", "id: 00000000-0000-0000-0000-000000000001")(baseYAML))},
	}
	rs, err := LoadFS(fsys, "pack")
	if len(rs) != 2 || rs[0].Src.File != "pack/t1/r.yaml" || rs[0].Meta == nil {
		t.Fatalf("rules %v", files(rs))
	}
	if err == nil || !strings.Contains(err.Error(), "pack/t2/bad.meta.yml: ruleId 6f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10 does not match") {
		t.Fatalf("meta mismatch not reported: %v", err)
	}
	if rs[1].Meta != nil {
		t.Fatal("mismatched meta attached")
	}
	// Positions use fs paths.
	ds := Validate(rs[0], nil)
	if len(ds) != 0 {
		t.Fatalf("findings:\n%s", ds)
	}
}

func TestMeta(t *testing.T) {
	m, err := ParseMeta([]byte(metaYAML), "m.meta.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if m.File != "m.meta.yaml" || len(m.AtomicTests) != 1 || m.AtomicTests[0].ExpectedSignals[0] != "DeviceNetworkEvents row" ||
		m.DataSources[0].Tables[0] != "DeviceNetworkEvents" {
		t.Fatalf("%+v", m)
	}
	if _, err := ParseMeta([]byte("confidence: Low\nconfidance: Low\n"), "x"); err == nil || !strings.Contains(err.Error(), "confidance") {
		t.Fatalf("unknown key accepted: %v", err)
	}
	if _, err := ParseMeta(nil, "x"); err == nil {
		t.Fatal("empty meta accepted")
	}
	bad := &Meta{RuleID: "other", Technique: "T1059", Confidence: "low", References: []string{"attack.mitre.org"},
		AtomicTests: []AtomicTest{{Name: "", GUID: "nope"}}, DataSources: []DataSource{{}}}
	r := mustParse(t, baseYAML, "b.yaml")
	ds := ValidateMeta(bad, r)
	var msgs []string
	for _, d := range ds {
		msgs = append(msgs, d.Field+": "+d.Message)
	}
	want := []string{
		"ruleId: ruleId other does not match the rule's id 6f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10",
		"technique: technique T1059 is not among the rule's relevantTechniques",
		`confidence: confidence "low" must be Low, Medium or High`,
		"dataSources[0]: data source has no name",
		`references[0]: reference "attack.mitre.org" is not an http(s) URL`,
		"atomicTests[0]: atomic test has no name",
		`atomicTests[0].guid: atomic test guid "nope" is not a GUID`,
		`atomicTests[0].expectedSignals: atomic test "" lists no expected signals`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got:\n%s", strings.Join(msgs, "\n"))
	}
}

func TestIsRuleFile(t *testing.T) {
	for name, want := range map[string]bool{
		"a.yaml": true, "a.yml": true, "A.YAML": true, "a.meta.yaml": false, "a.meta.yml": false, "a.json": false, "yaml": false,
	} {
		if IsRuleFile(name) != want {
			t.Errorf("IsRuleFile(%q) != %v", name, want)
		}
	}
}
