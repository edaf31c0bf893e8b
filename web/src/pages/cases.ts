// ケース一覧: the joint cases (one per household in support), one line each — the subjects with
// their designations, 要対協, lead and deputy, next review — 自分の担当 (the default of caseworkers
// and nurses: lead or deputy) or 全件, filtered by designation, lead, 要対協, status and the period
// of the start (開始日), sorted by a column; the filter and the order in the address; printed with
// the list header.
import { h, replace, setTitle } from '../dom';
import { clearErrors, dateField, readDate, selectField, showFieldError } from '../forms';
import { label } from '../labels';
import { codes, may } from '../meta';
import { href, navigate, type RouteContext } from '../router';
import {
  casePath,
  categoryMark,
  loadPersons,
  personOf,
  loadStaff,
  staffName,
  subjectName,
  type CaseRecord,
  type StaffMember,
} from '../cases';
import { api, isAbort } from '../api';
import type { List, PersonSummary } from '../types';
import { button, errorText, linkButton, loading, messageBox } from '../ui';
import { listPrintFoot, listPrintHead, openCell, openHeader } from '../components/listPrint';
import { sortHeader, type SortOrder, type SortState } from '../components/sortHeader';
import { formatWareki, todayJst } from '../wareki';

const FILTERS = ['category', 'lead_id', 'youtaikyo', 'status', 'opened_from', 'opened_to'] as const;
const FIRST_ORDER: Record<string, SortOrder> = { opened_on: 'desc', next_review_on: 'asc', lead: 'asc' };

/** 自分の担当 is where caseworkers and nurses start; the coordinator and the director on 全件. */
function scopeOf(ctx: RouteContext): 'mine' | 'all' {
  const s = ctx.query.get('scope');
  if (s === 'mine' || s === 'all') return s;
  return ctx.user.role === 'welfare' || ctx.user.role === 'health' ? 'mine' : 'all';
}

function orderOf(ctx: RouteContext): SortState {
  const q = ctx.query.get('sort') ?? '';
  const sort = q in FIRST_ORDER ? q : 'opened_on';
  const o = ctx.query.get('order');
  return { sort, order: o === 'asc' || o === 'desc' ? o : (FIRST_ORDER[sort] ?? 'desc') };
}

/** The address of the list with some of its parameters changed. */
function casesHref(ctx: RouteContext, change: Record<string, string>): string {
  const q: Record<string, string> = {};
  ctx.query.forEach((v, k) => (q[k] = v));
  return href('/cases', { ...q, ...change });
}

function filterForm(ctx: RouteContext, staff: { id: string; name: string }[]): HTMLFormElement {
  const q = (k: string) => ctx.query.get(k) ?? '';
  const category = selectField({
    name: 'category',
    label: '区分',
    value: q('category'),
    placeholder: 'すべて',
    options: codes('case_categories').map((c) => ({ value: c.code, label: c.label })),
  });
  const lead = selectField({
    name: 'lead_id',
    label: '主担当',
    value: q('lead_id'),
    placeholder: 'すべて',
    options: staff.map((s) => ({ value: s.id, label: s.id === ctx.user.id ? `${s.name}（自分）` : s.name })),
  });
  const youtaikyo = selectField({
    name: 'youtaikyo',
    label: '要対協',
    value: q('youtaikyo'),
    placeholder: 'すべて',
    options: [
      { value: 'true', label: '登録あり' },
      { value: 'false', label: '登録なし' },
    ],
  });
  const status = selectField({
    name: 'status',
    label: '状態',
    value: ctx.query.has('status') ? q('status') : 'open',
    placeholder: 'すべて',
    options: codes('case_statuses').map((c) => ({ value: c.code, label: c.label })),
  });
  const from = dateField({ name: 'opened_from', label: '開始日（から）', value: q('opened_from'), hint: '' });
  const to = dateField({ name: 'opened_to', label: '開始日（まで）', value: q('opened_to'), hint: '' });
  const form = h(
    'form',
    { class: 'filter-form no-print', role: 'search', 'aria-label': 'ケースの絞り込み' },
    category.root,
    lead.root,
    youtaikyo.root,
    status.root,
    from.root,
    to.root,
    h(
      'div',
      { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'button button-primary' }, '絞り込む'),
      FILTERS.some((k) => ctx.query.has(k))
        ? linkButton(href('/cases', { scope: scopeOf(ctx) }), '条件を解除', 'quiet')
        : null,
    ),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const fromDate = from.input.value.trim() ? readDate(from.input) : '';
    const toDate = to.input.value.trim() ? readDate(to.input) : '';
    if (fromDate === null) return void showFieldError(form, 'opened_from', '日付は 2026-04-01 の形で入力してください');
    if (toDate === null) return void showFieldError(form, 'opened_to', '日付は 2026-04-01 の形で入力してください');
    navigate(
      href('/cases', {
        scope: scopeOf(ctx),
        sort: ctx.query.get('sort') ?? '',
        order: ctx.query.get('order') ?? '',
        category: category.input.value,
        lead_id: lead.input.value,
        youtaikyo: youtaikyo.input.value,
        status: status.input.value || 'all',
        opened_from: fromDate,
        opened_to: toDate,
      }).slice(1),
    );
  });
  return form;
}

/** The filter in words, for the caption and the printed header. */
function casesFilterText(
  ctx: RouteContext,
  scope: 'mine' | 'all',
  order: SortState,
  staff: readonly { id: string; name: string }[],
): string {
  const parts = [scope === 'mine' ? '自分の担当' : '全件'];
  const category = ctx.query.get('category');
  if (category) parts.push(`区分 ${label('case_categories', category)}`);
  const lead = ctx.query.get('lead_id');
  if (lead) parts.push(`主担当 ${staff.find((s) => s.id === lead)?.name ?? lead}`);
  const youtaikyo = ctx.query.get('youtaikyo');
  if (youtaikyo) parts.push(youtaikyo === 'true' ? '要対協登録あり' : '要対協登録なし');
  const status = ctx.query.get('status') ?? 'open';
  parts.push(status === 'all' ? '状態すべて' : `状態 ${label('case_statuses', status)}`);
  const from = ctx.query.get('opened_from');
  const to = ctx.query.get('opened_to');
  if (from || to) parts.push(`開始日 ${from ? formatWareki(from) : ''}〜${to ? formatWareki(to) : ''}`);
  const names: Record<string, string> = { opened_on: '開始日', next_review_on: '次回見直し', lead: '担当' };
  parts.push(`並び順 ${names[order.sort] ?? order.sort}（${order.order === 'asc' ? '昇順' : '降順'}）`);
  return parts.join('・');
}

/** One case on one line. */
function caseRow(
  c: CaseRecord,
  persons: Map<string, PersonSummary>,
  staff: readonly StaffMember[],
  today: string,
): HTMLTableRowElement {
  const names = c.subjects.map((s) => subjectName(s, persons)).join('、');
  const overdue = c.status === 'open' && !!c.next_review_on && c.next_review_on < today;
  return h(
    'tr',
    { class: overdue ? 'is-overdue' : undefined, 'data-case': c.id },
    h(
      'td',
      null,
      h(
        'ul',
        { class: 'subject-line' },
        c.subjects.map((s) => h('li', null, subjectName(s, persons), categoryMark(s.category))),
      ),
    ),
    h('td', null, c.subjects.some((s) => s.youtaikyo) ? h('span', { class: 'tag tag-pending' }, '登録') : '—'),
    h(
      'td',
      { class: 'cell-owner' },
      c.lead_name || staffName(staff, c.lead_id),
      c.deputy_id ? `／${c.deputy_name || staffName(staff, c.deputy_id)}` : null,
    ),
    h('td', null, formatWareki(c.opened_on)),
    h(
      'td',
      { class: 'nowrap' },
      c.next_review_on ? formatWareki(c.next_review_on) : '—',
      overdue ? h('span', { class: 'tag tag-alert' }, '期限超過') : null,
    ),
    h('td', null, label('case_statuses', c.status)),
    openCell(h('a', { href: href(casePath(c.id)), 'aria-label': `${names}のケースを開く` }, '開く')),
  );
}

export async function casesPage(ctx: RouteContext): Promise<void> {
  setTitle('ケース');
  replace(ctx.main, loading());
  const statusQ = ctx.query.get('status') ?? 'open';
  const scope = scopeOf(ctx);
  const order = orderOf(ctx);
  const query: Record<string, string> = { sort: order.sort, order: order.order };
  if (scope === 'mine') query.mine = 'true';
  for (const k of FILTERS) {
    const v = k === 'status' ? statusQ : ctx.query.get(k);
    if (v && v !== 'all') query[k] = v;
  }
  const [first, staff] = await Promise.all([
    api.get<List<CaseRecord> & { total: number }>('/cases', { query: { ...query, limit: 50 }, signal: ctx.signal }),
    loadStaff(ctx.user, ctx.signal),
  ]);
  if (ctx.signal.aborted) return;
  const today = todayJst();
  const onSort = (next: SortState) => navigate(casesHref(ctx, { sort: next.sort, order: next.order }).slice(1));
  const th = (text: string, key: string) => sortHeader(text, key, order, FIRST_ORDER[key] ?? 'asc', onSort);
  const described = casesFilterText(ctx, scope, order, staff);
  const tbody = h('tbody');
  const table = h(
    'table',
    { class: 'table cases worklist' },
    h('caption', { class: 'visually-hidden' }, `ケース一覧（${described}）`),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, '対象者（区分）'),
        h('th', { scope: 'col' }, '要対協'),
        th('担当', 'lead'),
        th('開始日', 'opened_on'),
        th('次回見直し', 'next_review_on'),
        h('th', { scope: 'col' }, '状態'),
        openHeader(),
      ),
    ),
    tbody,
  );
  const status = h('p', { class: 'search-status', role: 'status' });
  const more = h('div', { class: 'results-more no-print' });
  let shown = 0;
  // One page at a time: the names the answer did not carry are read for that page's rows.
  const add = async (r: List<CaseRecord> & { total: number }) => {
    const persons = await loadPersons(
      r.items.flatMap((c) => c.subjects.filter((s) => !personOf(s)).map((s) => s.person_id)),
      ctx.signal,
    );
    if (ctx.signal.aborted) return;
    tbody.append(...r.items.map((c) => caseRow(c, persons, staff, today)));
    shown += r.items.length;
    status.textContent = `${r.total}件${shown < r.total ? `（${shown}件を表示）` : ''}`;
    replace(
      more,
      r.next_cursor
        ? button(`さらに表示（残り${r.total - shown}件）`, async (ev) => {
            (ev.currentTarget as HTMLButtonElement).disabled = true;
            try {
              const next = await api.get<List<CaseRecord> & { total: number }>('/cases', {
                query: { ...query, limit: 50, cursor: r.next_cursor },
                signal: ctx.signal,
              });
              const before = shown;
              await add(next);
              // The keyboard stays where the reading goes on: the first row just shown.
              tbody.rows[before]?.querySelector<HTMLAnchorElement>('a')?.focus();
            } catch (e) {
              if (!isAbort(e)) replace(more, messageBox('error', errorText(e)));
            }
          })
        : null,
    );
  };
  await add(first);
  if (ctx.signal.aborted) return;
  const body = first.items.length
    ? h('div', { class: 'table-scroll' }, table)
    : h(
        'p',
        { class: 'empty-note' },
        scope === 'mine' ? '担当しているケースで条件に合うものはありません。' : '該当するケースはありません。',
      );
  const tab = (text: string, to: 'mine' | 'all') =>
    h(
      'li',
      null,
      h(
        'a',
        { href: casesHref(ctx, { scope: to }), class: 'tab', 'aria-current': scope === to ? 'page' : undefined },
        text,
      ),
    );
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-cases page-worklist' },
      listPrintHead('ケース一覧', described, ctx.user.name),
      h(
        'div',
        { class: 'page-head' },
        h(
          'div',
          { class: 'worklist-title' },
          h('h1', { class: 'page-title', tabindex: '-1' }, 'ケース'),
          h(
            'nav',
            { class: 'tabs no-print', 'aria-label': '表示する範囲' },
            h('ul', null, tab('自分の担当', 'mine'), tab('全件', 'all')),
          ),
          status,
        ),
        h(
          'div',
          { class: 'actions no-print' },
          may('case_write') ? linkButton('#/cases/new', 'ケースを開く', 'primary') : null,
          may('case_write') ? linkButton('#/cases/new?transfer=1', '転入ケースを開く') : null,
          linkButton('#/board', '進行管理ボード', 'quiet'),
          button('一覧を印刷', () => window.print(), 'quiet'),
        ),
      ),
      filterForm(ctx, staff),
      body,
      more,
      listPrintFoot(),
    ),
  );
}
