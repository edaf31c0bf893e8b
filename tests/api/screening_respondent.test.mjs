// Who can answer a screening (issue 8, item 3): a respondent under 10 on administered_on answers
// 400 invalid_field person_id and nothing is recorded (an infant's EPDS would reach the board).
// Sex is not asked (fathers may answer an EPDS); an unknown birth date is accepted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stopClean } from './support.mjs';
import { startWithRoles, todayJst, addDays, invalid, person } from './health_support.mjs';

const S = '/api/v1/screenings';
let server, c;

before(async () => {
  ({ server, c } = await startWithRoles(['health']));
});

after(async () => {
  if (server) await stopClean(server);
});

const EPDS = Array(10).fill(1);

async function post(who, on = todayJst(), instrument = 'epds') {
  const answers = instrument === 'ikuji_support' ? Array(9).fill(1) : EPDS;
  return c.health.post(S, { person_id: who.id, instrument, administered_on: on, answers });
}

async function recorded(who) {
  const r = await c.health.get(`${S}?person_id=${who.id}`);
  assert.equal(r.status, 200);
  return r.body.items;
}

test('a three-week-old boy cannot answer an EPDS (nor any questionnaire); nothing is recorded', async () => {
  const baby = await person(c.health, { family_name: '乳児', given_name: '男', family_name_kana: 'ニュウジ', birth_date: addDays(todayJst(), -21), sex: 'male' });
  for (const instrument of ['epds', 'bonding', 'ikuji_support']) {
    const r = await post(baby, todayJst(), instrument);
    invalid(r, 'person_id');
    assert.match(r.body.error.message, /10歳未満/);
  }
  assert.deepEqual(await recorded(baby), []);
  // The follow-up list (the board) does not get an infant's EPDS.
  const open = await c.health.get(`${S}?needs_followup=true&limit=500`);
  assert.ok(!open.body.items.some((s) => s.person_id === baby.id));
});

test('the age counts on administered_on: 9 is refused, 10 on the birthday is accepted', async () => {
  const child = await person(c.health, { family_name: '十歳', family_name_kana: 'ジュッサイ', birth_date: '2015-06-01', sex: 'female' });
  invalid(await post(child, '2025-05-31'), 'person_id');
  assert.deepEqual(await recorded(child), []);
  const ok = await post(child, '2025-06-01');
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  // Before the person was born: refused too.
  invalid(await post(child, '2015-05-31'), 'person_id');
});

test('fathers and persons of unknown sex or birth date may answer', async () => {
  const father = await person(c.health, { family_name: '父', family_name_kana: 'チチ', birth_date: '1988-08-08', sex: 'male' });
  const unknown = await person(c.health, { family_name: '不詳', family_name_kana: 'フショウ' });
  for (const who of [father, unknown]) {
    const r = await post(who);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal((await recorded(who)).length, 1);
  }
});
