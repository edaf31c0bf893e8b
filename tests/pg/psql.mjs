// What the PostgreSQL checks of tests/pg/ share: the cluster they are given, a throwaway database
// in it, psql and the sqlite3 command-line shell. No npm packages: PostgreSQL is reached through
// the psql binary.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const MIGRATIONS = join(ROOT, 'src/store/migrations');

// The exit status of a check that could not run (no cluster given): CTest's SKIP_RETURN_CODE.
export const SKIPPED = 77;

// The admin conninfo of a running cluster: TSUNAGU_TEST_PG, or the first line of the file named by
// TSUNAGU_TEST_PG_FILE (written by the suite's cluster fixture). Null when neither is given.
export function adminConninfo() {
  if (process.env.TSUNAGU_TEST_PG) return process.env.TSUNAGU_TEST_PG;
  const file = process.env.TSUNAGU_TEST_PG_FILE;
  if (!file) return null;
  return readFileSync(file, 'utf8').split('\n')[0].trim() || null;
}

// The same cluster and credentials, another database. A keyword/value conninfo takes the last
// value of a keyword; a URI has the database as its path.
export function withDatabase(conninfo, dbname) {
  if (/^postgres(ql)?:\/\//.test(conninfo)) {
    const u = new URL(conninfo);
    u.pathname = '/' + dbname;
    return u.toString();
  }
  return `${conninfo} dbname=${dbname}`;
}

// Runs psql on conninfo; args after the connection. Returns { ok, out, err }.
export function psql(conninfo, args, input) {
  const r = spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', conninfo, ...args], {
    encoding: 'utf8',
    input,
    maxBuffer: 64 << 20,
    env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
  });
  if (r.error) throw r.error;
  return { ok: r.status === 0, out: r.stdout, err: r.stderr.trim() };
}

// Like psql, but a failure throws.
export function psqlOrThrow(conninfo, args, input) {
  const r = psql(conninfo, args, input);
  if (!r.ok) throw new Error(`psql ${args.join(' ')}: ${r.err}`);
  return r.out;
}

// One query's rows as objects (psql's JSON aggregation, so that no text needs splitting).
export function pgRows(conninfo, sql) {
  const out = psqlOrThrow(conninfo, ['-c', `SELECT COALESCE(json_agg(q), '[]') FROM (${sql}) q`]);
  return JSON.parse(out);
}

// The migration files of a dialect, in order (NNN_name.sql).
export function migrationFiles(dialect) {
  const dir = join(MIGRATIONS, dialect);
  return readdirSync(dir)
    .filter((f) => /^\d+_.*\.sql$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

// Creates a fresh database in the cluster, runs fn(conninfo of it) and drops it again.
export async function withFreshDatabase(admin, label, fn) {
  const name = `tsunagu_${label}_${process.pid}_${Date.now()}`;
  psqlOrThrow(admin, ['-c', `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`]);
  try {
    return await fn(withDatabase(admin, name));
  } finally {
    psql(admin, ['-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
  }
}

// Applies the postgresql migrations in order, each in its own transaction (as store.c does).
export function migratePg(conninfo) {
  for (const file of migrationFiles('postgresql')) {
    const r = psql(conninfo, ['-1', '-f', file]);
    if (!r.ok) throw new Error(`${file}: ${r.err}`);
  }
}

// Runs sqlite3 on a database file; a failure throws.
export function sqlite(dbFile, args, input) {
  const r = spawnSync('sqlite3', ['-bail', dbFile, ...args], { encoding: 'utf8', input, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`sqlite3 ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout;
}

export function sqliteRows(dbFile, sql) {
  const out = sqlite(dbFile, ['-json', sql]);
  return out.trim() ? JSON.parse(out) : [];
}

// Applies the sqlite migrations in order, each in its own transaction.
export function migrateSqlite(dbFile) {
  for (const file of migrationFiles('sqlite')) {
    sqlite(dbFile, [], `BEGIN;\n${readFileSync(file, 'utf8')}\nCOMMIT;\n`);
  }
}
