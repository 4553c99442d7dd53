package dynfn

import (
	"testing"

	"reconwatch/internal/table"
)

func TestIPv4Functions(t *testing.T) {
	localNets := dj(t, `["192.168.1.1/16", "127.0.0.1/8", "10.0.0.1/8"]`)
	run(t, []tc{
		// parse_ipv4: conformance parse-ipv4-function#L40.
		{"parse", "parse_ipv4", []table.Value{S("192.168.1.1")}, L(3232235777)},
		{"parse /24", "parse_ipv4", []table.Value{S("192.168.1.1/24")}, L(3232235776)},
		{"parse /31", "parse_ipv4", []table.Value{S("255.255.255.255/31")}, L(4294967294)},
		{"parse invalid", "parse_ipv4", []table.Value{S("256.1.1.1")}, N},
		{"parse short", "parse_ipv4", []table.Value{S("1.2.3")}, N},
		{"parse junk", "parse_ipv4", []table.Value{S("1.2.3.4x")}, N},
		{"parse bad prefix", "parse_ipv4", []table.Value{S("1.2.3.4/33")}, N},
		{"parse empty", "parse_ipv4", []table.Value{S("")}, N},
		{"parse spaces", "parse_ipv4", []table.Value{S(" 10.0.0.1 ")}, L(167772161)},
		{"parse dynamic", "parse_ipv4", []table.Value{dj(t, `"10.0.0.1"`)}, L(167772161)},
		// parse_ipv4_mask: doc example.
		{"parse mask", "parse_ipv4_mask", []table.Value{S("127.0.0.1"), L(24)}, L(2130706432)},
		{"parse mask bad", "parse_ipv4_mask", []table.Value{S("127.0.0.1"), L(33)}, N},

		// format_ipv4 / format_ipv4_mask: conformance format-ipv4-function#L41.
		{"format 24", "format_ipv4", []table.Value{S("192.168.1.1"), L(24)}, S("192.168.1.0")},
		{"format 32", "format_ipv4", []table.Value{S("192.168.1.1"), L(32)}, S("192.168.1.1")},
		{"format own prefix", "format_ipv4", []table.Value{S("192.168.1.1/24"), L(32)}, S("192.168.1.0")},
		{"format -1", "format_ipv4", []table.Value{S("192.168.1.1/24"), L(-1)}, S("")},
		{"format_mask 24", "format_ipv4_mask", []table.Value{S("192.168.1.1"), L(24)}, S("192.168.1.0/24")},
		{"format_mask 32", "format_ipv4_mask", []table.Value{S("192.168.1.1"), L(32)}, S("192.168.1.1/32")},
		{"format_mask own prefix", "format_ipv4_mask", []table.Value{S("192.168.1.1/24"), L(32)}, S("192.168.1.0/24")},
		{"format_mask -1", "format_ipv4_mask", []table.Value{S("192.168.1.1/24"), L(-1)}, S("")},
		{"format number", "format_ipv4", []table.Value{L(3232235777)}, S("192.168.1.1")},
		{"format_mask number", "format_ipv4_mask", []table.Value{L(3232235777), L(16)}, S("192.168.0.0/16")},
		{"format invalid", "format_ipv4", []table.Value{S("nope")}, S("")},

		// ipv4_compare: conformance ipv4-compare-function#L43/#L70.
		{"compare equal", "ipv4_compare", []table.Value{S("192.168.1.0"), S("192.168.1.0")}, L(0)},
		{"compare /24 left", "ipv4_compare", []table.Value{S("192.168.1.1/24"), S("192.168.1.255")}, L(0)},
		{"compare /24 right", "ipv4_compare", []table.Value{S("192.168.1.1"), S("192.168.1.255/24")}, L(0)},
		{"compare /30,/24", "ipv4_compare", []table.Value{S("192.168.1.1/30"), S("192.168.1.255/24")}, L(0)},
		{"compare prefix 31", "ipv4_compare", []table.Value{S("192.168.1.1"), S("192.168.1.0"), L(31)}, L(0)},
		{"compare prefix 31 with /24", "ipv4_compare", []table.Value{S("192.168.1.1/24"), S("192.168.1.255"), L(31)}, L(0)},
		{"compare prefix 24", "ipv4_compare", []table.Value{S("192.168.1.1"), S("192.168.1.255"), L(24)}, L(0)},
		{"compare less", "ipv4_compare", []table.Value{S("192.168.1.1"), S("192.168.1.2")}, L(-1)},
		{"compare greater", "ipv4_compare", []table.Value{S("10.0.0.2"), S("9.255.255.255")}, L(1)},
		{"compare invalid", "ipv4_compare", []table.Value{S("10.0.0.2"), S("x")}, N},

		// ipv4_is_match: conformance ipv4-is-match-function#L47/#L64/#L91.
		{"match doc", "ipv4_is_match", []table.Value{S("192.168.1.1/24"), S("192.168.1.255")}, B(true)},
		{"match equal", "ipv4_is_match", []table.Value{S("192.168.1.0"), S("192.168.1.0")}, B(true)},
		{"match /24 right", "ipv4_is_match", []table.Value{S("192.168.1.1"), S("192.168.1.255/24")}, B(true)},
		{"match /30,/24", "ipv4_is_match", []table.Value{S("192.168.1.1/30"), S("192.168.1.255/24")}, B(true)},
		{"match prefix 31", "ipv4_is_match", []table.Value{S("192.168.1.1"), S("192.168.1.0"), L(31)}, B(true)},
		{"match prefix 24", "ipv4_is_match", []table.Value{S("192.168.1.1"), S("192.168.1.255"), L(24)}, B(true)},
		{"match no", "ipv4_is_match", []table.Value{S("192.168.1.1"), S("192.168.1.255")}, B(false)},
		{"match invalid", "ipv4_is_match", []table.Value{S(""), S("192.168.1.255")}, N},

		// ipv4_netmask_suffix: conformance #L40.
		{"suffix", "ipv4_netmask_suffix", []table.Value{S("10.1.2.3")}, L(32)},
		{"suffix 24", "ipv4_netmask_suffix", []table.Value{S("192.168.1.1/24")}, L(24)},
		{"suffix 16", "ipv4_netmask_suffix", []table.Value{S("127.0.0.1/16")}, L(16)},
		{"suffix invalid", "ipv4_netmask_suffix", []table.Value{S("127.0.0.1/")}, N},

		// ipv4_is_private: conformance #L60 and the doc's prose examples.
		{"private 10", "ipv4_is_private", []table.Value{S("10.1.2.3")}, B(true)},
		{"private 192.168/24", "ipv4_is_private", []table.Value{S("192.168.1.1/24")}, B(true)},
		{"private loopback", "ipv4_is_private", []table.Value{S("127.0.0.1")}, B(false)},
		{"private 10/24", "ipv4_is_private", []table.Value{S("10.1.2.3/24")}, B(true)},
		{"private public", "ipv4_is_private", []table.Value{S("202.1.2.3")}, B(false)},
		{"private 172.16", "ipv4_is_private", []table.Value{S("172.16.0.1")}, B(true)},
		{"private 172.31", "ipv4_is_private", []table.Value{S("172.31.255.255")}, B(true)},
		{"private 172.32", "ipv4_is_private", []table.Value{S("172.32.0.1")}, B(false)},
		{"private 172.15", "ipv4_is_private", []table.Value{S("172.15.255.255")}, B(false)},
		{"private 192.169", "ipv4_is_private", []table.Value{S("192.169.0.1")}, B(false)},
		{"private link-local", "ipv4_is_private", []table.Value{S("169.254.1.1")}, B(false)},
		// An ip with a prefix stands for its network address.
		{"private /7", "ipv4_is_private", []table.Value{S("11.1.0.0/7")}, B(true)},
		{"private invalid", "ipv4_is_private", []table.Value{S("fe80::1")}, N},

		// ipv4_is_in_range: conformance #L42.
		{"in range equal", "ipv4_is_in_range", []table.Value{S("192.168.1.1"), S("192.168.1.1")}, B(true)},
		{"in range /24", "ipv4_is_in_range", []table.Value{S("192.168.1.1"), S("192.168.1.255/24")}, B(true)},
		{"in range no", "ipv4_is_in_range", []table.Value{S("192.168.2.1"), S("192.168.1.255/24")}, B(false)},
		{"in range ip with prefix", "ipv4_is_in_range", []table.Value{S("10.1.2.3/24"), S("10.1.0.0/16")}, B(true)},
		{"in range ip wider", "ipv4_is_in_range", []table.Value{S("10.0.0.0/8"), S("10.1.0.0/16")}, B(false)},
		{"in range invalid", "ipv4_is_in_range", []table.Value{S("10.1.2.3"), S("10.1.0.0/40")}, N},

		// ipv4_is_in_any_range: conformance #L88 and the doc's list forms.
		{"any 10.1.2.3", "ipv4_is_in_any_range", []table.Value{S("10.1.2.3"), localNets}, B(true)},
		{"any 192.168.1.5", "ipv4_is_in_any_range", []table.Value{S("192.168.1.5"), localNets}, B(true)},
		{"any 123.1.11.21", "ipv4_is_in_any_range", []table.Value{S("123.1.11.21"), localNets}, B(false)},
		{"any 1.1.1.1", "ipv4_is_in_any_range", []table.Value{S("1.1.1.1"), localNets}, B(false)},
		{"any strings", "ipv4_is_in_any_range", []table.Value{S("192.168.1.6"), S("192.168.1.1/24"), S("10.0.0.1/8"), S("127.1.0.1/16")}, B(true)},
		{"any array exact", "ipv4_is_in_any_range", []table.Value{S("127.0.0.1"), dj(t, `["127.0.0.1", "192.168.1.1"]`)}, B(true)},
		{"any invalid ip", "ipv4_is_in_any_range", []table.Value{S("x"), localNets}, N},
		{"any invalid range, match", "ipv4_is_in_any_range", []table.Value{S("10.0.0.1"), dj(t, `["bad", "10.0.0.0/8"]`)}, B(true)},
		{"any invalid range, no match", "ipv4_is_in_any_range", []table.Value{S("11.0.0.1"), dj(t, `["bad", "10.0.0.0/8"]`)}, N},

		// ipv4_range_to_cidr_list: conformance #L36.
		{"cidr list", "ipv4_range_to_cidr_list", []table.Value{S("1.1.128.0"), S("1.1.140.255")}, dj(t, `["1.1.128.0/21","1.1.136.0/22","1.1.140.0/24"]`)},
		{"cidr list all", "ipv4_range_to_cidr_list", []table.Value{S("0.0.0.0"), S("255.255.255.255")}, dj(t, `["0.0.0.0/0"]`)},
		{"cidr list one", "ipv4_range_to_cidr_list", []table.Value{S("10.0.0.1"), S("10.0.0.1")}, dj(t, `["10.0.0.1/32"]`)},
		{"cidr list reversed", "ipv4_range_to_cidr_list", []table.Value{S("10.0.0.2"), S("10.0.0.1")}, N},
	})
}

func TestIPv6Functions(t *testing.T) {
	ip := S("a5e:f127:8a9d:146d:e102:b5d3:c755:abcd")
	ranges := dj(t, `["a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/112", "0:0:0:0:0:ffff:c0a8:ac/60"]`)
	run(t, []tc{
		// parse_ipv6: conformance parse-ipv6-function#L40.
		{"parse v4", "parse_ipv6", []table.Value{S("192.168.255.255")}, S("0000:0000:0000:0000:0000:ffff:c0a8:ffff")},
		{"parse v4 /24", "parse_ipv6", []table.Value{S("192.168.255.255/24")}, S("0000:0000:0000:0000:0000:ffff:c0a8:ff00")},
		{"parse v4 max", "parse_ipv6", []table.Value{S("255.255.255.255")}, S("0000:0000:0000:0000:0000:ffff:ffff:ffff")},
		{"parse v6", "parse_ipv6", []table.Value{S("fe80::85d:e82c:9446:7994")}, S("fe80:0000:0000:0000:085d:e82c:9446:7994")},
		{"parse invalid", "parse_ipv6", []table.Value{S("fe80:::1")}, S("")},
		{"parse zone", "parse_ipv6", []table.Value{S("fe80::1%eth0")}, S("fe80:0000:0000:0000:0000:0000:0000:0001")},

		// parse_ipv6_mask: conformance parse-ipv6-mask-function#L41.
		{"mask v4 120", "parse_ipv6_mask", []table.Value{S("192.168.255.255"), L(120)}, S("0000:0000:0000:0000:0000:ffff:c0a8:ff00")},
		{"mask v4/24 124", "parse_ipv6_mask", []table.Value{S("192.168.255.255/24"), L(124)}, S("0000:0000:0000:0000:0000:ffff:c0a8:ff00")},
		{"mask v4 128", "parse_ipv6_mask", []table.Value{S("255.255.255.255"), L(128)}, S("0000:0000:0000:0000:0000:ffff:ffff:ffff")},
		{"mask v6 128", "parse_ipv6_mask", []table.Value{S("fe80::85d:e82c:9446:7994"), L(128)}, S("fe80:0000:0000:0000:085d:e82c:9446:7994")},
		{"mask v6/120 124", "parse_ipv6_mask", []table.Value{S("fe80::85d:e82c:9446:7994/120"), L(124)}, S("fe80:0000:0000:0000:085d:e82c:9446:7900")},
		{"mask ::v4 128", "parse_ipv6_mask", []table.Value{S("::192.168.255.255"), L(128)}, S("0000:0000:0000:0000:0000:ffff:c0a8:ffff")},
		{"mask ::v4/24 128", "parse_ipv6_mask", []table.Value{S("::192.168.255.255/24"), L(128)}, S("0000:0000:0000:0000:0000:ffff:c0a8:ff00")},
		{"mask bad", "parse_ipv6_mask", []table.Value{S("::1"), L(129)}, S("")},

		// ipv6_compare / ipv6_is_match: the docs' tables (all equal).
		{"cmp v4", "ipv6_compare", []table.Value{S("192.168.1.1"), S("192.168.1.1")}, L(0)},
		{"cmp v4 /24", "ipv6_compare", []table.Value{S("192.168.1.1/24"), S("192.168.1.255")}, L(0)},
		{"cmp v4 /30 /24", "ipv6_compare", []table.Value{S("192.168.1.1/30"), S("192.168.1.255/24")}, L(0)},
		{"cmp v6", "ipv6_compare", []table.Value{S("fe80::85d:e82c:9446:7994"), S("fe80::85d:e82c:9446:7994")}, L(0)},
		{"cmp v6 /120", "ipv6_compare", []table.Value{S("fe80::85d:e82c:9446:7994/120"), S("fe80::85d:e82c:9446:7998")}, L(0)},
		{"cmp v6 /120 both", "ipv6_compare", []table.Value{S("fe80::85d:e82c:9446:7994/120"), S("fe80::85d:e82c:9446:7998/120")}, L(0)},
		{"cmp mixed", "ipv6_compare", []table.Value{S("192.168.1.1"), S("::ffff:c0a8:0101")}, L(0)},
		{"cmp mixed /24", "ipv6_compare", []table.Value{S("192.168.1.1/24"), S("::ffff:c0a8:01ff")}, L(0)},
		{"cmp mixed rev", "ipv6_compare", []table.Value{S("::ffff:c0a8:0101"), S("192.168.1.255/24")}, L(0)},
		{"cmp ::v4/30", "ipv6_compare", []table.Value{S("::192.168.1.1/30"), S("192.168.1.255/24")}, L(0)},
		{"cmp prefix 31", "ipv6_compare", []table.Value{S("192.168.1.1"), S("192.168.1.0"), L(31)}, L(0)},
		{"cmp prefix 127", "ipv6_compare", []table.Value{S("fe80::85d:e82c:9446:7994"), S("fe80::85d:e82c:9446:7995"), L(127)}, L(0)},
		{"cmp /127 prefix 120", "ipv6_compare", []table.Value{S("fe80::85d:e82c:9446:7994/127"), S("fe80::85d:e82c:9446:7998"), L(120)}, L(0)},
		{"cmp mixed 127", "ipv6_compare", []table.Value{S("192.168.1.1/24"), S("::ffff:c0a8:01ff"), L(127)}, L(0)},
		{"cmp mixed 120", "ipv6_compare", []table.Value{S("::ffff:c0a8:0101"), S("192.168.1.255"), L(120)}, L(0)},
		{"cmp less", "ipv6_compare", []table.Value{S("::1"), S("::2")}, L(-1)},
		{"cmp greater", "ipv6_compare", []table.Value{S("fe80::"), S("::ffff:1.2.3.4")}, L(1)},
		{"cmp invalid", "ipv6_compare", []table.Value{S("::g"), S("::2")}, N},
		{"match", "ipv6_is_match", []table.Value{S("fe80::85d:e82c:9446:7994/120"), S("fe80::85d:e82c:9446:7998")}, B(true)},
		{"match no", "ipv6_is_match", []table.Value{S("fe80::85d:e82c:9446:7994"), S("fe80::85d:e82c:9446:7998")}, B(false)},
		{"match prefix", "ipv6_is_match", []table.Value{S("::192.168.1.1/30"), S("192.168.1.255/24"), L(127)}, B(true)},

		// ipv6_is_in_range: the doc's three rows.
		{"in range /112", "ipv6_is_in_range", []table.Value{ip, S("a5e:f127:8a9d:146d:e102:b5d3:c755:0000/112")}, B(true)},
		{"in range equal", "ipv6_is_in_range", []table.Value{ip, ip}, B(true)},
		{"in range no", "ipv6_is_in_range", []table.Value{ip, S("0:0:0:0:0:ffff:c0a8:ac/60")}, B(false)},

		// ipv6_is_in_any_range: the doc's prose and table.
		{"any array", "ipv6_is_in_any_range", []table.Value{S("a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd"), ranges}, B(true)},
		{"any strings", "ipv6_is_in_any_range", []table.Value{S("a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd"),
			S("a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/112"), S("0:0:0:0:0:ffff:c0a8:ac/60")}, B(true)},
		// The doc's third prose line claims false for .../f6cd in .../f6cd/120,
		// but every address is in its own /120: a doc erratum. The same
		// shape with a different last group is false.
		{"any strings /120", "ipv6_is_in_any_range", []table.Value{S("a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd"),
			S("a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/120"), S("0:0:0:0:0:ffff:c0a8:ac/60")}, B(true)},
		{"any strings /120 no", "ipv6_is_in_any_range", []table.Value{S("a5e:f127:8a9d:146d:e102:b5d3:c755:e6cd"),
			S("a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/120"), S("0:0:0:0:0:ffff:c0a8:ac/60")}, B(false)},
		{"any abcd", "ipv6_is_in_any_range", []table.Value{ip, ranges}, B(true)},
		{"any abcf", "ipv6_is_in_any_range", []table.Value{S("a5e:f127:8a9d:146d:e102:b5d3:c755:abcf"), ranges}, B(true)},
		{"any c756", "ipv6_is_in_any_range", []table.Value{S("a5e:f127:8a9d:146d:e102:b5d3:c756:abd1"), ranges}, B(false)},
		{"any v4 in v6 list", "ipv6_is_in_any_range", []table.Value{S("10.1.1.1"), dj(t, `["10.0.0.0/8"]`)}, B(true)},
	})
}

func TestParseIPv4Forms(t *testing.T) {
	for _, c := range []struct {
		in     string
		addr   uint32
		prefix int
		ok     bool
	}{
		{"0.0.0.0", 0, 32, true},
		{"255.255.255.255/0", 0xffffffff, 0, true},
		{"010.001.000.001", 0x0a010001, 32, true},
		{"1.2.3.4/032", 0x01020304, 32, true},
		{"1.2.3.4/", 0, 0, false},
		{"1.2.3.4/1/2", 0, 0, false},
		{"1.2.3.4.5", 0, 0, false},
		{"1..3.4", 0, 0, false},
		{".1.2.3", 0, 0, false},
		{"1.2.3.", 0, 0, false},
		{"1.2.3.0004", 0, 0, false},
		{"1.2.3.-4", 0, 0, false},
		{"1.2.3.4 /24", 0, 0, false},
		{"::1", 0, 0, false},
	} {
		a, p, ok := ParseIPv4(c.in)
		if ok != c.ok || (ok && (a != c.addr || p != c.prefix)) {
			t.Errorf("ParseIPv4(%q) = %#x, %d, %v", c.in, a, p, ok)
		}
	}
}
