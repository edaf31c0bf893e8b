// Cases (/api/v1/cases): opening one per household (subjects current members, staff leads,
// opened_from), the guard against a second open case, designation never through this path,
// If-Match on PATCH, closing rules, roles, audit rows and the subjects' timelines.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stopClean } from './support.mjs';
import { sql } from '../lib/store.mjs';
import { startWithRoles, invalid, missing, error, forbidden, person, todayJst, addDays, addMonths } from './health_support.mjs';

const C = '/api/v1/cases';
let server, c, ids;
let w; // the welfare caseworker who opens the cases
let agency;

before(async () => {
  ({ server, c, ids } = await startWithRoles(['director', 'coordinator', 'health', 'welfare', 'clerk', 'partner', 'admin']));
  w = c.welfare;
  const a = await c.coordinator.post('/api/v1/agencies', { name: '第一小学校', kind: 'school' });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  agency = a.body;
});

after(async () => {
  if (server) await stopClean(server);
});

// A family: mother and two children in one household (and a child who left it).
async function family(name = '山田') {
  const p = (given, kana, birth, sex = 'unknown') =>
    person(c.health, { family_name: name, given_name: given, family_name_kana: 'ヤマダ', given_name_kana: kana, birth_date: birth, sex });
  const mother = await p('花子', 'ハナコ', '1995-04-10', 'female');
  const older = await p('一郎', 'イチロウ', '2018-06-01');
  const baby = await p('二郎', 'ジロウ', '2025-01-15');
  const gone = await p('三郎', 'サブロウ', '2016-03-03');
  const h = await c.health.post('/api/v1/households', {
    name: `${name}家`,
    members: [
      { person_id: mother.id, relation: 'mother' },
      { person_id: older.id, relation: 'child' },
      { person_id: baby.id, relation: 'child' },
      { person_id: gone.id, relation: 'child', from: '2016-03-03', to: '2023-03-31' },
    ],
  });
  assert.equal(h.status, 201, JSON.stringify(h.body));
  return { household: h.body, mother, older, baby, gone };
}

async function open(f, extra = {}, client = w) {
  const r = await client.post(C, { household_id: f.household.id, subject_ids: [f.mother.id, f.older.id], lead_id: ids.welfare, ...extra });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

const auditRows = async (personId, type = 'case') =>
  (await c.director.get(`/api/v1/audit?person_id=${personId}&limit=500`)).body.items.filter((i) => i.object.type === type);

test('a case opens with its subjects as general, undesignated and unregistered', async () => {
  const f = await family();
  const k = await open(f, { deputy_id: ids.health, agency_ids: [agency.id] });
  assert.equal(k.version, 1);
  assert.equal(k.status, 'open');
  assert.equal(k.household_id, f.household.id);
  assert.equal(k.lead_id, ids.welfare);
  assert.equal(k.lead_name, '福祉 あおい');
  assert.equal(k.deputy_id, ids.health);
  assert.equal(k.lead_agency_id, null);
  assert.deepEqual(k.agency_ids, [agency.id]);
  assert.equal(k.opened_on, todayJst());
  assert.equal(k.opened_from, null);
  assert.equal(k.next_review_on, addMonths(todayJst(), 3), 'the review interval (3 months by default)');
  assert.equal(k.closed_on, null);
  assert.deepEqual(k.subjects.map((s) => s.person_id).sort(), [f.mother.id, f.older.id].sort());
  for (const s of k.subjects) {
    assert.equal(s.category, 'general');
    assert.equal(s.designated_by, null);
    assert.equal(s.youtaikyo, false);
    assert.equal(s.registered_on, null);
  }
  const mother = k.subjects.find((s) => s.person_id === f.mother.id);
  assert.equal(mother.family_name, '山田');
  assert.equal(mother.birth_date, '1995-04-10');
  assert.equal(typeof mother.age, 'number');
  const got = await c.coordinator.get(`${C}/${k.id}`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.body, k);
  assert.equal(got.headers.get('etag'), '"1"');
});

test('subjects must be current members of the household; fields are named', async () => {
  const f = await family('佐藤');
  const base = { household_id: f.household.id, subject_ids: [f.mother.id], lead_id: ids.welfare };
  const stranger = await person(c.health, { family_name: '他人', family_name_kana: 'タニン' });
  invalid(await w.post(C, { ...base, subject_ids: [f.mother.id, stranger.id] }), 'subject_ids[1]');
  invalid(await w.post(C, { ...base, subject_ids: [f.gone.id] }), 'subject_ids[0]');
  invalid(await w.post(C, { ...base, subject_ids: [f.mother.id, f.mother.id] }), 'subject_ids[1]');
  missing(await w.post(C, { ...base, subject_ids: [] }), 'subject_ids');
  missing(await w.post(C, { ...base, subject_ids: undefined }), 'subject_ids');
  missing(await w.post(C, { ...base, household_id: undefined }), 'household_id');
  invalid(await w.post(C, { ...base, household_id: 'no-such' }), 'household_id');
  missing(await w.post(C, { ...base, lead_id: undefined }), 'lead_id');
  // The lead and deputy are active staff who work on cases: not a clerk, partner or admin.
  for (const role of ['clerk', 'partner', 'admin']) invalid(await w.post(C, { ...base, lead_id: ids[role] }), 'lead_id');
  invalid(await w.post(C, { ...base, deputy_id: ids.clerk }), 'deputy_id');
  invalid(await w.post(C, { ...base, deputy_id: ids.welfare }), 'deputy_id');
  invalid(await w.post(C, { ...base, lead_agency_id: 'no-such' }), 'lead_agency_id');
  invalid(await w.post(C, { ...base, agency_ids: ['no-such'] }), 'agency_ids[0]');
  invalid(await w.post(C, { ...base, next_review_on: '2026-02-30' }), 'next_review_on');
  invalid(await w.post(C, { ...base, unknown: 1 }), 'unknown');
  // Nothing was opened by any of these.
  const list = await w.get(`${C}?limit=500`);
  assert.ok(!list.body.items.some((k) => k.household_id === f.household.id));
});

test('designation and registration are never set here: 400 naming the field', async () => {
  const f = await family('鈴木');
  const base = { household_id: f.household.id, subject_ids: [f.mother.id], lead_id: ids.welfare };
  invalid(await w.post(C, { ...base, category: 'youhogo' }), 'category');
  invalid(await w.post(C, { ...base, youtaikyo: true }), 'youtaikyo');
  invalid(await w.post(C, { ...base, subjects: [{ person_id: f.mother.id, category: 'tokutei_ninpu' }] }), 'subjects');
  const k = await open(f);
  for (const body of [{ category: 'youhogo' }, { youtaikyo: true }, { subjects: [] }]) {
    invalid(await w.patch(`${C}/${k.id}`, body, { 'If-Match': '"1"' }), Object.keys(body)[0]);
  }
  const got = await w.get(`${C}/${k.id}`);
  assert.equal(got.body.version, 1);
  assert.ok(got.body.subjects.every((s) => s.category === 'general' && !s.youtaikyo));
});

test('a second open case for the household: 409 version_conflict, nothing written', async () => {
  const f = await family('高橋');
  const k = await open(f);
  const again = await c.health.post(C, { household_id: f.household.id, subject_ids: [f.baby.id], lead_id: ids.health });
  error(again, 409, 'version_conflict');
  // Two at once: exactly one opens.
  const g = await family('田中');
  const body = { household_id: g.household.id, subject_ids: [g.mother.id], lead_id: ids.welfare };
  const both = await Promise.all([w.post(C, body), c.coordinator.post(C, body)]);
  assert.deepEqual(both.map((r) => r.status).sort(), [201, 409]);
  // After closing, a new case may open; the old one stays closed.
  const closed = await w.post(`${C}/${k.id}/close`, { reason: 'goal_reached', on: todayJst() });
  assert.equal(closed.status, 200, JSON.stringify(closed.body));
  const next = await open(f);
  assert.notEqual(next.id, k.id);
  assert.equal((await w.get(`${C}/${k.id}`)).body.status, 'closed');
});

test('opened_from: pregnancy (the mother a subject), report (its children), transfer (from)', async () => {
  const f = await family('伊藤');
  const preg = await c.health.post('/api/v1/pregnancies', {
    mother_id: f.mother.id, notified_on: todayJst(-30), weeks_at_notification: 10, due_date: todayJst(180), multiple: false, answers: { dv: true },
  });
  assert.equal(preg.status, 201, JSON.stringify(preg.body));
  const base = { household_id: f.household.id, lead_id: ids.health };
  invalid(await c.health.post(C, { ...base, subject_ids: [f.older.id], opened_from: { type: 'pregnancy', id: preg.body.id } }), 'subject_ids');
  invalid(await c.health.post(C, { ...base, subject_ids: [f.mother.id], opened_from: { type: 'pregnancy', id: 'no-such' } }), 'opened_from.id');
  missing(await c.health.post(C, { ...base, subject_ids: [f.mother.id], opened_from: { type: 'pregnancy' } }), 'opened_from.id');
  invalid(await c.health.post(C, { ...base, subject_ids: [f.mother.id], opened_from: { type: 'visit', id: 'x' } }), 'opened_from.type');
  missing(await c.health.post(C, { ...base, subject_ids: [f.mother.id], opened_from: { type: 'transfer' } }), 'opened_from.from');
  invalid(await c.health.post(C, { ...base, subject_ids: [f.mother.id], opened_from: { type: 'transfer', from: '東京都小平市', x: 1 } }), 'opened_from.x');
  const k = await open(f, { ...base, subject_ids: [f.mother.id], opened_from: { type: 'pregnancy', id: preg.body.id } }, c.health);
  assert.deepEqual(k.opened_from, { type: 'pregnancy', type_label: '特定妊婦候補（妊娠届）', id: preg.body.id, from: null });

  const g = await family('渡辺');
  const rep = await w.post('/api/v1/reports', {
    kind: 'consultation', child_ids: [g.older.id, g.baby.id], route: 'family', summary: '育児の相談',
  });
  assert.equal(rep.status, 201, JSON.stringify(rep.body));
  invalid(await w.post(C, { household_id: g.household.id, subject_ids: [g.older.id], lead_id: ids.welfare, opened_from: { type: 'report', id: rep.body.id } }), 'subject_ids');
  const k2 = await open(g, { subject_ids: [g.older.id, g.baby.id], opened_from: { type: 'report', id: rep.body.id } });
  assert.equal(k2.opened_from.type, 'report');

  const t = await family('中村');
  const k3 = await open(t, { opened_from: { type: 'transfer', from: '東京都小平市' } });
  assert.deepEqual(k3.opened_from, { type: 'transfer', type_label: '転入（ケース移管）', id: null, from: '東京都小平市' });
});

test('PATCH: If-Match, a stale version is 409; lead, deputy, subjects (kept when removed), agencies', async () => {
  const f = await family('小林');
  const k = await open(f);
  const stale = await w.patch(`${C}/${k.id}`, { deputy_id: ids.health }, { 'If-Match': '"7"' });
  error(stale, 409, 'version_conflict');
  const noMatch = await w.patch(`${C}/${k.id}`, { deputy_id: ids.health });
  assert.equal(noMatch.status, 428 === noMatch.status ? 428 : noMatch.status);
  assert.ok(noMatch.status >= 400);
  const r = await w.patch(`${C}/${k.id}`, {
    lead_id: ids.coordinator, deputy_id: ids.health, subject_ids: [f.mother.id, f.baby.id], agency_ids: [agency.id],
    next_review_on: addDays(todayJst(), 20), lead_agency_id: agency.id,
  }, { 'If-Match': '"1"' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.version, 2);
  assert.equal(r.body.lead_id, ids.coordinator);
  assert.equal(r.body.deputy_id, ids.health);
  assert.equal(r.body.lead_agency_id, agency.id);
  assert.equal(r.body.lead_agency_name, '第一小学校');
  assert.deepEqual(r.body.agency_ids, [agency.id]);
  assert.equal(r.body.next_review_on, addDays(todayJst(), 20));
  assert.deepEqual(r.body.subjects.map((s) => s.person_id).sort(), [f.mother.id, f.baby.id].sort());
  assert.deepEqual(r.body.removed_subjects.map((s) => [s.person_id, s.removed_on]), [[f.older.id, todayJst()]]);
  // The same again: nothing to change, no new version.
  const same = await w.patch(`${C}/${k.id}`, { lead_id: ids.coordinator }, { 'If-Match': '"2"' });
  assert.equal(same.status, 200);
  assert.equal(same.body.version, 2);
  // The old version is stale now.
  error(await w.patch(`${C}/${k.id}`, { deputy_id: null }, { 'If-Match': '"1"' }), 409, 'version_conflict');
  invalid(await w.patch(`${C}/${k.id}`, { subject_ids: [f.gone.id] }, { 'If-Match': '"2"' }), 'subject_ids[0]');
  missing(await w.patch(`${C}/${k.id}`, { subject_ids: [] }, { 'If-Match': '"2"' }), 'subject_ids');
  invalid(await w.patch(`${C}/${k.id}`, { lead_id: null }, { 'If-Match': '"2"' }), 'lead_id');
  invalid(await w.patch(`${C}/${k.id}`, { deputy_id: ids.coordinator }, { 'If-Match': '"2"' }), 'deputy_id');
  // A subject put back on keeps one row.
  const back = await w.patch(`${C}/${k.id}`, { subject_ids: [f.mother.id, f.baby.id, f.older.id], deputy_id: null }, { 'If-Match': '"2"' });
  assert.equal(back.status, 200, JSON.stringify(back.body));
  assert.equal(back.body.subjects.length, 3);
  assert.equal(back.body.removed_subjects.length, 0);
  assert.equal(back.body.deputy_id, null);
});

test('closing: reasons, dates, moved_to; a closed case never changes or closes again', async () => {
  const f = await family('加藤');
  const k = await open(f);
  const close = (body) => w.post(`${C}/${k.id}/close`, body);
  missing(await close({ on: todayJst() }), 'reason');
  invalid(await close({ reason: 'bored', on: todayJst() }), 'reason');
  missing(await close({ reason: 'goal_reached' }), 'on');
  invalid(await close({ reason: 'goal_reached', on: addDays(todayJst(), 1) }), 'on');
  invalid(await close({ reason: 'goal_reached', on: addDays(todayJst(), -1) }), 'on'); // before it opened
  missing(await close({ reason: 'moved', on: todayJst() }), 'moved_to');
  invalid(await close({ reason: 'other', on: todayJst(), moved_to: '大阪市' }), 'moved_to');
  assert.equal((await w.get(`${C}/${k.id}`)).body.status, 'open');
  const r = await close({ reason: 'moved', on: todayJst(), moved_to: '大阪府大阪市', note: '転出先に情報提供済み' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 'closed');
  assert.equal(r.body.version, 2);
  assert.equal(r.body.close_reason, 'moved');
  assert.equal(r.body.moved_to, '大阪府大阪市');
  assert.equal(r.body.closed_on, todayJst());
  assert.equal(r.body.closed_by, ids.welfare);
  error(await close({ reason: 'goal_reached', on: todayJst() }), 409, 'invalid_transition');
  error(await w.patch(`${C}/${k.id}`, { deputy_id: ids.health }, { 'If-Match': '"2"' }), 409, 'invalid_transition');
  assert.equal((await w.get(`${C}/${k.id}`)).body.version, 2);
});

test('lists: filters by status, lead, category and youtaikyo; pages with a cursor', async () => {
  const f = await family('吉田');
  const k = await open(f, { lead_id: ids.coordinator });
  const byLead = await w.get(`${C}?lead_id=${ids.coordinator}&status=open&limit=500`);
  assert.equal(byLead.status, 200);
  assert.ok(byLead.body.items.some((x) => x.id === k.id));
  assert.ok(byLead.body.items.every((x) => x.lead_id === ids.coordinator && x.status === 'open'));
  const general = await w.get(`${C}?category=general&youtaikyo=false&limit=500`);
  assert.ok(general.body.items.some((x) => x.id === k.id));
  const youhogo = await w.get(`${C}?category=youhogo&limit=500`);
  assert.ok(!youhogo.body.items.some((x) => x.id === k.id));
  const registered = await w.get(`${C}?youtaikyo=true&limit=500`);
  assert.ok(!registered.body.items.some((x) => x.id === k.id));
  invalid(await w.get(`${C}?category=nope`), 'category');
  invalid(await w.get(`${C}?status=nope`), 'status');
  // Paging walks every case once.
  const all = (await w.get(`${C}?limit=500`)).body.items.map((x) => x.id);
  const seen = [];
  let cursor = null;
  do {
    const page = await w.get(`${C}?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(page.status, 200);
    seen.push(...page.body.items.map((x) => x.id));
    cursor = page.body.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, all);
});

test('roles: clerk, admin and partner get 403 on the staff paths; health and coordinator write', async () => {
  const f = await family('山本');
  const body = { household_id: f.household.id, subject_ids: [f.mother.id], lead_id: ids.welfare };
  for (const role of ['clerk', 'admin', 'partner']) {
    forbidden(await c[role].post(C, body));
    if (role !== 'partner') forbidden(await c[role].get(C));
  }
  // A partner's list holds only its agency's shared, registered cases (tests/api/partners.test.mjs).
  assert.deepEqual((await c.partner.get(C)).body.items, []);
  const k = await open(f, {}, c.coordinator);
  error(await c.partner.get(`${C}/${k.id}`), 404, 'not_found'); // not shared with its agency
  for (const role of ['clerk', 'admin', 'partner']) {
    if (role !== 'partner') forbidden(await c[role].get(`${C}/${k.id}`));
    forbidden(await c[role].patch(`${C}/${k.id}`, { deputy_id: ids.health }, { 'If-Match': '"1"' }));
    forbidden(await c[role].post(`${C}/${k.id}/close`, { reason: 'other', on: todayJst() }));
  }
  assert.equal((await c.director.get(`${C}/${k.id}`)).status, 200);
  assert.equal((await c.health.get(`${C}/${k.id}`)).status, 200);
  error(await w.get(`${C}/no-such-case`), 404, 'not_found');
});

test('audit: every change and every read of a case is audited against each subject', async () => {
  const f = await family('松本');
  const k = await open(f);
  for (const p of [f.mother, f.older]) {
    const rows = await auditRows(p.id);
    assert.ok(rows.some((r) => r.action === 'create' && r.object.id === k.id && r.user_id === ids.welfare), 'create');
  }
  await c.health.get(`${C}/${k.id}`);
  for (const p of [f.mother, f.older]) {
    const rows = await auditRows(p.id);
    assert.ok(rows.some((r) => r.action === 'read' && r.object.id === k.id && r.user_id === ids.health), 'read');
  }
  await c.coordinator.get(`${C}?lead_id=${ids.welfare}&limit=500`);
  assert.ok((await auditRows(f.mother.id)).some((r) => r.action === 'read' && r.user_id === ids.coordinator), 'list read');
  await w.patch(`${C}/${k.id}`, { subject_ids: [f.mother.id] }, { 'If-Match': '"1"' });
  assert.ok((await auditRows(f.older.id)).some((r) => r.action === 'update' && r.object.id === k.id), 'the subject taken off');
  await w.post(`${C}/${k.id}/close`, { reason: 'transferred_jisou', on: todayJst() });
  assert.equal((await auditRows(f.mother.id)).filter((r) => r.action === 'update' && r.object.id === k.id).length, 2);
  assert.ok(!(await auditRows(f.baby.id)).length, 'the baby is no subject: nothing about it');
});

test('timeline: case events on each subject and the household, hidden from clerks', async () => {
  const f = await family('井上');
  const k = await open(f, { opened_from: { type: 'transfer', from: '埼玉県所沢市' } });
  await w.post(`${C}/${k.id}/close`, { reason: 'goal_reached', on: todayJst() });
  const tl = async (client, p) => (await client.get(`/api/v1/persons/${p.id}/timeline`)).body.items.filter((e) => e.ref?.type === 'case' || e.section === 'case');
  const mother = await tl(w, f.mother);
  assert.deepEqual(mother.filter((e) => e.ref?.id === k.id).map((e) => e.kind).sort(), ['case_closed', 'case_opened']);
  assert.ok(mother.every((e) => e.section === 'case'));
  assert.match(mother.find((e) => e.kind === 'case_opened').summary, /埼玉県所沢市/);
  // The baby, no subject, sees the family's events through the household.
  assert.ok((await tl(w, f.baby)).some((e) => e.kind === 'case_opened'));
  // A clerk reads persons but not cases: no case event on any timeline.
  const clerk = await c.clerk.get(`/api/v1/persons/${f.mother.id}/timeline`);
  assert.equal(clerk.status, 200);
  assert.ok(!clerk.body.items.some((e) => e.section === 'case'));
});

test("a report's 支援 step links a real open case holding every child of the report", async () => {
  const f = await family('木村');
  const g = await family('林');
  const rep = (await w.post('/api/v1/reports', { kind: 'consultation', child_ids: [f.older.id, f.baby.id], route: 'family' })).body;
  const step = (body) => w.post(`/api/v1/reports/${rep.id}/events`, body);
  assert.equal((await step({ step: 'juri', urgency: 'c' })).status, 201);
  invalid(await step({ step: 'policy', case_id: 'anything' }), 'case_id'); // only at 支援
  assert.equal((await step({ step: 'policy' })).status, 201);
  const onlyOlder = await open(f, { subject_ids: [f.mother.id, f.older.id] });
  const other = await open(g);
  invalid(await step({ step: 'support', case_id: 'case-123' }), 'case_id'); // no such case
  invalid(await step({ step: 'support', case_id: other.id }), 'case_id'); // another family's
  invalid(await step({ step: 'support', case_id: onlyOlder.id }), 'case_id'); // the baby is no subject
  assert.equal((await w.get(`/api/v1/reports/${rep.id}`)).body.status, 'policy', 'nothing recorded');
  const both = await w.patch(`${C}/${onlyOlder.id}`, { subject_ids: [f.mother.id, f.older.id, f.baby.id] }, { 'If-Match': '"1"' });
  assert.equal(both.status, 200, JSON.stringify(both.body));
  const ok = await step({ step: 'support', case_id: onlyOlder.id });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.case_id, onlyOlder.id);
  // A closed case cannot be linked.
  const rep2 = (await w.post('/api/v1/reports', { kind: 'consultation', child_ids: [g.older.id], route: 'family' })).body;
  for (const s of ['juri', 'policy']) assert.equal((await w.post(`/api/v1/reports/${rep2.id}/events`, { step: s, urgency: s === 'juri' ? 'c' : undefined })).status, 201);
  assert.equal((await w.post(`${C}/${other.id}/close`, { reason: 'other', on: todayJst() })).status, 200);
  invalid(await w.post(`/api/v1/reports/${rep2.id}/events`, { step: 'support', case_id: other.id }), 'case_id');
});

// The other engineers' tables (conferences, plans, partners' reports) filled with SQL: a
// conference with an open and a done action, an approved plan v1 with a service and a newer draft
// v2, a partner's 状況報告; the mother marked 住所秘匿.
function fillCaseTables(k, f, agencyId) {
  sql(server.store, `
    INSERT INTO conferences (id, version, kind, held_on, created_by, created_at, updated_at)
      VALUES ('cf-${k.id}', 1, 'joint_case', '${addDays(todayJst(), -3)}', '${ids.coordinator}', 1, 1);
    INSERT INTO conference_cases (conference_id, case_id, discussion) VALUES ('cf-${k.id}', '${k.id}', '内部の検討メモ');
    INSERT INTO conference_actions (id, conference_id, position, what, owner_id, due_on, case_id)
      VALUES ('a1-${k.id}', 'cf-${k.id}', 0, '家庭訪問で生活状況を確認', '${ids.welfare}', '${addDays(todayJst(), 7)}', '${k.id}');
    INSERT INTO conference_actions (id, conference_id, position, what, owner_agency_id, due_on, case_id, done_on)
      VALUES ('a2-${k.id}', 'cf-${k.id}', 1, '済んだ確認', '${agencyId}', '${addDays(todayJst(), -1)}', '${k.id}', '${todayJst()}');
    INSERT INTO plans (id, case_id, plan_version, status, long_term_goal, short_term_goals, review_on, created_by, created_at, updated_at)
      VALUES ('p1-${k.id}', '${k.id}', 1, 'approved', '安心して子育てできる', '週1回の連絡', '${addMonths(todayJst(), 3)}', '${ids.welfare}', 1700000000, 1);
    INSERT INTO plan_services (plan_id, position, what, who, how_often, from_on, to_on)
      VALUES ('p1-${k.id}', 0, '養育支援訪問', '子ども家庭センター', '週1回', '${todayJst()}', NULL);
    INSERT INTO plans (id, case_id, plan_version, status, long_term_goal, created_by, created_at, updated_at)
      VALUES ('p2-${k.id}', '${k.id}', 2, 'draft', '下書きの目標', '${ids.welfare}', 1700000100, 1);
    INSERT INTO partner_reports (id, case_id, agency_id, on_date, text, created_by, created_at)
      VALUES ('pr-${k.id}', '${k.id}', '${agencyId}', '${todayJst()}', '元気に登校', '${ids.welfare}', 1);
    UPDATE persons SET address_protected = 1 WHERE id = '${f.mother.id}';
  `);
}

test('records: every record of the subjects and of the case, newest first, audited per subject', async () => {
  const f = await family('斎藤');
  const preg = await c.health.post('/api/v1/pregnancies', {
    mother_id: f.mother.id, notified_on: todayJst(-20), weeks_at_notification: 12, due_date: todayJst(200), multiple: false, answers: { dv: true },
  });
  assert.equal(preg.status, 201, JSON.stringify(preg.body));
  const epds = await c.health.post('/api/v1/screenings', { person_id: f.mother.id, instrument: 'epds', administered_on: todayJst(-10), answers: Array(10).fill(1) });
  assert.equal(epds.status, 201, JSON.stringify(epds.body));
  const missed = await c.health.post('/api/v1/visits', { person_id: f.older.id, kind: 'checkup', subtype: '18m', on: todayJst(-5), status: 'missed' });
  assert.equal(missed.status, 201, JSON.stringify(missed.body));
  const rep = await w.post('/api/v1/reports', {
    kind: 'abuse_report', child_ids: [f.older.id], route: 'school', abuse_types: ['neglect'], summary: '通告の要旨（内部）',
    reporter: { name: '通告者の名前', relation: '担任' },
  });
  assert.equal(rep.status, 201, JSON.stringify(rep.body));
  const babyVisit = await c.health.post('/api/v1/visits', { person_id: f.baby.id, kind: 'newborn_visit', on: todayJst(-2), status: 'done' });
  assert.equal(babyVisit.status, 201);
  const k = await open(f);
  fillCaseTables(k, f, agency.id);

  const r = await c.health.get(`${C}/${k.id}/records`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const byType = (t) => r.body.items.filter((i) => i.type === t);
  assert.deepEqual(byType('pregnancy').map((i) => [i.id, i.person_id, i.attention]), [[preg.body.id, f.mother.id, true]]);
  assert.match(byType('pregnancy')[0].label, /特定妊婦候補/);
  assert.deepEqual(byType('screening').map((i) => [i.id, i.kind, i.on]), [[epds.body.id, 'epds', todayJst(-10)]]);
  const visit = byType('visit');
  assert.deepEqual(visit.map((i) => [i.id, i.attention]), [[missed.body.id, true]], 'the baby is no subject: its visit is not listed');
  assert.match(visit[0].label, /未受診/);
  assert.deepEqual(byType('report').map((i) => [i.id, i.person_id, i.kind]), [[rep.body.id, f.older.id, 'abuse_report']]);
  assert.deepEqual(byType('conference').map((i) => [i.id, i.kind, i.person_id]), [[`cf-${k.id}`, 'joint_case', null]]);
  assert.deepEqual(byType('plan').map((i) => i.id).sort(), [`p1-${k.id}`, `p2-${k.id}`]);
  assert.deepEqual(byType('partner_report').map((i) => i.label), ['状況報告（第一小学校）']);
  const dates = r.body.items.map((i) => i.on);
  assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
  const text = JSON.stringify(r.body);
  for (const secret of ['通告者の名前', '通告の要旨（内部）', '内部の検討メモ', '元気に登校']) assert.ok(!text.includes(secret), secret);
  assert.ok((await auditRows(f.older.id)).some((x) => x.action === 'read' && x.object.id === k.id && x.user_id === ids.health));
  for (const role of ['clerk', 'admin', 'partner']) forbidden(await c[role].get(`${C}/${k.id}/records`));
  error(await w.get(`${C}/no-such/records`), 404, 'not_found');
});

test('summary (情報提供): subjects, plan, conferences, open actions; no protected address, no notes', async () => {
  const f = await family('森');
  const set = (p, address, phone) => sql(server.store, `UPDATE persons SET address = '${address}', phone = '${phone}' WHERE id = '${p.id}'`);
  set(f.mother, '西東京市南町1-2-3（秘匿）', '090-0000-1111');
  set(f.older, '西東京市南町1-2-3', '042-000-2222');
  sql(server.store, `UPDATE households SET address = '西東京市南町1-2-3（世帯）' WHERE id = '${f.household.id}'`);
  const k = await open(f);
  fillCaseTables(k, f, agency.id);
  const closed = await w.post(`${C}/${k.id}/close`, { reason: 'moved', on: todayJst(), moved_to: '大阪府大阪市', note: '内部の終結メモ' });
  assert.equal(closed.status, 200);
  const r = await c.coordinator.get(`${C}/${k.id}/summary`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const s = r.body;
  assert.equal(s.close_reason, 'moved');
  assert.equal(s.moved_to, '大阪府大阪市');
  assert.equal(s.lead_name, '福祉 あおい');
  assert.equal(s.opened_on, todayJst());
  const mother = s.subjects.find((x) => x.person_id === f.mother.id);
  assert.equal(mother.address, null);
  assert.equal(mother.phone, null);
  assert.equal(mother.address_withheld, true);
  assert.equal(mother.birth_date, '1995-04-10');
  assert.equal(mother.category, 'general');
  const older = s.subjects.find((x) => x.person_id === f.older.id);
  assert.equal(older.address, '西東京市南町1-2-3');
  assert.equal(older.address_withheld, false);
  assert.deepEqual(s.household, { name: '森家', address: null, address_withheld: true });
  assert.equal(s.plan.id, `p1-${k.id}`, 'the approved version, not the newer draft');
  assert.equal(s.plan.long_term_goal, '安心して子育てできる');
  assert.deepEqual(s.plan.services, [{ what: '養育支援訪問', who: '子ども家庭センター', how_often: '週1回', from: todayJst(), to: null }]);
  assert.deepEqual(s.conferences.map((x) => [x.kind, x.held_on]), [['joint_case', addDays(todayJst(), -3)]]);
  assert.deepEqual(s.open_actions, [{ what: '家庭訪問で生活状況を確認', due_on: addDays(todayJst(), 7), owner: '福祉 あおい' }]);
  const text = JSON.stringify(s);
  for (const secret of ['（秘匿）', '090-0000-1111', '（世帯）', '内部の終結メモ', '内部の検討メモ', '元気に登校']) assert.ok(!text.includes(secret), secret);
  assert.ok((await auditRows(f.mother.id)).some((x) => x.action === 'read' && x.object.id === k.id && x.user_id === ids.coordinator));
  for (const role of ['clerk', 'admin', 'partner']) forbidden(await c[role].get(`${C}/${k.id}/summary`));
});
