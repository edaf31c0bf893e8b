// A one-shot message carried from one page to the next (e.g. "登録しました" after a save).
import type { PersonSummary } from './types';

export interface Flash {
  message: string;
  duplicates?: PersonSummary[];
}

let pending: Flash | null = null;

export function setFlash(f: Flash): void {
  pending = f;
}

export function takeFlash(): Flash | null {
  const f = pending;
  pending = null;
  return f;
}

export function clearFlash(): void {
  pending = null;
}
