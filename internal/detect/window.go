package detect

import (
	"context"
	"time"

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

// dataSpan finds the earliest and latest record time over the named
// tables (one pass reading only the time column).
func dataSpan(ctx context.Context, names []string, tables exec.Tables) (lo, hi time.Time, ok bool, err error) {
	var min, max int64
	for _, name := range names {
		t, found := tables.Table(name)
		if !found {
			continue
		}
		tc := timeColumn(t.Schema())
		if tc < 0 {
			continue
		}
		err = scanTimes(ctx, t, tc, func(ticks int64) {
			if !ok || ticks < min {
				min = ticks
			}
			if !ok || ticks > max {
				max = ticks
			}
			ok = true
		})
		if err != nil {
			return
		}
	}
	if ok {
		lo, hi = table.TimeFromTicks(min), table.TimeFromTicks(max)
	}
	return
}

// countOutside counts records whose time falls outside (lo, hi] or that
// have no time at all.
func countOutside(ctx context.Context, names []string, tables exec.Tables, lo, hi time.Time) (int64, error) {
	l, h := table.TicksFromTime(lo), table.TicksFromTime(hi)
	var n int64
	for _, name := range names {
		t, found := tables.Table(name)
		if !found {
			continue
		}
		tc := timeColumn(t.Schema())
		if tc < 0 {
			continue
		}
		err := scanTimesAll(ctx, t, tc, func(v table.Value) {
			if v.K != table.KDatetime || v.I <= l || v.I > h {
				n++
			}
		})
		if err != nil {
			return 0, err
		}
	}
	return n, nil
}

func scanTimes(ctx context.Context, t table.Table, tc int, f func(int64)) error {
	return scanTimesAll(ctx, t, tc, func(v table.Value) {
		if v.K == table.KDatetime {
			f(v.I)
		}
	})
}

func scanTimesAll(ctx context.Context, t table.Table, tc int, f func(table.Value)) error {
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
