// How long is left before a deadline, or how long it is past, in words (the alert board, the
// report's 現認 box). One rule: under 48 hours in hours (minutes under one hour), from 48 hours on
// in whole days — 「4日超過」, never 「98時間超過」. No imports: the browser test loads this file
// alone to check the wording.

export interface DueClock {
  overdue: boolean;
  /** Whole hours left (or past). */
  hours: number;
  /** Whole minutes left (or past). */
  minutes: number;
}

/** From this many hours on, the wording counts whole days. */
export const DAYS_FROM_HOURS = 48;

export function dueClock(dueMs: number, nowMs: number): DueClock {
  const ms = dueMs - nowMs;
  const abs = Math.abs(ms);
  return { overdue: ms <= 0, hours: Math.floor(abs / 3600000), minutes: Math.floor(abs / 60000) };
}

/** 「4日」 (48 hours or more), 「5時間」, 「35分」 (under an hour). */
export function dueAmount(c: DueClock): string {
  if (c.hours >= DAYS_FROM_HOURS) return `${Math.floor(c.hours / 24)}日`;
  return c.hours >= 1 ? `${c.hours}時間` : `${c.minutes}分`;
}

/**
 * 'board': 「あと 5時間」「3時間超過」「4日超過」; 'report': 「現認期限まで あと 5時間」「期限超過 4日」.
 */
export function dueText(c: DueClock, style: 'report' | 'board'): string {
  const amount = dueAmount(c);
  if (!c.overdue) return style === 'report' ? `現認期限まで あと ${amount}` : `あと ${amount}`;
  return style === 'report' ? `期限超過 ${amount}` : `${amount}超過`;
}
