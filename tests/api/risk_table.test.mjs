// The risk table (/settings/risk_table) and the screening settings (/settings/screening): defaults,
// versions, validation, who may change them, what a change does to new and stored pregnancies and
// to bonding screenings, and the audit rows of each change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stopClean } from './support.mjs';
import { startWithRoles, todayJst, invalid, missing, error, forbidden, person, INSTANT } from './health_support.mjs';

const RT = '/api/v1/settings/risk_table';
const SS = '/api/v1/settings/screening';
let server, c, ids;
let mother;

before(async () => {
  ({ server, c, ids } = await startWithRoles(['director', 'coordinator', 'health', 'welfare', 'clerk', 'partner', 'admin']));
  mother = await person(c.health, { family_name: '設定', family_name_kana: 'セッテイ', birth_date: '1990-05-05' });
});

after(async () => {
  if (server) await stopClean(server);
});

const DEFAULT_ITEMS = [
  ['young_mother', '若年妊娠', 2, 'derived'],
  ['late_notification', '妊娠届出の遅れ（20週以降）', 2, 'derived'],
  ['no_prenatal_checkup', '妊婦健診未受診', 2, 'answer'],
  ['unwanted_pregnancy', '望まない妊娠・妊娠への葛藤', 2, 'answer'],
  ['mental_illness', '精神疾患（既往・治療中）', 2, 'answer'],
  ['no_support_person', '相談相手・支援者がいない', 2, 'answer'],
  ['dv', '配偶者等からの暴力', 3, 'answer'],
  ['prior_child_protection', 'きょうだいの虐待歴・施設入所歴', 3, 'answer'],
  ['economic_hardship', '経済的困窮', 1, 'answer'],
  ['single_parent', 'ひとり親・未婚', 1, 'answer'],
  ['multiple_birth', '多胎', 1, 'derived'],
  ['smoking', '妊婦の喫煙', 1, 'answer'],
].map(([code, label, weight, source]) => ({ code, label, weight, source }));

// A PUT body: the default table with changes.
function table({ weights = {}, labels = {}, ...rest } = {}) {
  return {
    items: DEFAULT_ITEMS.map(({ code, label, weight }) => ({ code, weight: weights[code] ?? weight, label: labels[code] ?? label })),
    high_from: 5,
    medium_from: 2,
    candidate_codes: ['dv', 'prior_child_protection'],
    candidate_when_high: true,
    ...rest,
  };
}
const put = (client, body, version) => client.req('PUT', RT, body, version === undefined ? {} : { 'if-match': `"${version}"` });
const putS = (client, body, version) => client.req('PUT', SS, body, version === undefined ? {} : { 'if-match': `"${version}"` });

async function pregnancy(body) {
  const r = await c.health.post('/api/v1/pregnancies', { mother_id: mother.id, notified_on: '2025-04-01', weeks_at_notification: 8, ...body });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}
async function bonding(answers) {
  const r = await c.health.post('/api/v1/screenings', { person_id: mother.id, instrument: 'bonding', administered_on: todayJst(), answers });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}
async function auditRows(type, id) {
  const r = await c.director.get(`/api/v1/audit?user_id=${ids.director}&limit=500`);
  assert.equal(r.status, 200);
  return r.body.items.filter((i) => i.object.type === type && i.object.id === id);
}

// Bonding answers totalling 8 and 7: items 1, 6, 8, 10 score the index, the rest 3 − index.
const BONDING_8 = [2, 3, 3, 3, 3, 2, 3, 2, 3, 2];
const BONDING_7 = [1, 3, 3, 3, 3, 2, 3, 2, 3, 2];

let oldSmoker; // a pregnancy judged by the default table

test('risk table: the defaults of domain.md, version 0, readable by the health roles', async () => {
  for (const role of ['health', 'welfare', 'coordinator', 'director']) {
    const r = await c[role].get(RT);
    assert.equal(r.status, 200, role);
    assert.equal(r.headers.get('etag'), '"0"');
    assert.deepEqual(r.body, {
      version: 0,
      items: DEFAULT_ITEMS,
      high_from: 5,
      medium_from: 2,
      candidate_codes: ['dv', 'prior_child_protection'],
      candidate_when_high: true,
      updated_at: null,
      updated_by: null,
    });
  }
  assert.deepEqual((await c.health.get(RT)).body.items.map((i) => i.weight), [2, 2, 2, 2, 2, 2, 3, 3, 1, 1, 1, 1]);
  for (const role of ['clerk', 'partner', 'admin']) forbidden(await c[role].get(RT));
  // A complete interview (every question asked), so that it has a level to list by.
  const asked = Object.fromEntries(DEFAULT_ITEMS.filter((i) => i.source === 'answer').map((i) => [i.code, false]));
  oldSmoker = await pregnancy({ answers: { ...asked, smoking: true } });
  assert.equal(oldSmoker.risk_score, 1);
  assert.equal(oldSmoker.risk_level, 'low');
  assert.equal(oldSmoker.risk_table_version, 0);
});

test('risk table: only the director changes it', async () => {
  for (const role of ['health', 'coordinator', 'welfare', 'clerk', 'partner', 'admin']) {
    forbidden(await put(c[role], table({ weights: { smoking: 5 } }), 0));
  }
  forbidden(await c.director.req('PUT', RT, table(), { 'if-match': '"0"', 'x-csrf-token': 'wrong' }));
  assert.equal((await c.health.get(RT)).body.version, 0);
});

test('risk table: invalid tables answer 400 and change nothing', async () => {
  const d = c.director;
  const items = table().items;
  invalid(await put(d, { ...table(), items: items.slice(0, 11) }, 0), 'items');
  invalid(await put(d, { ...table(), items: [...items, items[0]] }, 0), 'items');
  invalid(await put(d, { ...table(), items: [...items.slice(0, 11), { ...items[0] }] }, 0), 'items'); // duplicate code
  invalid(await put(d, { ...table(), items: [...items.slice(0, 11), { code: 'drinking', weight: 1 }] }, 0), 'items');
  invalid(await put(d, table({ weights: { dv: 11 } }), 0), 'items');
  invalid(await put(d, table({ weights: { dv: -1 } }), 0), 'items');
  invalid(await put(d, table({ weights: { dv: 2.5 } }), 0), 'items');
  invalid(await put(d, table({ weights: { dv: '3' } }), 0), 'items');
  invalid(await put(d, table({ labels: { dv: '' } }), 0), 'items');
  invalid(await put(d, table({ labels: { dv: 'あ'.repeat(101) } }), 0), 'items');
  invalid(await put(d, table({ labels: { dv: '配偶者等からの暴力\u202e' } }), 0), 'items');
  invalid(await put(d, table({ labels: { dv: '配偶者\u200b等' } }), 0), 'items');
  invalid(await put(d, { ...table(), items: items.map((i, n) => (n === 3 ? { ...i, colour: 'red' } : i)) }, 0), 'items');
  invalid(await put(d, { ...table(), items: 'all' }, 0), 'items');
  invalid(await put(d, table({ high_from: 0, medium_from: 0 }), 0), 'high_from');
  invalid(await put(d, table({ high_from: 101 }), 0), 'high_from');
  invalid(await put(d, table({ high_from: '5' }), 0), 'high_from');
  invalid(await put(d, table({ medium_from: 6 }), 0), 'medium_from'); // medium_from > high_from
  invalid(await put(d, table({ medium_from: 0 }), 0), 'medium_from');
  invalid(await put(d, table({ candidate_codes: ['dv', 'xyz'] }), 0), 'candidate_codes');
  invalid(await put(d, table({ candidate_codes: 'dv' }), 0), 'candidate_codes');
  invalid(await put(d, table({ candidate_when_high: 'yes' }), 0), 'candidate_when_high');
  invalid(await put(d, { ...table(), version: 0 }, 0), 'version');
  missing(await put(d, table()), 'If-Match');
  invalid(await put(d, table(), '-1'), 'If-Match');
  error(await d.req('PUT', RT, '[1]', { 'if-match': '"0"' }), 400, 'invalid_json');
  const r = await c.health.get(RT);
  assert.equal(r.body.version, 0);
  assert.deepEqual(r.body.items, DEFAULT_ITEMS);
});

test('risk table: PUT with If-Match "0" then "1"; stale is 409; the answer is the new table', async () => {
  const first = await put(c.director, table({ weights: { smoking: 5 } }), 0);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.headers.get('etag'), '"1"');
  assert.equal(first.body.version, 1);
  assert.equal(first.body.items.find((i) => i.code === 'smoking').weight, 5);
  assert.equal(first.body.updated_by, ids.director);
  assert.match(first.body.updated_at, INSTANT);
  const got = await c.health.get(RT);
  assert.equal(got.headers.get('etag'), '"1"');
  assert.deepEqual(got.body, first.body);

  error(await put(c.director, table(), 0), 409, 'version_conflict'); // it exists now
  error(await put(c.director, table(), 2), 409, 'version_conflict');
  assert.equal((await c.health.get(RT)).body.version, 1);

  // Items in any order; the table answers in table order. medium_from may equal high_from.
  const again = await put(c.director, { ...table({ weights: { smoking: 5 } }), items: table({ weights: { smoking: 5 } }).items.reverse(), medium_from: 5 }, 1);
  assert.equal(again.status, 200, JSON.stringify(again.body));
  assert.equal(again.body.version, 2);
  assert.deepEqual(again.body.items.map((i) => i.code), DEFAULT_ITEMS.map((i) => i.code));
  assert.equal(again.body.medium_from, 5);
  error(await put(c.director, table(), 1), 409, 'version_conflict');
  // Back to medium_from 2 with smoking 5, sending back the items as GET answers them (with source).
  const back = await put(c.director, { ...table(), items: (await c.health.get(RT)).body.items, medium_from: 2 }, 2);
  assert.equal(back.status, 200, JSON.stringify(back.body));
  assert.equal(back.body.version, 3);
  assert.equal(back.body.items.find((i) => i.code === 'smoking').weight, 5);
});

test('after smoking weighs 5: a new pregnancy is high; an older one keeps its result until changed', async () => {
  const fresh = await pregnancy({ answers: { smoking: true } });
  assert.deepEqual(fresh.flags, [{ code: 'smoking', label: '妊婦の喫煙', weight: 5 }]);
  assert.equal(fresh.risk_score, 5);
  assert.equal(fresh.risk_level, 'high');
  assert.equal(fresh.tokutei_ninpu_candidate, true);
  assert.equal(fresh.risk_table_version, 3);

  const old = await c.health.get(`/api/v1/pregnancies/${oldSmoker.id}`);
  assert.equal(old.body.risk_score, 1);
  assert.equal(old.body.risk_level, 'low');
  assert.deepEqual(old.body.flags, [{ code: 'smoking', label: '妊婦の喫煙', weight: 1 }]);
  assert.equal(old.body.risk_table_version, 0);
  const lows = await c.health.get(`/api/v1/pregnancies?risk_level=low&mother_id=${mother.id}`);
  assert.ok(lows.body.items.some((g) => g.id === oldSmoker.id));

  const changed = await c.health.patch(`/api/v1/pregnancies/${oldSmoker.id}`, { notes: '再面接' }, { 'if-match': '"1"' });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.equal(changed.body.risk_score, 5);
  assert.equal(changed.body.risk_level, 'high');
  assert.equal(changed.body.tokutei_ninpu_candidate, true);
  assert.equal(changed.body.risk_table_version, 3);
});

test('labels, thresholds and candidate rules of the table are applied', async () => {
  const v = (await c.health.get(RT)).body.version;
  const r = await put(c.director, table({
    weights: { smoking: 5 }, labels: { smoking: '喫煙（妊婦）' },
    high_from: 6, medium_from: 3, candidate_codes: ['mental_illness'], candidate_when_high: false,
  }), v);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.candidate_codes, ['mental_illness']);
  assert.equal(r.body.candidate_when_high, false);
  const smoker = await pregnancy({ answers: { smoking: true } });
  assert.deepEqual(smoker.flags, [{ code: 'smoking', label: '喫煙（妊婦）', weight: 5 }]);
  assert.equal(smoker.risk_level, 'medium'); // 5 < high_from 6
  assert.equal(smoker.tokutei_ninpu_candidate, false);
  const dv = await pregnancy({ answers: { dv: true, smoking: true } });
  assert.equal(dv.risk_score, 8);
  assert.equal(dv.risk_level, 'high');
  assert.equal(dv.tokutei_ninpu_candidate, false, 'dv is no longer a candidate code, and high alone is not enough');
  const mi = await pregnancy({ answers: { mental_illness: true } });
  assert.equal(mi.risk_score, 2);
  assert.equal(mi.risk_level, 'low'); // 2 < medium_from 3
  assert.equal(mi.tokutei_ninpu_candidate, true);
  const zero = await pregnancy({ answers: { economic_hardship: true, single_parent: true } });
  assert.equal(zero.risk_score, 2);
  // Restore the defaults for what follows.
  const restored = await put(c.director, table(), r.body.version);
  assert.equal(restored.status, 200);
  assert.deepEqual(restored.body.items, DEFAULT_ITEMS);
});

test('risk table: every change is audited as update of settings/risk_table by the director', async () => {
  const rows = await auditRows('settings', 'risk_table');
  const version = (await c.health.get(RT)).body.version;
  assert.equal(version, 5);
  assert.equal(rows.length, version, JSON.stringify(rows));
  assert.ok(rows.every((i) => i.action === 'update' && i.user_id === ids.director && i.person_id === null));
});

test('screening settings: bonding_threshold null by default, only the director sets it', async () => {
  const r = await c.welfare.get(SS);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('etag'), '"0"');
  assert.deepEqual(r.body, { bonding_threshold: null, version: 0, updated_at: null, updated_by: null });
  for (const role of ['clerk', 'partner', 'admin']) forbidden(await c[role].get(SS));
  for (const role of ['health', 'coordinator', 'welfare', 'clerk', 'partner', 'admin']) forbidden(await putS(c[role], { bonding_threshold: 8 }, 0));
  // Without a threshold no bonding screening is flagged, even at 30.
  const all = await bonding([3, 0, 0, 0, 0, 3, 0, 3, 0, 3]);
  assert.equal(all.score, 30);
  assert.deepEqual(all.flags, []);
  assert.equal(all.needs_followup, false);
});

test('screening settings: validation', async () => {
  const d = c.director;
  for (const bad of [0, 31, 8.5, '8', true, [8]]) invalid(await putS(d, { bonding_threshold: bad }, 0), 'bonding_threshold');
  missing(await putS(d, {}, 0), 'bonding_threshold');
  invalid(await putS(d, { bonding_threshold: 8, epds_threshold: 9 }, 0), 'epds_threshold');
  missing(await putS(d, { bonding_threshold: 8 }), 'If-Match');
  error(await putS(d, { bonding_threshold: 8 }, 1), 409, 'version_conflict');
  assert.equal((await d.get(SS)).body.version, 0);
});

test('bonding threshold 8: a total of 8 is flagged bonding_high, 7 is not; null turns it off', async () => {
  const r = await putS(c.director, { bonding_threshold: 8 }, 0);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.headers.get('etag'), '"1"');
  assert.equal(r.body.bonding_threshold, 8);
  assert.equal(r.body.version, 1);
  assert.equal(r.body.updated_by, ids.director);
  assert.match(r.body.updated_at, INSTANT);
  assert.deepEqual((await c.health.get(SS)).body, r.body);

  const eight = await bonding(BONDING_8);
  assert.equal(eight.score, 8);
  assert.deepEqual(eight.item_scores, [2, 0, 0, 0, 0, 2, 0, 2, 0, 2]);
  assert.deepEqual(eight.flags, [{ code: 'bonding_high', label: '赤ちゃんへの気持ち 要確認（8点以上）' }]);
  assert.equal(eight.needs_followup, true);
  const seven = await bonding(BONDING_7);
  assert.equal(seven.score, 7);
  assert.deepEqual(seven.flags, []);
  assert.equal(seven.needs_followup, false);
  // A bonding flag is no EPDS: it raises no screening_followup alert.
  const alerts = await c.health.get('/api/v1/alerts?kind=screening_followup');
  assert.ok(!alerts.body.items.some((a) => a.ref.id === eight.id));

  error(await putS(c.director, { bonding_threshold: 9 }, 0), 409, 'version_conflict');
  const off = await putS(c.director, { bonding_threshold: null }, 1);
  assert.equal(off.status, 200, JSON.stringify(off.body));
  assert.equal(off.body.bonding_threshold, null);
  assert.equal(off.body.version, 2);
  const after8 = await bonding(BONDING_8);
  assert.deepEqual(after8.flags, []);
  // The stored screening keeps the flag it was given.
  const kept = await c.health.get(`/api/v1/screenings/${eight.id}`);
  assert.deepEqual(kept.body.flags, [{ code: 'bonding_high', label: '赤ちゃんへの気持ち 要確認（8点以上）' }]);

  const rows = await auditRows('settings', 'screening');
  assert.equal(rows.length, 2);
  assert.ok(rows.every((i) => i.action === 'update' && i.user_id === ids.director));
});
