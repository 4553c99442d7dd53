package sources

import (
	"bytes"
	"slices"

	"reconwatch/internal/table"
)

// The validating decoder: one walk over a record that does the binder's
// work (validate exactly as scanRecord does, note the keys, Type,
// category and properties) and the decoder's (fill the requested
// columns). It gives up (ok false) on anything unusual (an invalid
// record, a container, too many distinct keys) and leaves it to the
// binder, which then produces the exact message or walk; so it must
// never accept what scanRecord rejects, and may reject more.

// vstate is what one validating walk collected.
type vstate struct {
	kseq   []int32 // the record's keys (indexes into decoder.infos), in order
	typ    []byte
	cat    []byte
	props  int // properties objects at the top level
	decode bool
	stack  []byte
}

// vrecord validates the object at b[i] and, when decode, fills row from
// it read as kind. It returns the index after the object.
func (d *decoder) vrecord(b []byte, i int, kind uint8, row []table.Value, decode bool) (int, bool) {
	v := &d.v
	v.kseq, v.typ, v.cat, v.props, v.decode = v.kseq[:0], v.typ[:0], v.cat[:0], 0, decode
	if decode {
		d.startRecord(row)
	}
	if kind == recStreaming {
		return d.vobject(b, i, d.env, &d.memoEnv, row, 0)
	}
	return d.vobject(b, i, d.keys, &d.memo, row, 0)
}

// vobject walks the object whose '{' is at b[i], at nesting depth depth
// (0: the record; 1: a Streaming record's properties).
func (d *decoder) vobject(b []byte, i int, m map[string]int32, memo *[]int32, row []table.Value, depth int) (int, bool) {
	v := &d.v
	i++
	pos := 0
	for first := true; ; first = false {
		for i < len(b) && b[i] <= ' ' && isWS(b[i]) {
			i++
		}
		if i >= len(b) {
			return 0, false
		}
		if b[i] == '}' {
			return i + 1, true
		}
		if !first {
			if b[i] != ',' {
				return 0, false
			}
			i++
			for i < len(b) && b[i] <= ' ' && isWS(b[i]) {
				i++
			}
			if i >= len(b) {
				return 0, false
			}
		}
		if b[i] != '"' {
			return 0, false
		}
		ks := i + 1
		// The key, tried first against the one at this position in the
		// previous record.
		idx := int32(-1)
		mm := *memo
		if pos < len(mm) && mm[pos] >= 0 && d.infos[mm[pos]].plain {
			// The usual case, compact: "key": and the value.
			if k := d.infos[mm[pos]].keyColon; ks+len(k) < len(b) && string(b[ks:ks+len(k)]) == k && b[ks+len(k)] > ' ' {
				idx = mm[pos]
				i = ks + len(k)
				v.kseq = append(v.kseq, idx)
				pos++
				goto value
			}
			name := d.infos[mm[pos]].name
			if e := ks + len(name); e < len(b) && b[e] == '"' && string(b[ks:e]) == name {
				idx = mm[pos]
				i = e + 1
			}
		}
		if idx < 0 {
			ke := ks
			for ke < len(b) && b[ke] != '"' && b[ke] != '\\' {
				ke++
			}
			if ke >= len(b) {
				return 0, false
			}
			key := b[ks:ke]
			if b[ke] == '\\' {
				e, err := strEnd(b, ks)
				if err != nil {
					return 0, false
				}
				d.kscratch = unescape(d.kscratch[:0], b[ks:e])
				key, ke = d.kscratch, e
			}
			i = ke + 1
			x, ok := m[string(key)]
			if !ok {
				if len(d.infos) >= maxUnknownKeys*2 {
					return 0, false
				}
				x = d.addKey(m, string(key), memo == &d.memoEnv)
			}
			idx = x
			for len(mm) <= pos {
				mm = append(mm, -1)
			}
			mm[pos] = idx
			*memo = mm
		}
		pos++
		for i < len(b) && b[i] <= ' ' && isWS(b[i]) {
			i++
		}
		if i >= len(b) || b[i] != ':' {
			return 0, false
		}
		i++
		for i < len(b) && b[i] <= ' ' && isWS(b[i]) {
			i++
		}
		if i >= len(b) {
			return 0, false
		}
		v.kseq = append(v.kseq, idx)
	value:
		info := &d.infos[idx]
		c := b[i]
		props := false
		if depth == 0 {
			switch info.spec {
			case specContainer:
				if containerKey([]byte(info.name), c) {
					return 0, false
				}
			case specType, specCategory:
				if c == '"' {
					if e, err := strEnd(b, i+1); err == nil {
						if info.spec == specType {
							v.typ = unescape(v.typ[:0], b[i+1:e])
						} else {
							v.cat = unescape(v.cat[:0], b[i+1:e])
						}
					}
				}
			case specProps:
				props = c == '{'
			}
		}
		var ok bool
		switch {
		case props && info.group == gProps:
			i, ok = d.vobject(b, i, d.keys, &d.memo, row, 1)
		case v.decode && info.group >= 0:
			i, ok = d.vvalue(b, i, info.group, row, depth)
		case c == '"':
			// An unwanted string: its end is all there is to check.
			j := bytes.IndexByte(b[i+1:], '"')
			if j < 0 {
				return 0, false
			}
			if e := i + 1 + j; b[e-1] != '\\' {
				i, ok = e+1, true
				break
			}
			e, err := strEnd(b, i+1)
			i, ok = e+1, err == nil
		case c == '-' || (c >= '0' && c <= '9'):
			e, _, err := scanNumber(b, i)
			i, ok = e, err == nil
		default:
			var err error
			i, err = skipStrictIn(b, i, &v.stack, depth)
			ok = err == nil
		}
		if !ok {
			return 0, false
		}
		if props {
			v.props++
		}
	}
}

// vvalue validates the value at b[i] (inside depth containers besides
// the record) and converts it into the slots of group g.
func (d *decoder) vvalue(b []byte, i int, g int32, row []table.Value, depth int) (int, bool) {
	var kind byte
	var raw []byte
	var end int
	switch c := b[i]; {
	case c == '"':
		e, err := strEnd(b, i+1)
		if err != nil {
			return 0, false
		}
		raw = b[i+1 : e]
		if bytes.IndexByte(raw, '\\') >= 0 {
			d.vscratch = unescape(d.vscratch[:0], raw)
			raw = d.vscratch
		}
		kind, end = jString, e+1
	case c == '{' || c == '[':
		e, err := skipStrictIn(b, i, &d.v.stack, depth)
		if err != nil {
			return 0, false
		}
		raw, end = b[i:e], e
		kind = jObject
		if c == '[' {
			kind = jArray
		}
	case c == 't':
		if lit(b, i, "true") != nil {
			return 0, false
		}
		kind, end = jTrue, i+4
	case c == 'f':
		if lit(b, i, "false") != nil {
			return 0, false
		}
		kind, end = jFalse, i+5
	case c == 'n':
		if lit(b, i, "null") != nil {
			return 0, false
		}
		kind, end = jNull, i+4
	case c == '-' || (c >= '0' && c <= '9'):
		e, _, err := scanNumber(b, i)
		if err != nil {
			return 0, false
		}
		raw, end = b[i:e], e
		kind = jNumber
	default:
		return 0, false
	}
	d.apply(g, kind, raw, row)
	return end, true
}

// idxKeys counts the records carrying each key (an index into
// decoder.infos) for one table of one file, cheaply when consecutive
// records have the same keys in the same order.
type idxKeys struct {
	seq []int32
	n   int64
	cnt []int64
}

func (k *idxKeys) add(seq []int32) {
	if k.n > 0 && slices.Equal(seq, k.seq) {
		k.n++
		return
	}
	k.flush()
	k.seq = append(k.seq[:0], seq...)
	k.n = 1
}

func (k *idxKeys) flush() {
	for _, x := range k.seq {
		for int(x) >= len(k.cnt) {
			k.cnt = append(k.cnt, 0)
		}
		k.cnt[x] += k.n
	}
	k.n = 0
}

// into adds the counts to kc, by name.
func (k *idxKeys) into(kc *keyCounter, infos []keyInfo) {
	k.flush()
	for x, n := range k.cnt {
		if n == 0 {
			continue
		}
		name := infos[x].name
		if infos[x].env {
			name = envPrefix + name
		}
		kc.addN(name, n)
	}
	k.cnt = k.cnt[:0]
}
