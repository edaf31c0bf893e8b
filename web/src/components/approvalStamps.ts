// 決裁欄 (担当・係長・課長) on a record's print: a checkbox 「決裁欄を印刷」 beside the print
// button, and the row of stamp boxes it puts at the head of the printed record (shown on the
// screen too while checked, so that what prints is seen). Off by default: a print handed to a
// family or a meeting needs none.
import { h, uid } from '../dom';

export const APPROVAL_TITLES: readonly string[] = ['担当', '係長', '課長'];

export interface ApprovalStamps {
  /** The checkbox, for the page's actions (never printed). */
  toggle: HTMLElement;
  /** The stamp boxes, for the head of the printed record. */
  box: HTMLElement;
}

export function approvalStamps(): ApprovalStamps {
  const id = uid('approval');
  const box = h(
    'table',
    { class: 'approval-stamps', 'aria-label': '決裁欄' },
    h(
      'tr',
      null,
      h('th', { scope: 'row', class: 'approval-head', rowspan: '2' }, '決裁'),
      APPROVAL_TITLES.map((t) => h('th', { scope: 'col' }, t)),
    ),
    h(
      'tr',
      null,
      APPROVAL_TITLES.map(() => h('td', { class: 'approval-stamp' })),
    ),
  );
  const input = h('input', {
    type: 'checkbox',
    id,
    name: 'print_approval',
    onChange: () => box.classList.toggle('is-on', input.checked),
  });
  const toggle = h(
    'span',
    { class: 'field-check approval-toggle no-print' },
    input,
    h('label', { for: id }, '決裁欄を印刷'),
  );
  return { toggle, box };
}
