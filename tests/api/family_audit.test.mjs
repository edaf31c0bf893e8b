// Issue 13, the family at intake and the audit screen: a child's 所属; a guardian's reports
// (GET /reports?guardian_id=: audited, never the reporter); the audit log by staff member and by
// period, with the staff's and persons' names — names shown to the director are audited, the
// admin (no case content) gets ids only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stopClean } from './support.mjs';
import { USERS, startWithRoles, invalid, person, todayJst, addDays } from './health_support.mjs';

let server, c, ids;
let child, mother, other;

before(async () => {
  ({ server, c, ids } = await startWithRoles(['director', 'welfare', 'health', 'admin']));
  mother = await person(c.welfare, { family_name: '家族', given_name: '花子', family_name_kana: 'カゾク', birth_date: '1990-05-05' });
  other = await person(c.welfare, { family_name: '別家', given_name: '次子', family_name_kana: 'ベツケ', birth_date: '2019-01-01' });
});

after(async () => {
  if (server) await stopClean(server);
});

const HOUR = 3600e3;
const jst = (ms) => new Date(ms + 9 * HOUR).toISOString().slice(0, 19) + '+09:00';
const intake = (extra = {}) => ({
  kind: 'abuse_report',
  received_at: jst(Math.floor(Date.now() / 60e3) * 60e3 - HOUR),
  route: 'school',
  abuse_types: ['neglect'],
  summary: '登校時に空腹を訴える',
  reporter: { name: '担任 先生', relation: '学校', contact: '03-1111-2222', anonymous: false },
  ...extra,
});

test('a child registered during a call keeps its 所属; too long is refused, naming the field', async () => {
  const r = await c.welfare.post('/api/v1/persons', {
    family_name: '家族',
    given_name: '一郎',
    family_name_kana: 'カゾク',
    birth_date: '2017-06-01',
    address: '東京都西東京市南町1-2-3',
    affiliation: '西東京市立南小学校',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  child = r.body;
  assert.equal(child.affiliation, '西東京市立南小学校');
  const read = await c.health.get(`/api/v1/persons/${child.id}`);
  assert.equal(read.body.affiliation, '西東京市立南小学校');
  const upd = await c.welfare.patch(`/api/v1/persons/${child.id}`, { affiliation: 'みなみ保育園' }, { 'if-match': '"1"' });
  assert.equal(upd.status, 200, JSON.stringify(upd.body));
  assert.equal(upd.body.affiliation, 'みなみ保育園');
  assert.equal(upd.body.version, 2);
  invalid(await c.welfare.patch(`/api/v1/persons/${child.id}`, { affiliation: 'あ'.repeat(101) }, { 'if-match': '"2"' }), 'affiliation');
  assert.equal((await c.welfare.get(`/api/v1/persons/${child.id}`)).body.affiliation, 'みなみ保育園');
  // Cleared by an empty string.
  const cleared = await c.welfare.patch(`/api/v1/persons/${child.id}`, { affiliation: '' }, { 'if-match': '"2"' });
  assert.equal(cleared.body.affiliation, null);
});

let report;

test("a guardian's reports: only those naming her as guardian, without the reporter, audited against her", async () => {
  const r = await c.welfare.post('/api/v1/reports', intake({ child_ids: [child.id], guardians: [{ person_id: mother.id, relation: '実母' }] }));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  report = r.body;
  // A report about another child with no guardian named.
  assert.equal((await c.welfare.post('/api/v1/reports', intake({ child_ids: [other.id] }))).status, 201);

  const list = await c.welfare.get(`/api/v1/reports?guardian_id=${mother.id}`);
  assert.equal(list.status, 200, JSON.stringify(list.body));
  assert.deepEqual(list.body.items.map((i) => i.id), [report.id]);
  assert.equal('reporter' in list.body.items[0], false);
  assert.deepEqual(list.body.items[0].guardians.map((g) => g.person_id), [mother.id]);
  // A child is not her own guardian; a person named nowhere has none.
  assert.deepEqual((await c.welfare.get(`/api/v1/reports?guardian_id=${child.id}`)).body.items, []);
  assert.deepEqual((await c.welfare.get(`/api/v1/reports?guardian_id=${other.id}`)).body.items, []);
  // The council's export takes no list filter: a guardian_id with it is refused, naming it.
  invalid(await c.director.get(`/api/v1/reports?format=csv&guardian_id=${mother.id}`), 'guardian_id');
  // The admin reads no reports.
  assert.equal((await c.admin.get(`/api/v1/reports?guardian_id=${mother.id}`)).status, 403);

  const audit = await c.director.get(`/api/v1/audit?person_id=${mother.id}&user_id=${ids.welfare}`);
  const reads = audit.body.items.filter((i) => i.action === 'read' && i.object.type === 'report' && i.object.id === report.id);
  assert.ok(reads.length >= 1, JSON.stringify(audit.body.items));
  assert.equal(audit.body.items.some((i) => i.object.type === 'report_reporter'), false);
});

test('the audit log names the staff member and the person; the names shown are audited', async () => {
  const r = await c.director.get(`/api/v1/audit?person_id=${mother.id}`);
  assert.equal(r.status, 200);
  const row = r.body.items.find((i) => i.user_id === ids.welfare);
  assert.ok(row, JSON.stringify(r.body.items));
  assert.equal(row.user_login, USERS.welfare.login);
  assert.equal(row.user_name, USERS.welfare.name);
  assert.deepEqual(row.person_name, { family_name: '家族', given_name: '花子' });

  // Every person named on a page the director reads is audited as her reading of the log.
  const page = await c.director.get(`/api/v1/audit?user_id=${ids.welfare}&limit=500`);
  const named = new Set(page.body.items.filter((i) => i.person_name).map((i) => i.person_id));
  assert.ok(named.has(child.id) && named.has(mother.id) && named.has(other.id));
  for (const pid of named) {
    const rows = (await c.director.get(`/api/v1/audit?person_id=${pid}&user_id=${ids.director}`)).body.items;
    assert.ok(
      rows.some((i) => i.action === 'read' && i.object.type === 'audit'),
      `the director's reading of ${pid}'s name`,
    );
  }

  // The admin reads the log but no case content: ids, never the persons' names.
  const a = await c.admin.get(`/api/v1/audit?person_id=${mother.id}`);
  assert.equal(a.status, 200);
  assert.ok(a.body.items.length > 0);
  for (const i of a.body.items) assert.equal(i.person_name, null);
  assert.ok(a.body.items.some((i) => i.user_name === USERS.welfare.name));
});

test('the audit log by staff member: only that member’s rows', async () => {
  const r = await c.director.get(`/api/v1/audit?user_id=${ids.health}&limit=500`);
  assert.equal(r.status, 200);
  assert.ok(r.body.items.length > 0);
  for (const i of r.body.items) assert.equal(i.user_id, ids.health);
  assert.ok(r.body.items.some((i) => i.object.type === 'person' && i.person_id === child.id));
});

test('the audit log by period: from and to are Japan dates, both days included', async () => {
  const today = todayJst();
  const all = (await c.director.get(`/api/v1/audit?user_id=${ids.welfare}&limit=500`)).body.items;
  const within = await c.director.get(`/api/v1/audit?user_id=${ids.welfare}&from=${today}&to=${today}&limit=500`);
  assert.equal(within.status, 200, JSON.stringify(within.body));
  // Every row written today (Japan) is in, and nothing else.
  const todays = all.filter((i) => i.at.startsWith(today));
  assert.ok(todays.length > 0);
  assert.deepEqual(within.body.items.map((i) => i.seq), todays.map((i) => i.seq));
  const before = await c.director.get(`/api/v1/audit?user_id=${ids.welfare}&to=${addDays(today, -1)}`);
  assert.deepEqual(before.body.items, []);
  const after = await c.director.get(`/api/v1/audit?user_id=${ids.welfare}&from=${addDays(today, 1)}`);
  assert.deepEqual(after.body.items, []);
  invalid(await c.director.get('/api/v1/audit?from=2026-13-01'), 'from');
  invalid(await c.director.get('/api/v1/audit?to=yesterday'), 'to');
  invalid(await c.director.get(`/api/v1/audit?from=${today}&to=${addDays(today, -1)}`), 'to');
  // Refused as a whole: nobody else reads the log.
  assert.equal((await c.welfare.get('/api/v1/audit')).status, 403);
});

test('every action and object type in the log has a Japanese label in /meta', async () => {
  const meta = (await c.director.get('/api/v1/meta')).body.codes;
  const rows = (await c.director.get('/api/v1/audit?limit=500')).body.items;
  for (const i of rows) {
    assert.ok(meta.audit_actions.some((a) => a.code === i.action), `action ${i.action}`);
    assert.ok(meta.audit_object_types.some((a) => a.code === i.object.type), `object type ${i.object.type}`);
  }
  for (const code of ['hand', 'export', 'import']) assert.ok(meta.audit_actions.some((a) => a.code === code), code);
  for (const code of ['stats', 'export', 'import']) assert.ok(meta.audit_object_types.some((a) => a.code === code), code);
});
