// アラート: the first screen of a caseworker. Abuse reports whose children are not all seen yet
// (現認, due 48 hours after the call) come first with a countdown, the urgency, every child not
// yet seen, the address to visit (「住所秘匿」 for a protected one) and, near a deadline outside
// office hours, who is on call (当番) — those first on the director's screen —; then the other
// alerts in three parts: 期限切れ, 今後14日, それ以降. Reloaded every minute while the page is
// visible (each reading is audited), and at once when it becomes visible again.
import { may } from '../meta';
import { isAbort } from '../api';
import { h, replace, setTitle } from '../dom';
import { allPages } from '../health';
import { href, type RouteContext } from '../router';
import type { Alert } from '../types';
import { button, errorText, fullKana, fullName, linkButton, loading, messageBox } from '../ui';
import { countdown, everyMinute, reportPath, urgencyMark } from '../welfare';
import { formatInstant, jstDateTime } from '../wareki';
import { BOARD_PAGE, addressCell, alertsTable } from './healthLists';
import { listPrintFoot, listPrintHead, openCell, openHeader } from '../components/listPrint';

/** Who is on call, on a safety confirmation near its deadline outside office hours. */
function onCallCell(a: Alert): HTMLElement {
  if (!a.on_call_needed) return h('td', { class: 'on-call' }, h('span', { class: 'muted' }, '—'));
  if (!a.on_call)
    return h(
      'td',
      { class: 'on-call on-call-missing' },
      h('strong', null, '当番未登録'),
      h('span', { class: 'member-kana no-print' }, h('a', { href: '#/on-call' }, '当番表を開く')),
    );
  return h(
    'td',
    { class: 'on-call' },
    h('span', { class: 'tag tag-alert' }, '夜間・休日'),
    ' ',
    h('strong', { class: 'on-call-name' }, a.on_call.name),
    h('span', { class: 'on-call-contact' }, a.on_call.contact),
  );
}

/** The director's screen lists first what the person on call must act on now. */
function directorOrder(items: Alert[]): Alert[] {
  if (!may('oncall_write') || !may('user_approve')) return items;
  return [...items.filter((a) => a.on_call_needed), ...items.filter((a) => !a.on_call_needed)];
}

function safetyTable(items: Alert[]): HTMLElement {
  if (!items.length) return h('p', { class: 'empty-note' }, '現認（安全確認）を待っている通告はありません。');
  return h('div', { class: 'table-wrap' }, safetyRows(items));
}

function safetyRows(items: Alert[]): HTMLElement {
  return h(
    'table',
    { class: 'table alerts safety-alerts' },
    h('caption', { class: 'visually-hidden' }, '48時間以内の現認（安全確認）が済んでいない虐待通告（期限の近い順）'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, '期限'),
        h('th', { scope: 'col' }, '緊急度'),
        h('th', { scope: 'col' }, '子ども'),
        h('th', { scope: 'col' }, '訪問先'),
        h('th', { scope: 'col' }, '当番'),
        openHeader('通告'),
      ),
    ),
    h(
      'tbody',
      null,
      items.map((a) => {
        const cd = countdown(a.due_at, 'board');
        // Every child of the report not yet seen, in the report's order.
        const children = a.children ?? (a.person ? [a.person] : []);
        const who = children.map((p) => fullName(p) || '（氏名未登録）').join('・');
        const reportHref = a.ref ? href(reportPath(a.ref.id)) : null;
        return h(
          'tr',
          {
            class: [
              'safety-alert',
              cd.el.classList.contains('is-overdue') ? 'is-overdue' : undefined,
              a.on_call_needed ? 'needs-on-call' : undefined,
            ],
            'data-report': a.ref?.id,
          },
          h(
            'td',
            { class: 'nowrap' },
            h('strong', { class: 'countdown-cell' }, cd.el),
            h('span', { class: 'member-kana' }, `期限 ${formatInstant(a.due_at)}`),
          ),
          h('td', { class: 'nowrap' }, urgencyMark(a.urgency) ?? h('span', { class: 'muted' }, '未判定')),
          h(
            'td',
            null,
            h(
              'ul',
              { class: 'unconfirmed-children' },
              children.map((p) =>
                h(
                  'li',
                  null,
                  h(
                    'a',
                    { href: href(`/persons/${encodeURIComponent(p.id)}`), class: 'strong-link' },
                    fullName(p) || '（氏名未登録）',
                  ),
                  h('span', { class: 'member-kana' }, fullKana(p)),
                ),
              ),
            ),
            h(
              'span',
              { class: 'member-kana' },
              '未確認 ',
              h('span', { class: 'unconfirmed' }, `${a.children_unconfirmed ?? children.length}人`),
            ),
          ),
          addressCell(a),
          onCallCell(a),
          openCell(
            reportHref
              ? h(
                  'a',
                  { href: reportHref, class: 'button button-secondary', 'aria-label': `${who}さんの虐待通告を開く` },
                  '通告を開く',
                )
              : null,
          ),
        );
      }),
    ),
  );
}

/** The board has no filter to choose: what it holds, in words, for the printed header. */
const ALERTS_FILTER =
  '現認（安全確認）を待つ虐待通告・期限切れ・今後14日・それ以降の期限のある対応（閲覧できるものすべて）';

export async function alertsPage(ctx: RouteContext): Promise<void> {
  setTitle('アラート');
  replace(ctx.main, loading());
  const safetyArea = h('div');
  const lateArea = h('div');
  const soonArea = h('div');
  const restArea = h('div');
  const safetyCount = h('span', { class: 'count' });
  const lateCount = h('span', { class: 'count' });
  const soonCount = h('span', { class: 'count' });
  const restCount = h('span', { class: 'count' });
  // Not a live region: announcing the time every minute would drown everything else.
  const updated = h('p', { class: 'lead alerts-updated' });
  const banner = h('div');
  // Printed with the time of the reading it shows (each reload renews it).
  const printHead = h('div');

  const load = async (first: boolean) => {
    let items: Alert[];
    try {
      // Pages of 500 (the most a page holds): the board in one request, two past 500 items;
      // the cursor carries the board's instant, so a second page continues the same board.
      items = await allPages<Alert>('/alerts', {}, ctx.signal, 1000, BOARD_PAGE);
    } catch (e) {
      if (isAbort(e) || ctx.signal.aborted) return;
      if (first) throw e;
      replace(banner, messageBox('error', `更新できませんでした: ${errorText(e)}（1分後にもう一度試みます）`));
      return;
    }
    if (ctx.signal.aborted) return;
    // Keep the keyboard where it was across the reload (the same link, if it is still there).
    const active = document.activeElement as HTMLElement | null;
    const activeHref = active && ctx.main.contains(active) ? active.getAttribute('href') : null;
    const safety = directorOrder(items.filter((a) => a.kind === 'safety_confirmation'));
    const health = items.filter((a) => a.kind !== 'safety_confirmation');
    const late = health.filter((a) => a.overdue);
    const soon = health.filter((a) => a.upcoming);
    const rest = health.filter((a) => !a.overdue && !a.upcoming);
    const overdue = safety.filter((a) => Date.parse(a.due_at) <= Date.now()).length;
    safetyCount.textContent = `${safety.length}件`;
    lateCount.textContent = `${late.length}件`;
    soonCount.textContent = `${soon.length}件`;
    restCount.textContent = `${rest.length}件`;
    replace(safetyArea, safetyTable(safety));
    replace(
      lateArea,
      late.length ? alertsTable(late) : h('p', { class: 'empty-note' }, '期限を過ぎた対応はありません。'),
    );
    replace(
      soonArea,
      soon.length ? alertsTable(soon) : h('p', { class: 'empty-note' }, '今後14日以内に期限の来る対応はありません。'),
    );
    replace(
      restArea,
      rest.length ? alertsTable(rest) : h('p', { class: 'empty-note' }, 'それ以降に期限の来る対応はありません。'),
    );
    replace(banner, overdue ? messageBox('error', `現認（安全確認）の期限を過ぎた通告が${overdue}件あります。`) : null);
    updated.textContent = `${jstDateTime().time} 現在（表示中は1分ごとに更新します）`;
    replace(printHead, listPrintHead('アラート', ALERTS_FILTER, ctx.user.name));
    if (activeHref) ctx.main.querySelector<HTMLElement>(`a[href="${CSS.escape(activeHref)}"]`)?.focus();
  };
  await load(true);
  if (ctx.signal.aborted) return;
  everyMinute(ctx.signal, () => void load(false));

  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-alerts' },
      printHead,
      h(
        'div',
        { class: 'page-head' },
        h('div', null, h('h1', { class: 'page-title', tabindex: '-1' }, 'アラート'), updated),
        may('report_create')
          ? h(
              'div',
              { class: 'actions no-print' },
              linkButton('#/reports/new', '新規受付（受付票）', 'primary'),
              linkButton('#/reports', '通告・相談の一覧'),
              linkButton('#/on-call', '当番表'),
              button('一覧を印刷', () => window.print(), 'quiet'),
            )
          : h(
              'div',
              { class: 'actions no-print' },
              linkButton('#/on-call', '当番表'),
              button('一覧を印刷', () => window.print(), 'quiet'),
            ),
      ),
      banner,
      h(
        'section',
        { class: 'section-block worklist-block safety-block', 'aria-labelledby': 'al-safety' },
        h('h2', { id: 'al-safety' }, '現認（安全確認）48時間以内', safetyCount),
        safetyArea,
      ),
      h(
        'section',
        { class: 'section-block worklist-block', 'aria-labelledby': 'al-late' },
        h('h2', { id: 'al-late' }, '期限切れ', lateCount),
        lateArea,
      ),
      h(
        'section',
        { class: 'section-block worklist-block', 'aria-labelledby': 'al-soon' },
        h('h2', { id: 'al-soon' }, '今後14日', soonCount),
        soonArea,
      ),
      h(
        'section',
        { class: 'section-block worklist-block', 'aria-labelledby': 'al-rest' },
        h('h2', { id: 'al-rest' }, 'それ以降', restCount),
        restArea,
      ),
      listPrintFoot(),
    ),
  );
}
