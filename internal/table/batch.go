package table

// BatchSize is the number of rows a reader puts in one batch.
const BatchSize = 1024

// Batch is a block of rows stored row-major in one slice, so a batch is
// reused across reads without allocating per row.
type Batch struct {
	Width int     // cells per row
	Vals  []Value // len(Vals) == Len()*Width
}

// NewBatch returns an empty batch for rows of the given width.
func NewBatch(width int) *Batch {
	return &Batch{Width: width, Vals: make([]Value, 0, width*BatchSize)}
}

// Len returns the number of rows.
func (b *Batch) Len() int {
	if b.Width == 0 {
		return len(b.Vals) // zero-width rows are counted by a placeholder cell each
	}
	return len(b.Vals) / b.Width
}

// Row returns row i; the slice aliases the batch.
func (b *Batch) Row(i int) []Value {
	if b.Width == 0 {
		return nil
	}
	return b.Vals[i*b.Width : (i+1)*b.Width : (i+1)*b.Width]
}

// Reset empties the batch, keeping its storage.
func (b *Batch) Reset() { b.Vals = b.Vals[:0] }

// AppendRow copies row into the batch.
func (b *Batch) AppendRow(row []Value) {
	if b.Width == 0 {
		b.Vals = append(b.Vals, Null)
		return
	}
	b.Vals = append(b.Vals, row...)
}

// AddRow extends the batch by one row of nulls and returns it for filling.
func (b *Batch) AddRow() []Value {
	n := len(b.Vals)
	w := b.Width
	if w == 0 {
		b.Vals = append(b.Vals, Null)
		return nil
	}
	for i := 0; i < w; i++ {
		b.Vals = append(b.Vals, Null)
	}
	return b.Vals[n : n+w : n+w]
}

// Full reports whether the batch holds BatchSize rows.
func (b *Batch) Full() bool { return b.Len() >= BatchSize }

// RowIter streams the rows of a table in batches.
type RowIter interface {
	// Next fills b (after resetting it) with the next rows and reports
	// whether it produced any. After false, Err tells whether the stream
	// ended cleanly.
	Next(b *Batch) bool
	Err() error
	Close() error
}

// Table is a named source of rows with a fixed schema.
type Table interface {
	Name() string
	Schema() Schema
	// Scan streams rows holding only the columns listed in cols (indexes
	// into Schema), in that order. Readers decode nothing else.
	Scan(cols []int) (RowIter, error)
}

// MemTable is an in-memory table, used for datatables, materialized
// results and tests.
type MemTable struct {
	TableName string
	Cols      Schema
	Rows      [][]Value
}

func (t *MemTable) Name() string   { return t.TableName }
func (t *MemTable) Schema() Schema { return t.Cols }

// Scan implements Table.
func (t *MemTable) Scan(cols []int) (RowIter, error) {
	return &memIter{t: t, cols: cols}, nil
}

type memIter struct {
	t    *MemTable
	cols []int
	pos  int
}

func (it *memIter) Next(b *Batch) bool {
	b.Reset()
	for it.pos < len(it.t.Rows) && !b.Full() {
		src := it.t.Rows[it.pos]
		it.pos++
		dst := b.AddRow()
		for i, c := range it.cols {
			if c < len(src) {
				dst[i] = src[c]
			} else {
				dst[i] = NullOf(it.t.Cols[c].Type)
			}
		}
	}
	return b.Len() > 0
}

func (it *memIter) Err() error   { return nil }
func (it *memIter) Close() error { return nil }
