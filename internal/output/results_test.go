package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"reconwatch/internal/table"
)

func render(t *testing.T, format string, opts Options, schema table.Schema, rows [][]table.Value) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewResultWriter(format, &buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteHeader(schema); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.WriteRow(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestResultGolden(t *testing.T) {
	schema, rows := resultFixture()
	for _, c := range []struct {
		file, format string
		opts         Options
	}{
		{"results.json", "json", Options{}},
		{"results.csv", "csv", Options{}},
		{"results_noheader.csv", "csv", Options{NoHeader: true}},
		{"results.table", "table", Options{}},
		{"results_w16.table", "table", Options{MaxCellWidth: 16}},
		{"results_noheader.table", "table", Options{NoHeader: true, MaxCellWidth: 30}},
		{"results_color.table", "table", Options{Color: true, MaxCellWidth: 12}},
	} {
		t.Run(c.file, func(t *testing.T) {
			golden(t, c.file, render(t, c.format, c.opts, schema, rows))
		})
	}
	t.Run("empty.table", func(t *testing.T) {
		golden(t, "empty.table", render(t, "table", Options{}, schema[:3], nil))
	})
}

// jsonKeys returns the top-level keys of a JSON object in text order.
func jsonKeys(t *testing.T, line []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("line does not start an object: %v %v", tok, err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func TestJSONLines(t *testing.T) {
	schema, rows := resultFixture()
	out := render(t, "json", Options{}, schema, rows)
	if !utf8.Valid(out) {
		t.Error("output is not valid UTF-8")
	}
	lines := bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n"))
	if len(lines) != len(rows) {
		t.Fatalf("%d lines for %d rows", len(lines), len(rows))
	}
	names := fmt.Sprint(schema.Names())
	var objs []map[string]any
	for i, line := range lines {
		if got := fmt.Sprint(jsonKeys(t, line)); got != names {
			t.Errorf("line %d keys %s, want %s", i, got, names)
		}
		var m map[string]any
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("line %d: %v\n%s", i, err, line)
		}
		objs = append(objs, m)
	}
	check := func(row int, col string, want any) {
		t.Helper()
		if got := objs[row][col]; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("row %d %s = %#v, want %#v", row, col, got, want)
		}
	}
	check(0, "Bytes", json.Number("9007199254740993"))
	check(0, "Timestamp", "2026-11-26T12:00:00.0000000Z")
	check(0, "Duration", "1.02:03:04.5000000")
	check(0, "Flag", true)
	check(1, "Score", "NaN")
	check(1, "Amount", json.Number("1E+20"))
	check(1, "Duration", "-00:00:01.5000000")
	check(1, "Timestamp", "2026-11-26T12:00:00.1234567Z")
	check(1, "CommandLine", "line1\nline2\r\nline3\ttabbed")
	check(2, "Score", "Infinity")
	check(2, "Duration", "-3.00:00:00")
	check(2, "Flag", nil)
	check(2, "AdditionalFields", nil)
	check(3, "Score", "-Infinity")
	check(3, "CommandLine", "bad\uFFFD\uFFFDbytes \x1b[31mred\x1b[0m \u202Etxt.exe")
	check(4, "Bytes", json.Number("-9223372036854775808"))
	if !bytes.Contains(lines[1], []byte(`"AdditionalFields":{"b":1,"a":[1,2.5],"s":"x\"y"}`)) {
		t.Errorf("bag keys not in insertion order: %s", lines[1])
	}
}

func TestCSVReadsBack(t *testing.T) {
	schema, rows := resultFixture()
	out := render(t, "csv", Options{}, schema, rows)
	r := csv.NewReader(bytes.NewReader(out))
	r.FieldsPerRecord = len(schema)
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(rows)+1 {
		t.Fatalf("%d records, want %d", len(recs), len(rows)+1)
	}
	if fmt.Sprint(recs[0]) != fmt.Sprint(schema.Names()) {
		t.Errorf("header %v", recs[0])
	}
	for i, row := range rows {
		for j, v := range row {
			want := validUTF8(v.String())
			// encoding/csv turns CR LF inside a quoted field into LF.
			want = strings.ReplaceAll(want, "\r\n", "\n")
			if got := recs[i+1][j]; got != want {
				t.Errorf("row %d %s = %q, want %q", i, schema[j].Name, got, want)
			}
		}
	}
	// Values keep their bytes: the CR LF is in the file as written.
	if !bytes.Contains(out, []byte("\"line1\nline2\r\nline3\ttabbed\"")) {
		t.Error("multi-line value rewritten")
	}
	if !bytes.HasSuffix(out, []byte("\r\n")) {
		t.Error("records do not end in CRLF")
	}
}

func TestTableIsTerminalSafe(t *testing.T) {
	schema, rows := resultFixture()
	for _, opts := range []Options{{}, {MaxCellWidth: -1}} {
		out := render(t, "table", opts, schema, rows)
		if !utf8.Valid(out) {
			t.Error("table output is not valid UTF-8")
		}
		for i, c := range out {
			if (c < 0x20 && c != '\n') || c == 0x7f {
				t.Fatalf("control byte %#x at %d in table output", c, i)
			}
		}
		if !bytes.Contains(out, []byte("line1⏎line2⏎line3 tabbed")) {
			t.Error("multi-line value not on one line")
		}
		if !bytes.Contains(out, []byte("␛[31mred␛[0m <U+202E>txt.exe")) {
			t.Error("escape sequences not neutralised")
		}
	}
	// Unlimited width keeps the long URL whole.
	out := render(t, "table", Options{MaxCellWidth: -1}, schema, rows)
	if !bytes.Contains(out, []byte("more=yes")) {
		t.Error("MaxCellWidth -1 truncated")
	}
}

func TestTableAlignment(t *testing.T) {
	schema, rows := resultFixture()
	out := string(render(t, "table", Options{}, schema, rows))
	lines := strings.Split(out, "\n")
	// Every body line starts its columns where the header does: check the
	// display width of the prefix up to the Timestamp column.
	head := lines[0]
	col := textWidth(head[:strings.Index(head, "Timestamp")])
	for _, l := range lines[2 : 2+len(rows)] {
		var prefix strings.Builder
		w := 0
		for _, r := range l {
			if w >= col {
				break
			}
			prefix.WriteRune(r)
			w += runeWidth(r)
		}
		if w != col {
			t.Errorf("line %q misaligned", l)
		}
	}
	if !strings.HasSuffix(out, "\n(5 rows)\n") {
		t.Errorf("footer missing: %q", out[len(out)-20:])
	}
	for _, l := range lines {
		if strings.HasSuffix(l, " ") {
			t.Errorf("trailing blank: %q", l)
		}
	}
}

func TestTableBufferCap(t *testing.T) {
	schema := table.Schema{{Name: "n", Type: table.Long}, {Name: "s", Type: table.String}}
	var buf bytes.Buffer
	w, _ := NewResultWriter("table", &buf, Options{})
	w.WriteHeader(schema)
	row := make([]table.Value, 2) // reused, as batch rows are
	total := tableBufferRows + 5
	for i := range total {
		row[0] = table.NewLong(int64(i))
		row[1] = table.NewString("ab")
		if i >= tableBufferRows {
			row[1] = table.NewString("a much longer value")
		}
		if err := w.WriteRow(row); err != nil {
			t.Fatal(err)
		}
	}
	// The header and the first rows are out before Flush.
	if !strings.HasPrefix(buf.String(), "   n  s\n────  ──\n   0  ab\n") {
		t.Errorf("buffered rows not printed at the cap: %q", buf.String()[:min(buf.Len(), 40)])
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if got := len(lines); got != total+4 {
		t.Fatalf("%d lines, want %d", got, total+4)
	}
	if got := lines[2+tableBufferRows]; got != "10000  a…" {
		t.Errorf("row after the cap = %q, want fixed width", got)
	}
	if got := lines[len(lines)-1]; got != "(10,005 rows)" {
		t.Errorf("footer %q", got)
	}
}

func TestTableSeveralResults(t *testing.T) {
	var buf bytes.Buffer
	w, _ := NewResultWriter("table", &buf, Options{})
	w.WriteHeader(table.Schema{{Name: "a", Type: table.Long}})
	w.WriteRow([]table.Value{table.NewLong(1)})
	w.WriteHeader(table.Schema{{Name: "b", Type: table.String}})
	w.WriteRow([]table.Value{table.NewString("x")})
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "a\n─\n1\n\n(1 row)\n\nb\n─\nx\n\n(1 row)\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
	if err := w.WriteRow([]table.Value{table.NewString("y")}); err == nil {
		t.Error("WriteRow after Flush ended the table: no error")
	}
}

func TestWriterErrors(t *testing.T) {
	if _, err := NewResultWriter("xml", io.Discard, Options{}); err == nil {
		t.Error("unknown format accepted")
	}
	for _, f := range Formats {
		w, err := NewResultWriter(f, io.Discard, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.WriteRow(nil); !errors.Is(err, ErrNoHeader) {
			t.Errorf("%s: WriteRow before header: %v", f, err)
		}
	}
	// Write errors are sticky and reach Flush.
	for _, f := range Formats {
		w, _ := NewResultWriter(f, failWriter{}, Options{})
		w.WriteHeader(table.Schema{{Name: "a", Type: table.String}})
		big := table.NewString(strings.Repeat("x", 100_000))
		w.WriteRow([]table.Value{big})
		if err := w.Flush(); err == nil {
			t.Errorf("%s: write error lost", f)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestRowShapes(t *testing.T) {
	schema := table.Schema{{Name: "a", Type: table.Long}, {Name: "b", Type: table.String}}
	short := [][]table.Value{{table.NewLong(1)}, {table.NewLong(2), table.NewString("x"), table.NewString("extra")}}
	if got := string(render(t, "json", Options{}, schema, short)); got != "{\"a\":1,\"b\":null}\n{\"a\":2,\"b\":\"x\"}\n" {
		t.Errorf("json: %q", got)
	}
	if got := string(render(t, "csv", Options{}, schema, short)); got != "a,b\r\n1,\r\n2,x\r\n" {
		t.Errorf("csv: %q", got)
	}
}

func TestTruncateAndWidth(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"hello", 5, "hello"},
		{"hello!", 5, "hell…"},
		{"東京都庁", 5, "東京…"},
		{"東京都庁", 8, "東京都庁"},
		{"café", 3, "ca…"},
		{"e\u0301cole", 4, "e\u0301co…"},
		{"abc", 0, ""},
		{"abc", 1, "…"},
		{"abc", -1, "abc"},
	} {
		if got := truncate(c.in, c.max); got != c.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
		if w := textWidth(truncate(c.in, c.max)); c.max >= 0 && w > c.max {
			t.Errorf("truncate(%q, %d) is %d wide", c.in, c.max, w)
		}
	}
	if got := termText("a\x00b\x7fc\u009bd\r\ne\u2028f"); got != "a␀b␡c<U+009B>d⏎e⏎f" {
		t.Errorf("termText = %q", got)
	}
	if got := groupDigits(-1234567); got != "-1,234,567" {
		t.Errorf("groupDigits = %q", got)
	}
}
