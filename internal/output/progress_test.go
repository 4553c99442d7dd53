package output

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestProgressDisabledIsSilent(t *testing.T) {
	var buf bytes.Buffer
	clk := &fakeClock{t: runBase}
	p := newProgress(&buf, 1<<30, false, clk.now)
	for range 100 {
		clk.advance(time.Second)
		p.Add(1 << 20)
	}
	p.Done()
	if buf.Len() != 0 {
		t.Errorf("disabled progress wrote %q", buf.String())
	}
	if p.Read() != 100<<20 {
		t.Errorf("Read = %d", p.Read())
	}
	var nilP *Progress
	nilP.Add(1)
	nilP.Done()
}

func TestProgressKnownTotal(t *testing.T) {
	var buf bytes.Buffer
	clk := &fakeClock{t: runBase}
	p := newProgress(&buf, 100_000_000, true, clk.now)
	p.Add(5_000_000) // too early to draw
	if buf.Len() != 0 {
		t.Fatalf("drew before 100 ms: %q", buf.String())
	}
	clk.advance(time.Second)
	p.Add(5_000_000)
	got := buf.String()
	for _, want := range []string{"\r", " 10% ", "██░░", "10.0 MB / 100.0 MB", "10.0 MB/s", "9s left"} {
		if !strings.Contains(got, want) {
			t.Errorf("progress %q lacks %q", got, want)
		}
	}
	// Throttled: many adds within 100 ms draw nothing more.
	n := buf.Len()
	for range 1000 {
		p.Add(1)
	}
	clk.advance(50 * time.Millisecond)
	p.Add(1)
	if buf.Len() != n {
		t.Errorf("redrew within 100 ms")
	}
	clk.advance(60 * time.Millisecond)
	p.Add(1)
	if buf.Len() == n {
		t.Errorf("no redraw after 100 ms")
	}
	// Over the total (a wrong estimate) stays at 100%.
	clk.advance(time.Second)
	p.Add(200_000_000)
	if !strings.Contains(buf.String(), "100% ████████████████████") {
		t.Errorf("over total: %q", buf.String())
	}
	n = buf.Len()
	p.Done()
	tail := buf.String()[n:]
	if strings.TrimSpace(strings.ReplaceAll(tail, "\r", "")) != "" || !strings.HasSuffix(tail, "\r") {
		t.Errorf("Done did not erase the line: %q", tail)
	}
	n = buf.Len()
	clk.advance(time.Second)
	p.Add(1)
	p.Done()
	if buf.Len() != n {
		t.Error("wrote after Done")
	}
}

func TestProgressUnknownTotal(t *testing.T) {
	var buf bytes.Buffer
	clk := &fakeClock{t: runBase}
	p := newProgress(&buf, 0, true, clk.now)
	r := p.Reader(strings.NewReader(strings.Repeat("x", 3_500_000)))
	buf1 := make([]byte, 500_000)
	for {
		clk.advance(time.Second / 3)
		if _, err := r.Read(buf1); err == io.EOF {
			break
		}
	}
	got := buf.String()
	// 500 KB every third of a second.
	if !strings.Contains(got, "\r3.5 MB  1.5 MB/s") {
		t.Errorf("progress %q lacks bytes and rate", got)
	}
	if strings.Contains(got, "%") || strings.Contains(got, "left") {
		t.Errorf("unknown total shows a percentage or ETA: %q", got)
	}
}

func TestProgressConcurrent(t *testing.T) {
	var buf safeBuffer
	p := NewProgress(&buf, 1<<20, true)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 1000 {
				p.Add(64)
			}
		})
	}
	wg.Wait()
	p.Done()
	if p.Read() != 4*1000*64 {
		t.Errorf("Read = %d", p.Read())
	}
}

type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 B", 999: "999 B", 1000: "1.0 KB", 999_960: "1.0 MB", 1_500_000_000: "1.5 GB", 12_345_678: "12.3 MB",
	} {
		if got := formatBytes(n); got != want {
			t.Errorf("formatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestIsTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "f"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f) || IsTerminal(nil) {
		t.Error("a regular file or nil is a terminal")
	}
	r, w, _ := os.Pipe()
	defer r.Close()
	defer w.Close()
	if IsTerminal(w) || ColorEnabled(w) {
		t.Error("a pipe is a terminal")
	}
}
