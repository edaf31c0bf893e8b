// The coordinator's board (GET /board) and the 要対協 ledger (GET /ledger, ?format=csv): every open
// case with its subjects, plan status, open actions, alerts and last events; overdue first, the
// reader's own cases before others; filters; audited per person shown; CSV made safe for
// spreadsheets. Cases are made with SQL here: the rows the cases and conferences use cases write.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, startServer } from '../lib/server.mjs';
import { sql, sqlRows } from '../lib/store.mjs';
import { stopClean } from './support.mjs';

const USERS = {
  director: { login: 'director1', role: 'director', name: '所長 一郎', password: 'director-pass-2024' },
  coordinator: { login: 'touka1', role: 'coordinator', name: '統括 さくら', password: 'sakura-pass-2024' },
  health: { login: 'hoken1', role: 'health', name: '保健 みどり', password: 'midori-pass-2024' },
  welfare: { login: 'fukushi1', role: 'welfare', name: '福祉 ひかり', password: 'hikari-pass-2024' },
  clerk: { login: 'jimu1', role: 'clerk', name: '事務 花子', password: 'hanako-pass-2024' },
  partner: { login: 'school1', role: 'partner', name: '学校 先生', password: 'school-pass-2024' },
};

let server;
const c = {};
const ids = {};
const p = {};

function iso(d) {
  return d.toISOString().slice(0, 10);
}
function daysFromToday(n) {
  const now = new Date(Date.now() + 9 * 3600 * 1000); // Japan's date
  return iso(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + n)));
}

async function person(given, kana, birth) {
  const r = await c.welfare.post('/api/v1/persons', { family_name: '盤面', given_name: given, family_name_kana: 'バンメン', given_name_kana: kana, birth_date: birth });
  assert.equal(r.status, 201);
  return r.body;
}

async function household(name, members) {
  const r = await c.welfare.post('/api/v1/households', { name, members: members.map((m) => ({ person_id: m.id, relation: 'child' })) });
  assert.equal(r.status, 201);
  return r.body;
}

before(async () => {
  server = await startServer({ users: Object.values(USERS), args: ['--rate-limit', '0'] });
  for (const [k, u] of Object.entries(USERS)) {
    c[k] = new Client(server.url);
    assert.equal((await c[k].login(u.login, u.password)).status, 200);
    ids[k] = sqlRows(server, `SELECT id FROM users WHERE login = '${u.login}'`)[0].id;
  }
  p.a = await person('一', 'ハジメ', '2018-04-01');
  p.b = await person('二葉', 'フタバ', daysFromToday(-150)); // no newborn visit: an overdue alert
  p.c = await person('三郎', 'サブロウ', '2015-09-09');
  p.x = await person('閉', 'トジ', '2016-01-01');
  const ha = await household('盤面A家', [p.a]);
  const hb = await household('盤面B家', [p.b]);
  const hc = await household('盤面C家', [p.c]);
  const hx = await household('盤面X家', [p.x]);
  const past = daysFromToday(-10), future = daysFromToday(30);
  sql(server, `
    INSERT INTO agencies (id, name, kind, created_at, updated_at) VALUES ('ag-school', '西小学校', 'school', 0, 0);
    INSERT INTO cases (id, household_id, lead_id, opened_on, created_by, created_at, updated_at, policy, next_review_on, last_reviewed_on, lead_agency_id)
      VALUES ('case-a', '${ha.id}', '${ids.welfare}', '2025-01-01', '${ids.welfare}', 0, 0, '=HYPERLINK("http://x")', '${past}', '2025-06-01', 'ag-school');
    INSERT INTO cases (id, household_id, lead_id, opened_on, created_by, created_at, updated_at, next_review_on)
      VALUES ('case-b', '${hb.id}', '${ids.health}', '2025-01-01', '${ids.health}', 0, 0, '${future}');
    INSERT INTO cases (id, household_id, lead_id, deputy_id, opened_on, created_by, created_at, updated_at)
      VALUES ('case-c', '${hc.id}', '${ids.coordinator}', '${ids.welfare}', '2025-01-01', '${ids.coordinator}', 0, 0);
    INSERT INTO cases (id, household_id, lead_id, opened_on, created_by, created_at, updated_at, status, closed_on, close_reason)
      VALUES ('case-x', '${hx.id}', '${ids.welfare}', '2024-01-01', '${ids.welfare}', 0, 0, 'closed', '2025-01-01', 'goal_reached');
    INSERT INTO case_subjects (case_id, person_id, category, youtaikyo, registered_on, added_on) VALUES
      ('case-a', '${p.a.id}', 'youshien', 1, '2025-02-01', '2025-01-01'),
      ('case-b', '${p.b.id}', 'general', 0, NULL, '2025-01-01'),
      ('case-c', '${p.c.id}', 'youhogo', 0, NULL, '2025-01-01'),
      ('case-x', '${p.x.id}', 'youhogo', 1, '2024-02-01', '2024-01-01');
    INSERT INTO plans (id, case_id, plan_version, status, review_on, situation, created_by, created_at, updated_at) VALUES
      ('plan-a1', 'case-a', 1, 'approved', '${past}', '登校が不安定', '${ids.welfare}', 0, 0),
      ('plan-b1', 'case-b', 1, 'draft', NULL, NULL, '${ids.health}', 0, 0);
    INSERT INTO conferences (id, kind, held_on, created_by, created_at, updated_at) VALUES ('conf-1', 'joint_case', '2025-06-01', '${ids.coordinator}', 0, 0);
    INSERT INTO conference_actions (id, conference_id, position, what, owner_id, due_on, case_id) VALUES
      ('act-1', 'conf-1', 0, '家庭訪問', '${ids.welfare}', '${past}', 'case-a'),
      ('act-2', 'conf-1', 1, '学校と連絡', '${ids.welfare}', '${future}', 'case-a'),
      ('act-3', 'conf-1', 2, '済んだこと', '${ids.welfare}', '${past}', 'case-b');
    UPDATE conference_actions SET done_on = '${past}' WHERE id = 'act-3';
    INSERT INTO partner_reports (id, case_id, agency_id, on_date, text, created_by, created_at) VALUES
      ('pr-1', 'case-a', 'ag-school', '2025-06-10', '今週は3日登校', '${ids.welfare}', 0);
    INSERT INTO events (at, kind, section, summary, ref_type, ref_id, person_id) VALUES
      (1750000000, 'visit_recorded', 'health', '家庭訪問を記録しました', 'visit', 'v1', '${p.b.id}'),
      (1760000000, 'visit_recorded', 'health', '新しい訪問', 'visit', 'v2', '${p.b.id}');`);
});

after(async () => {
  if (server) await stopClean(server);
});

const order = (r) => r.body.items.map((i) => i.case_id);

test('the board: every open case, overdue first, then by next review (none last); closed cases left out', async () => {
  const r = await c.director.get('/api/v1/board');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(order(r), ['case-a', 'case-b', 'case-c']);
  const [a, b, cc] = r.body.items;
  assert.equal(a.overdue, true);
  assert.equal(a.review_overdue, true);
  assert.equal(a.lead.name, USERS.welfare.name);
  assert.equal(a.lead_section, 'welfare');
  assert.equal(a.lead_agency.name, '西小学校');
  assert.deepEqual(a.subjects.map((s) => [s.person_id, s.category, s.youtaikyo, s.registered_on]), [[p.a.id, 'youshien', true, '2025-02-01']]);
  assert.deepEqual(a.plan, { status: 'review_overdue', review_on: daysFromToday(-10) });
  assert.deepEqual(a.actions, { open: 2, earliest_due_on: daysFromToday(-10), overdue: true });
  assert.equal(b.overdue, false);
  assert.equal(b.lead_section, 'health');
  assert.equal(b.plan.status, 'draft');
  assert.deepEqual(b.actions, { open: 0, earliest_due_on: null, overdue: false });
  assert.equal(b.last_events.health.summary, '新しい訪問');
  assert.equal(b.last_events.welfare, null);
  assert.ok(b.alerts.open >= 1, JSON.stringify(b.alerts));
  assert.equal(b.alerts.most_urgent, 'newborn_visit');
  assert.equal(cc.plan.status, 'none');
  assert.equal(cc.next_review_on, null);
  assert.equal(cc.lead_section, 'case');
  assert.equal(cc.deputy.id, ids.welfare);
});

// Before any other test has hoken1 read the board.
test('a page of the board audits only the subjects on that page', async () => {
  const r = await c.health.get('/api/v1/board?limit=1');
  assert.deepEqual(order(r), ['case-b'], 'her own case first');
  for (const [person, want] of [[p.a, []], [p.b, [['read', 'case-b']]], [p.c, []]]) {
    const rows = (await c.director.get(`/api/v1/audit?person_id=${person.id}&limit=500`)).body.items.filter(
      (i) => i.object.type === 'case_board' && i.user_id === ids.health,
    );
    assert.deepEqual(rows.map((i) => [i.action, i.object.id]), want, person.given_name);
  }
});

test('a caseworker gets her own cases (lead or deputy) first; mine=1 only those', async () => {
  const r = await c.welfare.get('/api/v1/board');
  assert.deepEqual(order(r), ['case-a', 'case-c', 'case-b']);
  assert.deepEqual(r.body.items.map((i) => i.mine), [true, true, false]);
  assert.deepEqual(order(await c.welfare.get('/api/v1/board?mine=1')), ['case-a', 'case-c']);
  assert.deepEqual(order(await c.health.get('/api/v1/board')), ['case-b', 'case-a', 'case-c']);
});

test('filters: category, lead, section, registration; bad values 400 naming the field', async () => {
  assert.deepEqual(order(await c.director.get('/api/v1/board?category=youshien')), ['case-a']);
  assert.deepEqual(order(await c.director.get('/api/v1/board?category=youhogo')), ['case-c']);
  assert.deepEqual(order(await c.director.get(`/api/v1/board?lead_id=${ids.health}`)), ['case-b']);
  assert.deepEqual(order(await c.director.get('/api/v1/board?section=health')), ['case-b']);
  assert.deepEqual(order(await c.director.get('/api/v1/board?section=case')), ['case-c']);
  assert.deepEqual(order(await c.director.get('/api/v1/board?youtaikyo=true')), ['case-a']);
  assert.deepEqual(order(await c.director.get('/api/v1/board?youtaikyo=false')), ['case-b', 'case-c']);
  for (const [q, field] of [['category=vip', 'category'], ['section=common', 'section'], ['youtaikyo=1', 'youtaikyo'], ['mine=yes', 'mine']]) {
    const r = await c.director.get(`/api/v1/board?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(r.body.error.field, field, q);
  }
});

test('the board is answered a page at a time: limit, next_cursor, the totals of the whole board', async () => {
  const whole = await c.director.get('/api/v1/board');
  assert.equal(whole.body.total, 3);
  assert.equal(whole.body.overdue_total, 1);
  assert.equal(whole.body.next_cursor, null);
  const seen = [];
  let cursor = null;
  for (let page = 0; page < 3; page++) {
    const r = await c.director.get(`/api/v1/board?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.items.length, 1);
    assert.equal(r.body.total, 3, 'the whole board, not the page');
    assert.equal(r.body.overdue_total, 1);
    seen.push(...order(r));
    cursor = r.body.next_cursor;
    assert.equal(cursor === null, page === 2, `a cursor after page ${page} only if rows follow`);
  }
  assert.deepEqual(seen, order(whole), 'the pages, in turn, are the board');
  const two = await c.director.get('/api/v1/board?limit=2&section=welfare');
  assert.deepEqual([two.body.total, two.body.overdue_total, order(two)], [1, 1, ['case-a']], 'totals follow the filter');
  // At the end: an empty last page; past it, or a cursor that is not one: 400 naming the cursor.
  const enc = (s) => Buffer.from(s).toString('base64url');
  const end = await c.director.get(`/api/v1/board?cursor=${enc('3')}`);
  assert.deepEqual([end.status, end.body.items, end.body.total, end.body.next_cursor], [200, [], 3, null]);
  for (const q of [`cursor=${enc('4')}`, `cursor=${enc('0')}`, `cursor=${enc('-1')}`, `cursor=${enc('1\t2')}`, 'cursor=%%%', `cursor=${enc('99999999999')}`]) {
    const r = await c.director.get(`/api/v1/board?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(r.body.error.field, 'cursor', q);
  }
  for (const q of ['limit=0', 'limit=501', 'limit=x']) {
    const r = await c.director.get(`/api/v1/board?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(r.body.error.field, 'limit', q);
  }
});

test('clerks and partners have no board and no ledger', async () => {
  for (const who of ['clerk', 'partner']) {
    assert.equal((await c[who].get('/api/v1/board')).status, 403, who);
    assert.equal((await c[who].get('/api/v1/ledger')).status, 403, who);
    assert.equal((await c[who].get('/api/v1/ledger?format=csv')).status, 403, who);
  }
});

test('the board is audited: the reading and each subject shown', async () => {
  await c.coordinator.get('/api/v1/board');
  for (const [person, caseId] of [[p.a, 'case-a'], [p.b, 'case-b'], [p.c, 'case-c']]) {
    const r = await c.director.get(`/api/v1/audit?person_id=${person.id}&limit=500`);
    const rows = r.body.items.filter((i) => i.object.type === 'case_board' && i.user_id === ids.coordinator);
    assert.deepEqual(rows.map((i) => [i.action, i.object.id]), [['read', caseId]], person.given_name);
  }
});

test('the ledger: a row per registered person of an open case, with the newest situation', async () => {
  const r = await c.coordinator.get('/api/v1/ledger');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.items.length, 1); // case-x is closed; b and c are not registered
  const row = r.body.items[0];
  assert.equal(row.case_id, 'case-a');
  assert.equal(row.person.person_id, p.a.id);
  assert.equal(row.person.category, 'youshien');
  assert.equal(row.household.name, '盤面A家');
  assert.equal(row.lead_agency.name, '西小学校');
  assert.equal(row.last_confirmed_on, '2025-06-01');
  assert.deepEqual(row.situation, { text: '西小学校: 今週は3日登校', on: '2025-06-10', source: 'partner_report' });
  const audit = await c.director.get(`/api/v1/audit?person_id=${p.a.id}&limit=500`);
  assert.ok(audit.body.items.some((i) => i.object.type === 'case_ledger' && i.action === 'read' && i.user_id === ids.coordinator));
});

test('the ledger as CSV: BOM, CRLF, quoted cells, a formula made text; audited as an export', async () => {
  const r = await c.coordinator.get('/api/v1/ledger?format=csv');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="ledger-\d{4}-\d\d-\d\d\.csv"/);
  const raw = Buffer.from(await (await fetch(server.url + '/api/v1/ledger?format=csv', { headers: { cookie: c.coordinator.cookie } })).arrayBuffer());
  assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = raw.subarray(3).toString('utf8').split('\r\n');
  assert.equal(lines[0], '氏名,フリガナ,生年月日,年齢,世帯,区分,登録日,主担当機関,担当者,支援方針,最終確認日,次回見直し,現在の状況');
  assert.equal(lines.length, 3); // header, one row, the empty tail after the last CRLF
  assert.equal(lines[2], '');
  assert.ok(lines[1].includes(`"'=HYPERLINK(""http://x"")"`), lines[1]);
  assert.ok(lines[1].startsWith('盤面　一,バンメン　ハジメ,平成30年4月1日,'), lines[1]);
  assert.ok(lines[1].includes('要支援児童'), lines[1]);
  const audit = await c.director.get(`/api/v1/audit?person_id=${p.a.id}&limit=500`);
  assert.ok(audit.body.items.some((i) => i.object.type === 'case_ledger' && i.action === 'export' && i.user_id === ids.coordinator));
  assert.equal((await c.coordinator.get('/api/v1/ledger?format=xml')).status, 400);
});

// Last: it adds cases. The page's details are read 50 cases to a statement (store/board.c).
test('a page of more cases than one statement lists (50) is whole, in order, every row with its subject', async () => {
  const made = [];
  for (let i = 0; i < 53; i++) {
    const kid = await person(`多${i}`, 'オオイ', '2019-05-05');
    const h = await household(`盤面多${i}家`, [kid]);
    made.push({ caseId: `case-many-${String(i).padStart(2, '0')}`, kid, h });
  }
  sql(server, made.map((m, i) => `
    INSERT INTO cases (id, household_id, lead_id, opened_on, created_by, created_at, updated_at, next_review_on)
      VALUES ('${m.caseId}', '${m.h.id}', '${ids.coordinator}', '2025-01-01', '${ids.coordinator}', 0, 0, '${daysFromToday(100 + i)}');
    INSERT INTO case_subjects (case_id, person_id, category, added_on) VALUES ('${m.caseId}', '${m.kid.id}', 'youshien', '2025-01-01');
    INSERT INTO plans (id, case_id, plan_version, status, review_on, created_by, created_at, updated_at)
      VALUES ('plan-many-${i}', '${m.caseId}', 1, 'approved', '${daysFromToday(200)}', '${ids.coordinator}', 0, 0);`).join('\n'));
  const r = await c.director.get('/api/v1/board?limit=500');
  assert.equal(r.status, 200);
  assert.equal(r.body.total, 56);
  assert.equal(r.body.items.length, 56);
  const many = r.body.items.filter((i) => i.case_id.startsWith('case-many-'));
  assert.deepEqual(many.map((i) => i.case_id), made.map((m) => m.caseId), 'by next review');
  for (const [k, row] of many.entries()) {
    assert.deepEqual(row.subjects.map((s) => s.person_id), [made[k].kid.id], row.case_id);
    assert.equal(row.plan.status, 'approved', row.case_id);
    assert.equal(row.household.name, `盤面多${k}家`);
  }
  const first = await c.director.get('/api/v1/board?limit=51');
  const rest = await c.director.get(`/api/v1/board?limit=51&cursor=${first.body.next_cursor}`);
  assert.deepEqual([...order(first), ...order(rest)], order(r));
  assert.equal(rest.body.next_cursor, null);
});

// Ties (the same reader's, overdue and next review) go by the first subject's kana, which is read
// for the page's ties only: across page boundaries too.
test('ties go by kana, on every page: the kana read for the ties around a page only', async () => {
  const review = daysFromToday(40);
  const made = [];
  for (const [n, kana] of [['3', 'ア'], ['1', 'ウ'], ['2', 'イ'], ['4', 'エ']]) {
    const r = await c.welfare.post('/api/v1/persons', { family_name: `同日${n}`, given_name: '子', family_name_kana: `${kana}ドウジツ`, birth_date: '2020-02-02' });
    assert.equal(r.status, 201);
    const h = await household(`同日${n}家`, [r.body]);
    made.push(`INSERT INTO cases (id, household_id, lead_id, opened_on, created_by, created_at, updated_at, next_review_on)
        VALUES ('case-tie-${n}', '${h.id}', '${ids.director}', '2025-01-01', '${ids.director}', 0, 0, '${review}');
      INSERT INTO case_subjects (case_id, person_id, category, added_on) VALUES ('case-tie-${n}', '${r.body.id}', 'general', '2025-01-01');`);
  }
  sql(server, made.join('\n'));
  const want = ['case-tie-3', 'case-tie-2', 'case-tie-1', 'case-tie-4']; // ア イ ウ エ, not by id
  const q = `/api/v1/board?lead_id=${ids.director}`;
  assert.deepEqual(order(await c.coordinator.get(q)), want);
  const pages = [];
  let cursor = null;
  do {
    const r = await c.coordinator.get(`${q}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    pages.push(...order(r));
    cursor = r.body.next_cursor;
  } while (cursor);
  assert.deepEqual(pages, want, 'one row a page: each page sorts its ties by kana as the whole board does');
  // The director's own cases come first for her, still by kana among them.
  assert.deepEqual(order(await c.director.get(`${q}&limit=2`)), want.slice(0, 2));
});
