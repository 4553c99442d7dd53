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
	var runs []time.Time
	switch {
	case !opt.Now.IsZero():
		runs = []time.Time{opt.Now.UTC()}
	default:
		from, to := opt.From, opt.To
		if from.IsZero() || to.IsZero() {
			lo, hi, ok, err := dataSpan(ctx, probe.Program.Tables, tables)
			if err != nil {
				return nil, err
			}
			if !ok {
				sum.Runs += 0
				return nil, nil
			}
			if from.IsZero() {
				// the first window (from, from+freq] must include lo
				from = floorTo(lo.Add(-100*time.Nanosecond), freq)
			}
			if to.IsZero() {
				to = ceilTo(hi, freq)
			}
		}
		for t := from.Add(freq); !t.After(to); t = t.Add(freq) {
			runs = append(runs, t)
		}
	}
	if len(runs) > 0 {
		first := runs[0].Add(-period)
		last := runs[len(runs)-1]
		if sum.From.IsZero() || first.Before(sum.From) {
			sum.From = first
		}
		if last.After(sum.To) {
			sum.To = last
		}
		if n, err := countOutside(ctx, probe.Program.Tables, tables, first, last); err == nil {
			sum.OutOfRange += n
		} else {
			return nil, err
		}
	}
	var alerts []Alert
	for _, at := range runs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		q, src, errs := kql.Compile(r.Query, kql.Options{Catalog: opt.Catalog, Now: at, Name: r.Src.File, Tables: tables, Limits: opt.Limits})
		if len(errs) > 0 {
			return nil, &CompileError{Rule: r, Text: src.FormatAll(errs)}
		}
		win := windowed{inner: tables, lo: table.TicksFromTime(at.Add(-period)), hi: table.TicksFromTime(at)}
		res, err := q.Run(ctx, win)
		if err != nil {
			return nil, fmt.Errorf("rule %q, run at %s: %w", r.Name, at.Format(time.RFC3339), err)
		}
		sum.Runs++
		if len(res) == 0 {
			continue
		}
		out := res[len(res)-1]
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
