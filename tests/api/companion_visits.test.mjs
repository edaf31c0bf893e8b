// 伴走型相談支援 (docs/companion.md) and the visit record as a form: the three interviews as visit
// kinds, each due on the health board until done (ref: the pregnancy, person: the mother), the
// statistics table of due and done per fiscal year, the structured こんにちは赤ちゃん訪問 (round trip,
// null = 未確認, every bad value refused naming its field with nothing written) and the worklist's
// planned visits and next contacts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sqlRows } from '../lib/store.mjs';
import { stopClean } from './support.mjs';
import { startWithRoles, todayJst, addDays, addMonths, midnightJst, invalid, missing, person } from './health_support.mjs';

const V = '/api/v1/visits';
let server, c, ids;

before(async () => {
  ({ server, c, ids } = await startWithRoles(['director', 'health', 'welfare', 'clerk']));
});

after(async () => {
  if (server) await stopClean(server);
});

async function created(path, body) {
  const r = await c.health.post(path, body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}
const mother = (given, kana) =>
  person(c.health, { family_name: '伴走', given_name: given, family_name_kana: 'バンソウ', given_name_kana: kana, sex: 'female', birth_date: '1994-05-05' });
const child = (birth) => person(c.health, { family_name: '伴走', given_name: '子', family_name_kana: 'バンソウ', birth_date: birth });
const pregnancy = (body) => created('/api/v1/pregnancies', { answers: {}, ...body });
const interview = (m, kind, on) => created(V, { person_id: m.id, kind, on, status: 'done', staff: '保健 みどり' });

async function board() {
  const r = await c.health.get('/api/v1/alerts?section=health&limit=500');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
}
const item = (items, kind, pregnancyId) => items.find((a) => a.kind === kind && a.ref.id === pregnancyId);

test('meta: the three interviews are visit kinds and alert kinds; the form has its tables', async () => {
  const r = await c.health.get('/api/v1/meta');
  assert.equal(r.status, 200);
  const codes = (t) => r.body.codes[t].map((x) => x.code);
  for (const k of ['companion_notification', 'companion_8m', 'companion_postnatal']) {
    assert.ok(codes('visit_kinds').includes(k), k);
    assert.ok(codes('alert_kinds').includes(k), k);
  }
  assert.deepEqual(codes('companion_interviews'), ['notification', 'eighth_month', 'postnatal']);
  assert.deepEqual(codes('feeding_methods'), ['breast', 'mixed', 'formula']);
  assert.deepEqual(r.body.codes.feeding_methods.map((x) => x.label), ['母乳', '混合', '人工乳']);
  for (const t of ['mother_moods', 'mother_sleeps', 'home_environments', 'contact_kinds']) assert.ok(codes(t).length >= 3, t);
});

test('board: the notification and 8th-month interviews are due until done, on the mother, ref the pregnancy', async () => {
  const m = await mother('花子', 'ハナコ');
  const notified = todayJst(-3);
  const dueDate = todayJst(70); // 満28週 was 14 days ago: the 8th month's interview is listed
  const g = await pregnancy({ mother_id: m.id, notified_on: notified, weeks_at_notification: 29, due_date: dueDate });
  let items = await board();
  const n = item(items, 'companion_notification', g.id);
  assert.ok(n, JSON.stringify(items.map((a) => a.kind)));
  assert.deepEqual(n.ref, { type: 'pregnancy', id: g.id });
  assert.equal(n.person.id, m.id);
  assert.equal(n.due_at, midnightJst(addDays(notified, 15)), 'by the end of the 14th day');
  assert.equal(n.overdue, false);
  const e = item(items, 'companion_8m', g.id);
  assert.ok(e);
  assert.equal(e.due_at, midnightJst(addDays(dueDate, -56)), 'overdue from 満32週');
  assert.match(e.label, /妊娠8か月頃面談/);

  await interview(m, 'companion_notification', notified);
  items = await board();
  assert.equal(item(items, 'companion_notification', g.id), undefined, 'done: off the board');
  assert.ok(item(items, 'companion_8m', g.id), 'the other interview stays');
  await interview(m, 'companion_8m', todayJst());
  assert.equal(item(await board(), 'companion_8m', g.id), undefined);
});

test('board: the 8th month is not listed before 満28週, and is estimated from the weeks without a due date', async () => {
  const m = await mother('早苗', 'サナエ');
  const early = await pregnancy({ mother_id: m.id, notified_on: todayJst(-1), due_date: todayJst(120) });
  const m2 = await mother('弥生', 'ヤヨイ');
  // 33 weeks at notification 1 day ago: delivery estimated in 49 days, overdue since 満32週
  const notified = todayJst(-1);
  const late = await pregnancy({ mother_id: m2.id, notified_on: notified, weeks_at_notification: 33 });
  const items = await board();
  assert.equal(item(items, 'companion_8m', early.id), undefined, 'not yet 満28週');
  assert.ok(item(items, 'companion_notification', early.id));
  const e = item(items, 'companion_8m', late.id);
  assert.ok(e);
  assert.equal(e.due_at, midnightJst(addDays(addDays(notified, 7 * 7), -56)));
  assert.equal(e.overdue, true);
});

test('board: the interview after the birth is due by the day the infant turns 4 months', async () => {
  const m = await mother('桜', 'サクラ');
  const birth = todayJst(-20);
  const baby = await child(birth);
  const g = await pregnancy({ mother_id: m.id, notified_on: todayJst(-200), weeks_at_notification: 8, child_ids: [baby.id] });
  let items = await board();
  assert.equal(item(items, 'companion_notification', g.id), undefined, 'born: the pregnancy interviews are past');
  assert.equal(item(items, 'companion_8m', g.id), undefined);
  const p = item(items, 'companion_postnatal', g.id);
  assert.ok(p);
  assert.equal(p.due_at, midnightJst(addMonths(birth, 4)));
  assert.equal(p.person.id, m.id);
  // an interview dated before the birth does not count
  await interview(m, 'companion_postnatal', todayJst(-30));
  assert.ok(item(await board(), 'companion_postnatal', g.id));
  await interview(m, 'companion_postnatal', todayJst());
  assert.equal(item(await board(), 'companion_postnatal', g.id), undefined);
});

test('visits: a 伴走型 interview of someone who cannot be a mother is refused, nothing written', async () => {
  const man = await person(c.health, { family_name: '伴走', given_name: '太郎', sex: 'male', birth_date: '1990-01-01' });
  invalid(await c.health.post(V, { person_id: man.id, kind: 'companion_notification', on: todayJst(), status: 'done' }), 'person_id');
  const r = await c.health.get(`${V}?person_id=${man.id}`);
  assert.deepEqual(r.body.items, []);
});

test('stats/companion_interviews: due and done of each interview per fiscal year, from April 2025; CSV', async () => {
  const a = await mother('一子', 'カズコ');
  const b = await mother('二子', 'フタコ');
  const d = await mother('三子', 'ミツコ');
  // a: notified 2025-05-10 (FY2025), 満28週 2025-09-27 (FY2025), born 2025-12-18 → 4 months 2026-04-18 (FY2026)
  const aBaby = await child('2025-12-18');
  await pregnancy({ mother_id: a.id, notified_on: '2025-05-10', due_date: '2025-12-20', child_ids: [aBaby.id] });
  await interview(a, 'companion_notification', '2025-05-10');
  await interview(a, 'companion_8m', '2025-10-01');
  await interview(a, 'companion_postnatal', '2026-01-10');
  // b: notified 2025-03-20, before the scheme (not counted); 8 weeks → delivery 2025-10-30, 満28週 2025-08-07 (FY2025), not done
  await pregnancy({ mother_id: b.id, notified_on: '2025-03-20', weeks_at_notification: 8 });
  // d: notified after the birth (no pregnancy interviews); born 2025-05-20 → 2025-09-20 (FY2025), not done
  const dBaby = await child('2025-05-20');
  await pregnancy({ mother_id: d.id, notified_on: '2025-06-01', notified_after_birth: true, child_ids: [dBaby.id] });

  const r = await c.health.get('/api/v1/stats/companion_interviews?fy_from=2024&fy_to=2026');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const row = (fy) => r.body.rows.find((x) => x.fiscal_year === fy);
  assert.deepEqual(row(2024).due, { notification: 0, eighth_month: 0, postnatal: 0 }, 'before the scheme');
  assert.deepEqual(row(2025).due, { notification: 1, eighth_month: 2, postnatal: 1 });
  assert.deepEqual(row(2025).done, { notification: 1, eighth_month: 1, postnatal: 0 });
  assert.equal(row(2025).label, '令和7年度');
  // FY2026 also holds the interviews of the other tests (dated around today); a's postnatal is there
  assert.ok(row(2026).due.postnatal >= 1 && row(2026).done.postnatal >= 1);
  const audit = await sqlRows(server, `SELECT action, object_id FROM audit WHERE object_type = 'stats' AND user_id = '${ids.health}' ORDER BY seq`);
  assert.deepEqual(audit.at(-1), { action: 'read', object_id: 'companion_interviews' });

  const res = await fetch(`${server.url}/api/v1/stats/companion_interviews?fy_from=2025&fy_to=2025&format=csv`, { headers: { cookie: c.director.cookie } });
  assert.equal(res.status, 200);
  const lines = (await res.text()).replace(/^\ufeff/, '').trim().split('\r\n').map((l) => l.split(','));
  assert.deepEqual(lines, [
    ['年度', '対象 妊娠届出時', '対象 妊娠8か月頃', '対象 出産後', '実施 妊娠届出時', '実施 妊娠8か月頃', '実施 出産後'],
    ['令和7年度', '1', '2', '1', '1', '1', '0'],
  ]);
  assert.equal((await c.clerk.get('/api/v1/stats/companion_interviews?fy_from=2025&fy_to=2025')).status, 403);
});

const FORM = {
  infant_weight_g: 4250, feeding: 'mixed', mother_mood: 'anxious', mother_sleep: 'short',
  home_environment: 'some_concern', home_note: '階段が急。ベビーベッドなし。', next_contact_on: null, next_contact_kind: null,
};

test('visits: a structured newborn visit round-trips; null stays 未確認; PATCH changes one item', async () => {
  const baby = await child(todayJst(-30));
  const on = todayJst();
  const next = todayJst(10);
  const v = await created(V, { person_id: baby.id, kind: 'newborn_visit', on, status: 'done', notes: '体重増加良好',
    ...FORM, next_contact_on: next, next_contact_kind: 'phone' });
  for (const [k, val] of Object.entries({ ...FORM, next_contact_on: next, next_contact_kind: 'phone' })) assert.deepEqual(v[k], val, k);
  const got = await c.health.get(`${V}/${v.id}`);
  assert.deepEqual(got.body, v);
  const r = await c.health.patch(`${V}/${v.id}`, { feeding: 'breast', mother_sleep: null }, { 'If-Match': '"1"' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.feeding, 'breast');
  assert.equal(r.body.mother_sleep, null, 'taken back to 未確認');
  assert.equal(r.body.infant_weight_g, 4250, 'the rest kept');
  assert.equal(r.body.next_contact_kind, 'phone');
  // the timeline's line: weight, feeding, next contact — never the mood, the home or free text
  const t = await c.health.get(`/api/v1/persons/${baby.id}/timeline`);
  assert.deepEqual(t.body.items.filter((e) => e.ref.id === v.id).map((e) => e.summary), [
    `こんにちは赤ちゃん訪問：実施（体重4250g・栄養 母乳・次回 ${next} 電話）`,
    `こんにちは赤ちゃん訪問：実施（体重4250g・栄養 混合・次回 ${next} 電話）`,
  ]);
  for (const secret of ['不安', '階段', '体重増加良好']) assert.ok(!JSON.stringify(t.body).includes(secret), secret);
  // an old free-text visit reads with every item null
  const old = await created(V, { person_id: baby.id, kind: 'newborn_visit', on: todayJst(-1), status: 'done', notes: '自由記述のみ' });
  for (const k of Object.keys(FORM)) assert.equal(old[k], null, k);
  assert.equal(old.notes, '自由記述のみ');
});

test('visits: each bad value of the form is refused naming its field; nothing written', async () => {
  const baby = await child(todayJst(-30));
  const base = { person_id: baby.id, kind: 'newborn_visit', on: todayJst(), status: 'done' };
  invalid(await c.health.post(V, { ...base, infant_weight_g: 120 }), 'infant_weight_g');
  invalid(await c.health.post(V, { ...base, infant_weight_g: '4000' }), 'infant_weight_g');
  invalid(await c.health.post(V, { ...base, feeding: 'cow' }), 'feeding');
  invalid(await c.health.post(V, { ...base, mother_mood: 'fine' }), 'mother_mood');
  invalid(await c.health.post(V, { ...base, home_environment: 3 }), 'home_environment');
  invalid(await c.health.post(V, { ...base, next_contact_on: todayJst(-1), next_contact_kind: 'visit' }), 'next_contact_on');
  missing(await c.health.post(V, { ...base, next_contact_on: todayJst(3) }), 'next_contact_kind');
  missing(await c.health.post(V, { ...base, next_contact_kind: 'visit' }), 'next_contact_on');
  invalid(await c.health.post(V, { ...base, next_contact_on: todayJst(3), next_contact_kind: 'mail' }), 'next_contact_kind');
  invalid(await c.health.post(V, { ...base, kind: 'checkup', subtype: '4m', feeding: 'breast' }), 'feeding');
  invalid(await c.health.post(V, { ...base, kind: 'checkup', subtype: '4m', infant_weight_g: 6000 }), 'infant_weight_g');
  const r = await c.health.get(`${V}?person_id=${baby.id}`);
  assert.deepEqual(r.body.items, [], 'nothing written');
});

test('visits?planned_from&planned_to: scheduled visits and next contacts by their day; audited', async () => {
  const baby = await child(todayJst(-40));
  const from = todayJst(200);
  const to = addDays(from, 14);
  const sched = await created(V, { person_id: baby.id, kind: 'checkup', subtype: '4m', on: addDays(from, 5), status: 'scheduled' });
  const done = await created(V, { person_id: baby.id, kind: 'newborn_visit', on: todayJst(), status: 'done',
    next_contact_on: addDays(from, 3), next_contact_kind: 'visit' });
  await created(V, { person_id: baby.id, kind: 'checkup', subtype: '18m', on: addDays(to, 1), status: 'scheduled' });
  const r = await c.health.get(`${V}?planned_from=${from}&planned_to=${to}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.items.map((v) => [v.id, v.planned, v.planned_on]), [
    [done.id, 'next_contact', addDays(from, 3)],
    [sched.id, 'visit', addDays(from, 5)],
  ]);
  assert.equal(r.body.next_cursor, null);
  const audit = await sqlRows(server, `SELECT object_id FROM audit WHERE object_type = 'visit' AND action = 'read' AND user_id = '${ids.health}'`);
  assert.ok(audit.some((a) => a.object_id === sched.id));
  invalid(await c.health.get(`${V}?planned_from=${to}&planned_to=${from}`), 'planned_to');
  invalid(await c.health.get(`${V}?planned_from=x&planned_to=${to}`), 'planned_from');
});
