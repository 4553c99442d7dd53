#!/usr/bin/env node
// oracle.js runs Microsoft's KQL parser and semantic analyzer
// (Kusto.Language, compiled to JavaScript with Bridge.NET and published on
// npm as @kusto/language-service-next) over a JSONL corpus, so that
// reconwatch's own parser/checker (internal/kql) can be compared with it.
//
// Usage: node oracle.js [IN.jsonl [OUT.jsonl]]   (default: stdin, stdout)
//
// Input lines:  {"id": "...", "query": "...",
//                "tables": {"Name": [["col", "type"], ...], ...}}   // optional
// Output lines: {"id": "...", "ok": bool, "diagnostics": [{"start", "end",
//                "severity", "code", "message"}], "columns": [[name, type], ...] | null}
//
// ok is true when Kusto.Language reports no diagnostic of severity Error.
// columns is the result schema of the query's last statement
// (KustoCode.ResultType) when that is a table, else null. Offsets are
// UTF-16 code units, as Kusto.Language counts them.
//
// API used (see node_modules/@kusto/language-service-next/Kusto.Language.Bridge.d.ts):
//   Kusto.Language.Symbols.ScalarTypes.GetSymbol(typeName)
//   new Kusto.Language.Symbols.ColumnSymbol(name, type, null, null, null, null)
//   new Kusto.Language.Symbols.TableSymbol.$ctor4(name, ColumnSymbol[])
//   new Kusto.Language.Symbols.DatabaseSymbol.$ctor1(name, Symbol[], false)
//   Kusto.Language.GlobalState.Default.WithDatabase(db)
//   Kusto.Language.KustoCode.ParseAndAnalyze(text, globals)
//   code.GetDiagnostics()  -> IReadOnlyList<Diagnostic> {Start, End, Severity, Code, Message}
//   code.ResultType        -> TableSymbol {Columns: IReadOnlyList<ColumnSymbol {Name, Type.Name}>}
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');

const pkgDir = path.dirname(require.resolve('@kusto/language-service-next/package.json'));
require(path.join(pkgDir, 'bridge.js')); // defines global Bridge and System
require(path.join(pkgDir, 'Kusto.Language.Bridge.js')); // defines global Kusto

const K = global.Kusto.Language;
const S = K.Symbols;

function list(xs) {
  const out = [];
  if (!xs) return out;
  const n = xs.Count;
  for (let i = 0; i < n; i++) out.push(xs.getItem(i));
  return out;
}

// globals caches GlobalState by the JSON of the declared tables: building
// a database symbol is cheap, but many entries share the same tables.
const globalsCache = new Map();

function globalsFor(tables) {
  if (!tables || Object.keys(tables).length === 0) return K.GlobalState.Default;
  const key = JSON.stringify(tables);
  let g = globalsCache.get(key);
  if (g) return g;
  const syms = Object.keys(tables).map((name) => {
    const cols = tables[name].map(([col, type]) => {
      const t = S.ScalarTypes.GetSymbol(type);
      if (!t) throw new Error(`table ${name}: column ${col}: unknown type ${type}`);
      return new S.ColumnSymbol(col, t, null, null, null, null);
    });
    return new S.TableSymbol.$ctor4(name, cols);
  });
  const db = new S.DatabaseSymbol.$ctor1('db', syms, false);
  g = K.GlobalState.Default.WithDatabase(db);
  globalsCache.set(key, g);
  return g;
}

function analyze(entry) {
  const code = K.KustoCode.ParseAndAnalyze(entry.query, globalsFor(entry.tables));
  const diagnostics = list(code.GetDiagnostics()).map((d) => ({
    start: d.Start,
    end: d.End,
    severity: d.Severity,
    code: d.Code,
    message: d.Message,
  }));
  let columns = null;
  const rt = code.ResultType;
  if (rt && Bridge.is(rt, S.TableSymbol)) {
    columns = list(rt.Columns).map((c) => [c.Name, c.Type ? c.Type.Name : null]);
  }
  return {
    id: entry.id,
    ok: !diagnostics.some((d) => d.severity === 'Error'),
    diagnostics,
    columns,
  };
}

async function main() {
  const [inPath, outPath] = process.argv.slice(2);
  const input = inPath && inPath !== '-' ? fs.createReadStream(inPath) : process.stdin;
  const lines = [];
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() !== '') lines.push(line);
  }
  const out = [];
  for (const line of lines) {
    const entry = JSON.parse(line);
    let res;
    try {
      res = analyze(entry);
    } catch (e) {
      // An exception inside Kusto.Language is itself a finding; record it
      // as an error diagnostic rather than stopping the whole run.
      res = {
        id: entry.id,
        ok: false,
        diagnostics: [{ start: 0, end: 0, severity: 'Error', code: 'ORACLE', message: `exception: ${e && e.message}` }],
        columns: null,
      };
    }
    out.push(JSON.stringify(res));
  }
  const text = out.join('\n') + (out.length ? '\n' : '');
  if (outPath && outPath !== '-') fs.writeFileSync(outPath, text);
  else process.stdout.write(text);
}

main().catch((e) => {
  console.error(`oracle: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
