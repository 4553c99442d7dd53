package dynfn

import (
	"bytes"
	"net/netip"
	"strconv"
	"strings"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

// IP-prefix notation: every IP argument may carry "/n", the number of
// leading bits that count (0..32 for IPv4, 0..128 for IPv6). Functions
// combine it with their explicit prefix argument by taking the smallest.
//
// Invalid input gives null for bool and long results and "" for string
// results, as the docs say.

func init() {
	ip := sig(isIPArg, "string")
	ip2 := sig(isIPArg, "string", isIPArg, "string", isInt, "an integer")
	reg("parse_ipv4", 1, 1, table.Long, ip, parseIPv4Fn)
	reg("parse_ipv4_mask", 2, 2, table.Long, sig(isIPArg, "string", isInt, "an integer"), parseIPv4MaskFn)
	reg("format_ipv4", 1, 2, table.String, sig(isScalar, "string or long", isInt, "an integer"), formatIPv4(false))
	reg("format_ipv4_mask", 1, 2, table.String, sig(isScalar, "string or long", isInt, "an integer"), formatIPv4(true))
	reg("ipv4_compare", 2, 3, table.Long, ip2, ipv4Compare(false))
	reg("ipv4_is_match", 2, 3, table.Bool, ip2, ipv4Compare(true))
	reg("ipv4_netmask_suffix", 1, 1, table.Long, ip, ipv4NetmaskSuffix)
	reg("ipv4_is_private", 1, 1, table.Bool, ip, ipv4IsPrivate)
	reg("ipv4_range_to_cidr_list", 2, 2, table.Dynamic, sig(isIPArg, "string", isIPArg, "string"), ipv4RangeToCIDRList)
	funcs.Register(&funcs.Func{Name: "ipv4_is_in_range", MinArgs: 2, MaxArgs: 2, Bind: bindInRange(false, false)})
	funcs.Register(&funcs.Func{Name: "ipv4_is_in_any_range", MinArgs: 2, MaxArgs: -1, Bind: bindInRange(false, true)})

	reg("parse_ipv6", 1, 1, table.String, ip, parseIPv6Fn)
	reg("parse_ipv6_mask", 2, 2, table.String, sig(isIPArg, "string", isInt, "an integer"), parseIPv6MaskFn)
	reg("ipv6_compare", 2, 3, table.Long, ip2, ipv6Compare(false))
	reg("ipv6_is_match", 2, 3, table.Bool, ip2, ipv6Compare(true))
	funcs.Register(&funcs.Func{Name: "ipv6_is_in_range", MinArgs: 2, MaxArgs: 2, Bind: bindInRange(true, false)})
	funcs.Register(&funcs.Func{Name: "ipv6_is_in_any_range", MinArgs: 2, MaxArgs: -1, Bind: bindInRange(true, true)})
}

func trimSpace(s string) string { return strings.Trim(s, " \t\r\n") }

// splitPrefix splits "addr/n" and parses n (decimal, at most 3 digits, at
// most max). Without a slash the prefix is def.
func splitPrefix(s string, max, def int) (string, int, bool) {
	slash := strings.IndexByte(s, '/')
	if slash < 0 {
		return s, def, true
	}
	ps := s[slash+1:]
	if len(ps) == 0 || len(ps) > 3 {
		return "", 0, false
	}
	p := 0
	for i := 0; i < len(ps); i++ {
		c := ps[i]
		if c < '0' || c > '9' {
			return "", 0, false
		}
		p = p*10 + int(c-'0')
	}
	if p > max {
		return "", 0, false
	}
	return s[:slash], p, true
}

// parseDotted parses exactly four dot-separated decimal octets (1 to 3
// digits each, leading zeros read as decimal).
func parseDotted(s string) (uint32, bool) {
	var addr uint32
	part, digits, dots := 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			part = part*10 + int(c-'0')
			if digits > 3 || part > 255 {
				return 0, false
			}
		case c == '.':
			if digits == 0 || dots == 3 {
				return 0, false
			}
			addr = addr<<8 | uint32(part)
			part, digits = 0, 0
			dots++
		default:
			return 0, false
		}
	}
	if digits == 0 || dots != 3 {
		return 0, false
	}
	return addr<<8 | uint32(part), true
}

// ParseIPv4 parses IPv4 text "a.b.c.d" with an optional "/n" prefix
// (0..32; 32 when absent). Surrounding ASCII whitespace is ignored. addr is
// the address as written, not masked; callers apply Mask4(prefix).
func ParseIPv4(s string) (addr uint32, prefix int, ok bool) {
	s, prefix, ok = splitPrefix(trimSpace(s), 32, 32)
	if !ok {
		return 0, 0, false
	}
	addr, ok = parseDotted(s)
	if !ok {
		return 0, 0, false
	}
	return addr, prefix, true
}

// Mask4 is the IPv4 netmask of a prefix length (0..32).
func Mask4(prefix int) uint32 {
	if prefix <= 0 {
		return 0
	}
	if prefix >= 32 {
		return ^uint32(0)
	}
	return ^uint32(0) << (32 - prefix)
}

// ParseIPv6 parses IPv6 text with an optional "/n" prefix (0..128, 128
// when absent), or IPv4 text, which becomes the IPv4-mapped address
// ::ffff:a.b.c.d with its prefix counted from bit 96. An IPv6 form with a
// dotted IPv4 tail (::a.b.c.d, ::ffff:a.b.c.d) is also taken as that
// IPv4 address, mapped, and a prefix of at most 32 on it is an IPv4 prefix
// (Kusto's parse_ipv6_mask('::192.168.255.255/24', 128) is
// ...:ffff:c0a8:ff00). A zone (%eth0) is ignored. addr is not masked.
func ParseIPv6(s string) (addr [16]byte, prefix int, ok bool) {
	s = trimSpace(s)
	if !strings.Contains(s, ":") {
		a4, p4, ok := ParseIPv4(s)
		if !ok {
			return addr, 0, false
		}
		return mapped(a4), p4 + 96, true
	}
	text, p, ok := splitPrefix(s, 128, -1)
	if !ok {
		return addr, 0, false
	}
	if z := strings.IndexByte(text, '%'); z >= 0 {
		if z == len(text)-1 {
			return addr, 0, false
		}
		text = text[:z]
	}
	a, err := netip.ParseAddr(text)
	if err != nil || !a.Is6() {
		return addr, 0, false
	}
	addr = a.As16()
	if strings.Contains(text, ".") {
		v4 := uint32(addr[12])<<24 | uint32(addr[13])<<16 | uint32(addr[14])<<8 | uint32(addr[15])
		addr = mapped(v4)
		if p >= 0 && p <= 32 {
			p += 96
		}
	}
	if p < 0 {
		p = 128
	}
	return addr, p, true
}

func mapped(v4 uint32) [16]byte {
	var a [16]byte
	a[10], a[11] = 0xff, 0xff
	a[12], a[13], a[14], a[15] = byte(v4>>24), byte(v4>>16), byte(v4>>8), byte(v4)
	return a
}

// mask16 clears all but the first prefix bits of a.
func mask16(a [16]byte, prefix int) [16]byte {
	for i := range a {
		bit := i * 8
		switch {
		case prefix >= bit+8:
		case prefix <= bit:
			a[i] = 0
		default:
			a[i] &= byte(0xff << (8 - (prefix - bit)))
		}
	}
	return a
}

// FormatIPv6 renders an address as Kusto's canonical IPv6 text: eight
// groups of four lower-case hex digits.
func FormatIPv6(a [16]byte) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 0, 39)
	for i := 0; i < 16; i += 2 {
		if i > 0 {
			b = append(b, ':')
		}
		b = append(b, hex[a[i]>>4], hex[a[i]&0xf], hex[a[i+1]>>4], hex[a[i+1]&0xf])
	}
	return string(b)
}

// FormatIPv4 renders a.b.c.d.
func FormatIPv4(a uint32) string {
	b := make([]byte, 0, 15)
	for i := 3; i >= 0; i-- {
		b = strconv.AppendUint(b, uint64(a>>(8*i)&0xff), 10)
		if i > 0 {
			b = append(b, '.')
		}
	}
	return string(b)
}

// ipText returns the text of an IP argument; a null is not ok.
func ipText(v table.Value) (string, bool) {
	switch v.K {
	case table.KNull:
		return "", false
	case table.KString:
		return v.S, true
	}
	return v.String(), true
}

func ip4Arg(v table.Value) (uint32, int, bool) {
	s, ok := ipText(v)
	if !ok {
		return 0, 0, false
	}
	return ParseIPv4(s)
}

func ip6Arg(v table.Value) ([16]byte, int, bool) {
	s, ok := ipText(v)
	if !ok {
		return [16]byte{}, 0, false
	}
	return ParseIPv6(s)
}

// prefixArg reads an explicit prefix argument in 0..max.
func prefixArg(v table.Value, max int) (int, bool) {
	p, ok := asInt(v)
	if !ok || p < 0 || p > int64(max) {
		return 0, false
	}
	return int(p), true
}

func parseIPv4Fn(args []table.Value) table.Value {
	a, p, ok := ip4Arg(args[0])
	if !ok {
		return table.Null
	}
	return table.NewLong(int64(a & Mask4(p)))
}

func parseIPv4MaskFn(args []table.Value) table.Value {
	a, p, ok := ip4Arg(args[0])
	if !ok {
		return table.Null
	}
	q, ok := prefixArg(args[1], 32)
	if !ok {
		return table.Null
	}
	return table.NewLong(int64(a & Mask4(min(p, q))))
}

// formatIPv4 is format_ipv4(ip [, prefix]) and format_ipv4_mask: ip is IPv4
// text or its number (0..2^32-1, big-endian); the result is masked with the
// smaller prefix, and the _mask form appends "/prefix". "" on failure.
func formatIPv4(withMask bool) funcs.EvalFunc {
	return func(args []table.Value) table.Value {
		var a uint32
		p := 32
		switch v := args[0]; v.K {
		case table.KInt, table.KLong:
			if v.I < 0 || v.I > 0xffffffff {
				return table.EmptyString
			}
			a = uint32(v.I)
		case table.KNull:
			return table.EmptyString
		default:
			var ok bool
			if a, p, ok = ip4Arg(v); !ok {
				return table.EmptyString
			}
		}
		if len(args) > 1 {
			q, ok := prefixArg(args[1], 32)
			if !ok {
				return table.EmptyString
			}
			p = min(p, q)
		}
		s := FormatIPv4(a & Mask4(p))
		if withMask {
			s += "/" + strconv.Itoa(p)
		}
		return table.NewString(s)
	}
}

func cmpResult(c int, asBool bool) table.Value {
	if asBool {
		return table.NewBool(c == 0)
	}
	return table.NewLong(int64(c))
}

// ipv4Compare is ipv4_compare (-1/0/1) or ipv4_is_match (bool): both
// addresses masked with the smallest of their prefixes and the optional
// prefix argument.
func ipv4Compare(asBool bool) funcs.EvalFunc {
	return func(args []table.Value) table.Value {
		a, pa, ok1 := ip4Arg(args[0])
		b, pb, ok2 := ip4Arg(args[1])
		if !ok1 || !ok2 {
			return table.Null
		}
		p := min(pa, pb)
		if len(args) > 2 {
			q, ok := prefixArg(args[2], 32)
			if !ok {
				return table.Null
			}
			p = min(p, q)
		}
		m := Mask4(p)
		a, b = a&m, b&m
		c := 0
		if a < b {
			c = -1
		} else if a > b {
			c = 1
		}
		return cmpResult(c, asBool)
	}
}

func ipv4NetmaskSuffix(args []table.Value) table.Value {
	_, p, ok := ip4Arg(args[0])
	if !ok {
		return table.Null
	}
	return table.NewLong(int64(p))
}

// The RFC 1918 private blocks. Loopback (127/8) and link-local are not
// private: ipv4_is_private('127.0.0.1') is false.
var privateV4 = [...]cidr4{
	{0x0a000000, 8},  // 10.0.0.0/8
	{0xac100000, 12}, // 172.16.0.0/12
	{0xc0a80000, 16}, // 192.168.0.0/16
}

// ipv4_is_private(ip): whether ip (with its own prefix, if any) lies within
// one of the RFC 1918 blocks.
func ipv4IsPrivate(args []table.Value) table.Value {
	a, p, ok := ip4Arg(args[0])
	if !ok {
		return table.Null
	}
	for _, r := range privateV4 {
		if r.contains(a, p) {
			return table.NewBool(true)
		}
	}
	return table.NewBool(false)
}

// ipv4_range_to_cidr_list(start, end): the shortest list of CIDR blocks
// covering start..end. Null for invalid input or start > end.
func ipv4RangeToCIDRList(args []table.Value) table.Value {
	s, ps, ok1 := ip4Arg(args[0])
	e, pe, ok2 := ip4Arg(args[1])
	if !ok1 || !ok2 {
		return table.Null
	}
	lo := uint64(s & Mask4(ps))
	hi := uint64(e | ^Mask4(pe))
	if lo > hi {
		return table.Null
	}
	out := []table.Value{}
	for lo <= hi {
		size := 32 // bits of host part
		for size > 0 && (lo&((1<<uint(size))-1) != 0 || lo+(1<<uint(size))-1 > hi) {
			size--
		}
		out = append(out, table.NewString(FormatIPv4(uint32(lo))+"/"+strconv.Itoa(32-size)))
		lo += 1 << uint(size)
	}
	return newArray(out)
}

func parseIPv6Fn(args []table.Value) table.Value {
	a, p, ok := ip6Arg(args[0])
	if !ok {
		return table.EmptyString
	}
	return table.NewString(FormatIPv6(mask16(a, p)))
}

func parseIPv6MaskFn(args []table.Value) table.Value {
	a, p, ok := ip6Arg(args[0])
	if !ok {
		return table.EmptyString
	}
	q, ok := prefixArg(args[1], 128)
	if !ok {
		return table.EmptyString
	}
	return table.NewString(FormatIPv6(mask16(a, min(p, q))))
}

func ipv6Compare(asBool bool) funcs.EvalFunc {
	return func(args []table.Value) table.Value {
		a, pa, ok1 := ip6Arg(args[0])
		b, pb, ok2 := ip6Arg(args[1])
		if !ok1 || !ok2 {
			return table.Null
		}
		p := min(pa, pb)
		if len(args) > 2 {
			q, ok := prefixArg(args[2], 128)
			if !ok {
				return table.Null
			}
			p = min(p, q)
		}
		a, b = mask16(a, p), mask16(b, p)
		return cmpResult(bytes.Compare(a[:], b[:]), asBool)
	}
}

// Ranges.

type cidr4 struct {
	addr   uint32 // masked
	prefix int
}

// contains reports whether the network a/p (a single address when p is 32)
// lies within r: a is masked with its own prefix, then compared with r
// under r's prefix.
func (r cidr4) contains(a uint32, p int) bool {
	m := Mask4(r.prefix)
	return (a&Mask4(p))&m == r.addr
}

type cidr6 struct {
	addr   [16]byte // masked
	prefix int
}

func (r cidr6) contains(a [16]byte, p int) bool {
	return mask16(mask16(a, p), r.prefix) == r.addr
}

// rangeSet is the parsed range list of an ipv*_is_in_range call.
type rangeSet struct {
	v4      []cidr4
	v6      []cidr6
	invalid bool // some range did not parse
}

func (rs *rangeSet) add(v table.Value, v6 bool, depth int) {
	if v.K == table.KArray {
		if depth > table.MaxJSONDepth {
			rs.invalid = true
			return
		}
		for _, e := range v.D.Arr {
			rs.add(e, v6, depth+1)
		}
		return
	}
	if v6 {
		a, p, ok := ip6Arg(v)
		if !ok {
			rs.invalid = true
			return
		}
		rs.v6 = append(rs.v6, cidr6{mask16(a, p), p})
		return
	}
	a, p, ok := ip4Arg(v)
	if !ok {
		rs.invalid = true
		return
	}
	rs.v4 = append(rs.v4, cidr4{a & Mask4(p), p})
}

func buildRanges(vals []table.Value, v6 bool) *rangeSet {
	rs := &rangeSet{}
	for _, v := range vals {
		rs.add(v, v6, 0)
	}
	return rs
}

// match is the result for one address: true when some range contains it;
// otherwise null if some range was invalid, else false.
func (rs *rangeSet) match(ip table.Value, v6 bool) table.Value {
	if v6 {
		a, p, ok := ip6Arg(ip)
		if !ok {
			return table.Null
		}
		for _, r := range rs.v6 {
			if r.contains(a, p) {
				return table.NewBool(true)
			}
		}
	} else {
		a, p, ok := ip4Arg(ip)
		if !ok {
			return table.Null
		}
		for _, r := range rs.v4 {
			if r.contains(a, p) {
				return table.NewBool(true)
			}
		}
	}
	if rs.invalid {
		return table.Null
	}
	return table.NewBool(false)
}

// bindInRange binds ipv4_is_in_range(ip, range), ipv4_is_in_any_range(ip,
// range, ... | ranges_array) and their IPv6 forms. Range arguments may be
// strings or dynamic arrays of strings. When every range argument is a
// constant the ranges are parsed once, at bind time.
//
// An ip with a prefix of its own (10.1.2.3/24) stands for its network
// address; it is in the range when that address is.
func bindInRange(v6, anyRange bool) func(*funcs.Env, []funcs.Arg) (funcs.Impl, error) {
	return func(_ *funcs.Env, args []funcs.Arg) (funcs.Impl, error) {
		if err := funcs.ExpectType(args, 0, isIPArg, "string"); err != nil {
			return funcs.Impl{}, err
		}
		allConst := true
		for i := 1; i < len(args); i++ {
			if err := funcs.ExpectType(args, i, isIPArg, "string or a dynamic array"); err != nil {
				return funcs.Impl{}, err
			}
			if args[i].Const == nil {
				allConst = false
			}
		}
		if allConst {
			vals := make([]table.Value, 0, len(args)-1)
			for _, a := range args[1:] {
				vals = append(vals, *a.Const)
			}
			rs := buildRanges(vals, v6)
			if !anyRange && len(rs.v4)+len(rs.v6) > 1 {
				return funcs.Impl{}, funcs.ArgErrorf(1, "expects one range; use ipv%s_is_in_any_range for a list", map[bool]string{false: "4", true: "6"}[v6])
			}
			return funcs.Impl{Type: table.Bool, Eval: func(vals []table.Value) table.Value {
				return rs.match(vals[0], v6)
			}}, nil
		}
		return funcs.Impl{Type: table.Bool, Eval: func(vals []table.Value) table.Value {
			return buildRanges(vals[1:], v6).match(vals[0], v6)
		}}, nil
	}
}
