// 統計: the tables of GET /api/v1/stats/… for a range of fiscal years (年度, kept in the address:
// #/stats?from=2018&to=2022), each with its CSV (the server audits the download as an export),
// charts drawn as SVG (components/charts.ts), printed on A4. The page is driven by STATS_TABLES:
// one descriptor per endpoint says its title, its groups of rows (a measure per row, or a code
// table of /api/v1/meta whose codes become rows) and its chart; adding a table is a descriptor.
// The tables are transposed as the city's council papers are: a row per measure, a column per year.
import { api, isAbort } from '../api';
import { legend, rangeChart, stackedBarChart } from '../components/charts';
import { csvLinks } from '../components/csvLinks';
import { h, pageHeading, replace, setTitle } from '../dom';
import { clearErrors, formAlert, selectField, showFieldError } from '../forms';
import { label } from '../labels';
import { codeLabel, codes } from '../meta';
import { href, navigate, type RouteContext } from '../router';
import type { StatsCounts, StatsYear } from '../types';
import { button, errorText, loading, messageBox } from '../ui';
import { fiscalYearLabel, fiscalYearOf, formatWareki, todayJst } from '../wareki';

/** A row of any statistics table: the year and its values by key. */
type StatsRow = StatsYear & Record<string, unknown>;

type Format = 'count' | 'hours' | 'percent';

interface Measure {
  label: string;
  value(row: StatsRow): number | null;
  format?: Format;
}

interface Group {
  caption: string;
  measures?: readonly Measure[];
  /** A count per code: the row's object `key`, labelled by the served table `table`. */
  codes?: { key: string; table: string };
}

interface StatsTable {
  /** The endpoint under /api/v1/stats/ and the section's id. */
  name: string;
  title: string;
  note?: string;
  groups: readonly Group[];
  chart?(rows: readonly StatsRow[]): HTMLElement;
}

const FY_MIN = 1989;

function num(row: StatsRow, key: string): number | null {
  const v = row[key];
  return typeof v === 'number' ? v : null;
}

function counts(row: StatsRow, key: string): StatsCounts {
  const v = row[key];
  return v && typeof v === 'object' ? (v as StatsCounts) : {};
}

/** A measure read from the row's field `key`. */
const field = (key: string, text: string, format: Format = 'count'): Measure => ({
  label: text,
  value: (row) => num(row, key),
  format,
});

/** part / whole as a share, null when whole is 0. */
const share = (text: string, part: string, whole: string): Measure => ({
  label: text,
  value: (row) => {
    const w = num(row, whole);
    const p = num(row, part);
    return w && p !== null ? p / w : null;
  },
  format: 'percent',
});

/** 0 as 0, null as —; counts with thousands separators, hours with one decimal. */
function formatValue(v: number | null, format: Format = 'count'): string {
  if (v === null || Number.isNaN(v)) return '—';
  if (format === 'hours') return v.toFixed(1);
  if (format === 'percent') return `${(v * 100).toFixed(1)}%`;
  return v.toLocaleString('ja-JP');
}

/** The codes of a group in the served table's order, then any code the table adds (不明, …). */
function groupCodes(rows: readonly StatsRow[], key: string, table: string): { code: string; label: string }[] {
  const present = rows.length ? Object.keys(counts(rows[0] as StatsRow, key)) : [];
  const served = codes(table).filter((c) => present.includes(c.code));
  const extra = present
    .filter((code) => codeLabel(table, code) === undefined)
    .map((code) => ({ code, label: label('stats_extra_codes', code) }));
  return [...served, ...extra];
}

function reportsChart(rows: readonly StatsRow[]): HTMLElement {
  const types = codes('abuse_types');
  const series = types.map((t) => ({ label: t.label, values: rows.map((r) => counts(r, 'by_type')[t.code] ?? 0) }));
  const totals = rows.map((r) => num(r, 'total') ?? 0);
  const figures = rows.map((r, i) => `${r.label} ${totals[i]}件`).join('、');
  return h(
    'figure',
    { class: 'chart-figure' },
    stackedBarChart({
      title: '児童虐待の通告件数（年度別、虐待の種類で積み上げ）',
      description: `${figures}。内訳は下の表のとおり。`,
      categories: rows.map((r) => r.short),
      series,
      totals,
      unit: '件',
    }),
    legend(types.map((t, k) => ({ label: t.label, className: `chart-series-${k}` }))),
    h(
      'figcaption',
      { class: 'chart-note' },
      '棒の上の数は通告件数。種類は通告ごとに該当するものをすべて数えるため、積み上げが件数を上回る年度は線で件数を示します。',
    ),
  );
}

function safetyChart(rows: readonly StatsRow[]): HTMLElement {
  const figures = rows
    .map(
      (r) =>
        `${r.label} 中央値${formatValue(num(r, 'median_hours'), 'hours')}時間・90パーセンタイル${formatValue(num(r, 'p90_hours'), 'hours')}時間`,
    )
    .join('、');
  return h(
    'figure',
    { class: 'chart-figure' },
    rangeChart({
      title: '通告から安全確認までの時間（年度別の中央値と90パーセンタイル、48時間の線）',
      description: `${figures}。`,
      categories: rows.map((r) => r.short),
      bars: rows.map((r) => num(r, 'median_hours')),
      marks: rows.map((r) => num(r, 'p90_hours')),
      barLabel: '中央値',
      markLabel: '90パーセンタイル',
      line: { value: 48, label: '48時間' },
      unit: '時間',
    }),
    legend([
      { label: '中央値', className: 'chart-median' },
      { label: '90パーセンタイル', className: 'chart-swatch-mark' },
      { label: '48時間（通告から48時間以内の安全確認）', className: 'chart-swatch-line' },
    ]),
  );
}

/** The tables of the screen, in its order. */
const STATS_TABLES: readonly StatsTable[] = [
  {
    name: 'reports',
    title: '児童虐待の通告',
    note: '受理日（日本時間）の年度で数えます。相談は含みません。年齢は通告を受けた日の年齢・学年で、子どもごとに数えます。',
    chart: reportsChart,
    groups: [
      {
        caption: '通告件数と虐待の種類',
        measures: [field('total', '通告件数')],
        codes: { key: 'by_type', table: 'abuse_types' },
      },
      { caption: '被虐待児の年齢（子どもごと）', codes: { key: 'by_age_band', table: 'age_bands' } },
      { caption: '通告の経路', codes: { key: 'by_route', table: 'report_routes' } },
      { caption: '主たる虐待者', codes: { key: 'by_perpetrator', table: 'perpetrators' } },
    ],
  },
  {
    name: 'safety',
    title: '通告から安全確認まで',
    note: '時間は受理から最後の子どもの安全確認（現認）まで。中央値・90パーセンタイルは安全確認済の通告について求めます。',
    chart: safetyChart,
    groups: [
      {
        caption: '安全確認までの時間',
        measures: [
          field('total', '通告件数'),
          field('confirmed', '安全確認済'),
          field('within_48h', '48時間以内に確認'),
          share('48時間以内の割合（確認済のうち）', 'within_48h', 'confirmed'),
          field('median_hours', '中央値（時間）', 'hours'),
          field('p90_hours', '90パーセンタイル（時間）', 'hours'),
        ],
      },
    ],
  },
  {
    name: 'pregnancies',
    title: '妊娠届出',
    note: '届出日の年度で数えます。未確認の項目がある面接はリスク区分に数えません。',
    groups: [
      {
        caption: '届出件数と届出時期',
        measures: [field('total', '届出件数')],
        codes: { key: 'by_band', table: 'notification_bands' },
      },
      { caption: 'リスク区分', codes: { key: 'by_risk_level', table: 'risk_levels' } },
    ],
  },
  {
    name: 'newborn_visits',
    title: 'こんにちは赤ちゃん訪問',
    note: '生後4か月に達する日の年度で数えます。',
    groups: [
      {
        caption: '訪問の実施',
        measures: [
          field('infants', '対象児数'),
          field('visited_by_4m', '4か月までに訪問'),
          share('訪問率', 'visited_by_4m', 'infants'),
        ],
      },
    ],
  },
  {
    name: 'checkups',
    title: '乳幼児健康診査',
    note: '4か月・1歳6か月・3歳に達する日の年度で数えます。未受診のうち追跡済は、未受診の後の状況確認が記録された子どもです。',
    groups: [
      { caption: '対象児数', codes: { key: 'due', table: 'checkup_subtypes' } },
      { caption: '受診', codes: { key: 'attended', table: 'checkup_subtypes' } },
      { caption: '未受診', codes: { key: 'missed', table: 'checkup_subtypes' } },
      { caption: '未受診のうち追跡済', codes: { key: 'followed_up', table: 'checkup_subtypes' } },
    ],
  },
  {
    name: 'companion_interviews',
    title: '伴走型相談支援（妊婦等包括相談支援事業）',
    note: '面談の時期（妊娠届出日、妊娠満28週に達する日、出生児が4か月に達する日）の年度で数えます。2025年4月以降が対象です。',
    groups: [
      { caption: '対象', codes: { key: 'due', table: 'companion_interviews' } },
      { caption: '実施', codes: { key: 'done', table: 'companion_interviews' } },
    ],
  },
  {
    name: 'support_lead',
    title: '通告から支援開始まで',
    note: '受理日の年度で数えます。日数は受理日から最初の支援開始（取り消されていないもの）までの暦日数です。',
    groups: [
      {
        caption: '支援開始までの日数',
        measures: [
          field('total', '通告件数'),
          field('started', '支援開始'),
          share('支援開始の割合', 'started', 'total'),
          field('median_days', '中央値（日）'),
          field('p90_days', '90パーセンタイル（日）'),
        ],
      },
    ],
  },
  {
    name: 'designations',
    title: '年度末の指定区分別人数',
    note: '各年度の3月31日（日本時間）の終わりに、ケースの対象として指定されていた人数です。',
    groups: [
      { caption: '年度末の人数', codes: { key: 'by_category', table: 'case_categories' } },
      { caption: 'うち要対協登録', codes: { key: 'registered', table: 'case_categories' } },
    ],
  },
  {
    name: 'national_reports',
    title: '児童虐待相談の対応件数（子どもごと）',
    note: '福祉行政報告例の様式に合わせ、対応（援助方針の決定または送致）の日の年度で、子どもごとに主たる虐待種別1つで数えます。',
    groups: [
      {
        caption: '対応件数と主たる虐待種別',
        measures: [field('total', '対応件数（児童数）')],
        codes: { key: 'by_main_type', table: 'abuse_types' },
      },
      { caption: '年齢', codes: { key: 'by_age_band', table: 'age_bands' } },
      { caption: '経路', codes: { key: 'by_route', table: 'report_routes' } },
      { caption: '主たる虐待者', codes: { key: 'by_perpetrator', table: 'perpetrators' } },
    ],
  },
];

function valueCell(v: number | null, format?: Format): HTMLElement {
  return h('td', { class: 'num' }, formatValue(v, format));
}

function groupTable(group: Group, rows: readonly StatsRow[]): HTMLElement {
  const measureRows = (group.measures ?? []).map((m) =>
    h(
      'tr',
      null,
      h('th', { scope: 'row' }, m.label),
      rows.map((r) => valueCell(m.value(r), m.format)),
    ),
  );
  const c = group.codes;
  const codeRows = c
    ? groupCodes(rows, c.key, c.table).map(({ code, label: text }) =>
        h(
          'tr',
          { 'data-code': code },
          h('th', { scope: 'row', class: group.measures ? 'stats-sub' : undefined }, text),
          rows.map((r) => valueCell(counts(r, c.key)[code] ?? null)),
        ),
      )
    : [];
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'table stats-table' },
      h('caption', null, group.caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, '年度'),
          rows.map((r) => h('th', { scope: 'col', class: 'num', 'data-year': r.fiscal_year }, r.label)),
        ),
      ),
      h('tbody', null, measureRows, codeRows),
    ),
  );
}

function csvPath(t: StatsTable, from: number, to: number): string {
  return `/api/v1/stats/${t.name}?fy_from=${from}&fy_to=${to}&format=csv`;
}

function sectionBody(t: StatsTable, from: number, to: number, rows: readonly StatsRow[]): HTMLElement[] {
  return [
    ...(t.chart ? [t.chart(rows)] : []),
    ...t.groups.map((g) => groupTable(g, rows)),
    h('div', { class: 'actions' }, ...csvLinks(csvPath(t, from, to), `${t.title}のCSVをダウンロード`)),
  ];
}

/** A list of the tables at the top of a long page: each entry moves focus to its table's heading
 * (the address keeps the range: the router owns the hash, so no #anchor). */
function contents(): HTMLElement {
  const go = (t: StatsTable) => (ev: Event) => {
    ev.preventDefault();
    const heading = document.getElementById(`stats-${t.name}`);
    if (!heading) return;
    heading.setAttribute('tabindex', '-1');
    heading.scrollIntoView();
    heading.focus();
  };
  return h(
    'nav',
    { class: 'stats-contents no-print', 'aria-label': '目次' },
    h(
      'ul',
      null,
      STATS_TABLES.map((t) => h('li', null, h('a', { href: '#', onClick: go(t) }, t.title))),
    ),
  );
}

function tableSection(t: StatsTable, from: number, to: number, result: readonly StatsRow[] | Error): HTMLElement {
  const headingId = `stats-${t.name}`;
  const [first, ...rest] =
    result instanceof Error ? [messageBox('error', errorText(result))] : sectionBody(t, from, to, result);
  return h(
    'section',
    { class: 'stats-section', 'aria-labelledby': headingId, 'data-table': t.name },
    // The heading stays on the page of what it heads (print).
    h(
      'div',
      { class: 'stats-keep' },
      h('h2', { id: headingId }, t.title),
      t.note ? h('p', { class: 'hint' }, t.note) : null,
      first,
    ),
    rest,
  );
}

/** The fiscal year in progress today (Japan time): the last one that can be chosen. */
function currentFiscalYear(): number {
  return fiscalYearOf(todayJst());
}

/** The range of the address, or the last five completed fiscal years. */
function rangeOf(query: URLSearchParams, current = currentFiscalYear()): { from: number; to: number } {
  const year = (name: string): number | null => {
    const s = query.get(name);
    const v = s && /^\d{4}$/.test(s) ? Number(s) : NaN;
    return v >= FY_MIN && v <= current ? v : null;
  };
  const to = year('to') ?? current - 1;
  return { from: year('from') ?? Math.max(FY_MIN, to - 4), to };
}

function yearOptions(current: number): { value: string; label: string }[] {
  const out = [];
  for (let fy = current; fy >= FY_MIN; fy--) out.push({ value: String(fy), label: `${fiscalYearLabel(fy)} (${fy})` });
  return out;
}

function rangeForm(from: number, to: number): HTMLElement {
  const options = yearOptions(currentFiscalYear());
  const fromField = selectField({ name: 'fy_from', label: '開始年度', value: String(from), options });
  const toField = selectField({ name: 'fy_to', label: '終了年度', value: String(to), options });
  const form = h(
    'form',
    { class: 'filters stats-range no-print', 'aria-label': '集計する年度' },
    formAlert(),
    fromField.root,
    h('span', { class: 'stats-range-sep', 'aria-hidden': 'true' }, '〜'),
    toField.root,
    h('button', { type: 'submit', class: 'button button-primary' }, '表示'),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const a = Number(fromField.input.value);
    const b = Number(toField.input.value);
    if (a > b) {
      showFieldError(form, 'fy_from', '開始年度は終了年度と同じか、それより前の年度を選んでください。');
      return;
    }
    navigate(href('/stats', { from: String(a), to: String(b) }));
  });
  return form;
}

function rangeText(from: number, to: number): string {
  const years = from === to ? `${from}年度` : `${from}〜${to}年度`;
  return from === to
    ? `${fiscalYearLabel(from)}（${years}）`
    : `${fiscalYearLabel(from)}〜${fiscalYearLabel(to)}（${years}）`;
}

async function load(t: StatsTable, from: number, to: number, signal: AbortSignal): Promise<StatsRow[] | Error> {
  try {
    const r = await api.get<{ rows: StatsRow[] }>(`/stats/${t.name}`, { query: { fy_from: from, fy_to: to }, signal });
    return r.rows;
  } catch (e) {
    if (isAbort(e)) throw e;
    return e instanceof Error ? e : new Error(String(e));
  }
}

export async function statsPage(ctx: RouteContext): Promise<void> {
  setTitle('統計');
  const { from, to } = rangeOf(ctx.query);
  const head = [
    h('p', { class: 'print-only print-head' }, `統計　${rangeText(from, to)}　印刷日 ${formatWareki(todayJst())}`),
    pageHeading('統計'),
    h('p', { class: 'lead' }, `${rangeText(from, to)}。年度は4月1日から翌年3月31日まで（日本時間）。`),
    rangeForm(from, to),
    h(
      'div',
      { class: 'actions' },
      button('印刷（A4）', () => window.print()),
    ),
  ];
  if (from > to) {
    const notice = messageBox('error', '開始年度が終了年度より後になっています。年度を選び直してください。');
    replace(ctx.main, h('div', { class: 'page page-stats' }, head, notice));
    return;
  }
  replace(ctx.main, h('div', { class: 'page page-stats' }, head, loading()));
  const results = await Promise.all(STATS_TABLES.map((t) => load(t, from, to, ctx.signal)));
  if (ctx.signal.aborted) return;
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-stats' },
      head,
      contents(),
      STATS_TABLES.map((t, i) => tableSection(t, from, to, results[i] as StatsRow[] | Error)),
    ),
  );
}
