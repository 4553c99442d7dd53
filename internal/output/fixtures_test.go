package output

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"reconwatch/internal/detect"
	"reconwatch/internal/table"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file (go test -update rewrites it)\n--- got:\n%s\n--- want:\n%s", name, got, want)
	}
}

func dt(s string) table.Value {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return table.NewDatetimeFromTime(t)
}

func ts(d time.Duration) table.Value { return table.NewTimespan(int64(d / 100)) }

func mustJSON(s string) table.Value {
	v, err := table.ParseJSON(s)
	if err != nil {
		panic(err)
	}
	return v
}

// resultFixture has a column of every type and rows with the awkward
// values of each.
func resultFixture() (table.Schema, [][]table.Value) {
	schema := table.Schema{
		{Name: "Flag", Type: table.Bool},
		{Name: "Count", Type: table.Int},
		{Name: "Bytes", Type: table.Long},
		{Name: "Score", Type: table.Real},
		{Name: "Amount", Type: table.Decimal},
		{Name: "Timestamp", Type: table.Datetime},
		{Name: "Duration", Type: table.Timespan},
		{Name: "CommandLine", Type: table.String},
		{Name: "DeviceId", Type: table.Guid},
		{Name: "AdditionalFields", Type: table.Dynamic},
	}
	day := 24 * time.Hour
	rows := [][]table.Value{
		{
			table.NewBool(true), table.NewInt(42), table.NewLong(9007199254740993), table.NewReal(3.14),
			table.NewDecimal(12.5), dt("2026-11-26T12:00:00Z"), ts(day + 2*time.Hour + 3*time.Minute + 4500*time.Millisecond),
			table.NewString(`powershell -c "Invoke-WebRequest https://example.com/a?b=1,2"`),
			table.NewGuid("6f1c3a52-0d2e-4c41-9a8b-1f2e3d4c5b6a"),
			mustJSON(`[1,"two",null,{"k":true}]`),
		},
		{
			table.NewBool(false), table.NewInt(-7), table.NewLong(-1), table.NewReal(math.NaN()),
			table.NewDecimal(1e20), dt("2026-11-26T12:00:00.1234567Z"), ts(-1500 * time.Millisecond),
			table.NewString("line1\nline2\r\nline3\ttabbed"),
			table.NewGuid("00000000-0000-0000-0000-000000000000"),
			mustJSON(`{"b":1,"a":[1,2.5],"s":"x\"y"}`),
		},
		{
			table.Null, table.Null, table.Null, table.NewReal(math.Inf(1)),
			table.Null, table.Null, ts(-3 * day),
			table.NewString("Zürich 東京 🔥 café"),
			table.Null,
			table.Null,
		},
		{
			table.NewBool(true), table.NewInt(0), table.NewLong(1234567890123), table.NewReal(math.Inf(-1)),
			table.NewDecimal(-0.000001), dt("1999-12-31T23:59:59.9999999Z"), ts(400*day + 30*time.Second),
			table.NewString("bad\xff\xfebytes \x1b[31mred\x1b[0m \u202Etxt.exe"),
			table.NewGuid("ffffffff-ffff-ffff-ffff-ffffffffffff"),
			table.NewArray(nil),
		},
		{
			table.NewBool(false), table.NewInt(2147483647), table.NewLong(math.MinInt64), table.NewReal(1e-7),
			table.NewDecimal(0), dt("2026-01-01T00:00:00.5Z"), ts(0),
			table.NewString(" a,b "),
			table.NewGuid("12345678-1234-1234-1234-123456789abc"),
			table.NewBag([]string{"url", "nested"}, []table.Value{
				table.NewString("https://very-long-host-name.example.org/path/to/a/resource/that/goes/on/and/on?query=string&more=yes"),
				mustJSON(`{"x":null,"y":[]}`),
			}),
		},
	}
	return schema, rows
}

var (
	runBase = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
)

// alertFixture has three alerts: a High one grouping two rows, a Medium
// one per result row, and a Medium one whose entities are incomplete and
// whose result lacks RiskScore and FirstSeen/LastSeen.
func alertFixture() ([]detect.Alert, detect.Summary) {
	reconSchema := table.Schema{
		{Name: "DeviceName", Type: table.String},
		{Name: "AccountDomain", Type: table.String},
		{Name: "AccountName", Type: table.String},
		{Name: "RequestCount", Type: table.Long},
		{Name: "UniqueOSINTDomains", Type: table.Long},
		{Name: "RiskScore", Type: table.Real},
		{Name: "Domains", Type: table.Dynamic},
		{Name: "FirstSeen", Type: table.Datetime},
		{Name: "LastSeen", Type: table.Datetime},
	}
	row1 := []table.Value{
		table.NewString("ws-fin-042"), table.NewString("CONTOSO"), table.NewString("jdoe"),
		table.NewLong(184), table.NewLong(23), table.NewReal(72.5),
		mustJSON(`["shodan.io","censys.io"]`),
		dt("2026-11-26T11:02:13Z"), dt("2026-11-26T11:58:40.25Z"),
	}
	rowA := []table.Value{
		table.NewString("srv-db-01"), table.NewString(""), table.NewString("svc_backup"),
		table.NewLong(1021), table.NewLong(57), table.NewReal(91),
		mustJSON(`["hunter.io"]`),
		dt("2026-11-26T08:10:00Z"), dt("2026-11-26T08:40:00Z"),
	}
	rowB := []table.Value{
		table.NewString("srv-db-01"), table.NewString(""), table.NewString("svc_backup"),
		table.NewLong(12), table.NewLong(3), table.NewReal(40),
		mustJSON(`["whois.domaintools.com"]`),
		dt("2026-11-26T08:05:10Z"), dt("2026-11-26T08:59:00Z"),
	}
	details := func(row []table.Value) []detect.Detail {
		return []detect.Detail{
			{Key: "RequestCount", Column: "RequestCount", Value: row[3]},
			{Key: "UniqueOSINTDomains", Column: "UniqueOSINTDomains", Value: row[4]},
			{Key: "RiskScore", Column: "RiskScore", Value: row[5]},
		}
	}
	alerts := []detect.Alert{
		{
			RuleID: "b6e2a4c0-5a7f-4d8e-9f10-0c1d2e3f4a5b", RuleName: "OSINT reconnaissance from workstation", RuleVersion: "1.2.0",
			AlertName:   "OSINT recon from ws-fin-042",
			Description: "jdoe queried 23 OSINT domains.",
			Severity:    "Medium", Confidence: "Medium",
			Tactics: []string{"Reconnaissance"}, Techniques: []string{"T1593", "T1596"},
			StartTime: runBase.Add(-time.Hour), EndTime: runBase, RunTime: runBase,
			Entities: []detect.Entity{
				{Type: "Host", Fields: []detect.Field{{Identifier: "HostName", Column: "DeviceName", Value: "ws-fin-042"}}},
				{Type: "Account", Fields: []detect.Field{
					{Identifier: "Name", Column: "AccountName", Value: "jdoe"},
					{Identifier: "NTDomain", Column: "AccountDomain", Value: "CONTOSO"},
				}},
			},
			CustomDetails: details(row1),
			Schema:        reconSchema,
			Rows:          [][]table.Value{row1},
		},
		{
			RuleID: "0f9e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c", RuleName: "OSINT reconnaissance from server", RuleVersion: "1.0.1",
			AlertName:   "Server srv-db-01 browsing OSINT sites",
			Description: "Servers should not browse.",
			Severity:    "High", Confidence: "High",
			Tactics: []string{"Reconnaissance", "Discovery"}, Techniques: []string{"T1593"},
			StartTime: runBase.Add(-4 * time.Hour), EndTime: runBase.Add(-3 * time.Hour), RunTime: runBase.Add(-3 * time.Hour),
			Entities: []detect.Entity{
				{Type: "Host", Fields: []detect.Field{{Identifier: "HostName", Column: "DeviceName", Value: "srv-db-01"}}},
				{Type: "Account", Fields: []detect.Field{
					{Identifier: "Name", Column: "AccountName", Value: "svc_backup"},
					{Identifier: "NTDomain", Column: "AccountDomain", Value: ""},
				}},
			},
			CustomDetails: []detect.Detail{
				{Key: "RequestCount", Column: "RequestCount", Value: table.NewLong(1033)},
				{Key: "UniqueOSINTDomains", Column: "UniqueOSINTDomains", Value: table.NewLong(57)},
			},
			Schema: reconSchema,
			Rows:   [][]table.Value{rowA, rowB},
		},
		{
			RuleID: "5c4b3a29-1807-4f6e-a5d4-c3b2a1908f7e", RuleName: "Suspicious DNS volume", RuleVersion: "",
			AlertName:   "DNS burst\tfrom unknown host",
			Description: "Host name missing in telemetry; see \x1b[1mresult\x1b[0m.",
			Severity:    "Medium", Confidence: "",
			Tactics: nil, Techniques: nil,
			StartTime: runBase.Add(-2 * time.Hour), EndTime: runBase.Add(-time.Hour), RunTime: runBase.Add(-time.Hour),
			Entities: []detect.Entity{
				{Type: "Host", Fields: []detect.Field{{Identifier: "HostName", Column: "DeviceName", Value: ""}}},
				{Type: "IP", Fields: []detect.Field{{Identifier: "Address", Column: "SrcIp", Value: "10.0.0.7"}}},
			},
			CustomDetails: []detect.Detail{
				{Key: "RequestCount", Column: "Queries", Value: table.NewLong(12)},
				{Key: "TopDomain", Column: "TopDomain", Value: table.NewString("pastebin.com")},
			},
			Schema: table.Schema{
				{Name: "SrcIp", Type: table.String},
				{Name: "Queries", Type: table.Long},
				{Name: "TopDomain", Type: table.String},
			},
			Rows: [][]table.Value{{table.NewString("10.0.0.7"), table.NewLong(12), table.NewString("pastebin.com")}},
		},
	}
	sum := detect.Summary{
		Runs: 288,
		From: runBase.Add(-6 * 24 * time.Hour), To: runBase,
		AlertsBySev:    map[string]int{"High": 1, "Medium": 2},
		RecordsRead:    map[string]int64{"DeviceNetworkEvents": 1204332, "DnsEvents": 88120},
		RecordsSkipped: map[string]int64{"DeviceNetworkEvents": 12},
		SkipReasons: []string{
			"DeviceNetworkEvents.json:7: invalid JSON: unexpected '}'",
			"DeviceNetworkEvents.json: 11 records without TimeGenerated",
		},
		OutOfRange: 5,
	}
	return alerts, sum
}
