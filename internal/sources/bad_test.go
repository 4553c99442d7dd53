package sources

import (
	"bytes"
	"compress/gzip"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"reconwatch/internal/table"
)

const dne = "DeviceNetworkEvents"

func rec(dev string) string {
	return `{"Timestamp":"2023-10-18T14:37:28Z","DeviceName":"` + dev + `","RemotePort":443}`
}

// TestBadInput checks each kind of bad input: the message (with file,
// line and column), what is skipped and what is still read.
func TestBadInput(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(strings.Repeat(rec("a")+"\n", 200)))
	zw.Close()
	truncGz := gz.String()[:gz.Len()-30]

	cases := []struct {
		name     string
		content  string
		devices  []string // DeviceName of the rows read
		reason   string   // Skip.Reason ("" = nothing skipped)
		count    int64
		msg      string // first sample, with "F" standing for the file name
		problem  string // FileStats.Problem
		invalid  int64  // FileStats.InvalidText
		strict   string // the strict scan's error ("" = none)
		minRows  int    // instead of devices: at least this many rows
		noFormat bool
	}{
		{
			name:    "truncated JSON line",
			content: rec("a") + "\n" + `{"Timestamp":"2023-10-18T14:37:28Z","DeviceName":"b` + "\n" + rec("c") + "\n",
			devices: []string{"a", "c"}, reason: "invalid JSON", count: 1,
			msg:    `F:2:52: invalid JSON record: the line ends before the record is complete (truncated?); the record is skipped`,
			strict: `F:2:52: invalid JSON record: the line ends before the record is complete (truncated?); the record is skipped`,
		},
		{
			name:    "syntax error in a line",
			content: rec("a") + "\n" + `{"Timestamp":"2023-10-18T14:37:28Z" "DeviceName":"b"}` + "\n" + rec("c") + "\n",
			devices: []string{"a", "c"}, reason: "invalid JSON", count: 1,
			msg: `F:2:37: invalid JSON record: expected ',' or '}', found '"'; the record is skipped`,
		},
		{
			name:    "garbage line",
			content: rec("a") + "\nthis is not json\n" + rec("c") + "\n",
			devices: []string{"a", "c"}, reason: "invalid JSON", count: 1,
			msg: `F:2:1: invalid JSON: expected a JSON value, found 't'; the rest of the line is skipped`,
		},
		{
			name:    "truncated last line",
			content: rec("a") + "\n" + rec("b") + "\n" + `{"Timestamp":"2023-10-18T14:3`,
			devices: []string{"a", "b"}, reason: "invalid JSON", count: 1,
			msg: `F:3:30: invalid JSON record: the line ends before the record is complete (truncated?); the record is skipped`,
		},
		{
			name:    "truncated pretty-printed array",
			content: "[\n  " + rec("a") + ",\n  " + rec("b") + ",\n  {\"DeviceName\": \"c\",\n",
			devices: []string{"a", "b"}, reason: "invalid JSON", count: 1,
			msg: `F:5:1: truncated JSON: the input ends inside a value; the rest of the file is skipped`,
		},
		{
			name:    "syntax error in a pretty-printed array",
			content: "[\n  " + rec("a") + "\n  " + rec("b") + "\n]\n",
			devices: []string{"a"}, reason: "invalid JSON", count: 1,
			msg: `F:3:3: invalid JSON: expected ',' or ']', found '{'; the rest of the file is skipped`,
		},
		{
			name:    "array element not an object",
			content: "[" + rec("a") + `, 42, "x", ` + rec("b") + "]",
			devices: []string{"a", "b"}, reason: "not a record", count: 2,
			msg: `F:1:74: expected a JSON object (a record), found a number`,
		},
		{
			name:    "CSV row with missing fields",
			content: "Timestamp,DeviceName,RemotePort\n2023-10-18T14:37:28Z,a,443\n2023-10-18T14:37:28Z,b\n2023-10-18T14:37:28Z,c,\"44\n3\"\n2023-10-18T14:37:28Z,d,1\n",
			devices: []string{"a", "c", "d"}, reason: "invalid CSV", count: 1,
			msg: `F:3: CSV record has 2 fields, expected 3 as in the header`,
		},
		{
			name:    "CSV garbage after a closing quote",
			content: "DeviceName,RemotePort\n\"a\"x,1\nb,2\n",
			devices: []string{"b"}, reason: "invalid CSV", count: 1,
			msg: `F:2:4: invalid CSV record: expected ',' or a line break after a closing quote, found 'x'`,
		},
		{
			name:    "CSV unterminated quote",
			content: "DeviceName,RemotePort\na,1\n\"b,2\nc,3\n",
			devices: []string{"a"}, reason: "invalid CSV", count: 1,
			msg: `F:3: invalid CSV record: quoted field opened on line 3 is not closed before the end of the file`,
		},
		{
			name:    "binary file",
			content: "\x7fELF\x02\x01\x01\x00\x00\x00garbage",
			reason:  "file", count: 1, noFormat: true,
			msg:     `F: binary data (NUL byte at offset 7); expected JSON or CSV text`,
			problem: `binary data (NUL byte at offset 7); expected JSON or CSV text`,
		},
		{
			name: "empty file", content: "", reason: "file", count: 1, noFormat: true,
			msg: `F: empty file`, problem: "empty file",
		},
		{
			name: "whitespace only", content: "\n\r\n  \n", reason: "file", count: 1, noFormat: true,
			msg: `F: empty file (only whitespace)`, problem: "empty file (only whitespace)",
		},
		{
			name: "unrecognized text", content: "Hello, world! This is a note.\nNot data.\n", reason: "file", count: 1, noFormat: true,
			msg: `F: unrecognized format: expected JSON (NDJSON, an array or an object) or CSV with a header row; the file starts with "Hello, world! This is a note."`,
		},
		{
			name: "UTF-32", content: "\xff\xfe\x00\x00{\x00\x00\x00", reason: "file", count: 1, noFormat: true,
			msg: `F: unsupported encoding UTF-32 (byte order mark ff fe 00 00); expected UTF-8 or UTF-16`,
		},
		{
			name:    "invalid UTF-8 is replaced and counted",
			content: rec("a\xffb") + "\n" + rec("c") + "\n",
			devices: []string{"a\ufffdb", "c"}, invalid: 1,
		},
		{
			name:    "truncated gzip",
			content: truncGz,
			reason:  "file", count: 1, minRows: 100,
			problem: "read error after ", // followed by a size and the gzip error
			msg:     "F: read error after * bytes of text: unexpected EOF",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := writeFile(t, dir, "in.json", tc.content)
			s, err := Open([]Input{{Path: p, Table: dne}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			st := s.Stats()
			fs := st.Files[0]
			if tc.problem != "" && !strings.HasPrefix(fs.Problem, tc.problem) {
				t.Errorf("problem: got %q, want %q", fs.Problem, tc.problem)
			}
			if fs.InvalidText != tc.invalid {
				t.Errorf("invalid text: got %d, want %d", fs.InvalidText, tc.invalid)
			}
			if tc.noFormat && fs.Format != "" {
				t.Errorf("format: got %q, want none", fs.Format)
			}
			var sk *Skip
			for i := range st.Skipped {
				sk = &st.Skipped[i]
			}
			switch {
			case tc.reason == "" && sk != nil:
				t.Errorf("unexpected skip: %+v", *sk)
			case tc.reason != "" && sk == nil:
				t.Errorf("nothing skipped, want %s", tc.reason)
			case sk != nil:
				if sk.Reason != tc.reason || sk.Count != tc.count {
					t.Errorf("skip: got %s x%d, want %s x%d", sk.Reason, sk.Count, tc.reason, tc.count)
				}
				want := strings.Replace(tc.msg, "F", p, 1)
				if pre, post, ok := strings.Cut(want, "*"); ok {
					if !strings.HasPrefix(sk.Samples[0], pre) || !strings.HasSuffix(sk.Samples[0], post) {
						t.Errorf("message:\n got %s\nwant %s", sk.Samples[0], want)
					}
				} else if tc.msg != "" && sk.Samples[0] != want {
					t.Errorf("message:\n got %s\nwant %s", sk.Samples[0], want)
				}
				if sk.Table != dne {
					t.Errorf("skip table: %q", sk.Table)
				}
				if tc.reason != "file" && fs.Skipped != tc.count {
					t.Errorf("FileStats.Skipped %d", fs.Skipped)
				}
			}
			if len(st.Warnings()) == 0 && (tc.reason != "" || tc.invalid > 0) {
				t.Error("no warnings")
			}
			got, err := scanAll(t, s, dne, []string{"DeviceName"})
			if err != nil {
				t.Fatalf("lenient scan failed: %v", err)
			}
			var want []string
			for _, d := range tc.devices {
				want = append(want, rowText(rowOf(d)))
			}
			if tc.minRows > 0 {
				if len(got) < tc.minRows {
					t.Errorf("got %d rows, want at least %d", len(got), tc.minRows)
				}
			} else if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("rows:\n got %v\nwant %v", got, want)
			}
			if tc.strict != "" {
				s2, err := Open([]Input{{Path: p, Table: dne}}, Options{Strict: true})
				if err != nil {
					t.Fatal(err)
				}
				_, err = scanAll(t, s2, dne, []string{"DeviceName"})
				var re *RecordError
				if !errors.As(err, &re) || err.Error() != strings.Replace(tc.strict, "F", p, 1) {
					t.Errorf("strict: got %v, want %s", err, tc.strict)
				}
			}
		})
	}
}

func TestUnboundRecords(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "x.json", rec("a")+"\n"+`{"Type":"DeviceNetworkEvents","DeviceName":"b"}`+"\n")
	s, err := Open([]Input{{Path: p}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := s.Stats()
	if len(st.Skipped) != 1 || st.Skipped[0].Reason != "no table" || st.Skipped[0].Count != 1 {
		t.Fatalf("skipped: %+v", st.Skipped)
	}
	want := p + `:1: record names no table (no Streaming API "category", no "Type" field) and its input has no table binding (--table NAME=PATH)`
	if st.Skipped[0].Samples[0] != want {
		t.Errorf("message:\n got %s\nwant %s", st.Skipped[0].Samples[0], want)
	}
	got, _ := scanAll(t, s, dne, []string{"DeviceName"})
	if len(got) != 1 {
		t.Errorf("rows: %v", got)
	}
	// With a fallback table the unbound record feeds it.
	s, _ = Open([]Input{{Path: p}}, Options{Fallback: dne})
	got, _ = scanAll(t, s, dne, []string{"DeviceName"})
	if len(got) != 2 || len(s.Stats().Skipped) != 0 {
		t.Errorf("fallback rows: %v, skipped %+v", got, s.Stats().Skipped)
	}
}

func TestMissingPath(t *testing.T) {
	_, err := Open([]Input{{Path: filepath.Join(t.TempDir(), "nope.json")}}, Options{})
	if err == nil || !strings.Contains(err.Error(), "nope.json") {
		t.Errorf("got %v", err)
	}
}

func rowOf(vals ...string) []table.Value {
	var row []table.Value
	for _, v := range vals {
		row = append(row, table.NewString(v))
	}
	return row
}

func TestStrictOpen(t *testing.T) {
	dir := t.TempDir()
	bin := writeFile(t, dir, "a.bin", "\x00\x01\x02")
	empty := writeFile(t, dir, "b.json", "")
	unbound := writeFile(t, dir, "c.json", rec("x"))
	if _, err := Open([]Input{{Path: empty}}, Options{Strict: true}); err != nil {
		t.Errorf("empty file in strict mode: %v", err)
	}
	_, err := Open([]Input{{Path: bin, Table: dne}}, Options{Strict: true})
	if err == nil || err.Error() != bin+": binary data (NUL byte at offset 0); expected JSON or CSV text" {
		t.Errorf("binary: %v", err)
	}
	_, err = Open([]Input{{Path: unbound}}, Options{Strict: true})
	if err == nil || !strings.HasPrefix(err.Error(), unbound+":1: record names no table") {
		t.Errorf("unbound: %v", err)
	}
}
