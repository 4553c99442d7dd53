// Package detect runs analytics rules over telemetry the way Sentinel's
// scheduler would (one run at a given instant, or a replay of every
// scheduled run over the span of the data) and turns result rows into
// alerts with entities and custom details.
package detect

import (
	"time"

	"reconwatch/internal/table"
)

// Alert is one alert raised by a rule run, shaped after Sentinel's
// SecurityAlert.
type Alert struct {
	RuleID      string
	RuleName    string
	RuleVersion string
	// AlertName is the display name (alertDisplayNameFormat applied).
	AlertName   string
	Description string
	Severity    string // Informational | Low | Medium | High
	Confidence  string // from the rule's metadata, e.g. Low
	Tactics     []string
	Techniques  []string
	// StartTime and EndTime bound the run's query window.
	StartTime time.Time
	EndTime   time.Time
	// RunTime is the scheduled run that raised the alert.
	RunTime       time.Time
	Entities      []Entity
	CustomDetails []Detail
	// Result holds the result row(s) behind the alert: one row for
	// AlertPerResult, all rows for SingleAlert.
	Schema table.Schema
	Rows   [][]table.Value
}

// Entity is an entity mapped from result columns (entityMappings).
type Entity struct {
	Type   string // Host, Account, IP, URL, ...
	Fields []Field
}

// Field is one identifier of an entity.
type Field struct {
	Identifier string // HostName, Name, NTDomain, ...
	Column     string // the result column it came from
	Value      string
}

// Detail is one custom detail: a key and the value of its column.
type Detail struct {
	Key    string
	Column string
	Value  table.Value
}

// Severity ranks for sorting (higher is more severe).
func SeverityRank(s string) int {
	switch s {
	case "High":
		return 3
	case "Medium":
		return 2
	case "Low":
		return 1
	}
	return 0
}

// Summary accounts for a detection run: what was read and what it raised.
type Summary struct {
	Runs           int            // scheduled runs evaluated
	From, To       time.Time      // span covered
	AlertsBySev    map[string]int // alerts per severity
	RecordsRead    map[string]int64
	RecordsSkipped map[string]int64
	SkipReasons    []string
	OutOfRange     int64
}
