// Shared by the plan tests (plans, case_settings): a case of a new household, opened through the
// cases API, and the plan body a caseworker writes.
import assert from 'node:assert/strict';
import { sql } from '../lib/store.mjs';

// A case of a new household of members ([person id, relation]) with subjectIds as its subjects.
export async function openCase({ server, client, leadId }, members, subjectIds) {
  const h = await client.post('/api/v1/households', {
    members: members.map(([id, relation]) => ({ person_id: id, relation })),
  });
  assert.equal(h.status, 201, JSON.stringify(h.body));
  const id = 'case' + Math.random().toString(36).slice(2);
  sql(server.store, `INSERT INTO cases (id, household_id, status, lead_id, opened_on, created_by, created_at, updated_at) VALUES ('${id}', '${h.body.id}', 'open', '${leadId}', '2026-01-01', '${leadId}', 1, 1)`);
  for (const s of subjectIds) sql(server.store, `INSERT INTO case_subjects (case_id, person_id, added_on) VALUES ('${id}', '${s}', '2026-01-01')`);
  return { id };
}

export const plansOf = (caseId) => `/api/v1/cases/${caseId}/plans`;
