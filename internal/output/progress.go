package output

import (
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// IsTerminal reports whether f is a terminal (a character device). It
// uses only the standard library, so other character devices such as
// /dev/null count too, which is harmless for deciding on progress and
// colour.
func IsTerminal(f *os.File) bool {
	if f == nil {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// ColorEnabled reports whether output to f should be coloured: f is a
// terminal, NO_COLOR (https://no-color.org) is unset or empty, and TERM is
// not "dumb".
func ColorEnabled(f *os.File) bool {
	return IsTerminal(f) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}

// redrawInterval throttles progress redraws to about 10 a second.
const redrawInterval = 100 * time.Millisecond

// barWidth is the width of the bar in cells.
const barWidth = 20

// Progress draws a one-line progress bar on a terminal, normally stderr:
//
//	42% ████████░░░░░░░░░░░░  512.0 MB / 1.2 GB  85.3 MB/s  6s left
//
// or, when the total is unknown (stdin):
//
//	512.0 MB  85.3 MB/s
//
// Enable it with IsTerminal(os.Stderr) && !quiet. A disabled Progress, and
// a nil *Progress, print nothing. Add may be called from any goroutine;
// the line is redrawn at most about 10 times a second, the first time
// after 100 ms, so quick runs show nothing. Done erases the line.
type Progress struct {
	w       io.Writer
	total   int64
	enabled bool
	now     func() time.Time

	n atomic.Int64

	mu      sync.Mutex
	start   time.Time
	last    time.Time // last redraw (start before the first)
	drawn   int       // width of the line on screen; 0 when none
	done    bool
	scratch []byte
}

// NewProgress returns a progress bar for total bytes (total <= 0 means
// unknown) drawn on w when enabled.
func NewProgress(w io.Writer, total int64, enabled bool) *Progress {
	return newProgress(w, total, enabled, time.Now)
}

func newProgress(w io.Writer, total int64, enabled bool, now func() time.Time) *Progress {
	t := now()
	return &Progress{w: w, total: total, enabled: enabled && w != nil, now: now, start: t, last: t}
}

// Add records n more bytes read and redraws the line if it is due.
func (p *Progress) Add(n int64) {
	if p == nil {
		return
	}
	cur := p.n.Add(n)
	if !p.enabled || !p.mu.TryLock() {
		return
	}
	defer p.mu.Unlock()
	if p.done {
		return
	}
	now := p.now()
	if now.Sub(p.last) < redrawInterval {
		return
	}
	p.last = now
	p.draw(p.line(cur, now))
}

// Read returns the number of bytes recorded so far.
func (p *Progress) Read() int64 {
	if p == nil {
		return 0
	}
	return p.n.Load()
}

// Done erases the line. Later Adds only count.
func (p *Progress) Done() {
	if p == nil || !p.enabled {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	p.done = true
	if p.drawn > 0 {
		b := append(p.scratch[:0], '\r')
		b = append(b, strings.Repeat(" ", p.drawn)...)
		b = append(b, '\r')
		p.w.Write(b)
		p.drawn = 0
	}
}

// Reader wraps r so that every Read is added to the progress.
func (p *Progress) Reader(r io.Reader) io.Reader {
	return &progressReader{r: r, p: p}
}

type progressReader struct {
	r io.Reader
	p *Progress
}

func (pr *progressReader) Read(b []byte) (int, error) {
	n, err := pr.r.Read(b)
	if n > 0 {
		pr.p.Add(int64(n))
	}
	return n, err
}

// draw writes line over the previous one. Called with mu held.
func (p *Progress) draw(line string) {
	w := textWidth(line)
	b := append(p.scratch[:0], '\r')
	b = append(b, line...)
	if w < p.drawn {
		b = append(b, strings.Repeat(" ", p.drawn-w)...)
	}
	p.scratch = b
	p.w.Write(b)
	p.drawn = w
}

// line renders the progress after cur bytes at now.
func (p *Progress) line(cur int64, now time.Time) string {
	elapsed := now.Sub(p.start).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(cur) / elapsed
	}
	rateText := formatBytes(int64(rate)) + "/s"
	if p.total <= 0 {
		return formatBytes(cur) + "  " + rateText
	}
	frac := float64(cur) / float64(p.total)
	if frac > 1 {
		frac = 1
	}
	var sb strings.Builder
	pct := strconv.Itoa(int(frac * 100))
	sb.WriteString(strings.Repeat(" ", 3-len(pct)))
	sb.WriteString(pct)
	sb.WriteString("% ")
	full := int(frac * barWidth)
	sb.WriteString(strings.Repeat("█", full))
	sb.WriteString(strings.Repeat("░", barWidth-full))
	sb.WriteString("  ")
	sb.WriteString(formatBytes(cur))
	sb.WriteString(" / ")
	sb.WriteString(formatBytes(p.total))
	sb.WriteString("  ")
	sb.WriteString(rateText)
	sb.WriteString("  ")
	if rate > 0 {
		left := time.Duration(float64(max(p.total-cur, 0)) / rate * float64(time.Second))
		sb.WriteString(humanDuration(left))
		sb.WriteString(" left")
	} else {
		sb.WriteString("-- left")
	}
	return sb.String()
}

// formatBytes renders n in decimal units: 512 B, 12.3 KB, 1.2 GB.
func formatBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	f := float64(n)
	units := []string{"KB", "MB", "GB", "TB", "PB", "EB"}
	i := -1
	for f >= unit && i < len(units)-1 {
		f /= unit
		i++
	}
	// Avoid "1000.0 MB" from rounding.
	if f >= 999.95 && i < len(units)-1 {
		f /= unit
		i++
	}
	return strconv.FormatFloat(f, 'f', 1, 64) + " " + units[i]
}
