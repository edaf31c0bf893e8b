// The two-person rule (issue 8, item 9): the admin cannot make itself a reader of case content.
// An account other than admin that the API creates, gives a new role or a new password waits for
// a director's approval, cannot log in or keep a session until then; the command line stays
// trusted. Every step is audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, Client, startServer } from '../lib/server.mjs';
import { sql, storeArgs } from '../lib/store.mjs';
import { stopClean } from './support.mjs';

const ADMIN = { login: 'kanri', role: 'admin', name: '管理 太郎', password: 'admin-pass-2024' };
const DIRECTOR = { login: 'chou', role: 'director', name: '所長 花子', password: 'director-pass-1' };
const DIRECTOR2 = { login: 'chou2', role: 'director', name: '次長 一郎', password: 'director-pass-2' };
const HEALTH = { login: 'hoken', role: 'health', name: '保健 みどり', password: 'health-pass-2024' };

let server;
let admin, director, director2, health;
let ids = {};
let personId;

before(async () => {
  server = await startServer({ users: [ADMIN, DIRECTOR, DIRECTOR2, HEALTH], args: ['--rate-limit', '0'] });
  [admin, director, director2, health] = [ADMIN, DIRECTOR, DIRECTOR2, HEALTH].map(() => new Client(server.url));
  const logins = await Promise.all([
    admin.login(ADMIN.login, ADMIN.password),
    director.login(DIRECTOR.login, DIRECTOR.password),
    director2.login(DIRECTOR2.login, DIRECTOR2.password),
    health.login(HEALTH.login, HEALTH.password),
  ]);
  for (const r of logins) assert.equal(r.status, 200, 'accounts of the command line are active');
  ids = { admin: logins[0].body.user.id, director: logins[1].body.user.id, director2: logins[2].body.user.id };
  const p = await health.post('/api/v1/persons', { family_name: '秘密', family_name_kana: 'ヒミツ' });
  assert.equal(p.status, 201);
  personId = p.body.id;
});

after(async () => {
  if (server) await stopClean(server);
});

async function user(id, as = director) {
  const list = await as.get('/api/v1/users?limit=500');
  assert.equal(list.status, 200);
  return list.body.items.find((u) => u.id === id);
}

async function approve(id, as = director) {
  const u = await user(id, as);
  return as.post(`/api/v1/users/${id}/approve`, undefined, { 'if-match': `"${u.version}"` });
}

function pendingLogin(r, what) {
  assert.equal(r.status, 403, what);
  assert.equal(r.body.error.code, 'account_pending', what);
  assert.match(r.body.error.message, /センター長の承認待ち/);
  assert.equal(r.headers.get('set-cookie'), null, 'no session cookie');
}

async function auditOf(id) {
  const r = await director.get(`/api/v1/audit?limit=500`);
  assert.equal(r.status, 200);
  return r.body.items.filter((i) => i.object.type === 'user' && i.object.id === id).reverse();
}

test('an account the admin creates waits for a director; then it logs in', async () => {
  const r = await admin.post('/api/v1/users', { login: 'new.welfare', name: '福祉 新人', role: 'welfare', password: 'welfare-pass-1' });
  assert.equal(r.status, 201);
  assert.equal(r.body.status, 'pending');
  assert.equal(r.body.pending_reason, 'created');
  assert.equal(r.body.approved_by, null);
  assert.equal(r.body.approved_at, null);

  // The right password: told that the account waits (it leaks nothing the caller did not know).
  pendingLogin(await new Client(server.url).login('new.welfare', 'welfare-pass-1'), 'pending');
  // A wrong password: the usual 401, as for an unknown login.
  const wrong = await new Client(server.url).login('new.welfare', 'not-the-password');
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error.code, 'unauthenticated');

  // Both the admin and the director see it among the pending accounts.
  for (const c of [admin, director]) {
    const pending = await c.get('/api/v1/users?status=pending');
    assert.equal(pending.status, 200);
    assert.deepEqual(pending.body.items.map((u) => u.login), ['new.welfare']);
  }
  const active = await director.get('/api/v1/users?status=active');
  assert.deepEqual(active.body.items.map((u) => u.login).sort(), ['chou', 'chou2', 'hoken', 'kanri']);
  const bad = await director.get('/api/v1/users?status=waiting');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'invalid_field');
  assert.equal(bad.body.error.field, 'status');

  const ok = await director.post(`/api/v1/users/${r.body.id}/approve`, {}, { 'if-match': '"1"' });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.status, 'active');
  assert.equal(ok.body.pending_reason, null);
  assert.equal(ok.body.approved_by, ids.director);
  assert.match(ok.body.approved_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
  assert.equal(ok.body.version, 2);
  assert.equal(ok.headers.get('etag'), '"2"');

  const c = new Client(server.url);
  assert.equal((await c.login('new.welfare', 'welfare-pass-1')).status, 200);
  assert.equal((await c.get(`/api/v1/persons/${personId}`)).status, 200);

  // Audited: created by the admin, approved by the director, the refused login.
  const rows = await auditOf(r.body.id);
  assert.deepEqual(rows.filter((i) => ['create', 'approve'].includes(i.action)).map((i) => [i.action, i.user_id]), [
    ['create', ids.admin],
    ['approve', ids.director],
  ]);
  assert.ok(rows.some((i) => i.action === 'login_pending' && i.user_id === r.body.id));
});

test('the attack of the issue: admin resets a director password, logs in as it — refused until another director approves', async () => {
  const victim = new Client(server.url);
  assert.equal((await victim.login(DIRECTOR2.login, DIRECTOR2.password)).status, 200);
  const before = await user(ids.director2, admin);
  assert.equal(before.status, 'active');
  const reset = await admin.patch(`/api/v1/users/${ids.director2}`, { password: 'admin-knows-this' }, { 'if-match': `"${before.version}"` });
  assert.equal(reset.status, 200);
  assert.equal(reset.body.status, 'pending');
  assert.equal(reset.body.pending_reason, 'password_reset');
  // The reset ends the person's sessions.
  assert.equal((await victim.get('/api/v1/session')).status, 401);
  assert.equal((await director2.get(`/api/v1/persons/${personId}`)).status, 401);
  // The admin has the password, but not a session that reads case content.
  const mask = new Client(server.url);
  pendingLogin(await mask.login(DIRECTOR2.login, 'admin-knows-this'), 'reset director');
  assert.equal((await mask.get(`/api/v1/persons/${personId}`)).status, 401);
  // The admin cannot approve (that is the director's permission).
  const self = await approve(ids.director2, admin);
  assert.equal(self.status, 403);
  assert.equal(self.body.error.code, 'forbidden');
  // Another director approves, having seen the account; then the new password works.
  const ok = await approve(ids.director2, director);
  assert.equal(ok.status, 200);
  assert.equal(ok.body.approved_by, ids.director);
  director2 = new Client(server.url);
  assert.equal((await director2.login(DIRECTOR2.login, 'admin-knows-this')).status, 200);
});

test('a new role waits; becoming admin does not; a name change or disabling changes nothing of it', async () => {
  const r = await admin.post('/api/v1/users', { login: 'promoted', name: '昇任 予定', role: 'clerk', password: 'promoted-pass-1' });
  assert.equal((await approve(r.body.id)).status, 200);
  const c = new Client(server.url);
  assert.equal((await c.login('promoted', 'promoted-pass-1')).status, 200);

  // A new name: no approval, the session stays.
  let u = await user(r.body.id);
  const renamed = await admin.patch(`/api/v1/users/${r.body.id}`, { name: '昇任 済み' }, { 'if-match': `"${u.version}"` });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.status, 'active');
  assert.equal(renamed.body.approved_by, ids.director, 'the approval stands');
  assert.equal((await c.get('/api/v1/session')).status, 200);

  // clerk -> director: pending, the session ends, the approval is withdrawn.
  const up = await admin.patch(`/api/v1/users/${r.body.id}`, { role: 'director' }, { 'if-match': `"${renamed.body.version}"` });
  assert.equal(up.status, 200);
  assert.equal(up.body.status, 'pending');
  assert.equal(up.body.pending_reason, 'role_changed');
  assert.equal(up.body.approved_by, null);
  assert.equal(up.body.approved_at, null);
  assert.equal((await c.get('/api/v1/session')).status, 401);
  pendingLogin(await new Client(server.url).login('promoted', 'promoted-pass-1'), 'new role');
  // A password reset on top keeps the weightier reason.
  const both = await admin.patch(`/api/v1/users/${r.body.id}`, { password: 'promoted-pass-2' }, { 'if-match': `"${up.body.version}"` });
  assert.equal(both.body.pending_reason, 'role_changed');
  // Disabling and enabling a pending account leaves it pending.
  const off = await admin.patch(`/api/v1/users/${r.body.id}`, { disabled: true }, { 'if-match': `"${both.body.version}"` });
  const on = await admin.patch(`/api/v1/users/${r.body.id}`, { disabled: false }, { 'if-match': `"${off.body.version}"` });
  assert.equal(on.body.status, 'pending');

  // director -> admin needs nobody (admin reads no case content) ...
  const toAdmin = await admin.patch(`/api/v1/users/${r.body.id}`, { role: 'admin' }, { 'if-match': `"${on.body.version}"` });
  assert.equal(toAdmin.status, 200);
  assert.equal(toAdmin.body.status, 'active');
  const asAdmin = new Client(server.url);
  assert.equal((await asAdmin.login('promoted', 'promoted-pass-2')).status, 200);
  assert.equal((await asAdmin.get(`/api/v1/persons/${personId}`)).status, 403);
  // ... admin -> director does.
  const back = await admin.patch(`/api/v1/users/${r.body.id}`, { role: 'director' }, { 'if-match': `"${toAdmin.body.version}"` });
  assert.equal(back.body.status, 'pending');
  assert.equal((await asAdmin.get('/api/v1/session')).status, 401);

  // An admin account made through the API is active at once.
  const adm = await admin.post('/api/v1/users', { login: 'kanri2', name: '管理 次郎', role: 'admin', password: 'admin2-pass-2024' });
  assert.equal(adm.status, 201);
  assert.equal(adm.body.status, 'active');
  assert.equal((await new Client(server.url).login('kanri2', 'admin2-pass-2024')).status, 200);

  // Every step is in the audit log: create, approve, the updates.
  const actions = (await auditOf(r.body.id)).map((i) => i.action).filter((a) => a !== 'login' && a !== 'login_pending');
  assert.deepEqual(actions, ['create', 'approve', 'update', 'update', 'update', 'update', 'update', 'update', 'update']);
});

test('approving: director only, with CSRF and If-Match, a pending account only', async () => {
  const r = await admin.post('/api/v1/users', { login: 'checked', name: '確認 用', role: 'health', password: 'checked-pass-1' });
  const id = r.body.id;
  const noMatch = await director.post(`/api/v1/users/${id}/approve`);
  assert.equal(noMatch.status, 400);
  assert.equal(noMatch.body.error.field, 'If-Match');
  // The director approves what they saw: a change since then is a conflict.
  const renamed = await admin.patch(`/api/v1/users/${id}`, { name: '確認 済み' }, { 'if-match': '"1"' });
  assert.equal(renamed.status, 200);
  const stale = await director.post(`/api/v1/users/${id}/approve`, undefined, { 'if-match': '"1"' });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'version_conflict');
  const unknownField = await director.post(`/api/v1/users/${id}/approve`, { note: 'x' }, { 'if-match': '"2"' });
  assert.equal(unknownField.status, 400);
  assert.equal(unknownField.body.error.field, 'note');
  const noCsrf = await director.post(`/api/v1/users/${id}/approve`, undefined, { 'if-match': '"2"', 'x-csrf-token': 'nope' });
  assert.equal(noCsrf.status, 403);
  const byHealth = await health.post(`/api/v1/users/${id}/approve`, undefined, { 'if-match': '"2"' });
  assert.equal(byHealth.status, 403);
  assert.equal(byHealth.body.error.code, 'forbidden');
  assert.equal((await user(id)).status, 'pending', 'nothing changed');

  const missing = await director.post('/api/v1/users/no-such-user/approve', undefined, { 'if-match': '"1"' });
  assert.equal(missing.status, 404);
  assert.equal((await director.post(`/api/v1/users/${id}/approve`, undefined, { 'if-match': '"2"' })).status, 200);
  const again = await director.post(`/api/v1/users/${id}/approve`, undefined, { 'if-match': '"3"' });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'invalid_transition');

  // The director reads the accounts but changes none.
  assert.equal((await director.patch(`/api/v1/users/${id}`, { name: 'x' }, { 'if-match': '"3"' })).status, 403);
  assert.equal((await director.post('/api/v1/users', { login: 'x', name: 'x', role: 'clerk', password: 'long-enough-pass' })).status, 403);
});

test('a session of an account that became pending is refused at once', async () => {
  const c = new Client(server.url);
  assert.equal((await c.login(HEALTH.login, HEALTH.password)).status, 200);
  assert.equal((await c.get('/api/v1/session')).status, 200);
  // Set behind the API's back (the API ends the sessions itself): the session check refuses it too.
  sql(server, `UPDATE users SET status = 'pending', pending_reason = 'password_reset' WHERE login = '${HEALTH.login}'`);
  const r = await c.get(`/api/v1/persons/${personId}`);
  assert.equal(r.status, 401);
  assert.equal(r.body.error.code, 'unauthenticated');
  // The command line, run on the server by its operator, may approve (e.g. the only director).
  const cli = spawnSync(BIN, ['user', 'approve', HEALTH.login, ...storeArgs(server)], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /approved/);
  const u = (await director.get('/api/v1/users?status=active')).body.items.find((x) => x.login === HEALTH.login);
  assert.equal(u.status, 'active');
  assert.equal(u.approved_by, null, 'approved by the operator, not by a user');
  assert.ok(u.approved_at);
  const again = spawnSync(BIN, ['user', 'approve', HEALTH.login, ...storeArgs(server)], { encoding: 'utf8' });
  assert.notEqual(again.status, 0);
  assert.match(again.stderr, /not waiting/);
  const none = spawnSync(BIN, ['user', 'approve', 'nobody', ...storeArgs(server)], { encoding: 'utf8' });
  assert.notEqual(none.status, 0);
  assert.match(none.stderr, /no user/);
  assert.equal((await new Client(server.url).login(HEALTH.login, HEALTH.password)).status, 200);
  const rows = await auditOf(u.id);
  assert.ok(rows.some((i) => i.action === 'approve' && i.user_id === null), 'the operator approval is audited');
});
