package sources

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf16"
	"unicode/utf8"
)

// stream is one input file opened for reading: decompressed (gzip,
// bzip2) and decoded to UTF-8 (BOMs stripped, UTF-16 transcoded), as
// sniffed from its first bytes.
type stream struct {
	f        *os.File
	raw      *countReader
	r        io.Reader // UTF-8 text
	Compress string    // "", "gzip", "bzip2"
	Encoding string    // "utf-8", "utf-8 with BOM", "utf-16le", ...
	Problem  string    // unsupported encoding, set instead of r
	u16      *utf16Reader
}

// countReader counts the bytes read from the file and reports progress.
type countReader struct {
	r        io.Reader
	n        int64
	progress func(int64)
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if n > 0 && c.progress != nil {
		c.progress(int64(n))
	}
	return n, err
}

const peekSize = 64 << 10

func openStream(path string, progress func(int64)) (*stream, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	s := &stream{f: f, raw: &countReader{r: f, progress: progress}}
	br := bufio.NewReaderSize(s.raw, peekSize)
	var text *bufio.Reader = br
	magic, _ := br.Peek(4)
	switch {
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		gz, err := gzip.NewReader(br)
		if err != nil {
			s.Problem = fmt.Sprintf("invalid gzip header: %v", err)
			return s, nil
		}
		s.Compress = "gzip"
		text = bufio.NewReaderSize(gz, peekSize)
	case len(magic) >= 4 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h' && magic[3] >= '1' && magic[3] <= '9':
		s.Compress = "bzip2"
		text = bufio.NewReaderSize(bzip2.NewReader(br), peekSize)
	}
	bom, _ := text.Peek(4)
	switch {
	case bytes.HasPrefix(bom, []byte{0xef, 0xbb, 0xbf}):
		text.Discard(3)
		s.Encoding = "utf-8 with BOM"
		s.r = text
	case bytes.HasPrefix(bom, []byte{0xff, 0xfe, 0, 0}), bytes.HasPrefix(bom, []byte{0, 0, 0xfe, 0xff}):
		s.Encoding = "utf-32"
		s.Problem = "unsupported encoding UTF-32 (byte order mark " + fmt.Sprintf("% x", bom) + "); expected UTF-8 or UTF-16"
	case bytes.HasPrefix(bom, []byte{0xff, 0xfe}):
		text.Discard(2)
		s.Encoding = "utf-16le with BOM"
		s.u16 = newUTF16Reader(text, false)
		s.r = s.u16
	case bytes.HasPrefix(bom, []byte{0xfe, 0xff}):
		text.Discard(2)
		s.Encoding = "utf-16be with BOM"
		s.u16 = newUTF16Reader(text, true)
		s.r = s.u16
	case len(bom) == 4 && bom[0] != 0 && bom[1] == 0 && bom[2] != 0 && bom[3] == 0 && bom[0] < 0x80 && bom[2] < 0x80:
		s.Encoding = "utf-16le"
		s.u16 = newUTF16Reader(text, false)
		s.r = s.u16
	case len(bom) == 4 && bom[0] == 0 && bom[1] != 0 && bom[2] == 0 && bom[3] != 0 && bom[1] < 0x80 && bom[3] < 0x80:
		s.Encoding = "utf-16be"
		s.u16 = newUTF16Reader(text, true)
		s.r = s.u16
	default:
		s.Encoding = "utf-8"
		s.r = text
	}
	return s, nil
}

// RawBytes is the number of bytes read from the file so far.
func (s *stream) RawBytes() int64 { return s.raw.n }

func (s *stream) Close() error { return s.f.Close() }

// utf16Reader transcodes UTF-16 to UTF-8. Unpaired surrogates and an odd
// trailing byte become U+FFFD and are counted in bad.
type utf16Reader struct {
	r   io.Reader
	be  bool
	in  []byte
	inN int
	out []byte
	err error
	bad int64
}

func newUTF16Reader(r io.Reader, be bool) *utf16Reader {
	return &utf16Reader{r: r, be: be, in: make([]byte, 64<<10)}
}

func (u *utf16Reader) unit(i int) uint16 {
	if u.be {
		return uint16(u.in[i])<<8 | uint16(u.in[i+1])
	}
	return uint16(u.in[i+1])<<8 | uint16(u.in[i])
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		n, err := u.r.Read(u.in[u.inN:])
		u.inN += n
		if err != nil {
			u.err = err
		}
		out := u.out[:0]
		i := 0
		for i+2 <= u.inN {
			r := rune(u.unit(i))
			switch {
			case utf16.IsSurrogate(r) && r < 0xdc00:
				if i+4 > u.inN {
					if u.err == nil {
						goto carry // wait for the low half
					}
					out = utf8.AppendRune(out, utf8.RuneError)
					u.bad++
					i += 2
					continue
				}
				r2 := rune(u.unit(i + 2))
				if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
					out = utf8.AppendRune(out, d)
					i += 4
					continue
				}
				out = utf8.AppendRune(out, utf8.RuneError)
				u.bad++
				i += 2
			case utf16.IsSurrogate(r):
				out = utf8.AppendRune(out, utf8.RuneError)
				u.bad++
				i += 2
			default:
				out = utf8.AppendRune(out, r)
				i += 2
			}
		}
	carry:
		rest := copy(u.in, u.in[i:u.inN])
		u.inN = rest
		if u.err != nil && u.inN > 0 && u.inN < 2 {
			out = utf8.AppendRune(out, utf8.RuneError) // odd trailing byte
			u.bad++
			u.inN = 0
		}
		u.out = out
		if len(out) == 0 && u.err == nil && n == 0 {
			continue
		}
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

// errTooLarge reports a record that does not fit in maxBuffer.
var errTooLarge = errors.New("record too large")

// maxBuffer bounds the bytes one record (or one line) may occupy.
var maxBuffer = 256 << 20

// source is a sliding window over a decoded stream: records are parsed in
// place in buf, which grows to hold the largest record.
type source struct {
	r   io.Reader // nil for a fixed slice
	buf []byte
	pos int  // consumer position
	n   int  // valid bytes in buf
	eof bool // r is exhausted
	err error
	off int64 // stream offset of buf[0]

	// Line counting, when countLines is set: nl newlines lie before
	// buf[cnt].
	countLines bool
	nl         int
	cnt        int
}

func newSource(r io.Reader, size int) *source {
	return &source{r: r, buf: make([]byte, size)}
}

// fixed resets s to read only b.
func (s *source) fixed(b []byte) {
	*s = source{buf: b, n: len(b), eof: true}
}

// fill discards consumed bytes and reads more. It reports whether bytes
// were added.
func (s *source) fill() bool {
	if s.eof {
		return false
	}
	if s.pos > 0 {
		if s.countLines {
			if s.cnt < s.pos {
				s.nl += bytes.Count(s.buf[s.cnt:s.pos], nl)
				s.cnt = 0
			} else {
				s.cnt -= s.pos
			}
		}
		copy(s.buf, s.buf[s.pos:s.n])
		s.off += int64(s.pos)
		s.n -= s.pos
		s.pos = 0
	}
	if s.n == len(s.buf) {
		if len(s.buf) >= maxBuffer {
			s.err = errTooLarge
			s.eof = true
			return false
		}
		nb := make([]byte, min(2*len(s.buf), maxBuffer))
		copy(nb, s.buf[:s.n])
		s.buf = nb
	}
	added := false
	for tries := 0; s.n < len(s.buf); tries++ {
		k, err := s.r.Read(s.buf[s.n:])
		s.n += k
		if k > 0 {
			added = true
			tries = 0
		}
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.err = err
			}
			return added
		}
		if tries > 100 {
			s.eof = true
			s.err = io.ErrNoProgress
			return added
		}
	}
	return added
}

// skipBytes consumes the next k bytes.
func (s *source) skipBytes(k int) {
	for k > 0 {
		if avail := s.n - s.pos; avail >= k {
			s.pos += k
			return
		} else {
			k -= avail
		}
		s.pos = s.n
		if !s.fill() {
			return
		}
	}
}

var nl = []byte{'\n'}

// lineAt returns the 1-based line number of buf[p]. Calls must not go
// backwards past the last compaction.
func (s *source) lineAt(p int) int {
	if p < s.cnt {
		return s.nl - bytes.Count(s.buf[p:s.cnt], nl) + 1
	}
	s.nl += bytes.Count(s.buf[s.cnt:p], nl)
	s.cnt = p
	return s.nl + 1
}

// colAt returns the 1-based column (in bytes) of buf[p].
func (s *source) colAt(p int) int {
	i := bytes.LastIndexByte(s.buf[:p], '\n')
	return p - i
}

// nextLine returns the next line without its "\n" (or "\r\n"). The slice
// is valid until the next call.
func (s *source) nextLine() ([]byte, bool) {
	scanned := 0 // bytes after pos already searched
	for {
		if j := bytes.IndexByte(s.buf[s.pos+scanned:s.n], '\n'); j >= 0 {
			end := s.pos + scanned + j
			line := s.buf[s.pos:end]
			s.pos = end + 1
			if len(line) > 0 && line[len(line)-1] == '\r' {
				line = line[:len(line)-1]
			}
			return line, true
		}
		scanned = s.n - s.pos
		if !s.fill() {
			if s.pos < s.n && s.err != errTooLarge {
				line := s.buf[s.pos:s.n]
				s.pos = s.n
				if len(line) > 0 && line[len(line)-1] == '\r' {
					line = line[:len(line)-1]
				}
				return line, true
			}
			return nil, false
		}
	}
}
