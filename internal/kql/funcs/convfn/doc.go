// Package convfn holds KQL's conversion, datetime/timespan, math and
// conditional scalar functions, and the number semantics the executor
// shares with them:
//
//   - conversions: ToLong, ToInt, ToReal, ToDecimal, ToBool, ToDatetime,
//     ToTimespan, ToGuid, ToStringValue, ToDynamic and Convert(v, type);
//   - arithmetic: Add, Sub, Mul, Div, Mod, Negate, with ResultType /
//     NegateType for static types and BinaryOp to bind an operator so its
//     results conform to the static type;
//   - ordering: CompareOp (< <= > >= == !=) and Comparable.
//
// Functions register themselves from init(); importing the package for its
// side effects makes them visible through funcs.Lookup.
//
// Conventions: null in gives null out for every non-string result; string
// results are never null ("" instead). Dynamic (and unknown) arguments are
// accepted wherever a typed one is and converted per row; a value that does
// not convert gives null.
//
// Decisions where the Kusto docs are silent (each is also noted where it is
// implemented):
//   - integer overflow wraps (two's complement); integer division and modulo
//     by zero give null; real division follows IEEE (±Infinity, NaN).
//   - datetime results outside 0001-01-01..9999-12-31 and timespan overflow
//     give null.
//   - toint/tolong of text with a fraction ("12.7") truncate like toint(12.7);
//     tobool accepts integer text; todatetime/totimespan of a number take it
//     as ticks (the inverse of tolong(datetime) / tolong(timespan)).
//   - round() rounds halves away from zero.
//   - format_timespan of a negative span formats its magnitude (no sign), as
//     .NET custom TimeSpan formats do.
//   - time zones come from the host's IANA database or the copy embedded with
//     time/tzdata, so they never go missing; an unknown zone name gives null.
//     In a daylight-saving gap datetime_local_to_utc uses the offset in force
//     after the change (matching the Kusto doc example); an ambiguous local
//     time maps to the later (standard-time) instant.
package convfn
