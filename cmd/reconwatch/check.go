package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"reconwatch/internal/catalog"
	"reconwatch/internal/kql"
	"reconwatch/internal/kql/syntax"
	"reconwatch/internal/rules"
	"reconwatch/internal/table"
)

const checkExamples = `  reconwatch check -f ../shared/seed/t1596.kql
  reconwatch check -q 'DeviceNetworkEvents | where RemoteUrll has "shodan"'
  reconwatch check rules/t1596/t1596.yaml --format json
  reconwatch check --schemas my_tables.json my_rules/*.yaml
`

// checkReport is one checked query, as --format json prints it.
type checkReport struct {
	Source      string            `json:"source"`
	Rule        string            `json:"rule,omitempty"`
	OK          bool              `json:"ok"`
	Diagnostics []checkDiagnostic `json:"diagnostics"`
	Columns     [][2]string       `json:"columns"`
	text        string            // text rendering of the diagnostics
}

type checkDiagnostic struct {
	Kind     string `json:"kind"` // syntax, semantic, or rule (rule YAML validation)
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Message  string `json:"message"`
	Field    string `json:"field,omitempty"`
}

func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", "check [-q KQL | -f FILE.kql | RULE.yaml...] [--schemas FILE.json] [--format text|json]", checkExamples, stderr)
	var text, file, schemas, format string
	fs.StringVar(&text, "q", "", "check the `KQL` query")
	fs.StringVar(&file, "f", "", "check the query in `FILE`")
	fs.StringVar(&schemas, "schemas", "", "JSON `file` of table schemas that add to or override the built-in ones")
	fs.StringVar(&format, "format", "text", "output format: text or json")
	paths, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if format != "text" && format != "json" {
		return usagef("check: --format %q: expected text or json", format)
	}
	if text == "" && file == "" && len(paths) == 0 {
		return usagef("check: nothing to check; give -q, -f or rule files")
	}
	cat, err := loadCatalog(schemas)
	if err != nil {
		return err
	}
	var reports []*checkReport
	if text != "" {
		reports = append(reports, checkQuery("<query>", text, cat))
	}
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		reports = append(reports, checkQuery(file, string(b), cat))
	}
	for _, p := range paths {
		rs, err := checkPath(p, cat)
		if err != nil {
			return err
		}
		reports = append(reports, rs...)
	}
	failed := false
	for _, r := range reports {
		failed = failed || !r.OK
		if format == "json" {
			if r.Diagnostics == nil {
				r.Diagnostics = []checkDiagnostic{}
			}
			if r.Columns == nil {
				r.Columns = [][2]string{}
			}
			enc := json.NewEncoder(stdout)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(r); err != nil {
				return err
			}
			continue
		}
		printCheckText(stdout, r)
	}
	if failed {
		return errReported
	}
	return nil
}

func printCheckText(w io.Writer, r *checkReport) {
	fmt.Fprint(w, r.text)
	label := r.Source
	if r.Rule != "" {
		label += " (" + r.Rule + ")"
	}
	if !r.OK {
		fmt.Fprintf(w, "%s: check failed\n\n", label)
		return
	}
	fmt.Fprintf(w, "%s: ok, %d result columns\n", label, len(r.Columns))
	width := 0
	for _, c := range r.Columns {
		width = max(width, len(c[0]))
	}
	for _, c := range r.Columns {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c[0], c[1])
	}
	fmt.Fprintln(w)
}

// checkQuery parses and checks one query.
func checkQuery(name, text string, cat *catalog.Catalog) *checkReport {
	src := &syntax.Source{Name: name, Text: text}
	return checkSource(src, text, cat)
}

func checkSource(src *syntax.Source, text string, cat *catalog.Catalog) *checkReport {
	rep := &checkReport{Source: src.Name}
	q, _, errs := kql.Compile(text, kql.Options{Catalog: cat, Name: src.Name})
	if len(errs) > 0 {
		rep.text = src.FormatAll(errs)
		for _, e := range errs {
			line, col := src.Position(e.Pos)
			rep.Diagnostics = append(rep.Diagnostics, checkDiagnostic{
				Kind: e.Kind, Severity: "error", Code: e.Code, Line: line, Col: col, Message: e.Msg,
			})
		}
		return rep
	}
	rep.OK = true
	schemas := q.Schemas()
	for _, c := range schemas[len(schemas)-1] {
		rep.Columns = append(rep.Columns, [2]string{c.Name, c.Type.String()})
	}
	return rep
}

// checkPath checks a rule file, a folder of rules, or a .kql file.
func checkPath(p string, cat *catalog.Catalog) ([]*checkReport, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() && !rules.IsRuleFile(p) {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		return []*checkReport{checkQuery(p, string(b), cat)}, nil
	}
	var files []string
	if st.IsDir() {
		err := filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && rules.IsRuleFile(path) && !strings.HasSuffix(path, ".meta.yaml") {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	} else {
		files = []string{p}
	}
	var out []*checkReport
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		r, err := rules.Parse(data, f)
		if err != nil {
			out = append(out, &checkReport{Source: f, text: err.Error() + "\n",
				Diagnostics: []checkDiagnostic{{Kind: "rule", Severity: "error", Code: "yaml", Message: err.Error()}}})
			continue
		}
		out = append(out, checkRule(r, cat))
	}
	return out, nil
}

// checkRule checks a rule's query (diagnostics at their line and column in
// the rule file) and validates the rule against Sentinel's schema, using
// the query's result columns for entity mappings and custom details.
func checkRule(r *rules.Rule, cat *catalog.Catalog) *checkReport {
	src := &syntax.Source{Name: r.Src.File, Text: r.Query, LineOffset: r.Src.QueryLineOffset, ColOffset: r.Src.QueryColOffset}
	rep := checkSource(src, r.Query, cat)
	rep.Rule = r.Label()
	var cols []table.Column
	checker := func(string) ([]table.Column, error) { return cols, nil }
	if rep.OK {
		q, _, _ := kql.Compile(r.Query, kql.Options{Catalog: cat})
		s := q.Schemas()
		cols = s[len(s)-1]
	} else {
		checker = nil // query errors are reported above, with carets
	}
	var b strings.Builder
	b.WriteString(rep.text)
	for _, d := range rules.Validate(r, checker) {
		rep.Diagnostics = append(rep.Diagnostics, checkDiagnostic{
			Kind: "rule", Severity: d.Level.String(), Code: d.Code, Line: d.Line, Col: d.Col, Message: d.Message, Field: d.Field,
		})
		fmt.Fprintln(&b, d.String())
		if d.Level == rules.LevelError {
			rep.OK = false
		}
	}
	rep.text = b.String()
	return rep
}
