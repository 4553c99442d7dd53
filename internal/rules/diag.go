package rules

import (
	"fmt"
	"sort"
	"strings"
)

// Level is the severity of a Diagnostic.
type Level uint8

// Diagnostic levels. An error means Sentinel (or its template validator)
// would reject the rule, or reconwatch cannot run it; a warning means the
// rule is accepted but probably not what was meant.
const (
	LevelError Level = iota + 1
	LevelWarning
)

func (l Level) String() string {
	switch l {
	case LevelError:
		return "error"
	case LevelWarning:
		return "warning"
	}
	return "unknown"
}

// Diagnostic is one validation finding.
type Diagnostic struct {
	File     string // file the rule came from ("" for rules built in code)
	Line     int    // 1-based; 0 when unknown
	Col      int    // 1-based; 0 when unknown
	Field    string // field path, e.g. "entityMappings[0].fieldMappings[1].identifier"
	RuleID   string
	RuleName string
	Level    Level
	Code     string // stable identifier of the check, e.g. "required", "guid"
	Message  string
}

// String renders the diagnostic as
// "file:line:col: error: field: message [code] (rule name (id))".
func (d Diagnostic) String() string {
	var b strings.Builder
	file := d.File
	if file == "" {
		file = "<rule>"
	}
	b.WriteString(file)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	fmt.Fprintf(&b, ": %s: ", d.Level)
	if d.Field != "" {
		b.WriteString(d.Field)
		b.WriteString(": ")
	}
	b.WriteString(d.Message)
	if d.Code != "" {
		fmt.Fprintf(&b, " [%s]", d.Code)
	}
	switch {
	case d.RuleName != "" && d.RuleID != "":
		fmt.Fprintf(&b, " (rule %q %s)", d.RuleName, d.RuleID)
	case d.RuleName != "":
		fmt.Fprintf(&b, " (rule %q)", d.RuleName)
	case d.RuleID != "":
		fmt.Fprintf(&b, " (rule %s)", d.RuleID)
	}
	return b.String()
}

// Diagnostics is a list of findings.
type Diagnostics []Diagnostic

// HasErrors reports whether any finding is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Level == LevelError {
			return true
		}
	}
	return false
}

// Errors returns only the errors.
func (ds Diagnostics) Errors() Diagnostics { return ds.filter(LevelError) }

// Warnings returns only the warnings.
func (ds Diagnostics) Warnings() Diagnostics { return ds.filter(LevelWarning) }

func (ds Diagnostics) filter(l Level) Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Level == l {
			out = append(out, d)
		}
	}
	return out
}

// String renders one finding per line.
func (ds Diagnostics) String() string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// sortDiagnostics orders by file, line, column, keeping the order of
// findings at the same place.
func sortDiagnostics(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}
