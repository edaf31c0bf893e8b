// GET /api/v1/staff: the staff a case or a conference may name (lead, deputy, action owner,
// attendee) for the roles that work on cases — the active, enabled accounts of director,
// coordinator, health and welfare, with id, name and role only; never the clerk, the admin, a
// partner, a pending or a disabled account; and no login or account state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, startServer } from '../lib/server.mjs';
import { stopClean } from './support.mjs';

const ROLES = ['director', 'coordinator', 'health', 'welfare', 'clerk', 'partner', 'admin'];
const USERS = ROLES.map((role) => ({ login: `${role}9`, role, name: `${role} 職員`, password: `${role}-password-9` }));

let server;
const c = {};

before(async () => {
  server = await startServer({ users: USERS, args: ['--rate-limit', '0'] });
  for (const u of USERS) {
    c[u.role] = new Client(server.url);
    assert.equal((await c[u.role].login(u.login, u.password)).status, 200, u.role);
  }
});

after(async () => {
  if (server) await stopClean(server);
});

test('the case roles read the staff: id, name, role of the active case staff only', async () => {
  // A nurse created through the API waits for a director's approval: not yet staff to name.
  const pending = await c.admin.post('/api/v1/users', { login: 'newnurse', name: '新人 保健師', role: 'health', password: 'newnurse-pass-1' });
  assert.equal(pending.status, 201);
  // A disabled welfare worker is no longer named either.
  const users = await c.director.get('/api/v1/users?limit=500');
  const welfare = users.body.items.find((u) => u.login === 'welfare9');
  for (const role of ['director', 'coordinator', 'health', 'welfare']) {
    const r = await c[role].get('/api/v1/staff');
    assert.equal(r.status, 200, role);
    assert.equal(r.body.next_cursor, null);
    assert.deepEqual(
      r.body.items.map((s) => s.name).sort(),
      ['coordinator 職員', 'director 職員', 'health 職員', 'welfare 職員'].sort(),
      role,
    );
    for (const s of r.body.items) {
      assert.deepEqual(Object.keys(s).sort(), ['id', 'name', 'role', 'role_label']);
      assert.ok(s.role_label.length > 0);
    }
  }
  const before = (await c.coordinator.get('/api/v1/staff')).body.items;
  assert.equal(before.find((s) => s.role === 'welfare').id, welfare.id);
  const off = await c.admin.patch(`/api/v1/users/${encodeURIComponent(welfare.id)}`, { disabled: true }, { 'if-match': `"${welfare.version}"` });
  assert.equal(off.status, 200, JSON.stringify(off.body));
  const afterOff = (await c.coordinator.get('/api/v1/staff')).body.items;
  assert.deepEqual(afterOff.map((s) => s.role).sort(), ['coordinator', 'director', 'health']);
});

test('the clerk, the admin and a partner read no staff; no session → 401', async () => {
  for (const role of ['clerk', 'admin', 'partner']) {
    const r = await c[role].get('/api/v1/staff');
    assert.equal(r.status, 403, role);
    assert.equal(r.body.error.code, 'forbidden');
  }
  const anon = await new Client(server.url).get('/api/v1/staff');
  assert.equal(anon.status, 401);
});
