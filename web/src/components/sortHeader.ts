// A sortable column header of a working list: a button in the <th> (Enter, Space or a click),
// aria-sort on the column sorted, an arrow seen but not read. The order lives in the address
// (sort=…&order=…), so reload and back restore it: the caller navigates.
import { h } from '../dom';

export type SortOrder = 'asc' | 'desc';

export interface SortState {
  sort: string;
  order: SortOrder;
}

/** The order a column starts in when first chosen (dates newest first; the rest A→Z). */
export type FirstOrder = Record<string, SortOrder>;

export function sortHeader(
  label: string,
  key: string,
  state: SortState,
  first: SortOrder,
  onSort: (next: SortState) => void,
): HTMLTableCellElement {
  const current = state.sort === key;
  const next: SortOrder = current ? (state.order === 'asc' ? 'desc' : 'asc') : first;
  const arrow = current ? (state.order === 'asc' ? '▲' : '▼') : '↕';
  const b = h(
    'button',
    {
      type: 'button',
      class: ['sort-button', current ? 'is-sorted' : undefined],
      'data-sort': key,
      'aria-label': `${label}で${next === 'asc' ? '昇順' : '降順'}に並べ替える`,
    },
    label,
    h('span', { class: 'sort-arrow', 'aria-hidden': 'true' }, arrow),
  );
  b.addEventListener('click', () => onSort({ sort: key, order: next }));
  return h(
    'th',
    { scope: 'col', 'aria-sort': current ? (state.order === 'asc' ? 'ascending' : 'descending') : undefined },
    b,
  );
}
