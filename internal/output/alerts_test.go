package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"reconwatch/internal/detect"
	"reconwatch/internal/table"
)

// alertKeys is the documented key order of WriteAlertsJSON.
var alertKeys = []string{"AlertName", "Severity", "Confidence", "Description", "Tactics", "Techniques",
	"StartTime", "EndTime", "RunTime", "Entities", "CustomDetails", "Result", "RuleId", "RuleName", "RuleVersion"}

func TestAlertsGolden(t *testing.T) {
	alerts, sum := alertFixture()
	var buf bytes.Buffer
	run := func(name string, f func() error) {
		t.Run(name, func(t *testing.T) {
			buf.Reset()
			if err := f(); err != nil {
				t.Fatal(err)
			}
			golden(t, name, buf.Bytes())
		})
	}
	run("alerts.json", func() error { return WriteAlertsJSON(&buf, alerts) })
	run("alerts.csv", func() error { return WriteAlertsCSV(&buf, alerts) })
	run("alerts.table", func() error { return WriteAlertsTable(&buf, alerts, sum, Options{}) })
	run("alerts_color.table", func() error { return WriteAlertsTable(&buf, alerts, sum, Options{Color: true}) })
	run("alerts_none.table", func() error {
		s := sum
		s.AlertsBySev = nil
		return WriteAlertsTable(&buf, nil, s, Options{})
	})
	// Without RequestCount/UniqueOSINTDomains the other custom details
	// become the count columns.
	run("alerts_details.table", func() error {
		other := []detect.Alert{alerts[2], alerts[2]}
		other[0].CustomDetails = []detect.Detail{
			{Key: "FailedLogons", Value: table.NewLong(40)},
			{Key: "TopDomain", Value: table.NewString("pastebin.com")},
		}
		other[1].CustomDetails = []detect.Detail{
			{Key: "SourceIPs", Value: mustJSON(`["10.0.0.7","10.0.0.9"]`)},
			{Key: "RiskScore", Value: table.NewString("55")},
		}
		other[1].Severity = "Low"
		return WriteAlertsTable(&buf, other, detect.Summary{}, Options{})
	})
}

func TestAlertsJSON(t *testing.T) {
	alerts, _ := alertFixture()
	var buf bytes.Buffer
	if err := WriteAlertsJSON(&buf, alerts); err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(buf.Bytes()) {
		t.Error("not valid UTF-8")
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(alerts) {
		t.Fatalf("%d lines for %d alerts", len(lines), len(alerts))
	}
	type entity map[string]string
	type alertJSON struct {
		AlertName     string
		StartTime     *string
		Tactics       []string
		Entities      []entity
		CustomDetails map[string]any
		Result        json.RawMessage
	}
	for i, l := range lines {
		if got, want := fmt.Sprint(jsonKeys(t, []byte(l))), fmt.Sprint(alertKeys); got != want {
			t.Errorf("alert %d keys %s, want %s", i, got, want)
		}
		var a alertJSON
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			t.Fatalf("alert %d: %v", i, err)
		}
		if a.Tactics == nil {
			t.Errorf("alert %d: Tactics is not an array", i)
		}
		switch i {
		case 0:
			if *a.StartTime != "2026-11-26T11:00:00.0000000Z" {
				t.Errorf("StartTime %q", *a.StartTime)
			}
			if got := fmt.Sprint(a.Entities); got != "[map[HostName:ws-fin-042 Type:Host] map[NTDomain:CONTOSO Name:jdoe Type:Account]]" {
				t.Errorf("entities %s", got)
			}
			if got := fmt.Sprint(jsonKeys(t, a.Result)); got != "[DeviceName AccountDomain AccountName RequestCount UniqueOSINTDomains RiskScore Domains FirstSeen LastSeen]" {
				t.Errorf("Result keys %s", got)
			}
			if a.CustomDetails["RequestCount"] != 184.0 {
				t.Errorf("custom details %v", a.CustomDetails)
			}
		case 1:
			// Empty identifiers are left out; two rows make an array.
			if got := fmt.Sprint(a.Entities); got != "[map[HostName:srv-db-01 Type:Host] map[Name:svc_backup Type:Account]]" {
				t.Errorf("entities %s", got)
			}
			var rows []map[string]any
			if err := json.Unmarshal(a.Result, &rows); err != nil || len(rows) != 2 {
				t.Errorf("Result is not an array of 2 rows: %s", a.Result)
			}
		case 2:
			// A Host with no identifiers is dropped.
			if got := fmt.Sprint(a.Entities); got != "[map[Address:10.0.0.7 Type:IP]]" {
				t.Errorf("entities %s", got)
			}
		}
	}
	// No rows: Result is null; zero times are null.
	buf.Reset()
	WriteAlertsJSON(&buf, []detect.Alert{{AlertName: "x"}})
	want := `{"AlertName":"x","Severity":"","Confidence":"","Description":"","Tactics":[],"Techniques":[],"StartTime":null,"EndTime":null,"RunTime":null,"Entities":[],"CustomDetails":{},"Result":null,"RuleId":"","RuleName":"","RuleVersion":""}` + "\n"
	if buf.String() != want {
		t.Errorf("empty alert:\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestAlertsCSV(t *testing.T) {
	alerts, _ := alertFixture()
	var buf bytes.Buffer
	if err := WriteAlertsCSV(&buf, alerts); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantHead := "[RunTime Severity AlertName RuleId Host Account RequestCount UniqueOSINTDomains RiskScore TopDomain StartTime EndTime]"
	if got := fmt.Sprint(recs[0]); got != wantHead {
		t.Errorf("header %s", got)
	}
	if len(recs) != 4 {
		t.Fatalf("%d records", len(recs))
	}
	if got := fmt.Sprint(recs[1][4:10]); got != `[ws-fin-042 CONTOSO\jdoe 184 23 72.5 ]` {
		t.Errorf("row 1 %s", got)
	}
	if got := fmt.Sprint(recs[3][4:10]); got != "[  12   pastebin.com]" {
		t.Errorf("row 3 %s", got)
	}
	if recs[1][0] != "2026-11-26T12:00:00.0000000Z" {
		t.Errorf("RunTime %q", recs[1][0])
	}
}

func TestAlertsTableOrder(t *testing.T) {
	at := func(h int) time.Time { return runBase.Add(time.Duration(h) * time.Hour) }
	mk := func(name, sev string, run time.Time, risk table.Value) detect.Alert {
		a := detect.Alert{AlertName: name, Severity: sev, RunTime: run}
		if !risk.IsNull() {
			a.CustomDetails = []detect.Detail{{Key: "RiskScore", Value: risk}}
		}
		return a
	}
	alerts := []detect.Alert{
		mk("low-no-risk", "Low", at(0), table.Null),
		mk("high-no-risk-late", "High", at(2), table.Null),
		mk("high-no-risk-early", "High", at(1), table.Null),
		mk("medium-risk-10", "Medium", at(0), table.NewLong(10)),
		mk("low-risk-90", "Low", at(0), table.NewReal(90)),
		mk("high-risk-10", "High", at(0), table.NewLong(10)),
		mk("risk-text-50", "Informational", at(0), table.NewString("50")),
	}
	var buf bytes.Buffer
	if err := WriteAlertsTable(&buf, alerts, detect.Summary{}, Options{NoHeader: true}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range strings.Split(buf.String(), "\n") {
		if f := strings.Fields(l); len(f) > 0 && strings.Contains(l, "-") && !strings.HasPrefix(l, "7 alerts") {
			got = append(got, f[len(f)-1])
		}
	}
	want := "[low-risk-90 risk-text-50 high-risk-10 medium-risk-10 high-no-risk-early high-no-risk-late low-no-risk]"
	if fmt.Sprint(got) != want {
		t.Errorf("order %v\nwant  %s\n%s", got, want, buf.String())
	}
	if !strings.Contains(buf.String(), "7 alerts: 3 High, 1 Medium, 2 Low, 1 Informational\n") {
		t.Errorf("count line missing:\n%s", buf.String())
	}
}

func TestAlertsTableTerminalSafe(t *testing.T) {
	alerts, sum := alertFixture()
	sum.SkipReasons = append(sum.SkipReasons, "evil\x1b]0;pwned\x07name")
	var buf bytes.Buffer
	WriteAlertsTable(&buf, alerts, sum, Options{})
	for i, c := range buf.Bytes() {
		if c < 0x20 && c != '\n' {
			t.Fatalf("control byte %#x at %d", c, i)
		}
	}
}

func TestHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", 45 * time.Second: "45s", 310 * time.Second: "5m 10s", 200 * time.Minute: "3h 20m",
		6 * 24 * time.Hour: "6d", 6*24*time.Hour + 4*time.Hour + 5*time.Minute: "6d 4h", time.Hour: "1h",
	} {
		if got := humanDuration(d); got != want {
			t.Errorf("humanDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestHeaderCase(t *testing.T) {
	for in, want := range map[string]string{
		"TopDomain": "TOP DOMAIN", "UniqueOSINTDomains": "UNIQUE OSINT DOMAINS", "failed_logons": "FAILED LOGONS", "IPs": "IPS",
	} {
		if got := headerCase(in); got != want {
			t.Errorf("headerCase(%q) = %q, want %q", in, got, want)
		}
	}
}
