// Shared pieces of the 母子保健 screens: who may read and write, the risk level mark, flags,
// follow-up state, and reading whole lists.
import { api } from './api';
import { h, type Child } from './dom';
import { RISK_LEVEL_LABELS, label, visitKindText, visitStatusLabel } from './labels';
import type { FollowUp, List, Pregnancy, RiskFlag, Role, Visit } from './types';
import { formatInstant, formatWareki } from './wareki';

/** May read pregnancies, screenings, visits, alerts and the settings. */
export const HEALTH_READ: readonly Role[] = ['director', 'coordinator', 'health', 'welfare'];
/** May record and change them. */
export const HEALTH_WRITE: readonly Role[] = ['director', 'coordinator', 'health'];

export const canReadHealth = (role: Role): boolean => HEALTH_READ.includes(role);
export const canWriteHealth = (role: Role): boolean => HEALTH_WRITE.includes(role);

/** Reads every page of a list (up to `max` items). */
export async function allPages<T>(path: string, query: Record<string, string>, signal: AbortSignal, max = 1000): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  while (out.length < max) {
    const r: List<T> = await api.get<List<T>>(path, { query: { ...query, limit: 100, cursor }, signal });
    out.push(...r.items);
    if (!r.next_cursor) break;
    cursor = r.next_cursor;
  }
  return out;
}

/** リスク 高 / 中 / 低 as a mark; `big` for the result of an interview. */
export function riskMark(level: string, levelLabel?: string, big = false): HTMLElement {
  const text = levelLabel || label(RISK_LEVEL_LABELS, level);
  return h('span', { class: ['risk', `risk-${level}`, big ? 'risk-big' : undefined] }, h('span', { class: 'risk-caption' }, 'リスク'), h('span', { class: 'risk-level' }, text));
}

export function candidateMark(): HTMLElement {
  return h('span', { class: 'candidate-mark' }, '特定妊婦候補');
}

/** The flags as a list of labels (with weights when given). */
export function flagList(flags: readonly RiskFlag[], opts: { weights?: boolean; empty?: string } = {}): HTMLElement {
  if (!flags.length) return h('p', { class: 'flags-none' }, opts.empty ?? '該当なし');
  return h(
    'ul',
    { class: 'flag-list' },
    flags.map((f) => h('li', { class: ['flag', `flag-${f.code}`] }, f.label, opts.weights && typeof f.weight === 'number' ? h('span', { class: 'flag-weight' }, `${f.weight}点`) : null)),
  );
}

/** Flags in one line for tables. */
export function flagsInline(flags: readonly RiskFlag[]): Child {
  if (!flags.length) return h('span', { class: 'muted' }, 'なし');
  return h('span', { class: 'flags-inline' }, flags.map((f) => h('span', { class: 'flag-chip' }, f.label)));
}

/** 「要フォロー」「フォロー済み（令和…）」 or nothing. */
export function followupState(needs: boolean, f: FollowUp | null): HTMLElement | null {
  if (f) return h('span', { class: 'tag tag-ok' }, `フォロー済み（${formatWareki(f.on)}）`);
  if (needs) return h('span', { class: 'tag tag-alert' }, '要フォロー');
  return null;
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
  return h('p', { class: 'print-only print-head' }, `つなぐ　こども家庭センター　${what}　（印刷: ${formatInstant(new Date().toISOString())}　${userName}）`);
}

export function printFoot(): HTMLElement {
  return h('p', { class: 'print-only print-foot' }, '個人情報を含みます。取扱いに注意し、不要になったら確実に廃棄してください。');
}
