// Form fields with labels, hints and error messages wired for assistive technology, and the
// mapping of an API error's `field` to the input it names.
import { ApiError } from './api';
import { addDescribedBy, append, h, removeDescribedBy, replace, uid, type Child } from './dom';
import { messageBox } from './ui';
import { formatWareki, instantOf, jstDateTime, parseDateInput, parseTimeInput, weekdayOf } from './wareki';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface FieldOptions {
  /** The API field name; also the key used to place server errors. */
  name: string;
  label: string;
  value?: string | null;
  required?: boolean;
  type?: string;
  hint?: string;
  autocomplete?: string;
  inputmode?: string;
  /**
   * The most characters the server takes. Never an HTML maxlength (that cuts typed or pasted text
   * silently, and the cut text would be saved as if meant): past it a message says so, see
   * lengthLimit().
   */
  maxlength?: number;
  size?: 'short' | 'medium' | 'long';
  attrs?: Record<string, string | boolean>;
}

function requiredMark(required?: boolean): Child {
  return required ? h('span', { class: 'req' }, '必須') : null;
}

function wire(control: Control, name: string, hint?: string): { hintEl: HTMLElement | null } {
  control.setAttribute('data-field', name);
  let hintEl: HTMLElement | null = null;
  if (hint) {
    hintEl = h('p', { class: 'hint', id: uid('hint') }, hint);
    addDescribedBy(control, hintEl.id);
  }
  return { hintEl };
}

/** Characters as the server counts them (code points: 𠮷 is one). */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
}

/**
 * Shows, under `control`, when its text is longer than `max` characters: the text stays whole
 * (nothing is cut), the field is marked (.is-over) and the message is announced. The server's
 * 400 for that field still shows on submit: a form can be sent, nothing over the limit is saved.
 */
function lengthLimit(root: HTMLElement, control: HTMLInputElement | HTMLTextAreaElement, max: number): void {
  control.setAttribute('data-maxchars', String(max));
  const note = h('p', { class: 'field-count', id: uid('count'), 'aria-live': 'polite' });
  addDescribedBy(control, note.id);
  control.after(note);
  const update = () => {
    const n = charCount(control.value);
    const over = n > max;
    root.classList.toggle('is-over', over);
    replace(note, over ? `${max}文字以内で入力してください（いま${n}文字、${n - max}文字多い）` : '');
  };
  control.addEventListener('input', update);
  update();
}

export function textField(o: FieldOptions): { root: HTMLElement; input: HTMLInputElement } {
  const id = uid(`f-${o.name.replace(/[^a-z0-9_-]/gi, '-')}`);
  const input = h('input', {
    id,
    name: o.name,
    type: o.type || 'text',
    value: o.value ?? '',
    required: !!o.required,
    'aria-required': o.required ? 'true' : undefined,
    autocomplete: o.autocomplete || 'off',
    inputmode: o.inputmode,
    class: ['input', o.size ? `input-${o.size}` : undefined],
    ...(o.attrs || {}),
  });
  const { hintEl } = wire(input, o.name, o.hint);
  const root = h('div', { class: 'field' }, h('label', { for: id }, o.label, requiredMark(o.required)), input, hintEl);
  if (o.maxlength) lengthLimit(root, input, o.maxlength);
  return { root, input };
}

export function textArea(o: FieldOptions & { rows?: number }): { root: HTMLElement; input: HTMLTextAreaElement } {
  const id = uid(`f-${o.name}`);
  const input = h('textarea', { id, name: o.name, rows: o.rows || 3, class: 'input input-long' });
  input.value = o.value ?? '';
  const { hintEl } = wire(input, o.name, o.hint);
  const root = h('div', { class: 'field' }, h('label', { for: id }, o.label, requiredMark(o.required)), input, hintEl);
  if (o.maxlength) lengthLimit(root, input, o.maxlength);
  return { root, input };
}

export function selectField(
  o: FieldOptions & { options: readonly { value: string; label: string }[]; placeholder?: string },
): { root: HTMLElement; input: HTMLSelectElement } {
  const id = uid(`f-${o.name.replace(/[^a-z0-9_-]/gi, '-')}`);
  const input = h(
    'select',
    { id, name: o.name, required: !!o.required, class: 'input' },
    o.placeholder !== undefined ? h('option', { value: '' }, o.placeholder) : null,
    o.options.map((opt) => h('option', { value: opt.value, selected: opt.value === (o.value ?? '') }, opt.label)),
  );
  const { hintEl } = wire(input, o.name, o.hint);
  const root = h('div', { class: 'field' }, h('label', { for: id }, o.label, requiredMark(o.required)), input, hintEl);
  return { root, input };
}

/**
 * A date input that takes YYYY-MM-DD (also 2024/4/1 and 和暦 like R6.4.1) and shows the date in
 * 和暦 as it is typed. Read the value with readDate().
 */
export function dateField(o: FieldOptions & { inline?: boolean }): { root: HTMLElement; input: HTMLInputElement } {
  const f = textField({
    ...o,
    inputmode: 'numeric',
    size: 'short',
    hint: o.hint ?? '例: 2024-04-01（R6.4.1 の形でも入力できます）',
    attrs: { placeholder: 'YYYY-MM-DD', spellcheck: 'false', ...(o.attrs || {}) },
  });
  const preview = h('span', { class: 'date-preview', id: uid('preview') });
  addDescribedBy(f.input, preview.id);
  const update = () => {
    const raw = f.input.value.trim();
    if (!raw) return replace(preview);
    const iso = parseDateInput(raw);
    replace(preview, iso ? `${formatWareki(iso)}（${iso}）` : '');
  };
  f.input.addEventListener('input', update);
  f.input.addEventListener('blur', () => {
    const iso = parseDateInput(f.input.value);
    if (iso) f.input.value = iso;
  });
  update();
  if (o.inline) {
    // The 和暦 beside the input (the date forms of the 母子保健 screens).
    const row = h('div', { class: 'date-row' });
    f.input.replaceWith(row);
    append(row, f.input, preview);
  } else {
    f.input.after(preview);
  }
  return f;
}

export interface InstantField {
  root: HTMLElement;
  date: HTMLInputElement;
  time: HTMLInputElement;
  /** The instant (…+09:00), or which part cannot be read ('' inputs count as unreadable). */
  read(): { at: string } | { bad: 'date' | 'time' };
}

/**
 * A date and a 24-hour time of day, in Japan time (the 受付日時 of a call, the time of a step): the
 * date as in dateField (和暦 too), the time as 17:05 (1705, 17時5分), shown back as
 * 「令和8年11月20日（金） 17:05」. Server errors naming `name` land on the date input.
 */
export function instantField(o: {
  name: string;
  label: string;
  value?: string | null;
  required?: boolean;
  hint?: string;
}): InstantField {
  const initial = o.value ? jstDateTime(o.value) : { date: '', time: '' };
  const legendId = uid('legend');
  const dateId = uid(`f-${o.name}-date`);
  const timeId = uid(`f-${o.name}-time`);
  const date = h('input', {
    id: dateId,
    name: `${o.name}_date`,
    type: 'text',
    value: initial.date,
    class: 'input input-date',
    inputmode: 'numeric',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'YYYY-MM-DD',
    'aria-required': o.required ? 'true' : undefined,
  });
  const time = h('input', {
    id: timeId,
    name: `${o.name}_time`,
    type: 'text',
    value: initial.time,
    class: 'input input-time',
    inputmode: 'numeric',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'HH:MM',
    'aria-required': o.required ? 'true' : undefined,
  });
  date.setAttribute('data-field', o.name);
  time.setAttribute('data-field', `${o.name}.time`);
  const preview = h('span', { class: 'date-preview datetime-preview', id: uid('preview'), 'aria-live': 'polite' });
  addDescribedBy(date, preview.id);
  addDescribedBy(time, preview.id);
  const hint = h(
    'p',
    { class: 'hint', id: uid('hint') },
    o.hint ?? '日付は 2026-11-20（R8.11.20 でも可）、時刻は 24時間制で 17:05（1705 でも可）',
  );
  addDescribedBy(date, hint.id);
  addDescribedBy(time, hint.id);
  const update = () => {
    const d = parseDateInput(date.value);
    const t = parseTimeInput(time.value);
    replace(preview, d ? `${formatWareki(d)}（${weekdayOf(d)}）${t ? ` ${t}` : ''}` : '');
  };
  date.addEventListener('input', update);
  time.addEventListener('input', update);
  date.addEventListener('blur', () => {
    const d = parseDateInput(date.value);
    if (d) date.value = d;
  });
  time.addEventListener('blur', () => {
    const t = parseTimeInput(time.value);
    if (t) time.value = t;
  });
  update();
  const root = h(
    'fieldset',
    { class: 'field field-group field-datetime', 'aria-labelledby': legendId },
    h('legend', { id: legendId, class: 'field-label' }, o.label, requiredMark(o.required)),
    h(
      'div',
      { class: 'datetime-row' },
      h('span', { class: 'datetime-part' }, h('label', { for: dateId }, '日付'), date),
      h('span', { class: 'datetime-part' }, h('label', { for: timeId }, '時刻'), time),
      preview,
    ),
    hint,
  );
  return {
    root,
    date,
    time,
    read: () => {
      const d = parseDateInput(date.value);
      if (!d) return { bad: 'date' };
      const t = parseTimeInput(time.value);
      if (!t) return { bad: 'time' };
      return { at: instantOf(d, t) };
    },
  };
}

/** A checkbox with its label on the right (and an optional hint below). */
export function checkField(o: { name: string; label: string; checked?: boolean; hint?: string; disabled?: boolean }): {
  root: HTMLElement;
  input: HTMLInputElement;
} {
  const id = uid(`f-${o.name.replace(/[^a-z0-9_-]/gi, '-')}`);
  const input = h('input', { type: 'checkbox', id, name: o.name, checked: !!o.checked, disabled: !!o.disabled });
  const { hintEl } = wire(input, o.name, o.hint);
  const root = h('div', { class: 'field field-check' }, input, h('label', { for: id }, o.label), hintEl);
  return { root, input };
}

/** The hint beside the button of a form that uses enterNeverSubmits. */
export const DELIBERATE_SAVE_HINT = 'Ctrl+Enter でも保存できます。Enter だけでは保存しません。';

/**
 * For forms whose saving must be deliberate (an interview, a call taken, a step of a report):
 * Enter in a one-line field or on a radio button or checkbox never submits — a half-done form is
 * not saved by the Enter that ends a field or an IME conversion. Ctrl+Enter (⌘+Enter) submits from
 * anywhere in the form; the submit button still works by click, Enter or Space; text areas keep
 * Enter for new lines. A key a widget inside has already handled (preventDefault) is left alone.
 * Say so next to the button (DELIBERATE_SAVE_HINT).
 */
export function enterNeverSubmits(form: HTMLFormElement): void {
  form.addEventListener('keydown', (ev) => {
    if (ev.defaultPrevented || ev.isComposing || ev.keyCode === 229 || ev.key !== 'Enter') return;
    if (ev.ctrlKey || ev.metaKey) {
      ev.preventDefault();
      form.requestSubmit();
      return;
    }
    const t = ev.target as HTMLElement;
    if (t.tagName === 'INPUT' && !['submit', 'button', 'file'].includes((t as HTMLInputElement).type))
      ev.preventDefault();
  });
}

/** The value of a date input as YYYY-MM-DD, '' when empty, or null when it cannot be read. */
export function readDate(input: HTMLInputElement): string | null {
  const raw = input.value.trim();
  if (!raw) return '';
  return parseDateInput(raw);
}

/** "members.0.relation" and "members[0][relation]" → "members[0].relation". */
export function normalizeField(field: string): string {
  return field.replace(/\.(\d+)(?=\.|$)/g, '[$1]').replace(/\[(\d+)\]\[([A-Za-z_]+)\]/g, '[$1].$2');
}

function findControl(form: HTMLElement, field: string): HTMLElement | null {
  const want = normalizeField(field);
  for (const el of Array.from(form.querySelectorAll<HTMLElement>('[data-field]'))) {
    if (el.getAttribute('data-field') === want) return el;
  }
  return null;
}

/** Removes every field error and the form-level message. */
export function clearErrors(form: HTMLElement): void {
  for (const el of Array.from(form.querySelectorAll<HTMLElement>('[aria-invalid="true"]'))) {
    el.removeAttribute('aria-invalid');
    const errId = el.getAttribute('data-error-id');
    if (errId) {
      removeDescribedBy(el, errId);
      el.removeAttribute('data-error-id');
    }
  }
  for (const el of Array.from(form.querySelectorAll('.field-error'))) el.remove();
  for (const el of Array.from(form.querySelectorAll('.field.has-error'))) el.classList.remove('has-error');
  const alert = form.querySelector('.form-alert');
  if (alert) replace(alert);
}

/** Removes the error shown at one control (a group: its own message), e.g. once it is answered. */
export function clearFieldError(el: HTMLElement): void {
  const errId = el.getAttribute('data-error-id');
  if (errId) {
    document.getElementById(errId)?.remove();
    removeDescribedBy(el, errId);
  }
  el.removeAttribute('data-error-id');
  el.removeAttribute('aria-invalid');
  el.closest('.field, .field-group')?.classList.remove('has-error');
}

/**
 * Shows `message` next to the control named `field` (aria-invalid, aria-describedby) and focuses it.
 * Returns false when no control has that name.
 */
export function showFieldError(form: HTMLElement, field: string, message: string, focus = true): boolean {
  const el = findControl(form, field);
  if (!el) return false;
  const err = h('p', { class: 'field-error', id: uid('err'), role: 'alert' }, message);
  el.setAttribute('aria-invalid', 'true');
  el.setAttribute('data-error-id', err.id);
  addDescribedBy(el, err.id);
  const fieldRoot = el.closest('.field, .field-group');
  if (fieldRoot) {
    fieldRoot.classList.add('has-error');
    // After the input (and its 和暦 preview), before the hint.
    const anchor = el.parentElement?.classList.contains('date-row')
      ? el.parentElement
      : el.nextElementSibling?.classList.contains('date-preview')
        ? el.nextElementSibling
        : el;
    if (fieldRoot.classList.contains('field-group') || fieldRoot.classList.contains('field-check'))
      fieldRoot.appendChild(err);
    else anchor.after(err);
  } else {
    el.after(err);
  }
  if (focus) el.focus();
  return true;
}

/** A form-level message area; put one at the top of every form. */
export function formAlert(): HTMLElement {
  return h('div', { class: 'form-alert' });
}

/** Shows a message in the form's alert area (announced) and focuses it when no field is named. */
export function showFormError(form: HTMLElement, ...content: Child[]): void {
  const area = form.querySelector<HTMLElement>('.form-alert');
  const box = messageBox('error', ...content);
  if (area) replace(area, box);
  else form.prepend(box);
  box.setAttribute('tabindex', '-1');
  box.focus();
}

/** Places an API error: next to its field when it names one we show, else at the top of the form. */
export function showApiError(form: HTMLElement, e: unknown): void {
  if (e instanceof ApiError) {
    if (e.field && showFieldError(form, e.field, e.message)) return;
    showFormError(form, e.message);
    return;
  }
  showFormError(form, '保存中にエラーが発生しました。もう一度お試しください。');
}
