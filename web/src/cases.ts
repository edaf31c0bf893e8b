// Shared pieces of the joint-case screens (ケース, 会議, 関係機関): the shapes the UI reads, the
// marks of a designation, and the look-ups of names (staff, agencies, persons) a case or a
// conference carries only by id.
import { api, seg } from './api';
import { h, type Child } from './dom';
import { label } from './labels';
import type { Agency, Case, PersonSummary, SessionUser } from './types';
import type { components } from './generated/api';

type Schemas = components['schemas'];
import { fullName, unnamedPerson } from './ui';

/**
 * A subject as the screens read it: a case's (`CaseSubject`, the person's brief fields on the
 * subject itself) or a conference's or agenda line's (the person nested as `person`).
 */
export interface CaseSubject extends Partial<Omit<PersonSummary, 'id'>> {
  person_id: string;
  category: string;
  designated_by?: { conference_id?: string } | null;
  designated_on?: string | null;
  youtaikyo: boolean;
  registered_on?: string | null;
  person?: PersonSummary | null;
}

/** A case as GET /cases/{id} answers it (docs/openapi.yaml `Case`). */
export type CaseRecord = Case;
export type { Agency };

export type StaffMember = Pick<Schemas['StaffMember'], 'id' | 'name'> & { role?: string };

export function casePath(id: string): string {
  return `/cases/${encodeURIComponent(id)}`;
}

export function conferencePath(id: string): string {
  return `/conferences/${encodeURIComponent(id)}`;
}

/** 特定妊婦 / 要保護児童 / 要支援児童 / 一般 as a mark. */
export function categoryMark(category: string): HTMLElement {
  return h('span', { class: ['tag', 'category-mark', `category-${category}`] }, label('case_categories', category));
}

/** The person of a subject: nested (`person`), flattened on the subject, or read by id. */
export function personOf(s: CaseSubject, persons?: Map<string, PersonSummary>): PersonSummary | null {
  if (s.person) return s.person;
  if (s.family_name !== undefined)
    return {
      id: s.person_id,
      family_name: s.family_name ?? null,
      given_name: s.given_name ?? null,
      family_name_kana: s.family_name_kana ?? null,
      given_name_kana: s.given_name_kana ?? null,
      birth_date: s.birth_date ?? null,
      age: s.age ?? null,
    } as PersonSummary;
  return persons?.get(s.person_id) ?? null;
}

export function subjectName(s: CaseSubject, persons?: Map<string, PersonSummary>): string {
  const p = personOf(s, persons);
  return p ? fullName(p) || '（氏名未登録）' : s.person_id;
}

/** The persons named by id, read once each (for answers that carry ids only). */
export async function loadPersons(ids: readonly string[], signal: AbortSignal): Promise<Map<string, PersonSummary>> {
  const out = new Map<string, PersonSummary>();
  const want = [...new Set(ids)].filter(Boolean);
  await Promise.all(
    want.map(async (id) => {
      try {
        out.set(id, await api.get<PersonSummary>(`/persons/${seg(id)}`, { signal }));
      } catch {
        out.set(id, unnamedPerson(id));
      }
    }),
  );
  return out;
}

/** The subjects' persons of a case: those the answer carries, the rest read by id. */
export async function casePersons(c: CaseRecord, signal: AbortSignal): Promise<Map<string, PersonSummary>> {
  const known = new Map<string, PersonSummary>();
  for (const s of c.subjects) {
    const p = personOf(s);
    if (p) known.set(s.person_id, p);
  }
  const missing = c.subjects.filter((s) => !known.has(s.person_id)).map((s) => s.person_id);
  for (const [k, v] of await loadPersons(missing, signal)) known.set(k, v);
  return known;
}

/** The staff a case or a conference may name (GET /staff); at least the signed-in user. */
export async function loadStaff(me: SessionUser, signal: AbortSignal): Promise<StaffMember[]> {
  try {
    const r = await api.get<{ items: StaffMember[] }>('/staff', { signal });
    return r.items.some((u) => u.id === me.id) ? r.items : [{ id: me.id, name: me.name, role: me.role }, ...r.items];
  } catch (e) {
    if (signal.aborted) throw e;
    return [{ id: me.id, name: me.name, role: me.role }];
  }
}

export async function loadAgencies(signal: AbortSignal): Promise<Agency[]> {
  try {
    const r = await api.get<{ items: Agency[] }>('/agencies', { query: { limit: 500 }, signal });
    return r.items;
  } catch (e) {
    if (signal.aborted) throw e;
    return [];
  }
}

export function staffName(
  staff: readonly StaffMember[],
  id: string | null | undefined,
  fallback?: string | null,
): string {
  if (!id) return '';
  return staff.find((s) => s.id === id)?.name ?? fallback ?? '（職員）';
}

export function agencyName(agencies: readonly Agency[], id: string | null | undefined): string {
  if (!id) return '';
  return agencies.find((a) => a.id === id)?.name ?? '（関係機関）';
}

/** A term and its value for a <dl class="facts">; an empty value shows as —. */
export function fact(term: string, ...value: Child[]): Child[] {
  const empty = value.every((v) => v === '' || v === null || v === undefined);
  return [h('dt', null, term), h('dd', { class: empty ? 'empty' : undefined }, empty ? '—' : value)];
}
