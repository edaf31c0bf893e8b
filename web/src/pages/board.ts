// 進行管理: the coordinator's board — every open case on one line, the reader's own first, then
// overdue ones (review, action or plan review past), then by next review. Filters are kept in the
// address (#/board?category=…) so a filtered board can be bookmarked and comes back on Back.
import { api, isAbort } from '../api';
import { h, pageHeading, replace, setTitle } from '../dom';
import { checkField, selectField } from '../forms';
import { label } from '../labels';
import { codes } from '../meta';
import { href, navigate, type RouteContext } from '../router';
import type { Board, BoardRow } from '../types';
import { errorText, fullName, linkButton, loading, messageBox } from '../ui';
import { formatWareki } from '../wareki';

const FILTERS = ['category', 'section', 'youtaikyo', 'mine'] as const;

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

export async function boardPage(ctx: RouteContext): Promise<void> {
  setTitle('進行管理');
  replace(ctx.main, loading());
  const params = new URLSearchParams();
  for (const f of FILTERS) {
    const v = ctx.query.get(f);
    if (v) params.set(f, v);
  }
  let board: Board;
  try {
    board = await api.get<Board>(`/board${params.size ? `?${params}` : ''}`, { signal: ctx.signal });
  } catch (e) {
    if (isAbort(e) || ctx.signal.aborted) return;
    replace(ctx.main, h('div', { class: 'page' }, pageHeading('進行管理'), messageBox('error', errorText(e))));
    return;
  }
  if (ctx.signal.aborted) return;
  const overdue = board.items.filter((r) => r.overdue).length;
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-board' },
      pageHeading('進行管理'),
      h(
        'p',
        { class: 'lead' },
        `${formatWareki(board.on)}現在　継続中のケース ${board.total}件（うち期限超過 ${overdue}件）`,
      ),
      h('div', { class: 'actions' }, linkButton(href('/ledger'), '要対協 進行管理台帳')),
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
    ),
  );
}
