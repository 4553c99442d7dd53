package rules

import (
	"bytes"
	"io"
	"os"
	"testing"

	"reconwatch/internal/table"
)

// FuzzParse checks that Parse, Validate and Export never panic, and that a
// parsed rule survives export: the export parses again, and exporting
// that gives the same bytes.
func FuzzParse(f *testing.F) {
	f.Add([]byte(baseYAML))
	f.Add([]byte(fullYAML))
	if data, err := os.ReadFile("../../rules/t1596/t1596.yaml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("id: x\nquery: |2\n    a\n  b\nkind: NRT\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("<<: {id: 1}\nname: !!binary aGVsbG8=\n"))
	f.Add([]byte("customDetails: {a: b, a: c}\ntags: [{1: 2}, .nan]\nmetadata: {x: [1, 2.5, ~]}\n"))
	f.Add([]byte("entityMappings:\n  - fieldMappings: [{identifier: 1}]\ntriggerThreshold: 99999999999\n"))
	f.Add([]byte("query: \"\\r\\n\\t\\u0000x\"\ndescription: \"a\\u0085b\"\n"))
	check := stubChecker(baseColumns)
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse(data, "fuzz.yaml")
		if err != nil {
			return
		}
		Validate(r, nil)
		Validate(r, check)
		Validate(r, func(string) ([]table.Column, error) { return nil, &offsetError{len(r.Query) + 5, "x"} })
		_ = Export(r, io.Discard, FormatARM)
		r.Triggered(1)
		r.ExtractEntities(func(string) (string, bool) { return "v", true })
		r.AlertDisplayName(func(string) (string, bool) { return "v", true })
		r.QueryPosition(len(r.Query) / 2)

		var e1 bytes.Buffer
		if err := Export(r, &e1, FormatSentinelYAML); err != nil {
			t.Fatalf("Export: %v", err)
		}
		r2, err := Parse(e1.Bytes(), "again.yaml")
		if err != nil {
			t.Fatalf("export does not parse: %v\n%s", err, e1.String())
		}
		var e2 bytes.Buffer
		if err := Export(r2, &e2, FormatSentinelYAML); err != nil {
			t.Fatalf("Export 2: %v", err)
		}
		if !bytes.Equal(e1.Bytes(), e2.Bytes()) {
			t.Fatalf("export not stable:\n%q\n%q", e1.String(), e2.String())
		}
	})
}
