// The shapes of a conference (会議) as the screens read them, and the names of its lines.
import { api, seg } from './api';
import type { components } from './generated/api';
import { label } from './labels';
import { casePath, casePersons, personOf, subjectName, type CaseRecord, type CaseSubject } from './cases';
import { formatInstant } from './wareki';
import type { PersonSummary, Pregnancy } from './types';
import { fullName } from './ui';

type Schemas = components['schemas'];

export type Decision = Schemas['ConferenceDecision'];
export type Action = Schemas['ConferenceAction'];
/** A conference as GET /conferences/{id} answers it (docs/openapi.yaml `Conference`). */
export type Conference = Schemas['Conference'];
/** A line of a conference list (no decisions, actions or minutes). */
export type ConferenceSummary = Schemas['ConferenceSummary'];

export interface AgendaChange {
  person_id?: string | null;
  kind?: string;
  at?: string;
  summary?: string;
}

export interface AgendaItem {
  case_id?: string | null;
  pregnancy_id?: string | null;
  reasons: string[];
  /** The case's subjects (a case line). */
  subjects?: CaseSubject[];
  lead_name?: string | null;
  next_review_on?: string | null;
  /** The candidate (a pregnancy line). */
  candidate?: {
    pregnancy_id: string;
    notified_on?: string | null;
    due_date?: string | null;
    mother: PersonSummary;
  } | null;
  /** What changed since the last meeting (new reports, missed check-ups, flags). */
  changes?: AgendaChange[];
  overdue_alerts?: { kind: string; label?: string; due_at: string; person_id?: string | null }[];
}

/** A line's subject: the case with its subjects' names, or the candidate's pregnancy. */
export interface LineSubject {
  caseRecord: CaseRecord | null;
  pregnancy: Pregnancy | null;
  persons: Map<string, PersonSummary>;
  title: string;
}

/** A line's subject from what the line carries (an agenda line, a conference's case). */
export function lineSubjectOf(ref: AgendaItem): LineSubject | null {
  if (ref.case_id && ref.subjects) {
    const c = { id: ref.case_id, subjects: ref.subjects, lead_name: ref.lead_name } as CaseRecord;
    const persons = new Map<string, PersonSummary>();
    for (const s of ref.subjects) {
      const p = personOf(s);
      if (p) persons.set(s.person_id, p);
    }
    return { caseRecord: c, pregnancy: null, persons, title: titleOf(c, persons) };
  }
  if (ref.pregnancy_id && ref.candidate) {
    const m = ref.candidate.mother;
    return {
      caseRecord: null,
      pregnancy: { id: ref.pregnancy_id, mother_id: m.id, mother: m } as unknown as Pregnancy,
      persons: new Map([[m.id, m]]),
      title: `${fullName(m)}（特定妊婦候補・妊娠届）`,
    };
  }
  return null;
}

function titleOf(c: CaseRecord, persons: Map<string, PersonSummary>): string {
  return c.subjects.map((s) => `${subjectName(s, persons)}（${label('case_categories', s.category)}）`).join('・');
}

export async function lineSubject(
  ref: AgendaItem | { case_id?: string | null; pregnancy_id?: string | null },
  signal: AbortSignal,
): Promise<LineSubject> {
  const known = lineSubjectOf({ reasons: [], ...ref });
  if (known) return known;
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

/** 「令和8年11月20日　山田 太郎　4か月児健診 未受診」 */
export function changeText(c: AgendaChange, persons: Map<string, PersonSummary>): string {
  const who = c.person_id ? persons.get(c.person_id) : null;
  return [c.at ? formatInstant(c.at) : '', who ? fullName(who) : '', c.summary ?? ''].filter(Boolean).join('　');
}
