// Package sources reads exported telemetry into tables: Defender Advanced
// Hunting results (NDJSON, JSON arrays, the API's {"Schema","Results"}
// response and Graph's lower-case form), the portal's CSV export,
// Streaming API records ({"records":[...]} envelopes or one record per
// line) and Log Analytics / Sentinel exports (records carrying Type),
// gzip- or bzip2-compressed or not, UTF-8 or UTF-16.
//
// Formats are recognized by content, never by file name: compression by
// magic bytes, encoding by BOM (UTF-8, UTF-16LE/BE; UTF-16 without BOM by
// its NUL pattern), then JSON by its first value (one record per line,
// one envelope or response per line, or a pretty-printed or array
// document of any size, walked without loading it) or CSV by a header row
// (',', ';' or tab; quoted fields with delimiters, doubled quotes and line
// breaks; PowerShell's "#TYPE" line; Log Analytics' "Col [UTC]" headers).
// Folders are walked in lexical order (names starting with '.' skipped);
// "-" is standard input, copied to a temporary file so it can be scanned
// more than once (Set.Close removes it).
//
// # Binding
//
// Each record feeds one table, chosen by, in order: its Streaming API
// category ("AdvancedHunting-X" feeds X), its Type field, the table bound
// to its input (Input.Table, from --table NAME=PATH), and Options.Fallback
// (the one table a query reads). Records bound to no table are skipped and
// counted.
//
// # Typing
//
// Cells take the types of the table's catalog schema: "443" becomes long
// 443 in a long column, "2026-11-26T10:00:00Z" a datetime, JSON text in a
// string cell of a dynamic column is parsed. "", null, "-" and missing
// keys are absent (null; "" for strings). A value that cannot be
// converted becomes null and is counted per column in Stats. A record
// with Timestamp and no TimeGenerated gets TimeGenerated = Timestamp, and
// the reverse, as Sentinel does; union exports' type-suffixed columns
// (ReportId_long, AdditionalFields_string) fill the column they name;
// Streaming records' envelope tenantId and time fill TenantId and (when
// there is no Timestamp) TimeGenerated; a table with a Type column gets
// the table name there when the record has none.
//
// Columns the schema lacks are counted per name in Stats and ignored,
// unless Options.KeepUnknown appends them to the schema as extra dynamic
// columns. A table the catalog does not know gets a schema inferred from
// all its columns: the types an API response's Schema declares, datetime
// for TimeGenerated and Timestamp, string for Type, dynamic otherwise
// (CSV text in a dynamic column is read as JSON when it parses: "42" is
// a long, "hello" a string).
//
// # Streaming
//
// Open reads little: it sniffs each file's format from its first bytes
// and finds the tables the file feeds. A record names a table only by a
// top-level "category" or "Type" key, so for JSON a byte search for those
// keys (and for \u escapes that could spell them) at memchr speed shows
// which records need a look; the others feed the input's table or the
// fallback, confirmed by one valid record (usually the first). A CSV file
// without a Type column is settled by its header and first valid row;
// with Type as its last column, by the text after each line's last
// delimiter. A file is bound whole at Open instead when that is cheap or
// needed: it fits in the first read (1 MiB), it feeds a table the catalog
// does not know (the schema is inferred from every key),
// Options.KeepUnknown, a CSV file whose Type column is not the last, a
// JSON document (array, response, envelopes) in which a record may name
// a table its first read did not confirm, or many lines needing a closer
// look. With Options.Strict, Open reads each file to its end, so that a
// read error (a truncated gzip file) fails it.
//
// Binding a file (validating every record, finding its table, noting its
// keys, counting what is skipped, invalid text and unknown columns)
// happens once per file: at Open as above, during the first scan that
// reads the file to its end (the scan binds as it decodes, in one pass),
// or in Stats for a file no scan has read yet. The first finished
// binding is published; later scans read the file trusting it (each
// record's table is known, nothing is validated, reading a record stops
// once the requested columns are settled). Table.Scan re-reads the
// table's files each time (a join may scan a table twice) and decodes
// only the requested columns into batches.
//
// # Performance
//
// A scan of NDJSON decodes only the requested columns: a small
// hand-written scanner walks each line's keys, compares each key first
// with the key found at the same position in the previous record
// (exports repeat their key order), skips unwanted values with
// memchr-speed string skipping, unescapes only wanted strings. Short
// repeated strings are interned per column; values are never boxed;
// batches are reused. The first scan of a file validates as it walks (the
// same checks as the binder, in the same walk as the decoding, the keys
// counted by index) and reads every record to its end; later scans stop
// reading a record once every requested column is settled.
// BenchmarkOpenAndScan (Open and one scan of 8 columns of 50 MB of
// generated DeviceNetworkEvents, one core): about 700-830 MB/s for an
// Advanced Hunting export, 630-800 MB/s for a Sentinel one (every record
// names its table), about 500 MB/s as a JSON array, 430-530 MB/s as CSV;
// Open alone (BenchmarkOpen) 3-3.5 GB/s. The first scan of a file costs
// about 40% more than later ones (validation, records read to their
// end). BenchmarkScanNDJSON (a bound file): 1.0-1.35 GB/s, about 2
// allocations per row (the strings that do not repeat: IPs, command
// lines); CSV 450-600 MB/s, a JSON array 550-700 MB/s. What would make
// it faster:
// scanning files in parallel (one goroutine per file or per 4 MB chunk of
// a line file), SIMD structural indexing (finding all quotes and
// backslashes 32 bytes at a time, as simdjson does), a per-batch string
// arena instead of one allocation per unrepeated string.
//
// # Bad input
//
// Bad input never panics and never vanishes. Truncated or invalid JSON,
// CSV rows with the wrong number of fields, binary files, empty files and
// unsupported encodings each give a message "FILE:LINE:COL: what was
// expected" (or "FILE: problem" for a whole file); such records are
// skipped and counted in Stats. Invalid UTF-8 is replaced by U+FFFD and
// counted. With Options.Strict, a Scan's iterator stops at the first bad
// record of the files it reads and Err returns a *RecordError; problems
// no scan would meet (a binary, unrecognized or unreadable file, a
// record bound to no table, a read error Open meets) make Open fail.
// Empty files are never an error.
package sources

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"reconwatch/internal/catalog"
	"reconwatch/internal/table"
)

// Input is one input path: a file, a folder (walked recursively in
// lexical order, skipping names that start with '.') or "-" for standard
// input.
type Input struct {
	Path string
	// Table, when set, is the table for records that name none (no
	// Streaming category and no Type field): --table NAME=PATH.
	Table string
}

// Options configure Open.
type Options struct {
	// Catalog types the columns; nil means catalog.Default().
	Catalog *catalog.Catalog
	// Fallback is the table for records bound to no table by their
	// content or their input: set it when the query reads exactly one
	// table.
	Fallback string
	// Strict makes a Scan's iterator fail at the first bad record of
	// the files it reads (or at a read error), and Open fail on what no
	// scan would meet: a binary, unrecognized or unreadable file (not an
	// empty one), a record bound to no table.
	Strict bool
	// KeepUnknown keeps columns that are not in a table's schema, as
	// extra dynamic columns at the end of the schema (use Set.Catalog
	// for planning then).
	KeepUnknown bool
	// OnProgress, if set, is called with the number of bytes just read
	// from disk (compressed size), by Open, by every scan and by Stats
	// (when it binds a file no scan has read), possibly from several
	// goroutines at once.
	OnProgress func(bytesRead int64)
	// Stdin is what "-" reads; nil means os.Stdin.
	Stdin io.Reader
	// Parallel bounds the files Open reads at once (0: GOMAXPROCS).
	Parallel int
}

// RecordError is a bad record met by a strict scan.
type RecordError struct {
	File string
	Line int // 0 when unknown
	Col  int // 0 when unknown
	Msg  string
}

func (e *RecordError) Error() string { return formatMsg(e.File, e.Line, e.Col, e.Msg) }

func formatMsg(file string, line, col int, msg string) string {
	switch {
	case line > 0 && col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", file, line, col, msg)
	case line > 0:
		return fmt.Sprintf("%s:%d: %s", file, line, msg)
	}
	return fmt.Sprintf("%s: %s", file, msg)
}

// Stats describes the inputs: see Set.Stats.
type Stats struct {
	Files  []FileStats  // in input order
	Tables []TableStats // sorted by name
	// Skipped lists skipped records and file problems, by file and
	// reason, in input order.
	Skipped []Skip
}

// FileStats describes one input file.
type FileStats struct {
	Path string
	// Format is what the content was recognized as: "ndjson", "json"
	// (pretty-printed or concatenated objects), "json-array",
	// "api-response", "graph-response", "streaming-envelope",
	// "event-hub-body" (the last four with "-lines" when there is one
	// document per line) or "csv"; "" when the file gave no records.
	Format      string
	Encoding    string // "utf-8", "utf-8 with BOM", "utf-16le with BOM", ...
	Compression string // "", "gzip", "bzip2"
	Bytes       int64  // bytes read from disk by the pass that bound the file
	Records     int64  // records found, bound or skipped
	Tables      map[string]int64
	Skipped     int64
	// InvalidText counts records with invalid UTF-8 and invalid UTF-16
	// units; both are replaced by U+FFFD.
	InvalidText       int64
	InvalidTextSample string // the first one's location
	// Problem tells why the file gave no (more) records: "empty file",
	// "binary data ...", "unrecognized format ...", a read error.
	Problem string
}

// TableStats describes one table.
type TableStats struct {
	Name     string
	Files    []string
	Records  int64 // records bound to the table
	Skipped  int64 // bad records in files whose binding names the table
	Inferred bool  // the catalog does not know the table: its schema comes from the data
	// Unknown counts the records carrying each column the schema lacks
	// (reported once per name; kept as columns with KeepUnknown).
	Unknown map[string]int64
	// Failures counts, per column, values that could not be converted
	// to the column's type and became null, over the scans so far (a
	// column scanned twice is counted once).
	Failures       map[string]int64
	FailureSamples []string
	InvalidUTF8    int64 // records with invalid UTF-8
}

// Skip groups the skipped records of one file with one reason, or a
// file-level problem (Reason "file").
type Skip struct {
	File    string
	Table   string // the table the file's binding names, if any
	Reason  string // "invalid JSON", "not a record", "invalid CSV", "no table", "file"
	Count   int64
	Samples []string // up to 5 messages
}

const maxSamples = 5

// Set is the result of Open: the tables found in the inputs.
type Set struct {
	opt    Options
	cat    *catalog.Catalog
	files  []*fileInfo
	tables map[string]*srcTable
	temps  []string

	mu sync.Mutex // guards the files' accounting (done and what commit sets) and the tables' stats
}

// Open finds the inputs' files and the tables they feed, and returns
// those tables. It fails only when an input path cannot be read (and,
// with Options.Strict, on a problem no scan would meet); problems inside
// files are reported in Stats.
func Open(inputs []Input, opt Options) (*Set, error) {
	s := &Set{opt: opt, cat: opt.Catalog, tables: map[string]*srcTable{}}
	if s.cat == nil {
		s.cat = catalog.Default()
	}
	if err := s.expand(inputs); err != nil {
		s.Close()
		return nil, err
	}
	s.each(s.files, s.openFile)
	s.merge()
	if opt.Strict {
		if err := s.strictErr(); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// each runs fn on files, Options.Parallel at a time.
func (s *Set) each(files []*fileInfo, fn func(*fileInfo)) {
	par := s.opt.Parallel
	if par <= 0 {
		par = runtime.GOMAXPROCS(0)
	}
	if par <= 1 || len(files) <= 1 {
		for _, f := range files {
			fn(f)
		}
		return
	}
	work := make(chan *fileInfo)
	var wg sync.WaitGroup
	for w := 0; w < min(par, len(files)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range work {
				fn(f)
			}
		}()
	}
	for _, f := range files {
		work <- f
	}
	close(work)
	wg.Wait()
}

// strictErr is the first problem that belongs to no table's scan: a file
// that gave no records (other than an empty one), a read error, a record
// bound to no table.
func (s *Set) strictErr() error {
	for _, f := range s.files {
		if p := f.stats.Problem; p != "" && !strings.HasPrefix(p, "empty file") {
			return &RecordError{File: f.name, Msg: p}
		}
		if f.openProblem != "" {
			return &RecordError{File: f.name, Msg: f.openProblem}
		}
		for _, sk := range f.skips {
			if sk.Reason == "no table" {
				return errors.New(sk.Samples[0])
			}
		}
		if f.unboundMsg != "" {
			return errors.New(f.unboundMsg)
		}
	}
	return nil
}

// Close removes the temporary copy of standard input, if any.
func (s *Set) Close() error {
	var first error
	for _, p := range s.temps {
		if err := os.Remove(p); err != nil && first == nil {
			first = err
		}
	}
	s.temps = nil
	return first
}

func (s *Set) expand(inputs []Input) error {
	stdinDone := ""
	for _, in := range inputs {
		if in.Path == "-" {
			if stdinDone == "" {
				p, err := s.spoolStdin()
				if err != nil {
					return fmt.Errorf("reading standard input: %w", err)
				}
				stdinDone = p
			}
			s.addFile(stdinDone, "<stdin>", in.Table)
			continue
		}
		st, err := os.Stat(in.Path)
		if err != nil {
			return err
		}
		if !st.IsDir() {
			s.addFile(in.Path, in.Path, in.Table)
			continue
		}
		err = filepath.WalkDir(in.Path, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != in.Path && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				s.addFile(p, p, in.Table)
			} else if d.Type()&fs.ModeSymlink != 0 {
				if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
					s.addFile(p, p, in.Table)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Set) spoolStdin() (string, error) {
	r := s.opt.Stdin
	if r == nil {
		r = os.Stdin
	}
	f, err := os.CreateTemp("", "reconwatch-stdin-*")
	if err != nil {
		return "", err
	}
	s.temps = append(s.temps, f.Name())
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return "", err
	}
	return f.Name(), f.Close()
}

func (s *Set) addFile(path, name, tbl string) {
	f := &fileInfo{path: path, name: name, defTable: tbl}
	f.stats.Path = name
	if st, err := os.Stat(path); err == nil {
		f.size, f.mtime = st.Size(), st.ModTime()
	}
	s.files = append(s.files, f)
}

func (s *Set) progress(n int64) {
	if s.opt.OnProgress != nil {
		s.opt.OnProgress(n)
	}
}

// Tables lists the tables that received records, sorted.
func (s *Set) Tables() []string {
	out := make([]string, 0, len(s.tables))
	for n := range s.tables {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Table returns the table named name: one that received records, or an
// empty table when the catalog knows the name.
func (s *Set) Table(name string) (table.Table, bool) {
	if t, ok := s.tables[name]; ok {
		return t, true
	}
	if sch, ok := s.cat.Lookup(name); ok {
		return &srcTable{set: s, name: name, schema: sch}, true
	}
	return nil, false
}

// Catalog returns the catalog Open used, with the schemas of the tables
// found (inferred ones, and catalog ones extended by KeepUnknown). Give
// it to the planner so column indexes agree with Scan.
func (s *Set) Catalog() *catalog.Catalog {
	c := catalog.New()
	c.Merge(s.cat)
	for name, t := range s.tables {
		c.SetTable(name, t.schema)
	}
	return c
}

// Stats reports what the inputs hold: files, tables, skipped records,
// invalid text, unknown columns. A file no scan has read to its end yet
// is read now (once), so the counts are complete whenever Stats is
// called. Conversion failures reflect the scans so far.
func (s *Set) Stats() Stats {
	s.accountAll()
	s.mu.Lock()
	defer s.mu.Unlock()
	var st Stats
	for _, f := range s.files {
		fs := f.stats
		fs.Tables = map[string]int64{}
		for _, ft := range f.ftabs {
			fs.Tables[ft.name] += ft.records
		}
		st.Files = append(st.Files, fs)
		for _, sk := range f.skips {
			c := *sk
			c.Samples = append([]string(nil), sk.Samples...)
			st.Skipped = append(st.Skipped, c)
		}
	}
	for _, name := range s.Tables() {
		t := s.tables[name]
		ts := TableStats{Name: name, Records: t.records, Inferred: t.inferred,
			Unknown: map[string]int64{}, Failures: map[string]int64{}}
		for _, f := range t.files {
			ts.Files = append(ts.Files, f.name)
			for _, ft := range f.ftabs {
				if ft.tbl == t {
					ts.InvalidUTF8 += ft.badUTF8
				}
			}
		}
		for k, v := range t.unknown {
			ts.Unknown[k] = v
		}
		for k, v := range t.failures {
			ts.Failures[k] = v
		}
		ts.FailureSamples = append(ts.FailureSamples, t.failSamples...)
		for _, sk := range st.Skipped {
			if sk.Table == name && sk.Reason != "file" {
				ts.Skipped += sk.Count
			}
		}
		st.Tables = append(st.Tables, ts)
	}
	return st
}

// Warnings renders the problems in Stats as lines for a user: file
// problems, skipped records (count and first message), unknown columns
// and conversion failures.
func (st Stats) Warnings() []string {
	var out []string
	for _, sk := range st.Skipped {
		if sk.Reason == "file" {
			out = append(out, sk.Samples...)
			continue
		}
		first := ""
		if len(sk.Samples) > 0 {
			first = "; first: " + sk.Samples[0]
		}
		out = append(out, fmt.Sprintf("%s: skipped %d record(s) (%s)%s", sk.File, sk.Count, sk.Reason, first))
	}
	for _, f := range st.Files {
		if f.InvalidText > 0 {
			msg := fmt.Sprintf("%s: %d record(s) with invalid text encoding, replaced by U+FFFD", f.Path, f.InvalidText)
			if f.InvalidTextSample != "" {
				msg += "; first: " + f.InvalidTextSample
			}
			out = append(out, msg)
		}
	}
	for _, t := range st.Tables {
		if len(t.Unknown) > 0 {
			names := make([]string, 0, len(t.Unknown))
			for n := range t.Unknown {
				names = append(names, n)
			}
			sort.Strings(names)
			out = append(out, fmt.Sprintf("%s: ignored %d column(s) not in the schema: %s", t.Name, len(names), strings.Join(names, ", ")))
		}
		if len(t.Failures) > 0 {
			names := make([]string, 0, len(t.Failures))
			for n := range t.Failures {
				names = append(names, n)
			}
			sort.Strings(names)
			var parts []string
			for _, n := range names {
				parts = append(parts, fmt.Sprintf("%s %d", n, t.Failures[n]))
			}
			first := ""
			if len(t.FailureSamples) > 0 {
				first = "; first: " + t.FailureSamples[0]
			}
			out = append(out, fmt.Sprintf("%s: values that could not be converted (now null): %s%s", t.Name, strings.Join(parts, ", "), first))
		}
	}
	return out
}

// fileInfo is one input file: what Open found (its format, the tables
// it feeds) and, once a binding pass has read it to its end, its
// accounting (published by Set.commit; the binder fills a private copy).
type fileInfo struct {
	path     string // to open (a temporary copy for stdin)
	name     string // to show
	defTable string
	size     int64
	mtime    time.Time

	stats FileStats
	sn    sniffed

	// Set by Open.
	tables      []string  // the tables the file feeds, first seen first
	pending     *fileInfo // bound by Open, committed by merge
	openProblem string    // a read error found by Open (for Strict)
	unboundMsg  string    // the first record bound to no table (for Strict)

	done bool // accounting published (guarded by Set.mu)

	// Accounting.
	plain bool // line mode with one plain record per line
	// CSV
	header  []string
	typeCol int
	// API response schema (types for inferred columns)
	apiSchema table.Schema

	runs     []run
	firstBad *RecordError
	skips    []*Skip
	ftabs    []*fileTable
}

// run is a stretch of consecutive records (units) with the same table
// (an index into fileInfo.ftabs, or tidUnbound, tidBad) and kind, in file
// order. Every pass meets the same units in the same order, so a scan of
// a bound file knows each record's table without looking.
type run struct {
	tid  int32
	kind uint8
	n    uint32
}

const (
	tidUnbound int32 = -1
	tidBad     int32 = -2
)

const (
	recFlat      uint8 = 0
	recStreaming uint8 = 1
)

// fileTable is one table fed by one file.
type fileTable struct {
	name    string
	tbl     *srcTable
	records int64
	keys    keyCounter
	badUTF8 int64
}

// envPrefix marks Streaming envelope keys in key sets.
const envPrefix = "\x00"

type keyStat struct {
	name string
	n    int64
}

// keyCounter counts the records carrying each key, cheaply when
// consecutive records have the same keys in the same order.
type keyCounter struct {
	m     map[string]*keyStat
	order []*keyStat
	seq   []*keyStat
	seqN  int64
}

func (k *keyCounter) add(buf []byte, ends []int) {
	if len(ends) == len(k.seq) && k.seqN > 0 {
		start := 0
		same := true
		for i, e := range ends {
			if string(buf[start:e]) != k.seq[i].name {
				same = false
				break
			}
			start = e
		}
		if same {
			k.seqN++
			return
		}
	}
	k.flush()
	if k.m == nil {
		k.m = map[string]*keyStat{}
	}
	k.seq = k.seq[:0]
	start := 0
	for _, e := range ends {
		kb := buf[start:e]
		start = e
		ks := k.m[string(kb)]
		if ks == nil {
			ks = &keyStat{name: string(kb)}
			k.m[ks.name] = ks
			k.order = append(k.order, ks)
		}
		k.seq = append(k.seq, ks)
	}
	k.seqN = 1
}

func (k *keyCounter) addN(name string, n int64) {
	if k.m == nil {
		k.m = map[string]*keyStat{}
	}
	ks := k.m[name]
	if ks == nil {
		ks = &keyStat{name: name}
		k.m[name] = ks
		k.order = append(k.order, ks)
	}
	ks.n += n
}

func (k *keyCounter) flush() {
	for _, ks := range k.seq {
		ks.n += k.seqN
	}
	k.seqN = 0
}

func (k *keyCounter) has(name string) bool {
	ks := k.m[name]
	return ks != nil && ks.n > 0
}

// srcTable is a table read from files.
type srcTable struct {
	set       *Set
	name      string
	schema    table.Schema
	catSchema table.Schema // the catalog's schema (nil when inferred)
	files     []*fileInfo
	inferred  bool

	// Guarded by set.mu.
	records     int64
	unknown     map[string]int64
	failures    map[string]int64
	failSamples []string
}

func (t *srcTable) Name() string         { return t.name }
func (t *srcTable) Schema() table.Schema { return slices.Clone(t.schema) }

// table returns the table named name, creating it.
func (s *Set) table(name string) *srcTable {
	t := s.tables[name]
	if t == nil {
		sch, ok := s.cat.Lookup(name)
		t = &srcTable{set: s, name: name, unknown: map[string]int64{}, inferred: !ok}
		if ok {
			t.catSchema = sch
		}
		s.tables[name] = t
	}
	return t
}

// merge joins the per-file results of Open: tables, their files in
// input order, the files Open bound, schemas.
func (s *Set) merge() {
	for _, f := range s.files {
		for _, name := range f.tables {
			t := s.table(name)
			if len(t.files) == 0 || t.files[len(t.files)-1] != f {
				t.files = append(t.files, f)
			}
		}
	}
	s.mu.Lock()
	for _, f := range s.files {
		if f.pending != nil {
			s.commitLocked(f, f.pending)
			f.pending = nil
		}
	}
	s.mu.Unlock()
	for _, t := range s.tables {
		s.resolveSchema(t)
	}
}

// commit publishes a binding pass's accounting for f (acc) unless
// another pass did first, and reports whether it did.
func (s *Set) commit(f, acc *fileInfo) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commitLocked(f, acc)
}

func (s *Set) commitLocked(f, acc *fileInfo) bool {
	if f.done {
		return false
	}
	f.done = true
	f.stats.Bytes = acc.stats.Bytes
	f.stats.Records = acc.stats.Records
	f.stats.Skipped = acc.stats.Skipped
	f.stats.InvalidText = acc.stats.InvalidText
	f.stats.InvalidTextSample = acc.stats.InvalidTextSample
	if f.stats.Problem == "" {
		f.stats.Problem = acc.stats.Problem
	}
	f.plain, f.header, f.typeCol, f.apiSchema = acc.plain, acc.header, acc.typeCol, acc.apiSchema
	f.runs, f.firstBad, f.ftabs = acc.runs, acc.firstBad, acc.ftabs
	f.skips = append(f.skips, acc.skips...)
	for _, ft := range f.ftabs {
		ft.keys.flush()
		t := s.tables[ft.name]
		ft.tbl = t
		if t == nil {
			continue // the file changed since Open
		}
		t.records += ft.records
		if t.inferred {
			continue
		}
		for _, ks := range ft.keys.order {
			if ks.n == 0 || strings.HasPrefix(ks.name, envPrefix) || knownKey(t.catSchema, ks.name) {
				continue
			}
			t.unknown[ks.name] += ks.n
		}
	}
	return true
}

// accountAll binds the files whose accounting is not published yet.
func (s *Set) accountAll() {
	var todo []*fileInfo
	s.mu.Lock()
	for _, f := range s.files {
		if !f.done {
			todo = append(todo, f)
		}
	}
	s.mu.Unlock()
	s.each(todo, func(f *fileInfo) { s.commit(f, s.bindFile(f)) })
}

// bindFile runs a binding pass over f into a fresh accumulator.
func (s *Set) bindFile(f *fileInfo) *fileInfo {
	acc := accFor(f)
	if err := f.unchanged(); err != nil {
		acc.fileProblem(s, err.Msg)
		return acc
	}
	st, err := openStream(f.path, s.progress)
	if err != nil {
		acc.fileProblem(s, err.Error())
		return acc
	}
	defer st.Close()
	if st.r == nil {
		acc.fileProblem(s, "file changed since it was opened; run again")
		return acc
	}
	src := newSource(st.r, bufferFor(f.size, st))
	newBinder(s, acc, src, st).run()
	return acc
}

// unchanged checks that f is the file Open read.
func (f *fileInfo) unchanged() *RecordError {
	st, err := os.Stat(f.path)
	if err != nil {
		return &RecordError{File: f.name, Msg: err.Error()}
	}
	if st.Size() != f.size || !st.ModTime().Equal(f.mtime) {
		return &RecordError{File: f.name, Msg: "file changed since it was opened; run again"}
	}
	return nil
}

// knownKey reports whether a record key fills a column of schema sch.
func knownKey(sch table.Schema, key string) bool {
	if strings.HasPrefix(key, envPrefix) || key == "Type" {
		return true
	}
	if sch.Index(key) >= 0 {
		return true
	}
	switch key {
	case "Timestamp":
		return sch.Index("TimeGenerated") >= 0
	case "TimeGenerated":
		return sch.Index("Timestamp") >= 0
	}
	if i := strings.LastIndexByte(key, '_'); i > 0 {
		if _, ok := typeSuffixes[key[i+1:]]; ok && sch.Index(key[:i]) >= 0 {
			return true
		}
	}
	return false
}

// typeSuffixes are the suffixes union exports add to clashing columns
// (schemas.md §7.2).
var typeSuffixes = map[string]table.Type{
	"string": table.String, "long": table.Long, "int": table.Int, "real": table.Real,
	"double": table.Real, "bool": table.Bool, "datetime": table.Datetime, "dynamic": table.Dynamic,
	"guid": table.Guid, "timespan": table.Timespan, "decimal": table.Decimal,
}

func (s *Set) resolveSchema(t *srcTable) {
	sch, ok := s.cat.Lookup(t.name)
	t.inferred = !ok
	type extra struct {
		typ table.Type
		set bool
	}
	extras := map[string]*extra{}
	var order []string
	for _, f := range t.files {
		for _, ft := range f.ftabs {
			if ft.tbl != t {
				continue
			}
			ft.keys.flush()
			for _, ks := range ft.keys.order {
				if ks.n == 0 || strings.HasPrefix(ks.name, envPrefix) {
					continue
				}
				if ok && (knownKey(sch, ks.name) || !s.opt.KeepUnknown) {
					continue
				}
				typ := table.Dynamic
				if !ok {
					typ = f.hintType(ks.name)
				}
				e := extras[ks.name]
				if e == nil {
					extras[ks.name] = &extra{typ: typ, set: true}
					order = append(order, ks.name)
				} else if e.typ != typ {
					e.typ = table.Dynamic
				}
			}
		}
	}
	if !ok {
		sch = nil
		if _, ts := extras["Timestamp"]; ts {
			if _, tg := extras["TimeGenerated"]; !tg {
				order = append([]string{"TimeGenerated"}, order...)
				extras["TimeGenerated"] = &extra{typ: table.Datetime}
			}
		}
	}
	for _, name := range order {
		sch = append(sch, table.Column{Name: name, Type: extras[name].typ})
	}
	t.schema = sch
}

// hintType is the type an inferred column takes from this file.
func (f *fileInfo) hintType(name string) table.Type {
	if i := f.apiSchema.Index(name); i >= 0 {
		return f.apiSchema[i].Type
	}
	switch name {
	case "TimeGenerated", "Timestamp":
		return table.Datetime
	case "Type":
		return table.String
	}
	return table.Dynamic
}
