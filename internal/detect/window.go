package detect

import (
	"context"

	"reconwatch/internal/kql/exec"
	"reconwatch/internal/table"
)

// timeColumn is the column a table's records are placed in time by:
// TimeGenerated (Sentinel), else Timestamp (Advanced Hunting).
func timeColumn(s table.Schema) int {
	if i := s.Index("TimeGenerated"); i >= 0 && s[i].Type == table.Datetime {
		return i
	}
	if i := s.Index("Timestamp"); i >= 0 && s[i].Type == table.Datetime {
		return i
	}
	return -1
}

// windowed restricts every table to records whose time lies in (lo, hi],
// the query period of one scheduled run, as Sentinel scopes a rule's
// query. Tables without a time column pass whole.
type windowed struct {
	inner  exec.Tables
	lo, hi int64
}

func (w windowed) Table(name string) (table.Table, bool) {
	t, ok := w.inner.Table(name)
	if !ok {
		return nil, false
	}
	tc := timeColumn(t.Schema())
	if tc < 0 {
		return t, true
	}
	return &windowTable{Table: t, tc: tc, lo: w.lo, hi: w.hi}, true
}

type windowTable struct {
	table.Table
	tc     int
	lo, hi int64
}

// Scan reads the requested columns plus the time column, and passes on
// only rows inside the window.
func (t *windowTable) Scan(cols []int) (table.RowIter, error) {
	read := cols
	pos := -1
	for i, c := range cols {
		if c == t.tc {
			pos = i
		}
	}
	if pos < 0 {
		read = append(append([]int(nil), cols...), t.tc)
		pos = len(read) - 1
	}
	it, err := t.Table.Scan(read)
	if err != nil {
		return nil, err
	}
	return &windowIter{in: it, pos: pos, width: len(cols), lo: t.lo, hi: t.hi, buf: table.NewBatch(len(read))}, nil
}

type windowIter struct {
	in     table.RowIter
	pos    int
	width  int
	lo, hi int64
	buf    *table.Batch
}

func (it *windowIter) Next(b *table.Batch) bool {
	for {
		if !it.in.Next(it.buf) {
			return false
		}
		b.Reset()
		b.Width = it.width
		for i, n := 0, it.buf.Len(); i < n; i++ {
			row := it.buf.Row(i)
			ts := row[it.pos]
			if ts.K != table.KDatetime || ts.I <= it.lo || ts.I > it.hi {
				continue
			}
			b.AppendRow(row[:it.width])
		}
		if b.Len() > 0 {
			return true
		}
	}
}

func (it *windowIter) Err() error   { return it.in.Err() }
func (it *windowIter) Close() error { return it.in.Close() }

// span describes the record times of a rule's tables.
type span struct {
	ok       bool // some record has a time
	min, max int64
	outside  int64 // records outside (lo, hi] when bounded; without a time otherwise
}

// spanOf reads the time column of the named tables once. With bounded,
// records outside (lo, hi] count as outside the time range; without, the
// replay covers every timed record, and only records with no time are
// outside.
func spanOf(ctx context.Context, names []string, tables exec.Tables, lo, hi int64, bounded bool) (span, error) {
	var s span
	for _, name := range names {
		t, found := tables.Table(name)
		if !found {
			continue
		}
		tc := timeColumn(t.Schema())
		if tc < 0 {
			continue
		}
		err := scanTimes(ctx, t, tc, func(v table.Value) {
			if v.K != table.KDatetime {
				s.outside++
				return
			}
			if bounded && (v.I <= lo || v.I > hi) {
				s.outside++
			}
			if !s.ok || v.I < s.min {
				s.min = v.I
			}
			if !s.ok || v.I > s.max {
				s.max = v.I
			}
			s.ok = true
		})
		if err != nil {
			return s, err
		}
	}
	return s, nil
}

func scanTimes(ctx context.Context, t table.Table, tc int, f func(table.Value)) error {
	it, err := t.Scan([]int{tc})
	if err != nil {
		return err
	}
	defer it.Close()
	b := table.NewBatch(1)
	for it.Next(b) {
		if err := ctx.Err(); err != nil {
			return err
		}
		for i, n := 0, b.Len(); i < n; i++ {
			f(b.Row(i)[0])
		}
	}
	return it.Err()
}
