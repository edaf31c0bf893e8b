// Small shared pieces of UI.
import { ApiError } from './api';
import { h, type Child } from './dom';
import { label } from './labels';
import type { ImportOrigin, PersonSummary, Sex } from './types';
import { formatAge, formatWareki, isoDateOf } from './wareki';

export function fullName(p: { family_name?: string | null; given_name?: string | null }): string {
  return [p.family_name, p.given_name].filter(Boolean).join(' ');
}

export function fullKana(p: { family_name_kana?: string | null; given_name_kana?: string | null }): string {
  return [p.family_name_kana, p.given_name_kana].filter(Boolean).join(' ');
}

/** "令和6年4月1日生（1歳）", or "生年月日不明". */
export function birthSummary(p: Pick<PersonSummary, 'birth_date' | 'age'>): string {
  if (!p.birth_date) return '生年月日不明';
  const age = formatAge(p.birth_date, p.age);
  return `${formatWareki(p.birth_date)}生${age ? `（${age}）` : ''}`;
}

/** 女 / 男 / 不明: the one-character form of the served table sex_marks. */
export function sexShort(p: PersonSummary | { sex?: Sex | null }): string {
  return label('sex_marks', ('sex' in p && p.sex) || 'unknown');
}

export function loading(text = '読み込み中…'): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, text);
}

/** An announced message box. kind "error" uses role=alert; others role=status. */
export function messageBox(kind: 'error' | 'success' | 'warning' | 'info', ...content: Child[]): HTMLElement {
  return h('div', { class: ['msg', `msg-${kind}`], role: kind === 'error' ? 'alert' : 'status' }, ...content);
}

export function linkButton(
  href: string,
  text: string,
  variant: 'primary' | 'secondary' | 'quiet' = 'secondary',
): HTMLAnchorElement {
  return h('a', { href, class: ['button', `button-${variant}`] }, text);
}

export function button(
  text: string,
  onClick: (ev: MouseEvent) => void,
  variant: 'primary' | 'secondary' | 'quiet' | 'danger' = 'secondary',
  type: 'button' | 'submit' = 'button',
): HTMLButtonElement {
  return h('button', { type, class: ['button', `button-${variant}`], onClick }, text);
}

/** The message to show for an error on a page that failed to load. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 403) return 'この画面を表示する権限がありません。';
    if (e.status === 404) return '指定された記録は見つかりませんでした。';
    return e.message;
  }
  return '画面の表示中にエラーが発生しました。再読み込みしてください。';
}

/** A stand-in for a person the answer did not carry (its id known, the name not). */
export function unnamedPerson(id: string, familyName: string | null = null): PersonSummary {
  return {
    id,
    family_name: familyName,
    given_name: null,
    family_name_kana: null,
    given_name_kana: null,
    birth_date: null,
    age: null,
  };
}

export function sectionBadge(section: string, text: string): HTMLElement {
  const known = section === 'health' || section === 'welfare' || section === 'common' || section === 'case';
  return h('span', { class: ['badge', `badge-${known ? section : 'common'}`] }, text);
}

/** Where an imported record came from, as staff read it: the old system's file, line and number. */
export function importOriginText(o: NonNullable<ImportOrigin>): string {
  return `旧システムから移行（${o.file_name} ${o.line}行目、番号 ${o.external_id}、${formatWareki(isoDateOf(o.at))}取込）`;
}
