// The character rules of text fields (issue 8, item 17): one-line fields refuse C0 and C1
// controls and the invisible or direction-changing characters (U+200B–U+200F, U+2028, U+2029,
// U+202A–U+202E, U+2066–U+2069, U+FEFF) with 400 invalid_field naming the field, and change
// nothing; free text keeps line breaks, tabs and joiners but refuses controls and direction changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stopClean } from './support.mjs';
import { startWithRoles, invalid, person } from './health_support.mjs';

let server, c;

before(async () => {
  ({ server, c } = await startWithRoles(['health', 'welfare']));
});

after(async () => {
  if (server) await stopClean(server);
});

// Every refused character, one per class of the rule, named for the failure message.
const REFUSED_ONE_LINE = {
  'C1 U+0085': '\u0085',
  'C1 U+009B': '\u009b',
  'DEL': '\u007f',
  'ZWSP U+200B': '\u200b',
  'ZWNJ U+200C': '\u200c',
  'ZWJ U+200D': '\u200d',
  'LRM U+200E': '\u200e',
  'RLM U+200F': '\u200f',
  'LS U+2028': '\u2028',
  'LRE U+202A': '\u202a',
  'RLO U+202E': '\u202e',
  'LRI U+2066': '\u2066',
  'PDI U+2069': '\u2069',
  'BOM U+FEFF': '\ufeff',
  'C0 U+0007': '\u0007',
};

const BASE = { family_name: '入力', given_name: '検査', family_name_kana: 'ニュウリョク', given_name_kana: 'ケンサ', address: '東京都西東京市1-2-3', phone: '042-000-0000' };

test('persons: every one-line field refuses each character, names the field, and nothing is created', async () => {
  const fields = ['family_name', 'given_name', 'family_name_kana', 'given_name_kana', 'address', 'phone', 'resident_id'];
  for (const [what, ch] of Object.entries(REFUSED_ONE_LINE)) {
    for (const field of fields) {
      const value = field === 'resident_id' ? `R${ch}1` : field === 'phone' ? `042${ch}000` : `${BASE[field]}${ch}`;
      const r = await c.health.post('/api/v1/persons', { ...BASE, [field]: value });
      invalid(r, field);
      assert.match(r.body.error.message, /使用できない文字/, `${what} in ${field}`);
    }
  }
  // The message says where: 入力 + the character is its 3rd character.
  const r = await c.health.post('/api/v1/persons', { ...BASE, family_name: '入力\u202e' });
  assert.match(r.body.error.message, /^3文字目/);
  // Nothing was stored: the name finds nobody.
  const found = await c.health.get(`/api/v1/persons?q=${encodeURIComponent('ニュウリョク')}`);
  assert.equal(found.status, 200);
  assert.deepEqual(found.body.items, []);
});

test('persons: a PATCH with a refused character answers 400 and keeps the record and its version', async () => {
  const p = await person(c.health, BASE);
  for (const [what, ch] of Object.entries(REFUSED_ONE_LINE)) {
    const r = await c.health.patch(`/api/v1/persons/${p.id}`, { given_name: `検${ch}査` }, { 'if-match': '"1"' });
    invalid(r, 'given_name');
    assert.match(r.body.error.message, /^2文字目/, what);
  }
  const now = await c.health.get(`/api/v1/persons/${p.id}`);
  assert.equal(now.body.version, 1);
  assert.equal(now.body.given_name, '検査');
});

test('the characters next to the refused ranges are accepted (no over-reach)', async () => {
  // U+00A0 (after C1), U+200A (before U+200B), U+2010 (after U+200F), U+202F (after U+202E),
  // U+206A (after U+2069), U+FEFE (before U+FEFF), a variation selector (異体字 of a name).
  for (const ch of ['\u00a0', '\u200a', '\u2010', '\u202f', '\u206a', '\ufefe', '\ufe00']) {
    const r = await c.health.post('/api/v1/persons', { family_name: `辻${ch}`, family_name_kana: 'ツジ' });
    assert.equal(r.status, 201, `U+${ch.codePointAt(0).toString(16)}: ${JSON.stringify(r.body)}`);
  }
});

test('households and other resources use the same rule (name, relation ids, visit staff)', async () => {
  const m = await person(c.health, { family_name: '世帯', family_name_kana: 'セタイ' });
  invalid(await c.health.post('/api/v1/households', { name: `世帯\u202e`, members: [{ person_id: m.id, relation: 'mother' }] }), 'name');
  invalid(await c.health.post('/api/v1/households', { name: '世帯', address: `市内\u200b`, members: [{ person_id: m.id, relation: 'mother' }] }), 'address');
  invalid(await c.health.post('/api/v1/visits', { person_id: m.id, kind: 'newborn_visit', on: '2025-01-10', status: 'done', staff: `保健\u0085師` }), 'staff');
  const h = await c.health.get(`/api/v1/persons/${m.id}`);
  assert.deepEqual(h.body.households ?? [], [], 'no household was created');
});

test('free text keeps line breaks, tabs and emoji joiners, and refuses controls and direction changes', async () => {
  const m = await person(c.health, { family_name: '記録', family_name_kana: 'キロク', birth_date: '1990-01-01', sex: 'female' });
  const ok = await c.health.post('/api/v1/pregnancies', { mother_id: m.id, notified_on: '2025-01-10', notes: '一行目\r\n二行目\tタブ 👩\u200d👧' });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.notes, '一行目\r\n二行目\tタブ 👩\u200d👧');
  for (const ch of ['\u202e', '\u202a', '\u2066', '\u2069', '\u200e', '\u200f', '\u0085', '\u0007', '\u007f']) {
    const r = await c.health.patch(`/api/v1/pregnancies/${ok.body.id}`, { notes: `メモ${ch}` }, { 'if-match': '"1"' });
    invalid(r, 'notes');
    assert.match(r.body.error.message, /^3文字目/);
  }
  const now = await c.health.get(`/api/v1/pregnancies/${ok.body.id}`);
  assert.equal(now.body.version, 1);
  assert.equal(now.body.notes, ok.body.notes);
});
