package sources

import (
	"fmt"
	"os"
	"strings"

	"reconwatch/internal/table"
)

// Scan streams the table's rows with only the columns cols (indexes into
// Schema), in that order. Each call re-reads the table's files: a file
// whose accounting is published is read trusting it (its records'
// tables are known, nothing is validated); any other file is bound as
// it is read (see vscan).
func (t *srcTable) Scan(cols []int) (table.RowIter, error) {
	for _, c := range cols {
		if c < 0 || c >= len(t.schema) {
			return nil, fmt.Errorf("scan %s: column index %d out of range (schema has %d columns)", t.name, c, len(t.schema))
		}
	}
	it := &iter{t: t, cols: append([]int(nil), cols...), dec: newDecoder(t, cols)}
	it.fails = make([]int64, len(cols))
	return it, nil
}

// iter is a scan over a table's files.
type iter struct {
	t           *srcTable
	cols        []int
	dec         *decoder
	fileIdx     int
	cur         fileReader
	err         error
	done        bool
	merged      bool
	fails       []int64
	failSamples []string
}

func (it *iter) Err() error { return it.err }

func (it *iter) Close() error {
	if it.cur != nil {
		it.cur.close()
		it.cur = nil
	}
	it.done = true
	it.mergeStats()
	return nil
}

func (it *iter) Next(b *table.Batch) bool {
	b.Reset()
	if it.done {
		return false
	}
	if b.Width != len(it.cols) {
		it.err = fmt.Errorf("scan %s: batch width %d, expected %d", it.t.name, b.Width, len(it.cols))
		it.done = true
		return false
	}
	for !b.Full() {
		if it.cur == nil {
			if it.fileIdx >= len(it.t.files) {
				it.done = true
				it.mergeStats()
				return b.Len() > 0
			}
			fs, err := it.openFile(it.t.files[it.fileIdx])
			if err != nil {
				it.fail(err)
				return b.Len() > 0
			}
			it.cur = fs
		}
		more, err := it.cur.fill(b)
		if err != nil {
			it.fail(err)
			return b.Len() > 0
		}
		if !more {
			it.cur.close()
			it.cur = nil
			it.fileIdx++
		}
	}
	return true
}

func (it *iter) fail(err error) {
	it.err = err
	it.done = true
	if it.cur != nil {
		it.cur.close()
		it.cur = nil
	}
	it.mergeStats()
}

// mergeStats folds this scan's conversion failures into the table's
// stats: per column the largest count any scan saw, so scanning a column
// twice does not double it.
func (it *iter) mergeStats() {
	if it.merged {
		return
	}
	it.merged = true
	for i := range it.dec.conv.types {
		it.fails[i] += it.dec.fails[i]
		it.dec.fails[i] = 0
	}
	t := it.t
	s := t.set
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.failures == nil {
		t.failures = map[string]int64{}
	}
	for i, n := range it.fails {
		if n == 0 {
			continue
		}
		name := t.schema[it.cols[i]].Name
		if n > t.failures[name] {
			t.failures[name] = n
		}
	}
	for _, smp := range it.failSamples {
		if len(t.failSamples) >= maxSamples {
			break
		}
		dup := false
		for _, x := range t.failSamples {
			if x == smp {
				dup = true
				break
			}
		}
		if !dup {
			t.failSamples = append(t.failSamples, smp)
		}
	}
}

// fileReader is a scan's position in one file.
type fileReader interface {
	// fill adds rows to b until it is full (true) or the file ends
	// (false).
	fill(b *table.Batch) (bool, error)
	close()
}

func (it *iter) openFile(f *fileInfo) (fileReader, error) {
	if st, err := os.Stat(f.path); err != nil {
		return nil, err
	} else if st.Size() != f.size || !st.ModTime().Equal(f.mtime) {
		return nil, &RecordError{File: f.name, Msg: "file changed since it was opened; run again"}
	}
	s := it.t.set
	s.mu.Lock()
	done := f.done
	s.mu.Unlock()
	if !done {
		return it.openBinding(f)
	}
	lid := int32(-1)
	for i, ft := range f.ftabs {
		if ft.tbl == it.t {
			lid = int32(i)
			break
		}
	}
	st, err := openStream(f.path, it.t.set.progress)
	if err != nil {
		return nil, err
	}
	fs := &fileScan{it: it, f: f, st: st, lid: lid, runs: f.runs, strict: it.t.set.opt.Strict}
	if st.r == nil {
		st.Close()
		return nil, &RecordError{File: f.name, Msg: "file changed since it was opened; run again"}
	}
	fs.src = newSource(st.r, bufferFor(f.size, st))
	it.dec.setFile(f, lid)
	switch {
	case f.sn.kind == kindCSV:
		fs.mode = modeCSV
		fs.src.fill()
		fs.src.pos = f.sn.skip
		fs.src.countLines = true
		first := 1
		if f.sn.skip > 0 {
			first = 2
		}
		fs.cr.reset(fs.src, f.sn.delim, first)
		if fs.cr.next() != csvRecord {
			fs.close()
			return nil, &RecordError{File: f.name, Msg: "file changed since it was opened; run again"}
		}
		it.dec.setCSV(f.header)
	case f.sn.lines && f.plain:
		fs.mode = modePlain
	case f.sn.lines:
		fs.mode = modeLines
	default:
		fs.mode = modeDoc
		fs.src.countLines = true
		fs.w.reset(fs.src)
	}
	return fs, nil
}

const (
	modePlain = iota // one plain record per line
	modeLines        // one JSON document per line, walked
	modeDoc          // a multi-line JSON document, walked
	modeCSV
)

// fileScan is a scan's position in one file.
type fileScan struct {
	it     *iter
	f      *fileInfo
	st     *stream
	src    *source
	lid    int32
	strict bool
	mode   int

	runs []run
	ri   int
	left uint32
	tid  int32
	kind uint8

	lineNo int
	inLine bool // modeLines: the walker is inside the current line
	w      walker
	lsrc   source
	cr     csvReader
}

func (fs *fileScan) close() {
	if fs.st != nil {
		fs.st.Close()
		fs.st = nil
	}
}

func (fs *fileScan) changed() error {
	return &RecordError{File: fs.f.name, Line: fs.lineNo, Msg: "file changed since it was opened; run again"}
}

// take returns the table and kind of the next unit.
func (fs *fileScan) take() (int32, uint8, bool) {
	for fs.left == 0 {
		if fs.ri >= len(fs.runs) {
			return 0, 0, false
		}
		r := fs.runs[fs.ri]
		fs.ri++
		fs.left, fs.tid, fs.kind = r.n, r.tid, r.kind
	}
	fs.left--
	return fs.tid, fs.kind, true
}

// other handles a unit that is not ours; it returns an error for a bad
// unit in strict mode.
func (fs *fileScan) other(tid int32) error {
	if tid == tidBad && fs.strict && fs.f.firstBad != nil {
		return fs.f.firstBad
	}
	return nil
}

// fill adds rows to b until it is full (true) or the file ends (false).
func (fs *fileScan) fill(b *table.Batch) (bool, error) {
	switch fs.mode {
	case modePlain:
		return fs.fillPlain(b)
	case modeCSV:
		return fs.fillCSV(b)
	}
	return fs.fillWalked(b)
}

func (fs *fileScan) fillPlain(b *table.Batch) (bool, error) {
	d := fs.it.dec
	src := fs.src
	for !b.Full() {
		l, ok := src.nextLine()
		if !ok {
			return false, fs.endErr()
		}
		fs.lineNo++
		if len(l) == 0 || (l[0] != '{' && skipWS(l, 0) == len(l)) {
			continue
		}
		tid, kind, ok := fs.take()
		if !ok {
			return false, fs.changed()
		}
		if tid != fs.lid {
			if err := fs.other(tid); err != nil {
				return false, err
			}
			continue
		}
		row := b.AddRow()
		if d.ncol == 0 {
			continue
		}
		if err := d.record(l, kind, row); err != nil {
			b.Vals = b.Vals[:len(b.Vals)-b.Width]
			return false, fs.changed()
		}
		d.keep()
		if d.nfailed > 0 {
			fs.it.samples(fs.f, fs.lineNo)
		}
	}
	return true, nil
}

func (fs *fileScan) endErr() error {
	if fs.src.err != nil && fs.src.err != errTooLarge {
		// Reported by the binding pass already; a strict scan stops
		// here too.
		if fs.strict {
			return &RecordError{File: fs.f.name, Msg: "read error: " + fs.src.err.Error()}
		}
	}
	if fs.ri < len(fs.runs) || fs.left > 0 {
		// Units the binding pass saw but this pass did not: only bad or
		// foreign units can remain at the end (a too-long last line).
		for {
			tid, _, ok := fs.take()
			if !ok {
				break
			}
			if tid == fs.lid {
				return fs.changed()
			}
			if err := fs.other(tid); err != nil {
				return err
			}
		}
	}
	return nil
}

// samples notes the conversion failures of the record just decoded, at
// line line of f.
func (it *iter) samples(f *fileInfo, line int) {
	d := it.dec
	for _, p := range d.failed[:d.nfailed] {
		if len(it.failSamples) < maxSamples {
			col := it.t.schema[it.cols[p.slot]]
			it.failSamples = append(it.failSamples, formatMsg(f.name, line, 0,
				fmt.Sprintf("column %s (%s): cannot convert %s", col.Name, col.Type, p.text)))
		}
	}
	d.nfailed = 0
}

// fillWalked handles modeLines and modeDoc.
func (fs *fileScan) fillWalked(b *table.Batch) (bool, error) {
	d := fs.it.dec
	for !b.Full() {
		if fs.mode == modeLines && !fs.inLine {
			l, ok := fs.src.nextLine()
			if !ok {
				return false, fs.endErr()
			}
			fs.lineNo++
			if skipWS(l, 0) == len(l) {
				continue
			}
			fs.lsrc.fixed(l)
			fs.w.reset(&fs.lsrc)
			fs.inLine = true
		}
		k := fs.w.next()
		if k == uDone {
			if fs.mode == modeLines {
				fs.inLine = false
				continue
			}
			return false, fs.endErr()
		}
		tid, kind, ok := fs.take()
		if !ok {
			return false, fs.changed()
		}
		if k != uRecord || tid != fs.lid {
			if k == uRecord && tid < 0 && tid != tidUnbound {
				return false, fs.changed()
			}
			if err := fs.other(tid); err != nil {
				return false, err
			}
			continue
		}
		row := b.AddRow()
		if d.ncol == 0 {
			continue
		}
		src := fs.w.src
		if err := d.record(src.buf[fs.w.recS:fs.w.recE], kind, row); err != nil {
			b.Vals = b.Vals[:len(b.Vals)-b.Width]
			return false, fs.changed()
		}
		d.keep()
		if d.nfailed > 0 {
			line := fs.lineNo
			if fs.mode == modeDoc {
				line = src.lineAt(fs.w.recS)
			}
			fs.it.samples(fs.f, line)
		}
	}
	return true, nil
}

func (fs *fileScan) fillCSV(b *table.Batch) (bool, error) {
	d := fs.it.dec
	cr := &fs.cr
	for !b.Full() {
		r := cr.next()
		if r == csvEOF {
			return false, fs.endErr()
		}
		if r == csvBlank {
			continue
		}
		fs.lineNo = cr.recLine
		tid, _, ok := fs.take()
		if !ok {
			return false, fs.changed()
		}
		if tid != fs.lid {
			if err := fs.other(tid); err != nil {
				return false, err
			}
			continue
		}
		if r != csvRecord || len(cr.fields) != len(fs.f.header) {
			return false, fs.changed()
		}
		row := b.AddRow()
		if d.ncol == 0 {
			continue
		}
		d.csvRecord(cr, row)
		d.keep()
		if d.nfailed > 0 {
			fs.it.samples(fs.f, cr.recLine)
		}
	}
	return true, nil
}

// decoder fills the requested columns (slots) of a row from a record.
type decoder struct {
	tname    string
	ncol     int
	types    []table.Type
	defaults []table.Value
	conv     *converter

	// Key lookup: keys (record or properties level) and env (Streaming
	// envelope level) map a key to an index in infos.
	keys    map[string]int32
	env     map[string]int32
	infos   []keyInfo
	groups  [][]target
	memo    []int32 // key position -> infos index, for records and properties
	memoEnv []int32
	aliases [][]aliasKey

	// Per file.
	present []uint16
	need    int
	csvIdx  [][]int

	// Per record.
	prio      []uint8
	seen      []uint16
	done      []bool
	remaining int
	kscratch  []byte
	vscratch  []byte

	// Conversion failures: per column over the records kept (fails), of
	// the current record (recFails, slots), and samples of the current
	// record (failed).
	fails    []int64
	recFails []int32
	failed   []failure
	nfailed  int

	v vstate // the validating walk (vdecode.go)
}

type keyInfo struct {
	name  string
	group int32 // index in groups; gNone: no slot wants it; gProps: the properties object
	plain bool  // name needs no escaping in JSON: its raw bytes are the name
	env   bool  // a Streaming envelope key (in decoder.env)
	spec  uint8 // what the key means at a record's top level, for binding
	// keyColon is the name, its closing quote and ':' as a compact
	// record writes them.
	keyColon string
}

// Top-level keys that bind a record or make it a container.
const (
	specNone uint8 = iota
	specType
	specCategory
	specProps
	specContainer
)

func newKeyInfo(name string, group int32) keyInfo {
	plain := true
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 0x20 || c == '"' || c == '\\' {
			plain = false
			break
		}
	}
	k := keyInfo{name: name, group: group, plain: plain, keyColon: name + `":`}
	switch name {
	case "Type":
		k.spec = specType
	case "category":
		k.spec = specCategory
	case "properties":
		k.spec = specProps
	case "records", "Results", "results", "body":
		k.spec = specContainer
	}
	return k
}

// addKey adds key name to m (d.env when env) and returns its index.
func (d *decoder) addKey(m map[string]int32, name string, env bool) int32 {
	idx := int32(len(d.infos))
	k := newKeyInfo(name, gNone)
	k.env = env
	d.infos = append(d.infos, k)
	m[k.name] = idx
	return idx
}

const (
	gNone  int32 = -1
	gProps int32 = -2
)

type target struct {
	slot int32
	prio uint8
}

type aliasKey struct {
	name string
	env  bool
}

type failure struct {
	slot int
	text string
}

const noPrio = 255

// suffixOrder lists the type suffixes union exports use (schemas.md §7.2).
var suffixOrder = []string{"string", "long", "int", "real", "double", "bool", "datetime", "dynamic", "guid", "timespan", "decimal"}

const maxUnknownKeys = 4096

func newDecoder(t *srcTable, cols []int) *decoder {
	n := len(cols)
	d := &decoder{
		tname: t.name, ncol: n,
		keys: map[string]int32{}, env: map[string]int32{},
		types: make([]table.Type, n), defaults: make([]table.Value, n),
		aliases: make([][]aliasKey, n), present: make([]uint16, n),
		prio: make([]uint8, n), seen: make([]uint16, n), done: make([]bool, n),
		fails: make([]int64, n), failed: make([]failure, 0, 8),
	}
	for slot, ci := range cols {
		col := t.schema[ci]
		d.types[slot] = col.Type
		d.defaults[slot] = table.NullOf(col.Type)
		if col.Name == "Type" && col.Type == table.String {
			d.defaults[slot] = table.NewString(t.name)
		}
		al := []aliasKey{{name: col.Name}}
		for _, s := range suffixOrder {
			al = append(al, aliasKey{name: col.Name + "_" + s})
		}
		switch col.Name {
		case "TimeGenerated":
			al = append(al, aliasKey{name: "Timestamp"}, aliasKey{name: "time", env: true})
		case "Timestamp":
			al = append(al, aliasKey{name: "TimeGenerated"})
		case "TenantId":
			al = append(al, aliasKey{name: "tenantId", env: true})
		}
		d.aliases[slot] = al
		for p, a := range al {
			m := d.keys
			if a.env {
				m = d.env
			}
			idx, ok := m[a.name]
			if !ok {
				idx = d.addKey(m, a.name, a.env)
			}
			g := d.infos[idx].group
			if g == gNone {
				g = int32(len(d.groups))
				d.groups = append(d.groups, nil)
				d.infos[idx].group = g
			}
			d.groups[g] = append(d.groups[g], target{slot: int32(slot), prio: uint8(p)})
		}
	}
	// Columns nobody asked for are known keys too (memoized, skipped).
	for _, c := range t.schema {
		if _, ok := d.keys[c.Name]; !ok {
			d.addKey(d.keys, c.Name, false)
		}
	}
	for _, k := range []string{"Type", "category", "properties", "records", "Results", "results", "body"} {
		if _, ok := d.keys[k]; !ok {
			d.addKey(d.keys, k, false)
		}
		if _, ok := d.env[k]; !ok {
			d.addKey(d.env, k, true)
		}
	}
	d.infos[d.env["properties"]].group = gProps
	d.conv = newConverter(d.types)
	return d
}

// setFile prepares for a file: which alias keys occur in it decides when
// a record needs no further reading.
func (d *decoder) setFile(f *fileInfo, lid int32) {
	d.need = 0
	var ks *keyCounter
	if lid >= 0 {
		ks = &f.ftabs[lid].keys
	}
	for slot, al := range d.aliases {
		var p uint16
		for i, a := range al {
			name := a.name
			if a.env {
				name = envPrefix + name
			}
			if ks != nil && ks.has(name) {
				p |= 1 << i
			}
		}
		d.present[slot] = p
		if p != 0 {
			d.need++
		}
	}
}

// setAll prepares for a file whose keys are not known yet: every alias
// may occur, so records are read to their end.
func (d *decoder) setAll() {
	d.need = 0
	for slot, al := range d.aliases {
		d.present[slot] = uint16(1)<<len(al) - 1
		d.need++
	}
}

// keep counts the current record's conversion failures: it is a row of
// the scan.
func (d *decoder) keep() {
	for _, s := range d.recFails {
		d.fails[s]++
	}
	d.recFails = d.recFails[:0]
}

// setCSV maps each slot to the header columns that may fill it, best
// first.
func (d *decoder) setCSV(header []string) {
	d.csvIdx = make([][]int, d.ncol)
	for slot, al := range d.aliases {
		for _, a := range al {
			if a.env {
				continue
			}
			for i, h := range header {
				if h == a.name {
					d.csvIdx[slot] = append(d.csvIdx[slot], i)
					break
				}
			}
		}
	}
}

func (d *decoder) startRecord(row []table.Value) {
	copy(row, d.defaults)
	for i := range d.prio {
		d.prio[i] = noPrio
		d.seen[i] = 0
		d.done[i] = d.present[i] == 0
	}
	d.remaining = d.need
	d.nfailed = 0
	d.recFails = d.recFails[:0]
}

// record decodes the JSON record in b (a line or a walked span).
func (d *decoder) record(b []byte, kind uint8, row []table.Value) error {
	d.startRecord(row)
	if d.remaining == 0 {
		return nil
	}
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return errShort
	}
	var err error
	if kind == recStreaming {
		_, err = d.object(b, i+1, d.env, &d.memoEnv, row)
	} else {
		_, err = d.object(b, i+1, d.keys, &d.memo, row)
	}
	return err
}

// object decodes the keys of the object whose '{' precedes b[i]. It
// returns the index after the '}', or -1 when every wanted column is
// settled and reading stopped early.
func (d *decoder) object(b []byte, i int, m map[string]int32, memo *[]int32, row []table.Value) (int, error) {
	pos := 0
	for {
		for i < len(b) && b[i] <= ' ' {
			i++
		}
		if i >= len(b) {
			return 0, errShort
		}
		c := b[i]
		if c == '}' {
			return i + 1, nil
		}
		if c == ',' {
			i++
			for i < len(b) && b[i] <= ' ' {
				i++
			}
			if i >= len(b) {
				return 0, errShort
			}
		}
		if b[i] != '"' {
			return 0, synErr(b, i, "a string key")
		}
		ks := i + 1
		// Records of one export repeat their keys in the same order: try
		// the key seen at this position last time before scanning.
		mm := *memo
		g := gNone
		hit := false
		if pos < len(mm) && mm[pos] >= 0 && d.infos[mm[pos]].plain {
			name := d.infos[mm[pos]].name
			if e := ks + len(name); e < len(b) && b[e] == '"' && string(b[ks:e]) == name {
				g = d.infos[mm[pos]].group
				hit = true
				i = e + 1
			}
		}
		if !hit {
			ke := ks
			for ke < len(b) && b[ke] != '"' && b[ke] != '\\' {
				ke++
			}
			if ke >= len(b) {
				return 0, errShort
			}
			var key []byte
			if b[ke] == '"' {
				key = b[ks:ke]
			} else {
				e, err := strEnd(b, ks)
				if err != nil {
					return 0, err
				}
				d.kscratch = unescape(d.kscratch[:0], b[ks:e])
				key, ke = d.kscratch, e
			}
			i = ke + 1
			idx, ok := m[string(key)]
			if !ok && len(d.infos) < maxUnknownKeys*2 {
				idx = d.addKey(m, string(key), memo == &d.memoEnv)
				ok = true
			}
			if ok {
				g = d.infos[idx].group
				for len(mm) <= pos {
					mm = append(mm, -1)
				}
				mm[pos] = idx
				*memo = mm
			}
		}
		for i < len(b) && b[i] <= ' ' {
			i++
		}
		if i >= len(b) || b[i] != ':' {
			return 0, errShort
		}
		i++
		for i < len(b) && b[i] <= ' ' {
			i++
		}
		if i >= len(b) {
			return 0, errShort
		}
		pos++
		var err error
		switch {
		case g >= 0:
			i, err = d.value(b, i, g, row)
		case g == gProps && b[i] == '{':
			i, err = d.object(b, i+1, d.keys, &d.memo, row)
			if i < 0 {
				return -1, err
			}
		default:
			i, err = skipFast(b, i)
		}
		if err != nil {
			return 0, err
		}
		if d.remaining == 0 {
			return -1, nil
		}
	}
}

// value decodes the value at b[i] into the slots of group g.
func (d *decoder) value(b []byte, i int, g int32, row []table.Value) (int, error) {
	var kind byte
	var raw []byte
	var end int
	switch c := b[i]; c {
	case '"':
		e, err := strEnd(b, i+1)
		if err != nil {
			return 0, err
		}
		raw = b[i+1 : e]
		for _, x := range raw {
			if x == '\\' {
				d.vscratch = unescape(d.vscratch[:0], raw)
				raw = d.vscratch
				break
			}
		}
		kind, end = jString, e+1
	case '{', '[':
		e, err := skipFast(b, i)
		if err != nil {
			return 0, err
		}
		raw, end = b[i:e], e
		kind = jObject
		if c == '[' {
			kind = jArray
		}
	case 't':
		kind, end = jTrue, i+4
	case 'f':
		kind, end = jFalse, i+5
	case 'n':
		kind, end = jNull, i+4
	default:
		e := i
		for e < len(b) {
			x := b[e]
			if (x >= '0' && x <= '9') || x == '-' || x == '+' || x == '.' || x == 'e' || x == 'E' {
				e++
				continue
			}
			break
		}
		raw, end = b[i:e], e
		kind = jNumber
	}
	if end > len(b) {
		return 0, errShort
	}
	d.apply(g, kind, raw, row)
	return end, nil
}

// apply converts a value into the slots of group g.
func (d *decoder) apply(g int32, kind byte, raw []byte, row []table.Value) {
	for _, t := range d.groups[g] {
		s := t.slot
		bit := uint16(1) << t.prio
		if d.seen[s]&bit != 0 {
			continue // a repeated key: its first value counts
		}
		d.seen[s] |= bit
		if t.prio < d.prio[s] {
			v, st := d.conv.fromJSON(int(s), kind, raw)
			switch st {
			case convOK:
				row[s] = v
				d.prio[s] = t.prio
			case convFail:
				d.fail(int(s), kind, raw)
			}
		}
		if !d.done[s] {
			better := d.present[s]
			if p := d.prio[s]; p != noPrio {
				better &= 1<<p - 1
			}
			if better&^d.seen[s] == 0 {
				d.done[s] = true
				d.remaining--
			}
		}
	}
}

func (d *decoder) fail(slot int, kind byte, raw []byte) {
	d.recFails = append(d.recFails, int32(slot))
	if d.nfailed < cap(d.failed) {
		text := string(raw)
		more := ""
		if len(text) > 60 {
			text, more = strings.ToValidUTF8(text[:60], ""), "..."
		}
		if kind == jString {
			text = fmt.Sprintf("%q", text) + more
		} else {
			text = strings.TrimSpace(text) + more
		}
		d.failed = d.failed[:d.nfailed+1]
		d.failed[d.nfailed] = failure{slot: slot, text: text}
		d.nfailed++
	}
}

// csvRecord decodes the requested columns of a CSV record.
func (d *decoder) csvRecord(cr *csvReader, row []table.Value) {
	d.startRecord(row)
	for slot, idxs := range d.csvIdx {
		for _, hi := range idxs {
			cell := cr.cell(cr.fields[hi], &d.vscratch)
			v, st := d.conv.fromText(slot, cell, true)
			if st == convOK {
				row[slot] = v
				break
			}
			if st == convFail {
				d.fail(slot, jString, cell)
			}
		}
	}
}
