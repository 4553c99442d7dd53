package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"reconwatch/internal/rules"
	rulepack "reconwatch/rules"
)

const rulesExamples = `  reconwatch rules list
  reconwatch rules show T1596
  reconwatch rules export T1596 --format sentinel-yaml > t1596.yaml
  reconwatch rules export T1596 --format arm -o t1596.arm.json
  reconwatch rules list --rules my_rules/
`

// loadRules loads the built-in pack, or the rules at paths (files or
// folders, repeatable) when any are given.
func loadRules(paths []string) ([]*rules.Rule, error) {
	if len(paths) == 0 {
		return rules.LoadFS(rulepack.FS(), ".")
	}
	var out []*rules.Rule
	for _, p := range paths {
		rs, err := rules.Load(p)
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no rule files (*.yaml, *.yml) in %s", strings.Join(paths, ", "))
	}
	return out, nil
}

// findRule matches a rule by id, by technique (T1596), by file stem, or
// by a case-insensitive substring of its name.
func findRule(rs []*rules.Rule, key string) (*rules.Rule, error) {
	var hits []*rules.Rule
	for _, r := range rs {
		if strings.EqualFold(r.ID, key) {
			return r, nil
		}
	}
	for _, r := range rs {
		match := false
		for _, t := range r.RelevantTechniques {
			match = match || strings.EqualFold(t, key)
		}
		stem := r.Src.File
		if i := strings.LastIndexAny(stem, "/\\"); i >= 0 {
			stem = stem[i+1:]
		}
		stem = strings.TrimSuffix(strings.TrimSuffix(stem, ".yaml"), ".yml")
		match = match || strings.EqualFold(stem, key) || strings.Contains(strings.ToLower(r.Name), strings.ToLower(key))
		if match {
			hits = append(hits, r)
		}
	}
	switch len(hits) {
	case 0:
		return nil, fmt.Errorf("no rule matches %q (try 'reconwatch rules list')", key)
	case 1:
		return hits[0], nil
	}
	var names []string
	for _, r := range hits {
		names = append(names, r.Label())
	}
	return nil, fmt.Errorf("%q matches %d rules: %s; give the rule id", key, len(hits), strings.Join(names, "; "))
}

func runRules(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "list" && args[0] != "show" && args[0] != "export") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintf(stdout, "Usage:\n  reconwatch rules list [--rules PATH]\n  reconwatch rules show RULE [--rules PATH]\n  reconwatch rules export RULE --format sentinel-yaml|arm [-o FILE] [--rules PATH]\n\nRULE is a rule id, a technique (T1596), a file name or part of the rule's name.\n\nExamples:\n%s", rulesExamples)
			return nil
		}
		return usagef("rules: expected list, show or export")
	}
	sub := args[0]
	fs := newFlags("rules "+sub, "rules "+sub+" [flags]", rulesExamples, stderr)
	var paths stringList
	var format, out string
	fs.Var(&paths, "rules", "load rules from `PATH` (file or folder, repeatable) instead of the built-in pack")
	if sub == "export" {
		fs.StringVar(&format, "format", "sentinel-yaml", "export format: sentinel-yaml or arm")
		fs.StringVar(&out, "o", "", "write to `FILE` instead of standard output")
	}
	pos, err := parseFlags(fs, args[1:], stdout)
	if err != nil {
		return err
	}
	rs, err := loadRules(paths)
	if err != nil {
		return err
	}
	switch sub {
	case "list":
		tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tSEVERITY\tTECHNIQUES\tEVERY\tLOOKBACK\tTABLES")
		for _, r := range rs {
			var tables []string
			for _, c := range r.RequiredDataConnectors {
				tables = append(tables, c.DataTypes...)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Name, r.Severity,
				strings.Join(r.RelevantTechniques, ","), r.QueryFrequency, r.QueryPeriod, strings.Join(tables, ","))
		}
		return tw.Flush()
	case "show":
		if len(pos) != 1 {
			return usagef("rules show: expected one rule")
		}
		r, err := findRule(rs, pos[0])
		if err != nil {
			return err
		}
		return showRule(stdout, r)
	default:
		if len(pos) != 1 {
			return usagef("rules export: expected one rule")
		}
		if format != "sentinel-yaml" && format != "arm" {
			return usagef("rules export: --format %q: expected sentinel-yaml or arm", format)
		}
		r, err := findRule(rs, pos[0])
		if err != nil {
			return err
		}
		w := stdout
		if out != "" {
			f, err := os.Create(out)
			if err != nil {
				return err
			}
			defer f.Close()
			w = f
		}
		return rules.Export(r, w, format)
	}
}

// showRule prints a rule: its metadata, then the deployable YAML.
func showRule(w io.Writer, r *rules.Rule) error {
	fmt.Fprintf(w, "%s\n", r.Name)
	fmt.Fprintf(w, "  id:          %s (version %s)\n", r.ID, r.Version)
	fmt.Fprintf(w, "  severity:    %s", r.Severity)
	if r.Meta != nil && r.Meta.Confidence != "" {
		fmt.Fprintf(w, ", confidence %s", r.Meta.Confidence)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  tactics:     %s\n", strings.Join(r.Tactics, ", "))
	fmt.Fprintf(w, "  techniques:  %s\n", strings.Join(r.RelevantTechniques, ", "))
	fmt.Fprintf(w, "  schedule:    every %s, looking back %s; alert when results %s %d\n", r.QueryFrequency, r.QueryPeriod, r.TriggerOperator, r.TriggerThreshold)
	if r.Src.File != "" {
		fmt.Fprintf(w, "  source:      %s\n", r.Src.File)
	}
	if m := r.Meta; m != nil {
		if len(m.FalsePositives) > 0 {
			fmt.Fprintln(w, "  false positives:")
			for _, fp := range m.FalsePositives {
				fmt.Fprintf(w, "    - %s\n", fp)
			}
		}
	}
	fmt.Fprintln(w)
	return rules.Export(r, w, "sentinel-yaml")
}
