// 通告・相談の一覧: the open reports and consultations (or all), newest first, with their status
// and the safety confirmation countdown (refreshed every minute). The same table is the 児童福祉
// panel of 利用者の記録.
import { may } from '../meta';
import { csvLinks } from '../components/csvLinks';
import { api, isAbort } from '../api';
import { h, replace, setTitle } from '../dom';
import { href, type RouteContext } from '../router';
import type { List, Report } from '../types';
import { button, errorText, fullName, linkButton, loading, messageBox } from '../ui';
import { countdown, everyMinute, kindMark, reportPath, statusMark, urgencyMark } from '../welfare';
import { formatInstant } from '../wareki';

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

export async function reportsPage(ctx: RouteContext): Promise<void> {
  const all = ctx.query.get('all') === '1';
  setTitle('通告・相談');
  replace(ctx.main, loading());
  const query = { open: all ? undefined : 'true', limit: 50 };
  const first = await api.get<List<Report>>('/reports', { query, signal: ctx.signal });
  if (ctx.signal.aborted) return;

  let tickers: (() => void)[] = [];
  everyMinute(ctx.signal, () => tickers.forEach((t) => t()));
  const area = h('div');
  const more = h('div', { class: 'results-more no-print' });
  const status = h('p', { class: 'search-status', role: 'status' });
  const items: Report[] = [];
  const add = (r: List<Report>) => {
    items.push(...r.items);
    tickers = [];
    status.textContent = `${items.length}件${r.next_cursor ? '以上' : ''}`;
    replace(
      area,
      items.length
        ? reportsTable(items, all ? '通告・相談（すべて、新しい順）' : '対応中の通告・相談（新しい順）', tickers)
        : h('p', { class: 'empty-note' }, all ? '通告・相談の記録はありません。' : '対応中の通告・相談はありません。'),
    );
    replace(
      more,
      r.next_cursor
        ? button('さらに表示', async (ev) => {
            const b = ev.currentTarget as HTMLButtonElement;
            b.disabled = true;
            try {
              add(
                await api.get<List<Report>>('/reports', {
                  query: { ...query, cursor: r.next_cursor },
                  signal: ctx.signal,
                }),
              );
            } catch (e) {
              if (!isAbort(e)) replace(more, messageBox('error', errorText(e)));
            }
          })
        : null,
    );
  };
  add(first);

  const tab = (label: string, to: string, current: boolean) =>
    h('li', null, h('a', { href: to, class: 'tab', 'aria-current': current ? 'page' : undefined }, label));
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-reports' },
      h(
        'div',
        { class: 'page-head' },
        h('h1', { class: 'page-title', tabindex: '-1' }, '通告・相談'),
        h(
          'div',
          { class: 'actions no-print' },
          may('report_create') ? linkButton('#/reports/new', '新規受付（受付票）', 'primary') : null,
          may('council_export') ? csvLinks('/api/v1/reports?format=csv', '通告・相談の一覧CSV（協議会用）') : null,
        ),
      ),
      h(
        'nav',
        { class: 'tabs no-print', 'aria-label': '表示する範囲' },
        h('ul', null, tab('対応中', '#/reports', !all), tab('すべて', '#/reports?all=1', all)),
      ),
      status,
      area,
      more,
    ),
  );
}
