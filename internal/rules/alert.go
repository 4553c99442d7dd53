package rules

import (
	"encoding/json"
	"strings"
)

// Lookup returns the value (as text, the way tostring() renders it) of a
// result column in the row at hand, and whether the row has that column.
// The caller wires it to the engine's result rows, for example:
//
//	lookup := func(col string) (string, bool) {
//		i := schema.Index(col)
//		if i < 0 {
//			return "", false
//		}
//		return row[i].String(), true
//	}
type Lookup func(column string) (value string, ok bool)

// Triggered reports whether a query run that returned resultCount rows
// raises an alert: NRT rules alert on any result; Scheduled rules compare
// the count with triggerThreshold using triggerOperator. A rule with an
// invalid operator never triggers.
func (r *Rule) Triggered(resultCount int) bool {
	if r.IsNRT() {
		return resultCount > 0
	}
	op := r.Trigger
	if op == TriggerNone {
		op, _ = ParseTriggerOperator(r.TriggerOperator)
	}
	t := r.TriggerThreshold
	switch op {
	case GreaterThan:
		return resultCount > t
	case LessThan:
		return resultCount < t
	case Equal:
		return resultCount == t
	case NotEqual:
		return resultCount != t
	}
	return false
}

// ExpandPlaceholders replaces each {{Column}} in format with the column's
// value. A placeholder whose column the row lacks is left as written, so
// the mistake stays visible (Validate reports it up front).
func ExpandPlaceholders(format string, lookup Lookup) string {
	if !strings.Contains(format, "{{") {
		return format
	}
	return placeholderRE.ReplaceAllStringFunc(format, func(m string) string {
		col := strings.TrimSpace(m[2 : len(m)-2])
		if lookup != nil {
			if v, ok := lookup(col); ok {
				return v
			}
		}
		return m
	})
}

// AlertDisplayName returns the alert's name for a result row:
// alertDisplayNameFormat with its placeholders expanded, or the rule name
// when there is no format or it expands to blank.
func (r *Rule) AlertDisplayName(lookup Lookup) string {
	if a := r.AlertDetailsOverride; a != nil && strings.TrimSpace(a.AlertDisplayNameFormat) != "" {
		if s := ExpandPlaceholders(a.AlertDisplayNameFormat, lookup); strings.TrimSpace(s) != "" {
			return s
		}
	}
	return r.Name
}

// AlertDescription returns the alert's description for a result row:
// alertDescriptionFormat expanded, or the rule description.
func (r *Rule) AlertDescription(lookup Lookup) string {
	if a := r.AlertDetailsOverride; a != nil && strings.TrimSpace(a.AlertDescriptionFormat) != "" {
		if s := ExpandPlaceholders(a.AlertDescriptionFormat, lookup); strings.TrimSpace(s) != "" {
			return s
		}
	}
	return r.Description
}

// AlertSeverity returns the alert's severity for a result row: the value
// of alertSeverityColumnName when it names a valid severity
// (case-insensitive), else the rule's severity.
func (r *Rule) AlertSeverity(lookup Lookup) string {
	if a := r.AlertDetailsOverride; a != nil && a.AlertSeverityColumnName != "" && lookup != nil {
		if v, ok := lookup(a.AlertSeverityColumnName); ok {
			if s, ok := containsFold(severities, strings.TrimSpace(v)); ok {
				return s
			}
		}
	}
	return r.Severity
}

// AlertTactics returns the alert's tactics for a result row: the valid
// tactics found in the alertTacticsColumnName value (a JSON array or a
// comma-separated list), else the rule's tactics.
func (r *Rule) AlertTactics(lookup Lookup) []string {
	if a := r.AlertDetailsOverride; a != nil && a.AlertTacticsColumnName != "" && lookup != nil {
		if v, ok := lookup(a.AlertTacticsColumnName); ok {
			var items []string
			if err := json.Unmarshal([]byte(v), &items); err != nil {
				items = strings.Split(v, ",")
			}
			var out []string
			for _, it := range items {
				if t, ok := containsFold(Tactics, strings.TrimSpace(it)); ok && !contains(out, t) {
					out = append(out, t)
				}
			}
			if len(out) > 0 {
				return out
			}
		}
	}
	return append([]string(nil), r.Tactics...)
}

// DetailValue is one custom detail of an alert.
type DetailValue struct {
	Key    string
	Column string
	Value  string
	OK     bool // the row has the column
}

// AlertCustomDetails returns the customDetails of a result row, in rule
// order.
func (r *Rule) AlertCustomDetails(lookup Lookup) []DetailValue {
	out := make([]DetailValue, 0, len(r.CustomDetails))
	for _, c := range r.CustomDetails {
		d := DetailValue{Key: c.Key, Column: c.Column}
		if lookup != nil {
			d.Value, d.OK = lookup(c.Column)
		}
		out = append(out, d)
	}
	return out
}

// EntityField is one identifier of an extracted entity.
type EntityField struct {
	Identifier string
	Column     string
	Value      string
}

// Entity is an entity extracted from a result row.
type Entity struct {
	Type   string
	Fields []EntityField
}

// Get returns the value of an identifier.
func (e Entity) Get(identifier string) (string, bool) {
	for _, f := range e.Fields {
		if f.Identifier == identifier {
			return f.Value, true
		}
	}
	return "", false
}

// ExtractEntities returns the entities of a result row, following
// entityMappings. Identifiers whose column is missing or empty are left
// out, and, as in Sentinel, an entity is dropped when none of its required
// identifier sets is complete.
func (r *Rule) ExtractEntities(lookup Lookup) []Entity {
	var out []Entity
	for _, m := range r.EntityMappings {
		e := Entity{Type: m.EntityType}
		have := map[string]bool{}
		for _, f := range m.FieldMappings {
			if lookup == nil {
				break
			}
			v, ok := lookup(f.ColumnName)
			if !ok || v == "" {
				continue
			}
			e.Fields = append(e.Fields, EntityField{Identifier: f.Identifier, Column: f.ColumnName, Value: v})
			have[f.Identifier] = true
		}
		if len(e.Fields) == 0 {
			continue
		}
		if ids, ok := Entities[m.EntityType]; ok {
			complete := false
			for _, set := range ids.Required {
				all := true
				for _, id := range set {
					all = all && have[id]
				}
				if all {
					complete = true
					break
				}
			}
			if !complete {
				continue
			}
		}
		out = append(out, e)
	}
	return out
}

// EntityTypes returns the entity types the rule maps, in order, without
// repeats.
func (r *Rule) EntityTypes() []string {
	var out []string
	for _, m := range r.EntityMappings {
		if !contains(out, m.EntityType) {
			out = append(out, m.EntityType)
		}
	}
	return out
}

// ColumnUse is a result column the rule refers to outside its query.
type ColumnUse struct {
	Column string
	Field  string // field path, e.g. "entityMappings[0].fieldMappings[0].columnName"
}

// Columns lists every result column the rule refers to outside its query:
// entity mappings, sentinelEntitiesMappings, custom details, alert detail
// placeholders and columns. The engine's result must have all of them.
func (r *Rule) Columns() []ColumnUse {
	var out []ColumnUse
	for i, m := range r.EntityMappings {
		for j, f := range m.FieldMappings {
			out = append(out, ColumnUse{f.ColumnName, joinPath(indexPath(joinPath(indexPath("entityMappings", i), "fieldMappings"), j), "columnName")})
		}
	}
	for i, s := range r.SentinelEntities {
		out = append(out, ColumnUse{s.ColumnName, joinPath(indexPath("sentinelEntitiesMappings", i), "columnName")})
	}
	for _, c := range r.CustomDetails {
		out = append(out, ColumnUse{c.Column, joinPath("customDetails", c.Key)})
	}
	if a := r.AlertDetailsOverride; a != nil {
		for _, c := range Placeholders(a.AlertDisplayNameFormat) {
			out = append(out, ColumnUse{c, "alertDetailsOverride.alertDisplayNameFormat"})
		}
		for _, c := range Placeholders(a.AlertDescriptionFormat) {
			out = append(out, ColumnUse{c, "alertDetailsOverride.alertDescriptionFormat"})
		}
		if a.AlertTacticsColumnName != "" {
			out = append(out, ColumnUse{a.AlertTacticsColumnName, "alertDetailsOverride.alertTacticsColumnName"})
		}
		if a.AlertSeverityColumnName != "" {
			out = append(out, ColumnUse{a.AlertSeverityColumnName, "alertDetailsOverride.alertSeverityColumnName"})
		}
		for i, p := range a.AlertDynamicProperties {
			out = append(out, ColumnUse{p.Value, joinPath(indexPath("alertDetailsOverride.alertDynamicProperties", i), "value")})
		}
	}
	return out
}
