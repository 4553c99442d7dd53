// Package plan turns a parsed KQL query into a checked, executable plan.
//
// The binder (bind*.go) resolves every name against the schemas in scope,
// infers result types and column names the way Kusto does, reports
// diagnostics with positions before any data is read, and picks the
// implementation of every operator and function for the argument types at
// hand. The result is a tree of Nodes (tabular operators) holding Exprs
// (scalar expressions) that the exec package runs. Plans are immutable
// once built and may run many times (a rule replayed over many windows).
package plan
