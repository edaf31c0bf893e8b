// Visits and check-ups (こんにちは赤ちゃん訪問, 産後ケア, 乳幼児健診) and the alerts board: newborn
// visits due at 4 months, missed check-ups, EPDS follow-ups; order, filters, paging, roles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stopClean } from './support.mjs';
import {
  startWithRoles, todayJst, addDays, addMonths, midnightJst, invalid, missing, error, forbidden, person, INSTANT,
} from './health_support.mjs';

const V = '/api/v1/visits';
const A = '/api/v1/alerts';
let server, c, ids;
let mother;

before(async () => {
  ({ server, c, ids } = await startWithRoles(['director', 'health', 'welfare', 'clerk', 'partner', 'admin']));
  mother = await person(c.health, { family_name: '訪問', given_name: '母', family_name_kana: 'ホウモン', birth_date: '1993-09-09' });
});

after(async () => {
  if (server) await stopClean(server);
});

async function visit(body, client = c.health) {
  const r = await client.post(V, body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}
async function baby(name, birth) {
  return person(c.health, { family_name: '訪問', given_name: name, family_name_kana: 'ホウモン', birth_date: birth });
}
async function alerts(query = '') {
  const r = await c.health.get(`${A}?limit=500${query}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
}
const find = (items, kind, id) => items.find((a) => a.kind === kind && a.ref.id === id);

// Before anything is recorded: an empty board (qsort was once handed a NULL array here).
test('alerts: an empty board is 200 with no items, total 0', async () => {
  for (const q of ['', '?kind=newborn_visit', '?kind=screening_followup&limit=1']) {
    const r = await c.health.get(`${A}${q}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, { items: [], next_cursor: null, total: 0 });
  }
});

// ---- visits ----

test('visits: create, read, PATCH scheduled → done with If-Match; labels; 409 when stale', async () => {
  const child = await baby('一郎', todayJst(-20));
  const on = todayJst();
  const r = await c.health.post(V, { person_id: child.id, kind: 'newborn_visit', on, status: 'scheduled', staff: '助産師 田中', notes: '午前10時' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const v = r.body;
  assert.equal(r.headers.get('location'), `${V}/${v.id}`);
  assert.equal(r.headers.get('etag'), '"1"');
  assert.match(v.id, /^[A-Za-z0-9_-]+$/);
  assert.equal(v.version, 1);
  assert.equal(v.person_id, child.id);
  assert.equal(v.person.id, child.id);
  assert.equal(v.person.given_name, '一郎');
  assert.equal(v.person.age, 0);
  assert.equal(v.kind, 'newborn_visit');
  assert.equal(v.kind_label, 'こんにちは赤ちゃん訪問');
  assert.equal(v.subtype, null);
  assert.equal(v.subtype_label, '');
  assert.equal(v.on, on);
  assert.equal(v.status, 'scheduled');
  assert.equal(v.status_label, '予定');
  assert.equal(v.staff, '助産師 田中');
  assert.equal(v.notes, '午前10時');
  assert.equal(v.followup, null);
  assert.match(v.created_at, INSTANT);
  assert.equal(v.updated_at, v.created_at);
  const got = await c.welfare.get(`${V}/${v.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('etag'), '"1"');
  assert.deepEqual(got.body, v);

  const done = await c.health.patch(`${V}/${v.id}`, { status: 'done' }, { 'if-match': '"1"' });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.equal(done.headers.get('etag'), '"2"');
  assert.equal(done.body.version, 2);
  assert.equal(done.body.status, 'done');
  assert.equal(done.body.status_label, '実施');
  assert.equal(done.body.staff, '助産師 田中', 'fields not sent are kept');
  assert.equal(done.body.created_at, v.created_at);
  error(await c.health.patch(`${V}/${v.id}`, { status: 'scheduled' }, { 'if-match': '"1"' }), 409, 'version_conflict');
  missing(await c.health.patch(`${V}/${v.id}`, { status: 'scheduled' }), 'If-Match');
  error(await c.health.patch(`${V}/no-such-id`, { status: 'done' }, { 'if-match': '"1"' }), 404, 'not_found');
  error(await c.health.get(`${V}/no-such-id`), 404, 'not_found');
  assert.equal((await c.health.get(`${V}/${v.id}`)).body.version, 2);

  // Timeline of the child: recorded, then updated.
  const t = await c.health.get(`/api/v1/persons/${child.id}/timeline`);
  assert.deepEqual(t.body.items.filter((e) => e.ref.id === v.id).map((e) => [e.kind, e.section, e.summary]), [
    ['visit_updated', 'health', 'こんにちは赤ちゃん訪問：実施'],
    ['visit_recorded', 'health', 'こんにちは赤ちゃん訪問：予定'],
  ]);
  assert.ok(!JSON.stringify(t.body).includes('午前10時'));
});

test('visits: postpartum care and check-up subtypes and labels', async () => {
  const pc = await visit({ person_id: mother.id, kind: 'postpartum_care', subtype: 'stay', on: todayJst(-2), status: 'done' });
  assert.equal(pc.kind_label, '産後ケア');
  assert.equal(pc.subtype_label, '宿泊型');
  assert.equal(pc.status_label, '実施');
  const day = await visit({ person_id: mother.id, kind: 'postpartum_care', subtype: 'day', on: todayJst(5), status: 'scheduled' });
  assert.equal(day.subtype_label, '日帰り型');
  const home = await visit({ person_id: mother.id, kind: 'postpartum_care', subtype: 'home', on: todayJst(-1), status: 'done' });
  assert.equal(home.subtype_label, '訪問型');
  const child = await baby('健診', addMonths(todayJst(), -40));
  const labels = [];
  for (const subtype of ['4m', '18m', '3y']) {
    const v = await visit({ person_id: child.id, kind: 'checkup', subtype, on: todayJst(-1), status: 'done' });
    labels.push([v.kind_label, v.subtype_label, v.status_label]);
  }
  assert.deepEqual(labels, [['乳幼児健診', '4か月児', '受診'], ['乳幼児健診', '1歳6か月児', '受診'], ['乳幼児健診', '3歳児', '受診']]);
  const missed = await visit({ person_id: child.id, kind: 'checkup', subtype: '3y', on: todayJst(-1), status: 'missed' });
  assert.equal(missed.status_label, '未受診');
});

test('visits: validation', async () => {
  const child = await baby('検証', todayJst(-30));
  const base = { person_id: child.id, kind: 'newborn_visit', on: todayJst(), status: 'done' };
  const post = (extra) => c.health.post(V, { ...base, ...extra });
  invalid(await post({ status: 'missed' }), 'status'); // 未受診 only for a check-up
  invalid(await post({ kind: 'postpartum_care', subtype: 'day', status: 'missed' }), 'status');
  missing(await post({ kind: 'checkup' }), 'subtype');
  missing(await post({ kind: 'postpartum_care' }), 'subtype');
  invalid(await post({ subtype: '4m' }), 'subtype'); // a newborn visit has none
  invalid(await post({ kind: 'checkup', subtype: '6m' }), 'subtype');
  invalid(await post({ kind: 'checkup', subtype: 'stay' }), 'subtype');
  invalid(await post({ kind: 'postpartum_care', subtype: '4m' }), 'subtype');
  invalid(await post({ on: todayJst(1) }), 'on'); // done in the future
  invalid(await post({ kind: 'checkup', subtype: '4m', status: 'missed', on: todayJst(1) }), 'on');
  invalid(await post({ on: '2026-02-29' }), 'on');
  missing(await post({ on: null }), 'on');
  invalid(await post({ kind: 'home_visit' }), 'kind');
  missing(await post({ kind: null }), 'kind');
  invalid(await post({ status: 'cancelled' }), 'status');
  missing(await post({ status: undefined }), 'status');
  invalid(await post({ person_id: 'no-such-person' }), 'person_id');
  missing(await post({ person_id: null }), 'person_id');
  invalid(await post({ staff: 'あ'.repeat(101) }), 'staff');
  invalid(await post({ staff: '田中\n花子' }), 'staff');
  invalid(await post({ notes: 'あ'.repeat(20001) }), 'notes');
  invalid(await post({ followup: null }), 'followup');
  error(await c.health.post(V, 'null'), 400, 'invalid_json');
  // A scheduled visit may be in the future; notes may have line breaks.
  const s = await visit({ ...base, status: 'scheduled', on: todayJst(7), notes: '一行目\n二行目' });
  assert.equal(s.notes, '一行目\n二行目');
  // PATCH is checked against the whole record.
  invalid(await c.health.patch(`${V}/${s.id}`, { status: 'done' }, { 'if-match': '"1"' }), 'on');
  invalid(await c.health.patch(`${V}/${s.id}`, { status: 'missed', on: todayJst() }, { 'if-match': '"1"' }), 'status');
  missing(await c.health.patch(`${V}/${s.id}`, { kind: 'checkup' }, { 'if-match': '"1"' }), 'subtype');
  invalid(await c.health.patch(`${V}/${s.id}`, { person_id: 'nobody' }, { 'if-match': '"1"' }), 'person_id');
  const ok = await c.health.patch(`${V}/${s.id}`, { kind: 'checkup', subtype: '4m', on: todayJst(-1), status: 'missed' }, { 'if-match': '"1"' });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.version, 2);
  // Clearing the subtype of a check-up is refused.
  missing(await c.health.patch(`${V}/${s.id}`, { subtype: null }, { 'if-match': '"2"' }), 'subtype');
  assert.equal((await c.health.get(`${V}/${s.id}`)).body.subtype, '4m');
});

test('visits: ?on lists that day’s visits, ?person_id the person’s, newest first', async () => {
  const child = await baby('一覧', todayJst(-10));
  const day = '2026-04-15';
  const a = await visit({ person_id: child.id, kind: 'newborn_visit', on: day, status: 'done' });
  const b = await visit({ person_id: mother.id, kind: 'postpartum_care', subtype: 'home', on: day, status: 'done' });
  const other = await visit({ person_id: child.id, kind: 'newborn_visit', on: '2026-04-16', status: 'done' });
  const r = await c.health.get(`${V}?on=${day}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items.map((v) => v.id).sort(), [a.id, b.id].sort());
  assert.ok(r.body.items.every((v) => v.on === day));
  assert.equal(r.body.next_cursor, null);
  const p = await c.health.get(`${V}?person_id=${child.id}`);
  assert.deepEqual(p.body.items.map((v) => v.id), [other.id, a.id]);
  const both = await c.health.get(`${V}?person_id=${child.id}&on=${day}`);
  assert.deepEqual(both.body.items.map((v) => v.id), [a.id]);
  const p1 = await c.health.get(`${V}?person_id=${child.id}&limit=1`);
  assert.deepEqual(p1.body.items.map((v) => v.id), [other.id]);
  const p2 = await c.health.get(`${V}?person_id=${child.id}&limit=1&cursor=${encodeURIComponent(p1.body.next_cursor)}`);
  assert.deepEqual(p2.body.items.map((v) => v.id), [a.id]);
  assert.deepEqual((await c.health.get(`${V}?on=2001-01-01`)).body, { items: [], next_cursor: null });
  missing(await c.health.get(V), 'person_id');
  invalid(await c.health.get(`${V}?on=2026-4-15`), 'on');
  invalid(await c.health.get(`${V}?on=${day}&cursor=x`), 'cursor');
});

test('visits: roles', async () => {
  const child = await baby('権限', todayJst(-10));
  const v = await visit({ person_id: child.id, kind: 'newborn_visit', on: todayJst(), status: 'scheduled' });
  assert.equal((await c.welfare.get(`${V}?person_id=${child.id}`)).status, 200);
  forbidden(await c.welfare.post(V, { person_id: child.id, kind: 'newborn_visit', on: todayJst(), status: 'done' }));
  forbidden(await c.welfare.patch(`${V}/${v.id}`, { status: 'done' }, { 'if-match': '"1"' }));
  for (const role of ['clerk', 'partner', 'admin']) {
    forbidden(await c[role].get(`${V}/${v.id}`));
    forbidden(await c[role].get(`${V}?on=${todayJst()}`));
    forbidden(await c[role].post(V, { person_id: child.id, kind: 'newborn_visit', on: todayJst(), status: 'done' }));
    forbidden(await c[role].post(`${V}/${v.id}/followup`, {}));
  }
  const d = await c.director.patch(`${V}/${v.id}`, { status: 'done' }, { 'if-match': '"1"' });
  assert.equal(d.status, 200);
  const audit = await c.director.get(`/api/v1/audit?person_id=${child.id}`);
  const rows = audit.body.items.filter((i) => i.object.type === 'visit' && i.object.id === v.id);
  assert.deepEqual(rows.map((i) => [i.action, i.user_id]), [['update', ids.director], ['read', ids.welfare], ['create', ids.health]]);
});

// ---- alerts ----

test('newborn_visit: born 3 months ago is due at birth + 4 months 00:00 JST, not overdue; 5 months ago is overdue', async () => {
  const b3 = addMonths(todayJst(), -3);
  const b5 = addMonths(todayJst(), -5);
  const three = await baby('三月', b3);
  const five = await baby('五月', b5);
  const items = await alerts('&kind=newborn_visit');
  const a3 = find(items, 'newborn_visit', three.id);
  assert.deepEqual(a3, {
    kind: 'newborn_visit',
    label: 'こんにちは赤ちゃん訪問が未実施',
    due_at: midnightJst(addMonths(b3, 4)),
    overdue: false,
    ref: { type: 'person', id: three.id },
    upcoming: false,
    address: null,
    address_protected: false,
    person: { ...a3.person, id: three.id, birth_date: b3, age: 0 },
  });
  assert.equal(a3.person.given_name, '三月');
  const a5 = find(items, 'newborn_visit', five.id);
  assert.equal(a5.due_at, midnightJst(addMonths(b5, 4)));
  assert.equal(a5.overdue, true);
  assert.deepEqual(a5.ref, { type: 'person', id: five.id });

  // A scheduled visit does not clear it; a done one does.
  const v = await visit({ person_id: five.id, kind: 'newborn_visit', on: todayJst(), status: 'scheduled' });
  assert.ok(find(await alerts('&kind=newborn_visit'), 'newborn_visit', five.id), 'scheduled does not clear');
  const done = await c.health.patch(`${V}/${v.id}`, { status: 'done' }, { 'if-match': '"1"' });
  assert.equal(done.status, 200);
  const after = await alerts('&kind=newborn_visit');
  assert.equal(find(after, 'newborn_visit', five.id), undefined, 'done clears it');
  assert.ok(find(after, 'newborn_visit', three.id));
  // Another kind of visit does not count.
  await visit({ person_id: three.id, kind: 'checkup', subtype: '4m', on: todayJst(), status: 'done' });
  assert.ok(find(await alerts('&kind=newborn_visit'), 'newborn_visit', three.id));
});

test('newborn_visit: the due day itself is overdue; born 12 months ago is listed, a day earlier is not', async () => {
  const b4 = addMonths(todayJst(), -4);
  const four = await baby('四月', b4);
  const a4 = find(await alerts('&kind=newborn_visit'), 'newborn_visit', four.id);
  assert.equal(a4.due_at, midnightJst(addMonths(b4, 4)));
  assert.equal(a4.overdue, true);
  const b12 = addMonths(todayJst(), -12);
  const twelve = await baby('一年', b12);
  const older = await baby('一年超', addDays(b12, -1));
  const none = await baby('不詳', null);
  const items = await alerts('&kind=newborn_visit');
  assert.ok(find(items, 'newborn_visit', twelve.id), 'born 12 months ago still listed');
  assert.equal(find(items, 'newborn_visit', older.id), undefined);
  assert.equal(find(items, 'newborn_visit', none.id), undefined, 'no birth date, no alert');
  assert.equal(find(items, 'newborn_visit', mother.id), undefined);
});

test('checkup_missed: due 14 days after the missed date; a later attended check-up of the same subtype clears it', async () => {
  const child = await baby('未受診', addMonths(todayJst(), -6));
  const missedOn = todayJst(-20);
  const m = await visit({ person_id: child.id, kind: 'checkup', subtype: '4m', on: missedOn, status: 'missed' });
  let a = find(await alerts('&kind=checkup_missed'), 'checkup_missed', m.id);
  assert.deepEqual(a, {
    kind: 'checkup_missed',
    label: '乳幼児健診の未受診（フォロー未実施）',
    due_at: midnightJst(addDays(missedOn, 14)),
    overdue: true,
    ref: { type: 'visit', id: m.id },
    upcoming: false,
    address: null,
    address_protected: false,
    person: a.person,
  });
  assert.equal(a.person.id, child.id);
  // Timeline: the miss is its own event.
  const t = await c.health.get(`/api/v1/persons/${child.id}/timeline`);
  assert.deepEqual(t.body.items.filter((e) => e.ref.id === m.id).map((e) => [e.kind, e.summary]), [['checkup_missed', '乳幼児健診（4か月児）：未受診']]);

  // An attended check-up of another subtype, or of the same subtype before the miss, does not clear it.
  await visit({ person_id: child.id, kind: 'checkup', subtype: '18m', on: todayJst(-1), status: 'done' });
  await visit({ person_id: child.id, kind: 'checkup', subtype: '4m', on: addDays(missedOn, -1), status: 'done' });
  await visit({ person_id: child.id, kind: 'checkup', subtype: '4m', on: todayJst(3), status: 'scheduled' });
  assert.ok(find(await alerts('&kind=checkup_missed'), 'checkup_missed', m.id));
  // Attended later: cleared.
  await visit({ person_id: child.id, kind: 'checkup', subtype: '4m', on: todayJst(-2), status: 'done' });
  assert.equal(find(await alerts('&kind=checkup_missed'), 'checkup_missed', m.id), undefined);

  // A recent miss is not overdue yet.
  const other = await baby('最近', addMonths(todayJst(), -5));
  const recent = await visit({ person_id: other.id, kind: 'checkup', subtype: '4m', on: todayJst(-3), status: 'missed' });
  a = find(await alerts('&kind=checkup_missed'), 'checkup_missed', recent.id);
  assert.equal(a.due_at, midnightJst(addDays(todayJst(-3), 14)));
  assert.equal(a.overdue, false);
});

test('checkup_missed: a follow-up clears it; follow-up only for a missed check-up', async () => {
  const child = await baby('フォロー', addMonths(todayJst(), -19));
  const m = await visit({ person_id: child.id, kind: 'checkup', subtype: '18m', on: todayJst(-5), status: 'missed' });
  assert.ok(find(await alerts('&kind=checkup_missed'), 'checkup_missed', m.id));
  invalid(await c.health.post(`${V}/${m.id}/followup`, { on: todayJst(1) }), 'on');
  forbidden(await c.welfare.post(`${V}/${m.id}/followup`, { on: todayJst() }));
  error(await c.health.post(`${V}/no-such-id/followup`, { on: todayJst() }), 404, 'not_found');
  const r = await c.health.post(`${V}/${m.id}/followup`, { on: todayJst(), note: '電話で受診を勧奨' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.version, 2);
  assert.equal(r.body.status, 'missed');
  assert.deepEqual({ ...r.body.followup, at: 'x' }, { on: todayJst(), note: '電話で受診を勧奨', by: ids.health, at: 'x' });
  assert.match(r.body.followup.at, INSTANT);
  assert.equal(find(await alerts('&kind=checkup_missed'), 'checkup_missed', m.id), undefined);
  const t = await c.health.get(`/api/v1/persons/${child.id}/timeline`);
  assert.equal(t.body.items[0].kind, 'checkup_followup');
  assert.equal(t.body.items[0].summary, '未受診の健診についてフォローを記録しました');

  const done = await visit({ person_id: child.id, kind: 'checkup', subtype: '18m', on: todayJst(), status: 'done' });
  error(await c.health.post(`${V}/${done.id}/followup`, { on: todayJst() }), 409, 'invalid_transition');
  assert.equal((await c.health.get(`${V}/${done.id}`)).body.followup, null);
});

test('screening_followup: an EPDS with a flag is due 7 days after it was administered, until followed up', async () => {
  const on = todayJst(-10);
  // A high total with item 10 (自傷の考え) at 0: the 7-day follow-up (item 10 has its own alert).
  const s = await c.health.post('/api/v1/screenings', { person_id: mother.id, instrument: 'epds', administered_on: on, answers: [0, 0, 0, 0, 0, 0, 0, 0, 0, 3] });
  assert.equal(s.status, 201);
  const recent = await c.health.post('/api/v1/screenings', { person_id: mother.id, instrument: 'epds', administered_on: todayJst(), answers: Array(10).fill(3) });
  const calm = await c.health.post('/api/v1/screenings', { person_id: mother.id, instrument: 'epds', administered_on: todayJst(), answers: [3, 3, 3, 2, 3, 3, 3, 3, 3, 3] });
  const items = await alerts('&kind=screening_followup');
  assert.deepEqual(find(items, 'screening_followup', s.body.id), {
    kind: 'screening_followup',
    label: 'EPDS 要フォロー（7日以内）',
    due_at: midnightJst(addDays(on, 7)),
    overdue: true,
    ref: { type: 'screening', id: s.body.id },
    upcoming: false,
    address: null,
    address_protected: false,
    person: find(items, 'screening_followup', s.body.id).person,
  });
  assert.equal(find(items, 'screening_followup', s.body.id).person.id, mother.id);
  const r = find(items, 'screening_followup', recent.body.id);
  assert.equal(r.due_at, midnightJst(addDays(todayJst(), 7)));
  assert.equal(r.overdue, false);
  assert.equal(find(items, 'screening_followup', calm.body.id), undefined, 'no flag, no alert');
  assert.equal((await c.health.post(`/api/v1/screenings/${s.body.id}/followup`, { note: '訪問' })).status, 200);
  assert.equal(find(await alerts('&kind=screening_followup'), 'screening_followup', s.body.id), undefined);
  assert.ok(find(await alerts('&kind=screening_followup'), 'screening_followup', recent.body.id));
});

test('alerts: overdue first, then due_at ascending; ?kind filters; paging with total', async () => {
  const all = await alerts();
  assert.ok(all.length >= 6);
  const kinds = new Set(all.map((a) => a.kind));
  assert.deepEqual([...kinds].sort(), ['checkup_missed', 'newborn_visit', 'screening_followup']);
  const firstNotOverdue = all.findIndex((a) => !a.overdue);
  assert.ok(firstNotOverdue > 0, 'some overdue, some not');
  assert.ok(all.slice(firstNotOverdue).every((a) => !a.overdue), 'overdue first');
  for (let i = 1; i < all.length; i++) {
    if (all[i - 1].overdue === all[i].overdue) {
      assert.ok(Date.parse(all[i - 1].due_at) <= Date.parse(all[i].due_at), `due_at ascending at ${i}: ${all[i - 1].due_at} ${all[i].due_at}`);
    }
    assert.match(all[i].due_at, /^\d{4}-\d{2}-\d{2}T00:00:00\+09:00$/);
  }
  // The overdue of each item agrees with the clock.
  const now = Date.now();
  assert.ok(all.every((a) => a.overdue === Date.parse(a.due_at) <= now));
  // An item due long ago (born 12 months ago) comes before a recent miss due in the future.
  for (const kind of kinds) {
    const only = await alerts(`&kind=${kind}`);
    assert.ok(only.length > 0 && only.every((a) => a.kind === kind), kind);
    assert.deepEqual(only, all.filter((a) => a.kind === kind), `${kind}: same order as the full board`);
  }
  const p1 = await c.health.get(`${A}?limit=2`);
  assert.equal(p1.body.total, all.length);
  assert.deepEqual(p1.body.items, all.slice(0, 2));
  const p2 = await c.health.get(`${A}?limit=2&cursor=${encodeURIComponent(p1.body.next_cursor)}`);
  assert.deepEqual(p2.body.items, all.slice(2, 4));
  const last = await c.health.get(`${A}?limit=500`);
  assert.equal(last.body.next_cursor, null);
  invalid(await c.health.get(`${A}?kind=safety_confirmation_x`), 'kind');
  invalid(await c.health.get(`${A}?cursor=zzz`), 'cursor');
  invalid(await c.health.get(`${A}?limit=0`), 'limit');
});

test('alerts: health read roles only; a reading is audited', async () => {
  for (const role of ['welfare', 'director']) assert.equal((await c[role].get(A)).status, 200, role);
  for (const role of ['clerk', 'partner', 'admin']) forbidden(await c[role].get(A));
  const audit = await c.director.get(`/api/v1/audit?user_id=${ids.welfare}`);
  assert.ok(audit.body.items.some((i) => i.action === 'read' && i.object.type === 'alerts' && i.object.id === '-'));
});
