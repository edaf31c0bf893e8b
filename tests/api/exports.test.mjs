// The council's CSV exports (GET /persons?format=csv, GET /reports?format=csv) and the CP932
// encoding of every CSV (?encoding=cp932): the director and the coordinator only; every person
// audited as an export against them; a protected address and phone left out; no reporter, no
// summary; cells a spreadsheet would run neutralised; UTF-8 with a BOM, or CP932 with 〓 for a
// character it lacks, the cells so written counted in a header and a last warning line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql, sqlRows } from '../lib/store.mjs';
import { startWithRoles } from './health_support.mjs';
import { stopClean } from './support.mjs';

let server, c, ids;

// [id, family, given, family kana, given kana, birth, sex, address, phone, resident id, protected]
const PERSONS = [
  ['p-1', '髙橋', '花子', 'タカハシ', 'ハナコ', '2015-04-01', 'female', '西東京市1-1', '042-000-0001', 'R1', 0],
  ['p-2', '𠮷田', '太郎', 'ヨシダ', 'タロウ', '2016-05-02', 'male', '=HYPERLINK("http://x")', '-5', null, 0],
  ['p-3', '保護', '母', 'ホゴ', 'ハハ', null, 'unknown', '秘匿の住所', '090-9999-9999', null, 1],
];
const text = (v) => (v === null ? 'NULL' : `'${v}'`);

before(async () => {
  ({ server, c, ids } = await startWithRoles(['director', 'coordinator', 'health', 'welfare', 'clerk', 'partner', 'admin']));
  const persons = PERSONS.map((p) => `(${p.map((v) => (typeof v === 'number' ? v : text(v))).join(', ')}, 0, 0)`);
  const at = Math.floor(Date.parse('2024-04-01T10:05:00+09:00') / 1000);
  sql(server, `
    INSERT INTO persons (id, family_name, given_name, family_name_kana, given_name_kana, birth_date, sex, address, phone, resident_id, address_protected, created_at, updated_at)
      VALUES ${persons.join(', ')};
    INSERT INTO reports (id, kind, received_at, received_by, route, abuse_types, main_perpetrator, summary, reporter_name, reporter_contact, status, created_at, updated_at)
      VALUES ('rep-1', 'abuse_report', ${at}, '${ids.welfare}', 'police', '["physical","psychological"]', 'biological_mother', '要約は出さない', '通告者の名前', '090-1111-2222', 'juri', 0, 0),
             ('rep-2', 'consultation', ${at + 86400}, '${ids.welfare}', 'family', '[]', NULL, NULL, NULL, NULL, 'received', 0, 0);
    INSERT INTO report_children (report_id, position, child_id) VALUES ('rep-1', 0, 'p-1'), ('rep-1', 1, 'p-2'), ('rep-2', 0, 'p-3');`);
});

after(async () => {
  if (server) await stopClean(server);
});

async function getRaw(who, path) {
  const res = await fetch(server.url + path, { headers: { cookie: c[who].cookie } });
  return { res, raw: Buffer.from(await res.arrayBuffer()) };
}

// RFC 4180 lines of a CRLF text (quoted cells may hold commas and quotes).
function parseCsv(body) {
  assert.ok(body.endsWith('\r\n'), 'ends in CRLF');
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && body[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  return rows;
}

function utf8Csv(raw) {
  assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark');
  return parseCsv(raw.subarray(3).toString('utf8'));
}

const exportAudit = (who) =>
  sqlRows(server, `SELECT object_type, object_id, person_id FROM audit WHERE action = 'export' AND user_id = '${ids[who]}' ORDER BY seq`);

const PERSONS_HEADER = ['ID', '氏', '名', '氏（カナ）', '名（カナ）', '生年月日', '性別', '住所', '電話番号', '住民番号', '住所秘匿'];

test('persons as CSV: every person by kana, a protected address and phone left out, formulas neutralised, each person audited', async () => {
  const { res, raw } = await getRaw('director', '/api/v1/persons?format=csv');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(res.headers.get('content-disposition'), /filename="persons-\d{4}-\d{2}-\d{2}\.csv"/);
  assert.deepEqual(utf8Csv(raw), [
    PERSONS_HEADER,
    ['p-1', '髙橋', '花子', 'タカハシ', 'ハナコ', '2015-04-01', '女性', '西東京市1-1', '042-000-0001', 'R1', ''],
    ['p-3', '保護', '母', 'ホゴ', 'ハハ', '', '不明', '', '', '', '住所秘匿'],
    ['p-2', '𠮷田', '太郎', 'ヨシダ', 'タロウ', '2016-05-02', '男性', `'=HYPERLINK("http://x")`, "'-5", '', ''],
  ]);
  assert.ok(!raw.toString('utf8').includes('秘匿の住所') && !raw.toString('utf8').includes('090-9999'));
  assert.deepEqual(exportAudit('director'), [
    { object_type: 'person', object_id: 'p-1', person_id: 'p-1' },
    { object_type: 'person', object_id: 'p-3', person_id: 'p-3' },
    { object_type: 'person', object_id: 'p-2', person_id: 'p-2' },
    { object_type: 'export', object_id: 'persons', person_id: null },
  ]);
});

test('persons in CP932: no BOM, 髙 kept, 𠮷 written as 〓, the cells so written counted', async () => {
  const { res, raw } = await getRaw('coordinator', '/api/v1/persons?format=csv&encoding=cp932');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv; charset=Windows-31J/);
  assert.equal(res.headers.get('x-tsunagu-replaced-cells'), '1');
  assert.notEqual(raw[0], 0xef, 'no byte order mark');
  assert.ok(raw.includes(Buffer.from([0xfb, 0xfc, 0x8b, 0xb4])), '髙橋 in CP932 (0xFBFC is 髙)');
  const rows = parseCsv(new TextDecoder('shift_jis').decode(raw));
  assert.deepEqual(rows[0], PERSONS_HEADER);
  assert.equal(rows[1][1], '髙橋');
  assert.equal(rows[3][1], '〓田');
  assert.deepEqual(rows.at(-1), ['警告: CP932にない文字を〓に置き換えたセルが1個あります']);
  assert.equal(rows.length, 5);
});

test('reports as CSV: a line per child, oldest first, no reporter and no summary, each child audited', async () => {
  const { res, raw } = await getRaw('coordinator', '/api/v1/reports?format=csv');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition'), /filename="reports-\d{4}-\d{2}-\d{2}\.csv"/);
  assert.deepEqual(utf8Csv(raw), [
    ['ID', '種別', '受理日時', '経路', '虐待種別', '主たる虐待者', '状況', '児童ID', '児童氏名', '生年月日'],
    ['rep-1', '虐待通告', '2024-04-01 10:05', '警察等', '身体的虐待、心理的虐待', '実母', '受理会議', 'p-1', '髙橋　花子', '2015-04-01'],
    ['rep-1', '虐待通告', '2024-04-01 10:05', '警察等', '身体的虐待、心理的虐待', '実母', '受理会議', 'p-2', '𠮷田　太郎', '2016-05-02'],
    ['rep-2', '相談', '2024-04-02 10:05', '家族', '', '', '受付', 'p-3', '保護　母', ''],
  ]);
  const body = raw.toString('utf8');
  for (const secret of ['通告者の名前', '090-1111-2222', '要約は出さない']) assert.ok(!body.includes(secret), secret);
  assert.deepEqual(exportAudit('coordinator').filter((a) => a.object_type === 'report' || a.object_id === 'reports'), [
    { object_type: 'report', object_id: 'rep-1', person_id: 'p-1' },
    { object_type: 'report', object_id: 'rep-1', person_id: 'p-2' },
    { object_type: 'report', object_id: 'rep-2', person_id: 'p-3' },
    { object_type: 'export', object_id: 'reports', person_id: null },
  ]);
});

test('only the director and the coordinator export records; nothing audited for the others', async () => {
  for (const who of ['health', 'welfare', 'clerk', 'partner', 'admin']) {
    for (const path of ['/api/v1/persons?format=csv', '/api/v1/reports?format=csv']) {
      const r = await c[who].get(path);
      assert.equal(r.status, 403, `${who} ${path}`);
    }
    assert.deepEqual(exportAudit(who), [], who);
  }
});

test('an export is every record: the list parameters and an unknown encoding are 400 naming the field', async () => {
  const cases = [
    ['/api/v1/persons?format=csv&q=タカ', 'q'],
    ['/api/v1/persons?format=csv&limit=10', 'limit'],
    ['/api/v1/reports?format=csv&kind=consultation', 'kind'],
    ['/api/v1/reports?format=csv&open=true', 'open'],
    ['/api/v1/persons?format=csv&encoding=latin1', 'encoding'],
    ['/api/v1/persons?format=xlsx', 'format'],
    ['/api/v1/stats/reports?fy_from=2024&fy_to=2024&format=csv&encoding=sjis', 'encoding'],
  ];
  for (const [path, field] of cases) {
    const r = await c.director.get(path);
    assert.equal(r.status, 400, path);
    assert.equal(r.body.error.code, 'invalid_field', path);
    assert.equal(r.body.error.field, field, path);
  }
  const list = await c.director.get('/api/v1/persons?q=タカ&limit=10');
  assert.equal(list.status, 200, 'the list itself is unchanged');
  assert.ok(Array.isArray(list.body.items));
});

test('the statistics and the ledger in CP932 too: no BOM, Japanese header in CP932, nothing replaced', async () => {
  const stats = await getRaw('director', '/api/v1/stats/safety?fy_from=2024&fy_to=2024&format=csv&encoding=cp932');
  assert.equal(stats.res.status, 200);
  assert.equal(stats.res.headers.get('x-tsunagu-replaced-cells'), '0');
  assert.notEqual(stats.raw[0], 0xef);
  assert.deepEqual(parseCsv(new TextDecoder('shift_jis').decode(stats.raw)), [
    ['年度', '件数', '安全確認済', '48時間以内', '中央値（時間）', '90パーセンタイル（時間）'],
    ['令和6年度', '1', '0', '0', '', ''],
  ]);
  const ledger = await getRaw('coordinator', '/api/v1/ledger?format=csv&encoding=cp932');
  assert.equal(ledger.res.status, 200);
  assert.equal(ledger.raw.subarray(0, 4).toString('hex'), Buffer.from('8e8196bc', 'hex').toString('hex'), '氏名 in CP932');
  const utf8 = await getRaw('coordinator', '/api/v1/ledger?format=csv');
  assert.equal(utf8.raw.subarray(0, 3).toString('hex'), 'efbbbf', 'UTF-8 with a BOM by default');
});
