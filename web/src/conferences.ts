// The shapes of a conference (会議) as the screens read them, and the names of its lines.
import { api, seg } from './api';
import { label } from './labels';
import { casePath, casePersons, subjectName, type CaseRecord } from './cases';
import type { PersonSummary, Pregnancy } from './types';
import { fullName } from './ui';

export interface Attendee {
  name: string;
  agency?: string | null;
  agency_id?: string | null;
  user_id?: string | null;
}

export interface Decision {
  case_id?: string | null;
  pregnancy_id?: string | null;
  person_id?: string | null;
  category?: string | null;
  register?: boolean | null;
  policy?: string | null;
  note?: string | null;
}

export interface Action {
  id?: string;
  what: string;
  owner_id?: string | null;
  owner_agency_id?: string | null;
  owner_name?: string | null;
  due_on: string;
  case_id?: string | null;
  done_on?: string | null;
}

export interface Conference {
  id: string;
  version: number;
  kind: string;
  held_on: string;
  place?: string | null;
  chair_id?: string | null;
  chair_name?: string | null;
  case_ids: string[];
  cases?: { case_id: string; discussion?: string | null }[];
  attendees: Attendee[];
  decisions: Decision[];
  actions: Action[];
  minutes?: string | null;
}

export interface AgendaItem {
  case_id?: string | null;
  pregnancy_id?: string | null;
  reasons: string[];
  /** What changed since the last meeting, as the server words it. */
  changes?: (string | { label?: string; summary?: string; text?: string })[];
}

/** A line's subject: the case with its subjects' names, or the candidate's pregnancy. */
export interface LineSubject {
  caseRecord: CaseRecord | null;
  pregnancy: Pregnancy | null;
  persons: Map<string, PersonSummary>;
  title: string;
}

export async function lineSubject(
  ref: { case_id?: string | null; pregnancy_id?: string | null },
  signal: AbortSignal,
): Promise<LineSubject> {
  if (ref.case_id) {
    const c = await api.get<CaseRecord>(casePath(ref.case_id), { signal });
    const persons = await casePersons(c, signal);
    const title = c.subjects
      .map((s) => `${subjectName(s, persons)}（${label('case_categories', s.category)}）`)
      .join('・');
    return { caseRecord: c, pregnancy: null, persons, title };
  }
  const p = await api.get<Pregnancy>(`/pregnancies/${seg(ref.pregnancy_id ?? '')}`, { signal });
  const name = p.mother ? fullName(p.mother) : p.mother_id;
  return {
    caseRecord: null,
    pregnancy: p,
    persons: new Map(p.mother ? [[p.mother_id, p.mother]] : []),
    title: `${name}（特定妊婦候補・妊娠届）`,
  };
}

export function changeText(c: NonNullable<AgendaItem['changes']>[number]): string {
  return typeof c === 'string' ? c : (c.label ?? c.summary ?? c.text ?? '');
}
