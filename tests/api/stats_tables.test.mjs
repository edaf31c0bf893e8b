// The statistics added for the council and the national surveys (GET /api/v1/stats/checkups,
// support_lead, designations, national_reports): one row per fiscal year, zero rows and zero codes
// present, the counts each rule gives for a data set written with SQL (the history of past years
// the use cases would date today), the same table as CSV, 400 on a bad range, 403 for the roles
// that may not read statistics, every read audited (the CSV as an export).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql, sqlRows } from '../lib/store.mjs';
import { startWithRoles } from './health_support.mjs';
import { stopClean } from './support.mjs';

const unix = (at) => Math.floor(Date.parse(at) / 1000);
const text = (v) => (v === null || v === undefined ? 'NULL' : `'${v}'`);

// Persons: birth date (null: not known).
const PERSONS = {
  // check-ups (FY2010–2011): 4m, 18m and 3y due the day the child turns 4 months, 18 months, 3 years
  k1: '2009-11-30', // 18m due 2011-05-30 (FY2011)
  k2: '2010-01-15', // 4m due 2010-05-15 (FY2010), 18m due 2011-07-15 (FY2011)
  k3: '2007-06-01', // 3y due 2010-06-01 (FY2010)
  k4: '2010-12-01', // 4m due 2011-04-01 (FY2011)
  k5: '2009-12-01', // 4m due 2010-04-01 (FY2010), 18m due 2011-06-01 (FY2011)
  k6: '2008-03-31', // 3y due 2011-03-31 (FY2010)
  // the national table (FY2014–2015)
  na: '2012-01-01', // under 3 in 2014
  nb: '2007-04-01', // 早生まれ: in elementary school from April 2013
  nc: null,
  nd: '2008-04-02', // enters school April 2015: preschool on 2014-03-31
  // designations (FY2016–2017)
  m1: '1990-01-01',
  ch1: '2012-01-01',
  ch2: '2013-01-01',
  ch3: '2014-01-01',
  ch4: '2015-01-01',
};

// Check-ups [person, check-up, status, followed up on].
const CHECKUPS = [
  ['k1', '18m', 'done', null],
  ['k2', '4m', 'missed', '2010-06-01'],
  ['k2', '18m', 'missed', null],
  ['k3', '3y', 'missed', null],
  ['k3', '3y', 'done', null], // came later: attended, not 未受診
  ['k5', '4m', 'done', null],
  ['k5', '18m', 'missed', '2011-06-20'],
];

const codes = (v4m, v18m, v3y) => ({ '4m': v4m, '18m': v18m, '3y': v3y });
// The persons of the other tables are children too: nb turns 3 on 2010-04-01, nd on 2011-04-02; in
// FY2012 na and ch1 turn 4 months, k4 18 months, k1, k2 and k5 3 years (none attended).
const CHECKUP_ROWS = [
  { fiscal_year: 2010, label: '平成22年度', short: 'H22', due: codes(2, 0, 3), attended: codes(1, 0, 1), missed: codes(1, 0, 0), followed_up: codes(1, 0, 0) },
  { fiscal_year: 2011, label: '平成23年度', short: 'H23', due: codes(1, 3, 1), attended: codes(0, 1, 0), missed: codes(0, 2, 0), followed_up: codes(0, 1, 0) },
  { fiscal_year: 2012, label: '平成24年度', short: 'H24', due: codes(2, 1, 3), attended: codes(0, 0, 0), missed: codes(0, 0, 0), followed_up: codes(0, 0, 0) },
];

// Reports: { id, kind, at, types, route, perp, children, events: [[seq, step, at, corrects]] }.
const REPORTS = [
  // support lead times (FY2012–2013), calendar days in Japan from the received date
  { id: 'sl-1', at: '2012-06-01T10:00:00+09:00', events: [[101, 'support', '2012-06-04T09:00:00+09:00']] }, // 3
  { id: 'sl-2', at: '2012-07-01T23:30:00+09:00', events: [[102, 'support', '2012-07-02T00:30:00+09:00']] }, // 1 (an hour)
  { id: 'sl-3', at: '2012-08-01T10:00:00+09:00', events: [[103, 'support', '2012-08-11T10:00:00+09:00'], [104, 'correction', '2012-08-12T10:00:00+09:00', 103], [105, 'support', '2012-08-21T10:00:00+09:00']] }, // 20
  { id: 'sl-4', at: '2012-09-01T10:00:00+09:00', events: [] },
  { id: 'sl-5', at: '2013-03-31T23:00:00+09:00', events: [[106, 'support', '2013-04-10T10:00:00+09:00']] }, // FY2012, 10
  { id: 'sl-6', at: '2013-05-01T10:00:00+09:00', events: [[107, 'support', '2013-05-02T10:00:00+09:00'], [108, 'correction', '2013-05-03T10:00:00+09:00', 107]] },
  { id: 'sl-c', kind: 'consultation', at: '2012-06-01T10:00:00+09:00', events: [[109, 'support', '2012-06-02T10:00:00+09:00']] },
  // the national table (FY2014–2015): handled by the first standing policy or referred step
  { id: 'n-1', at: '2014-05-01T10:00:00+09:00', types: ['psychological', 'physical'], route: 'police', perp: 'biological_mother', children: ['na', 'nb'], events: [[201, 'juri', '2014-05-01T12:00:00+09:00'], [202, 'policy', '2014-05-10T10:00:00+09:00']] },
  { id: 'n-2', at: '2015-03-20T10:00:00+09:00', types: ['neglect'], route: 'school', perp: null, children: ['nc'], events: [[203, 'referred', '2015-04-02T10:00:00+09:00']] },
  { id: 'n-3', at: '2014-06-01T10:00:00+09:00', types: ['neglect', 'sexual'], route: 'family', perp: 'other_father', children: ['na'], events: [[204, 'policy', '2014-06-05T10:00:00+09:00'], [205, 'correction', '2014-06-06T10:00:00+09:00', 204], [206, 'policy', '2014-06-07T10:00:00+09:00']] },
  { id: 'n-4', at: '2014-07-01T10:00:00+09:00', types: ['physical'], route: 'police', perp: 'other', children: ['nb'], events: [[207, 'juri', '2014-07-01T12:00:00+09:00']] },
  { id: 'n-5', kind: 'consultation', at: '2014-07-01T10:00:00+09:00', types: ['physical'], route: 'police', perp: 'other', children: ['nb'], events: [[208, 'policy', '2014-07-02T12:00:00+09:00']] },
  { id: 'n-6', at: '2014-03-31T10:00:00+09:00', types: ['psychological'], route: 'neighbor', perp: 'biological_father', children: ['nd'], events: [[209, 'policy', '2014-04-01T00:00:00+09:00']] },
  { id: 'n-7', at: '2014-08-01T10:00:00+09:00', types: ['physical'], route: 'police', perp: 'other', children: ['nb'], events: [[210, 'policy', '2014-08-02T12:00:00+09:00'], [211, 'correction', '2014-08-03T12:00:00+09:00', 210]] },
];

// Cases: [id, opened_on, closed_on, subjects: [person, category, added_on, removed_on, designated_on, youtaikyo, registered_on, unregistered_on]].
const CASES = [
  ['case-a', '2016-05-01', null, [
    ['m1', 'tokutei_ninpu', '2016-05-01', null, '2016-05-10', 1, '2016-06-01', null],
    ['ch1', 'youhogo', '2016-05-01', '2017-03-31', '2016-05-10', 0, null, null], // removed on the year's last day
    ['ch3', 'youshien', '2016-05-01', null, '2017-05-01', 0, null, null], // designated in FY2017
    ['ch4', 'general', '2016-05-01', null, null, 0, null, null],
  ]],
  ['case-b', '2016-04-01', '2018-03-31', [ // closed on FY2017's last day
    ['ch2', 'youshien', '2016-04-01', null, '2017-01-01', 0, '2017-02-01', '2017-06-01'],
  ]],
  ['case-c', '2017-04-10', null, [
    ['ch3', 'youshien', '2017-04-10', null, '2017-04-10', 0, null, null], // the same person and category on two cases
    ['m1', 'general', '2017-04-10', null, null, 0, null, null],
  ]],
  ['case-e', '2015-01-01', '2016-01-01', [['ch1', 'youhogo', '2015-01-01', null, '2015-01-02', 1, '2015-01-02', null]]],
];

const cats = (tokutei_ninpu, youhogo, youshien, general) => ({ tokutei_ninpu, youhogo, youshien, general });
const DESIGNATION_ROWS = [
  { fiscal_year: 2016, label: '平成28年度', short: 'H28', by_category: cats(1, 0, 1, 1), registered: cats(1, 0, 1, 0) },
  { fiscal_year: 2017, label: '平成29年度', short: 'H29', by_category: cats(1, 0, 1, 2), registered: cats(1, 0, 0, 0) },
];

const TYPES = ['physical', 'sexual', 'neglect', 'psychological'];
const BANDS = ['under3', 'preschool', 'elementary', 'junior_high', 'high_school_other', 'unknown'];
const ROUTES = ['family', 'relative', 'neighbor', 'child_self', 'welfare_office', 'health_center', 'municipality_other', 'jisou', 'nursery', 'child_welfare_facility', 'police', 'medical', 'kindergarten', 'school', 'board_of_education', 'child_commissioner', 'other'];
const PERPS = ['biological_father', 'other_father', 'biological_mother', 'other_mother', 'other', 'unknown'];
const zeros = (list, set = {}) => Object.fromEntries(list.map((k) => [k, set[k] ?? 0]));

const NATIONAL_ROWS = [
  { fiscal_year: 2013, label: '平成25年度', short: 'H25', total: 0, by_main_type: zeros(TYPES), by_age_band: zeros(BANDS), by_route: zeros(ROUTES), by_perpetrator: zeros(PERPS) },
  // n-1 (two children), n-3 (its policy corrected, then decided again), n-6 (received in FY2013)
  {
    fiscal_year: 2014, label: '平成26年度', short: 'H26', total: 4,
    by_main_type: zeros(TYPES, { physical: 2, sexual: 1, psychological: 1 }),
    by_age_band: zeros(BANDS, { under3: 2, elementary: 1, preschool: 1 }),
    by_route: zeros(ROUTES, { police: 2, family: 1, neighbor: 1 }),
    by_perpetrator: zeros(PERPS, { biological_mother: 2, other_father: 1, biological_father: 1 }),
  },
  {
    fiscal_year: 2015, label: '平成27年度', short: 'H27', total: 1,
    by_main_type: zeros(TYPES, { neglect: 1 }), by_age_band: zeros(BANDS, { unknown: 1 }),
    by_route: zeros(ROUTES, { school: 1 }), by_perpetrator: zeros(PERPS, { unknown: 1 }),
  },
];

let server, c, ids;

function insertReport(r) {
  const kind = r.kind ?? 'abuse_report';
  const children = (r.children ?? ['k1']).map((p, i) => `('${r.id}', ${i}, 'p-${p}')`).join(', ');
  const events = r.events.map(([seq, step, at, corrects]) =>
    `INSERT INTO report_events (seq, report_id, step, at, corrects, recorded_by, recorded_at) VALUES (${seq}, '${r.id}', '${step}', ${unix(at)}, ${corrects ?? 'NULL'}, '${ids.welfare}', 0);`);
  return `INSERT INTO reports (id, kind, received_at, received_by, route, abuse_types, main_perpetrator, status, created_at, updated_at)
      VALUES ('${r.id}', '${kind}', ${unix(r.at)}, '${ids.welfare}', '${r.route ?? 'police'}', '${JSON.stringify(r.types ?? ['physical'])}', ${text(r.perp)}, 'received', 0, 0);
    INSERT INTO report_children (report_id, position, child_id) VALUES ${children};
    ${events.join('\n')}`;
}

function insertCase([id, opened, closed, subjects]) {
  const rows = subjects.map(([p, cat, added, removed, designated, reg, regOn, unregOn]) =>
    `('${id}', 'p-${p}', '${cat}', '${added}', ${text(removed)}, ${text(designated)}, ${reg}, ${text(regOn)}, ${text(unregOn)})`);
  return `INSERT INTO households (id, created_at, updated_at) VALUES ('h-${id}', 0, 0);
    INSERT INTO cases (id, household_id, status, lead_id, opened_on, closed_on, created_by, created_at, updated_at)
      VALUES ('${id}', 'h-${id}', '${closed ? 'closed' : 'open'}', '${ids.coordinator}', '${opened}', ${text(closed)}, '${ids.coordinator}', 0, 0);
    INSERT INTO case_subjects (case_id, person_id, category, added_on, removed_on, designated_on, youtaikyo, registered_on, unregistered_on) VALUES ${rows.join(', ')};`;
}

before(async () => {
  ({ server, c, ids } = await startWithRoles(['director', 'coordinator', 'health', 'welfare', 'clerk', 'partner', 'admin']));
  const persons = Object.entries(PERSONS).map(([k, birth]) => `('p-${k}', '統計', 'トウケイ', ${text(birth)}, 0, 0)`);
  const checkups = CHECKUPS.map(([p, kind, status, followup], i) =>
    `('v-${i}', 'p-${p}', 'checkup', '${kind}', '2000-01-01', '${status}', ${text(followup)}, 0, 0)`);
  sql(server, `
    INSERT INTO persons (id, family_name, family_name_kana, birth_date, created_at, updated_at) VALUES ${persons.join(', ')};
    INSERT INTO visits (id, person_id, kind, subtype, on_date, status, followup_on, created_at, updated_at) VALUES ${checkups.join(', ')};
    ${REPORTS.map(insertReport).join('\n')}
    ${CASES.map(insertCase).join('\n')}`);
});

after(async () => {
  if (server) await stopClean(server);
});

const statsAudit = (user) =>
  sqlRows(server, `SELECT action, object_id FROM audit WHERE object_type = 'stats' AND user_id = '${ids[user]}' ORDER BY seq`);

// The CSV as sent: its lines split into cells, after checking the BOM and the CRLFs.
async function csvOf(who, path) {
  const res = await fetch(server.url + path, { headers: { cookie: c[who].cookie } });
  assert.equal(res.status, 200);
  const raw = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark');
  const body = raw.subarray(3).toString('utf8');
  assert.ok(body.endsWith('\r\n') && !/[^\r]\n/.test(body), 'CRLF lines');
  return { res, lines: body.slice(0, -2).split('\r\n').map((line) => line.split(',')) };
}

test('checkups: children by the fiscal year a check-up is due, attended, 未受診 and followed up', async () => {
  const r = await c.health.get('/api/v1/stats/checkups?fy_from=2010&fy_to=2012');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body, { rows: CHECKUP_ROWS });
  assert.deepEqual(statsAudit('health').at(-1), { action: 'read', object_id: 'checkups' });
  const { res, lines } = await csvOf('health', '/api/v1/stats/checkups?fy_from=2011&fy_to=2011&format=csv');
  assert.match(res.headers.get('content-disposition'), /filename="checkups-\d{4}-\d{2}-\d{2}\.csv"/);
  assert.deepEqual(lines, [
    ['年度', '対象児数 4か月児', '対象児数 1歳6か月児', '対象児数 3歳児', '受診 4か月児', '受診 1歳6か月児', '受診 3歳児',
      '未受診 4か月児', '未受診 1歳6か月児', '未受診 3歳児', '未受診のうち追跡済 4か月児', '未受診のうち追跡済 1歳6か月児', '未受診のうち追跡済 3歳児'],
    ['平成23年度', '1', '3', '1', '0', '1', '0', '0', '2', '0', '0', '1', '0'],
  ]);
  assert.deepEqual(statsAudit('health').at(-1), { action: 'export', object_id: 'checkups' });
});

test('support_lead: days from the received date to the first standing support step, nearest rank', async () => {
  const r = await c.welfare.get('/api/v1/stats/support_lead?fy_from=2012&fy_to=2013');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.rows, [
    // days 1, 3, 10, 20: the median is the 2nd, p90 the 4th; the consultation not counted
    { fiscal_year: 2012, label: '平成24年度', short: 'H24', total: 5, started: 4, median_days: 3, p90_days: 20 },
    // sl-6 (its support corrected) and n-6 below (received in FY2013, no support)
    { fiscal_year: 2013, label: '平成25年度', short: 'H25', total: 2, started: 0, median_days: null, p90_days: null },
  ]);
  const { lines } = await csvOf('director', '/api/v1/stats/support_lead?fy_from=2012&fy_to=2013&format=csv');
  assert.deepEqual(lines, [
    ['年度', '件数', '支援開始', '中央値（日）', '90パーセンタイル（日）'],
    ['平成24年度', '5', '4', '3', '20'],
    ['平成25年度', '2', '0', '', ''],
  ]);
  assert.deepEqual(statsAudit('director').at(-1), { action: 'export', object_id: 'support_lead' });
});

test('designations: persons by category at each fiscal year end, once per person, and those registered', async () => {
  const r = await c.coordinator.get('/api/v1/stats/designations?fy_from=2016&fy_to=2017');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.rows, DESIGNATION_ROWS);
  const { lines } = await csvOf('coordinator', '/api/v1/stats/designations?fy_from=2016&fy_to=2016&format=csv');
  assert.deepEqual(lines, [
    ['年度', '年度末 特定妊婦', '年度末 要保護児童', '年度末 要支援児童', '年度末 一般', '要対協登録 特定妊婦', '要対協登録 要保護児童', '要対協登録 要支援児童', '要対協登録 一般'],
    ['平成28年度', '1', '0', '1', '1', '1', '0', '1', '0'],
  ]);
  assert.deepEqual(statsAudit('coordinator').at(-1), { action: 'export', object_id: 'designations' });
});

test('national_reports: each child of each report handled, by one main type, by the decision\'s fiscal year', async () => {
  const r = await c.director.get('/api/v1/stats/national_reports?fy_from=2013&fy_to=2015');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.rows, NATIONAL_ROWS);
  assert.deepEqual(statsAudit('director').at(-1), { action: 'read', object_id: 'national_reports' });
  const { lines } = await csvOf('director', '/api/v1/stats/national_reports?fy_from=2014&fy_to=2014&format=csv');
  const [header, row] = lines;
  assert.deepEqual(header.slice(0, 6), ['年度', '対応件数（児童数）', '身体的虐待', '性的虐待', '保護の怠慢・拒否（ネグレクト）', '心理的虐待']);
  assert.equal(header.length, 2 + TYPES.length + BANDS.length + ROUTES.length + PERPS.length);
  const want = NATIONAL_ROWS[1];
  assert.deepEqual(row, ['平成26年度', ...[want.total, ...Object.values(want.by_main_type), ...Object.values(want.by_age_band), ...Object.values(want.by_route), ...Object.values(want.by_perpetrator)].map(String)]);
});

test('every new table: a bad range is 400 naming the field, 403 for clerk, partner and admin', async () => {
  for (const name of ['checkups', 'support_lead', 'designations', 'national_reports']) {
    const bad = await c.director.get(`/api/v1/stats/${name}?fy_from=2012&fy_to=2010`);
    assert.equal(bad.status, 400, name);
    assert.equal(bad.body.error.code, 'invalid_field');
    assert.equal(bad.body.error.field, 'fy_from', name);
    const outside = await c.director.get(`/api/v1/stats/${name}?fy_from=2012&fy_to=2101`);
    assert.equal(outside.body.error.field, 'fy_to', name);
    const empty = await c.director.get(`/api/v1/stats/${name}?fy_from=2030&fy_to=2031`);
    assert.equal(empty.status, 200, name);
    assert.equal(empty.body.rows.length, 2, name);
    for (const who of ['clerk', 'partner', 'admin']) {
      assert.equal((await c[who].get(`/api/v1/stats/${name}?fy_from=2012&fy_to=2012`)).status, 403, `${name} ${who}`);
      assert.deepEqual(statsAudit(who), [], who);
    }
  }
});
