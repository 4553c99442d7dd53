// Package kql is the entry point of reconwatch's KQL engine: it parses a
// query, checks it against table schemas, and runs it over tables, with
// Kusto's semantics. The stages live in sub-packages: syntax (lexer,
// parser, AST, diagnostics), plan (binder and plan), exec (executor),
// funcs and aggs (built-in functions).
package kql

import (
	"context"
	"time"

	"reconwatch/internal/kql/exec"
	"reconwatch/internal/kql/plan"
	"reconwatch/internal/kql/syntax"
	"reconwatch/internal/table"
)

// Options configure compilation.
type Options struct {
	// Catalog resolves table names to schemas (nil: no tables).
	Catalog plan.Catalog
	// Now is the reference instant for now() and ago(); zero means the
	// clock at compile time. It is fixed for the whole query.
	Now time.Time
	// Tables, when set, lets the checker run parts of the query whose
	// output schema depends on the data (evaluate bag_unpack, pivot).
	Tables exec.Tables
	// Limits bound memory during execution (and discovery).
	Limits exec.Limits
	// MaxListSize caps make_list/make_set (0: Kusto's default).
	MaxListSize int
	// Name names the query in diagnostics (a file path, or "<query>").
	Name string
}

// Query is a compiled query.
type Query struct {
	Text    string
	AST     *syntax.Query
	Program *plan.Program
	Source  *syntax.Source
	opt     Options
}

// Compile parses and checks text. Diagnostics carry byte offsets; use
// Source (returned even on failure) to print them with line:col and a
// caret.
func Compile(text string, opt Options) (*Query, *syntax.Source, syntax.ErrorList) {
	src := &syntax.Source{Name: opt.Name, Text: text}
	if opt.Now.IsZero() {
		opt.Now = time.Now().UTC()
	}
	ast, errs := syntax.Parse(text)
	if len(errs) > 0 {
		return nil, src, errs
	}
	popt := plan.Options{
		Catalog:     opt.Catalog,
		Now:         table.TicksFromTime(opt.Now),
		MaxListSize: opt.MaxListSize,
	}
	if lister, ok := opt.Tables.(interface{ Tables() []string }); ok {
		popt.DataTables = lister.Tables
	}
	if opt.Limits.Budget == nil {
		opt.Limits.Budget = &exec.Budget{}
	}
	budget := opt.Limits.Budget
	popt.OnMemory = func(d int64) error { return budget.Charge(d, "make_list/make_set/make_bag") }
	tables := opt.Tables
	if tables == nil {
		tables = exec.MapTables{}
	}
	popt.Discover = func(n plan.Node, col int) ([]table.Column, error) {
		r := exec.NewRun(context.Background(), &plan.Program{}, tables, opt.Limits)
		return exec.DiscoverBagKeys(r, n, col)
	}
	popt.DiscoverValues = func(n plan.Node, col int) ([]table.Value, error) {
		r := exec.NewRun(context.Background(), &plan.Program{}, tables, opt.Limits)
		return exec.DiscoverValues(r, n, col)
	}
	prog, errs := plan.Bind(ast, popt)
	if len(errs) > 0 {
		return nil, src, errs
	}
	return &Query{Text: text, AST: ast, Program: prog, Source: src, opt: opt}, src, nil
}

// Schemas returns the result schema of every tabular statement.
func (q *Query) Schemas() []table.Schema {
	out := make([]table.Schema, len(q.Program.Results))
	for i, n := range q.Program.Results {
		out[i] = n.Schema()
	}
	return out
}

// Run executes the query over tables and collects every result.
func (q *Query) Run(ctx context.Context, tables exec.Tables) ([]*exec.Result, error) {
	return exec.Execute(ctx, q.Program, tables, q.opt.Limits)
}
