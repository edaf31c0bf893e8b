// The 要対協's agencies (/api/v1/agencies) and a partner account's agency (users API, CLI): who
// enters and reads them, their validation, If-Match, and the audit of each change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { stopClean } from './support.mjs';
import { startWithRoles, invalid, missing, error, forbidden } from './health_support.mjs';
import { BIN } from '../lib/server.mjs';
import { storeArgs } from '../lib/store.mjs';

const A = '/api/v1/agencies';
let server, c, ids;

before(async () => {
  ({ server, c, ids } = await startWithRoles(['director', 'coordinator', 'health', 'welfare', 'clerk', 'partner', 'admin']));
});

after(async () => {
  if (server) await stopClean(server);
});

test('the director and the coordinator enter agencies; staff and admin read them', async () => {
  const r = await c.director.post(A, { name: '西東京警察署', kind: 'police' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.version, 1);
  assert.equal(r.body.kind_label, '警察');
  assert.equal(r.headers.get('location'), `${A}/${r.body.id}`);
  const r2 = await c.coordinator.post(A, { name: 'ひばり保育園', kind: 'nursery' });
  assert.equal(r2.status, 201);
  for (const role of ['health', 'welfare', 'clerk', 'partner', 'admin']) forbidden(await c[role].post(A, { name: `x${role}`, kind: 'other' }));
  for (const role of ['director', 'coordinator', 'health', 'welfare', 'admin']) {
    const got = await c[role].get(`${A}/${r.body.id}`);
    assert.equal(got.status, 200, role);
    assert.equal(got.body.name, '西東京警察署');
    const list = await c[role].get(A);
    assert.ok(list.body.items.some((a) => a.id === r2.body.id));
  }
  for (const role of ['clerk', 'partner']) forbidden(await c[role].get(A));
  error(await c.director.get(`${A}/no-such`), 404, 'not_found');
});

test('validation: name required, unique, at most 100; kind from the table', async () => {
  missing(await c.director.post(A, { kind: 'school' }), 'name');
  missing(await c.director.post(A, { name: '学校A' }), 'kind');
  invalid(await c.director.post(A, { name: '学校A', kind: 'castle' }), 'kind');
  invalid(await c.director.post(A, { name: 'あ'.repeat(101), kind: 'school' }), 'name');
  invalid(await c.director.post(A, { name: '学校A', kind: 'school', extra: 1 }), 'extra');
  assert.equal((await c.director.post(A, { name: '学校A', kind: 'school' })).status, 201);
  invalid(await c.director.post(A, { name: '学校A', kind: 'school' }), 'name');
});

test('PATCH with If-Match: a stale version is 409; each change audited', async () => {
  const a = (await c.coordinator.post(A, { name: '東小学校', kind: 'school' })).body;
  error(await c.coordinator.patch(`${A}/${a.id}`, { name: '東第一小学校' }, { 'If-Match': '"2"' }), 409, 'version_conflict');
  const r = await c.coordinator.patch(`${A}/${a.id}`, { name: '東第一小学校' }, { 'If-Match': '"1"' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.version, 2);
  assert.equal(r.body.name, '東第一小学校');
  assert.equal(r.body.kind, 'school');
  forbidden(await c.welfare.patch(`${A}/${a.id}`, { name: 'x' }, { 'If-Match': '"2"' }));
  const audit = (await c.director.get('/api/v1/audit?limit=500')).body.items.filter((i) => i.object.type === 'agency' && i.object.id === a.id);
  assert.deepEqual(audit.map((i) => i.action).sort(), ['create', 'update']);
});

test('a partner account belongs to an agency: required for partners, refused for others', async () => {
  const a = (await c.director.post(A, { name: '南中学校', kind: 'school' })).body;
  const base = { login: 'kankei-minami', name: '南中 教頭', role: 'partner', password: 'partner-pass-2025' };
  missing(await c.admin.post('/api/v1/users', base), 'agency_id');
  invalid(await c.admin.post('/api/v1/users', { ...base, agency_id: 'no-such' }), 'agency_id');
  invalid(await c.admin.post('/api/v1/users', { ...base, role: 'health', agency_id: a.id }), 'agency_id');
  const u = await c.admin.post('/api/v1/users', { ...base, agency_id: a.id });
  assert.equal(u.status, 201, JSON.stringify(u.body));
  assert.equal(u.body.agency_id, a.id);
  // A new role other than partner drops the agency; naming one for staff is refused.
  invalid(await c.admin.patch(`/api/v1/users/${u.body.id}`, { role: 'welfare', agency_id: a.id }, { 'If-Match': `"${u.body.version}"` }), 'agency_id');
  const other = (await c.director.post(A, { name: '北中学校', kind: 'school' })).body;
  const moved = await c.admin.patch(`/api/v1/users/${u.body.id}`, { agency_id: other.id }, { 'If-Match': `"${u.body.version}"` });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.equal(moved.body.agency_id, other.id);
  const staff = await c.admin.patch(`/api/v1/users/${u.body.id}`, { role: 'welfare' }, { 'If-Match': `"${moved.body.version}"` });
  assert.equal(staff.status, 200, JSON.stringify(staff.body));
  assert.equal(staff.body.agency_id, null);
});

test('tsunagu user add --agency: a partner with its agency; --agency refused for staff', async () => {
  const a = (await c.director.post(A, { name: '西保育園', kind: 'nursery' })).body;
  const add = (login, role, extra) =>
    spawnSync(BIN, ['user', 'add', login, '--role', role, '--name', '西 保育士', ...extra, ...storeArgs(server.store)], {
      input: 'partner-pass-2025\n', encoding: 'utf8',
    });
  const ok = add('nishi-hoiku', 'partner', ['--agency', a.id]);
  assert.equal(ok.status, 0, ok.stderr);
  const bad = add('nishi-hoiku2', 'partner', ['--agency', 'no-such']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /agency/);
  const staff = add('nishi-hoken', 'health', ['--agency', a.id]);
  assert.notEqual(staff.status, 0);
  const list = (await c.admin.get('/api/v1/users?limit=500')).body.items;
  assert.equal(list.find((u) => u.login === 'nishi-hoiku').agency_id, a.id);
  assert.ok(!list.some((u) => u.login === 'nishi-hoiku2' || u.login === 'nishi-hoken'));
});
