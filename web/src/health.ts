// Shared pieces of the 母子保健 screens: the risk level mark, flags, follow-up state, visit
// titles, and reading whole lists. What a user may do is asked of may() (meta.ts).
import { api } from './api';
import { h, type Child } from './dom';
import { label, visitKindText, visitStatusLabel } from './labels';
import type { FollowUp, List, Pregnancy, Visit } from './types';
import { ageOn, formatInstant, formatWareki } from './wareki';

/** Reads every page of a list (up to `max` items), `pageSize` items a request (api.md: at most 500). */
export async function allPages<T>(
  path: string,
  query: Record<string, string>,
  signal: AbortSignal,
  max = 1000,
  pageSize = 100,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  while (out.length < max) {
    const r: List<T> = await api.get<List<T>>(path, { query: { ...query, limit: pageSize, cursor }, signal });
    out.push(...r.items);
    if (!r.next_cursor) break;
    cursor = r.next_cursor;
  }
  return out;
}

/** リスク 高 / 中 / 低 as a mark; `big` for the result of an interview. */
export function riskMark(level: string, levelLabel?: string, big = false): HTMLElement {
  const text = levelLabel || label('risk_levels', level);
  return h(
    'span',
    { class: ['risk', `risk-${level}`, big ? 'risk-big' : undefined] },
    h('span', { class: 'risk-caption' }, 'リスク'),
    h('span', { class: 'risk-level' }, text),
  );
}

/** True while the interview has questions not asked (面接未完了): its level is only a lower bound. */
export function interviewIncomplete(p: Pick<Pregnancy, 'unasked'>): boolean {
  return (p.unasked?.length ?? 0) > 0;
}

/** 「面接未完了（未確認 N 項目）」 */
export function incompleteText(p: Pick<Pregnancy, 'unasked'>): string {
  return `面接未完了（未確認 ${p.unasked.length} 項目）`;
}

/**
 * The result of a 妊娠届 interview as a mark: リスク 高 / 中 / 低 when every question was asked,
 * else 面接未完了（未確認 N 項目） — never 低 for an interview nobody finished. In lists (not
 * `big`), what the answered questions already reach (中 or 高) is added under it.
 */
export function pregnancyMark(p: Pick<Pregnancy, 'risk_level' | 'risk_level_label' | 'unasked'>, big = false): Child {
  if (!interviewIncomplete(p)) return riskMark(p.risk_level, p.risk_level_label, big);
  const mark = h(
    'span',
    { class: ['risk', 'risk-incomplete', big ? 'risk-big' : undefined] },
    h('span', { class: 'risk-level' }, incompleteText(p)),
  );
  if (big || p.risk_level === 'low') return mark;
  return [
    mark,
    h(
      'span',
      { class: 'partial-level' },
      `確認済みの項目でリスク${p.risk_level_label || label('risk_levels', p.risk_level)}`,
    ),
  ];
}

/** The row class of a pregnancy in a table: risk-row-high, …, or risk-row-incomplete. */
export function pregnancyRowClass(p: Pick<Pregnancy, 'risk_level' | 'unasked'>): string {
  return interviewIncomplete(p) ? 'risk-row-incomplete' : `risk-row-${p.risk_level}`;
}

/** 「6点」, or nothing for an incomplete interview (its points are not a result yet). */
export function pregnancyScoreText(p: Pick<Pregnancy, 'risk_score' | 'unasked'>): string {
  return interviewIncomplete(p) ? '' : `${p.risk_score}点`;
}

export function candidateMark(): HTMLElement {
  return h('span', { class: 'candidate-mark' }, '特定妊婦候補');
}

/** A flag of a 妊娠届 (RiskFlag, with its weight) or of a questionnaire (code and label only). */
export type Flag = { code: string; label: string; weight?: number };

/** The flags as a list of labels (with weights when given). */
export function flagList(flags: readonly Flag[], opts: { weights?: boolean; empty?: string } = {}): HTMLElement {
  if (!flags.length) return h('p', { class: 'flags-none' }, opts.empty ?? '該当なし');
  return h(
    'ul',
    { class: 'flag-list' },
    flags.map((f) =>
      h(
        'li',
        { class: ['flag', `flag-${f.code}`] },
        f.label,
        opts.weights && typeof f.weight === 'number' ? h('span', { class: 'flag-weight' }, `${f.weight}点`) : null,
      ),
    ),
  );
}

/** Flags in one line for tables. */
export function flagsInline(flags: readonly Flag[]): Child {
  if (!flags.length) return h('span', { class: 'muted' }, 'なし');
  return h(
    'span',
    { class: 'flags-inline' },
    flags.map((f) => h('span', { class: 'flag-chip' }, f.label)),
  );
}

/** 「要フォロー」「フォロー済み（令和…）」 or nothing. */
export function followupState(needs: boolean, f: FollowUp | null): HTMLElement | null {
  if (f) return h('span', { class: 'tag tag-ok' }, `フォロー済み（${formatWareki(f.on)}）`);
  if (needs) return h('span', { class: 'tag tag-alert' }, '要フォロー');
  return null;
}

/** As the server (domain/subject.c): no one under this age (completed years) on the record's date. */
export const SUBJECT_MIN_AGE = 10;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True when the birth date and the day are known and the person is under 10 then (or not born). */
function tooYoungOn(birth: string | null | undefined, on: string): boolean {
  if (!birth || !ISO_DATE.test(birth) || !ISO_DATE.test(on)) return false;
  const a = ageOn(birth, on);
  return a === null || a.years < SUBJECT_MIN_AGE;
}

/**
 * Why this person cannot be the mother of a 妊娠届 dated `on` ('' when they can): male, or under
 * 10 on that day. Unknown sex or birth date is no reason. The server checks the same.
 */
export function motherProblem(p: { sex?: string | null; birth_date?: string | null }, on: string): string {
  if (p.sex === 'male') return '男性のため、母（妊婦）として登録できません';
  if (tooYoungOn(p.birth_date, on)) return `届出日に${SUBJECT_MIN_AGE}歳未満のため、母（妊婦）として登録できません`;
  return '';
}

/** Why this person cannot answer a questionnaire on `on` ('' when they can): under 10 that day. */
export function respondentProblem(p: { birth_date?: string | null }, on: string): string {
  return tooYoungOn(p.birth_date, on) ? `実施日に${SUBJECT_MIN_AGE}歳未満のため、質問票の回答者にできません` : '';
}

export function weeksText(p: Pick<Pregnancy, 'weeks_at_notification'>): string {
  return typeof p.weeks_at_notification === 'number' ? `妊娠${p.weeks_at_notification}週` : '週数不詳';
}

export function visitTitle(v: Pick<Visit, 'kind' | 'subtype'>): string {
  return visitKindText(v.kind, v.subtype);
}

export function visitStatusMark(v: Pick<Visit, 'kind' | 'status'>): HTMLElement {
  return h('span', { class: ['status', `status-${v.status}`] }, visitStatusLabel(v.kind, v.status));
}

/** A short print header line for the 母子保健 records. */
export function printHead(what: string, userName: string): HTMLElement {
  return h(
    'p',
    { class: 'print-only print-head' },
    `つなぐ　こども家庭センター　${what}　（印刷: ${formatInstant(new Date().toISOString())}　${userName}）`,
  );
}

export function printFoot(): HTMLElement {
  return h(
    'p',
    { class: 'print-only print-foot' },
    '個人情報を含みます。取扱いに注意し、不要になったら確実に廃棄してください。',
  );
}
