package sources

import (
	"bytes"
	"fmt"
	"slices"
)

// Open's work on a file: sniff it, then find the tables it feeds without
// binding every record. A record names a table only through a top-level
// "Type" or "category" key, so a byte search for those keys (and for
// \u escapes that could spell them) tells which lines need a closer
// look; the rest bind to the input's table or the fallback. The search
// runs at memchr speed; the binding pass (validation, accounting) is
// left to the first scan of the file, or to Stats.
//
// A file is bound whole at Open instead when that is as cheap or
// needed: it fits in the first read buffer; Options.KeepUnknown (every
// key extends the schema); it feeds a table the catalog does not know
// (its schema is inferred from every key); a CSV file whose Type column
// is not the last; a JSON document (not one record per line) in which a
// record may name a table its first read did not confirm; or when the
// cheap classification would cost more than binding (many lines needing
// a closer look). Whatever Open concludes is exact: the tables listed
// are those that receive a valid record, as if every record were bound.

// testHead, when set, is the size of Open's first read (tests: it makes
// small files take the paths of large ones).
var testHead int

// sniffAsOpen sniffs f from a first read of the usual size (tests).
func sniffAsOpen(f *fileInfo) sniffed {
	st, err := openStream(f.path, nil)
	if err != nil {
		return sniffed{kind: kindUnknown, msg: err.Error()}
	}
	defer st.Close()
	if st.r == nil {
		return sniffed{kind: kindUnknown, msg: st.Problem}
	}
	src := newSource(st.r, bufferFor(f.size, st))
	src.fill()
	return sniff(src.buf[:src.n], src.eof)
}

// openFile is Open's work on one file.
func (s *Set) openFile(f *fileInfo) {
	st, err := openStream(f.path, s.progress)
	if err != nil {
		f.fileProblem(s, err.Error())
		f.done = true
		return
	}
	defer st.Close()
	f.stats.Encoding, f.stats.Compression = st.Encoding, st.Compress
	problem := func(msg string) {
		f.fileProblem(s, msg)
		f.stats.Bytes = st.RawBytes()
		f.done = true
	}
	if st.Problem != "" {
		problem(st.Problem)
		return
	}
	size := bufferFor(f.size, st)
	if testHead > 0 {
		size = testHead
	}
	src := newSource(st.r, size)
	src.fill()
	if src.n == 0 && src.err != nil {
		problem("read error: " + src.err.Error())
		return
	}
	f.sn = sniff(src.buf[:src.n], src.eof)
	if testHead > 0 {
		f.sn = sniffAsOpen(f)
	}
	switch f.sn.kind {
	case kindEmpty, kindBinary, kindUnknown:
		problem(f.sn.msg)
		return
	}
	f.stats.Format = f.sn.style
	if src.eof || s.opt.KeepUnknown {
		s.bindAtOpen(f, newBinder(s, accFor(f), src, st))
		return
	}
	d := newDiscovery(s, f)
	if d.run(src) {
		f.tables, f.unboundMsg, f.openProblem = d.names, d.unboundMsg, d.readErr
		return
	}
	if src.off == 0 && testHead == 0 {
		// The stream still holds the file's start: bind from it.
		src.pos = 0
		s.bindAtOpen(f, newBinder(s, accFor(f), src, st))
		return
	}
	acc := s.bindFile(f)
	f.pending = acc
	f.tables = tableNames(acc)
}

// bindAtOpen binds f whole with b; merge commits the result.
func (s *Set) bindAtOpen(f *fileInfo, b *binder) {
	b.run()
	f.pending = b.f
	f.tables = tableNames(b.f)
}

func tableNames(acc *fileInfo) []string {
	var out []string
	for _, ft := range acc.ftabs {
		out = append(out, ft.name)
	}
	return out
}

// discovery finds the tables one file feeds.
type discovery struct {
	s   *Set
	f   *fileInfo
	def string // the table for records that name none ("": none)

	names      []string // tables fed by a valid record, first seen first
	seen       map[string]bool
	unboundMsg string // the first record bound to no table, when wanted
	readErr    string
	full       bool // bind the file whole instead
	uncertain  bool // a line may hold records not examined

	lineNo   int
	slow     int64 // bytes given to the binder
	total    int64
	lb       *binder // binds single lines
	lacc     *fileInfo
	yPos     []int
	yKind    []uint8
	ePos     []int
	it       objIter
	typ, cat []byte
	scratch  []byte
}

const (
	hitType uint8 = 1 << iota
	hitCategory
	hitEscape
	hitBody
	hitArray
)

func newDiscovery(s *Set, f *fileInfo) *discovery {
	d := &discovery{s: s, f: f, def: f.defTable, seen: map[string]bool{}}
	if d.def == "" {
		d.def = s.opt.Fallback
	}
	return d
}

func (d *discovery) run(src *source) bool {
	switch {
	case d.f.sn.kind == kindCSV:
		return d.csv(src)
	case d.f.sn.lines && d.f.sn.style == "ndjson":
		return d.lines(src)
	}
	return d.doc(src)
}

// wantFree reports whether a record that names no table still matters:
// to know that the default table is fed, or (Strict, no default) to find
// the first record bound to no table.
func (d *discovery) wantFree() bool {
	if d.def != "" {
		return !d.seen[d.def]
	}
	return d.s.opt.Strict && d.unboundMsg == ""
}

func (d *discovery) confirm(name string) {
	if d.seen[name] {
		return
	}
	if _, ok := d.s.cat.Lookup(name); !ok {
		d.full = true // an inferred schema needs every key
	}
	d.seen[name] = true
	d.names = append(d.names, name)
}

// learn takes the results of a binder run on a scratch accumulator.
func (d *discovery) learn(acc *fileInfo) {
	for _, ft := range acc.ftabs {
		d.confirm(ft.name)
	}
	if d.def == "" && d.unboundMsg == "" && d.s.opt.Strict {
		for _, sk := range acc.skips {
			if sk.Reason == "no table" {
				d.unboundMsg = sk.Samples[0]
			}
		}
	}
}

// head returns the first buffer as a fixed source (for lines, up to its
// last complete line): a complete unit the binder finds there is what it
// finds in the file.
func head(src *source, lines bool) *source {
	b := src.buf[:src.n]
	if lines && !src.eof {
		k := bytes.LastIndexByte(b, '\n')
		b = b[:k+1]
	}
	hs := &source{}
	hs.fixed(b)
	return hs
}

// firstRecords binds the head's units until no record naming no table
// is wanted; it reports false when the head did not settle it.
func (d *discovery) firstRecords(src *source) bool {
	acc := accFor(d.f)
	b := newBinder(d.s, acc, head(src, d.f.sn.kind == kindCSV), nil)
	if !b.start() {
		return false
	}
	for d.wantFree() && !d.full && b.step() {
		if b.got || len(acc.skips) > 0 {
			d.learn(acc)
		}
	}
	return !d.wantFree()
}

// csv: without a Type column every record feeds the default table.
// With Type as the last column, every row ends with its table: the text
// after the last delimiter of a line must be a table the head confirmed.
func (d *discovery) csv(src *source) bool {
	acc := accFor(d.f)
	b := newBinder(d.s, acc, head(src, true), nil)
	if !b.start() {
		return false
	}
	if acc.typeCol >= 0 {
		if acc.typeCol != len(acc.header)-1 {
			return false
		}
		for b.step() && !d.full {
		}
		d.learn(acc)
		return !d.full && d.csvTypes(src)
	}
	if d.def != "" || d.s.opt.Strict {
		if !d.firstRecords(src) || d.full {
			return false
		}
	}
	if d.s.opt.Strict {
		// A read error makes a strict Open fail: read to the end (no
		// parsing) to see one.
		for !src.eof {
			src.pos = src.n
			src.fill()
		}
		d.noteReadErr(src)
	}
	return true
}

// csvTypes checks the last field of every line after the header.
func (d *discovery) csvTypes(src *source) bool {
	f := d.f
	delim := f.sn.delim
	// Skip the header line.
	src.pos = f.sn.skip
	for {
		if k := bytes.IndexByte(src.buf[src.pos:src.n], '\n'); k >= 0 {
			src.pos += k + 1
			break
		}
		if src.eof {
			return !d.wantFree()
		}
		src.pos = src.n
		src.fill()
	}
	for {
		data := src.buf[src.pos:src.n]
		var blk []byte
		if src.eof {
			blk = data
		} else if k := bytes.LastIndexByte(data, '\n'); k >= 0 {
			blk = data[:k+1]
		}
		for len(blk) > 0 {
			line := blk
			if k := bytes.IndexByte(blk, '\n'); k >= 0 {
				line, blk = blk[:k], blk[k+1:]
			} else {
				blk = nil
			}
			src.pos += len(line) + 1
			if n := len(line); n > 0 && line[n-1] == '\r' {
				line = line[:n-1]
			}
			last := line[bytes.LastIndexByte(line, delim)+1:]
			if n := len(last); n > 0 && last[0] == '"' {
				if n < 2 || last[n-1] != '"' || bytes.IndexByte(last[1:n-1], '"') >= 0 {
					return false // a quoted field holding a delimiter or quotes
				}
				last = last[1 : n-1]
			}
			if len(last) == 0 {
				if d.wantFree() {
					return false // a row for the default table, or a blank line
				}
			} else if !d.seen[string(last)] {
				return false
			}
		}
		if src.eof {
			break
		}
		src.pos = min(src.pos, src.n)
		src.fill()
		if src.err == errTooLarge {
			break
		}
	}
	d.noteReadErr(src)
	return !d.wantFree()
}

// doc: a JSON document (array, response, envelopes, pretty-printed
// objects). The head is bound (its records confirm their tables); past
// it, every "Type" key and Streaming "category" must hold a table
// already confirmed, and no letter escape may occur; records naming no
// table feed the default table, which the head must have confirmed.
// Otherwise the file is bound whole.
func (d *discovery) doc(src *source) bool {
	acc := accFor(d.f)
	b := newBinder(d.s, acc, head(src, d.f.sn.lines), nil)
	var schemas [][2]int // API response Schema arrays in the head: their "Type" keys name no table
	if b.start() {
		b.schemaHook = func(sch []byte) {
			if off := cap(src.buf) - cap(sch); off >= 0 && off <= src.n {
				schemas = append(schemas, [2]int{off, off + len(sch)})
			}
		}
		for b.step() && !d.full {
			if b.got {
				d.confirm(b.f.ftabs[b.gotTid].name)
			}
		}
	}
	d.learn(acc)
	if d.full {
		return false
	}
	const tail = 4096 // bytes left for the next read: a "Type" member
	start := 0
	for {
		end := src.n
		if !src.eof {
			end = max(start, src.n-tail)
		}
		if !d.docHits(src.buf[:src.n], start, end, schemas) {
			return false
		}
		if src.eof {
			break
		}
		schemas = nil // offsets of the first buffer
		src.pos = max(end-16, 0)
		start = end - src.pos
		src.fill()
	}
	d.noteReadErr(src)
	return !d.wantFree()
}

// docHits checks the keys in b[start:end] that may name a table, but
// for the "Type" keys in the spans skip.
func (d *discovery) docHits(b []byte, start, end int, skip [][2]int) bool {
	for i := start; i < end; {
		k := bytes.IndexByte(b[i:end], 'y')
		if k < 0 {
			break
		}
		k += i
		i = k + 1
		var name []byte
		ok := true
		switch {
		case isCategoryKey(b, k):
			name, ok = keyValue(b, k+2)
			if !bytes.HasPrefix(name, []byte(streamingPrefix)) {
				continue // names no table; Type decides
			}
			name = name[len(streamingPrefix):]
		case isTypeKey(b, k):
			if slices.ContainsFunc(skip, func(r [2]int) bool { return k >= r[0] && k < r[1] }) {
				continue
			}
			name, ok = keyValue(b, k+4)
		default:
			continue
		}
		if !ok || (name != nil && !d.seen[string(name)]) || (name != nil && len(name) == 0 && d.wantFree()) {
			return false
		}
	}
	for i := start; i < end; {
		k := bytes.IndexByte(b[i:end], '\\')
		if k < 0 {
			break
		}
		k += i
		i = k + 1 // a read may start inside an escape: no skipping
		if isLetterEscape(b, k) {
			return false
		}
	}
	return true
}

// keyValue returns the string after the key ending before b[j] (nil when
// the key holds no string, or the text is no key); ok is false when b
// ends first.
func keyValue(b []byte, j int) ([]byte, bool) {
	for j < len(b) && isWS(b[j]) {
		j++
	}
	if j >= len(b) {
		return nil, false
	}
	if b[j] != ':' {
		return nil, true
	}
	j++
	for j < len(b) && isWS(b[j]) {
		j++
	}
	if j >= len(b) {
		return nil, false
	}
	if b[j] != '"' {
		return nil, true
	}
	e, err := strEnd(b, j+1)
	if err != nil {
		return nil, false
	}
	return unescape([]byte{}, b[j+1:e]), true
}

func (d *discovery) noteReadErr(src *source) {
	if src.err != nil && src.err != errTooLarge {
		d.readErr = fmt.Sprintf("read error after %d bytes of text: %v", src.off+int64(src.n), src.err)
	}
}

// isTypeKey: b[k] is the y of "Type".
func isTypeKey(b []byte, k int) bool {
	return k >= 2 && k+3 < len(b) && b[k-2] == '"' && b[k-1] == 'T' && b[k+1] == 'p' && b[k+2] == 'e' && b[k+3] == '"'
}

// isCategoryKey: b[k] is the y of "category".
func isCategoryKey(b []byte, k int) bool {
	return k >= 8 && k+1 < len(b) && b[k+1] == '"' && string(b[k-8:k]) == `"categor`
}

// isBodyKey: b[k] is the y of "body".
func isBodyKey(b []byte, k int) bool {
	return k >= 4 && k+1 < len(b) && b[k+1] == '"' && string(b[k-4:k]) == `"bod`
}

// isLetterEscape: b[k] starts a \u escape of an ASCII letter (or a
// neighbour), which could spell a key.
func isLetterEscape(b []byte, k int) bool {
	return k+4 < len(b) && b[k+1] == 'u' && b[k+2] == '0' && b[k+3] == '0' && b[k+4] >= '4' && b[k+4] <= '7'
}

// isContainerArray: b[k] is the '[' of a "records", "Results" or
// "results" member.
func isContainerArray(b []byte, k int) bool {
	j := k - 1
	for j >= 0 && isWS(b[j]) {
		j--
	}
	if j < 0 || b[j] != ':' {
		return false
	}
	j--
	for j >= 0 && isWS(b[j]) {
		j--
	}
	if j < 8 || b[j] != '"' {
		return false
	}
	switch string(b[j-7 : j]) {
	case "records", "Results", "results":
		return b[j-8] == '"'
	}
	return false
}

// lines: one JSON document per line. Lines with no key naming a table
// bind to the default table; the others are classified one by one.
func (d *discovery) lines(src *source) bool {
	d.lacc = accFor(d.f)
	d.lb = newBinder(d.s, d.lacc, &source{}, nil)
	d.lb.mode, d.lb.lineMode = modePlain, true
	for {
		data := src.buf[src.pos:src.n]
		var blk []byte
		if src.eof {
			blk = data
		} else if k := bytes.LastIndexByte(data, '\n'); k >= 0 {
			blk = data[:k+1]
		}
		if len(blk) > 0 {
			if !d.block(blk) {
				return false
			}
			src.pos += len(blk)
		}
		if src.eof {
			break
		}
		src.fill()
		if src.err == errTooLarge {
			break // the binder skips the rest of the file too
		}
	}
	d.noteReadErr(src)
	if d.wantFree() && d.uncertain {
		return false
	}
	return !d.full
}

// block classifies the lines of blk (complete lines).
func (d *discovery) block(blk []byte) bool {
	d.total += int64(len(blk))
	d.findHits(blk)
	var yi, ei int
	pos := 0
	for pos < len(blk) {
		var ls int
		if d.wantFree() {
			ls = pos
			d.lineNo++
		} else {
			// The next line with a key naming a table.
			h := -1
			for j := yi; j < len(d.yPos); j++ {
				if d.yPos[j] >= pos && d.yKind[j] != hitBody {
					h = d.yPos[j]
					break
				}
			}
			for ei < len(d.ePos) && d.ePos[ei] < pos {
				ei++
			}
			if ei < len(d.ePos) && (h < 0 || d.ePos[ei] < h) {
				h = d.ePos[ei]
			}
			if h < 0 {
				break
			}
			// The start of h's line (forward: LastIndexByte is slow).
			ls = pos
			for {
				k := bytes.IndexByte(blk[ls:h], '\n')
				if k < 0 {
					break
				}
				ls += k + 1
			}
		}
		le := len(blk)
		if k := bytes.IndexByte(blk[ls:], '\n'); k >= 0 {
			le = ls + k
		}
		// The line's hits.
		var kinds uint8
		nType, last := 0, -1
		for yi < len(d.yPos) && d.yPos[yi] < ls {
			yi++
		}
		for ; yi < len(d.yPos) && d.yPos[yi] < le; yi++ {
			kinds |= d.yKind[yi]
			if d.yKind[yi] == hitType {
				nType++
			}
			last = d.yPos[yi]
		}
		for ei < len(d.ePos) && d.ePos[ei] < ls {
			ei++
		}
		for ; ei < len(d.ePos) && d.ePos[ei] < le; ei++ {
			kinds |= hitEscape
			last = max(last, d.ePos[ei])
		}
		if kinds&(hitType|hitCategory|hitEscape) != 0 {
			// Container arrays matter only on lines to classify.
			for i := ls; ; {
				k := bytes.IndexByte(blk[i:le], '[')
				if k < 0 {
					break
				}
				k += i
				i = k + 1
				if isContainerArray(blk, k) {
					kinds |= hitArray
					last = max(last, k)
				}
			}
		}
		line := blk[ls:le]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		d.classify(line, kinds, nType, last-ls)
		if d.full {
			return false
		}
		pos = le + 1
		if d.slow > 4<<20 && d.slow > d.total/4 {
			return false // binding the file costs less
		}
	}
	return true
}

// findHits lists the positions in blk of keys that may name a table
// ("Type", "category", letter escapes) or hold records ("body"; the
// arrays of "records", "Results" and "results" are looked for in the
// lines to classify only).
func (d *discovery) findHits(blk []byte) {
	d.yPos, d.yKind, d.ePos = d.yPos[:0], d.yKind[:0], d.ePos[:0]
	for i := 0; ; {
		k := bytes.IndexByte(blk[i:], 'y')
		if k < 0 {
			break
		}
		k += i
		i = k + 1
		switch {
		case isTypeKey(blk, k):
			d.yPos, d.yKind = append(d.yPos, k), append(d.yKind, hitType)
		case isCategoryKey(blk, k):
			d.yPos, d.yKind = append(d.yPos, k), append(d.yKind, hitCategory)
		case isBodyKey(blk, k):
			d.yPos, d.yKind = append(d.yPos, k), append(d.yKind, hitBody)
		}
	}
	for i := 0; ; {
		k := bytes.IndexByte(blk[i:], '\\')
		if k < 0 {
			break
		}
		k += i
		i = escapeNext(blk, k)
		if isLetterEscape(blk, k) {
			d.ePos = append(d.ePos, k)
		}
	}
}

// escapeNext returns where to look for the next escape after the
// backslash at b[k]: past an escaped backslash, whose second half starts
// nothing.
func escapeNext(b []byte, k int) int {
	if k+1 < len(b) && b[k+1] == '\\' {
		return k + 2
	}
	return k + 1
}

// classify finds the tables line l feeds. kinds are its hits, nType the
// "Type" ones, last the offset of its last hit.
func (d *discovery) classify(l []byte, kinds uint8, nType, last int) {
	free := d.wantFree()
	if kinds&(hitType|hitCategory|hitEscape) == 0 {
		// Every record of the line names no table.
		if free {
			d.bindLine(l)
		}
		return
	}
	var name []byte
	ok := false
	if kinds == hitType && nType == 1 {
		// A Log Analytics export: Type is the last column.
		if name, ok = typeSuffix(l); ok && free {
			d.uncertain = true // another record may share the line
		}
	}
	if !ok {
		stop := last
		if free {
			stop = -1
		}
		name, ok = d.lite(l, stop)
	}
	switch {
	case !ok:
	case len(name) == 0 && !free:
		return
	case len(name) > 0 && d.seen[string(name)]:
		return
	}
	d.bindLine(l)
}

// bindLine binds line l with the binder, on a scratch accumulator.
func (d *discovery) bindLine(l []byte) {
	d.slow += int64(len(l))
	a := d.lacc
	a.ftabs, a.skips, a.runs = a.ftabs[:0], a.skips[:0], a.runs[:0]
	a.stats.Records, a.stats.Skipped, a.stats.InvalidText = 0, 0, 0
	clear(d.lb.tblIdx)
	b := d.lb
	b.lineNo, b.inLine = d.lineNo, false
	if !b.line(l) {
		for b.inLine {
			b.genericStep()
		}
	}
	d.learn(a)
}

// typeSuffix returns X when line l ends with "Type":"X"} and X holds no
// escapes: for a valid record, its last top-level member.
func typeSuffix(l []byte) ([]byte, bool) {
	j := len(l) - 1
	back := func() {
		for j >= 0 && isWS(l[j]) {
			j--
		}
	}
	back()
	if j < 0 || l[j] != '}' {
		return nil, false
	}
	j--
	back()
	if j < 0 || l[j] != '"' {
		return nil, false
	}
	e := j
	k := bytes.LastIndexByte(l[:e], '"')
	if k < 0 || bytes.IndexByte(l[k+1:e], '\\') >= 0 {
		return nil, false
	}
	j = k - 1
	back()
	if j < 0 || l[j] != ':' {
		return nil, false
	}
	j--
	back()
	if j < 5 || string(l[j-5:j+1]) != `"Type"` {
		return nil, false
	}
	j -= 6
	back()
	if j < 0 || (l[j] != ',' && l[j] != '{') {
		return nil, false
	}
	return l[k+1 : e], true
}

// lite returns the table a line holding one record names (nil: none),
// assuming the record is valid: it walks the top-level keys without
// validating values, and stops past offset stop when stop >= 0. It
// reports false for lines it cannot judge (containers, several values,
// syntax errors).
func (d *discovery) lite(l []byte, stop int) ([]byte, bool) {
	i := skipWS(l, 0)
	it := &d.it
	if i >= len(l) || it.start(l, i) != nil {
		return nil, false
	}
	d.typ, d.cat = d.typ[:0], d.cat[:0]
	for {
		v, done, err := it.next()
		if err != nil {
			return nil, false
		}
		if done {
			if skipWS(l, it.i) != len(l) {
				return nil, false
			}
			break
		}
		key := it.keyString(&d.scratch)
		if containerKey(key, l[v]) {
			return nil, false
		}
		switch string(key) {
		case "Type":
			if l[v] == '"' {
				if e, err := strEnd(l, v+1); err == nil {
					d.typ = unescape(d.typ[:0], l[v+1:e])
				}
			}
		case "category":
			if l[v] == '"' {
				if e, err := strEnd(l, v+1); err == nil {
					d.cat = unescape(d.cat[:0], l[v+1:e])
				}
			}
		}
		e, err := skipFast(l, v)
		if err != nil || e <= v {
			return nil, false
		}
		it.i = e
		if stop >= 0 && e > stop {
			break
		}
	}
	name, _ := binding(d.cat, d.typ, false)
	return name, true
}
