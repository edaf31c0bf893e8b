// The CSV import (interchange.md) through POST /api/v1/import/{kind} and `tsunagu import`: UTF-8
// and CP932 files, RFC 4180 quoting, all or nothing with every bad line named, re-import
// skipping everything, references between files, 和暦 dates, the 64 MiB limit, the roles, the
// audit row `import`, the provenance rows, imported reports without received_by, and no alert
// for history dated before --alerts-from.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../lib/server.mjs';
import { sql, sqlRows, storeArgs } from '../lib/store.mjs';
import { startWithRoles, todayJst, addDays, addMonths } from './health_support.mjs';
import { rawRequest, stopClean } from './support.mjs';

let server, c, ids;
before(async () => ({ server, c, ids } = await startWithRoles(['director', 'admin', 'health', 'welfare', 'clerk'])));
after(async () => stopClean(server));

const CSV = { 'content-type': 'text/csv; charset=utf-8' };
const post = (kind, body, query = '', client = c.director) => client.post(`/api/v1/import/${kind}${query}`, body, CSV);
const persons = () => Number(sql(server, 'SELECT COUNT(*) FROM persons'));
const recordOf = (kind, externalId) =>
  sql(server, `SELECT record_id FROM import_records WHERE kind = '${kind}' AND external_id = '${externalId}'`);

const PERSONS_HEADER = 'external_id,family_name,given_name,family_name_kana,given_name_kana,birth_date,sex,address,household_external_id,relation';

test('UTF-8 persons: quoted commas and line breaks, 和暦 dates, a household; the same file again imports nothing', async () => {
  const file =
    `\uFEFF${PERSONS_HEADER}\r\n` +
    'u1,山田,花子,やまだ,はなこ,H2.4.1,女,"東京都千代田区1-1, 101号",hh1,mother\r\n' +
    'u2,山田,太郎,ヤマダ,タロウ,令和元年5月1日,男,"二行の\r\n住所",hh1,child\r\n' +
    'u3,佐藤,一郎,サトウ,イチロウ,S62.4.1,male,,,\r\n';
  const before = persons();
  const r = await post('persons', file, '?file_name=persons.csv');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body, { imported: { persons: 3 }, skipped: { persons: 0 } });
  assert.equal(persons(), before + 3);

  const p1 = await c.director.get(`/api/v1/persons/${recordOf('persons', 'u1')}`);
  assert.equal(p1.status, 200);
  assert.equal(p1.body.address, '東京都千代田区1-1, 101号');
  assert.equal(p1.body.birth_date, '1990-04-01');
  assert.equal(p1.body.family_name_kana, 'ヤマダ'); // hiragana stored as katakana, as the API does
  assert.equal(p1.body.sex, 'female');
  const p2 = await c.director.get(`/api/v1/persons/${recordOf('persons', 'u2')}`);
  assert.equal(p2.body.address, '二行の\r\n住所');
  assert.equal(p2.body.birth_date, '2019-05-01');
  const p3 = await c.director.get(`/api/v1/persons/${recordOf('persons', 'u3')}`);
  assert.equal(p3.body.birth_date, '1987-04-01');
  // One household of both, as the file says.
  assert.equal(p1.body.households.length, 1);
  assert.equal(p1.body.households[0].household_id, p2.body.households[0].household_id);
  assert.equal(p2.body.households[0].relation, 'child');

  // Provenance: the import, its file, the line each row starts on (u3 after a two-line row).
  const rows = sqlRows(server, "SELECT external_id, line, i.file_name, i.by_user FROM import_records r JOIN imports i ON i.id = r.import_id WHERE r.kind = 'persons' AND external_id LIKE 'u%' ORDER BY external_id");
  assert.deepEqual(rows.map((x) => [x.external_id, Number(x.line), x.file_name, x.by_user]), [
    ['u1', 2, 'persons.csv', ids.director],
    ['u2', 3, 'persons.csv', ids.director],
    ['u3', 5, 'persons.csv', ids.director],
  ]);
  // …and the person's page says so.
  assert.deepEqual(
    { ...p3.body.imported, import_id: undefined, at: undefined },
    { import_id: undefined, at: undefined, file_name: 'persons.csv', line: 5, external_id: 'u3' },
  );
  assert.match(p3.body.imported.at, /^\d{4}-\d{2}-\d{2}T/);

  // Again, with a column changed: skipped by external id, nothing new.
  const again = await post('persons', file.replace('佐藤', '鈴木'));
  assert.equal(again.status, 200);
  assert.deepEqual(again.body, { imported: { persons: 0 }, skipped: { persons: 3 } });
  assert.equal(persons(), before + 3);
  const made = await c.director.post('/api/v1/persons', { family_name: '新規', family_name_kana: 'シンキ' });
  assert.equal(made.status, 201);
  assert.equal((await c.director.get(`/api/v1/persons/${made.body.id}`)).body.imported, null, 'made in tsunagu');
});

test('a CP932 file (～ － ① 髙) is detected and read; ?encoding=utf-8 refuses it naming the line', async () => {
  const text = `${PERSONS_HEADER}\r\ns1,髙橋,①子,タカハシ,イチコ,2020/1/2,female,市内～1－2,,\r\n`;
  const bytes = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'CP932'], { input: text });
  assert.equal(bytes.status, 0);
  const body = new Uint8Array(bytes.stdout);
  assert.ok(body.includes(0xfb) && body.includes(0x87), 'the IBM and NEC rows are in the bytes');
  const forced = await post('persons', body, '?encoding=utf-8');
  assert.equal(forced.status, 400);
  assert.equal(forced.body.error.code, 'invalid_csv');
  assert.equal(forced.body.rows[0].line, 2);
  const r = await post('persons', body);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const p = await c.director.get(`/api/v1/persons/${recordOf('persons', 's1')}`);
  assert.equal(p.body.family_name, '髙橋');
  assert.equal(p.body.given_name, '①子');
  assert.equal(p.body.address, '市内～1－2');
});

test('a bad file imports nothing and names every bad line with its column', async () => {
  const before = persons();
  const file =
    `${PERSONS_HEADER}\n` +
    'b1,良い,行,ヨイ,ギョウ,2020-01-01,female,,,\n' +
    'b2,,名,カナ,,令和2年2月30日,female,,,\n' + // no family name, no such day
    'b3,正,常,セイ,ジョウ,2021-1-1,male,,,\n' +
    'b4,日,付,ヒ,ヅケ,R0.1.1,x,,hh9,\n' + // era year 0, unknown sex, household without relation
    'b5,列,多,レツ,オオ,,,,,,extra\n'; // one field more than the header
  const r = await post('persons', file);
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'invalid_csv');
  const named = r.body.rows.map((x) => `${x.line}:${x.column}`);
  assert.deepEqual(named, ['3:family_name', '3:birth_date', '5:birth_date', '5:sex', '5:relation', '6:-']);
  for (const row of r.body.rows) assert.ok(row.reason.length > 0);
  assert.equal(persons(), before, 'nothing imported, the good rows neither');
  assert.equal(sql(server, "SELECT COUNT(*) FROM import_records WHERE external_id IN ('b1', 'b3')"), '0');

  // The header: an unknown column and a missing required one.
  const typo = await post('persons', 'extrenal_id,family_name,family_name_kana\nx,a,ア\n');
  assert.equal(typo.status, 400);
  assert.equal(typo.body.rows[0].line, 1);
  assert.match(typo.body.rows[0].reason, /extrenal_id/);
  // A service's refusal is the row's reason too (a birth date in the future).
  const future = await post('persons', `${PERSONS_HEADER}\nf1,未来,,ミライ,,${addDays(todayJst(), 3)},,,,\n`);
  assert.equal(future.status, 400);
  assert.deepEqual(future.body.rows.map((x) => [x.line, x.column]), [[2, 'birth_date']]);
});

test('pregnancies, reports and visits refer to the persons by external id; an unknown one is the row\'s error', async () => {
  const people =
    `${PERSONS_HEADER}\n` +
    'm1,母,一,ハハ,イチ,1995-05-05,female,,,\n' +
    `k1,子,一,コ,イチ,${addMonths(todayJst(), -30)},male,,,\n` +
    `k2,子,二,コ,ニ,${addMonths(todayJst(), -1)},female,,,\n`;
  assert.equal((await post('persons', people)).status, 200);

  const preg =
    'external_id,mother_external_id,notified_on,weeks_at_notification,due_date,multiple,notified_after_birth,answers,answers_no\n' +
    `g1,m1,${addDays(todayJst(), -200)},10,,0,0,smoking;dv,mental_illness\n`;
  const g = await post('pregnancies', preg);
  assert.equal(g.status, 200, JSON.stringify(g.body));
  const pg = await c.director.get(`/api/v1/pregnancies/${recordOf('pregnancies', 'g1')}`);
  assert.equal(pg.status, 200);
  assert.equal(pg.body.answers.smoking, true);
  assert.equal(pg.body.answers.mental_illness, false);
  assert.ok(pg.body.unasked.includes('single_parent'), 'in neither column: unasked, never no');
  assert.ok(!pg.body.unasked.includes('mental_illness'));
  assert.ok(pg.body.risk_score > 0, 'risk judged by the same table as the API');

  const unknown = await post('pregnancies', preg.replace('g1,m1', 'g2,nobody'));
  assert.equal(unknown.status, 400);
  assert.deepEqual(unknown.body.rows.map((x) => [x.line, x.column]), [[2, 'mother_external_id']]);

  const received = addDays(todayJst(), -400);
  const reports =
    'external_id,kind,received_at,route,abuse_types,child_external_ids,main_perpetrator,summary,safety_confirmed_at,closed_on\n' +
    `r1,abuse_report,${received} 10:00,school,physical;neglect,k1;k2,biological_mother,"旧システム, 移行",${received} 15:30,${addDays(received, 30)}\n` +
    `r2,consultation,${received}T09:00:00+09:00,family,,k1,,,,\n`;
  const rr = await post('reports', reports);
  assert.equal(rr.status, 200, JSON.stringify(rr.body));
  const r1 = await c.director.get(`/api/v1/reports/${recordOf('reports', 'r1')}`);
  assert.equal(r1.status, 200);
  assert.equal(r1.body.received_by, null, 'an imported report has no received_by');
  assert.equal(r1.body.imported.external_id, 'r1');
  assert.equal(r1.body.imported.line, 2);
  assert.equal(r1.body.status, 'closed');
  assert.deepEqual(r1.body.events.map((e) => e.step), ['received', 'juri', 'safety_confirmed', 'policy', 'closed']);
  for (const e of r1.body.events) assert.equal(e.recorded_by, null);
  assert.equal(r1.body.children.length, 2);

  const visits =
    'external_id,person_external_id,kind,on,checkup,attended,note\n' +
    `v1,k1,checkup,${addMonths(todayJst(), -26)},4m,1,\n` +
    `v2,k9,checkup,${addMonths(todayJst(), -26)},4m,1,\n`;
  const bad = await post('visits', visits);
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.rows.map((x) => [x.line, x.column]), [[3, 'person_external_id']]);
  assert.equal(sql(server, "SELECT COUNT(*) FROM import_records WHERE kind = 'visits'"), '0');
});

test('history before alerts_from raises no alert; the same history imported with an earlier alerts_from does', async () => {
  const born = addMonths(todayJst(), -2);
  const missedOn = addMonths(todayJst(), -1);
  const received = addDays(todayJst(), -3);
  const people = (p) => `${PERSONS_HEADER}\n${p}a,新生,児,シンセイ,ジ,${born},female,,,\n`;
  const visits = (p) => `external_id,person_external_id,kind,on,checkup,attended,note\n${p}v,${p}a,checkup,${missedOn},4m,0,\n`;
  const reports = (p) =>
    `external_id,kind,received_at,route,abuse_types,child_external_ids,main_perpetrator,summary,safety_confirmed_at,closed_on\n${p}r,abuse_report,${received} 10:00,police,physical,${p}a,,,,\n`;
  for (const [p, query] of [['q', ''], ['n', `?alerts_from=${addMonths(todayJst(), -6)}`]]) {
    for (const [kind, file] of [['persons', people(p)], ['visits', visits(p)], ['reports', reports(p)]])
      assert.equal((await post(kind, file, query)).status, 200, kind);
  }
  const r = await c.director.get('/api/v1/alerts?limit=500');
  assert.equal(r.status, 200);
  const has = (kind, id) => r.body.items.some((a) => a.kind === kind && a.ref.id === id);
  assert.ok(!has('newborn_visit', recordOf('persons', 'qa')), 'born before alerts_from: quiet');
  assert.ok(!has('checkup_missed', recordOf('visits', 'qv')));
  assert.ok(!has('safety_confirmation', recordOf('reports', 'qr')));
  assert.ok(has('newborn_visit', recordOf('persons', 'na')), 'born after alerts_from: on the board');
  assert.ok(has('checkup_missed', recordOf('visits', 'nv')));
  assert.ok(has('safety_confirmation', recordOf('reports', 'nr')));
});

test('director and admin may import, others not; every import is audited as `import`', async () => {
  const file = `${PERSONS_HEADER}\nrole1,役割,,ヤクワリ,,,,,,\n`;
  for (const role of ['health', 'welfare', 'clerk']) {
    const r = await post('persons', file, '', c[role]);
    assert.equal(r.status, 403, role);
  }
  const byAdmin = await post('persons', file, '', c.admin);
  assert.equal(byAdmin.status, 200, JSON.stringify(byAdmin.body));
  const audit = sqlRows(server, `SELECT action, object_type FROM audit WHERE user_id = '${ids.admin}' AND action = 'import'`);
  assert.deepEqual(audit, [{ action: 'import', object_type: 'import' }]);
  const kind = await post('people', file);
  assert.equal(kind.status, 400);
  assert.equal(kind.body.error.field, 'kind');
  const json = await c.director.post('/api/v1/import/persons', { a: 1 });
  assert.equal(json.status, 400);
  assert.equal(json.body.error.field, 'Content-Type');
});

test('a CSV over 1 MiB is taken; one over 64 MiB answers 413', async () => {
  const rows = [];
  for (let i = 0; i < 1800; i++) rows.push(`big${i},大,${i},オオ,,,,"${'住所'.repeat(95)}",,`);
  const file = `${PERSONS_HEADER}\n${rows.join('\n')}\n`;
  assert.ok(Buffer.byteLength(file) > 1024 * 1024);
  const r = await post('persons', file);
  assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
  assert.equal(r.body.imported.persons, 1800);
  // Declared over 64 MiB: answered before the body is sent.
  const over = await rawRequest(server.url, {
    method: 'POST', path: '/api/v1/import/persons',
    headers: { cookie: c.director.cookie, 'x-csrf-token': c.director.csrf, 'content-type': 'text/csv', 'content-length': String(64 * 1024 * 1024 + 1) },
    chunks: [Buffer.from(PERSONS_HEADER)],
  });
  assert.equal(over.status, 413);
  assert.equal(over.body.error.code, 'body_too_large');
  assert.match(over.body.error.message, /64 MiB/);
  // Without a session allowed to import, the route takes no more than any other (1 MiB): an
  // anonymous client, or a nurse, cannot make the server hold a file's worth of body.
  const twoMiB = String(2 * 1024 * 1024);
  const heads = {
    anonymous: { 'content-type': 'text/csv', 'content-length': twoMiB },
    'no CSRF token': { cookie: c.director.cookie, 'content-type': 'text/csv', 'content-length': twoMiB },
    health: { cookie: c.health.cookie, 'x-csrf-token': c.health.csrf, 'content-type': 'text/csv', 'content-length': twoMiB },
  };
  for (const [who, headers] of Object.entries(heads)) {
    const r = await rawRequest(server.url, { method: 'POST', path: '/api/v1/import/persons', headers, chunks: [Buffer.from(PERSONS_HEADER)] });
    assert.equal(r.status, 413, who);
    assert.match(r.body.error.message, /1 MiB/, who);
  }
});

test('tsunagu import: exit 1 with FILE:LINE: column: reason, exit 0 with the counts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-import-'));
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, `${PERSONS_HEADER}\ncli1,,,カナ,,2024-13-01,,,,\ncli2,ok,,オーケー,,,,,,\n`);
  const r1 = spawnSync(BIN, ['import', 'persons', bad, ...storeArgs(server)], { encoding: 'utf8' });
  assert.equal(r1.status, 1, r1.stderr);
  assert.ok(r1.stderr.includes(`${bad}:2: family_name: `), r1.stderr);
  assert.ok(r1.stderr.includes(`${bad}:2: birth_date: `), r1.stderr);
  const good = join(dir, 'good.csv');
  writeFileSync(good, `${PERSONS_HEADER}\ncli2,ok,,オーケー,,,,,,\n`);
  const r2 = spawnSync(BIN, ['import', 'persons', good, ...storeArgs(server)], { encoding: 'utf8' });
  assert.equal(r2.status, 0, r2.stderr);
  assert.match(r2.stdout, /imported persons: 1, skipped: 0/);
  const r3 = spawnSync(BIN, ['import', 'persons', good, ...storeArgs(server)], { encoding: 'utf8' });
  assert.match(r3.stdout, /imported persons: 0, skipped: 1/);
  const audit = sql(server, "SELECT COUNT(*) FROM audit WHERE action = 'import' AND user_id IS NULL");
  assert.equal(audit, '2');
});
