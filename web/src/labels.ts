// Japanese labels for the codes of the API. The tables the server serves (GET /api/v1/meta) are
// not kept here: `label('<table>', code)` reads them (meta.ts); tests/api/meta.test.mjs fails when
// a served table is copied into web/src again.
import { codeLabel, codes } from './meta';

/** The Japanese label of a code in a served table (`label('roles', u.role)`); an unknown code shows as itself. */
export function label(table: string, code: string | null | undefined): string {
  if (!code) return '';
  return codeLabel(table, code) ?? code;
}

/** The label of a timeline event's kind, or undefined for a kind no table names. */
export function timelineKindLabel(kind: string): string | undefined {
  return codeLabel('timeline_kinds', kind);
}

// ---- 母子保健 ----

/** The served table of a visit kind's subtypes (none for こんにちは赤ちゃん訪問). */
const VISIT_SUBTYPE_TABLES: Record<string, string> = {
  postpartum_care: 'postpartum_subtypes',
  checkup: 'checkup_subtypes',
};

export interface VisitChoice {
  value: string;
  kind: string;
  subtype: string | null;
  label: string;
}

/** The kinds of visit as one list (kind and subtype together), in the server's order. */
export function visitChoices(): VisitChoice[] {
  return codes('visit_kinds').flatMap(({ code: kind }): VisitChoice[] => {
    const table = VISIT_SUBTYPE_TABLES[kind];
    if (!table) return [{ value: kind, kind, subtype: null, label: visitKindText(kind, null) }];
    return codes(table).map(({ code: subtype }) => ({
      value: `${kind}:${subtype}`,
      kind,
      subtype,
      label: visitKindText(kind, subtype),
    }));
  });
}

/** 予定 / 実施 (受診 for a check-up) / 未受診. */
export function visitStatusLabel(kind: string, status: string): string {
  return label(kind === 'checkup' ? 'checkup_statuses' : 'visit_statuses', status);
}

/** こんにちは赤ちゃん訪問 / 産後ケア（宿泊型） / 乳幼児健診（4か月児）. */
export function visitKindText(kind: string, subtype: string | null | undefined): string {
  const base = label('visit_kinds', kind);
  const table = VISIT_SUBTYPE_TABLES[kind];
  const sub = subtype ? (table ? label(table, subtype) : subtype) : '';
  return sub ? `${base}（${sub}）` : base;
}
