// Where a test server keeps its data, for the API tests that run on both stores: an SQLite file
// (the default), or with TSUNAGU_TEST_STORE=pg (ctest api_pg.*) a fresh database of the throwaway
// PostgreSQL cluster that scripts/pg-test-cluster.sh started (its admin conninfo is in the file
// TSUNAGU_TEST_PG_FILE). A store is a description:
//   { kind: 'sqlite', dir, dbPath, auditKey }            auditKey: where the server keeps its key
//   { kind: 'pg', dir, database, conninfo, auditKey }    (<db>.audit-key; on PostgreSQL dir/audit-key)
// Every helper takes a store or a server (startServer's answer, whose .store it uses).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const onPg = process.env.TSUNAGU_TEST_STORE === 'pg';

const PG_BIN = process.env.TSUNAGU_TEST_PG_BIN || '/usr/lib/postgresql/15/bin';
const PSQL = existsSync(join(PG_BIN, 'psql')) ? join(PG_BIN, 'psql') : 'psql';
// On PostgreSQL the database's name is kept in its folder, so that a server restarted on the
// folder (startServer({ dir })) finds the same data, as it finds test.db on SQLite.
const PG_NAME_FILE = 'pg-database';

const stores = new Map(); // dir -> store: the servers sharing a store share one description

const storeOf = (x) => x.store ?? x;

let adminConninfo = null;
function admin() {
  if (adminConninfo) return adminConninfo;
  const file = process.env.TSUNAGU_TEST_PG_FILE;
  if (!file || !existsSync(file)) {
    throw new Error('TSUNAGU_TEST_STORE=pg needs TSUNAGU_TEST_PG_FILE, the conninfo file of ' +
      'scripts/pg-test-cluster.sh (ctest starts the cluster: pg.cluster_start)');
  }
  return (adminConninfo = readFileSync(file, 'utf8').trim());
}

const withDbname = (conninfo, name) =>
  [...conninfo.split(/\s+/).filter((kv) => !kv.startsWith('dbname=')), `dbname=${name}`].join(' ');

// psql reading the statements from stdin, one after the other, each committed on its own (as
// sqlite3 does), stopping at the first error (exit status 3).
function psql(conninfo, text) {
  return spawnSync(PSQL, ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', conninfo], {
    input: text,
    encoding: 'utf8',
    env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning', PGCONNECT_TIMEOUT: '10' },
  });
}

function adminSql(text) {
  const r = psql(admin(), text);
  if (r.status !== 0) throw new Error(`psql on the test cluster: ${r.stderr}`);
  return r.stdout.trim();
}

const newDatabaseName = () => `tsunagu_${randomBytes(8).toString('hex')}`;
const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

// The store in dir (a new temporary folder when none is given), made when new: on SQLite nothing
// is made yet (the binary creates dir/test.db), on PostgreSQL an empty database (the binary
// migrates it). kind: 'sqlite' or 'pg', the run's store by default (a test of moving a center
// from SQLite to PostgreSQL names it).
export function openStore(dir = null, { kind = onPg ? 'pg' : 'sqlite' } = {}) {
  dir = dir || mkdtempSync(join(tmpdir(), 'tsunagu-test-'));
  if (stores.has(dir)) return stores.get(dir);
  mkdirSync(dir, { recursive: true });
  let store;
  if (kind === 'pg') {
    const nameFile = join(dir, PG_NAME_FILE);
    let database;
    if (existsSync(nameFile)) {
      database = readFileSync(nameFile, 'utf8').trim();
    } else {
      database = newDatabaseName();
      adminSql(`CREATE DATABASE ${database} TEMPLATE template0`);
      writeFileSync(nameFile, database + '\n');
    }
    store = { kind: 'pg', dir, database, conninfo: withDbname(admin(), database), auditKey: join(dir, 'audit-key') };
  } else {
    const dbPath = join(dir, 'test.db');
    store = { kind: 'sqlite', dir, dbPath, auditKey: `${dbPath}.audit-key` };
  }
  store.running = 0; // servers of this process on it (startServer); the last one's stop removes it
  stores.set(dir, store);
  return store;
}

// Removes the store: its folder and, on PostgreSQL, its database (sessions left by a killed server
// are ended). Nothing to do the second time.
export function removeStore(x) {
  const store = storeOf(x);
  if (store.kind === 'pg' && !store.removed) adminSql(`DROP DATABASE IF EXISTS ${store.database} WITH (FORCE)`);
  store.removed = true;
  rmSync(store.dir, { recursive: true, force: true });
  if (stores.get(store.dir) === store) stores.delete(store.dir);
}

// A copy of a store no server runs on, in a new folder: the data only, not the audit key (its
// auditKey names a file that does not exist yet).
export function cloneStore(x) {
  const from = storeOf(x);
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-test-'));
  if (from.kind === 'sqlite') {
    const store = openStore(dir, { kind: 'sqlite' });
    copyFileSync(from.dbPath, store.dbPath);
    return store;
  }
  // CREATE DATABASE … TEMPLATE needs the source without sessions: those of a server that just
  // stopped may take a moment to end.
  const database = newDatabaseName();
  for (let attempt = 0; ; attempt++) {
    const r = psql(admin(), `CREATE DATABASE ${database} TEMPLATE ${from.database}`);
    if (r.status === 0) break;
    if (attempt >= 50 || !/being accessed by other users/.test(r.stderr)) throw new Error(`clone of ${from.database}: ${r.stderr}`);
    sleepSync(100);
  }
  writeFileSync(join(dir, PG_NAME_FILE), database + '\n');
  return openStore(dir, { kind: 'pg' });
}

// The command-line arguments that name the store: ['--db', path] (the key beside it), or
// ['--pg', conninfo, '--audit-key', file] (PostgreSQL has no file to put the key beside).
// auditKey: another key file, or null for none.
export function storeArgs(x, { auditKey } = {}) {
  const store = storeOf(x);
  const key = auditKey === undefined ? (store.kind === 'pg' ? store.auditKey : null) : auditKey;
  const args = store.kind === 'pg' ? ['--pg', store.conninfo] : ['--db', store.dbPath];
  return key ? [...args, '--audit-key', key] : args;
}

// Runs SQL through sqlite3 or psql and returns { status, stdout, stderr }. text: the same for both
// stores, or { sqlite, pg } where they differ. Rows print as a|b in both.
export function trySql(x, text) {
  const store = storeOf(x);
  const own = typeof text === 'string' ? text : text[store.kind];
  assert.equal(typeof own, 'string', `no SQL for ${store.kind}`);
  if (store.kind === 'pg') return psql(store.conninfo, own);
  return spawnSync('sqlite3', [store.dbPath, own], { encoding: 'utf8' });
}

// The same, failing the test when the SQL fails; returns the output trimmed.
export function sql(x, text) {
  const r = trySql(x, text);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

// The rows of one SELECT as objects (column name -> value; integers as numbers).
export function sqlRows(x, query) {
  const store = storeOf(x);
  let r;
  if (store.kind === 'pg') {
    r = psql(store.conninfo, `SELECT COALESCE(json_agg(q), '[]') FROM (${query.replace(/;\s*$/, '')}) q`);
  } else {
    r = spawnSync('sqlite3', ['-json', store.dbPath, query], { encoding: 'utf8' });
  }
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}
