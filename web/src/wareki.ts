// Japanese era dates (和暦) and ages. All "today" values are taken in Japan time (UTC+9, no DST).

interface Era {
  name: string;
  letter: string;
  start: string; // first day, YYYY-MM-DD
  offset: number; // era year = western year - offset
}

// Newest first. 令和 from 2019-05-01, 平成 1989-01-08 – 2019-04-30, 昭和 1926-12-25 – 1989-01-07,
// 大正 1912-07-30 – 1926-12-24; anything earlier is shown as 明治.
const ERAS: readonly Era[] = [
  { name: '令和', letter: 'R', start: '2019-05-01', offset: 2018 },
  { name: '平成', letter: 'H', start: '1989-01-08', offset: 1988 },
  { name: '昭和', letter: 'S', start: '1926-12-25', offset: 1925 },
  { name: '大正', letter: 'T', start: '1912-07-30', offset: 1911 },
  { name: '明治', letter: 'M', start: '0000-01-01', offset: 1867 },
];

export interface YMD {
  y: number;
  m: number;
  d: number;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function isoOf({ y, m, d }: YMD): string {
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function valid(y: number, m: number, d: number): YMD | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

/** Parses a strict YYYY-MM-DD date; null when it is not a real calendar date. */
export function parseIso(s: string | null | undefined): YMD | null {
  if (!s) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return null;
  return valid(Number(m[1]), Number(m[2]), Number(m[3]));
}

function eraOf(iso: string): Era {
  for (const e of ERAS) if (iso >= e.start) return e;
  return ERAS[ERAS.length - 1] as Era;
}

/**
 * The first day shown in 和暦: 明治6年1月1日, when Japan took up the Gregorian calendar (before it
 * 明治 counted the old lunar calendar, and earlier eras are not in the table).
 */
export const WAREKI_FROM = '1873-01-01';

/**
 * 令和6年4月1日 (元年 for the first year of an era). A date before WAREKI_FROM is written in 西暦
 * (1800年1月1日), never as 明治-67年. Returns '' for an invalid date.
 */
export function formatWareki(iso: string | null | undefined): string {
  const d = parseIso(iso);
  if (!d) return '';
  if (isoOf(d) < WAREKI_FROM) return formatSeireki(iso);
  const era = eraOf(isoOf(d));
  const n = d.y - era.offset;
  return `${era.name}${n === 1 ? '元' : n}年${d.m}月${d.d}日`;
}

/** 2024年4月1日 */
export function formatSeireki(iso: string | null | undefined): string {
  const d = parseIso(iso);
  return d ? `${d.y}年${d.m}月${d.d}日` : '';
}

/** The calendar date and time of an instant in Japan time. */
export function jstParts(instant: string | number | Date): (YMD & { hh: number; mm: number; ss: number }) | null {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) return null;
  const t = new Date(ms + 9 * 3600 * 1000);
  return {
    y: t.getUTCFullYear(),
    m: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    hh: t.getUTCHours(),
    mm: t.getUTCMinutes(),
    ss: t.getUTCSeconds(),
  };
}

/** Today's date in Japan, YYYY-MM-DD. */
export function todayJst(now: number = Date.now()): string {
  const p = jstParts(now);
  return p ? isoOf(p) : '';
}

/** 令和6年4月1日 10:05 (or 10:05:09) for an instant; a plain date is shown without a time. */
export function formatInstant(s: string | null | undefined, opts: { seconds?: boolean } = {}): string {
  if (!s) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return formatWareki(s);
  const p = jstParts(s);
  if (!p) return s;
  return `${formatWareki(isoOf(p))} ${pad2(p.hh)}:${pad2(p.mm)}${opts.seconds ? `:${pad2(p.ss)}` : ''}`;
}

/** The ISO date (Japan time) of an instant or date string, for <time datetime> and sorting. */
export function isoDateOf(s: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const p = jstParts(s);
  return p ? isoOf(p) : s;
}

/** Completed years and months from `birth` to `on` (both YYYY-MM-DD). */
export function ageOn(birth: string, on: string): { years: number; months: number } | null {
  const b = parseIso(birth);
  const t = parseIso(on);
  if (!b || !t) return null;
  let months = (t.y - b.y) * 12 + (t.m - b.m);
  // Birthday not reached in this month yet. A birthday on the 31st is reached on the last day of a
  // shorter month (as in the law on the counting of age).
  if (t.d < Math.min(b.d, daysInMonth(t.y, t.m))) months -= 1;
  if (months < 0) return null;
  return { years: Math.floor(months / 12), months: months % 12 };
}

/** "3歳", or "0歳5か月" for infants (the age the 母子保健 staff speak of). */
export function formatAge(birth: string | null | undefined, apiAge?: number | null, today = todayJst()): string {
  const a = birth ? ageOn(birth, today) : null;
  if (a && a.years === 0) return `0歳${a.months}か月`;
  const years = typeof apiAge === 'number' ? apiAge : a?.years;
  return typeof years === 'number' ? `${years}歳` : '';
}

const ERA_INPUT: Record<string, Era> = {};
for (const e of ERAS) {
  ERA_INPUT[e.name] = e;
  ERA_INPUT[e.letter] = e;
}

/**
 * Reads a date typed by staff. Accepts 2024-04-01, 2024/4/1, 2024.4.1, 20240401 and the 和暦 forms
 * R6.4.1, 令和6年4月1日, 令和元年5月1日, H31/4/30 (full-width digits too). Returns YYYY-MM-DD or null.
 */
export function parseDateInput(raw: string): string | null {
  const s = raw.normalize('NFKC').trim().replace(/\s+/g, '');
  if (!s) return null;
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (m) {
    const d = valid(Number(m[1]), Number(m[2]), Number(m[3]));
    return d ? isoOf(d) : null;
  }
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) {
    const d = valid(Number(m[1]), Number(m[2]), Number(m[3]));
    return d ? isoOf(d) : null;
  }
  m = /^(令和|平成|昭和|大正|明治|[RHSTMrhstm])(元|\d{1,2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (m) {
    const era = ERA_INPUT[(m[1] as string).toUpperCase()] ?? ERA_INPUT[m[1] as string];
    if (!era) return null;
    const n = m[2] === '元' ? 1 : Number(m[2]);
    if (n < 1) return null;
    const d = valid(n + era.offset, Number(m[3]), Number(m[4]));
    if (!d) return null;
    const iso = isoOf(d);
    // The date must lie inside the era named (平成31年5月1日 does not exist), and 明治 dates
    // before 明治6年 were of the lunar calendar.
    if (eraOf(iso) !== era || iso < WAREKI_FROM) return null;
    return iso;
  }
  return null;
}

/** Reads a time of day typed by staff: 9:05, 09:05, 0905, 905, 9時5分 (full-width too). Returns HH:MM or null. */
export function parseTimeInput(raw: string): string | null {
  const s = raw.normalize('NFKC').trim().replace(/\s+/g, '');
  if (!s) return null;
  const m = /^(\d{1,2})[:時](\d{1,2})分?$/.exec(s) ?? /^(\d{1,2})(\d{2})$/.exec(s) ?? /^(\d{1,2})()時$/.exec(s);
  if (!m) return null;
  const hh = Number(m[1]);
  const mm = Number(m[2] || 0);
  if (hh > 23 || mm > 59) return null;
  return `${pad2(hh)}:${pad2(mm)}`;
}

/** The date (YYYY-MM-DD) and time (HH:MM) in Japan of an instant (now by default). */
export function jstDateTime(instant: string | number | Date = Date.now()): { date: string; time: string } {
  const p = jstParts(instant);
  if (!p) return { date: '', time: '' };
  return { date: isoOf(p), time: `${pad2(p.hh)}:${pad2(p.mm)}` };
}

/** An instant in Japan time from a date and a time: 2026-11-20T17:05:00+09:00. */
export function instantOf(date: string, time: string): string {
  return `${date}T${time}:00+09:00`;
}

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];

/** The day of the week of a date, "水". */
export function weekdayOf(iso: string): string {
  const d = parseIso(iso);
  if (!d) return '';
  return WEEKDAYS[new Date(Date.UTC(d.y, d.m - 1, d.d)).getUTCDay()] ?? '';
}

/** The fiscal year (年度, April to March) of a date: 2025-03-31 → 2024. */
export function fiscalYearOf(iso: string): number {
  const d = parseIso(iso);
  if (!d) return NaN;
  return d.m >= 4 ? d.y : d.y - 1;
}

/** 令和元年度: the era in force for the greater part of the fiscal year (the era of its October 1). */
export function fiscalYearLabel(fy: number): string {
  const era = eraOf(isoOf({ y: fy, m: 10, d: 1 }));
  const n = fy - era.offset;
  return `${era.name}${n === 1 ? '元' : n}年度`;
}
