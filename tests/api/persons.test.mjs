// Persons: create and its validation, read, update with versions, search, paging, duplicates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, startServer } from '../lib/server.mjs';
import { stopClean } from './support.mjs';

const USER = { login: 'hoken1', role: 'health', name: '保健 みどり', password: 'midori-pass-2024' };

let server;
let c;
let satoHanako; // 佐藤 花子, created by the first test

before(async () => {
  server = await startServer({ users: [USER], args: ['--rate-limit', '0'] });
  c = new Client(server.url);
  assert.equal((await c.login(USER.login, USER.password)).status, 200);
});

after(async () => {
  if (server) await stopClean(server);
});

// Today's date in Japan as [y, m, d].
function todayJst(offsetDays = 0) {
  const d = new Date(Date.now() + 9 * 3600e3 + offsetDays * 86400e3);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}
const iso = ([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
function ageToday(birth) {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = todayJst();
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const q = (text, extra = '') => `/api/v1/persons?q=${encodeURIComponent(text)}${extra}`;
const ids = (r) => r.body.items.map((p) => p.id);

async function create(body) {
  const r = await c.post('/api/v1/persons', body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

function invalid(r, code, field) {
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.equal(r.body.error.code, code);
  if (field === undefined) assert.equal('field' in r.body.error, false);
  else assert.equal(r.body.error.field, field);
  assert.match(r.body.error.message, /[\u3040-\u30ff\u4e00-\u9fff]/, 'messages are Japanese');
}

test('create: 201, kana normalised, age computed, Location and ETag', async () => {
  const birth = '2019-06-15';
  const r = await c.post('/api/v1/persons', {
    family_name: '佐藤', given_name: '花子', family_name_kana: 'ｻﾄｳ', given_name_kana: 'はなこ',
    birth_date: birth, sex: 'female', address: '東京都港区1-2-3', phone: '03-1234-5678', resident_id: 'R-0001',
  });
  assert.equal(r.status, 201);
  const p = r.body;
  satoHanako = p.id;
  assert.equal(p.family_name_kana, 'サトウ');
  assert.equal(p.given_name_kana, 'ハナコ');
  assert.equal(p.family_name, '佐藤');
  assert.equal(p.given_name, '花子');
  assert.equal(p.birth_date, birth);
  assert.equal(p.age, ageToday(birth));
  assert.equal(p.sex, 'female');
  assert.equal(p.address, '東京都港区1-2-3');
  assert.equal(p.phone, '03-1234-5678');
  assert.equal(p.resident_id, 'R-0001');
  assert.equal(p.version, 1);
  assert.match(p.id, /^[A-Za-z0-9_-]+$/);
  assert.match(p.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
  assert.equal(p.updated_at, p.created_at);
  assert.deepEqual(p.possible_duplicates, []);
  assert.equal(r.headers.get('location'), `/api/v1/persons/${p.id}`);
  assert.equal(r.headers.get('etag'), '"1"');

  const g = await c.get(`/api/v1/persons/${p.id}`);
  assert.equal(g.status, 200);
  assert.equal(g.body.family_name_kana, 'サトウ');
  assert.equal(g.body.given_name_kana, 'ハナコ');
  assert.equal(g.body.age, ageToday(birth));
  assert.deepEqual(g.body.households, []);
  assert.equal(g.headers.get('etag'), '"1"');
});

test('create: kana with dakuten, long vowel, spaces; minimal person has nulls and sex unknown', async () => {
  const p = await create({ family_name: '後藤', family_name_kana: 'ｺﾞﾄｳ', given_name_kana: 'じょーじ' });
  assert.equal(p.family_name_kana, 'ゴトウ');
  assert.equal(p.given_name_kana, 'ジョージ');
  assert.equal(p.given_name, null);
  assert.equal(p.birth_date, null);
  assert.equal(p.age, null);
  assert.equal(p.sex, 'unknown');
  assert.equal(p.resident_id, null);
  const age = await create({ family_name: '今日', family_name_kana: 'キョウ', birth_date: iso(todayJst()) });
  assert.equal(age.age, 0);
});

test('create: required fields', async () => {
  invalid(await c.post('/api/v1/persons', { family_name_kana: 'サトウ' }), 'missing_field', 'family_name');
  invalid(await c.post('/api/v1/persons', { family_name: '佐藤' }), 'missing_field', 'family_name_kana');
  invalid(await c.post('/api/v1/persons', { family_name: '', family_name_kana: 'サトウ' }), 'missing_field', 'family_name');
  invalid(await c.post('/api/v1/persons', { family_name: null, family_name_kana: 'サトウ' }), 'missing_field', 'family_name');
  invalid(await c.post('/api/v1/persons', {}), 'missing_field', 'family_name');
});

test('create: kana must be kana', async () => {
  invalid(await c.post('/api/v1/persons', { family_name: '佐藤', family_name_kana: '佐藤' }), 'invalid_field', 'family_name_kana');
  invalid(await c.post('/api/v1/persons', { family_name: '佐藤', family_name_kana: 'サトウ', given_name_kana: 'Hanako' }), 'invalid_field', 'given_name_kana');
  invalid(await c.post('/api/v1/persons', { family_name: '佐藤', family_name_kana: 'サト1' }), 'invalid_field', 'family_name_kana');
  invalid(await c.post('/api/v1/persons', { family_name: '佐藤', family_name_kana: 42 }), 'invalid_field', 'family_name_kana');
});

test('create: names at most 100 characters (code points, not bytes or UTF-16 units)', async () => {
  invalid(await c.post('/api/v1/persons', { family_name: '山'.repeat(101), family_name_kana: 'ヤマ' }), 'invalid_field', 'family_name');
  const ok = await create({ family_name: '山'.repeat(100), family_name_kana: 'ヤマ' });
  assert.equal(ok.family_name, '山'.repeat(100));
  // 𠮷 is one character outside the BMP (4 bytes in UTF-8, 2 UTF-16 units).
  const wide = await create({ family_name: '𠮷'.repeat(100), family_name_kana: 'ヨシ' });
  assert.equal([...wide.family_name].length, 100);
  invalid(await c.post('/api/v1/persons', { family_name: '𠮷'.repeat(101), family_name_kana: 'ヨシ' }), 'invalid_field', 'family_name');
  invalid(await c.post('/api/v1/persons', { family_name: 'あ', given_name: 'a'.repeat(101), family_name_kana: 'ア' }), 'invalid_field', 'given_name');
  invalid(await c.post('/api/v1/persons', { family_name: 'あ', family_name_kana: 'ア'.repeat(101) }), 'invalid_field', 'family_name_kana');
  const kana100 = await create({ family_name: 'あ', family_name_kana: 'ア'.repeat(100) });
  assert.equal(kana100.family_name_kana, 'ア'.repeat(100));
  invalid(await c.post('/api/v1/persons', { family_name: 'あ', family_name_kana: 'ア', address: '町'.repeat(201) }), 'invalid_field', 'address');
  const addr = await create({ family_name: 'あ', family_name_kana: 'ア', address: '町'.repeat(200) });
  assert.equal(addr.address.length, 200);
});

test('create: birth dates must exist and not be in the future', async () => {
  invalid(await c.post('/api/v1/persons', { family_name: '日付', family_name_kana: 'ヒヅケ', birth_date: '2024-02-30' }), 'invalid_field', 'birth_date');
  invalid(await c.post('/api/v1/persons', { family_name: '日付', family_name_kana: 'ヒヅケ', birth_date: '2023-02-29' }), 'invalid_field', 'birth_date');
  invalid(await c.post('/api/v1/persons', { family_name: '日付', family_name_kana: 'ヒヅケ', birth_date: '2024-13-01' }), 'invalid_field', 'birth_date');
  invalid(await c.post('/api/v1/persons', { family_name: '日付', family_name_kana: 'ヒヅケ', birth_date: '2024-2-1' }), 'invalid_field', 'birth_date');
  invalid(await c.post('/api/v1/persons', { family_name: '日付', family_name_kana: 'ヒヅケ', birth_date: '20240201' }), 'invalid_field', 'birth_date');
  const leap = await create({ family_name: '日付', family_name_kana: 'ヒヅケ', birth_date: '2024-02-29' });
  assert.equal(leap.birth_date, '2024-02-29');
  assert.equal(leap.age, ageToday('2024-02-29'));
  const tomorrow = iso(todayJst(1));
  invalid(await c.post('/api/v1/persons', { family_name: '未来', family_name_kana: 'ミライ', birth_date: tomorrow }), 'invalid_field', 'birth_date');
  invalid(await c.post('/api/v1/persons', { family_name: '未来', family_name_kana: 'ミライ', birth_date: '2999-01-01' }), 'invalid_field', 'birth_date');
  const none = await c.get(q('ミライ'));
  assert.deepEqual(none.body.items, []);
});

test('create: sex, phone, resident_id formats', async () => {
  invalid(await c.post('/api/v1/persons', { family_name: '性別', family_name_kana: 'セイベツ', sex: 'other' }), 'invalid_field', 'sex');
  invalid(await c.post('/api/v1/persons', { family_name: '性別', family_name_kana: 'セイベツ', sex: 'Female' }), 'invalid_field', 'sex');
  invalid(await c.post('/api/v1/persons', { family_name: '性別', family_name_kana: 'セイベツ', sex: 1 }), 'invalid_field', 'sex');
  const m = await create({ family_name: '性別', family_name_kana: 'セイベツ', sex: 'male' });
  assert.equal(m.sex, 'male');
  invalid(await c.post('/api/v1/persons', { family_name: '電話', family_name_kana: 'デンワ', phone: 'call me' }), 'invalid_field', 'phone');
  invalid(await c.post('/api/v1/persons', { family_name: '番号', family_name_kana: 'バンゴウ', resident_id: '12 34' }), 'invalid_field', 'resident_id');
});

test('create: unknown field, non-JSON, array, duplicated keys', async () => {
  invalid(await c.post('/api/v1/persons', { family_name: '不明', family_name_kana: 'フメイ', nickname: 'x' }), 'invalid_field', 'nickname');
  invalid(await c.post('/api/v1/persons', { family_name: '不明', family_name_kana: 'フメイ', id: 'chosen-id' }), 'invalid_field', 'id');
  invalid(await c.post('/api/v1/persons', { family_name: '不明', family_name_kana: 'フメイ', version: 7 }), 'invalid_field', 'version');
  invalid(await c.post('/api/v1/persons', 'family_name=不明'), 'invalid_json');
  invalid(await c.post('/api/v1/persons', '{"family_name": "不明", "family_name_kana": "フメイ"'), 'invalid_json');
  invalid(await c.post('/api/v1/persons', [{ family_name: '不明', family_name_kana: 'フメイ' }]), 'invalid_json');
  invalid(await c.post('/api/v1/persons', '"不明"'), 'invalid_json');
  invalid(await c.post('/api/v1/persons', '{"family_name":"不明","family_name":"別名","family_name_kana":"フメイ"}'), 'invalid_json');
  invalid(await c.post('/api/v1/persons', new Uint8Array([0x7b, 0x22, 0x66, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])), 'invalid_json');
  const none = await c.get(q('フメイ'));
  assert.deepEqual(none.body.items, []);
});

test('resident_id is unique', async () => {
  const first = await create({ family_name: '住民', family_name_kana: 'ジュウミン', resident_id: '1234567890' });
  const second = await c.post('/api/v1/persons', { family_name: '別人', family_name_kana: 'ベツジン', resident_id: '1234567890' });
  invalid(second, 'invalid_field', 'resident_id');
  assert.deepEqual((await c.get(q('ベツジン'))).body.items, []);
  // Absent resident_ids do not collide.
  await create({ family_name: '無番', family_name_kana: 'ムバン' });
  await create({ family_name: '無番', family_name_kana: 'ムバン' });
  // A PATCH onto a taken resident_id is refused too, and changes nothing.
  const other = await create({ family_name: '他人', family_name_kana: 'タニン', resident_id: '999' });
  const r = await c.patch(`/api/v1/persons/${other.id}`, { resident_id: '1234567890' }, { 'if-match': '"1"' });
  invalid(r, 'invalid_field', 'resident_id');
  const g = await c.get(`/api/v1/persons/${other.id}`);
  assert.equal(g.body.resident_id, '999');
  assert.equal(g.body.version, 1);
  assert.equal((await c.get(`/api/v1/persons/${first.id}`)).body.resident_id, '1234567890');
});

test('GET of an unknown id is 404 not_found', async () => {
  for (const id of ['does-not-exist', 'AAAAAAAAAAAAAAAAAAAAAA', '%E4%BD%90']) {
    const r = await c.get(`/api/v1/persons/${id}`);
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 'not_found');
  }
  const t = await c.get('/api/v1/persons/does-not-exist/timeline');
  assert.equal(t.status, 404);
  const p = await c.patch('/api/v1/persons/does-not-exist', { family_name: 'x' }, { 'if-match': '"1"' });
  assert.equal(p.status, 404);
  assert.equal(p.body.error.code, 'not_found');
});

test('PATCH: If-Match required, stale version 409 changes nothing, version increments', async () => {
  const p = await create({ family_name: '更新', given_name: '一郎', family_name_kana: 'コウシン', given_name_kana: 'イチロウ', birth_date: '2010-04-01' });
  const path = `/api/v1/persons/${p.id}`;

  invalid(await c.patch(path, { given_name: '二郎' }), 'missing_field', 'If-Match');
  invalid(await c.patch(path, { given_name: '二郎' }, { 'if-match': '"abc"' }), 'invalid_field', 'If-Match');

  const v2 = await c.patch(path, { given_name: '二郎', given_name_kana: 'じろう' }, { 'if-match': '"1"' });
  assert.equal(v2.status, 200);
  assert.equal(v2.body.version, 2);
  assert.equal(v2.body.given_name, '二郎');
  assert.equal(v2.body.given_name_kana, 'ジロウ');
  assert.equal(v2.body.family_name, '更新', 'untouched fields stay');
  assert.equal(v2.body.birth_date, '2010-04-01');
  assert.equal(v2.headers.get('etag'), '"2"');

  const stale = await c.patch(path, { given_name: '三郎' }, { 'if-match': '"1"' });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'version_conflict');
  const future = await c.patch(path, { given_name: '三郎' }, { 'if-match': '"3"' });
  assert.equal(future.status, 409);
  let g = await c.get(path);
  assert.equal(g.body.given_name, '二郎');
  assert.equal(g.body.version, 2);

  // Unquoted version is accepted as well.
  const v3 = await c.patch(path, { birth_date: null, address: '大阪市' }, { 'if-match': '2' });
  assert.equal(v3.status, 200);
  assert.equal(v3.body.version, 3);
  assert.equal(v3.body.birth_date, null);
  assert.equal(v3.body.age, null);
  assert.equal(v3.body.address, '大阪市');

  // Invalid changes are refused whole and do not bump the version.
  invalid(await c.patch(path, { family_name: '', given_name: '四郎' }, { 'if-match': '"3"' }), 'missing_field', 'family_name');
  invalid(await c.patch(path, { given_name: '四郎', shoe_size: 20 }, { 'if-match': '"3"' }), 'invalid_field', 'shoe_size');
  invalid(await c.patch(path, { given_name: '四郎', birth_date: '2024-02-30' }, { 'if-match': '"3"' }), 'invalid_field', 'birth_date');
  invalid(await c.patch(path, { given_name: '四郎', family_name_kana: '漢字' }, { 'if-match': '"3"' }), 'invalid_field', 'family_name_kana');
  invalid(await c.patch(path, '[1]', { 'if-match': '"3"' }), 'invalid_json');
  g = await c.get(path);
  assert.equal(g.body.version, 3);
  assert.equal(g.body.given_name, '二郎');
  assert.equal(g.body.family_name, '更新');

  // The search keys follow the change.
  const v4 = await c.patch(path, { family_name: '改名', family_name_kana: 'カイメイ' }, { 'if-match': '"3"' });
  assert.equal(v4.status, 200);
  assert.equal(v4.body.version, 4);
  assert.deepEqual(ids(await c.get(q('かいめい'))), [p.id]);
  assert.deepEqual(ids(await c.get(q('コウシン'))), []);
});

test('PATCH: concurrent updates of the same version: exactly one wins', async () => {
  const p = await create({ family_name: '競合', family_name_kana: 'キョウゴウ' });
  const rs = await Promise.all(Array.from({ length: 8 }, (_, i) =>
    c.patch(`/api/v1/persons/${p.id}`, { given_name: `版${i}` }, { 'if-match': '"1"' })));
  const won = rs.filter((r) => r.status === 200);
  assert.equal(won.length, 1, rs.map((r) => r.status).join());
  assert.equal(rs.filter((r) => r.status === 409 && r.body.error.code === 'version_conflict').length, 7);
  const g = await c.get(`/api/v1/persons/${p.id}`);
  assert.equal(g.body.version, 2);
  assert.equal(g.body.given_name, won[0].body.given_name);
});

test('search: kana kind, width, variants, short surnames, full names, prefixes, case', async () => {
  const hanako = await create({ family_name: '田中', given_name: '花子', family_name_kana: 'タナカ', given_name_kana: 'ハナコ' });
  const taro = await create({ family_name: '田中', given_name: '太郎', family_name_kana: 'タナカ', given_name_kana: 'タロウ' });
  const hayashi = await create({ family_name: '林', given_name: '健', family_name_kana: 'ハヤシ', given_name_kana: 'ケン' });
  const kobayashi = await create({ family_name: '小林', given_name: '光', family_name_kana: 'コバヤシ', given_name_kana: 'ヒカル' });
  const old = await create({ family_name: '髙橋', given_name: '一郎', family_name_kana: 'タカハシ', given_name_kana: 'イチロウ' });
  const std = await create({ family_name: '高橋', given_name: '二郎', family_name_kana: 'タカハシ', given_name_kana: 'ジロウ' });
  const saki = await create({ family_name: '山﨑', given_name: '咲', family_name_kana: 'ヤマサキ', given_name_kana: 'サキ' });
  const smith = await create({ family_name: 'Smith', given_name: 'Anna', family_name_kana: 'スミス', given_name_kana: 'アンナ' });
  const sorted = (a) => [...a].sort();

  // Hiragana, katakana, half-width katakana find the same person.
  for (const text of ['たなか はなこ', 'タナカハナコ', 'ﾀﾅｶ ﾊﾅｺ', 'たなかはなこ']) {
    assert.deepEqual(ids(await c.get(q(text))), [hanako.id], text);
  }
  // Kana family name prefix finds both 田中.
  assert.deepEqual(sorted(ids(await c.get(q('たなか')))), sorted([hanako.id, taro.id]));
  assert.deepEqual(sorted(ids(await c.get(q('ﾀﾅ')))), sorted([hanako.id, taro.id]));
  // Variant kanji both ways.
  assert.deepEqual(sorted(ids(await c.get(q('高橋')))), sorted([old.id, std.id]));
  assert.deepEqual(sorted(ids(await c.get(q('髙橋')))), sorted([old.id, std.id]));
  assert.deepEqual(ids(await c.get(q('高橋一郎'))), [old.id]);
  assert.deepEqual(ids(await c.get(q('山崎'))), [saki.id]);
  assert.deepEqual(ids(await c.get(q('山﨑'))), [saki.id]);
  // One-character surname: 林 finds 林 but not 小林 (prefix, not substring).
  assert.deepEqual(ids(await c.get(q('林'))), [hayashi.id]);
  assert.deepEqual(ids(await c.get(q('小林'))), [kobayashi.id]);
  // Two-character surname.
  assert.deepEqual(sorted(ids(await c.get(q('田中')))), sorted([hanako.id, taro.id]));
  // Full name with an ASCII space, an ideographic space, or none.
  for (const text of ['田中 花子', '田中\u3000花子', '田中花子', ' 田中  花子 ']) {
    assert.deepEqual(ids(await c.get(q(text))), [hanako.id], JSON.stringify(text));
  }
  // Given-name prefix, kanji or kana.
  // (佐藤 花子 of the first test is a 花子 too.)
  assert.deepEqual(sorted(ids(await c.get(q('花')))), sorted([hanako.id, satoHanako]));
  assert.deepEqual(sorted(ids(await c.get(q('はな')))), sorted([hanako.id, satoHanako]));
  assert.deepEqual(ids(await c.get(q('さとう はな'))), [satoHanako]);
  assert.deepEqual(ids(await c.get(q('太郎'))), [taro.id]);
  // Case-insensitive ASCII and full-width Latin.
  for (const text of ['smith', 'SMITH', 'Smi', 'ｓｍｉｔｈ', 'SMITH anna', 'anna']) {
    assert.deepEqual(ids(await c.get(q(text))), [smith.id], text);
  }
  // The answer items are whole persons.
  const one = await c.get(q('林'));
  assert.equal(one.body.items[0].family_name, '林');
  assert.equal(one.body.items[0].family_name_kana, 'ハヤシ');
  assert.equal(one.body.next_cursor, null);
  // No match.
  const none = await c.get(q('存在しない名前'));
  assert.equal(none.status, 200);
  assert.deepEqual(none.body, { items: [], next_cursor: null });
  // Not a substring match.
  assert.deepEqual(ids(await c.get(q('中'))), []);
});

test('search: q is required', async () => {
  invalid(await c.get('/api/v1/persons'), 'missing_field', 'q');
  invalid(await c.get('/api/v1/persons?q='), 'missing_field', 'q');
  invalid(await c.get(q('   ')), 'missing_field', 'q');
});

test('search: limit must be 1..500', async () => {
  for (const limit of ['0', '501', '-1', 'abc', '1.5', '']) {
    invalid(await c.get(q('たなか', `&limit=${limit}`)), 'invalid_field', 'limit');
  }
  assert.equal((await c.get(q('たなか', '&limit=500'))).status, 200);
  assert.equal((await c.get(q('たなか', '&limit=1'))).status, 200);
  invalid(await c.get(q('たなか', '&cursor=%%%')), 'invalid_field', 'cursor');
});

async function pageAll(text, limit) {
  const seen = [];
  let cursor = null;
  let pages = 0;
  do {
    const r = await c.get(q(text, `&limit=${limit}` + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : '')));
    assert.equal(r.status, 200);
    assert.ok(r.body.items.length <= limit);
    seen.push(...ids(r));
    cursor = r.body.next_cursor;
    assert.ok(cursor === null || typeof cursor === 'string');
    pages++;
    assert.ok(pages < 50, 'paging terminates');
  } while (cursor);
  return { seen, pages };
}

test('search: paging with limit and next_cursor finds everyone exactly once', async () => {
  const names = ['一', '二', '三', '四', '五', '六', '七'];
  const created = [];
  for (const [i, n] of names.entries()) {
    created.push((await create({ family_name: '鈴木', given_name: n, family_name_kana: 'スズキ', given_name_kana: `ア${'イ'.repeat(i)}` })).id);
  }
  const first = await c.get(q('鈴木', '&limit=3'));
  assert.equal(first.body.items.length, 3);
  assert.equal(typeof first.body.next_cursor, 'string');
  const { seen, pages } = await pageAll('鈴木', 3);
  assert.equal(pages, 3);
  assert.deepEqual([...seen].sort(), [...created].sort());
  assert.equal(new Set(seen).size, seen.length);
  const kana = await pageAll('すずき', 2);
  assert.deepEqual([...kana.seen].sort(), [...created].sort());
  // Everything in one page: no cursor.
  const all = await c.get(q('鈴木', '&limit=7'));
  assert.equal(all.body.items.length, 7);
  assert.equal(all.body.next_cursor, null);
});

test('search: the default page is 50', async () => {
  for (let i = 0; i < 52; i += 13) {
    await Promise.all(Array.from({ length: Math.min(13, 52 - i) }, (_, k) =>
      create({ family_name: '多数', given_name: `${i + k}`, family_name_kana: 'タスウ' })));
  }
  const r = await c.get(q('多数'));
  assert.equal(r.body.items.length, 50);
  assert.equal(typeof r.body.next_cursor, 'string');
  const rest = await c.get(q('多数', `&cursor=${encodeURIComponent(r.body.next_cursor)}`));
  assert.equal(rest.body.items.length, 2);
  assert.equal(rest.body.next_cursor, null);
  const all = new Set([...ids(r), ...ids(rest)]);
  assert.equal(all.size, 52);
});

test('search: a person matched by two names is listed once across pages', async () => {
  // タナベ タロウ matches "タ" by the full name and by the given name.
  const created = [];
  for (const [fn, gn, fk, gk] of [
    ['田辺', '太郎', 'タナベ', 'タロウ'],
    ['田辺', '多恵', 'タナベ', 'タエ'],
    ['竹田', '拓', 'タケダ', 'タク'],
    ['谷', '健', 'タニ', 'ケン'],
  ]) {
    created.push((await create({ family_name: fn, given_name: gn, family_name_kana: fk, given_name_kana: gk })).id);
  }
  for (const limit of [1, 2, 3]) {
    const { seen } = await pageAll('ﾀﾅﾍﾞ', limit);
    assert.deepEqual([...seen].sort(), [created[0], created[1]].sort(), `limit ${limit}`);
    const t = await pageAll('たけだ', limit);
    assert.deepEqual(t.seen, [created[2]], `limit ${limit}`);
  }
  // 田 matches every 田… family name and no given name here except through the full name.
  const kanji = await pageAll('田辺', 1);
  assert.deepEqual([...kanji.seen].sort(), [created[0], created[1]].sort());
  // Now a query that hits both the family and the given name of the same persons.
  const both = await create({ family_name: '多田', given_name: '忠', family_name_kana: 'タダ', given_name_kana: 'タダシ' });
  for (const limit of [1, 2, 5]) {
    const { seen } = await pageAll('タダ', limit);
    assert.deepEqual(seen, [both.id], `limit ${limit}: ${seen}`);
  }
  // A family name registered in katakana: three keys start with ト (full kana, given kana, full name).
  const three = [];
  for (const gn of ['富男', '冬美', '智']) {
    const gk = { 富男: 'トミオ', 冬美: 'トウミ', 智: 'トモ' }[gn];
    three.push((await create({ family_name: 'トキ', given_name: gn, family_name_kana: 'トキ', given_name_kana: gk })).id);
  }
  for (const limit of [1, 2, 4]) {
    const { seen } = await pageAll('と', limit);
    assert.deepEqual([...seen].sort(), [...three].sort(), `limit ${limit}: ${seen}`);
  }
  assert.deepEqual(ids(await c.get(q('トキ富'))), [three[0]]);
});

test('possible duplicates: same kana name and birth date', async () => {
  const first = await create({ family_name: '渡辺', given_name: '陽菜', family_name_kana: 'ワタナベ', given_name_kana: 'ヒナ', birth_date: '2021-03-03' });
  assert.deepEqual(first.possible_duplicates, []);
  // Same kana (typed differently) and birth date, different kanji.
  const second = await create({ family_name: '渡邊', given_name: 'ひな', family_name_kana: 'わたなべ', given_name_kana: 'ﾋﾅ', birth_date: '2021-03-03' });
  assert.equal(second.possible_duplicates.length, 1);
  const d = second.possible_duplicates[0];
  assert.equal(d.id, first.id);
  assert.equal(d.family_name, '渡辺');
  assert.equal(d.given_name, '陽菜');
  assert.equal(d.family_name_kana, 'ワタナベ');
  assert.equal(d.given_name_kana, 'ヒナ');
  assert.equal(d.birth_date, '2021-03-03');
  // Other birth date, or no birth date: not a duplicate.
  const other = await create({ family_name: '渡辺', family_name_kana: 'ワタナベ', given_name_kana: 'ヒナ', birth_date: '2021-03-04' });
  assert.deepEqual(other.possible_duplicates, []);
  const nodate = await create({ family_name: '渡辺', family_name_kana: 'ワタナベ', given_name_kana: 'ヒナ' });
  assert.deepEqual(nodate.possible_duplicates, []);
  // A third lists both earlier ones.
  const third = await create({ family_name: 'わたなべ', family_name_kana: 'ワタナベ', given_name_kana: 'ヒナ', birth_date: '2021-03-03' });
  assert.deepEqual(third.possible_duplicates.map((p) => p.id).sort(), [first.id, second.id].sort());
});

test('search answers the brief form only, and audits every person it lists', async () => {
  const a = await create({ family_name: '監査', given_name: '一', family_name_kana: 'カンサ', given_name_kana: 'ハジメ', address: '秘密の住所', phone: '090-0000-0000' });
  const b = await create({ family_name: '監査', given_name: '二', family_name_kana: 'カンサ', given_name_kana: 'ツギ' });
  const r = await c.get(q('かんさ'));
  assert.equal(r.status, 200);
  assert.deepEqual(ids(r).sort(), [a.id, b.id].sort());
  for (const item of r.body.items) {
    assert.equal('address' in item, false, 'no address in search results');
    assert.equal('phone' in item, false, 'no phone in search results');
    assert.equal(typeof item.family_name_kana, 'string');
  }
  // The audit log (director) shows the search for each listed person.
  const dir = { login: 'kantoku', role: 'director', name: '所長', password: 'director-pass-1' };
  const { addUser } = await import('../lib/server.mjs');
  addUser(server, dir);
  const d = new Client(server.url);
  assert.equal((await d.login(dir.login, dir.password)).status, 200);
  for (const id of [a.id, b.id]) {
    const audit = await d.get(`/api/v1/audit?person_id=${id}`);
    assert.equal(audit.status, 200);
    const actions = audit.body.items.map((row) => row.action);
    assert.ok(actions.includes('search'), `search audited for ${id}: ${actions}`);
    assert.ok(audit.body.items.some((row) => row.action === 'search' && row.object.id === id));
  }
});

test('control characters are refused in one-line fields', async () => {
  invalid(await c.post('/api/v1/persons', { family_name: '田\u0007中', family_name_kana: 'タナカ' }), 'invalid_field', 'family_name');
  invalid(await c.post('/api/v1/persons', { family_name: '田中', family_name_kana: 'タナカ', address: '一行目\n二行目' }), 'invalid_field', 'address');
});

test('search: 斉藤 finds 齋藤 and 斎藤 finds 斉藤 (斉 folded with 斎/齋/齊, the counter\'s common mix-up)', async () => {
  const sai = await create({ family_name: '齋藤', given_name: '結衣', family_name_kana: 'サイトウ', given_name_kana: 'ユイ' });
  const sei = await create({ family_name: '斉藤', given_name: '結衣', family_name_kana: 'サイトウ', given_name_kana: 'ユイ' });
  const sorted = (a) => [...a].sort();
  for (const text of ['斉藤', '斎藤', '齋藤', '齊藤', 'さいとう', '斉藤 結衣', '斉']) {
    assert.deepEqual(sorted(ids(await c.get(q(text)))), sorted([sai.id, sei.id]), text);
  }
  // What is shown is what was registered: only the search key folds.
  const got = await c.get(`/api/v1/persons/${sei.id}`);
  assert.equal(got.body.family_name, '斉藤');
});

test('a PATCH that changes nothing keeps the version and adds no event', async () => {
  const p = await create({ family_name: '不変', family_name_kana: 'フヘン', phone: '03-1111-2222' });
  const before = await c.get(`/api/v1/persons/${p.id}/timeline`);
  for (const body of [{}, { phone: '03-1111-2222' }, { family_name_kana: 'ふへん' }]) {
    const r = await c.patch(`/api/v1/persons/${p.id}`, body, { 'if-match': '"1"' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.version, 1, JSON.stringify(body));
  }
  const after = await c.get(`/api/v1/persons/${p.id}/timeline`);
  assert.equal(after.body.items.length, before.body.items.length);
});
