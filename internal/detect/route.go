package detect

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"reconwatch/internal/kql"
	"reconwatch/internal/kql/exec"
	"reconwatch/internal/table"
)

// A replay over a week of hourly runs would read the input 168 times if
// each run scanned it. Instead one router per table scans it once and
// hands each row to the runs whose windows hold its time; the runs
// execute concurrently, each with its own (group-bounded) state. This
// needs every table to be scanned at most once by the query; runRule
// falls back to one pass per run otherwise.

// runsOnePass evaluates the compiled queries (one per run, qs[k] at
// runs[k]) over a single scan of each table.
func runsOnePass(ctx context.Context, qs []*kql.Query, runs []time.Time, period time.Duration, tables exec.Tables) ([]*exec.Result, error) {
	k := len(runs)
	lo := make([]int64, k)
	hi := make([]int64, k)
	for i, at := range runs {
		lo[i] = table.TicksFromTime(at.Add(-period))
		hi[i] = table.TicksFromTime(at)
	}
	routers := map[string]*router{}
	finished := make([]bool, k)
	var mu sync.Mutex
	routerFor := func(name string, t table.Table) *router {
		mu.Lock()
		defer mu.Unlock()
		r := routers[name]
		if r == nil {
			r = newRouter(ctx, t, lo, hi)
			routers[name] = r
			// runs already over will never read this table
			for i, f := range finished {
				if f {
					r.abandon(i)
				}
			}
		}
		return r
	}
	results := make([]*exec.Result, k)
	errs := make([]error, k)
	var wg sync.WaitGroup
	for i := range qs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			rt := &routedTables{inner: tables, run: i, routerFor: routerFor}
			res, err := qs[i].Run(ctx, rt)
			// Whatever the run read or did not read, the routers must not
			// wait for it any longer.
			mu.Lock()
			finished[i] = true
			for _, r := range routers {
				r.abandon(i)
			}
			mu.Unlock()
			if err == nil && len(res) > 0 {
				results[i] = res[len(res)-1]
			}
			errs[i] = err
		}(i)
	}
	wg.Wait()
	for _, r := range routers {
		if err := r.wait(); err != nil {
			return nil, err
		}
	}
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("run at %s: %w", runs[i].Format(time.RFC3339), err)
		}
	}
	return results, nil
}

// routedTables is the view of the tables one run gets.
type routedTables struct {
	inner     exec.Tables
	run       int
	routerFor func(string, table.Table) *router
}

func (rt *routedTables) Table(name string) (table.Table, bool) {
	t, ok := rt.inner.Table(name)
	if !ok {
		return nil, false
	}
	return &routedTable{Table: t, r: rt.routerFor(name, t), run: rt.run}, true
}

type routedTable struct {
	table.Table
	r   *router
	run int
}

func (t *routedTable) Scan(cols []int) (table.RowIter, error) {
	if err := t.r.start(cols); err != nil {
		return nil, err
	}
	return &routedIter{r: t.r, run: t.run}, nil
}

// router scans one table once and feeds the runs.
type router struct {
	ctx    context.Context
	t      table.Table
	tc     int // time column in t's schema, -1 if none
	lo, hi []int64
	chans  []chan *table.Batch
	gone   []chan struct{} // closed when a run stops reading
	goneMu sync.Mutex
	isGone []bool
	once   sync.Once
	cols   []int
	done   chan struct{}
	err    error
	width  int
}

func newRouter(ctx context.Context, t table.Table, lo, hi []int64) *router {
	r := &router{ctx: ctx, t: t, tc: timeColumn(t.Schema()), lo: lo, hi: hi, done: make(chan struct{})}
	n := len(lo)
	r.chans = make([]chan *table.Batch, n)
	r.gone = make([]chan struct{}, n)
	r.isGone = make([]bool, n)
	for i := range r.chans {
		r.chans[i] = make(chan *table.Batch, 2)
		r.gone[i] = make(chan struct{})
	}
	return r
}

// start begins the scan on the first call; every run's plan is the same,
// so later calls ask for the same columns.
func (r *router) start(cols []int) error {
	started := false
	r.once.Do(func() {
		r.cols = slices.Clone(cols)
		started = true
		go r.loop()
	})
	if !started && !slices.Equal(cols, r.cols) {
		return fmt.Errorf("internal error: runs of one rule scan different columns")
	}
	return nil
}

func (r *router) abandon(run int) {
	r.goneMu.Lock()
	defer r.goneMu.Unlock()
	if !r.isGone[run] {
		r.isGone[run] = true
		close(r.gone[run])
	}
}

// wait returns the scan's error once it has finished (or never started).
func (r *router) wait() error {
	started := true
	r.once.Do(func() { started = false })
	if !started {
		return nil
	}
	<-r.done
	return r.err
}

func (r *router) loop() {
	defer close(r.done)
	defer func() {
		for _, c := range r.chans {
			close(c)
		}
	}()
	read := r.cols
	pos := -1
	for i, c := range read {
		if c == r.tc {
			pos = i
		}
	}
	if pos < 0 && r.tc >= 0 {
		read = append(slices.Clone(read), r.tc)
		pos = len(read) - 1
	}
	r.width = len(r.cols)
	it, err := r.t.Scan(read)
	if err != nil {
		r.err = err
		return
	}
	defer it.Close()
	n := len(r.lo)
	pending := make([]*table.Batch, n)
	send := func(k int) {
		b := pending[k]
		pending[k] = nil
		select {
		case r.chans[k] <- b:
		case <-r.gone[k]:
		}
	}
	in := table.NewBatch(len(read))
	for it.Next(in) {
		if err := r.ctx.Err(); err != nil {
			r.err = err
			return
		}
		for i, rows := 0, in.Len(); i < rows; i++ {
			row := in.Row(i)
			first, last := 0, n-1
			if pos >= 0 {
				ts := row[pos]
				if ts.K != table.KDatetime {
					continue
				}
				first, last = r.windows(ts.I)
			}
			for k := first; k <= last; k++ {
				if pending[k] == nil {
					pending[k] = table.NewBatch(r.width)
				}
				pending[k].AppendRow(row[:r.width])
				if pending[k].Full() {
					send(k)
				}
			}
		}
	}
	if err := it.Err(); err != nil {
		r.err = err
		return
	}
	for k := range pending {
		if pending[k] != nil {
			send(k)
		}
	}
}

// windows returns the runs whose window (lo, hi] holds t; runs are sorted
// and windows move forward with them.
func (r *router) windows(t int64) (first, last int) {
	n := len(r.hi)
	first, _ = slices.BinarySearch(r.hi, t) // first run with hi >= t
	last = first - 1
	for k := first; k < n && r.lo[k] < t; k++ {
		last = k
	}
	return first, last
}

type routedIter struct {
	r      *router
	run    int
	closed bool // the router closed the channel: the scan is over
}

func (it *routedIter) Next(b *table.Batch) bool {
	select {
	case got, ok := <-it.r.chans[it.run]:
		if !ok {
			it.closed = true
			return false
		}
		b.Width = got.Width
		b.Vals = append(b.Vals[:0], got.Vals...)
		return true
	case <-it.r.gone[it.run]:
		return false
	}
}

func (it *routedIter) Err() error {
	if it.closed {
		<-it.r.done // the channel closes just before the error is final
		return it.r.err
	}
	return nil
}

func (it *routedIter) Close() error {
	it.r.abandon(it.run)
	return nil
}
