// The SQL of every store_prepare(…) call in src/store/*.c (the backends sqlite.c and pg.c aside:
// their SQL is their own), as the compiler sees it, and where each statement's parameters are
// bound. Shared by the PostgreSQL checks that read the repositories' statements
// (statements.mjs: PostgreSQL prepares them all; plans.mjs: the plans of the hot ones).
//
// Each file goes through the C preprocessor ($CC -E), so macros (PERSON_COLUMNS,
// STORE_PERSON_BRIEF_COLUMNS("p"), …) are expanded, and adjacent string literals are joined. The
// SQL argument is a string literal, or the name of a constant initialised with one
// (store_alerts_safety_sql) or with an array of them (scan_sql[newest_first]: every element). A
// call whose SQL cannot be found so is a problem: nothing is skipped in silence. Each statement's
// variable is followed through its function and the file's helpers (bind_fields(st, …),
// find_one(store_prepare(…), …)) to the store_bind_text/int/null calls.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './psql.mjs';

const STORE = join(ROOT, 'src/store');
const BACKENDS = new Set(['sqlite.c', 'pg.c']);

// ---- C, as the preprocessor leaves it ----

// Where libpq's header is (pg.c includes it), as pkg-config says; none when it cannot tell.
function libpqIncludes() {
  const r = spawnSync('pkg-config', ['--cflags-only-I', 'libpq'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split(/\s+/).filter(Boolean) : [];
}

// The file after the preprocessor, with its line markers (to name where a call is).
function preprocess(file) {
  const cc = process.env.CC || 'cc';
  const r = spawnSync(cc, ['-E', '-D_GNU_SOURCE', '-I', join(ROOT, 'src'), ...libpqIncludes(), file], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cc} -E ${file}: ${r.stderr}`);
  return r.stdout;
}

// A C string literal's bytes (the escapes the SQL may use), as UTF-8 text.
function decodeString(body) {
  const bytes = [];
  for (let i = 0; i < body.length; ) {
    if (body[i] !== '\\') {
      const cp = body.codePointAt(i);
      const ch = String.fromCodePoint(cp);
      bytes.push(...Buffer.from(ch, 'utf8'));
      i += ch.length;
      continue;
    }
    const e = body[i + 1];
    const simple = { n: 10, t: 9, r: 13, '\\': 92, '"': 34, "'": 39, '?': 63, a: 7, b: 8, f: 12, v: 11 };
    if (e in simple) {
      bytes.push(simple[e]);
      i += 2;
    } else if (e === 'x') {
      const m = /^[0-9a-fA-F]+/.exec(body.slice(i + 2));
      bytes.push(parseInt(m[0], 16) & 0xff);
      i += 2 + m[0].length;
    } else if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i + 1));
      bytes.push(parseInt(m[0], 8) & 0xff);
      i += 1 + m[0].length;
    } else {
      throw new Error(`unknown escape \\${e}`);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

// Tokens of preprocessed C: {type: 'str'|'id'|'punct'|'num', text, file, line}. Strings carry
// their decoded text; character literals and numbers are kept only as placeholders.
function tokenize(source) {
  const tokens = [];
  let file = '';
  let line = 1;
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i];
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' && (i === 0 || source[i - 1] === '\n')) {
      // A line marker: # 12 "src/store/persons.c" 2
      const end = source.indexOf('\n', i);
      const m = /^#\s*(\d+)\s+"((?:[^"\\]|\\.)*)"/.exec(source.slice(i, end < 0 ? n : end));
      if (m) {
        line = Number(m[1]) - 1; // the newline that ends the marker counts it
        file = m[2];
      }
      i = end < 0 ? n : end;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      const body = source.slice(i + 1, j);
      tokens.push({ type: c === '"' ? 'str' : 'chr', text: c === '"' ? decodeString(body) : body, file, line });
      i = j + 1;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 256));
    if (id) {
      // An encoding prefix glued to a string (u8"…", L"…") is not SQL: kept as an identifier.
      tokens.push({ type: 'id', text: id[0], file, line });
      i += id[0].length;
      continue;
    }
    const num = /^[0-9][0-9A-Za-z_.]*/.exec(source.slice(i, i + 64));
    if (num) {
      tokens.push({ type: 'num', text: num[0], file, line });
      i += num[0].length;
      continue;
    }
    tokens.push({ type: 'punct', text: c, file, line });
    i++;
  }
  return tokens;
}

// Whether t is the punctuator text (not a string that holds it: PAGE_IDS ends with ")").
function is(t, text) {
  return t?.type === 'punct' && t.text === text;
}

// The arguments of the call whose '(' is at tokens[open]: arrays of tokens, split at top-level
// commas; and the index after the closing ')'.
function callArguments(tokens, open) {
  const args = [[]];
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'punct' && '([{'.includes(t.text)) {
      if (depth++ === 0) continue;
    } else if (t.type === 'punct' && ')]}'.includes(t.text)) {
      if (--depth === 0) return { args, end: i + 1 };
    } else if (depth === 1 && t.type === 'punct' && t.text === ',') {
      args.push([]);
      continue;
    }
    args[args.length - 1].push(t);
  }
  throw new Error('unbalanced call');
}

// Adjacent string literals from tokens[i] on, joined: { text, end } or null.
function stringsAt(tokens, i) {
  if (tokens[i]?.type !== 'str') return null;
  let text = '';
  while (tokens[i]?.type === 'str') text += tokens[i++].text;
  return { text, end: i };
}

// What `name` is initialised with in the file: `name[] = "…" "…"`, `*name = "…"` or
// `name[N] = {"…", "…"}`: its strings, or null.
function initialiserOf(tokens, name) {
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'id' || tokens[i].text !== name) continue;
    let j = i + 1;
    if (is(tokens[j], '[')) {
      while (j < tokens.length && !is(tokens[j], ']')) j++;
      j++;
    }
    if (!is(tokens[j], '=')) continue;
    j++;
    const one = stringsAt(tokens, j);
    if (one) return [one.text];
    if (!is(tokens[j], '{')) continue;
    const elements = callArguments(tokens, j).args.filter((a) => a.length);
    const texts = elements.map((a) => {
      const s = stringsAt(a, 0);
      return s && s.end === a.length ? s.text : null;
    });
    if (texts.every((text) => text !== null)) return texts;
  }
  return null;
}

// ---- the C around a call: its function, its statement variable, its binds ----

// The functions defined in the file: { name, params: [names], open, close } (the body's braces).
function functionsOf(tokens) {
  const functions = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== 'punct') continue;
    if (t.text === '{' && depth === 0 && is(tokens[i - 1], ')')) {
      let j = i - 1;
      for (let d = 0; j >= 0; j--) {
        if (is(tokens[j], ')')) d++;
        else if (is(tokens[j], '(') && --d === 0) break;
      }
      const { args } = callArguments(tokens, j);
      const params = args.map((a) => a.filter((x) => x.type === 'id').pop()?.text).filter((x) => x && x !== 'void');
      const close = callArguments(tokens, i).end - 1;
      functions.push({ name: tokens[j - 1].text, params, open: i, close });
      i = close;
      continue;
    }
    if (t.text === '{') depth++;
    else if (t.text === '}') depth--;
  }
  return functions;
}

// An integer expression of literals and known names (`i + 1`), or null.
function evaluate(expr, known) {
  let total = 0;
  let sign = 1;
  for (const t of expr) {
    if (is(t, '+') || is(t, '-')) {
      sign = t.text === '+' ? 1 : -1;
      continue;
    }
    const v = t.type === 'num' ? Number(t.text) : t.type === 'id' && t.text in known ? known[t.text] : NaN;
    if (!Number.isInteger(v)) return null;
    total += sign * v;
  }
  return expr.length ? total : null;
}

const BIND_KINDS = { store_bind_text: 'text', store_bind_textn: 'text', store_bind_int: 'integer', store_bind_null: 'null' };
// Bind helpers of another file: store_bind_case_ids(st, first, ids) binds STORE_CASE_IDS_MAX texts
// from `first` (store/case_ids.h).
const CASE_IDS_MAX = Number(/STORE_CASE_IDS_MAX = (\d+)/.exec(readFileSync(join(STORE, 'case_ids.h'), 'utf8'))[1]);
const BIND_RUNS = { store_bind_case_ids: { kind: 'text', count: CASE_IDS_MAX } };

// The binds of statement variable `name` in function f from token `from` on (until the variable
// is given another statement), following it into the file's helpers (bind_fields(st, …)):
// binds is Map(index → Set of 'text' | 'integer' | 'null'); complete is false when an index could
// not be worked out.
function bindsOf(tokens, functions, f, name, from, known, out, depth = 0) {
  for (let k = from; k < f.close; k++) {
    const t = tokens[k];
    if (t.type !== 'id') continue;
    if (t.text === name && is(tokens[k + 1], '=') && !is(tokens[k + 2], '=') && k > from) return;
    if (!is(tokens[k + 1], '(')) continue;
    const { args } = callArguments(tokens, k + 1);
    const passes = args.findIndex((a) => a.length === 1 && a[0].type === 'id' && a[0].text === name);
    if (passes < 0) continue;
    if (t.text in BIND_KINDS) {
      const index = evaluate(args[1] || [], known);
      if (index === null) out.complete = false;
      else {
        if (!out.binds.has(index)) out.binds.set(index, new Set());
        out.binds.get(index).add(BIND_KINDS[t.text]);
      }
      continue;
    }
    if (t.text in BIND_RUNS) {
      const first = evaluate(args[1] || [], known);
      if (first === null) out.complete = false;
      else
        for (let index = first; index < first + BIND_RUNS[t.text].count; index++) {
          if (!out.binds.has(index)) out.binds.set(index, new Set());
          out.binds.get(index).add(BIND_RUNS[t.text].kind);
        }
      continue;
    }
    const helper = functions.find((g) => g.name === t.text);
    if (!helper || depth > 3) continue;
    const inner = {};
    args.forEach((a, n) => {
      const v = evaluate(a, known);
      if (v !== null && helper.params[n]) inner[helper.params[n]] = v;
    });
    bindsOf(tokens, functions, helper, helper.params[passes], helper.open, inner, out, depth + 1);
  }
}

// Where the statement of the store_prepare at tokens[i] goes: the variable it is assigned to
// (`st = store_prepare(…)`, `st = x ? store_prepare(…) : store_prepare(…)`) in the enclosing
// function, or the parameter of the helper it is passed to (`find_one(store_prepare(…), …)`).
// Returns { f, name, from } or null.
function destinationOf(tokens, functions, i) {
  const f = functions.find((g) => g.open < i && i < g.close);
  if (!f) return null;
  let commas = 0;
  for (let j = i - 1, d = 0; j > f.open; j--) {
    const x = tokens[j].type === 'punct' ? tokens[j].text : '';
    if (x === ')') d++;
    else if (x === '(' && d > 0) d--;
    else if (d > 0) continue;
    else if (x === '=') return tokens[j - 1]?.type === 'id' ? { f, name: tokens[j - 1].text, from: j - 1 } : null;
    else if (x === ',') commas++;
    else if (x === '(') {
      const helper = functions.find((g) => g.name === tokens[j - 1]?.text);
      return helper && helper.params[commas] ? { f: helper, name: helper.params[commas], from: helper.open } : null;
    } else if (x === ';' || x === '{' || x === '}') return null;
  }
  return null;
}

// Every statement given to store_prepare in the file: [{ sql, where, binds, complete }];
// problems: [text]; creates: the literal CREATE statements given to store_exec (store.c's
// schema_migrations).
// Every statement given to store_prepare in the file: [{ sql, where, fn, name, binds, complete }]
// (fn: the function that prepares it; name: the constant it comes from, with its index for an
// array, or null for a literal); problems: [text]; creates: the literal CREATE statements given
// to store_exec (store.c's schema_migrations).
function scanFile(file) {
  const tokens = tokenize(preprocess(file));
  const functions = functionsOf(tokens);
  const statements = [];
  const problems = [];
  const creates = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== 'id' || !is(tokens[i + 1], '(')) continue;
    if (t.text === 'store_exec') {
      const s = stringsAt(callArguments(tokens, i + 1).args[1] || [], 0);
      if (s && /^\s*CREATE\b/i.test(s.text)) creates.push(s.text);
      continue;
    }
    if (t.text !== 'store_prepare') continue;
    const where = `${relative(ROOT, t.file) || t.file}:${t.line}`;
    const { args } = callArguments(tokens, i + 1);
    const sqlArg = args[1] || [];
    if (sqlArg.some((a) => a.type === 'id' && (a.text === 'const' || a.text === 'char'))) continue; // its declaration
    let texts = null;
    let named = null;
    const literal = stringsAt(sqlArg, 0);
    if (literal && literal.end === sqlArg.length) texts = [literal.text];
    else if (sqlArg[0]?.type === 'id' && (sqlArg.length === 1 || is(sqlArg[1], '['))) {
      named = sqlArg[0].text;
      texts = initialiserOf(tokens, named);
    }
    if (!texts || !texts.length) {
      problems.push(`${where}: cannot find the SQL of store_prepare(${sqlArg.map((a) => a.text).join(' ')})`);
      continue;
    }
    const bound = { binds: new Map(), complete: true };
    const dest = destinationOf(tokens, functions, i);
    if (dest) bindsOf(tokens, functions, dest.f, dest.name, dest.from, {}, bound);
    else bound.complete = false;
    const fn = functions.find((g) => g.open < i && i < g.close)?.name ?? null;
    texts.forEach((sql, k) => {
      const name = named && texts.length > 1 ? `${named}[${k}]` : named;
      statements.push({ sql, where: texts.length > 1 ? `${where} (${name})` : where, fn, name, ...bound });
    });
  }
  return { statements, problems, creates };
}

// The repositories' statements: { statements, problems, creates, files } over src/store/*.c.
export function storeStatements() {
  const files = readdirSync(STORE)
    .filter((f) => f.endsWith('.c') && !BACKENDS.has(f))
    .sort()
    .map((f) => join(STORE, f));
  const out = { statements: [], problems: [], creates: [], files };
  for (const file of files) {
    const r = scanFile(file);
    out.statements.push(...r.statements);
    out.problems.push(...r.problems);
    out.creates.push(...r.creates);
  }
  return out;
}

// The text of the string constant `name` in a C file of src/store (SESSION_SETTINGS in pg.c).
export function constantOf(file, name) {
  const texts = initialiserOf(tokenize(preprocess(join(STORE, file))), name);
  if (!texts || texts.length !== 1) throw new Error(`src/store/${file}: no string constant ${name}`);
  return texts[0];
}

// ---- SQL, as pg.c sends it ----

// `?` → $1, $2, … in order, outside quoted text; a `?` inside quotes breaks store.h's contract.
export function numberParameters(sql) {
  let out = '';
  let n = 0;
  let quote = null;
  let quoted = false;
  for (const c of sql) {
    if (quote) {
      if (c === quote) quote = null;
      if (c === '?') quoted = true;
      out += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      out += c;
    } else if (c === '?') {
      out += '$' + ++n;
    } else {
      out += c;
    }
  }
  return { sql: out, count: n, quoted };
}
