package rulepack

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"reconwatch/internal/rules"
	"reconwatch/internal/table"
)

const t1596ID = "c0e78544-2068-45ad-83a3-0348e482217d"

// t1596Columns is the result schema of the T1596 query (its final project).
var t1596Columns = []table.Column{
	{Name: "FirstSeen", Type: table.Datetime},
	{Name: "LastSeen", Type: table.Datetime},
	{Name: "DeviceName", Type: table.String},
	{Name: "InitiatingProcessAccountName", Type: table.String},
	{Name: "InitiatingProcessAccountDomain", Type: table.String},
	{Name: "RequestCount", Type: table.Long},
	{Name: "UniqueOSINTDomains", Type: table.Long},
	{Name: "QueriedDomains", Type: table.Dynamic},
	{Name: "ProcessesUsed", Type: table.Dynamic},
	{Name: "CommandLines", Type: table.Dynamic},
	{Name: "RiskScore", Type: table.Long},
	{Name: "Alert", Type: table.String},
}

func t1596Checker(query string) ([]table.Column, error) { return t1596Columns, nil }

func loadPack(t *testing.T) *rules.Rule {
	t.Helper()
	rs, err := rules.LoadFS(FS(), ".")
	if err != nil {
		t.Fatalf("LoadFS: %v", err)
	}
	if len(rs) != 1 {
		t.Fatalf("pack has %d rules", len(rs))
	}
	return rs[0]
}

func TestT1596Validates(t *testing.T) {
	r := loadPack(t)
	if r.Src.File != "t1596/t1596.yaml" {
		t.Fatalf("file %q", r.Src.File)
	}
	if ds := rules.Validate(r, t1596Checker); len(ds) != 0 {
		t.Fatalf("T1596 rule has findings:\n%s", ds)
	}
	// Every column the rule uses outside its query is in the result.
	for _, c := range r.Columns() {
		if table.Schema(t1596Columns).Index(c.Column) < 0 {
			t.Errorf("%s uses %s, not in the result", c.Field, c.Column)
		}
	}
}

func TestT1596Fields(t *testing.T) {
	r := loadPack(t)
	if r.ID != t1596ID || r.Kind != rules.KindScheduled || r.Severity != "Medium" || r.Version != "1.0.0" {
		t.Fatalf("identity: %s %s %s %s", r.ID, r.Kind, r.Severity, r.Version)
	}
	if r.Frequency != time.Hour || r.Period != time.Hour || r.QueryFrequency != "1h" || r.QueryPeriod != "1h" {
		t.Fatalf("schedule %v %v", r.Frequency, r.Period)
	}
	if r.Trigger != rules.GreaterThan || r.TriggerThreshold != 0 || r.Triggered(0) || !r.Triggered(1) {
		t.Fatal("trigger")
	}
	if !reflect.DeepEqual(r.Tactics, []string{"Reconnaissance"}) || !reflect.DeepEqual(r.RelevantTechniques, []string{"T1596"}) {
		t.Fatal("attack")
	}
	if !reflect.DeepEqual(r.RequiredDataConnectors, []rules.DataConnector{{ConnectorID: "MicrosoftThreatProtection", DataTypes: []string{"DeviceNetworkEvents"}}}) {
		t.Fatalf("connectors %+v", r.RequiredDataConnectors)
	}
	wantEntities := []rules.EntityMapping{
		{EntityType: "Host", FieldMappings: []rules.FieldMapping{{Identifier: "HostName", ColumnName: "DeviceName"}}},
		{EntityType: "Account", FieldMappings: []rules.FieldMapping{
			{Identifier: "Name", ColumnName: "InitiatingProcessAccountName"},
			{Identifier: "NTDomain", ColumnName: "InitiatingProcessAccountDomain"},
		}},
	}
	if !reflect.DeepEqual(r.EntityMappings, wantEntities) {
		t.Fatalf("entities %+v", r.EntityMappings)
	}
	if !reflect.DeepEqual(r.CustomDetails, rules.CustomDetails{{Key: "RequestCount", Column: "RequestCount"}, {Key: "UniqueOSINTDomains", Column: "UniqueOSINTDomains"}, {Key: "RiskScore", Column: "RiskScore"}}) {
		t.Fatalf("custom details %+v", r.CustomDetails)
	}
	if !r.AlertPerResult() {
		t.Fatal("aggregation")
	}
	row := map[string]string{
		"DeviceName": "ws1.contoso.com", "InitiatingProcessAccountName": "alice", "InitiatingProcessAccountDomain": "CONTOSO",
		"RequestCount": "12", "UniqueOSINTDomains": "3", "RiskScore": "70",
	}
	lookup := func(c string) (string, bool) { v, ok := row[c]; return v, ok }
	if got := r.AlertDisplayName(lookup); got != "OSINT database reconnaissance from ws1.contoso.com by alice" {
		t.Fatalf("display name %q", got)
	}
	if got := r.AlertDescription(lookup); !strings.HasPrefix(got, "12 connections to 3 distinct OSINT") || !strings.Contains(got, "risk score 70") {
		t.Fatalf("description %q", got)
	}
	if got := r.ExtractEntities(lookup); len(got) != 2 || got[1].Fields[1].Value != "CONTOSO" {
		t.Fatalf("entities %+v", got)
	}
}

// TestT1596QueryVerbatim checks that the rule's query is the seed query,
// byte for byte (the YAML block scalar's indentation aside).
func TestT1596QueryVerbatim(t *testing.T) {
	want, err := os.ReadFile("testdata/t1596.kql")
	if err != nil {
		t.Fatal(err)
	}
	r := loadPack(t)
	if r.Query != string(want) {
		t.Fatalf("query differs from testdata/t1596.kql:\n%q\n%q", r.Query, want)
	}
	// The query is a literal block whose lines map 1:1 to the file.
	if !r.Src.QueryBlock || r.Src.QueryColOffset != 2 {
		t.Fatalf("query block %v offset %d", r.Src.QueryBlock, r.Src.QueryColOffset)
	}
	file, _ := os.ReadFile("t1596/t1596.yaml")
	lines := strings.Split(string(file), "\n")
	for i, ql := range strings.Split(strings.TrimSuffix(r.Query, "\n"), "\n") {
		fl := lines[i+r.Src.QueryLineOffset]
		if ql != "" && fl != "  "+ql {
			t.Fatalf("query line %d is file line %q", i+1, fl)
		}
	}
	off := strings.Index(r.Query, "DeviceNetworkEvents\n")
	line, col := r.QueryPosition(off)
	if lines[line-1] != "  DeviceNetworkEvents" || col != 3 {
		t.Fatalf("QueryPosition -> %d:%d %q", line, col, lines[line-1])
	}
}

func TestT1596Meta(t *testing.T) {
	r := loadPack(t)
	m := r.Meta
	if m == nil {
		t.Fatal("no meta attached")
	}
	if ds := rules.ValidateMeta(m, r); len(ds) != 0 {
		t.Fatalf("meta findings:\n%s", ds)
	}
	if m.Confidence != "Low" || m.RuleID != t1596ID || m.Technique != "T1596" {
		t.Fatalf("meta %+v", m)
	}
	if len(m.FalsePositives) != 5 || len(m.AtomicTests) != 3 || len(m.DataSources) != 1 || m.DataSources[0].Tables[0] != "DeviceNetworkEvents" {
		t.Fatalf("meta counts: %d fps, %d tests", len(m.FalsePositives), len(m.AtomicTests))
	}
	if m.References[0] != "https://attack.mitre.org/techniques/T1596/" {
		t.Fatalf("references %v", m.References)
	}
	names := []string{"Shodan CLI Reconnaissance of Organization IP Range", "Certificate Transparency Bulk Query via crt.sh API", "Multi-Source OSINT Enumeration Script"}
	for i, at := range m.AtomicTests {
		if at.Name != names[i] || len(at.ExpectedSignals) < 3 {
			t.Errorf("atomic test %d: %+v", i, at)
		}
	}
}

// TestT1596Canonical checks the file is in Export's canonical form, that
// the embedded copy is the file on disk, and that it exports to ARM.
func TestT1596Canonical(t *testing.T) {
	r := loadPack(t)
	var out bytes.Buffer
	if err := rules.Export(r, &out, rules.FormatSentinelYAML); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile("t1596/t1596.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), file) {
		t.Fatalf("t1596.yaml is not in canonical export form:\n%s", out.String())
	}
	disk, err := rules.LoadDir("t1596")
	if err != nil || len(disk) != 1 || disk[0].Meta == nil {
		t.Fatalf("LoadDir: %v", err)
	}
	if disk[0].Query != r.Query || disk[0].Name != r.Name {
		t.Fatal("embedded and disk rules differ")
	}
	out.Reset()
	if err := rules.Export(r, &out, rules.FormatARM); err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(out.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	props := v["resources"].([]any)[0].(map[string]any)["properties"].(map[string]any)
	if props["query"] != r.Query || props["queryFrequency"] != "PT1H" || props["triggerOperator"] != "GreaterThan" {
		t.Fatalf("arm properties %v", props)
	}
}
