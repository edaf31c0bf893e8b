// Shared pieces of the 児童福祉 screens (通告・相談): who may do what, the codes and their
// Japanese labels (as src/domain/report_codes.c and workflow.c), the marks for kind, status and
// urgency, and the 48-hour safety confirmation clock.
import { h } from './dom';
import type { ReportKind, ReportStep, Role, Urgency } from './types';
import { formatInstant } from './wareki';

/** May take a call (the intake form): everyone at the center but partners and admins. */
export const REPORT_CREATE: readonly Role[] = ['director', 'coordinator', 'health', 'welfare', 'clerk'];
/** May read reports (clerks without the investigation notes). */
export const REPORT_READ: readonly Role[] = ['director', 'coordinator', 'health', 'welfare', 'clerk'];
/** May move a report along its workflow. */
export const REPORT_WRITE: readonly Role[] = ['director', 'coordinator', 'welfare'];
/** Read GET /alerts (the alert board). */
export const ALERTS_READ: readonly Role[] = ['director', 'coordinator', 'health', 'welfare'];

export const canReadReports = (role: Role): boolean => REPORT_READ.includes(role);
export const canWriteReports = (role: Role): boolean => REPORT_WRITE.includes(role);

export const KIND_LABELS: Record<ReportKind, string> = { abuse_report: '虐待通告', consultation: '相談' };

export const ABUSE_TYPES: readonly { code: string; label: string }[] = [
  { code: 'physical', label: '身体的虐待' },
  { code: 'sexual', label: '性的虐待' },
  { code: 'neglect', label: '保護の怠慢・拒否（ネグレクト）' },
  { code: 'psychological', label: '心理的虐待' },
];

export const PERPETRATORS: readonly { code: string; label: string }[] = [
  { code: 'biological_father', label: '実父' },
  { code: 'other_father', label: '実父以外の父' },
  { code: 'biological_mother', label: '実母' },
  { code: 'other_mother', label: '実母以外の母' },
  { code: 'other', label: 'その他' },
];

/** 経路 in the order of the 福祉行政報告例. */
export const ROUTES: readonly { code: string; label: string }[] = [
  { code: 'family', label: '家族' },
  { code: 'relative', label: '親戚' },
  { code: 'neighbor', label: '近隣知人' },
  { code: 'child_self', label: '児童本人' },
  { code: 'welfare_office', label: '福祉事務所' },
  { code: 'health_center', label: '保健センター・保健所' },
  { code: 'municipality_other', label: '市町村その他' },
  { code: 'jisou', label: '児童相談所' },
  { code: 'nursery', label: '保育所' },
  { code: 'child_welfare_facility', label: '児童福祉施設' },
  { code: 'police', label: '警察等' },
  { code: 'medical', label: '医療機関' },
  { code: 'kindergarten', label: '幼稚園' },
  { code: 'school', label: '学校' },
  { code: 'board_of_education', label: '教育委員会' },
  { code: 'child_commissioner', label: '児童委員' },
  { code: 'other', label: 'その他' },
];

export const STEP_LABELS: Record<ReportStep, string> = {
  received: '受付',
  juri: '受理会議',
  investigation: '調査',
  safety_confirmed: '現認（安全確認）',
  policy: '支援方針',
  support: '支援',
  referred: '送致（児童相談所）',
  closed: '終結',
};

export const URGENCIES: readonly { code: Urgency; short: string; label: string }[] = [
  { code: 'aa', short: 'AA', label: 'AA（緊急介入）' },
  { code: 'a', short: 'A', label: 'A（早期対応）' },
  { code: 'b', short: 'B', label: 'B（継続支援）' },
  { code: 'c', short: 'C', label: 'C（助言・情報提供）' },
];

/** How a guardian is related to the children (stored as written). */
export const GUARDIAN_RELATIONS: readonly string[] = ['実母', '実父', '継母・養母など', '継父・養父など', '母の交際相手', '父の交際相手', '祖母', '祖父', 'その他の親族', 'その他'];

export function reportPath(id: string): string {
  return `/reports/${encodeURIComponent(id)}`;
}

export function kindMark(kind: ReportKind, text?: string): HTMLElement {
  return h('span', { class: ['report-kind', `report-kind-${kind}`] }, text || KIND_LABELS[kind] || kind);
}

export function statusMark(status: ReportStep, text?: string): HTMLElement {
  return h('span', { class: ['report-status', `report-status-${status}`] }, text || STEP_LABELS[status] || status);
}

/** 緊急度 AA / A / B / C as a badge ("緊急度 A（早期対応）"). */
export function urgencyMark(u: Urgency | string | null | undefined, text?: string | null): HTMLElement | null {
  if (!u) return null;
  const full = text || URGENCIES.find((x) => x.code === u)?.label || u;
  return h('span', { class: ['urgency', `urgency-${u}`] }, h('span', { class: 'urgency-caption' }, '緊急度'), full);
}

export interface SafetyClock {
  overdue: boolean;
  /** Whole hours left (or past). */
  hours: number;
  /** Minutes when less than an hour is left (or past). */
  minutes: number;
}

export function safetyClock(dueAt: string, now: number = Date.now()): SafetyClock | null {
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return null;
  const ms = due - now;
  const abs = Math.abs(ms);
  return { overdue: ms <= 0, hours: Math.floor(abs / 3600000), minutes: Math.floor(abs / 60000) };
}

/** "あと 47時間" / "あと 35分" (less than an hour) / "期限超過 3時間" (style 'report') or "3時間超過" (style 'board'). */
export function clockText(c: SafetyClock, style: 'report' | 'board'): string {
  const amount = c.hours >= 1 ? `${c.hours}時間` : `${c.minutes}分`;
  if (!c.overdue) return style === 'report' ? `現認期限まで あと ${amount}` : `あと ${amount}`;
  return style === 'report' ? `期限超過 ${amount}` : `${amount}超過`;
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
