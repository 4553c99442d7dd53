package sources

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reconwatch/internal/catalog"
	"reconwatch/internal/table"
)

func dt(t *testing.T, s string) table.Value {
	t.Helper()
	ticks, ok := table.ParseDatetime(s)
	if !ok {
		t.Fatalf("bad datetime %s", s)
	}
	return table.NewDatetime(ticks)
}

func openOne(t *testing.T, name, content string, opt Options, bind string) *Set {
	t.Helper()
	p := writeFile(t, t.TempDir(), name, content)
	s, err := Open([]Input{{Path: p, Table: bind}}, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func checkRows(t *testing.T, s *Set, tbl string, cols []string, want ...[]table.Value) {
	t.Helper()
	got, err := scanAll(t, s, tbl, cols)
	if err != nil {
		t.Fatal(err)
	}
	var ws []string
	for _, w := range want {
		ws = append(ws, rowText(w))
	}
	if strings.Join(got, "\n") != strings.Join(ws, "\n") {
		t.Errorf("rows:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(ws, "\n     "))
	}
}

// TestTyping: values are typed by the catalog schema, from CSV text and
// from JSON of any shape; failures become null and are counted.
func TestTyping(t *testing.T) {
	custom, err := catalog.Load(strings.NewReader(`{"T_CL": [["L","long"],["I","int"],["R","real"],["B","bool"],["D","datetime"],["S","timespan"],["G","guid"],["Y","dynamic"],["Str","string"],["Dec","decimal"]]}`))
	if err != nil {
		t.Fatal(err)
	}
	cat := catalog.Default()
	cat.Merge(custom)
	cols := []string{"L", "I", "R", "B", "D", "S", "G", "Y", "Str", "Dec"}
	csvText := "L,I,R,B,D,S,G,Y,Str,Dec,Type\n" +
		`443,443,1.5,True,2026-11-26T10:00:00Z,01:30:00,{6F9619FF-8B86-D011-B42D-00C04FC964FF},"{""a"":[1,""x""]}",hello,2.5,T_CL` + "\n" +
		`9223372036854775807,2147483648,abc,yes,not a date,xx,nope,plain text,-,,T_CL` + "\n" +
		`,,,,,,,,,,T_CL` + "\n" +
		`-,-,-,-,-,-,-,-,-,-,T_CL` + "\n" +
		`1e3,-5,NaN,0,2/21/2024, 2:15:33.123 PM,2.00:00:00,6f9619ff8b86d011b42d00c04fc964ff,42,  spaced  ,1,T_CL` + "\n"
	// The last row has an unquoted comma inside D: it has 12 fields and
	// is skipped; quote it to keep it.
	csvText = strings.Replace(csvText, "2/21/2024, 2:15:33.123 PM", `"2/21/2024, 2:15:33.123 PM"`, 1)
	jsonText := `{"Type":"T_CL","L":"443","I":443.0,"R":"1.5","B":true,"D":"2026-11-26 10:00:00","S":"01:30:00","G":"6F9619FF-8B86-D011-B42D-00C04FC964FF","Y":"{\"a\":[1,\"x\"]}","Str":"hello","Dec":2.5}
{"Type":"T_CL","L":1.5,"I":2147483648,"R":"abc","B":"yes","D":12345,"S":"xx","G":"nope","Y":"plain text","Str":"-","Dec":null}
{"Type":"T_CL"}
{"Type":"T_CL","L":null,"I":"","R":"-","B":null,"D":"","S":null,"G":"","Y":null,"Str":"","Dec":"-"}
{"Type":"T_CL","L":1e3,"I":-5,"R":"NaN","B":0,"D":"2024-02-21T14:15:33.123+00:00","S":"2.00:00:00","G":"6f9619ff8b86d011b42d00c04fc964ff","Y":42,"Str":"  spaced  ","Dec":1}
`
	g := table.NewGuid("6f9619ff-8b86-d011-b42d-00c04fc964ff")
	y, _ := table.ParseJSON(`{"a":[1,"x"]}`)
	nullRow := []table.Value{table.Null, table.Null, table.Null, table.Null, table.Null, table.Null, table.Null, table.Null, table.EmptyString, table.Null}
	for _, tc := range []struct {
		name, content string
		row2          []table.Value
		fails         map[string]int64
		failLine      string
	}{
		{"csv", csvText,
			[]table.Value{table.NewLong(9223372036854775807), table.Null, table.Null, table.Null, table.Null, table.Null, table.Null, table.NewString("plain text"), table.EmptyString, table.Null},
			map[string]int64{"I": 1, "R": 1, "B": 1, "D": 1, "S": 1, "G": 1}, ":3: column I (int): cannot convert \"2147483648\""},
		{"json", jsonText,
			[]table.Value{table.Null, table.Null, table.Null, table.Null, table.Null, table.Null, table.Null, table.NewString("plain text"), table.EmptyString, table.Null},
			map[string]int64{"L": 1, "I": 1, "R": 1, "B": 1, "D": 1, "S": 1, "G": 1}, ":2: column L (long): cannot convert 1.5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openOne(t, "in", tc.content, Options{Catalog: cat}, "")
			checkRows(t, s, "T_CL", cols,
				[]table.Value{table.NewLong(443), table.NewInt(443), table.NewReal(1.5), table.NewBool(true), dt(t, "2026-11-26T10:00:00Z"),
					table.NewTimespan(90 * table.TicksPerMinute), g, y, table.NewString("hello"), table.NewDecimal(2.5)},
				tc.row2,
				nullRow,
				nullRow,
				[]table.Value{table.NewLong(1000), table.NewInt(-5), table.NewReal(math.NaN()), table.NewBool(false), dt(t, "2024-02-21T14:15:33.123Z"),
					table.NewTimespan(2 * table.TicksPerDay), g, table.NewLong(42), table.NewString("  spaced  "), table.NewDecimal(1)},
			)
			ts := s.Stats().Tables[0]
			if len(ts.Failures) != len(tc.fails) {
				t.Errorf("failures: got %v, want %v", ts.Failures, tc.fails)
			}
			for k, v := range tc.fails {
				if ts.Failures[k] != v {
					t.Errorf("failures[%s]: got %d, want %d (%v)", k, ts.Failures[k], v, ts.Failures)
				}
			}
			if len(ts.FailureSamples) == 0 || !strings.HasSuffix(ts.FailureSamples[0], tc.failLine) {
				t.Errorf("samples: %v", ts.FailureSamples)
			}
			// A second scan of the same columns does not double the counts.
			scanAll(t, s, "T_CL", cols)
			if got := s.Stats().Tables[0].Failures; got["G"] != 1 {
				t.Errorf("after a second scan: %v", got)
			}
		})
	}
}

func TestTimestampAndTimeGenerated(t *testing.T) {
	content := `{"Type":"DeviceNetworkEvents","Timestamp":"2026-01-01T00:00:00Z"}
{"Type":"DeviceNetworkEvents","TimeGenerated":"2026-01-02T00:00:00Z"}
{"Type":"DeviceNetworkEvents","TimeGenerated":"2026-01-03T00:00:00Z","Timestamp":"2026-01-01T00:00:00Z"}
{"Type":"DeviceNetworkEvents","Timestamp":"2026-01-01T00:00:00Z","TimeGenerated":"2026-01-03T00:00:00Z"}
{"Type":"DeviceNetworkEvents"}
`
	s := openOne(t, "x.json", content, Options{}, "")
	checkRows(t, s, dne, []string{"TimeGenerated", "Timestamp"},
		[]table.Value{dt(t, "2026-01-01T00:00:00Z"), dt(t, "2026-01-01T00:00:00Z")},
		[]table.Value{dt(t, "2026-01-02T00:00:00Z"), dt(t, "2026-01-02T00:00:00Z")},
		[]table.Value{dt(t, "2026-01-03T00:00:00Z"), dt(t, "2026-01-01T00:00:00Z")},
		[]table.Value{dt(t, "2026-01-03T00:00:00Z"), dt(t, "2026-01-01T00:00:00Z")},
		[]table.Value{table.Null, table.Null},
	)
	// Only one of the two columns requested: the other still stands in.
	checkRows(t, s, dne, []string{"TimeGenerated"},
		[]table.Value{dt(t, "2026-01-01T00:00:00Z")},
		[]table.Value{dt(t, "2026-01-02T00:00:00Z")},
		[]table.Value{dt(t, "2026-01-03T00:00:00Z")},
		[]table.Value{dt(t, "2026-01-03T00:00:00Z")},
		[]table.Value{table.Null},
	)
	// A Sentinel table without Timestamp: TimeGenerated from Timestamp,
	// and Timestamp is not an unknown column.
	s = openOne(t, "y.json", `{"Timestamp":"2026-01-01T00:00:00Z","Computer":"a"}`, Options{}, "Heartbeat")
	checkRows(t, s, "Heartbeat", []string{"TimeGenerated", "Computer", "Type"},
		[]table.Value{dt(t, "2026-01-01T00:00:00Z"), table.NewString("a"), table.NewString("Heartbeat")})
	if u := s.Stats().Tables[0].Unknown; len(u) != 0 {
		t.Errorf("unknown: %v", u)
	}
}

func TestRealDefenderSample(t *testing.T) {
	p := "testdata/otrf_GoldenSAMLADFSMailAccess_Microsoft365DefenderEvents.json"
	s, err := Open([]Input{{Path: p, Table: "DeviceEvents"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := s.Stats()
	if f := st.Files[0]; f.Format != "ndjson" || f.Records != 9 || f.Tables["DeviceEvents"] != 9 {
		t.Errorf("file stats: %+v", f)
	}
	got, err := scanAll(t, s, "DeviceEvents", []string{"TimeGenerated", "ActionType", "ReportId", "InitiatingProcessId", "AdditionalFields", "Type"})
	if err != nil {
		t.Fatal(err)
	}
	af, _ := table.ParseJSON(`{"AttributeList":["objectClass"],"DistinguishedName":"CN=596f0e13-7a4b-49a1-a106-0cbcba66b065,CN=ADFS,CN=Microsoft,CN=Program Data,DC=simulandlabs,DC=com","ScopeOfSearch":"Base","SearchFilter":"(objectClass=*)"}`)
	want0 := rowText([]table.Value{dt(t, "2021-08-02T13:11:39.7724491Z"), table.NewString("LdapSearch"), table.NewLong(113597), table.NewLong(5692), af, table.NewString("DeviceEvents")})
	if len(got) != 9 || got[0] != want0 {
		t.Fatalf("rows (%d):\n got %s\nwant %s", len(got), got[0], want0)
	}
	last := rowText([]table.Value{dt(t, "2021-08-02T13:27:20Z"), table.NewString("Add delegated permission grant."), table.Null, table.Null, table.NewBag([]string{}, []table.Value{}), table.NewString("DeviceEvents")})
	if got[8] != last {
		t.Errorf("row 8:\n got %s\nwant %s", got[8], last)
	}
	ts := s.Stats().Tables[0]
	// The IdentityDirectoryEvents and CloudAppEvents rows carry string
	// ReportIds: four values that do not fit DeviceEvents' long column.
	if ts.Failures["ReportId"] != 4 {
		t.Errorf("failures: %v", ts.Failures)
	}
	if ts.Unknown["Application"] != 9 || ts.Unknown["ReportId_long"] != 0 || ts.Unknown["AdditionalFields_string"] != 0 {
		t.Errorf("unknown: %v", ts.Unknown)
	}
}

func TestFolderWalkAndStdin(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "b", "c"), 0o755)
	os.MkdirAll(filepath.Join(dir, ".hidden"), 0o755)
	writeFile(t, dir, "z.json", rec("z"))
	writeFile(t, dir, "a.csv", "DeviceName,Type\na,DeviceNetworkEvents\n")
	writeFile(t, filepath.Join(dir, "b"), "m.json", rec("m"))
	writeFile(t, filepath.Join(dir, "b", "c"), "k.json", rec("k"))
	writeFile(t, filepath.Join(dir, ".hidden"), "h.json", rec("h"))
	writeFile(t, dir, ".DS_Store", "\x00\x00\x00\x01Bud1")
	writeFile(t, dir, "README.md", "# notes\n")
	s, err := Open([]Input{{Path: dir, Table: dne}, {Path: "-", Table: dne}},
		Options{Stdin: strings.NewReader(rec("stdin") + "\n")})
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, s, dne, []string{"DeviceName"}, rowOf("a"), rowOf("k"), rowOf("m"), rowOf("z"), rowOf("stdin"))
	st := s.Stats()
	var names []string
	for _, f := range st.Files {
		names = append(names, filepath.Base(f.Path)+"="+f.Format)
	}
	if strings.Join(names, " ") != "README.md= a.csv=csv k.json=ndjson m.json=ndjson z.json=ndjson <stdin>=ndjson" {
		t.Errorf("files: %v", names)
	}
	if !strings.Contains(strings.Join(st.Warnings(), "\n"), "README.md: unrecognized format") {
		t.Errorf("warnings: %v", st.Warnings())
	}
	tmp := s.files[len(s.files)-1].path
	s.Close()
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("stdin copy not removed: %v", err)
	}
}

func TestKeepUnknownAndInferred(t *testing.T) {
	content := `{"Type":"DeviceNetworkEvents","DeviceName":"a","Extra":{"k":1},"InitiatingProcessUniqueId":7}
{"Type":"Custom_CL","Timestamp":"2026-01-01T00:00:00Z","Msg":"hi","N":5}
{"Type":"Custom_CL","Msg":"ho","N":6,"Flag":true}
`
	s := openOne(t, "x.json", content, Options{}, "")
	st := s.Stats()
	if u := st.Tables[1].Unknown; u["Extra"] != 1 || u["InitiatingProcessUniqueId"] != 1 {
		t.Errorf("unknown: %+v", st.Tables)
	}
	tb, _ := s.Table(dne)
	if tb.Schema().Index("Extra") >= 0 {
		t.Error("Extra kept without KeepUnknown")
	}
	cu, ok := s.Table("Custom_CL")
	if !ok || !st.Tables[0].Inferred {
		t.Fatalf("Custom_CL: %v %+v", ok, st.Tables[0])
	}
	if got := cu.Schema().String(); got != "(TimeGenerated:datetime, Type:string, Timestamp:datetime, Msg:dynamic, N:dynamic, Flag:dynamic)" {
		t.Errorf("inferred schema: %s", got)
	}
	checkRows(t, s, "Custom_CL", []string{"TimeGenerated", "Msg", "N", "Flag"},
		[]table.Value{dt(t, "2026-01-01T00:00:00Z"), table.NewString("hi"), table.NewLong(5), table.Null},
		[]table.Value{table.Null, table.NewString("ho"), table.NewLong(6), table.NewBool(true)})

	s = openOne(t, "x.json", content, Options{KeepUnknown: true}, "")
	tb, _ = s.Table(dne)
	sch := tb.Schema()
	if n := len(sch); sch[n-2].Name != "Extra" || sch[n-1].Name != "InitiatingProcessUniqueId" || sch[n-1].Type != table.Dynamic {
		t.Errorf("schema tail: %s", sch[n-2:])
	}
	bag, _ := table.ParseJSON(`{"k":1}`)
	checkRows(t, s, dne, []string{"DeviceName", "Extra"}, []table.Value{table.NewString("a"), bag})
	if c, _ := s.Catalog().Lookup(dne); len(c) != len(sch) {
		t.Errorf("Set.Catalog does not carry the extended schema")
	}
	// A catalog table with no data is an empty table; unknown names fail.
	if e, ok := s.Table("DeviceProcessEvents"); !ok || len(e.Schema()) == 0 {
		t.Error("empty catalog table missing")
	} else if rows, _ := scanAll(t, s, "DeviceProcessEvents", []string{"FileName"}); len(rows) != 0 {
		t.Errorf("rows from nowhere: %v", rows)
	}
	if _, ok := s.Table("NoSuchTable"); ok {
		t.Error("NoSuchTable found")
	}
}

func TestStreamingEnvelopeFields(t *testing.T) {
	content := `{"records":[{"time":"2026-01-01T00:00:05.1234567Z","tenantId":"t-1","operationName":"Publish","category":"AdvancedHunting-DeviceProcessEvents","properties":{"Timestamp":"2026-01-01T00:00:00.123456Z","FileName":"cmd.exe","ProcessId":42}},` +
		`{"time":"2026-01-01T00:00:06Z","tenantId":"t-1","category":"AdvancedHunting-DeviceNetworkEvents","properties":{"RemoteUrl":"crt.sh"}}]}`
	s := openOne(t, "x.json", content, Options{}, "")
	if got := s.Tables(); strings.Join(got, ",") != "DeviceNetworkEvents,DeviceProcessEvents" {
		t.Fatalf("tables: %v", got)
	}
	checkRows(t, s, "DeviceProcessEvents", []string{"TimeGenerated", "Timestamp", "TenantId", "FileName", "ProcessId", "Type"},
		[]table.Value{dt(t, "2026-01-01T00:00:00.123456Z"), dt(t, "2026-01-01T00:00:00.123456Z"), table.NewString("t-1"), table.NewString("cmd.exe"), table.NewLong(42), table.NewString("DeviceProcessEvents")})
	// No Timestamp in properties: the envelope time stands in.
	checkRows(t, s, dne, []string{"TimeGenerated", "RemoteUrl"},
		[]table.Value{dt(t, "2026-01-01T00:00:06Z"), table.NewString("crt.sh")})
}

func TestZeroColumnScanAndProgress(t *testing.T) {
	var n int64
	p := writeFile(t, t.TempDir(), "x.json", strings.Repeat(rec("a")+"\n", 3000))
	s, err := Open([]Input{{Path: p, Table: dne}}, Options{OnProgress: func(k int64) { n += k }})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := scanAll(t, s, dne, nil)
	if err != nil || len(rows) != 3000 {
		t.Errorf("zero-column scan: %d rows, %v", len(rows), err)
	}
	st, _ := os.Stat(p)
	if n != 2*st.Size() {
		t.Errorf("progress: %d bytes, want %d (Open + one scan)", n, 2*st.Size())
	}
}

func TestFileChangedBetweenOpenAndScan(t *testing.T) {
	p := writeFile(t, t.TempDir(), "x.json", rec("a")+"\n")
	s, err := Open([]Input{{Path: p, Table: dne}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(p, []byte(rec("a")+"\n"+rec("b")+"\n"), 0o644)
	_, err = scanAll(t, s, dne, []string{"DeviceName"})
	if err == nil || !strings.Contains(err.Error(), "file changed since it was opened") {
		t.Errorf("got %v", err)
	}
}

// TestInterleavedScans: a join scans one table twice at once.
func TestInterleavedScans(t *testing.T) {
	var sb strings.Builder
	for i := 0; i < 3000; i++ {
		sb.WriteString(rec(strings.Repeat("x", i%7)) + "\n")
	}
	s := openOne(t, "x.json", sb.String(), Options{}, dne)
	tb, _ := s.Table(dne)
	i1, _ := tb.Scan([]int{tb.Schema().Index("DeviceName")})
	i2, _ := tb.Scan([]int{tb.Schema().Index("RemotePort"), tb.Schema().Index("DeviceName")})
	b1, b2 := table.NewBatch(1), table.NewBatch(2)
	n1, n2 := 0, 0
	done := make(chan int)
	go func() {
		n := 0
		for i2.Next(b2) {
			n += b2.Len()
		}
		done <- n
	}()
	for i1.Next(b1) {
		n1 += b1.Len()
	}
	n2 = <-done
	if n1 != 3000 || n2 != 3000 || i1.Err() != nil || i2.Err() != nil {
		t.Errorf("rows %d %d, errors %v %v", n1, n2, i1.Err(), i2.Err())
	}
	i1.Close()
	i2.Close()
	s.Stats()
}
