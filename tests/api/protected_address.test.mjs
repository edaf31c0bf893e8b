// 住所秘匿 (domain.md "Protected addresses"): the mark is set and taken off by case staff only, as an
// audited change with a timeline event; staff read the address with the mark beside it, each such
// answer audited as a read of person_address; clerks get it withheld and may not overwrite it; the
// household's address is protected with its member; the ledger and its CSV never carry it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, startServer } from '../lib/server.mjs';
import { sql, sqlRows } from '../lib/store.mjs';
import { stopClean } from './support.mjs';

const USERS = {
  director: { login: 'director1', role: 'director', name: '所長 一郎', password: 'director-pass-2024' },
  welfare: { login: 'fukushi1', role: 'welfare', name: '福祉 ひかり', password: 'hikari-pass-2024' },
  clerk: { login: 'jimu1', role: 'clerk', name: '事務 花子', password: 'hanako-pass-2024' },
};
const ADDRESS = '東京都西東京市南町5-6-7 シェルター302';
const PHONE = '090-9999-0001';

let server;
const c = {};
const ids = {};
let mother, child, household;

before(async () => {
  server = await startServer({ users: Object.values(USERS), args: ['--rate-limit', '0'] });
  for (const [k, u] of Object.entries(USERS)) {
    c[k] = new Client(server.url);
    assert.equal((await c[k].login(u.login, u.password)).status, 200);
    ids[k] = sqlRows(server, `SELECT id FROM users WHERE login = '${u.login}'`)[0].id;
  }
  const mk = async (body) => {
    const r = await c.welfare.post('/api/v1/persons', body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  mother = await mk({ family_name: '秘匿', given_name: '花', family_name_kana: 'ヒトク', given_name_kana: 'ハナ', birth_date: '1992-03-03', address: ADDRESS, phone: PHONE });
  child = await mk({ family_name: '秘匿', given_name: '空', family_name_kana: 'ヒトク', given_name_kana: 'ソラ', birth_date: '2021-06-06' });
  const h = await c.welfare.post('/api/v1/households', {
    name: '秘匿家',
    address: ADDRESS,
    members: [{ person_id: mother.id, relation: 'mother' }, { person_id: child.id, relation: 'child' }],
  });
  assert.equal(h.status, 201);
  household = h.body;
});

after(async () => {
  if (server) await stopClean(server);
});

async function auditOf(personId, type) {
  const r = await c.director.get(`/api/v1/audit?person_id=${personId}&limit=500`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.filter((i) => i.object.type === type);
}

test('a person is not protected until marked; the mark needs case staff (a clerk: 403)', async () => {
  const r = await c.welfare.get(`/api/v1/persons/${mother.id}`);
  assert.equal(r.body.address_protected, false);
  assert.equal(r.body.address_withheld, false);
  const clerk = await c.clerk.patch(`/api/v1/persons/${mother.id}`, { address_protected: true }, { 'if-match': `"${mother.version}"` });
  assert.equal(clerk.status, 403);
  assert.equal(sql(server, `SELECT address_protected FROM persons WHERE id = '${mother.id}'`), '0');
  const bad = await c.welfare.patch(`/api/v1/persons/${mother.id}`, { address_protected: 'yes' }, { 'if-match': `"${mother.version}"` });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'address_protected');
});

test('welfare marks it: a new version, an audited change of person_address, an address_protection event', async () => {
  const r = await c.welfare.patch(`/api/v1/persons/${mother.id}`, { address_protected: true }, { 'if-match': `"${mother.version}"` });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.address_protected, true);
  assert.equal(r.body.version, mother.version + 1);
  assert.equal(r.body.address, ADDRESS); // staff who may read it see it, with the mark
  mother = r.body;
  const changes = (await auditOf(mother.id, 'person_address')).filter((i) => i.action === 'update');
  assert.deepEqual(changes.map((i) => [i.user_id, i.object.id]), [[ids.welfare, mother.id]]);
  const tl = await c.welfare.get(`/api/v1/persons/${mother.id}/timeline`);
  const ev = tl.body.items.filter((e) => e.kind === 'address_protection');
  assert.equal(ev.length, 1);
  assert.equal(ev[0].section, 'common');
  // Marking again changes nothing: no new version, no second event.
  const again = await c.welfare.patch(`/api/v1/persons/${mother.id}`, { address_protected: true }, { 'if-match': `"${mother.version}"` });
  assert.equal(again.status, 200);
  assert.equal(again.body.version, mother.version);
});

test('staff read it with the mark: each answer audited as a read of person_address', async () => {
  const before = (await auditOf(mother.id, 'person_address')).filter((i) => i.action === 'read').length;
  const r = await c.director.get(`/api/v1/persons/${mother.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.address, ADDRESS);
  assert.equal(r.body.phone, PHONE);
  assert.equal(r.body.address_protected, true);
  const reads = (await auditOf(mother.id, 'person_address')).filter((i) => i.action === 'read');
  assert.equal(reads.length, before + 1);
  assert.equal(reads.find((i) => i.user_id === ids.director)?.object.id, mother.id);
  // An unprotected person's answer is no read of person_address.
  await c.director.get(`/api/v1/persons/${child.id}`);
  assert.deepEqual(await auditOf(child.id, 'person_address'), []);
});

test('a clerk gets the address and phone withheld, and may not overwrite them', async () => {
  const r = await c.clerk.get(`/api/v1/persons/${mother.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.address, null);
  assert.equal(r.body.phone, null);
  assert.equal(r.body.address_withheld, true);
  assert.equal(r.body.address_protected, true);
  assert.ok(!JSON.stringify(r.body).includes('シェルター'));
  const clerkReads = (await auditOf(mother.id, 'person_address')).filter((i) => i.user_id === ids.clerk);
  assert.deepEqual(clerkReads, []); // nothing shown, nothing to audit
  for (const body of [{ address: '' }, { phone: '03-0000-0000' }]) {
    const w = await c.clerk.patch(`/api/v1/persons/${mother.id}`, body, { 'if-match': `"${mother.version}"` });
    assert.equal(w.status, 403, JSON.stringify(body));
  }
  // Other fields: yes, and the answer still withholds them.
  const ok = await c.clerk.patch(`/api/v1/persons/${mother.id}`, { given_name: '華' }, { 'if-match': `"${mother.version}"` });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.address, null);
  mother = ok.body;
  assert.equal(sql(server, `SELECT address FROM persons WHERE id = '${mother.id}'`), ADDRESS);
});

test('the household of a protected member: its address is protected the same way', async () => {
  const staff = await c.welfare.get(`/api/v1/households/${household.id}`);
  assert.equal(staff.status, 200);
  assert.equal(staff.body.address, ADDRESS);
  assert.equal(staff.body.address_protected, true);
  assert.equal(staff.body.members.find((m) => m.person_id === mother.id).address_protected, true);
  const reads = (await auditOf(mother.id, 'person_address')).filter((i) => i.action === 'read' && i.user_id === ids.welfare);
  assert.ok(reads.length >= 1);
  const clerk = await c.clerk.get(`/api/v1/households/${household.id}`);
  assert.equal(clerk.body.address, null);
  assert.equal(clerk.body.address_withheld, true);
  const w = await c.clerk.patch(`/api/v1/households/${household.id}`, { address: '別の住所' }, { 'if-match': `"${household.version}"` });
  assert.equal(w.status, 403);
});

test('the ledger and its CSV never carry a protected address or phone', async () => {
  sql(server, `INSERT INTO cases (id, household_id, lead_id, opened_on, created_by, created_at, updated_at, policy)
    VALUES ('case-hitoku', '${household.id}', '${ids.welfare}', '2026-01-05', '${ids.welfare}', 0, 0, '見守り継続');
    INSERT INTO case_subjects (case_id, person_id, category, youtaikyo, registered_on, added_on)
    VALUES ('case-hitoku', '${mother.id}', 'tokutei_ninpu', 1, '2026-01-10', '2026-01-05'),
           ('case-hitoku', '${child.id}', 'youshien', 1, '2026-01-10', '2026-01-05');`);
  const j = await c.welfare.get('/api/v1/ledger');
  assert.equal(j.status, 200, JSON.stringify(j.body));
  assert.equal(j.body.items.length, 2);
  const csv = await c.welfare.get('/api/v1/ledger?format=csv');
  assert.equal(csv.status, 200);
  for (const text of [JSON.stringify(j.body), csv.body]) {
    assert.ok(!text.includes('シェルター'), 'address');
    assert.ok(!text.includes(PHONE), 'phone');
  }
  const board = await c.welfare.get('/api/v1/board');
  assert.ok(!JSON.stringify(board.body).includes('シェルター'));
});

test('unmarking is audited too, and the address is no longer withheld', async () => {
  const r = await c.director.patch(`/api/v1/persons/${mother.id}`, { address_protected: false }, { 'if-match': `"${mother.version}"` });
  assert.equal(r.status, 200);
  assert.equal(r.body.address_protected, false);
  const changes = (await auditOf(mother.id, 'person_address')).filter((i) => i.action === 'update');
  assert.equal(changes.length, 2);
  const clerk = await c.clerk.get(`/api/v1/persons/${mother.id}`);
  assert.equal(clerk.body.address, ADDRESS);
  assert.equal(clerk.body.address_withheld, false);
});
