package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"reconwatch/internal/kql"
	"reconwatch/internal/kql/exec"
	"reconwatch/internal/output"
)

const queryExamples = `  reconwatch query -q 'print now()'
  reconwatch query -f ../shared/seed/t1596.kql --now 2026-11-26T12:00:00Z --format json export.json
  reconwatch query -q 'DeviceNetworkEvents | summarize count() by ActionType' export.csv
  reconwatch query -q 'T | take 5' --table T=proxy.ndjson
`

func runQuery(args []string, stdout, stderr io.Writer) (retErr error) {
	fs := newFlags("query", "query (-q KQL | -f FILE.kql) [flags] [INPUT...]", queryExamples, stderr)
	var (
		text, file, format, out, now string
		d                            dataFlags
	)
	fs.StringVar(&text, "q", "", "the `KQL` query")
	fs.StringVar(&file, "f", "", "read the query from `FILE`")
	fs.StringVar(&format, "format", "table", "output format: table, json (NDJSON) or csv")
	fs.StringVar(&out, "o", "", "write results to `FILE` instead of standard output")
	fs.StringVar(&now, "now", "", "reference `time` for now() and ago() (default: the clock)")
	d.register(fs, false)
	inputs, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	name := "<query>"
	switch {
	case text != "" && file != "":
		return usagef("query: give -q or -f, not both")
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		text, name = string(b), file
	case text == "":
		return usagef("query: no query; give -q 'KQL' or -f FILE.kql")
	}
	if _, err := output.NewResultWriter(format, io.Discard, output.Options{}); err != nil {
		return usagef("query: --format %q: expected table, json or csv", format)
	}
	ref := time.Now().UTC()
	if now != "" {
		if ref, err = parseTime("now", now); err != nil {
			return err
		}
	}
	limits, err := d.limits()
	if err != nil {
		return err
	}
	cat, err := loadCatalog(d.schemas)
	if err != nil {
		return err
	}
	// Check before reading any data: errors show up at once, and the
	// plan says which tables to feed unbound records to.
	q, src, errs := kql.Compile(text, kql.Options{Catalog: cat, Now: ref, Name: name, Limits: limits})
	if len(errs) > 0 {
		fmt.Fprint(stderr, src.FormatAll(errs))
		return errReported
	}
	var tables exec.Tables
	if len(inputs) > 0 || len(d.tables) > 0 {
		fallback := ""
		if len(q.Program.Tables) == 1 {
			fallback = q.Program.Tables[0]
		}
		set, prog, err := d.openInputs(inputs, cat, fallback, stderr)
		if err != nil {
			return err
		}
		defer set.Close()
		defer func() {
			prog.Done()
			if retErr == nil {
				reportSkips(set, stderr)
			}
		}()
		tables = set
		// Recompile against the data: tables inferred from the data and
		// bag_unpack's columns become known.
		q, src, errs = kql.Compile(text, kql.Options{Catalog: set.Catalog(), Now: ref, Name: name, Tables: set, Limits: limits})
		if len(errs) > 0 {
			fmt.Fprint(stderr, src.FormatAll(errs))
			return errReported
		}
		warnUnfed(q.Program.Tables, set, stderr)
	}
	results, err := q.Run(context.Background(), tables)
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
	color := false
	if f, ok := w.(*os.File); ok && format == "table" {
		color = output.ColorEnabled(f)
	}
	for i, r := range results {
		if i > 0 && format == "table" {
			fmt.Fprintln(w)
		}
		rw, err := output.NewResultWriter(format, w, output.Options{Color: color})
		if err != nil {
			return err
		}
		if err := rw.WriteHeader(r.Schema); err != nil {
			return err
		}
		for _, row := range r.Rows {
			if err := rw.WriteRow(row); err != nil {
				return err
			}
		}
		if err := rw.Flush(); err != nil {
			return err
		}
	}
	return nil
}
