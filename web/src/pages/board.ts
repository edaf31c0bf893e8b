// 進行管理: the coordinator's board — every open case on one line, the reader's own first, then
// overdue ones (review, action or plan review past), then by next review, 50 to a page. Filters
// and the page are kept in the address (#/board?category=…&cursor=…) so a filtered board can be
// bookmarked and comes back on Back.
import { api, isAbort } from '../api';
import { h, pageHeading, replace, setTitle } from '../dom';
import { checkField, selectField } from '../forms';
import { label } from '../labels';
import { codes } from '../meta';
import { href, navigate, type RouteContext } from '../router';
import type { Board, BoardRow } from '../types';
import { button, errorText, fullName, linkButton, loading, messageBox } from '../ui';
import { listPrintFoot, listPrintHead } from '../components/listPrint';
import { formatWareki } from '../wareki';

const FILTERS = ['category', 'section', 'youtaikyo', 'mine'] as const;
const PAGE_SIZE = 50;

function lastEvent(row: BoardRow): string {
  const events = (['health', 'welfare', 'case'] as const).map((s) => ({ s, e: row.last_events[s] })).filter((x) => x.e);
  return events
    .map((x) => `${label('sections', x.s)}: ${formatWareki(x.e!.at.slice(0, 10))} ${x.e!.summary}`)
    .join(' / ');
}

function planText(row: BoardRow): string {
  const s = label('board_plan_statuses', row.plan.status);
  return row.plan.review_on ? `${s}（見直し ${formatWareki(row.plan.review_on)}）` : s;
}

function boardRow(row: BoardRow): HTMLElement {
  const subjects = row.subjects.map((s) =>
    h(
      'span',
      { class: 'board-subject' },
      fullName(s) || '（氏名未登録）',
      h('span', { class: ['tag', `category-${s.category}`] }, label('case_categories', s.category)),
      s.youtaikyo ? h('span', { class: 'tag tag-registered' }, '要対協') : null,
    ),
  );
  return h(
    'tr',
    {
      class: ['board-row', row.overdue ? 'is-overdue' : undefined, row.mine ? 'is-mine' : undefined],
      'data-case': row.case_id,
    },
    h(
      'td',
      null,
      h(
        'a',
        { href: href(`/cases/${encodeURIComponent(row.case_id)}`), class: 'strong-link' },
        row.household.name || '（世帯名なし）',
      ),
      row.overdue ? h('span', { class: 'tag tag-overdue' }, '期限超過') : null,
    ),
    h('td', null, subjects),
    h('td', null, row.lead.name ?? '', row.mine ? h('span', { class: 'tag' }, '担当') : null),
    h(
      'td',
      { class: ['nowrap', row.review_overdue ? 'is-overdue-cell' : undefined] },
      row.last_reviewed_on ? `前回 ${formatWareki(row.last_reviewed_on)}` : '前回 —',
      h('br'),
      row.next_review_on ? `次回 ${formatWareki(row.next_review_on)}` : '次回 未定',
    ),
    h('td', { class: row.plan.status === 'review_overdue' ? 'is-overdue-cell' : undefined }, planText(row)),
    h(
      'td',
      { class: ['nowrap', row.actions.overdue ? 'is-overdue-cell' : undefined] },
      row.actions.open ? `${row.actions.open}件（${formatWareki(row.actions.earliest_due_on)}まで）` : 'なし',
    ),
    h(
      'td',
      { class: 'nowrap' },
      row.alerts.open ? `${row.alerts.open}件 ${label('alert_kinds', row.alerts.most_urgent)}` : 'なし',
    ),
    h('td', { class: 'board-events' }, lastEvent(row)),
  );
}

function filterForm(ctx: RouteContext): HTMLElement {
  const q = ctx.query;
  const category = selectField({
    name: 'category',
    label: '区分',
    value: q.get('category') ?? '',
    placeholder: 'すべて',
    options: codes('case_categories').map((c) => ({ value: c.code, label: c.label })),
  });
  const section = selectField({
    name: 'section',
    label: '担当部署',
    value: q.get('section') ?? '',
    placeholder: 'すべて',
    options: ['health', 'welfare', 'case'].map((s) => ({ value: s, label: label('sections', s) })),
  });
  const registered = selectField({
    name: 'youtaikyo',
    label: '要対協登録',
    value: q.get('youtaikyo') ?? '',
    placeholder: 'すべて',
    options: [
      { value: 'true', label: '登録あり' },
      { value: 'false', label: '登録なし' },
    ],
  });
  const mine = checkField({ name: 'mine', label: '自分の担当のみ', checked: q.get('mine') === '1' });
  const form = h(
    'form',
    { class: 'filters board-filters no-print', role: 'search', 'aria-label': '進行管理の絞り込み' },
    category.root,
    section.root,
    registered.root,
    mine.root,
    h('button', { type: 'submit', class: 'button' }, '絞り込む'),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const next: Record<string, string> = {};
    if (category.input.value) next.category = category.input.value;
    if (section.input.value) next.section = section.input.value;
    if (registered.input.value) next.youtaikyo = registered.input.value;
    if (mine.input.checked) next.mine = '1';
    navigate(href('/board', next));
  });
  return form;
}

/* The filters of the address, as they are. */
function filtersOf(ctx: RouteContext): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const f of FILTERS) {
    const v = ctx.query.get(f);
    if (v) filters[f] = v;
  }
  return filters;
}

function pager(filters: Record<string, string>, page: number, board: Board): HTMLElement | null {
  if (page === 1 && !board.next_cursor) return null;
  return h(
    'nav',
    { class: 'pager no-print', 'aria-label': 'ページ' },
    h('span', { class: 'pager-page' }, `${page}ページ目`),
    page > 1 ? linkButton(href('/board', filters), '最初のページ', 'quiet') : null,
    board.next_cursor
      ? linkButton(
          href('/board', { ...filters, cursor: board.next_cursor, page: String(page + 1) }),
          '次のページ',
          'secondary',
        )
      : null,
  );
}

function leadLine(board: Board, page: number): string {
  const first = (page - 1) * PAGE_SIZE + 1;
  const range =
    board.total > PAGE_SIZE && board.items.length ? `　${first}〜${first + board.items.length - 1}件目を表示` : '';
  return `${formatWareki(board.on)}現在　継続中のケース ${board.total}件（うち期限超過 ${board.overdue_total}件）${range}`;
}

/** The filter in words, for the printed header. */
function boardFilterText(filters: Record<string, string>, page: number): string {
  const parts = ['継続中のケース'];
  if (filters.category) parts.push(`区分 ${label('case_categories', filters.category)}`);
  if (filters.section) parts.push(`担当部署 ${label('sections', filters.section)}`);
  if (filters.youtaikyo) parts.push(filters.youtaikyo === 'true' ? '要対協登録あり' : '要対協登録なし');
  if (filters.mine) parts.push('自分の担当のみ');
  parts.push(`自分の担当・期限超過・次回見直しの近い順${page > 1 ? `・${page}ページ目` : ''}`);
  return parts.join('・');
}

export async function boardPage(ctx: RouteContext): Promise<void> {
  setTitle('進行管理');
  replace(ctx.main, loading());
  const filters = filtersOf(ctx);
  const cursor = ctx.query.get('cursor') || '';
  const page = cursor ? Math.max(2, Number(ctx.query.get('page')) || 2) : 1;
  let board: Board;
  try {
    board = await api.get<Board>('/board', {
      query: { ...filters, ...(cursor ? { cursor } : {}), limit: PAGE_SIZE },
      signal: ctx.signal,
    });
  } catch (e) {
    if (isAbort(e) || ctx.signal.aborted) return;
    replace(ctx.main, h('div', { class: 'page' }, pageHeading('進行管理'), messageBox('error', errorText(e))));
    return;
  }
  if (ctx.signal.aborted) return;
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-board' },
      listPrintHead('進行管理', boardFilterText(filters, page), ctx.user.name),
      pageHeading('進行管理'),
      h('p', { class: 'lead' }, leadLine(board, page)),
      h(
        'div',
        { class: 'actions no-print' },
        linkButton(href('/ledger'), '要対協 進行管理台帳'),
        button('一覧を印刷', () => window.print(), 'quiet'),
      ),
      filterForm(ctx),
      board.items.length
        ? h(
            'table',
            { class: 'table board' },
            h('caption', { class: 'visually-hidden' }, '継続中のケース（自分の担当、期限超過、次回見直しの近い順）'),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['世帯', '対象者', '主担当', '見直し', 'プラン', '対応事項', 'アラート', '各部署の最新記録'].map((t) =>
                  h('th', { scope: 'col' }, t),
                ),
              ),
            ),
            h('tbody', null, board.items.map(boardRow)),
          )
        : h('p', { class: 'empty-note' }, '条件に合う継続中のケースはありません。'),
      pager(filters, page, board),
      listPrintFoot(),
    ),
  );
}
