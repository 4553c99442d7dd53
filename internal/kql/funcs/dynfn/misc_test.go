package dynfn

import (
	"strings"
	"testing"

	"reconwatch/internal/kql/funcs"
	"reconwatch/internal/table"
)

func TestParseVersion(t *testing.T) {
	// Conformance parse-version-function#L47 (the doc shows the digits
	// grouped with commas).
	for _, c := range []struct{ in, want string }{
		{"0.0.0.5", "5"},
		{"0.0.7.0", "700,000,000"},
		{"0.0.3", "300,000,000"},
		{"0.2", "20,000,000,000,000,000"},
		{"0.1.2.0", "10,000,000,200,000,000"},
		{"1.2.3.4", "1,000,000,020,000,000,300,000,004"},
		{"1", "1,000,000,000,000,000,000,000,000"},
		{"0", "0"},
		{"99999999.99999999.99999999.99999999", "99999999,99999999,99999999,99999999"},
	} {
		got := call(t, "parse_version", S(c.in))
		w := strings.ReplaceAll(c.want, ",", "")
		if got.K != table.KDecimal || got.S != w {
			t.Errorf("parse_version(%q) = %v %q, want %q", c.in, got.K, got.S, w)
		}
	}
	for _, bad := range []string{"", "1.", ".1", "1..2", "1.2.3.4.5", "123456789", "1.a", "v1.2", " 1.2", "1.2 ", "-1", "1.2e3"} {
		if got := call(t, "parse_version", S(bad)); got.K != table.KNull {
			t.Errorf("parse_version(%q) = %v, want null", bad, show(got))
		}
	}
	// Conformance #L77: which labs need an update (parse_version(v) <
	// parse_version("1.0.0.0")). The float64 approximation keeps this order.
	min := call(t, "parse_version", S("1.0.0.0"))
	for v, needs := range map[string]bool{"0.0.0.5": true, "0.0.7.0": true, "0.0.3": true, "0.2": true, "0.1.2.0": true, "1.2.3.4": false, "1": false} {
		got := call(t, "parse_version", S(v))
		if (table.Compare(got, min) < 0) != needs {
			t.Errorf("parse_version(%q) < 1.0.0.0 should be %v", v, needs)
		}
	}
}

func TestBitsetCountOnes(t *testing.T) {
	run(t, []tc{
		{"count ones doc", "bitset_count_ones", []table.Value{L(42)}, L(3)},
		{"count ones -1 long", "bitset_count_ones", []table.Value{L(-1)}, L(64)},
		{"count ones -1 int", "bitset_count_ones", []table.Value{I(-1)}, L(32)},
		{"count ones null", "bitset_count_ones", []table.Value{N}, N},
	})
	if f := funcs.Lookup("bitset_count_ones"); f.ResultName != funcs.NameFirstArg {
		t.Errorf("bitset_count_ones should keep the first argument's name")
	}
}

func TestAssert(t *testing.T) {
	// assert-function#L71: assert(len > 0, ...) with len=3 is true.
	got := call(t, "assert", B(true), S("Length must be greater than zero"))
	want(t, "assert(true)", got, B(true))
	// A constant false fails binding with Kusto's message.
	_, err := bind(t, "assert", true, []table.Value{B(false), S("Length must be greater than zero")})
	if err == nil || err.Error() != "assert() has failed with message: 'Length must be greater than zero'" {
		t.Errorf("assert(false) bind error = %v", err)
	}
	// Not constant: evaluated per row.
	impl, err := bind(t, "assert", false, []table.Value{B(false), S("m")})
	if err != nil {
		t.Fatal(err)
	}
	if got := impl.Eval([]table.Value{B(false), S("m")}); got.K != table.KNull {
		t.Errorf("runtime assert(false) = %v", show(got))
	}
}

// TestRegisteredNames pins the list of names this package registers.
func TestRegisteredNames(t *testing.T) {
	for _, n := range strings.Fields(`array_length arraylength array_index_of array_concat array_slice
		array_reverse array_rotate_left array_rotate_right array_shift_left array_shift_right
		array_sort_asc array_sort_desc array_split array_sum array_iff array_iif pack_array zip range repeat
		set_has_element set_union set_intersect set_difference set_equals jaccard_index
		bag_pack pack pack_dictionary bag_keys bag_has_key bag_merge bag_remove_keys bag_set_key bag_zip treepath
		parse_ipv4 parse_ipv4_mask format_ipv4 format_ipv4_mask ipv4_compare ipv4_is_match ipv4_netmask_suffix
		ipv4_is_private ipv4_range_to_cidr_list ipv4_is_in_range ipv4_is_in_any_range
		parse_ipv6 parse_ipv6_mask ipv6_compare ipv6_is_match ipv6_is_in_range ipv6_is_in_any_range
		parse_version bitset_count_ones assert parse_xml`) {
		if funcs.Lookup(n) == nil {
			t.Errorf("%s is not registered", n)
		}
	}
}
