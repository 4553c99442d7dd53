package rules

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	yaml "go.yaml.in/yaml/v3"
)

// Export formats.
const (
	FormatSentinelYAML = "sentinel-yaml"
	FormatARM          = "arm"
)

// ARMAPIVersion is the Microsoft.SecurityInsights/alertRules API version
// of exported ARM templates.
const ARMAPIVersion = "2023-02-01-preview"

// Export writes r in the given format:
//
//   - "sentinel-yaml": a clean Sentinel template, keys in the Azure-Sentinel
//     repository's order, 2-space indentation, the query as a literal block
//     scalar. Parse reads it back to an equal Rule, which validates the same.
//     Decoding problems of the source (unknown keys, values of the wrong
//     type) are not carried over.
//   - "arm": an ARM deployment template with one
//     Microsoft.SecurityInsights/alertRules resource (the shape Sentinel's
//     portal exports), taking the workspace name as a parameter.
func Export(r *Rule, w io.Writer, format string) error {
	switch format {
	case FormatSentinelYAML, "yaml", "sentinel":
		return exportYAML(r, w)
	case FormatARM, "arm-json":
		return exportARM(r, w)
	}
	return fmt.Errorf("unknown export format %q (want %s or %s)", format, FormatSentinelYAML, FormatARM)
}

// MarshalYAML encodes the rule as Export's sentinel-yaml does.
func (r *Rule) MarshalYAML() (any, error) { return yamlNode(r), nil }

func exportYAML(r *Rule, w io.Writer) error {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(yamlNode(r)); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func strNode(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	switch {
	case strings.Contains(s, "\n"):
		if literalSafe(s) {
			n.Style = yaml.LiteralStyle
		}
	case yaml11Special(s):
		n.Style = yaml.SingleQuotedStyle
	}
	return n
}

// literalSafe reports whether s survives being written as a literal
// block scalar: the YAML library writes some strings (a line of only
// whitespace with a tab, for one) as blocks it cannot read back. Those are
// left to the library's own choice of style (double-quoted).
func literalSafe(s string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.LiteralStyle}
	m := mapNode()
	put(m, "k", n)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return false
	}
	if err := enc.Close(); err != nil {
		return false
	}
	out := buf.Bytes()
	var back struct {
		K string `yaml:"k"`
	}
	if err := yaml.Unmarshal(out, &back); err != nil {
		return false
	}
	return back.K == s
}

// sexagesimalRE matches YAML 1.1 base-60 numbers such as 01:00:00.
var sexagesimalRE = regexp.MustCompile(`^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$`)

// yaml11Special reports whether a YAML 1.1 reader (PyYAML, older tools)
// would read the plain scalar s as something other than a string, so that
// Export quotes it: base-60 numbers like the .NET TimeSpan 01:00:00 and
// the 1.1 booleans.
func yaml11Special(s string) bool {
	if sexagesimalRE.MatchString(s) {
		return true
	}
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off":
		return true
	}
	return false
}

func intNode(i int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(i)}
}

func boolNode(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

func mapNode() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode} }

func seqNode(n int) *yaml.Node {
	s := &yaml.Node{Kind: yaml.SequenceNode}
	if n == 0 {
		s.Style = yaml.FlowStyle
	}
	return s
}

func put(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

func strSeq(list []string) *yaml.Node {
	s := seqNode(len(list))
	for _, x := range list {
		s.Content = append(s.Content, strNode(x))
	}
	return s
}

// yamlNode builds the sentinel-yaml document of r.
func yamlNode(r *Rule) *yaml.Node {
	m := mapNode()
	// present: emit a value when it is set, or when the source file had
	// the key (so that an empty value validates the same after a reload).
	present := func(path string, set bool) bool {
		return set || (r.Src.parsed && r.Src.Has(path))
	}
	str := func(key, val string) {
		if present(key, val != "") {
			put(m, key, strNode(val))
		}
	}
	for _, key := range topKeys {
		switch key {
		case "id":
			str(key, r.ID)
		case "name":
			str(key, r.Name)
		case "description":
			str(key, r.Description)
		case "severity":
			str(key, r.Severity)
		case "status":
			str(key, r.Status)
		case "requiredDataConnectors":
			if r.RequiredDataConnectors != nil {
				s := seqNode(len(r.RequiredDataConnectors))
				for _, c := range r.RequiredDataConnectors {
					cm := mapNode()
					put(cm, "connectorId", strNode(c.ConnectorID))
					if c.DataTypes != nil {
						put(cm, "dataTypes", strSeq(c.DataTypes))
					}
					s.Content = append(s.Content, cm)
				}
				put(m, key, s)
			}
		case "queryFrequency":
			if r.QueryFrequency == "" && r.Frequency > 0 {
				put(m, key, strNode(FormatDuration(r.Frequency)))
			} else {
				str(key, r.QueryFrequency)
			}
		case "queryPeriod":
			if r.QueryPeriod == "" && r.Period > 0 {
				put(m, key, strNode(FormatDuration(r.Period)))
			} else {
				str(key, r.QueryPeriod)
			}
		case "triggerOperator":
			if r.TriggerOperator == "" && r.Trigger != TriggerNone {
				put(m, key, strNode(r.Trigger.Short()))
			} else {
				str(key, r.TriggerOperator)
			}
		case "triggerThreshold":
			emit := r.TriggerThreshold != 0 || !r.IsNRT()
			if r.Src.parsed {
				emit = r.Src.Has(key) || r.TriggerThreshold != 0
			}
			if emit {
				put(m, key, intNode(r.TriggerThreshold))
			}
		case "tactics":
			if r.Tactics != nil {
				put(m, key, strSeq(r.Tactics))
			}
		case "relevantTechniques":
			if r.RelevantTechniques != nil {
				put(m, key, strSeq(r.RelevantTechniques))
			}
		case "tags":
			if r.Tags != nil {
				put(m, key, anyNode(r.Tags))
			}
		case "query":
			if present(key, r.Query != "") {
				n := strNode(r.Query)
				if literalSafe(r.Query) {
					n.Style = yaml.LiteralStyle
				}
				put(m, key, n)
			}
		case "entityMappings":
			if r.EntityMappings != nil {
				s := seqNode(len(r.EntityMappings))
				for _, e := range r.EntityMappings {
					em := mapNode()
					put(em, "entityType", strNode(e.EntityType))
					if e.FieldMappings != nil {
						fs := seqNode(len(e.FieldMappings))
						for _, f := range e.FieldMappings {
							fm := mapNode()
							put(fm, "identifier", strNode(f.Identifier))
							put(fm, "columnName", strNode(f.ColumnName))
							fs.Content = append(fs.Content, fm)
						}
						put(em, "fieldMappings", fs)
					}
					s.Content = append(s.Content, em)
				}
				put(m, key, s)
			}
		case "sentinelEntitiesMappings":
			if r.SentinelEntities != nil {
				s := seqNode(len(r.SentinelEntities))
				for _, e := range r.SentinelEntities {
					em := mapNode()
					put(em, "columnName", strNode(e.ColumnName))
					s.Content = append(s.Content, em)
				}
				put(m, key, s)
			}
		case "customDetails":
			if r.CustomDetails != nil {
				cm := mapNode()
				if len(r.CustomDetails) == 0 {
					cm.Style = yaml.FlowStyle
				}
				for _, c := range r.CustomDetails {
					put(cm, c.Key, strNode(c.Column))
				}
				put(m, key, cm)
			}
		case "alertDetailsOverride":
			if a := r.AlertDetailsOverride; a != nil {
				am := mapNode()
				sub := func(k, val string) {
					if present(joinPath(key, k), val != "") {
						put(am, k, strNode(val))
					}
				}
				sub("alertDisplayNameFormat", a.AlertDisplayNameFormat)
				sub("alertDescriptionFormat", a.AlertDescriptionFormat)
				sub("alertTacticsColumnName", a.AlertTacticsColumnName)
				sub("alertSeverityColumnName", a.AlertSeverityColumnName)
				if a.AlertDynamicProperties != nil {
					s := seqNode(len(a.AlertDynamicProperties))
					for _, p := range a.AlertDynamicProperties {
						pm := mapNode()
						put(pm, "alertProperty", strNode(p.AlertProperty))
						put(pm, "value", strNode(p.Value))
						s.Content = append(s.Content, pm)
					}
					put(am, "alertDynamicProperties", s)
				}
				if len(am.Content) == 0 {
					am.Style = yaml.FlowStyle
				}
				put(m, key, am)
			}
		case "eventGroupingSettings":
			if e := r.EventGroupingSettings; e != nil {
				em := mapNode()
				if present(joinPath(key, "aggregationKind"), e.AggregationKind != "") {
					put(em, "aggregationKind", strNode(e.AggregationKind))
				} else {
					em.Style = yaml.FlowStyle
				}
				put(m, key, em)
			}
		case "incidentConfiguration":
			if ic := r.IncidentConfiguration; ic != nil {
				im := mapNode()
				if ic.CreateIncident != nil {
					put(im, "createIncident", boolNode(*ic.CreateIncident))
				}
				if g := ic.GroupingConfiguration; g != nil {
					gm := mapNode()
					gp := joinPath(key, "groupingConfiguration")
					if g.Enabled != nil {
						put(gm, "enabled", boolNode(*g.Enabled))
					}
					if g.ReopenClosedIncident != nil {
						put(gm, "reopenClosedIncident", boolNode(*g.ReopenClosedIncident))
					}
					if present(joinPath(gp, "lookbackDuration"), g.LookbackDuration != "") {
						put(gm, "lookbackDuration", strNode(g.LookbackDuration))
					}
					if present(joinPath(gp, "matchingMethod"), g.MatchingMethod != "") {
						put(gm, "matchingMethod", strNode(g.MatchingMethod))
					}
					if g.GroupByEntities != nil {
						put(gm, "groupByEntities", strSeq(g.GroupByEntities))
					}
					if g.GroupByAlertDetails != nil {
						put(gm, "groupByAlertDetails", strSeq(g.GroupByAlertDetails))
					}
					if g.GroupByCustomDetails != nil {
						put(gm, "groupByCustomDetails", strSeq(g.GroupByCustomDetails))
					}
					if len(gm.Content) == 0 {
						gm.Style = yaml.FlowStyle
					}
					put(im, "groupingConfiguration", gm)
				}
				if len(im.Content) == 0 {
					im.Style = yaml.FlowStyle
				}
				put(m, key, im)
			}
		case "suppressionEnabled":
			if r.SuppressionEnabled != nil {
				put(m, key, boolNode(*r.SuppressionEnabled))
			}
		case "suppressionDuration":
			str(key, r.SuppressionDuration)
		case "version":
			str(key, r.Version)
		case "kind":
			str(key, r.Kind)
		case "metadata":
			if r.Metadata != nil {
				put(m, key, anyNode(r.Metadata))
			}
		}
	}
	return m
}

// metadataKeyOrder is the order of the Solutions metadata keys.
var metadataKeyOrder = []string{"source", "author", "support", "categories", "kind", "name", "email", "tier", "link", "domains", "verticals"}

// anyNode encodes free-form content (tags, metadata); mapping keys are
// ordered like Solutions metadata, then alphabetically.
func anyNode(v any) *yaml.Node {
	switch x := v.(type) {
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
	case string:
		return strNode(x)
	case []any:
		s := seqNode(len(x))
		for _, it := range x {
			s.Content = append(s.Content, anyNode(it))
		}
		return s
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sortKeys(keys)
		m := mapNode()
		if len(keys) == 0 {
			m.Style = yaml.FlowStyle
		}
		for _, k := range keys {
			put(m, k, anyNode(x[k]))
		}
		return m
	case map[any]any:
		m := mapNode()
		type kv struct {
			k *yaml.Node
			s string
			v any
		}
		var items []kv
		for k, val := range x {
			kn := anyNode(k)
			items = append(items, kv{kn, fmt.Sprint(k), val})
		}
		sort.Slice(items, func(i, j int) bool { return items[i].s < items[j].s })
		if len(items) == 0 {
			m.Style = yaml.FlowStyle
		}
		for _, it := range items {
			m.Content = append(m.Content, it.k, anyNode(it.v))
		}
		return m
	}
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return strNode(fmt.Sprint(v))
	}
	return &n
}

func sortKeys(keys []string) {
	rank := func(k string) int {
		for i, o := range metadataKeyOrder {
			if o == k {
				return i
			}
		}
		return len(metadataKeyOrder)
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, rj := rank(keys[i]), rank(keys[j])
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
}

// ---- ARM ----

type armTemplate struct {
	Schema         string                  `json:"$schema"`
	ContentVersion string                  `json:"contentVersion"`
	Parameters     map[string]armParameter `json:"parameters"`
	Resources      []armResource           `json:"resources"`
}

type armParameter struct {
	Type string `json:"type"`
}

type armResource struct {
	ID         string        `json:"id"`
	Name       string        `json:"name"`
	Type       string        `json:"type"`
	Kind       string        `json:"kind"`
	APIVersion string        `json:"apiVersion"`
	Properties armProperties `json:"properties"`
}

type armProperties struct {
	DisplayName              string                  `json:"displayName"`
	Description              string                  `json:"description"`
	Severity                 string                  `json:"severity"`
	Enabled                  bool                    `json:"enabled"`
	Query                    string                  `json:"query"`
	QueryFrequency           string                  `json:"queryFrequency,omitempty"`
	QueryPeriod              string                  `json:"queryPeriod,omitempty"`
	TriggerOperator          string                  `json:"triggerOperator,omitempty"`
	TriggerThreshold         *int                    `json:"triggerThreshold,omitempty"`
	SuppressionDuration      string                  `json:"suppressionDuration"`
	SuppressionEnabled       bool                    `json:"suppressionEnabled"`
	Tactics                  []string                `json:"tactics"`
	Techniques               []string                `json:"techniques"`
	SubTechniques            []string                `json:"subTechniques,omitempty"`
	AlertRuleTemplateName    string                  `json:"alertRuleTemplateName,omitempty"`
	TemplateVersion          string                  `json:"templateVersion,omitempty"`
	IncidentConfiguration    *armIncident            `json:"incidentConfiguration,omitempty"`
	EventGroupingSettings    *EventGroupingSettings  `json:"eventGroupingSettings,omitempty"`
	AlertDetailsOverride     *armAlertDetails        `json:"alertDetailsOverride,omitempty"`
	CustomDetails            orderedStrings          `json:"customDetails,omitempty"`
	EntityMappings           []armEntityMapping      `json:"entityMappings,omitempty"`
	SentinelEntitiesMappings []SentinelEntityMapping `json:"sentinelEntitiesMappings,omitempty"`
}

type armIncident struct {
	CreateIncident        bool         `json:"createIncident"`
	GroupingConfiguration *armGrouping `json:"groupingConfiguration,omitempty"`
}

type armGrouping struct {
	Enabled              bool     `json:"enabled"`
	ReopenClosedIncident bool     `json:"reopenClosedIncident"`
	LookbackDuration     string   `json:"lookbackDuration"`
	MatchingMethod       string   `json:"matchingMethod"`
	GroupByEntities      []string `json:"groupByEntities"`
	GroupByAlertDetails  []string `json:"groupByAlertDetails"`
	GroupByCustomDetails []string `json:"groupByCustomDetails"`
}

type armAlertDetails struct {
	AlertDisplayNameFormat  string                 `json:"alertDisplayNameFormat,omitempty"`
	AlertDescriptionFormat  string                 `json:"alertDescriptionFormat,omitempty"`
	AlertTacticsColumnName  string                 `json:"alertTacticsColumnName,omitempty"`
	AlertSeverityColumnName string                 `json:"alertSeverityColumnName,omitempty"`
	AlertDynamicProperties  []AlertDynamicProperty `json:"alertDynamicProperties,omitempty"`
}

type armEntityMapping struct {
	EntityType    string            `json:"entityType"`
	FieldMappings []armFieldMapping `json:"fieldMappings"`
}

type armFieldMapping struct {
	Identifier string `json:"identifier"`
	ColumnName string `json:"columnName"`
}

// orderedStrings is a JSON object that keeps its key order.
type orderedStrings []CustomDetail

func (o orderedStrings) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kv := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshalNoEscape(kv.Key)
		if err != nil {
			return nil, err
		}
		v, err := marshalNoEscape(kv.Column)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func marshalNoEscape(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// armString escapes a string ARM would evaluate as a template expression
// (one that starts with [ and ends with ]) by doubling the first bracket.
func armString(s string) string {
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		return "[" + s
	}
	return s
}

func armStrings(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = armString(s)
	}
	return out
}

func exportARM(r *Rule, w io.Writer) error {
	if r.Kind != KindScheduled && r.Kind != KindNRT {
		return fmt.Errorf("arm export: kind %q is not Scheduled or NRT", r.Kind)
	}
	if !guidRE.MatchString(r.ID) {
		return fmt.Errorf("arm export: id %q is not a GUID", r.ID)
	}
	p := armProperties{
		DisplayName:           armString(r.Name),
		Description:           armString(r.Description),
		Severity:              r.Severity,
		Enabled:               true,
		Query:                 armString(r.Query),
		SuppressionDuration:   "PT5H",
		Tactics:               armStrings(r.Tactics),
		Techniques:            []string{},
		AlertRuleTemplateName: r.ID,
		TemplateVersion:       r.Version,
	}
	if p.Tactics == nil {
		p.Tactics = []string{}
	}
	if r.Kind == KindScheduled {
		freq, err := pickDuration(r.QueryFrequency, r.Frequency)
		if err != nil {
			return fmt.Errorf("arm export: queryFrequency: %w", err)
		}
		period, err := pickDuration(r.QueryPeriod, r.Period)
		if err != nil {
			return fmt.Errorf("arm export: queryPeriod: %w", err)
		}
		op, ok := ParseTriggerOperator(r.TriggerOperator)
		if r.TriggerOperator == "" && r.Trigger != TriggerNone {
			op, ok = r.Trigger, true
		}
		if !ok {
			return fmt.Errorf("arm export: invalid triggerOperator %q", r.TriggerOperator)
		}
		thr := r.TriggerThreshold
		p.QueryFrequency = FormatISO8601(freq)
		p.QueryPeriod = FormatISO8601(period)
		p.TriggerOperator = op.String()
		p.TriggerThreshold = &thr
	}
	if r.SuppressionDuration != "" {
		d, err := ParseDuration(r.SuppressionDuration)
		if err != nil {
			return fmt.Errorf("arm export: suppressionDuration: %w", err)
		}
		p.SuppressionDuration = FormatISO8601(d)
	}
	if r.SuppressionEnabled != nil {
		p.SuppressionEnabled = *r.SuppressionEnabled
	}
	for _, t := range r.RelevantTechniques {
		base, _, sub := strings.Cut(t, ".")
		if !contains(p.Techniques, base) {
			p.Techniques = append(p.Techniques, base)
		}
		if sub && !contains(p.SubTechniques, t) {
			p.SubTechniques = append(p.SubTechniques, t)
		}
	}
	if ic := r.IncidentConfiguration; ic != nil {
		ai := &armIncident{CreateIncident: ic.CreateIncident == nil || *ic.CreateIncident}
		if g := ic.GroupingConfiguration; g != nil {
			ag := &armGrouping{
				Enabled:              g.Enabled != nil && *g.Enabled,
				ReopenClosedIncident: g.ReopenClosedIncident != nil && *g.ReopenClosedIncident,
				LookbackDuration:     g.LookbackDuration,
				MatchingMethod:       g.MatchingMethod,
				GroupByEntities:      nonNil(g.GroupByEntities),
				GroupByAlertDetails:  nonNil(g.GroupByAlertDetails),
				GroupByCustomDetails: nonNil(g.GroupByCustomDetails),
			}
			if d, err := ParseDuration(g.LookbackDuration); err == nil {
				ag.LookbackDuration = FormatISO8601(d)
			}
			ai.GroupingConfiguration = ag
		}
		p.IncidentConfiguration = ai
	}
	if e := r.EventGroupingSettings; e != nil {
		p.EventGroupingSettings = &EventGroupingSettings{AggregationKind: e.AggregationKind}
	}
	if a := r.AlertDetailsOverride; a != nil {
		p.AlertDetailsOverride = &armAlertDetails{
			AlertDisplayNameFormat:  armString(a.AlertDisplayNameFormat),
			AlertDescriptionFormat:  armString(a.AlertDescriptionFormat),
			AlertTacticsColumnName:  a.AlertTacticsColumnName,
			AlertSeverityColumnName: a.AlertSeverityColumnName,
			AlertDynamicProperties:  a.AlertDynamicProperties,
		}
	}
	if len(r.CustomDetails) > 0 {
		p.CustomDetails = orderedStrings(r.CustomDetails)
	}
	for _, e := range r.EntityMappings {
		am := armEntityMapping{EntityType: e.EntityType, FieldMappings: []armFieldMapping{}}
		for _, f := range e.FieldMappings {
			am.FieldMappings = append(am.FieldMappings, armFieldMapping(f))
		}
		p.EntityMappings = append(p.EntityMappings, am)
	}
	p.SentinelEntitiesMappings = r.SentinelEntities

	id := strings.ToLower(r.ID)
	t := armTemplate{
		Schema:         "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
		ContentVersion: "1.0.0.0",
		Parameters:     map[string]armParameter{"workspace": {Type: "String"}},
		Resources: []armResource{{
			ID:         "[concat(resourceId('Microsoft.OperationalInsights/workspaces/providers', parameters('workspace'), 'Microsoft.SecurityInsights'),'/alertRules/" + id + "')]",
			Name:       "[concat(parameters('workspace'),'/Microsoft.SecurityInsights/" + id + "')]",
			Type:       "Microsoft.OperationalInsights/workspaces/providers/alertRules",
			Kind:       r.Kind,
			APIVersion: ARMAPIVersion,
			Properties: p,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(t)
}

// pickDuration parses the raw YAML value, or uses the parsed form of a
// rule built in code.
func pickDuration(raw string, parsed time.Duration) (time.Duration, error) {
	if raw == "" && parsed > 0 {
		return parsed, nil
	}
	return parseSentinelTimeSpan(raw)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
