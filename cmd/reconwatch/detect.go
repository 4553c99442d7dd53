package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"reconwatch/internal/detect"
	"reconwatch/internal/output"
	"reconwatch/internal/rules"
	"reconwatch/internal/sources"
)

const detectExamples = `  reconwatch detect examples/
  reconwatch detect --format json examples/ > alerts.ndjson
  reconwatch detect --now 2026-11-26T12:00:00Z export.json
  reconwatch detect --from 2026-11-20T00:00:00Z --to 2026-11-27T00:00:00Z exports/
  reconwatch detect --rules my_rules/ --fail-on-alert streaming-records.json.gz
  cat export.ndjson | reconwatch detect -
`

func runDetect(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("detect", "detect [--rules PATH] [--now T | --from T --to T] [flags] INPUT...", detectExamples, stderr)
	var (
		rulePaths     stringList
		now, from, to string
		format, out   string
		failOnAlert   bool
		d             dataFlags
	)
	fs.Var(&rulePaths, "rules", "load rules from `PATH` (Sentinel YAML file or folder, repeatable) instead of the built-in pack")
	fs.StringVar(&now, "now", "", "evaluate one scheduled run at `time` T")
	fs.StringVar(&from, "from", "", "replay runs from `time` T (default: the start of the data)")
	fs.StringVar(&to, "to", "", "replay runs up to `time` T (default: the end of the data)")
	fs.StringVar(&format, "format", "table", "output format: table, json (one alert per line) or csv")
	fs.StringVar(&out, "o", "", "write alerts to `FILE` instead of standard output")
	fs.BoolVar(&failOnAlert, "fail-on-alert", false, "exit with status 3 when any alert is raised (for CI)")
	d.register(fs, true)
	inputs, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(inputs) == 0 && len(d.tables) == 0 {
		return usagef("detect: no input; give files, folders or - for standard input")
	}
	if format != "table" && format != "json" && format != "csv" {
		return usagef("detect: --format %q: expected table, json or csv", format)
	}
	var opt detect.Options
	if now != "" {
		if from != "" || to != "" {
			return usagef("detect: give --now, or --from/--to, not both")
		}
		if opt.Now, err = parseTime("now", now); err != nil {
			return err
		}
	}
	if from != "" {
		if opt.From, err = parseTime("from", from); err != nil {
			return err
		}
	}
	if to != "" {
		if opt.To, err = parseTime("to", to); err != nil {
			return err
		}
	}
	if !opt.From.IsZero() && !opt.To.IsZero() && !opt.From.Before(opt.To) {
		return usagef("detect: --from must be before --to")
	}
	if opt.Limits, err = d.limits(); err != nil {
		return err
	}
	cat, err := loadCatalog(d.schemas)
	if err != nil {
		return err
	}
	rs, err := loadRules(rulePaths)
	if err != nil {
		return err
	}
	// Every rule must be valid before any data is read.
	bad := false
	for _, r := range rs {
		rep := checkRule(r, cat)
		if !rep.OK {
			fmt.Fprint(stderr, rep.text)
			bad = true
		}
	}
	if bad {
		return errReported
	}
	set, prog, err := d.openInputs(inputs, cat, fallbackTable(rs), stderr)
	if err != nil {
		return err
	}
	defer set.Close()
	opt.Catalog = set.Catalog()
	warnUnfed(ruleTables(rs), set, stderr)
	alerts, sum, err := detect.Run(context.Background(), rs, set, opt)
	prog.Done()
	if err != nil {
		var ce *detect.CompileError
		if errors.As(err, &ce) {
			fmt.Fprint(stderr, ce.Text)
			return errReported
		}
		return err
	}
	fillSummary(sum, set)
	w := stdout
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	switch format {
	case "json":
		err = output.WriteAlertsJSON(w, alerts)
	case "csv":
		err = output.WriteAlertsCSV(w, alerts)
	default:
		color := false
		if f, ok := w.(*os.File); ok {
			color = output.ColorEnabled(f)
		}
		err = output.WriteAlertsTable(w, alerts, *sum, output.Options{Color: color})
	}
	if err != nil {
		return err
	}
	if format != "table" {
		// Machine formats keep stdout clean; the accounting goes to stderr.
		fmt.Fprintf(stderr, "%d alerts from %d runs (%s → %s); %s\n", len(alerts), sum.Runs,
			fmtTime(sum.From), fmtTime(sum.To), recordLine(sum))
		reportSkips(set, stderr)
	}
	if failOnAlert && len(alerts) > 0 {
		return &alertsError{n: len(alerts)}
	}
	return nil
}

// fallbackTable is the table unbound records feed: the one table every
// rule reads, if there is exactly one.
func fallbackTable(rs []*rules.Rule) string {
	name := ""
	for _, r := range rs {
		for _, c := range r.RequiredDataConnectors {
			for _, t := range c.DataTypes {
				if name != "" && name != t {
					return ""
				}
				name = t
			}
		}
	}
	return name
}

// ruleTables lists the tables the rules declare they read
// (requiredDataConnectors), without repeats.
func ruleTables(rs []*rules.Rule) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range rs {
		for _, c := range r.RequiredDataConnectors {
			for _, t := range c.DataTypes {
				if !seen[t] {
					seen[t] = true
					out = append(out, t)
				}
			}
		}
	}
	return out
}

// fillSummary adds what the readers saw to the detection summary.
func fillSummary(sum *detect.Summary, set *sources.Set) {
	st := set.Stats()
	sum.RecordsRead = map[string]int64{}
	sum.RecordsSkipped = map[string]int64{}
	for _, t := range st.Tables {
		sum.RecordsRead[t.Name] += t.Records
		if t.Skipped > 0 {
			sum.RecordsSkipped[t.Name] += t.Skipped
		}
	}
	for _, sk := range st.Skipped {
		if sk.Reason != "file" && sk.Table == "" {
			sum.RecordsSkipped["(unbound)"] += sk.Count
		}
		for _, s := range sk.Samples {
			sum.SkipReasons = append(sum.SkipReasons, s)
			break
		}
	}
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}

func recordLine(sum *detect.Summary) string {
	var read, skipped int64
	for _, n := range sum.RecordsRead {
		read += n
	}
	for _, n := range sum.RecordsSkipped {
		skipped += n
	}
	return fmt.Sprintf("%d records read, %d skipped, %d outside the time range", read, skipped, sum.OutOfRange)
}
