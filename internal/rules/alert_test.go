package rules

import (
	"reflect"
	"testing"
)

func rowLookup(row map[string]string) Lookup {
	return func(c string) (string, bool) {
		v, ok := row[c]
		return v, ok
	}
}

func TestTriggered(t *testing.T) {
	cases := []struct {
		op    string
		thr   int
		count int
		want  bool
	}{
		{"gt", 0, 0, false},
		{"gt", 0, 1, true},
		{"GreaterThan", 5, 5, false},
		{"GreaterThan", 5, 6, true},
		{"lt", 3, 2, true},
		{"LessThan", 3, 3, false},
		{"eq", 2, 2, true},
		{"Equal", 2, 3, false},
		{"ne", 0, 0, false},
		{"NotEqual", 0, 4, true},
		{"bogus", 0, 10, false},
	}
	for _, c := range cases {
		r := &Rule{Kind: KindScheduled, TriggerOperator: c.op, TriggerThreshold: c.thr}
		if got := r.Triggered(c.count); got != c.want {
			t.Errorf("%s %d with %d results: %v, want %v", c.op, c.thr, c.count, got, c.want)
		}
	}
	// Parsed form wins.
	r := &Rule{Kind: KindScheduled, Trigger: LessThan, TriggerThreshold: 1}
	if !r.Triggered(0) || r.Triggered(1) {
		t.Error("parsed trigger not used")
	}
}

func TestAlertDetails(t *testing.T) {
	r := mustParse(t, fullYAML, "full.yaml")
	row := rowLookup(map[string]string{
		"DeviceName": "ws1.contoso.com", "AccountName": "alice", "Sev": "high",
		"Tac": `["Execution", "Bogus", "reconnaissance"]`, "Link": "https://x",
	})
	if got := r.AlertDisplayName(row); got != "[high] ws1.contoso.com [edr]" {
		t.Errorf("display name %q", got)
	}
	if got := r.AlertDescription(row); got != "Description" {
		t.Errorf("description %q", got)
	}
	if got := r.AlertSeverity(row); got != "High" {
		t.Errorf("severity %q", got)
	}
	if got := r.AlertTactics(row); !reflect.DeepEqual(got, []string{"Execution", "Reconnaissance"}) {
		t.Errorf("tactics %v", got)
	}
	// Comma-separated tactics; invalid severity falls back.
	row2 := rowLookup(map[string]string{"Tac": "Impact, Discovery", "Sev": "Critical"})
	if got := r.AlertTactics(row2); !reflect.DeepEqual(got, []string{"Impact", "Discovery"}) {
		t.Errorf("tactics %v", got)
	}
	if got := r.AlertSeverity(row2); got != "High" {
		t.Errorf("severity fallback %q", got)
	}
	// Missing columns leave the placeholder; blank results fall back.
	if got := r.AlertDisplayName(rowLookup(map[string]string{"Sev": "x"})); got != "[x] {{DeviceName}} [edr]" {
		t.Errorf("missing column: %q", got)
	}
	base := mustParse(t, baseYAML, "b.yaml")
	base.AlertDetailsOverride.AlertDisplayNameFormat = "{{DeviceName}}"
	if got := base.AlertDisplayName(rowLookup(map[string]string{"DeviceName": ""})); got != "Test rule" {
		t.Errorf("blank fallback %q", got)
	}
	base.AlertDetailsOverride = nil
	if base.AlertDisplayName(nil) != "Test rule" || base.AlertDescription(nil) != "A test rule." || base.AlertSeverity(nil) != "Medium" {
		t.Error("no override")
	}
	if got := r.AlertCustomDetails(row); !reflect.DeepEqual(got, []DetailValue{
		{"Zeta", "DeviceName", "ws1.contoso.com", true}, {"Alpha", "AccountName", "alice", true},
	}) {
		t.Errorf("custom details %+v", got)
	}
}

func TestExpandPlaceholders(t *testing.T) {
	row := rowLookup(map[string]string{"A": "1", "B": "two"})
	cases := map[string]string{
		"no placeholders":      "no placeholders",
		"{{A}}-{{B}}":          "1-two",
		"{{ A }}":              "1",
		"{{C}} and {{A}}":      "{{C}} and 1",
		"{{{A}}}":              "{1}",
		"{{A":                  "{{A",
		"{{A}}{{A}}{{A}}{{A}}": "1111",
	}
	for in, want := range cases {
		if got := ExpandPlaceholders(in, row); got != want {
			t.Errorf("%q -> %q, want %q", in, got, want)
		}
	}
	if got := Placeholders("x {{A}} {{ B }} {{}}"); !reflect.DeepEqual(got, []string{"A", "B", ""}) {
		t.Errorf("Placeholders %q", got)
	}
}

func TestExtractEntities(t *testing.T) {
	r := mustParse(t, baseYAML, "b.yaml")
	got := r.ExtractEntities(rowLookup(map[string]string{"DeviceName": "ws1", "AccountName": "alice", "AccountDomain": "CONTOSO"}))
	want := []Entity{
		{"Host", []EntityField{{"HostName", "DeviceName", "ws1"}}},
		{"Account", []EntityField{{"Name", "AccountName", "alice"}, {"NTDomain", "AccountDomain", "CONTOSO"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v", got)
	}
	if v, ok := got[1].Get("NTDomain"); !ok || v != "CONTOSO" {
		t.Fatal("Get")
	}
	// An account with only a domain lacks its required identifier and is dropped.
	got = r.ExtractEntities(rowLookup(map[string]string{"DeviceName": "ws1", "AccountName": "", "AccountDomain": "CONTOSO"}))
	if len(got) != 1 || got[0].Type != "Host" {
		t.Fatalf("got %+v", got)
	}
	if !reflect.DeepEqual(r.EntityTypes(), []string{"Host", "Account"}) {
		t.Fatalf("types %v", r.EntityTypes())
	}
}

func TestColumns(t *testing.T) {
	r := mustParse(t, fullYAML, "f.yaml")
	var cols []string
	for _, c := range r.Columns() {
		cols = append(cols, c.Column)
	}
	want := []string{"DeviceName", "Entities", "DeviceName", "AccountName", "Sev", "DeviceName", "Tac", "Sev", "Link"}
	if !reflect.DeepEqual(cols, want) {
		t.Fatalf("columns %v", cols)
	}
	if r.Columns()[0].Field != "entityMappings[0].fieldMappings[0].columnName" {
		t.Fatalf("field %q", r.Columns()[0].Field)
	}
}
