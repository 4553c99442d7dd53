package sources

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"reconwatch/internal/table"
)

var fuzzSchema = table.Schema{
	{Name: "TimeGenerated", Type: table.Datetime}, {Name: "Timestamp", Type: table.Datetime},
	{Name: "DeviceName", Type: table.String}, {Name: "RemotePort", Type: table.Int},
	{Name: "ReportId", Type: table.Long}, {Name: "AdditionalFields", Type: table.Dynamic},
	{Name: "Ok", Type: table.Bool}, {Name: "R", Type: table.Real}, {Name: "G", Type: table.Guid},
	{Name: "S", Type: table.Timespan}, {Name: "TenantId", Type: table.String}, {Name: "Type", Type: table.String},
}

// FuzzJSONRecord feeds arbitrary bytes to the JSON scanner and the record
// decoder: nothing may panic, and whatever encoding/json accepts as one
// value the validating skip accepts whole.
func FuzzJSONRecord(f *testing.F) {
	for _, s := range []string{
		`{"TimeGenerated":"2026-01-01T00:00:00Z","DeviceName":"a\u00e9\"b","RemotePort":443,"ReportId_long":9007199254740993,"AdditionalFields":"{\"x\":[1,2]}"}`,
		`{"records":[{"category":"AdvancedHunting-X","tenantId":"t","time":"2026-01-01T00:00:00Z","properties":{"Ok":true,"R":1e5,"G":"{00000000-0000-0000-0000-000000000000}"}}]}`,
		`[1, "a", null, {"a": {"b": [true, false]}}]`,
		`{"a":`, `{"a" 1}`, `"\ud800"`, `{"S":"1.02:03:04.5","Timestamp":"bad"}`, "{\"\\u0041\":1}",
	} {
		f.Add([]byte(s))
	}
	t0 := &srcTable{name: "T", schema: fuzzSchema}
	cols := make([]int, len(fuzzSchema))
	for i := range cols {
		cols[i] = i
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var st []byte
		i := skipWS(b, 0)
		end, err := skipStrict(b, i, &st)
		if json.Valid(b) {
			if err != nil || skipWS(b, end) != len(b) {
				t.Fatalf("skipStrict rejects valid JSON %q: end %d, %v", b, end, err)
			}
		}
		if err == nil && (end == len(b) || isWS(b[end]) || b[end] == ',' || b[end] == '}' || b[end] == ']') {
			if e2, err2 := skipFast(b, i); err2 != nil || e2 != end {
				t.Fatalf("skipFast disagrees on %q: %d %v vs %d", b, e2, err2, end)
			}
		}
		var it objIter
		if it.start(b, i) == nil {
			for k := 0; k < 1000; k++ {
				_, done, err := it.next()
				if err != nil || done {
					break
				}
				if _, err := it.skip(); err != nil {
					break
				}
			}
		}
		d := newDecoder(t0, cols)
		d.setFile(&fileInfo{ftabs: []*fileTable{{}}}, -1)
		d.need = len(cols) // no key presence known: read everything
		for i := range d.present {
			d.present[i] = 0xffff
		}
		row := make([]table.Value, len(cols))
		err = d.record(b, recFlat, row)
		// Differential check against encoding/json for a string column.
		var m map[string]any
		if json.Valid(b) && json.Unmarshal(b, &m) == nil && bytes.Count(b, []byte(`"DeviceName"`)) == 1 {
			if err != nil {
				t.Fatalf("decoder rejects valid %q: %v", b, err)
			}
			if s, ok := m["DeviceName"].(string); ok && s != "" && s != "-" {
				if row[2].K != table.KString || row[2].S != s {
					t.Fatalf("DeviceName: got %q, encoding/json %q, input %q", row[2].S, s, b)
				}
			}
		}
		d.record(b, recStreaming, row)
		var w walker
		var src source
		src.fixed(b)
		w.reset(&src)
		for k := 0; k < 10000 && w.next() != uDone; k++ {
		}
		_ = unescape(nil, b)
	})
}

// FuzzSniff runs the whole pipeline on arbitrary files: sniffing, the
// first pass and a scan, lenient and strict. Nothing may panic.
func FuzzSniff(f *testing.F) {
	for _, s := range []string{
		"", "\x00\x01", "\xef\xbb\xbf{\"a\":1}\n", "\xff\xfe{\x00}\x00", "a,b\n1,2\n", "#TYPE x\n\"a\";\"b\"\n1;2\n",
		"[{\"Type\":\"DeviceNetworkEvents\",\"RemotePort\":\"443\"}]", "{\"Schema\":[],\"Results\":[{}]}",
		"{\"records\":[{\"category\":\"AdvancedHunting-DeviceNetworkEvents\",\"properties\":{}}]}\n{",
		"DeviceName,Type\n\"x\ny\",DeviceNetworkEvents\n", "{\"body\":{\"records\":[1]}}", "\x1f\x8b\x08",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		sniff(b, true)
		sniff(b, false)
		p := filepath.Join(dir, "in")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Skip()
		}
		for _, strict := range []bool{false, true} {
			s, err := Open([]Input{{Path: p, Table: "DeviceNetworkEvents"}}, Options{Strict: strict, KeepUnknown: true})
			if err != nil {
				if strict {
					continue // a file-level problem
				}
				t.Fatal(err)
			}
			s.Stats().Warnings()
			for _, name := range s.Tables() {
				tb, _ := s.Table(name)
				cols := make([]int, len(tb.Schema()))
				for i := range cols {
					cols[i] = i
				}
				it, err := tb.Scan(cols)
				if err != nil {
					t.Fatal(err)
				}
				batch := table.NewBatch(len(cols))
				for it.Next(batch) {
				}
				if err := it.Err(); err != nil && !strict {
					t.Fatalf("lenient scan failed: %v\ninput %q", err, b)
				}
				it.Close()
			}
			s.Close()
		}
	})
}
