// 通告・相談の一覧: a working list — 自分の担当 (a caseworker's default) or 全件, filtered by
// status, urgency, route, the period of 受付日 and the owner, sorted by a column, the filter and
// the order in the address; one line a report with its owner and the 現認 countdown (refreshed
// every minute); the total of the filter; printed with its header and without the link column.
// reportsTable is the 児童福祉 panel of 利用者の記録.
import { codeLabel, codes, may } from '../meta';
import { csvLinks } from '../components/csvLinks';
import { api, isAbort } from '../api';
import { h, replace, setTitle } from '../dom';
import { href, navigate, type RouteContext } from '../router';
import type { List, Report } from '../types';
import { button, errorText, fullName, linkButton, loading, messageBox } from '../ui';
import { countdown, everyMinute, kindMark, reportPath, statusMark, urgencyMark } from '../welfare';
import { formatInstant, formatWareki } from '../wareki';
import { clearErrors, dateField, readDate, selectField, showFieldError } from '../forms';
import { loadStaff, type StaffMember } from '../cases';
import { listPrintFoot, listPrintHead, openCell, openHeader } from '../components/listPrint';
import { sortHeader, type SortOrder, type SortState } from '../components/sortHeader';

/** The 現認 cell: the countdown and how many are not yet seen, 確認済み, or nothing (相談). */
function safetyCell(r: Report, tickers: (() => void)[]): HTMLElement {
  if (r.kind !== 'abuse_report' || !r.safety_due_at) return h('td', null, h('span', { class: 'muted' }, '—'));
  if (r.safety_all_confirmed) return h('td', null, h('span', { class: 'tag tag-ok' }, '確認済み'));
  const cd = countdown(r.safety_due_at, 'board');
  tickers.push(cd.update);
  const left = r.children.filter((c) => !c.confirmed_at).length;
  return h('td', { class: 'nowrap' }, cd.el, h('span', { class: 'member-kana' }, `未確認 ${left}人`));
}

/** `compact` (the panel of 利用者の記録): no children column, kind and route in one column. */
export function reportsTable(
  items: Report[],
  caption: string,
  tickers: (() => void)[],
  opts: { compact?: boolean } = {},
): HTMLElement {
  const compact = !!opts.compact;
  return h(
    'table',
    { class: ['table', 'reports', compact ? 'reports-compact' : undefined] },
    h('caption', { class: 'visually-hidden' }, caption),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, '受付日時'),
        h('th', { scope: 'col' }, compact ? '種類・経路' : '種類'),
        compact ? null : h('th', { scope: 'col' }, '子ども'),
        compact ? null : h('th', { scope: 'col' }, '経路・種別'),
        h('th', { scope: 'col' }, '状況'),
        h('th', { scope: 'col' }, '現認'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, '操作')),
      ),
    ),
    h(
      'tbody',
      null,
      items.map((r) => {
        const names = r.children.map((c) => (c.person ? fullName(c.person) : c.person_id)).join('、');
        const overdue =
          r.kind === 'abuse_report' &&
          !r.safety_all_confirmed &&
          !!r.safety_due_at &&
          Date.parse(r.safety_due_at) <= Date.now();
        const route = [
          r.route_label || r.route,
          r.abuse_type_labels.length
            ? h('span', { class: 'member-kana' }, r.abuse_type_labels.map((t) => t.label).join('、'))
            : null,
        ];
        return h(
          'tr',
          { class: overdue ? 'is-overdue' : undefined },
          h('td', { class: 'nowrap' }, h('time', { datetime: r.received_at }, formatInstant(r.received_at))),
          h(
            'td',
            null,
            kindMark(r.kind, r.kind_label),
            r.urgent ? h('span', { class: 'urgent-mark urgent-small' }, '緊急') : null,
            compact ? h('span', { class: 'member-kana' }, route) : null,
          ),
          compact ? null : h('td', null, names),
          compact ? null : h('td', null, route),
          h('td', null, statusMark(r.status, r.status_label), urgencyMark(r.urgency, r.urgency_label)),
          safetyCell(r, tickers),
          h(
            'td',
            null,
            h(
              'a',
              {
                href: href(reportPath(r.id)),
                'aria-label': `${r.kind_label}（${names}、${formatInstant(r.received_at)}受付）を開く`,
              },
              '開く',
            ),
          ),
        );
      }),
    ),
  );
}

/** The filter of the working list, as the address holds it (reload and back restore it). */
interface ReportFilter {
  scope: 'mine' | 'all';
  state: string; // 'open' (対応中, the default), 'any', or a step code
  urgency: string;
  route: string;
  from: string;
  to: string;
  owner: string; // a user id, 'none' (未定), or '' (anyone)
  sort: string;
  order: SortOrder;
}

const FIRST_ORDER: Record<string, SortOrder> = {
  received_at: 'desc',
  safety_due_at: 'asc',
  status: 'asc',
  urgency: 'asc',
  lead: 'asc',
  route: 'asc',
};

/** 自分の担当 is where a caseworker starts; others start on 全件. */
function readFilter(ctx: RouteContext): ReportFilter {
  const q = (k: string) => ctx.query.get(k) ?? '';
  // Only those who act on reports own any (a clerk or a nurse has no 自分の担当 here).
  const scope = !may('report_write')
    ? 'all'
    : q('scope') === 'mine' || q('scope') === 'all'
      ? (q('scope') as 'mine' | 'all')
      : ctx.user.role === 'welfare'
        ? 'mine'
        : 'all';
  const sort = q('sort') in FIRST_ORDER ? q('sort') : 'received_at';
  const order =
    q('order') === 'asc' || q('order') === 'desc' ? (q('order') as SortOrder) : (FIRST_ORDER[sort] ?? 'desc');
  return {
    scope,
    state: q('state') || (q('all') === '1' ? 'any' : 'open'),
    urgency: q('urgency'),
    route: q('route'),
    from: q('from'),
    to: q('to'),
    owner: scope === 'mine' ? '' : q('owner'),
    sort,
    order,
  };
}

function filterHref(f: ReportFilter): string {
  return href('/reports', {
    scope: f.scope,
    state: f.state === 'open' ? '' : f.state,
    urgency: f.urgency,
    route: f.route,
    from: f.from,
    to: f.to,
    owner: f.scope === 'mine' ? '' : f.owner,
    sort: f.sort === 'received_at' ? '' : f.sort,
    order: f.order === FIRST_ORDER[f.sort] ? '' : f.order,
  });
}

function apiQuery(f: ReportFilter): Record<string, string | number | undefined> {
  return {
    open: f.state === 'open' ? 'true' : undefined,
    status: f.state !== 'open' && f.state !== 'any' ? f.state : undefined,
    urgency: f.urgency || undefined,
    route: f.route || undefined,
    received_from: f.from || undefined,
    received_to: f.to || undefined,
    mine: f.scope === 'mine' ? 'true' : undefined,
    owner: f.scope === 'all' && f.owner ? f.owner : undefined,
    sort: f.sort,
    order: f.order,
    limit: 50,
  };
}

/** The filter in words, for the status line and the printed header. */
function filterText(f: ReportFilter, staff: readonly StaffMember[]): string {
  const parts: string[] = [f.scope === 'mine' ? '自分の担当' : '全件'];
  parts.push(
    f.state === 'open'
      ? '対応中'
      : f.state === 'any'
        ? '終結を含む'
        : `状況 ${codeLabel('report_steps', f.state) ?? f.state}`,
  );
  if (f.urgency) parts.push(`緊急度 ${codeLabel('urgencies', f.urgency) ?? f.urgency}`);
  if (f.route) parts.push(`経路 ${codeLabel('report_routes', f.route) ?? f.route}`);
  if (f.from || f.to) parts.push(`受付日 ${f.from ? formatWareki(f.from) : ''}〜${f.to ? formatWareki(f.to) : ''}`);
  if (f.scope === 'all' && f.owner)
    parts.push(`担当 ${f.owner === 'none' ? '未定' : (staff.find((s) => s.id === f.owner)?.name ?? f.owner)}`);
  const sortLabel = {
    received_at: '受付日時',
    safety_due_at: '現認期限',
    status: '状況',
    urgency: '緊急度',
    lead: '担当',
    route: '経路',
  }[f.sort];
  parts.push(`並び順 ${sortLabel ?? f.sort}（${f.order === 'asc' ? '昇順' : '降順'}）`);
  return parts.join('・');
}

function filterForm(ctx: RouteContext, f: ReportFilter, staff: readonly StaffMember[]): HTMLFormElement {
  const state = selectField({
    name: 'state',
    label: '状況',
    value: f.state,
    options: [
      { value: 'open', label: '対応中' },
      { value: 'any', label: 'すべて（終結を含む）' },
      ...codes('report_steps').map((c) => ({ value: c.code, label: c.label })),
    ],
  });
  const urgency = selectField({
    name: 'urgency',
    label: '緊急度',
    value: f.urgency,
    placeholder: 'すべて',
    options: codes('urgencies').map((c) => ({ value: c.code, label: c.label })),
  });
  const route = selectField({
    name: 'route',
    label: '経路',
    value: f.route,
    placeholder: 'すべて',
    options: codes('report_routes').map((c) => ({ value: c.code, label: c.label })),
  });
  const from = dateField({ name: 'from', label: '受付日（から）', value: f.from, hint: '' });
  const to = dateField({ name: 'to', label: '受付日（まで）', value: f.to, hint: '' });
  const owner =
    f.scope === 'all'
      ? selectField({
          name: 'owner',
          label: '担当',
          value: f.owner,
          placeholder: 'すべて',
          options: [
            { value: 'none', label: '未定' },
            ...staff.map((s) => ({ value: s.id, label: s.id === ctx.user.id ? `${s.name}（自分）` : s.name })),
          ],
        })
      : null;
  const form = h(
    'form',
    { class: 'filter-form filter-compact no-print', role: 'search', 'aria-label': '通告・相談の絞り込み' },
    state.root,
    urgency.root,
    route.root,
    from.root,
    to.root,
    owner?.root,
    h(
      'div',
      { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'button button-primary' }, '絞り込む'),
      linkButton(href('/reports', { scope: f.scope }), '条件を解除', 'quiet'),
    ),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const fromDate = from.input.value.trim() ? readDate(from.input) : '';
    const toDate = to.input.value.trim() ? readDate(to.input) : '';
    if (fromDate === null) return void showFieldError(form, 'from', '日付は 2026-04-01 の形で入力してください');
    if (toDate === null) return void showFieldError(form, 'to', '日付は 2026-04-01 の形で入力してください');
    navigate(
      filterHref({
        ...f,
        state: state.input.value,
        urgency: urgency.input.value,
        route: route.input.value,
        from: fromDate,
        to: toDate,
        owner: owner?.input.value ?? '',
      }).slice(1),
    );
  });
  return form;
}

/** The 現認 cell of a working-list row: the countdown and the children not yet seen, on one line. */
function safetyLine(r: Report, tickers: (() => void)[]): HTMLElement {
  if (r.kind !== 'abuse_report' || !r.safety_due_at) return h('td', null, h('span', { class: 'muted' }, '—'));
  if (r.safety_all_confirmed) return h('td', null, h('span', { class: 'tag tag-ok' }, '確認済み'));
  const cd = countdown(r.safety_due_at, 'board');
  tickers.push(cd.update);
  const left = r.children.filter((c) => !c.confirmed_at).length;
  return h('td', null, cd.el, h('span', { class: 'muted' }, ` 未確認${left}人`));
}

function worklistRow(r: Report, tickers: (() => void)[]): HTMLTableRowElement {
  const names = r.children.map((c) => (c.person ? fullName(c.person) : c.person_id)).join('、');
  const overdue = !!r.safety_overdue;
  const owner = r.lead ? `${r.lead.name}${r.deputy ? `／${r.deputy.name}` : ''}` : '未定';
  return h(
    'tr',
    { class: overdue ? 'is-overdue' : undefined, 'data-report': r.id },
    h('td', null, h('time', { datetime: r.received_at }, formatInstant(r.received_at))),
    h(
      'td',
      null,
      kindMark(r.kind, r.kind_label),
      r.urgent ? h('span', { class: 'urgent-mark urgent-small' }, '緊急') : null,
    ),
    h('td', { class: 'cell-names', title: names }, names),
    h('td', { class: 'cell-route', title: r.route_label || r.route }, r.route_label || r.route),
    h('td', null, statusMark(r.status, r.status_label)),
    h('td', null, urgencyMark(r.urgency, r.urgency_label) ?? h('span', { class: 'muted' }, '—')),
    h('td', { class: ['cell-owner', r.lead ? undefined : 'muted'], title: owner }, owner),
    safetyLine(r, tickers),
    openCell(
      h(
        'a',
        {
          href: href(reportPath(r.id)),
          'aria-label': `${r.kind_label}（${names}、${formatInstant(r.received_at)}受付）を開く`,
        },
        '開く',
      ),
    ),
  );
}

export async function reportsPage(ctx: RouteContext): Promise<void> {
  setTitle('通告・相談');
  replace(ctx.main, loading());
  const f = readFilter(ctx);
  const query = apiQuery(f);
  const [first, staff] = await Promise.all([
    api.get<List<Report> & { total: number }>('/reports', { query, signal: ctx.signal }),
    may('case_read') ? loadStaff(ctx.user, ctx.signal) : Promise.resolve([] as StaffMember[]),
  ]);
  if (ctx.signal.aborted) return;
  const actors = staff.filter((s) => !s.role || ['director', 'coordinator', 'welfare'].includes(s.role));

  let tickers: (() => void)[] = [];
  everyMinute(ctx.signal, () => tickers.forEach((t) => t()));
  const described = filterText(f, actors);
  const onSort = (next: SortState) => navigate(filterHref({ ...f, ...next }).slice(1));
  const sortState: SortState = { sort: f.sort, order: f.order };
  const th = (label: string, key: string) => sortHeader(label, key, sortState, FIRST_ORDER[key] ?? 'asc', onSort);
  const tbody = h('tbody');
  const table = h(
    'table',
    { class: 'table reports worklist reports-worklist' },
    h('caption', { class: 'visually-hidden' }, `通告・相談（${described}）`),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        th('受付日時', 'received_at'),
        h('th', { scope: 'col' }, '種類'),
        h('th', { scope: 'col' }, '子ども'),
        th('経路', 'route'),
        th('状況', 'status'),
        th('緊急度', 'urgency'),
        th('担当', 'lead'),
        th('現認', 'safety_due_at'),
        openHeader(),
      ),
    ),
    tbody,
  );
  const more = h('div', { class: 'results-more no-print' });
  const status = h('p', { class: 'search-status', role: 'status' });
  let shown = 0;
  const add = (r: List<Report> & { total: number }) => {
    const rows = r.items.map((x) => worklistRow(x, tickers));
    tbody.append(...rows);
    shown += rows.length;
    status.textContent = `${r.total}件${shown < r.total ? `（${shown}件を表示）` : ''}`;
    replace(
      more,
      r.next_cursor
        ? button(`さらに表示（残り${r.total - shown}件）`, async (ev) => {
            const b = ev.currentTarget as HTMLButtonElement;
            b.disabled = true;
            try {
              const next = await api.get<List<Report> & { total: number }>('/reports', {
                query: { ...query, cursor: r.next_cursor },
                signal: ctx.signal,
              });
              const before = shown;
              add(next);
              // The keyboard stays where the reading goes on: the first row just shown.
              tbody.rows[before]?.querySelector<HTMLAnchorElement>('a')?.focus();
            } catch (e) {
              if (!isAbort(e)) replace(more, messageBox('error', errorText(e)));
            }
          })
        : null,
    );
  };
  add(first);

  const tab = (text: string, scope: 'mine' | 'all') =>
    h(
      'li',
      null,
      h(
        'a',
        {
          href: filterHref({ ...f, scope, owner: '' }),
          class: 'tab',
          'aria-current': f.scope === scope ? 'page' : undefined,
        },
        text,
      ),
    );
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-reports page-worklist' },
      listPrintHead('通告・相談の一覧', described, ctx.user.name),
      h(
        'div',
        { class: 'page-head' },
        h(
          'div',
          { class: 'worklist-title' },
          h('h1', { class: 'page-title', tabindex: '-1' }, '通告・相談'),
          may('report_write')
            ? h(
                'nav',
                { class: 'tabs no-print', 'aria-label': '表示する範囲' },
                h('ul', null, tab('自分の担当', 'mine'), tab('全件', 'all')),
              )
            : null,
          status,
        ),
        h(
          'div',
          { class: 'actions no-print' },
          may('report_create') ? linkButton('#/reports/new', '新規受付（受付票）', 'primary') : null,
          button('一覧を印刷', () => window.print(), 'quiet'),
          may('council_export') ? csvLinks('/api/v1/reports?format=csv', '通告・相談の一覧CSV（協議会用）') : null,
        ),
      ),
      filterForm(ctx, f, actors),
      first.items.length
        ? h('div', { class: 'table-scroll' }, table)
        : h(
            'p',
            { class: 'empty-note' },
            f.scope === 'mine'
              ? '担当している通告・相談で条件に合うものはありません。'
              : '条件に合う通告・相談はありません。',
          ),
      more,
      listPrintFoot(),
    ),
  );
}
