// Shared by the plan tests (plans, case_settings, the plan print): a case of a new household,
// opened through the cases API.
import assert from 'node:assert/strict';

// A case of a new household of members ([person id, relation]) with subjectIds as its subjects,
// leadId its lead.
export async function openCase({ client, leadId }, members, subjectIds) {
  const h = await client.post('/api/v1/households', {
    members: members.map(([id, relation]) => ({ person_id: id, relation })),
  });
  assert.equal(h.status, 201, JSON.stringify(h.body));
  const r = await client.post('/api/v1/cases', { household_id: h.body.id, subject_ids: subjectIds, lead_id: leadId });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

export const plansOf = (caseId) => `/api/v1/cases/${caseId}/plans`;
