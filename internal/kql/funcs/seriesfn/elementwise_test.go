package seriesfn

import (
	"math"
	"testing"

	"reconwatch/internal/table"
)

func TestElementwise(t *testing.T) {
	for _, c := range []struct {
		fn   string
		args []table.Value
		want string
	}{
		// The docs' series_add example: [1,2,4] + [4,2,1].
		{"series_add", []table.Value{dj(t, `[1,2,4]`), dj(t, `[4,2,1]`)}, `[5,4,5]`},
		{"series_subtract", []table.Value{dj(t, `[1,2,4]`), dj(t, `[4,2,1]`)}, `[-3,0,3]`},
		{"series_multiply", []table.Value{dj(t, `[1,2,4]`), dj(t, `[4,2,1]`)}, `[4,4,4]`},
		{"series_divide", []table.Value{dj(t, `[1,2,4]`), dj(t, `[4,2,1]`)}, `[0.25,1,4]`},
		// Integer inputs divide as reals; x/0 is IEEE.
		{"series_divide", []table.Value{dj(t, `[1,-1,3]`), dj(t, `[0,0,2]`)}, `["Infinity","-Infinity",1.5]`},
		{"series_pow", []table.Value{dj(t, `[2,3]`), L(2)}, `[4,9]`},
		// Scalar broadcast, either side.
		{"series_add", []table.Value{dj(t, `[1,2]`), L(10)}, `[11,12]`},
		{"series_subtract", []table.Value{R(10), dj(t, `[1,2]`)}, `[9,8]`},
		// Different lengths and non-numbers: null.
		{"series_add", []table.Value{dj(t, `[1,2,3]`), dj(t, `[1]`)}, `[2,null,null]`},
		{"series_add", []table.Value{dj(t, `[1,"a",null]`), dj(t, `[1,1,1]`)}, `[2,null,null]`},
		{"series_add", []table.Value{L(1), L(2)}, `null`},
		{"series_add", []table.Value{dj(t, `[1]`), N}, `null`},
		{"series_greater", []table.Value{dj(t, `[1,3,2]`), dj(t, `[2,2,2]`)}, `[false,true,false]`},
		{"series_greater_equals", []table.Value{dj(t, `[1,3,2]`), L(2)}, `[false,true,true]`},
		{"series_less", []table.Value{dj(t, `[1,3,2]`), L(2)}, `[true,false,false]`},
		{"series_less_equals", []table.Value{dj(t, `[1,3,2]`), L(2)}, `[true,false,true]`},
		{"series_equals", []table.Value{dj(t, `[1,3,2.0]`), L(2)}, `[false,false,true]`},
		{"series_not_equals", []table.Value{dj(t, `[1,3,2]`), dj(t, `[1,2]`)}, `[false,true,null]`},
		{"series_abs", []table.Value{dj(t, `[-1.5,2,null]`)}, `[1.5,2,null]`},
		{"series_sign", []table.Value{dj(t, `[-3,0,7]`)}, `[-1,0,1]`},
		{"series_floor", []table.Value{dj(t, `[1.5,-1.5]`)}, `[1,-2]`},
		{"series_ceiling", []table.Value{dj(t, `[1.5,-1.5]`)}, `[2,-1]`},
		{"series_exp", []table.Value{dj(t, `[0]`)}, `[1]`},
		{"series_log", []table.Value{dj(t, `[1]`)}, `[0]`},
		{"series_abs", []table.Value{N}, `null`},
	} {
		wantJSON(t, c.fn+render(c.args), call(t, c.fn, c.args...), c.want)
	}
	if got := floats(t, call(t, "series_cos", dj(t, `[0]`))); got[0] != 1 {
		t.Errorf("series_cos(0) = %v", got)
	}
	if got := floats(t, call(t, "series_atan", dj(t, `[1]`))); math.Abs(got[0]-math.Pi/4) > 1e-15 {
		t.Errorf("series_atan(1) = %v", got)
	}
	if err := bindErr(t, "series_add", S("a"), dj(t, `[1]`)); err == nil {
		t.Errorf("series_add(string, ...) should not bind")
	}
}

func TestFill(t *testing.T) {
	for _, c := range []struct {
		fn   string
		args []table.Value
		want string
	}{
		// The docs' examples.
		{"series_fill_const", []table.Value{dj(t, `[111,null,36,41,23,null,16,61,33,null,null]`), R(0)}, `[111,0,36,41,23,0,16,61,33,0,0]`},
		{"series_fill_forward", []table.Value{dj(t, `[null,null,36,41,null,null,16,61,33,null,null]`)}, `[null,null,36,41,41,41,16,61,33,33,33]`},
		{"series_fill_backward", []table.Value{dj(t, `[null,null,36,41,null,null,16,61,33,null,null]`)}, `[36,36,36,41,16,16,16,61,33,null,null]`},
		{"series_fill_linear", []table.Value{dj(t, `[null,111.0,null,36.0,41.0,null,null,16.0,61.0,33.0,null,null]`)},
			`[111,111,73.5,36,41,32.666666666666664,24.333333333333332,16,61,33,33,33]`},
		{"series_fill_linear", []table.Value{dj(t, `[null,111.0,null,36.0,41.0,null,null,16.0,61.0,33.0,null,null]`), N, B(false)},
			`[null,111,73.5,36,41,32.666666666666664,24.333333333333332,16,61,33,null,null]`},
		// Integers stay integers (truncated), as in the docs' example.
		{"series_fill_linear", []table.Value{dj(t, `[null,111,null,36,41,null,null,16,61,33,null,null]`)}, `[111,111,73,36,41,32,24,16,61,33,33,33]`},
		{"series_fill_linear", []table.Value{dj(t, `[null,null,null,null]`)}, `[0,0,0,0]`},
		{"series_fill_linear", []table.Value{dj(t, `[null,null,null,null]`), N, B(true), R(3.14159)}, `[3.14159,3.14159,3.14159,3.14159]`},
		{"series_fill_linear", []table.Value{dj(t, `[null,null]`), N, B(true), N}, `[null,null]`},
		// A placeholder value marks the missing elements.
		{"series_fill_const", []table.Value{dj(t, `[1,-1,3,null]`), L(9), L(-1)}, `[1,9,3,null]`},
		{"series_fill_forward", []table.Value{dj(t, `[1,0,0,4]`), L(0)}, `[1,1,1,4]`},
		{"series_fill_backward", []table.Value{dj(t, `[1,0,0,4]`), L(0)}, `[1,4,4,4]`},
		{"series_fill_linear", []table.Value{dj(t, `[0,2,0,0,8,0]`), L(0)}, `[2,2,4,6,8,8]`},
		{"series_fill_const", []table.Value{dj(t, `[null]`)}, `[0]`},
		{"series_fill_const", []table.Value{N}, `null`},
		{"series_fill_forward", []table.Value{dj(t, `[]`)}, `[]`},
	} {
		wantJSON(t, c.fn+render(c.args), call(t, c.fn, c.args...), c.want)
	}
}
