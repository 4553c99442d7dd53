package rules

import (
	"strings"
	"time"
)

// Rule kinds reconwatch runs.
const (
	KindScheduled = "Scheduled"
	KindNRT       = "NRT"
)

// Rule is one Sentinel analytics rule template. The exported YAML-named
// fields mirror Sentinel's YAML keys exactly and hold the values as
// written; Frequency, Period and Trigger are their parsed forms, filled by
// Parse. Src says where each field came from.
//
// The yaml struct tags document the key of each field; Parse and Export do
// their own (position-aware, order-preserving) decoding and encoding.
type Rule struct {
	ID                     string                  `yaml:"id"`
	Name                   string                  `yaml:"name"`
	Description            string                  `yaml:"description"`
	Severity               string                  `yaml:"severity"`
	Status                 string                  `yaml:"status,omitempty"`
	RequiredDataConnectors []DataConnector         `yaml:"requiredDataConnectors,omitempty"`
	QueryFrequency         string                  `yaml:"queryFrequency,omitempty"`
	QueryPeriod            string                  `yaml:"queryPeriod,omitempty"`
	TriggerOperator        string                  `yaml:"triggerOperator,omitempty"`
	TriggerThreshold       int                     `yaml:"triggerThreshold"`
	Tactics                []string                `yaml:"tactics,omitempty"`
	RelevantTechniques     []string                `yaml:"relevantTechniques,omitempty"`
	Tags                   []any                   `yaml:"tags,omitempty"` // strings or small maps ({Id, version}, {Schema, SchemaVersion})
	Query                  string                  `yaml:"query"`
	EntityMappings         []EntityMapping         `yaml:"entityMappings,omitempty"`
	SentinelEntities       []SentinelEntityMapping `yaml:"sentinelEntitiesMappings,omitempty"`
	CustomDetails          CustomDetails           `yaml:"customDetails,omitempty"`
	AlertDetailsOverride   *AlertDetailsOverride   `yaml:"alertDetailsOverride,omitempty"`
	EventGroupingSettings  *EventGroupingSettings  `yaml:"eventGroupingSettings,omitempty"`
	IncidentConfiguration  *IncidentConfiguration  `yaml:"incidentConfiguration,omitempty"`
	SuppressionEnabled     *bool                   `yaml:"suppressionEnabled,omitempty"`
	SuppressionDuration    string                  `yaml:"suppressionDuration,omitempty"`
	Version                string                  `yaml:"version,omitempty"`
	Kind                   string                  `yaml:"kind"`
	Metadata               map[string]any          `yaml:"metadata,omitempty"`

	// Parsed forms, filled by Parse (zero when the raw value is missing or
	// invalid; Validate reports why).
	Frequency time.Duration `yaml:"-"` // queryFrequency
	Period    time.Duration `yaml:"-"` // queryPeriod
	Trigger   TriggerOp     `yaml:"-"` // triggerOperator

	// Src is where the rule came from; zero for rules built in code.
	Src Source `yaml:"-"`
	// Meta is the rule's x.meta.yaml, attached by LoadDir and LoadFS.
	Meta *Meta `yaml:"-"`
}

// DataConnector is one entry of requiredDataConnectors.
type DataConnector struct {
	ConnectorID string   `yaml:"connectorId"`
	DataTypes   []string `yaml:"dataTypes"`
}

// EntityMapping maps result columns to the identifiers of one entity.
type EntityMapping struct {
	EntityType    string         `yaml:"entityType"`
	FieldMappings []FieldMapping `yaml:"fieldMappings"`
}

// FieldMapping maps one result column to one entity identifier.
type FieldMapping struct {
	Identifier string `yaml:"identifier"`
	ColumnName string `yaml:"columnName"`
}

// SentinelEntityMapping names a column holding Sentinel entities as JSON
// (sentinelEntitiesMappings).
type SentinelEntityMapping struct {
	ColumnName string `yaml:"columnName" json:"columnName"`
}

// CustomDetail is one customDetails entry: the alert property Key takes
// its value from the result column Column.
type CustomDetail struct {
	Key    string
	Column string
}

// CustomDetails is the customDetails map, in file order.
type CustomDetails []CustomDetail

// Get returns the column of key.
func (c CustomDetails) Get(key string) (string, bool) {
	for _, d := range c {
		if d.Key == key {
			return d.Column, true
		}
	}
	return "", false
}

// AlertDetailsOverride overrides alert properties from result columns.
type AlertDetailsOverride struct {
	AlertDisplayNameFormat  string                 `yaml:"alertDisplayNameFormat,omitempty"`
	AlertDescriptionFormat  string                 `yaml:"alertDescriptionFormat,omitempty"`
	AlertTacticsColumnName  string                 `yaml:"alertTacticsColumnName,omitempty"`
	AlertSeverityColumnName string                 `yaml:"alertSeverityColumnName,omitempty"`
	AlertDynamicProperties  []AlertDynamicProperty `yaml:"alertDynamicProperties,omitempty"`
}

// AlertDynamicProperty sets one alert property from a result column.
type AlertDynamicProperty struct {
	AlertProperty string `yaml:"alertProperty" json:"alertProperty"`
	Value         string `yaml:"value" json:"value"`
}

// EventGroupingSettings says how results become alerts.
type EventGroupingSettings struct {
	AggregationKind string `yaml:"aggregationKind" json:"aggregationKind"`
}

// Aggregation kinds.
const (
	SingleAlert    = "SingleAlert"
	AlertPerResult = "AlertPerResult"
)

// IncidentConfiguration says how alerts become incidents. The booleans
// are pointers so that a missing key can be told from false.
type IncidentConfiguration struct {
	CreateIncident        *bool                  `yaml:"createIncident"`
	GroupingConfiguration *GroupingConfiguration `yaml:"groupingConfiguration,omitempty"`
}

// GroupingConfiguration groups alerts into incidents.
type GroupingConfiguration struct {
	Enabled              *bool    `yaml:"enabled"`
	ReopenClosedIncident *bool    `yaml:"reopenClosedIncident"`
	LookbackDuration     string   `yaml:"lookbackDuration"`
	MatchingMethod       string   `yaml:"matchingMethod"`
	GroupByEntities      []string `yaml:"groupByEntities"`
	GroupByAlertDetails  []string `yaml:"groupByAlertDetails"`
	GroupByCustomDetails []string `yaml:"groupByCustomDetails"`
}

// TriggerOp is a parsed triggerOperator.
type TriggerOp uint8

// Trigger operators. TriggerNone means unset or invalid.
const (
	TriggerNone TriggerOp = iota
	GreaterThan
	LessThan
	Equal
	NotEqual
)

// String returns the ARM spelling (GreaterThan, ...).
func (op TriggerOp) String() string {
	switch op {
	case GreaterThan:
		return "GreaterThan"
	case LessThan:
		return "LessThan"
	case Equal:
		return "Equal"
	case NotEqual:
		return "NotEqual"
	}
	return ""
}

// Short returns the short YAML spelling (gt, lt, eq, ne).
func (op TriggerOp) Short() string {
	switch op {
	case GreaterThan:
		return "gt"
	case LessThan:
		return "lt"
	case Equal:
		return "eq"
	case NotEqual:
		return "ne"
	}
	return ""
}

// ParseTriggerOperator accepts exactly the spellings Sentinel's template
// converter accepts: gt, lt, eq, ne, GreaterThan, LessThan, Equal,
// NotEqual (case-sensitive).
func ParseTriggerOperator(s string) (TriggerOp, bool) {
	switch s {
	case "gt", "GreaterThan":
		return GreaterThan, true
	case "lt", "LessThan":
		return LessThan, true
	case "eq", "Equal":
		return Equal, true
	case "ne", "NotEqual":
		return NotEqual, true
	}
	return TriggerNone, false
}

// Pos is a 1-based position in a file. Line 0 means unknown.
type Pos struct {
	Line, Col int
}

// Source records where a parsed rule came from.
type Source struct {
	// File is the path (or name) the rule was parsed from.
	File string
	// Paths maps a field path to the position of its key (for mapping
	// entries) or of the item (for sequence items). Paths read like
	// "query", "tactics[0]", "entityMappings[1].fieldMappings[0].columnName",
	// "customDetails.RiskScore".
	Paths map[string]Pos
	// QueryStart is the file position of the first character of the
	// query text (for a block scalar, the first column of the block's
	// first line, even when that line is empty).
	QueryStart Pos
	// QueryLineOffset and QueryColOffset turn a 1-based (line, column)
	// inside the query text into a file position: file line = line +
	// QueryLineOffset, file column = column + QueryColOffset. They are
	// exact for literal block scalars (query: |) and single-line scalars
	// (for which only line 1 is meaningful); folded and multi-line flow
	// scalars get the offsets of their first line. They match the
	// LineOffset and ColOffset of the KQL engine's syntax.Source.
	QueryLineOffset, QueryColOffset int
	// QueryBlock reports whether the query is a literal block scalar.
	QueryBlock bool

	parsed   bool         // set by Parse
	problems []Diagnostic // decoding problems found by Parse, reported by Validate
}

// Pos returns the position recorded for path, or for its nearest recorded
// parent, or Pos{} when nothing is known.
func (s *Source) Pos(path string) Pos {
	for path != "" {
		if p, ok := s.Paths[path]; ok {
			return p
		}
		path = parentPath(path)
	}
	return Pos{}
}

// Has reports whether the parsed file had the key or item at path.
func (s *Source) Has(path string) bool {
	_, ok := s.Paths[path]
	return ok
}

// parentPath strips the last component: a.b[2] -> a.b, a.b -> a.
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

// QueryPosition maps a byte offset in r.Query to its 1-based file line and
// column (columns count characters). See Source.QueryLineOffset for when
// this is exact.
func (r *Rule) QueryPosition(offset int) (line, col int) {
	q := r.Query
	if offset < 0 {
		offset = 0
	}
	if offset > len(q) {
		offset = len(q)
	}
	lineStart := strings.LastIndexByte(q[:offset], '\n') + 1
	line = strings.Count(q[:lineStart], "\n") + 1
	col = len([]rune(q[lineStart:offset])) + 1
	return line + r.Src.QueryLineOffset, col + r.Src.QueryColOffset
}

// IsNRT reports whether the rule is a near-real-time rule.
func (r *Rule) IsNRT() bool { return r.Kind == KindNRT }

// AlertPerResult reports whether each result row becomes its own alert
// (eventGroupingSettings.aggregationKind AlertPerResult); the default is
// one alert for all results.
func (r *Rule) AlertPerResult() bool {
	return r.EventGroupingSettings != nil && r.EventGroupingSettings.AggregationKind == AlertPerResult
}

// Label names the rule in messages: "name (id)".
func (r *Rule) Label() string {
	switch {
	case r.Name != "" && r.ID != "":
		return r.Name + " (" + r.ID + ")"
	case r.Name != "":
		return r.Name
	case r.ID != "":
		return r.ID
	}
	return r.Src.File
}
