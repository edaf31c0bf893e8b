// The header and footer every printed list carries (issue 13, item 8): what the list is, when it
// was printed (和暦 date and time), by whom, and which filter made it; the privacy note below.
// Printed lists leave out their link columns (class "col-open") and keep each name on one line
// (styles.css, @media print). Screens show neither element.
import { h } from '../dom';
import { formatInstant } from '../wareki';

export const PRIVACY_NOTE = '個人情報を含みます。取扱いに注意し、不要になったら確実に廃棄してください。';

/** The lines above a printed list; `filter` says in words which rows it holds. */
export function listPrintHead(title: string, filter: string, userName: string, now: Date = new Date()): HTMLElement {
  return h(
    'div',
    { class: 'print-only print-head list-print-head' },
    h('p', { class: 'list-print-title' }, `つなぐ　こども家庭センター　${title}`),
    h('p', null, `印刷日時: ${formatInstant(now.toISOString())}　印刷者: ${userName}`),
    h('p', null, `条件: ${filter || 'なし（すべて）'}`),
  );
}

export function listPrintFoot(): HTMLElement {
  return h('p', { class: 'print-only print-foot' }, PRIVACY_NOTE);
}

/** A cell of the link column: shown on screen, left off printed lists. */
export function openCell(link: HTMLElement | null): HTMLTableCellElement {
  return h('td', { class: 'col-open' }, link);
}

/** The header of the link column (`name`: what a screen reader hears for it). */
export function openHeader(name = '操作'): HTMLTableCellElement {
  return h('th', { scope: 'col', class: 'col-open' }, h('span', { class: 'visually-hidden' }, name));
}
