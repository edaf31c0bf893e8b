// Screenings (EPDS, 赤ちゃんへの気持ち質問票, 育児支援チェックリスト): scoring against hand-computed
// vectors, flags, validation, follow-ups and the screening_followup alert, lists, roles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stopClean } from './support.mjs';
import { startWithRoles, todayJst, addDays, midnightJst, invalid, missing, error, forbidden, person, INSTANT } from './health_support.mjs';

const S = '/api/v1/screenings';
let server, c, ids;
let mother;

before(async () => {
  ({ server, c, ids } = await startWithRoles(['director', 'health', 'welfare', 'clerk', 'partner', 'admin']));
  mother = await person(c.health, { family_name: '産後', given_name: '花', family_name_kana: 'サンゴ', given_name_kana: 'ハナ', birth_date: '1992-07-07' });
});

after(async () => {
  if (server) await stopClean(server);
});

async function screen(body, client = c.health) {
  const r = await client.post(S, { person_id: mother.id, administered_on: todayJst(), ...body });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}
const epds = (answers, extra = {}) => screen({ instrument: 'epds', answers, ...extra });

const EPDS_HIGH = { code: 'epds_high', label: 'EPDS 9点以上' };
const SELF_HARM = { code: 'epds_self_harm', label: '自傷の考え（項目10）' };

test('EPDS all 0: items 3, 5–10 reverse-scored → 21, epds_high and epds_self_harm', async () => {
  const r = await c.health.post(S, { person_id: mother.id, instrument: 'epds', administered_on: todayJst(), answers: Array(10).fill(0), notes: '2週間健診にて' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const s = r.body;
  assert.equal(r.headers.get('location'), `${S}/${s.id}`);
  assert.match(s.id, /^[A-Za-z0-9_-]+$/);
  assert.equal(s.version, 1);
  assert.equal(s.person_id, mother.id);
  assert.equal(s.person.id, mother.id);
  assert.equal(s.person.family_name, '産後');
  assert.equal(s.instrument, 'epds');
  assert.equal(s.instrument_label, 'エジンバラ産後うつ病質問票（EPDS）');
  assert.equal(s.administered_on, todayJst());
  assert.deepEqual(s.answers, Array(10).fill(0));
  assert.deepEqual(s.item_scores, [0, 0, 3, 0, 3, 3, 3, 3, 3, 3]);
  assert.equal(s.score, 21);
  assert.deepEqual(s.flags, [EPDS_HIGH, SELF_HARM]);
  assert.equal(s.needs_followup, true);
  assert.equal(s.followup, null);
  assert.equal(s.visit_id, null);
  assert.equal(s.notes, '2週間健診にて');
  assert.match(s.created_at, INSTANT);
  assert.equal(s.updated_at, s.created_at);
  const got = await c.health.get(`${S}/${s.id}`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.body, s);
});

test('EPDS vectors: all 3 → 9 (epds_high only); a total of 8 → no flag; item 10 index 2 → self-harm only', async () => {
  const all3 = await epds(Array(10).fill(3));
  assert.deepEqual(all3.item_scores, [3, 3, 0, 3, 0, 0, 0, 0, 0, 0]);
  assert.equal(all3.score, 9);
  assert.deepEqual(all3.flags, [EPDS_HIGH]);
  assert.equal(all3.needs_followup, true);

  const eight = await epds([3, 3, 3, 2, 3, 3, 3, 3, 3, 3]);
  assert.deepEqual(eight.item_scores, [3, 3, 0, 2, 0, 0, 0, 0, 0, 0]);
  assert.equal(eight.score, 8);
  assert.deepEqual(eight.flags, []);
  assert.equal(eight.needs_followup, false);

  const harm = await epds([0, 0, 3, 0, 3, 3, 3, 3, 3, 2]);
  assert.deepEqual(harm.item_scores, [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  assert.equal(harm.score, 1);
  assert.deepEqual(harm.flags, [SELF_HARM]);
  assert.equal(harm.needs_followup, true);

  // A mixed vector: 1+2+(3-1)+0+(3-2)+(3-3)+(3-0)+(3-1)+(3-2)+(3-3) = 12.
  const mixed = await epds([1, 2, 1, 0, 2, 3, 0, 1, 2, 3]);
  assert.deepEqual(mixed.item_scores, [1, 2, 2, 0, 1, 0, 3, 2, 1, 0]);
  assert.equal(mixed.score, 12);
  assert.deepEqual(mixed.flags, [EPDS_HIGH]);
});

test('bonding: items 1, 6, 8, 10 score the index, the others 3 − index; no threshold set → no flag', async () => {
  const b = await screen({ instrument: 'bonding', answers: [0, 1, 2, 3, 0, 1, 2, 3, 0, 1] });
  assert.equal(b.instrument_label, '赤ちゃんへの気持ち質問票');
  assert.deepEqual(b.item_scores, [0, 2, 1, 0, 3, 1, 1, 3, 3, 1]);
  assert.equal(b.score, 15);
  assert.deepEqual(b.flags, []);
  assert.equal(b.needs_followup, false);
  const zero = await screen({ instrument: 'bonding', answers: [0, 3, 3, 3, 3, 0, 3, 0, 3, 0] });
  assert.equal(zero.score, 0);
});

test('ikuji_support: score = count of はい (0), one flag per はい item with its label', async () => {
  const s = await screen({ instrument: 'ikuji_support', answers: [0, 1, 1, 0, 1, 1, 1, 1, 0] });
  assert.equal(s.instrument_label, '育児支援チェックリスト');
  assert.deepEqual(s.item_scores, [1, 0, 0, 1, 0, 0, 0, 0, 1]);
  assert.equal(s.score, 3);
  assert.deepEqual(s.flags, [
    { code: 'ikuji_1', label: '妊娠・出産の医学的問題' },
    { code: 'ikuji_4', label: '相談できる人がいない' },
    { code: 'ikuji_9', label: '赤ちゃんを叩きたくなる' },
  ]);
  assert.equal(s.needs_followup, true);
  const none = await screen({ instrument: 'ikuji_support', answers: Array(9).fill(1) });
  assert.equal(none.score, 0);
  assert.deepEqual(none.flags, []);
  assert.equal(none.needs_followup, false);
  const all = await screen({ instrument: 'ikuji_support', answers: Array(9).fill(0) });
  assert.equal(all.score, 9);
  assert.deepEqual(all.flags.map((f) => f.code), ['ikuji_1', 'ikuji_2', 'ikuji_3', 'ikuji_4', 'ikuji_5', 'ikuji_6', 'ikuji_7', 'ikuji_8', 'ikuji_9']);
  // An ikuji_support flag is no EPDS: no screening_followup alert.
  const alerts = await c.health.get('/api/v1/alerts?kind=screening_followup&limit=500');
  assert.ok(!alerts.body.items.some((a) => a.ref.id === s.id || a.ref.id === all.id));
});

test('validation: counts, values, instrument, dates, person, fields', async () => {
  const base = { person_id: mother.id, instrument: 'epds', administered_on: todayJst(), answers: Array(10).fill(0) };
  const post = (extra) => c.health.post(S, { ...base, ...extra });
  const count = async () => (await c.health.get(`${S}?person_id=${mother.id}&limit=500`)).body.items.length;
  const before = await count();
  invalid(await post({ answers: Array(9).fill(0) }), 'answers');
  invalid(await post({ answers: Array(11).fill(0) }), 'answers');
  invalid(await post({ answers: Array(40).fill(0) }), 'answers');
  invalid(await post({ answers: [] }), 'answers');
  invalid(await post({ instrument: 'ikuji_support', answers: Array(10).fill(0) }), 'answers');
  invalid(await post({ instrument: 'bonding', answers: Array(9).fill(0) }), 'answers');
  invalid(await post({ answers: [0, 0, 0, 4, 0, 0, 0, 0, 0, 0] }), 'answers[3]');
  invalid(await post({ answers: [0, 0, 0, 0, 0, 0, 0, 0, 0, -1] }), 'answers[9]');
  invalid(await post({ answers: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1000] }), 'answers[9]');
  invalid(await post({ answers: [0, '1', 0, 0, 0, 0, 0, 0, 0, 0] }), 'answers[1]');
  invalid(await post({ answers: [0, 1.5, 0, 0, 0, 0, 0, 0, 0, 0] }), 'answers[1]');
  invalid(await post({ instrument: 'ikuji_support', answers: [0, 1, 2, 0, 0, 0, 0, 0, 0] }), 'answers[2]');
  invalid(await post({ answers: { 1: 0 } }), 'answers');
  missing(await post({ answers: null }), 'answers');
  invalid(await post({ administered_on: todayJst(1) }), 'administered_on');
  invalid(await post({ administered_on: '2025-13-01' }), 'administered_on');
  missing(await post({ administered_on: null }), 'administered_on');
  invalid(await post({ instrument: 'phq9' }), 'instrument');
  missing(await post({ instrument: null }), 'instrument');
  invalid(await post({ person_id: 'no-such-person' }), 'person_id');
  missing(await post({ person_id: '' }), 'person_id');
  invalid(await post({ score: 0 }), 'score');
  invalid(await post({ notes: 'あ'.repeat(20001) }), 'notes');
  error(await c.health.get(`${S}/no-such-id`), 404, 'not_found');
  assert.equal(await count(), before, 'nothing recorded by the refused requests');
});

test('follow-up: needs_followup goes false, the screening_followup alert clears', async () => {
  const m = await person(c.health, { family_name: '追跡', family_name_kana: 'ツイセキ', birth_date: '1990-10-10' });
  const on = todayJst(-3);
  const s = await screen({ person_id: m.id, instrument: 'epds', administered_on: on, answers: Array(10).fill(3) });
  assert.equal(s.needs_followup, true);
  const before = await c.health.get('/api/v1/alerts?kind=screening_followup&limit=500');
  const alert = before.body.items.find((a) => a.ref.id === s.id);
  assert.ok(alert, 'alert raised');
  assert.deepEqual(alert.ref, { type: 'screening', id: s.id });
  assert.equal(alert.due_at, midnightJst(addDays(on, 7)));
  assert.equal(alert.overdue, false);
  assert.equal(alert.person.id, m.id);
  const open = await c.health.get(`${S}?needs_followup=true&limit=500`);
  assert.ok(open.body.items.some((x) => x.id === s.id));

  invalid(await c.health.post(`${S}/${s.id}/followup`, { on: todayJst(1), note: '電話' }), 'on');
  invalid(await c.health.post(`${S}/${s.id}/followup`, { on: '2025-02-30' }), 'on');
  invalid(await c.health.post(`${S}/${s.id}/followup`, { when: todayJst() }), 'when');
  error(await c.health.post(`${S}/no-such-id/followup`, { on: todayJst() }), 404, 'not_found');
  forbidden(await c.welfare.post(`${S}/${s.id}/followup`, { on: todayJst() }));

  const r = await c.health.post(`${S}/${s.id}/followup`, { on: todayJst(-1), note: '家庭訪問で面接。\n受診を勧めた。' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.needs_followup, false);
  assert.equal(r.body.version, 2);
  assert.equal(r.body.followup.on, todayJst(-1));
  assert.equal(r.body.followup.note, '家庭訪問で面接。\n受診を勧めた。');
  assert.equal(r.body.followup.by, ids.health);
  assert.match(r.body.followup.at, INSTANT);
  assert.deepEqual(r.body.flags, [EPDS_HIGH], 'flags stay');
  assert.equal(r.body.score, 9);

  const after = await c.health.get('/api/v1/alerts?kind=screening_followup&limit=500');
  assert.ok(!after.body.items.some((a) => a.ref.id === s.id), 'alert cleared');
  const open2 = await c.health.get(`${S}?needs_followup=true&limit=500`);
  assert.ok(!open2.body.items.some((x) => x.id === s.id));
  assert.ok(open2.body.items.every((x) => x.needs_followup === true && x.followup === null));

  // on defaults to today.
  const s2 = await screen({ person_id: m.id, instrument: 'epds', answers: Array(10).fill(0) });
  const r2 = await c.health.post(`${S}/${s2.id}/followup`, {});
  assert.equal(r2.status, 200, JSON.stringify(r2.body));
  assert.equal(r2.body.followup.on, todayJst());
  assert.equal(r2.body.followup.note, null);

  // Timeline: recorded and followed up, with Japanese summaries and no notes.
  const t = await c.health.get(`/api/v1/persons/${m.id}/timeline`);
  const mine = t.body.items.filter((e) => e.ref.id === s.id);
  assert.deepEqual(mine.map((e) => [e.kind, e.section, e.summary]), [
    ['screening_followup', 'health', 'スクリーニング後のフォローを記録しました'],
    ['screening_recorded', 'health', 'エジンバラ産後うつ病質問票（EPDS）を実施しました（9点・要フォロー）'],
  ]);
  assert.ok(!JSON.stringify(t.body).includes('受診を勧めた'));
});

test('lists: ?person_id newest first with paging; ?needs_followup=true; filters are required', async () => {
  const m = await person(c.health, { family_name: '順番', family_name_kana: 'ジュンバン', birth_date: '1991-11-11' });
  const a = await screen({ person_id: m.id, instrument: 'epds', administered_on: '2026-01-10', answers: Array(10).fill(3) });
  const b = await screen({ person_id: m.id, instrument: 'bonding', administered_on: '2026-03-10', answers: Array(10).fill(1) });
  const d = await screen({ person_id: m.id, instrument: 'epds', administered_on: '2026-02-10', answers: [3, 3, 3, 2, 3, 3, 3, 3, 3, 3] });
  const r = await c.welfare.get(`${S}?person_id=${m.id}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items.map((s) => s.id), [b.id, d.id, a.id]);
  assert.equal(r.body.next_cursor, null);
  const p1 = await c.health.get(`${S}?person_id=${m.id}&limit=2`);
  assert.deepEqual(p1.body.items.map((s) => s.id), [b.id, d.id]);
  const p2 = await c.health.get(`${S}?person_id=${m.id}&limit=2&cursor=${encodeURIComponent(p1.body.next_cursor)}`);
  assert.deepEqual(p2.body.items.map((s) => s.id), [a.id]);
  assert.equal(p2.body.next_cursor, null);
  const open = await c.health.get(`${S}?person_id=${m.id}&needs_followup=true`);
  assert.deepEqual(open.body.items.map((s) => s.id), [a.id]);
  const all = await c.health.get(`${S}?person_id=${m.id}&needs_followup=false`);
  assert.equal(all.body.items.length, 3);
  missing(await c.health.get(S), 'person_id');
  missing(await c.health.get(`${S}?needs_followup=false`), 'person_id');
  invalid(await c.health.get(`${S}?needs_followup=1`), 'needs_followup');
  invalid(await c.health.get(`${S}?person_id=${m.id}&cursor=@@`), 'cursor');
  invalid(await c.health.get(`${S}?person_id=${m.id}&limit=501`), 'limit');
});

test('audit and roles: reads and the record are rows about the person; clerk, partner, admin refused', async () => {
  const s = await epds(Array(10).fill(1));
  assert.equal((await c.welfare.get(`${S}/${s.id}`)).status, 200);
  const r = await c.director.get(`/api/v1/audit?person_id=${mother.id}&limit=500`);
  const rows = r.body.items.filter((i) => i.object.type === 'screening' && i.object.id === s.id);
  assert.deepEqual(rows.map((i) => [i.action, i.user_id]), [['read', ids.welfare], ['create', ids.health]]);
  forbidden(await c.welfare.post(S, { person_id: mother.id, instrument: 'epds', administered_on: todayJst(), answers: Array(10).fill(0) }));
  for (const role of ['clerk', 'partner', 'admin']) {
    forbidden(await c[role].get(`${S}/${s.id}`));
    forbidden(await c[role].get(`${S}?person_id=${mother.id}`));
    forbidden(await c[role].post(S, { person_id: mother.id, instrument: 'epds', administered_on: todayJst(), answers: Array(10).fill(0) }));
    forbidden(await c[role].post(`${S}/${s.id}/followup`, {}));
  }
  assert.equal((await c.director.post(`${S}/${s.id}/followup`, { note: 'センター長確認' })).status, 200);
});
