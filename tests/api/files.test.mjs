// Private files (issue 8, item 12): the database, its WAL and SHM, backups and the audit key are
// the owner's only (0600), whatever the umask of whoever starts the server. On PostgreSQL the audit
// key is the one file of ours.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, Client, startServer } from '../lib/server.mjs';
import { onPg } from '../lib/store.mjs';
import { logMatching, stopClean } from './support.mjs';

const DIRECTOR = { login: 'center1', role: 'director', name: 'センター 長子', password: 'director-pass-1' };

// A lax umask, as a shell usually has: the binary must not rely on the caller's.
process.umask(0o022);

let server;
const mode = (path) => statSync(path).mode & 0o777;
const SQLITE_FILES = onPg && 'the database is no file of ours on PostgreSQL';

before(async () => {
  server = await startServer({ users: [DIRECTOR], args: ['--rate-limit', '0'] });
});

after(async () => {
  if (server) await stopClean(server);
});

test('a new server: database, WAL, SHM and audit key are 0600', async () => {
  const c = new Client(server.url);
  assert.equal((await c.login(DIRECTOR.login, DIRECTOR.password)).status, 200);
  assert.equal((await c.post('/api/v1/persons', { family_name: '私', family_name_kana: 'ワタクシ' })).status, 201);
  const db = server.dbPath;
  for (const f of onPg ? [server.store.auditKey] : [db, `${db}-wal`, `${db}-shm`, `${db}.audit-key`]) {
    assert.ok(existsSync(f), `${f} exists while the server runs`);
    assert.equal(mode(f).toString(8), '600', f);
  }
});

test('tsunagu backup writes a 0600 copy, also over an existing file that was open to others', { skip: SQLITE_FILES }, () => {
  const fresh = join(server.dir, 'backup-new.db');
  const r = spawnSync(BIN, ['backup', fresh, '--db', server.dbPath], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(mode(fresh).toString(8), '600');
  const old = join(server.dir, 'backup-old.db');
  writeFileSync(old, '');
  chmodSync(old, 0o644);
  const again = spawnSync(BIN, ['backup', old, '--db', server.dbPath], { encoding: 'utf8' });
  assert.equal(again.status, 0, again.stderr);
  assert.equal(mode(old).toString(8), '600');
  const n = spawnSync('sqlite3', [old, 'SELECT COUNT(*) FROM persons'], { encoding: 'utf8' });
  assert.equal(n.stdout.trim(), '1', 'a real copy');
});

test('a database left open to others is made the owner\'s only at start, with a warning', { skip: SQLITE_FILES }, async () => {
  await stopClean(server, { keep: true });
  const dir = server.dir;
  const db = server.dbPath;
  chmodSync(db, 0o644);
  server = await startServer({ dir, args: ['--rate-limit', '0'] });
  assert.equal(mode(db).toString(8), '600');
  assert.equal(mode(`${db}-wal`).toString(8), '600');
  assert.match(await logMatching(server, /open to group or others/), /open to group or others; now to its owner only/);
  assert.equal((await new Client(server.url).login(DIRECTOR.login, DIRECTOR.password)).status, 200);
});
