package catalog

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"reconwatch/internal/table"
)

func TestEmbeddedLoads(t *testing.T) {
	start := time.Now()
	c := builtin()
	t.Logf("embedded catalog parsed in %v", time.Since(start))
	if n := len(c.Tables()); n != 244 {
		t.Errorf("tables: got %d, want 244", n)
	}
	if n := len(c.Functions()); n != 101 {
		t.Errorf("functions: got %d, want 101", n)
	}
}

func colType(t *testing.T, s table.Schema, name string) table.Type {
	t.Helper()
	i := s.Index(name)
	if i < 0 {
		t.Fatalf("column %s missing from %v", name, s)
	}
	return s[i].Type
}

func TestDefenderTables(t *testing.T) {
	s, ok := Lookup("DeviceNetworkEvents")
	if !ok {
		t.Fatal("DeviceNetworkEvents missing")
	}
	for name, want := range map[string]table.Type{
		"TimeGenerated": table.Datetime, "Timestamp": table.Datetime, "RemotePort": table.Int,
		"ReportId": table.Long, "AdditionalFields": table.Dynamic, "Type": table.String,
		"TenantId": table.String, "IsInitiatingProcessRemoteSession": table.Bool,
		"InitiatingProcessCreationTime": table.Datetime, "RemoteUrl": table.String,
	} {
		if got := colType(t, s, name); got != want {
			t.Errorf("DeviceNetworkEvents.%s: got %v, want %v", name, got, want)
		}
	}
	p, ok := Lookup("DeviceProcessEvents")
	if !ok {
		t.Fatal("DeviceProcessEvents missing")
	}
	for name, want := range map[string]table.Type{
		"ProcessId": table.Long, "LogonId": table.Long, "InitiatingProcessSessionId": table.Long,
		"IsInitiatingProcessRemoteSession": table.Bool, "InitiatingProcessSignerType": table.String,
		"TimeGenerated": table.Datetime, "Timestamp": table.Datetime,
	} {
		if got := colType(t, p, name); got != want {
			t.Errorf("DeviceProcessEvents.%s: got %v, want %v", name, got, want)
		}
	}
	// No duplicates.
	for _, name := range Tables() {
		s, _ := Lookup(name)
		seen := map[string]bool{}
		for _, c := range s {
			if seen[c.Name] {
				t.Errorf("%s: duplicate column %s", name, c.Name)
			}
			seen[c.Name] = true
			if c.Type == table.Unknown {
				t.Errorf("%s.%s: unknown type", name, c.Name)
			}
		}
	}
}

func TestFunctions(t *testing.T) {
	s, ok := Function("imDns")
	if !ok {
		t.Fatal("imDns missing")
	}
	if colType(t, s, "SrcPortNumber") != table.Int {
		t.Error("imDns.SrcPortNumber not int")
	}
	n := 0
	for _, c := range s {
		if c.Name == "EventSeverity" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("EventSeverity appears %d times", n)
	}
	f, ok := Default().Func("imDns")
	if !ok || len(f.Params) == 0 || f.Params[0].Name != "starttime" || f.Params[0].Type != table.Datetime {
		t.Errorf("imDns params: %+v", f.Params)
	}
	if _, ok := Function("DeviceNetworkEvents"); ok {
		t.Error("DeviceNetworkEvents is a table, not a function")
	}
}

func TestLookupReturnsCopy(t *testing.T) {
	s, _ := Lookup("DeviceNetworkEvents")
	s[0].Name = "Mangled"
	s2, _ := Lookup("DeviceNetworkEvents")
	if s2[0].Name == "Mangled" {
		t.Fatal("Lookup exposes the catalog's storage")
	}
}

func TestLoadShapes(t *testing.T) {
	cases := []struct {
		name, in string
		table    string
		want     string
		fn       string
	}{
		{"pairs", `{"My_CL": [["TimeGenerated","datetime"],["Port","int"],["Msg","System.String"]]}`, "My_CL", "(TimeGenerated:datetime, Port:int, Msg:string)", ""},
		{"objects", `{"My_CL": [{"Name":"A","Type":"Int64"},{"name":"B","type":"DateTime"},{"ColumnName":"C","ColumnType":"Object"}]}`, "My_CL", "(A:long, B:datetime, C:dynamic)", ""},
		{"columns key", `{"My_CL": {"columns": [["A","bool"]]}}`, "My_CL", "(A:bool)", ""},
		{"schemas.json shape", `{"note":"x","tables":{"T":{"columns":[["A","guid"]],"source":"s"}},"functions":{"F":{"params":[["p","string",false]],"columns":[["Z","real"]]}}}`, "T", "(A:guid)", "F"},
		{"ci custom table", `{"Name":"Syslog_CL","Properties":[{"Name":"A","Type":"string"}]}`, "Syslog_CL", "(A:string)", ""},
		{"ci list", `[{"Name":"X","Properties":[{"Name":"A","Type":"long"}]}]`, "X", "(A:long)", ""},
		{"bom", "\ufeff" + `{"T": [["A","timespan"]]}`, "T", "(A:timespan)", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(strings.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			s, ok := c.Lookup(tc.table)
			if !ok {
				t.Fatalf("table %s missing; have %v", tc.table, c.Tables())
			}
			if s.String() != tc.want {
				t.Errorf("got %s, want %s", s, tc.want)
			}
			if tc.fn != "" {
				if _, ok := c.Function(tc.fn); !ok {
					t.Errorf("function %s missing", tc.fn)
				}
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{``, "schema file is empty"},
		{`{"T": [["A","wibble"]]}`, `table T: column A: unknown type "wibble"`},
		{`{"T": [["A"]]}`, `table T: column 0: expected ["name", "type"]`},
		{`{"T": 5}`, `table T: expected a list of columns`},
		{`{"T": [`, `invalid`},
		{`[{"Properties":[]}]`, `element 0: expected a table object with "Name" and "Properties"`},
	}
	for _, tc := range cases {
		_, err := Load(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%q): got %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestMerge(t *testing.T) {
	c := Default()
	o, err := Load(strings.NewReader(`{"DeviceNetworkEvents": [["TimeGenerated","datetime"],["X","string"]], "New_CL": [["A","int"]]}`))
	if err != nil {
		t.Fatal(err)
	}
	c.Merge(o)
	s, _ := c.Lookup("DeviceNetworkEvents")
	if s.String() != "(TimeGenerated:datetime, X:string)" {
		t.Errorf("override: %s", s)
	}
	if _, ok := c.Lookup("New_CL"); !ok {
		t.Error("New_CL missing after merge")
	}
	// Default is unaffected.
	d, _ := Lookup("DeviceNetworkEvents")
	if len(d) < 40 {
		t.Errorf("Default changed by Merge: %s", d)
	}
	if _, ok := Default().Lookup("New_CL"); ok {
		t.Error("New_CL leaked into Default()")
	}
}

// TestEmbeddedMatchesSource checks the generated text against the JSON
// it was made from, when the shared copy is present.
func TestEmbeddedMatchesSource(t *testing.T) {
	data, err := os.ReadFile("/work/shared/sentinel/schemas.json")
	if err != nil {
		t.Skip("source not available:", err)
	}
	src, err := Load(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	emb, err := parseText(sentinelText)
	if err != nil {
		t.Fatal(err)
	}
	if len(src.tables) != len(emb.tables) || len(src.funcs) != len(emb.funcs) {
		t.Fatalf("counts differ: %d/%d tables, %d/%d functions", len(src.tables), len(emb.tables), len(src.funcs), len(emb.funcs))
	}
	for name, s := range src.tables {
		if e := emb.tables[name]; e.String() != s.String() {
			t.Errorf("table %s differs; run go generate ./internal/catalog", name)
		}
	}
	for name, f := range src.funcs {
		e := emb.funcs[name]
		if e == nil || e.Columns.String() != f.Columns.String() || fmt.Sprint(e.Params) != fmt.Sprint(f.Params) {
			t.Errorf("function %s differs; run go generate ./internal/catalog", name)
		}
	}
}

func TestCatalogSatisfiesPlanner(t *testing.T) {
	var c interface {
		Table(string) (table.Schema, bool)
		Names() []string
	} = Default()
	if _, ok := c.Table("DeviceNetworkEvents"); !ok || len(c.Names()) != 244 {
		t.Error("planner interface")
	}
}
