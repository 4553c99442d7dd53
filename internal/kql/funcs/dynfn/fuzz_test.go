package dynfn

import (
	"strconv"
	"testing"

	"reconwatch/internal/table"
)

func FuzzParseXML(f *testing.F) {
	for _, s := range []string{
		`<e/>`, `<e name="value">text</e>`, `<e> <a>text</a> <a>text</a> </e>`,
		`<?xml version="1.0"?><!DOCTYPE a><a x="&amp;"><![CDATA[x]]><!--c--><?pi?></a>`,
		`<x:a xmlns:x="u"><x:b/></x:a>`, `<a>`, `<a></b>`, "\ufeff<a/>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseXML(s)
		if err != nil {
			if v.K != table.KNull {
				t.Fatalf("error with a non-null value")
			}
			return
		}
		if v.K != table.KBag || len(v.D.Keys) != 1 {
			t.Fatalf("ParseXML(%q) = %s: want a one-key bag", s, table.AppendJSON(nil, v))
		}
		if _, err := table.ParseJSON(string(table.AppendJSON(nil, v))); err != nil {
			t.Fatalf("result does not render as JSON: %v", err)
		}
	})
}

func FuzzParseIPv4(f *testing.F) {
	for _, s := range []string{"192.168.1.1", "10.0.0.1/8", "255.255.255.255/32", "1.2.3", "01.2.3.4/0", " 1.2.3.4 ", "1.2.3.4/33"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, p, ok := ParseIPv4(s)
		if !ok {
			return
		}
		if p < 0 || p > 32 {
			t.Fatalf("ParseIPv4(%q) prefix %d", s, p)
		}
		a2, p2, ok := ParseIPv4(FormatIPv4(a) + "/" + strconv.Itoa(p))
		if !ok || a2 != a || p2 != p {
			t.Fatalf("ParseIPv4(%q) = %#x/%d does not round-trip", s, a, p)
		}
		// The IPv6 parser takes every IPv4 address, mapped.
		if _, p6, ok := ParseIPv6(s); !ok || p6 != p+96 {
			t.Fatalf("ParseIPv6(%q) = %d, %v", s, p6, ok)
		}
	})
}

func FuzzParseIPv6(f *testing.F) {
	for _, s := range []string{"fe80::85d:e82c:9446:7994/120", "::192.168.1.1/30", "::ffff:c0a8:0101", "192.168.1.1", "::", "fe80::1%eth0", "1:2:3:4:5:6:7:8/128", ":::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, p, ok := ParseIPv6(s)
		if !ok {
			return
		}
		if p < 0 || p > 128 {
			t.Fatalf("ParseIPv6(%q) prefix %d", s, p)
		}
		m := mask16(a, p)
		b, q, ok := ParseIPv6(FormatIPv6(m))
		if !ok || q != 128 || b != m {
			t.Fatalf("ParseIPv6(%q) canonical form %s does not round-trip", s, FormatIPv6(m))
		}
		// The functions on top must not panic either.
		call(t, "ipv6_compare", table.NewString(s), table.NewString("::1"), table.NewLong(int64(p)))
		call(t, "ipv6_is_in_any_range", table.NewString("::1"), table.NewString(s))
	})
}

func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"1.2.3.4", "0", "99999999.0", "1..2", "123456789"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseVersion(s)
		if !ok {
			return
		}
		if len(d) == 0 || len(d) > 32 || (len(d) > 1 && d[0] == '0') {
			t.Fatalf("ParseVersion(%q) = %q", s, d)
		}
	})
}
