// Roles: what each role may do, and account management by admin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, startServer } from '../lib/server.mjs';
import { stopClean } from './support.mjs';

const ROLES = ['director', 'coordinator', 'health', 'welfare', 'clerk', 'partner', 'admin'];
const USERS = Object.fromEntries(
  ROLES.map((role) => [role, { login: `${role}1`, role, name: `${role} 職員`, password: `${role}-password-1` }]),
);
const CASE_ROLES = ['director', 'coordinator', 'health', 'welfare', 'clerk'];

let server;
const clients = {};
let personId;

before(async () => {
  server = await startServer({ users: Object.values(USERS), args: ['--rate-limit', '0'] });
  await Promise.all(
    ROLES.map(async (role) => {
      const c = new Client(server.url);
      const r = await c.login(USERS[role].login, USERS[role].password);
      assert.equal(r.status, 200, role);
      assert.equal(r.body.user.role, role);
      clients[role] = c;
    }),
  );
  const p = await clients.clerk.post('/api/v1/persons', { family_name: '役割', family_name_kana: 'ヤクワリ' });
  assert.equal(p.status, 201);
  personId = p.body.id;
});

after(async () => {
  if (server) await stopClean(server);
});

function forbidden(r, what) {
  assert.equal(r.status, 403, what);
  assert.equal(r.body.error.code, 'forbidden', what);
}

// The two-person rule: an account the admin created, gave a new role or a new password waits for
// a director's approval (tests/api/accounts.test.mjs tests the rule itself).
async function approve(id) {
  const u = (await clients.director.get('/api/v1/users?status=pending')).body.items.find((x) => x.id === id);
  assert.ok(u, `account ${id} is pending`);
  const r = await clients.director.post(`/api/v1/users/${id}/approve`, undefined, { 'if-match': `"${u.version}"` });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 'active');
  return r.body;
}

test('admin reads no person data but manages users and reads the audit log', async () => {
  const a = clients.admin;
  forbidden(await a.get('/api/v1/persons?q=' + encodeURIComponent('ヤクワリ')), 'search');
  forbidden(await a.get(`/api/v1/persons/${personId}`), 'read person');
  forbidden(await a.get(`/api/v1/persons/${personId}/timeline`), 'timeline');
  forbidden(await a.post('/api/v1/persons', { family_name: '管理', family_name_kana: 'カンリ' }), 'create person');
  forbidden(await a.patch(`/api/v1/persons/${personId}`, { family_name: 'x' }, { 'if-match': '"1"' }), 'patch person');
  forbidden(await a.post('/api/v1/households', { members: [] }), 'create household');
  const users = await a.get('/api/v1/users');
  assert.equal(users.status, 200);
  assert.deepEqual(users.body.items.map((u) => u.login).sort(), ROLES.map((r) => `${r}1`).sort());
  for (const u of users.body.items) {
    assert.equal(u.role, u.login.slice(0, -1));
    assert.equal(u.disabled, false);
    assert.equal(u.version, 1);
    assert.equal('password_hash' in u, false);
    assert.equal('password' in u, false);
  }
  const audit = await a.get('/api/v1/audit');
  assert.equal(audit.status, 200);
  assert.ok(Array.isArray(audit.body.items));
  assert.ok(audit.body.items.some((i) => i.action === 'create' && i.object.type === 'person' && i.object.id === personId));
});

test('partner: no person search, no person data, no users, no audit', async () => {
  const p = clients.partner;
  forbidden(await p.get('/api/v1/persons?q=' + encodeURIComponent('ヤクワリ')), 'search');
  forbidden(await p.get(`/api/v1/persons/${personId}`), 'read person');
  forbidden(await p.get(`/api/v1/persons/${personId}/timeline`), 'timeline');
  forbidden(await p.post('/api/v1/persons', { family_name: '関係', family_name_kana: 'カンケイ' }), 'create');
  forbidden(await p.post('/api/v1/households', { members: [] }), 'household');
  forbidden(await p.get('/api/v1/users'), 'users');
  forbidden(await p.get('/api/v1/audit'), 'audit');
  // Its own session works.
  const me = await p.get('/api/v1/session');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.role, 'partner');
});

for (const role of CASE_ROLES) {
  test(`${role}: searches, creates and reads persons; audit and the accounts list only for director; changing accounts never`, async () => {
    const c = clients[role];
    const created = await c.post('/api/v1/persons', {
      family_name: '権限', given_name: role, family_name_kana: 'ケンゲン', given_name_kana: 'テスト',
    });
    assert.equal(created.status, 201, role);
    assert.equal(created.body.given_name, role);
    const found = await c.get('/api/v1/persons?q=' + encodeURIComponent(`権限${role}`));
    assert.equal(found.status, 200);
    assert.deepEqual(found.body.items.map((i) => i.id), [created.body.id]);
    const read = await c.get(`/api/v1/persons/${personId}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.family_name, '役割');
    const h = await c.post('/api/v1/households', { members: [{ person_id: created.body.id, relation: 'child' }] });
    assert.equal(h.status, 201);
    const audit = await c.get('/api/v1/audit');
    if (role === 'director') {
      assert.equal(audit.status, 200);
      assert.ok(audit.body.items.length > 0);
    } else {
      forbidden(audit, `${role} audit`);
    }
    if (role === 'director') assert.equal((await c.get('/api/v1/users')).status, 200);
    else forbidden(await c.get('/api/v1/users'), `${role} users`);
    forbidden(await c.post('/api/v1/users', { login: `x${role}`, name: 'x', role: 'clerk', password: 'long-enough-pass' }), `${role} add user`);
  });
}

test('admin creates a user (201), duplicate login is 400 field login, bad input is named', async () => {
  const a = clients.admin;
  const r = await a.post('/api/v1/users', { login: 'new.clerk', name: '新人 受付', role: 'clerk', password: 'new-clerk-pass' });
  assert.equal(r.status, 201);
  assert.equal(r.body.login, 'new.clerk');
  assert.equal(r.body.name, '新人 受付');
  assert.equal(r.body.role, 'clerk');
  assert.equal(r.body.disabled, false);
  assert.equal(r.body.version, 1);
  assert.equal(r.headers.get('location'), `/api/v1/users/${r.body.id}`);
  assert.equal('password_hash' in r.body, false);
  assert.equal(r.body.status, 'pending');
  // The new account can log in once a director has approved it.
  await approve(r.body.id);
  const c = new Client(server.url);
  assert.equal((await c.login('new.clerk', 'new-clerk-pass')).status, 200);

  const dup = await a.post('/api/v1/users', { login: 'new.clerk', name: '別人', role: 'health', password: 'another-pass-1' });
  assert.equal(dup.status, 400);
  assert.equal(dup.body.error.code, 'invalid_field');
  assert.equal(dup.body.error.field, 'login');
  const role = await a.post('/api/v1/users', { login: 'x1', name: 'x', role: 'superuser', password: 'long-enough-pass' });
  assert.equal(role.status, 400);
  assert.equal(role.body.error.field, 'role');
  const weak = await a.post('/api/v1/users', { login: 'x2', name: 'x', role: 'clerk', password: 'short' });
  assert.equal(weak.status, 400);
  assert.equal(weak.body.error.code, 'invalid_field');
  assert.equal(weak.body.error.field, 'password');
  const badLogin = await a.post('/api/v1/users', { login: 'has space', name: 'x', role: 'clerk', password: 'long-enough-pass' });
  assert.equal(badLogin.status, 400);
  assert.equal(badLogin.body.error.field, 'login');
  const missing = await a.post('/api/v1/users', { login: 'x3', role: 'clerk', password: 'long-enough-pass' });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.error.code, 'missing_field');
  assert.equal(missing.body.error.field, 'name');
  const list = await a.get('/api/v1/users');
  assert.equal(list.body.items.filter((u) => u.login.startsWith('x')).length, 0);
});

test('admin changes a role with If-Match; missing If-Match 400, stale 409', async () => {
  const a = clients.admin;
  const r = await a.post('/api/v1/users', { login: 'mover', name: '異動 する', role: 'clerk', password: 'mover-password' });
  assert.equal(r.status, 201);
  const id = r.body.id;
  await approve(id); // version 2
  const c = new Client(server.url);
  assert.equal((await c.login('mover', 'mover-password')).status, 200);
  forbidden(await c.get('/api/v1/audit'), 'clerk audit');

  const noMatch = await a.patch(`/api/v1/users/${id}`, { role: 'director' });
  assert.equal(noMatch.status, 400);
  assert.equal(noMatch.body.error.code, 'missing_field');
  assert.equal(noMatch.body.error.field, 'If-Match');

  const ok = await a.patch(`/api/v1/users/${id}`, { role: 'director' }, { 'if-match': '"2"' });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.role, 'director');
  assert.equal(ok.body.version, 3);
  assert.equal(ok.body.status, 'pending');

  const stale = await a.patch(`/api/v1/users/${id}`, { role: 'health' }, { 'if-match': '"2"' });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'version_conflict');
  const list = await a.get('/api/v1/users');
  const u = list.body.items.find((x) => x.id === id);
  assert.equal(u.role, 'director');
  assert.equal(u.version, 3);

  const badRole = await a.patch(`/api/v1/users/${id}`, { role: 'root' }, { 'if-match': '"3"' });
  assert.equal(badRole.status, 400);
  assert.equal(badRole.body.error.field, 'role');

  // The new role applies once approved: log in again (a role change ends the old sessions) and
  // read the audit.
  await approve(id);
  const c2 = new Client(server.url);
  assert.equal((await c2.login('mover', 'mover-password')).status, 200);
  const me = await c2.get('/api/v1/session');
  assert.equal(me.body.user.role, 'director');
  assert.equal((await c2.get('/api/v1/audit')).status, 200);

  const unknown = await a.patch('/api/v1/users/no-such-user', { name: 'x' }, { 'if-match': '"1"' });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'not_found');
});

test('disabling a user ends their sessions: next request 401, login refused', async () => {
  const a = clients.admin;
  const r = await a.post('/api/v1/users', { login: 'leaver', name: '退職 する', role: 'welfare', password: 'leaver-password' });
  assert.equal(r.status, 201);
  const approved = await approve(r.body.id);
  const c = new Client(server.url);
  assert.equal((await c.login('leaver', 'leaver-password')).status, 200);
  assert.equal((await c.get('/api/v1/session')).status, 200);

  const off = await a.patch(`/api/v1/users/${r.body.id}`, { disabled: true }, { 'if-match': `"${approved.version}"` });
  assert.equal(off.status, 200);
  assert.equal(off.body.disabled, true);

  const next = await c.get('/api/v1/persons?q=' + encodeURIComponent('ヤクワリ'));
  assert.equal(next.status, 401);
  assert.equal(next.body.error.code, 'unauthenticated');
  assert.equal((await c.get('/api/v1/session')).status, 401);
  const again = await new Client(server.url).login('leaver', 'leaver-password');
  assert.equal(again.status, 401);
  assert.equal(again.body.error.code, 'unauthenticated');

  // Enabled again, the account logs in (disabling and enabling need no approval).
  const on = await a.patch(`/api/v1/users/${r.body.id}`, { disabled: false }, { 'if-match': `"${off.body.version}"` });
  assert.equal(on.status, 200);
  assert.equal(on.body.disabled, false);
  assert.equal(on.body.status, 'active');
  assert.equal((await new Client(server.url).login('leaver', 'leaver-password')).status, 200);
  // The session open before the account was disabled stays ended.
  assert.equal((await c.get('/api/v1/session')).status, 401);
});

test('a password reset by admin ends the sessions; the new password works, the old does not', async () => {
  const a = clients.admin;
  const r = await a.post('/api/v1/users', { login: 'forgetful', name: '忘れ る', role: 'health', password: 'old-password-1' });
  assert.equal(r.status, 201);
  await approve(r.body.id); // version 2
  const c = new Client(server.url);
  assert.equal((await c.login('forgetful', 'old-password-1')).status, 200);
  const weak = await a.patch(`/api/v1/users/${r.body.id}`, { password: 'short' }, { 'if-match': '"2"' });
  assert.equal(weak.status, 400);
  assert.equal(weak.body.error.field, 'password');
  assert.equal((await c.get('/api/v1/session')).status, 200, 'a refused change ends nothing');
  const reset = await a.patch(`/api/v1/users/${r.body.id}`, { password: 'new-password-2' }, { 'if-match': '"2"' });
  assert.equal(reset.status, 200);
  assert.equal(reset.body.version, 3);
  assert.equal('password' in reset.body, false);
  assert.equal((await c.get('/api/v1/session')).status, 401);
  assert.equal((await new Client(server.url).login('forgetful', 'old-password-1')).status, 401);
  // The new password is right, but waits for a director.
  const waiting = await new Client(server.url).login('forgetful', 'new-password-2');
  assert.equal(waiting.status, 403);
  assert.equal(waiting.body.error.code, 'account_pending');
  await approve(r.body.id);
  assert.equal((await new Client(server.url).login('forgetful', 'new-password-2')).status, 200);
});

test('admin cannot disable or demote itself', async () => {
  const a = clients.admin;
  const me = (await a.get('/api/v1/session')).body.user;
  const self = (await a.get('/api/v1/users')).body.items.find((u) => u.id === me.id);
  const off = await a.patch(`/api/v1/users/${me.id}`, { disabled: true }, { 'if-match': `"${self.version}"` });
  assert.equal(off.status, 400);
  assert.equal(off.body.error.field, 'disabled');
  const demote = await a.patch(`/api/v1/users/${me.id}`, { role: 'clerk' }, { 'if-match': `"${self.version}"` });
  assert.equal(demote.status, 400);
  assert.equal(demote.body.error.field, 'role');
  assert.equal((await a.get('/api/v1/users')).status, 200);
});
