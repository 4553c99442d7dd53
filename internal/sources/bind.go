package sources

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// The binding pass over a file: validate every record, find its table,
// note its keys, count what is skipped. No value is decoded. The binder
// is resumable (step handles one unit), so a scan can bind a file while
// it decodes the rows of its own table; the accounting goes to a private
// fileInfo (acc) that Set.commit publishes once per file.

const initialBuffer = 1 << 20

// bufferFor sizes a file's read buffer: small files get a small one (it
// grows for long records anyway).
func bufferFor(size int64, st *stream) int {
	if st.Compress != "" || st.u16 != nil || size <= 0 || size >= initialBuffer {
		return initialBuffer
	}
	return int(size) + 512
}

// binder holds one file's binding state.
type binder struct {
	s   *Set
	f   *fileInfo // the accumulator
	src *source
	st  *stream // nil for a fixed source

	it, pit objIter
	scratch []byte
	keyBuf  []byte
	keyEnds []int
	typ     []byte
	cat     []byte
	propS   int
	propE   int
	tblIdx  map[string]int32

	w       walker
	lineSrc source
	cr      csvReader

	mode   int // modePlain (lines), modeDoc or modeCSV
	inLine bool
	plain  bool
	ended  bool

	// fast, when set, handles a line starting with '{' at l[i] (accounting
	// and decoding) and reports whether it did; otherwise the binder
	// handles it.
	fast func(l []byte, i int) bool
	// fastRec, when set, handles a record the walker found (base: its
	// offset in the line, in line mode) and reports whether it did.
	fastRec func(rec []byte, base int) bool
	// schemaHook, when set, sees each API response Schema array.
	schemaHook func(s []byte)
	// onTable, when set, learns each table the file feeds as it is met.
	onTable func(tid int32, name string)

	// The unit the last step bound to a table (got), for a scan to decode.
	got     bool
	gotRec  []byte // JSON record (line or walked span); nil for CSV
	gotTid  int32
	gotKind uint8
	// lastBad is the bad record the last step met, if any.
	lastBad *RecordError

	// Location of the current unit, for messages.
	lineMode bool
	lineNo   int
	locSrc   *source
	locBase  int
}

// accFor returns a fresh accumulator for f: its identity and what Open
// sniffed, no accounting.
func accFor(f *fileInfo) *fileInfo {
	a := &fileInfo{path: f.path, name: f.name, defTable: f.defTable, size: f.size, mtime: f.mtime, sn: f.sn}
	a.stats = FileStats{Path: f.stats.Path, Format: f.stats.Format, Encoding: f.stats.Encoding, Compression: f.stats.Compression}
	return a
}

func newBinder(s *Set, acc *fileInfo, src *source, st *stream) *binder {
	return &binder{s: s, f: acc, src: src, st: st, tblIdx: map[string]int32{}}
}

// start prepares the pass over src, positioned at the start of the
// text. It reports false when the file holds no records (a CSV file
// without a header row).
func (b *binder) start() bool {
	f := b.f
	src := b.src
	switch {
	case f.sn.kind == kindCSV:
		b.mode = modeCSV
		src.skipBytes(f.sn.skip)
		first := 1
		if f.sn.skip > 0 {
			first = 2
		}
		src.countLines = true
		b.locSrc = src
		b.cr.reset(src, f.sn.delim, first)
		if b.cr.next() != csvRecord {
			f.fileProblem(b.s, "CSV file without a header row")
			b.ended = true
			return false
		}
		f.typeCol = -1
		f.header = f.header[:0]
		for i, fl := range b.cr.fields {
			name := headerKey(string(b.cr.cell(fl, &b.scratch)))
			f.header = append(f.header, name)
			if name == "Type" && f.typeCol < 0 {
				f.typeCol = i
			}
		}
	case f.sn.lines:
		b.mode = modePlain
		b.lineMode = true
		b.plain = true
	default:
		b.mode = modeDoc
		src.countLines = true
		b.locSrc = src
		b.w.reset(src)
		b.w.onSchema = b.onSchema
	}
	return true
}

// run binds the whole file.
func (b *binder) run() {
	if b.start() {
		for b.step() {
		}
	}
	b.finish()
}

// finish completes the file's accounting after the last step.
func (b *binder) finish() {
	f := b.f
	if b.mode == modeCSV {
		b.csvKeys()
	}
	b.ended = true
	if b.src.err != nil && b.src.err != errTooLarge {
		f.readError(b.s, b.src)
	}
	for _, ft := range f.ftabs {
		ft.keys.flush()
	}
	if b.st != nil {
		f.stats.Bytes = b.st.RawBytes()
		if b.st.u16 != nil && b.st.u16.bad > 0 {
			f.stats.InvalidText += b.st.u16.bad
		}
	}
}

// step handles the next unit (a record, a bad record, a line that holds
// none) and reports false at the end of the file.
func (b *binder) step() bool {
	b.got, b.lastBad = false, nil
	if b.ended {
		return false
	}
	switch b.mode {
	case modePlain:
		return b.lineStep()
	case modeCSV:
		return b.csvStep()
	}
	return b.docStep()
}

func (f *fileInfo) readError(s *Set, src *source) {
	msg := fmt.Sprintf("read error after %d bytes of text: %v", src.off+int64(src.n), src.err)
	if f.stats.Problem == "" {
		f.stats.Problem = msg
	}
	f.addSkip(s, "file", formatMsg(f.name, 0, 0, msg))
}

func (f *fileInfo) fileProblem(s *Set, msg string) {
	f.stats.Problem = msg
	f.addSkip(s, "file", formatMsg(f.name, 0, 0, msg))
}

func (f *fileInfo) addSkip(s *Set, reason, msg string) {
	var sk *Skip
	for _, x := range f.skips {
		if x.Reason == reason {
			sk = x
			break
		}
	}
	if sk == nil {
		tbl := f.defTable
		if tbl == "" {
			tbl = s.opt.Fallback
		}
		sk = &Skip{File: f.name, Table: tbl, Reason: reason}
		f.skips = append(f.skips, sk)
	}
	sk.Count++
	if len(sk.Samples) < maxSamples {
		sk.Samples = append(sk.Samples, msg)
	}
}

func (b *binder) unit(tid int32, kind uint8) {
	r := b.f.runs
	if n := len(r); n > 0 && r[n-1].tid == tid && r[n-1].kind == kind && r[n-1].n < 1<<31 {
		r[n-1].n++
		return
	}
	b.f.runs = append(r, run{tid: tid, kind: kind, n: 1})
}

// loc returns the line and column of offset off in the current unit's
// buffer.
func (b *binder) loc(off int) (int, int) {
	if b.lineMode {
		return b.lineNo, off + 1
	}
	p := b.locBase + off
	return b.locSrc.lineAt(p), b.locSrc.colAt(p)
}

func (b *binder) bad(reason string, off int, msg string) {
	line, col := b.loc(off)
	b.badAt(reason, line, col, msg)
}

func (b *binder) badAt(reason string, line, col int, msg string) {
	f := b.f
	b.unit(tidBad, 0)
	f.stats.Records++
	f.stats.Skipped++
	re := &RecordError{File: f.name, Line: line, Col: col, Msg: msg}
	if f.firstBad == nil {
		f.firstBad = re
	}
	b.lastBad = re
	f.addSkip(b.s, reason, re.Error())
}

// lineStep handles the next unit of a file with one JSON document per
// line (NDJSON, or envelopes per line).
func (b *binder) lineStep() bool {
	src := b.src
	for {
		if b.inLine {
			if b.genericStep() {
				return true
			}
			continue
		}
		l, ok := src.nextLine()
		if !ok {
			if src.err == errTooLarge {
				b.badAt("invalid JSON", b.lineNo+1, 0, "line longer than the 256 MiB limit; the rest of the file is skipped")
			}
			b.f.plain = b.plain
			b.ended = true
			return b.lastBad != nil
		}
		b.lineNo++
		if b.line(l) {
			return true
		}
	}
}

// line handles line l: a plain record, a bad one, or the start of a
// walk over a line that holds something else. It reports whether it
// handled a unit (false: blank line, or a walk to step through).
func (b *binder) line(l []byte) bool {
	i := skipWS(l, 0)
	if i == len(l) {
		return false
	}
	if l[i] == '{' {
		if b.fast != nil && b.fast(l, i) {
			return true
		}
		end, container, err := b.scanRecord(l, i)
		if err == nil && !container && skipWS(l, end) == len(l) {
			b.commit(l, i)
			return true
		}
		if err != nil && !container {
			b.jsonErr(l, err, "; the record is skipped")
			return true
		}
	}
	b.plain = false
	b.lineSrc.fixed(l)
	b.w.reset(&b.lineSrc)
	b.w.onSchema = b.onSchema
	b.inLine = true
	return false
}

// jsonErr reports a bad record in line mode.
func (b *binder) jsonErr(l []byte, err error, tail string) {
	if err == errShort {
		b.bad("invalid JSON", len(l), "invalid JSON record: the line ends before the record is complete (truncated?)"+tail)
		return
	}
	if se, ok := err.(*syntaxError); ok {
		b.bad("invalid JSON", se.Off, "invalid JSON record: "+se.Error()+tail)
		return
	}
	b.bad("invalid JSON", 0, err.Error()+tail)
}

// genericStep walks one unit of a line that is not one plain record; it
// reports false when the line is done.
func (b *binder) genericStep() bool {
	l := b.lineSrc.buf
	switch b.w.next() {
	case uRecord:
		rec := b.lineSrc.buf[b.w.recS:b.w.recE]
		if b.fastRec == nil || !b.fastRec(rec, b.w.recS) {
			b.walkedRecord(rec, b.w.recS)
		}
		return true
	case uBad:
		b.bad("not a record", b.w.errPos, b.w.errMsg)
		return true
	case uFatal:
		msg := b.w.errMsg
		if b.w.errPos >= len(l) && len(msg) > 0 {
			msg = "invalid JSON: the line ends inside a value (truncated?)"
		}
		b.bad("invalid JSON", b.w.errPos, msg+"; the rest of the line is skipped")
		b.inLine = false
		return true
	}
	b.inLine = false
	return false
}

func (b *binder) onSchema(s []byte) {
	if b.f.apiSchema == nil {
		b.f.apiSchema = parseAPISchema(s)
	}
	if b.schemaHook != nil {
		b.schemaHook(s)
	}
}

// docStep walks one unit of a pretty-printed or otherwise multi-line
// JSON file.
func (b *binder) docStep() bool {
	src := b.src
	switch b.w.next() {
	case uRecord:
		b.locBase = b.w.recS
		rec := src.buf[b.w.recS:b.w.recE]
		if b.fastRec == nil || !b.fastRec(rec, 0) {
			b.walkedRecord(rec, 0)
		}
		return true
	case uBad:
		b.locBase = 0
		b.bad("not a record", b.w.errPos, b.w.errMsg)
		return true
	case uFatal:
		b.locBase = 0
		b.bad("invalid JSON", b.w.errPos, b.w.errMsg+"; the rest of the file is skipped")
		return true
	}
	b.ended = true
	return false
}

// walkedRecord handles a record the walker found (already validated).
// base is its offset in the line, in line mode.
func (b *binder) walkedRecord(rec []byte, base int) {
	if _, _, err := b.scanRecord(rec, 0); err != nil {
		// Cannot happen: the walker validated the record.
		b.bad("invalid JSON", base, "invalid JSON record: "+err.Error())
		return
	}
	b.commitAt(rec, 0, base)
}

// scanRecord validates the object at rec[i], collecting its keys, Type,
// category and properties. container reports a container key, seen
// before any error.
func (b *binder) scanRecord(rec []byte, i int) (end int, container bool, err error) {
	b.keyBuf, b.keyEnds = b.keyBuf[:0], b.keyEnds[:0]
	b.typ, b.cat = b.typ[:0], b.cat[:0]
	b.propS, b.propE = -1, -1
	it := &b.it
	if err := it.start(rec, i); err != nil {
		return 0, false, err
	}
	for {
		v, done, err := it.next()
		if err != nil {
			return 0, false, err
		}
		if done {
			return it.i, false, nil
		}
		key := it.keyString(&b.scratch)
		if containerKey(key, rec[v]) {
			return 0, true, nil
		}
		b.keyBuf = append(b.keyBuf, key...)
		b.keyEnds = append(b.keyEnds, len(b.keyBuf))
		isProps := false
		switch string(key) {
		case "Type":
			if rec[v] == '"' {
				if e, err := strEnd(rec, v+1); err == nil {
					b.typ = unescape(b.typ[:0], rec[v+1:e])
				}
			}
		case "category":
			if rec[v] == '"' {
				if e, err := strEnd(rec, v+1); err == nil {
					b.cat = unescape(b.cat[:0], rec[v+1:e])
				}
			}
		case "properties":
			isProps = rec[v] == '{'
		}
		e, err := it.skip()
		if err != nil {
			return 0, false, err
		}
		if isProps {
			b.propS, b.propE = v, e
		}
	}
}

func (b *binder) commit(rec []byte, i int) { b.commitAt(rec, i, 0) }

// binding returns the table a record names (from its Streaming category
// or Type; nil for none) and its kind.
func binding(cat, typ []byte, props bool) ([]byte, uint8) {
	if bytes.HasPrefix(cat, []byte(streamingPrefix)) {
		if props {
			return cat[len(streamingPrefix):], recStreaming
		}
		return cat[len(streamingPrefix):], recFlat
	}
	if len(typ) > 0 {
		return typ, recFlat
	}
	return nil, recFlat
}

const (
	noTableJSON = `record names no table (no Streaming API "category", no "Type" field) and its input has no table binding (--table NAME=PATH)`
	noTableCSV  = `record names no table (no "Type" column) and its input has no table binding (--table NAME=PATH)`
)

// tidFor returns the table of a record naming name (nil: none), or
// tidUnbound.
func (b *binder) tidFor(name []byte) int32 {
	switch {
	case len(name) > 0:
		return b.tableID(name)
	case b.f.defTable != "":
		return b.tableID([]byte(b.f.defTable))
	case b.s.opt.Fallback != "":
		return b.tableID([]byte(b.s.opt.Fallback))
	}
	return tidUnbound
}

// commitAt binds the record scanRecord just read. base is the record's
// offset in its line (line mode), for messages.
func (b *binder) commitAt(rec []byte, i, base int) {
	f := b.f
	name, kind := binding(b.cat, b.typ, b.propS >= 0)
	if kind == recStreaming {
		b.streamingKeys(rec)
	}
	f.stats.Records++
	tid := b.tidFor(name)
	if tid == tidUnbound {
		b.unbound(base + i)
		return
	}
	ft := f.ftabs[tid]
	ft.records++
	ft.keys.add(b.keyBuf, b.keyEnds)
	if !utf8.Valid(rec) {
		b.badText(ft, rec, base)
	}
	b.unit(tid, kind)
	b.got, b.gotRec, b.gotTid, b.gotKind = true, rec, tid, kind
}

// unbound counts a record bound to no table, at offset off of the unit.
func (b *binder) unbound(off int) {
	f := b.f
	b.unit(tidUnbound, 0)
	f.stats.Skipped++
	line, _ := b.loc(off)
	f.addSkip(b.s, "no table", formatMsg(f.name, line, 0, noTableJSON))
}

// badText counts a record with invalid UTF-8 (base: its offset in the
// line, in line mode).
func (b *binder) badText(ft *fileTable, rec []byte, base int) {
	f := b.f
	ft.badUTF8++
	f.stats.InvalidText++
	if f.stats.InvalidText == 1 {
		off := badUTF8Offset(rec)
		line, col := b.loc(base + off)
		f.stats.InvalidTextSample = formatMsg(f.name, line, col, fmt.Sprintf("invalid UTF-8 (byte 0x%02x); replaced by U+FFFD", rec[off]))
	}
}

func badUTF8Offset(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

// streamingKeys rewrites the collected keys for a Streaming record: the
// envelope's keys marked with envPrefix, then the keys of properties.
func (b *binder) streamingKeys(rec []byte) {
	env := append([]byte(nil), b.keyBuf...)
	ends := append([]int(nil), b.keyEnds...)
	b.keyBuf, b.keyEnds = b.keyBuf[:0], b.keyEnds[:0]
	start := 0
	for _, e := range ends {
		b.keyBuf = append(b.keyBuf, envPrefix...)
		b.keyBuf = append(b.keyBuf, env[start:e]...)
		b.keyEnds = append(b.keyEnds, len(b.keyBuf))
		start = e
	}
	it := &b.pit
	if it.start(rec, b.propS) != nil {
		return
	}
	for {
		_, done, err := it.next()
		if err != nil || done {
			return
		}
		key := it.keyString(&b.scratch)
		b.keyBuf = append(b.keyBuf, key...)
		b.keyEnds = append(b.keyEnds, len(b.keyBuf))
		if _, err := it.skip(); err != nil {
			return
		}
	}
}

func (b *binder) tableID(name []byte) int32 {
	if id, ok := b.tblIdx[string(name)]; ok {
		return id
	}
	id := int32(len(b.f.ftabs))
	n := string(name)
	b.tblIdx[n] = id
	b.f.ftabs = append(b.f.ftabs, &fileTable{name: n})
	if b.onTable != nil {
		b.onTable(id, n)
	}
	return id
}

// csvStep reads the next CSV record.
func (b *binder) csvStep() bool {
	f := b.f
	cr := &b.cr
	for {
		switch cr.next() {
		case csvEOF:
			b.ended = true
			return false
		case csvBlank:
			continue
		case csvBad:
			b.badAt("invalid CSV", cr.recLine, cr.errCol, cr.errMsg)
			return true
		}
		if len(cr.fields) != len(f.header) {
			b.badAt("invalid CSV", cr.recLine, 0, fmt.Sprintf("CSV record has %d fields, expected %d as in the header", len(cr.fields), len(f.header)))
			return true
		}
		var name []byte
		if f.typeCol >= 0 {
			name = cr.cell(cr.fields[f.typeCol], &b.scratch)
		}
		f.stats.Records++
		tid := b.tidFor(name)
		if tid == tidUnbound {
			b.unit(tidUnbound, 0)
			f.stats.Skipped++
			f.addSkip(b.s, "no table", formatMsg(f.name, cr.recLine, 0, noTableCSV))
			return true
		}
		ft := f.ftabs[tid]
		ft.records++
		last := cr.fields[len(cr.fields)-1]
		if rec := b.src.buf[cr.fields[0].s:last.e]; !utf8.Valid(rec) {
			ft.badUTF8++
			f.stats.InvalidText++
			if f.stats.InvalidText == 1 {
				off := badUTF8Offset(rec)
				f.stats.InvalidTextSample = formatMsg(f.name, cr.recLine, 0, fmt.Sprintf("invalid UTF-8 (byte 0x%02x); replaced by U+FFFD", rec[off]))
			}
		}
		b.unit(tid, recFlat)
		b.got, b.gotRec, b.gotTid, b.gotKind = true, nil, tid, recFlat
		return true
	}
}

// csvKeys records the header's columns for every table the file feeds.
func (b *binder) csvKeys() {
	for _, ft := range b.f.ftabs {
		for _, h := range b.f.header {
			ft.keys.addN(h, ft.records)
		}
	}
}
