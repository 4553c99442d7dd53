// Package strfn holds KQL's string functions and the kernels of its string
// operators.
//
// Two kinds of things live here:
//
//   - Operator kernels (Has, Contains, StartsWith, EqualFold, ... and the
//     multi-needle HasAnyMatcher / FoldSet) that the executor calls for
//     binary operators such as `has`, `contains_cs`, `=~`, `has_any` and
//     `in~`. They are plain functions on Go strings, never allocate, and
//     have no registry entry.
//   - Registered scalar functions (strlen, substring, split, extract,
//     parse_url, hash, ...), added to the funcs registry from init.
//
// Conventions shared by everything in the package:
//
//   - Strings are never null in KQL: a string-returning function returns ""
//     where other functions return null, and a null string argument is read
//     as "". A dynamic (or Unknown) argument is accepted wherever a string is
//     expected and converted with tostring semantics (funcs.Str).
//   - "Case-insensitive" means ASCII-only case folding, as in Kusto: 'É' and
//     'é' are different letters for has/contains/=~ (use tolower() for
//     Unicode-aware comparisons, as the Kusto docs advise).
//   - Regular expressions are compiled once at Bind when the pattern is a
//     constant; see regex.go for how Kusto's (Rust-regex) syntax is mapped
//     onto Go's regexp and where the two differ.
package strfn
