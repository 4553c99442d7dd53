package dynfn

import (
	"math"
	"testing"

	"reconwatch/internal/table"
)

func TestSetFunctions(t *testing.T) {
	// The set docs build a1=[x,y,x,z], a2=[x,y], a3=[w] etc. from x=1.
	a1, a2 := dj(t, `[1,2,1,4]`), dj(t, `[1,2]`)
	run(t, []tc{
		{"has_element", "set_has_element", []table.Value{dj(t, `["this", "is", "an", "example"]`), S("example")}, B(true)},
		{"has_element missing", "set_has_element", []table.Value{dj(t, `["this"]`), S("This")}, B(false)},
		{"has_element number", "set_has_element", []table.Value{dj(t, `[1,2]`), I(2)}, B(true)},
		{"~has_element non-array", "set_has_element", []table.Value{S("example"), S("example")}, N},

		// set_union: conformance set-union-function#L39 (row 1) and #L63.
		{"union", "set_union", []table.Value{a1, a2, dj(t, `[8]`)}, dj(t, `[1,2,4,8]`)},
		{"union self", "set_union", []table.Value{dj(t, `["A4","A2","A7","A2"]`), dj(t, `["A4","A2","A7","A2"]`)}, dj(t, `["A4","A2","A7"]`)},
		{"union int/long", "set_union", []table.Value{A(I(1)), A(L(1))}, A(I(1))},
		{"union case", "set_union", []table.Value{dj(t, `["a"]`), dj(t, `["A"]`)}, dj(t, `["a","A"]`)},
		{"union null arg", "set_union", []table.Value{a1, N}, N},

		// set_intersect: conformance set-intersect-function#L37 (row 1).
		{"intersect", "set_intersect", []table.Value{a1, a2, dj(t, `[8,1]`)}, dj(t, `[1]`)},
		{"intersect empty", "set_intersect", []table.Value{a1, dj(t, `[]`)}, dj(t, `[]`)},

		// set_difference: conformance set-difference-function#L37 (row 1) and the doc's [].
		{"difference", "set_difference", []table.Value{a1, a2, dj(t, `[1,2,8]`)}, dj(t, `[4]`)},
		{"difference same", "set_difference", []table.Value{dj(t, `[1,2,3]`), dj(t, `[1,2,3]`)}, dj(t, `[]`)},
		{"difference dedups", "set_difference", []table.Value{dj(t, `[5,5,1]`), dj(t, `[1]`)}, dj(t, `[5]`)},

		{"equals", "set_equals", []table.Value{dj(t, `[1,2,2,3]`), dj(t, `[3,2,1]`)}, B(true)},
		{"equals not", "set_equals", []table.Value{dj(t, `[1,2]`), dj(t, `[1,2,3]`)}, B(false)},

		// jaccard_index: doc example 0.75.
		{"jaccard", "jaccard_index", []table.Value{dj(t, `[1,2,3]`), dj(t, `[1,2,3,4]`)}, R(0.75)},
		{"jaccard dups", "jaccard_index", []table.Value{dj(t, `[1,1,2]`), dj(t, `[2,3,3]`)}, R(1.0 / 3)},
		{"jaccard empty", "jaccard_index", []table.Value{dj(t, `[]`), dj(t, `[]`)}, R(math.NaN())},
	})
}

func TestBagFunctions(t *testing.T) {
	run(t, []tc{
		// bag_pack: the doc's examples (pack-function#L47, #L66).
		{"pack", "bag_pack", []table.Value{S("Level"), S("Information"), S("ProcessID"), L(1234), S("Data"), dj(t, `{"url":"www.bing.com"}`)},
			dj(t, `{"Level":"Information","ProcessID":1234,"Data":{"url":"www.bing.com"}}`)},
		{"pack alias", "pack", []table.Value{S("Dest"), I(100), S("Text"), S("Hi")}, table.NewBag([]string{"Dest", "Text"}, []table.Value{I(100), S("Hi")})},
		{"pack_dictionary alias", "pack_dictionary", []table.Value{S("a"), N}, dj(t, `{"a":null}`)},
		{"pack dup key", "bag_pack", []table.Value{S("a"), L(1), S("b"), L(2), S("a"), L(3)}, dj(t, `{"a":3,"b":2}`)},
		{"pack empty string", "bag_pack", []table.Value{S("a"), S("")}, dj(t, `{"a":""}`)},

		// bag_keys: conformance bag-keys-function#L37.
		{"keys", "bag_keys", []table.Value{dj(t, `{"a":"b","c":123}`)}, dj(t, `["a","c"]`)},
		{"keys nested", "bag_keys", []table.Value{dj(t, `{"a":"b","c":[{"d":123}]}`)}, dj(t, `["a","c"]`)},
		{"keys null", "bag_keys", []table.Value{N}, N},
		{"keys empty", "bag_keys", []table.Value{dj(t, `{}`)}, dj(t, `[]`)},
		{"~keys string", "bag_keys", []table.Value{dj(t, `"a"`)}, N},
		{"keys array", "bag_keys", []table.Value{dj(t, `[]`)}, N},

		// bag_has_key: conformance bag-has-key-function#L38/#L61.
		{"has_key", "bag_has_key", []table.Value{dj(t, `{"key1":123,"key2":"abc"}`), S("key2")}, B(true)},
		{"has_key no", "bag_has_key", []table.Value{dj(t, `{"key1":123,"key3":"abc"}`), S("key2")}, B(false)},
		{"has_key path", "bag_has_key", []table.Value{dj(t, `{"key1":123,"key2":{"prop1":"abc","prop2":"xyz"},"key3":[100,200]}`), S("$.key2.prop1")}, B(true)},
		{"has_key bracket path", "bag_has_key", []table.Value{dj(t, `{"a b":{"c":1}}`), S(`$['a b']["c"]`)}, B(true)},
		{"has_key path missing", "bag_has_key", []table.Value{dj(t, `{"key2":{"prop1":1}}`), S("$.key2.prop9")}, B(false)},
		{"has_key literal dot", "bag_has_key", []table.Value{dj(t, `{"a.b":1}`), S("a.b")}, B(true)},
		{"has_key array index", "bag_has_key", []table.Value{dj(t, `{"a":[1]}`), S("$.a[0]")}, B(false)},
		{"has_key $type", "bag_has_key", []table.Value{dj(t, `{"$type":"X"}`), S("$type")}, B(true)},
		{"has_key null", "bag_has_key", []table.Value{N, S("a")}, N},

		// bag_merge: doc example (first bag wins).
		{"merge", "bag_merge", []table.Value{dj(t, `{"A1":12,"B1":2,"C1":3}`), dj(t, `{"A2":81,"B2":82,"A1":1}`)},
			dj(t, `{"A1":12,"B1":2,"C1":3,"A2":81,"B2":82}`)},
		{"merge null", "bag_merge", []table.Value{dj(t, `{"a":1}`), N}, dj(t, `{"a":1}`)},
		{"merge nothing", "bag_merge", []table.Value{N, N}, N},

		// bag_remove_keys: conformance #L38/#L61.
		{"remove", "bag_remove_keys", []table.Value{dj(t, `{"key1":123,"key2":"abc"}`), dj(t, `["key2","key4"]`)}, dj(t, `{"key1":123}`)},
		{"remove none", "bag_remove_keys", []table.Value{dj(t, `{"key1":"value","key3":42.0}`), dj(t, `["key2","key4"]`)}, dj(t, `{"key1":"value","key3":42.0}`)},
		{"remove paths", "bag_remove_keys", []table.Value{dj(t, `{"key1":123,"key2":{"prop1":"abc","prop2":"xyz"},"key3":[100,200]}`), dj(t, `["$.key2.prop1","key3"]`)},
			dj(t, `{"key1":123,"key2":{"prop2":"xyz"}}`)},
		{"remove not bag", "bag_remove_keys", []table.Value{dj(t, `[1]`), dj(t, `["a"]`)}, N},

		// bag_set_key: conformance #L44/#L65.
		{"set new", "bag_set_key", []table.Value{dj(t, `{"key1":1,"key2":2}`), S("key3"), L(3)}, dj(t, `{"key1":1,"key2":2,"key3":3}`)},
		{"set existing", "bag_set_key", []table.Value{dj(t, `{"key1":1,"key3":"abc"}`), S("key3"), L(3)}, dj(t, `{"key1":1,"key3":3}`)},
		{"set path", "bag_set_key", []table.Value{dj(t, `{"key1":123,"key2":{"prop1":123,"prop2":"xyz"}}`), S("$.key2.prop1"), S("abc")},
			dj(t, `{"key1":123,"key2":{"prop1":"abc","prop2":"xyz"}}`)},
		{"set path creates", "bag_set_key", []table.Value{dj(t, `{"key1":123}`), S("$.key2.prop1"), S("abc")}, dj(t, `{"key1":123,"key2":{"prop1":"abc"}}`)},
		{"set not bag", "bag_set_key", []table.Value{dj(t, `[1]`), S("a"), L(1)}, N},
		{"set root", "bag_set_key", []table.Value{dj(t, `{}`), S("$"), L(1)}, N},

		// bag_zip: the doc's five examples.
		{"zip", "bag_zip", []table.Value{dj(t, `["a","b","c"]`), dj(t, `[1,"2",3.4]`)}, dj(t, `{"a":1,"b":"2","c":3.4}`)},
		{"zip fewer values", "bag_zip", []table.Value{dj(t, `["a","b","c"]`), dj(t, `[1,"2"]`)}, dj(t, `{"a":1,"b":"2","c":null}`)},
		{"zip more values", "bag_zip", []table.Value{dj(t, `["a","b"]`), dj(t, `[1,"2",2.5]`)}, dj(t, `{"a":1,"b":"2"}`)},
		{"zip non-string keys", "bag_zip", []table.Value{dj(t, `["a",8,"b"]`), dj(t, `[1,"2",2.5]`)}, dj(t, `{"a":1,"b":2.5}`)},
		{"~zip values not array", "bag_zip", []table.Value{dj(t, `["a",8,"b"]`), dj(t, `1`)}, dj(t, `{"a":null,"b":null}`)},
		{"~zip keys not array", "bag_zip", []table.Value{dj(t, `"a"`), dj(t, `[1,"2",2.5]`)}, N},

		// treepath: the doc's three examples.
		{"treepath", "treepath", []table.Value{dj(t, `{"a":"b", "c":123}`)}, dj(t, `["['a']","['c']"]`)},
		{"treepath array", "treepath", []table.Value{dj(t, `{"prop1":[1,2,3,4], "prop2":"value2"}`)}, dj(t, `["['prop1']","['prop1'][0]","['prop2']"]`)},
		{"treepath nested", "treepath", []table.Value{dj(t, `{"listProperty":[100,200,300,"abcde",{"x":"y"}]}`)},
			dj(t, `["['listProperty']","['listProperty'][0]","['listProperty'][0]['x']"]`)},
		{"treepath null", "treepath", []table.Value{N}, N},
	})
}

func TestBagPackPreservesInput(t *testing.T) {
	in := dj(t, `{"key1":123,"key2":{"prop1":"abc","prop2":"xyz"}}`)
	before := show(in)
	call(t, "bag_set_key", in, S("$.key2.prop1"), L(1))
	call(t, "bag_remove_keys", in, dj(t, `["$.key2.prop2","key1"]`))
	call(t, "bag_set_key", in, S("key9"), L(1))
	if show(in) != before {
		t.Fatalf("input bag modified: %s", show(in))
	}
}

func TestAccess(t *testing.T) {
	bag := dj(t, `{"Dest":100,"Text":"Hi","nested":{"a":[1,2]}}`)
	arr := dj(t, `[100,101,102]`)
	for _, c := range []struct {
		name      string
		got, want table.Value
	}{
		{"member", Member(bag, "Dest"), L(100)},
		{"member missing", Member(bag, "dest"), N},
		{"member nested", Member(Member(bag, "nested"), "a"), dj(t, `[1,2]`)},
		{"member of array", Member(arr, "a"), N},
		{"member of null", Member(N, "a"), N},
		// A string holding JSON is not parsed (Kusto needs parse_json).
		{"member of JSON string", Member(S(`{"a":1}`), "a"), N},
		{"index", IndexValue(arr, L(1)), L(101)},
		{"index int", IndexValue(arr, I(2)), L(102)},
		{"index negative", IndexValue(arr, L(-1)), L(102)},
		{"index -3", IndexValue(arr, L(-3)), L(100)},
		{"index out of range", IndexValue(arr, L(3)), N},
		{"index -4", IndexValue(arr, L(-4)), N},
		{"index string on array", IndexValue(arr, S("1")), N},
		{"index key", IndexValue(bag, S("Text")), S("Hi")},
		{"index number on bag", IndexValue(bag, L(0)), N},
		{"index null", IndexValue(arr, N), N},
		{"index scalar", IndexValue(L(5), L(0)), N},
	} {
		want(t, c.name, c.got, c.want)
	}
	if got := ArrayOf(arr); len(got) != 3 {
		t.Errorf("ArrayOf = %v", got)
	}
	if got := ArrayOf(bag); got != nil {
		t.Errorf("ArrayOf(bag) = %v", got)
	}
	// x in (dynamic([1,[2,3]])) is x in (1,2,3).
	flat := Flatten([]table.Value{dj(t, `[1,[2,3]]`), S("x"), dj(t, `{"a":[4]}`)})
	want(t, "flatten", A(flat...), dj(t, `[1,2,3,"x",{"a":[4]}]`))
	plain := []table.Value{L(1), L(2)}
	if f := Flatten(plain); &f[0] != &plain[0] {
		t.Errorf("Flatten copied a flat list")
	}
}

func TestParseKeyPath(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
		ok   bool
	}{
		{"key", []string{"key"}, true},
		{"a.b", []string{"a.b"}, true},
		{"$.a.b", []string{"a", "b"}, true},
		{"$['a']['b c']", []string{"a", "b c"}, true},
		{`$["it\"s"]`, []string{`it"s`}, true},
		{"$.a['b'].c", []string{"a", "b", "c"}, true},
		{"$", nil, false},
		{"$.", nil, false},
		{"$.a[0]", nil, false},
		{"$.a[*]", nil, false},
		{"$['a'", nil, false},
		{"$type", []string{"$type"}, true},
	} {
		got, ok := parseKeyPath(c.in)
		if ok != c.ok || (ok && len(got) != len(c.want)) {
			t.Errorf("parseKeyPath(%q) = %q, %v", c.in, got, ok)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("parseKeyPath(%q) = %q", c.in, got)
			}
		}
	}
}
