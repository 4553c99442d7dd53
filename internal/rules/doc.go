// Package rules models Microsoft Sentinel analytics rules (the YAML
// templates of the Azure/Azure-Sentinel repository) for reconwatch: it
// parses them with source positions, validates them with the rules of
// Sentinel's template validator, exports them (clean Sentinel YAML, or an
// ARM template), and offers the alert-side helpers that need no KQL engine:
// trigger evaluation, {{Column}} placeholder substitution, custom details
// and entity extraction.
//
// The package never runs KQL. Where validation needs to know the columns a
// query returns, the caller passes a QueryChecker.
//
// Beside a rule file x.yaml, an optional x.meta.yaml (see Meta) holds what
// Sentinel's YAML has no field for: confidence, data sources, false
// positives, references, atomic tests and tuning notes.
package rules
