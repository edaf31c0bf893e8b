// 通告・相談: the 現認 is deliberate and a mistaken step is corrected, never erased (api.md, the
// events paragraph of Reports). A 現認 names its children (no default of "all"); a correction is a
// new audited event naming the step it takes back, with the reason; only the latest step, or a
// 現認 (for some or all of its children), may be taken back; a corrected 現認 brings the 48-hour
// alert back, and the status is that of the last standing step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stopClean } from './support.mjs';
import { startWithRoles, invalid, missing, error, forbidden, person, INSTANT } from './health_support.mjs';

const R = '/api/v1/reports';
const HOUR = 3600e3;
const jst = (ms) => new Date(ms + 9 * HOUR).toISOString().slice(0, 19) + '+09:00';
const minuteNow = () => Math.floor(Date.now() / 60e3) * 60e3;

let server, c, ids, w;
let elder, younger, caseId;

before(async () => {
  ({ server, c, ids } = await startWithRoles(['director', 'welfare', 'clerk', 'health']));
  w = c.welfare;
  const kid = (given, kana, birth) => person(c.welfare, { family_name: '佐々木', given_name: given, family_name_kana: 'ササキ', given_name_kana: kana, birth_date: birth });
  elder = await kid('そら', 'ソラ', '2018-05-05');
  younger = await kid('ひまり', 'ヒマリ', '2022-09-09');
  // 支援 links a real open case holding the report's children.
  const h = await w.post('/api/v1/households', { members: [{ person_id: elder.id, relation: 'child' }, { person_id: younger.id, relation: 'child' }] });
  assert.equal(h.status, 201, JSON.stringify(h.body));
  const k = await w.post('/api/v1/cases', { household_id: h.body.id, subject_ids: [elder.id, younger.id], lead_id: ids.welfare });
  assert.equal(k.status, 201, JSON.stringify(k.body));
  caseId = k.body.id;
});

after(async () => {
  if (server) await stopClean(server);
});

// ---- helpers ----

async function siblings(extra = {}) {
  const r = await w.post(R, {
    kind: 'abuse_report',
    received_at: jst(minuteNow() - 3 * HOUR),
    child_ids: [elder.id, younger.id],
    route: 'neighbor',
    abuse_types: ['neglect'],
    ...extra,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function get(id) {
  const r = await w.get(`${R}/${id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

async function post(rep, body, client = w) {
  const r = await client.post(`${R}/${rep.id}/events`, body);
  assert.equal(r.status, 201, `${body.step}: ${JSON.stringify(r.body)}`);
  return r.body;
}

const correct = (rep, seq, note, extra = {}) => post(rep, { step: 'correction', corrects: seq, note, ...extra });
const last = (rep, step) => rep.events.filter((e) => e.step === step).at(-1);
const nextOf = (rep) => rep.next_steps.map((s) => s.step);

async function safetyAlert(id) {
  const r = await w.get('/api/v1/alerts?kind=safety_confirmation&limit=500');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.filter((a) => a.ref.id === id);
}

async function timeline(personId, reportId) {
  const r = await w.get(`/api/v1/persons/${personId}/timeline?limit=500`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.filter((e) => e.ref.id === reportId);
}

// A request that must record nothing: the report reads the same afterwards.
async function refused(rep, body, status, code, field) {
  const before = await get(rep.id);
  const r = await w.post(`${R}/${rep.id}/events`, body);
  error(r, status, code, field);
  assert.deepEqual(await get(rep.id), before, `${JSON.stringify(body)} recorded nothing`);
}

// ---- the 現認 names its children ----

test('現認: child_ids is required (no default of all), each unseen, and nothing is recorded otherwise', async () => {
  let rep = await siblings();
  rep = await post(rep, { step: 'juri', urgency: 'a' });
  await refused(rep, { step: 'safety_confirmed' }, 400, 'missing_field', 'child_ids');
  await refused(rep, { step: 'safety_confirmed', child_ids: [] }, 400, 'missing_field', 'child_ids');
  await refused(rep, { step: 'safety_confirmed', child_ids: null, note: '面接' }, 400, 'missing_field', 'child_ids');
  assert.deepEqual(rep.children.map((ch) => ch.confirmed_at), [null, null]);
  assert.equal((await safetyAlert(rep.id)).length, 1);

  rep = await post(rep, { step: 'safety_confirmed', child_ids: [younger.id] });
  assert.deepEqual(rep.children.map((ch) => ch.confirmed_at === null), [true, false], 'only the one named');
  assert.equal(rep.status, 'juri');
  // A child already seen cannot be seen again (their 現認 stands until corrected).
  await refused(rep, { step: 'safety_confirmed', child_ids: [elder.id, younger.id] }, 400, 'invalid_field', 'child_ids[1]');
  // Still offered for the elder; an out-of-order step is 409 before anything else.
  assert.deepEqual(nextOf(rep), ['investigation', 'safety_confirmed', 'referred']);
  const fresh = await siblings();
  await refused(fresh, { step: 'safety_confirmed' }, 409, 'invalid_transition', 'step');
});

// ---- corrections ----

test('a 現認 of both siblings, the younger not actually seen: corrected for her alone, the alert comes back', async () => {
  let rep = await siblings();
  rep = await post(rep, { step: 'juri', urgency: 'a' });
  rep = await post(rep, { step: 'safety_confirmed', child_ids: [elder.id, younger.id], note: '自宅で面接' });
  assert.equal(rep.status, 'safety_confirmed');
  assert.deepEqual(await safetyAlert(rep.id), []);
  const seen = last(rep, 'safety_confirmed');
  assert.equal(seen.correctable, true);
  assert.equal(seen.corrected, false);
  assert.deepEqual(seen.corrected_child_ids, []);
  const version = rep.version;
  const t0 = Date.now();

  rep = await correct(rep, seen.seq, 'ひまりさんは祖母宅にいて会えていなかった', { child_ids: [younger.id] });
  // The report: back to juri (one of two seen), one version more, the younger unseen again.
  assert.equal(rep.status, 'juri');
  assert.equal(rep.status_label, '受理会議');
  assert.equal(rep.version, version + 1);
  assert.equal(rep.urgency, 'a', 'the 受理会議 still stands');
  assert.match(rep.children[0].confirmed_at, INSTANT);
  assert.equal(rep.children[1].confirmed_at, null);
  assert.equal(rep.children[1].confirmed_by, null);
  assert.equal(rep.safety_all_confirmed, false);
  assert.deepEqual(nextOf(rep), ['investigation', 'safety_confirmed', 'referred']);
  // The 現認 is kept as it was recorded, marked for the child taken back; the correction follows.
  const kept = rep.events.find((e) => e.seq === seen.seq);
  assert.deepEqual(kept.child_ids, [elder.id, younger.id]);
  assert.equal(kept.note, '自宅で面接');
  assert.equal(kept.at, seen.at);
  assert.deepEqual(kept.corrected_child_ids, [younger.id]);
  assert.equal(kept.corrected, false, 'the elder was seen: it still counts for him');
  assert.equal(kept.correctable, true);
  const fix = rep.events.at(-1);
  assert.equal(fix.step, 'correction');
  assert.equal(fix.step_label, '記録の取り消し');
  assert.equal(fix.corrects, seen.seq);
  assert.deepEqual(fix.child_ids, [younger.id]);
  assert.equal(fix.note, 'ひまりさんは祖母宅にいて会えていなかった');
  assert.equal(fix.recorded_by, ids.welfare);
  assert.ok(Math.abs(Date.parse(fix.at) - t0) < 60e3, 'dated now');
  assert.equal(fix.correctable, false);
  assert.ok(fix.seq > seen.seq);
  // The alert is back, for the younger.
  const [a] = await safetyAlert(rep.id);
  assert.ok(a, 'the 48-hour alert is back');
  assert.equal(a.children_unconfirmed, 1);
  assert.equal(a.person.id, younger.id);
  assert.equal(a.due_at, rep.safety_due_at);
  // Both timelines say so, dated now; the reason is not on the timeline.
  for (const p of [elder, younger]) {
    const [top] = await timeline(p.id, rep.id);
    assert.equal(top.summary, '現認（安全確認）の記録を取り消しました（1人を未確認に戻しました）');
    assert.equal(top.section, 'welfare');
    assert.ok(Math.abs(Date.parse(top.at) - t0) < 60e3);
    assert.ok(!JSON.stringify(await timeline(p.id, rep.id)).includes('祖母宅'));
  }
  // The same child cannot be taken back twice from that 現認.
  await refused(rep, { step: 'correction', corrects: seen.seq, note: '再度', child_ids: [younger.id] }, 400, 'invalid_field', 'child_ids[0]');

  // She is seen the next day: all seen again, the alert goes.
  rep = await post(rep, { step: 'safety_confirmed', child_ids: [younger.id] });
  assert.equal(rep.status, 'safety_confirmed');
  assert.deepEqual(await safetyAlert(rep.id), []);
  // The first 現認 taken back for the elder too (all it still confirms): he is unseen, juri again.
  rep = await correct(rep, seen.seq, '記録する子どもを誤った');
  assert.equal(rep.status, 'juri');
  assert.equal(rep.children[0].confirmed_at, null);
  assert.match(rep.children[1].confirmed_at, INSTANT);
  assert.equal(rep.events.find((e) => e.seq === seen.seq).corrected, true);
  assert.deepEqual(rep.events.at(-1).child_ids, [elder.id]);
  assert.equal(rep.events.find((e) => e.seq === seen.seq).correctable, false);
  await refused(rep, { step: 'correction', corrects: seen.seq, note: '三度目' }, 409, 'invalid_transition', 'corrects');
  assert.equal((await safetyAlert(rep.id))[0].person.id, elder.id);
});

test('the latest step is corrected; earlier ones, received and corrections are not (409); nothing is erased', async () => {
  let rep = await siblings();
  rep = await post(rep, { step: 'juri', urgency: 'b', attendees: ['福祉 あおい'] });
  rep = await post(rep, { step: 'safety_confirmed', child_ids: [elder.id, younger.id] });
  rep = await post(rep, { step: 'policy', note: '在宅支援' });
  const [received, juri, seen, policy] = rep.events;
  assert.deepEqual(rep.events.map((e) => e.correctable), [false, false, true, true]);
  // Not the latest: 409, nothing recorded.
  await refused(rep, { step: 'correction', corrects: juri.seq, note: '誤り' }, 409, 'invalid_transition', 'corrects');
  await refused(rep, { step: 'correction', corrects: received.seq, note: '誤り' }, 409, 'invalid_transition', 'corrects');

  rep = await correct(rep, policy.seq, '別の通告に記録するはずだった');
  assert.equal(rep.status, 'safety_confirmed');
  assert.deepEqual(nextOf(rep), ['policy', 'referred']);
  const kept = rep.events.find((e) => e.seq === policy.seq);
  assert.equal(kept.corrected, true);
  assert.equal(kept.note, '在宅支援', 'the corrected step is kept as recorded');
  assert.deepEqual(rep.events.slice(0, 4).map((e) => e.seq), [received, juri, seen, policy].map((e) => e.seq));
  // Neither a correction nor a step already corrected can be corrected.
  const fix = rep.events.at(-1);
  await refused(rep, { step: 'correction', corrects: fix.seq, note: '誤り' }, 409, 'invalid_transition', 'corrects');
  await refused(rep, { step: 'correction', corrects: policy.seq, note: '誤り' }, 409, 'invalid_transition', 'corrects');
  // The policy recorded again, then closed, and the 終結 corrected: policy again.
  rep = await post(rep, { step: 'policy', note: '在宅支援（再）' });
  rep = await post(rep, { step: 'closed' });
  rep = await correct(rep, last(rep, 'closed').seq, '終結は次回の会議で判断する');
  assert.equal(rep.status, 'policy');
  assert.deepEqual(nextOf(rep), ['support', 'closed', 'referred']);
  // Every step is still in the list, in order.
  assert.deepEqual(rep.events.map((e) => e.step), ['received', 'juri', 'safety_confirmed', 'policy', 'correction', 'policy', 'closed', 'correction']);
});

test('the 受理会議 corrected takes its urgency away; 支援 corrected takes its case away', async () => {
  let rep = await siblings({ kind: 'consultation', abuse_types: [] });
  rep = await post(rep, { step: 'juri', urgency: 'aa' });
  assert.equal(rep.urgency, 'aa');
  rep = await correct(rep, last(rep, 'juri').seq, '緊急度の選択を誤った');
  assert.equal(rep.status, 'received');
  assert.equal(rep.urgency, null);
  assert.equal(rep.urgency_label, null);
  rep = await post(rep, { step: 'juri', urgency: 'c' });
  assert.equal(rep.urgency, 'c');
  rep = await post(rep, { step: 'policy' });
  rep = await post(rep, { step: 'support', case_id: caseId });
  assert.equal(rep.case_id, caseId);
  rep = await correct(rep, last(rep, 'support').seq, 'ケースを取り違えた');
  assert.equal(rep.status, 'policy');
  assert.equal(rep.case_id, null);
  assert.equal(rep.urgency, 'c');
});

test('a 現認 corrected for one sibling after 支援方針: the policy stands, the alert comes back, a late 現認 keeps policy', async () => {
  let rep = await siblings();
  rep = await post(rep, { step: 'juri', urgency: 'a' });
  rep = await post(rep, { step: 'safety_confirmed', child_ids: [elder.id, younger.id] });
  rep = await post(rep, { step: 'policy', note: '在宅支援' });
  assert.deepEqual(nextOf(rep), ['support', 'closed', 'referred']);
  const seen = last(rep, 'safety_confirmed');
  rep = await correct(rep, seen.seq, 'ひまりさんには会えていなかった', { child_ids: [younger.id] });
  assert.equal(rep.status, 'policy', 'the policy was decided and stands');
  assert.equal(rep.children[1].confirmed_at, null);
  assert.equal(rep.safety_all_confirmed, false);
  assert.equal(rep.safety_overdue, false);
  assert.deepEqual(nextOf(rep), ['safety_confirmed', 'support', 'closed', 'referred'], 'the 現認 may be recorded late');
  assert.equal((await safetyAlert(rep.id))[0].person.id, younger.id);
  // The late 現認: the status stays; the alert goes.
  rep = await post(rep, { step: 'safety_confirmed', child_ids: [younger.id], note: '保育所で面接' });
  assert.equal(rep.status, 'policy');
  assert.equal(rep.safety_all_confirmed, true);
  assert.deepEqual(nextOf(rep), ['support', 'closed', 'referred']);
  assert.deepEqual(await safetyAlert(rep.id), []);
  await refused(rep, { step: 'safety_confirmed', child_ids: [younger.id] }, 409, 'invalid_transition', 'step');
});

test('correction: validation answers 400 and records nothing', async () => {
  let rep = await siblings();
  rep = await post(rep, { step: 'juri', urgency: 'a' });
  rep = await post(rep, { step: 'safety_confirmed', child_ids: [elder.id] });
  const other = await siblings();
  const seen = last(rep, 'safety_confirmed');
  const juri = last(rep, 'juri');
  const body = (extra) => ({ step: 'correction', corrects: seen.seq, note: '誤り', ...extra });
  const bad = (extra, code, field) => refused(rep, body(extra), 400, code, field);
  await bad({ note: undefined }, 'missing_field', 'note');
  await bad({ note: '' }, 'missing_field', 'note');
  await bad({ note: ' 　\n' }, 'missing_field', 'note');
  await bad({ note: 'あ'.repeat(20001) }, 'invalid_field', 'note');
  await bad({ corrects: undefined }, 'missing_field', 'corrects');
  await bad({ corrects: String(seen.seq) }, 'invalid_field', 'corrects');
  await bad({ corrects: 0 }, 'invalid_field', 'corrects');
  await bad({ corrects: 1.5 }, 'invalid_field', 'corrects');
  await bad({ corrects: 99999999 }, 'invalid_field', 'corrects');
  await bad({ corrects: other.events[0].seq }, 'invalid_field', 'corrects'); // another report's
  await bad({ at: jst(Date.now()) }, 'invalid_field', 'at');
  await bad({ urgency: 'a' }, 'invalid_field', 'urgency');
  await bad({ seen_by: '福祉' }, 'invalid_field', 'seen_by');
  await bad({ child_ids: [] }, 'invalid_field', 'child_ids');
  await bad({ child_ids: [younger.id] }, 'invalid_field', 'child_ids[0]'); // not seen in that 現認
  await bad({ child_ids: ['no-such-person'] }, 'invalid_field', 'child_ids[0]');
  await bad({ xyz: 1 }, 'invalid_field', 'xyz');
  // child_ids only for a 現認; corrects only for a correction.
  rep = await post(rep, { step: 'investigation', note: '訪問' });
  await refused(rep, { step: 'correction', corrects: last(rep, 'investigation').seq, note: '誤り', child_ids: [elder.id] }, 400, 'invalid_field', 'child_ids');
  await refused(rep, { step: 'investigation', corrects: juri.seq }, 400, 'invalid_field', 'corrects');
  error(await w.post(`${R}/no-such-report/events`, body()), 404, 'not_found');
});

test('who may correct, and the audit of a correction', async () => {
  let rep = await siblings();
  rep = await post(rep, { step: 'juri', urgency: 'a' });
  rep = await post(rep, { step: 'investigation', note: '近隣から聴取：父親が深夜に怒鳴る' });
  const inv = last(rep, 'investigation');
  for (const role of ['clerk', 'health']) forbidden(await c[role].post(`${R}/${rep.id}/events`, { step: 'correction', corrects: inv.seq, note: '誤り' }));
  assert.equal((await get(rep.id)).version, rep.version);
  rep = await post(rep, { step: 'correction', corrects: inv.seq, note: '聴取内容（父親が深夜に怒鳴る）は別世帯のものだった' }, c.director);
  assert.equal(rep.status, 'juri');
  assert.equal(rep.events.at(-1).recorded_by, ids.director);
  // The clerk reads neither the investigation note nor the reason of its correction.
  const clerkView = await c.clerk.get(`${R}/${rep.id}`);
  assert.equal(clerkView.status, 200);
  assert.deepEqual(clerkView.body.events.slice(-2).map((e) => [e.step, e.note, e.note_hidden]), [
    ['investigation', null, true],
    ['correction', null, true],
  ]);
  assert.ok(!JSON.stringify(clerkView.body).includes('怒鳴る'));
  // Audited as an update of the report about each child, by the director.
  for (const p of [elder, younger]) {
    const a = await c.director.get(`/api/v1/audit?person_id=${p.id}&limit=500`);
    assert.equal(a.status, 200);
    const rows = a.body.items.filter((i) => i.object.type === 'report' && i.object.id === rep.id && i.action === 'update');
    assert.equal(rows.length, 3, 'juri, investigation, the correction');
    assert.equal(rows[0].user_id, ids.director);
  }
});
