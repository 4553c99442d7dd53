package output

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// termText makes s safe to print on a terminal and fits it on one line;
// see the package documentation for the mapping.
func termText(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			sb.WriteRune(utf8.RuneError)
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			sb.WriteRune('⏎')
		case r == '\n' || r == '\v' || r == '\f' || r == '\u0085' || r == '\u2028' || r == '\u2029':
			sb.WriteRune('⏎')
		case r == '\t':
			sb.WriteByte(' ')
		case r < 0x20:
			sb.WriteRune(0x2400 + r) // ␀ … ␟
		case r == 0x7f:
			sb.WriteRune('␡')
		case r < 0xa0 && r >= 0x80, unicode.Is(unicode.Cf, r):
			sb.WriteString("<U+")
			h := strings.ToUpper(strconv.FormatInt(int64(r), 16))
			for j := len(h); j < 4; j++ {
				sb.WriteByte('0')
			}
			sb.WriteString(h)
			sb.WriteByte('>')
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// wide lists the code points a terminal draws two cells wide (East Asian
// Wide and Fullwidth, and the emoji blocks), approximately.
var wide = &unicode.RangeTable{
	R16: []unicode.Range16{
		{0x1100, 0x115f, 1},
		{0x231a, 0x231b, 1},
		{0x2329, 0x232a, 1},
		{0x23e9, 0x23ec, 1},
		{0x2614, 0x2615, 1},
		{0x2648, 0x2653, 1},
		{0x26aa, 0x26ab, 1},
		{0x26bd, 0x26be, 1},
		{0x26c4, 0x26c5, 1},
		{0x2705, 0x2705, 1},
		{0x270a, 0x270b, 1},
		{0x274c, 0x274c, 1},
		{0x2753, 0x2755, 1},
		{0x2795, 0x2797, 1},
		{0x2b1b, 0x2b1c, 1},
		{0x2b50, 0x2b55, 5},
		{0x2e80, 0x303e, 1},
		{0x3041, 0x33ff, 1},
		{0x3400, 0x4dbf, 1},
		{0x4e00, 0x9fff, 1},
		{0xa000, 0xa4cf, 1},
		{0xa960, 0xa97f, 1},
		{0xac00, 0xd7a3, 1},
		{0xf900, 0xfaff, 1},
		{0xfe10, 0xfe19, 1},
		{0xfe30, 0xfe6f, 1},
		{0xff00, 0xff60, 1},
		{0xffe0, 0xffe6, 1},
	},
	R32: []unicode.Range32{
		{0x16fe0, 0x16fe4, 1},
		{0x17000, 0x18aff, 1},
		{0x1b000, 0x1b2ff, 1},
		{0x1f004, 0x1f004, 1},
		{0x1f0cf, 0x1f0cf, 1},
		{0x1f18e, 0x1f18e, 1},
		{0x1f191, 0x1f19a, 1},
		{0x1f200, 0x1f251, 1},
		{0x1f300, 0x1f64f, 1},
		{0x1f680, 0x1f6ff, 1},
		{0x1f900, 0x1f9ff, 1},
		{0x1fa70, 0x1faff, 1},
		{0x20000, 0x2fffd, 1},
		{0x30000, 0x3fffd, 1},
	},
}

// runeWidth is the number of terminal cells r takes.
func runeWidth(r rune) int {
	switch {
	case r < 0x300:
		return 1
	case unicode.In(r, unicode.Mn, unicode.Me):
		return 0
	case unicode.Is(wide, r):
		return 2
	}
	return 1
}

// textWidth is the number of terminal cells s takes; s has been through
// termText.
func textWidth(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			n = 0
			for _, r := range s {
				n += runeWidth(r)
			}
			return n
		}
		n++
	}
	return n
}

// truncate cuts s to at most max cells, ending it with … when cut. A
// negative max means no limit.
func truncate(s string, max int) string {
	if max < 0 || textWidth(s) <= max {
		return s
	}
	if max == 0 {
		return ""
	}
	w := 0
	for i, r := range s {
		rw := runeWidth(r)
		if w+rw > max-1 {
			return s[:i] + "…"
		}
		w += rw
	}
	return s
}

// pad pads s (of width w) with spaces to width, on the left when right
// aligned.
func pad(b []byte, s string, w, width int, right bool) []byte {
	if right {
		for ; w < width; w++ {
			b = append(b, ' ')
		}
		return append(b, s...)
	}
	b = append(b, s...)
	for ; w < width; w++ {
		b = append(b, ' ')
	}
	return b
}

// groupDigits formats n with thousands separators: 1,234,567.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return sign + s
}

// ANSI styles, used only when Options.Color is set.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

func paint(style, s string, on bool) string {
	if !on || style == "" || s == "" {
		return s
	}
	return style + s + ansiReset
}
