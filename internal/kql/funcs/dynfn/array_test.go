package dynfn

import (
	"fmt"
	"strings"
	"testing"

	"reconwatch/internal/table"
)

type tc struct {
	name string
	fn   string
	args []table.Value
	want table.Value
}

func run(t *testing.T, cases []tc) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// A name starting with "~" binds every argument as dynamic.
			got := callAs(t, c.fn, strings.HasPrefix(c.name, "~"), c.args...)
			want(t, c.fn+"("+render(c.args)+")", got, c.want)
		})
	}
}

func A(vs ...table.Value) table.Value { return table.NewArray(vs) }

func TestArrayFunctions(t *testing.T) {
	idxArr := dj(t, `["this", "is", "an", "example", "an", "example"]`)
	run(t, []tc{
		// array_length: doc example; null for non-arrays.
		{"length", "array_length", []table.Value{dj(t, `[1, 2, 3, "four"]`)}, L(4)},
		{"length empty", "array_length", []table.Value{dj(t, `[]`)}, L(0)},
		{"length bag", "array_length", []table.Value{dj(t, `{"a":1}`)}, N},
		{"~length scalar", "array_length", []table.Value{dj(t, `"abc"`)}, N},
		{"length null", "array_length", []table.Value{N}, N},
		{"arraylength alias", "arraylength", []table.Value{dj(t, `[1]`)}, L(1)},

		// array_index_of: the doc's nine cases (conformance array-index-of-function#L45).
		{"idx1", "array_index_of", []table.Value{idxArr, S("an")}, L(2)},
		{"idx2", "array_index_of", []table.Value{idxArr, S("example"), L(1), L(3)}, L(3)},
		{"idx3", "array_index_of", []table.Value{idxArr, S("example"), L(1), L(2)}, L(-1)},
		{"idx4", "array_index_of", []table.Value{idxArr, S("is"), L(2), L(4)}, L(-1)},
		{"idx5", "array_index_of", []table.Value{idxArr, S("example"), L(2), L(-1)}, L(3)},
		{"idx6", "array_index_of", []table.Value{idxArr, S("an"), L(1), L(-1), L(2)}, L(4)},
		{"idx7", "array_index_of", []table.Value{idxArr, S("an"), L(1), L(-1), L(3)}, L(-1)},
		{"idx8", "array_index_of", []table.Value{idxArr, S("an"), L(-3)}, L(4)},
		{"idx9", "array_index_of", []table.Value{idxArr, S("is"), L(-4)}, L(-1)},
		{"idx length<-1", "array_index_of", []table.Value{idxArr, S("is"), L(0), L(-2)}, N},
		{"idx occurrence<0", "array_index_of", []table.Value{idxArr, S("is"), L(0), L(-1), L(-1)}, N},
		{"idx case-sensitive", "array_index_of", []table.Value{idxArr, S("IS")}, L(-1)},
		{"idx int vs long", "array_index_of", []table.Value{dj(t, `[5, 6, 7]`), I(6)}, L(1)},
		{"idx real vs long", "array_index_of", []table.Value{dj(t, `[5, 6, 7]`), R(7)}, L(2)},
		{"idx not array", "array_index_of", []table.Value{dj(t, `{"a":1}`), S("a")}, N},
		{"idx start past end", "array_index_of", []table.Value{idxArr, S("an"), L(10)}, L(-1)},

		// array_concat: conformance array-concat-function#L39 (first row).
		{"concat", "array_concat", []table.Value{A(L(1), L(2), L(4)), A(L(1), L(2))}, dj(t, `[1,2,4,1,2]`)},
		{"concat one", "array_concat", []table.Value{dj(t, `[1]`)}, dj(t, `[1]`)},
		{"concat null", "array_concat", []table.Value{dj(t, `[1]`), N}, N},

		// array_slice: the doc's three examples.
		{"slice 1,2", "array_slice", []table.Value{dj(t, `[1,2,3]`), L(1), L(2)}, dj(t, `[2,3]`)},
		{"slice 2,-1", "array_slice", []table.Value{dj(t, `[1,2,3,4,5]`), L(2), L(-1)}, dj(t, `[3,4,5]`)},
		{"slice -3,-2", "array_slice", []table.Value{dj(t, `[1,2,3,4,5]`), L(-3), L(-2)}, dj(t, `[3,4]`)},
		{"slice clamps", "array_slice", []table.Value{dj(t, `[1,2,3]`), L(-10), L(10)}, dj(t, `[1,2,3]`)},
		{"slice empty", "array_slice", []table.Value{dj(t, `[1,2,3]`), L(2), L(1)}, dj(t, `[]`)},
		{"slice out of range", "array_slice", []table.Value{dj(t, `[1,2,3]`), L(5), L(7)}, dj(t, `[]`)},

		// array_reverse: doc example.
		{"reverse", "array_reverse", []table.Value{dj(t, `["this", "is", "an", "example"]`)}, dj(t, `["example","an","is","this"]`)},
		{"~reverse non-array", "array_reverse", []table.Value{S("abc")}, N},

		// rotate/shift: doc examples.
		{"rotate left 2", "array_rotate_left", []table.Value{dj(t, `[1,2,3,4,5]`), L(2)}, dj(t, `[3,4,5,1,2]`)},
		{"rotate left -2", "array_rotate_left", []table.Value{dj(t, `[1,2,3,4,5]`), L(-2)}, dj(t, `[4,5,1,2,3]`)},
		{"rotate right 2", "array_rotate_right", []table.Value{dj(t, `[1,2,3,4,5]`), L(2)}, dj(t, `[4,5,1,2,3]`)},
		{"rotate right -2", "array_rotate_right", []table.Value{dj(t, `[1,2,3,4,5]`), L(-2)}, dj(t, `[3,4,5,1,2]`)},
		{"rotate by 7", "array_rotate_left", []table.Value{dj(t, `[1,2,3,4,5]`), L(7)}, dj(t, `[3,4,5,1,2]`)},
		{"rotate empty", "array_rotate_left", []table.Value{dj(t, `[]`), L(3)}, dj(t, `[]`)},
		{"shift left 2", "array_shift_left", []table.Value{dj(t, `[1,2,3,4,5]`), L(2)}, dj(t, `[3,4,5,null,null]`)},
		{"shift left 2 default", "array_shift_left", []table.Value{dj(t, `[1,2,3,4,5]`), L(2), L(-1)}, dj(t, `[3,4,5,-1,-1]`)},
		{"shift left -2 default", "array_shift_left", []table.Value{dj(t, `[1,2,3,4,5]`), L(-2), L(-1)}, dj(t, `[-1,-1,1,2,3]`)},
		{"shift right 2", "array_shift_right", []table.Value{dj(t, `[1,2,3,4,5]`), L(2)}, dj(t, `[null,null,1,2,3]`)},
		{"shift right 2 default", "array_shift_right", []table.Value{dj(t, `[1,2,3,4,5]`), L(2), L(-1)}, dj(t, `[-1,-1,1,2,3]`)},
		{"shift right -2 default", "array_shift_right", []table.Value{dj(t, `[1,2,3,4,5]`), L(-2), L(-1)}, dj(t, `[3,4,5,-1,-1]`)},
		{"shift strings", "array_shift_left", []table.Value{dj(t, `["a","b"]`), L(1)}, dj(t, `["b",""]`)},
		{"shift all out", "array_shift_left", []table.Value{dj(t, `[1,2]`), L(9)}, dj(t, `[null,null]`)},

		// array_split: doc examples.
		{"split 2", "array_split", []table.Value{dj(t, `[1,2,3,4,5]`), L(2)}, dj(t, `[[1,2],[3,4,5]]`)},
		{"split [1,3]", "array_split", []table.Value{dj(t, `[1,2,3,4,5]`), dj(t, `[1,3]`)}, dj(t, `[[1],[2,3],[4,5]]`)},
		{"split -1", "array_split", []table.Value{dj(t, `[1,2,3]`), L(-1)}, dj(t, `[[1,2],[3]]`)},
		{"split past end", "array_split", []table.Value{dj(t, `[1,2,3]`), L(9)}, dj(t, `[[1,2,3],[]]`)},

		// array_sum: doc example (real 10); non-numbers give null.
		{"sum", "array_sum", []table.Value{dj(t, `[1,2,3,4]`)}, R(10)},
		{"sum reals", "array_sum", []table.Value{dj(t, `[1.5,2]`)}, R(3.5)},
		{"sum empty", "array_sum", []table.Value{dj(t, `[]`)}, R(0)},
		{"sum string", "array_sum", []table.Value{dj(t, `[1,"2"]`)}, N},
		{"sum null elem", "array_sum", []table.Value{dj(t, `[1,null]`)}, N},

		// array_iff: the doc's four examples.
		{"iff arrays", "array_iff", []table.Value{dj(t, `[true,false,true]`), dj(t, `[1,2,3]`), dj(t, `[4,5,6]`)}, dj(t, `[1,5,3]`)},
		{"iff numeric", "array_iff", []table.Value{dj(t, `[1,0,50]`), S("yes"), S("no")}, dj(t, `["yes","no","yes"]`)},
		{"iff other kinds", "array_iff", []table.Value{A(S("some string value"), table.NewDatetime(637765056000000000), N), L(1), L(0)}, dj(t, `[null,null,null]`)},
		{"iff short", "array_iff", []table.Value{dj(t, `[true,true,true]`), dj(t, `[1,2]`), dj(t, `[3,4]`)}, dj(t, `[1,2,null]`)},
		{"iif alias", "array_iif", []table.Value{dj(t, `[false]`), L(1), L(0)}, dj(t, `[0]`)},

		// pack_array: conformance pack-array-function#L40/#L60.
		{"pack_array", "pack_array", []table.Value{L(1), L(2), L(4)}, dj(t, `[1,2,4]`)},
		{"pack_array mixed", "pack_array", []table.Value{L(1), S("2"), table.NewTimespan(2 * table.TicksPerSecond)}, dj(t, `[1,"2","00:00:02"]`)},
		{"pack_array nests", "pack_array", []table.Value{dj(t, `[1]`), N, S("")}, dj(t, `[[1],null,""]`)},

		// zip: the doc's three examples.
		{"zip", "zip", []table.Value{dj(t, `[1,3,5]`), dj(t, `[2,4,6]`)}, dj(t, `[[1,2],[3,4],[5,6]]`)},
		{"zip pad", "zip", []table.Value{dj(t, `["A", 1, 1.5]`), dj(t, `[{}, "B"]`)}, dj(t, `[["A",{}],[1,"B"],[1.5,null]]`)},
		{"zip lists", "zip", []table.Value{dj(t, `[1,2,3]`), dj(t, `["one","two","three"]`)}, dj(t, `[[1,"one"],[2,"two"],[3,"three"]]`)},
		{"~zip non-array", "zip", []table.Value{dj(t, `[1]`), S("x")}, N},

		// range: the doc's examples.
		{"range 1,8,3", "range", []table.Value{L(1), L(8), L(3)}, dj(t, `[1,4,7]`)},
		{"range 1,3", "range", []table.Value{L(1), L(3)}, dj(t, `[1,2,3]`)},
		{"range 1h,5h", "range", []table.Value{table.NewTimespan(table.TicksPerHour), table.NewTimespan(5 * table.TicksPerHour)},
			dj(t, `["01:00:00","02:00:00","03:00:00","04:00:00","05:00:00"]`)},
		{"range down", "range", []table.Value{L(5), L(1), L(-2)}, dj(t, `[5,3,1]`)},
		{"range wrong way", "range", []table.Value{L(5), L(1), L(2)}, dj(t, `[]`)},
		{"range zero step", "range", []table.Value{L(1), L(5), L(0)}, N},
		{"range reals", "range", []table.Value{R(1), R(2), R(0.5)}, A(R(1), R(1.5), R(2))},
		{"range null", "range", []table.Value{L(1), N}, N},

		// repeat: doc example.
		{"repeat", "repeat", []table.Value{L(1), L(3)}, dj(t, `[1,1,1]`)},
		{"repeat 0", "repeat", []table.Value{S("a"), L(0)}, dj(t, `[]`)},
		{"repeat negative", "repeat", []table.Value{S("a"), L(-1)}, N},
	})
}

func TestRangeDatetime(t *testing.T) {
	// range(datetime(2015-01-01), datetime(2015-12-31), 1d): every day of 2015.
	start, _ := table.DateTicks(2015, 1, 1)
	stop, _ := table.DateTicks(2015, 12, 31)
	got := call(t, "range", table.NewDatetime(start), table.NewDatetime(stop), table.NewTimespan(table.TicksPerDay))
	arr := got.Array()
	if len(arr) != 365 || arr[0].K != table.KDatetime || arr[364].I != stop {
		t.Fatalf("range over 2015 = %d elements, last %v", len(arr), arr[len(arr)-1])
	}
	// Default step for datetimes is 1h.
	got = call(t, "range", table.NewDatetime(start), table.NewDatetime(start+3*table.TicksPerHour))
	if n := len(got.Array()); n != 4 {
		t.Fatalf("default datetime step gave %d elements, want 4", n)
	}
}

func TestRangeCap(t *testing.T) {
	// print r = range(1,1000000000) | mv-expand r | count → 1048576.
	got := call(t, "range", L(1), L(1000000000))
	if n := len(got.Array()); n != 1048576 {
		t.Fatalf("range cap: %d elements", n)
	}
	// Extreme bounds must not overflow.
	got = call(t, "range", L(-9223372036854775808), L(9223372036854775807), L(9223372036854775807))
	want(t, "extreme range", got, A(L(-9223372036854775808), L(-1), L(9223372036854775806)))
}

func TestArraySort(t *testing.T) {
	run(t, []tc{
		// Single array; default nulls_last.
		{"asc", "array_sort_asc", []table.Value{dj(t, `[1,3,4,5,2]`)}, dj(t, `[1,2,3,4,5]`)},
		{"desc", "array_sort_desc", []table.Value{dj(t, `[1,3,4,5,2]`)}, dj(t, `[5,4,3,2,1]`)},
		// Conformance array-sort-asc-function#L75 / desc#L76 (via split).
		{"names asc", "array_sort_asc", []table.Value{dj(t, `["John","Paul","Jane","Kao"]`)}, dj(t, `["Jane","John","Kao","Paul"]`)},
		{"names desc", "array_sort_desc", []table.Value{dj(t, `["John","Paul","Jane","Kayo"]`)}, dj(t, `["Paul","Kayo","John","Jane"]`)},
		// Conformance #L52/#L53: two arrays, the second follows the first.
		{"two asc", "array_sort_asc", []table.Value{dj(t, `[1,3,4,5,2]`), dj(t, `["a","b","c","d","e"]`)},
			dj(t, `[[1,2,3,4,5],["a","e","b","c","d"]]`)},
		{"two desc", "array_sort_desc", []table.Value{dj(t, `[1,3,4,5,2]`), dj(t, `["a","b","c","d","e"]`)},
			dj(t, `[[5,4,3,2,1],["d","c","b","e","a"]]`)},
		{"length mismatch", "array_sort_asc", []table.Value{dj(t, `[2,1]`), dj(t, `["a"]`)}, dj(t, `[[1,2],null]`)},
		// nulls_last.
		{"nulls last asc", "array_sort_asc", []table.Value{dj(t, `[3,null,1]`)}, dj(t, `[1,3,null]`)},
		{"nulls first asc", "array_sort_asc", []table.Value{dj(t, `[3,null,1]`), B(false)}, dj(t, `[null,1,3]`)},
		{"nulls last desc", "array_sort_desc", []table.Value{dj(t, `[3,null,1]`), B(true)}, dj(t, `[3,1,null]`)},
		{"nulls first desc", "array_sort_desc", []table.Value{dj(t, `[3,null,1]`), B(false)}, dj(t, `[null,3,1]`)},
		// Mixed kinds: numbers, strings, then other.
		{"mixed", "array_sort_asc", []table.Value{dj(t, `["b",true,2,"a",1.5]`)}, dj(t, `[1.5,2,"a","b",true]`)},
		{"~not array", "array_sort_asc", []table.Value{S("x")}, N},
	})
}

func TestArraySortDatetimes(t *testing.T) {
	// Conformance array-sort-asc-function#L95 (user1): commands by time.
	d := func(day int) table.Value { v, _ := table.DateTicks(2019, 7, day); return table.NewDatetime(v) }
	times := A(d(15), d(2), d(22), d(14), d(27), d(25))
	cmds := dj(t, `["chmod","ls","dir","mkdir","rm","pwd"]`)
	got := call(t, "array_sort_asc", times, cmds)
	want(t, "asc[1]", IndexValue(got, L(1)), dj(t, `["ls","mkdir","chmod","dir","pwd","rm"]`))
	got = call(t, "array_sort_desc", times, cmds)
	want(t, "desc[1]", IndexValue(got, L(1)), dj(t, `["rm","pwd","dir","chmod","mkdir","ls"]`))
	if n := SortedColumnName("array1", 0); n != "array1_sorted" {
		t.Errorf("SortedColumnName = %q", n)
	}
	if n := SortedColumnName("", 3); n != "array3_sorted" {
		t.Errorf("SortedColumnName = %q", n)
	}
}

func TestBindErrors(t *testing.T) {
	for _, c := range []struct {
		fn   string
		args []table.Value
	}{
		{"array_length", []table.Value{S("[1,2]")}},
		{"array_slice", []table.Value{dj(t, `[1]`), S("1"), L(2)}},
		{"bag_pack", []table.Value{S("a"), L(1), S("b")}},
		{"bag_pack", []table.Value{L(1), L(1)}},
		{"ipv4_is_in_range", []table.Value{L(1), S("10.0.0.0/8")}},
		{"ipv4_is_in_range", []table.Value{S("10.0.0.1"), dj(t, `["10.0.0.0/8","11.0.0.0/8"]`)}},
		{"array_sort_asc", []table.Value{S("x")}},
	} {
		if _, err := bind(t, c.fn, true, c.args); err == nil {
			t.Errorf("%s(%s) bound without error", c.fn, render(c.args))
		}
	}
}

func TestNoAliasing(t *testing.T) {
	// Results must not share the args slice: re-using args after Eval must
	// not change an earlier result.
	impl, err := bind(t, "pack_array", false, []table.Value{L(1), L(2)})
	if err != nil {
		t.Fatal(err)
	}
	args := []table.Value{L(1), L(2)}
	r := impl.Eval(args)
	args[0], args[1] = L(9), L(9)
	want(t, "pack_array after reuse", r, dj(t, `[1,2]`))
	// Results of slicing functions must not share the input's storage in a
	// way that lets later writes leak (values are immutable; check copies).
	in := dj(t, `[1,2,3]`)
	out := call(t, "array_slice", in, L(0), L(1))
	out.D.Arr[0] = L(42)
	want(t, "input after slice result modified", in, dj(t, `[1,2,3]`))
}

func ExampleFlatten() {
	vals := []table.Value{table.NewLong(1), table.NewArray([]table.Value{table.NewLong(2), table.NewArray([]table.Value{table.NewLong(3)})})}
	fmt.Println(render(Flatten(vals)))
	// Output: long:1|long:2|long:3|
}
