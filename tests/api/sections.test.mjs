// One record, read by role: each section's events only for readers of that section; a no-change
// PATCH of a pregnancy keeps its version; a report names each abuse type once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithRoles } from './health_support.mjs';
import { stopClean } from './support.mjs';

let server, c;
let mother, pregnancy;

before(async () => {
  ({ server, c } = await startWithRoles(['health', 'welfare', 'clerk']));
  const m = await c.health.post('/api/v1/persons', { family_name: '記録', given_name: '一', family_name_kana: 'キロク', birth_date: '1995-04-01' });
  mother = m.body;
  const g = await c.health.post('/api/v1/pregnancies', { mother_id: mother.id, notified_on: '2026-11-01', weeks_at_notification: 10, answers: { dv: true } });
  assert.equal(g.status, 201);
  pregnancy = g.body;
  const r = await c.welfare.post('/api/v1/reports', { kind: 'consultation', route: 'family', child_ids: [mother.id] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
});

after(async () => {
  if (server) await stopClean(server);
});

const sections = (r) => [...new Set(r.body.items.map((i) => i.section))].sort();

test('health and welfare read both sections on the timeline; a clerk reads neither', async () => {
  for (const role of ['health', 'welfare']) {
    const r = await c[role].get(`/api/v1/persons/${mother.id}/timeline`);
    assert.equal(r.status, 200);
    assert.deepEqual(sections(r), ['common', 'health', 'welfare'], role);
  }
  // Clerks take calls (reports) but read no health content: the welfare events stay, the health ones go.
  const clerk = await c.clerk.get(`/api/v1/persons/${mother.id}/timeline`);
  assert.equal(clerk.status, 200);
  assert.deepEqual(sections(clerk), ['common', 'welfare']);
  assert.ok(!clerk.body.items.some((i) => /特定妊婦|リスク/.test(i.summary)));
});

test('a pregnancy PATCH that changes nothing keeps the version', async () => {
  const same = await c.health.patch(`/api/v1/pregnancies/${pregnancy.id}`, { answers: { dv: true }, weeks_at_notification: 10 }, { 'if-match': '"1"' });
  assert.equal(same.status, 200, JSON.stringify(same.body));
  assert.equal(same.body.version, 1);
  const changed = await c.health.patch(`/api/v1/pregnancies/${pregnancy.id}`, { weeks_at_notification: 11 }, { 'if-match': '"1"' });
  assert.equal(changed.body.version, 2);
});

test('an abuse type named twice is refused', async () => {
  const r = await c.welfare.post('/api/v1/reports', { kind: 'abuse_report', route: 'school', abuse_types: ['neglect', 'neglect'], child_ids: [mother.id] });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'abuse_types[1]');
});

test('a report is dated on the timeline when the call came in; the taker must be a user', async () => {
  const at = '2026-11-02T09:12:00+09:00';
  const r = await c.welfare.post('/api/v1/reports', { kind: 'consultation', route: 'neighbor', child_ids: [mother.id], received_at: at });
  assert.equal(r.status, 201);
  const t = await c.welfare.get(`/api/v1/persons/${mother.id}/timeline?limit=500`);
  assert.ok(t.body.items.some((i) => i.ref.id === r.body.id && i.at === at), JSON.stringify(t.body.items));
  const bad = await c.welfare.post('/api/v1/reports', { kind: 'consultation', route: 'neighbor', child_ids: [mother.id], received_by: 'nobody' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'received_by');
});

test('a screening names an existing visit; a follow-up is recorded once', async () => {
  const bad = await c.health.post('/api/v1/screenings', { person_id: mother.id, instrument: 'epds', administered_on: '2026-11-01', visit_id: 'no-such-visit', answers: [0, 0, 3, 0, 3, 3, 3, 3, 3, 3] });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'visit_id');
  const s = await c.health.post('/api/v1/screenings', { person_id: mother.id, instrument: 'epds', administered_on: '2026-11-01', answers: [3, 3, 0, 3, 0, 0, 0, 0, 0, 0] });
  assert.equal(s.status, 201);
  assert.equal(s.body.needs_followup, true);
  assert.equal((await c.health.post(`/api/v1/screenings/${s.body.id}/followup`, { on: '2026-11-03', note: '電話' })).status, 200);
  const again = await c.health.post(`/api/v1/screenings/${s.body.id}/followup`, { on: '2026-11-04' });
  assert.equal(again.status, 409);
  assert.equal((await c.health.get(`/api/v1/screenings/${s.body.id}`)).body.followup.on, '2026-11-03');
});

test('a report names who took the call and who recorded each step; received_at is kept to the minute', async () => {
  const r = await c.clerk.post('/api/v1/reports', { kind: 'consultation', route: 'family', child_ids: [mother.id], received_at: '2026-11-03T10:15:42+09:00' });
  assert.equal(r.status, 201);
  assert.equal(r.body.received_at, '2026-11-03T10:15:00+09:00');
  assert.equal(r.body.received_by_name, '受付 一郎');
  const step = await c.welfare.post(`/api/v1/reports/${r.body.id}/events`, { step: 'juri', urgency: 'b', at: '2026-11-03T10:15:00+09:00' });
  assert.equal(step.status, 201, JSON.stringify(step.body));
  const juri = step.body.events.find((e) => e.step === 'juri');
  assert.equal(juri.recorded_by_name, '福祉 あおい');
});

test('pregnancies list their children, and a child finds the pregnancy it was born of', async () => {
  const baby = await c.health.post('/api/v1/persons', { family_name: '記録', given_name: '赤', family_name_kana: 'キロク', birth_date: '2026-11-10' });
  const cur = await c.health.get(`/api/v1/pregnancies/${pregnancy.id}`);
  const linked = await c.health.patch(`/api/v1/pregnancies/${pregnancy.id}`, { child_ids: [baby.body.id] }, { 'if-match': `"${cur.body.version}"` });
  assert.equal(linked.status, 200, JSON.stringify(linked.body));
  const byMother = await c.welfare.get(`/api/v1/pregnancies?mother_id=${mother.id}`);
  assert.deepEqual(byMother.body.items[0].child_ids, [baby.body.id]);
  const byChild = await c.welfare.get(`/api/v1/pregnancies?child_id=${baby.body.id}`);
  assert.deepEqual(byChild.body.items.map((p) => p.id), [pregnancy.id]);
  assert.deepEqual((await c.welfare.get(`/api/v1/pregnancies?child_id=${mother.id}`)).body.items, []);
});
