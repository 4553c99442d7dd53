package rules

import (
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

func TestParseFields(t *testing.T) {
	r := mustParse(t, baseYAML, "base.yaml")
	if r.ID != "6f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10" || r.Name != "Test rule" || r.Severity != "Medium" || r.Kind != KindScheduled {
		t.Fatalf("scalars: %+v", r)
	}
	if r.Frequency.Hours() != 1 || r.Period.Hours() != 1 || r.Trigger != GreaterThan || r.TriggerThreshold != 0 {
		t.Fatalf("schedule: %v %v %v %d", r.Frequency, r.Period, r.Trigger, r.TriggerThreshold)
	}
	if want := "DeviceNetworkEvents\n| summarize Count = count() by DeviceName, AccountName, AccountDomain\n"; r.Query != want {
		t.Fatalf("query %q", r.Query)
	}
	if len(r.EntityMappings) != 2 || r.EntityMappings[1].FieldMappings[1] != (FieldMapping{"NTDomain", "AccountDomain"}) {
		t.Fatalf("entities %+v", r.EntityMappings)
	}
	g := r.IncidentConfiguration.GroupingConfiguration
	if !*r.IncidentConfiguration.CreateIncident || !*g.Enabled || *g.ReopenClosedIncident || g.MatchingMethod != "Selected" ||
		g.GroupByAlertDetails == nil || len(g.GroupByAlertDetails) != 0 {
		t.Fatalf("incident %+v", g)
	}
	if got := r.Src.Pos("entityMappings[1].fieldMappings[1].columnName"); got != (Pos{lineOf(t, baseYAML, "columnName: AccountDomain"), 9}) {
		t.Fatalf("position %v", got)
	}
	if got := r.Src.Pos("customDetails.Count"); got.Line != lineOf(t, baseYAML, "  Count: Count") {
		t.Fatalf("position %v", got)
	}
	// Unknown paths fall back to their parent.
	if got := r.Src.Pos("incidentConfiguration.groupingConfiguration.nothing"); got.Line != lineOf(t, baseYAML, "groupingConfiguration:") {
		t.Fatalf("fallback %v", got)
	}
}

func TestParseCustomDetailsOrder(t *testing.T) {
	src := repl("customDetails:\n  Count: Count\n", "customDetails:\n  Zeta: Count\n  Alpha: DeviceName\n  Mid: AccountName\n")(baseYAML)
	r := mustParse(t, src, "r.yaml")
	var keys []string
	for _, c := range r.CustomDetails {
		keys = append(keys, c.Key)
	}
	if strings.Join(keys, ",") != "Zeta,Alpha,Mid" {
		t.Fatalf("order %v", keys)
	}
	if c, ok := r.CustomDetails.Get("Alpha"); !ok || c != "DeviceName" {
		t.Fatal("Get")
	}
}

func TestQueryPosition(t *testing.T) {
	cases := []struct {
		name, src  string
		start      Pos
		block      bool
		probe      string // text in the query whose position is checked
		probeLine  int
		probeCol   int
		wantQuery  string
		lineOffset int
	}{
		{
			name:  "literal block",
			src:   "id: x\nquery: |\n  T\n  | where A == 1\nkind: NRT\n",
			start: Pos{3, 3}, block: true, probe: "where", probeLine: 4, probeCol: 5,
			wantQuery: "T\n| where A == 1\n",
		},
		{
			name:  "literal block with leading empty line and deeper indent",
			src:   "query: |-\n\n      T\n      | take 1\n",
			start: Pos{2, 7}, block: true, probe: "take", probeLine: 4, probeCol: 9,
			wantQuery: "\nT\n| take 1",
		},
		{
			name:  "literal block with indentation indicator",
			src:   "query: |2\n    let x = 1;\n  T\n",
			start: Pos{2, 3}, block: true, probe: "T", probeLine: 3, probeCol: 3,
			wantQuery: "  let x = 1;\nT\n",
		},
		{
			name:  "plain scalar",
			src:   "kind: NRT\nquery: T | take 1\n",
			start: Pos{2, 8}, probe: "take", probeLine: 2, probeCol: 12,
			wantQuery: "T | take 1",
		},
		{
			name:  "double-quoted scalar",
			src:   "query: \"T | take 1\"\n",
			start: Pos{1, 9}, probe: "take", probeLine: 1, probeCol: 13,
			wantQuery: "T | take 1",
		},
		{
			name:  "CRLF line ends",
			src:   "id: x\r\nquery: |\r\n  T\r\n  | take 1\r\n",
			start: Pos{3, 3}, block: true, probe: "take", probeLine: 4, probeCol: 5,
			wantQuery: "T\n| take 1\n",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := mustParse(t, c.src, "q.yaml")
			if r.Query != c.wantQuery {
				t.Fatalf("query %q, want %q", r.Query, c.wantQuery)
			}
			if r.Src.QueryStart != c.start || r.Src.QueryBlock != c.block {
				t.Fatalf("start %v block %v, want %v %v", r.Src.QueryStart, r.Src.QueryBlock, c.start, c.block)
			}
			l, col := r.QueryPosition(strings.Index(r.Query, c.probe))
			if l != c.probeLine || col != c.probeCol {
				t.Fatalf("probe at %d:%d, want %d:%d", l, col, c.probeLine, c.probeCol)
			}
			// Offsets agree with QueryPosition for offset 0 when the
			// query does not start with a newline.
			if !strings.HasPrefix(r.Query, "\n") {
				l0, c0 := r.QueryPosition(0)
				if (Pos{l0, c0}) != c.start {
					t.Fatalf("QueryPosition(0) = %d:%d, want %v", l0, c0, c.start)
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ src, msg string }{
		{"", "x.yaml: empty document"},
		{"# only a comment\n", "x.yaml: empty document"},
		{"~\n", "x.yaml: empty document"},
		{"- a\n- b\n", "x.yaml:1:1: a rule must be a YAML mapping, found a list"},
		{"just text\n", "a rule must be a YAML mapping, found a scalar"},
		{"id: [unclosed\n", "x.yaml: yaml:"},
		{"a: b\n  c: d\n", "x.yaml: yaml: line 2"},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.src), "x.yaml")
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("Parse(%q) error %v, want %q", c.src, err, c.msg)
		}
	}
}

func TestParseAliasesAndMerge(t *testing.T) {
	src := `id: 6f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10
name: &n Aliased
description: *n
severity: Low
kind: NRT
query: T
version: 1.0.0
entityMappings:
  - &host
    entityType: Host
    fieldMappings:
      - identifier: HostName
        columnName: Computer
  - <<: *host
    entityType: Host
`
	r := mustParse(t, src, "a.yaml")
	if r.Description != "Aliased" {
		t.Fatalf("alias: %q", r.Description)
	}
	if len(r.EntityMappings) != 2 || len(r.EntityMappings[1].FieldMappings) != 1 || r.EntityMappings[1].FieldMappings[0].ColumnName != "Computer" {
		t.Fatalf("merge: %+v", r.EntityMappings)
	}
	if ds := Validate(r, nil); len(ds) != 0 {
		t.Fatalf("findings:\n%s", ds)
	}
}

func TestUnmarshalYAMLEmbedding(t *testing.T) {
	var doc struct {
		Rules []*Rule `yaml:"rules"`
	}
	src := "rules:\n  - id: a\n    name: one\n    kind: NRT\n    query: T\n"
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Rules) != 1 || doc.Rules[0].Name != "one" || doc.Rules[0].Query != "T" {
		t.Fatalf("%+v", doc.Rules)
	}
	out, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "name: one") || !strings.Contains(string(out), "query: |-") {
		t.Fatalf("marshal:\n%s", out)
	}
}

func TestSuggest(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"queryFrequncy", "queryFrequency"},
		{"Tactics", "tactics"},
		{"xyz", ""},
	} {
		if got := suggest(c.in, topKeys); got != c.want {
			t.Errorf("suggest(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
