// Audit: every read and change of a person is recorded; the chain detects tampering.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, Client, startServer } from '../lib/server.mjs';
import { removeStore, storeArgs, trySql } from '../lib/store.mjs';
import { stopClean } from './support.mjs';

const DIRECTOR = { login: 'center1', role: 'director', name: 'センター 長子', password: 'director-pass-1' };
const HEALTH = { login: 'hoken1', role: 'health', name: '保健 みどり', password: 'midori-pass-2024' };
const ADMIN = { login: 'admin1', role: 'admin', name: '管理 太郎', password: 'admin-pass-2024' };

let server;
let director, health, admin;
let ids = {};

function verify(server) {
  const r = spawnSync(BIN, ['audit', 'verify', ...storeArgs(server)], { encoding: 'utf8' });
  assert.doesNotMatch(r.stderr, /Sanitizer|runtime error:/, r.stderr);
  return r;
}

before(async () => {
  server = await startServer({ users: [DIRECTOR, HEALTH, ADMIN], args: ['--rate-limit', '0'] });
  director = new Client(server.url);
  health = new Client(server.url);
  admin = new Client(server.url);
  const [d, h, a] = await Promise.all([
    director.login(DIRECTOR.login, DIRECTOR.password),
    health.login(HEALTH.login, HEALTH.password),
    admin.login(ADMIN.login, ADMIN.password),
  ]);
  assert.equal(d.status, 200);
  assert.equal(h.status, 200);
  assert.equal(a.status, 200);
  ids = { director: d.body.user.id, health: h.body.user.id, admin: a.body.user.id };
});

after(async () => {
  if (server && server.proc.exitCode === null) await server.stop();
  else if (server) removeStore(server);
});

let person;

test('create, read, update of a person are in the audit log with user and object', async () => {
  const created = await health.post('/api/v1/persons', { family_name: '監査', family_name_kana: 'カンサ', birth_date: '2022-01-01' });
  assert.equal(created.status, 201);
  person = created.body.id;
  assert.equal((await health.get(`/api/v1/persons/${person}`)).status, 200);
  const upd = await health.patch(`/api/v1/persons/${person}`, { given_name: '太郎' }, { 'if-match': '"1"' });
  assert.equal(upd.status, 200);
  assert.equal((await health.get(`/api/v1/persons/${person}/timeline`)).status, 200);

  const r = await director.get(`/api/v1/audit?person_id=${person}`);
  assert.equal(r.status, 200);
  const rows = r.body.items;
  const personRows = rows.filter((i) => i.object.type === 'person');
  // Newest first: update, read, create.
  assert.deepEqual(personRows.map((i) => i.action), ['update', 'read', 'create']);
  for (const row of personRows) {
    assert.equal(row.user_id, ids.health);
    assert.deepEqual(row.object, { type: 'person', id: person });
    assert.equal(row.user_login, HEALTH.login);
    assert.match(row.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
    assert.equal(typeof row.seq, 'number');
  }
  const seqs = rows.map((i) => i.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first');
  // The timeline read is recorded against the person too.
  assert.ok(rows.some((i) => i.action === 'read' && i.object.type === 'timeline' && i.object.id === person));
  // Only this person's rows.
  for (const row of rows) assert.equal(row.person_id, person);
});

test('a failed read (404) and a refused write are not recorded as reads or changes', async () => {
  assert.equal((await health.get('/api/v1/persons/no-such-person')).status, 404);
  const ghost = (await director.get('/api/v1/audit?person_id=no-such-person')).body.items;
  assert.deepEqual(ghost.filter((i) => i.object.type === 'person'), []);
  const stale = await health.patch(`/api/v1/persons/${person}`, { given_name: '次郎' }, { 'if-match': '"1"' });
  assert.equal(stale.status, 409);
  const rows = (await director.get(`/api/v1/audit?person_id=${person}`)).body.items.filter((i) => i.object.type === 'person');
  assert.deepEqual(rows.map((i) => i.action), ['update', 'read', 'create']);
});

test('household reads and changes are recorded per member', async () => {
  const h = await health.post('/api/v1/households', { members: [{ person_id: person, relation: 'child' }] });
  assert.equal(h.status, 201);
  assert.equal((await health.get(`/api/v1/households/${h.body.id}`)).status, 200);
  const rows = (await director.get(`/api/v1/audit?person_id=${person}`)).body.items.filter((i) => i.object.type === 'household');
  assert.deepEqual(rows.map((i) => [i.action, i.object.id, i.user_id]), [
    ['read', h.body.id, ids.health],
    ['create', h.body.id, ids.health],
  ]);
});

test('login rows exist, and failed logins are recorded', async () => {
  await new Client(server.url).login(HEALTH.login, 'wrong-password-x');
  const r = await director.get(`/api/v1/audit?user_id=${ids.health}`);
  assert.equal(r.status, 200);
  const logins = r.body.items.filter((i) => i.action === 'login');
  assert.ok(logins.length >= 1);
  assert.deepEqual(logins[0].object, { type: 'user', id: ids.health });
  assert.equal(logins[0].user_id, ids.health);
  assert.ok(r.body.items.some((i) => i.action === 'login_failed' && i.object.id === ids.health));
  for (const row of r.body.items) assert.equal(row.user_id, ids.health);
  // The admin reads the same log.
  const a = await admin.get(`/api/v1/audit?user_id=${ids.director}`);
  assert.equal(a.status, 200);
  assert.ok(a.body.items.some((i) => i.action === 'login' && i.object.id === ids.director));
  // Reading the audit log is itself recorded.
  assert.ok(a.body.items.some((i) => i.action === 'read' && i.object.type === 'audit'));
  // The health role may not read it.
  const denied = await health.get('/api/v1/audit');
  assert.equal(denied.status, 403);
  assert.equal(denied.body.error.code, 'forbidden');
});

test('audit paging: limit and cursor walk the log once, newest first', async () => {
  const all = (await director.get('/api/v1/audit?limit=500')).body.items;
  assert.ok(all.length > 10);
  const seen = [];
  let cursor = null;
  do {
    const r = await director.get('/api/v1/audit?limit=4' + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''));
    assert.equal(r.status, 200);
    seen.push(...r.body.items.map((i) => i.seq));
    cursor = r.body.next_cursor;
  } while (cursor && seen.length < 1000);
  // The walk itself adds "read audit" rows above the first page; everything from before is there.
  const first = all.map((i) => i.seq);
  assert.deepEqual(seen.filter((s) => s <= first[0]), first);
  assert.equal(new Set(seen).size, seen.length);
  const bad = await director.get('/api/v1/audit?limit=501');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'limit');
});

test('audit verify passes, then detects a tampered row by its seq', async () => {
  const rows = (await director.get(`/api/v1/audit?person_id=${person}`)).body.items;
  const target = rows.find((i) => i.action === 'update' && i.object.type === 'person');
  assert.ok(target);
  await stopClean(server, { keep: true });

  const ok = verify(server);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /intact/);

  // The table refuses UPDATE and DELETE.
  const refused = trySql(server, `UPDATE audit SET action = 'read' WHERE seq = ${target.seq};`);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /append-only/);
  const refusedDel = trySql(server, `DELETE FROM audit WHERE seq = ${target.seq};`);
  assert.notEqual(refusedDel.status, 0);
  assert.match(refusedDel.stderr, /append-only/);
  assert.equal(verify(server).status, 0);

  // Someone with file access drops the trigger and rewrites history.
  const update = `UPDATE audit SET action = 'read' WHERE seq = ${target.seq};`;
  const tamper = trySql(server, {
    sqlite: `DROP TRIGGER audit_no_update; ${update}`,
    pg: `DROP TRIGGER audit_no_update ON audit; ${update}`,
  });
  assert.equal(tamper.status, 0, tamper.stderr);
  const bad = verify(server);
  assert.notEqual(bad.status, 0);
  const named = bad.stdout.match(/row (\d+)/);
  assert.ok(named, bad.stdout);
  assert.equal(Number(named[1]), target.seq);
});

test('audit verify detects a deleted row', async () => {
  // Rows 1-3 are the accounts added before the start; the tampered row is far later.
  const del = trySql(server, {
    sqlite: 'DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 3;',
    pg: 'DROP TRIGGER audit_no_delete ON audit; DELETE FROM audit WHERE seq = 3;',
  });
  assert.equal(del.status, 0, del.stderr);
  const bad = verify(server);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stdout, /row 4\b/, 'the row after the gap');
});
