// The keyed and anchored audit chain (issue 8, item 11): an HMAC key outside the database, so that
// whoever can write the database but not read the key cannot rewrite the chain unnoticed; rows
// chained before the key keep SHA-256 and the first keyed row marks the switch; the tip (seq and
// hash) is printed by `audit verify` and logged by the server, to be anchored outside.
// On PostgreSQL the key is given (--audit-key is required there: no database file to put it beside).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, Client, startServer } from '../lib/server.mjs';
import { cloneStore, onPg, openStore, removeStore, sql, sqlRows, storeArgs } from '../lib/store.mjs';
import { logMatching, stopClean } from './support.mjs';

const DIRECTOR = { login: 'center1', role: 'director', name: 'センター 長子', password: 'director-pass-1' };
const work = mkdtempSync(join(tmpdir(), 'tsunagu-key-'));
after(() => rmSync(work, { recursive: true, force: true }));

function run(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: 20000 });
  assert.doesNotMatch(r.stderr || '', /Sanitizer|runtime error:/, r.stderr);
  return r;
}

const rowsOf = (store) => sqlRows(store, 'SELECT seq, at, user_id, action, object_type, object_id, person_id, prev_hash, hash, alg FROM audit ORDER BY seq');

// The plain chain hash, written here from the description (docs/architecture.md) rather than
// taken from the server: SHA-256 over length-prefixed fields, NULL as 0xffffffff.
function field(s) {
  if (s === null || s === undefined) return Buffer.from([0xff, 0xff, 0xff, 0xff]);
  const b = Buffer.from(String(s), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}
function plainHash(prev, r) {
  const parts = [prev, `${r.seq}:${r.at}`, r.user_id, r.action, r.object_type, r.object_id, r.person_id];
  return createHash('sha256').update(Buffer.concat(parts.map(field))).digest('hex');
}

// What someone with the database but not the key does: change one row, then recompute the hash of
// it and of every later row with plain SHA-256 (alg: what the rewritten rows claim to be).
function rewrite(store, seq, alg = null) {
  const rows = rowsOf(store);
  const at = rows.findIndex((r) => r.seq === seq);
  let prev = rows[at - 1]?.hash ?? '0'.repeat(64);
  const stmts = [];
  for (const r of rows.slice(at)) {
    if (r.seq === seq) r.action = r.action === 'read' ? 'update' : 'read';
    const hash = plainHash(prev, r);
    stmts.push(`UPDATE audit SET action = '${r.action}', prev_hash = '${prev}', hash = '${hash}'${alg ? `, alg = '${alg}'` : ''} WHERE seq = ${r.seq};`);
    prev = hash;
  }
  sql(store, {
    sqlite: ['DROP TRIGGER IF EXISTS audit_no_update;', ...stmts].join('\n'),
    pg: ['DROP TRIGGER IF EXISTS audit_no_update ON audit;', ...stmts].join('\n'),
  });
}

function tipOf(text) {
  return [...text.matchAll(/tip: seq=(\d+) hash=([0-9a-f]{64})/g)].map((m) => ({ seq: Number(m[1]), hash: m[2] }));
}

let keyed, keyedKey; // a copy of a keyed store, and its key
after(() => keyed && removeStore(keyed));

test('first start: the key is made 0600 beside the database (or where --audit-key says), the chain is keyed, the tip is logged', async () => {
  const server = await startServer({ users: [DIRECTOR], args: ['--rate-limit', '0'] });
  const key = server.store.auditKey;
  try {
    assert.ok(existsSync(key), 'the key file exists');
    assert.equal(statSync(key).mode & 0o777, 0o600);
    assert.match(readFileSync(key, 'utf8'), /^[0-9a-f]{64}\n$/);

    // user add (before the start) already keyed the chain: the switch is row 1.
    const rows = rowsOf(server);
    assert.equal(rows[0].action, 'audit_keyed');
    assert.equal(rows[0].object_type, 'audit');
    assert.match(rows[0].object_id, /^[0-9a-f]{16}$/);
    assert.equal(rows[0].user_id, null);
    assert.ok(rows.every((r) => r.alg === 'hmac-sha256'));
    assert.deepEqual(rows.slice(1).map((r) => r.action), ['create']);

    // The tip at start: seq and hash of the last row then, and nothing else.
    const started = tipOf(await logMatching(server, /audit tip: /));
    assert.equal(started.length, 1, server.stderr());
    assert.deepEqual(started[0], { seq: rows.at(-1).seq, hash: rows.at(-1).hash });
    assert.doesNotMatch(server.stderr(), /center1|センター/, 'no personal data in the log');

    const c = new Client(server.url);
    assert.equal((await c.login(DIRECTOR.login, DIRECTOR.password)).status, 200);
    const p = await c.post('/api/v1/persons', { family_name: '鍵', family_name_kana: 'カギ' });
    assert.equal(p.status, 201);
    for (let i = 0; i < 5; i++) assert.equal((await c.get(`/api/v1/persons/${p.body.id}`)).status, 200);
    assert.equal((await c.patch(`/api/v1/persons/${p.body.id}`, { given_name: '一' }, { 'if-match': '"1"' })).status, 200);
  } finally {
    await stopClean(server, { keep: true });
  }
  const rows = rowsOf(server);
  const last = { seq: rows.at(-1).seq, hash: rows.at(-1).hash };
  // The tip again at the stop: the last row written.
  assert.deepEqual(tipOf(server.stderr()).at(-1), last);

  const v = run(['audit', 'verify', ...storeArgs(server)]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, new RegExp(`${rows.length} rows, chain intact`));
  assert.match(v.stdout, /keyed with HMAC-SHA-256 from row 1\b/);
  assert.deepEqual(tipOf(v.stdout), [last]);

  keyed = cloneStore(server);
  keyedKey = join(work, 'keyed.key');
  copyFileSync(key, keyedKey);
  removeStore(server);
});

test('a row rewritten with the later hashes recomputed no longer verifies with the key', () => {
  const target = rowsOf(keyed).find((r) => r.action === 'update' && r.object_type === 'person').seq;
  for (const alg of [null, 'sha256']) {
    const copy = cloneStore(keyed);
    rewrite(copy, target, alg);
    const bad = run(['audit', 'verify', ...storeArgs(copy, { auditKey: keyedKey })]);
    removeStore(copy);
    assert.equal(bad.status, 1, bad.stdout);
    assert.match(bad.stdout, new RegExp(`chain broken at row ${target}\\b`));
    assert.deepEqual(tipOf(bad.stdout), [], 'no tip for a broken chain');
  }
  const blind = run(['audit', 'verify', ...storeArgs(keyed, { auditKey: null })]);
  assert.equal(blind.status, 1);
  if (onPg) {
    // On PostgreSQL there is no default key: --audit-key is required.
    assert.match(blind.stderr, /--audit-key/);
  } else {
    // Without the key nothing about the keyed rows is claimed: it says it cannot verify them.
    assert.match(blind.stdout, /rows from 1 on are keyed .* cannot be verified without the audit key/);
  }
  assert.doesNotMatch(blind.stdout, /intact/);
  // A --audit-key that does not exist is an error, not a blind check.
  const missing = run(['audit', 'verify', ...storeArgs(keyed, { auditKey: join(work, 'nope.key') })]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /does not exist/);
});

// An SQLite database of before issue 8 holds such a chain. On PostgreSQL every command has the key
// from the first row on, and audit verify (which never makes a key) cannot create the database.
test('rows chained before the key keep SHA-256; the first keyed row marks the switch', { skip: onPg && 'a chain from before the key is an old SQLite database' }, async () => {
  // A database from before the key: audit verify creates and migrates it (and makes no key),
  // then three rows are chained the old way.
  const store = openStore(mkdtempSync(join(work, 'old-')));
  const made = run(['audit', 'verify', ...storeArgs(store)]);
  assert.equal(made.status, 0, made.stderr);
  assert.equal(existsSync(store.auditKey), false, 'verifying never makes a key');
  let prev = '0'.repeat(64);
  const inserts = [];
  for (let seq = 1; seq <= 3; seq++) {
    const r = { seq, at: 1700000000 + seq, user_id: null, action: 'login_failed', object_type: 'user', object_id: '-', person_id: null };
    const hash = plainHash(prev, r);
    inserts.push(`INSERT INTO audit (seq, at, user_id, action, object_type, object_id, person_id, prev_hash, hash) VALUES (${seq}, ${r.at}, NULL, '${r.action}', 'user', '-', NULL, '${prev}', '${hash}');`);
    prev = hash;
  }
  sql(store, inserts.join('\n'));
  const old = run(['audit', 'verify', ...storeArgs(store)]);
  assert.equal(old.status, 0, old.stdout);
  assert.match(old.stdout, /3 rows, chain intact \(no row is keyed yet/);

  // The same rewrite as above, on this plain chain, verifies: it is a faithful recomputation,
  // so what stops it on the keyed chain is the key.
  const plainCopy = cloneStore(store);
  rewrite(plainCopy, 2);
  assert.equal(run(['audit', 'verify', ...storeArgs(plainCopy)]).status, 0);
  removeStore(plainCopy);

  const server = await startServer({ store, users: [DIRECTOR], args: ['--rate-limit', '0'] });
  try {
    const c = new Client(server.url);
    assert.equal((await c.login(DIRECTOR.login, DIRECTOR.password)).status, 200);
  } finally {
    await stopClean(server, { keep: true });
  }
  const rows = rowsOf(store);
  assert.deepEqual(rows.slice(0, 3).map((r) => r.alg), ['sha256', 'sha256', 'sha256']);
  assert.equal(rows[3].action, 'audit_keyed');
  assert.ok(rows.slice(3).every((r) => r.alg === 'hmac-sha256'));
  const v = run(['audit', 'verify', ...storeArgs(store)]);
  assert.equal(v.status, 0, v.stdout);
  assert.match(v.stdout, /keyed with HMAC-SHA-256 from row 4\b/);
  assert.deepEqual(tipOf(v.stdout), [{ seq: rows.at(-1).seq, hash: rows.at(-1).hash }]);

  // Without the key, the plain part still verifies and the rest is named as not verifiable.
  copyFileSync(store.auditKey, join(work, 'old.key'));
  rmSync(store.auditKey);
  const blind = run(['audit', 'verify', ...storeArgs(store)]);
  assert.equal(blind.status, 1);
  assert.match(blind.stdout, /rows 1-3 verified \(plain SHA-256\); rows from 4 on are keyed/);

  // After the switch, a plain row (however well computed) breaks the chain.
  const last = rows.at(-1);
  const plain = { seq: last.seq + 1, at: last.at + 1, user_id: null, action: 'login_failed', object_type: 'user', object_id: '-', person_id: null };
  sql(store, `INSERT INTO audit (seq, at, user_id, action, object_type, object_id, person_id, prev_hash, hash, alg) VALUES (${plain.seq}, ${plain.at}, NULL, 'login_failed', 'user', '-', NULL, '${last.hash}', '${plainHash(last.hash, plain)}', 'sha256');`);
  const bad = run(['audit', 'verify', ...storeArgs(store, { auditKey: join(work, 'old.key') })]);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, new RegExp(`chain broken at row ${plain.seq}\\b`));
  removeStore(store);
});

test('the server and user add refuse a key they cannot use, and never replace one', () => {
  const store = cloneStore(keyed);
  const dir = store.dir;
  const serve = (...extra) => run(['serve', ...storeArgs(store, { auditKey: null }), '--listen', '127.0.0.1:0', ...extra]);

  // The chain is keyed and its key is not at the default place: no new key is made. (On
  // PostgreSQL there is no default place: --audit-key is required.)
  const missing = serve();
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, onPg ? /--audit-key/ : /keyed already/);
  assert.equal(existsSync(store.auditKey), false);
  const add = spawnSync(BIN, ['user', 'add', 'x1', '--role', 'clerk', '--name', 'x', ...storeArgs(store, { auditKey: null })], { input: 'long-enough-pass\n', encoding: 'utf8' });
  assert.notEqual(add.status, 0);
  assert.equal(sqlRows(store, "SELECT COUNT(*) AS n FROM users WHERE login = 'x1'")[0].n, 0);

  // Another key: refused, the chain would break.
  const other = join(dir, 'other.key');
  writeFileSync(other, 'ab'.repeat(32) + '\n', { mode: 0o600 });
  const wrong = serve('--audit-key', other);
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stderr, /not the key/);

  // The right key, readable by others: refused until it is the owner's only.
  const loose = join(dir, 'loose.key');
  copyFileSync(keyedKey, loose);
  spawnSync('chmod', ['644', loose]);
  const open = serve('--audit-key', loose);
  assert.notEqual(open.status, 0);
  assert.match(open.stderr, /chmod 600/);
  removeStore(store);

  // --audit-key on a new database: the key is made there, not beside the database.
  const fresh = openStore();
  const custom = join(fresh.dir, 'custom.key');
  const made = spawnSync(BIN, ['user', 'add', 'boss', '--role', 'director', '--name', '所長', ...storeArgs(fresh, { auditKey: custom })], { input: 'director-pass-1\n', encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  assert.ok(existsSync(custom));
  assert.equal(statSync(custom).mode & 0o777, 0o600);
  assert.equal(existsSync(fresh.auditKey), false);
  const before = readFileSync(custom, 'utf8');
  const again = spawnSync(BIN, ['user', 'add', 'boss2', '--role', 'director', '--name', '所長2', ...storeArgs(fresh, { auditKey: custom })], { input: 'director-pass-2\n', encoding: 'utf8' });
  assert.equal(again.status, 0, again.stderr);
  assert.equal(readFileSync(custom, 'utf8'), before, 'the key is never replaced');
  assert.equal(run(['audit', 'verify', ...storeArgs(fresh, { auditKey: custom })]).status, 0);
  removeStore(fresh);
});
