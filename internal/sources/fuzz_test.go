package sources

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
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
		checkValidatingWalk(t, t0, cols, b)
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
// binding pass and a scan, lenient and strict. Nothing may panic, and a
// file bound at Open or by the scans gives the same outcome.
func FuzzSniff(f *testing.F) {
	for _, s := range []string{
		"", "\x00\x01", "\xef\xbb\xbf{\"a\":1}\n", "\xff\xfe{\x00}\x00", "a,b\n1,2\n", "#TYPE x\n\"a\";\"b\"\n1;2\n",
		"[{\"Type\":\"DeviceNetworkEvents\",\"RemotePort\":\"443\"}]", "{\"Schema\":[],\"Results\":[{}]}",
		"{\"records\":[{\"category\":\"AdvancedHunting-DeviceNetworkEvents\",\"properties\":{}}]}\n{",
		"DeviceName,Type\n\"x\ny\",DeviceNetworkEvents\n", "{\"body\":{\"records\":[1]}}", "\x1f\x8b\x08",
	} {
		f.Add([]byte(s))
	}
	for _, s := range pathInputs() {
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
		// Bound at Open or by the scans: the same outcome.
		for _, strict := range []bool{false, true} {
			for _, bind := range []string{"", "DeviceNetworkEvents"} {
				in := []Input{{Path: p, Table: bind}}
				opt := Options{Strict: strict}
				want := observe(t, in, opt, false).text()
				for _, h := range []int{16, 200} {
					var got string
					withHead(h, func() { got = observe(t, in, opt, false).text() })
					if d := diff(got, want); d != "" {
						t.Fatalf("head=%d strict=%v bind=%q: %s\ninput %q", h, strict, bind, d, b)
					}
				}
			}
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

// checkValidatingWalk: the validating walk accepts a record only when the
// binder's scanRecord does, and finds the same keys, Type, category and
// properties.
func checkValidatingWalk(t *testing.T, t0 *srcTable, cols []int, b []byte) {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return
	}
	s := &Set{opt: Options{Fallback: "T"}, tables: map[string]*srcTable{}}
	bd := newBinder(s, &fileInfo{}, &source{}, nil)
	end, container, err := bd.scanRecord(b, i)
	for _, kind := range []uint8{recFlat, recStreaming} {
		for _, decode := range []bool{false, true} {
			d := newDecoder(t0, cols)
			d.setAll()
			row := make([]table.Value, len(cols))
			vend, ok := d.vrecord(b, i, kind, row, decode)
			if !ok {
				continue
			}
			if err != nil || container || vend != end {
				t.Fatalf("validating walk accepts %q (end %d), scanRecord: end %d, container %v, %v", b, vend, end, container, err)
			}
			v := &d.v
			if string(v.typ) != string(bd.typ) || string(v.cat) != string(bd.cat) || (v.props > 0) != (bd.propS >= 0) {
				t.Fatalf("%q: walk found Type %q category %q props %d; scanRecord %q %q %d", b, v.typ, v.cat, v.props, bd.typ, bd.cat, bd.propS)
			}
			var got []string
			for _, x := range v.kseq {
				name := d.infos[x].name
				if d.infos[x].env {
					name = envPrefix + name
				}
				got = append(got, name)
			}
			if kind == recStreaming && v.props == 1 {
				bd.streamingKeys(b)
			}
			var want []string
			start := 0
			for _, e := range bd.keyEnds {
				want = append(want, string(bd.keyBuf[start:e]))
				start = e
			}
			if kind == recStreaming && v.props != 1 {
				continue
			}
			slices.Sort(got)
			slices.Sort(want)
			if kind == recFlat && !slices.Equal(got, want) || kind == recStreaming && !slices.Equal(got, want) {
				t.Fatalf("%q kind %d: walk keys %q, binder keys %q", b, kind, got, want)
			}
			// Reset the binder's keys for the next kind.
			bd.scanRecord(b, i)
		}
	}
}
