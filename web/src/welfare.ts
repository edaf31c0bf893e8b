// Shared pieces of the 児童福祉 screens (通告・相談): the marks for kind, status and urgency (their
// labels are the served tables report_kinds, report_steps and urgencies), and the 48-hour safety
// confirmation clock.
import { h } from './dom';
import { dueClock, dueText, type DueClock } from './dueText';
import { label } from './labels';
import type { ReportKind, ReportStep, Urgency } from './types';
import { formatInstant } from './wareki';

/** How a guardian is related to the children (stored as written). */
export const GUARDIAN_RELATIONS: readonly string[] = [
  '実母',
  '実父',
  '継母・養母など',
  '継父・養父など',
  '母の交際相手',
  '父の交際相手',
  '祖母',
  '祖父',
  'その他の親族',
  'その他',
];

export function reportPath(id: string): string {
  return `/reports/${encodeURIComponent(id)}`;
}

export function kindMark(kind: ReportKind, text?: string): HTMLElement {
  return h('span', { class: ['report-kind', `report-kind-${kind}`] }, text || label('report_kinds', kind));
}

export function statusMark(status: ReportStep, text?: string): HTMLElement {
  return h('span', { class: ['report-status', `report-status-${status}`] }, text || label('report_steps', status));
}

/** 緊急度 AA / A / B / C as a badge ("緊急度 A（早期対応）"). */
export function urgencyMark(u: Urgency | string | null | undefined, text?: string | null): HTMLElement | null {
  if (!u) return null;
  const full = text || label('urgencies', u);
  return h('span', { class: ['urgency', `urgency-${u}`] }, h('span', { class: 'urgency-caption' }, '緊急度'), full);
}

/** The 48-hour clock (see dueText.ts for the wording: hours under 48, days from 48 on). */
export type SafetyClock = DueClock;

export function safetyClock(dueAt: string, now: number = Date.now()): SafetyClock | null {
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return null;
  return dueClock(due, now);
}

/** "あと 47時間" / "あと 35分" / "期限超過 3時間" (style 'report') or "3時間超過" / "4日超過" (style 'board'). */
export function clockText(c: SafetyClock, style: 'report' | 'board'): string {
  return dueText(c, style);
}

/** The countdown as an element that can be refreshed in place (see everyMinute). */
export function countdown(dueAt: string, style: 'report' | 'board'): { el: HTMLElement; update(): void } {
  const el = h('span', { class: 'countdown' });
  const update = () => {
    const c = safetyClock(dueAt);
    if (!c) {
      el.textContent = '';
      return;
    }
    el.textContent = clockText(c, style);
    el.classList.toggle('is-overdue', c.overdue);
    el.classList.toggle('is-soon', !c.overdue && c.hours < 12);
    el.setAttribute('title', `期限 ${formatInstant(dueAt)}`);
  };
  update();
  return { el, update };
}

/**
 * Calls `fn` once a minute while the page is visible, and once at once when it becomes visible
 * again, until the page is left. A board left open in a hidden tab does not read (and audit)
 * the records every minute all day, and is up to date the moment it is looked at.
 */
export function everyMinute(signal: AbortSignal, fn: () => void): void {
  if (signal.aborted) return;
  let timer: number | undefined;
  const start = () => {
    timer = window.setInterval(() => {
      if (!signal.aborted) fn();
    }, 60000);
  };
  const stop = () => {
    window.clearInterval(timer);
    timer = undefined;
  };
  const onVisibility = () => {
    if (document.visibilityState !== 'visible') stop();
    else if (timer === undefined) {
      fn();
      start();
    }
  };
  if (document.visibilityState === 'visible') start();
  document.addEventListener('visibilitychange', onVisibility);
  signal.addEventListener(
    'abort',
    () => {
      stop();
      document.removeEventListener('visibilitychange', onVisibility);
    },
    { once: true },
  );
}
