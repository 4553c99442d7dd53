package rules

import (
	"errors"
	"fmt"
	"io"
	"math"
	suggestpkg "reconwatch/internal/suggest"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// topKeys are the top-level keys of a Sentinel analytics rule template, in
// the order Sentinel's repository writes them (and Export writes them).
var topKeys = []string{
	"id", "name", "description", "severity", "status",
	"requiredDataConnectors", "queryFrequency", "queryPeriod",
	"triggerOperator", "triggerThreshold", "tactics", "relevantTechniques",
	"tags", "query", "entityMappings", "sentinelEntitiesMappings",
	"customDetails", "alertDetailsOverride", "eventGroupingSettings",
	"incidentConfiguration", "suppressionEnabled", "suppressionDuration",
	"version", "kind", "metadata",
}

// Parse decodes one rule from YAML. name is the file name used in
// positions and diagnostics.
//
// Parse fails only when the data is not YAML or not a mapping. Values of
// the wrong type, unknown keys and duplicate keys are recorded in
// r.Src and reported by Validate, so that one bad field does not hide the
// others.
func Parse(data []byte, name string) (r *Rule, err error) {
	root, extraDocs, err := decodeDocument(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if root == nil {
		return nil, fmt.Errorf("%s: empty document", name)
	}
	r = &Rule{}
	d := newDecoder(r, name, data)
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d:%d: a rule must be a YAML mapping, found a %s", name, root.Line, root.Column, kindName(root))
	}
	d.rule(root)
	if extraDocs {
		d.problem("", root, LevelWarning, "multiple-documents", "the file holds more than one YAML document; only the first is read")
	}
	return r, nil
}

// UnmarshalYAML decodes a rule from a YAML node (without file positions
// beyond the node's own), so a Rule can be embedded in other documents.
func (r *Rule) UnmarshalYAML(n *yaml.Node) error {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: a rule must be a YAML mapping, found a %s", n.Line, kindName(n))
	}
	*r = Rule{}
	d := newDecoder(r, "", nil)
	d.rule(n)
	return nil
}

// decodeDocument parses the first YAML document of data, shielding the
// caller from any panic in the YAML library.
func decodeDocument(data []byte) (root *yaml.Node, extraDocs bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			root, extraDocs, err = nil, false, fmt.Errorf("yaml: %v", p)
		}
	}()
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, false, nil
		}
		return nil, false, err
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		extraDocs = true
	}
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return nil, extraDocs, nil
		}
		root = deref(doc.Content[0])
	} else {
		root = deref(&doc)
	}
	if root == nil || (root.Kind == yaml.ScalarNode && root.Tag == "!!null") {
		return nil, extraDocs, nil
	}
	return root, extraDocs, nil
}

// decoder walks the YAML tree into a Rule, recording positions and
// problems.
type decoder struct {
	r     *Rule
	src   *Source
	lines []string
}

func newDecoder(r *Rule, name string, data []byte) *decoder {
	r.Src = Source{File: name, Paths: map[string]Pos{}, parsed: true}
	d := &decoder{r: r, src: &r.Src}
	if data != nil {
		d.lines = strings.Split(string(data), "\n")
	}
	return d
}

func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return "scalar"
	case yaml.AliasNode:
		return "alias"
	case yaml.DocumentNode:
		return "document"
	}
	return "node"
}

func (d *decoder) problem(path string, n *yaml.Node, level Level, code, format string, args ...any) {
	p := Pos{}
	if n != nil {
		p = Pos{n.Line, n.Column}
	}
	if p.Line == 0 {
		p = d.src.Pos(path)
	}
	d.src.problems = append(d.src.problems, Diagnostic{
		File: d.src.File, Line: p.Line, Col: p.Col, Field: path,
		Level: level, Code: code, Message: fmt.Sprintf(format, args...),
	})
}

func joinPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

func indexPath(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i) + "]"
}

// mapping calls fn for each entry of the mapping n, in order, after
// recording the key position. Duplicate keys are reported and skipped;
// merge keys (<<) are expanded.
func (d *decoder) mapping(n *yaml.Node, path string, fn func(key string, k, v *yaml.Node, kpath string)) bool {
	n = deref(n)
	if n == nil || isNull(n) {
		return false
	}
	if n.Kind != yaml.MappingNode {
		d.problem(path, n, LevelError, "type", "expected a mapping, found a %s", kindName(n))
		return false
	}
	seen := map[string]bool{}
	var merged []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merged = append(merged, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.problem(path, k, LevelError, "type", "mapping keys must be scalars, found a %s", kindName(k))
			continue
		}
		key := k.Value
		kp := joinPath(path, key)
		if seen[key] {
			d.problem(kp, k, LevelError, "duplicate-key", "key %q is defined more than once", key)
			continue
		}
		seen[key] = true
		d.src.Paths[kp] = Pos{k.Line, k.Column}
		fn(key, k, v, kp)
	}
	// Merge keys: entries of the merged mappings that are not set
	// explicitly.
	for _, m := range merged {
		m = deref(m)
		var maps []*yaml.Node
		switch m.Kind {
		case yaml.MappingNode:
			maps = []*yaml.Node{m}
		case yaml.SequenceNode:
			for _, x := range m.Content {
				maps = append(maps, deref(x))
			}
		}
		for _, mm := range maps {
			if mm == nil || mm.Kind != yaml.MappingNode {
				continue
			}
			for i := 0; i+1 < len(mm.Content); i += 2 {
				k, v := deref(mm.Content[i]), mm.Content[i+1]
				if k.Kind != yaml.ScalarNode || seen[k.Value] || k.Tag == "!!merge" {
					continue
				}
				seen[k.Value] = true
				kp := joinPath(path, k.Value)
				d.src.Paths[kp] = Pos{k.Line, k.Column}
				fn(k.Value, k, v, kp)
			}
		}
	}
	return true
}

// sequence calls fn for each item of the list n after recording its
// position. It reports whether n was a (possibly empty) list.
func (d *decoder) sequence(n *yaml.Node, path string, fn func(i int, item *yaml.Node, ipath string)) bool {
	n = deref(n)
	if n == nil || isNull(n) {
		return false
	}
	if n.Kind != yaml.SequenceNode {
		d.problem(path, n, LevelError, "type", "expected a list, found a %s", kindName(n))
		return false
	}
	for i, item := range n.Content {
		ip := indexPath(path, i)
		it := deref(item)
		d.src.Paths[ip] = Pos{item.Line, item.Column}
		fn(i, it, ip)
	}
	return true
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// str returns the text of a scalar; null is "".
func (d *decoder) str(n *yaml.Node, path string) string {
	n = deref(n)
	if n == nil || isNull(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		d.problem(path, n, LevelError, "type", "expected a string, found a %s", kindName(n))
		return ""
	}
	return n.Value
}

// strList decodes a list of scalars. A null value gives nil; an empty list
// gives an empty, non-nil slice.
func (d *decoder) strList(n *yaml.Node, path string) []string {
	out := []string{}
	if !d.sequence(n, path, func(i int, item *yaml.Node, ip string) {
		out = append(out, d.str(item, ip))
	}) {
		return nil
	}
	return out
}

// integer decodes a 32-bit integer (a YAML int, or a string holding one,
// as Newtonsoft.Json accepts).
func (d *decoder) integer(n *yaml.Node, path string) (int, bool) {
	n = deref(n)
	if n == nil || isNull(n) {
		return 0, false
	}
	if n.Kind != yaml.ScalarNode {
		d.problem(path, n, LevelError, "type", "expected an integer, found a %s", kindName(n))
		return 0, false
	}
	var v int64
	var err error
	switch n.Tag {
	case "!!int":
		err = n.Decode(&v)
	default:
		v, err = strconv.ParseInt(strings.TrimSpace(n.Value), 10, 64)
	}
	if err != nil {
		d.problem(path, n, LevelError, "type", "expected an integer, found %q", n.Value)
		return 0, false
	}
	if v < math.MinInt32 || v > math.MaxInt32 {
		d.problem(path, n, LevelError, "type", "integer %s does not fit in 32 bits", n.Value)
		return 0, false
	}
	return int(v), true
}

// boolean decodes true/false (case-insensitive, also quoted).
func (d *decoder) boolean(n *yaml.Node, path string) *bool {
	n = deref(n)
	if n == nil || isNull(n) {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		switch strings.ToLower(strings.TrimSpace(n.Value)) {
		case "true":
			t := true
			return &t
		case "false":
			f := false
			return &f
		}
	}
	d.problem(path, n, LevelError, "type", "expected true or false, found %s", describe(n))
	return nil
}

func describe(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return strconv.Quote(n.Value)
	}
	return "a " + kindName(n)
}

func (d *decoder) unknown(path string, k *yaml.Node, known []string) {
	msg := fmt.Sprintf("unknown key %q", k.Value)
	if s := suggest(k.Value, known); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	d.problem(path, k, LevelWarning, "unknown-key", "%s", msg)
}

// rule decodes the top-level mapping.
func (d *decoder) rule(root *yaml.Node) {
	r := d.r
	d.mapping(root, "", func(key string, k, v *yaml.Node, kp string) {
		switch key {
		case "id":
			r.ID = d.str(v, kp)
		case "name":
			r.Name = d.str(v, kp)
		case "description":
			r.Description = d.str(v, kp)
		case "severity":
			r.Severity = d.str(v, kp)
		case "status":
			r.Status = d.str(v, kp)
		case "requiredDataConnectors":
			r.RequiredDataConnectors = d.connectors(v, kp)
		case "queryFrequency":
			r.QueryFrequency = d.str(v, kp)
			r.Frequency, _ = ParseDuration(r.QueryFrequency)
		case "queryPeriod":
			r.QueryPeriod = d.str(v, kp)
			r.Period, _ = ParseDuration(r.QueryPeriod)
		case "triggerOperator":
			r.TriggerOperator = d.str(v, kp)
			r.Trigger, _ = ParseTriggerOperator(r.TriggerOperator)
		case "triggerThreshold":
			if n, ok := d.integer(v, kp); ok {
				r.TriggerThreshold = n
			} else if isNull(deref(v)) {
				delete(d.src.Paths, kp) // null: treat as missing
			}
		case "tactics":
			r.Tactics = d.strList(v, kp)
		case "relevantTechniques":
			r.RelevantTechniques = d.strList(v, kp)
		case "tags":
			d.generic(v, kp, &r.Tags)
		case "query":
			r.Query = d.str(v, kp)
			d.queryPos(k, v)
		case "entityMappings":
			r.EntityMappings = d.entityMappings(v, kp)
		case "sentinelEntitiesMappings":
			r.SentinelEntities = d.sentinelEntities(v, kp)
		case "customDetails":
			r.CustomDetails = d.customDetails(v, kp)
		case "alertDetailsOverride":
			r.AlertDetailsOverride = d.alertDetails(v, kp)
		case "eventGroupingSettings":
			r.EventGroupingSettings = d.eventGrouping(v, kp)
		case "incidentConfiguration":
			r.IncidentConfiguration = d.incident(v, kp)
		case "suppressionEnabled":
			r.SuppressionEnabled = d.boolean(v, kp)
		case "suppressionDuration":
			r.SuppressionDuration = d.str(v, kp)
		case "version":
			r.Version = d.str(v, kp)
		case "kind":
			r.Kind = d.str(v, kp)
		case "metadata":
			d.generic(v, kp, &r.Metadata)
		default:
			d.unknown(kp, k, topKeys)
		}
	})
}

// generic decodes free-form content (tags, metadata) with the YAML
// library's own rules.
func (d *decoder) generic(v *yaml.Node, path string, out any) {
	n := deref(v)
	if isNull(n) {
		return
	}
	switch out.(type) {
	case *[]any:
		if n.Kind != yaml.SequenceNode {
			d.problem(path, n, LevelError, "type", "expected a list, found a %s", kindName(n))
			return
		}
	case *map[string]any:
		if n.Kind != yaml.MappingNode {
			d.problem(path, n, LevelError, "type", "expected a mapping, found a %s", kindName(n))
			return
		}
	}
	if err := safeDecode(n, out); err != nil {
		d.problem(path, n, LevelError, "type", "%v", err)
	}
}

func safeDecode(n *yaml.Node, out any) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("yaml: %v", p)
		}
	}()
	return n.Decode(out)
}

// queryPos records where the query text starts.
func (d *decoder) queryPos(k, v *yaml.Node) {
	v = deref(v)
	s := d.src
	s.QueryBlock = false
	switch {
	case v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		s.QueryBlock = v.Style&yaml.LiteralStyle != 0
		indent := d.blockIndent(k, v)
		s.QueryStart = Pos{v.Line + 1, indent + 1}
		s.QueryLineOffset = v.Line
		s.QueryColOffset = indent
	case v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		s.QueryStart = Pos{v.Line, v.Column + 1}
		s.QueryLineOffset = v.Line - 1
		s.QueryColOffset = v.Column
	default:
		s.QueryStart = Pos{v.Line, v.Column}
		s.QueryLineOffset = v.Line - 1
		s.QueryColOffset = v.Column - 1
	}
}

// blockIndent returns the indentation (in spaces) of the content of the
// block scalar v whose header (| or >) is at v's position.
func (d *decoder) blockIndent(k, v *yaml.Node) int {
	parent := k.Column - 1
	if parent < 0 {
		parent = 0
	}
	if v.Line < 1 || v.Line > len(d.lines) {
		return parent + 2
	}
	header := []rune(strings.TrimRight(d.lines[v.Line-1], "\r"))
	if c := v.Column - 1; c >= 0 && c < len(header) {
		for _, ch := range header[c+1:] {
			if ch >= '1' && ch <= '9' {
				return parent + int(ch-'0')
			}
			if ch != '+' && ch != '-' {
				break
			}
		}
	}
	for i := v.Line; i < len(d.lines); i++ {
		line := strings.TrimRight(d.lines[i], "\r")
		if strings.TrimLeft(line, " ") == "" {
			continue
		}
		return len(line) - len(strings.TrimLeft(line, " "))
	}
	return parent + 2
}

func (d *decoder) connectors(v *yaml.Node, path string) []DataConnector {
	var out []DataConnector
	ok := d.sequence(v, path, func(i int, item *yaml.Node, ip string) {
		var c DataConnector
		d.mapping(item, ip, func(key string, k, v *yaml.Node, kp string) {
			switch key {
			case "connectorId":
				c.ConnectorID = d.str(v, kp)
			case "dataTypes":
				c.DataTypes = d.strList(v, kp)
			default:
				d.unknown(kp, k, []string{"connectorId", "dataTypes"})
			}
		})
		out = append(out, c)
	})
	if ok && out == nil {
		out = []DataConnector{}
	}
	return out
}

func (d *decoder) entityMappings(v *yaml.Node, path string) []EntityMapping {
	var out []EntityMapping
	ok := d.sequence(v, path, func(i int, item *yaml.Node, ip string) {
		var e EntityMapping
		d.mapping(item, ip, func(key string, k, v *yaml.Node, kp string) {
			switch key {
			case "entityType":
				e.EntityType = d.str(v, kp)
			case "fieldMappings":
				fms := []FieldMapping{}
				if !d.sequence(v, kp, func(j int, fitem *yaml.Node, fp string) {
					var f FieldMapping
					d.mapping(fitem, fp, func(key string, k, v *yaml.Node, kp string) {
						switch key {
						case "identifier":
							f.Identifier = d.str(v, kp)
						case "columnName":
							f.ColumnName = d.str(v, kp)
						default:
							d.unknown(kp, k, []string{"identifier", "columnName"})
						}
					})
					fms = append(fms, f)
				}) {
					fms = nil
				}
				e.FieldMappings = fms
			default:
				d.unknown(kp, k, []string{"entityType", "fieldMappings"})
			}
		})
		out = append(out, e)
	})
	if ok && out == nil {
		out = []EntityMapping{}
	}
	return out
}

func (d *decoder) sentinelEntities(v *yaml.Node, path string) []SentinelEntityMapping {
	var out []SentinelEntityMapping
	ok := d.sequence(v, path, func(i int, item *yaml.Node, ip string) {
		var s SentinelEntityMapping
		d.mapping(item, ip, func(key string, k, v *yaml.Node, kp string) {
			if key == "columnName" {
				s.ColumnName = d.str(v, kp)
			} else {
				d.unknown(kp, k, []string{"columnName"})
			}
		})
		out = append(out, s)
	})
	if ok && out == nil {
		out = []SentinelEntityMapping{}
	}
	return out
}

func (d *decoder) customDetails(v *yaml.Node, path string) CustomDetails {
	var out CustomDetails
	if d.mapping(v, path, func(key string, k, v *yaml.Node, kp string) {
		out = append(out, CustomDetail{Key: key, Column: d.str(v, kp)})
	}) && out == nil {
		out = CustomDetails{}
	}
	return out
}

var alertDetailsKeys = []string{"alertDisplayNameFormat", "alertDescriptionFormat", "alertTacticsColumnName", "alertSeverityColumnName", "alertDynamicProperties"}

func (d *decoder) alertDetails(v *yaml.Node, path string) *AlertDetailsOverride {
	var a AlertDetailsOverride
	if !d.mapping(v, path, func(key string, k, v *yaml.Node, kp string) {
		switch key {
		case "alertDisplayNameFormat":
			a.AlertDisplayNameFormat = d.str(v, kp)
		case "alertDescriptionFormat":
			a.AlertDescriptionFormat = d.str(v, kp)
		case "alertTacticsColumnName":
			a.AlertTacticsColumnName = d.str(v, kp)
		case "alertSeverityColumnName":
			a.AlertSeverityColumnName = d.str(v, kp)
		case "alertDynamicProperties":
			props := []AlertDynamicProperty{}
			if !d.sequence(v, kp, func(i int, item *yaml.Node, ip string) {
				var p AlertDynamicProperty
				d.mapping(item, ip, func(key string, k, v *yaml.Node, kp string) {
					switch key {
					case "alertProperty":
						p.AlertProperty = d.str(v, kp)
					case "value":
						p.Value = d.str(v, kp)
					default:
						d.unknown(kp, k, []string{"alertProperty", "value"})
					}
				})
				props = append(props, p)
			}) {
				props = nil
			}
			a.AlertDynamicProperties = props
		default:
			d.unknown(kp, k, alertDetailsKeys)
		}
	}) {
		return nil
	}
	return &a
}

func (d *decoder) eventGrouping(v *yaml.Node, path string) *EventGroupingSettings {
	var e EventGroupingSettings
	if !d.mapping(v, path, func(key string, k, v *yaml.Node, kp string) {
		if key == "aggregationKind" {
			e.AggregationKind = d.str(v, kp)
		} else {
			d.unknown(kp, k, []string{"aggregationKind"})
		}
	}) {
		return nil
	}
	return &e
}

var groupingKeys = []string{"enabled", "reopenClosedIncident", "lookbackDuration", "matchingMethod", "groupByEntities", "groupByAlertDetails", "groupByCustomDetails"}

func (d *decoder) incident(v *yaml.Node, path string) *IncidentConfiguration {
	var ic IncidentConfiguration
	if !d.mapping(v, path, func(key string, k, v *yaml.Node, kp string) {
		switch key {
		case "createIncident":
			ic.CreateIncident = d.boolean(v, kp)
		case "groupingConfiguration":
			var g GroupingConfiguration
			if d.mapping(v, kp, func(key string, k, v *yaml.Node, gp string) {
				switch key {
				case "enabled":
					g.Enabled = d.boolean(v, gp)
				case "reopenClosedIncident":
					g.ReopenClosedIncident = d.boolean(v, gp)
				case "lookbackDuration":
					g.LookbackDuration = d.str(v, gp)
				case "matchingMethod":
					g.MatchingMethod = d.str(v, gp)
				case "groupByEntities":
					g.GroupByEntities = d.strList(v, gp)
				case "groupByAlertDetails":
					g.GroupByAlertDetails = d.strList(v, gp)
				case "groupByCustomDetails":
					g.GroupByCustomDetails = d.strList(v, gp)
				default:
					d.unknown(gp, k, groupingKeys)
				}
			}) {
				ic.GroupingConfiguration = &g
			}
		default:
			d.unknown(kp, k, []string{"createIncident", "groupingConfiguration"})
		}
	}) {
		return nil
	}
	return &ic
}

// suggest returns the known key closest to s: a case-insensitive match,
// else the nearest by edit distance (at most 3, and at most a third of
// s's length), else one that is a prefix of s or has s as prefix; "" when
// nothing is close.
func suggest(s string, known []string) string {
	ls := strings.ToLower(s)
	limit := min(3, max(1, len(ls)/3))
	best, bestD, prefix := "", limit+1, ""
	for _, k := range known {
		if strings.EqualFold(k, s) {
			return k
		}
		lk := strings.ToLower(k)
		if dist := editDistance(ls, lk); dist < bestD {
			best, bestD = k, dist
		}
		if prefix == "" && len(lk) >= 3 && len(ls) >= 3 && (strings.HasPrefix(ls, lk) || strings.HasPrefix(lk, ls)) {
			prefix = k
		}
	}
	if best != "" {
		return best
	}
	return prefix
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	return suggestpkg.Levenshtein(a, b)
}
