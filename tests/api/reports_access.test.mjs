// 通告・相談: who may take a call, read a report and record its steps; clerks never see the
// investigation notes; partners and admins never read reports; every read and change is audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stopClean } from './support.mjs';
import { startWithRoles, forbidden, invalid, person } from './health_support.mjs';

const R = '/api/v1/reports';
const SECRET = '父親が「しつけで叩いた」と認めた';
let server, c, ids;
let child, sibling;

before(async () => {
  ({ server, c, ids } = await startWithRoles(['director', 'coordinator', 'health', 'welfare', 'clerk', 'partner', 'admin']));
  child = await person(c.health, { family_name: '権限', given_name: '一子', family_name_kana: 'ケンゲン', birth_date: '2018-04-04' });
  sibling = await person(c.health, { family_name: '権限', given_name: '二子', family_name_kana: 'ケンゲン', birth_date: '2020-06-06' });
});

after(async () => {
  if (server) await stopClean(server);
});

const HOUR = 3600e3;
const jst = (ms) => new Date(ms + 9 * HOUR).toISOString().slice(0, 19) + '+09:00';
const intake = (extra = {}) => ({
  kind: 'abuse_report',
  received_at: jst(Math.floor(Date.now() / 60e3) * 60e3 - 2 * HOUR),
  child_ids: [child.id, sibling.id],
  route: 'nursery',
  abuse_types: ['physical'],
  summary: '保育所で腕にあざ',
  reporter: { name: '保育士 花', relation: '保育士', contact: '03-0000-0000', anonymous: false },
  ...extra,
});

async function auditRows(personId, reportId) {
  const r = await c.director.get(`/api/v1/audit?person_id=${personId}&limit=500`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.filter((i) => i.object.type === 'report' && i.object.id === reportId);
}

let report; // taken by the clerk, moved along by welfare

test('clerk takes the call: 201, received_by is the clerk', async () => {
  const r = await c.clerk.post(R, intake());
  assert.equal(r.status, 201, JSON.stringify(r.body));
  report = r.body;
  assert.equal(report.received_by, ids.clerk);
  assert.equal(report.status, 'received');
  assert.equal(report.events[0].recorded_by, ids.clerk);
  // Health and the coordinator may take a call too.
  for (const role of ['health', 'coordinator', 'director']) {
    const o = await c[role].post(R, intake({ child_ids: [sibling.id] }));
    assert.equal(o.status, 201, `${role}: ${JSON.stringify(o.body)}`);
    assert.equal(o.body.received_by, ids[role]);
  }
});

test('partner and admin never read or take reports', async () => {
  for (const role of ['partner', 'admin']) {
    forbidden(await c[role].get(R));
    forbidden(await c[role].get(`${R}?child_id=${child.id}`));
    forbidden(await c[role].get(`${R}/${report.id}`));
    forbidden(await c[role].post(R, intake()));
    forbidden(await c[role].post(`${R}/${report.id}/events`, { step: 'juri', urgency: 'a' }));
  }
  // A missing report is not told apart from a present one.
  forbidden(await c.partner.get(`${R}/no-such-report`));
  // The partner sees no safety alert either.
  forbidden(await c.partner.get('/api/v1/alerts'));
});

test('clerk and health cannot record steps; nothing is recorded', async () => {
  const before = (await c.welfare.get(`${R}/${report.id}`)).body;
  for (const role of ['clerk', 'health']) {
    forbidden(await c[role].post(`${R}/${report.id}/events`, { step: 'juri', urgency: 'a' }));
    forbidden(await c[role].post(`${R}/${report.id}/events`, { step: 'investigation', note: 'x' }));
  }
  const afterGet = (await c.welfare.get(`${R}/${report.id}`)).body;
  assert.deepEqual(afterGet.events, before.events);
  assert.equal(afterGet.status, 'received');
  assert.equal(afterGet.version, 1);
});

test('welfare, the coordinator and the director record steps', async () => {
  let r = await c.welfare.post(`${R}/${report.id}/events`, { step: 'juri', urgency: 'a', note: '受理会議：A' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await c.coordinator.post(`${R}/${report.id}/events`, { step: 'investigation', note: SECRET });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.events.at(-1).note, SECRET);
  assert.equal(r.body.events.at(-1).recorded_by, ids.coordinator);
  r = await c.welfare.post(`${R}/${report.id}/events`, { step: 'investigation', note: null });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await c.director.post(`${R}/${report.id}/events`, { step: 'safety_confirmed', child_ids: [child.id], note: '園で面接' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.status, 'investigation', 'one of two children seen');
  report = r.body;
  assert.deepEqual(report.events.map((e) => e.step), ['received', 'juri', 'investigation', 'investigation', 'safety_confirmed']);
});

test('clerk reads the report without the investigation notes; welfare, health, director see them', async () => {
  const r = await c.clerk.get(`${R}/${report.id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const ev = r.body.events;
  assert.deepEqual(ev.map((e) => [e.step, e.note, e.note_hidden]), [
    ['received', null, false],
    ['juri', '受理会議：A', false],
    ['investigation', null, true],
    ['investigation', null, false], // no note to hide
    ['safety_confirmed', '園で面接', false],
  ]);
  assert.ok(!JSON.stringify(r.body).includes(SECRET), 'the note appears nowhere in the answer');
  assert.equal(r.body.summary, '保育所で腕にあざ');
  // The clerk's list and the children's timeline do not carry it either.
  const list = await c.clerk.get(`${R}?child_id=${child.id}`);
  assert.equal(list.status, 200);
  assert.ok(list.body.items.some((i) => i.id === report.id));
  assert.ok(!JSON.stringify(list.body).includes(SECRET));
  const tl = await c.clerk.get(`/api/v1/persons/${child.id}/timeline`);
  assert.equal(tl.status, 200);
  assert.ok(!JSON.stringify(tl.body).includes(SECRET));

  for (const role of ['welfare', 'health', 'director', 'coordinator']) {
    const g = await c[role].get(`${R}/${report.id}`);
    assert.equal(g.status, 200, role);
    const inv = g.body.events[2];
    assert.equal(inv.step, 'investigation');
    assert.equal(inv.note, SECRET, role);
    assert.equal(inv.note_hidden, false, role);
  }
});

test('audit: the create, every step and every read, per child, with the user', async () => {
  // A fresh report so that the rows are exactly these.
  const created = await c.clerk.post(R, intake());
  assert.equal(created.status, 201);
  const id = created.body.id;
  assert.equal((await c.clerk.get(`${R}/${id}`)).status, 200);
  assert.equal((await c.welfare.post(`${R}/${id}/events`, { step: 'juri', urgency: 'b' })).status, 201);
  assert.equal((await c.welfare.post(`${R}/${id}/events`, { step: 'investigation', note: SECRET })).status, 201);
  assert.equal((await c.welfare.get(`${R}/${id}`)).status, 200);
  assert.equal((await c.health.get(`${R}?child_id=${child.id}`)).status, 200);
  // Refused requests are no reads and no changes.
  forbidden(await c.partner.get(`${R}/${id}`));
  forbidden(await c.clerk.post(`${R}/${id}/events`, { step: 'safety_confirmed' }));
  assert.equal((await c.welfare.post(`${R}/${id}/events`, { step: 'closed' })).status, 409);

  for (const p of [child, sibling]) {
    const rows = await auditRows(p.id, id);
    // Newest first.
    assert.deepEqual(rows.map((i) => [i.action, i.user_id]), [
      ['read', ids.health], // the list
      ['read', ids.welfare],
      ['update', ids.welfare],
      ['update', ids.welfare],
      ['read', ids.clerk],
      ['create', ids.clerk],
    ], p.given_name);
    for (const row of rows) {
      assert.equal(row.person_id, p.id);
      assert.deepEqual(row.object, { type: 'report', id });
    }
  }
  // Every read of the earlier report is there too, by each role that read it.
  const readers = new Set((await auditRows(child.id, report.id)).filter((i) => i.action === 'read').map((i) => i.user_id));
  for (const role of ['clerk', 'welfare', 'health', 'director', 'coordinator']) assert.ok(readers.has(ids[role]), role);
  assert.ok(!readers.has(ids.partner) && !readers.has(ids.admin));
});

// ---- the reporter (児童虐待防止法 第7条) ----

const REPORTER = { name: '保育士 花', relation: '保育士', contact: '03-0000-0000', anonymous: false };
const reporterReads = async (personId, reportId) => {
  const r = await c.director.get(`/api/v1/audit?person_id=${personId}&limit=500`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.filter((i) => i.object.type === 'report_reporter' && i.object.id === reportId);
};

test('the reporter: only director, coordinator and welfare read it; a clerk only in the answer to their own intake', async () => {
  const created = await c.clerk.post(R, intake());
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(created.body.reporter, { ...REPORTER, intent: null }, 'the clerk who took the call gets it back');
  const id = created.body.id;
  for (const role of ['director', 'coordinator', 'welfare']) {
    const g = await c[role].get(`${R}/${id}`);
    assert.equal(g.status, 200, role);
    assert.deepEqual(g.body.reporter, { ...REPORTER, intent: null }, role);
  }
  for (const role of ['clerk', 'health']) {
    const g = await c[role].get(`${R}/${id}`);
    assert.equal(g.status, 200, role);
    assert.equal('reporter' in g.body, false, `${role}: no reporter key`);
    for (const v of [REPORTER.name, REPORTER.contact]) assert.ok(!JSON.stringify(g.body).includes(v), `${role}: ${v}`);
  }
  // Lists carry no reporter, for anyone.
  for (const role of ['director', 'welfare', 'clerk', 'health']) {
    const l = await c[role].get(`${R}?child_id=${child.id}&limit=500`);
    assert.equal(l.status, 200);
    assert.ok(l.body.items.some((i) => i.id === id));
    assert.ok(l.body.items.every((i) => !('reporter' in i)), role);
  }
  // A health worker who takes a call does not get it back either (api.md: a clerk only).
  const byHealth = await c.health.post(R, intake());
  assert.equal(byHealth.status, 201);
  assert.equal('reporter' in byHealth.body, false);
  const hg = await c.welfare.get(`${R}/${byHealth.body.id}`);
  assert.deepEqual(hg.body.reporter, { ...REPORTER, intent: null }, 'stored all the same');
  // A step's answer carries it for those who may read it.
  const step = await c.welfare.post(`${R}/${id}/events`, { step: 'juri', urgency: 'b' });
  assert.equal(step.status, 201);
  assert.deepEqual(step.body.reporter, { ...REPORTER, intent: null });
  // No reporter given: null for those who may read it, still no key for the others.
  const none = await c.clerk.post(R, intake({ reporter: undefined }));
  assert.equal(none.status, 201);
  assert.equal(none.body.reporter, null);
  assert.equal((await c.welfare.get(`${R}/${none.body.id}`)).body.reporter, null);
  assert.equal('reporter' in (await c.clerk.get(`${R}/${none.body.id}`)).body, false);
});

test('the reporter: every answer that carries it is audited as a read of report_reporter, about each child', async () => {
  const created = await c.clerk.post(R, intake({ reporter: { name: '近隣 住人', contact: '090-1111-2222', intent: '名前は伏せてほしい', anonymous: false } }));
  assert.equal(created.status, 201);
  const id = created.body.id;
  assert.equal((await c.welfare.get(`${R}/${id}`)).status, 200);
  assert.equal((await c.coordinator.get(`${R}/${id}`)).status, 200);
  assert.equal((await c.welfare.post(`${R}/${id}/events`, { step: 'juri', urgency: 'c' })).status, 201);
  // Answers without it are not reads of it.
  assert.equal((await c.clerk.get(`${R}/${id}`)).status, 200);
  assert.equal((await c.health.get(`${R}/${id}`)).status, 200);
  assert.equal((await c.director.get(`${R}?child_id=${child.id}`)).status, 200);
  for (const p of [child, sibling]) {
    const rows = await reporterReads(p.id, id);
    assert.deepEqual(rows.map((i) => [i.action, i.user_id]), [
      ['read', ids.welfare], // the step's answer
      ['read', ids.coordinator],
      ['read', ids.welfare],
      ['read', ids.clerk], // the answer to the intake
    ], p.given_name);
    for (const row of rows) assert.equal(row.person_id, p.id);
  }
  // A report with no reporter has nothing to audit.
  const none = await c.clerk.post(R, intake({ reporter: undefined }));
  assert.equal((await c.welfare.get(`${R}/${none.body.id}`)).status, 200);
  assert.deepEqual(await reporterReads(child.id, none.body.id), []);
});

// ---- received_by, received_at (the exact rules) ----

test('received_by: an active member of staff who may take calls; received_at from 1900 to a day ahead', async () => {
  const before = (await c.welfare.get(`${R}?child_id=${child.id}&limit=500`)).body.items.length;
  const post = (extra) => c.welfare.post(R, intake(extra));
  for (const role of ['partner', 'admin']) invalid(await post({ received_by: ids[role] }), 'received_by');
  invalid(await post({ received_by: 'no-such-user' }), 'received_by');
  // A disabled account.
  const made = await c.admin.post('/api/v1/users', { login: 'taishoku1', name: '退職 職員', role: 'welfare', password: 'retired-pass-2024' });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const off = await c.admin.patch(`/api/v1/users/${made.body.id}`, { disabled: true }, { 'if-match': `"${made.body.version}"` });
  assert.equal(off.status, 200, JSON.stringify(off.body));
  invalid(await post({ received_by: made.body.id }), 'received_by');
  const HOUR_MS = 3600e3;
  const at = (ms) => new Date(ms + 9 * HOUR_MS).toISOString().slice(0, 19) + '+09:00';
  invalid(await post({ received_at: '1899-12-31T23:59:59+09:00' }), 'received_at');
  invalid(await post({ received_at: at(Date.now() + 24 * HOUR_MS + 120e3) }), 'received_at');
  assert.equal((await c.welfare.get(`${R}?child_id=${child.id}&limit=500`)).body.items.length, before, 'none stored');

  for (const role of ['clerk', 'health', 'coordinator', 'director']) {
    const r = await post({ received_by: ids[role] });
    assert.equal(r.status, 201, `${role}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.received_by, ids[role]);
  }
  const old = await post({ received_at: '1900-01-01T00:00:00+09:00' });
  assert.equal(old.status, 201, JSON.stringify(old.body));
  assert.equal(old.body.received_at, '1900-01-01T00:00:00+09:00');
  const ahead = await post({ received_at: at(Date.now() + 23 * HOUR_MS) });
  assert.equal(ahead.status, 201, 'a PC with a wrong clock: a day ahead is taken');
});
