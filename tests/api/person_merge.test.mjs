// Possible duplicates and the merge of two records of one person (issue 13, item 6): the mark on
// both records until someone decides, 別人 (audited), the merge moving every event of both to
// the survivor (timeline count = the sum), the merged record kept and pointing at the survivor,
// audit rows against both, role checks and the merges refused; every write naming a merged record
// refused (409, nothing written); the import's alerts_quiet mark kept only when both were quiet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../lib/store.mjs';
import { stopClean } from './support.mjs';
import { startWithRoles, error, invalid, forbidden, person, todayJst, addMonths } from './health_support.mjs';

let server, c;

before(async () => {
  ({ server, c } = await startWithRoles(['director', 'coordinator', 'health', 'welfare']));
});

after(async () => {
  if (server) await stopClean(server);
});

const HOUR = 3600e3;
const jst = (ms) => new Date(ms + 9 * HOUR).toISOString().slice(0, 19) + '+09:00';
const minuteNow = () => Math.floor(Date.now() / 60e3) * 60e3;

// Two records of one child, typed twice: the second create lists the first as a possible duplicate.
async function twins(kana, birth, a = {}, b = {}) {
  const fields = { family_name: '重複', family_name_kana: 'チョウフク', given_name_kana: kana, birth_date: birth };
  const first = await person(c.health, { given_name: '一', ...fields, ...a });
  const second = await person(c.health, { given_name: '一', ...fields, ...b });
  assert.deepEqual(second.possible_duplicates.map((p) => p.id), [first.id]);
  return [first, second];
}

const get = async (id, who = c.coordinator) => {
  const r = await who.get(`/api/v1/persons/${id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
};
const timeline = async (id) => {
  const r = await c.coordinator.get(`/api/v1/persons/${id}/timeline?limit=500`);
  assert.equal(r.status, 200);
  return r.body.items;
};
const auditOf = async (id) => (await c.director.get(`/api/v1/audit?person_id=${id}&limit=500`)).body.items;
const decide = (who, a, b, decision = 'distinct') => who.post(`/api/v1/persons/${a}/duplicates/${b}/decision`, { decision });

test('the mark stays on both records and the coordinator lists the pair', async () => {
  const [a, b] = await twins('イチ', '2020-05-05');
  for (const [self, other] of [[a, b], [b, a]]) {
    const p = await get(self.id, c.health);
    assert.deepEqual(p.possible_duplicates.map((x) => x.id), [other.id], 'a nurse sees the mark too');
    assert.equal(p.merged_into, null);
  }
  // Still there after an unrelated read and a change of the record.
  const upd = await c.health.patch(`/api/v1/persons/${a.id}`, { phone: '03-1111-2222' }, { 'if-match': '"1"' });
  assert.equal(upd.status, 200);
  assert.equal((await get(a.id)).possible_duplicates.length, 1);

  const list = await c.coordinator.get('/api/v1/persons/duplicates');
  assert.equal(list.status, 200);
  const pair = list.body.items.find((i) => [i.a.id, i.b.id].sort().join() === [a.id, b.id].sort().join());
  assert.ok(pair, 'the open pair is listed');
  assert.match(pair.found_at, /\+09:00$/);
  assert.equal((await c.director.get('/api/v1/persons/duplicates')).status, 200, 'the director too');
});

test('roles: only the coordinator and the director list, decide or merge', async () => {
  const [a, b] = await twins('ロール', '2021-01-01');
  for (const who of [c.health, c.welfare]) {
    forbidden(await who.get('/api/v1/persons/duplicates'));
    forbidden(await decide(who, a.id, b.id));
    forbidden(await who.get(`/api/v1/persons/merges/preview?a=${a.id}&b=${b.id}`));
    forbidden(await who.post('/api/v1/persons/merges', { survivor_id: a.id, merged_id: b.id }));
  }
  assert.equal((await get(a.id)).possible_duplicates.length, 1, 'nothing changed');
});

test('別人: the decision clears the mark on both, is audited against both, and is made once', async () => {
  const [a, b] = await twins('ベツジン', '2019-09-09');
  invalid(await decide(c.coordinator, a.id, b.id, 'maybe'), 'decision');
  assert.equal((await get(a.id)).possible_duplicates.length, 1, 'a bad decision changes nothing');
  const r = await decide(c.coordinator, b.id, a.id);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.decision, 'distinct');
  assert.deepEqual((await get(a.id)).possible_duplicates, []);
  assert.deepEqual((await get(b.id)).possible_duplicates, []);
  error(await decide(c.coordinator, a.id, b.id), 404, 'not_found');
  for (const [self, other] of [[a, b], [b, a]]) {
    const rows = (await auditOf(self.id)).filter((i) => i.action === 'distinct');
    assert.equal(rows.length, 1, 'one audit row against each person');
    assert.deepEqual(rows[0].object, { type: 'person_duplicate', id: other.id });
  }
  const list = (await c.coordinator.get('/api/v1/persons/duplicates')).body.items;
  assert.ok(!list.some((i) => i.a.id === a.id || i.b.id === a.id), 'no longer listed');
});

test('merge: every event of both on the survivor, the merged record kept and pointing at it, audited', async () => {
  const [a, b] = await twins('トウゴウ', '2020-02-02', { phone: '03-0000-0001' }, { given_name: '壱', phone: '090-1234-5678' });
  // The merged record has a visit and a report of its own; the survivor a visit.
  const visit = (id, on) => c.health.post('/api/v1/visits', { person_id: id, kind: 'newborn_visit', on, status: 'done' });
  assert.equal((await visit(a.id, todayJst(-3))).status, 201);
  assert.equal((await visit(b.id, todayJst(-2))).status, 201);
  const rep = await c.welfare.post('/api/v1/reports', {
    kind: 'abuse_report', received_at: jst(minuteNow() - 2 * HOUR), child_ids: [b.id], route: 'school',
    abuse_types: ['neglect'], summary: '要旨',
  });
  assert.equal(rep.status, 201, JSON.stringify(rep.body));
  const before = { a: (await timeline(a.id)).length, b: (await timeline(b.id)).length };
  assert.ok(before.b >= 3, `the merged record has its own events (${before.b})`);

  const pv = await c.coordinator.get(`/api/v1/persons/merges/preview?a=${a.id}&b=${b.id}`);
  assert.equal(pv.status, 200, JSON.stringify(pv.body));
  assert.equal(pv.body.a.id, a.id);
  assert.equal(pv.body.b.given_name, '壱');
  assert.equal(pv.body.b.counts.visits, 1);
  assert.equal(pv.body.b.counts.report_children, 1);
  assert.equal(pv.body.clash, null);

  invalid(await c.coordinator.post('/api/v1/persons/merges', { survivor_id: a.id, merged_id: b.id, fields: { given_name: 'theirs' } }), 'fields.given_name');
  invalid(await c.coordinator.post('/api/v1/persons/merges', { survivor_id: a.id, merged_id: b.id, fields: { version: 'merged' } }), 'fields.version');
  assert.equal((await get(b.id)).merged_into, null, 'a refused merge changes nothing');

  const m = await c.coordinator.post('/api/v1/persons/merges', {
    survivor_id: a.id, merged_id: b.id, fields: { given_name: 'merged', phone: 'merged', birth_date: 'survivor' },
  });
  assert.equal(m.status, 201, JSON.stringify(m.body));
  assert.equal(m.body.survivor_id, a.id);
  assert.equal(m.body.moved.visits, 1);
  assert.equal(m.body.moved.report_children, 1);
  assert.equal(m.body.survivor.given_name, '壱', 'the value chosen from the merged record');
  assert.equal(m.body.survivor.phone, '090-1234-5678');

  // The survivor's timeline holds the events of both (and the merge's own event).
  const after = await timeline(a.id);
  assert.equal(after.length, before.a + before.b + 1);
  assert.equal(after.filter((e) => e.kind === 'visit_recorded').length, 2);
  assert.ok(after.some((e) => e.section === 'welfare'), 'the report of the merged record');
  assert.ok(after.some((e) => e.kind === 'person_merged'));

  const survivor = await get(a.id);
  assert.equal(survivor.given_name, '壱');
  assert.deepEqual(survivor.possible_duplicates, [], 'the pair is decided');
  const merged = await get(b.id);
  assert.equal(merged.merged_into, a.id, 'an old link resolves to the survivor');
  // The report now names the survivor.
  const report = await c.welfare.get(`/api/v1/reports/${rep.body.id}`);
  assert.deepEqual(report.body.children.map((x) => x.id ?? x.person_id), [a.id]);
  // The merged record is found no more by name.
  const found = (await c.health.get(`/api/v1/persons?q=${encodeURIComponent('チョウフクトウゴウ')}`)).body.items.map((p) => p.id);
  assert.deepEqual(found, [a.id]);

  for (const id of [a.id, b.id]) {
    const rows = (await auditOf(id)).filter((i) => i.action === 'merge');
    assert.equal(rows.length, 1, 'one merge audit row against each person');
    assert.deepEqual(rows[0].object, { type: 'person_merge', id: m.body.id });
  }

  // Refused: into itself, a merged record again, into a merged record.
  invalid(await c.coordinator.post('/api/v1/persons/merges', { survivor_id: a.id, merged_id: a.id }), 'merged_id');
  error(await c.coordinator.post('/api/v1/persons/merges', { survivor_id: a.id, merged_id: b.id }), 409, 'invalid_transition');
  const other = await person(c.health, { family_name: '別', family_name_kana: 'ベツ' });
  error(await c.coordinator.post('/api/v1/persons/merges', { survivor_id: b.id, merged_id: other.id }), 409, 'invalid_transition');
  assert.equal((await get(other.id)).merged_into, null);
  error(await c.coordinator.post('/api/v1/persons/merges', { survivor_id: a.id, merged_id: 'no-such-person' }), 404, 'not_found');
});

test('merge refused when both records are children of one report', async () => {
  const [a, b] = await twins('リョウホウ', '2018-03-03');
  const rep = await c.welfare.post('/api/v1/reports', {
    kind: 'abuse_report', received_at: jst(minuteNow() - HOUR), child_ids: [a.id, b.id], route: 'school',
    abuse_types: ['neglect'], summary: '要旨',
  });
  assert.equal(rep.status, 201, JSON.stringify(rep.body));
  const pv = await c.coordinator.get(`/api/v1/persons/merges/preview?a=${a.id}&b=${b.id}`);
  assert.equal(pv.body.clash.table, 'report_children');
  const r = await c.coordinator.post('/api/v1/persons/merges', { survivor_id: a.id, merged_id: b.id });
  error(r, 409, 'invalid_transition');
  assert.match(r.body.error.message, /同じ/);
  assert.equal((await get(b.id)).merged_into, null);
});

test('undo: every moved row back on the merged record, the fields taken given back, the pair open again, audited', async () => {
  const [a, b] = await twins('トリケシ', '2017-07-07', { resident_id: 'R-UNDO-1', affiliation: 'みどり保育園' }, { given_name: '壱', resident_id: 'R-UNDO-2', affiliation: 'ひかり小学校' });
  assert.equal((await c.health.post('/api/v1/visits', { person_id: b.id, kind: 'newborn_visit', on: todayJst(-1), status: 'done' })).status, 201);
  const rep = await c.welfare.post('/api/v1/reports', {
    kind: 'abuse_report', received_at: jst(minuteNow() - HOUR), child_ids: [b.id], route: 'school', abuse_types: ['neglect'], summary: '要旨',
  });
  assert.equal(rep.status, 201);
  const before = { a: (await timeline(a.id)).length, b: (await timeline(b.id)).length };
  const m = await c.coordinator.post('/api/v1/persons/merges', {
    survivor_id: a.id, merged_id: b.id, fields: { given_name: 'merged', resident_id: 'merged', affiliation: 'merged' },
  });
  assert.equal(m.status, 201, JSON.stringify(m.body));
  assert.equal(m.body.survivor.resident_id, 'R-UNDO-2', 'the survivor took the merged record\'s resident id');
  assert.equal(m.body.survivor.affiliation, 'ひかり小学校', 'the survivor took the merged record\'s 所属');

  forbidden(await c.health.post(`/api/v1/persons/merges/${m.body.id}/undo`, {}));
  const u = await c.coordinator.post(`/api/v1/persons/merges/${m.body.id}/undo`, {});
  assert.equal(u.status, 200, JSON.stringify(u.body));
  const sa = await get(a.id);
  const sb = await get(b.id);
  assert.equal(sb.merged_into, null);
  assert.equal(sa.given_name, '一', 'the value taken goes back');
  assert.equal(sa.resident_id, 'R-UNDO-1');
  assert.equal(sa.affiliation, 'みどり保育園', 'the 所属 goes back');
  assert.equal(sb.resident_id, 'R-UNDO-2', 'given back to the merged record');
  assert.deepEqual(sa.possible_duplicates.map((p) => p.id), [b.id], 'the pair is open again');
  // Each timeline holds its own events again, plus the merge's and the undo's.
  const ta = await timeline(a.id);
  const tb = await timeline(b.id);
  assert.equal(ta.length, before.a + 2);
  assert.equal(tb.length, before.b + 2);
  assert.equal(tb.filter((e) => e.kind === 'visit_recorded').length, 1);
  assert.equal(ta.filter((e) => e.kind === 'visit_recorded').length, 0);
  const report = await c.welfare.get(`/api/v1/reports/${rep.body.id}`);
  assert.deepEqual(report.body.children.map((x) => x.id ?? x.person_id), [b.id]);
  const found = (await c.health.get(`/api/v1/persons?q=${encodeURIComponent('チョウフクトリケシ')}`)).body.items.map((p) => p.id);
  assert.deepEqual(found.sort(), [a.id, b.id].sort(), 'both found by name again');
  for (const id of [a.id, b.id]) {
    const rows = (await auditOf(id)).filter((i) => i.action === 'unmerge');
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0].object, { type: 'person_merge', id: m.body.id });
  }
  error(await c.coordinator.post(`/api/v1/persons/merges/${m.body.id}/undo`, {}), 409, 'invalid_transition');
  error(await c.coordinator.post('/api/v1/persons/merges/no-such-merge/undo', {}), 404, 'not_found');
});

// A write that names a merged record: 409 invalid_transition naming the field, nothing written.
const refusedMerged = (r, field) => {
  error(r, 409, 'invalid_transition', field);
  assert.equal(r.body.error.message, '統合済みの記録です。統合先の記録を使ってください。');
};
const count = (query) => Number(sql(server, query));

test('a merged record receives nothing: visit, screening, pregnancy, report, household, PATCH, 別人 refused', async () => {
  const [a, b] = await twins('ウケナイ', '2020-08-08');
  const m = await c.coordinator.post('/api/v1/persons/merges', { survivor_id: a.id, merged_id: b.id });
  assert.equal(m.status, 201, JSON.stringify(m.body));
  const mother = await person(c.health, { family_name: '母', family_name_kana: 'ハハ', birth_date: '1990-01-01', sex: 'female' });
  const rows = () => ({
    visits: count(`SELECT COUNT(*) FROM visits WHERE person_id IN ('${a.id}', '${b.id}')`),
    reports: count(`SELECT COUNT(*) FROM report_children WHERE child_id IN ('${a.id}', '${b.id}')`)
      + count(`SELECT COUNT(*) FROM report_guardians WHERE person_id IN ('${a.id}', '${b.id}')`),
    members: count(`SELECT COUNT(*) FROM household_members WHERE person_id IN ('${a.id}', '${b.id}')`),
    events: count(`SELECT COUNT(*) FROM events WHERE person_id IN ('${a.id}', '${b.id}')`),
    pregnancies: count(`SELECT COUNT(*) FROM pregnancies WHERE mother_id = '${mother.id}'`),
    screenings: count(`SELECT COUNT(*) FROM screenings WHERE person_id IN ('${a.id}', '${b.id}')`),
  });
  const before = rows();
  const mergedBefore = await get(b.id);

  refusedMerged(await c.health.post('/api/v1/visits', { person_id: b.id, kind: 'newborn_visit', on: todayJst(-1), status: 'done' }), 'person_id');
  refusedMerged(await c.health.post('/api/v1/screenings', {
    person_id: b.id, instrument: 'epds', administered_on: todayJst(), answers: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  }), 'person_id');
  refusedMerged(await c.health.post('/api/v1/pregnancies', { mother_id: mother.id, notified_on: todayJst(), answers: {}, child_ids: [b.id] }), 'child_ids[0]');
  const report = { kind: 'abuse_report', received_at: jst(minuteNow() - HOUR), route: 'school', abuse_types: ['neglect'], summary: '要旨' };
  refusedMerged(await c.welfare.post('/api/v1/reports', { ...report, child_ids: [a.id, b.id] }), 'child_ids[1]');
  refusedMerged(await c.welfare.post('/api/v1/reports', { ...report, child_ids: [a.id], guardians: [{ person_id: b.id, relation: 'mother' }] }),
    'guardians[0].person_id');
  refusedMerged(await c.health.post('/api/v1/households', { members: [{ person_id: b.id, relation: 'child' }] }), 'members[0].person_id');
  refusedMerged(await c.health.patch(`/api/v1/persons/${b.id}`, { phone: '03-9999-9999' }, { 'if-match': `"${mergedBefore.version}"` }), 'id');
  refusedMerged(await decide(c.coordinator, a.id, b.id), 'other');

  assert.deepEqual(rows(), before, 'nothing written');
  const mergedAfter = await get(b.id);
  assert.equal(mergedAfter.version, mergedBefore.version);
  assert.equal(mergedAfter.phone, mergedBefore.phone);
  // The survivor takes the same writes.
  assert.equal((await c.health.post('/api/v1/visits', { person_id: a.id, kind: 'newborn_visit', on: todayJst(-1), status: 'done' })).status, 201);
  const rep = await c.welfare.post('/api/v1/reports', { ...report, child_ids: [a.id] });
  assert.equal(rep.status, 201, JSON.stringify(rep.body));
  // A 現認 naming the merged record (an old link): refused, the survivor still unseen.
  assert.equal((await c.welfare.post(`/api/v1/reports/${rep.body.id}/events`, { step: 'juri', urgency: 'a' })).status, 201);
  refusedMerged(await c.welfare.post(`/api/v1/reports/${rep.body.id}/events`, { step: 'safety_confirmed', child_ids: [b.id], seen_by: '福祉 あおい' }),
    'child_ids[0]');
  assert.equal(count(`SELECT COUNT(*) FROM report_children WHERE report_id = '${rep.body.id}' AND confirmed_at IS NOT NULL`), 0);
});

// The import's mark on a newborn whose visit is history (alerts_quiet): a merge keeps it on the
// survivor only when both records had it, so a merge never hides a child the board showed.
const PERSONS_CSV = 'external_id,family_name,given_name,family_name_kana,given_name_kana,birth_date,sex,address,household_external_id,relation';
async function importedNewborn(externalId, kana, born) {
  const r = await c.director.post('/api/v1/import/persons', `${PERSONS_CSV}\n${externalId},静,児,シズカ,${kana},${born},female,,,\n`,
    { 'content-type': 'text/csv; charset=utf-8' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return sql(server, `SELECT record_id FROM import_records WHERE kind = 'persons' AND external_id = '${externalId}'`);
}
const quiet = (id) => count(`SELECT COUNT(*) FROM alerts_quiet WHERE record_id = '${id}'`) === 1;
const onBoard = async (id) => {
  const r = await c.director.get('/api/v1/alerts?limit=500');
  assert.equal(r.status, 200);
  return r.body.items.some((x) => x.kind === 'newborn_visit' && x.ref.id === id);
};

test('alerts_quiet: the survivor stays quiet only when both were; the undo gives the mark back', async () => {
  const born = addMonths(todayJst(), -1);
  // A quiet imported newborn kept as the survivor of a live record of the same child.
  const q = await importedNewborn('mq1', 'イチ', born);
  const live = await person(c.health, { family_name: '静', given_name: '児', family_name_kana: 'シズカ', given_name_kana: 'イチ', birth_date: born, sex: 'female' });
  assert.ok(quiet(q) && !(await onBoard(q)), 'imported history: quiet');
  assert.ok(await onBoard(live.id), 'the live record is on the board');
  const m = await c.coordinator.post('/api/v1/persons/merges', { survivor_id: q, merged_id: live.id });
  assert.equal(m.status, 201, JSON.stringify(m.body));
  assert.ok(!quiet(q), 'a live record merged in: the survivor is no longer quiet');
  assert.ok(await onBoard(q), 'the child is still on the board, as the survivor');
  assert.ok(!(await onBoard(live.id)), 'the merged record raises nothing of its own');
  const u = await c.coordinator.post(`/api/v1/persons/merges/${m.body.id}/undo`, {});
  assert.equal(u.status, 200, JSON.stringify(u.body));
  assert.ok(quiet(q) && !(await onBoard(q)), 'the undo gives the mark back');
  assert.ok(await onBoard(live.id));

  // A quiet record merged into a live one: the survivor stays live.
  const q2 = await importedNewborn('mq2', 'ニ', born);
  const live2 = await person(c.health, { family_name: '静', given_name: '児', family_name_kana: 'シズカ', given_name_kana: 'ニ', birth_date: born, sex: 'female' });
  const m2 = await c.coordinator.post('/api/v1/persons/merges', { survivor_id: live2.id, merged_id: q2 });
  assert.equal(m2.status, 201, JSON.stringify(m2.body));
  assert.ok(!quiet(live2.id) && (await onBoard(live2.id)), 'never quieted by the merged record');
  assert.ok(quiet(q2), 'the merged record keeps its own mark');

  // Both quiet: the survivor stays quiet, through the merge and its undo.
  const q3 = await importedNewborn('mq3', 'サン', born);
  const q4 = await importedNewborn('mq4', 'サン', born);
  const m3 = await c.coordinator.post('/api/v1/persons/merges', { survivor_id: q3, merged_id: q4 });
  assert.equal(m3.status, 201, JSON.stringify(m3.body));
  assert.ok(quiet(q3) && !(await onBoard(q3)), 'both were history: still quiet');
  assert.equal((await c.coordinator.post(`/api/v1/persons/merges/${m3.body.id}/undo`, {})).status, 200);
  assert.ok(quiet(q3) && quiet(q4));
});
