// The follow-up of a screening or of a missed check-up (POST …/followup {on, note}): the record
// once made, or a button that opens the form. One component for both, so both keep the same rules
// (a date not in the future, saved only deliberately).
import { api } from '../api';
import { h, replace } from '../dom';
import { setFlash } from '../flash';
import {
  clearErrors,
  dateField,
  DELIBERATE_SAVE_HINT,
  enterNeverSubmits,
  formAlert,
  readDate,
  showApiError,
  showFieldError,
  textArea,
} from '../forms';
import { navigate } from '../router';
import type { FollowUp } from '../types';
import { button } from '../ui';
import { formatInstant, formatWareki, todayJst } from '../wareki';

/** The follow-up as recorded: a card titled `title` (its heading's id `headingId`). */
export function followupDoneCard(title: string, headingId: string, f: FollowUp): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, title),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, '実施日'),
      h('dd', null, formatWareki(f.on)),
      h('dt', null, '内容'),
      h('dd', { class: f.note ? 'pre' : 'empty' }, f.note || '記録なし'),
      h('dt', null, '記録'),
      h('dd', null, f.at ? formatInstant(f.at) : ''),
    ),
  );
}

export interface FollowupRecorderOptions {
  /** The object's path under /api/v1 (`/screenings/{id}`): the form posts to `<path>/followup`. */
  path: string;
  /** The form's accessible name. */
  formLabel: string;
  noteHint: string;
  /** The flash message once saved, and the route shown then. */
  savedMessage: string;
  then: string;
  signal: AbortSignal;
  /** Class of the area that holds the button, then the form. */
  areaClass?: string;
}

/** The button 「フォローを記録」 that opens the follow-up form in its place (やめる closes it). */
export function followupRecorder(o: FollowupRecorderOptions): HTMLElement {
  const area = h('div', { class: o.areaClass });
  const openButton = button('フォローを記録', () => open(), 'primary');
  const close = () => {
    replace(area, openButton);
    openButton.focus();
  };
  const open = () => {
    const on = dateField({ name: 'on', label: 'フォローした日', value: todayJst(), required: true, inline: true });
    const note = textArea({ name: 'note', label: 'フォローの内容', rows: 3, maxlength: 20000, hint: o.noteHint });
    const submit = h('button', { type: 'submit', class: 'button button-primary' }, 'フォローを記録する');
    const form = h(
      'form',
      { class: 'form', novalidate: true, 'aria-label': o.formLabel },
      formAlert(),
      on.root,
      note.root,
      h(
        'div',
        { class: 'form-actions' },
        submit,
        button('やめる', () => close(), 'quiet'),
        h('p', { class: 'hint' }, DELIBERATE_SAVE_HINT),
      ),
    );
    // A follow-up clears an alert (the self-harm one too): recorded only deliberately.
    enterNeverSubmits(form);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      const d = readDate(on.input);
      if (!d) return void showFieldError(form, 'on', 'フォローした日を 2026-11-20 の形で入力してください');
      if (d > todayJst()) return void showFieldError(form, 'on', '未来の日付になっています');
      submit.disabled = true;
      try {
        const body = { on: d, note: note.input.value.trim() ? note.input.value : '' };
        await api.post<unknown>(`${o.path}/followup`, body, { signal: o.signal });
        setFlash({ message: o.savedMessage });
        navigate(o.then);
      } catch (e) {
        if (!o.signal.aborted) showApiError(form, e);
      } finally {
        submit.disabled = false;
      }
    });
    replace(area, form);
    on.input.focus();
  };
  replace(area, openButton);
  return area;
}
