// Households: members with relations and dates, versions, the person's households and timeline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, startServer } from '../lib/server.mjs';
import { stopClean } from './support.mjs';

const USER = { login: 'fukushi1', role: 'welfare', name: '福祉 ひかり', password: 'hikari-pass-2024' };

let server;
let c;
let mother, child, father, baby;

before(async () => {
  server = await startServer({ users: [USER], args: ['--rate-limit', '0'] });
  c = new Client(server.url);
  assert.equal((await c.login(USER.login, USER.password)).status, 200);
  const mk = async (body) => {
    const r = await c.post('/api/v1/persons', body);
    assert.equal(r.status, 201);
    return r.body;
  };
  mother = await mk({ family_name: '中村', given_name: '由美', family_name_kana: 'ナカムラ', given_name_kana: 'ユミ', birth_date: '1990-05-05' });
  child = await mk({ family_name: '中村', given_name: '蓮', family_name_kana: 'ナカムラ', given_name_kana: 'レン', birth_date: '2020-08-10' });
  father = await mk({ family_name: '中村', given_name: '健太', family_name_kana: 'ナカムラ', given_name_kana: 'ケンタ', birth_date: '1988-01-20' });
  baby = await mk({ family_name: '中村', given_name: '葵', family_name_kana: 'ナカムラ', given_name_kana: 'アオイ', birth_date: '2024-02-29' });
});

after(async () => {
  if (server) await stopClean(server);
});

function invalid(r, code, field) {
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.equal(r.body.error.code, code);
  assert.equal(r.body.error.field, field);
}

let household; // created by the first test, changed by later ones

test('create with members: 201, members carry relation, dates and the person', async () => {
  const r = await c.post('/api/v1/households', {
    name: '中村家',
    address: '東京都練馬区1-1',
    members: [
      { person_id: mother.id, relation: 'mother', from: '2020-04-01' },
      { person_id: child.id, relation: 'child' },
      { person_id: father.id, relation: 'father', from: '2020-04-01' },
    ],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  household = r.body;
  assert.match(household.id, /^[A-Za-z0-9_-]+$/);
  assert.equal(household.version, 1);
  assert.equal(household.name, '中村家');
  assert.equal(household.address, '東京都練馬区1-1');
  assert.equal(r.headers.get('location'), `/api/v1/households/${household.id}`);
  assert.deepEqual(household.members.map((m) => [m.person_id, m.relation, m.from, m.to]), [
    [mother.id, 'mother', '2020-04-01', null],
    [child.id, 'child', null, null],
    [father.id, 'father', '2020-04-01', null],
  ]);
  assert.equal(household.members[0].person.family_name, '中村');
  assert.equal(household.members[0].person.given_name, '由美');
  assert.equal(household.members[1].person.given_name_kana, 'レン');
  assert.equal(household.members[1].person.birth_date, '2020-08-10');
});

test('GET household returns the members with their names', async () => {
  const r = await c.get(`/api/v1/households/${household.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('etag'), '"1"');
  assert.equal(r.body.id, household.id);
  assert.deepEqual(r.body.members.map((m) => [m.person_id, m.relation, m.person.family_name, m.person.given_name]), [
    [mother.id, 'mother', '中村', '由美'],
    [child.id, 'child', '中村', '蓮'],
    [father.id, 'father', '中村', '健太'],
  ]);
  assert.equal(typeof r.body.members[1].person.age, 'number');
  const missing = await c.get('/api/v1/households/no-such-household');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'not_found');
});

test('every relation code is accepted; a household needs a member', async () => {
  for (const relation of ['mother', 'father', 'child', 'partner', 'grandparent', 'sibling', 'other']) {
    const r = await c.post('/api/v1/households', { members: [{ person_id: baby.id, relation }] });
    assert.equal(r.status, 201, relation);
    assert.equal(r.body.members[0].relation, relation);
    assert.equal(r.body.name, null);
  }
  invalid(await c.post('/api/v1/households', { name: '空', members: [] }), 'missing_field', 'members');
  invalid(await c.post('/api/v1/households', { name: '空' }), 'missing_field', 'members');
});

async function freshPerson(given) {
  const r = await c.post('/api/v1/persons', { family_name: '別所', given_name: given, family_name_kana: 'ベッショ' });
  assert.equal(r.status, 201);
  return r.body;
}

test('the same person twice: refused for overlapping periods, allowed after leaving', async () => {
  const child = await freshPerson('一');
  invalid(
    await c.post('/api/v1/households', {
      members: [{ person_id: child.id, relation: 'child' }, { person_id: child.id, relation: 'other' }],
    }),
    'invalid_field',
    'members[1].person_id',
  );
  invalid(
    await c.post('/api/v1/households', {
      members: [
        { person_id: child.id, relation: 'child', from: '2020-08-10', to: '2022-03-31' },
        { person_id: child.id, relation: 'child', from: '2022-03-31' },
      ],
    }),
    'invalid_field',
    'members[1].person_id',
  );
  const back = await c.post('/api/v1/households', {
    members: [
      { person_id: child.id, relation: 'child', from: '2020-08-10', to: '2022-03-31' },
      { person_id: child.id, relation: 'child', from: '2023-04-01' },
    ],
  });
  assert.equal(back.status, 201, JSON.stringify(back.body));
  assert.equal(back.body.members.length, 2);
});

test('a PATCH that changes nothing keeps the version', async () => {
  const mother = await freshPerson('二');
  const made = await c.post('/api/v1/households', { name: '同じ', members: [{ person_id: mother.id, relation: 'mother' }] });
  assert.equal(made.status, 201);
  const same = await c.patch(`/api/v1/households/${made.body.id}`, { name: '同じ' }, { 'if-match': '"1"' });
  assert.equal(same.status, 200);
  assert.equal(same.body.version, 1);
  const changed = await c.patch(`/api/v1/households/${made.body.id}`, { name: '別の名前' }, { 'if-match': '"1"' });
  assert.equal(changed.body.version, 2);
});

test('member errors name the member and the field; nothing is created', async () => {
  invalid(await c.post('/api/v1/households', { name: 'x', members: [{ person_id: 'no-such-person', relation: 'child' }] }),
    'invalid_field', 'members[0].person_id');
  invalid(await c.post('/api/v1/households', { members: [{ person_id: child.id, relation: 'child' }, { person_id: 'ghost', relation: 'mother' }] }),
    'invalid_field', 'members[1].person_id');
  invalid(await c.post('/api/v1/households', { members: [{ person_id: child.id, relation: 'aunt' }] }),
    'invalid_field', 'members[0].relation');
  invalid(await c.post('/api/v1/households', { members: [{ person_id: child.id, relation: 'child' }, { person_id: mother.id }] }),
    'missing_field', 'members[1].relation');
  invalid(await c.post('/api/v1/households', { members: [{ relation: 'child' }] }),
    'missing_field', 'members[0].person_id');
  invalid(await c.post('/api/v1/households', { members: [{ person_id: child.id, relation: 'child', role: 'x' }] }),
    'invalid_field', 'members[0].role');
  invalid(await c.post('/api/v1/households', { members: [{ person_id: child.id, relation: 'child', from: '2024-02-30' }] }),
    'invalid_field', 'members[0].from');
  invalid(await c.post('/api/v1/households', { members: [{ person_id: child.id, relation: 'child', from: '2024-05-01', to: '2024-04-01' }] }),
    'invalid_field', 'members[0].to');
  invalid(await c.post('/api/v1/households', { members: ['x'] }), 'invalid_field', 'members[0]');
  invalid(await c.post('/api/v1/households', { members: { person_id: child.id } }), 'invalid_field', 'members');
  invalid(await c.post('/api/v1/households', { members: [], colour: 'red' }), 'invalid_field', 'colour');
  invalid(await c.post('/api/v1/households', { name: 'あ'.repeat(101), members: [] }), 'invalid_field', 'name');
  const bad = await c.post('/api/v1/households', '[]');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'invalid_json');
  // None of those attached the child anywhere else.
  const p = await c.get(`/api/v1/persons/${child.id}`);
  assert.deepEqual(p.body.households.map((h) => h.household_id), [household.id]);
});

test("the person's GET shows their households", async () => {
  const r = await c.get(`/api/v1/persons/${mother.id}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.households, [
    { household_id: household.id, name: '中村家', relation: 'mother', from: '2020-04-01', to: null },
  ]);
});

test('PATCH with If-Match: add a member, set `to` on another; stale 409 changes nothing', async () => {
  const path = `/api/v1/households/${household.id}`;
  const members = [
    { person_id: mother.id, relation: 'mother', from: '2020-04-01' },
    { person_id: child.id, relation: 'child' },
    { person_id: father.id, relation: 'father', from: '2020-04-01', to: '2024-03-31' },
    { person_id: baby.id, relation: 'child', from: '2024-02-29' },
  ];
  const none = await c.patch(path, { members });
  invalid(none, 'missing_field', 'If-Match');

  const ok = await c.patch(path, { members }, { 'if-match': '"1"' });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.version, 2);
  assert.equal(ok.headers.get('etag'), '"2"');
  assert.equal(ok.body.name, '中村家', 'name kept when absent');
  assert.deepEqual(ok.body.members.map((m) => [m.person_id, m.relation, m.from, m.to]), [
    [mother.id, 'mother', '2020-04-01', null],
    [child.id, 'child', null, null],
    [father.id, 'father', '2020-04-01', '2024-03-31'],
    [baby.id, 'child', '2024-02-29', null],
  ]);
  assert.equal(ok.body.members[3].person.given_name, '葵');

  const stale = await c.patch(path, { name: '古い版', members: [] }, { 'if-match': '"1"' });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'version_conflict');
  const now = await c.get(path);
  assert.equal(now.body.version, 2);
  assert.equal(now.body.name, '中村家');
  assert.equal(now.body.members.length, 4);

  // A bad member in a PATCH changes nothing either.
  const bad = await c.patch(path, { name: '変更', members: [{ person_id: 'ghost', relation: 'child' }] }, { 'if-match': '"2"' });
  invalid(bad, 'invalid_field', 'members[0].person_id');
  const still = await c.get(path);
  assert.equal(still.body.version, 2);
  assert.equal(still.body.name, '中村家');
  assert.equal(still.body.members.length, 4);

  // Only the name: members stay.
  const renamed = await c.patch(path, { name: '中村家（新）' }, { 'if-match': '"2"' });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.version, 3);
  assert.equal(renamed.body.members.length, 4);

  const father_ = await c.get(`/api/v1/persons/${father.id}`);
  assert.deepEqual(father_.body.households, [
    { household_id: household.id, name: '中村家（新）', relation: 'father', from: '2020-04-01', to: '2024-03-31' },
  ]);
  const unknown = await c.patch('/api/v1/households/no-such', { name: 'x' }, { 'if-match': '"1"' });
  assert.equal(unknown.status, 404);
});

test('timeline: person and household events, newest first, with section and ref', async () => {
  const r = await c.get(`/api/v1/persons/${child.id}/timeline`);
  assert.equal(r.status, 200);
  const items = r.body.items;
  assert.equal(r.body.next_cursor, null);
  const kinds = items.map((i) => i.kind);
  for (const k of ['person_created', 'household_created', 'household_joined', 'household_updated']) {
    assert.ok(kinds.includes(k), `${k} in ${kinds}`);
  }
  // Newest first: `at` never increases down the list; creation of the person is the oldest here.
  const ats = items.map((i) => Date.parse(i.at));
  for (let i = 1; i < ats.length; i++) assert.ok(ats[i - 1] >= ats[i], `order at ${i}: ${items[i - 1].at} ${items[i].at}`);
  assert.equal(kinds[kinds.length - 1], 'person_created');
  assert.ok(kinds.indexOf('household_updated') < kinds.indexOf('household_created'));
  assert.ok(kinds.indexOf('household_joined') < kinds.indexOf('person_created'));
  for (const i of items) {
    assert.match(i.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
    assert.ok(['health', 'welfare', 'common'].includes(i.section), i.section);
    assert.equal(typeof i.summary, 'string');
    assert.ok(i.summary.length > 0);
    assert.equal(typeof i.ref.type, 'string');
    assert.equal(typeof i.ref.id, 'string');
  }
  const created = items.find((i) => i.kind === 'person_created');
  assert.deepEqual(created.ref, { type: 'person', id: child.id });
  const joined = items.find((i) => i.kind === 'household_joined');
  assert.deepEqual(joined.ref, { type: 'household', id: household.id });
  // Another person's joining is not the child's event, but the household's own events are.
  assert.equal(items.filter((i) => i.kind === 'household_joined').length, 1);

  // Dated membership: the father joined on 2020-04-01 and left on 2024-03-31 (Japan time).
  const f = await c.get(`/api/v1/persons/${father.id}/timeline`);
  const fk = f.body.items.map((i) => i.kind);
  const left = f.body.items.find((i) => i.kind === 'household_left');
  const fjoined = f.body.items.find((i) => i.kind === 'household_joined');
  assert.equal(left.at, '2024-03-31T00:00:00+09:00');
  assert.equal(fjoined.at, '2020-04-01T00:00:00+09:00');
  assert.deepEqual(left.ref, { type: 'household', id: household.id });
  // Dated in the past, they sort below this year's creation of the person record.
  assert.deepEqual(fk.slice(-2), ['household_left', 'household_joined']);

  // Paging the timeline.
  const p1 = await c.get(`/api/v1/persons/${child.id}/timeline?limit=2`);
  assert.equal(p1.body.items.length, 2);
  assert.equal(typeof p1.body.next_cursor, 'string');
  const p2 = await c.get(`/api/v1/persons/${child.id}/timeline?limit=50&cursor=${encodeURIComponent(p1.body.next_cursor)}`);
  assert.deepEqual([...p1.body.items, ...p2.body.items], items);
  const bad = await c.get(`/api/v1/persons/${child.id}/timeline?limit=0`);
  invalid(bad, 'invalid_field', 'limit');
});

test('the person update shows in the timeline', async () => {
  const r = await c.patch(`/api/v1/persons/${baby.id}`, { address: '東京都練馬区2-2' }, { 'if-match': '"1"' });
  assert.equal(r.status, 200);
  const t = await c.get(`/api/v1/persons/${baby.id}/timeline`);
  assert.equal(t.body.items[0].kind, 'person_updated');
  assert.deepEqual(t.body.items[0].ref, { type: 'person', id: baby.id });
});
