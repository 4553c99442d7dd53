// Package syntax is the front end of reconwatch's KQL engine: a
// hand-written lexer and recursive-descent parser that turn query text
// into the tree defined in ast.go, with diagnostics at byte offsets.
//
// Entry points:
//
//   - [Parse] parses a whole query (let / set / declare statements and
//     tabular expression statements separated by ';').
//   - [ParseExpr] parses one expression, scalar or tabular.
//   - [Inspect] walks a tree; [NodeString] and [Query.String] print one
//     back as KQL that parses to the same tree.
//
// Diagnostics are [Error] values of Kind "syntax" with codes
// [CodeSyntax] (unexpected token), [CodeUnterminated], [CodeBadLiteral],
// [CodeTooDeep] (a limit was hit) and [CodeUnsupported] (valid KQL that
// the parser does not accept yet, such as the sample, top-nested, find
// and search operators). Messages read "expected X, found Y"; use
// [Source.Format] to print them with the source line and a caret.
//
// The lexer scans the whole text first. Keywords are not token kinds:
// most of them may also name columns (count, kind, type), so they come
// out as identifiers and the parser decides by position. Typed literals
// such as datetime(2015-12-31 23:59) and guid(...) are single tokens, as
// in Kusto, because their content is not made of KQL tokens.
//
// Limits: [MaxQueryLen] bytes of text (which also bounds string
// literals), [MaxDepth] levels of nesting, a bounded tree depth (long
// operator chains count), and 10 diagnostics per parse. Inputs past a
// limit end in a CodeTooDeep error, never in a stack overflow, and the
// parser never panics: a bug that would is reported as an
// "internal error" diagnostic.
package syntax
