// 要対協 partners: a partner sees only the open cases with a registered subject that are shared
// with its agency, as a summary (registered subjects' names, ages, designation; next review; its
// agency's own actions; its own 状況報告) — 404 for any other case, never notes, policy, plans or
// addresses; its 状況報告 reach the staff on the case and the subjects' timelines; every read
// audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, startServer } from '../lib/server.mjs';
import { sql, sqlRows } from '../lib/store.mjs';
import { stopClean } from './support.mjs';

const USERS = {
  director: { login: 'director1', role: 'director', name: '所長 一郎', password: 'director-pass-2024' },
  coordinator: { login: 'touka1', role: 'coordinator', name: '統括 さくら', password: 'sakura-pass-2024' },
  welfare: { login: 'fukushi1', role: 'welfare', name: '福祉 ひかり', password: 'hikari-pass-2024' },
  clerk: { login: 'jimu1', role: 'clerk', name: '事務 花子', password: 'hanako-pass-2024' },
  school: { login: 'school1', role: 'partner', name: '西小 教頭', password: 'school-pass-2024' },
  police: { login: 'police1', role: 'partner', name: '西署 生安', password: 'police-pass-2024' },
  loner: { login: 'loner1', role: 'partner', name: '所属なし', password: 'loner-pass-2024' },
};
const SECRET_POLICY = '父の飲酒時の暴言について母から聴取（内部メモ）';
const ADDRESS = '東京都西東京市秘密町1-1';

let server;
const c = {};
const ids = {};
let shared, unregistered, otherAgency, mother, child, sibling;

before(async () => {
  server = await startServer({ users: Object.values(USERS), args: ['--rate-limit', '0'] });
  for (const [k, u] of Object.entries(USERS)) {
    c[k] = new Client(server.url);
    assert.equal((await c[k].login(u.login, u.password)).status, 200);
    ids[k] = sqlRows(server, `SELECT id FROM users WHERE login = '${u.login}'`)[0].id;
  }
  const ag = async (name, kind) => {
    const r = await c.coordinator.post('/api/v1/agencies', { name, kind });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id;
  };
  ids.agSchool = await ag('西小学校', 'school');
  ids.agPolice = await ag('西警察署', 'police');
  sql(server, `UPDATE users SET agency_id = '${ids.agSchool}' WHERE id = '${ids.school}';
               UPDATE users SET agency_id = '${ids.agPolice}' WHERE id = '${ids.police}';`);
  const person = async (given, kana, birth, extra = {}) => {
    const r = await c.welfare.post('/api/v1/persons', { family_name: '連携', given_name: given, family_name_kana: 'レンケイ', given_name_kana: kana, birth_date: birth, ...extra });
    assert.equal(r.status, 201);
    return r.body;
  };
  mother = await person('母', 'ハハ', '1990-01-01', { address: ADDRESS, phone: '090-1234-5678' });
  child = await person('子', 'コ', '2017-05-05', { address: ADDRESS });
  sibling = await person('弟', 'オトウト', '2020-02-02');
  const openCase = async (members, subjects, agencyIds) => {
    const h = await c.welfare.post('/api/v1/households', { name: '連携家', address: ADDRESS, members: members.map((m, i) => ({ person_id: m.id, relation: i === 0 ? 'mother' : 'child' })) });
    assert.equal(h.status, 201, JSON.stringify(h.body));
    const r = await c.welfare.post('/api/v1/cases', { household_id: h.body.id, subject_ids: subjects.map((s) => s.id), lead_id: ids.welfare, agency_ids: agencyIds });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  shared = await openCase([mother, child, sibling], [mother, child, sibling], [ids.agSchool]);
  const p2 = await person('未登録', 'ミトウロク', '2016-01-01');
  unregistered = await openCase([p2], [p2], [ids.agSchool]);
  const p3 = await person('他機関', 'タキカン', '2016-01-01');
  otherAgency = await openCase([p3], [p3], [ids.agPolice]);
  // Registration is a conference decision (service/conferences.c); here the rows it writes.
  sql(server, `
    UPDATE case_subjects SET youtaikyo = 1, registered_on = '2025-04-01', category = 'youhogo' WHERE case_id = '${shared.id}' AND person_id = '${child.id}';
    UPDATE case_subjects SET youtaikyo = 1, registered_on = '2025-04-01' WHERE case_id = '${otherAgency.id}';
    UPDATE cases SET policy = '${SECRET_POLICY}' WHERE id = '${shared.id}';
    INSERT INTO conferences (id, kind, held_on, minutes, created_by, created_at, updated_at) VALUES ('cf-p', 'youtaikyo_kobetsu', '2025-04-01', '議事録（非公開）', '${ids.coordinator}', 0, 0);
    INSERT INTO conference_actions (id, conference_id, position, what, owner_agency_id, due_on, case_id) VALUES
      ('act-school', 'cf-p', 0, '登校状況を毎週確認', '${ids.agSchool}', '2025-05-01', '${shared.id}'),
      ('act-police', 'cf-p', 1, '巡回を強化', '${ids.agPolice}', '2025-05-01', '${shared.id}');
    INSERT INTO conference_actions (id, conference_id, position, what, owner_id, due_on, case_id) VALUES
      ('act-staff', 'cf-p', 2, '家庭訪問', '${ids.welfare}', '2025-05-01', '${shared.id}');`);
});

after(async () => {
  if (server) await stopClean(server);
});

test('a partner lists only its agency\'s shared, registered cases, as a summary', async () => {
  const r = await c.school.get('/api/v1/cases');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.items.map((i) => i.id), [shared.id]);
  const item = r.body.items[0];
  // Only the registered subject, with names, age and designation: no birth date.
  assert.deepEqual(item.subjects.map((s) => [s.person_id, s.category, s.given_name]), [[child.id, 'youhogo', '子']]);
  assert.equal(typeof item.subjects[0].age, 'number');
  assert.equal(item.subjects[0].birth_date, undefined);
  assert.deepEqual(item.actions.map((a) => a.what), ['登校状況を毎週確認']);
  assert.equal(item.next_meeting_on, item.next_review_on);
  const text = JSON.stringify(r.body);
  for (const secret of [SECRET_POLICY, ADDRESS, '090-1234-5678', '議事録', '巡回を強化', '家庭訪問', mother.id, sibling.id]) {
    assert.ok(!text.includes(secret), secret);
  }
  const police = await c.police.get('/api/v1/cases');
  assert.deepEqual(police.body.items.map((i) => i.id), [otherAgency.id]); // the shared case is not shared with the police
  assert.deepEqual((await c.loner.get('/api/v1/cases')).body.items, []);
});

test('a partner reads its case; 404 for any other, as if it did not exist', async () => {
  const r = await c.school.get(`/api/v1/cases/${shared.id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.id, shared.id);
  assert.deepEqual(r.body.partner_reports, []);
  for (const k of ['policy', 'household_id', 'lead_id', 'status', 'agency_ids', 'opened_from']) assert.equal(r.body[k], undefined, k);
  for (const id of [unregistered.id, otherAgency.id, 'no-such-case']) {
    const x = await c.school.get(`/api/v1/cases/${id}`);
    assert.equal(x.status, 404, id);
    assert.equal(x.body.error.code, 'not_found');
  }
  assert.equal((await c.loner.get(`/api/v1/cases/${shared.id}`)).status, 404);
  // Nothing else of the case is open to a partner.
  assert.equal((await c.school.get(`/api/v1/cases/${shared.id}/partner_reports`)).status, 403);
  assert.equal((await c.school.get('/api/v1/board')).status, 403);
  assert.equal((await c.school.get(`/api/v1/persons/${child.id}`)).status, 403);
  assert.equal((await c.school.patch(`/api/v1/cases/${shared.id}`, { next_review_on: '2030-01-01' }, { 'if-match': '"1"' })).status, 403);
});

test('every partner read is audited, per subject shown', async () => {
  const r = await c.director.get(`/api/v1/audit?person_id=${child.id}&limit=500`);
  const reads = r.body.items.filter((i) => i.user_id === ids.school && i.action === 'read' && i.object.type === 'case');
  assert.ok(reads.length >= 2, JSON.stringify(reads)); // the list and the case
  for (const row of reads) assert.equal(row.object.id, shared.id);
  const m = await c.director.get(`/api/v1/audit?person_id=${mother.id}&limit=500`);
  assert.deepEqual(m.body.items.filter((i) => i.user_id === ids.school), []); // not shown, not audited
});

test('a partner adds a dated 状況報告: 201, staff read it on the case, on the timeline, audited', async () => {
  const bad = await c.school.post(`/api/v1/cases/${shared.id}/partner_reports`, { on: '2025-06-01' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'text');
  const future = await c.school.post(`/api/v1/cases/${shared.id}/partner_reports`, { on: '2999-01-01', text: 'x' });
  assert.equal(future.status, 400);
  assert.equal(future.body.error.field, 'on');
  const unknown = await c.school.post(`/api/v1/cases/${shared.id}/partner_reports`, { text: 'x', note: 'y' });
  assert.equal(unknown.status, 400);
  assert.equal((await c.school.post(`/api/v1/cases/${otherAgency.id}/partner_reports`, { text: '見えない' })).status, 404);
  assert.equal((await c.welfare.post(`/api/v1/cases/${shared.id}/partner_reports`, { text: '職員' })).status, 403);

  const r = await c.school.post(`/api/v1/cases/${shared.id}/partner_reports`, { on: '2025-06-01', text: '今週は毎日登校。表情は明るい。' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.on, '2025-06-01');
  assert.equal(r.body.agency.id, ids.agSchool);

  const staff = await c.welfare.get(`/api/v1/cases/${shared.id}/partner_reports`);
  assert.equal(staff.status, 200);
  assert.deepEqual(staff.body.items.map((i) => [i.text, i.agency.name, i.created_by_name]), [['今週は毎日登校。表情は明るい。', '西小学校', USERS.school.name]]);
  assert.equal((await c.clerk.get(`/api/v1/cases/${shared.id}/partner_reports`)).status, 403);

  const own = await c.school.get(`/api/v1/cases/${shared.id}`);
  assert.deepEqual(own.body.partner_reports.map((i) => i.text), ['今週は毎日登校。表情は明るい。']);

  const tl = await c.welfare.get(`/api/v1/persons/${child.id}/timeline`);
  const ev = tl.body.items.filter((e) => e.kind === 'partner_report');
  assert.equal(ev.length, 1);
  assert.equal(ev[0].section, 'case');

  const audit = await c.director.get(`/api/v1/audit?person_id=${child.id}&limit=500`);
  assert.ok(audit.body.items.some((i) => i.user_id === ids.school && i.action === 'create' && i.object.type === 'partner_report' && i.object.id === r.body.id));
  assert.ok(audit.body.items.some((i) => i.user_id === ids.welfare && i.action === 'read' && i.object.type === 'partner_report'));

  // The ledger's current situation is the newest 状況報告.
  const ledger = await c.coordinator.get('/api/v1/ledger');
  const row = ledger.body.items.find((i) => i.person.person_id === child.id);
  assert.equal(row.situation.source, 'partner_report');
  assert.equal(row.situation.on, '2025-06-01');
});

test('staff still get the full case on the same routes', async () => {
  const r = await c.welfare.get(`/api/v1/cases/${shared.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.household_id !== undefined, true);
  const l = await c.welfare.get('/api/v1/cases');
  assert.equal(l.status, 200);
  assert.ok(l.body.items.length >= 3);
  assert.equal((await c.clerk.get('/api/v1/cases')).status, 403);
});
