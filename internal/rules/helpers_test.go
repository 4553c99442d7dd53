package rules

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"reconwatch/internal/table"
)

// baseYAML is a small valid Scheduled rule used by the validation tests;
// each case mutates it.
const baseYAML = `id: 6f3a2c1e-8d4b-4b8e-9a71-2f5c0d9e4b10
name: Test rule
description: A test rule.
severity: Medium
requiredDataConnectors:
  - connectorId: MicrosoftThreatProtection
    dataTypes:
      - DeviceNetworkEvents
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics:
  - Reconnaissance
relevantTechniques:
  - T1596
query: |
  DeviceNetworkEvents
  | summarize Count = count() by DeviceName, AccountName, AccountDomain
entityMappings:
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
customDetails:
  Count: Count
alertDetailsOverride:
  alertDisplayNameFormat: Recon from {{DeviceName}}
  alertDescriptionFormat: '{{Count}} events'
eventGroupingSettings:
  aggregationKind: AlertPerResult
incidentConfiguration:
  createIncident: true
  groupingConfiguration:
    enabled: true
    reopenClosedIncident: false
    lookbackDuration: PT5H
    matchingMethod: Selected
    groupByEntities:
      - Host
    groupByAlertDetails: []
    groupByCustomDetails: []
version: 1.0.0
kind: Scheduled
`

// baseColumns is what the stub checker says the base query returns.
var baseColumns = []table.Column{
	{Name: "DeviceName", Type: table.String},
	{Name: "AccountName", Type: table.String},
	{Name: "AccountDomain", Type: table.String},
	{Name: "Count", Type: table.Long},
	{Name: "Tac", Type: table.String},
	{Name: "Sev", Type: table.String},
	{Name: "SevNum", Type: table.Long},
}

func stubChecker(cols []table.Column) QueryChecker {
	return func(string) ([]table.Column, error) { return cols, nil }
}

// offsetError is a query error with a position, as the KQL engine's
// adapter would return.
type offsetError struct {
	off int
	msg string
}

func (e *offsetError) Error() string    { return e.msg }
func (e *offsetError) QueryOffset() int { return e.off }

func errChecker(errs ...error) QueryChecker {
	return func(string) ([]table.Column, error) { return nil, errors.Join(errs...) }
}

func mustParse(t testing.TB, src, name string) *Rule {
	t.Helper()
	r, err := Parse([]byte(src), name)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return r
}

// lineOf returns the 1-based line of the first line containing marker.
// A marker spanning lines gives the line where it ends.
func lineOf(t testing.TB, src, marker string) int {
	t.Helper()
	if strings.Contains(marker, "\n") {
		if i := strings.Index(src, marker); i >= 0 {
			return strings.Count(src[:i+len(marker)], "\n") + 1
		}
	}
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, marker) {
			return i + 1
		}
	}
	t.Fatalf("marker %q not found in:\n%s", marker, src)
	return 0
}

// modelOf returns the rule without its source information, for equality.
func modelOf(r *Rule) Rule {
	c := *r
	c.Src = Source{}
	c.Meta = nil
	return c
}

func sameModel(a, b *Rule) bool { return reflect.DeepEqual(modelOf(a), modelOf(b)) }

type diagKey struct {
	Level   Level
	Code    string
	Field   string
	Message string
}

func keys(ds Diagnostics) []diagKey {
	out := make([]diagKey, len(ds))
	for i, d := range ds {
		out[i] = diagKey{d.Level, d.Code, d.Field, d.Message}
	}
	return out
}
