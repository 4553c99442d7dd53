package sources

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reconwatch/internal/table"
)

// event is one DeviceNetworkEvents record used to build every format.
type event struct {
	ts    string // Timestamp, 7 fractional digits
	dev   string
	act   string
	rip   string
	rport int // -1: null
	url   string
	cmd   string
	af    string // AdditionalFields JSON text, "" for none
	rid   int64
}

var events = []event{
	{"2023-10-18T14:37:28.2012260Z", "dcwin2016.lab.local", "ConnectionSuccess", "52.184.216.174", 443, "eu-v20.events.data.microsoft.com", `"MsSense.exe"`, "", 9007199254740993},
	{"2023-10-18T14:38:00.0000000Z", "mbp16", "DnsConnectionInspected", "10.0.0.1", 53, "", "", `{"direction":"Out","query":"shodan.io","answers":"[\"52.184.216.174\"]"}`, 2},
	{"2023-10-18T14:39:01.5000000Z", "ws-01", "ConnectionFailed", "198.51.100.7", -1, "api.shodan.io", "powershell.exe -c \"iwr https://api.shodan.io/?q=a\u0026b\"\nsecond line", "{}", 3},
	{"2023-10-18T14:40:00.1234560Z", "ws-01", "ListeningConnectionCreated", "", -1, "", `c:\windows\system32\svchost.exe -k netsvcs`, "", 4},
	{"2023-10-18T14:41:59.9999990Z", "ws-02", "ConnectionSuccess", "2001:db8::1", 8443, "crt.sh", "curl https://crt.sh/?q=%25.example.com", `{"tags":[],"n":1.5}`, 5},
}

func jstr(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// ahRecord renders an event as an Advanced Hunting result row.
// afMode: "string" (AH: JSON text in a string), "object", "absent".
func ahRecord(e event, timeKey string, afMode string, extra string) string {
	var sb strings.Builder
	sb.WriteString("{")
	sb.WriteString(jstr(timeKey) + ":" + jstr(e.ts))
	sb.WriteString(`,"DeviceName":` + jstr(e.dev))
	sb.WriteString(`,"ActionType":` + jstr(e.act))
	sb.WriteString(`,"RemoteIP":` + jstr(e.rip))
	if e.rport >= 0 {
		sb.WriteString(fmt.Sprintf(`,"RemotePort":%d`, e.rport))
	} else {
		sb.WriteString(`,"RemotePort":null`)
	}
	sb.WriteString(`,"RemoteUrl":` + jstr(e.url))
	sb.WriteString(`,"InitiatingProcessCommandLine":` + jstr(e.cmd))
	switch afMode {
	case "string":
		sb.WriteString(`,"AdditionalFields":` + jstr(e.af))
	case "object":
		if e.af == "" {
			sb.WriteString(`,"AdditionalFields":null`)
		} else {
			sb.WriteString(`,"AdditionalFields":` + e.af)
		}
	}
	sb.WriteString(fmt.Sprintf(`,"ReportId":%d`, e.rid))
	sb.WriteString(extra)
	sb.WriteString("}")
	return sb.String()
}

var apiSchema = `[{"Name":"Timestamp","Type":"DateTime"},{"Name":"DeviceName","Type":"String"},{"Name":"ActionType","Type":"String"},{"Name":"RemoteIP","Type":"String"},{"Name":"RemotePort","Type":"Int32"},{"Name":"RemoteUrl","Type":"String"},{"Name":"InitiatingProcessCommandLine","Type":"String"},{"Name":"AdditionalFields","Type":"String"},{"Name":"ReportId","Type":"Int64"}]`

func streamingRecord(e event) string {
	// Streaming: properties.Timestamp has 6 digits; envelope time 7.
	p := ahRecord(e, "Timestamp", "object", `,"MachineGroup":"UnassignedGroup","InitiatingProcessUniqueId":7`)
	p = strings.Replace(p, e.ts, e.ts[:len(e.ts)-2]+"Z", 1)
	return `{"time":"2023-10-18T15:00:00.1234567Z","tenantId":"11111111-2222-3333-4444-555555555555","operationName":"Publish","category":"AdvancedHunting-DeviceNetworkEvents","_TimeReceivedBySvc":"2023-10-18T15:00:00Z","properties":` + p + `}`
}

func csvExport(timeHeader string, withType bool) string {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	hdr := []string{timeHeader, "DeviceName", "ActionType", "RemoteIP", "RemotePort", "RemoteUrl", "InitiatingProcessCommandLine", "AdditionalFields", "ReportId", "LocalIPType"}
	if withType {
		hdr = append(hdr, "Type")
	}
	w.Write(hdr)
	for _, e := range events {
		port := ""
		if e.rport >= 0 {
			port = fmt.Sprint(e.rport)
		}
		rec := []string{e.ts, e.dev, e.act, e.rip, port, e.url, e.cmd, e.af, fmt.Sprint(e.rid), ""}
		if withType {
			rec = append(rec, "DeviceNetworkEvents")
		}
		w.Write(rec)
	}
	w.Flush()
	return buf.String()
}

// psExport renders the events as Windows PowerShell 5.1's Export-Csv
// does: a #TYPE line, every field quoted, CRLF, and a delimiter.
func psExport(delim string) string {
	q := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	var sb strings.Builder
	sb.WriteString("#TYPE System.Management.Automation.PSCustomObject\r\n")
	hdr := []string{"Timestamp", "DeviceName", "ActionType", "RemoteIP", "RemotePort", "RemoteUrl", "InitiatingProcessCommandLine", "AdditionalFields", "ReportId"}
	for i, h := range hdr {
		if i > 0 {
			sb.WriteString(delim)
		}
		sb.WriteString(q(h))
	}
	sb.WriteString("\r\n")
	for _, e := range events {
		port := ""
		if e.rport >= 0 {
			port = fmt.Sprint(e.rport)
		}
		for i, f := range []string{e.ts, e.dev, e.act, e.rip, port, e.url, e.cmd, e.af, fmt.Sprint(e.rid)} {
			if i > 0 {
				sb.WriteString(delim)
			}
			sb.WriteString(q(f))
		}
		sb.WriteString("\r\n")
	}
	return sb.String()
}

// formatCases builds the same events in every supported format. bound
// says whether the input needs --table DeviceNetworkEvents.
func formatCases() []struct {
	name, content, format string
	bound                 bool
} {
	var nd, arr, la, st, stLines []string
	for _, e := range events {
		nd = append(nd, ahRecord(e, "Timestamp", "string", ""))
		arr = append(arr, ahRecord(e, "Timestamp", "object", ""))
		la = append(la, ahRecord(e, "TimeGenerated", "object", `,"Type":"DeviceNetworkEvents","TenantId":"11111111-2222-3333-4444-555555555555"`))
		st = append(st, streamingRecord(e))
	}
	stLines = st
	pretty := func(s string) string {
		var out bytes.Buffer
		json.Indent(&out, []byte(s), "", "  ")
		return out.String()
	}
	return []struct {
		name, content, format string
		bound                 bool
	}{
		{"ndjson", strings.Join(nd, "\n") + "\n", "ndjson", true},
		{"ndjson-crlf-no-final-newline", strings.Join(nd, "\r\n"), "ndjson", true},
		{"json-array", "[" + strings.Join(arr, ",") + "]", "json-array", true},
		{"json-array-pretty", pretty("[" + strings.Join(arr, ",") + "]"), "json-array", true},
		{"pretty-objects", pretty(arr[0]) + "\n" + pretty(arr[1]) + pretty(arr[2]) + "\n\n" + pretty(arr[3]) + "\n" + pretty(arr[4]), "json", true},
		{"api-response", `{"Stats":{"ExecutionTime":0.1},"Schema":` + apiSchema + `,"Results":[` + strings.Join(nd, ",") + `]}`, "api-response-lines", true},
		{"api-response-pretty", pretty(`{"Schema":` + apiSchema + `,"Results":[` + strings.Join(nd, ",") + `]}`), "api-response", true},
		{"graph-response", pretty(`{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults","schema":` + strings.NewReplacer(`"Name":`, `"name":`, `"Type":`, `"type":`).Replace(apiSchema) + `,"results":[` + strings.Join(arr, ",") + `]}`), "graph-response", true},
		{"csv-portal", csvExport("Timestamp", false), "csv", true},
		{"csv-powershell", psExport(","), "csv", true},
		{"csv-semicolon", psExport(";"), "csv", true},
		{"tsv", strings.ReplaceAll(strings.ReplaceAll(psExport("\t"), "\r\n", "\n"), "\n\"", "\n\""), "csv", true},
		{"streaming-envelope-per-line", `{"records":[` + strings.Join(st[:2], ",") + "]}\n" + `{"records":[` + strings.Join(st[2:], ",") + "]}\n", "streaming-envelope-lines", false},
		{"streaming-envelope-pretty", pretty(`{"records":[` + strings.Join(st, ",") + "]}"), "streaming-envelope", false},
		{"streaming-envelopes-concatenated-one-line", `{"records":[` + strings.Join(st[:3], ",") + `]}{"records":[` + strings.Join(st[3:], ",") + "]}", "streaming-envelope-lines", false},
		{"streaming-storage-lines", strings.Join(stLines, "\r\n") + "\r\n", "ndjson", false},
		{"event-hub-body", `{"body":{"records":[` + strings.Join(st, ",") + `]},"x-opt-sequence-number":1}` + "\n", "event-hub-body-lines", false},
		{"log-analytics-ndjson", strings.Join(la, "\n"), "ndjson", false},
		{"log-analytics-array", "[\n" + strings.Join(la, ",\n") + "\n]", "json-array", false},
		{"log-analytics-csv", strings.Replace(csvExport("TimeGenerated [UTC]", true), "\ufeff", "", 1), "csv", false},
	}
}

var wantCols = []string{"TimeGenerated", "Timestamp", "DeviceName", "ActionType", "RemoteIP", "RemotePort", "RemoteUrl", "InitiatingProcessCommandLine", "AdditionalFields", "ReportId", "Type"}

func expectedRows(t *testing.T) []string {
	var out []string
	for _, e := range events {
		ticks, ok := table.ParseDatetime(e.ts)
		if !ok {
			t.Fatal(e.ts)
		}
		port := table.Null
		if e.rport >= 0 {
			port = table.NewInt(int64(e.rport))
		}
		af := table.Null
		if e.af != "" {
			v, err := table.ParseJSON(e.af)
			if err != nil {
				t.Fatal(err)
			}
			af = v
		}
		row := []table.Value{table.NewDatetime(ticks), table.NewDatetime(ticks), table.NewString(e.dev), table.NewString(e.act),
			table.NewString(e.rip), port, table.NewString(e.url), table.NewString(e.cmd), af, table.NewLong(e.rid), table.NewString("DeviceNetworkEvents")}
		out = append(out, rowText(row))
	}
	return out
}

func rowText(row []table.Value) string {
	var b []byte
	for i, v := range row {
		if i > 0 {
			b = append(b, " | "...)
		}
		b = append(b, fmt.Sprintf("%d:", v.K)...)
		b = table.AppendJSON(b, table.SortedBag(v))
	}
	return string(b)
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// scanAll reads the named columns of a table.
func scanAll(t *testing.T, s *Set, tbl string, cols []string) ([]string, error) {
	t.Helper()
	tb, ok := s.Table(tbl)
	if !ok {
		t.Fatalf("table %s missing; have %v", tbl, s.Tables())
	}
	sch := tb.Schema()
	var idx []int
	for _, c := range cols {
		i := sch.Index(c)
		if i < 0 {
			t.Fatalf("column %s not in %s", c, sch)
		}
		idx = append(idx, i)
	}
	it, err := tb.Scan(idx)
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	b := table.NewBatch(len(idx))
	var out []string
	for it.Next(b) {
		for r := 0; r < b.Len(); r++ {
			out = append(out, rowText(b.Row(r)))
		}
	}
	return out, it.Err()
}

func TestFormatsGiveIdenticalRows(t *testing.T) {
	want := expectedRows(t)
	for _, tc := range formatCases() {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := writeFile(t, dir, "input.dat", tc.content)
			in := Input{Path: p}
			if tc.bound {
				in.Table = "DeviceNetworkEvents"
			}
			s, err := Open([]Input{in}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			st := s.Stats()
			if got := st.Files[0].Format; got != tc.format {
				t.Errorf("format: got %q, want %q", got, tc.format)
			}
			if len(st.Skipped) > 0 {
				t.Errorf("skipped: %+v", st.Skipped)
			}
			got, err := scanAll(t, s, "DeviceNetworkEvents", wantCols)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("got %d rows, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("row %d:\n got %s\nwant %s", i, got[i], want[i])
				}
			}
			// Scanning twice gives the same rows (a join reads a table twice).
			again, err := scanAll(t, s, "DeviceNetworkEvents", wantCols)
			if err != nil || strings.Join(again, "\n") != strings.Join(got, "\n") {
				t.Errorf("second scan differs: %v", err)
			}
			for _, ts := range st.Tables {
				if len(ts.Failures) > 0 {
					t.Errorf("failures: %v %v", ts.Failures, ts.FailureSamples)
				}
			}
		})
	}
}

func TestGzipAndUTF16(t *testing.T) {
	want := expectedRows(t)
	var nd []string
	for _, e := range events {
		nd = append(nd, ahRecord(e, "Timestamp", "string", ""))
	}
	text := strings.Join(nd, "\n") + "\n"
	dir := t.TempDir()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(text))
	zw.Close()
	writeFile(t, dir, "a.gz", gz.String())
	// PowerShell 5.1 "Out-File": UTF-16LE with BOM, CRLF.
	u16 := []byte{0xff, 0xfe}
	for _, r := range strings.ReplaceAll(text, "\n", "\r\n") {
		if r > 0xffff {
			t.Fatal("test text outside the BMP")
		}
		u16 = append(u16, byte(r), byte(r>>8))
	}
	writeFile(t, dir, "b.json", string(u16))
	for _, name := range []string{"a.gz", "b.json"} {
		s, err := Open([]Input{{Path: filepath.Join(dir, name), Table: "DeviceNetworkEvents"}}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := scanAll(t, s, "DeviceNetworkEvents", wantCols)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: rows differ:\n%s", name, strings.Join(got, "\n"))
		}
		f := s.Stats().Files[0]
		t.Logf("%s: %+v", name, f)
		s.Close()
	}
}
