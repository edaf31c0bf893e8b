// Choosing one person for a form (the mother of a 妊娠届, the child of a visit): search as you type
// (the same live search as 利用者検索), Enter takes the only result, ↓ moves into the results, and
// a few suggested people (e.g. the children of the household) can be chosen at once.
import { h, replace, uid } from './dom';
import { createLiveSearch } from './personSearch';
import type { PersonSummary } from './types';
import { birthSummary, errorText, fullKana, fullName, messageBox } from './ui';

export interface PersonPickerOptions {
  /** The API field (e.g. "mother_id"): server errors naming it are shown here. */
  name: string;
  label: string;
  required?: boolean;
  hint?: string;
  initial?: PersonSummary | null;
  /** Offered as one-key choices above the search. */
  suggestions?: readonly { person: PersonSummary; note?: string }[];
  signal: AbortSignal;
  /** Called after a person was chosen by the user (not for the initial value). */
  onChosen?(p: PersonSummary): void;
  /** Extra text shown with the chosen person (e.g. the age on a date). */
  describe?(p: PersonSummary): string;
}

export interface PersonPicker {
  root: HTMLElement;
  value(): PersonSummary | null;
  /** Re-renders the text about the chosen person (after a date it depends on changed). */
  refresh(): void;
  focus(): void;
}

export function personPicker(o: PersonPickerOptions): PersonPicker {
  let chosen: PersonSummary | null = o.initial ?? null;
  const labelId = uid('picker-label');
  const inputId = uid('picker-q');
  const hintId = uid('picker-hint');
  const root = h('div', {
    class: 'field field-group person-picker',
    role: 'group',
    'aria-labelledby': labelId,
    'data-field': o.name,
    tabindex: '-1',
  });
  const body = h('div', { class: 'picker-body' });

  const input = h('input', {
    id: inputId,
    type: 'search',
    class: 'input input-medium',
    autocomplete: 'off',
    spellcheck: 'false',
    enterkeyhint: 'search',
    'aria-describedby': hintId,
    'aria-controls': `${inputId}-results`,
  });
  const status = h('p', { class: 'search-status', role: 'status', 'aria-live': 'polite' });
  const list = h('ul', { id: `${inputId}-results`, class: 'picker-results', 'aria-label': `${o.label}の候補` });

  const choose = (p: PersonSummary) => {
    chosen = p;
    input.value = '';
    replace(list);
    status.textContent = '';
    draw();
    o.onChosen?.(p);
  };

  const buttons = () => Array.from(list.querySelectorAll<HTMLButtonElement>('button'));

  const item = (p: PersonSummary, note?: string) =>
    h(
      'li',
      { class: 'picker-item' },
      h(
        'span',
        { class: 'picker-who' },
        h('span', { class: 'result-name' }, fullName(p) || '（氏名未登録）'),
        h('span', { class: 'result-kana' }, fullKana(p)),
        h('span', { class: 'result-birth' }, birthSummary(p)),
        note ? h('span', { class: 'tag' }, note) : null,
      ),
      h('button', { type: 'button', class: 'button button-secondary', 'aria-label': `${fullName(p)}さんを選ぶ`, onClick: () => choose(p) }, '選ぶ'),
    );

  let pendingEnter = false;
  const search = createLiveSearch({
    signal: o.signal,
    limit: 20,
    onStart: () => (status.textContent = '検索しています…'),
    onResults: (_q, r) => {
      status.textContent = r.items.length ? `${r.items.length}件の候補（↓で移動、Enterで選びます）` : '該当する利用者は見つかりませんでした';
      replace(list, r.items.map((p) => item(p)));
      if (pendingEnter) {
        pendingEnter = false;
        if (r.items.length === 1) choose(r.items[0] as PersonSummary);
        else buttons()[0]?.focus();
      }
    },
    onError: (_q, e) => {
      pendingEnter = false;
      status.textContent = '';
      replace(list, h('li', null, messageBox('error', errorText(e))));
    },
    onClear: () => {
      pendingEnter = false;
      status.textContent = '';
      replace(list);
    },
  });
  input.addEventListener('input', () => search.input(input.value));
  input.addEventListener('keydown', (ev) => {
    if (ev.isComposing || ev.keyCode === 229) return;
    if (ev.key === 'Enter') {
      // Never submit the surrounding form from the search box.
      ev.preventDefault();
      const q = input.value.trim();
      if (!q) return;
      if (search.busy() || search.shown() !== q) {
        pendingEnter = true;
        search.now(q);
      } else {
        const bs = buttons();
        if (bs.length === 1) bs[0]?.click();
        else bs[0]?.focus();
      }
    } else if (ev.key === 'ArrowDown') {
      ev.preventDefault();
      buttons()[0]?.focus();
    }
  });
  list.addEventListener('keydown', (ev) => {
    const bs = buttons();
    const i = bs.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    if (ev.key === 'ArrowDown') {
      ev.preventDefault();
      (bs[i + 1] ?? bs[i])?.focus();
    } else if (ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (i === 0) input.focus();
      else bs[i - 1]?.focus();
    } else if (ev.key === 'Escape') {
      ev.preventDefault();
      input.focus();
    }
  });

  const draw = () => {
    if (chosen) {
      const p = chosen;
      const extra = o.describe?.(p) ?? '';
      replace(
        body,
        h(
          'div',
          { class: 'picker-chosen' },
          h(
            'p',
            { class: 'picker-chosen-who' },
            h('span', { class: 'result-name' }, fullName(p) || '（氏名未登録）'),
            h('span', { class: 'result-kana' }, fullKana(p)),
            h('span', { class: 'result-birth' }, birthSummary(p)),
            extra ? h('span', { class: 'picker-extra' }, extra) : null,
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'button button-quiet no-print',
              'aria-label': `${o.label}を選び直す`,
              onClick: () => {
                chosen = null;
                draw();
                input.focus();
              },
            },
            '選び直す',
          ),
        ),
      );
      return;
    }
    const sugg = (o.suggestions ?? []).filter((s) => s.person.id);
    replace(
      body,
      sugg.length
        ? h(
            'div',
            { class: 'picker-suggest' },
            h('p', { class: 'hint' }, '候補（この記録から）'),
            h('ul', { class: 'picker-results' }, sugg.map((s) => item(s.person, s.note))),
          )
        : null,
      h('label', { for: inputId, class: 'picker-search-label' }, '氏名・カナで探す'),
      input,
      h('p', { class: 'hint', id: hintId }, o.hint ?? '見つからない人は、先に「利用者検索」から新規登録してください。'),
      status,
      list,
    );
  };

  replace(root, h('span', { class: 'field-label', id: labelId }, o.label, o.required ? h('span', { class: 'req' }, '必須') : null), body);
  draw();

  return {
    root,
    value: () => chosen,
    refresh: () => {
      if (chosen) draw();
    },
    focus: () => {
      if (chosen) root.querySelector<HTMLButtonElement>('.picker-chosen button')?.focus();
      else input.focus();
    },
  };
}
