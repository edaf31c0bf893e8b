// Choosing one person for a form (the mother of a 妊娠届, the child of a visit): search as you type
// (the same live search as 利用者検索), Enter takes the only result, ↓ moves into the results, and
// a few suggested people (e.g. the children of the household) can be chosen at once. With
// `create`, a person not found can be registered on the spot (氏名・カナ・生年月日・性別; the 通告
// intake, where the child named on the phone is often new to the center; there with the child's
// address and 所属 — school or nursery — as the caller says them).
import { api, isAbort } from './api';
import { h, removeDescribedBy, replace, uid } from './dom';
import {
  clearErrors,
  dateField,
  formAlert,
  readDate,
  selectField,
  showApiError,
  showFieldError,
  textField,
} from './forms';
import { codes } from './meta';
import { createLiveSearch } from './personSearch';
import type { PersonCreated, PersonSummary, Sex } from './types';
import { errorText, fullName, messageBox } from './ui';
import { personRow } from './components/personRow';
import { todayJst } from './wareki';

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
  /** Offer 新規登録: a short form that registers the person (POST /persons) and chooses them. */
  create?: boolean;
  /** The 新規登録 form's sex to start with (a mother: female). */
  createSex?: Sex;
  /** The 新規登録 form asks for the address and the 所属 (a child named in a call). */
  createChildFields?: boolean;
}

/** Splits what was typed in the search into the fields of the 新規登録 form. */
function prefillOf(q: string): Record<'family_name' | 'given_name' | 'family_name_kana' | 'given_name_kana', string> {
  const parts = q
    .trim()
    .split(/[\s\u3000]+/)
    .filter(Boolean);
  const out = { family_name: '', given_name: '', family_name_kana: '', given_name_kana: '' };
  if (!parts.length) return out;
  const kana = parts.every((x) => /^[\p{Script=Hiragana}\p{Script=Katakana}ー・]+$/u.test(x));
  if (kana) {
    out.family_name_kana = parts[0] ?? '';
    out.given_name_kana = parts.slice(1).join('');
  } else {
    out.family_name = parts[0] ?? '';
    out.given_name = parts.slice(1).join('');
  }
  return out;
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
  let creating = false;
  let created: { id: string; duplicates: PersonSummary[] } | null = null;
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

  // A new choice answers the error shown at this field (e.g. the same child named twice).
  const clearOwnError = () => {
    for (const el of Array.from(root.querySelectorAll(':scope > .field-error'))) el.remove();
    const errId = root.getAttribute('data-error-id');
    if (errId) removeDescribedBy(root, errId);
    root.removeAttribute('data-error-id');
    root.removeAttribute('aria-invalid');
    root.classList.remove('has-error');
  };

  const choose = (p: PersonSummary) => {
    clearOwnError();
    chosen = p;
    creating = false;
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
      h('span', { class: 'picker-who' }, personRow(p), note ? h('span', { class: 'tag' }, note) : null),
      h(
        'button',
        {
          type: 'button',
          class: 'button button-secondary',
          'aria-label': `${fullName(p)}さんを選ぶ`,
          onClick: () => choose(p),
        },
        '選ぶ',
      ),
    );

  let pendingEnter = false;
  const search = createLiveSearch({
    signal: o.signal,
    limit: 20,
    onStart: () => (status.textContent = '検索しています…'),
    onResults: (_q, r) => {
      status.textContent = r.items.length
        ? `${r.items.length}件の候補（↓で移動、Enterで選びます）`
        : o.create
          ? '該当する利用者は見つかりませんでした。「新規登録」で登録できます'
          : '該当する利用者は見つかりませんでした';
      replace(
        list,
        r.items.map((p) => item(p)),
      );
      if (pendingEnter) {
        pendingEnter = false;
        if (r.items.length === 1) choose(r.items[0] as PersonSummary);
        else if (r.items.length === 0) newButton?.focus();
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
        else if (bs.length === 0) newButton?.focus();
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

  const newButton = o.create
    ? h(
        'button',
        {
          type: 'button',
          class: 'button button-secondary picker-new',
          onClick: () => {
            creating = true;
            draw();
          },
        },
        '新規登録',
      )
    : null;

  // 新規登録 in place: no nested <form> (this sits inside the page's form); Enter registers.
  const createForm = (): HTMLElement => {
    const pre = prefillOf(input.value);
    const headId = uid('create-h');
    const fam = textField({
      name: 'family_name',
      label: '氏（漢字など）',
      value: pre.family_name,
      required: true,
      maxlength: 100,
      size: 'medium',
    });
    const given = textField({ name: 'given_name', label: '名', value: pre.given_name, maxlength: 100, size: 'medium' });
    const famKana = textField({
      name: 'family_name_kana',
      label: '氏（カナ）',
      value: pre.family_name_kana,
      required: true,
      maxlength: 100,
      size: 'medium',
      hint: 'ひらがなでも入力できます',
    });
    const givenKana = textField({
      name: 'given_name_kana',
      label: '名（カナ）',
      value: pre.given_name_kana,
      maxlength: 100,
      size: 'medium',
    });
    const birth = dateField({
      name: 'birth_date',
      label: '生年月日',
      inline: true,
      hint: '不明なら空欄（R6.4.1 の形でも入力できます）',
    });
    const sex = selectField({
      name: 'sex',
      label: '性別',
      value: o.createSex ?? 'unknown',
      options: codes('sexes').map((x) => ({ value: x.code, label: x.label })),
    });
    const address = o.createChildFields
      ? textField({ name: 'address', label: '住所', maxlength: 200, size: 'long', hint: 'わかる範囲で' })
      : null;
    const affiliation = o.createChildFields
      ? textField({
          name: 'affiliation',
          label: '所属（学校・保育所など）',
          maxlength: 100,
          size: 'medium',
          hint: '例: 南小学校 3年、みなみ保育園',
        })
      : null;
    const save = h('button', { type: 'button', class: 'button button-primary' }, '登録して選ぶ');
    const box = h(
      'div',
      { class: 'picker-create', role: 'group', 'aria-labelledby': headId },
      h('p', { class: 'picker-create-title', id: headId }, `${o.label}を新規登録`),
      formAlert(),
      h('div', { class: 'row' }, fam.root, given.root),
      h('div', { class: 'row' }, famKana.root, givenKana.root),
      h('div', { class: 'row' }, birth.root, sex.root),
      address && affiliation ? h('div', { class: 'row' }, address.root, affiliation.root) : null,
      h(
        'div',
        { class: 'form-actions' },
        save,
        h(
          'button',
          {
            type: 'button',
            class: 'button button-quiet',
            onClick: () => {
              creating = false;
              draw();
              input.focus();
            },
          },
          '検索に戻る',
        ),
      ),
    );
    const submit = async () => {
      clearErrors(box);
      let bad = false;
      if (!fam.input.value.trim()) bad = showFieldError(box, 'family_name', '氏を入力してください', !bad) || bad;
      if (!famKana.input.value.trim())
        bad = showFieldError(box, 'family_name_kana', '氏（カナ）を入力してください', !bad) || bad;
      const b = readDate(birth.input);
      if (b === null)
        bad =
          showFieldError(box, 'birth_date', '生年月日は 2020-04-01 の形で、実在する日付を入力してください', !bad) ||
          bad;
      else if (b && b > todayJst())
        bad = showFieldError(box, 'birth_date', '生年月日が未来の日付になっています', !bad) || bad;
      if (bad) return;
      const body: Record<string, string> = {
        family_name: fam.input.value.trim(),
        family_name_kana: famKana.input.value.trim(),
        sex: sex.input.value as Sex,
      };
      if (given.input.value.trim()) body.given_name = given.input.value.trim();
      if (givenKana.input.value.trim()) body.given_name_kana = givenKana.input.value.trim();
      if (b) body.birth_date = b;
      if (address?.input.value.trim()) body.address = address.input.value.trim();
      if (affiliation?.input.value.trim()) body.affiliation = affiliation.input.value.trim();
      save.disabled = true;
      try {
        const p = await api.post<PersonCreated>('/persons', body, { signal: o.signal });
        created = { id: p.id, duplicates: (p.possible_duplicates ?? []).filter((d) => d.id !== p.id) };
        choose(p);
      } catch (e) {
        if (!isAbort(e) && !o.signal.aborted) showApiError(box, e);
      } finally {
        save.disabled = false;
      }
    };
    save.addEventListener('click', () => void submit());
    box.addEventListener('keydown', (ev) => {
      if (ev.isComposing || ev.keyCode === 229) return;
      const t = ev.target as HTMLElement;
      if (ev.key === 'Enter' && (t.tagName === 'INPUT' || t.tagName === 'SELECT')) {
        // Never submit the surrounding form from here: Enter registers the person.
        ev.preventDefault();
        void submit();
      } else if (ev.key === 'Escape') {
        ev.preventDefault();
        creating = false;
        draw();
        input.focus();
      }
    });
    // Focus the first required field that is still empty.
    queueMicrotask(() => (fam.input.value ? (famKana.input.value ? given.input : famKana.input) : fam.input).focus());
    return box;
  };

  const draw = () => {
    if (chosen) {
      const p = chosen;
      const extra = o.describe?.(p) ?? '';
      const isNew = created?.id === p.id;
      const dups = isNew ? (created?.duplicates ?? []) : [];
      replace(
        body,
        h(
          'div',
          { class: 'picker-chosen' },
          h(
            'p',
            { class: 'picker-chosen-who' },
            personRow(p),
            isNew ? h('span', { class: 'tag tag-new' }, '新規登録') : null,
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
          dups.length
            ? messageBox(
                'warning',
                h('p', { class: 'msg-title' }, '同じカナ氏名・生年月日の記録があります（重複の可能性）'),
                h(
                  'ul',
                  { class: 'picker-results' },
                  dups.map((d) => item(d, '既存の記録')),
                ),
              )
            : null,
        ),
      );
      return;
    }
    if (creating) {
      replace(body, createForm());
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
            h(
              'ul',
              { class: 'picker-results' },
              sugg.map((s) => item(s.person, s.note)),
            ),
          )
        : null,
      h('label', { for: inputId, class: 'picker-search-label' }, '氏名・カナで探す'),
      input,
      h(
        'p',
        { class: 'hint', id: hintId },
        o.hint ??
          (o.create
            ? '見つからないときは「新規登録」で、この場で登録できます。'
            : '見つからない人は、先に「利用者検索」から新規登録してください。'),
      ),
      status,
      list,
      newButton,
    );
  };

  replace(
    root,
    h('span', { class: 'field-label', id: labelId }, o.label, o.required ? h('span', { class: 'req' }, '必須') : null),
    body,
  );
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
