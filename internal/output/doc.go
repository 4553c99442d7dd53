// Package output renders query results and alerts for people and for
// other tools.
//
// Query results go through a ResultWriter made by NewResultWriter:
//
//   - "json": NDJSON, one object per row. Keys are the result columns in
//     schema order. Datetimes are RFC 3339 UTC with 7 fraction digits
//     (2026-11-26T12:00:00.0000000Z), timespans are Kusto's
//     [-][d.]hh:mm:ss[.fffffff], guids are strings, dynamic values are
//     JSON, null is null, NaN and infinities are the strings "NaN",
//     "Infinity" and "-Infinity". Output is always valid UTF-8: invalid
//     bytes in strings become U+FFFD.
//   - "csv": RFC 4180 (CRLF line ends, fields quoted only when needed),
//     a header row of column names, values as Kusto's tostring() prints
//     them (dynamic as compact JSON), null as an empty field. Bytes of
//     values are kept as they are except invalid UTF-8, which becomes
//     U+FFFD. No protection against spreadsheet formula injection is
//     applied: values are data, not display.
//   - "table": an aligned terminal table for reading, not parsing.
//
// Alerts are written by WriteAlertsJSON (one object per line), by
// WriteAlertsCSV (one flat row per alert) and by WriteAlertsTable (a
// risk-sorted overview with a run summary).
//
// # Alert JSON
//
// Each line of WriteAlertsJSON is one object with these keys, always
// present, always in this order:
//
//	AlertName      string
//	Severity       string    Informational | Low | Medium | High
//	Confidence     string
//	Description    string
//	Tactics        [string]
//	Techniques     [string]
//	StartTime      datetime  start of the run's query window, or null
//	EndTime        datetime  end of the run's query window, or null
//	RunTime        datetime  the scheduled run that raised the alert, or null
//	Entities       [object]  {"Type": "Host", "HostName": ...}: Type, then
//	                         the entity's identifiers in mapping order;
//	                         identifiers with an empty value are left out,
//	                         and so is an entity with none left
//	CustomDetails  object    {key: value} in rule order, values typed as
//	                         in the result
//	Result         object    the result row behind the alert, keys in
//	                         column order; an array of such objects when the
//	                         alert groups several rows; null when none
//	RuleId         string
//	RuleName       string
//	RuleVersion    string
//
// Datetimes and values inside CustomDetails and Result follow the "json"
// result format.
//
// # Terminal text
//
// The table renderers never pass control characters through: newlines
// (and CR LF) show as ⏎, tabs as a space, other C0 controls as their
// Unicode control pictures (ESC as ␛), C1 controls and invisible format
// characters such as bidi overrides as <U+202E>, invalid UTF-8 as �. So
// hostile values in telemetry cannot move the cursor, recolour the
// terminal or reorder text.
package output
