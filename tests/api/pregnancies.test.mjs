// Pregnancy notifications (妊娠届・たまご面接): the risk judged by the default table on create and
// on every change, the notification band, validation, versions, lists, timeline, audit, roles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stopClean } from './support.mjs';
import { startWithRoles, todayJst, addDays, invalid, missing, error, forbidden, person, INSTANT } from './health_support.mjs';

const P = '/api/v1/pregnancies';
let server, c, ids;
let teen; // a mother born 2008-01-15: 17 on 2025-06-01

before(async () => {
  ({ server, c, ids } = await startWithRoles(['director', 'health', 'welfare', 'clerk', 'partner', 'admin']));
  teen = await person(c.health, { family_name: '若井', given_name: '陽菜', family_name_kana: 'ワカイ', given_name_kana: 'ヒナ', birth_date: '2008-01-15', sex: 'female' });
});

after(async () => {
  if (server) await stopClean(server);
});

async function create(body, client = c.health) {
  const r = await client.post(P, body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}
const codes = (g) => g.flags.map((f) => f.code);
const ALL_FALSE = {
  no_prenatal_checkup: false, unwanted_pregnancy: false, mental_illness: false, no_support_person: false,
  dv: false, prior_child_protection: false, economic_hardship: false, single_parent: false, smoking: false,
};
// The nine answer codes in the order of domain.md (the order of `unasked`).
const ANSWER_CODES = Object.keys(ALL_FALSE);
// A complete interview: every question asked, these answered yes.
const complete = (yes = {}) => ({ ...ALL_FALSE, ...yes });

test('create: 17-year-old at 22 weeks without a support person scores 6, high, 特定妊婦候補', async () => {
  const r = await c.health.post(P, {
    mother_id: teen.id, notified_on: '2025-06-01', weeks_at_notification: 22, due_date: '2025-10-10',
    answers: { no_support_person: true, dv: false }, notes: '初回面接。\n実家とは疎遠。',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const g = r.body;
  assert.match(g.id, /^[A-Za-z0-9_-]+$/);
  assert.equal(g.version, 1);
  assert.equal(r.headers.get('location'), `${P}/${g.id}`);
  assert.equal(r.headers.get('etag'), '"1"');
  assert.equal(g.mother_id, teen.id);
  assert.equal(g.mother.id, teen.id);
  assert.equal(g.mother.family_name, '若井');
  assert.equal(g.mother.given_name_kana, 'ヒナ');
  assert.equal(g.mother.birth_date, '2008-01-15');
  assert.equal(g.mother_age_at_notification, 17);
  assert.equal(g.notified_on, '2025-06-01');
  assert.equal(g.weeks_at_notification, 22);
  assert.equal(g.notified_after_birth, false);
  assert.equal(g.due_date, '2025-10-10');
  assert.equal(g.multiple, false);
  assert.deepEqual(g.answers, { no_support_person: true, dv: false }, 'only the questions asked');
  assert.deepEqual(g.unasked, ANSWER_CODES.filter((k) => k !== 'no_support_person' && k !== 'dv'));
  assert.equal(g.notes, '初回面接。\n実家とは疎遠。');
  assert.deepEqual(g.child_ids, []);
  assert.equal(g.risk_score, 6);
  assert.equal(g.risk_level, 'high');
  assert.equal(g.risk_level_label, '高');
  assert.deepEqual(g.flags, [
    { code: 'young_mother', label: '若年妊娠', weight: 2 },
    { code: 'late_notification', label: '妊娠届出の遅れ（20週以降）', weight: 2 },
    { code: 'no_support_person', label: '相談相手・支援者がいない', weight: 2 },
  ]);
  assert.equal(g.tokutei_ninpu_candidate, true);
  assert.deepEqual(g.notification_band, { code: 'w20_27', label: '満20〜27週' });
  assert.equal(g.risk_table_version, 0);
  assert.match(g.created_at, INSTANT);
  assert.equal(g.updated_at, g.created_at);

  const got = await c.health.get(`${P}/${g.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('etag'), '"1"');
  assert.deepEqual(got.body, g);
});

test('young_mother: turning 20 on notified_on is not young; the day before she is 19', async () => {
  const m = await person(c.health, { family_name: '境', family_name_kana: 'サカイ', birth_date: '2005-06-01' });
  const on20 = await create({ mother_id: m.id, notified_on: '2025-06-01', weeks_at_notification: 8 });
  assert.equal(on20.mother_age_at_notification, 20);
  assert.deepEqual(codes(on20), []);
  assert.equal(on20.risk_score, 0);
  assert.equal(on20.risk_level, 'low');
  assert.equal(on20.risk_level_label, '低');
  assert.equal(on20.tokutei_ninpu_candidate, false);
  const at19 = await create({ mother_id: m.id, notified_on: '2025-05-31', weeks_at_notification: 8 });
  assert.equal(at19.mother_age_at_notification, 19);
  assert.deepEqual(codes(at19), ['young_mother']);
  assert.equal(at19.risk_score, 2);
  assert.equal(at19.risk_level, 'medium');
  assert.equal(at19.risk_level_label, '中');
  assert.equal(at19.tokutei_ninpu_candidate, false);
});

test('late_notification from 20 weeks: 19 weeks is not late, 20 is', async () => {
  const m = await person(c.health, { family_name: '遅野', family_name_kana: 'オソノ', birth_date: '1995-04-04' });
  const w19 = await create({ mother_id: m.id, notified_on: '2025-07-01', weeks_at_notification: 19 });
  assert.deepEqual(codes(w19), []);
  assert.equal(w19.risk_score, 0);
  assert.deepEqual(w19.notification_band, { code: 'w12_19', label: '満12〜19週' });
  const w20 = await create({ mother_id: m.id, notified_on: '2025-07-01', weeks_at_notification: 20 });
  assert.deepEqual(w20.flags, [{ code: 'late_notification', label: '妊娠届出の遅れ（20週以降）', weight: 2 }]);
  assert.equal(w20.risk_score, 2);
  assert.equal(w20.risk_level, 'medium');
  assert.deepEqual(w20.notification_band, { code: 'w20_27', label: '満20〜27週' });
});

test('dv alone: score 3, medium, yet a 特定妊婦候補; prior_child_protection too; multiple_birth derived', async () => {
  const m = await person(c.health, { family_name: '守', family_name_kana: 'マモリ', birth_date: '1990-02-02' });
  const dv = await create({ mother_id: m.id, notified_on: '2025-08-01', weeks_at_notification: 9, answers: { dv: true } });
  assert.deepEqual(dv.flags, [{ code: 'dv', label: '配偶者等からの暴力', weight: 3 }]);
  assert.equal(dv.risk_score, 3);
  assert.equal(dv.risk_level, 'medium');
  assert.equal(dv.tokutei_ninpu_candidate, true);
  const pcp = await create({ mother_id: m.id, notified_on: '2025-08-02', answers: { prior_child_protection: true } });
  assert.deepEqual(pcp.flags, [{ code: 'prior_child_protection', label: 'きょうだいの虐待歴・施設入所歴', weight: 3 }]);
  assert.equal(pcp.tokutei_ninpu_candidate, true);
  // 4 without a candidate code: medium, not a candidate. Table order of flags, whatever the input order.
  const four = await create({
    mother_id: m.id, notified_on: '2025-08-03', weeks_at_notification: 10, multiple: true,
    answers: { smoking: true, single_parent: true, economic_hardship: true },
  });
  assert.deepEqual(codes(four), ['economic_hardship', 'single_parent', 'multiple_birth', 'smoking']);
  assert.deepEqual(four.flags.map((f) => f.weight), [1, 1, 1, 1]);
  assert.equal(four.flags[2].label, '多胎');
  assert.equal(four.risk_score, 4);
  assert.equal(four.risk_level, 'medium');
  assert.equal(four.tokutei_ninpu_candidate, false);
  assert.equal(four.multiple, true);
  // 5 → high (the lower bound of high), candidate by level.
  const five = await create({
    mother_id: m.id, notified_on: '2025-08-04', weeks_at_notification: 10,
    answers: { mental_illness: true, unwanted_pregnancy: true, smoking: true },
  });
  assert.equal(five.risk_score, 5);
  assert.equal(five.risk_level, 'high');
  assert.equal(five.tokutei_ninpu_candidate, true);
  // 1 → low.
  const one = await create({ mother_id: m.id, notified_on: '2025-08-05', answers: { smoking: true } });
  assert.equal(one.risk_score, 1);
  assert.equal(one.risk_level, 'low');
});

test('unknown birth date of the mother: no young_mother, age at notification null', async () => {
  const m = await person(c.health, { family_name: '不明', family_name_kana: 'フメイ' });
  const g = await create({ mother_id: m.id, notified_on: '2025-09-01', weeks_at_notification: 30, answers: { no_prenatal_checkup: true } });
  assert.equal(g.mother_age_at_notification, null);
  assert.equal(g.mother.birth_date, null);
  assert.equal(g.mother.age, null);
  assert.deepEqual(codes(g), ['late_notification', 'no_prenatal_checkup']);
  assert.equal(g.risk_score, 4);
});

test('notification bands: 11, 12, 19, 20, 27, 28, 45 weeks, after birth, unknown', async () => {
  const m = await person(c.health, { family_name: '区分', family_name_kana: 'クブン', birth_date: '1992-12-12' });
  const cases = [
    [{ weeks_at_notification: 0 }, 'within_11w', '満11週以内'],
    [{ weeks_at_notification: 11 }, 'within_11w', '満11週以内'],
    [{ weeks_at_notification: 12 }, 'w12_19', '満12〜19週'],
    [{ weeks_at_notification: 19 }, 'w12_19', '満12〜19週'],
    [{ weeks_at_notification: 20 }, 'w20_27', '満20〜27週'],
    [{ weeks_at_notification: 27 }, 'w20_27', '満20〜27週'],
    [{ weeks_at_notification: 28 }, 'w28_plus', '満28週〜分娩まで'],
    [{ weeks_at_notification: 45 }, 'w28_plus', '満28週〜分娩まで'],
    [{ notified_after_birth: true }, 'postpartum', '分娩後'],
    [{ notified_after_birth: true, weeks_at_notification: 10 }, 'postpartum', '分娩後'],
    [{}, 'unknown', '不詳'],
    [{ weeks_at_notification: null }, 'unknown', '不詳'],
  ];
  for (const [extra, code, label] of cases) {
    const g = await create({ mother_id: m.id, notified_on: '2025-10-01', ...extra });
    assert.deepEqual(g.notification_band, { code, label }, JSON.stringify(extra));
    if (!('weeks_at_notification' in extra) || extra.weeks_at_notification === null) assert.equal(g.weeks_at_notification, null);
  }
});

test('validation: answers, weeks, dates, persons, fields', async () => {
  const base = { mother_id: teen.id, notified_on: '2025-06-01' };
  invalid(await c.health.post(P, { ...base, answers: { xyz: true } }), 'answers.xyz');
  invalid(await c.health.post(P, { ...base, answers: { dv: 'yes' } }), 'answers.dv');
  invalid(await c.health.post(P, { ...base, answers: { smoking: 1 } }), 'answers.smoking');
  invalid(await c.health.post(P, { ...base, answers: { dv: 'null' } }), 'answers.dv');
  invalid(await c.health.post(P, { ...base, answers: { dv: [] } }), 'answers.dv');
  invalid(await c.health.post(P, { ...base, answers: { young_mother: true } }), 'answers.young_mother');
  invalid(await c.health.post(P, { ...base, answers: { late_notification: false } }), 'answers.late_notification');
  invalid(await c.health.post(P, { ...base, answers: { multiple_birth: true } }), 'answers.multiple_birth');
  invalid(await c.health.post(P, { ...base, answers: ['dv'] }), 'answers');
  invalid(await c.health.post(P, { ...base, weeks_at_notification: 46 }), 'weeks_at_notification');
  invalid(await c.health.post(P, { ...base, weeks_at_notification: -1 }), 'weeks_at_notification');
  invalid(await c.health.post(P, { ...base, weeks_at_notification: 20.5 }), 'weeks_at_notification');
  invalid(await c.health.post(P, { ...base, weeks_at_notification: '20' }), 'weeks_at_notification');
  invalid(await c.health.post(P, { ...base, notified_on: todayJst(1) }), 'notified_on');
  invalid(await c.health.post(P, { ...base, notified_on: '2025-02-29' }), 'notified_on');
  invalid(await c.health.post(P, { ...base, due_date: '2025/10/10' }), 'due_date');
  invalid(await c.health.post(P, { ...base, multiple: 'yes' }), 'multiple');
  invalid(await c.health.post(P, { ...base, notified_after_birth: 1 }), 'notified_after_birth');
  invalid(await c.health.post(P, { ...base, notes: 'あ'.repeat(20001) }), 'notes');
  invalid(await c.health.post(P, { ...base, mother_id: 'no-such-person' }), 'mother_id');
  invalid(await c.health.post(P, { ...base, child_ids: ['no-such-child'] }), 'child_ids[0]');
  invalid(await c.health.post(P, { ...base, child_ids: [teen.id, 'no-such-child'] }), 'child_ids[1]');
  invalid(await c.health.post(P, { ...base, child_ids: [42] }), 'child_ids[0]');
  invalid(await c.health.post(P, { ...base, child_ids: 'x' }), 'child_ids');
  invalid(await c.health.post(P, { ...base, child_ids: Array(9).fill(teen.id) }), 'child_ids');
  invalid(await c.health.post(P, { ...base, risk_level: 'low' }), 'risk_level');
  missing(await c.health.post(P, { notified_on: '2025-06-01' }), 'mother_id');
  missing(await c.health.post(P, { mother_id: teen.id }), 'notified_on');
  error(await c.health.post(P, '{"mother_id":'), 400, 'invalid_json');
  // Today is allowed; 20,000 characters of notes too.
  const ok = await create({ ...base, notified_on: todayJst(), notes: 'あ'.repeat(20000) });
  assert.equal(ok.notes.length, 20000);
  error(await c.health.get(`${P}/no-such-id`), 404, 'not_found');
});

test('children of the pregnancy: ids kept, audited for each child', async () => {
  const m = await person(c.health, { family_name: '双子', family_name_kana: 'フタゴ', birth_date: '1991-01-01' });
  const a = await person(c.health, { family_name: '双子', given_name: '一', family_name_kana: 'フタゴ', birth_date: '2025-03-01' });
  const b = await person(c.health, { family_name: '双子', given_name: '二', family_name_kana: 'フタゴ', birth_date: '2025-03-01' });
  const g = await create({ mother_id: m.id, notified_on: '2024-08-01', weeks_at_notification: 10, multiple: true, child_ids: [a.id, b.id] });
  assert.deepEqual([...g.child_ids].sort(), [a.id, b.id].sort());
  assert.deepEqual(codes(g), ['multiple_birth']);
  const audit = await c.director.get(`/api/v1/audit?person_id=${a.id}`);
  assert.equal(audit.status, 200);
  assert.ok(audit.body.items.some((i) => i.action === 'create' && i.object.type === 'pregnancy' && i.object.id === g.id));
});

test('PATCH with If-Match recomputes: turning dv on makes a candidate; stale is 409 and changes nothing', async () => {
  const m = await person(c.health, { family_name: '変更', family_name_kana: 'ヘンコウ', birth_date: '1988-08-08' });
  const g = await create({ mother_id: m.id, notified_on: '2025-05-01', weeks_at_notification: 10, answers: { smoking: true } });
  assert.equal(g.risk_score, 1);
  assert.equal(g.tokutei_ninpu_candidate, false);

  const r = await c.health.patch(`${P}/${g.id}`, { answers: { dv: true } }, { 'if-match': '"1"' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.headers.get('etag'), '"2"');
  assert.equal(r.body.version, 2);
  // answers merges by code: smoking stays answered.
  assert.deepEqual(r.body.answers, { dv: true, smoking: true });
  assert.deepEqual(r.body.flags, [{ code: 'dv', label: '配偶者等からの暴力', weight: 3 }, { code: 'smoking', label: '妊婦の喫煙', weight: 1 }]);
  assert.equal(r.body.risk_score, 4);
  assert.equal(r.body.risk_level, 'medium');
  assert.equal(r.body.tokutei_ninpu_candidate, true);
  assert.equal(r.body.created_at, g.created_at);
  assert.equal(r.body.notified_on, '2025-05-01');
  assert.equal(r.body.weeks_at_notification, 10);

  // A PATCH without answers keeps them; weeks 25 adds late_notification.
  const w = await c.health.patch(`${P}/${g.id}`, { weeks_at_notification: 25 }, { 'if-match': 'W/"2"' });
  assert.equal(w.status, 200, JSON.stringify(w.body));
  assert.deepEqual(codes(w.body), ['late_notification', 'dv', 'smoking']);
  assert.equal(w.body.risk_score, 6);
  assert.equal(w.body.risk_level, 'high');
  assert.deepEqual(w.body.notification_band, { code: 'w20_27', label: '満20〜27週' });

  error(await c.health.patch(`${P}/${g.id}`, { answers: {} }, { 'if-match': '"2"' }), 409, 'version_conflict');
  missing(await c.health.patch(`${P}/${g.id}`, { answers: {} }), 'If-Match');
  invalid(await c.health.patch(`${P}/${g.id}`, { answers: {} }, { 'if-match': 'abc' }), 'If-Match');
  invalid(await c.health.patch(`${P}/${g.id}`, { weeks_at_notification: 99 }, { 'if-match': '"3"' }), 'weeks_at_notification');
  missing(await c.health.patch(`${P}/${g.id}`, { mother_id: null }, { 'if-match': '"3"' }), 'mother_id');
  error(await c.health.patch(`${P}/no-such-id`, { notes: 'x' }, { 'if-match': '"1"' }), 404, 'not_found');
  const now = await c.health.get(`${P}/${g.id}`);
  assert.equal(now.body.version, 3);
  assert.equal(now.body.risk_score, 6);
  assert.equal(now.body.weeks_at_notification, 25);

  // Clearing weeks: back to unknown, late_notification gone; dv answered no, smoking kept.
  const cl = await c.health.patch(`${P}/${g.id}`, { weeks_at_notification: null, answers: { dv: false } }, { 'if-match': '"3"' });
  assert.equal(cl.status, 200);
  assert.deepEqual(cl.body.answers, { dv: false, smoking: true });
  assert.deepEqual(codes(cl.body), ['smoking']);
  assert.equal(cl.body.risk_score, 1);
  assert.equal(cl.body.risk_level, 'low');
  assert.equal(cl.body.tokutei_ninpu_candidate, false);
  assert.deepEqual(cl.body.notification_band, { code: 'unknown', label: '不詳' });
});

test('PATCH notified_on recomputes the mother’s age: 19 → 20 drops young_mother', async () => {
  const m = await person(c.health, { family_name: '誕生', family_name_kana: 'タンジョウ', birth_date: '2006-03-10' });
  const g = await create({ mother_id: m.id, notified_on: '2026-03-09', weeks_at_notification: 6 });
  assert.equal(g.mother_age_at_notification, 19);
  assert.deepEqual(codes(g), ['young_mother']);
  const r = await c.health.patch(`${P}/${g.id}`, { notified_on: '2026-03-10' }, { 'if-match': '"1"' });
  assert.equal(r.status, 200);
  assert.equal(r.body.mother_age_at_notification, 20);
  assert.deepEqual(r.body.flags, []);
  invalid(await c.health.patch(`${P}/${g.id}`, { notified_on: todayJst(1) }, { 'if-match': '"2"' }), 'notified_on');
  invalid(await c.health.patch(`${P}/${g.id}`, { mother_id: 'nobody' }, { 'if-match': '"2"' }), 'mother_id');
  assert.equal((await c.health.get(`${P}/${g.id}`)).body.version, 2);
});

test('lists: ?mother_id, ?candidate=true newest first, ?risk_level, paging, bad filters', async () => {
  const m = await person(c.health, { family_name: '一覧', family_name_kana: 'イチラン', birth_date: '1993-03-03' });
  const low = await create({ mother_id: m.id, notified_on: '2024-01-10', weeks_at_notification: 8, answers: complete() });
  const cand = await create({ mother_id: m.id, notified_on: '2024-03-10', weeks_at_notification: 8, answers: complete({ dv: true }) });
  const high = await create({ mother_id: m.id, notified_on: '2024-02-10', weeks_at_notification: 30, answers: complete({ mental_illness: true, single_parent: true }) });
  assert.equal(high.risk_level, 'high');

  const mine = await c.health.get(`${P}?mother_id=${m.id}`);
  assert.equal(mine.status, 200);
  assert.deepEqual(mine.body.items.map((g) => g.id), [cand.id, high.id, low.id]);
  assert.equal(mine.body.next_cursor, null);
  assert.equal(mine.body.items[0].mother.id, m.id);

  const cands = await c.health.get(`${P}?candidate=true&limit=500`);
  assert.equal(cands.status, 200);
  assert.ok(cands.body.items.every((g) => g.tokutei_ninpu_candidate === true));
  const on = cands.body.items.map((g) => g.notified_on);
  assert.deepEqual(on, [...on].sort().reverse(), 'newest first');
  const candIds = cands.body.items.map((g) => g.id);
  assert.ok(candIds.includes(cand.id) && candIds.includes(high.id) && !candIds.includes(low.id));
  const both = await c.health.get(`${P}?candidate=true&mother_id=${m.id}`);
  assert.deepEqual(both.body.items.map((g) => g.id), [cand.id, high.id]);

  const highs = await c.health.get(`${P}?risk_level=high&mother_id=${m.id}`);
  assert.deepEqual(highs.body.items.map((g) => g.id), [high.id]);
  const mediums = await c.health.get(`${P}?risk_level=medium&mother_id=${m.id}`);
  assert.deepEqual(mediums.body.items.map((g) => g.id), [cand.id]);
  const allHigh = await c.health.get(`${P}?risk_level=high&limit=500`);
  assert.ok(allHigh.body.items.some((g) => g.id === high.id));
  // Only complete interviews have a level to filter by: a high from part of the answers is not here.
  assert.ok(allHigh.body.items.every((g) => g.risk_level === 'high' && g.unasked.length === 0));

  const p1 = await c.health.get(`${P}?mother_id=${m.id}&limit=2`);
  assert.deepEqual(p1.body.items.map((g) => g.id), [cand.id, high.id]);
  assert.equal(typeof p1.body.next_cursor, 'string');
  const p2 = await c.health.get(`${P}?mother_id=${m.id}&limit=2&cursor=${encodeURIComponent(p1.body.next_cursor)}`);
  assert.deepEqual(p2.body.items.map((g) => g.id), [low.id]);
  assert.equal(p2.body.next_cursor, null);

  invalid(await c.health.get(`${P}?risk_level=extreme`), 'risk_level');
  invalid(await c.health.get(`${P}?candidate=yes`), 'candidate');
  invalid(await c.health.get(`${P}?limit=0`), 'limit');
  invalid(await c.health.get(`${P}?cursor=%%%`), 'cursor');
  const none = await c.health.get(`${P}?mother_id=nobody`);
  assert.deepEqual(none.body, { items: [], next_cursor: null });
});

test('timeline: the mother and her household see the health event; summaries carry no notes', async () => {
  const m = await person(c.health, { family_name: '経過', family_name_kana: 'ケイカ', birth_date: '1994-04-04' });
  const f = await person(c.health, { family_name: '経過', given_name: '父', family_name_kana: 'ケイカ', birth_date: '1990-01-01' });
  const h = await c.health.post('/api/v1/households', { members: [{ person_id: m.id, relation: 'mother' }, { person_id: f.id, relation: 'father' }] });
  assert.equal(h.status, 201);
  const g = await create({ mother_id: m.id, notified_on: '2025-04-01', weeks_at_notification: 8, answers: { dv: true }, notes: '秘密のメモ' });
  const upd = await c.health.patch(`${P}/${g.id}`, { answers: { dv: null } }, { 'if-match': '"1"' });
  assert.equal(upd.status, 200);
  const done = await c.health.patch(`${P}/${g.id}`, { answers: complete() }, { 'if-match': '"2"' });
  assert.equal(done.status, 200);

  const t = await c.health.get(`/api/v1/persons/${m.id}/timeline`);
  assert.equal(t.status, 200);
  const mine = t.body.items.filter((e) => e.ref.type === 'pregnancy');
  // An interview with questions left never reads as リスク低 in the timeline.
  assert.deepEqual(mine.map((e) => [e.kind, e.section, e.summary, e.ref.id]), [
    ['pregnancy_updated', 'health', '妊娠届の内容を更新しました（リスク低）', g.id],
    ['pregnancy_updated', 'health', '妊娠届の内容を更新しました（面接未完了：未確認9項目）', g.id],
    ['pregnancy_registered', 'health', '妊娠届を受け付けました（面接未完了：未確認8項目・確認済みの項目でリスク中・特定妊婦候補）', g.id],
  ]);
  assert.ok(mine.every((e) => INSTANT.test(e.at)));
  assert.ok(!JSON.stringify(t.body).includes('秘密のメモ'));
  const tf = await c.health.get(`/api/v1/persons/${f.id}/timeline`);
  assert.ok(tf.body.items.some((e) => e.kind === 'pregnancy_registered' && e.ref.id === g.id), 'household member sees it');
});

test('audit: create, read, list and update of a pregnancy are rows about the mother', async () => {
  const m = await person(c.health, { family_name: '監査', family_name_kana: 'カンサ', birth_date: '1996-06-06' });
  const g = await create({ mother_id: m.id, notified_on: '2025-06-06', weeks_at_notification: 10 });
  assert.equal((await c.health.get(`${P}/${g.id}`)).status, 200);
  assert.equal((await c.welfare.get(`${P}?mother_id=${m.id}`)).status, 200);
  assert.equal((await c.health.patch(`${P}/${g.id}`, { notes: 'x' }, { 'if-match': '"1"' })).status, 200);
  const r = await c.director.get(`/api/v1/audit?person_id=${m.id}`);
  assert.equal(r.status, 200);
  const rows = r.body.items.filter((i) => i.object.type === 'pregnancy' && i.object.id === g.id);
  // Newest first.
  assert.deepEqual(rows.map((i) => [i.action, i.user_id]), [
    ['update', ids.health],
    ['read', ids.welfare],
    ['read', ids.health],
    ['create', ids.health],
  ]);
  assert.ok(rows.every((i) => i.person_id === m.id));
});

test('roles: welfare reads but does not record; clerk, partner and admin see nothing', async () => {
  const g = await create({ mother_id: teen.id, notified_on: '2025-06-02', weeks_at_notification: 12 });
  const body = { mother_id: teen.id, notified_on: '2025-06-03' };
  const w = await c.welfare.get(`${P}/${g.id}`);
  assert.equal(w.status, 200);
  assert.equal(w.body.id, g.id);
  assert.equal((await c.welfare.get(`${P}?mother_id=${teen.id}`)).status, 200);
  forbidden(await c.welfare.post(P, body));
  forbidden(await c.welfare.patch(`${P}/${g.id}`, { notes: 'x' }, { 'if-match': '"1"' }));
  for (const role of ['clerk', 'partner', 'admin']) {
    forbidden(await c[role].get(`${P}/${g.id}`));
    forbidden(await c[role].get(`${P}?mother_id=${teen.id}`));
    forbidden(await c[role].post(P, body));
    forbidden(await c[role].patch(`${P}/${g.id}`, { notes: 'x' }, { 'if-match': '"1"' }));
  }
  // The director records too; a write without the CSRF token is refused.
  assert.equal((await c.director.post(P, body)).status, 201);
  forbidden(await c.health.post(P, body, { 'x-csrf-token': 'wrong' }));
  assert.equal((await c.health.get(`${P}/${g.id}`)).body.version, 1);
});

// ---- Issue 8, item 2: a question not asked is 未確認, never "no" ----

test('nothing asked: every question unasked, 0 points from what was answered, listed as incomplete, never low', async () => {
  const m = await person(c.health, { family_name: '未確認', family_name_kana: 'ミカクニン', birth_date: '1994-04-04', sex: 'female' });
  const g = await create({ mother_id: m.id, notified_on: '2025-03-03', weeks_at_notification: 9 });
  assert.deepEqual(g.answers, {});
  assert.deepEqual(g.unasked, ANSWER_CODES);
  // risk_level is computed from what was answered (nothing): low, but the interview is not done.
  assert.equal(g.risk_score, 0);
  assert.equal(g.risk_level, 'low');
  assert.equal(g.tokutei_ninpu_candidate, false);
  // Found among the incomplete interviews, not among the low ones.
  const inc = await c.health.get(`${P}?incomplete=true&mother_id=${m.id}`);
  assert.equal(inc.status, 200);
  assert.deepEqual(inc.body.items.map((x) => x.id), [g.id]);
  assert.deepEqual((await c.health.get(`${P}?incomplete=false&mother_id=${m.id}`)).body.items, []);
  assert.deepEqual((await c.health.get(`${P}?risk_level=low&mother_id=${m.id}`)).body.items, [], 'an incomplete interview is no level');
  invalid(await c.health.get(`${P}?incomplete=yes`), 'incomplete');

  // Answering every question (any order) completes it: unasked empty, the level is now a result.
  const r = await c.health.patch(`${P}/${g.id}`, { answers: { smoking: false, ...complete(), economic_hardship: true } }, { 'if-match': '"1"' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.unasked, []);
  assert.deepEqual(r.body.answers, complete({ economic_hardship: true }));
  assert.equal(r.body.risk_score, 1);
  assert.equal(r.body.risk_level, 'low');
  assert.deepEqual((await c.health.get(`${P}?incomplete=true&mother_id=${m.id}`)).body.items, []);
  assert.deepEqual((await c.health.get(`${P}?risk_level=low&mother_id=${m.id}`)).body.items.map((x) => x.id), [g.id]);
  assert.deepEqual((await c.health.get(`${P}?incomplete=false&mother_id=${m.id}`)).body.items.map((x) => x.id), [g.id]);
});

test('unasked lists the codes in the order of domain.md whatever the order they were sent in', async () => {
  const m = await person(c.health, { family_name: '順序', family_name_kana: 'ジュンジョ', birth_date: '1991-01-01' });
  const g = await create({ mother_id: m.id, notified_on: '2025-03-04', answers: { smoking: false, mental_illness: false, no_prenatal_checkup: false } });
  assert.deepEqual(g.unasked, ['unwanted_pregnancy', 'no_support_person', 'dv', 'prior_child_protection', 'economic_hardship', 'single_parent']);
  assert.deepEqual(g.answers, { no_prenatal_checkup: false, mental_illness: false, smoking: false });
});

test('PATCH merges answers by code; null makes a question unasked again; the result follows', async () => {
  const m = await person(c.health, { family_name: '併合', family_name_kana: 'ヘイゴウ', birth_date: '1990-05-05', sex: 'female' });
  const g = await create({ mother_id: m.id, notified_on: '2025-04-04', weeks_at_notification: 8, answers: { dv: true } });
  assert.equal(g.tokutei_ninpu_candidate, true, 'dv answered yes makes a candidate even before the rest is asked');
  assert.equal(g.unasked.length, 8);

  const a = await c.health.patch(`${P}/${g.id}`, { answers: { smoking: false, mental_illness: true } }, { 'if-match': '"1"' });
  assert.equal(a.status, 200, JSON.stringify(a.body));
  assert.deepEqual(a.body.answers, { mental_illness: true, dv: true, smoking: false });
  assert.equal(a.body.risk_score, 5);
  assert.equal(a.body.risk_level, 'high');
  assert.equal(a.body.unasked.length, 6);

  // dv was recorded by mistake: null takes the answer back (unasked), it is not a "no".
  const b = await c.health.patch(`${P}/${g.id}`, { answers: { dv: null } }, { 'if-match': '"2"' });
  assert.equal(b.status, 200, JSON.stringify(b.body));
  assert.deepEqual(b.body.answers, { mental_illness: true, smoking: false });
  assert.ok(b.body.unasked.includes('dv'));
  assert.equal(b.body.unasked.length, 7);
  assert.equal(b.body.risk_score, 2);
  assert.equal(b.body.risk_level, 'medium');
  assert.equal(b.body.tokutei_ninpu_candidate, false);

  // An empty object changes nothing (no new version); a code outside the table is refused.
  const same = await c.health.patch(`${P}/${g.id}`, { answers: {} }, { 'if-match': '"3"' });
  assert.equal(same.status, 200);
  assert.equal(same.body.version, 3);
  invalid(await c.health.patch(`${P}/${g.id}`, { answers: { dv: null, drinking: true } }, { 'if-match': '"3"' }), 'answers.drinking');
  const now = await c.health.get(`${P}/${g.id}`);
  assert.equal(now.body.version, 3);
  assert.deepEqual(now.body.answers, { mental_illness: true, smoking: false });
});

// ---- Issue 8, item 3: who can be the mother ----

test('a mother who is male or under 10 on notified_on is refused (mother_id) and nothing is recorded', async () => {
  const boy = await person(c.health, { family_name: '乳児', given_name: '男', family_name_kana: 'ニュウジ', birth_date: addDays(todayJst(), -21), sex: 'male' });
  const girl9 = await person(c.health, { family_name: '九歳', family_name_kana: 'キュウサイ', birth_date: '2015-06-02', sex: 'female' });
  const girl10 = await person(c.health, { family_name: '十歳', family_name_kana: 'ジュッサイ', birth_date: '2015-06-01', sex: 'female' });
  const man = await person(c.health, { family_name: '成人', given_name: '男', family_name_kana: 'セイジン', birth_date: '1990-01-01', sex: 'male' });
  const unknown = await person(c.health, { family_name: '不詳', family_name_kana: 'フショウ' });

  const bad = [
    [boy, todayJst()],
    [man, '2025-06-01'],
    [girl9, '2025-06-01'], // 9 the day before her 10th birthday
    [girl10, '2025-05-31'],
    [girl10, '2015-05-31'], // before she was born
  ];
  for (const [who, on] of bad) {
    const r = await c.health.post(P, { mother_id: who.id, notified_on: on });
    invalid(r, 'mother_id');
    assert.match(r.body.error.message, /男性|10歳未満/);
    assert.deepEqual((await c.health.get(`${P}?mother_id=${who.id}`)).body.items, [], 'nothing recorded');
  }
  // 10 on her birthday; unknown sex and birth date are accepted.
  assert.equal((await create({ mother_id: girl10.id, notified_on: '2025-06-01' })).mother_id, girl10.id);
  assert.equal((await create({ mother_id: unknown.id, notified_on: '2025-06-01' })).mother_id, unknown.id);
});

test('a PATCH that changes the mother or the date is checked; other changes of an older record are not', async () => {
  const mum = await person(c.health, { family_name: '変更母', family_name_kana: 'ヘンコウハハ', birth_date: '2014-03-01' });
  const man = await person(c.health, { family_name: '父親', family_name_kana: 'チチオヤ', birth_date: '1985-01-01', sex: 'male' });
  const g = await create({ mother_id: mum.id, notified_on: '2025-04-01' }); // 11 on that day
  invalid(await c.health.patch(`${P}/${g.id}`, { mother_id: man.id }, { 'if-match': '"1"' }), 'mother_id');
  invalid(await c.health.patch(`${P}/${g.id}`, { notified_on: '2024-02-29' }, { 'if-match': '"1"' }), 'mother_id'); // 9 then
  assert.equal((await c.health.get(`${P}/${g.id}`)).body.version, 1, 'nothing changed');

  // Her record is corrected to male afterwards: the notification stays editable (notes), but a
  // change of its date checks the mother again.
  const fix = await c.health.patch(`/api/v1/persons/${mum.id}`, { sex: 'male' }, { 'if-match': '"1"' });
  assert.equal(fix.status, 200, JSON.stringify(fix.body));
  const notes = await c.health.patch(`${P}/${g.id}`, { notes: '性別の記録を確認中' }, { 'if-match': '"1"' });
  assert.equal(notes.status, 200, JSON.stringify(notes.body));
  invalid(await c.health.patch(`${P}/${g.id}`, { notified_on: '2025-04-02' }, { 'if-match': '"2"' }), 'mother_id');
});
