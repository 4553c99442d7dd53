package detect

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"reconwatch/internal/kql/exec"
	"reconwatch/internal/kql/plan"
	"reconwatch/internal/rules"
	"reconwatch/internal/table"
)

var schema = table.Schema{{Name: "TimeGenerated", Type: table.Datetime}, {Name: "Host", Type: table.String}}

func events(times ...string) exec.MapTables {
	t := &table.MemTable{TableName: "E", Cols: schema}
	for _, s := range times {
		ticks, ok := table.ParseDatetime(s)
		if !ok {
			panic(s)
		}
		t.Rows = append(t.Rows, []table.Value{table.NewDatetime(ticks), table.NewString("h1")})
	}
	return exec.MapTables{"E": t}
}

func rule(t *testing.T, yaml string) *rules.Rule {
	t.Helper()
	r, err := rules.Parse([]byte(yaml), "r.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

const baseRule = `id: 11111111-2222-3333-4444-555555555555
name: Test rule
description: counts events per host
severity: Low
requiredDataConnectors: [{connectorId: X, dataTypes: [E]}]
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
kind: Scheduled
version: 1.0.0
entityMappings:
  - entityType: Host
    fieldMappings: [{identifier: HostName, columnName: Host}]
customDetails:
  Events: N
query: |
  E | where TimeGenerated > ago(1h) | summarize N = count() by Host
`

var cat = plan.MapCatalog{"E": schema}

// Replay runs the rule once per queryFrequency over the span of the data;
// windows do not overlap, so each event is counted once.
func TestReplayRunsPerHour(t *testing.T) {
	tables := events("2026-11-26T09:10:00Z", "2026-11-26T09:50:00Z", "2026-11-26T10:00:00Z", "2026-11-26T11:30:00Z", "2026-11-26T13:05:00Z")
	var runs []time.Time
	alerts, sum, err := Run(context.Background(), []*rules.Rule{rule(t, baseRule)}, tables, Options{Catalog: cat,
		OnRun: func(_ *rules.Rule, at time.Time, _ int) { runs = append(runs, at) }})
	if err != nil {
		t.Fatal(err)
	}
	// span 09:10..13:05 → runs at 10, 11, 12, 13, 14
	if sum.Runs != 5 || len(runs) != 5 || runs[0].Hour() != 10 || runs[4].Hour() != 14 {
		t.Fatalf("runs = %d %v", sum.Runs, runs)
	}
	total := 0
	for _, a := range alerts {
		total += int(a.CustomDetails[0].Value.I)
		if a.Severity != "Low" || len(a.Entities) != 1 || a.Entities[0].Fields[0].Value != "h1" {
			t.Errorf("alert = %+v", a)
		}
		if !a.EndTime.Equal(a.RunTime) || a.EndTime.Sub(a.StartTime) != time.Hour {
			t.Errorf("window = %v..%v", a.StartTime, a.EndTime)
		}
	}
	// 10:00:00 belongs to the run at 10:00 (window (09:00, 10:00]).
	if len(alerts) != 3 || total != 5 {
		t.Errorf("%d alerts counting %d events, want 3 alerts counting 5", len(alerts), total)
	}
	if sum.AlertsBySev["Low"] != 3 || sum.OutOfRange != 0 {
		t.Errorf("summary = %+v", sum)
	}
}

// --now evaluates one run; records outside its window are counted.
func TestSingleRun(t *testing.T) {
	tables := events("2026-11-26T09:10:00Z", "2026-11-26T09:50:00Z", "2026-11-26T11:30:00Z")
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	alerts, sum, err := Run(context.Background(), []*rules.Rule{rule(t, baseRule)}, tables, Options{Catalog: cat, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Runs != 1 || len(alerts) != 1 || alerts[0].CustomDetails[0].Value.I != 2 || sum.OutOfRange != 1 {
		t.Errorf("runs %d, alerts %d, summary %+v", sum.Runs, len(alerts), sum)
	}
}

// SingleAlert groups all result rows of a run into one alert; the trigger
// threshold applies to the number of rows.
func TestGroupingAndTrigger(t *testing.T) {
	tables := events("2026-11-26T09:10:00Z")
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	single := baseRule + "eventGroupingSettings:\n  aggregationKind: SingleAlert\n"
	alerts, _, err := Run(context.Background(), []*rules.Rule{rule(t, single)}, tables, Options{Catalog: cat, Now: now})
	if err != nil || len(alerts) != 1 {
		t.Fatalf("single: %v, %d alerts", err, len(alerts))
	}
	high := rule(t, baseRule)
	high.TriggerThreshold = 1 // one result row is not > 1
	alerts, _, err = Run(context.Background(), []*rules.Rule{high}, tables, Options{Catalog: cat, Now: now})
	if err != nil || len(alerts) != 0 {
		t.Errorf("threshold: %v, %d alerts", err, len(alerts))
	}
}

// A rule whose query does not compile fails before any data is read.
func TestCompileError(t *testing.T) {
	bad := rule(t, baseRule)
	bad.Query = "E | where Hots == 'x'"
	_, _, err := Run(context.Background(), []*rules.Rule{bad}, events(), Options{Catalog: cat})
	ce, ok := err.(*CompileError)
	if !ok || ce.Text == "" {
		t.Fatalf("err = %v", err)
	}
}

// Overlapping windows (queryPeriod > queryFrequency) count an event in
// every run whose window holds it, as Sentinel does; the shared pass and
// the pass-per-run fallback (forced by a self-join) agree.
func TestOverlappingWindowsAndFallback(t *testing.T) {
	tables := events("2026-11-26T09:10:00Z", "2026-11-26T10:20:00Z", "2026-11-26T10:40:00Z")
	twoHours := strings.Replace(baseRule, "queryPeriod: 1h", "queryPeriod: 2h", 1)
	twoHours = strings.Replace(twoHours, "ago(1h)", "ago(2h)", 1)
	count := func(r *rules.Rule) map[string]int64 {
		out := map[string]int64{}
		alerts, _, err := Run(context.Background(), []*rules.Rule{r}, tables, Options{Catalog: cat})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range alerts {
			out[a.RunTime.Format("15:04")] = a.CustomDetails[0].Value.I
		}
		return out
	}
	got := count(rule(t, twoHours))
	want := map[string]int64{"10:00": 1, "11:00": 3, "12:00": 2}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("shared pass: %v, want %v", got, want)
	}
	selfJoin := rule(t, twoHours)
	selfJoin.Query = "E | where TimeGenerated > ago(2h) | join kind=leftsemi (E | distinct Host) on Host | summarize N = count() by Host"
	if got := count(selfJoin); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("pass per run: %v, want %v", got, want)
	}
}

// Runs that stop reading early (take) or fail do not stall the shared pass.
func TestSharedPassEarlyStop(t *testing.T) {
	var times []string
	for h := 0; h < 6; h++ {
		for m := 0; m < 60; m += 1 {
			times = append(times, fmt.Sprintf("2026-11-26T%02d:%02d:30Z", 8+h, m))
		}
	}
	tables := events(times...)
	r := rule(t, baseRule)
	r.Query = "E | take 3 | summarize N = count() by Host"
	alerts, sum, err := Run(context.Background(), []*rules.Rule{r}, tables, Options{Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Runs != 6 || len(alerts) != 6 {
		t.Errorf("runs %d, alerts %d", sum.Runs, len(alerts))
	}
	for _, a := range alerts {
		if a.CustomDetails[0].Value.I != 3 {
			t.Errorf("take 3 counted %d", a.CustomDetails[0].Value.I)
		}
	}
}
