// The on-call roster (当番) and the alert board for people (issue 13, item 3): the director and the
// coordinator add and correct entries, everyone who sees alerts reads them, each change audited;
// each row of the board carries the urgency and the address to visit (never a protected one);
// items due within 14 days are marked upcoming; an open safety confirmation with 12 hours or less
// left whose window runs outside office hours names who is on call at its deadline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stopClean } from './support.mjs';
import { startWithRoles, todayJst, addDays, addMonths, invalid, missing, forbidden, person } from './health_support.mjs';

const R = '/api/v1/on_call';
const HOUR = 3600e3;
const jst = (ms) => new Date(ms + 9 * HOUR).toISOString().slice(0, 19) + '+09:00';
const minuteNow = () => Math.floor(Date.now() / 60e3) * 60e3;
let server, c, ids;

before(async () => {
  ({ server, c, ids } = await startWithRoles(['director', 'coordinator', 'health', 'welfare', 'clerk', 'partner', 'admin']));
});

after(async () => {
  if (server) await stopClean(server);
});

async function entry(client, body) {
  const r = await client.post(R, body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function abuseReport(childIds, receivedAt) {
  const r = await c.welfare.post('/api/v1/reports', {
    kind: 'abuse_report',
    received_at: jst(receivedAt),
    child_ids: childIds,
    route: 'school',
    abuse_types: ['neglect'],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function board(client = c.welfare) {
  const r = await client.get('/api/v1/alerts?limit=500');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
}

test('roster: the director and the coordinator add entries; others may not; everyone on the board reads', async () => {
  const now = minuteNow();
  const body = { user_id: ids.welfare, starts_at: jst(now), ends_at: jst(now + 24 * HOUR), contact: '090-0000-1111（当番携帯）' };
  const made = await entry(c.director, body);
  assert.equal(made.user.id, ids.welfare);
  assert.equal(made.user.name, '福祉 あおい');
  assert.equal(made.contact, '090-0000-1111（当番携帯）');
  assert.equal(made.starts_at, jst(now));
  assert.equal(made.cancelled, false);
  assert.equal(made.version, 1);
  await entry(c.coordinator, { ...body, user_id: ids.health });
  for (const role of ['health', 'welfare', 'clerk', 'partner', 'admin']) forbidden(await c[role].post(R, body));
  for (const role of ['director', 'coordinator', 'health', 'welfare']) {
    const r = await c[role].get(R);
    assert.equal(r.status, 200, role);
    assert.ok(r.body.items.some((e) => e.id === made.id), role);
  }
  for (const role of ['clerk', 'partner', 'admin']) forbidden(await c[role].get(R));
  // A span of days (Japan time, both ends included) that misses the entry lists nothing of it.
  const later = await c.health.get(`${R}?from=${todayJst(5)}&to=${todayJst(6)}`);
  assert.equal(later.status, 200);
  assert.ok(!later.body.items.some((e) => e.id === made.id));
  invalid(await c.health.get(`${R}?from=2026-13-01`), 'from');
  invalid(await c.health.get(`${R}?from=2026-01-01&to=2026-12-31`), 'to');
});

test('roster: bad input names its field and writes nothing', async () => {
  const now = minuteNow();
  const ok = { user_id: ids.health, starts_at: jst(now), ends_at: jst(now + 8 * HOUR), contact: '内線 123' };
  const before = (await c.director.get(R)).body.items.length;
  missing(await c.director.post(R, { ...ok, user_id: undefined }), 'user_id');
  missing(await c.director.post(R, { ...ok, contact: undefined }), 'contact');
  missing(await c.director.post(R, { ...ok, ends_at: undefined }), 'ends_at');
  invalid(await c.director.post(R, { ...ok, ends_at: ok.starts_at }), 'ends_at');
  invalid(await c.director.post(R, { ...ok, ends_at: jst(now + 32 * 24 * HOUR) }), 'ends_at');
  invalid(await c.director.post(R, { ...ok, starts_at: '2026-12-04 19:00' }), 'starts_at');
  missing(await c.director.post(R, { ...ok, contact: '' }), 'contact');
  invalid(await c.director.post(R, { ...ok, user_id: 'nobody' }), 'user_id');
  invalid(await c.director.post(R, { ...ok, user_id: ids.partner }), 'user_id');
  invalid(await c.director.post(R, { ...ok, user_id: ids.admin }), 'user_id');
  invalid(await c.director.post(R, { ...ok, extra: 1 }), 'extra');
  assert.equal((await c.director.get(R)).body.items.length, before);
});

test('roster: a correction needs If-Match, moves the version and is audited; a cancelled entry stays listed', async () => {
  const now = minuteNow();
  const e = await entry(c.director, { user_id: ids.health, starts_at: jst(now + 2 * HOUR), ends_at: jst(now + 10 * HOUR), contact: '080-1' });
  const url = `${R}/${e.id}`;
  assert.equal((await c.director.patch(url, { contact: '080-2' }, { 'if-match': '"7"' })).status, 409);
  forbidden(await c.welfare.patch(url, { contact: '080-2' }, { 'if-match': '"1"' }));
  const fixed = await c.coordinator.patch(url, { contact: '080-2222-3333', user_id: ids.welfare }, { 'if-match': '"1"' });
  assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
  assert.equal(fixed.body.version, 2);
  assert.equal(fixed.body.contact, '080-2222-3333');
  assert.equal(fixed.body.user.name, '福祉 あおい');
  invalid(await c.director.patch(url, { ends_at: jst(now) }, { 'if-match': '"2"' }), 'ends_at');
  const gone = await c.director.patch(url, { cancelled: true }, { 'if-match': '"2"' });
  assert.equal(gone.status, 200);
  assert.equal(gone.body.cancelled, true);
  const listed = (await c.health.get(R)).body.items.find((x) => x.id === e.id);
  assert.equal(listed.cancelled, true);
  const audit = (await c.director.get('/api/v1/audit?limit=500')).body.items.filter((i) => i.object.type === 'on_call' && i.object.id === e.id);
  assert.deepEqual(audit.map((i) => i.action).sort(), ['create', 'update', 'update']);
});

test('board rows: urgency and the address to visit, a protected address withheld, every child audited', async () => {
  const open = await person(c.welfare, { family_name: '訪問', given_name: '一', family_name_kana: 'ホウモン', birth_date: '2019-05-05', address: '川崎市中原区小杉町1-1' });
  const hidden = await person(c.welfare, { family_name: '秘匿', given_name: '二', family_name_kana: 'ヒトク', birth_date: '2018-06-06', address: '秘密の住所 9-9' });
  const mark = await c.welfare.patch(`/api/v1/persons/${hidden.id}`, { address_protected: true }, { 'if-match': `"${hidden.version}"` });
  assert.equal(mark.status, 200, JSON.stringify(mark.body));
  const shown = await abuseReport([open.id], minuteNow() - 3 * HOUR);
  const step = await c.welfare.post(`/api/v1/reports/${shown.id}/events`, { step: 'juri', urgency: 'a' });
  assert.equal(step.status, 201, JSON.stringify(step.body));
  const secret = await abuseReport([hidden.id], minuteNow() - 3 * HOUR);
  for (const client of [c.welfare, c.director]) {
    const items = await board(client);
    const a = items.find((i) => i.ref.id === shown.id);
    assert.equal(a.urgency, 'a');
    assert.equal(a.address, '川崎市中原区小杉町1-1');
    assert.equal(a.address_protected, false);
    const s = items.find((i) => i.ref.id === secret.id);
    assert.equal(s.urgency, null);
    assert.equal(s.address, null);
    assert.equal(s.address_protected, true);
    assert.ok(!JSON.stringify(items).includes('秘密の住所'));
  }
  const rows = (await c.director.get(`/api/v1/audit?user_id=${ids.welfare}&person_id=${hidden.id}&limit=500`)).body.items;
  assert.ok(rows.some((i) => i.action === 'read' && i.object.type === 'alerts'), 'the protected child shown is audited');
});

test('upcoming: a newborn visit due within 14 days is upcoming, one further away is not, an overdue one neither', async () => {
  const today = todayJst();
  // Due at 00:00 of the day the child turns four months: born 4 months before today + 5 → due in 5 days.
  const soon = await person(c.health, { family_name: '近日', given_name: '太郎', family_name_kana: 'キンジツ', birth_date: addMonths(addDays(today, 5), -4) });
  const far = await person(c.health, { family_name: '先々', given_name: '次郎', family_name_kana: 'サキザキ', birth_date: addMonths(addDays(today, 40), -4) });
  const late = await person(c.health, { family_name: '超過', given_name: '三郎', family_name_kana: 'チョウカ', birth_date: addMonths(addDays(today, -4), -4) });
  const items = await board(c.health);
  const of = (p) => items.find((i) => i.kind === 'newborn_visit' && i.ref.id === p.id);
  assert.deepEqual([of(soon).upcoming, of(soon).overdue], [true, false]);
  assert.deepEqual([of(far).upcoming, of(far).overdue], [false, false]);
  assert.deepEqual([of(late).upcoming, of(late).overdue], [false, true]);
  assert.ok(!('on_call' in of(soon)), 'only safety confirmations carry the on-call');
});

test('on-call: a safety confirmation 11 hours from its deadline names who is on call then; 20 hours away does not', async () => {
  const child = await person(c.welfare, { family_name: '夜間', given_name: '花', family_name_kana: 'ヤカン', birth_date: '2020-01-01', address: '川崎市幸区1-2' });
  const night = await abuseReport([child.id], minuteNow() - 37 * HOUR); // due in 11 hours
  const early = await abuseReport([child.id], minuteNow() - 28 * HOUR); // due in 20 hours
  let items = await board(c.director);
  let a = items.find((i) => i.ref.id === night.id);
  // 11 hours cannot all lie within one day's 8:30–17:15: the on-call is needed at any hour.
  assert.equal(a.on_call_needed, true);
  const e = await entry(c.director, {
    user_id: ids.coordinator,
    starts_at: jst(minuteNow() + 10 * HOUR),
    ends_at: jst(minuteNow() + 14 * HOUR),
    contact: '当番携帯 090-9999-0000',
  });
  // A cancelled longer entry covering the same deadline is never shown.
  const old = await entry(c.director, { user_id: ids.health, starts_at: jst(minuteNow()), ends_at: jst(minuteNow() + 20 * HOUR), contact: '旧' });
  assert.equal((await c.director.patch(`${R}/${old.id}`, { cancelled: true }, { 'if-match': '"1"' })).status, 200);
  for (const client of [c.director, c.welfare]) {
    items = await board(client);
    a = items.find((i) => i.ref.id === night.id);
    assert.equal(a.on_call_needed, true);
    assert.deepEqual({ name: a.on_call.name, contact: a.on_call.contact, user_id: a.on_call.user_id }, { name: '統括 支援', contact: '当番携帯 090-9999-0000', user_id: ids.coordinator });
    assert.equal(a.on_call.id, e.id);
    const b = items.find((i) => i.ref.id === early.id);
    assert.equal(b.on_call_needed, false);
    assert.equal(b.on_call, null);
  }
});
