package kql

import (
	"testing"

	"reconwatch/internal/catalog"
)

// Diagnostics name the place (line:col), show the line with a caret and,
// for unknown names, suggest the nearest one.
func TestDiagnostics(t *testing.T) {
	tests := []struct {
		name, query, want string
	}{
		{"unknown column",
			"DeviceNetworkEvents\n| where RemoteUrll has \"shodan\"",
			"<query>:2:9: error KC001: unknown column or name 'RemoteUrll' (did you mean RemoteUrl?)\n" +
				"    | where RemoteUrll has \"shodan\"\n" +
				"            ^~~~~~~~~~\n"},
		{"unknown table",
			"DeviceNetworkEvent | take 1",
			"<query>:1:1: error KC001: unknown table 'DeviceNetworkEvent' (did you mean DeviceNetworkEvents?)\n" +
				"    DeviceNetworkEvent | take 1\n" +
				"    ^~~~~~~~~~~~~~~~~~\n"},
		{"unknown function",
			"print tolowr('A')",
			"<query>:1:7: error KC001: unknown function 'tolowr' (did you mean tolower?)\n" +
				"    print tolowr('A')\n" +
				"          ^~~~~~\n"},
		{"type mismatch",
			"DeviceNetworkEvents | where RemotePort == 'x'",
			"<query>:1:29: error KC002: cannot compare int with string using '=='\n" +
				"    DeviceNetworkEvents | where RemotePort == 'x'\n" +
				"                                ^~~~~~~~~~~~~~~~~\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, src, errs := Compile(tc.query, Options{Catalog: catalog.Default()})
			if len(errs) == 0 {
				t.Fatal("no diagnostics")
			}
			if got := src.Format(errs[0]); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// A mistake in a let is reported once, where it is; uses of the let stay
// quiet instead of cascading.
func TestNoCascade(t *testing.T) {
	q := "let Bad = DeviceNetworkEvents | where Nope == 1;\nBad | where Other == 2 | join (Bad) on X | project Y"
	_, src, errs := Compile(q, Options{Catalog: catalog.Default()})
	if len(errs) != 1 {
		t.Fatalf("%d diagnostics, want 1:\n%s", len(errs), src.FormatAll(errs))
	}
	if line, _ := src.Position(errs[0].Pos); line != 1 {
		t.Errorf("diagnostic on line %d, want 1", line)
	}
}
