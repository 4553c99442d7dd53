package sources

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// The first pass over a file: sniff the format, validate every record,
// find its table, note its keys. No value is decoded.

const initialBuffer = 1 << 20

// bufferFor sizes a file's read buffer: small files get a small one (it
// grows for long records anyway).
func bufferFor(size int64, st *stream) int {
	if st.Compress != "" || st.u16 != nil || size <= 0 || size >= initialBuffer {
		return initialBuffer
	}
	return int(size) + 512
}

// binder holds one file's first-pass state.
type binder struct {
	s *Set
	f *fileInfo

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

	// Location of the current unit, for messages.
	lineMode bool
	lineNo   int
	locSrc   *source
	locBase  int
}

func (s *Set) bindFile(f *fileInfo) {
	st, err := openStream(f.path, s.progress)
	if err != nil {
		f.fileProblem(s, err.Error())
		return
	}
	defer st.Close()
	f.stats.Encoding, f.stats.Compression = st.Encoding, st.Compress
	defer func() {
		f.stats.Bytes = st.RawBytes()
		if st.u16 != nil && st.u16.bad > 0 {
			f.stats.InvalidText += st.u16.bad
		}
	}()
	if st.Problem != "" {
		f.fileProblem(s, st.Problem)
		return
	}
	src := newSource(st.r, bufferFor(f.size, st))
	src.fill()
	if src.n == 0 && src.err != nil {
		f.fileProblem(s, "read error: "+src.err.Error())
		return
	}
	f.sn = sniff(src.buf[:src.n], src.eof)
	switch f.sn.kind {
	case kindEmpty, kindBinary, kindUnknown:
		f.fileProblem(s, f.sn.msg)
		return
	}
	f.stats.Format = f.sn.style
	b := &binder{s: s, f: f, tblIdx: map[string]int32{}}
	switch {
	case f.sn.kind == kindCSV:
		b.csv(src)
	case f.sn.lines:
		b.lines(src)
	default:
		b.document(src)
	}
	if src.err != nil && src.err != errTooLarge {
		f.readError(s, src)
	}
	for _, ft := range f.ftabs {
		ft.keys.flush()
	}
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
	f.addSkip(b.s, reason, re.Error())
}

// lines reads one JSON document per line (NDJSON, or envelopes per line).
func (b *binder) lines(src *source) {
	b.lineMode = true
	plain := true
	for {
		l, ok := src.nextLine()
		if !ok {
			break
		}
		b.lineNo++
		i := skipWS(l, 0)
		if i == len(l) {
			continue
		}
		if l[i] == '{' {
			end, container, err := b.scanRecord(l, i)
			if err == nil && !container && skipWS(l, end) == len(l) {
				b.commit(l, i)
				continue
			}
			if err != nil && !container {
				b.jsonErr(l, err, "; the record is skipped")
				continue
			}
		}
		plain = false
		b.generic(l)
	}
	if src.err == errTooLarge {
		b.badAt("invalid JSON", b.lineNo+1, 0, "line longer than the 256 MiB limit; the rest of the file is skipped")
	}
	b.f.plain = plain
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

// generic walks a line that is not one plain record.
func (b *binder) generic(l []byte) {
	b.lineSrc.fixed(l)
	b.w.reset(&b.lineSrc)
	b.w.onSchema = b.onSchema
	for {
		switch b.w.next() {
		case uRecord:
			b.walkedRecord(b.lineSrc.buf[b.w.recS:b.w.recE], b.w.recS)
		case uBad:
			b.bad("not a record", b.w.errPos, b.w.errMsg)
		case uFatal:
			msg := b.w.errMsg
			if b.w.errPos >= len(l) && len(msg) > 0 {
				msg = "invalid JSON: the line ends inside a value (truncated?)"
			}
			b.bad("invalid JSON", b.w.errPos, msg+"; the rest of the line is skipped")
			return
		case uDone:
			return
		}
	}
}

func (b *binder) onSchema(s []byte) {
	if b.f.apiSchema == nil {
		b.f.apiSchema = parseAPISchema(s)
	}
}

// document walks a pretty-printed or otherwise multi-line JSON file.
func (b *binder) document(src *source) {
	src.countLines = true
	b.locSrc = src
	b.w.reset(src)
	b.w.onSchema = b.onSchema
	for {
		switch b.w.next() {
		case uRecord:
			b.locBase = b.w.recS
			b.walkedRecord(src.buf[b.w.recS:b.w.recE], 0)
		case uBad:
			b.locBase = 0
			b.bad("not a record", b.w.errPos, b.w.errMsg)
		case uFatal:
			b.locBase = 0
			b.bad("invalid JSON", b.w.errPos, b.w.errMsg+"; the rest of the file is skipped")
			return
		case uDone:
			return
		}
	}
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

// commitAt binds the record scanRecord just read. base is the record's
// offset in its line (line mode), for messages.
func (b *binder) commitAt(rec []byte, i, base int) {
	f := b.f
	kind := recFlat
	var name []byte
	if bytes.HasPrefix(b.cat, []byte(streamingPrefix)) {
		name = b.cat[len(streamingPrefix):]
		if b.propS >= 0 {
			kind = recStreaming
			b.streamingKeys(rec)
		}
	} else if len(b.typ) > 0 {
		name = b.typ
	}
	f.stats.Records++
	var tid int32
	if len(name) > 0 {
		tid = b.tableID(name)
	} else if f.defTable != "" {
		tid = b.tableID([]byte(f.defTable))
	} else if b.s.opt.Fallback != "" {
		tid = b.tableID([]byte(b.s.opt.Fallback))
	} else {
		b.unit(tidUnbound, 0)
		f.stats.Skipped++
		line, _ := b.loc(base + i)
		f.addSkip(b.s, "no table", formatMsg(f.name, line, 0,
			`record names no table (no Streaming API "category", no "Type" field) and its input has no table binding (--table NAME=PATH)`))
		return
	}
	ft := f.ftabs[tid]
	ft.records++
	ft.keys.add(b.keyBuf, b.keyEnds)
	if !utf8.Valid(rec) {
		ft.badUTF8++
		f.stats.InvalidText++
		if f.stats.InvalidText == 1 {
			off := badUTF8Offset(rec)
			line, col := b.loc(base + off)
			f.stats.InvalidTextSample = formatMsg(f.name, line, col, fmt.Sprintf("invalid UTF-8 (byte 0x%02x); replaced by U+FFFD", rec[off]))
		}
	}
	b.unit(tid, kind)
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
	return id
}

// csv reads a CSV file: a header row, then records.
func (b *binder) csv(src *source) {
	f := b.f
	src.pos = f.sn.skip
	first := 1
	if f.sn.skip > 0 {
		first = 2
	}
	src.countLines = true
	b.locSrc = src
	var cr csvReader
	cr.reset(src, f.sn.delim, first)
	if cr.next() != csvRecord {
		f.fileProblem(b.s, "CSV file without a header row")
		return
	}
	f.typeCol = -1
	for i, fl := range cr.fields {
		name := headerKey(string(cr.cell(fl, &b.scratch)))
		f.header = append(f.header, name)
		if name == "Type" && f.typeCol < 0 {
			f.typeCol = i
		}
	}
	for {
		r := cr.next()
		switch r {
		case csvEOF:
			b.csvKeys()
			return
		case csvBlank:
			continue
		case csvBad:
			b.badAt("invalid CSV", cr.recLine, cr.errCol, cr.errMsg)
			continue
		}
		if len(cr.fields) != len(f.header) {
			b.badAt("invalid CSV", cr.recLine, 0, fmt.Sprintf("CSV record has %d fields, expected %d as in the header", len(cr.fields), len(f.header)))
			continue
		}
		var name []byte
		if f.typeCol >= 0 {
			name = cr.cell(cr.fields[f.typeCol], &b.scratch)
		}
		f.stats.Records++
		var tid int32
		switch {
		case len(name) > 0:
			tid = b.tableID(name)
		case f.defTable != "":
			tid = b.tableID([]byte(f.defTable))
		case b.s.opt.Fallback != "":
			tid = b.tableID([]byte(b.s.opt.Fallback))
		default:
			b.unit(tidUnbound, 0)
			f.stats.Skipped++
			f.addSkip(b.s, "no table", formatMsg(f.name, cr.recLine, 0,
				`record names no table (no "Type" column) and its input has no table binding (--table NAME=PATH)`))
			continue
		}
		ft := f.ftabs[tid]
		ft.records++
		last := cr.fields[len(cr.fields)-1]
		if rec := src.buf[cr.fields[0].s:last.e]; !utf8.Valid(rec) {
			ft.badUTF8++
			f.stats.InvalidText++
			if f.stats.InvalidText == 1 {
				off := badUTF8Offset(rec)
				f.stats.InvalidTextSample = formatMsg(f.name, cr.recLine, 0, fmt.Sprintf("invalid UTF-8 (byte 0x%02x); replaced by U+FFFD", rec[off]))
			}
		}
		b.unit(tid, recFlat)
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
