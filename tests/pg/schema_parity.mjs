// The two migration sets give the same schema where the repositories rely on it.
//
// Given TSUNAGU_TEST_PG (the admin conninfo of a running cluster, e.g. "host=127.0.0.1 port=N
// user=postgres dbname=postgres"; or TSUNAGU_TEST_PG_FILE naming a file that holds it): applies
// src/store/migrations/postgresql/*.sql in order to a fresh database, and
// src/store/migrations/sqlite/*.sql to a temporary SQLite file with the sqlite3 shell, then
// compares, table by table: the tables; the column names, their kind (integer or text), NOT
// NULL-ness and defaults; the primary key; the unique indexes and constraints (column lists);
// the foreign keys; the number of CHECK constraints; the named indexes (name, columns, unique,
// partial); the triggers of SQLite (PostgreSQL may have more: it also refuses TRUNCATE of audit).
// On PostgreSQL every text column must be COLLATE "C" (byte order, as SQLite's BINARY).
// Prints every difference and exits 1 on any (77: no cluster given).
//
//   TSUNAGU_TEST_PG="host=127.0.0.1 port=55431 user=postgres dbname=postgres" node tests/pg/schema_parity.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SKIPPED, adminConninfo, migratePg, migrateSqlite, pgRows, sqliteRows, withFreshDatabase } from './psql.mjs';

// ---- one schema, whichever the database: tables of columns, keys and indexes ----

function emptyTable() {
  return { columns: new Map(), pk: [], uniques: new Set(), fks: new Set(), checks: 0, indexes: new Map(), triggers: new Set() };
}

function tableOf(schema, name) {
  if (!schema.has(name)) schema.set(name, emptyTable());
  return schema.get(name);
}

function kindOf(type) {
  const t = type.toLowerCase();
  if (/int/.test(t)) return 'integer';
  if (/text|char/.test(t)) return 'text';
  return t;
}

// A default as written, without PostgreSQL's casts ('active'::text, 0::bigint).
function normalDefault(d) {
  return d === null || d === undefined ? null : String(d).replace(/::[a-z ]+/g, '').trim();
}

// ---- SQLite, read through its pragma functions ----

const SQLITE_TABLES = "FROM sqlite_schema m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'";

function sqliteSchema(file) {
  const schema = new Map();
  for (const t of sqliteRows(file, `SELECT m.name AS tbl, m.sql ${SQLITE_TABLES}`)) {
    // CHECK constraints are kept only in the table's text (ALTER TABLE ADD COLUMN rewrites it).
    tableOf(schema, t.tbl).checks = (t.sql.match(/\bCHECK\s*\(/gi) || []).length;
  }
  const columns = sqliteRows(
    file,
    `SELECT m.name AS tbl, c.name AS col, c.type, c."notnull" AS not_null, c.dflt_value AS dflt, c.pk
       FROM sqlite_schema m, pragma_table_info(m.name) c
      WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, c.cid`,
  );
  for (const c of columns) {
    const t = tableOf(schema, c.tbl);
    // A column of the primary key counts as NOT NULL: PostgreSQL makes it so, and SQLite (which
    // lets a rowid table's TEXT key hold NULL, for compatibility) is never given a NULL key.
    t.columns.set(c.col, { kind: kindOf(c.type), notnull: c.not_null === 1 || c.pk > 0, dflt: normalDefault(c.dflt) });
    if (c.pk > 0) t.pk[c.pk - 1] = c.col;
  }
  const indexColumns = sqliteRows(
    file,
    `SELECT m.name AS tbl, l.name AS idx, l."unique" AS uniq, l.origin, l.partial, i.seqno, i.name AS col
       FROM sqlite_schema m, pragma_index_list(m.name) l, pragma_index_info(l.name) i
      WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, l.name, i.seqno`,
  );
  const indexes = new Map();
  for (const r of indexColumns) {
    const key = `${r.tbl}\0${r.idx}`;
    if (!indexes.has(key)) indexes.set(key, { ...r, cols: [] });
    indexes.get(key).cols.push(r.col);
  }
  for (const x of indexes.values()) {
    const t = tableOf(schema, x.tbl);
    if (x.uniq === 1 && x.origin !== 'pk') t.uniques.add(x.cols.join(','));
    if (x.origin === 'c') t.indexes.set(x.idx, { cols: x.cols.join(','), unique: x.uniq === 1, partial: x.partial === 1 });
  }
  const fks = sqliteRows(
    file,
    `SELECT m.name AS tbl, f."from" AS col, f."table" AS ref, f."to" AS refcol
       FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
      WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`,
  );
  for (const f of fks) {
    const refcol = f.refcol ?? tableOf(schema, f.ref).pk.join(','); // REFERENCES t: its key
    tableOf(schema, f.tbl).fks.add(`${f.col} -> ${f.ref}(${refcol})`);
  }
  for (const r of sqliteRows(file, "SELECT tbl_name AS tbl, name FROM sqlite_schema WHERE type = 'trigger'")) {
    tableOf(schema, r.tbl).triggers.add(r.name);
  }
  return schema;
}

// ---- PostgreSQL, read through its catalogs ----

function pgSchema(conninfo) {
  const schema = new Map();
  const columns = pgRows(
    conninfo,
    `SELECT c.table_name AS tbl, c.column_name AS col, c.data_type AS type,
            c.is_nullable = 'NO' AS not_null, c.column_default AS dflt, c.collation_name AS coll
       FROM information_schema.columns c
       JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  for (const c of columns) {
    tableOf(schema, c.tbl).columns.set(c.col, {
      kind: kindOf(c.type),
      notnull: c.not_null,
      dflt: normalDefault(c.dflt),
      collation: c.coll,
    });
  }
  const indexes = pgRows(
    conninfo,
    `SELECT t.relname AS tbl, i.relname AS idx, x.indisunique AS uniq, x.indisprimary AS prim,
            x.indpred IS NOT NULL AS partial,
            EXISTS (SELECT 1 FROM pg_constraint k
                     WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid
                       AND k.contype IN ('p', 'u', 'x')) AS of_constraint,
            ARRAY(SELECT a.attname FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                   ORDER BY k.n) AS cols
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
      WHERE t.relnamespace = current_schema()::regnamespace`,
  );
  for (const x of indexes) {
    const t = tableOf(schema, x.tbl);
    if (x.prim) t.pk = x.cols;
    else if (x.uniq) t.uniques.add(x.cols.join(','));
    if (!x.of_constraint) t.indexes.set(x.idx, { cols: x.cols.join(','), unique: x.uniq, partial: x.partial });
  }
  const fks = pgRows(
    conninfo,
    `SELECT c.conrelid::regclass::text AS tbl, a.attname AS col, c.confrelid::regclass::text AS ref,
            r.attname AS refcol
       FROM pg_constraint c
       CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(col, refcol)
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
       JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = k.refcol
      WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`,
  );
  for (const f of fks) tableOf(schema, f.tbl).fks.add(`${f.col} -> ${f.ref}(${f.refcol})`);
  const checks = pgRows(
    conninfo,
    `SELECT conrelid::regclass::text AS tbl, count(*)::int AS n FROM pg_constraint
      WHERE contype = 'c' AND connamespace = current_schema()::regnamespace GROUP BY conrelid`,
  );
  for (const c of checks) tableOf(schema, c.tbl).checks = c.n;
  const triggers = pgRows(
    conninfo,
    `SELECT t.tgrelid::regclass::text AS tbl, t.tgname AS name FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid
     WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace`,
  );
  for (const r of triggers) tableOf(schema, r.tbl).triggers.add(r.name);
  return schema;
}

// ---- the comparison ----

function setDiff(a, b) {
  return [...a].filter((x) => !b.has(x));
}

function compareTable(name, s, p, differences) {
  const say = (what) => differences.push(`${name}: ${what}`);
  for (const col of setDiff(new Set(s.columns.keys()), new Set(p.columns.keys()))) say(`column ${col} only in sqlite`);
  for (const col of setDiff(new Set(p.columns.keys()), new Set(s.columns.keys()))) say(`column ${col} only in postgresql`);
  for (const [col, sc] of s.columns) {
    const pc = p.columns.get(col);
    if (!pc) continue;
    if (sc.kind !== pc.kind) say(`${col} is ${sc.kind} in sqlite, ${pc.kind} in postgresql`);
    if (sc.notnull !== pc.notnull)
      say(`${col} is ${sc.notnull ? 'NOT NULL' : 'nullable'} in sqlite, ${pc.notnull ? 'NOT NULL' : 'nullable'} in postgresql`);
    if (sc.dflt !== pc.dflt) say(`${col} defaults to ${sc.dflt} in sqlite, ${pc.dflt} in postgresql`);
  }
  for (const [col, pc] of p.columns) {
    if (pc.kind === 'text' && pc.collation !== 'C') say(`${col} is text without COLLATE "C" in postgresql`);
  }
  if (s.pk.join(',') !== p.pk.join(',')) say(`primary key (${s.pk}) in sqlite, (${p.pk}) in postgresql`);
  for (const u of setDiff(s.uniques, p.uniques)) say(`unique (${u}) only in sqlite`);
  for (const u of setDiff(p.uniques, s.uniques)) say(`unique (${u}) only in postgresql`);
  for (const f of setDiff(s.fks, p.fks)) say(`foreign key ${f} only in sqlite`);
  for (const f of setDiff(p.fks, s.fks)) say(`foreign key ${f} only in postgresql`);
  if (s.checks !== p.checks) say(`${s.checks} CHECK constraints in sqlite, ${p.checks} in postgresql`);
  for (const t of setDiff(s.triggers, p.triggers)) say(`trigger ${t} only in sqlite`);
  for (const [idx, si] of s.indexes) {
    const pi = p.indexes.get(idx);
    if (!pi) {
      say(`index ${idx} only in sqlite`);
      continue;
    }
    if (si.cols !== pi.cols) say(`index ${idx} on (${si.cols}) in sqlite, (${pi.cols}) in postgresql`);
    const yes = (b) => (b ? 'yes' : 'no');
    if (si.unique !== pi.unique) say(`index ${idx} unique: ${yes(si.unique)} in sqlite, ${yes(pi.unique)} in postgresql`);
    if (si.partial !== pi.partial) say(`index ${idx} partial: ${yes(si.partial)} in sqlite, ${yes(pi.partial)} in postgresql`);
  }
  for (const idx of setDiff(new Set(p.indexes.keys()), new Set(s.indexes.keys()))) say(`index ${idx} only in postgresql`);
}

// Every difference between the two schemas, as lines; and what was compared.
function compareSchemas(sqliteSide, pgSide) {
  const differences = [];
  for (const t of setDiff(new Set(sqliteSide.keys()), new Set(pgSide.keys()))) differences.push(`table ${t} only in sqlite`);
  for (const t of setDiff(new Set(pgSide.keys()), new Set(sqliteSide.keys()))) differences.push(`table ${t} only in postgresql`);
  let columns = 0;
  let indexes = 0;
  for (const [name, s] of sqliteSide) {
    const p = pgSide.get(name);
    if (!p) continue;
    columns += s.columns.size;
    indexes += s.indexes.size;
    compareTable(name, s, p, differences);
  }
  return { differences, tables: sqliteSide.size, columns, indexes };
}

async function main() {
  const admin = adminConninfo();
  if (!admin) {
    console.error('schema_parity: set TSUNAGU_TEST_PG (or TSUNAGU_TEST_PG_FILE) to a cluster admin conninfo');
    return SKIPPED;
  }
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-parity-'));
  try {
    const file = join(dir, 'schema.db');
    migrateSqlite(file);
    const sqliteSide = sqliteSchema(file);
    const pgSide = await withFreshDatabase(admin, 'parity', (conninfo) => {
      migratePg(conninfo);
      return pgSchema(conninfo);
    });
    const r = compareSchemas(sqliteSide, pgSide);
    // Guard against a vacuous pass (an empty folder, a catalog query that found nothing).
    if (r.tables < 10 || r.columns < 100 || r.indexes < 20)
      r.differences.push(`too little compared: ${r.tables} tables, ${r.columns} columns, ${r.indexes} indexes`);
    for (const d of r.differences) console.log(d);
    if (r.differences.length) {
      console.log(`schema_parity: ${r.differences.length} differences`);
      return 1;
    }
    console.log(`schema_parity: ok (${r.tables} tables, ${r.columns} columns, ${r.indexes} named indexes alike)`);
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
