package rules

import (
	"fmt"
	"strings"
	"testing"

	"reconwatch/internal/table"
)

func TestBaseRuleIsValid(t *testing.T) {
	r := mustParse(t, baseYAML, "base.yaml")
	if ds := Validate(r, stubChecker(baseColumns)); len(ds) != 0 {
		t.Fatalf("base rule has findings:\n%s", ds)
	}
	if ds := Validate(r, nil); len(ds) != 0 {
		t.Fatalf("base rule without checker has findings:\n%s", ds)
	}
}

func repl(old, new string) func(string) string {
	return func(s string) string {
		if !strings.Contains(s, old) {
			panic(fmt.Sprintf("test setup: %q not in rule", old))
		}
		return strings.Replace(s, old, new, 1)
	}
}

func seq(fs ...func(string) string) func(string) string {
	return func(s string) string {
		for _, f := range fs {
			s = f(s)
		}
		return s
	}
}

// entityList returns n Host entity mappings.
func entityList(n int) string {
	var b strings.Builder
	b.WriteString("entityMappings:\n")
	for i := 0; i < n; i++ {
		b.WriteString("  - entityType: Host\n    fieldMappings:\n      - identifier: HostName\n        columnName: DeviceName\n")
	}
	return b.String()
}

const baseEntities = `entityMappings:
  - entityType: Host
    fieldMappings:
      - identifier: HostName
        columnName: DeviceName
  - entityType: Account
    fieldMappings:
      - identifier: Name
        columnName: AccountName
      - identifier: NTDomain
        columnName: AccountDomain
`

func TestValidateCases(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	manyDetails := func(n int) string {
		var b strings.Builder
		b.WriteString("customDetails:\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "  D%d: Count\n", i)
		}
		return b.String()
	}
	cases := []struct {
		name   string
		mutate func(string) string
		level  Level
		code   string
		msg    string // substring of the message
		at     string // marker of the expected line; "" means line 1
		field  string
	}{
		// required fields
		{"missing id", repl("id: 6f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10\n", ""), LevelError, "required", "missing required field id", "", "id"},
		{"missing name", repl("name: Test rule\n", ""), LevelError, "required", "missing required field name", "", "name"},
		{"empty name", repl("name: Test rule", "name: ''"), LevelError, "required", "name must not be empty", "name: ''", "name"},
		{"missing description", repl("description: A test rule.\n", ""), LevelError, "required", "missing required field description", "", "description"},
		{"missing severity", repl("severity: Medium\n", ""), LevelError, "required", "missing required field severity", "", "severity"},
		{"missing kind", repl("kind: Scheduled\n", ""), LevelError, "required", "missing required field kind", "", "kind"},
		{"missing query", repl("query: |\n  DeviceNetworkEvents\n  | summarize Count = count() by DeviceName, AccountName, AccountDomain\n", ""), LevelError, "required", "missing required field query", "", "query"},
		{"missing requiredDataConnectors", repl("requiredDataConnectors:\n  - connectorId: MicrosoftThreatProtection\n    dataTypes:\n      - DeviceNetworkEvents\n", ""), LevelError, "required", "missing required field requiredDataConnectors", "", "requiredDataConnectors"},
		{"missing queryFrequency", repl("queryFrequency: 1h\n", ""), LevelError, "required", "missing required field queryFrequency", "", "queryFrequency"},
		{"missing queryPeriod", repl("queryPeriod: 1h\n", ""), LevelError, "required", "missing required field queryPeriod", "", "queryPeriod"},
		{"missing triggerOperator", repl("triggerOperator: gt\n", ""), LevelError, "required", "missing required field triggerOperator", "", "triggerOperator"},
		{"missing triggerThreshold", repl("triggerThreshold: 0\n", ""), LevelError, "required", "missing required field triggerThreshold", "", "triggerThreshold"},
		{"null triggerThreshold", repl("triggerThreshold: 0", "triggerThreshold: ~"), LevelError, "required", "missing required field triggerThreshold", "", "triggerThreshold"},

		// id
		{"id not a GUID", repl("id: 6f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10", "id: my-rule-1"), LevelError, "guid", `id "my-rule-1" is not a GUID`, "id: my-rule", "id"},
		{"id braced GUID", repl("id: 6f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10", "id: '{6f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10}'"), LevelWarning, "guid", "not in the canonical", "id: '{", "id"},

		// lengths
		{"name too long", repl("name: Test rule", "name: "+long(257)), LevelError, "length", "name is 257 characters long; the maximum is 256", "name: aaa", "name"},
		{"description too long", repl("description: A test rule.", "description: "+long(5001)), LevelError, "length", "description is 5001 characters long; the maximum is 5000", "description: aaa", "description"},
		{"query too long", repl("  DeviceNetworkEvents\n", "  DeviceNetworkEvents\n  // "+long(10000)+"\n"), LevelError, "length", "characters long; it must be 1 to 10000", "query: |", "query"},
		{"empty query", repl("query: |\n  DeviceNetworkEvents\n  | summarize Count = count() by DeviceName, AccountName, AccountDomain\n", "query: ''\n"), LevelError, "length", "query is 0 characters long", "query: ''", "query"},

		// kind
		{"kind Fusion", repl("kind: Scheduled", "kind: Fusion"), LevelError, "kind", "reconwatch does not run", "kind: Fusion", "kind"},
		{"kind invalid", repl("kind: Scheduled", "kind: Hourly"), LevelError, "kind", `invalid kind "Hourly"; expected Scheduled or NRT`, "kind: Hourly", "kind"},
		{"kind wrong case", repl("kind: Scheduled", "kind: scheduled"), LevelWarning, "enum-case", `should be spelled "Scheduled"`, "kind: scheduled", "kind"},

		// severity
		{"severity invalid", repl("severity: Medium", "severity: Critical"), LevelError, "severity", `invalid severity "Critical"; expected Informational, Low, Medium or High`, "severity: Critical", "severity"},
		{"severity wrong case", repl("severity: Medium", "severity: medium"), LevelWarning, "enum-case", `should be spelled "Medium"`, "severity: medium", "severity"},

		// queryFrequency / queryPeriod
		{"frequency ISO 8601", repl("queryFrequency: 1h", "queryFrequency: PT1H"), LevelError, "duration-format", "ISO 8601, which Sentinel's template validator rejects", "queryFrequency: PT1H", "queryFrequency"},
		{"frequency upper-case unit", repl("queryFrequency: 1h", "queryFrequency: 1H"), LevelError, "duration-format", `"1H" is not a duration`, "queryFrequency: 1H", "queryFrequency"},
		{"frequency seconds", repl("queryFrequency: 1h", "queryFrequency: 300s"), LevelError, "duration-format", "is not a duration", "queryFrequency: 300s", "queryFrequency"},
		{"frequency below 5m", repl("queryFrequency: 1h", "queryFrequency: 4m"), LevelError, "duration-range", "queryFrequency 4m is out of range: it must be between 5m and 14d", "queryFrequency: 4m", "queryFrequency"},
		{"period above 14d", repl("queryPeriod: 1h", "queryPeriod: 15d"), LevelError, "duration-range", "queryPeriod 15d is out of range", "queryPeriod: 15d", "queryPeriod"},
		{"period .NET above 14d", repl("queryPeriod: 1h", "queryPeriod: 14.00:00:01"), LevelError, "duration-range", "out of range", "queryPeriod: 14.00", "queryPeriod"},
		{"period shorter than frequency", seq(repl("queryFrequency: 1h", "queryFrequency: 2h")), LevelError, "period-frequency", "queryPeriod (1h) must be greater than or equal to queryFrequency (2h)", "queryPeriod: 1h", "queryPeriod"},
		{"long period needs hourly frequency", seq(repl("queryFrequency: 1h", "queryFrequency: 30m"), repl("queryPeriod: 1h", "queryPeriod: 2d")), LevelError, "long-period-frequency", "when queryPeriod (2d) is 2 days or more, queryFrequency (30m) must be at least 1 hour", "queryFrequency: 30m", "queryFrequency"},

		// trigger
		{"trigger operator invalid", repl("triggerOperator: gt", "triggerOperator: greater"), LevelError, "trigger-operator", `invalid triggerOperator "greater"`, "triggerOperator: greater", "triggerOperator"},
		{"trigger operator case", repl("triggerOperator: gt", "triggerOperator: GT"), LevelError, "trigger-operator", `spelling is case-sensitive: "gt"`, "triggerOperator: GT", "triggerOperator"},
		{"threshold above 10000", repl("triggerThreshold: 0", "triggerThreshold: 10001"), LevelError, "threshold-range", "triggerThreshold 10001 is out of range 0 to 10000", "triggerThreshold: 10001", "triggerThreshold"},
		{"threshold negative", repl("triggerThreshold: 0", "triggerThreshold: -1"), LevelError, "threshold-range", "out of range", "triggerThreshold: -1", "triggerThreshold"},
		{"threshold not an integer", repl("triggerThreshold: 0", "triggerThreshold: five"), LevelError, "type", `expected an integer, found "five"`, "triggerThreshold: five", "triggerThreshold"},
		{"threshold never triggers", repl("triggerOperator: gt", "triggerOperator: lt"), LevelWarning, "never-triggers", "never triggers", "triggerThreshold: 0", "triggerThreshold"},

		// tactics and techniques
		{"tactic with space", repl("  - Reconnaissance", "  - Reconnaissance\n  - Initial Access"), LevelError, "tactic", `invalid tactic "Initial Access"; write it as "InitialAccess"`, "  - Initial Access", "tactics[1]"},
		{"tactic unknown", repl("  - Reconnaissance", "  - Reconnaissance\n  - Hacking"), LevelError, "tactic", `invalid tactic "Hacking"; expected one of`, "  - Hacking", "tactics[1]"},
		{"tactic PreAttack", repl("  - Reconnaissance", "  - PreAttack"), LevelWarning, "tactic", "use Reconnaissance or ResourceDevelopment", "  - PreAttack", "tactics[0]"},
		{"tactic duplicate", repl("  - Reconnaissance", "  - Reconnaissance\n  - Reconnaissance"), LevelWarning, "duplicate", "listed twice", "  - Reconnaissance\n  - Reconnaissance", "tactics[1]"},
		{"technique format", repl("  - T1596", "  - T15960"), LevelError, "technique-format", `invalid technique "T15960"; expected T#### or T####.###`, "  - T15960", "relevantTechniques[0]"},
		{"technique without tactic", repl("  - T1596", "  - T1596\n  - T1059.001"), LevelError, "technique-tactic", "no valid tactic corresponding to the technique T1059.001 was provided in the tactics field; add Execution", "  - T1059.001", "relevantTechniques[1]"},
		{"technique with no tactics at all", repl("tactics:\n  - Reconnaissance\n", ""), LevelError, "technique-tactic", "technique T1596 was provided", "  - T1596", "relevantTechniques[0]"},
		{"technique unknown", repl("  - T1596", "  - T1596\n  - T1999"), LevelWarning, "technique-unknown", "T1999 is not in reconwatch's technique-to-tactic table", "  - T1999", "relevantTechniques[1]"},

		// requiredDataConnectors
		{"connector without dataTypes", repl("    dataTypes:\n      - DeviceNetworkEvents\n", ""), LevelError, "connector", "dataTypes is required", "  - connectorId", "requiredDataConnectors[0].dataTypes"},
		{"connector without connectorId", repl("  - connectorId: MicrosoftThreatProtection\n    dataTypes:", "  - dataTypes:"), LevelError, "connector", "connectorId is required", "  - dataTypes:", "requiredDataConnectors[0].connectorId"},
		{"connector data type not in query", repl("      - DeviceNetworkEvents\n", "      - DeviceNetworkEvents\n      - DeviceProcessEvents\n"), LevelWarning, "connector", "does not mention data type DeviceProcessEvents", "- DeviceProcessEvents", "requiredDataConnectors[0].dataTypes[1]"},
		{"connectors not a list", repl("requiredDataConnectors:\n  - connectorId: MicrosoftThreatProtection\n    dataTypes:\n      - DeviceNetworkEvents\n", "requiredDataConnectors: MicrosoftThreatProtection\n"), LevelError, "type", "expected a list, found a scalar", "requiredDataConnectors:", "requiredDataConnectors"},

		// entityMappings
		{"no entity mappings", repl(baseEntities, "entityMappings: []\n"), LevelError, "entity-count", "entityMappings has 0 entries; it must have 1 to 10", "entityMappings: []", "entityMappings"},
		{"eleven entity mappings", repl(baseEntities, entityList(11)), LevelError, "entity-count", "entityMappings has 11 entries", "entityMappings:", "entityMappings"},
		{"four field mappings", repl("        columnName: AccountDomain\n", "        columnName: AccountDomain\n      - identifier: Sid\n        columnName: AccountName\n      - identifier: UPNSuffix\n        columnName: AccountDomain\n"), LevelError, "field-mapping-count", "entity Account has 4 fieldMappings; it must have 1 to 3", "  - entityType: Account\n    fieldMappings:", "entityMappings[1].fieldMappings"},
		{"zero field mappings", repl("    fieldMappings:\n      - identifier: HostName\n        columnName: DeviceName\n", "    fieldMappings: []\n"), LevelError, "field-mapping-count", "entity Host has 0 fieldMappings", "    fieldMappings: []", "entityMappings[0].fieldMappings"},
		{"invalid entity type", repl("entityType: Host", "entityType: Hostname"), LevelError, "entity-type", `invalid entityType "Hostname"; did you mean "Host"?`, "entityType: Hostname", "entityMappings[0].entityType"},
		{"invalid identifier", repl("identifier: NTDomain", "identifier: Domain"), LevelError, "identifier", `invalid identifier "Domain" for entity type Account; valid identifiers are: Name, FullName, NTDomain`, "identifier: Domain", "entityMappings[1].fieldMappings[1].identifier"},
		{"duplicate identifier", repl("identifier: NTDomain", "identifier: Name"), LevelError, "identifier-duplicate", "identifier Name is mapped more than once", "        columnName: AccountName\n      - identifier: Name", "entityMappings[1].fieldMappings[1].identifier"},
		{"no required identifier", repl("      - identifier: Name\n        columnName: AccountName\n", ""), LevelError, "required-identifiers", "entity Account maps none of its required identifier sets; map one of: FullName; Sid; Name; AadUserId; PUID; ObjectGuid", "  - entityType: Account\n    fieldMappings:", "entityMappings[1].fieldMappings"},
		{"bad column name", repl("columnName: DeviceName", "columnName: Device-Name"), LevelError, "column-name", `columnName "Device-Name" is invalid`, "columnName: Device-Name", "entityMappings[0].fieldMappings[0].columnName"},
		{"entity column not in result", repl("columnName: DeviceName", "columnName: Computer"), LevelError, "column-missing", `entity Host HostName column "Computer" is not a column of the query result`, "columnName: Computer", "entityMappings[0].fieldMappings[0].columnName"},
		{"old custom entity column", repl("  | summarize", "  | extend AccountCustomEntity = AccountName\n  | summarize"), LevelError, "old-entity-mapping", `an old mapping for entity "AccountCustomEntity" does not have a matching new mapping entry`, "query: |", "query"},

		// customDetails
		{"too many custom details", repl("customDetails:\n  Count: Count\n", manyDetails(21)), LevelError, "custom-details-count", "customDetails has 21 entries; the maximum is 20", "customDetails:", "customDetails"},
		{"custom detail key too long", repl("  Count: Count", "  ThisKeyIsLongerThanTwenty: Count"), LevelError, "custom-details-key", "is 25 characters long; the maximum is 20", "ThisKeyIsLonger", "customDetails.ThisKeyIsLongerThanTwenty"},
		{"custom detail key bad start", repl("  Count: Count", "  _Count: Count"), LevelError, "custom-details-key", `customDetails key "_Count" is invalid`, "  _Count", "customDetails._Count"},
		{"custom detail value expression", repl("  Count: Count", "  Count: tostring(Count)"), LevelError, "custom-details-value", "must be a bare column name", "  Count: tostring", "customDetails.Count"},
		{"custom detail column not in result", repl("  Count: Count", "  Count: Total"), LevelError, "column-missing", `customDetails Count column "Total" is not a column of the query result`, "  Count: Total", "customDetails.Count"},
		{"custom details duplicate key", repl("  Count: Count", "  Count: Count\n  Count: DeviceName"), LevelError, "duplicate-key", `key "Count" is defined more than once`, "  Count: DeviceName", "customDetails.Count"},

		// alertDetailsOverride
		{"display name 4 placeholders", repl("alertDisplayNameFormat: Recon from {{DeviceName}}", "alertDisplayNameFormat: '{{DeviceName}} {{AccountName}} {{AccountDomain}} {{Count}}'"), LevelError, "placeholder-count", "alertDisplayNameFormat has 4 {{column}} placeholders; the maximum is 3", "alertDisplayNameFormat", "alertDetailsOverride.alertDisplayNameFormat"},
		{"description 4 placeholders", repl("alertDescriptionFormat: '{{Count}} events'", "alertDescriptionFormat: '{{Count}} {{Count}} {{Count}} {{Count}}'"), LevelError, "placeholder-count", "alertDescriptionFormat has 4 {{column}} placeholders", "alertDescriptionFormat", "alertDetailsOverride.alertDescriptionFormat"},
		{"display name too long", repl("alertDisplayNameFormat: Recon from {{DeviceName}}", "alertDisplayNameFormat: "+long(257)), LevelError, "alert-details", "alertDisplayNameFormat is 257 characters long; it must be 1 to 256", "alertDisplayNameFormat", "alertDetailsOverride.alertDisplayNameFormat"},
		{"description format too long", repl("alertDescriptionFormat: '{{Count}} events'", "alertDescriptionFormat: "+long(5001)), LevelError, "alert-details", "alertDescriptionFormat is 5001 characters long; it must be 1 to 5000", "alertDescriptionFormat", "alertDetailsOverride.alertDescriptionFormat"},
		{"display name empty", repl("alertDisplayNameFormat: Recon from {{DeviceName}}", "alertDisplayNameFormat: '  '"), LevelError, "alert-details", "alertDisplayNameFormat must not be empty", "alertDisplayNameFormat", "alertDetailsOverride.alertDisplayNameFormat"},
		{"placeholder column not in result", repl("{{DeviceName}}", "{{Devicename}}"), LevelError, "column-missing", `alertDisplayNameFormat placeholder column "Devicename" is not a column of the query result; did you mean "DeviceName"?`, "alertDisplayNameFormat", "alertDetailsOverride.alertDisplayNameFormat"},
		{"severity column not in result", repl("  alertDescriptionFormat: '{{Count}} events'", "  alertDescriptionFormat: '{{Count}} events'\n  alertSeverityColumnName: Severity"), LevelError, "column-missing", `alertSeverityColumnName column "Severity" is not a column`, "alertSeverityColumnName", "alertDetailsOverride.alertSeverityColumnName"},
		{"severity column not a string", repl("  alertDescriptionFormat: '{{Count}} events'", "  alertDescriptionFormat: '{{Count}} events'\n  alertSeverityColumnName: SevNum"), LevelWarning, "column-type", "alertSeverityColumnName column SevNum is long; Sentinel expects a string", "alertSeverityColumnName", "alertDetailsOverride.alertSeverityColumnName"},
		{"dynamic property invalid", repl("  alertDescriptionFormat: '{{Count}} events'", "  alertDescriptionFormat: '{{Count}} events'\n  alertDynamicProperties:\n    - alertProperty: Link\n      value: DeviceName"), LevelError, "alert-details", `invalid alertProperty "Link"`, "alertProperty: Link", "alertDetailsOverride.alertDynamicProperties[0].alertProperty"},
		{"alert details unknown key", repl("  alertDescriptionFormat: '{{Count}} events'", "  alertDescriptionFormat: '{{Count}} events'\n  alertDisplayNameFromat: x"), LevelWarning, "unknown-key", `unknown key "alertDisplayNameFromat"; did you mean "alertDisplayNameFormat"?`, "alertDisplayNameFromat", "alertDetailsOverride.alertDisplayNameFromat"},

		// eventGroupingSettings
		{"aggregation kind invalid", repl("aggregationKind: AlertPerResult", "aggregationKind: PerResult"), LevelError, "event-grouping", `invalid aggregationKind "PerResult"; expected SingleAlert or AlertPerResult`, "aggregationKind: PerResult", "eventGroupingSettings.aggregationKind"},
		{"aggregation kind missing", repl("eventGroupingSettings:\n  aggregationKind: AlertPerResult", "eventGroupingSettings: {}"), LevelError, "required", "aggregationKind is required", "eventGroupingSettings: {}", "eventGroupingSettings.aggregationKind"},

		// incidentConfiguration
		{"createIncident missing", repl("  createIncident: true\n", ""), LevelError, "incident-config", "createIncident is required", "incidentConfiguration:", "incidentConfiguration.createIncident"},
		{"createIncident not a bool", repl("createIncident: true", "createIncident: yes please"), LevelError, "type", `expected true or false, found "yes please"`, "createIncident:", "incidentConfiguration.createIncident"},
		{"matching method invalid", repl("matchingMethod: Selected", "matchingMethod: Some"), LevelError, "incident-config", `invalid matchingMethod "Some"`, "matchingMethod: Some", "incidentConfiguration.groupingConfiguration.matchingMethod"},
		{"selected without groupBy", repl("    groupByEntities:\n      - Host\n", "    groupByEntities: []\n"), LevelError, "incident-config", "matchingMethod Selected needs at least one of", "matchingMethod: Selected", "incidentConfiguration.groupingConfiguration.matchingMethod"},
		{"lookback invalid", repl("lookbackDuration: PT5H", "lookbackDuration: 5 hours"), LevelError, "incident-config", "lookbackDuration: invalid duration", "lookbackDuration: 5 hours", "incidentConfiguration.groupingConfiguration.lookbackDuration"},
		{"lookback not ISO", repl("lookbackDuration: PT5H", "lookbackDuration: 5h"), LevelWarning, "duration-format", `lookbackDuration "5h" should be ISO 8601 (for example PT5H)`, "lookbackDuration: 5h", "incidentConfiguration.groupingConfiguration.lookbackDuration"},
		{"lookback missing", repl("    lookbackDuration: PT5H\n", ""), LevelError, "incident-config", "lookbackDuration is required", "groupingConfiguration:", "incidentConfiguration.groupingConfiguration.lookbackDuration"},
		{"group by unknown entity", repl("      - Host\n", "      - Server\n"), LevelError, "incident-config", `invalid entity type "Server" in groupByEntities`, "      - Server", "incidentConfiguration.groupingConfiguration.groupByEntities[0]"},
		{"group by unmapped entity", repl("      - Host\n", "      - Host\n      - IP\n"), LevelWarning, "incident-config", "groupByEntities lists IP, which entityMappings does not map", "      - IP", "incidentConfiguration.groupingConfiguration.groupByEntities[1]"},
		{"group by alert detail invalid", repl("groupByAlertDetails: []", "groupByAlertDetails: [Name]"), LevelError, "incident-config", `invalid groupByAlertDetails "Name"`, "groupByAlertDetails: [Name]", "incidentConfiguration.groupingConfiguration.groupByAlertDetails[0]"},
		{"group by custom detail unknown", repl("groupByCustomDetails: []", "groupByCustomDetails: [Total]"), LevelError, "incident-config", `groupByCustomDetails names "Total", which is not a customDetails key`, "groupByCustomDetails: [Total]", "incidentConfiguration.groupingConfiguration.groupByCustomDetails[0]"},

		// suppression
		{"suppression without duration", repl("version: 1.0.0", "suppressionEnabled: true\nversion: 1.0.0"), LevelError, "suppression", "suppressionEnabled is true but suppressionDuration is not set", "suppressionEnabled", "suppressionEnabled"},
		{"suppression duration not ISO", repl("version: 1.0.0", "suppressionEnabled: false\nsuppressionDuration: 5h\nversion: 1.0.0"), LevelWarning, "duration-format", `suppressionDuration "5h" should be ISO 8601 (for example PT5H)`, "suppressionDuration", "suppressionDuration"},
		{"suppression duration invalid", repl("version: 1.0.0", "suppressionDuration: soon\nversion: 1.0.0"), LevelError, "suppression", "suppressionDuration: invalid duration", "suppressionDuration", "suppressionDuration"},

		// version
		{"version not X.Y.Z", repl("version: 1.0.0", "version: 1.0"), LevelError, "version", `version "1.0" must be in format X.Y.Z`, "version: 1.0", "version"},
		{"version too long", repl("version: 1.0.0", "version: 1.0.000000000000000000"), LevelError, "version", "version is 22 characters long; the maximum is 20", "version: 1.0.0000", "version"},
		{"version missing", repl("version: 1.0.0\n", ""), LevelWarning, "version", "version is missing", "", "version"},

		// keys and types
		{"unknown top-level key", repl("kind: Scheduled", "kind: Scheduled\nenabled: true"), LevelWarning, "unknown-key", `unknown key "enabled"`, "Scheduled\nenabled: true", "enabled"},
		{"misspelled top-level key", repl("kind: Scheduled", "kind: Scheduled\ntactic: Recon"), LevelWarning, "unknown-key", `unknown key "tactic"; did you mean "tactics"?`, "tactic: Recon", "tactic"},
		{"duplicate top-level key", repl("severity: Medium", "severity: Medium\nseverity: High"), LevelError, "duplicate-key", `key "severity" is defined more than once`, "severity: High", "severity"},
		{"tactics not a list", repl("tactics:\n  - Reconnaissance\n", "tactics: Reconnaissance\n"), LevelError, "type", "expected a list, found a scalar", "tactics: Reconnaissance", "tactics"},
		{"query not a string", repl("query: |\n  DeviceNetworkEvents\n  | summarize Count = count() by DeviceName, AccountName, AccountDomain\n", "query:\n  - DeviceNetworkEvents\n"), LevelError, "type", "expected a string, found a list", "query:\n  - DeviceNetworkEvents", "query"},
		{"second document", func(s string) string { return s + "---\nid: x\n" }, LevelWarning, "multiple-documents", "only the first is read", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.mutate(baseYAML)
			r := mustParse(t, src, "rule.yaml")
			ds := Validate(r, stubChecker(baseColumns))
			want := 1
			if tc.at != "" {
				want = lineOf(t, src, tc.at)
			}
			var found *Diagnostic
			for i, d := range ds {
				if d.Code == tc.code && d.Level == tc.level && strings.Contains(d.Message, tc.msg) {
					found = &ds[i]
					break
				}
			}
			if found == nil {
				t.Fatalf("no %s %s %q; got:\n%s", tc.level, tc.code, tc.msg, ds)
			}
			if found.Line != want {
				t.Errorf("line = %d, want %d: %s", found.Line, want, found)
			}
			if tc.field != "" && found.Field != tc.field {
				t.Errorf("field = %q, want %q", found.Field, tc.field)
			}
			if found.File != "rule.yaml" || found.RuleID != r.ID || found.RuleName != r.Name {
				t.Errorf("diagnostic does not name file and rule: %+v", *found)
			}
			// No unrelated errors: every error is of the case's code.
			for _, d := range ds.Errors() {
				if d.Code != tc.code {
					t.Errorf("unexpected error: %s", d)
				}
			}
		})
	}
}

func TestValidateNRT(t *testing.T) {
	src := repl("kind: Scheduled", "kind: NRT")(baseYAML)
	src = repl("requiredDataConnectors:\n  - connectorId: MicrosoftThreatProtection\n    dataTypes:\n      - DeviceNetworkEvents\n", "")(src)
	r := mustParse(t, src, "nrt.yaml")
	ds := Validate(r, stubChecker(baseColumns))
	if ds.HasErrors() {
		t.Fatalf("NRT rule has errors:\n%s", ds)
	}
	var ignored []string
	for _, d := range ds {
		if d.Code == "nrt-ignored" {
			ignored = append(ignored, d.Field)
		}
	}
	if strings.Join(ignored, ",") != "queryFrequency,queryPeriod,triggerOperator,triggerThreshold" {
		t.Fatalf("nrt-ignored warnings for %v\n%s", ignored, ds)
	}
	// Without the schedule keys an NRT rule is clean.
	for _, k := range []string{"queryFrequency: 1h\n", "queryPeriod: 1h\n", "triggerOperator: gt\n", "triggerThreshold: 0\n"} {
		src = repl(k, "")(src)
	}
	r = mustParse(t, src, "nrt.yaml")
	if ds := Validate(r, stubChecker(baseColumns)); len(ds) != 0 {
		t.Fatalf("clean NRT rule has findings:\n%s", ds)
	}
	if !r.Triggered(1) || r.Triggered(0) {
		t.Fatal("NRT rules trigger on any result")
	}
}

func TestValidateDotNetTimeSpans(t *testing.T) {
	src := repl("queryFrequency: 1h", "queryFrequency: 01:00:00")(baseYAML)
	src = repl("queryPeriod: 1h", "queryPeriod: 14.00:00:00")(src)
	r := mustParse(t, src, "r.yaml")
	if ds := Validate(r, nil); len(ds) != 0 {
		t.Fatalf("findings:\n%s", ds)
	}
	if r.Frequency.String() != "1h0m0s" || r.Period.Hours() != 14*24 {
		t.Fatalf("parsed %v %v", r.Frequency, r.Period)
	}
}

func TestValidateSubTechniques(t *testing.T) {
	src := repl("  - T1596", "  - T1596\n  - T1596.001\n  - T1596.005")(baseYAML)
	if ds := Validate(mustParse(t, src, "r.yaml"), nil); len(ds) != 0 {
		t.Fatalf("findings:\n%s", ds)
	}
	// T1078 has four tactics; one listed is enough.
	src = repl("  - T1596", "  - T1596\n  - T1078.004")(baseYAML)
	src = repl("  - Reconnaissance", "  - Reconnaissance\n  - InitialAccess")(src)
	if ds := Validate(mustParse(t, src, "r.yaml"), nil); len(ds) != 0 {
		t.Fatalf("findings:\n%s", ds)
	}
}

func TestValidateQueryErrors(t *testing.T) {
	r := mustParse(t, baseYAML, "rule.yaml")
	// "summarize" on the second query line: offset of "summarize".
	off := strings.Index(r.Query, "summarize")
	ds := Validate(r, errChecker(&offsetError{off, "unknown operator"}, fmt.Errorf("plain failure")))
	var got []Diagnostic
	for _, d := range ds {
		if d.Code == "query" {
			got = append(got, d)
		}
	}
	if len(got) != 2 {
		t.Fatalf("want 2 query diagnostics, got:\n%s", ds)
	}
	qline := lineOf(t, baseYAML, "| summarize")
	for _, d := range got {
		switch d.Message {
		case "unknown operator":
			if d.Line != qline || d.Col != 5 {
				t.Errorf("positioned error at %d:%d, want %d:5", d.Line, d.Col, qline)
			}
		case "plain failure":
			if d.Line != lineOf(t, baseYAML, "  DeviceNetworkEvents") || d.Col != 3 {
				t.Errorf("plain error at %d:%d, want the query start", d.Line, d.Col)
			}
		default:
			t.Errorf("unexpected %s", d)
		}
	}
	// A failing query skips the column checks.
	for _, d := range ds {
		if d.Code == "column-missing" {
			t.Errorf("column check ran on a failing query: %s", d)
		}
	}
	// A panicking checker is reported, not propagated.
	ds = Validate(r, func(string) ([]table.Column, error) { panic("boom") })
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "panicked: boom") {
		t.Fatalf("panic not reported: %s", ds)
	}
}

func TestValidateCodeBuiltRule(t *testing.T) {
	tr := true
	r := &Rule{
		ID: "6f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10", Name: "n", Description: "d", Severity: "Low",
		Kind: KindScheduled, Query: "T | take 1", QueryFrequency: "5m", QueryPeriod: "5m",
		TriggerOperator: "gt", Version: "1.0.0",
		RequiredDataConnectors: []DataConnector{{ConnectorID: "X", DataTypes: []string{"T"}}},
		IncidentConfiguration:  &IncidentConfiguration{CreateIncident: &tr},
	}
	if ds := Validate(r, nil); len(ds) != 0 {
		t.Fatalf("findings:\n%s", ds)
	}
	r.AlertDetailsOverride = &AlertDetailsOverride{}
	ds := Validate(r, nil)
	if len(ds) != 1 || ds[0].Code != "alert-details" || ds[0].Line != 0 || ds[0].File != "" {
		t.Fatalf("got:\n%s", ds)
	}
	if !strings.HasPrefix(ds[0].String(), "<rule>: warning: alertDetailsOverride: alertDetailsOverride is empty [alert-details]") {
		t.Fatalf("String() = %q", ds[0].String())
	}
}

func TestValidateSet(t *testing.T) {
	a := mustParse(t, baseYAML, "a.yaml")
	b := mustParse(t, baseYAML, "b.yaml")
	ds := ValidateSet([]*Rule{a, b})
	if len(ds) != 2 || ds[0].File != "b.yaml" || !strings.Contains(ds.String(), "also used by a.yaml:1") {
		t.Fatalf("got:\n%s", ds)
	}
	if !ds.HasErrors() || len(ds.Warnings()) != 1 {
		t.Fatalf("levels wrong:\n%s", ds)
	}
}

func TestDiagnosticString(t *testing.T) {
	d := Diagnostic{File: "r.yaml", Line: 3, Col: 1, Field: "severity", RuleID: "x", RuleName: "n", Level: LevelError, Code: "severity", Message: "bad"}
	want := `r.yaml:3:1: error: severity: bad [severity] (rule "n" x)`
	if d.String() != want {
		t.Fatalf("%q != %q", d.String(), want)
	}
}
