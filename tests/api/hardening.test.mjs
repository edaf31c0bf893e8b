// Hardening found in review: what a response shows is audited, bodies are JSON only, static files
// stay inside the web folder, cursors are checked. (The per-address login limit is tested in
// login_limits.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, startServer } from '../lib/server.mjs';
import { stopClean } from './support.mjs';

const CLERK = { login: 'uketsuke', role: 'clerk', name: '受付 一郎', password: 'uketsuke-pass-1' };
const DIRECTOR = { login: 'shocho', role: 'director', name: '所長 花', password: 'shocho-pass-01' };

let server, web, c, d;

before(async () => {
  // A web folder of our own, with a symlinked directory pointing out of it.
  web = mkdtempSync(join(tmpdir(), 'tsunagu-web-'));
  mkdirSync(join(web, 'assets'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>t</title>');
  const outside = mkdtempSync(join(tmpdir(), 'tsunagu-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  symlinkSync(outside, join(web, 'assets', 'lnk'));
  server = await startServer({ users: [CLERK, DIRECTOR], args: ['--web', web] });
  c = new Client(server.url);
  d = new Client(server.url);
  assert.equal((await c.login(CLERK.login, CLERK.password)).status, 200);
  assert.equal((await d.login(DIRECTOR.login, DIRECTOR.password)).status, 200);
});

after(async () => {
  if (server) await stopClean(server);
  rmSync(web, { recursive: true, force: true });
});

async function actionsFor(personId) {
  const r = await d.get(`/api/v1/audit?person_id=${personId}&limit=500`);
  assert.equal(r.status, 200);
  return r.body.items.map((row) => `${row.action}:${row.user_login}`);
}

test('a PATCH that changes nothing still shows the record, and that read is audited', async () => {
  const p = await c.post('/api/v1/persons', { family_name: '不動', family_name_kana: 'フドウ' });
  assert.equal(p.status, 201);
  const before = await actionsFor(p.body.id);
  const r = await c.patch(`/api/v1/persons/${p.body.id}`, {}, { 'if-match': '"1"' });
  assert.equal(r.status, 200);
  const after = await actionsFor(p.body.id);
  assert.equal(after.filter((a) => a === 'read:uketsuke').length, before.filter((a) => a === 'read:uketsuke').length + 1);
});

test('possible duplicates shown at creation are audited for the person shown', async () => {
  const first = await c.post('/api/v1/persons', { family_name: '重複', family_name_kana: 'チョウフク', birth_date: '2020-01-01' });
  const second = await c.post('/api/v1/persons', { family_name: '重複', family_name_kana: 'ちょうふく', birth_date: '2020-01-01' });
  assert.equal(second.status, 201);
  assert.deepEqual(second.body.possible_duplicates.map((p) => p.id), [first.body.id]);
  assert.ok((await actionsFor(first.body.id)).includes('search:uketsuke'));
});

test('kana that NFKC expands past 100 characters is refused', async () => {
  const r = await c.post('/api/v1/persons', { family_name: '長', family_name_kana: '㌀'.repeat(30) });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'family_name_kana');
  const ok = await c.post('/api/v1/persons', { family_name: '長', family_name_kana: '㌀'.repeat(25) });
  assert.equal(ok.status, 201);
  assert.equal(ok.body.family_name_kana, 'アパート'.repeat(25));
});

test('bodies must be application/json', async () => {
  const r = await c.req('POST', '/api/v1/persons', JSON.stringify({ family_name: '型', family_name_kana: 'カタ' }), { 'content-type': 'text/plain' });
  assert.equal(r.status, 415);
  assert.equal(r.body.error.code, 'unsupported_media_type');
  // The login too: a cross-site text/plain form cannot log anyone in.
  const login = await new Client(server.url).req('POST', '/api/v1/session', JSON.stringify({ login: CLERK.login, password: CLERK.password }), { 'content-type': 'text/plain' });
  assert.equal(login.status, 415);
  assert.equal(login.headers.get('set-cookie'), null);
});

test('a malformed timeline cursor is a 400, not the first page', async () => {
  const p = await c.post('/api/v1/persons', { family_name: '経過', family_name_kana: 'ケイカ' });
  const r = await c.get(`/api/v1/persons/${p.body.id}/timeline?cursor=${Buffer.from('abc\tdef').toString('base64url')}`);
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'cursor');
});

test('static files never leave the web folder, even through a symlinked directory', async () => {
  assert.equal((await fetch(server.url + '/index.html')).status, 200);
  assert.equal((await fetch(server.url + '/assets/lnk/secret.txt')).status, 404);
});
