package sources

import (
	"encoding/binary"
	"unicode/utf8"

	"reconwatch/internal/table"
)

// utf8Valid is utf8.Valid with a faster path for ASCII text.
func utf8Valid(b []byte) bool {
	i := 0
	for ; i+32 <= len(b); i += 32 {
		c := b[i : i+32 : i+32]
		x := binary.LittleEndian.Uint64(c[0:8]) | binary.LittleEndian.Uint64(c[8:16]) |
			binary.LittleEndian.Uint64(c[16:24]) | binary.LittleEndian.Uint64(c[24:32])
		if x&0x8080808080808080 != 0 {
			break
		}
	}
	return utf8.Valid(b[i:])
}

// vscan is a scan's position in a file whose accounting is not published
// yet: it binds the file (validation, tables, keys, skips, invalid text:
// the binder's work, into a private accumulator) while it decodes the
// rows of its table, and publishes the accounting when it reaches the end
// of the file, so each file is bound once whatever the number of scans.
// With Options.Strict it fails at the file's first bad record.
type vscan struct {
	it     *iter
	f      *fileInfo
	acc    *fileInfo
	st     *stream
	b      *binder
	lid    int32 // our table in acc.ftabs, -1 until met
	strict bool
	batch  *table.Batch
	ended  bool

	// The fast path for plain record lines (fastLine).
	keys     []idxKeys // per table of acc.ftabs
	predKind uint8     // the kind of the last record
	notOurs  bool      // the last record fed another table
}

func (it *iter) openBinding(f *fileInfo) (fileReader, error) {
	s := it.t.set
	st, err := openStream(f.path, s.progress)
	if err != nil {
		return nil, err
	}
	if st.r == nil {
		st.Close()
		return nil, &RecordError{File: f.name, Msg: "file changed since it was opened; run again"}
	}
	acc := accFor(f)
	vs := &vscan{it: it, f: f, acc: acc, st: st, lid: -1, strict: s.opt.Strict}
	vs.b = newBinder(s, acc, newSource(st.r, bufferFor(f.size, st)), st)
	vs.b.onTable = vs.onTable
	d := it.dec
	d.setFile(acc, -1)
	d.setAll()
	if !vs.b.start() {
		vs.ended = true
		vs.b.finish()
		s.commit(f, acc)
		return vs, nil
	}
	if f.sn.kind == kindCSV {
		d.setCSV(acc.header)
	}
	if vs.b.mode != modeCSV {
		vs.b.fast = vs.fastLine
		vs.b.fastRec = vs.fastWalked
	}
	return vs, nil
}

func (vs *vscan) onTable(tid int32, name string) {
	if name == vs.it.t.name {
		vs.lid = tid
	}
	vs.keys = append(vs.keys, idxKeys{})
}

// fastLine binds and decodes the record line l ('{' at l[i]) in one
// walk, doing what the binder's scanRecord and commit do; it reports
// false to leave the line to the binder.
func (vs *vscan) fastLine(l []byte, i int) bool {
	return vs.fastRecord(l, i, 0, true)
}

// fastWalked is fastLine for a record the walker found.
func (vs *vscan) fastWalked(rec []byte, base int) bool {
	return vs.fastRecord(rec, 0, base, false)
}

// fastRecord binds and decodes the record at rec[i] (base: rec's offset
// in its line, in line mode); line: rec is a whole line, which must hold
// nothing else.
func (vs *vscan) fastRecord(l []byte, i, base int, line bool) bool {
	d := vs.it.dec
	b := vs.b
	bt := vs.batch
	decode := d.ncol > 0 && !vs.notOurs
	var row []table.Value
	if decode {
		row = bt.AddRow()
	}
	undo := func() {
		if row != nil {
			bt.Vals = bt.Vals[:len(bt.Vals)-bt.Width]
			row = nil
		}
	}
	end, ok := d.vrecord(l, i, vs.predKind, row, decode)
	if !ok || (line && skipWS(l, end) != len(l)) || (!line && end != len(l)) {
		undo()
		return false
	}
	v := &d.v
	name, kind := binding(v.cat, v.typ, v.props > 0)
	if kind != vs.predKind || v.props > 1 {
		undo()
		vs.predKind = kind
		return false
	}
	f := b.f
	f.stats.Records++
	tid := b.tidFor(name)
	if tid == tidUnbound {
		undo()
		b.unbound(base + i)
		return true
	}
	ft := f.ftabs[tid]
	ft.records++
	vs.keys[tid].add(v.kseq)
	if !utf8Valid(l) {
		b.badText(ft, l, base)
	}
	b.unit(tid, kind)
	if tid != vs.lid {
		undo()
		vs.notOurs = true
		return true
	}
	vs.notOurs = false
	if row == nil {
		row = bt.AddRow()
		if d.ncol == 0 {
			return true
		}
		if d.record(l, kind, row) != nil {
			// Cannot happen: the record was just validated.
			undo()
			return false
		}
	}
	d.keep()
	if d.nfailed > 0 {
		ln := b.lineNo
		if b.mode == modeDoc {
			ln = b.src.lineAt(b.w.recS)
		}
		vs.it.samples(vs.f, ln)
	}
	return true
}

func (vs *vscan) close() {
	if vs.st != nil {
		vs.st.Close()
		vs.st = nil
	}
}

func (vs *vscan) fill(bt *table.Batch) (bool, error) {
	if vs.ended {
		return false, nil
	}
	b := vs.b
	d := vs.it.dec
	vs.batch = bt
	for !bt.Full() {
		if !b.step() {
			return false, vs.end()
		}
		if b.lastBad != nil && vs.strict {
			return false, b.lastBad
		}
		if !b.got {
			continue
		}
		vs.predKind = b.gotKind
		if vs.notOurs = b.gotTid != vs.lid; vs.notOurs {
			continue
		}
		row := bt.AddRow()
		if d.ncol == 0 {
			continue
		}
		var line int
		if b.gotRec == nil {
			d.csvRecord(&b.cr, row)
			line = b.cr.recLine
		} else {
			if err := d.record(b.gotRec, b.gotKind, row); err != nil {
				// Cannot happen: the binder validated the record.
				bt.Vals = bt.Vals[:len(bt.Vals)-bt.Width]
				return false, &RecordError{File: vs.f.name, Line: b.lineNo, Msg: "internal error: " + err.Error()}
			}
			line = b.lineNo
			if b.mode == modeDoc {
				line = b.src.lineAt(b.w.recS)
			}
		}
		d.keep()
		if d.nfailed > 0 {
			vs.it.samples(vs.f, line)
		}
	}
	return true, nil
}

// end completes the file: the binder's accounting is published.
func (vs *vscan) end() error {
	vs.ended = true
	b := vs.b
	for tid := range vs.keys {
		vs.keys[tid].into(&vs.acc.ftabs[tid].keys, vs.it.dec.infos)
	}
	b.finish()
	vs.it.t.set.commit(vs.f, vs.acc)
	if vs.strict && b.src.err != nil && b.src.err != errTooLarge {
		return &RecordError{File: vs.f.name, Msg: "read error: " + b.src.err.Error()}
	}
	return nil
}
