package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// MetaSuffix is the file name suffix of a rule's metadata file: the
// metadata of rules/t1596/t1596.yaml is rules/t1596/t1596.meta.yaml.
const MetaSuffix = ".meta.yaml"

// Meta is what reconwatch keeps beside a rule that Sentinel's YAML has no
// field for. It lives in <rule>.meta.yaml next to the rule file.
type Meta struct {
	// RuleID is the id of the rule the file describes; when set it must
	// match.
	RuleID string `yaml:"ruleId"`
	// Technique is the primary ATT&CK technique, e.g. T1596.
	Technique string `yaml:"technique,omitempty"`
	// Confidence is Low, Medium or High: how likely an alert is a true
	// positive.
	Confidence     string       `yaml:"confidence"`
	DataSources    []DataSource `yaml:"dataSources,omitempty"`
	FalsePositives []string     `yaml:"falsePositives,omitempty"`
	References     []string     `yaml:"references,omitempty"`
	AtomicTests    []AtomicTest `yaml:"atomicTests,omitempty"`
	Tuning         []string     `yaml:"tuning,omitempty"`

	File string `yaml:"-"` // path the meta was read from
}

// DataSource is a telemetry source the rule needs.
type DataSource struct {
	Name   string   `yaml:"name"`             // e.g. Microsoft Defender for Endpoint
	Tables []string `yaml:"tables,omitempty"` // e.g. DeviceNetworkEvents
}

// AtomicTest is an adversary-emulation test that should exercise the rule,
// with the telemetry it is expected to produce.
type AtomicTest struct {
	Name        string   `yaml:"name"`
	GUID        string   `yaml:"guid,omitempty"`   // Atomic Red Team auto_generated_guid, when the test is upstream
	Source      string   `yaml:"source,omitempty"` // where the test is described
	Description string   `yaml:"description,omitempty"`
	Platforms   []string `yaml:"platforms,omitempty"`
	// ExpectedSignals lists the telemetry the test should produce.
	ExpectedSignals []string `yaml:"expectedSignals"`
	// Note says how the test relates to this rule's logic (for example
	// which clause it should hit, or why it may not fire).
	Note string `yaml:"note,omitempty"`
}

// ParseMeta decodes a metadata file. Unknown keys are errors: the format
// is ours.
func ParseMeta(data []byte, name string) (m *Meta, err error) {
	defer func() {
		if p := recover(); p != nil {
			m, err = nil, fmt.Errorf("%s: yaml: %v", name, p)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	m = &Meta{}
	if err := dec.Decode(m); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty document", name)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	m.File = name
	return m, nil
}

// LoadMeta reads a metadata file.
func LoadMeta(path string) (*Meta, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseMeta(data, path)
}

var confidences = []string{"Low", "Medium", "High"}

// ValidateMeta checks a metadata file, and that it belongs to r when r is
// not nil.
func ValidateMeta(m *Meta, r *Rule) Diagnostics {
	var out Diagnostics
	add := func(level Level, field, code, format string, args ...any) {
		d := Diagnostic{File: m.File, Field: field, Level: level, Code: code, Message: fmt.Sprintf(format, args...)}
		if r != nil {
			d.RuleID, d.RuleName = r.ID, r.Name
		}
		out = append(out, d)
	}
	if m.RuleID == "" {
		add(LevelWarning, "ruleId", "meta", "ruleId is not set")
	} else if r != nil && !strings.EqualFold(m.RuleID, r.ID) {
		add(LevelError, "ruleId", "meta", "ruleId %s does not match the rule's id %s", m.RuleID, r.ID)
	}
	if m.Technique != "" && !techniqueRE.MatchString(m.Technique) {
		add(LevelError, "technique", "meta", "invalid technique %q", m.Technique)
	} else if m.Technique != "" && r != nil && !containsPrefix(r.RelevantTechniques, m.Technique) {
		add(LevelWarning, "technique", "meta", "technique %s is not among the rule's relevantTechniques", m.Technique)
	}
	if !contains(confidences, m.Confidence) {
		add(LevelError, "confidence", "meta", "confidence %q must be Low, Medium or High", m.Confidence)
	}
	for i, ds := range m.DataSources {
		if strings.TrimSpace(ds.Name) == "" {
			add(LevelError, indexPath("dataSources", i), "meta", "data source has no name")
		}
	}
	for i, ref := range m.References {
		u, err := url.Parse(ref)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			add(LevelError, indexPath("references", i), "meta", "reference %q is not an http(s) URL", ref)
		}
	}
	for i, t := range m.AtomicTests {
		p := indexPath("atomicTests", i)
		if strings.TrimSpace(t.Name) == "" {
			add(LevelError, p, "meta", "atomic test has no name")
		}
		if t.GUID != "" && !guidRE.MatchString(t.GUID) {
			add(LevelError, joinPath(p, "guid"), "meta", "atomic test guid %q is not a GUID", t.GUID)
		}
		if len(t.ExpectedSignals) == 0 {
			add(LevelWarning, joinPath(p, "expectedSignals"), "meta", "atomic test %q lists no expected signals", t.Name)
		}
	}
	return out
}

func containsPrefix(list []string, technique string) bool {
	for _, t := range list {
		if t == technique || strings.HasPrefix(t, technique+".") || strings.HasPrefix(technique, t+".") {
			return true
		}
	}
	return false
}
