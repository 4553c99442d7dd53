package sources

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"reconwatch/internal/table"
)

// Open binds a file whole when it fits in its first read; otherwise it
// only finds the file's tables and the first scan (or Stats) binds it.
// testHead makes small files take the second way: both must give the
// same tables, rows, errors and Stats.

func withHead(n int, fn func()) {
	old := testHead
	testHead = n
	defer func() { testHead = old }()
	fn()
}

// pathInputs are inputs of every shape, good and bad.
func pathInputs() map[string]string {
	in := map[string]string{}
	for _, tc := range formatCases() {
		in[tc.name] = tc.content
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(strings.Repeat(rec("a")+"\n", 200)))
	zw.Close()
	in["gzip"] = gz.String()
	in["truncated-gzip"] = gz.String()[:gz.Len()-30]
	in["truncated-line"] = rec("a") + "\n" + `{"Timestamp":"2023-10-18T14:37:28Z","DeviceName":"b` + "\n" + rec("c") + "\n"
	in["syntax-error-line"] = rec("a") + "\n" + `{"Timestamp":"2023-10-18T14:37:28Z" "DeviceName":"b"}` + "\n" + rec("c") + "\n"
	in["garbage-line"] = rec("a") + "\nthis is not json\n" + rec("c") + "\n"
	in["truncated-last"] = rec("a") + "\n" + rec("b") + "\n" + `{"Timestamp":"2023-10-18T14:3`
	in["truncated-array"] = "[\n  " + rec("a") + ",\n  " + rec("b") + ",\n  {\"DeviceName\": \"c\",\n"
	in["array-syntax"] = "[\n  " + rec("a") + "\n  " + rec("b") + "\n]\n"
	in["array-scalars"] = "[" + rec("a") + `, 42, "x", ` + rec("b") + "]"
	in["csv-missing"] = "Timestamp,DeviceName,RemotePort\n2023-10-18T14:37:28Z,a,443\n2023-10-18T14:37:28Z,b\n2023-10-18T14:37:28Z,c,\"44\n3\"\n2023-10-18T14:37:28Z,d,1\n"
	in["csv-garbage"] = "DeviceName,RemotePort\n\"a\"x,1\nb,2\n"
	in["csv-unterminated"] = "DeviceName,RemotePort\na,1\n\"b,2\nc,3\n"
	in["csv-bad-first"] = "DeviceName,RemotePort\n\"a\"x,1\n\"b\"y,2\nc,3\nd,4,5\n"
	in["csv-type"] = "DeviceName,Type\na,DeviceNetworkEvents\nb,DeviceProcessEvents\nc,\n"
	in["bad-utf8"] = rec("a\xffb") + "\n" + rec("c") + "\n" + rec("d\xfe") + "\n"
	in["utf16"] = "\xff\xfe" + string(utf16le(strings.Repeat(rec("u")+"\r\n", 20)))
	in["mixed-types"] = strings.Repeat(rec("a")+"\n", 5) +
		`{"Type":"DeviceProcessEvents","FileName":"cmd.exe"}` + "\n" +
		strings.Repeat(`{"DeviceName":"x","Type":"DeviceNetworkEvents"}`+"\n", 5) +
		`{"DeviceName":"y","AdditionalFields":{"Type":"DeviceFileEvents"}}` + "\n" +
		`{"Type":"DeviceEvents","DeviceName":"z"}{"DeviceName":"w"}` + "\n" +
		`{"T\u0079pe":"DeviceLogonEvents","DeviceName":"esc"}` + "\n" +
		`{"Type":"DeviceImageLoadEvents","Type":5}` + "\n" +
		`{"Type":"","DeviceName":"empty type"}` + "\n" +
		`{"Type":"DeviceRegistryEvents","DeviceName":"bad" "x":1}` + "\n" +
		`{"records":[{"DeviceName":"in container"}],"Type":"DeviceInfo"}` + "\n" +
		`[{"DeviceName":"arr","Type":"DeviceNetworkInfo"}, 5]` + "\n"
	in["only-types"] = strings.Repeat(`{"DeviceName":"x","Type":"DeviceNetworkEvents"}`+"\n", 30)
	in["only-types-then-free"] = strings.Repeat(`{"DeviceName":"x","Type":"DeviceNetworkEvents"}`+"\n", 30) + rec("free") + "\n"
	in["types-shared-line"] = strings.Repeat(`{"DeviceName":"x","Type":"DeviceNetworkEvents"}`+"\n", 30) + rec("free") + `{"DeviceName":"x","Type":"DeviceNetworkEvents"}` + "\n"
	in["custom-late"] = strings.Repeat(rec("a")+"\n", 20) + `{"Type":"Custom_CL","Msg":"hi","N":1}` + "\n"
	in["streaming-lines"] = strings.Repeat(streamingRecord(events[0])+"\n", 10) +
		`{"time":"2023-10-18T15:00:00Z","category":"AdvancedHunting-DeviceProcessEvents","properties":{"FileName":"x.exe","Type":"nested"}}` + "\n" +
		`{"category":"AdvancedHunting-DeviceFileEvents","properties":5}` + "\n" +
		`{"category":"Other","Type":"DeviceEvents","properties":{"a":1}}` + "\n"
	in["doc-types"] = "[\n" + strings.Repeat(`  {"DeviceName":"x","Type":"DeviceNetworkEvents"},`+"\n", 20) + `  {"DeviceName":"y"}` + "\n]\n"
	in["doc-late-type"] = "[\n" + strings.Repeat(`  {"DeviceName":"x"},`+"\n", 20) + `  {"DeviceName":"y","Type":"DeviceEvents"}` + "\n]\n"
	in["duplicate-keys"] = strings.Repeat(`{"DeviceName":"a","RemotePort":"x","RemotePort":443,"DeviceName":"b"}`+"\n", 3)
	in["long-line"] = rec(strings.Repeat("L", 5000)) + "\n" + rec("s") + "\n"
	in["blank-lines"] = "\n\n" + rec("a") + "\n\n  \n" + rec("b") + "\n"
	in["not-records"] = rec("a") + "\n42\n\"s\"\n[1,2]\n" + rec("b") + "\n"
	in["bad-first-lines"] = "{\"a\":\n{\"b\":1 2}\n" + rec("a") + "\n"
	in["typing-csv"] = "L,I,Type\n443,x,T_CL\n"
	var nd, arr []string
	for i := 0; i < 12; i++ {
		for _, e := range events {
			nd = append(nd, ahRecord(e, "Timestamp", "string", ""))
			arr = append(arr, ahRecord(e, "Timestamp", "object", ""))
		}
	}
	pretty := func(s string) string {
		var out bytes.Buffer
		json.Indent(&out, []byte(s), "", "  ")
		return out.String()
	}
	in["api-response-big"] = pretty(`{"Stats":{"ExecutionTime":0.1},"Schema":` + apiSchema + `,"Results":[` + strings.Join(arr, ",") + `]}`)
	in["api-response-big-lines"] = `{"Schema":` + apiSchema + `,"Results":[` + strings.Join(nd, ",") + "]}\n" + `{"Schema":` + apiSchema + `,"Results":[` + strings.Join(nd[:3], ",") + "]}\n"
	in["api-response-typed-late"] = pretty(`{"Schema":` + apiSchema + `,"Results":[` + strings.Join(arr, ",") + `,{"Type":"DeviceEvents","DeviceName":"late"}]}`)
	var la []string
	for i := 0; i < 40; i++ {
		la = append(la, `{"TimeGenerated":"2026-01-01T00:00:00Z","DeviceName":"d`+fmt.Sprint(i)+`","AdditionalFields":{"Type":"Nested"},"Type":"DeviceNetworkEvents"}`)
	}
	in["la-array-nested-type"] = "[\n" + strings.Join(la, ",\n") + "\n]\n"
	in["la-ndjson-nested-type"] = strings.Join(la, "\n") + "\n"
	in["la-array"] = "[\n" + strings.Repeat(`{"TimeGenerated":"2026-01-01T00:00:00Z","DeviceName":"x","Type":"DeviceNetworkEvents"},`+"\n", 60) + `{"DeviceName":"last","Type":"DeviceNetworkEvents"}` + "\n]\n"
	in["la-array-late-free"] = "[\n" + strings.Repeat(`{"DeviceName":"x","Type":"DeviceNetworkEvents"},`+"\n", 60) + `{"DeviceName":"free"}` + "\n]\n"
	in["array-bad-values"] = "[\n" + strings.Repeat(`{"DeviceName":"x","RemotePort":"nope","Timestamp":"bad"},`+"\n", 30) + `{"DeviceName":"y","RemotePort":"x"}` + "\n]\n"
	in["array-late-escape"] = "[\n" + strings.Repeat(`{"DeviceName":"x"},`+"\n", 60) + `{"T\u0079pe":"DeviceEvents","DeviceName":"y"}` + "\n]\n"
	in["ndjson-body-late"] = strings.Repeat(rec("a")+"\n", 30) + `{"body":{"records":[{"DeviceName":"b"}]},"Type":"DeviceInfo"}` + "\n" + `{"records":[{"DeviceName":"c","Type":"DeviceEvents"}]}` + "\n"
	in["ndjson-many"] = strings.Repeat(rec("a")+"\n"+`{"DeviceName":"t","Type":"DeviceNetworkEvents","RemotePort":"x"}`+"\n", 1500)
	var tgz bytes.Buffer
	zw = gzip.NewWriter(&tgz)
	zw.Write([]byte("DeviceName,RemotePort\n" + strings.Repeat("a,1\n", 3000)))
	zw.Close()
	in["truncated-gzip-csv"] = tgz.String()[:tgz.Len()-20]
	var st []string
	for i := 0; i < 60; i++ {
		r := streamingRecord(events[i%len(events)])
		if i%2 == 1 {
			r = strings.Replace(r, "AdvancedHunting-DeviceNetworkEvents", "AdvancedHunting-DeviceProcessEvents", 1)
		}
		st = append(st, r)
	}
	in["streaming-envelope-big"] = `{"records":[` + strings.Join(st, ",\n") + "]}\n"
	in["streaming-envelope-late-new"] = `{"records":[` + strings.Join(st, ",\n") + ",\n" + strings.Replace(st[0], "DeviceNetworkEvents", "DeviceFileEvents", 1) + "]}\n"
	in["streaming-envelope-other-category"] = `{"records":[` + strings.Join(st, ",\n") + `,{"category":"Other","Type":"DeviceNetworkEvents","properties":{"DeviceName":"o"}}` + "]}\n"
	in["streaming-lines-big"] = strings.Join(st, "\n") + "\n"
	in["csv-big"] = "DeviceName,RemotePort\n" + strings.Repeat("a,1\nb,2\n", 300) + "c,\"x\ny\"\n"
	return in
}

func utf16le(s string) []byte {
	var out []byte
	for _, r := range s {
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

var batches = map[int]*table.Batch{}

// batchOf returns a batch of width w, reused across scans.
func batchOf(w int) *table.Batch {
	b := batches[w]
	if b == nil {
		b = table.NewBatch(w)
		batches[w] = b
	}
	return b
}

// outcome is everything a caller can observe.
type outcome struct {
	OpenErr string
	Tables  []string
	Schemas map[string]string
	Rows    map[string][]string
	ScanErr map[string]string
	Stats   Stats
	Before  *Stats // Stats called right after Open
}

func observe(t *testing.T, paths []Input, opt Options, statsFirst bool) outcome {
	return observeScans(t, paths, opt, statsFirst, false)
}

// observeScans: countFirst starts each table with a scan of no columns
// (a count), which then binds the files.
func observeScans(t *testing.T, paths []Input, opt Options, statsFirst, countFirst bool) outcome {
	t.Helper()
	var o outcome
	s, err := Open(paths, opt)
	if err != nil {
		o.OpenErr = err.Error()
		return o
	}
	defer s.Close()
	if statsFirst {
		st := s.Stats()
		o.Before = &st
	}
	o.Tables = s.Tables()
	o.Schemas, o.Rows, o.ScanErr = map[string]string{}, map[string][]string{}, map[string]string{}
	for _, name := range o.Tables {
		tb, _ := s.Table(name)
		o.Schemas[name] = tb.Schema().String()
		cols := make([]int, len(tb.Schema()))
		for i := range cols {
			cols[i] = i
		}
		if countFirst {
			it, _ := tb.Scan(nil)
			b := table.NewBatch(0)
			n := 0
			for it.Next(b) {
				n += b.Len()
			}
			it.Close()
			o.Rows[name+" count"] = []string{fmt.Sprint(n)}
		}
		for pass := 0; pass < 2; pass++ {
			it, err := tb.Scan(cols)
			if err != nil {
				t.Fatal(err)
			}
			b := batchOf(len(cols))
			var rows []string
			for it.Next(b) {
				for r := 0; r < b.Len(); r++ {
					rows = append(rows, rowText(b.Row(r)))
				}
			}
			if err := it.Err(); err != nil {
				o.ScanErr[name] = err.Error()
			}
			it.Close()
			if pass == 0 {
				o.Rows[name] = rows
			} else if strings.Join(rows, "\n") != strings.Join(o.Rows[name], "\n") {
				t.Errorf("%s: second scan differs", name)
			}
		}
	}
	o.Stats = s.Stats()
	return o
}

func (o outcome) text() string {
	b, _ := json.MarshalIndent(o, "", " ")
	return string(b)
}

func TestBindingPathsAgree(t *testing.T) {
	dir := t.TempDir()
	for name, content := range pathInputs() {
		p := writeFile(t, dir, strings.ReplaceAll(name, "/", "_"), content)
		for _, bind := range []string{"", dne} {
			for _, fallback := range []string{"", "DeviceProcessEvents"} {
				for _, strict := range []bool{false, true} {
					opt := Options{Strict: strict, Fallback: fallback}
					in := []Input{{Path: p, Table: bind}}
					label := fmt.Sprintf("%s/bind=%s/fallback=%s/strict=%v", name, bind, fallback, strict)
					want := observeScans(t, in, opt, false, true)
					want.Before = nil
					for _, h := range []int{40, 4096, 16384} {
						for _, first := range []bool{false, true} {
							if first && h != 40 {
								continue
							}
							var got outcome
							withHead(h, func() { got = observeScans(t, in, opt, first, h == 4096) })
							if h != 4096 {
								// No count scan: the rows must agree still.
								for k := range want.Rows {
									if strings.HasSuffix(k, " count") {
										got.Rows[k] = want.Rows[k]
									}
								}
							}
							if first {
								if got.Before == nil && got.OpenErr == "" {
									t.Fatalf("%s: no stats", label)
								}
								if got.Before != nil {
									after := got.Stats
									after.Tables = append([]TableStats(nil), after.Tables...)
									for i := range after.Tables {
										after.Tables[i].Failures, after.Tables[i].FailureSamples = map[string]int64{}, nil
									}
									b, _ := json.Marshal(got.Before)
									a, _ := json.Marshal(after)
									if !bytes.Equal(a, b) {
										t.Errorf("%s head=%d: Stats before the scans differ from after:\n%s\n%s", label, h, b, a)
									}
								}
								got.Before = nil
							}
							if d := diff(got.text(), want.text()); d != "" {
								t.Errorf("%s head=%d statsFirst=%v: %s", label, h, first, d)
							}
						}
					}
				}
			}
		}
	}
}

// TestBindingPathsFolder: several files, one bound at Open and others
// by the scans.
func TestBindingPathsFolder(t *testing.T) {
	dir := t.TempDir()
	i := 0
	for name, content := range pathInputs() {
		i++
		writeFile(t, dir, fmt.Sprintf("%02d-%s", i, name), content)
	}
	for _, strict := range []bool{false, true} {
		opt := Options{Strict: strict, Fallback: dne}
		in := []Input{{Path: dir}}
		want := observe(t, in, opt, false)
		var got outcome
		withHead(100, func() { got = observe(t, in, opt, false) })
		if d := diff(got.text(), want.text()); d != "" {
			t.Errorf("strict=%v: %s", strict, d)
		}
	}
	_ = filepath.Join
}

// diff describes the first difference between two texts.
func diff(got, want string) string {
	if got == want {
		return ""
	}
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			ctx := ""
			for j := max(0, i-3); j < i; j++ {
				ctx += "\n    " + w[j]
			}
			return fmt.Sprintf("line %d:%s\n got %s\nwant %s", i+1, ctx, a, b)
		}
	}
	return ""
}

// TestConcurrentBinding: scans of a file nothing has bound yet, and
// Stats, at once: every scan gets every row, the file is counted once.
func TestConcurrentBinding(t *testing.T) {
	var sb strings.Builder
	for i := 0; i < 3000; i++ {
		sb.WriteString(rec(fmt.Sprint("d", i%7)) + "\n")
		if i%500 == 0 {
			sb.WriteString("{bad\n")
		}
	}
	p := writeFile(t, t.TempDir(), "x.json", sb.String())
	withHead(1000, func() {
		s, err := Open([]Input{{Path: p, Table: dne}}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		tb, _ := s.Table(dne)
		col := tb.Schema().Index("DeviceName")
		counts := make(chan int, 4)
		for g := 0; g < 4; g++ {
			go func() {
				it, _ := tb.Scan([]int{col})
				b := table.NewBatch(1)
				n := 0
				for it.Next(b) {
					n += b.Len()
				}
				it.Close()
				counts <- n
			}()
		}
		st := s.Stats()
		for g := 0; g < 4; g++ {
			if n := <-counts; n != 3000 {
				t.Errorf("scan %d: %d rows", g, n)
			}
		}
		st2 := s.Stats()
		for _, st := range []Stats{st, st2} {
			if f := st.Files[0]; f.Records != 3006 || f.Skipped != 6 || st.Tables[0].Records != 3000 {
				t.Errorf("stats: %+v %+v", f, st.Tables[0])
			}
		}
	})
}
