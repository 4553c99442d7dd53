package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"reconwatch/internal/catalog"
	"reconwatch/internal/kql/exec"
	"reconwatch/internal/output"
	"reconwatch/internal/sources"
)

// dataFlags are the flags shared by commands that read telemetry.
type dataFlags struct {
	tables    stringList
	schemas   string
	strict    bool
	quiet     bool
	maxMemory string
}

func (d *dataFlags) register(fs *flag.FlagSet, quietShort bool) {
	fs.Var(&d.tables, "table", "bind an input to a table: `NAME=PATH` (repeatable)")
	fs.StringVar(&d.schemas, "schemas", "", "JSON `file` of table schemas that add to or override the built-in ones")
	fs.BoolVar(&d.strict, "strict", false, "stop at the first bad record instead of skipping it")
	fs.BoolVar(&d.quiet, "quiet", false, "no progress bar")
	if quietShort {
		fs.BoolVar(&d.quiet, "q", false, "no progress bar (same as --quiet)")
	}
	fs.StringVar(&d.maxMemory, "max-memory", "4GiB", "memory a query may hold (sort, join, summarize state, lists)")
}

func (d *dataFlags) limits() (exec.Limits, error) {
	n, err := parseSize(d.maxMemory)
	if err != nil {
		return exec.Limits{}, err
	}
	return exec.Limits{MaxMemory: n}, nil
}

// loadCatalog returns the built-in schemas plus --schemas.
func loadCatalog(path string) (*catalog.Catalog, error) {
	cat := catalog.Default()
	if path == "" {
		return cat, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	extra, err := catalog.Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	cat.Merge(extra)
	return cat, nil
}

// inputList turns positional inputs and --table bindings into sources
// inputs.
func (d *dataFlags) inputList(paths []string) ([]sources.Input, error) {
	var in []sources.Input
	for _, p := range paths {
		in = append(in, sources.Input{Path: p})
	}
	for _, b := range d.tables {
		name, path, ok := strings.Cut(b, "=")
		if !ok || name == "" || path == "" {
			return nil, usagef("--table %q: expected NAME=PATH", b)
		}
		in = append(in, sources.Input{Path: path, Table: name})
	}
	return in, nil
}

// passProgress shows a progress bar per pass over the input: opening reads
// every file once, and each table scan of a query (or of a replay run)
// reads the files again, so the bar restarts when a pass completes.
type passProgress struct {
	mu      sync.Mutex
	w       io.Writer
	total   int64
	enabled bool
	done    int64
	cur     *output.Progress
}

func (p *passProgress) Add(n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur == nil {
		p.cur = output.NewProgress(p.w, p.total, p.enabled)
	}
	p.cur.Add(n)
	p.done += n
	if p.total > 0 && p.done >= p.total {
		p.cur.Done()
		p.cur, p.done = nil, 0
	}
}

func (p *passProgress) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur != nil {
		p.cur.Done()
		p.cur = nil
	}
}

// openInputs opens the telemetry with a progress bar on a terminal.
func (d *dataFlags) openInputs(paths []string, cat *catalog.Catalog, fallback string, stderr io.Writer) (*sources.Set, *passProgress, error) {
	in, err := d.inputList(paths)
	if err != nil {
		return nil, nil, err
	}
	var total int64
	for _, i := range in {
		if st, err := os.Stat(i.Path); err == nil && !st.IsDir() {
			total += st.Size()
		}
	}
	f, isFile := stderr.(*os.File)
	show := !d.quiet && isFile && output.IsTerminal(f) && total > 32<<20
	prog := &passProgress{w: stderr, total: total, enabled: show}
	set, err := sources.Open(in, sources.Options{
		Catalog:    cat,
		Fallback:   fallback,
		Strict:     d.strict,
		OnProgress: prog.Add,
	})
	if err != nil {
		prog.Done()
		return nil, nil, err
	}
	if d.strict {
		// --strict: a file that holds no records, or invalid text, is an
		// error like a bad record.
		for _, f := range set.Stats().Files {
			msg := ""
			switch {
			case f.Problem != "":
				msg = f.Problem
			case f.InvalidText > 0:
				msg = fmt.Sprintf("%d record(s) with invalid text (%s)", f.InvalidText, f.InvalidTextSample)
			}
			if msg != "" {
				prog.Done()
				set.Close()
				return nil, nil, fmt.Errorf("%s: %s (--strict)", f.Path, msg)
			}
		}
	}
	return set, prog, nil
}

// warnUnfed warns about tables a query reads that no input feeds: the
// query then sees them empty, which is rarely what the user meant.
func warnUnfed(names []string, set *sources.Set, stderr io.Writer) {
	fed := map[string]bool{}
	for _, n := range set.Tables() {
		fed[n] = true
	}
	for _, n := range names {
		if !fed[n] {
			fmt.Fprintf(stderr, "warning: no input records are bound to table %s; the query sees it empty (bind a file with --table %s=PATH)\n", n, n)
		}
	}
}

// reportSkips prints what was skipped while reading, one line per file
// and reason with its first sample, so no bad record vanishes silently.
func reportSkips(set *sources.Set, stderr io.Writer) {
	st := set.Stats()
	for _, sk := range st.Skipped {
		sample := ""
		if len(sk.Samples) > 0 {
			sample = ": " + sk.Samples[0]
		}
		if sk.Reason == "file" {
			fmt.Fprintf(stderr, "warning: %s%s\n", sk.File, strings.TrimPrefix(sample, ": "+sk.File))
			continue
		}
		fmt.Fprintf(stderr, "warning: skipped %d record(s) in %s (%s)%s\n", sk.Count, sk.File, sk.Reason, sample)
	}
	for _, f := range st.Files {
		if f.InvalidText > 0 {
			fmt.Fprintf(stderr, "warning: %s: %d record(s) with invalid text, replaced with U+FFFD (first: %s)\n", f.Path, f.InvalidText, f.InvalidTextSample)
		}
	}
	for _, t := range st.Tables {
		for col, n := range t.Failures {
			fmt.Fprintf(stderr, "warning: %s.%s: %d value(s) could not be converted and became null\n", t.Name, col, n)
		}
	}
}
