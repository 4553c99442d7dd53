package rules

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"reconwatch/internal/table"
)

// QueryChecker checks a rule's query and returns the columns of its
// result. Validate uses it to check that every column named by
// entityMappings, customDetails, alertDetailsOverride and
// sentinelEntitiesMappings exists. The caller supplies it (typically by
// parsing and type-checking the query with the KQL engine); this package
// never runs KQL.
//
// An error may be a single error, or wrap several (Unwrap() []error). An
// error (or one it wraps) that implements QueryError is placed at its
// position in the rule file.
type QueryChecker func(query string) (columns []table.Column, err error)

// QueryError is implemented by query errors that know where in the query
// text they are.
type QueryError interface {
	error
	// QueryOffset is the byte offset in the query text.
	QueryOffset() int
}

// Limits of Sentinel's template validator.
const (
	MaxNameLen              = 256
	MaxDescriptionLen       = 5000
	MaxQueryLen             = 10000
	MinQueryInterval        = 5 * time.Minute
	MaxQueryInterval        = 14 * 24 * time.Hour
	MaxTriggerThreshold     = 10000
	MaxEntityMappings       = 10
	MaxFieldMappings        = 3
	MaxColumnNameLen        = 500
	MaxCustomDetails        = 20
	MaxCustomDetailKeyLen   = 20
	MaxPlaceholders         = 3
	MaxDisplayNameFormatLen = 256
	MaxDescFormatLen        = 5000
	MaxVersionLen           = 20
)

var (
	guidRE         = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	guidLooseRE    = regexp.MustCompile(`^(\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}|\([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\)|[0-9a-fA-F]{32})$`)
	columnNameRE   = regexp.MustCompile(`^[a-zA-Z_]+\w*$`)
	customKeyRE    = regexp.MustCompile(`^[a-zA-Z]+\w*$`)
	versionRE      = regexp.MustCompile(`^(\d+\.)(\d+\.)(\d+)$`)
	placeholderRE  = regexp.MustCompile(`\{\{([^{}]*)\}\}`)
	identifierLike = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

var (
	severities        = []string{"Informational", "Low", "Medium", "High"}
	aggregationKinds  = []string{SingleAlert, AlertPerResult}
	matchingMethods   = []string{"AllEntities", "AnyAlert", "Selected"}
	groupAlertDetails = []string{"DisplayName", "Severity"}
	// other AlertRuleKind values: valid Sentinel kinds reconwatch does not run.
	otherKinds = []string{"Fusion", "MLBehaviorAnalytics", "MicrosoftSecurityIncidentCreation", "ThreatIntelligence", "Anomaly", "BlackBox"}
)

// Validate checks a rule against Sentinel's template validation rules
// (Scheduled and NRT kinds) and returns the findings, ordered by position.
// check may be nil, in which case column existence is not checked.
func Validate(r *Rule, check QueryChecker) Diagnostics {
	v := &validator{r: r}
	for _, p := range r.Src.problems {
		p.RuleID, p.RuleName, p.File = r.ID, r.Name, r.Src.File
		v.out = append(v.out, p)
	}
	v.kindCheck()
	v.required()
	v.identity()
	v.schedule()
	v.attack()
	v.connectors()
	v.queryText()
	cols := v.runChecker(check)
	v.entities(cols)
	v.customDetails(cols)
	v.alertDetails(cols)
	v.eventGrouping()
	v.incident()
	v.suppression()
	v.version()
	sortDiagnostics(v.out)
	return v.out
}

// ValidateSet checks a set of rules together: ids and names must be
// unique.
func ValidateSet(rs []*Rule) Diagnostics {
	var out Diagnostics
	ids := map[string]*Rule{}
	names := map[string]*Rule{}
	for _, r := range rs {
		if r.ID != "" {
			id := strings.ToLower(strings.Trim(r.ID, "{}()"))
			if prev, ok := ids[id]; ok {
				v := &validator{r: r}
				v.errorf("id", "duplicate-id", "id %s is also used by %s", r.ID, where(prev))
				out = append(out, v.out...)
			} else {
				ids[id] = r
			}
		}
		if r.Name != "" {
			if prev, ok := names[r.Name]; ok {
				v := &validator{r: r}
				v.warnf("name", "duplicate-name", "name %q is also used by %s", r.Name, where(prev))
				out = append(out, v.out...)
			} else {
				names[r.Name] = r
			}
		}
	}
	sortDiagnostics(out)
	return out
}

func where(r *Rule) string {
	p := r.Src.Pos("id")
	if r.Src.File == "" {
		return "another rule"
	}
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d", r.Src.File, p.Line)
	}
	return r.Src.File
}

type validator struct {
	r    *Rule
	kind string // Scheduled or NRT (Scheduled when invalid)
	out  Diagnostics
}

func (v *validator) add(path string, level Level, code, format string, args ...any) {
	p := v.r.Src.Pos(path)
	if p.Line == 0 && v.r.Src.parsed {
		p = Pos{1, 1}
	}
	v.out = append(v.out, Diagnostic{
		File: v.r.Src.File, Line: p.Line, Col: p.Col, Field: path,
		RuleID: v.r.ID, RuleName: v.r.Name,
		Level: level, Code: code, Message: fmt.Sprintf(format, args...),
	})
}

func (v *validator) errorf(path, code, format string, args ...any) {
	v.add(path, LevelError, code, format, args...)
}

func (v *validator) warnf(path, code, format string, args ...any) {
	v.add(path, LevelWarning, code, format, args...)
}

// has reports whether a key was written in the file (for parsed rules) or
// the value is set (for rules built in code).
func (v *validator) has(path string, set bool) bool {
	if v.r.Src.parsed {
		return v.r.Src.Has(path)
	}
	return set
}

// utf16Len is the length .NET's StringLength counts.
func utf16Len(s string) int {
	n := 0
	for _, c := range s {
		if c >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func (v *validator) hasProblem(path string) bool {
	for _, p := range v.r.Src.problems {
		if p.Field == path {
			return true
		}
	}
	return false
}

func (v *validator) kindCheck() {
	r := v.r
	v.kind = KindScheduled
	switch r.Kind {
	case KindScheduled, KindNRT:
		v.kind = r.Kind
	case "":
		// reported by required()
	default:
		if k, ok := containsFold([]string{KindScheduled, KindNRT}, r.Kind); ok {
			v.kind = k
			v.warnf("kind", "enum-case", "kind %q should be spelled %q", r.Kind, k)
		} else if k, ok := containsFold(otherKinds, r.Kind); ok {
			v.errorf("kind", "kind", "kind %q is a Sentinel rule kind reconwatch does not run; only Scheduled and NRT rules have a query", k)
		} else {
			v.errorf("kind", "kind", "invalid kind %q; expected Scheduled or NRT", r.Kind)
		}
	}
}

func (v *validator) required() {
	r := v.r
	type field struct {
		key string
		set bool
	}
	fields := []field{
		{"id", r.ID != ""},
		{"name", r.Name != ""},
		{"description", r.Description != ""},
		{"kind", r.Kind != ""},
		{"severity", r.Severity != ""},
		{"query", r.Query != ""},
	}
	if v.kind == KindScheduled {
		fields = append(fields,
			field{"requiredDataConnectors", r.RequiredDataConnectors != nil},
			field{"queryFrequency", r.QueryFrequency != ""},
			field{"queryPeriod", r.QueryPeriod != ""},
			field{"triggerOperator", r.TriggerOperator != ""},
		)
		if r.Src.parsed && !r.Src.Has("triggerThreshold") {
			v.errorf("triggerThreshold", "required", "missing required field triggerThreshold")
		}
	}
	for _, f := range fields {
		if f.set {
			continue
		}
		if v.r.Src.Has(f.key) {
			if v.hasProblem(f.key) {
				continue // a decoding problem (wrong type) is already reported
			}
			// written but empty or null
			if f.key == "query" {
				continue // reported by queryText with the length rule
			}
			v.errorf(f.key, "required", "%s must not be empty", f.key)
			continue
		}
		v.errorf(f.key, "required", "missing required field %s", f.key)
	}
}

func (v *validator) identity() {
	r := v.r
	if r.ID != "" && !guidRE.MatchString(r.ID) {
		if guidLooseRE.MatchString(r.ID) {
			v.warnf("id", "guid", "id %q is a GUID but not in the canonical 8-4-4-4-12 form", r.ID)
		} else {
			v.errorf("id", "guid", "id %q is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", r.ID)
		}
	}
	if n := utf16Len(r.Name); n > MaxNameLen {
		v.errorf("name", "length", "name is %d characters long; the maximum is %d", n, MaxNameLen)
	}
	if n := utf16Len(r.Description); n > MaxDescriptionLen {
		v.errorf("description", "length", "description is %d characters long; the maximum is %d", n, MaxDescriptionLen)
	}
	if r.Severity != "" && !contains(severities, r.Severity) {
		if s, ok := containsFold(severities, r.Severity); ok {
			v.warnf("severity", "enum-case", "severity %q should be spelled %q", r.Severity, s)
		} else {
			v.errorf("severity", "severity", "invalid severity %q; expected Informational, Low, Medium or High", r.Severity)
		}
	}
}

func (v *validator) schedule() {
	r := v.r
	if v.kind == KindNRT {
		for _, k := range []string{"queryFrequency", "queryPeriod", "triggerOperator", "triggerThreshold"} {
			if r.Src.Has(k) {
				v.warnf(k, "nrt-ignored", "%s is ignored for NRT rules, which run every minute and alert on any result", k)
			}
		}
		return
	}
	freq, freqOK := v.interval("queryFrequency", r.QueryFrequency)
	period, periodOK := v.interval("queryPeriod", r.QueryPeriod)
	if freqOK && periodOK {
		if period < freq {
			v.errorf("queryPeriod", "period-frequency", "queryPeriod (%s) must be greater than or equal to queryFrequency (%s)", r.QueryPeriod, r.QueryFrequency)
		}
		if period >= 48*time.Hour && freq < time.Hour {
			v.errorf("queryFrequency", "long-period-frequency", "when queryPeriod (%s) is 2 days or more, queryFrequency (%s) must be at least 1 hour", r.QueryPeriod, r.QueryFrequency)
		}
	}
	if r.TriggerOperator != "" {
		if _, ok := ParseTriggerOperator(r.TriggerOperator); !ok {
			msg := fmt.Sprintf("invalid triggerOperator %q; expected gt, lt, eq, ne, GreaterThan, LessThan, Equal or NotEqual", r.TriggerOperator)
			if s, ok := containsFold([]string{"gt", "lt", "eq", "ne", "GreaterThan", "LessThan", "Equal", "NotEqual"}, r.TriggerOperator); ok {
				msg += fmt.Sprintf(" (spelling is case-sensitive: %q)", s)
			}
			v.errorf("triggerOperator", "trigger-operator", "%s", msg)
		}
	}
	if r.TriggerThreshold < 0 || r.TriggerThreshold > MaxTriggerThreshold {
		v.errorf("triggerThreshold", "threshold-range", "triggerThreshold %d is out of range 0 to %d", r.TriggerThreshold, MaxTriggerThreshold)
	} else if op, _ := ParseTriggerOperator(r.TriggerOperator); op == LessThan && r.TriggerThreshold == 0 {
		v.warnf("triggerThreshold", "never-triggers", "triggerOperator lt with triggerThreshold 0 never triggers")
	}
}

// interval checks queryFrequency or queryPeriod.
func (v *validator) interval(key, raw string) (time.Duration, bool) {
	if raw == "" {
		return 0, false
	}
	d, err := parseSentinelTimeSpan(raw)
	if err != nil {
		v.errorf(key, "duration-format", "%s %v", key, err)
		return 0, false
	}
	if d < MinQueryInterval || d > MaxQueryInterval {
		v.errorf(key, "duration-range", "%s %s is out of range: it must be between 5m and 14d", key, raw)
		return d, false
	}
	return d, true
}

func (v *validator) attack() {
	r := v.r
	seen := map[string]bool{}
	for i, t := range r.Tactics {
		p := indexPath("tactics", i)
		switch {
		case t == "PreAttack":
			v.warnf(p, "tactic", "tactic PreAttack is accepted by the ARM API but not by Sentinel's template validator; use Reconnaissance or ResourceDevelopment")
		case contains(Tactics, t):
		default:
			squeezed := strings.NewReplacer(" ", "", "-", "", "_", "").Replace(t)
			if s, ok := containsFold(Tactics, squeezed); ok {
				v.errorf(p, "tactic", "invalid tactic %q; write it as %q", t, s)
			} else {
				v.errorf(p, "tactic", "invalid tactic %q; expected one of %s", t, strings.Join(Tactics, ", "))
			}
		}
		if seen[t] {
			v.warnf(p, "duplicate", "tactic %s is listed twice", t)
		}
		seen[t] = true
	}
	seenT := map[string]bool{}
	for i, t := range r.RelevantTechniques {
		p := indexPath("relevantTechniques", i)
		if seenT[t] {
			v.warnf(p, "duplicate", "technique %s is listed twice", t)
		}
		seenT[t] = true
		if !techniqueRE.MatchString(t) {
			v.errorf(p, "technique-format", "invalid technique %q; expected T#### or T####.###", t)
			continue
		}
		tactics, known := TechniqueTactics(t)
		if v.hasProblem("tactics") {
			continue // tactics could not be read
		}
		if !known {
			v.warnf(p, "technique-unknown", "technique %s is not in reconwatch's technique-to-tactic table; its tactics cannot be checked", t)
			continue
		}
		ok := false
		for _, tac := range tactics {
			if contains(r.Tactics, tac) {
				ok = true
				break
			}
		}
		if !ok && (contains(r.Tactics, "PreAttack") && (contains(tactics, "Reconnaissance") || contains(tactics, "ResourceDevelopment"))) {
			ok = true
		}
		if !ok {
			v.errorf(p, "technique-tactic", "no valid tactic corresponding to the technique %s was provided in the tactics field; add %s", t, strings.Join(tactics, " or "))
		}
	}
}

func (v *validator) connectors() {
	r := v.r
	if v.kind == KindScheduled && r.RequiredDataConnectors != nil && len(r.RequiredDataConnectors) == 0 {
		v.warnf("requiredDataConnectors", "connector", "requiredDataConnectors is empty")
	}
	for i, c := range r.RequiredDataConnectors {
		p := indexPath("requiredDataConnectors", i)
		if strings.TrimSpace(c.ConnectorID) == "" {
			v.errorf(joinPath(p, "connectorId"), "connector", "connectorId is required")
		} else if strings.ContainsAny(c.ConnectorID, " \t") {
			v.errorf(joinPath(p, "connectorId"), "connector", "connectorId %q must not contain spaces", c.ConnectorID)
		}
		if c.DataTypes == nil {
			v.errorf(joinPath(p, "dataTypes"), "connector", "dataTypes is required")
			continue
		}
		if len(c.DataTypes) == 0 {
			v.warnf(joinPath(p, "dataTypes"), "connector", "dataTypes is empty")
		}
		for j, dt := range c.DataTypes {
			dp := indexPath(joinPath(p, "dataTypes"), j)
			if strings.TrimSpace(dt) == "" {
				v.errorf(dp, "connector", "data type must not be empty")
				continue
			}
			if r.Query != "" && identifierLike.MatchString(dt) && !mentions(r.Query, dt) {
				v.warnf(dp, "connector", "the query does not mention data type %s", dt)
			}
		}
	}
}

// mentions reports whether word occurs in text as a whole identifier.
func mentions(text, word string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], word)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(word)
		before := j == 0 || !isIdentByte(text[j-1])
		after := end >= len(text) || !isIdentByte(text[end])
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func (v *validator) queryText() {
	r := v.r
	if n := utf16Len(r.Query); n > MaxQueryLen || (n == 0 && r.Src.Has("query") && !v.hasProblem("query")) {
		v.errorf("query", "length", "query is %d characters long; it must be 1 to %d", n, MaxQueryLen)
	}
	if r.Query == "" {
		return
	}
	for _, old := range oldEntityColumns {
		if !strings.Contains(r.Query, old) {
			continue
		}
		mapped := false
		for _, e := range r.EntityMappings {
			for _, f := range e.FieldMappings {
				if f.ColumnName == old {
					mapped = true
				}
			}
		}
		if !mapped {
			v.errorf("query", "old-entity-mapping", "an old mapping for entity %q does not have a matching new mapping entry in entityMappings", old)
		}
	}
}

// runChecker runs the query checker and returns the result columns by
// name, or nil when there is no checker or the query does not check.
func (v *validator) runChecker(check QueryChecker) map[string]table.Column {
	r := v.r
	if check == nil || r.Query == "" {
		return nil
	}
	cols, err := safeCheck(check, r.Query)
	if err != nil {
		errs := []error{err}
		if u, ok := err.(interface{ Unwrap() []error }); ok && len(u.Unwrap()) > 0 {
			errs = u.Unwrap()
		}
		for i, e := range errs {
			if i == 20 {
				v.errorf("query", "query", "%d more query errors", len(errs)-20)
				break
			}
			if e == nil {
				continue
			}
			d := Diagnostic{
				File: r.Src.File, Field: "query", RuleID: r.ID, RuleName: r.Name,
				Level: LevelError, Code: "query", Message: e.Error(),
			}
			var qe QueryError
			if errors.As(e, &qe) && r.Src.parsed {
				d.Line, d.Col = r.QueryPosition(qe.QueryOffset())
			} else {
				p := r.Src.QueryStart
				if p.Line == 0 {
					p = r.Src.Pos("query")
				}
				d.Line, d.Col = p.Line, p.Col
			}
			v.out = append(v.out, d)
		}
		return nil
	}
	m := make(map[string]table.Column, len(cols))
	for _, c := range cols {
		m[c.Name] = c
	}
	return m
}

func safeCheck(check QueryChecker, q string) (cols []table.Column, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("query checker panicked: %v", p)
		}
	}()
	return check(q)
}

// column reports a column that is not in the query result.
func (v *validator) column(cols map[string]table.Column, path, name, what string) {
	if cols == nil || name == "" {
		return
	}
	if _, ok := cols[name]; ok {
		return
	}
	names := make([]string, 0, len(cols))
	for n := range cols {
		names = append(names, n)
	}
	sort.Strings(names)
	msg := fmt.Sprintf("%s column %q is not a column of the query result", what, name)
	if s := suggest(name, names); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	v.errorf(path, "column-missing", "%s", msg)
}

func (v *validator) entities(cols map[string]table.Column) {
	r := v.r
	if r.EntityMappings != nil {
		if n := len(r.EntityMappings); n < 1 || n > MaxEntityMappings {
			v.errorf("entityMappings", "entity-count", "entityMappings has %d entries; it must have 1 to %d", n, MaxEntityMappings)
		}
	}
	for i, e := range r.EntityMappings {
		p := indexPath("entityMappings", i)
		tp := joinPath(p, "entityType")
		ids, typeOK := Entities[e.EntityType]
		switch {
		case e.EntityType == "":
			v.errorf(tp, "required", "entityType is required")
		case !typeOK:
			msg := fmt.Sprintf("invalid entityType %q", e.EntityType)
			if s := suggest(e.EntityType, EntityTypeNames()); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else {
				msg += "; expected one of " + strings.Join(EntityTypeNames(), ", ")
			}
			v.errorf(tp, "entity-type", "%s", msg)
		}
		fp := joinPath(p, "fieldMappings")
		if n := len(e.FieldMappings); n < 1 || n > MaxFieldMappings {
			v.errorf(fp, "field-mapping-count", "entity %s has %d fieldMappings; it must have 1 to %d", e.EntityType, n, MaxFieldMappings)
		}
		used := map[string]bool{}
		for j, f := range e.FieldMappings {
			mp := indexPath(fp, j)
			ip := joinPath(mp, "identifier")
			cp := joinPath(mp, "columnName")
			switch {
			case f.Identifier == "":
				v.errorf(ip, "required", "identifier is required")
			case typeOK && !contains(ids.Identifiers, f.Identifier):
				v.errorf(ip, "identifier", "invalid identifier %q for entity type %s; valid identifiers are: %s", f.Identifier, e.EntityType, strings.Join(ids.Identifiers, ", "))
			case used[f.Identifier]:
				v.errorf(ip, "identifier-duplicate", "identifier %s is mapped more than once in this entity", f.Identifier)
			}
			used[f.Identifier] = true
			switch {
			case f.ColumnName == "":
				v.errorf(cp, "required", "columnName is required")
			case utf16Len(f.ColumnName) > MaxColumnNameLen:
				v.errorf(cp, "column-name", "columnName is longer than %d characters", MaxColumnNameLen)
			case !columnNameRE.MatchString(f.ColumnName):
				v.errorf(cp, "column-name", "columnName %q is invalid: it must start with a letter or underscore and contain only letters, digits and underscores", f.ColumnName)
			default:
				v.column(cols, cp, f.ColumnName, fmt.Sprintf("entity %s %s", e.EntityType, f.Identifier))
			}
		}
		if typeOK && len(e.FieldMappings) > 0 {
			ok := false
			for _, set := range ids.Required {
				all := true
				for _, id := range set {
					if !used[id] {
						all = false
					}
				}
				if all {
					ok = true
					break
				}
			}
			if !ok {
				sets := make([]string, len(ids.Required))
				for k, s := range ids.Required {
					sets[k] = strings.Join(s, " + ")
				}
				v.errorf(fp, "required-identifiers", "entity %s maps none of its required identifier sets; map one of: %s", e.EntityType, strings.Join(sets, "; "))
			}
		}
	}
	for i, s := range r.SentinelEntities {
		cp := joinPath(indexPath("sentinelEntitiesMappings", i), "columnName")
		if !columnNameRE.MatchString(s.ColumnName) {
			v.errorf(cp, "column-name", "columnName %q is invalid", s.ColumnName)
			continue
		}
		v.column(cols, cp, s.ColumnName, "sentinelEntitiesMappings")
	}
}

func (v *validator) customDetails(cols map[string]table.Column) {
	r := v.r
	if n := len(r.CustomDetails); n > MaxCustomDetails {
		v.errorf("customDetails", "custom-details-count", "customDetails has %d entries; the maximum is %d", n, MaxCustomDetails)
	}
	for _, c := range r.CustomDetails {
		p := joinPath("customDetails", c.Key)
		switch {
		case utf16Len(c.Key) > MaxCustomDetailKeyLen:
			v.errorf(p, "custom-details-key", "customDetails key %q is %d characters long; the maximum is %d", c.Key, utf16Len(c.Key), MaxCustomDetailKeyLen)
		case !customKeyRE.MatchString(c.Key):
			v.errorf(p, "custom-details-key", "customDetails key %q is invalid: it must start with an English letter and contain only letters, digits and underscores", c.Key)
		}
		switch {
		case c.Column == "":
			v.errorf(p, "custom-details-value", "customDetails %s has no column", c.Key)
		case utf16Len(c.Column) > MaxColumnNameLen:
			v.errorf(p, "custom-details-value", "customDetails %s column is longer than %d characters", c.Key, MaxColumnNameLen)
		case !columnNameRE.MatchString(c.Column):
			v.errorf(p, "custom-details-value", "customDetails %s value %q must be a bare column name (a letter or underscore, then letters, digits and underscores)", c.Key, c.Column)
		default:
			v.column(cols, p, c.Column, "customDetails "+c.Key)
		}
	}
}

// Placeholders returns the column names of the {{Column}} placeholders in
// an alertDetailsOverride format, in order (as Sentinel extracts them:
// "{{" then anything but braces then "}}"; surrounding spaces trimmed).
func Placeholders(format string) []string {
	var out []string
	for _, m := range placeholderRE.FindAllStringSubmatch(format, -1) {
		out = append(out, strings.TrimSpace(m[1]))
	}
	return out
}

func (v *validator) alertDetails(cols map[string]table.Column) {
	r := v.r
	a := r.AlertDetailsOverride
	if a == nil {
		return
	}
	const base = "alertDetailsOverride"
	if a.AlertDisplayNameFormat == "" && a.AlertDescriptionFormat == "" && a.AlertTacticsColumnName == "" &&
		a.AlertSeverityColumnName == "" && len(a.AlertDynamicProperties) == 0 {
		v.warnf(base, "alert-details", "alertDetailsOverride is empty")
	}
	format := func(key, val string, max int) {
		p := joinPath(base, key)
		if !v.has(p, val != "") {
			return
		}
		if strings.TrimSpace(val) == "" {
			v.errorf(p, "alert-details", "%s must not be empty", key)
			return
		}
		if n := utf16Len(val); n > max {
			v.errorf(p, "alert-details", "%s is %d characters long; it must be 1 to %d", key, n, max)
		}
		ph := Placeholders(val)
		if len(ph) > MaxPlaceholders {
			v.errorf(p, "placeholder-count", "%s has %d {{column}} placeholders; the maximum is %d", key, len(ph), MaxPlaceholders)
		}
		for _, c := range ph {
			if !columnNameRE.MatchString(c) {
				v.errorf(p, "placeholder", "%s placeholder {{%s}} is not a column name", key, c)
				continue
			}
			v.column(cols, p, c, key+" placeholder")
		}
	}
	format("alertDisplayNameFormat", a.AlertDisplayNameFormat, MaxDisplayNameFormatLen)
	format("alertDescriptionFormat", a.AlertDescriptionFormat, MaxDescFormatLen)
	colField := func(key, val string, want table.Type) {
		p := joinPath(base, key)
		if val == "" {
			if v.has(p, false) {
				v.errorf(p, "alert-details", "%s must not be empty", key)
			}
			return
		}
		if !columnNameRE.MatchString(val) {
			v.errorf(p, "column-name", "%s %q is not a column name", key, val)
			return
		}
		v.column(cols, p, val, key)
		if c, ok := cols[val]; ok && c.Type != want && c.Type != table.Unknown && c.Type != table.Dynamic {
			v.warnf(p, "column-type", "%s column %s is %s; Sentinel expects a %s", key, val, c.Type, want)
		}
	}
	colField("alertTacticsColumnName", a.AlertTacticsColumnName, table.String)
	colField("alertSeverityColumnName", a.AlertSeverityColumnName, table.String)
	for i, dp := range a.AlertDynamicProperties {
		p := indexPath(joinPath(base, "alertDynamicProperties"), i)
		if !contains(alertDynamicPropertyNames, dp.AlertProperty) {
			v.errorf(joinPath(p, "alertProperty"), "alert-details", "invalid alertProperty %q; expected one of %s", dp.AlertProperty, strings.Join(alertDynamicPropertyNames, ", "))
		}
		if dp.Value == "" {
			v.errorf(joinPath(p, "value"), "required", "value is required")
		} else if !columnNameRE.MatchString(dp.Value) {
			v.errorf(joinPath(p, "value"), "column-name", "value %q is not a column name", dp.Value)
		} else {
			v.column(cols, joinPath(p, "value"), dp.Value, "alertDynamicProperties "+dp.AlertProperty)
		}
	}
}

func (v *validator) eventGrouping() {
	e := v.r.EventGroupingSettings
	if e == nil {
		return
	}
	p := "eventGroupingSettings.aggregationKind"
	switch {
	case e.AggregationKind == "":
		v.errorf(p, "required", "aggregationKind is required")
	case contains(aggregationKinds, e.AggregationKind):
	default:
		if s, ok := containsFold(aggregationKinds, e.AggregationKind); ok {
			v.warnf(p, "enum-case", "aggregationKind %q should be spelled %q", e.AggregationKind, s)
		} else {
			v.errorf(p, "event-grouping", "invalid aggregationKind %q; expected SingleAlert or AlertPerResult", e.AggregationKind)
		}
	}
}

func (v *validator) incident() {
	r := v.r
	ic := r.IncidentConfiguration
	if ic == nil {
		return
	}
	const base = "incidentConfiguration"
	if ic.CreateIncident == nil && !v.hasProblem(joinPath(base, "createIncident")) {
		v.errorf(joinPath(base, "createIncident"), "incident-config", "createIncident is required")
	}
	g := ic.GroupingConfiguration
	if g == nil {
		return
	}
	gp := joinPath(base, "groupingConfiguration")
	if g.Enabled == nil && !v.hasProblem(joinPath(gp, "enabled")) {
		v.errorf(joinPath(gp, "enabled"), "incident-config", "enabled is required")
	}
	if g.ReopenClosedIncident == nil && !v.hasProblem(joinPath(gp, "reopenClosedIncident")) {
		v.errorf(joinPath(gp, "reopenClosedIncident"), "incident-config", "reopenClosedIncident is required")
	}
	lp := joinPath(gp, "lookbackDuration")
	if g.LookbackDuration == "" {
		v.errorf(lp, "incident-config", "lookbackDuration is required")
	} else if d, err := ParseDuration(g.LookbackDuration); err != nil {
		v.errorf(lp, "incident-config", "lookbackDuration: %v", err)
	} else if d <= 0 {
		v.errorf(lp, "incident-config", "lookbackDuration must be positive")
	} else if _, err := parseISO8601(g.LookbackDuration); err != nil {
		v.warnf(lp, "duration-format", "lookbackDuration %q should be ISO 8601 (for example %s)", g.LookbackDuration, FormatISO8601(d))
	}
	mp := joinPath(gp, "matchingMethod")
	switch {
	case g.MatchingMethod == "":
		v.errorf(mp, "incident-config", "matchingMethod is required")
	case contains(matchingMethods, g.MatchingMethod):
	default:
		if s, ok := containsFold(matchingMethods, g.MatchingMethod); ok {
			v.warnf(mp, "enum-case", "matchingMethod %q should be spelled %q", g.MatchingMethod, s)
		} else {
			v.errorf(mp, "incident-config", "invalid matchingMethod %q; expected AllEntities, AnyAlert or Selected", g.MatchingMethod)
		}
	}
	selected := strings.EqualFold(g.MatchingMethod, "Selected")
	if selected && len(g.GroupByEntities) == 0 && len(g.GroupByAlertDetails) == 0 && len(g.GroupByCustomDetails) == 0 {
		v.errorf(mp, "incident-config", "matchingMethod Selected needs at least one of groupByEntities, groupByAlertDetails, groupByCustomDetails")
	}
	if !selected && g.MatchingMethod != "" && len(g.GroupByEntities)+len(g.GroupByAlertDetails)+len(g.GroupByCustomDetails) > 0 {
		v.warnf(mp, "incident-config", "groupBy lists are used only when matchingMethod is Selected")
	}
	mapped := map[string]bool{}
	for _, e := range r.EntityMappings {
		mapped[e.EntityType] = true
	}
	for i, e := range g.GroupByEntities {
		p := indexPath(joinPath(gp, "groupByEntities"), i)
		if _, ok := Entities[e]; !ok {
			v.errorf(p, "incident-config", "invalid entity type %q in groupByEntities", e)
		} else if !mapped[e] {
			v.warnf(p, "incident-config", "groupByEntities lists %s, which entityMappings does not map", e)
		}
	}
	for i, d := range g.GroupByAlertDetails {
		if !contains(groupAlertDetails, d) {
			v.errorf(indexPath(joinPath(gp, "groupByAlertDetails"), i), "incident-config", "invalid groupByAlertDetails %q; expected DisplayName or Severity", d)
		}
	}
	for i, k := range g.GroupByCustomDetails {
		if _, ok := r.CustomDetails.Get(k); !ok {
			v.errorf(indexPath(joinPath(gp, "groupByCustomDetails"), i), "incident-config", "groupByCustomDetails names %q, which is not a customDetails key", k)
		}
	}
}

func (v *validator) suppression() {
	r := v.r
	if r.SuppressionDuration != "" {
		d, err := ParseDuration(r.SuppressionDuration)
		switch {
		case err != nil:
			v.errorf("suppressionDuration", "suppression", "suppressionDuration: %v", err)
		case d <= 0:
			v.errorf("suppressionDuration", "suppression", "suppressionDuration must be positive")
		default:
			if _, err := parseISO8601(r.SuppressionDuration); err != nil {
				v.warnf("suppressionDuration", "duration-format", "suppressionDuration %q should be ISO 8601 (for example %s)", r.SuppressionDuration, FormatISO8601(d))
			}
		}
	}
	if r.SuppressionEnabled != nil && *r.SuppressionEnabled && r.SuppressionDuration == "" {
		v.errorf("suppressionEnabled", "suppression", "suppressionEnabled is true but suppressionDuration is not set")
	}
}

func (v *validator) version() {
	r := v.r
	if r.Version == "" {
		if r.Src.Has("version") {
			v.errorf("version", "version", "version must not be empty")
		} else {
			v.warnf("version", "version", "version is missing; Sentinel's repository expects one (X.Y.Z)")
		}
		return
	}
	if n := utf16Len(r.Version); n > MaxVersionLen {
		v.errorf("version", "version", "version is %d characters long; the maximum is %d", n, MaxVersionLen)
		return
	}
	if !versionRE.MatchString(r.Version) {
		v.errorf("version", "version", "version %q must be in format X.Y.Z (all numbers)", r.Version)
	}
}
