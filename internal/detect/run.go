package detect

import (
	"context"
	"fmt"
	"sort"
	"time"

	"reconwatch/internal/kql"
	"reconwatch/internal/kql/exec"
	"reconwatch/internal/kql/plan"
	"reconwatch/internal/rules"
	"reconwatch/internal/table"
)

// Options configure a detection.
type Options struct {
	Catalog plan.Catalog
	Limits  exec.Limits
	// Now, when set, evaluates one scheduled run at that instant.
	Now time.Time
	// From and To bound a replay; zero values mean the span of the data.
	From, To time.Time
	// OnRun, when set, is told about each evaluated run.
	OnRun func(rule *rules.Rule, at time.Time, rows int)
}

// CompileError is a rule whose query does not compile.
type CompileError struct {
	Rule   *rules.Rule
	Source *kql.Query
	Text   string // diagnostics, formatted with line:col and carets
}

func (e *CompileError) Error() string {
	return fmt.Sprintf("rule %q: query does not compile:\n%s", e.Rule.Name, e.Text)
}

// Run evaluates rules over tables as Sentinel's scheduler would: with
// Options.Now one run at that instant; otherwise a replay with a run every
// queryFrequency over the span of the data (or From..To), each run seeing
// the data of its queryPeriod window and evaluating ago()/now() at the run
// time. Windows of consecutive runs do not overlap when queryPeriod equals
// queryFrequency, so nothing is counted twice that Sentinel would not
// count twice.
func Run(ctx context.Context, rs []*rules.Rule, tables exec.Tables, opt Options) ([]Alert, *Summary, error) {
	sum := &Summary{AlertsBySev: map[string]int{}}
	var alerts []Alert
	for _, r := range rs {
		a, err := runRule(ctx, r, tables, opt, sum)
		if err != nil {
			return nil, nil, err
		}
		alerts = append(alerts, a...)
	}
	for _, a := range alerts {
		sum.AlertsBySev[a.Severity]++
	}
	return alerts, sum, nil
}

func ruleTiming(r *rules.Rule) (freq, period time.Duration) {
	freq, period = r.Frequency, r.Period
	if freq <= 0 {
		freq = time.Hour
	}
	if period <= 0 {
		period = freq
	}
	return freq, period
}

func runRule(ctx context.Context, r *rules.Rule, tables exec.Tables, opt Options, sum *Summary) ([]Alert, error) {
	freq, period := ruleTiming(r)
	// Compile once up front: errors surface before any data is read, and
	// the plan tells which tables the rule reads.
	probe, src, errs := kql.Compile(r.Query, kql.Options{Catalog: opt.Catalog, Now: time.Now(), Name: r.Src.File, Tables: tables, Limits: opt.Limits})
	if len(errs) > 0 {
		return nil, &CompileError{Rule: r, Text: src.FormatAll(errs)}
	}
	names := probe.Program.Tables
	// One pass over the time column finds the span of the data and counts
	// the records no run will see.
	var lo, hi int64
	bounded := false
	switch {
	case !opt.Now.IsZero():
		lo, hi, bounded = table.TicksFromTime(opt.Now.Add(-period)), table.TicksFromTime(opt.Now), true
	case !opt.From.IsZero() && !opt.To.IsZero():
		// runs at From+freq .. To see (From+freq-period, To]
		lo, hi, bounded = table.TicksFromTime(opt.From.Add(freq-period)), table.TicksFromTime(opt.To), true
	}
	span, err := spanOf(ctx, names, tables, lo, hi, bounded)
	if err != nil {
		return nil, err
	}
	sum.OutOfRange += span.outside
	var runs []time.Time
	if !opt.Now.IsZero() {
		runs = []time.Time{opt.Now.UTC()}
	} else {
		from, to := opt.From, opt.To
		if !span.ok && (from.IsZero() || to.IsZero()) {
			return nil, nil // no data with a time: nothing to replay
		}
		if from.IsZero() {
			// the first window (from, from+freq] must include the first record
			from = floorTo(table.TimeFromTicks(span.min).Add(-100*time.Nanosecond), freq)
		}
		if to.IsZero() {
			// the last run whose window (t-period, t] still holds the last record
			to = floorTo(table.TimeFromTicks(span.max).Add(period-100*time.Nanosecond), freq)
		}
		for t := from.Add(freq); !t.After(to); t = t.Add(freq) {
			runs = append(runs, t)
		}
	}
	if len(runs) == 0 {
		return nil, nil
	}
	if first := runs[0].Add(-period); sum.From.IsZero() || first.Before(sum.From) {
		sum.From = first
	}
	if last := runs[len(runs)-1]; last.After(sum.To) {
		sum.To = last
	}
	qs := make([]*kql.Query, len(runs))
	for k, at := range runs {
		q, src, errs := kql.Compile(r.Query, kql.Options{Catalog: opt.Catalog, Now: at, Name: r.Src.File, Tables: tables, Limits: opt.Limits})
		if len(errs) > 0 {
			return nil, &CompileError{Rule: r, Text: src.FormatAll(errs)}
		}
		qs[k] = q
	}
	var results []*exec.Result
	if len(runs) > 1 && scansOnce(probe) {
		results, err = runsOnePass(ctx, qs, runs, period, tables)
		if err != nil {
			return nil, fmt.Errorf("rule %q: %w", r.Name, err)
		}
	} else {
		// A query that reads a table twice (a self-join, say) cannot share
		// one pass: each run reads its own window.
		for k, at := range runs {
			win := windowed{inner: tables, lo: table.TicksFromTime(at.Add(-period)), hi: table.TicksFromTime(at)}
			res, err := qs[k].Run(ctx, win)
			if err != nil {
				return nil, fmt.Errorf("rule %q, run at %s: %w", r.Name, at.Format(time.RFC3339), err)
			}
			var last *exec.Result
			if len(res) > 0 {
				last = res[len(res)-1]
			}
			results = append(results, last)
		}
	}
	var alerts []Alert
	for k, at := range runs {
		sum.Runs++
		out := results[k]
		if out == nil {
			out = &exec.Result{}
		}
		if opt.OnRun != nil {
			opt.OnRun(r, at, len(out.Rows))
		}
		if !r.Triggered(len(out.Rows)) {
			continue
		}
		alerts = append(alerts, buildAlerts(r, out, at, period)...)
	}
	return alerts, nil
}

// scansOnce reports whether the query reads each of its tables at most
// once, so that all runs can share one pass over the input.
func scansOnce(q *kql.Query) bool {
	for _, n := range q.Program.ScanCounts() {
		if n > 1 {
			return false
		}
	}
	return true
}

func floorTo(t time.Time, d time.Duration) time.Time {
	return t.UTC().Truncate(d)
}

func ceilTo(t time.Time, d time.Duration) time.Time {
	f := t.UTC().Truncate(d)
	if f.Equal(t) {
		return f
	}
	return f.Add(d)
}

// buildAlerts turns one run's result into alerts: one per row
// (AlertPerResult, and reconwatch's default), or one for all rows
// (SingleAlert).
func buildAlerts(r *rules.Rule, res *exec.Result, at time.Time, period time.Duration) []Alert {
	single := r.EventGroupingSettings != nil && r.EventGroupingSettings.AggregationKind == rules.SingleAlert
	var out []Alert
	if single {
		var row []table.Value
		if len(res.Rows) > 0 {
			row = res.Rows[0]
		}
		a := alertFor(r, res.Schema, row, at, period)
		a.Rows = res.Rows
		return append(out, a)
	}
	for _, row := range res.Rows {
		a := alertFor(r, res.Schema, row, at, period)
		a.Rows = [][]table.Value{row}
		out = append(out, a)
	}
	return out
}

func alertFor(r *rules.Rule, s table.Schema, row []table.Value, at time.Time, period time.Duration) Alert {
	lookup := func(col string) (string, bool) {
		i := s.Index(col)
		if i < 0 || row == nil {
			return "", false
		}
		return row[i].String(), true
	}
	a := Alert{
		RuleID:      r.ID,
		RuleName:    r.Name,
		RuleVersion: r.Version,
		AlertName:   r.AlertDisplayName(lookup),
		Description: r.AlertDescription(lookup),
		Severity:    r.AlertSeverity(lookup),
		Tactics:     r.AlertTactics(lookup),
		Techniques:  append([]string(nil), r.RelevantTechniques...),
		StartTime:   at.Add(-period),
		EndTime:     at,
		RunTime:     at,
		Schema:      s,
	}
	if r.Meta != nil {
		a.Confidence = r.Meta.Confidence
	}
	for _, e := range r.ExtractEntities(lookup) {
		ent := Entity{Type: e.Type}
		for _, f := range e.Fields {
			ent.Fields = append(ent.Fields, Field{Identifier: f.Identifier, Column: f.Column, Value: f.Value})
		}
		a.Entities = append(a.Entities, ent)
	}
	for _, d := range r.CustomDetails {
		det := Detail{Key: d.Key, Column: d.Column}
		if i := s.Index(d.Column); i >= 0 && row != nil {
			det.Value = row[i]
		}
		a.CustomDetails = append(a.CustomDetails, det)
	}
	return a
}

// SortAlerts orders alerts for display: run time, then severity.
func SortAlerts(alerts []Alert) {
	sort.SliceStable(alerts, func(i, j int) bool {
		if !alerts[i].RunTime.Equal(alerts[j].RunTime) {
			return alerts[i].RunTime.Before(alerts[j].RunTime)
		}
		return SeverityRank(alerts[i].Severity) > SeverityRank(alerts[j].Severity)
	})
}
