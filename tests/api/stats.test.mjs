// The statistics (GET /api/v1/stats/…): one row per fiscal year (Japan time), zero rows and zero
// codes present, 和暦 labels (FY2019 令和元年度), the age band on the received date (早生まれ),
// consultations not counted; the same table as CSV (BOM, CRLF, Japanese header); 400 on a bad
// range, 403 for the roles that may not read them; every read audited. The reports counted by
// /stats/reports are taken through the API (received_at in the past); the children, the safety
// confirmations, the pregnancy notifications and the infants' visits of past years are written
// with SQL (their use cases date them today or need a whole workflow first).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql, sqlRows } from '../lib/store.mjs';
import { startWithRoles } from './health_support.mjs';
import { stopClean } from './support.mjs';

const TYPES = ['physical', 'sexual', 'neglect', 'psychological'];
const BANDS = ['under3', 'preschool', 'elementary', 'junior_high', 'high_school_other', 'unknown'];
const ROUTES = ['family', 'relative', 'neighbor', 'child_self', 'welfare_office', 'health_center', 'municipality_other', 'jisou', 'nursery', 'child_welfare_facility', 'police', 'medical', 'kindergarten', 'school', 'board_of_education', 'child_commissioner', 'other'];
const PERPS = ['biological_father', 'other_father', 'biological_mother', 'other_mother', 'other', 'unknown'];

// Children: birth date (null: not known).
const CHILDREN = {
  c1: '2015-04-01',
  c2: '2011-04-02',
  c3: '2019-04-01',
  c4: null,
  c5: '2012-04-01',
  c6: '2012-04-02',
  c7: '2005-06-01',
  c8: '2008-09-01',
};

// Each report with the fiscal year and the age band of each child the statistics must find.
const REPORTS = [
  // the last minute of FY2017 and the first of FY2018, in Japan time
  { id: 'r-b', at: '2018-03-31T23:59:00+09:00', fy: 2017, types: ['neglect'], route: 'school', perp: null, children: [['c2', 'preschool']] },
  { id: 'r-a', at: '2018-04-01T00:00:00+09:00', fy: 2018, types: ['physical', 'psychological'], route: 'police', perp: 'biological_mother', children: [['c1', 'preschool']] },
  // two children born a day apart on both sides of April 1: one in school, one not yet
  { id: 'r-e', at: '2018-05-01T10:00:00+09:00', fy: 2018, types: ['physical'], route: 'nursery', perp: 'other_father', children: [['c5', 'elementary'], ['c6', 'preschool']] },
  // the last day of 平成 and the first of 令和: both FY2019, 令和元年度
  { id: 'r-c', at: '2019-04-30T23:00:00+09:00', fy: 2019, types: ['sexual'], route: 'family', perp: 'biological_father', children: [['c3', 'under3'], ['c4', 'unknown']] },
  { id: 'r-d', at: '2019-05-01T00:30:00+09:00', fy: 2019, types: ['physical'], route: 'police', perp: 'other', children: [['c5', 'elementary']] },
  { id: 'r-f', at: '2022-03-31T23:59:00+09:00', fy: 2021, types: ['psychological'], route: 'neighbor', perp: 'biological_mother', children: [['c7', 'high_school_other'], ['c8', 'junior_high']] },
  // outside the range asked (FY2016, FY2022)
  { id: 'r-g', at: '2017-03-31T23:59:00+09:00', fy: 2016, types: ['physical'], route: 'police', perp: 'other', children: [['c1', 'preschool']] },
  { id: 'r-h', at: '2022-04-01T00:00:00+09:00', fy: 2022, types: ['physical'], route: 'police', perp: 'other', children: [['c1', 'preschool']] },
];
// A consultation counts nowhere.
const CONSULTATION = { at: '2018-06-01T10:00:00+09:00', types: ['neglect'], route: 'family', perp: 'biological_mother', children: [['c1']] };

// Safety confirmations (FY2010–2012): each child's 現認 that many hours after the report (null:
// not seen). The hours run to the last child's; a report counts as confirmed when every child is.
const H = 3600;
const SAFETY = [
  { id: 's-1', at: '2010-06-01T10:00:00+09:00', seen: [1] },
  { id: 's-2', at: '2010-07-01T10:00:00+09:00', seen: [2, 50] }, // the last child after 50 h
  { id: 's-3', at: '2010-08-01T10:00:00+09:00', seen: [3, null] }, // one child not seen
  { id: 's-4', at: '2010-09-01T10:00:00+09:00', seen: [48] }, // exactly 48 h: within
  { id: 's-5', at: '2011-03-31T23:00:00+09:00', seen: [5.25] }, // 5.25 h: 5.3 (FY2010 still)
  { id: 's-6', at: '2011-04-01T00:00:00+09:00', seen: [null] },
];
const SAFETY_CONSULTATION = { id: 's-consult', at: '2010-06-02T10:00:00+09:00', seen: [1] };

// Pregnancy notifications (FY2014–2016): weeks at notification (null: not known), born already,
// the risk level and how many interview items were not asked.
const PREGNANCIES = [
  ['g-1', '2015-04-01', 8, 0, 'low', 0],
  ['g-2', '2015-06-01', 11, 0, 'medium', 0],
  ['g-3', '2015-07-01', 12, 0, 'high', 0],
  ['g-4', '2015-08-01', 19, 0, 'low', 2], // incomplete: never counted as low
  ['g-5', '2015-09-01', 20, 0, 'low', 0],
  ['g-6', '2015-10-01', 27, 0, 'low', 0],
  ['g-7', '2016-03-31', 28, 0, 'medium', 0],
  ['g-8', '2016-04-01', null, 1, 'low', 0],
  ['g-9', '2016-05-01', null, 0, 'high', 1],
  ['g-0', '2015-03-31', 10, 0, 'low', 0], // FY2014: outside the range asked
];

// Infants (FY2000–2003) with their visits [kind, on, status]: counted in the fiscal year in which
// they turn 4 months; visited when a newborn visit was done before that day (domain.md: before the day
// it turns 4 months old — the alert is due at its start).
const INFANTS = {
  n1: ['2001-11-30', [['newborn_visit', '2002-03-30', 'done']]], // turns 4 months 2002-03-30: on the day, late
  n7: ['2001-10-15', [['newborn_visit', '2002-02-14', 'done']]], // turns 4 months 2002-02-15: the day before
  n2: ['2001-12-01', [['newborn_visit', '2002-04-02', 'done']]], // turns 4 months 2002-04-01 (FY2002): a day late
  n3: ['2002-01-15', [['newborn_visit', '2002-02-01', 'done']]],
  n4: ['2002-02-10', [['newborn_visit', '2002-03-01', 'scheduled'], ['newborn_visit', '2002-03-02', 'missed']]],
  n5: ['2002-10-31', [['newborn_visit', '2003-02-28', 'done']]], // 4 months after October 31: February 28, visited on that day: late
  n6: ['2001-07-01', [['postpartum_care', '2001-08-01', 'done']]], // another kind of visit
  n0: ['2000-11-30', [['newborn_visit', '2001-01-10', 'done']]], // FY2000: outside the range asked
};

const LABELS = {
  2001: ['平成13年度', 'H13'],
  2002: ['平成14年度', 'H14'],
  2003: ['平成15年度', 'H15'],
  2014: ['平成26年度', 'H26'],
  2015: ['平成27年度', 'H27'],
  2016: ['平成28年度', 'H28'],
  2010: ['平成22年度', 'H22'],
  2011: ['平成23年度', 'H23'],
  2012: ['平成24年度', 'H24'],
  2017: ['平成29年度', 'H29'],
  2018: ['平成30年度', 'H30'],
  2019: ['令和元年度', 'R1'],
  2020: ['令和2年度', 'R2'],
  2021: ['令和3年度', 'R3'],
};

let server, c, ids;

const zeros = (codes) => Object.fromEntries(codes.map((k) => [k, 0]));

// The rows the data set must give, tallied from the years and bands stated above.
function expectedRows(from, to) {
  const rows = [];
  for (let fy = from; fy <= to; fy++) {
    const row = { fiscal_year: fy, label: LABELS[fy][0], short: LABELS[fy][1], total: 0, by_type: zeros(TYPES), by_age_band: zeros(BANDS), by_route: zeros(ROUTES), by_perpetrator: zeros(PERPS) };
    for (const r of REPORTS.filter((x) => x.fy === fy)) {
      row.total++;
      for (const t of r.types) row.by_type[t]++;
      for (const [, band] of r.children) row.by_age_band[band]++;
      row.by_route[r.route]++;
      row.by_perpetrator[r.perp ?? 'unknown']++;
    }
    rows.push(row);
  }
  return rows;
}

const unix = (at) => Math.floor(Date.parse(at) / 1000);
const text = (v) => (v === null ? 'NULL' : `'${v}'`);

async function takeReport(r, kind) {
  const body = { kind, received_at: r.at, route: r.route, abuse_types: r.types, child_ids: r.children.map(([child]) => `p-${child}`) };
  if (r.perp) body.main_perpetrator = r.perp;
  const res = await c.welfare.post('/api/v1/reports', body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

function insertPregnancy([id, on, weeks, afterBirth, level, unasked]) {
  return `INSERT INTO pregnancies (id, mother_id, notified_on, weeks_at_notification, notified_after_birth, answers, risk_score, risk_level, flags, candidate, band, risk_table_version, unasked_count, created_at, updated_at)
      VALUES ('${id}', 'p-c7', '${on}', ${weeks ?? 'NULL'}, ${afterBirth}, '{}', 0, '${level}', '[]', 0, 'unknown', 1, ${unasked}, 0, 0);`;
}

function insertInfant([key, [birth, visits]]) {
  const rows = visits.map(([kind, on, status], i) => `('v-${key}-${i}', 'p-${key}', '${kind}', '${on}', '${status}', 0, 0)`);
  return `INSERT INTO persons (id, family_name, family_name_kana, birth_date, created_at, updated_at) VALUES ('p-${key}', '乳児', 'ニュウジ', '${birth}', 0, 0);
    INSERT INTO visits (id, person_id, kind, on_date, status, created_at, updated_at) VALUES ${rows.join(', ')};`;
}

function insertSafety(r, kind) {
  const children = r.seen.map((h, i) => `('${r.id}', ${i}, 'p-c${i + 1}', ${h === null ? 'NULL' : unix(r.at) + h * H})`).join(', ');
  return `INSERT INTO reports (id, kind, received_at, received_by, route, abuse_types, status, created_at, updated_at)
      VALUES ('${r.id}', '${kind}', ${unix(r.at)}, '${ids.welfare}', 'police', '["physical"]', 'safety_confirmed', 0, 0);
    INSERT INTO report_children (report_id, position, child_id, confirmed_at) VALUES ${children};`;
}

before(async () => {
  ({ server, c, ids } = await startWithRoles(['director', 'coordinator', 'health', 'welfare', 'clerk', 'partner', 'admin']));
  const persons = Object.entries(CHILDREN).map(([k, birth]) => `('p-${k}', '統計', 'トウケイ', ${text(birth)}, 0, 0)`);
  sql(server, `
    INSERT INTO persons (id, family_name, family_name_kana, birth_date, created_at, updated_at) VALUES ${persons.join(', ')};
    ${SAFETY.map((r) => insertSafety(r, 'abuse_report')).join('\n')}
    ${insertSafety(SAFETY_CONSULTATION, 'consultation')}
    ${PREGNANCIES.map(insertPregnancy).join('\n')}
    ${Object.entries(INFANTS).map(insertInfant).join('\n')}`);
  for (const r of REPORTS) await takeReport(r, 'abuse_report');
  await takeReport(CONSULTATION, 'consultation');
});

after(async () => {
  if (server) await stopClean(server);
});

const statsAudit = (user) =>
  sqlRows(server, `SELECT action, object_id FROM audit WHERE object_type = 'stats' AND user_id = '${ids[user]}' ORDER BY seq`);

test('reports: one row per fiscal year, zero years and zero codes present, counted by Japan time', async () => {
  const r = await c.welfare.get('/api/v1/stats/reports?fy_from=2017&fy_to=2021');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body, { rows: expectedRows(2017, 2021) });
  const [fy2017, fy2018, fy2019, fy2020] = r.body.rows;
  assert.equal(fy2017.total, 1, 'the last second of March in Japan is FY2017');
  assert.equal(fy2018.total, 2, 'the consultation is not counted');
  assert.equal(fy2018.by_age_band.elementary, 1);
  assert.equal(fy2018.by_age_band.preschool, 2, 'born April 2 enters school a year after April 1');
  assert.equal(fy2019.total, 2, 'a report about two children counts once');
  assert.equal(fy2019.by_age_band.under3 + fy2019.by_age_band.unknown, 2, '…and once per child by age band');
  assert.equal(fy2019.by_perpetrator.unknown, 0);
  assert.equal(fy2017.by_perpetrator.unknown, 1, 'no main perpetrator: unknown');
  assert.equal(fy2020.total, 0);
  assert.deepEqual(statsAudit('welfare'), [{ action: 'read', object_id: 'reports' }]);
});

test('reports: one year, the 令和元年度 row with the reports of 平成31年4月 and 令和元年5月', async () => {
  const r = await c.director.get('/api/v1/stats/reports?fy_from=2019&fy_to=2019');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.rows, expectedRows(2019, 2019));
  assert.equal(r.body.rows[0].label, '令和元年度');
  assert.equal(r.body.rows[0].short, 'R1');
});

// The CSV as sent (fetch's text() would drop the byte order mark): { res, raw bytes }.
async function getRaw(who, path) {
  const res = await fetch(server.url + path, { headers: { cookie: c[who].cookie } });
  return { res, raw: Buffer.from(await res.arrayBuffer()) };
}

function parseCsv(raw) {
  assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark');
  const body = raw.subarray(3).toString('utf8');
  assert.ok(body.endsWith('\r\n'));
  assert.ok(!/[^\r]\n/.test(body), 'every line ends in CRLF');
  assert.ok(!body.includes('"'), 'no cell needs quoting');
  return body.slice(0, -2).split('\r\n').map((line) => line.split(','));
}

test('reports as CSV: the same table, with a header of Japanese labels, audited as an export', async () => {
  const { res, raw } = await getRaw('coordinator', '/api/v1/stats/reports?fy_from=2017&fy_to=2021&format=csv');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="reports-\d{4}-\d{2}-\d{2}\.csv"/);
  const [header, ...lines] = parseCsv(raw);
  assert.deepEqual(header.slice(0, 7), ['年度', '件数', '身体的虐待', '性的虐待', '保護の怠慢・拒否（ネグレクト）', '心理的虐待', '0〜3歳未満']);
  assert.deepEqual(header.slice(7, 12), ['3歳〜学齢前', '小学生', '中学生', '高校生・その他', '年齢不明']);
  assert.equal(header[12], '家族');
  assert.deepEqual(header.slice(-6), ['虐待者 実父', '虐待者 実父以外の父', '虐待者 実母', '虐待者 実母以外の母', '虐待者 その他', '虐待者 不明']);
  assert.equal(new Set(header).size, header.length, 'no two columns named alike (経路 その他, 虐待者 その他)');
  assert.equal(header.length, 2 + TYPES.length + BANDS.length + ROUTES.length + PERPS.length);
  const want = expectedRows(2017, 2021).map((row) => [
    row.label,
    ...[row.total, ...Object.values(row.by_type), ...Object.values(row.by_age_band), ...Object.values(row.by_route), ...Object.values(row.by_perpetrator)].map(String),
  ]);
  assert.deepEqual(lines, want);
  assert.deepEqual(statsAudit('coordinator'), [{ action: 'export', object_id: 'reports' }]);
});

test('reports: health reads them too', async () => {
  const r = await c.health.get('/api/v1/stats/reports?fy_from=2020&fy_to=2020&format=json');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.rows, expectedRows(2020, 2020));
});

test('reports: a bad range is 400 invalid_field naming the field', async () => {
  const cases = [
    ['fy_from=1988&fy_to=2019', 'fy_from'],
    ['fy_from=2019&fy_to=2101', 'fy_to'],
    ['fy_from=2020&fy_to=2019', 'fy_from'],
    ['fy_from=R1&fy_to=2019', 'fy_from'],
    ['fy_from=2019&fy_to=02020', 'fy_to'],
    ['fy_from=2019&fy_to=2019&format=xlsx', 'format'],
  ];
  for (const [query, field] of cases) {
    const r = await c.director.get(`/api/v1/stats/reports?${query}`);
    assert.equal(r.status, 400, query);
    assert.equal(r.body.error.code, 'invalid_field', query);
    assert.equal(r.body.error.field, field, query);
  }
  const missing = await c.director.get('/api/v1/stats/reports?fy_from=2019');
  assert.equal(missing.status, 400);
  assert.equal(missing.body.error.field, 'fy_to');
  const edges = await c.director.get('/api/v1/stats/reports?fy_from=1989&fy_to=2100');
  assert.equal(edges.status, 200);
  assert.equal(edges.body.rows.length, 2100 - 1989 + 1);
  assert.equal(edges.body.rows[0].label, '平成元年度');
});

test('reports: 403 for clerk, partner and admin, and nothing audited', async () => {
  for (const who of ['clerk', 'partner', 'admin']) {
    const r = await c[who].get('/api/v1/stats/reports?fy_from=2019&fy_to=2019');
    assert.equal(r.status, 403, who);
    assert.deepEqual(statsAudit(who), [], who);
  }
});

const SAFETY_ROWS = [
  // 1, 50 (the last child), 48 and 5.25 hours: median by nearest rank the 2nd of 4, p90 the 4th
  { fiscal_year: 2010, label: '平成22年度', short: 'H22', total: 5, confirmed: 4, within_48h: 3, median_hours: 5.3, p90_hours: 50 },
  { fiscal_year: 2011, label: '平成23年度', short: 'H23', total: 1, confirmed: 0, within_48h: 0, median_hours: null, p90_hours: null },
  { fiscal_year: 2012, label: '平成24年度', short: 'H24', total: 0, confirmed: 0, within_48h: 0, median_hours: null, p90_hours: null },
];

test('safety: confirmed when every child was seen, hours to the last child, nearest-rank median and p90', async () => {
  const r = await c.health.get('/api/v1/stats/safety?fy_from=2010&fy_to=2012');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body, { rows: SAFETY_ROWS });
  assert.deepEqual(statsAudit('health').at(-1), { action: 'read', object_id: 'safety' });
});

test('safety as CSV: hours with one decimal, none empty; audited as an export', async () => {
  const { res, raw } = await getRaw('director', '/api/v1/stats/safety?fy_from=2010&fy_to=2012&format=csv');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition'), /filename="safety-\d{4}-\d{2}-\d{2}\.csv"/);
  assert.deepEqual(parseCsv(raw), [
    ['年度', '件数', '安全確認済', '48時間以内', '中央値（時間）', '90パーセンタイル（時間）'],
    ['平成22年度', '5', '4', '3', '5.3', '50.0'],
    ['平成23年度', '1', '0', '0', '', ''],
    ['平成24年度', '0', '0', '0', '', ''],
  ]);
  assert.deepEqual(statsAudit('director').at(-1), { action: 'export', object_id: 'safety' });
});

test('safety: the same checks of the range and the roles', async () => {
  const bad = await c.director.get('/api/v1/stats/safety?fy_from=2012&fy_to=2010');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'fy_from');
  for (const who of ['clerk', 'partner', 'admin'])
    assert.equal((await c[who].get('/api/v1/stats/safety?fy_from=2010&fy_to=2010')).status, 403, who);
});

const band = (within_11w, w12_19, w20_27, w28_plus, postpartum, unknown) => ({ within_11w, w12_19, w20_27, w28_plus, postpartum, unknown });
const level = (low, medium, high, incomplete) => ({ low, medium, high, incomplete });

test('pregnancies: by the national band of timing and by risk level, an incomplete interview as incomplete', async () => {
  const r = await c.coordinator.get('/api/v1/stats/pregnancies?fy_from=2015&fy_to=2017');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.rows, [
    { fiscal_year: 2015, label: '平成27年度', short: 'H27', total: 7, by_band: band(2, 2, 2, 1, 0, 0), by_risk_level: level(3, 2, 1, 1) },
    { fiscal_year: 2016, label: '平成28年度', short: 'H28', total: 2, by_band: band(0, 0, 0, 0, 1, 1), by_risk_level: level(1, 0, 0, 1) },
    { fiscal_year: 2017, label: '平成29年度', short: 'H29', total: 0, by_band: band(0, 0, 0, 0, 0, 0), by_risk_level: level(0, 0, 0, 0) },
  ]);
  assert.deepEqual(statsAudit('coordinator').at(-1), { action: 'read', object_id: 'pregnancies' });
});

test('pregnancies as CSV; the range and the roles checked', async () => {
  const { res, raw } = await getRaw('health', '/api/v1/stats/pregnancies?fy_from=2016&fy_to=2016&format=csv');
  assert.equal(res.status, 200);
  assert.deepEqual(parseCsv(raw), [
    ['年度', '件数', '満11週以内', '満12〜19週', '満20〜27週', '満28週〜分娩まで', '分娩後', '不詳', '低', '中', '高', '未確認の項目あり'],
    ['平成28年度', '2', '0', '0', '0', '0', '1', '1', '1', '0', '0', '1'],
  ]);
  assert.deepEqual(statsAudit('health').at(-1), { action: 'export', object_id: 'pregnancies' });
  const bad = await c.director.get('/api/v1/stats/pregnancies?fy_from=2016&fy_to=3000');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'fy_to');
  for (const who of ['clerk', 'partner', 'admin'])
    assert.equal((await c[who].get('/api/v1/stats/pregnancies?fy_from=2016&fy_to=2016')).status, 403, who);
});

test('newborn visits: infants by the fiscal year in which they turn 4 months, visited before that day', async () => {
  const r = await c.welfare.get('/api/v1/stats/newborn_visits?fy_from=2001&fy_to=2003');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.rows, [
    { fiscal_year: 2001, label: '平成13年度', short: 'H13', infants: 3, visited_by_4m: 1 },
    { fiscal_year: 2002, label: '平成14年度', short: 'H14', infants: 4, visited_by_4m: 1 },
    { fiscal_year: 2003, label: '平成15年度', short: 'H15', infants: 0, visited_by_4m: 0 },
  ]);
  assert.deepEqual(statsAudit('welfare').at(-1), { action: 'read', object_id: 'newborn_visits' });
  const { res, raw } = await getRaw('welfare', '/api/v1/stats/newborn_visits?fy_from=2002&fy_to=2002&format=csv');
  assert.equal(res.status, 200);
  assert.deepEqual(parseCsv(raw), [['年度', '対象児数', '4か月までに訪問'], ['平成14年度', '4', '1']]);
  assert.deepEqual(statsAudit('welfare').at(-1), { action: 'export', object_id: 'newborn_visits' });
  assert.equal((await c.director.get('/api/v1/stats/newborn_visits?fy_from=1988&fy_to=2002')).body.error.field, 'fy_from');
  for (const who of ['clerk', 'partner', 'admin'])
    assert.equal((await c[who].get('/api/v1/stats/newborn_visits?fy_from=2002&fy_to=2002')).status, 403, who);
});
