// The command line: user add, audit verify, backup.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, Client, startServer } from '../lib/server.mjs';
import { onPg, openStore, removeStore, sql, storeArgs } from '../lib/store.mjs';
import { stopClean } from './support.mjs';

const dir = mkdtempSync(join(tmpdir(), 'tsunagu-cli-'));
const store = openStore(dir); // made by the first user add (SQLite), empty (PostgreSQL)
const where = storeArgs(store);

after(() => removeStore(store));

function run(args, input = '') {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8' });
  assert.doesNotMatch(r.stderr, /Sanitizer|runtime error:/, r.stderr);
  return r;
}

function userAdd(login, role, name, password) {
  return run(['user', 'add', login, '--role', role, '--name', name, ...where], password === null ? '' : password + '\n');
}

test('user add reads the password from stdin; the account logs in with it', async () => {
  const r = userAdd('hoken1', 'health', '保健 みどり', 'stdin-password-1');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /hoken1/);
  if (!onPg) assert.ok(existsSync(store.dbPath), 'the database is created');
  // A password with spaces and no trailing newline, and a CRLF line, are taken whole.
  const spaced = run(['user', 'add', 'spaced', '--role', 'clerk', '--name', '受付', ...where], 'pass with spaces');
  assert.equal(spaced.status, 0, spaced.stderr);
  const crlf = run(['user', 'add', 'crlf', '--role', 'clerk', '--name', '受付', ...where], 'crlf-password-1\r\nignored\n');
  assert.equal(crlf.status, 0, crlf.stderr);

  // Serve this very database, as an operator would start it.
  const proc = spawn(BIN, ['serve', ...where, '--listen', '127.0.0.1:0', '--rate-limit', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      proc.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/listening on (http:\/\/[0-9.]+:[0-9]+)/);
        if (m) resolve(m[1]);
      });
      proc.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const ok = await new Client(url).login('hoken1', 'stdin-password-1');
    assert.equal(ok.status, 200);
    assert.equal(ok.body.user.name, '保健 みどり');
    assert.equal(ok.body.user.role, 'health');
    assert.equal((await new Client(url).login('hoken1', 'stdin-password-1\n')).status, 401);
    assert.equal((await new Client(url).login('spaced', 'pass with spaces')).status, 200);
    assert.equal((await new Client(url).login('crlf', 'crlf-password-1')).status, 200);
  } finally {
    const exit = new Promise((r) => proc.once('exit', (code, signal) => r({ code, signal })));
    proc.kill('SIGTERM');
    assert.deepEqual(await exit, { code: 0, signal: null });
  }
});

test('user add with an existing login fails with a message and changes nothing', () => {
  const r = userAdd('hoken1', 'director', '別人', 'another-password');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /hoken1/);
  assert.match(r.stderr, /exists/);
  assert.equal(sql(store, "SELECT role, name FROM users WHERE login = 'hoken1'"), 'health|保健 みどり');
});

test('user add with an unknown role fails with a message', () => {
  const r = userAdd('newbie', 'superuser', '新人', 'newbie-password');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /role/);
  assert.match(r.stderr, /superuser/);
  assert.equal(sql(store, "SELECT COUNT(*) FROM users WHERE login = 'newbie'"), '0');
});

test('user add refuses a weak or missing password, a bad login, missing options', () => {
  const weak = userAdd('weak', 'clerk', '弱い', 'short');
  assert.notEqual(weak.status, 0);
  assert.match(weak.stderr, /10/);
  const none = userAdd('nopass', 'clerk', '無し', null);
  assert.notEqual(none.status, 0);
  assert.match(none.stderr, /standard input/);
  const bad = userAdd('has space', 'clerk', '空白', 'long-enough-pass');
  assert.notEqual(bad.status, 0);
  const noRole = run(['user', 'add', 'norole', '--name', 'x', ...where], 'long-enough-pass\n');
  assert.notEqual(noRole.status, 0);
  const noName = run(['user', 'add', 'noname', '--role', 'clerk', ...where], 'long-enough-pass\n');
  assert.notEqual(noName.status, 0);
  assert.equal(sql(store, "SELECT COUNT(*) FROM users WHERE login IN ('weak','nopass','has space','norole','noname')"), '0');
});

test('unknown command or option: usage and non-zero exit', () => {
  const r = run(['frobnicate']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /usage/);
  const o = run(['serve', '--no-such-option', 'x']);
  assert.notEqual(o.status, 0);
});

// PostgreSQL is backed up with pg_dump (docs/operations.md): see the next test.
test('backup of a live database produces a copy that audit verify accepts', { skip: onPg && 'tsunagu backup copies an SQLite database' }, async () => {
  const server = await startServer({
    users: [{ login: 'center1', role: 'director', name: 'センター 長子', password: 'director-pass-1' }],
    args: ['--rate-limit', '0'],
  });
  const copy = join(dir, 'backup.db');
  // The backup holds no key: verifying the copy's keyed rows takes the server's key.
  const key = join(dir, 'backup.audit-key');
  try {
    copyFileSync(server.store.auditKey, key);
    const c = new Client(server.url);
    assert.equal((await c.login('center1', 'director-pass-1')).status, 200);
    const p = await c.post('/api/v1/persons', { family_name: '控え', family_name_kana: 'ヒカエ' });
    assert.equal(p.status, 201);
    // Writes keep coming while the copy is taken.
    const writes = Promise.all(Array.from({ length: 20 }, (_, i) =>
      c.post('/api/v1/persons', { family_name: '同時', given_name: String(i), family_name_kana: 'ドウジ' })));
    const b = run(['backup', copy, ...storeArgs(server)]);
    await writes;
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stdout, /backup/);
    const v = run(['audit', 'verify', '--db', copy, '--audit-key', key]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /intact/);
    const rows = Number(v.stdout.match(/(\d+) rows/)[1]);
    assert.ok(rows >= 3, v.stdout);
    const found = spawnSync('sqlite3', [copy, `SELECT family_name FROM persons WHERE id = '${p.body.id}'`], { encoding: 'utf8' });
    assert.equal(found.stdout.trim(), '控え');
    // The copy is a working database: the user exists in it.
    const dup = run(['user', 'add', 'center1', '--role', 'director', '--name', 'x', '--db', copy, '--audit-key', key], 'director-pass-2\n');
    assert.notEqual(dup.status, 0);
    assert.match(dup.stderr, /exists/);
  } finally {
    await stopClean(server);
  }
  // A tampered copy fails verification.
  spawnSync('sqlite3', [copy, "DROP TRIGGER audit_no_update; UPDATE audit SET user_id = 'someone' WHERE seq = 2;"]);
  const bad = run(['audit', 'verify', '--db', copy, '--audit-key', key]);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stdout, /row 2\b/);
});

test('tsunagu backup on PostgreSQL refuses (exit 2) and names pg_dump, writing nothing', { skip: !onPg && 'PostgreSQL only' }, () => {
  const file = join(dir, 'backup.sql');
  const r = run(['backup', file, ...where]);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /pg_dump/);
  assert.equal(existsSync(file), false);
});

test('backup without a file name is a usage error', () => {
  const r = run(['backup', ...where]);
  assert.notEqual(r.status, 0);
});
