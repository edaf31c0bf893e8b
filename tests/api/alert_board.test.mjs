// The alert board (issue 8): EPDS item 10 (自傷の考え) has its own alert, due the day after the
// screening; a report's item names every child not yet seen; ?section= keeps the nurse's
// worklist to what a nurse acts on; every person the board names is audited against that
// person, at most once per user and hour; a cursor cannot overflow the paging. Also audited
// against the person shown: a household member's events on a child's timeline, and the
// guardians on a report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stopClean } from './support.mjs';
import { startWithRoles, todayJst, addDays, addMonths, midnightJst, invalid, person } from './health_support.mjs';

const A = '/api/v1/alerts';
const S = '/api/v1/screenings';
let server, c, ids;

before(async () => {
  ({ server, c, ids } = await startWithRoles(['director', 'health', 'welfare']));
});

after(async () => {
  if (server) await stopClean(server);
});

const HOUR = 3600e3;
const jst = (ms) => new Date(ms + 9 * HOUR).toISOString().slice(0, 19) + '+09:00';
const minuteNow = () => Math.floor(Date.now() / 60e3) * 60e3;

// EPDS answers (option indexes). Items 1, 2, 4 score the index, the others 3 − index.
const SELF_HARM_ONLY = [0, 0, 3, 0, 3, 3, 3, 3, 3, 2]; // total 1, item 10 scores 1
const HIGH_AND_SELF_HARM = Array(10).fill(0); // total 21, item 10 scores 3
const HIGH_ONLY = [0, 0, 0, 0, 0, 0, 0, 0, 0, 3]; // total 18, item 10 scores 0

async function board(client = c.health, query = '') {
  const r = await client.get(`${A}?limit=500${query}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
}
const find = (items, kind, id) => items.find((a) => a.kind === kind && a.ref.id === id);

async function epds(personId, administered_on, answers) {
  const r = await c.health.post(S, { person_id: personId, instrument: 'epds', administered_on, answers });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function abuseReport(childIds, extra = {}) {
  const r = await c.welfare.post('/api/v1/reports', {
    kind: 'abuse_report',
    received_at: jst(minuteNow() - 2 * HOUR),
    child_ids: childIds,
    route: 'school',
    abuse_types: ['neglect'],
    ...extra,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

// The audit rows of one user about one person (the director reads the log).
async function auditRows(userId, personId) {
  const r = await c.director.get(`/api/v1/audit?user_id=${userId}&person_id=${personId}&limit=500`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
}
const boardRows = (rows) => rows.filter((i) => i.action === 'read' && i.object.type === 'alerts');

// "Within the hour" is the clock hour: keep a test that reads twice away from its end.
async function awayFromHourEnd(seconds = 30) {
  const left = HOUR - (Date.now() % HOUR);
  if (left < seconds * 1000) await new Promise((resolve) => setTimeout(resolve, left + 1000));
}

// ---- item 4: EPDS item 10 ----

test('epds_self_harm: item 10 ≥ 1 is due the day after, instead of the 7-day follow-up', async () => {
  const mother = await person(c.health, { family_name: '自傷', given_name: '一', family_name_kana: 'ジショウ', birth_date: '1994-04-04' });
  const today = todayJst();
  const fresh = await epds(mother.id, today, SELF_HARM_ONLY);
  assert.deepEqual(fresh.flags.map((f) => f.code), ['epds_self_harm']);
  const yesterday = await epds(mother.id, todayJst(-1), SELF_HARM_ONLY);
  const both = await epds(mother.id, todayJst(-2), HIGH_AND_SELF_HARM);
  assert.deepEqual(both.flags.map((f) => f.code), ['epds_high', 'epds_self_harm']);
  const high = await epds(mother.id, todayJst(-2), HIGH_ONLY);
  assert.deepEqual(high.flags.map((f) => f.code), ['epds_high']);

  const items = await board();
  assert.deepEqual(find(items, 'epds_self_harm', fresh.id), {
    kind: 'epds_self_harm',
    label: 'EPDS 自傷の考え：翌日までに確認',
    due_at: midnightJst(addDays(today, 2)), // the end of tomorrow, in Japan
    overdue: false,
    ref: { type: 'screening', id: fresh.id },
    upcoming: true, // due within 14 days
    address: null,
    address_protected: false,
    person: find(items, 'epds_self_harm', fresh.id).person,
  });
  assert.equal(find(items, 'epds_self_harm', fresh.id).person.id, mother.id);
  // Administered yesterday: due by the end of today, not yet overdue.
  assert.equal(find(items, 'epds_self_harm', yesterday.id).due_at, midnightJst(addDays(today, 1)));
  assert.equal(find(items, 'epds_self_harm', yesterday.id).overdue, false);
  // Two days ago: the day after has ended — overdue.
  assert.equal(find(items, 'epds_self_harm', both.id).due_at, midnightJst(today));
  assert.equal(find(items, 'epds_self_harm', both.id).overdue, true);
  // A high total with item 10 at 0 keeps its 7-day follow-up; item 10 raises no second alert.
  assert.equal(find(items, 'screening_followup', high.id).due_at, midnightJst(addDays(todayJst(-2), 7)));
  assert.equal(find(items, 'epds_self_harm', high.id), undefined);
  for (const s of [fresh, yesterday, both]) assert.equal(find(items, 'screening_followup', s.id), undefined, 'instead of the 7-day follow-up');

  // ?kind= filters either way.
  const only = await board(c.health, '&kind=epds_self_harm');
  assert.ok(only.every((a) => a.kind === 'epds_self_harm'));
  assert.deepEqual(only.map((a) => a.ref.id).sort(), [fresh.id, yesterday.id, both.id].sort());
  assert.ok(!(await board(c.health, '&kind=screening_followup')).some((a) => [fresh.id, yesterday.id, both.id].includes(a.ref.id)));

  // One follow-up clears it (and nothing else takes its place).
  const f = await c.health.post(`${S}/${both.id}/followup`, { note: '当日中に電話で状況を確認' });
  assert.equal(f.status, 200, JSON.stringify(f.body));
  const after = await board();
  assert.equal(after.find((a) => a.ref.id === both.id), undefined);
  assert.ok(find(after, 'epds_self_harm', fresh.id));
});

test('epds_self_harm: listed above every other health item, after the safety confirmations', async () => {
  const mother = await person(c.health, { family_name: '順番', family_name_kana: 'ジュンバン', birth_date: '1992-02-02' });
  const baby = await person(c.health, { family_name: '順番', given_name: '赤', family_name_kana: 'ジュンバン', birth_date: addMonths(todayJst(), -6) });
  const late = await epds(mother.id, todayJst(-20), HIGH_ONLY); // an overdue 7-day follow-up
  const harm = await epds(mother.id, todayJst(), SELF_HARM_ONLY); // due the day after: not overdue
  const child = await person(c.health, { family_name: '順番', given_name: '子', family_name_kana: 'ジュンバン', birth_date: '2020-01-01' });
  const rep = await abuseReport([child.id]);

  const items = await board();
  const at = (kind, id) => items.findIndex((a) => a.kind === kind && a.ref.id === id);
  assert.equal(items[at('newborn_visit', baby.id)].overdue, true);
  assert.equal(items[at('screening_followup', late.id)].overdue, true);
  assert.equal(items[at('epds_self_harm', harm.id)].overdue, false);
  assert.ok(at('safety_confirmation', rep.id) < at('epds_self_harm', harm.id), 'safety confirmations stay first');
  assert.ok(at('epds_self_harm', harm.id) < at('newborn_visit', baby.id), 'above an overdue newborn visit');
  assert.ok(at('epds_self_harm', harm.id) < at('screening_followup', late.id), 'above an overdue follow-up');
  const kinds = items.map((a) => a.kind);
  const lastHarm = kinds.lastIndexOf('epds_self_harm');
  const firstHarm = kinds.indexOf('epds_self_harm');
  assert.ok(kinds.slice(0, firstHarm).every((k) => k === 'safety_confirmation'), JSON.stringify(kinds));
  assert.ok(kinds.slice(lastHarm + 1).every((k) => k !== 'epds_self_harm' && k !== 'safety_confirmation'), JSON.stringify(kinds));
});

// ---- item 5: every unconfirmed child; the nurse's section ----

test('safety_confirmation names every child not yet seen, in the report order', async () => {
  const kid = (given, kana) => person(c.health, { family_name: '兄弟', given_name: given, family_name_kana: 'キョウダイ', given_name_kana: kana, birth_date: '2018-06-06' });
  const [a, b, d] = [await kid('一郎', 'イチロウ'), await kid('二郎', 'ジロウ'), await kid('三子', 'ミツコ')];
  const rep = await abuseReport([a.id, b.id, d.id]);
  let [item] = (await board(c.welfare)).filter((x) => x.kind === 'safety_confirmation' && x.ref.id === rep.id);
  assert.deepEqual(item.children.map((p) => [p.id, p.given_name]), [[a.id, '一郎'], [b.id, '二郎'], [d.id, '三子']]);
  assert.equal(item.children_unconfirmed, 3);
  assert.equal(item.person.id, a.id);

  // 二郎 seen: the other two are still named.
  let r = await c.welfare.post(`/api/v1/reports/${rep.id}/events`, { step: 'juri', urgency: 'a' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await c.welfare.post(`/api/v1/reports/${rep.id}/events`, { step: 'safety_confirmed', child_ids: [b.id], seen_by: '福祉 あおい' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  [item] = (await board(c.welfare)).filter((x) => x.kind === 'safety_confirmation' && x.ref.id === rep.id);
  assert.deepEqual(item.children.map((p) => p.id), [a.id, d.id]);
  assert.equal(item.children_unconfirmed, 2);
  assert.equal(item.person.id, a.id);
});

test('?section=health lists only the health items (what a nurse opens and acts on)', async () => {
  const all = await board(c.health);
  assert.ok(all.some((a) => a.kind === 'safety_confirmation'), 'the full board has safety confirmations');
  const health = await board(c.health, '&section=health');
  assert.ok(health.length > 0);
  assert.deepEqual(health, all.filter((a) => a.kind !== 'safety_confirmation'), 'the same items and order, without 現認');
  const welfare = await board(c.health, '&section=welfare');
  assert.deepEqual(welfare, all.filter((a) => a.kind === 'safety_confirmation'));
  assert.deepEqual(await board(c.health, '&section=health&kind=safety_confirmation'), []);
  invalid(await c.health.get(`${A}?section=hoken`), 'section');
});

// ---- item 10: every person the board names is audited, once per user and hour ----

test('the board audits every person it names, once per user, person and hour', async () => {
  await awayFromHourEnd();
  const kid = (given) => person(c.health, { family_name: '監査', given_name: given, family_name_kana: 'カンサ', birth_date: '2019-09-09' });
  const [k1, k2] = [await kid('一'), await kid('二')];
  const rep = await abuseReport([k1.id, k2.id]);
  const mother = await person(c.health, { family_name: '監査', given_name: '母', family_name_kana: 'カンサ', birth_date: '1991-01-01' });
  await epds(mother.id, todayJst(), SELF_HARM_ONLY);

  const named = [k1, k2, mother];
  for (const p of named) assert.deepEqual(boardRows(await auditRows(ids.health, p.id)), [], 'nothing before the board is read');
  const first = await board(c.health);
  assert.ok(first.some((a) => a.ref.id === rep.id));
  for (const p of named) {
    const rows = boardRows(await auditRows(ids.health, p.id));
    assert.equal(rows.length, 1, `one row for ${p.given_name}`);
    assert.deepEqual(rows[0].object, { type: 'alerts', id: 'board' });
    assert.equal(rows[0].user_id, ids.health);
  }

  // The section's own row (no person) is written once an hour too: read it now, so a test begun
  // just after an earlier test's reading in the previous hour does not see it written again below.
  await board(c.health, '&section=health');

  // Read again (the page refreshes every minute): nothing more is written for the same persons.
  const before = (await c.director.get(`/api/v1/audit?user_id=${ids.health}&limit=500`)).body.items;
  await board(c.health);
  await board(c.health, '&section=health');
  const afterwards = (await c.director.get(`/api/v1/audit?user_id=${ids.health}&limit=500`)).body.items;
  assert.deepEqual(afterwards.filter((i) => i.seq > before[0].seq), [], 'no audit row for readings already recorded this hour');
  for (const p of named) assert.equal(boardRows(await auditRows(ids.health, p.id)).length, 1);

  // A person new on the board is written at the next reading, and only they are.
  const newcomer = await person(c.health, { family_name: '監査', given_name: '新', family_name_kana: 'カンサ', birth_date: '1995-05-05' });
  await epds(newcomer.id, todayJst(), SELF_HARM_ONLY);
  const mark = (await c.director.get(`/api/v1/audit?user_id=${ids.health}&limit=1`)).body.items[0].seq;
  await board(c.health);
  const added = (await c.director.get(`/api/v1/audit?user_id=${ids.health}&limit=500`)).body.items.filter((i) => i.seq > mark);
  assert.deepEqual(added.map((i) => [i.object.type, i.object.id, i.person_id]), [['alerts', 'board', newcomer.id]]);

  // Another user writes their own rows (the children: the welfare board lists reports too).
  await board(c.welfare);
  await board(c.welfare);
  for (const p of named) {
    assert.equal(boardRows(await auditRows(ids.welfare, p.id)).length, 1, `welfare: ${p.given_name}`);
    assert.equal(boardRows(await auditRows(ids.health, p.id)).length, 1, `health: ${p.given_name}`);
  }
  // The reading itself, too: once an hour per user and filter.
  const thisHour = (i) => Math.floor(Date.parse(i.at) / HOUR) === Math.floor(Date.now() / HOUR);
  const readings = (await c.director.get(`/api/v1/audit?user_id=${ids.welfare}&limit=500`)).body.items.filter((i) => i.object.type === 'alerts' && i.person_id === null && thisHour(i));
  assert.deepEqual(readings.map((i) => i.object.id), ['-']);
});

test('a page of the board audits only the persons on that page', async () => {
  await awayFromHourEnd();
  const personRows = async () =>
    (await c.director.get(`/api/v1/audit?user_id=${ids.director}&limit=500`)).body.items.filter((i) => i.object.type === 'alerts' && i.person_id);
  assert.deepEqual(await personRows(), [], 'the director has not read the board yet');
  const r = await c.director.get(`${A}?section=health&limit=1`);
  assert.equal(r.status, 200);
  assert.equal(r.body.items.length, 1);
  assert.ok(r.body.total >= 3);
  assert.deepEqual((await personRows()).map((i) => i.person_id), [r.body.items[0].person.id]);
  // The whole board: one row per person named, the first one not again.
  const all = await board(c.director, '&section=health');
  const rows = await personRows();
  assert.equal(rows.length, new Set(all.map((a) => a.person.id)).size);
  assert.equal(new Set(rows.map((i) => i.person_id)).size, rows.length);
});

// ---- item 16: the cursor ----

test('alerts cursor: out of range or not a number answers 400, never overflows', async () => {
  const enc = (s) => Buffer.from(s).toString('base64url');
  assert.equal(enc('2147483647'), 'MjE0NzQ4MzY0Nw');
  for (const raw of ['2147483647', '2147483648', '99999999999999999999', '0', '-1', '+3', '12abc', ' 1', '']) {
    invalid(await c.health.get(`${A}?cursor=${enc(raw) || 'x'}`), 'cursor');
    invalid(await c.health.get(`${A}?limit=500&cursor=${enc(raw) || 'x'}`), 'cursor');
  }
  // Past the end of the list: 400; at its end (items went away since): an empty last page.
  const total = (await c.health.get(`${A}?limit=1`)).body.total;
  assert.ok(total >= 2);
  invalid(await c.health.get(`${A}?cursor=${enc(String(total + 1))}`), 'cursor');
  const end = await c.health.get(`${A}?cursor=${enc(String(total))}`);
  assert.equal(end.status, 200, JSON.stringify(end.body));
  assert.deepEqual([end.body.items, end.body.next_cursor], [[], null]);
  const last = await c.health.get(`${A}?limit=500&cursor=${enc(String(total - 1))}`);
  assert.equal(last.body.items.length, 1);
  assert.equal(last.body.next_cursor, null);
});

// ---- item 10: other persons shown ----

test("a child's timeline audits the household members whose events it shows (the mother's flags)", async () => {
  const mother = await person(c.health, { family_name: '家族', given_name: '母', family_name_kana: 'カゾク', birth_date: '1990-03-03' });
  const child = await person(c.health, { family_name: '家族', given_name: '子', family_name_kana: 'カゾク', birth_date: '2024-03-03' });
  const h = await c.health.post('/api/v1/households', { members: [{ person_id: mother.id, relation: 'mother' }, { person_id: child.id, relation: 'child' }] });
  assert.equal(h.status, 201, JSON.stringify(h.body));
  await epds(mother.id, todayJst(), HIGH_AND_SELF_HARM);
  const t = await c.welfare.get(`/api/v1/persons/${child.id}/timeline`);
  assert.equal(t.status, 200);
  assert.ok(t.body.items.some((e) => e.kind === 'screening_recorded' && /要フォロー/.test(e.summary)), "the mother's EPDS is on the child's timeline");
  const aboutMother = (await auditRows(ids.welfare, mother.id)).filter((i) => i.object.type === 'timeline');
  assert.deepEqual(aboutMother.map((i) => [i.action, i.object.id]), [['read', child.id]]);
  const aboutChild = (await auditRows(ids.welfare, child.id)).filter((i) => i.object.type === 'timeline');
  assert.deepEqual(aboutChild.map((i) => [i.action, i.object.id]), [['read', child.id]]);
  // The mother's own timeline audits her once (the child's events there audit the child).
  await c.welfare.get(`/api/v1/persons/${mother.id}/timeline`);
  assert.equal((await auditRows(ids.welfare, mother.id)).filter((i) => i.object.type === 'timeline' && i.object.id === mother.id).length, 1);
});

test('the guardians shown on a report are audited against each guardian', async () => {
  const child = await person(c.health, { family_name: '保護', given_name: '子', family_name_kana: 'ホゴ', birth_date: '2016-06-06' });
  const father = await person(c.health, { family_name: '保護', given_name: '父', family_name_kana: 'ホゴ', birth_date: '1985-06-06' });
  const rep = await abuseReport([child.id], { guardians: [{ person_id: father.id, relation: '実父' }] });
  assert.equal(rep.guardians[0].person.given_name, '父');
  const byHealth = async () => (await auditRows(ids.health, father.id)).filter((i) => i.object.type === 'report');
  assert.deepEqual(await byHealth(), []);
  const got = await c.health.get(`/api/v1/reports/${rep.id}`);
  assert.equal(got.status, 200);
  assert.deepEqual((await byHealth()).map((i) => [i.action, i.object.type, i.object.id]), [['read', 'report', rep.id]]);
  const list = await c.health.get(`/api/v1/reports?child_id=${child.id}`);
  assert.equal(list.body.items[0].guardians[0].person_id, father.id);
  assert.equal((await byHealth()).length, 2, 'the list shows the guardian too');
  // The answer to the intake itself shows the guardian: audited for the one who took it.
  assert.ok((await auditRows(ids.welfare, father.id)).some((i) => i.action === 'read' && i.object.id === rep.id));
});
