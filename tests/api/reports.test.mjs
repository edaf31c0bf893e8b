// 通告・相談 (/api/v1/reports): intake and its validation, the workflow of abuse reports and
// consultations (every allowed step, refused steps record nothing), the 48-hour safety
// confirmation and its alert, the children's timelines, and the lists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stopClean } from './support.mjs';
import { startWithRoles, invalid, missing, error, person, addMonths, todayJst, INSTANT } from './health_support.mjs';

const R = '/api/v1/reports';
let server, c, ids;
let w; // the welfare caseworker who records the steps
let taro, jiro, hanako, father, mother;

before(async () => {
  ({ server, c, ids } = await startWithRoles(['director', 'health', 'welfare']));
  w = c.welfare;
  const kid = (given, kana, birth) => person(c.health, { family_name: '通告', given_name: given, family_name_kana: 'ツウコク', given_name_kana: kana, birth_date: birth });
  taro = await kid('太郎', 'タロウ', '2019-05-01');
  jiro = await kid('次郎', 'ジロウ', '2021-08-20');
  hanako = await kid('花子', 'ハナコ', '2017-02-11');
  father = await kid('父', 'チチ', '1988-03-03');
  mother = await kid('母', 'ハハ', '1990-07-07');
});

after(async () => {
  if (server) await stopClean(server);
});

// ---- time: instants as the API writes them (Japan time, to the second) ----

const HOUR = 3600e3;
const jst = (ms) => new Date(ms + 9 * HOUR).toISOString().slice(0, 19) + '+09:00';
const utc = (ms) => new Date(ms).toISOString().slice(0, 19) + 'Z';
const minuteNow = () => Math.floor(Date.now() / 60e3) * 60e3;

// ---- helpers ----

const NEXT = {
  abuse_report: {
    received: ['juri'],
    juri: ['investigation', 'safety_confirmed', 'referred'],
    investigation: ['investigation', 'safety_confirmed', 'referred'],
    safety_confirmed: ['policy', 'referred'],
    policy: ['support', 'closed', 'referred'],
    support: ['closed', 'referred'],
    referred: ['closed'],
    closed: [],
  },
  consultation: {
    received: ['juri'],
    juri: ['policy'],
    policy: ['support'],
    support: ['closed'],
    closed: [],
  },
};
const STEPS = ['juri', 'investigation', 'safety_confirmed', 'policy', 'support', 'referred', 'closed'];
const LABELS = {
  received: '受付', juri: '受理会議', investigation: '調査', safety_confirmed: '現認（安全確認）',
  policy: '支援方針', support: '支援', referred: '送致（児童相談所）', closed: '終結',
};

function abuseBody(extra = {}) {
  return {
    kind: 'abuse_report',
    received_at: jst(minuteNow() - 2 * HOUR),
    child_ids: [taro.id],
    route: 'school',
    abuse_types: ['physical'],
    summary: '登校時に顔のあざ',
    ...extra,
  };
}

async function create(body, client = w) {
  const r = await client.post(R, body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function get(id, client = w) {
  const r = await client.get(`${R}/${id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

async function timeline(personId) {
  const r = await w.get(`/api/v1/persons/${personId}/timeline?limit=500`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
}

const nextOf = (rep) => rep.next_steps.map((s) => s.step);

// Records a step (201) and checks the answer: the new status, one more event, the next steps.
async function step(rep, body, status = body.step) {
  const r = await w.post(`${R}/${rep.id}/events`, body);
  assert.equal(r.status, 201, `${rep.status} → ${body.step}: ${JSON.stringify(r.body)}`);
  const out = r.body;
  assert.equal(out.id, rep.id);
  assert.equal(out.status, status);
  assert.equal(out.status_label, LABELS[status]);
  assert.equal(out.version, rep.version + 1);
  assert.equal(out.events.length, rep.events.length + 1, 'one event more');
  // Earlier events are kept as they were (only whether each may still be corrected changes).
  assert.deepEqual(out.events.slice(0, -1).map(recorded), rep.events.map(recorded), 'earlier events are kept as they were');
  const e = out.events.at(-1);
  assert.equal(e.step, body.step);
  assert.equal(e.step_label, LABELS[body.step]);
  assert.equal(e.recorded_by, ids.welfare);
  if (body.at) assert.equal(e.at, body.at);
  assert.equal(e.note, body.note ?? null);
  assert.equal(e.note_hidden, false);
  assert.deepEqual(nextOf(out), NEXT[out.kind][status]);
  assert.deepEqual(out.next_steps.map((s) => s.label), NEXT[out.kind][status].map((s) => LABELS[s]));
  return out;
}

// An event as recorded: without `correctable`, which depends on the events after it.
const recorded = ({ correctable, ...e }) => e;

// A step that may not follow the current status: 409 invalid_transition, and nothing recorded —
// not on the report (status, version, events) and not on the children's timelines.
async function refuse(rep, stepCode) {
  const body = { step: stepCode, ...(stepCode === 'juri' ? { urgency: 'a' } : {}) };
  const before = await get(rep.id);
  const tl = await timeline(rep.child_ids[0]);
  const r = await w.post(`${R}/${rep.id}/events`, body);
  error(r, 409, 'invalid_transition', 'step');
  const afterGet = await get(rep.id);
  assert.deepEqual(afterGet, before, `${rep.status} → ${stepCode} recorded nothing`);
  assert.equal((await timeline(rep.child_ids[0])).length, tl.length);
}

// Every step not allowed after the report's status is refused.
async function refuseAllOthers(rep) {
  const allowed = NEXT[rep.kind][rep.status];
  for (const s of STEPS) if (!allowed.includes(s)) await refuse(rep, s);
}

// ---- intake ----

test('create: Z and +09:00 give the same received_at; safety_due_at is exactly +48 hours', async () => {
  const fromZ = await create(abuseBody({ received_at: '2026-01-30T23:30:00Z' }));
  const fromJst = await create(abuseBody({ received_at: '2026-01-31T08:30:00+09:00' }));
  for (const rep of [fromZ, fromJst]) {
    assert.equal(rep.received_at, '2026-01-31T08:30:00+09:00');
    assert.equal(rep.safety_due_at, '2026-02-02T08:30:00+09:00');
  }
  // Across a month end and a leap day: clock hours, weekends included.
  const leap = await create(abuseBody({ received_at: '2024-02-28T15:10:00Z' }));
  assert.equal(leap.received_at, '2024-02-29T00:10:00+09:00');
  assert.equal(leap.safety_due_at, '2024-03-02T00:10:00+09:00');
  const west = await create(abuseBody({ received_at: '2025-12-31T20:00:00-05:00' }));
  assert.equal(west.received_at, '2026-01-01T10:00:00+09:00');
  assert.equal(west.safety_due_at, '2026-01-03T10:00:00+09:00');
  assert.notEqual(fromZ.id, fromJst.id);
});

test('create: the whole answer, Location, ETag, the received event', async () => {
  const receivedAt = minuteNow() - 3 * HOUR;
  const r = await w.post(R, {
    kind: 'abuse_report',
    received_at: utc(receivedAt),
    child_ids: [taro.id, jiro.id],
    guardians: [{ person_id: father.id, relation: '実父' }, { person_id: mother.id, relation: '実母' }],
    route: 'neighbor',
    abuse_types: ['psychological', 'neglect'],
    main_perpetrator: 'biological_father',
    reporter: { name: '近所 住子', relation: '隣人', contact: '090-0000-1111', anonymous: true, intent: '匿名を希望' },
    summary: '夜間に怒鳴り声と子どもの泣き声',
    urgent: true,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const rep = r.body;
  assert.match(rep.id, /^[A-Za-z0-9_-]+$/);
  assert.equal(r.headers.get('location'), `${R}/${rep.id}`);
  assert.equal(r.headers.get('etag'), '"1"');
  assert.equal(rep.version, 1);
  assert.equal(rep.kind, 'abuse_report');
  assert.equal(rep.kind_label, '虐待通告');
  assert.equal(rep.received_at, jst(receivedAt));
  assert.equal(rep.received_by, ids.welfare, 'received_by defaults to the caller');
  assert.equal(rep.route, 'neighbor');
  assert.equal(rep.route_label, '近隣知人');
  assert.deepEqual(rep.abuse_types, ['psychological', 'neglect']);
  assert.deepEqual(rep.abuse_type_labels, [
    { code: 'psychological', label: '心理的虐待' },
    { code: 'neglect', label: '保護の怠慢・拒否（ネグレクト）' },
  ]);
  assert.equal(rep.main_perpetrator, 'biological_father');
  assert.equal(rep.main_perpetrator_label, '実父');
  assert.deepEqual(rep.reporter, { name: '近所 住子', relation: '隣人', contact: '090-0000-1111', anonymous: true, intent: '匿名を希望' });
  assert.equal(rep.summary, '夜間に怒鳴り声と子どもの泣き声');
  assert.equal(rep.urgent, true);
  assert.equal(rep.status, 'received');
  assert.equal(rep.status_label, '受付');
  assert.equal(rep.urgency, null);
  assert.equal(rep.safety_due_at, jst(receivedAt + 48 * HOUR));
  assert.equal(rep.safety_overdue, false);
  assert.equal(rep.safety_all_confirmed, false);
  assert.deepEqual(rep.child_ids, [taro.id, jiro.id]);
  assert.deepEqual(rep.children.map((ch) => [ch.person_id, ch.person.id, ch.person.given_name, ch.confirmed_at]), [
    [taro.id, taro.id, '太郎', null],
    [jiro.id, jiro.id, '次郎', null],
  ]);
  assert.deepEqual(rep.guardians.map((g) => [g.person_id, g.relation, g.person.given_name]), [
    [father.id, '実父', '父'],
    [mother.id, '実母', '母'],
  ]);
  assert.deepEqual(rep.next_steps, [{ step: 'juri', label: '受理会議' }]);
  assert.equal(rep.events.length, 1);
  assert.equal(rep.events[0].step, 'received');
  assert.equal(rep.events[0].at, jst(receivedAt));
  assert.equal(rep.events[0].recorded_by, ids.welfare);
  assert.match(rep.created_at, INSTANT);
  assert.equal(rep.updated_at, rep.created_at);

  const got = await w.get(`${R}/${rep.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('etag'), '"1"');
  assert.deepEqual(got.body, rep);

  // received_by may name another member of staff; a report with no reporter has null.
  const other = await create(abuseBody({ received_by: ids.health }));
  assert.equal(other.received_by, ids.health);
  assert.equal(other.reporter, null);
  assert.equal(other.urgent, false);
  assert.deepEqual(other.guardians, []);
  assert.equal(other.main_perpetrator, null);
});

test('create: a consultation needs no abuse_types and has no safety deadline', async () => {
  const rep = await create({ kind: 'consultation', received_at: '2026-03-01T10:00:00+09:00', child_ids: [hanako.id], route: 'family', summary: '子育ての不安' });
  assert.equal(rep.kind, 'consultation');
  assert.equal(rep.kind_label, '相談');
  assert.equal(rep.status, 'received');
  assert.deepEqual(rep.abuse_types, []);
  assert.equal(rep.safety_due_at ?? null, null);
  assert.equal(rep.safety_overdue ?? null, null);
  assert.deepEqual(nextOf(rep), ['juri']);
});

test('create: validation', async () => {
  const before = (await w.get(`${R}?child_id=${taro.id}&limit=500`)).body.items.length;
  const post = (extra, drop = []) => {
    const body = abuseBody(extra);
    for (const k of drop) delete body[k];
    return w.post(R, body);
  };
  missing(await post({}, ['child_ids']), 'child_ids');
  missing(await post({ child_ids: [] }), 'child_ids');
  missing(await post({ child_ids: null }), 'child_ids');
  invalid(await post({ child_ids: taro.id }), 'child_ids');
  invalid(await post({ child_ids: ['no-such-person'] }), 'child_ids[0]');
  invalid(await post({ child_ids: [taro.id, 'no-such-person'] }), 'child_ids[1]');
  invalid(await post({ child_ids: [taro.id, taro.id] }), 'child_ids[1]');
  invalid(await post({ child_ids: [42] }), 'child_ids[0]');
  missing(await post({}, ['abuse_types']), 'abuse_types');
  missing(await post({ abuse_types: [] }), 'abuse_types');
  invalid(await post({ abuse_types: ['hitting'] }), 'abuse_types[0]');
  invalid(await post({ abuse_types: ['physical', 'Neglect'] }), 'abuse_types[1]');
  invalid(await post({ abuse_types: 'physical' }), 'abuse_types');
  invalid(await post({ abuse_types: ['neglect', 'physical', 'neglect'] }), 'abuse_types[2]'); // once each
  invalid(await post({ route: 'internet' }), 'route');
  missing(await post({}, ['route']), 'route');
  invalid(await post({ kind: 'abuse' }), 'kind');
  missing(await post({}, ['kind']), 'kind');
  invalid(await post({ main_perpetrator: 'uncle' }), 'main_perpetrator');
  invalid(await post({ received_at: jst(Date.now() + 25 * HOUR) }), 'received_at');
  invalid(await post({ received_at: utc(Date.now() + 26 * HOUR) }), 'received_at');
  invalid(await post({ received_at: '1899-12-31T23:59:00+09:00' }), 'received_at');
  invalid(await post({ received_at: '1899-12-31T14:59:00Z' }), 'received_at');
  invalid(await post({ received_at: '2026-01-31T08:30:00' }), 'received_at'); // no offset
  invalid(await post({ received_at: '2026-01-31 08:30' }), 'received_at');
  invalid(await post({ received_at: '2026-02-30T08:30:00+09:00' }), 'received_at');
  invalid(await post({ reporter: { name: '近所', xyz: 1 } }), 'reporter.xyz');
  invalid(await post({ reporter: { anonymous: 'yes' } }), 'reporter.anonymous');
  invalid(await post({ reporter: '匿名' }), 'reporter');
  invalid(await post({ guardians: [{ person_id: 'no-such-person', relation: '実父' }] }), 'guardians[0].person_id');
  invalid(await post({ guardians: [{ person_id: father.id, relation: '実父', xyz: 1 }] }), 'guardians[0].xyz');
  invalid(await post({ guardians: [{ person_id: father.id, xyz: 1 }] }), 'guardians[0].xyz');
  missing(await post({ guardians: [{ relation: '実父' }] }), 'guardians[0].person_id');
  invalid(await post({ urgent: 'yes' }), 'urgent');
  invalid(await post({ summary: 'あ'.repeat(20001) }), 'summary');
  invalid(await post({ xyz: 1 }), 'xyz');
  // None of those stored anything.
  assert.equal((await w.get(`${R}?child_id=${taro.id}&limit=500`)).body.items.length, before);
  // The limits themselves are accepted.
  const ok = await create(abuseBody({ summary: 'あ'.repeat(20000), abuse_types: ['physical', 'sexual', 'neglect', 'psychological'] }));
  assert.equal(ok.abuse_types.length, 4);
});

// ---- the workflow ----

test('abuse report: received → juri → investigation ×2 → safety_confirmed → policy → support → closed', async () => {
  const t0 = minuteNow() - 5 * HOUR;
  let rep = await create(abuseBody({ received_at: jst(t0) }));
  await refuseAllOthers(rep); // from received
  rep = await step(rep, { step: 'juri', at: jst(t0 + HOUR), urgency: 'aa', attendees: ['センター 長子', '福祉 あおい'], note: '緊急介入と判断' });
  const juri = rep.events.at(-1);
  assert.equal(juri.urgency, 'aa');
  assert.equal(juri.urgency_label, 'AA（緊急介入）');
  assert.deepEqual(juri.attendees, ['センター 長子', '福祉 あおい']);
  assert.equal(rep.urgency, 'aa');
  assert.equal(rep.urgency_label, 'AA（緊急介入）');
  await refuseAllOthers(rep); // from juri
  rep = await step(rep, { step: 'investigation', at: jst(t0 + 2 * HOUR), note: '学校で担任から聴取' });
  rep = await step(rep, { step: 'investigation', at: jst(t0 + 3 * HOUR), note: '家庭訪問（不在）' });
  await refuseAllOthers(rep); // from investigation
  rep = await step(rep, { step: 'safety_confirmed', at: jst(t0 + 4 * HOUR), note: '登校時に面接', child_ids: [taro.id] });
  assert.deepEqual(rep.events.at(-1).child_ids, [taro.id]);
  assert.equal(rep.events.at(-1).seen_by, '福祉 あおい');
  assert.equal(rep.children[0].confirmed_at, jst(t0 + 4 * HOUR));
  assert.equal(rep.safety_all_confirmed, true);
  assert.equal(rep.safety_overdue, false);
  await refuseAllOthers(rep); // from safety_confirmed
  rep = await step(rep, { step: 'policy', note: '在宅支援' });
  await refuseAllOthers(rep); // from policy
  rep = await step(rep, { step: 'support' });
  await refuseAllOthers(rep); // from support
  rep = await step(rep, { step: 'closed', note: '改善を確認' });
  await refuseAllOthers(rep); // from closed: nothing at all
  assert.deepEqual(nextOf(rep), []);
  // Each step is its own dated event, in order.
  const got = await get(rep.id);
  assert.deepEqual(got.events.map((e) => e.step), ['received', 'juri', 'investigation', 'investigation', 'safety_confirmed', 'policy', 'support', 'closed']);
  assert.deepEqual(got.events.slice(0, 5).map((e) => e.at), [0, 1, 2, 3, 4].map((h) => jst(t0 + h * HOUR)));
  assert.deepEqual(got.events.map((e) => e.seq), [...got.events.map((e) => e.seq)].sort((a, b) => a - b));
  assert.equal(new Set(got.events.map((e) => e.seq)).size, 8);
  assert.deepEqual(got.events.slice(1, 4).map((e) => e.note), ['緊急介入と判断', '学校で担任から聴取', '家庭訪問（不在）']);
  assert.equal(got.version, 8);
  assert.equal(got.urgency, 'aa', 'the urgency stays after later steps');
});

test('abuse report: juri → safety_confirmed → referred → closed', async () => {
  let rep = await create(abuseBody());
  rep = await step(rep, { step: 'juri', urgency: 'a' });
  rep = await step(rep, { step: 'safety_confirmed', child_ids: [taro.id] });
  rep = await step(rep, { step: 'referred', note: '児童相談所へ送致' });
  await refuseAllOthers(rep); // from referred
  rep = await step(rep, { step: 'closed' });
  assert.deepEqual(rep.events.map((e) => e.step), ['received', 'juri', 'safety_confirmed', 'referred', 'closed']);
});

test('abuse report: referred may follow juri, investigation, policy and support', async () => {
  let a = await create(abuseBody());
  a = await step(a, { step: 'juri', urgency: 'b' });
  a = await step(a, { step: 'referred' });
  assert.equal(a.urgency, 'b');

  let b = await create(abuseBody());
  b = await step(b, { step: 'juri', urgency: 'c' });
  b = await step(b, { step: 'investigation' });
  b = await step(b, { step: 'referred' });

  let p = await create(abuseBody());
  p = await step(p, { step: 'juri', urgency: 'a' });
  p = await step(p, { step: 'safety_confirmed', child_ids: [taro.id] });
  p = await step(p, { step: 'policy' });
  p = await step(p, { step: 'referred' });

  let s = await create(abuseBody());
  s = await step(s, { step: 'juri', urgency: 'a' });
  s = await step(s, { step: 'safety_confirmed', child_ids: [taro.id] });
  s = await step(s, { step: 'policy' });
  s = await step(s, { step: 'support' });
  s = await step(s, { step: 'referred' });
  s = await step(s, { step: 'closed' });
});

test('abuse report: closed may follow policy (no abuse found)', async () => {
  let rep = await create(abuseBody());
  rep = await step(rep, { step: 'juri', urgency: 'c' });
  rep = await step(rep, { step: 'safety_confirmed', child_ids: [taro.id] });
  rep = await step(rep, { step: 'policy', note: '虐待の事実なし' });
  rep = await step(rep, { step: 'closed' });
  assert.deepEqual(rep.events.map((e) => e.step), ['received', 'juri', 'safety_confirmed', 'policy', 'closed']);
});

test('consultation: received → juri → policy → support → closed, nothing else', async () => {
  let rep = await create({ kind: 'consultation', child_ids: [hanako.id], route: 'child_self', received_at: jst(minuteNow() - HOUR) });
  await refuseAllOthers(rep);
  rep = await step(rep, { step: 'juri', urgency: 'c' });
  await refuseAllOthers(rep); // no investigation, safety_confirmed or referred for a consultation
  rep = await step(rep, { step: 'policy' });
  await refuseAllOthers(rep);
  rep = await step(rep, { step: 'support' });
  await refuseAllOthers(rep);
  rep = await step(rep, { step: 'closed' });
  await refuseAllOthers(rep);
  assert.deepEqual(rep.events.map((e) => e.step), ['received', 'juri', 'policy', 'support', 'closed']);
});

test('events: validation records nothing', async () => {
  const t0 = minuteNow() - 2 * HOUR;
  const rep = await create(abuseBody({ received_at: jst(t0) }));
  const ev = (body) => w.post(`${R}/${rep.id}/events`, body);
  missing(await ev({ step: 'juri' }), 'urgency');
  invalid(await ev({ step: 'juri', urgency: 'AA' }), 'urgency');
  invalid(await ev({ step: 'juri', urgency: 'd' }), 'urgency');
  invalid(await ev({ step: 'juri', urgency: 'a', at: jst(t0 - 60e3) }), 'at');
  invalid(await ev({ step: 'juri', urgency: 'a', at: jst(Date.now() + HOUR) }), 'at');
  invalid(await ev({ step: 'juri', urgency: 'a', at: '2026-01-31T08:30' }), 'at');
  invalid(await ev({ step: 'juri', urgency: 'a', attendees: [''] }), 'attendees[0]');
  invalid(await ev({ step: 'juri', urgency: 'a', child_ids: [taro.id] }), 'child_ids');
  invalid(await ev({ step: 'juri', urgency: 'a', xyz: 1 }), 'xyz');
  missing(await ev({ urgency: 'a' }), 'step');
  invalid(await ev({ step: 'visit' }), 'step');
  invalid(await ev({ step: 'received' }), 'step');
  error(await w.post(`${R}/no-such-report/events`, { step: 'juri', urgency: 'a' }), 404, 'not_found');
  error(await w.get(`${R}/no-such-report`), 404, 'not_found');
  const got = await get(rep.id);
  assert.deepEqual(got, rep, 'nothing recorded');

  // The juri at the very moment of the call is accepted.
  const j = await step(rep, { step: 'juri', urgency: 'a', at: jst(t0) });
  const ev2 = (body) => w.post(`${R}/${rep.id}/events`, body);
  invalid(await ev2({ step: 'investigation', urgency: 'a' }), 'urgency');
  invalid(await ev2({ step: 'safety_confirmed', child_ids: ['no-such-person'] }), 'child_ids[0]');
  invalid(await ev2({ step: 'safety_confirmed', child_ids: [jiro.id] }), 'child_ids[0]'); // not a child of this report
  invalid(await ev2({ step: 'safety_confirmed', child_ids: [taro.id, jiro.id] }), 'child_ids[1]');
  invalid(await ev2({ step: 'safety_confirmed', at: jst(t0 - HOUR) }), 'at');
  const after = await get(rep.id);
  assert.deepEqual(after, j, 'nothing recorded');
  assert.equal(after.children[0].confirmed_at, null);
});

// ---- safety confirmation and alerts ----

async function alerts(client = w) {
  const r = await client.get('/api/v1/alerts?limit=500');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
}
const safetyAlert = (items, id) => items.filter((a) => a.kind === 'safety_confirmation' && a.ref.id === id);

test('two siblings: the alert stays until both are seen', async () => {
  const t0 = minuteNow() - HOUR;
  let rep = await create(abuseBody({ received_at: jst(t0), child_ids: [taro.id, jiro.id] }));
  let a = safetyAlert(await alerts(), rep.id);
  assert.equal(a.length, 1, 'one alert per report');
  assert.equal(a[0].due_at, jst(t0 + 48 * HOUR));
  assert.equal(a[0].due_at, rep.safety_due_at);
  assert.equal(a[0].overdue, false);
  assert.deepEqual(a[0].ref, { type: 'report', id: rep.id });
  assert.equal(a[0].children_unconfirmed, 2);
  assert.equal(a[0].person.id, taro.id);

  rep = await step(rep, { step: 'juri', urgency: 'a' });
  a = safetyAlert(await alerts(), rep.id);
  assert.equal(a[0].children_unconfirmed, 2);

  // Taro seen: the status stays at juri, the alert stays with one child left.
  rep = await step(rep, { step: 'safety_confirmed', child_ids: [taro.id], seen_by: '福祉 あおい・保健 みどり' }, 'juri');
  assert.deepEqual(rep.events.at(-1).child_ids, [taro.id]);
  assert.equal(rep.events.at(-1).seen_by, '福祉 あおい・保健 みどり');
  assert.match(rep.children[0].confirmed_at, INSTANT);
  assert.equal(rep.children[0].confirmed_by, '福祉 あおい・保健 みどり');
  assert.equal(rep.children[1].confirmed_at, null);
  assert.equal(rep.safety_all_confirmed, false);
  assert.deepEqual(nextOf(rep), ['investigation', 'safety_confirmed', 'referred']);
  a = safetyAlert(await alerts(), rep.id);
  assert.equal(a.length, 1);
  assert.equal(a[0].children_unconfirmed, 1);
  assert.equal(a[0].person.id, jiro.id, 'the alert names the child still unseen');
  assert.equal(a[0].due_at, rep.safety_due_at);

  // Jiro seen: the alert is gone.
  rep = await step(rep, { step: 'safety_confirmed', child_ids: [jiro.id] });
  assert.deepEqual(rep.events.at(-1).child_ids, [jiro.id]);
  assert.equal(rep.safety_all_confirmed, true);
  assert.match(rep.children[1].confirmed_at, INSTANT);
  assert.deepEqual(safetyAlert(await alerts(), rep.id), []);
  assert.deepEqual(rep.events.map((e) => e.step), ['received', 'juri', 'safety_confirmed', 'safety_confirmed']);
  // From safety_confirmed on, no further confirmation.
  await refuse(rep, 'safety_confirmed');
});

test('safety alert: overdue after 48 hours; a consultation has none; closing clears it', async () => {
  const late = await create(abuseBody({ received_at: jst(minuteNow() - 49 * HOUR) }));
  const fresh = await create(abuseBody({ received_at: jst(minuteNow() - HOUR) }));
  const cons = await create({ kind: 'consultation', child_ids: [taro.id], route: 'family', received_at: jst(minuteNow() - 60 * HOUR) });
  assert.equal(late.safety_overdue, true);
  assert.equal(fresh.safety_overdue, false);
  const items = await alerts();
  const [l] = safetyAlert(items, late.id);
  const [f] = safetyAlert(items, fresh.id);
  assert.equal(l.overdue, true);
  assert.equal(l.due_at, late.safety_due_at);
  assert.equal(f.overdue, false);
  assert.equal(f.due_at, fresh.safety_due_at);
  assert.ok(items.indexOf(l) < items.indexOf(f), 'the overdue confirmation first');
  assert.deepEqual(items.filter((a) => a.ref.id === cons.id), []);

  // Referred before anyone saw the child: still due (the alert stays until every child is seen).
  let rep = await step(late, { step: 'juri', urgency: 'aa' });
  rep = await step(rep, { step: 'referred' });
  const [still] = safetyAlert(await alerts(), rep.id);
  assert.equal(still.overdue, true);
  assert.equal(still.children_unconfirmed, 1);
  // Closed: nothing is due any more.
  rep = await step(rep, { step: 'closed' });
  assert.deepEqual(safetyAlert(await alerts(), rep.id), []);
  assert.equal(safetyAlert(await alerts(), fresh.id).length, 1);
});

test('alerts: safety confirmations come before an overdue newborn visit', async () => {
  const baby = await person(c.health, { family_name: '新生', given_name: '児', family_name_kana: 'シンセイ', birth_date: addMonths(todayJst(), -5) });
  const rep = await create(abuseBody({ received_at: jst(minuteNow() - HOUR), child_ids: [hanako.id] }));
  const items = await alerts();
  const nb = items.findIndex((a) => a.kind === 'newborn_visit' && a.ref.id === baby.id);
  const sc = items.findIndex((a) => a.kind === 'safety_confirmation' && a.ref.id === rep.id);
  assert.ok(nb >= 0 && sc >= 0, JSON.stringify(items.map((a) => [a.kind, a.ref.id])));
  assert.equal(items[nb].overdue, true);
  assert.equal(items[sc].overdue, false);
  assert.ok(sc < nb, 'a safety confirmation, even not yet overdue, before an overdue newborn visit');
  const kinds = items.map((a) => a.kind);
  const firstOther = kinds.findIndex((k) => k !== 'safety_confirmation');
  assert.ok(kinds.slice(firstOther).every((k) => k !== 'safety_confirmation'), 'every safety confirmation first');
  // The filter by kind.
  const only = (await w.get('/api/v1/alerts?kind=safety_confirmation&limit=500')).body.items;
  assert.ok(only.length > 0 && only.every((a) => a.kind === 'safety_confirmation'));
  assert.ok(safetyAlert(only, rep.id).length === 1);
});

// ---- timeline and lists ----

test('timeline: the report and each step on both children, section welfare', async () => {
  const rep0 = await create(abuseBody({ child_ids: [taro.id, jiro.id], abuse_types: ['neglect'], urgent: true }));
  let rep = await step(rep0, { step: 'juri', urgency: 'a', note: '受理会議の記録' });
  rep = await step(rep, { step: 'safety_confirmed', child_ids: [jiro.id] }, 'juri');
  for (const child of [taro, jiro]) {
    const mine = (await timeline(child.id)).filter((e) => e.ref.id === rep.id);
    assert.deepEqual(mine.map((e) => [e.section, e.kind, e.ref.type, e.summary]), [
      ['welfare', 'report_step', 'report', '現認（安全確認）（1人を確認・残り1人）'],
      ['welfare', 'report_step', 'report', '受理会議（緊急度A）'],
      ['welfare', 'report_step', 'report', '虐待通告を受け付けました（保護の怠慢・拒否（ネグレクト））・緊急対応'],
    ], child.given_name);
    for (const e of mine) assert.match(e.at, INSTANT);
    assert.ok(!JSON.stringify(mine).includes('受理会議の記録'), 'no notes on the timeline');
  }
  // Hanako is not in that report.
  assert.deepEqual((await timeline(hanako.id)).filter((e) => e.ref.id === rep.id), []);
});

test('lists: ?child_id=, ?open=true, ?kind=, newest first', async () => {
  const kid = await person(c.health, { family_name: '一覧', given_name: '三郎', family_name_kana: 'イチラン', birth_date: '2018-10-10' });
  const t = minuteNow();
  const oldest = await create(abuseBody({ child_ids: [kid.id], received_at: jst(t - 30 * HOUR) }));
  const middle = await create({ kind: 'consultation', child_ids: [kid.id, taro.id], route: 'nursery', received_at: jst(t - 20 * HOUR) });
  let closed = await create(abuseBody({ child_ids: [kid.id], received_at: jst(t - 10 * HOUR) }));
  closed = await step(closed, { step: 'juri', urgency: 'c' });
  closed = await step(closed, { step: 'referred' });
  closed = await step(closed, { step: 'closed' });
  const list = async (q) => {
    const r = await w.get(`${R}?${q}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const all = await list(`child_id=${kid.id}`);
  assert.deepEqual(all.items.map((i) => i.id), [closed.id, middle.id, oldest.id]);
  assert.equal(all.next_cursor, null);
  assert.deepEqual(all.items.map((i) => i.status), ['closed', 'received', 'received']);
  assert.equal('events' in all.items[0], false, 'the list carries no events');
  assert.deepEqual(all.items[2].next_steps, [{ step: 'juri', label: '受理会議' }]);
  assert.deepEqual((await list(`child_id=${kid.id}&open=true`)).items.map((i) => i.id), [middle.id, oldest.id]);
  assert.deepEqual((await list(`child_id=${kid.id}&open=false`)).items.map((i) => i.id), [closed.id, middle.id, oldest.id]);
  assert.deepEqual((await list(`child_id=${kid.id}&kind=consultation`)).items.map((i) => i.id), [middle.id]);
  assert.deepEqual((await list(`child_id=${kid.id}&kind=abuse_report&open=true`)).items.map((i) => i.id), [oldest.id]);
  const open = (await list('open=true&limit=500')).items;
  assert.ok(open.every((i) => i.status !== 'closed'));
  assert.ok(open.some((i) => i.id === oldest.id) && !open.some((i) => i.id === closed.id));
  // Paging walks the same list.
  const p1 = await list(`child_id=${kid.id}&limit=2`);
  assert.deepEqual(p1.items.map((i) => i.id), [closed.id, middle.id]);
  assert.equal(typeof p1.next_cursor, 'string');
  const p2 = await list(`child_id=${kid.id}&limit=2&cursor=${encodeURIComponent(p1.next_cursor)}`);
  assert.deepEqual(p2.items.map((i) => i.id), [oldest.id]);
  assert.equal(p2.next_cursor, null);
  assert.deepEqual((await list('child_id=no-such-person')).items, []);
  invalid(await w.get(`${R}?open=yes`), 'open');
  invalid(await w.get(`${R}?kind=abuse`), 'kind');
  invalid(await w.get(`${R}?cursor=garbage`), 'cursor');
});
