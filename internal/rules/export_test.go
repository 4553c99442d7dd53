package rules

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// fullYAML exercises every field, including free-form tags and metadata.
const fullYAML = `id: 0b904747-1336-4363-8d84-df2710bfe5e7
name: "Full: every field"
description: |
  Line one.
    Indented line two.
severity: High
status: Available
requiredDataConnectors:
  - connectorId: MicrosoftThreatProtection
    dataTypes:
      - DeviceNetworkEvents
      - DeviceProcessEvents
  - connectorId: SecurityEvents
    dataTypes: []
queryFrequency: 01:00:00
queryPeriod: 2d
triggerOperator: GreaterThan
triggerThreshold: 3
tactics:
  - Reconnaissance
  - Execution
relevantTechniques:
  - T1596.005
  - T1059
tags:
  - Solorigate
  - Id: 0b904747-1336-4363-8d84-df2710bfe5e7
    version: 1.0.0
  - "123"
query: |2
    // leading spaces are kept
  DeviceNetworkEvents
  | union DeviceProcessEvents
  | extend Tac = "Execution", Sev = "High", Entities = "[]"
  | project DeviceName, AccountName, Tac, Sev, Entities, Link = "x"
entityMappings:
  - entityType: Host
    fieldMappings:
      - identifier: HostName
        columnName: DeviceName
sentinelEntitiesMappings:
  - columnName: Entities
customDetails:
  Zeta: DeviceName
  Alpha: AccountName
alertDetailsOverride:
  alertDisplayNameFormat: "[{{Sev}}] {{DeviceName}} [edr]"
  alertDescriptionFormat: Description
  alertTacticsColumnName: Tac
  alertSeverityColumnName: Sev
  alertDynamicProperties:
    - alertProperty: AlertLink
      value: Link
eventGroupingSettings:
  aggregationKind: SingleAlert
incidentConfiguration:
  createIncident: false
  groupingConfiguration:
    enabled: false
    reopenClosedIncident: true
    lookbackDuration: P1D
    matchingMethod: AllEntities
    groupByEntities: []
    groupByAlertDetails: []
    groupByCustomDetails: []
suppressionEnabled: true
suppressionDuration: PT6H
version: 2.1.0
kind: Scheduled
metadata:
  source:
    kind: Community
  author:
    name: reconwatch
  support:
    tier: Community
  categories:
    domains:
      - Security - Threat Protection
`

// roundTrip exports r, parses the result, and checks model, validation
// and export idempotence.
func roundTrip(t *testing.T, r *Rule) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := Export(r, &out, FormatSentinelYAML); err != nil {
		t.Fatalf("Export: %v", err)
	}
	r2, err := Parse(out.Bytes(), "export.yaml")
	if err != nil {
		t.Fatalf("re-Parse: %v\n%s", err, out.String())
	}
	if !sameModel(r, r2) {
		t.Fatalf("round trip changed the rule:\n%#v\n%#v\nexport:\n%s", modelOf(r), modelOf(r2), out.String())
	}
	a, b := keys(Validate(r, nil)), keys(Validate(r2, nil))
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("validation differs after round trip:\n%v\n%v", a, b)
	}
	var again bytes.Buffer
	if err := Export(r2, &again, FormatSentinelYAML); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), again.Bytes()) {
		t.Fatalf("export is not idempotent:\n%s\n---\n%s", out.String(), again.String())
	}
	return out.Bytes()
}

func TestExportRoundTrip(t *testing.T) {
	sources := map[string]string{
		"base": baseYAML,
		"full": fullYAML,
		// invalid rules re-validate identically too
		"empty display name":  repl("alertDisplayNameFormat: Recon from {{DeviceName}}", "alertDisplayNameFormat: ''")(baseYAML),
		"missing threshold":   repl("triggerThreshold: 0\n", "")(baseYAML),
		"empty name":          repl("name: Test rule", "name: ''")(baseYAML),
		"nrt with schedule":   repl("kind: Scheduled", "kind: NRT")(baseYAML),
		"bad durations":       repl("queryPeriod: 1h", "queryPeriod: PT30M")(baseYAML),
		"no entity mappings":  repl(baseEntities, "entityMappings: []\n")(baseYAML),
		"empty override":      repl("  alertDisplayNameFormat: Recon from {{DeviceName}}\n  alertDescriptionFormat: '{{Count}} events'\n", "  {}\n")(strings.Replace(baseYAML, "alertDetailsOverride:\n", "alertDetailsOverride:\n", 1)),
		"grouping missing":    repl("    enabled: true\n    reopenClosedIncident: false\n", "")(baseYAML),
		"trailing whitespace": repl("  DeviceNetworkEvents\n", "  DeviceNetworkEvents   \n")(baseYAML),
	}
	for name, src := range sources {
		t.Run(name, func(t *testing.T) {
			src := src
			if name == "empty override" {
				src = repl("alertDetailsOverride:\n  {}\n", "alertDetailsOverride: {}\n")(src)
			}
			roundTrip(t, mustParse(t, src, name+".yaml"))
		})
	}
}

func TestExportCanonicalForm(t *testing.T) {
	// The base rule is written in the canonical form already.
	out := roundTrip(t, mustParse(t, baseYAML, "base.yaml"))
	if string(out) != baseYAML {
		t.Fatalf("export differs from the canonical source:\n%s", out)
	}
	full := string(roundTrip(t, mustParse(t, fullYAML, "full.yaml")))
	for _, want := range []string{
		"query: |2\n    // leading spaces are kept\n  DeviceNetworkEvents\n",
		"description: |\n  Line one.\n    Indented line two.\n",
		"  - \"123\"\n",
		"queryFrequency: '01:00:00'\n",
		"customDetails:\n  Zeta: DeviceName\n  Alpha: AccountName\n",
		"metadata:\n  source:\n    kind: Community\n  author:\n    name: reconwatch\n  support:\n    tier: Community\n  categories:\n",
	} {
		if !strings.Contains(full, want) {
			t.Errorf("export lacks %q:\n%s", want, full)
		}
	}
	// Keys come in Sentinel's order.
	last := -1
	for _, k := range topKeys {
		i := strings.Index(full, "\n"+k+":")
		if k == "id" {
			i = 0
		}
		if i < 0 {
			continue
		}
		if i < last {
			t.Errorf("key %s out of order", k)
		}
		last = i
	}
}

func TestExportCodeBuiltRule(t *testing.T) {
	r := &Rule{
		ID: "6f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10", Name: "n", Description: "d", Severity: "Low",
		Kind: KindScheduled, Query: "T | take 1", Frequency: time.Hour, Period: 2 * time.Hour,
		Trigger: GreaterThan, TriggerThreshold: 0, Version: "1.0.0",
		RequiredDataConnectors: []DataConnector{{ConnectorID: "X", DataTypes: []string{"T"}}},
	}
	var out bytes.Buffer
	if err := Export(r, &out, FormatSentinelYAML); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"queryFrequency: 1h\n", "queryPeriod: 2h\n", "triggerOperator: gt\n", "triggerThreshold: 0\n", "query: |-\n  T | take 1\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("lacks %q:\n%s", want, out.String())
		}
	}
	r2 := mustParse(t, out.String(), "x.yaml")
	if ds := Validate(r2, nil); len(ds) != 0 {
		t.Fatalf("findings:\n%s", ds)
	}
	out.Reset()
	if err := Export(r, &out, FormatARM); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"queryPeriod": "PT2H"`) {
		t.Fatalf("arm:\n%s", out.String())
	}
}

func TestExportARM(t *testing.T) {
	r := mustParse(t, fullYAML, "full.yaml")
	var out bytes.Buffer
	if err := Export(r, &out, FormatARM); err != nil {
		t.Fatal(err)
	}
	var tmpl struct {
		Schema     string `json:"$schema"`
		Parameters map[string]struct {
			Type string `json:"type"`
		} `json:"parameters"`
		Resources []struct {
			ID, Name, Type, Kind, APIVersion string
			Properties                       map[string]any `json:"properties"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(out.Bytes(), &tmpl); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, out.String())
	}
	if tmpl.Parameters["workspace"].Type != "String" || len(tmpl.Resources) != 1 {
		t.Fatalf("template: %+v", tmpl)
	}
	res := tmpl.Resources[0]
	if res.Type != "Microsoft.OperationalInsights/workspaces/providers/alertRules" || res.Kind != "Scheduled" || res.APIVersion != ARMAPIVersion ||
		!strings.Contains(res.Name, "/Microsoft.SecurityInsights/0b904747-1336-4363-8d84-df2710bfe5e7") {
		t.Fatalf("resource: %+v", res)
	}
	p := res.Properties
	checks := map[string]any{
		"displayName":           "Full: every field",
		"severity":              "High",
		"enabled":               true,
		"queryFrequency":        "PT1H",
		"queryPeriod":           "P2D",
		"triggerOperator":       "GreaterThan",
		"triggerThreshold":      3.0,
		"suppressionEnabled":    true,
		"suppressionDuration":   "PT6H",
		"alertRuleTemplateName": "0b904747-1336-4363-8d84-df2710bfe5e7",
		"templateVersion":       "2.1.0",
		"query":                 r.Query,
	}
	for k, want := range checks {
		if !reflect.DeepEqual(p[k], want) {
			t.Errorf("%s = %#v, want %#v", k, p[k], want)
		}
	}
	if got := p["techniques"]; !reflect.DeepEqual(got, []any{"T1596", "T1059"}) {
		t.Errorf("techniques %v", got)
	}
	if got := p["subTechniques"]; !reflect.DeepEqual(got, []any{"T1596.005"}) {
		t.Errorf("subTechniques %v", got)
	}
	ado := p["alertDetailsOverride"].(map[string]any)
	if ado["alertDisplayNameFormat"] != "[[{{Sev}}] {{DeviceName}} [edr]" {
		t.Errorf("template expression not escaped: %v", ado["alertDisplayNameFormat"])
	}
	if z, a := strings.Index(out.String(), `"Zeta": "DeviceName"`), strings.Index(out.String(), `"Alpha": "AccountName"`); z < 0 || a < z {
		t.Errorf("customDetails order lost:\n%s", out.String())
	}
	if ic := p["incidentConfiguration"].(map[string]any); ic["createIncident"] != false {
		t.Errorf("incident %v", ic)
	}
	if eg := p["eventGroupingSettings"].(map[string]any); eg["aggregationKind"] != "SingleAlert" {
		t.Errorf("eventGrouping %v", eg)
	}

	// NRT has no schedule.
	nrt := mustParse(t, repl("kind: Scheduled", "kind: NRT")(baseYAML), "n.yaml")
	out.Reset()
	if err := Export(nrt, &out, FormatARM); err != nil {
		t.Fatal(err)
	}
	for _, absent := range []string{"queryFrequency", "queryPeriod", "triggerOperator", "triggerThreshold"} {
		if strings.Contains(out.String(), absent) {
			t.Errorf("NRT ARM has %s", absent)
		}
	}
	if !strings.Contains(out.String(), `"kind": "NRT"`) || !strings.Contains(out.String(), `"suppressionDuration": "PT5H"`) {
		t.Errorf("NRT ARM:\n%s", out.String())
	}
}

func TestExportErrors(t *testing.T) {
	r := mustParse(t, baseYAML, "b.yaml")
	if err := Export(r, &bytes.Buffer{}, "toml"); err == nil || !strings.Contains(err.Error(), `unknown export format "toml"`) {
		t.Fatalf("err %v", err)
	}
	bad := mustParse(t, repl("queryFrequency: 1h", "queryFrequency: often")(baseYAML), "b.yaml")
	if err := Export(bad, &bytes.Buffer{}, FormatARM); err == nil || !strings.Contains(err.Error(), "queryFrequency") {
		t.Fatalf("err %v", err)
	}
	fusion := mustParse(t, repl("kind: Scheduled", "kind: Fusion")(baseYAML), "b.yaml")
	if err := Export(fusion, &bytes.Buffer{}, FormatARM); err == nil {
		t.Fatal("Fusion exported to ARM")
	}
}
