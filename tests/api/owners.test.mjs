// Owners and working lists (issue 13, items 1 and 2): a report's 担当者 and deputy set at the
// 受理会議 and changed by an audited reassignment (POST /reports/{id}/owner: a history event, a
// timeline event and an audit row about each child); the reports and cases lists filtered
// (status, urgency, route, period, owner, 自分の担当), sorted, paged in any order, with their total.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stopClean } from './support.mjs';
import { Client, startServer } from '../lib/server.mjs';
import { USERS, invalid, missing, forbidden, person, todayJst, addDays } from './health_support.mjs';

const R = '/api/v1/reports';
const C = '/api/v1/cases';
const WELFARE2 = { login: 'fukushi2', role: 'welfare', name: '福祉 二郎', password: 'welfare2-pass-2024' };
let server;
const c = {};
const ids = {};
let kids;

const HOUR = 3600e3;
const jst = (ms) => new Date(ms + 9 * HOUR).toISOString().slice(0, 19) + '+09:00';

before(async () => {
  const users = { director: USERS.director, health: USERS.health, welfare: USERS.welfare, clerk: USERS.clerk, welfare2: WELFARE2 };
  server = await startServer({ users: Object.values(users), args: ['--rate-limit', '0'] });
  for (const [k, u] of Object.entries(users)) {
    c[k] = new Client(server.url);
    const res = await c[k].login(u.login, u.password);
    assert.equal(res.status, 200, `login ${k}`);
    ids[k] = res.body.user.id;
  }
  const kid = (given, kana, birth) =>
    person(c.health, { family_name: '担当', given_name: given, family_name_kana: 'タントウ', given_name_kana: kana, birth_date: birth });
  kids = [await kid('一子', 'イチコ', '2018-04-05'), await kid('二子', 'ニコ', '2020-06-07'), await kid('三子', 'ミツコ', '2016-01-02')];
});

after(async () => {
  if (server) await stopClean(server);
});

async function report(child, extra = {}) {
  const r = await c.welfare.post(R, {
    kind: 'abuse_report',
    received_at: jst(Date.now() - 5 * HOUR),
    child_ids: [child.id],
    route: 'school',
    abuse_types: ['neglect'],
    ...extra,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function juri(id, body, client = c.welfare) {
  return client.post(`${R}/${id}/events`, { step: 'juri', urgency: 'b', ...body });
}

const auditOf = async (personId) =>
  (await c.director.get(`/api/v1/audit?person_id=${personId}&limit=500`)).body.items.filter((i) => i.object.type === 'report');

test('the 受理会議 names the owner; the report carries lead and deputy', async () => {
  const r = await report(kids[0]);
  assert.equal(r.lead, null);
  assert.equal(r.deputy, null);
  const wrong = await juri(r.id, { lead_id: ids.health });
  invalid(wrong, 'lead_id'); // a nurse does not act on reports
  assert.equal((await c.welfare.get(`${R}/${r.id}`)).body.status, 'received', 'nothing recorded');
  invalid(await juri(r.id, { lead_id: ids.welfare, deputy_id: ids.welfare }), 'deputy_id');
  missing(await juri(r.id, { deputy_id: ids.welfare2 }), 'lead_id');
  const ok = await juri(r.id, { lead_id: ids.welfare, deputy_id: ids.welfare2 });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.deepEqual(ok.body.lead, { id: ids.welfare, name: USERS.welfare.name });
  assert.deepEqual(ok.body.deputy, { id: ids.welfare2, name: WELFARE2.name });
  assert.equal(ok.body.lead_id, ids.welfare);
  assert.equal(ok.body.version, r.version + 1, 'one step, one version');
  invalid(await c.welfare.post(`${R}/${r.id}/events`, { step: 'investigation', lead_id: ids.welfare }), 'lead_id');
});

test('a reassignment: 200, a history event, the timeline, an audit row about each child', async () => {
  const r = await report(kids[1]);
  await juri(r.id, { lead_id: ids.welfare });
  const before = (await c.welfare.get(`${R}/${r.id}`)).body;
  const auditBefore = (await auditOf(kids[1].id)).filter((a) => a.action === 'update').length;

  const moved = await c.director.post(`${R}/${r.id}/owner`, { lead_id: ids.welfare2, deputy_id: ids.welfare });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.deepEqual(moved.body.lead, { id: ids.welfare2, name: WELFARE2.name });
  assert.deepEqual(moved.body.deputy, { id: ids.welfare, name: USERS.welfare.name });
  assert.equal(moved.body.version, before.version + 1);
  assert.equal(moved.body.status, 'juri', 'the workflow does not move');
  const ev = moved.body.events.at(-1);
  assert.equal(ev.step, 'owner');
  assert.equal(ev.step_label, '担当者の変更');
  assert.equal(ev.recorded_by, ids.director);
  assert.equal(ev.correctable, false);
  assert.match(ev.note, /福祉 あおい → 福祉 二郎/);
  assert.deepEqual(moved.body.next_steps.map((s) => s.step), before.next_steps.map((s) => s.step));

  const updates = (await auditOf(kids[1].id)).filter((a) => a.action === 'update' && a.object.id === r.id);
  assert.equal(updates.length, auditBefore + 1, 'one audit row of the change');
  assert.equal(updates.at(0).user_id, ids.director);
  const tl = await c.welfare.get(`/api/v1/persons/${kids[1].id}/timeline`);
  assert.ok(tl.body.items.some((i) => i.summary.includes('担当者を変更しました（主担当 福祉 二郎・副担当 福祉 あおい）')), JSON.stringify(tl.body.items));

  // The same owners again: nothing changes (no version, no event).
  const same = await c.director.post(`${R}/${r.id}/owner`, { lead_id: ids.welfare2, deputy_id: ids.welfare });
  assert.equal(same.status, 200);
  assert.equal(same.body.version, moved.body.version);
  assert.equal(same.body.events.length, moved.body.events.length);

  // A step still follows, and the latest step (受理会議) can still be corrected past the owner event.
  const juriEv = moved.body.events.find((e) => e.step === 'juri');
  assert.equal(juriEv.correctable, true);
});

test('a reassignment is refused: roles, users, fields — and changes nothing', async () => {
  const r = await report(kids[2]);
  const path = `${R}/${r.id}/owner`;
  forbidden(await c.health.post(path, { lead_id: ids.welfare }));
  forbidden(await c.clerk.post(path, { lead_id: ids.welfare }));
  missing(await c.welfare.post(path, { deputy_id: ids.welfare }), 'lead_id');
  invalid(await c.welfare.post(path, { lead_id: 'nobody' }), 'lead_id');
  invalid(await c.welfare.post(path, { lead_id: ids.clerk }), 'lead_id');
  invalid(await c.welfare.post(path, { lead_id: ids.welfare, deputy_id: ids.health }), 'deputy_id');
  invalid(await c.welfare.post(path, { lead_id: ids.welfare, deputy_id: ids.welfare }), 'deputy_id');
  invalid(await c.welfare.post(path, { lead_id: ids.welfare, extra: 1 }), 'extra');
  assert.equal((await c.welfare.post(`${R}/nope/owner`, { lead_id: ids.welfare })).status, 404);
  const now = (await c.welfare.get(`${R}/${r.id}`)).body;
  assert.equal(now.version, r.version);
  assert.equal(now.lead, null);
  assert.equal(now.events.length, 1);
});

// ---- the reports' working list ----

test('the reports list: mine, owner, status, urgency, route, period, total, sort, pages in any order', async () => {
  // Six reports received on known days, owners and urgencies set.
  const day = (n) => `${addDays(todayJst(), -n)}T10:00:00+09:00`;
  const made = [];
  const spec = [
    { n: 1, route: 'school', urgency: 'c', lead: 'welfare2' },
    { n: 2, route: 'police', urgency: 'aa', lead: 'welfare2' },
    { n: 3, route: 'school', urgency: 'a', lead: 'welfare', deputy: 'welfare2' },
    { n: 4, route: 'nursery', urgency: 'b', lead: 'welfare' },
    { n: 20, route: 'school', urgency: null, lead: null },
    { n: 30, route: 'medical', urgency: 'a', lead: 'welfare2' },
  ];
  for (const s of spec) {
    const r = await report(kids[0], { received_at: day(s.n), route: s.route, summary: `list-${s.n}` });
    if (s.urgency) {
      const j = await juri(r.id, { urgency: s.urgency, lead_id: ids[s.lead], ...(s.deputy ? { deputy_id: ids[s.deputy] } : {}) });
      assert.equal(j.status, 201, JSON.stringify(j.body));
    }
    made.push({ ...s, id: r.id });
  }
  const mineIds = (list) => list.body.items.map((i) => i.id).filter((id) => made.some((m) => m.id === id));
  const expectIds = (pred) => made.filter(pred).map((m) => m.id);
  const from = addDays(todayJst(), -40);
  const q = (s) => `${R}?received_from=${from}&${s}`;

  // 自分の担当: welfare2 is lead of three and deputy of one.
  const mine = await c.welfare2.get(q('mine=true'));
  assert.equal(mine.status, 200, JSON.stringify(mine.body));
  assert.deepEqual(new Set(mineIds(mine)), new Set(expectIds((m) => m.lead === 'welfare2' || m.deputy === 'welfare2')));
  assert.equal(mine.body.total, mine.body.items.length);
  assert.ok(mine.body.items.every((i) => i.lead.id === ids.welfare2 || i.deputy?.id === ids.welfare2));
  const owner = await c.director.get(q(`owner=${ids.welfare}`));
  assert.deepEqual(new Set(mineIds(owner)), new Set(expectIds((m) => m.lead === 'welfare' || m.deputy === 'welfare')));
  const none = await c.director.get(q('owner=none'));
  assert.ok(mineIds(none).includes(made[4].id));
  assert.ok(none.body.items.every((i) => i.lead === null));

  // Filters.
  const school = await c.director.get(q('route=school&urgency=a'));
  assert.deepEqual(mineIds(school), expectIds((m) => m.route === 'school' && m.urgency === 'a'));
  const status = await c.director.get(q('status=juri&route=police'));
  assert.deepEqual(mineIds(status), [made[1].id]);
  const period = await c.director.get(`${R}?received_from=${addDays(todayJst(), -4)}&received_to=${addDays(todayJst(), -2)}`);
  assert.deepEqual(mineIds(period), [made[1].id, made[2].id, made[3].id], 'the days 4 to 2 before, newest first');
  assert.equal(period.body.total, 3);

  // Sort: urgency AA first, unassigned urgency last; descending the other way.
  const byUrgency = await c.director.get(q('sort=urgency'));
  const urg = byUrgency.body.items.map((i) => i.urgency ?? '-');
  const rank = { aa: 1, a: 2, b: 3, c: 4, '-': 5 };
  assert.deepEqual(urg, [...urg].sort((a, b) => rank[a] - rank[b]));
  const desc = await c.director.get(q('sort=urgency&order=desc'));
  assert.equal(desc.body.items.at(-1).urgency, 'aa');
  const byLead = await c.director.get(q('sort=lead'));
  const leads = byLead.body.items.map((i) => i.lead?.name ?? '~');
  assert.deepEqual(leads, [...leads].sort((a, b) => (a === '~' ? 1 : b === '~' ? -1 : Buffer.compare(Buffer.from(a), Buffer.from(b)))));

  // Pages of another order: every report once, total on each page.
  const all = await c.director.get(q('sort=urgency&limit=500'));
  const seen = [];
  let cursor = null;
  do {
    const page = await c.director.get(q(`sort=urgency&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.equal(page.body.total, all.body.total);
    seen.push(...page.body.items.map((i) => i.id));
    cursor = page.body.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, all.body.items.map((i) => i.id));
  assert.equal(all.body.total, all.body.items.length);

  // The default order still pages by its keyset cursor.
  const p1 = await c.director.get(q('limit=2'));
  const p2 = await c.director.get(q(`limit=2&cursor=${encodeURIComponent(p1.body.next_cursor)}`));
  assert.equal(p2.status, 200);
  assert.ok(p2.body.items.every((i) => i.received_at <= p1.body.items[1].received_at));
  assert.ok(!p2.body.items.some((i) => p1.body.items.some((j) => j.id === i.id)), 'no report twice');
  assert.equal(p2.body.total, p1.body.total);

  // Bad input: 400 naming the field.
  invalid(await c.director.get(`${R}?sort=name`), 'sort');
  invalid(await c.director.get(`${R}?order=up`), 'order');
  invalid(await c.director.get(`${R}?status=owner`), 'status');
  invalid(await c.director.get(`${R}?urgency=z`), 'urgency');
  invalid(await c.director.get(`${R}?route=moon`), 'route');
  invalid(await c.director.get(`${R}?received_from=2026-13-01`), 'received_from');
  invalid(await c.director.get(`${R}?mine=yes`), 'mine');
  invalid(await c.director.get(`${R}?sort=urgency&cursor=${encodeURIComponent(p1.body.next_cursor)}`), 'cursor');
});

// ---- the cases' working list ----

test('the cases list: mine (lead or deputy), total, sort by next review, pages in any order, the period of the start', async () => {
  const opened = [];
  for (const [i, [lead, deputy, review]] of [
    ['welfare', 'health', 30],
    ['health', 'welfare', 10],
    ['health', null, 20],
  ].entries()) {
    const m = await person(c.health, { family_name: `案件${i}`, family_name_kana: 'アンケン', given_name: '母', given_name_kana: 'ハハ', birth_date: '1990-01-01' });
    const h = await c.health.post('/api/v1/households', { name: `案件${i}家`, members: [{ person_id: m.id, relation: 'mother' }] });
    assert.equal(h.status, 201, JSON.stringify(h.body));
    const k = await c.health.post(C, {
      household_id: h.body.id,
      subject_ids: [m.id],
      lead_id: ids[lead],
      ...(deputy ? { deputy_id: ids[deputy] } : {}),
      next_review_on: addDays(todayJst(), review),
    });
    assert.equal(k.status, 201, JSON.stringify(k.body));
    opened.push(k.body.id);
  }
  const mine = await c.welfare.get(`${C}?mine=true`);
  assert.equal(mine.status, 200, JSON.stringify(mine.body));
  assert.deepEqual(new Set(mine.body.items.map((k) => k.id)), new Set([opened[0], opened[1]]));
  assert.equal(mine.body.total, 2);
  const byReview = await c.health.get(`${C}?owner=${ids.health}&sort=next_review_on`);
  assert.deepEqual(byReview.body.items.map((k) => k.id), [opened[1], opened[2], opened[0]]);
  assert.equal(byReview.body.total, 3);
  const first = await c.health.get(`${C}?sort=next_review_on&order=desc&limit=2`);
  assert.equal(first.body.total, 3);
  const rest = await c.health.get(`${C}?sort=next_review_on&order=desc&limit=2&cursor=${encodeURIComponent(first.body.next_cursor)}`);
  assert.deepEqual([...first.body.items, ...rest.body.items].map((k) => k.id), [opened[0], opened[2], opened[1]]);
  assert.equal(rest.body.next_cursor, null);
  invalid(await c.health.get(`${C}?sort=kana`), 'sort');
  invalid(await c.health.get(`${C}?mine=1`), 'mine');
  // The period of the start (開始日), both days included.
  const today = todayJst();
  const period = async (q) => (await c.health.get(`${C}?${q}`)).body;
  assert.equal((await period(`opened_from=${today}&opened_to=${today}`)).total, 3);
  assert.equal((await period(`opened_to=${addDays(today, -1)}`)).total, 0);
  assert.deepEqual((await period(`opened_from=${addDays(today, 1)}`)).items, []);
  assert.equal((await period(`opened_from=${addDays(today, -7)}&owner=${ids.health}&sort=next_review_on`)).total, 3);
  invalid(await c.health.get(`${C}?opened_from=2026-13-01`), 'opened_from');
  invalid(await c.health.get(`${C}?opened_to=R8.1.1`), 'opened_to');
  invalid(await c.health.get(`${C}?order=up`), 'order');
});
