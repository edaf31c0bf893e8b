// 要対協 進行管理台帳: a row per registered person, printed on A4 landscape (@page ledger) and
// downloaded as CSV (UTF-8 with BOM, for Excel). No address or phone is ever on it.
import { api, isAbort } from '../api';
import { csvLinks } from '../components/csvLinks';
import { h, pageHeading, replace, setTitle } from '../dom';
import { label } from '../labels';
import { href, type RouteContext } from '../router';
import type { Ledger, LedgerRow } from '../types';
import { button, errorText, fullKana, fullName, linkButton, loading, messageBox } from '../ui';
import { formatAge, formatWareki } from '../wareki';
import { listPrintFoot, listPrintHead } from '../components/listPrint';

function situation(row: LedgerRow): string {
  if (!row.situation) return '';
  const on = row.situation.on ? `${formatWareki(row.situation.on)} ` : '';
  return `${on}${row.situation.text}`;
}

function ledgerRow(row: LedgerRow): HTMLElement {
  const p = row.person;
  return h(
    'tr',
    { 'data-case': row.case_id },
    h(
      'td',
      null,
      h('a', { href: href(`/cases/${encodeURIComponent(row.case_id)}`) }, fullName(p) || '（氏名未登録）'),
      h('span', { class: 'member-kana' }, fullKana(p)),
    ),
    h(
      'td',
      { class: 'nowrap' },
      p.birth_date ? formatWareki(p.birth_date) : '',
      h('br'),
      formatAge(p.birth_date, p.age),
    ),
    h('td', null, row.household.name ?? ''),
    h(
      'td',
      null,
      label('case_categories', p.category),
      p.registered_on ? h('br') : null,
      p.registered_on ? `登録 ${formatWareki(p.registered_on)}` : '',
    ),
    h('td', null, row.lead_agency?.name ?? 'こども家庭センター', h('br'), row.lead.name ?? ''),
    h('td', { class: 'ledger-text' }, row.policy ?? ''),
    h('td', { class: 'nowrap' }, row.last_confirmed_on ? formatWareki(row.last_confirmed_on) : '—'),
    h('td', { class: 'nowrap' }, row.next_review_on ? formatWareki(row.next_review_on) : '未定'),
    h('td', { class: 'ledger-text' }, situation(row)),
  );
}

export async function ledgerPage(ctx: RouteContext): Promise<void> {
  setTitle('進行管理台帳');
  replace(ctx.main, loading());
  let ledger: Ledger;
  try {
    ledger = await api.get<Ledger>('/ledger', { signal: ctx.signal });
  } catch (e) {
    if (isAbort(e) || ctx.signal.aborted) return;
    replace(ctx.main, h('div', { class: 'page' }, pageHeading('進行管理台帳'), messageBox('error', errorText(e))));
    return;
  }
  if (ctx.signal.aborted) return;
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-ledger' },
      listPrintHead(
        '要保護児童対策地域協議会 進行管理台帳',
        `${formatWareki(ledger.on)}現在・要対協に登録されている人すべて（世帯順）`,
        ctx.user.name,
      ),
      pageHeading('要対協 進行管理台帳'),
      h('p', { class: 'lead' }, `${formatWareki(ledger.on)}現在　登録 ${ledger.items.length}人`),
      h(
        'div',
        { class: 'actions no-print' },
        button('印刷（A4横）', () => window.print()),
        ...csvLinks('/api/v1/ledger?format=csv', 'CSVをダウンロード'),
        linkButton(href('/board'), '進行管理に戻る', 'quiet'),
      ),
      ledger.items.length
        ? h(
            'table',
            { class: 'table ledger' },
            h('caption', { class: 'visually-hidden' }, '要対協に登録されている人（世帯順）'),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                [
                  '氏名',
                  '生年月日・年齢',
                  '世帯',
                  '区分',
                  '主担当機関・担当者',
                  '支援方針',
                  '最終確認',
                  '次回見直し',
                  '現在の状況',
                ].map((t) => h('th', { scope: 'col' }, t)),
              ),
            ),
            h('tbody', null, ledger.items.map(ledgerRow)),
          )
        : h('p', { class: 'empty-note' }, '要対協に登録されている人はいません。'),
      listPrintFoot(),
    ),
  );
}
