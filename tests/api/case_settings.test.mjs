// The review intervals of the joint case (/api/v1/settings/case_intervals): the defaults, read by
// the case staff only, changed by the director only (If-Match, ranges), each change audited, and
// a plan approved afterwards dated by the new plan review interval.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stopClean } from './support.mjs';
import { sqlRows } from '../lib/store.mjs';
import { openCase, plansOf } from './plan_support.mjs';
import { startWithRoles, todayJst, addMonths, invalid, missing, error, forbidden, person, INSTANT } from './health_support.mjs';

const URL_ = '/api/v1/settings/case_intervals';
let server, c, ids;

before(async () => {
  ({ server, c, ids } = await startWithRoles(['director', 'coordinator', 'health', 'welfare', 'clerk', 'partner', 'admin']));
});

after(async () => {
  if (server) await stopClean(server);
});

const put = (client, body, version) => client.req('PUT', URL_, body, version === undefined ? {} : { 'if-match': `"${version}"` });
const VALID = { case_review_months: 4, plan_review_months: 6, joint_case_weeks: 2 };

test('the defaults: 3 months, 3 months, 4 weeks, version 0; read by the case staff only', async () => {
  for (const role of ['director', 'coordinator', 'health', 'welfare']) {
    const r = await c[role].get(URL_);
    assert.equal(r.status, 200, role);
    assert.deepEqual(r.body, { case_review_months: 3, plan_review_months: 3, joint_case_weeks: 4, version: 0, updated_at: null, updated_by: null });
    assert.equal(r.headers.get('etag'), '"0"');
  }
  for (const role of ['clerk', 'partner', 'admin']) forbidden(await c[role].get(URL_));
});

test('only the director changes them, within range, over the version read; each change audited', async () => {
  for (const role of ['coordinator', 'health', 'welfare', 'clerk', 'partner', 'admin']) forbidden(await put(c[role], VALID, 0));
  missing(await put(c.director, VALID), 'If-Match');
  invalid(await put(c.director, { ...VALID, case_review_months: 0 }, 0), 'case_review_months');
  invalid(await put(c.director, { ...VALID, plan_review_months: 13 }, 0), 'plan_review_months');
  invalid(await put(c.director, { ...VALID, joint_case_weeks: 27 }, 0), 'joint_case_weeks');
  invalid(await put(c.director, { ...VALID, joint_case_weeks: '2' }, 0), 'joint_case_weeks');
  invalid(await put(c.director, { ...VALID, weekly: true }, 0), 'weekly');
  missing(await put(c.director, { case_review_months: 3, plan_review_months: 3 }, 0), 'joint_case_weeks');
  assert.equal((await c.welfare.get(URL_)).body.version, 0, 'nothing saved');

  const r = await put(c.director, VALID, 0);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.version, 1);
  assert.equal(r.body.updated_by, ids.director);
  assert.match(r.body.updated_at, INSTANT);
  error(await put(c.director, { ...VALID, plan_review_months: 2 }, 0), 409, 'version_conflict');
  const got = await c.health.get(URL_);
  assert.deepEqual([got.body.case_review_months, got.body.plan_review_months, got.body.joint_case_weeks, got.body.version], [4, 6, 2, 1]);

  const rows = sqlRows(server.store, "SELECT action, user_id FROM audit WHERE object_type = 'settings' AND object_id = 'case_intervals'");
  assert.deepEqual(rows, [{ action: 'update', user_id: ids.director }]);
});

test('a plan approved after the change takes the new plan review interval', async () => {
  const cur = (await c.director.get(URL_)).body;
  const saved = await put(c.director, { ...VALID, plan_review_months: 5 }, cur.version);
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const mother = await person(c.welfare, { family_name: '設定', family_name_kana: 'セッテイ', birth_date: '1990-01-01' });
  const kase = await openCase({ server, client: c.welfare, leadId: ids.welfare }, [[mother.id, 'mother']], [mother.id]);
  const p = await c.welfare.post(plansOf(kase.id), { subject_ids: [mother.id], guardian_wishes: '相談できる人がほしい' });
  assert.equal(p.status, 201, JSON.stringify(p.body));
  const a = await c.director.post(`${plansOf(kase.id)}/${p.body.id}/approve`, {});
  assert.equal(a.status, 200, JSON.stringify(a.body));
  assert.equal(a.body.review_on, addMonths(todayJst(), 5));
});
